import Testing

@testable import ReviewLanguage

/// A line and its parse printed back by `SyntaxSketch`.
struct ParseCase: Sendable, CustomTestStringConvertible {
  let line: String
  let sketch: String

  init(_ line: String, _ sketch: String) {
    self.line = line
    self.sketch = sketch
  }

  var testDescription: String { line }
}

/// Parses a line that must contain a command, not a blank line or a comment.
func parse(_ line: String, lineNumber: Int = 1) throws -> Statement {
  guard let statement = try Parser.parse(line, lineNumber: lineNumber) else {
    throw SyntaxError(
      "the line is blank or a comment",
      at: SourceRange(column: 1, length: 0, startOffset: 0, endOffset: 0))
  }
  return statement
}

@Suite struct ExpressionParsingTests {
  @Test(arguments: [
    ParseCase("a or b and c", "(a or (b and c))"),
    ParseCase("a and b or c", "((a and b) or c)"),
    ParseCase("a and b and c", "((a and b) and c)"),
    ParseCase("a or b or c", "((a or b) or c)"),
    ParseCase("not a and b", "(not(a) and b)"),
    ParseCase("not a or b and not c", "(not(a) or (b and not(c)))"),
    ParseCase("not (a or b)", "not([(a or b)])"),
    ParseCase("not not a", "not(not(a))"),
    ParseCase("(a or b) and c", "([(a or b)] and c)"),
    ParseCase("((a))", "[[a]]"),
    ParseCase("A OR b AND NOT c", "(A or (b and not(c)))"),
  ])
  func precedence(_ testCase: ParseCase) throws {
    #expect(SyntaxSketch.expression(try Parser.parseExpression(testCase.line)) == testCase.sketch)
  }

  @Test(arguments: [
    ParseCase("red", "red"),
    ParseCase("goals met", "goals met"),
    ParseCase("newly red or red", "(newly red or red)"),
    ParseCase("renewals<120", "renewals < 120"),
    ParseCase("arr >= 100k or strategic", "(arr >= 100k or strategic)"),
    ParseCase("health<40 or nps<7", "(health < 40 or nps < 7)"),
    ParseCase("csm = \"Maria Fell\"", "csm = \"Maria Fell\""),
    ParseCase("csm == Maria", "csm = Maria"),
    ParseCase("arr <> 5", "arr != 5"),
    ParseCase("arr != $49,461", "arr != $49,461"),
    ParseCase("health > -5", "health > -5"),
    ParseCase("usage <= 80%", "usage <= 80%"),
    ParseCase("renewal_date >= 2022-02-01", "renewal_date >= 2022-02-01"),
    ParseCase("tier in (gold, silver, \"Big Co\")", "tier in (gold, silver, \"Big Co\")"),
    ParseCase("tier in (gold)", "tier in (gold)"),
    ParseCase("tier not in (gold, 5)", "tier not in (gold, 5)"),
    ParseCase("nps in (9,10)", "nps in (9, 10)"),
    ParseCase("seats in (100, 200)", "seats in (100, 200)"),
    ParseCase("arr in ($1,200, 50k)", "arr in ($1,200, 50k)"),
    ParseCase("arr between 10k and 50k", "arr between 10k and 50k"),
    ParseCase("arr between 1 and 2 and red", "(arr between 1 and 2 and red)"),
    ParseCase("csm is missing", "csm is missing"),
    ParseCase("csm is not missing", "csm is not missing"),
    ParseCase("csm is empty", "csm is missing"),
    ParseCase("csm IS NOT BLANK", "csm is not missing"),
    ParseCase("name ~ acme", "name ~ acme"),
    ParseCase("name !~ \"ac me\"", "name !~ \"ac me\""),
    ParseCase("\"Account Name\" ~ inc", "Account Name ~ inc"),
  ])
  func termsAndPredicates(_ testCase: ParseCase) throws {
    #expect(SyntaxSketch.expression(try Parser.parseExpression(testCase.line)) == testCase.sketch)
  }

