extension Parser {
  /// Splits `command > path` or `command >> path` at a top-level `>` that redirects.
  ///
  /// `>>` always redirects, and so does a `>` before one file name that contains `/` or ends
  /// in an output extension (.csv, .tsv, .json, .jsonl, .ndjson, .md, .markdown, .txt). A
  /// `>` before any other single name, quoted or not, at the end of the line redirects
  /// where it cannot be a comparison: see `endsWhereComparisonCannotFollow`. Any other `>`
  /// is a comparison, and so is a `>` with no space on either side (`red>thirty`).
  static func splitRedirect(
    _ line: String, lineNumber: Int, readsComments: Bool = true,
    comparesField: (_ name: String, _ value: LocatedLiteral) -> Bool = { _, _ in true }
  ) throws(SyntaxError) -> (String, Redirect?) {
    let bytes = Array(line.utf8)
    var quote: UInt8?
    // Whether text opened by a typographic quote is double (“) or single (‘).
    var typographic: Bool?
    var depth = 0
    var index = 0
    while index < bytes.count {
      let byte = bytes[index]
      if let open = quote {
        if byte == open { quote = nil }
        index += 1
        continue
      }
      if let double = typographic {
        if let closing = Lexer.typographicClosingLength(in: bytes, at: index, double: double) {
          typographic = nil
          index += closing
        } else {
          index += 1
        }
        continue
      }
      if let double = Lexer.typographicQuote(in: bytes, at: index) {
        typographic = double
        index += 3
        continue
      }
      switch byte {
      case UInt8(ascii: "\""), UInt8(ascii: "'"):
        quote = byte
      case UInt8(ascii: "#")
      where readsComments && (index == 0 || bytes[index - 1] == UInt8(ascii: " ")):
        return (line, nil)
      case UInt8(ascii: "("):
        depth += 1
      case UInt8(ascii: ")"):
        depth -= 1
      case UInt8(ascii: ">") where depth == 0:
        let appends = index + 1 < bytes.count && bytes[index + 1] == UInt8(ascii: ">")
        let pathStart = index + (appends ? 2 : 1)
        if !appends && pathStart < bytes.count && bytes[pathStart] == UInt8(ascii: "=") { break }
        let restText = String(decoding: bytes[pathStart...], as: UTF8.self)
        var lexer = Lexer(restText, line: lineNumber)
        lexer.readsComments = readsComments
        let rest = lexer.rest()
        let path = rest.text
        var firstByte = pathStart
        while firstByte < bytes.count && bytes[firstByte] == UInt8(ascii: " ") { firstByte += 1 }
        let quoted =
          firstByte < bytes.count
          && (bytes[firstByte] == UInt8(ascii: "\"") || bytes[firstByte] == UInt8(ascii: "'"))
        let command = String(decoding: bytes[..<index], as: UTF8.self)
        // `red>thirty`, with no space on either side, is a mistyped threshold, not a file.
        let glued =
          index > 0 && bytes[index - 1] != UInt8(ascii: " ") && bytes[index - 1] != 0x09
          && firstByte == pathStart
        let redirects =
          appends || isPathLike(path, quoted: quoted)
          || (!glued
            && fileName(in: restText, line: lineNumber).map {
              endsWhereComparisonCannotFollow(
                command, line: lineNumber, readsComments: readsComments, value: $0,
                comparesField: comparesField)
            } ?? false)
        if redirects {
          let prefix = String(decoding: bytes[..<pathStart], as: UTF8.self)
          let startColumn = prefix.count + rest.range.column
          let range = SourceRange(
            line: lineNumber, column: startColumn, length: rest.range.length,
            startOffset: pathStart + rest.range.startOffset,
            endOffset: pathStart + rest.range.endOffset)
          guard path.contains(where: { !$0.isWhitespace }) else {
            let symbol = appends ? ">>" : ">"
            throw SyntaxError(
              "a redirect needs a file name after '\(symbol)'",
              at: path.isEmpty && !quoted
                ? column(of: index, in: bytes, line: lineNumber, length: symbol.count) : range,
              hint:
                "name the file after \(symbol), as in \(symbol) red.csv, in quotes if it has spaces"
            )
          }
          return (command, Redirect(path: Located(path, range), appends: appends))
        }
        if appends { index += 1 }
      default:
        break
      }
      index += 1
    }
    return (line, nil)
  }

