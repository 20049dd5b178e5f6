import ReviewInterpreter
import ReviewLanguage
import ReviewLineEditor
import ReviewRender

/// The interactive loop: a prompt that shows the book scope, history saved after every
/// command, Tab completion, a trailing `\` that continues a command on the next line,
/// Ctrl-C to clear the line or stop a long result, and Ctrl-D to leave.
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
    editor.displayWidth = { DisplayWidth.of($0) }
    Platform.makeFolders(
      String(historyPath[..<(historyPath.lastIndex(of: "/") ?? historyPath.endIndex)]))
    editor.loadHistory(from: historyPath)

    driver.standardOutput.write(banner)
    driver.standardOutput.flush()
    // Ctrl-C while a result is written stops it; at the prompt it clears the line.
    OutputFile.interruption = { LineEditor.takeInterrupt() }
    defer { OutputFile.interruption = nil }

    var lastStatus: Int32 = 0
    while true {
      let prompt = session.scope.map { "review (\($0))> " } ?? "review> "
      switch readCommand(editor: editor, prompt: prompt) {
      case .end:
        return lastStatus
      case .interrupted:
        continue
      case .line(let line):
        let trimmed = line.trimmingCharacters()
        guard !trimmed.isEmpty else { continue }
        remember(line, in: editor)
        // A Ctrl-C pressed before this command must not stop its result.
        _ = LineEditor.takeInterrupt()
        let result = driver.run(line, lineNumber: 1)
        if let error = result.error {
          StandardError.write(
            Diagnostics.render(error, line: error.line ?? line, file: nil, lineNumber: 1))
          lastStatus = 1
        } else {
          lastStatus = 0
        }
        if result.quits { return 0 }
        if let script = result.script {
          let outcome = ScriptRunner(driver: driver).runCalled(
            script, folder: nil, depth: 0, line: line, name: nil, number: 1)
          lastStatus = outcome.failures > 0 ? 1 : 0
          if outcome.quit { return lastStatus }
        }
        if let walk = session.beginWalk() {
          if walkThrough(walk, editor: editor) == .end { return lastStatus }
        }
      }
    }
  }
}

extension REPL {
  /// Reads one command: a line, and while a line ends in `\` the next one too, joined as
  /// a script joins them. A command that leaves a quote open, as text pasted over several
  /// lines does, takes the next lines with their line breaks up to the closing quote.
  /// Continued lines get a `...>` prompt as wide as `prompt`. Ctrl-C or Ctrl-D on a
  /// continued line drops the unfinished command.
  func readCommand(editor: LineEditor, prompt: String) -> LineEditor.Input {
    var lines = ScriptLines()
    var continues = false
    var openQuote: String?
    while true {
      let input = editor.readLine(
        prompt: continues ? REPL.continuationPrompt(under: prompt) : prompt)
      guard case .line(let line) = input else {
        return continues ? .interrupted : input
      }
      let command: String
      if let text = openQuote {
        command = text + "\n" + line
      } else if let complete = lines.feed(line + "\n").first {
        command = complete.text
      } else {
        continues = true
        continue
      }
      guard Parser.leavesQuoteOpen(command) else { return .line(command) }
      openQuote = command
      continues = true
    }
  }

  /// Returns `...> ` padded on the left to the width of `prompt`, so that continued lines
  /// start in the same column.
  static func continuationPrompt(under prompt: String) -> String {
    let marker = "...> "
    let padding = max(0, DisplayWidth.of(prompt) - marker.count)
    return String(repeating: " ", count: padding) + marker
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

extension REPL {
  /// Goes through a segment's accounts one by one, showing each account and taking `n`
  /// (next, or Enter), `p` (previous), `note TEXT`, `action TEXT …`, `?` (the questions
  /// again) and `q` (stop). Other commands run as usual. Ctrl-C clears the line and stays
  /// in the walk, and Ctrl-D stops the walk as `q` does.
  func walkThrough(_ walk: Walk, editor: LineEditor) -> LineEditor.Input {
    let session = driver.session
    var index = 0
    driver.show([
      .notice(
        "walking \(ValueFormatter.counted(walk.rows.count, "account")): Enter or n for the next, p back, note TEXT, action TEXT, ? questions, q to stop"
      )
    ])
    driver.show(session.card(row: walk.rows[index]))
    while true {
      let name = session.focus.map {
        session.book.value(
          of: .stored(session.book.index(ofField: "name") ?? 0), at: $0, today: session.today)
      }
      var label = "\(index + 1)/\(walk.rows.count)"
      if case .text(let text)? = name { label += " " + String(text.prefix(30)) }
      let input = readCommand(editor: editor, prompt: "ask \(label)> ")
      guard case .line(let line) = input else {
        if input == .interrupted { continue }
        driver.show([.notice("stopped walking; Ctrl-D again leaves review")])
        return .line("")
      }
      let command: String
      switch WalkInput(line) {
      case .next:
        guard index + 1 < walk.rows.count else {
          driver.show([.notice("that was the last account")])
          return .line("")
        }
        index += 1
        driver.show(session.card(row: walk.rows[index]))
        continue
      case .previous:
        index = max(0, index - 1)
        driver.show(session.card(row: walk.rows[index]))
        continue
      case .stop:
        return .line("")
      case .questions:
        driver.show([
          .text(
            walk.questions.enumerated().map { "\($0.offset + 1). \($0.element)" }.joined(
              separator: "\n"))
        ])
        continue
      case .command(let text):
        command = text
      case .invalid(let error):
        StandardError.write(Diagnostics.render(error, line: line, file: nil, lineNumber: 1))
        continue
      }
      // Notes, actions and other commands go in the history, but not the walk's moves.
      remember(line, in: editor)
      // An action whose text ends in owner and due clauses takes them, as at the prompt,
      // when they run. Otherwise the whole line is its text.
      if let split = WalkInput.actionWithClauses(line, owners: session.csmNames),
        driver.run(split, lineNumber: 1).error == nil
      {
        focusBack(walk.rows[index])
        continue
      }
      let result = driver.run(command, lineNumber: 1)
      if let error = result.error {
        StandardError.write(
          Diagnostics.render(error, line: error.line ?? command, file: nil, lineNumber: 1))
      } else if let note = WalkInput.clauseNote(line) {
        StandardError.write("note: \(note)\n")
      }
      focusBack(walk.rows[index])
    }
  }

  /// Adds a line to the history, in memory and at the end of the history file at once, so
  /// that a crash loses none of the lines entered before it.
  private func remember(_ line: String, in editor: LineEditor) {
    editor.addHistory(line)
    if !editor.appendHistory(line, to: historyPath) {
      StandardError.write("review: could not save the history to \(historyPath)\n")
    }
  }

  /// Puts the walked account back in focus after a command that may have moved it.
  private func focusBack(_ row: Int32) {
    _ = driver.session.card(row: row)
  }
}

extension String {
  func replacingAll(_ target: String, with replacement: String) -> String {
    var result = ""
    var remainder = Substring(self)
    while let range = remainder.range(of: target) {
      result += remainder[..<range.lowerBound] + replacement
      remainder = remainder[range.upperBound...]
    }
    return result + remainder
  }
}

extension Substring {
  fileprivate func range(of target: String) -> Range<Index>? {
    guard !target.isEmpty else { return nil }
    var index = startIndex
    while index < endIndex {
      if self[index...].hasPrefix(target) {
        return index..<self.index(index, offsetBy: target.count)
      }
      index = self.index(after: index)
    }
    return nil
  }
}
