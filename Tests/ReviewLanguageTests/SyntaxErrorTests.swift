import Testing

@testable import ReviewLanguage

/// A line that must not parse, with the message and the span it must point at.
struct SyntaxErrorCase: Sendable, CustomTestStringConvertible {
  let line: String
  let message: String
  let column: Int
  let length: Int
  let hint: String?

  init(_ line: String, _ message: String, at column: Int, _ length: Int, hint: String? = nil) {
    self.line = line
    self.message = message
    self.column = column
    self.length = length
    self.hint = hint
  }

  var testDescription: String { line }
}

/// Returns the error that parsing the line raises, or nil when it parses.
func parseError(_ line: String, lineNumber: Int = 1) -> SyntaxError? {
  do {
    _ = try Parser.parse(line, lineNumber: lineNumber)
    return nil
  } catch {
    return error
  }
}

@Suite struct SyntaxErrorTests {
  @Test(arguments: [
    SyntaxErrorCase(
      "segment red median arr", "unexpected 'arr'", at: 20, 3,
      hint:
        "review totals with count, sum, avg, min and max, and has no median; avg gives the mean"),
    SyntaxErrorCase(
      "where arr > 5 median arr", "unexpected 'median'", at: 15, 6,
      hint:
        "review totals with count, sum, avg, min and max, and has no median; avg gives the mean"),
    SyntaxErrorCase(
      "segment all mean health", "unexpected 'health'", at: 18, 6,
      hint: "the mean is avg, as in segment all avg arr"),
    SyntaxErrorCase(
      "segment all total arr", "unexpected 'arr'", at: 19, 3,
      hint: "the total is sum, as in segment all sum arr"),
    SyntaxErrorCase(
      "segmnt red", "unknown command 'segmnt'", at: 1, 6, hint: "did you mean 'segment'?"),
    SyntaxErrorCase(
      "frobnicate", "unknown command 'frobnicate'", at: 1, 10,
      hint: "type help for the list of commands"),
    SyntaxErrorCase(
      "123", "expected a command, found '123'", at: 1, 3,
      hint: "commands start with a word such as segment, where, show or help"),
    SyntaxErrorCase(
      "segment", "expected a segment or a field, found the end of the command", at: 8, 1,
      hint: "for example: segment red, where arr > 50000, segment renewals<120"),
    SyntaxErrorCase(
      "segment red and", "expected a segment or a field, found the end of the command", at: 16, 1,
      hint: "for example: segment red, where arr > 50000, segment renewals<120"),
    SyntaxErrorCase(
      "segment red limit x", "expected a whole number after 'limit', found 'x'", at: 19, 1),
    SyntaxErrorCase(
      "segment red limit -1", "expected a whole number after 'limit', found '-1'", at: 19, 2),
    SyntaxErrorCase(
      "segment (red or blue",
      "expected ')' to close the '(' at column 9, found the end of the command", at: 21, 1),
    SyntaxErrorCase(
      "segment arr >", "expected a value after '>', found the end of the command", at: 14, 1,
      hint: "for example a number (50000, 50k, $49,461), a date (2022-02-01) or quoted text"),
    SyntaxErrorCase(
      "segment arr > where", "expected a value after '>', found 'where'", at: 15, 5),
    SyntaxErrorCase(
      "segment red = 5 extra", "unexpected 'extra'", at: 17, 5,
      hint: "text with spaces needs quotes, as in \"Maria Fell\""),
    SyntaxErrorCase(
      "segment red = 5 srot arr", "unexpected 'srot'", at: 17, 4,
      hint: "did you mean 'sort'? Text with spaces needs quotes, as in \"Maria Fell\""),
    SyntaxErrorCase(
      "segment red = 5 )", "unexpected ')'", at: 17, 1,
      hint: "this ) closes no ( before it; remove it, or add the ( where the group starts"),
    SyntaxErrorCase(
      "where arr > $1,2,3", "unexpected ','", at: 15, 1,
      hint:
        "a comma goes between the fields of show or sort and between the values of in (…); an amount takes commas only between groups of three digits, as in $1,200,300"
    ),
    SyntaxErrorCase(
      "where renewal_date < 2022/03/01", "unexpected character '/'", at: 26, 1,
      hint: "write a date as 2022-03-01, or quote it, as in \"2022/03/01\""),
    SyntaxErrorCase(
      "timing maybe", "expected on or off after 'timing', found 'maybe'", at: 8, 5),
    SyntaxErrorCase(
      "show", "show needs an account name or a row number", at: 1, 4,
      hint: "write show ACCOUNT, show \"Müller & Söhne\", or show 3 for row 3 of the last result"),
    SyntaxErrorCase(
      "define x red", "expected 'as' after the segment name, found 'red'", at: 10, 3,
      hint: "write: define bigrisk as renewals<120 and arr>50000 and health<40"),
    SyntaxErrorCase(
      "define", "expected a name for the new segment after 'define', found the end of the command",
      at: 7, 1),
    SyntaxErrorCase(
      "where tier in gold", "expected '(' after 'in', found 'gold'", at: 15, 4,
      hint: "list the values in parentheses: tier in (a, b, c)"),
    SyntaxErrorCase("where tier in ()", "the list after 'in' is empty", at: 12, 2),
    SyntaxErrorCase(
      "where tier in (a b)", "expected ',' or ')' in the list, found 'b'", at: 18, 1),
    SyntaxErrorCase(
      "where arr between 1 or 2", "expected 'and' in 'between … and …', found 'or'", at: 21, 2),
    SyntaxErrorCase(
      "where csm is nothing", "expected 'missing' after 'is', found 'nothing'", at: 14, 7,
      hint: "compare values with =, as in csm = x"),
    SyntaxErrorCase(
      "where csm is not there", "expected 'missing' after 'is not', found 'there'", at: 18, 5),
    SyntaxErrorCase(
      "where tier not gold", "expected 'in' after 'tier not'", at: 16, 4,
      hint: "put not before the condition, as in: not tier = x"),
    SyntaxErrorCase(
      "where last_engaged < 30 days", "a number of days needs 'ago' after it or 'in' before it",
      at: 25, 4,
      hint:
        "for a date field write 30 days ago or in 30 days; for a number field write the number alone, as in last_engaged < 30"
    ),
    SyntaxErrorCase(
      "where last_engaged between 3 weeks and today",
      "a number of weeks needs 'ago' after it or 'in' before it", at: 30, 5,
      hint: "write 3 weeks ago, or in 3 weeks"),
    SyntaxErrorCase(
      "segment red limit 1000000001", "limit 1000000001 is too large", at: 19, 10,
      hint: "the largest limit is 1000000000"),
    SyntaxErrorCase(
      "where x < in two days", "expected a number after 'in', as in 'in 30 days'", at: 14, 3),
    SyntaxErrorCase(
      "where x < in 2 parsecs", "expected days, weeks, months or years, found 'parsecs'", at: 16,
      7),
    SyntaxErrorCase("segment a by csm by tier", "a query can group by one field only", at: 18, 2),
    SyntaxErrorCase(
      "segment a count sum arr", "a query can compute one total only", at: 17, 3,
      hint: "run a second query for another total"),
    SyntaxErrorCase(
      "segment a sort", "expected a field name after 'sort', found the end of the command",
      at: 15, 1),
    SyntaxErrorCase(
      "segment a sort where", "expected a field name after 'sort', found 'where'", at: 16, 5),
    SyntaxErrorCase(
      "segment a sum", "expected a field name after 'sum', found the end of the command", at: 14,
      1),
    SyntaxErrorCase(
      "segment red show +a, b", "mix of '+field' and plain field names", at: 22, 1,
      hint: "write show +a, +b to add columns, or show a, b to choose them"),
    SyntaxErrorCase("> out.csv", "there is no command before '>'", at: 3, 7),
    SyntaxErrorCase("segment red >>", "a redirect needs a file name after '>>'", at: 13, 2),
    SyntaxErrorCase(
      "segment red count > \"\"", "a redirect needs a file name after '>'", at: 21, 2),
    SyntaxErrorCase(
      "segment red as",
      "expected a format such as csv, json or markdown after 'as', found the end of the command",
      at: 15, 1),
    SyntaxErrorCase(
      "where name = \"open", "this quoted text is never closed", at: 14, 5, hint: "end it with \""),
    SyntaxErrorCase(
      "where a & b", "unexpected character '&'", at: 9, 1,
      hint: "quote text that contains it, as in \"Müller & Söhne\""),
    SyntaxErrorCase(
      "where x = 30days", "'30days' is not a number", at: 11, 6,
      hint: "put a space between a number and a word, or quote text that starts with a digit"),
    SyntaxErrorCase(
      "where name = \"Zoë\" and ( x",
      "expected ')' to close the '(' at column 24, found the end of the command",
      at: 27, 1),
    SyntaxErrorCase(
      "action add loop in the account owner", "expected a number of days after 'in', found 'the'",
      at: 20, 3,
      hint:
        "write in 14 days, in 2 weeks or in 1 month; if 'in the account owner' is part of the text, quote the text: action add \"loop in the account owner\""
    ),
    SyntaxErrorCase(
      "action add follow up on due diligence", "expected a date, found 'diligence'", at: 29, 9,
      hint:
        "write due 2022-03-01, due \"May 1, 2022\", due in 14 days, due tomorrow or due friday; if 'due diligence' is part of the text, quote the text: action add \"follow up on due diligence\""
    ),
    // The advice quotes the text only as far as the clauses that follow still read as clauses.
    SyntaxErrorCase(
      "action add ask about due diligence owner leader", "expected a date, found 'diligence'",
      at: 26, 9,
      hint:
        "write due 2022-03-01, due \"May 1, 2022\", due in 14 days, due tomorrow or due friday; if 'due diligence' is part of the text, quote the text: action add \"ask about due diligence\" owner leader"
    ),
    // A second limit or show would silently win over the first.
    SyntaxErrorCase(
      "segment red limit 10 limit 5",
      "a query takes one limit, and limit 10 comes before this one", at: 22, 5,
      hint: "keep the limit you want; column 13 has the first"),
    SyntaxErrorCase(
      "segment red show name show arr", "a query takes one show clause", at: 23, 4,
      hint: "list every column in one show, separated by commas"),
    // Clauses between the text and the failing words stay clauses in the advice.
    SyntaxErrorCase(
      "action add call the CFO for Acme due next friday", "expected a date, found 'next'",
      at: 38, 4,
      hint:
        "write due 2022-03-01, due \"May 1, 2022\", due in 14 days, due tomorrow or due friday; if 'due next friday' is part of the text, quote the text: action add \"call the CFO due next friday\" for Acme"
    ),
    SyntaxErrorCase(
      "action add call the \"best\" owner", "expected csm, leader or a name after 'owner'",
      at: 33, 1,
      hint: "if 'owner' is part of the text, quote the text: action add \"call the best owner\""),
    SyntaxErrorCase(
      "action add 'call the \"best\"' owner", "expected csm, leader or a name after 'owner'",
      at: 35, 1),
    SyntaxErrorCase(
      "action edit 4 what it is for", "expected an account or none after 'for'", at: 29, 1,
      hint: "if 'for' is part of the text, quote the text: action edit 4 \"what it is for\""),
    SyntaxErrorCase(
      "action add \"loop\" in the owner", "expected a number of days after 'in', found 'the'",
      at: 22, 3, hint: "write in 14 days, in 2 weeks or in 1 month"),
    SyntaxErrorCase(
      "action add \"loop\" due tomorrow soon", "unexpected 'soon'", at: 32, 4,
      hint:
        "after the text come for ACCOUNT (or for none), owner NAME, and due DATE or in N days; unquoted text ends at for, owner, due or in, so quote text that contains them"
    ),
    // A clause given twice would silently win over the first.
    SyntaxErrorCase(
      "action add \"x\" owner leader owner csm", "the action's owner is given twice", at: 29, 5,
      hint: "give each of for, owner and due (or in) once"),
    SyntaxErrorCase(
      "action add \"x\" due friday in 3 days", "the action's due date is given twice",
      at: 27, 2, hint: "give each of for, owner and due (or in) once"),
    SyntaxErrorCase(
      "action add prepare for renewal for Acme", "the action's account is given twice", at: 32,
      3,
      hint:
        "give each of for, owner and due (or in) once; if 'for renewal' is part of the text, quote the text: action add \"prepare for renewal\" for Acme"
    ),
    SyntaxErrorCase(
      "action add due tomorrow", "action add needs the text of the action", at: 12, 3,
      hint:
        "write action add \"exec call before renewal\" for ACCOUNT owner leader due in 14 days; unquoted text ends at for, owner, due or in"
    ),
    // A quoted account or note ends at its closing quote.
    SyntaxErrorCase(
      "action add due diligence review", "action add needs the text of the action", at: 12, 3,
      hint:
        "text that starts with for, owner, due or in goes in quotes, as in action add \"due diligence review\""
    ),
    SyntaxErrorCase("action add \"y\" for \"Vista Motors\" as json", "unexpected 'as'", at: 35, 2),
    SyntaxErrorCase(
      "note \"Vista Motors\" \"x\" as csv", "unexpected 'as' after the quoted note", at: 25, 2,
      hint:
        "write note \"Account Name\" \"the note\", with everything the note says inside its quotes"
    ),
    SyntaxErrorCase(
      "note \"Vista Motors\" \"abc\" for \"Atlas Labs\"", "unexpected 'for' after the quoted note",
      at: 27, 3),
    SyntaxErrorCase(
      "note \"Acme\" some \"text\"", "unexpected 'some' after the quoted account", at: 13, 4),
  ])
  func errorMessageAndRange(_ testCase: SyntaxErrorCase) throws {
    let error = try #require(parseError(testCase.line))
    #expect(error.message == testCase.message)
    #expect(error.range.column == testCase.column)
    #expect(error.range.length == testCase.length)
    if let hint = testCase.hint {
      #expect(error.hint == hint)
    }
  }

  @Test func actionForKeepsQuotingAdvice() throws {
    let statement = try #require(try Parser.parse("action add prepare for renewal owner leader"))
    guard case .actionAdd(let details) = statement.command else {
      Issue.record("not an action: \(statement.command)")
      return
    }
    #expect(details.text?.value == "prepare")
    #expect(details.account?.value == "renewal")
    #expect(
      details.accountQuotingAdvice
        == "if 'for renewal' is part of the text, quote the text: action add \"prepare for renewal\" owner leader"
    )
    let quoted = try #require(try Parser.parse("action add \"prepare\" for renewal"))
    guard case .actionAdd(let quotedDetails) = quoted.command else {
      Issue.record("not an action: \(quoted.command)")
      return
    }
    #expect(quotedDetails.accountQuotingAdvice == nil)
  }

  @Test func errorCarriesLineNumber() throws {
    let error = try #require(parseError("segment red limit x", lineNumber: 7))
    #expect(error.range.line == 7)
    let redirectError = try #require(parseError("segment red >>", lineNumber: 9))
    #expect(redirectError.range.line == 9)
  }
}