  /// Returns the text after a `>` as a value when it is one file name and nothing else: a word
  /// that is not a word of the language, or quoted text, even empty, which a redirect then
  /// rejects. Numbers and dates are left out, because after `>` they are values to compare
  /// with.
  private static func fileName(in text: String, line: Int) -> LocatedLiteral? {
    var lexer = Lexer(text, line: line)
    guard let first = try? lexer.next(), let after = try? lexer.next(), after.kind == .end
    else { return nil }

    switch first.kind {
    case .word where !keywords.contains(first.text.lowercased()):
      return Located(.word(first.text), first.range)
    case .string:
      return Located(.string(first.text), first.range)
    default:
      return nil
    }
  }

  /// Returns whether `command`, the text before a `>`, is a whole command after which the `>`
  /// cannot start a comparison. Such a command ends with a clause (`count`, `sum arr`,
  /// `by csm`, `limit 10`, `show name, arr`, `as csv`), a closed condition (`arr > 5`,
  /// `(…)`), or no condition at all (`summary`, `minutes`, `action list`). It may also end
  /// with a name that `comparesField` reports does not compare with `value`, such as a
  /// segment.
  /// Commands whose text runs to the end of the line (`echo`, `note`, `let`, `define`, …)
  /// take `>` as part of their text.
  private static func endsWhereComparisonCannotFollow(
    _ command: String, line: Int, readsComments: Bool, value: LocatedLiteral,
    comparesField: (_ name: String, _ value: LocatedLiteral) -> Bool
  ) -> Bool {
    guard var parser = try? Parser(command, line: line, readsComments: readsComments),
      parser.token.kind != .end,
      let statement = try? parser.parseStatement()
    else { return false }

    switch statement.command {
    case .echo, .heading, .setVariable, .load, .output, .define, .note, .question,
      .actionAdd, .actionEdit:
      return false
    default:
      break
    }
    var end = command.utf8.count
    let bytes = Array(command.utf8)
    while end > 0 && (bytes[end - 1] == UInt8(ascii: " ") || bytes[end - 1] == 0x09) { end -= 1 }
    guard let open = parser.openTerm, open.endOffset == end else { return true }

    return !comparesField(open.term.name.value, value)
  }

  private static func column(
    of offset: Int, in bytes: [UInt8], line: Int, length: Int
  ) -> SourceRange {
    let column = String(decoding: bytes[..<offset], as: UTF8.self).count + 1
    return SourceRange(
      line: line, column: column, length: length, startOffset: offset, endOffset: offset + length)
  }

  /// File name endings that make `>` a redirect. Workbook endings are here so that
  /// `> red.xlsx` is a redirect that the front end rejects with a clear message, rather
  /// than a comparison.
  static let outputExtensions = [
    ".csv", ".tsv", ".json", ".jsonl", ".ndjson", ".md", ".markdown", ".txt", ".xlsx", ".xls",
  ]

  /// Whether the text after a `>` names a file: one word (or a quoted name) that contains
  /// `/` or ends in an output extension.
  static func isPathLike(_ name: String, quoted: Bool = false) -> Bool {
    guard !name.isEmpty else { return false }
    if !quoted && (name.contains(" ") || name.contains("\t")) {
      return false
    }
    if name.contains("/") { return true }
    let lowered = name.lowercased()
    return outputExtensions.contains { lowered.hasSuffix($0) && lowered.count > $0.count }
  }
}