  @Test(arguments: [
    ParseCase("renewal_date < today", "renewal_date < @+0day"),
    ParseCase("renewal_date > yesterday", "renewal_date > @-1day"),
    ParseCase("renewal_date = tomorrow", "renewal_date = @+1day"),
    ParseCase("last_engaged < 30 days ago", "last_engaged < @-30day"),
    ParseCase("last_touch < 1 year ago", "last_touch < @-1year"),
    ParseCase("last_touch < 2 w ago", "last_touch < @-2week"),
    ParseCase("renewal_date < in 2 weeks", "renewal_date < @+2week"),
    ParseCase("renewal_date < in 6 months", "renewal_date < @+6month"),
    ParseCase(
      "renewal_date between today and in 3 months",
      "renewal_date between @+0day and @+3month"),
    ParseCase(
      "nps_date between 90 days ago and today", "nps_date between @-90day and @+0day"),
  ])
  func relativeDates(_ testCase: ParseCase) throws {
    #expect(SyntaxSketch.expression(try Parser.parseExpression(testCase.line)) == testCase.sketch)
  }

  @Test func expressionRanges() throws {
    let expression = try Parser.parseExpression("renewals<120 and arr>50000")
    #expect(expression.range.column == 1)
    #expect(expression.range.length == 26)
    guard case .and(let lhs, let rhs) = expression else {
      Issue.record("expected an and, got \(expression)")
      return
    }
    #expect(lhs.range.column == 1)
    #expect(lhs.range.length == 12)
    #expect(rhs.range.column == 18)
    #expect(rhs.range.length == 9)
  }

  @Test func termKeepsEachPart() throws {
    let expression = try Parser.parseExpression("goals met >= 3")
    guard case .term(let term) = expression else {
      Issue.record("expected a term, got \(expression)")
      return
    }
    #expect(
      term.name == Located("goals", SourceRange(column: 1, length: 5, startOffset: 0, endOffset: 5))
    )
    #expect(term.qualifier?.value == "met")
    #expect(term.qualifier?.range.column == 7)
    #expect(term.comparison?.symbol.value == .greaterOrEqual)
    #expect(term.comparison?.value.value == .number("3"))
    #expect(term.comparison?.value.range.column == 14)
  }

  @Test func expressionAtPlaceInLine() throws {
    // `explain Müller and red>30`: the rest of the line starts at column 9, byte 8.
    let line = "explain Müller and red>30"
    let range = SourceRange(column: 9, length: 17, startOffset: 8, endOffset: line.utf8.count)
    let expression = try Parser.parseExpression("Müller and red>30", at: range)
    guard case .and(.term(let lhs), .term(let rhs)) = expression else {
      Issue.record("expected two terms, got \(expression)")
      return
    }
    #expect(
      lhs.name
        == Located("Müller", SourceRange(column: 9, length: 6, startOffset: 8, endOffset: 15)))
    #expect(
      rhs.name == Located("red", SourceRange(column: 20, length: 3, startOffset: 20, endOffset: 23))
    )
    #expect(rhs.comparison?.value.range.column == 24)

    // The text of `explain "red and"`, whose quotes the parser removed.
    let quoted = SourceRange(column: 9, length: 9, startOffset: 8, endOffset: 17)
    do {
      _ = try Parser.parseExpression("red and", at: quoted)
      Issue.record("the expression parsed")
    } catch {
      #expect(error.message == "expected a segment or a field, found the end of the command")
      #expect(error.range.column == 17)
      #expect(error.range.startOffset == 16)
    }
  }

  @Test func trailingTextAfterExpression() throws {
    do {
      _ = try Parser.parseExpression("red = 5 extra")
      Issue.record("the expression parsed")
    } catch {
      #expect(error.message == "unexpected 'extra'")
      #expect(error.range.column == 9)
    }
  }
}

