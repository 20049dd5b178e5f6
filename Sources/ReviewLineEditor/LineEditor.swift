import EditLineShim

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// An interactive line reader on libedit: emacs key bindings, history, Tab completion and
/// Ctrl-C that clears the line. It needs a terminal on standard input.
public final class LineEditor {
  /// What one read returned.
  public enum Input: Equatable {
    case line(String)
    /// Ctrl-C: the line was discarded.
    case interrupted
    /// Ctrl-D on an empty line, or the end of input.
    case end
  }

  /// Returns the completions of the word before `cursor` (a UTF-8 offset) and the UTF-8
  /// offset where that word starts.
  public typealias Completer = (_ line: String, _ cursor: Int) -> (
    wordStart: Int, candidates: [String]
  )

  private let editor: OpaquePointer
  public var completer: Completer?
  /// The number of terminal columns a candidate takes, for laying out a list of them. The
  /// default counts characters, which is right for text without wide characters.
  public var displayWidth: (String) -> Int = { $0.count }
  /// Where candidate lists are printed.
  private let output: UnsafeMutablePointer<FILE>

  /// Opens the editor on standard input and output, or returns nil when libedit cannot
  /// set up the terminal.
  public init?(program: String) {
    LineEditor.prepareLocale()
    guard let input = fdopen(STDIN_FILENO, "r"), let output = fdopen(STDOUT_FILENO, "w"),
      let errors = fdopen(STDERR_FILENO, "w"),
      let editor = review_editor_open(program, input, output, errors)
    else { return nil }
    self.editor = editor
    self.output = output
    review_editor_set_client(editor, Unmanaged.passUnretained(self).toOpaque())
    review_editor_bind_completion(editor, "^I") { editor, _ in
      guard let editor, let client = review_editor_client(editor) else {
        return UInt8(REVIEW_CC_REFRESH_BEEP)
      }
      let lineEditor = Unmanaged<LineEditor>.fromOpaque(client).takeUnretainedValue()
      return lineEditor.completeWord()
    }
    // NOTE: if sigaction fails, Ctrl-C keeps its default action and ends review.
    _ = review_editor_install_signal_handlers()
  }

  deinit {
    review_editor_close(editor)
  }

  /// Picks a UTF-8 locale for the character type: the user's if it is one, else C.UTF-8.
  /// Without one libedit drops every byte that is not ASCII.
  public static func prepareLocale() {
    if let current = setlocale(LC_CTYPE, ""), LineEditor.isUTF8(String(cString: current)) {
      return
    }
    if setlocale(LC_CTYPE, "C.UTF-8") == nil {
      _ = setlocale(LC_CTYPE, "en_US.UTF-8")
    }
  }

  private static func isUTF8(_ locale: String) -> Bool {
    let lowered = locale.lowercased()
    return lowered.contains("utf-8") || lowered.contains("utf8")
  }

  /// Whether Ctrl-C was pressed since the last call or the last read; clears the flag.
  public static func takeInterrupt() -> Bool {
    review_editor_take_interrupt() != 0
  }

  public func readLine(prompt: String) -> Input {
    review_editor_set_prompt(editor, prompt)
    review_editor_resize(editor)
    var count: Int32 = 0
    guard let line = review_editor_gets(editor, &count) else {
      // Cut short by Ctrl-C, an incremental search or a vi motion ends the read as the end
      // of input does, so the count alone cannot tell the two apart.
      if review_editor_interrupted(editor) != 0 {
        review_editor_reset(editor)
        fputs("\n", output)
        fflush(output)
        return .interrupted
      }
      // libedit prints no newline after Ctrl-D.
      fputs("\n", output)
      fflush(output)
      return .end
    }
    var text = String(cString: line)
    if text.hasSuffix("\n") { text.removeLast() }
    if text.hasSuffix("\r") { text.removeLast() }
    return .line(text)
  }

  // MARK: History

  public func addHistory(_ line: String) {
    review_editor_history_add(editor, line)
  }

  public var historyCount: Int {
    Int(review_editor_history_count(editor))
  }

