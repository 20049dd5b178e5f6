import Testing

@testable import ReviewLanguage

/// A token as a test writes it: kind, text, 1-based column and length in characters.
struct TokenSketch: Equatable, CustomStringConvertible {
  let kind: Token.Kind
  let text: String
  let column: Int
  let length: Int

  init(_ kind: Token.Kind, _ text: String, _ column: Int, _ length: Int) {
    self.kind = kind
    self.text = text
    self.column = column
    self.length = length
  }

  init(_ token: Token) {
    self.init(token.kind, token.text, token.range.column, token.range.length)
  }

  var description: String { "\(kind) '\(text)' at \(column)+\(length)" }
}

func tokens(_ line: String) throws -> [TokenSketch] {
  var lexer = Lexer(line)
  return try lexer.all().map(TokenSketch.init)
}

/// Returns the error the lexer raises on the line, or nil.
func lexerError(_ line: String) -> SyntaxError? {
  var lexer = Lexer(line)
  do {
    _ = try lexer.all()
    return nil
  } catch {
    return error
  }
}

@Suite struct LexerTests {
  @Test func kindsAndPositions() throws {
    #expect(
      try tokens("segment renewals<120 where arr>50000") == [
        TokenSketch(.word, "segment", 1, 7),
        TokenSketch(.word, "renewals", 9, 8),
        TokenSketch(.symbol, "<", 17, 1),
        TokenSketch(.number, "120", 18, 3),
        TokenSketch(.word, "where", 22, 5),
        TokenSketch(.word, "arr", 28, 3),
        TokenSketch(.symbol, ">", 31, 1),
        TokenSketch(.number, "50000", 32, 5),
        TokenSketch(.end, "", 37, 1),
      ])
  }

  /// A date with a one-digit month or day reads as the full ISO date.
  @Test func shortISODateReadsInFull() throws {
    #expect(
      try tokens("renewal_date < 2022-3-1") == [
        TokenSketch(.word, "renewal_date", 1, 12), TokenSketch(.symbol, "<", 14, 1),
        TokenSketch(.date, "2022-03-01", 16, 8), TokenSketch(.end, "", 24, 1),
      ])
    #expect(try tokens("2022-12-5").first == TokenSketch(.date, "2022-12-05", 1, 9))
    // Other shapes stay numbers and symbols.
    #expect(try tokens("2022-3").map(\.kind) == [.number, .symbol, .number, .end])
  }

  @Test func typographicQuotesReadAsStrings() throws {
    #expect(
      try tokens("csm = “Maria Fell”") == [
        TokenSketch(.word, "csm", 1, 3), TokenSketch(.symbol, "=", 5, 1),
        TokenSketch(.string, "Maria Fell", 7, 12), TokenSketch(.end, "", 19, 1),
      ])
    // A ’ inside a word is an apostrophe; one that ends a word closes the text.
    #expect(try tokens("‘O’Brien’s Pub’").first == TokenSketch(.string, "O’Brien’s Pub", 1, 15))
    #expect(Lexer.quotedContents("“Acme”") == "Acme")
    #expect(Lexer.quotedContents("“Acme” x") == nil)
    let error = try #require(lexerError("name = “Acme"))
    #expect(error.message == "this quoted text is never closed")
    #expect(error.range.column == 8)
  }

  @Test func columnsCountCharactersAfterAccents() throws {
    var lexer = Lexer("where name = \"Müller & Söhne\" and arr > 5")
    let all = try lexer.all()
    #expect(
      all.map(TokenSketch.init) == [
        TokenSketch(.word, "where", 1, 5),
        TokenSketch(.word, "name", 7, 4),
        TokenSketch(.symbol, "=", 12, 1),
        TokenSketch(.string, "Müller & Söhne", 14, 16),
        TokenSketch(.word, "and", 31, 3),
        TokenSketch(.word, "arr", 35, 3),
        TokenSketch(.symbol, ">", 39, 1),
        TokenSketch(.number, "5", 41, 1),
        TokenSketch(.end, "", 42, 1),
      ])
    let string = try #require(all.first { $0.kind == .string })
    #expect(string.range.startOffset == 13)
    #expect(string.range.endOffset == 31)
  }

  @Test func columnsCountCharactersAfterCJK() throws {
    #expect(
      try tokens("東京 = \"大阪\" or x") == [
        TokenSketch(.word, "東京", 1, 2),
        TokenSketch(.symbol, "=", 4, 1),
        TokenSketch(.string, "大阪", 6, 4),
        TokenSketch(.word, "or", 11, 2),
        TokenSketch(.word, "x", 14, 1),
        TokenSketch(.end, "", 15, 1),
      ])
  }

  @Test(arguments: [
    "50k", "1.2m", "1.5MM", "2bn", "3B", "$49,461", "$1,234,567.89", "80%", "62.4", ".5", "-3",
    "-$5", "120",
  ])
  func numberForms(text: String) throws {
    #expect(
      try tokens(text) == [
        TokenSketch(.number, text, 1, text.count), TokenSketch(.end, "", text.count + 1, 1),
      ])
  }

  @Test(arguments: [
    ("x = 1,23", ["x", "=", "1", ",", "23", ""]),
    ("x = 1,2", ["x", "=", "1", ",", "2", ""]),
    ("x = 1,", ["x", "=", "1", ",", ""]),
    ("x = 1,234", ["x", "=", "1,234", ""]),
    ("x = 1,2345", ["x", "=", "1", ",", "2345", ""]),
    ("x in (9,10)", ["x", "in", "(", "9", ",", "10", ")", ""]),
    ("x in (100,200)", ["x", "in", "(", "100,200", ")", ""]),
  ])
  func commasAfterDigits(line: String, texts: [String]) throws {
    #expect(try tokens(line).map(\.text) == texts)
  }

  @Test func isoDateIsOneToken() throws {
    #expect(
      try tokens("today 2022-02-01") == [
        TokenSketch(.word, "today", 1, 5),
        TokenSketch(.date, "2022-02-01", 7, 10),
        TokenSketch(.end, "", 17, 1),
      ])
  }

  @Test(arguments: [
    ("=", "="), ("==", "="), ("!=", "!="), ("<>", "!="), ("<", "<"), ("<=", "<="), (">", ">"),
    (">=", ">="), (">>", ">>"), ("~", "~"), ("!~", "!~"), ("(", "("), (")", ")"), (",", ","),
    ("*", "*"), ("+", "+"), (":", ":"),
  ])
  func symbols(written: String, symbol: String) throws {
    #expect(
      try tokens("a \(written) b") == [
        TokenSketch(.word, "a", 1, 1),
        TokenSketch(.symbol, symbol, 3, written.count),
        TokenSketch(.word, "b", 4 + written.count, 1),
        TokenSketch(.end, "", 5 + written.count, 1),
      ])
  }

  @Test(arguments: [
    (#""a ""b""""#, #"a "b""#),
    (#""a \"b\" \\ c""#, #"a "b" \ c"#),
    ("'O''Brien'", "O'Brien"),
    (#"'it\'s'"#, "it's"),
    ("\"# c\"", "# c"),
    (#""""#, ""),
  ])
  func quotedStrings(written: String, contents: String) throws {
    let all = try tokens(written)
    #expect(all.first == TokenSketch(.string, contents, 1, written.count))
    #expect(all.count == 2)
  }

  @Test(arguments: ["low-usage", "top10", "O'Brien", "renewal_date", "a.b", "Zoë", "_x"])
  func wordForms(text: String) throws {
    #expect(try tokens(text).first == TokenSketch(.word, text, 1, text.count))
  }

  @Test func minusIsSignOrSymbol() throws {
    #expect(
      try tokens("health>-5").map(\.text) == ["health", ">", "-5", ""])
    #expect(try tokens("5 -3").map(\.kind) == [.number, .symbol, .number, .end])
    #expect(try tokens("arr - 5").map(\.text) == ["arr", "-", "5", ""])
  }

  @Test func commentEndsTheLine() throws {
    #expect(
      try tokens("segment red   # why it matters") == [
        TokenSketch(.word, "segment", 1, 7),
        TokenSketch(.word, "red", 9, 3),
        TokenSketch(.end, "", 15, 1),
      ])
  }

  @Test func lineNumberIsCarried() throws {
    var lexer = Lexer("x", line: 4)
    #expect(try lexer.next().range.line == 4)
  }

  @Test func restOfLine() throws {
    var lexer = Lexer("book  \"Maria Fell\"  # owner")
    _ = try lexer.next()
    let rest = lexer.rest()
    #expect(rest.text == "Maria Fell")
    #expect(rest.range.column == 7)
    #expect(rest.range.length == 12)
    #expect(try lexer.next().kind == .end)
  }

  @Test(arguments: [
    (
      "x ! y", "'!' must be followed by '=' or '~'", 3, 1,
      "write != for 'not equal', or use the word not"
    ),
    (
      "a & b", "unexpected character '&'", 3, 1,
      "quote text that contains it, as in \"Müller & Söhne\""
    ),
    (
      "a ; b", "unexpected character ';'", 3, 1,
      "give each command a line of its own (or a -c of its own), or quote text that contains ;"
    ),
    (
      "a | head", "unexpected character '|'", 3, 1,
      "review has no pipes; to pipe a result, run it from the shell, as in review data.csv -c 'segment red' | head -3, or quote text that contains |"
    ),
    (
      "x = 30days", "'30days' is not a number", 5, 6,
      "put a space between a number and a word, or quote text that starts with a digit"
    ),
    (
      "x = 5kg", "'5kg' is not a number", 5, 3,
      "put a space between a number and a word, or quote text that starts with a digit"
    ),
    ("\"open", "this quoted text is never closed", 1, 5, "end it with \""),
    ("x = 'Zoë", "this quoted text is never closed", 5, 4, "end it with '"),
  ])
  func lexerErrors(line: String, message: String, column: Int, length: Int, hint: String) throws {
    let error = try #require(lexerError(line))
    #expect(error.message == message)
    #expect(error.range.column == column)
    #expect(error.range.length == length)
    #expect(error.hint == hint)
  }
}

@Suite struct SuggestionTests {
  @Test(arguments: [
    ("segmnt", "segment"),
    ("SEGMENT", "segment"),
    ("sgement", "segment"),
    ("hlep", "help"),
    ("summ", "summary"),
    ("tday", "today"),
  ])
  func closeCommand(word: String, suggestion: String) {
    #expect(Suggestions.closest(to: word, among: Parser.commands) == suggestion)
  }

  @Test(arguments: ["frobnicate", "xy", ""])
  func nothingClose(word: String) {
    #expect(Suggestions.closest(to: word, among: Parser.commands) == nil)
  }

  @Test func transpositionIsOneEdit() {
    #expect(Suggestions.editDistance(Array("ab"), Array("ba")) == 1)
    #expect(Suggestions.editDistance(Array("kitten"), Array("sitting")) == 3)
    #expect(Suggestions.editDistance(Array(""), Array("abc")) == 3)
  }
}
