import ReviewBook
import ReviewLanguage
import ReviewLoader
import ReviewRender

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

extension Session {
  /// Replaces `$NAME` and `${NAME}` with the variables' values, outside single quotes.
  /// A `$` before a digit is money (`$49,461`) and stays.
  func substituteVariables(in line: String, lineNumber: Int) throws(CommandError) -> String {
    try expandVariables(in: line, lineNumber: lineNumber).text
  }

  /// Returns the line as it runs, with `$NAME` replaced by the variable's value, for
  /// `--echo`, or the line as typed when it names a variable that is not set.
  public func echoText(of line: String) -> String {
    (try? substituteVariables(in: line, lineNumber: 1)) ?? line
  }

  /// Maps UTF-8 offsets in a line to the same places in the text that `$NAME` substitution
  /// makes of it with the variables as they are now. An offset inside a `$NAME` maps to the
  /// start of its value. The offsets come back unchanged when the line names no variable
  /// or names one that is not set.
  public func offsetsAfterSubstitution(_ offsets: [Int], in line: String) -> [Int] {
    // As `run` does, the comment goes first, so that a `$` in it names no variable.
    let uncommented = Parser.removingComment(from: line)
    guard uncommented.contains("$"),
      let spans = try? expandVariables(in: uncommented, lineNumber: 1).spans, !spans.isEmpty
    else { return offsets }
    return offsets.map { offset in
      var mapped = offset
      for span in spans {
        if offset >= span.original.upperBound {
          mapped = offset - span.original.upperBound + span.expanded.upperBound
        } else if offset > span.original.lowerBound {
          mapped = span.expanded.lowerBound
        }
      }
      return mapped
    }
  }

  /// Maps a UTF-8 offset in the text that `$NAME` substitution makes of a line back to the
  /// line. An offset inside a variable's value maps to the `$` of its name.
  func offsetBeforeSubstitution(_ offset: Int, in line: String) -> Int {
    guard let spans = try? expandVariables(in: line, lineNumber: 1).spans else { return offset }
    var mapped = offset
    for span in spans {
      if offset >= span.expanded.upperBound {
        mapped = offset - span.expanded.upperBound + span.original.upperBound
      } else if offset >= span.expanded.lowerBound {
        mapped = span.original.lowerBound
      }
    }
    return mapped
  }

  /// Replaces the variables in a line, and returns the text with the UTF-8 spans of each
  /// `$NAME` in the line and of its value in the text.
  private func expandVariables(
    in line: String, lineNumber: Int
  ) throws(CommandError) -> (text: String, spans: [(original: Range<Int>, expanded: Range<Int>)]) {
    guard line.contains("$") else { return (line, []) }
    var result = ""
    var spans: [(original: Range<Int>, expanded: Range<Int>)] = []
    var inSingleQuotes = false
    var inDoubleQuotes = false
    var index = line.startIndex
    var column = 1
    while index < line.endIndex {
      let character = line[index]
      if character == "'" && !inDoubleQuotes { inSingleQuotes.toggle() }
      if character == "\"" && !inSingleQuotes
        && !(inDoubleQuotes && index > line.startIndex && line[line.index(before: index)] == "\\")
      {
        inDoubleQuotes.toggle()
      }
      guard character == "$", !inSingleQuotes else {
        result.append(character)
        index = line.index(after: index)
        column += 1
        continue
      }
      var cursor = line.index(after: index)
      let braced = cursor < line.endIndex && line[cursor] == "{"
      if braced { cursor = line.index(after: cursor) }
      let nameStart = cursor
      while cursor < line.endIndex,
        line[cursor].isLetter || line[cursor].isNumber || line[cursor] == "_"
      {
        cursor = line.index(after: cursor)
      }
      let name = String(line[nameStart..<cursor])
      guard let first = name.first, first.isLetter || first == "_" else {
        result.append(character)
        index = line.index(after: index)
        column += 1
        continue
      }
      if braced {
        guard cursor < line.endIndex, line[cursor] == "}" else {
          throw CommandError(
            "the variable ${\(name) is not closed",
            at: range(column, name.count + 2, line, index, lineNumber),
            hint: "write ${\(name)}")
        }
        cursor = line.index(after: cursor)
      }
      let length = line.distance(from: index, to: cursor)
      guard let value = variables[name] ?? builtinVariable(name) else {
        let known = Array(variables.keys)
        throw CommandError(
          "no variable is named \(name)", at: range(column, length, line, index, lineNumber),
          hint: Suggestions.closest(to: name, among: known).map { "did you mean $\($0)?" }
            ?? "set it with let \(name) = VALUE, or --set \(name)=VALUE")
      }
      let originalStart = line.utf8.distance(from: line.startIndex, to: index)
      let originalEnd = originalStart + line.utf8.distance(from: index, to: cursor)
      let expandedStart = result.utf8.count
      // Inside double quotes, a quote in the value is written twice, so that the value stays
      // one string: `csm = "$csm"` works for Dana "DJ" Jones.
      result += inDoubleQuotes ? value.replacingOccurrences(of: "\"", with: "\"\"") : value
      spans.append((originalStart..<originalEnd, expandedStart..<result.utf8.count))
      index = cursor
      column += length
    }
    return (result, spans)
  }

