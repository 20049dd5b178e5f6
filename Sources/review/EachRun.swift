import ReviewBook
import ReviewInterpreter
import ReviewLanguage
import ReviewLoader
import ReviewRender

/// `--each FIELD`: the script once for each value of FIELD, each run with a fresh session
/// that sees `$FIELD` and only the accounts with that value, whatever data the script loads
/// (scoped to the CSM's book too when FIELD is csm, so that the run reads as that CSM's
/// review), and written to the `--output` template's file with `{FIELD}` replaced by the
/// value (lowercase, with characters other than letters and digits as `-`).
struct EachRun {
  let setup: Setup
  let field: String

  func run() -> Int32 {
    guard let text = setup.scriptText, let scriptPath = setup.arguments.scriptPath else {
      return ExitStatus.usage
    }
    let folder = ScriptRunner.folder(of: scriptPath)

    var book = setup.book
    if book.count == 0 {
      // The data comes from the script's own load lines: read them first to learn the values.
      guard let loaded = loadFromScript(text, folder: folder) else { return ExitStatus.dataFailed }
      book = loaded
    }
    guard let reference = book.reference(to: field) else {
      let names = book.fields.map(\.name)
      let hint =
        Suggestions.closest(to: field, among: names).map { "did you mean \($0)? " } ?? ""
      StandardError.write(
        "review: --each \(field): the book has no field named \(field)\n  hint: \(hint)the fields are \(names.joined(separator: ", "))\n"
      )
      return ExitStatus.usage
    }
    if let message = conflict() {
      StandardError.write("review: \(message)\n")
      return ExitStatus.usage
    }
    var seen: Set<String> = []
    var values: [String] = []
    var without = 0
    for row in 0..<book.count {
      let value = ValueFormatter.raw(book.value(of: reference, at: row, today: setup.today))
      if value.isEmpty { without += 1 }
      if !value.isEmpty, seen.insert(value.lowercased()).inserted { values.append(value) }
    }
    values.sort { $0.lowercased() < $1.lowercased() }
    if let template = setup.arguments.outputTemplate {
      // Two values whose file names agree, such as "Maria Fell" and "maria-fell", would
      // write one file twice.
      var valueByPath: [String: String] = [:]
      for value in values {
        let path = EachRun.fill(template, field: field, value: value)
        if let earlier = valueByPath.updateValue(value, forKey: path) {
          StandardError.write(
            "review: --each \(field): \"\(earlier)\" and \"\(value)\" would both be written to \(path)\n  hint: make the two values differ in their letters or digits, or split the runs with --set\n"
          )
          return ExitStatus.usage
        }
      }
    }
    if without > 0 {
      StandardError.write(
        "review: \(without) account\(without == 1 ? " has" : "s have") no \(field), so no run covers \(without == 1 ? "it" : "them")\n"
      )
    }

    var worst = ExitStatus.success
    var journalFailed = setup.noJournalReason != nil
    if setup.book.count > 0 {
      // The data named on the command line is the data every run reviews, since it wins
      // over the script's load lines, so it is recorded once.
      journalFailed = !setup.recordSnapshot(setup.makeSession()) || journalFailed
    }
    let files = EachRunFiles()
    for (index, value) in values.enumerated() {
      let session = setup.makeSession(reviewSuffix: " \(value)")
      session.setFixedVariable(field, value)
      session.restrict(field: field, value: value)
      // Every run would skip the same load lines, so only the first warns.
      session.warnsOfSkippedLoad = index == 0
      let driver = setup.makeDriver(session)
      driver.noticesToStandardError = true
      driver.eachRun = (files, field, value)
      if let template = setup.arguments.outputTemplate {
        let path = EachRun.fill(template, field: field, value: value)
        if let folder = ScriptRunner.folder(of: path) { Platform.makeFolders(folder) }
        do {
          try driver.switchOutput(
            to: Located(path, SourceRange(column: 1, length: 1, startOffset: 0, endOffset: 0)))
        } catch {
          StandardError.write("review: \(error.message)\n")
          return ExitStatus.commandFailed
        }
      }
      let runner = ScriptRunner(driver: driver)
      runner.keepsGoing = setup.arguments.keepsGoing
      let outcome = runner.run(text, name: scriptPath, folder: folder)
      let result = status(of: outcome)
      let written = setup.arguments.outputTemplate.map {
        EachRun.fill($0, field: field, value: value)
      }
      if result != ExitStatus.success {
        driver.markIncomplete("This document is incomplete: the run for \(field) \(value) failed.")
      }
      driver.finish()
      journalFailed = journalFailed || session.journalFailed
      if result != ExitStatus.success
        && (worst == ExitStatus.success || result == ExitStatus.dataFailed)
      {
        worst = result
      }
      let stops = result != ExitStatus.success && !setup.arguments.keepsGoing
      if result == ExitStatus.success {
        if let written, !setup.arguments.quiet { StandardError.write("wrote \(written)\n") }
      } else {
        // The errors name the script's lines but not the run, and a failed run wrote part
        // of its document, which must not pass for a whole one, even under -q.
        var consequences: [String] = []
        if let written { consequences.append("\(written) is incomplete") }
        let left = values.count - index - 1
        if stops && left > 0 {
          let runs = left == 1 ? "1 run was" : "\(left) runs were"
          consequences.append("the other \(runs) not made")
        }
        var line = "review: the run for \(field) \(value) failed"
        if !consequences.isEmpty { line += ", so " + consequences.joined(separator: " and ") }
        if stops && left > 0 { line += "; --keep-going makes every run" }
        StandardError.write(line + "\n")
      }
      if stops {
        return ExitStatus.of(result, journalFailed: journalFailed)
      }
    }
    return ExitStatus.of(worst, journalFailed: journalFailed)
  }