@Suite struct CommandParsingTests {
  @Test(arguments: [
    ParseCase("segment red", "segment red"),
    ParseCase("Segment RED", "segment RED"),
    ParseCase(
      "segment renewals<120 where arr>50000", "segment renewals < 120 where arr > 50000"),
    ParseCase(
      "segment red where csm = \"Maria Fell\" sort arr desc limit 10",
      "segment red where csm = \"Maria Fell\" sort arr desc limit 10"),
    ParseCase(
      "segment unengaged>45 show name, csm, last_engaged, days_since_engaged",
      "segment unengaged > 45 show name, csm, last_engaged, days_since_engaged"),
    ParseCase(
      "where health < 40 and (arr >= 100k or strategic)",
      "where (health < 40 and [(arr >= 100k or strategic)])"),
    ParseCase("segment health<40 or nps<7", "segment (health < 40 or nps < 7)"),
    ParseCase("segment renewals<90 count", "segment renewals < 90 count"),
    ParseCase("segment all by csm sum arr", "segment all by csm sum arr"),
    ParseCase("segment red by tier avg health", "segment red by tier avg health"),
    ParseCase("segment red min renewal_date", "segment red min renewal_date"),
    ParseCase("segment red sort arr asc name desc", "segment red sort arr asc, name desc"),
    ParseCase("segment red sort arr, name descending", "segment red sort arr, name desc"),
    ParseCase("segment red sort arr sort name", "segment red sort arr, name"),
    ParseCase("segment red show +arr, +csm", "segment red show +arr, +csm"),
    ParseCase("segment red show *", "segment red show *"),
    ParseCase("segment red show \"Account Name\"", "segment red show Account Name"),
    ParseCase("segment red limit 0", "segment red limit 0"),
    ParseCase("segment red as csv", "segment red as csv"),
    ParseCase("segment red # the red accounts", "segment red"),
    ParseCase("segments", "segments"),
    ParseCase("segments as json", "segments as json"),
    ParseCase("fields", "fields"),
    ParseCase("summary", "summary"),
    ParseCase("quit", "quit"),
    ParseCase("exit", "quit"),
    ParseCase("timing on", "timing on"),
    ParseCase("timing OFF", "timing off"),
    ParseCase("today", "today"),
    ParseCase("today 2022-02-01", "today 2022-02-01"),
    ParseCase("today in 3 days", "today @+3day"),
    ParseCase("today 2022/02/01", "today \"2022/02/01\""),
    ParseCase("today 22-02-01", "today \"22-02-01\""),
    ParseCase("today Feb 1, 2022", "today \"Feb 1, 2022\""),
    ParseCase("today \"Feb 1, 2022\"", "today \"Feb 1, 2022\""),
    ParseCase("today 5", "today \"5\""),
    ParseCase("today 2022-02-01 as json", "today 2022-02-01 as json"),
    ParseCase("show PayPal", "show account PayPal"),
    ParseCase("show 3", "show row 3"),
    ParseCase("show \"Müller & Söhne\"", "show account Müller & Söhne"),
    ParseCase("show Acme Corp", "show account Acme Corp"),
    ParseCase("book", "book?"),
    ParseCase("book all", "book all"),
    ParseCase("book \"Maria Fell\"", "book Maria Fell"),
    ParseCase("book Maria Fell", "book Maria Fell"),
    ParseCase("show \"Açaí \"\"Tropical\"\" Bowls\"", "show account Açaí \"Tropical\" Bowls"),
    ParseCase("show \"the \"\"Best\"\" Co\" as csv", "show account the \"Best\" Co as csv"),
    ParseCase("show 'Bob''s Shop'", "show account Bob's Shop"),
    ParseCase("show \"a\" \"b\"", "show account \"a\" \"b\""),
    ParseCase("book \"Jo \"\"JJ\"\" Park\"", "book Jo \"JJ\" Park"),
    ParseCase("explain \"big \"\"risk\"\"\"", "explain big \"risk\""),
    ParseCase("explain red", "explain red"),
    ParseCase("explain \"big risk\"", "explain big risk"),
    ParseCase("undefine bigrisk", "undefine bigrisk"),
    ParseCase("help", "help"),
    ParseCase("help Segment", "help segment"),
    ParseCase("format", "format"),
    ParseCase("format markdown", "format markdown"),
  ])
  func commands(_ testCase: ParseCase) throws {
    #expect(SyntaxSketch.statement(try parse(testCase.line)) == testCase.sketch)
  }

