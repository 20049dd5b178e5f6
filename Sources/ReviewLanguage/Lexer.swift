/// Splits a command line into tokens, on demand. A cursor over the line's UTF-8 bytes with
/// the position of each token in characters. `#` outside quotes starts a comment that runs
/// to the end of the line.
public struct Lexer: Sendable {
  public let source: String
  private let bytes: [UInt8]
  private var offset = 0
  private var column = 1
  private let line: Int
  /// The kind of the previous token, to tell a minus sign from a hyphen.
  private var previousKind: Token.Kind?
  /// Whether `#` starts a comment. Off for a line whose comment was removed before its
  /// variables were replaced, where a `#` comes from a variable's value.
  public var readsComments = true

  public init(_ source: String, line: Int = 1) {
    self.source = source
    self.bytes = Array(source.utf8)
    self.line = line
  }

  /// Creates a lexer that starts at the UTF-8 `offset` of `source`, where the column is
  /// `column`.
  public init(_ source: String, line: Int, offset: Int, column: Int) {
    self.init(source, line: line)
    self.offset = min(offset, bytes.count)
    self.column = column
  }

  /// The UTF-8 offset where the next token would start.
  public var position: Int { offset }

  /// Reads the next token. At the end of the line (or at a comment) returns `.end`, again
  /// and again.
  public mutating func next() throws(SyntaxError) -> Token {
    skipSpaces()
    let start = offset
    let startColumn = column
    guard offset < bytes.count, !(readsComments && bytes[offset] == UInt8(ascii: "#")) else {
      return Token(kind: .end, text: "", range: range(from: start, column: startColumn))
    }

    let byte = bytes[offset]
    let token: Token
    if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") {
      token = try readString(quote: byte)
    } else if let double = Lexer.typographicQuote(in: bytes, at: offset) {
      token = try readTypographicString(double: double)
    } else if isDigit(byte)
      || (byte == UInt8(ascii: "$") && offset + 1 < bytes.count && isDigit(bytes[offset + 1]))
      || (byte == UInt8(ascii: ".") && offset + 1 < bytes.count && isDigit(bytes[offset + 1]))
      || (byte == UInt8(ascii: "-") && allowsSign && offset + 1 < bytes.count
        && (isDigit(bytes[offset + 1]) || bytes[offset + 1] == UInt8(ascii: "$")))
    {
      token = try readNumberOrDate()
    } else if isWordStart(byte) {
      token = readWord()
    } else {
      token = try readSymbol()
    }
    previousKind = token.kind
    return token
  }

  /// Every token up to the end, for tests and completion.
  public mutating func all() throws(SyntaxError) -> [Token] {
    var tokens: [Token] = []
    while true {
      let token = try next()
      tokens.append(token)
      if token.kind == .end { return tokens }
    }
  }

  /// The rest of the line from the start of `token`, which must be the token `next()`
  /// returned last; see `rest()`.
  public mutating func rest(startingAt token: Token) -> (text: String, range: SourceRange) {
    offset = token.range.startOffset
    column = token.range.column
    return rest()
  }

  /// The rest of the line from the current position, without a trailing comment, trimmed,
  /// and the range it spans. Quotes around the whole rest are removed.
  public mutating func rest(
    unquoting: Bool = true, keepingComments: Bool = false
  ) -> (
    text: String, range: SourceRange
  ) {
    skipSpaces()
    let start = offset
    let startColumn = column
    var end = bytes.count
    var quote: UInt8?
    var index = offset
    while index < bytes.count {
      let byte = bytes[index]
      if let open = quote {
        if byte == open { quote = nil }
      } else if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") {
        quote = byte
      } else if !keepingComments && readsComments && byte == UInt8(ascii: "#")
        && (index == 0 || bytes[index - 1] == UInt8(ascii: " "))
      {
        end = index
        break
      }
      index += 1
    }
    while end > start
      && (bytes[end - 1] == UInt8(ascii: " ") || bytes[end - 1] == UInt8(ascii: "\t"))
    {
      end -= 1
    }
    advance(to: end)
    var text = String(decoding: bytes[start..<end], as: UTF8.self)
    // Quotes around the whole rest go, but not those of `"a" "b"`, which are two texts.
    if unquoting, let contents = Lexer.quotedContents(text) {
      text = contents
    }
    return (text, range(from: start, column: startColumn))
  }

  /// Returns the contents of `text` when it is one quoted string and nothing else, read as
  /// the lexer reads a string: a quote written twice (`"the ""Best"" Co"`) or after a
  /// backslash stands for itself, and typographic quotes (“Acme”) quote too. Returns nil
  /// for any other text, such as `"a" "b"`.
  public static func quotedContents(_ text: String) -> String? {
    var lexer = Lexer(text)
    guard let first = text.utf8.first else { return nil }
    let token: Token?
    if first == UInt8(ascii: "\"") || first == UInt8(ascii: "'") {
      token = try? lexer.readString(quote: first)
    } else if let double = typographicQuote(in: lexer.bytes, at: 0) {
      token = try? lexer.readTypographicString(double: double)
    } else {
      token = nil
    }
    guard let token, lexer.offset == lexer.bytes.count else { return nil }
    return token.text
  }

  /// Returns `text` as one quoted string of the language: in double quotes, with each
  /// double quote in it written twice, which `quotedContents` reads back as `text`.
  public static func quoted(_ text: String) -> String {
    "\"" + text.split(separator: "\"", omittingEmptySubsequences: false).joined(separator: "\"\"")
      + "\""
  }

  // MARK: Reading tokens

  private var allowsSign: Bool {
    switch previousKind {
    case nil, .symbol?: return true
    case .word?: return true
    default: return false
    }
  }

  private mutating func skipSpaces() {
    while offset < bytes.count
      && (bytes[offset] == UInt8(ascii: " ") || bytes[offset] == UInt8(ascii: "\t")
        || bytes[offset] == UInt8(ascii: "\r") || bytes[offset] == UInt8(ascii: "\n"))
    {
      offset += 1
      column += 1
    }
  }

  /// Moves to the byte offset `end`, counting one column per Unicode scalar.
  /// NOTE: a combining mark (as in a decomposed `é`) therefore counts as a column of its own,
  /// although Swift counts the pair as one `Character`.
  private mutating func advance(to end: Int) {
    while offset < end {
      if bytes[offset] & 0xC0 != 0x80 { column += 1 }
      offset += 1
    }
  }

  private func range(from start: Int, column startColumn: Int) -> SourceRange {
    SourceRange(
      line: line, column: startColumn, length: max(column - startColumn, offset == start ? 1 : 0),
      startOffset: start, endOffset: offset)
  }

  private func text(from start: Int) -> String {
    String(decoding: bytes[start..<offset], as: UTF8.self)
  }

  private mutating func readString(quote: UInt8) throws(SyntaxError) -> Token {
    let start = offset
    let startColumn = column
    advance(to: offset + 1)
    var contents: [UInt8] = []
    while true {
      guard offset < bytes.count else {
        throw SyntaxError(
          SyntaxError.unclosedQuote, at: range(from: start, column: startColumn),
          hint: "end it with \(quote == UInt8(ascii: "\"") ? "\"" : "'")")
      }
      let byte = bytes[offset]
      if byte == quote {
        if offset + 1 < bytes.count && bytes[offset + 1] == quote {
          contents.append(quote)
          advance(to: offset + 2)
          continue
        }
        advance(to: offset + 1)
        break
      }
      if byte == UInt8(ascii: "\\") && offset + 1 < bytes.count
        && (bytes[offset + 1] == quote || bytes[offset + 1] == UInt8(ascii: "\\"))
      {
        contents.append(bytes[offset + 1])
        advance(to: offset + 2)
        continue
      }
      contents.append(byte)
      advance(to: offset + 1)
    }
    return Token(
      kind: .string, text: String(decoding: contents, as: UTF8.self),
      range: range(from: start, column: startColumn))
  }

  /// Returns whether an opening typographic quote starts at `offset`, as in text pasted
  /// from a word processor or a chat: true for “, false for ‘, nil for none.
  static func typographicQuote(in bytes: [UInt8], at offset: Int) -> Bool? {
    guard offset + 2 < bytes.count, bytes[offset] == 0xE2, bytes[offset + 1] == 0x80 else {
      return nil
    }
    switch bytes[offset + 2] {
    case 0x9C: return true
    case 0x98: return false
    default: return nil
    }
  }

  /// Returns the length of the typographic quote at `offset` when it closes text opened by
  /// “ (`double`) or ‘, or nil when none closes there. ” or “ closes the first. Only a ’
  /// that ends a word closes the second, so the apostrophe in ‘client’s CFO’ stays text.
  static func typographicClosingLength(in bytes: [UInt8], at offset: Int, double: Bool) -> Int? {
    guard offset + 2 < bytes.count, bytes[offset] == 0xE2, bytes[offset + 1] == 0x80 else {
      return nil
    }
    let last = bytes[offset + 2]
    if double { return last == 0x9D || last == 0x9C ? 3 : nil }
    guard last == 0x99 else { return nil }
    let after = offset + 3 < bytes.count ? bytes[offset + 3] : UInt8(ascii: " ")
    let endsWord =
      after == UInt8(ascii: " ") || after == 0x09 || after == UInt8(ascii: ",")
      || after == UInt8(ascii: ")")
    return endsWord ? 3 : nil
  }

  /// Reads text in typographic quotes as a string: “…” or ‘…’, closed where
  /// `typographicClosingLength` finds a closing quote.
  private mutating func readTypographicString(double: Bool) throws(SyntaxError) -> Token {
    let start = offset
    let startColumn = column
    advance(to: offset + 3)
    let contentStart = offset
    while true {
      guard offset + 2 < bytes.count else {
        advance(to: bytes.count)
        throw SyntaxError(
          SyntaxError.unclosedQuote, at: range(from: start, column: startColumn),
          hint: "end it with \(double ? "”" : "’"), or write the text in plain quotes (\")")
      }
      if let closing = Lexer.typographicClosingLength(in: bytes, at: offset, double: double) {
        let text = String(decoding: bytes[contentStart..<offset], as: UTF8.self)
        advance(to: offset + closing)
        return Token(kind: .string, text: text, range: range(from: start, column: startColumn))
      }
      advance(to: offset + 1)
    }
  }

  private mutating func readNumberOrDate() throws(SyntaxError) -> Token {
    let start = offset
    let startColumn = column

    if let end = isoDateEnd(at: offset) {
      advance(to: end)
      return Token(
        kind: .date, text: text(from: start), range: range(from: start, column: startColumn))
    }
    if let (end, iso) = shortISODate(at: offset) {
      advance(to: end)
      return Token(kind: .date, text: iso, range: range(from: start, column: startColumn))
    }

    var index = offset
    if bytes[index] == UInt8(ascii: "-") { index += 1 }
    if index < bytes.count && bytes[index] == UInt8(ascii: "$") { index += 1 }
    while index < bytes.count {
      let byte = bytes[index]
      if isDigit(byte) || byte == UInt8(ascii: ".") {
        index += 1
      } else if byte == UInt8(ascii: ","), index + 4 <= bytes.count,
        bytes[(index + 1)..<(index + 4)].allSatisfy(isDigit),
        index + 4 == bytes.count || !isDigit(bytes[index + 4])
      {
        // NOTE: a comma followed by exactly three digits is a thousands separator, so
        // `in (100,200)` reads as the one number 100,200. Lists need a space after the comma.
        index += 4
      } else {
        break
      }
    }
    // An optional suffix: k, m, mm, b, bn or %.
    if index < bytes.count {
      let lower = bytes[index] | 0x20
      if bytes[index] == UInt8(ascii: "%") {
        index += 1
      } else if lower == UInt8(ascii: "k") || lower == UInt8(ascii: "m")
        || lower == UInt8(ascii: "b")
      {
        var suffixEnd = index + 1
        if suffixEnd < bytes.count
          && ((lower == UInt8(ascii: "m") && bytes[suffixEnd] | 0x20 == UInt8(ascii: "m"))
            || (lower == UInt8(ascii: "b") && bytes[suffixEnd] | 0x20 == UInt8(ascii: "n")))
        {
          suffixEnd += 1
        }
        if suffixEnd == bytes.count || !isWordByte(bytes[suffixEnd]) {
          index = suffixEnd
        }
      }
    }
    if index < bytes.count && isWordStart(bytes[index]) {
      var end = index
      while end < bytes.count && isWordByte(bytes[end]) { end += 1 }
      let wordEnd = end
      advance(to: wordEnd)
      let fullRange = range(from: start, column: startColumn)
      throw SyntaxError(
        "'\(text(from: start))' is not a number", at: fullRange,
        hint: "put a space between a number and a word, or quote text that starts with a digit")
    }
    advance(to: index)
    return Token(
      kind: .number, text: text(from: start), range: range(from: start, column: startColumn))
  }

  /// Returns the end of a date written year first with a one-digit month or day, as
  /// `2022-3-1`, and the date written in full, `2022-03-01`. Returns nil for other text.
  private func shortISODate(at start: Int) -> (end: Int, iso: String)? {
    var parts: [[UInt8]] = [[]]
    var index = start
    while index < bytes.count {
      let byte = bytes[index]
      if isDigit(byte) {
        parts[parts.count - 1].append(byte)
      } else if byte == UInt8(ascii: "-") && parts.count < 3 && !parts[parts.count - 1].isEmpty {
        parts.append([])
      } else {
        break
      }
      index += 1
    }
    if index < bytes.count && isWordStart(bytes[index]) { return nil }
    guard parts.count == 3, parts[0].count == 4, (1...2).contains(parts[1].count),
      (1...2).contains(parts[2].count)
    else { return nil }
    func padded(_ digits: [UInt8]) -> String {
      (digits.count == 1 ? "0" : "") + String(decoding: digits, as: UTF8.self)
    }
    return (
      index, "\(String(decoding: parts[0], as: UTF8.self))-\(padded(parts[1]))-\(padded(parts[2]))"
    )
  }

  private func isoDateEnd(at start: Int) -> Int? {
    guard start + 10 <= bytes.count else { return nil }
    let slice = bytes[start..<(start + 10)]
    for (position, byte) in slice.enumerated() {
      if position == 4 || position == 7 {
        guard byte == UInt8(ascii: "-") else { return nil }
      } else if !isDigit(byte) {
        return nil
      }
    }
    if start + 10 < bytes.count && (isDigit(bytes[start + 10]) || isWordStart(bytes[start + 10])) {
      return nil
    }
    return start + 10
  }

  private mutating func readWord() -> Token {
    let start = offset
    let startColumn = column
    var index = offset
    while index < bytes.count {
      let byte = bytes[index]
      if isWordByte(byte) {
        index += 1
      } else if (byte == UInt8(ascii: "-") || byte == UInt8(ascii: ".")
        || byte == UInt8(ascii: "'"))
        && index + 1 < bytes.count && isWordByte(bytes[index + 1])
      {
        index += 2
      } else {
        break
      }
    }
    advance(to: index)
    return Token(
      kind: .word, text: text(from: start), range: range(from: start, column: startColumn))
  }

  private mutating func readSymbol() throws(SyntaxError) -> Token {
    let start = offset
    let startColumn = column
    let byte = bytes[offset]
    let next: UInt8? = offset + 1 < bytes.count ? bytes[offset + 1] : nil

    var length = 1
    switch byte {
    case UInt8(ascii: "<"):
      if next == UInt8(ascii: "=") || next == UInt8(ascii: ">") { length = 2 }
    case UInt8(ascii: ">"):
      if next == UInt8(ascii: "=") || next == UInt8(ascii: ">") { length = 2 }
    case UInt8(ascii: "!"):
      guard next == UInt8(ascii: "=") || next == UInt8(ascii: "~") else {
        advance(to: offset + 1)
        throw SyntaxError(
          "'!' must be followed by '=' or '~'", at: range(from: start, column: startColumn),
          hint: "write != for 'not equal', or use the word not")
      }
      length = 2
    case UInt8(ascii: "="):
      if next == UInt8(ascii: "=") { length = 2 }
    case UInt8(ascii: "~"), UInt8(ascii: "("), UInt8(ascii: ")"), UInt8(ascii: ","),
      UInt8(ascii: "*"),
      UInt8(ascii: "+"), UInt8(ascii: "$"), UInt8(ascii: "-"), UInt8(ascii: ":"):
      break
    default:
      let scalarEnd = scalarEndOffset(from: offset)
      advance(to: scalarEnd)
      var hint = "quote text that contains it, as in \"Müller & Söhne\""
      if byte == UInt8(ascii: "|") {
        hint =
          "review has no pipes; to pipe a result, run it from the shell, as in review data.csv -c 'segment red' | head -3, or quote text that contains |"
      } else if byte == UInt8(ascii: ";") {
        hint =
          "give each command a line of its own (or a -c of its own), or quote text that contains ;"
      } else if byte == UInt8(ascii: "/"), start > 0, bytes[start - 1] >= 0x30,
        bytes[start - 1] <= 0x39
      {
        hint = "write a date as 2022-03-01, or quote it, as in \"2022/03/01\""
      }
      throw SyntaxError(
        "unexpected character '\(text(from: start))'", at: range(from: start, column: startColumn),
        hint: hint)
    }
    advance(to: offset + length)
    var symbol = text(from: start)
    if symbol == "==" { symbol = "=" }
    if symbol == "<>" { symbol = "!=" }
    return Token(kind: .symbol, text: symbol, range: range(from: start, column: startColumn))
  }

  private func scalarEndOffset(from start: Int) -> Int {
    var end = start + 1
    while end < bytes.count && bytes[end] & 0xC0 == 0x80 { end += 1 }
    return end
  }

  @inline(__always)
  private func isDigit(_ byte: UInt8) -> Bool { byte &- 0x30 < 10 }

  /// Letters, `_`, and any byte of a non-ASCII character (accented and CJK names).
  @inline(__always)
  private func isWordStart(_ byte: UInt8) -> Bool {
    (byte | 0x20) &- 0x61 < 26 || byte == UInt8(ascii: "_") || byte >= 0x80
  }

  @inline(__always)
  private func isWordByte(_ byte: UInt8) -> Bool {
    isWordStart(byte) || isDigit(byte)
  }
}
