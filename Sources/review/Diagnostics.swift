import ReviewInterpreter
import ReviewLanguage
import ReviewRender

/// Turns errors into the text the user sees: `file:line:column: error: message`, the
/// line itself with a caret under the offending token, and a hint.
enum Diagnostics {
  /// The characters of a long line shown before and after the error's token, and of the
  /// token itself.
  static let lineContext = 100
  /// The characters of a message shown, which may quote a long token.
  static let messageLimit = 400

  /// Returns the text cut to `limit` characters, with `…` where it was cut.
  static func shortened(_ text: String, to limit: Int) -> String {
    text.count > limit ? text.prefix(limit) + "…" : text
  }

  /// An error in a command. `file` is nil in the REPL, where the line was just typed.
  static func render(_ error: CommandError, line: String, file: String?, lineNumber: Int) -> String
  {
    var text = ""
    if let file {
      var place = "\(file):\(lineNumber)"
      if let range = error.range {
        place += ":\(error.typedColumn ?? range.column)"
      } else {
        // An error about the whole command points at its first word.
        place +=
          ":\((line.firstIndex { $0 != " " && $0 != "\t" }.map { line.distance(from: line.startIndex, to: $0) } ?? 0) + 1)"
      }
      text += "\(place): error: \(shortened(error.message, to: messageLimit))\n"
    }
    if let range = error.range {
      let bytes = Array(line.utf8)
      let start = min(range.startOffset, bytes.count)
      var prefix = String(decoding: bytes[..<start], as: UTF8.self)
      let end = min(max(range.endOffset, start), bytes.count)
      var token = String(decoding: bytes[start..<end], as: UTF8.self)
      var suffix = String(decoding: bytes[end...], as: UTF8.self)
      // A line of thousands of characters shows the part around the error only.
      if prefix.count > lineContext {
        prefix = "…" + prefix.suffix(lineContext)
      }
      if token.count > lineContext {
        token = String(token.prefix(lineContext)) + "…"
        suffix = ""
      } else if suffix.count > lineContext {
        suffix = suffix.prefix(lineContext) + "…"
      }
      let indent = String(repeating: " ", count: DisplayWidth.of(DisplayWidth.sanitized(prefix)))
      let underline =
        "^"
        + String(repeating: "~", count: max(0, DisplayWidth.of(DisplayWidth.sanitized(token)) - 1))
      text +=
        "  \(DisplayWidth.sanitized(prefix + token + suffix))\n  \(indent)\(underline)\n"
      if error.typedColumn != nil {
        text += "  (the line as run, with its variables replaced)\n"
      }
    }
    if file == nil {
      text += "error: \(shortened(error.message, to: messageLimit))\n"
    }
    if let hint = error.hint {
      text += "  hint: \(hint)\n"
    }
    return text
  }

  /// Renders an error in a command of a script whose continued lines start at
  /// `continuationOffsets`, UTF-8 offsets in `line`. The place and the line shown are those
  /// of the physical line that contains the start of the error's token.
  static func render(
    _ error: CommandError, line: String, file: String?, lineNumber: Int,
    continuationOffsets: [Int]
  ) -> String {
    guard let range = error.range, !continuationOffsets.isEmpty else {
      return render(error, line: line, file: file, lineNumber: lineNumber)
    }
    let bytes = Array(line.utf8)
    let start = min(range.startOffset, bytes.count)
    let index = continuationOffsets.lastIndex { $0 <= start }.map { $0 + 1 } ?? 0
    let lineStart = index == 0 ? 0 : min(continuationOffsets[index - 1], bytes.count)
    let lineEnd =
      index < continuationOffsets.count
      ? min(max(continuationOffsets[index], lineStart), bytes.count) : bytes.count
    let prefix = String(decoding: bytes[lineStart..<start], as: UTF8.self)
    var located = error
    // The column counts from the start of the physical line, in the text as run.
    located.typedColumn = nil
    located.range = SourceRange(
      line: lineNumber + index, column: prefix.count + 1, length: range.length,
      startOffset: start - lineStart,
      endOffset: min(max(range.endOffset, start), lineEnd) - lineStart)
    let physical = String(decoding: bytes[lineStart..<lineEnd], as: UTF8.self)
    return render(located, line: physical, file: file, lineNumber: lineNumber + index)
  }

  /// Replaces control characters and escape sequences with visible symbols (`␛` for ESC),
  /// as tables on a terminal do, keeping the line breaks between messages. Values from the
  /// data reach messages (a cell in an error, an id in a warning), and sent raw they could
  /// retitle or clear the terminal.
  static func neutralized(_ text: String) -> String {
    text.split(separator: "\n", omittingEmptySubsequences: false)
      .map { DisplayWidth.sanitized(String($0)) }
      .joined(separator: "\n")
  }
}