  /// Why the options cannot run, or nil: an `--output` template without `{FIELD}` or
  /// `{value}` would write every run to one file, another placeholder would stay as written,
  /// and `--set FIELD=…` would be overridden by each run's value.
  private func conflict() -> String? {
    let key = Field.matchingKey(field)
    if setup.arguments.variables.contains(where: { Field.matchingKey($0.name) == key }) {
      return
        "--set \(field)=… and --each \(field) both set \(field); drop the --set to run once for each value, or the --each to run once"
    }
    guard let template = setup.arguments.outputTemplate else { return nil }

    let placeholders = EachRun.placeholders(in: template)
    if let other = placeholders.first(where: { $0 != "value" && Field.matchingKey($0) != key }) {
      return "--output \(template): --each \(field) fills {\(field)} or {value}, not {\(other)}"
    }
    if placeholders.isEmpty {
      return
        "--output \(template) has no {\(field)}, so every run would overwrite the same file; write it as, for example, --output 'minutes/{\(field)}.md'"
    }
    return nil
  }

  /// The names between braces in a template, as in `minutes/{csm}.md`.
  static func placeholders(in template: String) -> [String] {
    var names: [String] = []
    var current: String?
    for character in template {
      if character == "{" {
        current = ""
      } else if character == "}", let name = current {
        names.append(name)
        current = nil
      } else if current != nil {
        current?.append(character)
      }
    }
    return names
  }

  /// The template with `{FIELD}` (the field's name in any case) or `{value}` replaced by the
  /// value, made safe as a file name: lowercase, with other characters than letters and
  /// digits as `-`.
  static func fill(_ template: String, field: String, value: String) -> String {
    var slug = ""
    for character in value.lowercased() {
      if character.isLetter || character.isNumber {
        slug.append(character)
      } else if slug.last != "-" {
        slug.append("-")
      }
    }
    while slug.hasSuffix("-") { slug.removeLast() }
    while slug.hasPrefix("-") { slug.removeFirst() }
    if slug.isEmpty { slug = "unnamed" }
    var filled = template
    for name in placeholders(in: template)
    where name == "value" || Field.matchingKey(name) == Field.matchingKey(field) {
      filled = filled.replacingAll("{\(name)}", with: slug)
    }
    return filled
  }

  private func loadFromScript(_ text: String, folder: String?) -> Book? {
    var paths: [String] = []
    for command in ScriptLines.lines(of: text) {
      guard let statement = try? Parser.parse(command.text),
        case .load(let named) = statement.command
      else { continue }
      paths += named.map {
        $0.value.hasPrefix("/") || folder == nil ? $0.value : folder! + "/" + $0.value
      }
    }
    guard !paths.isEmpty else {
      StandardError.write(
        "review: --each needs a book: name the data on the command line or load it in the script\n")
      return nil
    }
    do {
      return try Loader.load(paths: paths, options: setup.arguments.loadOptions).book
    } catch {
      StandardError.write("\(error)\n")
      return nil
    }
  }
}

/// The files that the runs of `--each` replace with `>` or `output`, so that a later run
/// does not replace a file that an earlier run wrote and lose its result.
final class EachRunFiles {
  /// The value of the run that first replaced each file, by the file's resolved path.
  private var writers: [String: String] = [:]

  /// Records that the run for value `run` replaces the file at `path`. Returns the value of
  /// the earlier run that wrote the file, or nil when no other run did.
  func claim(_ path: String, for run: String) -> String? {
    let key = Platform.resolvedPath(path) ?? path
    if let earlier = writers[key], earlier != run { return earlier }
    writers[key] = run
    return nil
  }
}
