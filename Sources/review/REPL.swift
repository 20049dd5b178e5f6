import ReviewInterpreter
import ReviewLineEditor

/// The interactive loop: a prompt that shows the book scope, history saved after every
/// command, Tab completion, Ctrl-C to clear the line and Ctrl-D to leave.
struct REPL {
  let driver: Driver
  let historyPath: String

  func run(banner: String) -> Int32 {
    guard let editor = LineEditor(program: "review") else {
      StandardError.write("review: cannot set up line editing on this terminal\n")
      return 1
    }
    let session = driver.session
    editor.completer = { line, cursor in
      let completion = session.complete(line: line, cursor: cursor)
      return (completion.wordStart, completion.candidates)
    }
    Platform.makeFolders(
      String(historyPath[..<(historyPath.lastIndex(of: "/") ?? historyPath.endIndex)]))
    editor.loadHistory(from: historyPath)

    driver.standardOutput.write(banner)
    driver.standardOutput.flush()

    var lastStatus: Int32 = 0
    while true {
      let prompt = session.scope.map { "review (\($0))> " } ?? "review> "
      switch editor.readLine(prompt: prompt) {
      case .end:
        return lastStatus
      case .interrupted:
        continue
      case .line(let line):
        let trimmed = line.trimmingCharacters()
        guard !trimmed.isEmpty else { continue }
        editor.addHistory(line)
        if !editor.saveHistory(to: historyPath) {
          StandardError.write("review: could not save the history to \(historyPath)\n")
        }
        let (error, quits) = driver.run(line, lineNumber: 1)
        if let error {
          StandardError.write(Diagnostics.render(error, line: line, file: nil, lineNumber: 1))
          lastStatus = 1
        } else {
          lastStatus = 0
        }
        if quits { return 0 }
      }
    }
  }
}

extension String {
  func trimmingCharacters() -> String {
    var text = Substring(self)
    while let first = text.first, first.isWhitespace { text.removeFirst() }
    while let last = text.last, last.isWhitespace { text.removeLast() }
    return String(text)
  }
}