  @Test(arguments: [
    ParseCase(
      "define bigrisk as renewals<120 and arr>50000 and health<40",
      "define bigrisk as renewals<120 and arr>50000 and health<40"),
    ParseCase("define nocsm as csm is missing", "define nocsm as csm is missing"),
    ParseCase("define named as csm is not missing", "define named as csm is not missing"),
    ParseCase(
      "define metals as tier in (gold, silver)  # plan tiers",
      "define metals as tier in (gold, silver)"),
    ParseCase("define either as (a or b)", "define either as (a or b)"),
    ParseCase(
      "define near as renewal_date < in 30 days", "define near as renewal_date < in 30 days"),
  ])
  func defineKeepsExpressionText(_ testCase: ParseCase) throws {
    #expect(SyntaxSketch.statement(try parse(testCase.line)) == testCase.sketch)
  }

  @Test func defineTextParsesToSameExpression() throws {
    let statement = try parse("define metals as tier not in (gold, silver) or csm is missing")
    guard case .define(_, let expression, let text) = statement.command else {
      Issue.record("expected a define, got \(statement.command)")
      return
    }
    let reparsed = try Parser.parseExpression(text)
    #expect(SyntaxSketch.expression(reparsed) == SyntaxSketch.expression(expression))
  }

  @Test(arguments: ["", "   ", "# a comment", "  # indented comment"])
  func blankLinesParseToNothing(line: String) throws {
    #expect(try Parser.parse(line) == nil)
  }

  @Test func statementKeepsSourceLine() throws {
    let statement = try parse("segment red > red.csv")
    #expect(statement.source == "segment red > red.csv")
  }
}

@Suite struct RedirectTests {
  @Test(arguments: [
    ("segment red > red.csv", "segment red", "red.csv", false),
    ("segment red >> log.md", "segment red", "log.md", true),
    ("segment red >> notes", "segment red", "notes", true),
    ("segment red > out/red", "segment red", "out/red", false),
    ("segment red>red.csv", "segment red", "red.csv", false),
    ("segment red > red.csv # monthly", "segment red", "red.csv", false),
    ("segment red as json > red.txt", "segment red as json", "red.txt", false),
    ("where (arr > 5) > big.jsonl", "where [arr > 5]", "big.jsonl", false),
  ])
  func redirectIsSplitOff(line: String, command: String, path: String, appends: Bool) throws {
    let statement = try parse(line)
    let redirect = try #require(statement.redirect)
    #expect(redirect.path.value == path)
    #expect(redirect.appends == appends)
    var withoutRedirect = statement
    withoutRedirect.redirect = nil
    #expect(SyntaxSketch.statement(withoutRedirect) == command)
  }

  @Test(arguments: [
    ("where arr > 50000", "where arr > 50000"),
    ("where arr >= 5", "where arr >= 5"),
    ("where arr > 1.5", "where arr > 1.5"),
    ("where name = \"a > b.csv\"", "where name = \"a > b.csv\""),
    ("where renewal_date > 2022-02-01", "where renewal_date > 2022-02-01"),
  ])
  func comparisonIsNotRedirect(line: String, sketch: String) throws {
    let statement = try parse(line)
    #expect(statement.redirect == nil)
    #expect(SyntaxSketch.statement(statement) == sketch)
  }

