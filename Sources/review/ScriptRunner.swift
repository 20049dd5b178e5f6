import ReviewInterpreter

/// Runs a script: one command a line, `#` comments, a trailing `\` continuing a line.
/// Stops at the first error, which it reports as `file:line:column: error: message`.
struct ScriptRunner {
  let driver: Driver
  let name: String

  /// The lines of a script's text: a byte-order mark dropped, CRLF accepted, lines ending
  /// in `\` joined to the next. Each line keeps the number of its first physical line.
  static func lines(of text: String) -> [(number: Int, text: String)] {
    var body = Substring(text)
    if body.hasPrefix("\u{FEFF}") { body = body.dropFirst() }
    var result: [(Int, String)] = []
    var pending: String?
    var pendingStart = 0
    for (index, rawLine) in body.split(separator: "\n", omittingEmptySubsequences: false)
      .enumerated()
    {
      var line = String(rawLine)
      if line.hasSuffix("\r") { line.removeLast() }
      if index == 0 && line.hasPrefix("#!") { line = "" }
      let continues = line.hasSuffix("\\") && !line.hasSuffix("\\\\")
      if continues { line.removeLast() }
      if pending != nil {
        pending! += line
      } else {
        pending = line
        pendingStart = index + 1
      }
      if !continues {
        result.append((pendingStart, pending!))
        pending = nil
      }
    }
    if let pending { result.append((pendingStart, pending)) }
    return result
  }

  /// Runs the script's text; returns false if a command failed.
  func run(_ text: String) -> Bool {
    for (number, line) in ScriptRunner.lines(of: text) {
      let (error, quits) = driver.run(line, lineNumber: number)
      if let error {
        StandardError.write(Diagnostics.render(error, line: line, file: name, lineNumber: number))
        return false
      }
      if quits { break }
    }
    return true
  }
}
