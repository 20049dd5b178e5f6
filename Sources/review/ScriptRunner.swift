import ReviewInterpreter

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// One command of a script, with its continued lines joined.
struct ScriptCommand {
  /// The number of its first physical line.
  var number: Int
  var text: String
  /// The UTF-8 offsets in `text` where its second and later physical lines start, so that
  /// an error can name the physical line and column of its token.
  var continuationOffsets: [Int] = []
}

/// Splits script text into commands: one a line, `#` comments, a trailing `\` joining the
/// next line, a byte-order mark and a `#!` first line dropped, CRLF accepted. Text can
/// arrive in pieces, as it does from a pipe.
struct ScriptLines {
  private var buffer = ""
  private var physicalLine = 0
  private var pending: ScriptCommand?

  /// Adds text and returns the commands it completes.
  mutating func feed(_ text: String) -> [ScriptCommand] {
    buffer += text
    var result: [ScriptCommand] = []
    // Lines are split on the line-feed scalar: a Character comparison would miss CRLF,
    // which Swift treats as one character.
    while let newline = buffer.unicodeScalars.firstIndex(of: "\n") {
      let line = String(buffer.unicodeScalars[..<newline])
      buffer = String(buffer.unicodeScalars[buffer.unicodeScalars.index(after: newline)...])
      if let command = take(line) { result.append(command) }
    }
    return result
  }

  /// The last command, when the text does not end with a line break.
  mutating func finish() -> [ScriptCommand] {
    var result: [ScriptCommand] = []
    if !buffer.isEmpty {
      let line = buffer
      buffer = ""
      if let command = take(line) { result.append(command) }
    }
    if let pending {
      result.append(pending)
      self.pending = nil
    }
    return result
  }

  private mutating func take(_ raw: String) -> ScriptCommand? {
    physicalLine += 1
    var line = raw
    if line.unicodeScalars.last == "\r" { line.unicodeScalars.removeLast() }
    if physicalLine == 1 {
      if line.hasPrefix("\u{FEFF}") { line.removeFirst() }
      if line.hasPrefix("#!") { line = "" }
    }
    let continues = line.hasSuffix("\\") && !line.hasSuffix("\\\\")
    if continues { line.removeLast() }
    if pending != nil {
      pending!.continuationOffsets.append(pending!.text.utf8.count)
      pending!.text += line
    } else {
      pending = ScriptCommand(number: physicalLine, text: line)
    }
    guard !continues else { return nil }
    defer { pending = nil }
    return pending
  }

  static func lines(of text: String) -> [ScriptCommand] {
    var lines = ScriptLines()
    return lines.feed(text) + lines.finish()
  }
}

/// Runs scripts. By default the first error stops the script; with `keepsGoing` the rest
/// runs and the failure still shows in the result. Errors read
/// `file:line:column: error: message`.
final class ScriptRunner {
  let driver: Driver
  var keepsGoing = false
  /// How deep `include` may nest, so that a script including itself stops.
  static let maximumDepth = 16

  /// How a run ended.
  struct Outcome {
    var failures = 0
    var dataFailed = false
    var quit = false
    /// Set when the first error stopped the run.
    var stopped = false
  }

  init(driver: Driver) {
    self.driver = driver
  }

  /// Runs a script's text. `folder` is where its relative `load` and `include` paths start.
  func run(_ text: String, name: String, folder: String?, depth: Int = 0) -> Outcome {
    var outcome = Outcome()
    let previousFolder = driver.session.baseFolder
    let previousName = driver.session.scriptName
    driver.session.baseFolder = folder
    driver.session.scriptName = name
    defer {
      driver.session.baseFolder = previousFolder
      driver.session.scriptName = previousName
    }
    for command in ScriptLines.lines(of: text) {
      runLine(command, name: name, folder: folder, depth: depth, into: &outcome)
      if outcome.quit || outcome.stopped { break }
    }
    return outcome
  }

  /// Runs commands from standard input as they arrive, each before the next is read.
  func runStandardInput() -> Outcome {
    var outcome = Outcome()
    var lines = ScriptLines()
    var reader = StandardInputReader()
    let name = "<stdin>"
    driver.session.scriptName = name
    defer { driver.session.scriptName = nil }
    while let chunk = reader.next() {
      for command in lines.feed(chunk) {
        runLine(command, name: name, folder: nil, depth: 0, into: &outcome)
        if outcome.quit || outcome.stopped { return outcome }
      }
    }
    for command in lines.finish() {
      runLine(command, name: name, folder: nil, depth: 0, into: &outcome)
      if outcome.quit || outcome.stopped { break }
    }
    return outcome
  }