  @Test(arguments: [
    ("segment red count > out", "segment red count", "out"),
    ("segment red count > notes.log", "segment red count", "notes.log"),
    ("segment red count > \"notes.log\"", "segment red count", "notes.log"),
    ("segment red count > 'my notes'", "segment red count", "my notes"),
    ("segment red sum arr > out", "segment red sum arr", "out"),
    ("segment red by csm > out", "segment red by csm", "out"),
    ("segment red limit 3 > out", "segment red limit 3", "out"),
    ("segment red show name, arr > out", "segment red show name, arr", "out"),
    ("segment red sort arr desc > out", "segment red sort arr desc", "out"),
    ("segment red as csv > out", "segment red as csv", "out"),
    ("where arr > 5 > out", "where arr > 5", "out"),
    ("where (red or green) > out", "where [(red or green)]", "out"),
    ("where tier in (a, b) > out", "where tier in (a, b)", "out"),
    ("where nps is missing > out", "where nps is missing", "out"),
    ("summary > out", "summary", "out"),
    ("segments > out", "segments", "out"),
    ("show Acme > out", "show account Acme", "out"),
  ])
  func redirectWhereNoComparisonFits(line: String, command: String, path: String) throws {
    let statement = try parse(line)
    let redirect = try #require(statement.redirect)
    #expect(redirect.path.value == path)
    #expect(redirect.appends == false)
    var withoutRedirect = statement
    withoutRedirect.redirect = nil
    #expect(SyntaxSketch.statement(withoutRedirect) == command)
  }

  @Test(arguments: ["minutes > out", "action list > out", "action top > out", "notes > out"])
  func journalCommandsRedirect(line: String) throws {
    let redirect = try #require(try parse(line).redirect)
    #expect(redirect.path.value == "out")
  }

  @Test(arguments: [
    ("segment red # the red ones", "segment red"),
    ("# a whole line", ""),
    ("echo a#b  \t# note", "echo a#b"),
    ("where name = \"a # b\" # c", "where name = \"a # b\""),
    ("where name = 'it''s # x'", "where name = 'it''s # x'"),
    ("heading Tier $tier # tier", "heading Tier $tier"),
    ("note Acme ticket #4521 # still text", "note Acme ticket #4521 # still text"),
    ("action add check #12 # text", "action add check #12 # text"),
    ("ACTION Edit 3 ticket # 9", "ACTION Edit 3 ticket # 9"),
    ("action list # mine", "action list"),
    ("action done #3", "action done #3"),
    ("Action  Drop\t#12 # called twice", "Action  Drop\t#12"),
    ("action reopen #x", "action reopen"),
    ("action done 3 # #4 too", "action done 3"),
  ])
  func commentRemoved(line: String, expected: String) {
    #expect(Parser.removingComment(from: line) == expected)
  }