  private func range(
    _ column: Int, _ length: Int, _ line: String, _ index: String.Index, _ lineNumber: Int
  ) -> SourceRange {
    let start = line.utf8.distance(from: line.startIndex, to: index)
    return SourceRange(
      line: lineNumber, column: column, length: length, startOffset: start,
      endOffset: start + length)
  }

  /// `$today` (the session's date) and `$book` (the accounts covered, as `coverage` names
  /// them), unless a variable of that name was set.
  private func builtinVariable(_ name: String) -> String? {
    switch name {
    case "today": return today.iso
    case "book": return coverage
    default: return nil
    }
  }

  func setVariable(_ name: Located<String>, _ value: String) -> Output {
    if fixedVariables.contains(name.value) {
      let origin =
        restriction?.field == name.value
        ? "this run's value, from --each \(name.value)" : "set outside the script"
      return .notice("\(name.value) stays \(variables[name.value] ?? "") (\(origin))")
    }
    variables[name.value] = value
    return .notice("\(name.value) = \(value)")
  }

  /// Sets variables from the command line, which later `let` lines do not change.
  public func setFixedVariable(_ name: String, _ value: String) {
    variables[name] = value
    fixedVariables.insert(name)
  }

  /// Returns the real path of an existing file, or the path as given.
  static func canonicalPath(_ path: String) -> String {
    guard let resolved = realpath(path, nil) else { return path }
    defer { free(resolved) }
    return String(cString: resolved)
  }

  /// A path as a `load` in a script means it: relative to the script's folder.
  func resolve(_ path: String) -> String {
    guard !path.hasPrefix("/"), let baseFolder, !baseFolder.isEmpty else { return path }
    return baseFolder + "/" + path
  }

  func load(_ paths: [Located<String>]) throws(CommandError) -> [Output] {
    let resolved = paths.map { resolve($0.value) }
    if let scriptName, !commandLineData.isEmpty {
      guard warnsOfSkippedLoad else { return [] }
      let place = "\(scriptName):\(paths.first?.range.line ?? 1)"
      let used = book.sources.isEmpty ? commandLineData : book.sources
      // Skipping a load of the very files the review uses changes nothing worth a warning.
      if Set(resolved.map(Session.canonicalPath)) == Set(used.map(Session.canonicalPath)) {
        return []
      }
      return [
        .warning(
          "\(place): warning: load \(resolved.joined(separator: ", ")) skipped, because data named on the command line wins over a script's load; the review uses \(used.joined(separator: ", "))"
        )
      ]
    }
    let result: LoadResult
    do {
      result = try Loader.load(paths: resolved, options: loadOptions)
    } catch {
      var place = error.file
      if let line = error.line {
        place += ":\(line)"
        if let column = error.column { place += ":\(column)" }
      }
      let index = resolved.firstIndex(of: error.file) ?? 0
      var hint = error.hint
      // Words such as `my accounts.csv` name two files unless quoted.
      let joined = paths.map(\.value).joined(separator: " ")
      if paths.count > 1 && access(resolve(joined), F_OK) == 0 {
        hint =
          "load reads each word as a file, so a name with spaces goes in quotes, as in load \"\(joined)\""
      }
      var failure = CommandError(
        "\(place): \(error.message)", at: paths.isEmpty ? nil : paths[index].range, hint: hint)
      failure.isDataError = true
      throw failure
    }
    replaceBook(result.book, sourceFingerprint: result.sourceFingerprint)
    try recordSnapshot()
    let text =
      "loaded \(ValueFormatter.counted(result.book.count, "account")) from \(resolved.joined(separator: ", "))"
    return [.notice(text)] + result.warnings.map { .warning("\($0)") }
  }
}

/// Reads a value written raw (as `--each` gets it from the book) back as a value of a type.
enum ValueFormatterRaw {
  static func value(_ text: String, type: FieldType) -> Value {
    switch type {
    case .text: return .text(text)
    case .number: return ValueParser.number(text).map(Value.number) ?? .text(text)
    case .money: return ValueParser.money(text).map { .money(cents: $0) } ?? .text(text)
    case .date:
      if case .day(let day)? = ValueParser.date(text) { return .date(day) }
      return .text(text)
    case .boolean:
      return ValueParser.boolean(text, allowDigits: true).map(Value.boolean) ?? .text(text)
    }
  }
}