  private func runLine(
    _ command: ScriptCommand, name: String, folder: String?, depth: Int,
    into outcome: inout Outcome
  ) {
    let line = command.text
    let number = command.number
    let result = driver.run(line, lineNumber: number)
    // `ask` in a script writes its questions; only the REPL walks the accounts.
    _ = driver.session.takeWalk()
    if let error = result.error {
      report(
        error, line: line, name: name, number: number,
        continuationOffsets: command.continuationOffsets, into: &outcome)
      return
    }
    if result.quits {
      outcome.quit = true
      return
    }
    if let script = result.script {
      let nested = runCalled(
        script, folder: folder, depth: depth, line: line, name: name, number: number,
        continuationOffsets: command.continuationOffsets)
      outcome.failures += nested.failures
      outcome.dataFailed = outcome.dataFailed || nested.dataFailed
      outcome.quit = nested.quit
      if nested.stopped { outcome.stopped = true }
    }
  }

  /// Writes an error in `line`, the command that starts at line `number` of the file
  /// `name`. `continuationOffsets` are where its continued lines start in `line`.
  private func report(
    _ error: CommandError, line: String, name: String?, number: Int,
    continuationOffsets: [Int] = [], into outcome: inout Outcome
  ) {
    var offsets = continuationOffsets
    if error.line != nil && !offsets.isEmpty {
      // The error points into the line after `$NAME` substitution.
      offsets = driver.session.offsetsAfterSubstitution(offsets, in: line)
    }
    StandardError.write(
      Diagnostics.render(
        error, line: error.line ?? line, file: name, lineNumber: number,
        continuationOffsets: offsets))
    outcome.failures += 1
    if error.isDataError { outcome.dataFailed = true }
    if !keepsGoing { outcome.stopped = true }
  }

  /// Runs the script that a line's `include` or `run` names, with the line's redirect and
  /// `as FORMAT`. Its path is relative to `folder`, the calling script's folder, or to the
  /// current folder when nil. Errors about the call itself, such as a file that cannot be
  /// read, are reported against the calling line: `line` of the file `name` (nil in the
  /// REPL) at line `number`.
  func runCalled(
    _ request: Driver.ScriptRequest, folder: String?, depth: Int, line: String, name: String?,
    number: Int, continuationOffsets: [Int] = []
  ) -> Outcome {
    var outcome = Outcome()
    let path = request.call.path
    let resolved =
      path.value.hasPrefix("/") || folder == nil ? path.value : folder! + "/" + path.value
    guard depth < ScriptRunner.maximumDepth else {
      report(
        CommandError(
          "scripts include each other more than \(ScriptRunner.maximumDepth) levels deep",
          at: path.range, hint: "check \(path.value) for a loop"),
        line: line, name: name, number: number, continuationOffsets: continuationOffsets,
        into: &outcome)
      return outcome
    }
    guard let text = FileText.read(resolved) else {
      let reason = String(cString: strerror(errno))
      report(
        CommandError(
          "cannot read the script \(resolved): \(reason)", at: path.range,
          hint: folder == nil
            ? "check the path, which is relative to the current folder"
            : "check the path, which is relative to the calling script's folder"),
        line: line, name: name, number: number, continuationOffsets: continuationOffsets,
        into: &outcome)
      return outcome
    }
    // A script may not write over itself, nor over a script that called it.
    driver.protect(resolved, as: .script)
    let frame: Driver.ScriptFrame
    do {
      frame = try driver.beginScript(request)
    } catch {
      report(
        error, line: line, name: name, number: number,
        continuationOffsets: continuationOffsets, into: &outcome)
      return outcome
    }
    outcome = run(
      text, name: resolved, folder: ScriptRunner.folder(of: resolved), depth: depth + 1)
    do {
      try driver.endScript(frame)
    } catch {
      report(
        error, line: line, name: name, number: number,
        continuationOffsets: continuationOffsets, into: &outcome)
    }
    return outcome
  }

  /// The folder part of a path, or nil for a bare file name.
  static func folder(of path: String) -> String? {
    guard let slash = path.lastIndex(of: "/") else { return nil }
    return slash == path.startIndex ? "/" : String(path[..<slash])
  }
}