  @Test func hashIsTextAfterCommentRemoved() throws {
    let statement = try #require(try Parser.parse("heading Tier #1", commentRemoved: true))
    #expect(statement.command == .heading("Tier #1"))
    let redirected = try #require(
      try Parser.parse("segment red > \"red #1.csv\"", commentRemoved: true))
    #expect(redirected.redirect?.path.value == "red #1.csv")
    let commented = try #require(try Parser.parse("heading Tier #1"))
    #expect(commented.command == .heading("Tier"))
  }

  @Test func runTakesFormatAndRedirect() throws {
    let redirected = try parse("run agenda.review > out")
    #expect(redirected.command == .run(Located("agenda.review", range(5, 13))))
    #expect(redirected.redirect?.path.value == "out")
    #expect(redirected.redirect?.appends == false)

    let appended = try parse("include parts/red.review as csv >> log")
    #expect(appended.command == .include(Located("parts/red.review", range(9, 16))))
    #expect(appended.format?.value == "csv")
    #expect(appended.redirect?.path.value == "log")
    #expect(appended.redirect?.appends == true)

    // An unknown format is split off too, for the interpreter to report as a format.
    let unknown = try parse("run agenda.review as cvs")
    #expect(unknown.format == Located("cvs", range(22, 3)))

    let quoted = try parse("run \"plan as of may.review\"")
    #expect(quoted.command == .run(Located("plan as of may.review", range(5, 23))))
    #expect(quoted.format == nil)

    let doubled = try parse("include \"the \"\"Best\"\".review\"")
    #expect(doubled.command == .include(Located("the \"Best\".review", range(9, 21))))
  }

  @Test func restOfLineReadsDoubledQuotes() throws {
    let output = try parse("output \"the \"\"Best\"\".md\"")
    #expect(output.command == .output(Located("the \"Best\".md", range(8, 17))))
    let echo = try parse("echo \"say \"\"hi\"\"\"")
    #expect(echo.command == .echo("say \"hi\""))
    let notes = try parse("notes \"the \"\"Best\"\" Co\"")
    #expect(notes.command == .notes(Located("the \"Best\" Co", range(7, 17))))
  }

  private func range(_ column: Int, _ length: Int) -> SourceRange {
    SourceRange(
      column: column, length: length, startOffset: column - 1, endOffset: column - 1 + length)
  }

  @Test func segmentNameRedirects() throws {
    let isSegment: (String, LocatedLiteral) -> Bool = { name, _ in name != "red" }
    let statement = try #require(
      try Parser.parse("segment red > out", comparesField: isSegment))
    #expect(statement.redirect?.path.value == "out")
    #expect(SyntaxSketch.command(statement.command) == "segment red")

    let quoted = try #require(
      try Parser.parse("where not red > \"out\"", comparesField: isSegment))
    #expect(quoted.redirect?.path.value == "out")

    let field = try #require(try Parser.parse("where name > abc", comparesField: isSegment))
    #expect(field.redirect == nil)
    #expect(SyntaxSketch.statement(field) == "where name > abc")

    // With no space on either side, `>` before a word is a threshold, and only a name with
    // an extension or a folder is a file.
    #expect(try Parser.parse("segment red>thirty", comparesField: isSegment)?.redirect == nil)
    #expect(
      try Parser.parse("segment red>red.csv", comparesField: isSegment)?.redirect?.path.value
        == "red.csv")
    #expect(
      try Parser.parse("segment red >out", comparesField: isSegment)?.redirect?.path.value
        == "out")
  }

  @Test func comparesFieldSeesNameAndValue() throws {
    var asked: [String] = []
    _ = try Parser.parse("segment goals met > \"out\"") { name, value in
      asked.append("\(name) \(value.value)")
      return false
    }
    #expect(asked == ["goals string(\"out\")"])
  }

  @Test(arguments: [
    ("where name > \"abc\"", "where name > \"abc\""),
    ("where name > abc", "where name > abc"),
    ("segment red > 30", "segment red > 30"),
  ])
  func comparisonStaysWhereItFits(line: String, sketch: String) throws {
    let statement = try parse(line)
    #expect(statement.redirect == nil)
    #expect(SyntaxSketch.statement(statement) == sketch)
  }

  @Test(arguments: [
    "echo a > b", "heading Risks > out", "let x = a > b", "note \"a > b\" > c",
    "define big as red > out",
  ])
  func freeTextKeepsItsGreaterThan(line: String) throws {
    #expect((try? parse(line))?.redirect == nil)
  }

  @Test func unclearRedirectExplainsHowToWriteOne() throws {
    let error = try #require(parseError("segment red count > my file"))
    #expect(error.message == "unexpected '>'")
    #expect(error.range.column == 19)
    #expect(
      error.hint
        == "to write the result to a file, end the command with > and one file name, quoted if it has spaces; where > could compare, use >> or a name with an extension, or put the comparison in parentheses"
    )
  }

  @Test func pathRangeCountsCharacters() throws {
    let redirect = try #require(try parse("show \"Zoë\" > zoë.csv").redirect)
    #expect(redirect.path.range.column == 14)
    #expect(redirect.path.range.length == 7)
    #expect(redirect.path.range.startOffset == 14)
    #expect(redirect.path.range.endOffset == 22)
  }

  @Test(arguments: [
    "a.csv", "out/x", "report.MD", "r.markdown", "x.txt", "y.tsv", "z.ndjson", "w.xlsx",
  ])
  func pathLike(text: String) {
    #expect(Parser.isPathLike(text))
  }

  @Test(arguments: ["50000", ".csv", "csv", "my file.csv", "", "x.html"])
  func notPathLike(text: String) {
    #expect(!Parser.isPathLike(text))
  }
}