  /// Loads a history file; a missing file is not an error. Returns the number of lines
  /// loaded.
  @discardableResult
  public func loadHistory(from path: String) -> Int {
    let entries = HistoryFile.read(path)
    for entry in entries { addHistory(entry) }
    return entries.count
  }

  /// Adds one line to the end of the history file, readable by the user only. Each line is
  /// one `write(2)` to a file opened for appending, so that two sessions sharing the file
  /// keep each other's lines and a crash leaves every line written before it.
  @discardableResult
  public func appendHistory(_ line: String, to path: String) -> Bool {
    HistoryFile.append(line, to: path)
  }

  // MARK: Completion

  private func completeWord() -> UInt8 {
    guard let completer else { return UInt8(REVIEW_CC_REFRESH_BEEP) }
    var length: Int32 = 0
    var cursor: Int32 = 0
    guard let buffer = review_editor_line(editor, &length, &cursor) else {
      return UInt8(REVIEW_CC_REFRESH_BEEP)
    }
    let bytes = UnsafeRawBufferPointer(start: buffer, count: Int(length))
    let line = String(decoding: bytes, as: UTF8.self)
    let cursorOffset = Int(cursor)

    let (wordStart, candidates) = completer(line, cursorOffset)
    guard !candidates.isEmpty, wordStart <= cursorOffset else {
      return UInt8(REVIEW_CC_REFRESH_BEEP)
    }

    let typed = String(decoding: bytes[wordStart..<cursorOffset], as: UTF8.self)
    let replacement: String
    if candidates.count == 1 {
      // A folder is completed without a space, so that the path can go on.
      replacement = candidates[0] + (candidates[0].hasSuffix("/") ? "" : " ")
    } else {
      replacement = LineEditor.commonPrefix(candidates)
    }

    if replacement.count > typed.count || (candidates.count == 1 && replacement != typed) {
      review_editor_delete_before_cursor(editor, Int32(typed.unicodeScalars.count))
      review_editor_insert(editor, replacement)
      return UInt8(REVIEW_CC_REFRESH)
    }

    // Nothing more to add: list the candidates under the line.
    let list = LineEditor.columns(
      candidates, width: LineEditor.terminalWidth(), displayWidth: displayWidth)
    fputs("\n" + list, output)
    fflush(output)
    return UInt8(REVIEW_CC_REDISPLAY)
  }

  /// The longest prefix the candidates share, compared ignoring case and spelled as the
  /// first candidate spells it.
  static func commonPrefix(_ candidates: [String]) -> String {
    guard var prefix = candidates.first.map(Array.init) else { return "" }
    for candidate in candidates.dropFirst() {
      let characters = Array(candidate)
      var length = 0
      while length < prefix.count && length < characters.count
        && prefix[length].lowercased() == characters[length].lowercased()
      {
        length += 1
      }
      prefix = Array(prefix[0..<length])
    }
    return String(prefix)
  }

  /// Returns the candidates in alphabetical order, ignoring case and a leading quote, laid
  /// out in columns that fit the width, one line each row. `displayWidth` measures each.
  static func columns(
    _ candidates: [String], width: Int, displayWidth: (String) -> Int = { $0.count }
  ) -> String {
    let limit = 60
    let keyed = candidates.map { candidate in
      (
        key: (candidate.hasPrefix("\"") ? String(candidate.dropFirst()) : candidate).lowercased(),
        candidate: candidate
      )
    }
    let sorted = keyed.sorted {
      $0.key != $1.key ? $0.key < $1.key : $0.candidate < $1.candidate
    }
    let shown = sorted.prefix(limit).map(\.candidate)
    let widths = shown.map(displayWidth)
    let cell = (widths.max() ?? 0) + 2
    let perLine = max(1, width / max(cell, 1))
    var text = ""
    for (index, candidate) in shown.enumerated() {
      text += candidate
      if (index + 1) % perLine == 0 || index == shown.count - 1 {
        text += "\n"
      } else {
        text += String(repeating: " ", count: cell - widths[index])
      }
    }
    if candidates.count > limit {
      text += "… and \(candidates.count - limit) more\n"
    }
    return text
  }

  static func terminalWidth() -> Int {
    var size = winsize()
    if ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 {
      return Int(size.ws_col)
    }
    return 80
  }
}
