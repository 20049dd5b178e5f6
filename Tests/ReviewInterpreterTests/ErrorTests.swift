import ReviewInterpreter
import ReviewLoader
import Testing

/// Commands that must fail, with the message, the column of the token blamed and the hint.
@Suite("Command errors")
struct ErrorTests {
  struct Case: CustomTestStringConvertible, Sendable {
    var command: String
    var message: String
    var column: Int?
    var hint: String?
    var testDescription: String { command }
  }

  static let cases: [Case] = [
    Case(
      command: "segment rde", message: "unknown field or segment 'rde'", column: 9,
      hint: "did you mean 'red'?"),
    Case(
      command: "where helth < 40", message: "unknown field 'helth'", column: 7,
      hint: "did you mean 'health'?"),
    Case(
      command: "segment renewls<120", message: "unknown field or segment 'renewls'", column: 9,
      hint: "did you mean 'renewals<120'?"),
    Case(
      command: "segment unengagd>30", message: "unknown field or segment 'unengagd'", column: 9,
      hint: "did you mean 'unengaged>30'?"),
    Case(
      command: "segment renew<120", message: "unknown field or segment 'renew'", column: 9,
      hint: "did you mean 'renewals<120'?"),
    Case(
      command: "where renewng <= 90 and arr > 50k", message: "unknown field or segment 'renewng'",
      column: 7, hint: "did you mean 'renewals<=90'?"),
    Case(
      command: "segment rde>=30", message: "unknown field or segment 'rde'", column: 9,
      hint: "did you mean 'red>=30'?"),
    Case(
      command: "segment droped>15", message: "unknown field or segment 'droped'", column: 9,
      hint: "did you mean 'dropped>15'?"),
    Case(
      command: "where zzz > 3", message: "unknown field or segment 'zzz'", column: 7,
      hint: "type segments or fields to see what there is"),
    Case(
      command: "where renewls = 5", message: "unknown field 'renewls'", column: 7,
      hint: "type fields to see the fields of this book"),
    Case(
      command: "segment dropped<5", message: "dropped takes > and a number of points, not <",
      column: 16, hint: "write dropped>15 for a move of more than 15 points"),
    Case(
      command: "where rose >= 20", message: "rose takes > and a number of points, not >=",
      column: 12, hint: "write rose>15 for a move of more than 15 points"),
    Case(
      command: "explain dropped<=5", message: "dropped takes > and a number of points, not <=",
      column: 16),
    Case(
      command: "where status = purple", message: "unknown status 'purple'", column: 16,
      hint: "status takes red, yellow, green"),
    Case(
      command: "where status != gren", message: "unknown status 'gren'", column: 17,
      hint: "did you mean 'green'? status takes red, yellow, green"),
    Case(
      command: "where stage = trail", message: "unknown stage 'trail'", column: 15,
      hint:
        "did you mean 'trial'? stage takes onboarding, trial, poc, opt-out, active, churned, renewed"
    ),
    Case(
      command: "where stage not in (trial, \"pocc\")", message: "unknown stage 'pocc'",
      column: 28,
      hint:
        "did you mean 'poc'? stage takes onboarding, trial, poc, opt-out, active, churned, renewed"),
    Case(
      command: "where nps_category = detractors", message: "unknown nps_category 'detractors'",
      column: 22, hint: "did you mean 'detractor'? nps_category takes detractor, passive, promoter"
    ),
    Case(
      command: "where nps_category in (promoter, pasive)",
      message: "unknown nps_category 'pasive'", column: 34,
      hint: "did you mean 'passive'? nps_category takes detractor, passive, promoter"),
    Case(
      command: "where renewal_date > \"abc\"",
      message: "renewal_date is a date field, and \"abc\" is not a date",
      column: 22, hint: "compare it with 2022-02-01, \"May 1, 2022\", 30 days ago or in 2 weeks"),
    Case(
      command: "today 2022-02-30", message: "2022-02-30 is not a date", column: 7,
      hint: "write a date such as 2022-02-01, \"May 1, 2022\", 30 days ago or in 2 weeks"),
    Case(
      command: "today 22-02-01",
      message: "today takes a date as YYYY-MM-DD, such as today 2022-02-01, not '22-02-01'",
      column: 7, hint: "it also takes 2022/02/01, \"Feb 1, 2022\", in 2 weeks and 30 days ago"),
    Case(
      command: "today soon",
      message: "today takes a date as YYYY-MM-DD, such as today 2022-02-01, not 'soon'",
      column: 7, hint: "it also takes 2022/02/01, \"Feb 1, 2022\", in 2 weeks and 30 days ago"),
    Case(
      command: "segment red > \"\"", message: "a redirect needs a file name after '>'", column: 15,
      hint: "name the file after >, as in > red.csv, in quotes if it has spaces"),
    Case(
      command: "segment red count >> ' '", message: "a redirect needs a file name after '>>'",
      column: 22, hint: "name the file after >>, as in >> red.csv, in quotes if it has spaces"),
    Case(
      command: "where arr >> 5",
      message: "'>>' appends the result to the file 5, so arr is left without a comparison",
      column: 7, hint: "a comparison takes a single >, as in arr > 5"),
    Case(
      command: "segment goals behind<3", message: "goals behind takes no threshold", column: 21,
      hint:
        "the goals segments are goals, goals met, goals missing and goals behind, and none takes a number; to select by the number of goals, compare a field, as in segment goals behind where goals_remaining < 3"
    ),
    Case(
      command: "segment goals done<3",
      message: "goals takes 'met', 'missing', 'behind' after its name, not 'done'", column: 15),
    Case(
      command: "segment newly red>3", message: "newly red takes no threshold", column: 18,
      hint:
        "the newly segments are newly red, newly yellow and newly green, and none takes a number"
    ),
    Case(
      command: "segment detractors<3", message: "detractors takes no threshold", column: 19,
      hint:
        "write detractors alone; to select by a number, compare a field, as in segment detractors where arr > 50000"
    ),
    Case(
      command: "where arr > soon",
      message: "arr is a money field, and soon is not an amount of money", column: 13,
      hint:
        "compare it with 50000, 50k, 1.2m or $49,461; to write the result to the file soon instead, use >> or a name with an extension, as in > soon.txt"
    ),
    Case(
      // health is also a segment, but one that cannot stand without a threshold, so the
      // word after > is a value to compare with, not a file.
      command: "where health > abc",
      message: "health is a number field, and abc is not a number", column: 16,
      hint:
        "compare it with 40 or 62.5; to write the result to the file abc instead, use >> or a name with an extension, as in > abc.txt"
    ),
    Case(
      command: "where arr > soon and health > 3",
      message: "arr is a money field, and soon is not an amount of money", column: 13,
      hint: "compare it with 50000, 50k, 1.2m or $49,461"),
    Case(
      command: "where health > 2022-01-01",
      message: "health is a number field, and 2022-01-01 is not a number",
      column: 16, hint: "compare it with 40 or 62.5"),
    Case(
      command: "where renewal_date < \"03/01/2022\"",
      message: "\"03/01/2022\" could be read either way round", column: 22,
      hint: "write the date as 2022-03-01 (month first) or 2022-01-03 (day first)"),
    Case(
      command: "segment health", message: "health needs a threshold", column: 9,
      hint: "write health<40 or health>80"),
    Case(
      command: "segment goals done",
      message: "goals takes 'met', 'missing', 'behind' after its name, not 'done'",
      column: 15),
    Case(
      command: "segment red yellow", message: "red takes no word after its name", column: 13,
      hint: "combine segments with and, or and not"),
    Case(
      command: "segment arr", message: "arr is a money field, not a segment", column: 9,
      hint: "compare it with a value, as in arr > 50000"),
    Case(
      command: "segment renewals<soon", message: "renewals needs a number after <", column: 18,
      hint: "for example renewals<120"),
    Case(
      command: "segment red sum name",
      message: "sum needs a number or money field, but name is a text field", column: 17,
      hint: "count the accounts with count, or group them with by name"),
    Case(
      command: "segment red sort nmae", message: "unknown field 'nmae'", column: 18,
      hint: "did you mean 'name'?"),
    Case(
      command: "segment renewals<120 whre arr>50000", message: "unexpected 'whre'", column: 22,
      hint: "did you mean 'where'? Text with spaces needs quotes, as in \"Maria Fell\""),
    Case(
      command: "where csm = Maria Fell", message: "unexpected 'Fell'", column: 19,
      hint: "text with spaces needs quotes, as in \"Maria Fell\""),
    Case(
      command: "segmnt red", message: "unknown command 'segmnt'", column: 1,
      hint: "did you mean 'segment'?"),
    Case(
      command: "where (red or green",
      message: "expected ')' to close the '(' at column 7, found the end of the command", column: 20
    ),
    Case(
      command: "where name ~ \"acme", message: "this quoted text is never closed", column: 14,
      hint: "end it with \""),
    Case(
      command: "where arr ~ 5", message: "~ looks for text, but arr is a money field", column: 7,
      hint: "compare it with =, <, or >"),
    Case(
      command: "where csm in red", message: "expected '(' after 'in', found 'red'", column: 14,
      hint: "list the values in parentheses: csm in (a, b, c)"),
    Case(
      command: "show Nobody", message: "no account named 'Nobody'", column: 6,
      hint: "list accounts with segment all, or search with where name ~ text"),
    Case(
      command: "show Acme Crop", message: "no account named 'Acme Crop'", column: 6,
      hint: "did you mean \"Acme Corp\"?"),
    Case(
      command: "show o",
      message:
        "'o' matches 5 accounts: \"Acme Corp\", \"Blue Harbor\", \"Delta Foods\", \"Falcon Bank\", \"Müller & Söhne\"",
      column: 6, hint: "give the whole name in quotes, or the account id"),
    Case(
      command: "show 3", message: "there is no result to pick row 3 from", column: 6,
      hint: "list accounts or actions first, as in segment red or action list, then show 3"),
    Case(command: "book Nobody", message: "no CSM is named 'Nobody'", column: 6),
    Case(
      command: "format xml", message: "unknown format 'xml'", column: 8,
      hint: "the formats are table, csv, tsv, json, jsonl, markdown"),
    Case(
      command: "segment red as xsv", message: "unknown format 'xsv'", column: 16,
      hint: "did you mean 'csv'? the formats are table, csv, tsv, json, jsonl, markdown"),
    Case(
      command: "segment top10 limit -1",
      message: "expected a whole number after 'limit', found '-1'", column: 21),
    Case(
      command: "help nothing", message: "no help on 'nothing'", column: 6,
      hint: "type help for the list of commands"),
    Case(
      command: "explain arr", message: "arr is a field, not a segment", column: 9,
      hint: "type fields to see how it was loaded"),
    Case(
      command: "explain bigrsk", message: "unknown field or segment 'bigrsk'", column: 9,
      hint: "type segments or fields to see what there is"),
    Case(
      command: "explain  \"bigrsk\"", message: "unknown field or segment 'bigrsk'", column: 11),
    Case(
      command: "explain renewls<120", message: "unknown field or segment 'renewls'", column: 9,
      hint: "did you mean 'renewals<120'?"),
    Case(
      command: "explain renewals<",
      message: "expected a value after '<', found the end of the command", column: 18),
    Case(
      command: "explain renewals<soon", message: "renewals needs a number after <", column: 18,
      hint: "for example renewals<120"),
    Case(
      command: "explain goals done",
      message: "goals takes 'met', 'missing', 'behind' after its name, not 'done'", column: 15),
    Case(
      command: "explain red yellow", message: "red takes no word after its name", column: 13),
    Case(
      command: "explain red<5", message: "red takes a number of days after >, as in red>30",
      column: 13),
    Case(
      command: "explain newly", message: "newly needs a word after it", column: 9,
      hint: "write newly red, newly yellow, newly green"),
    Case(
      command: "ask red and bigrsk", message: "unknown field or segment 'bigrsk'", column: 13),
    Case(
      command: "ask renewals<soon", message: "renewals needs a number after <", column: 14),
    Case(
      command: "undefine bigrsk", message: "no defined segment is named 'bigrsk'", column: 10),
    Case(
      command: "undefine red", message: "red is a built-in segment and cannot be removed",
      column: 10),
    Case(
      command: "define red as health < 10", message: "red is a built-in segment", column: 8,
      hint: "choose another name"),
    Case(
      command: "define arr as health < 10", message: "arr is a field of this book", column: 8,
      hint: "choose another name"),
    Case(
      command: "where days_since_touch > 3",
      message: "days_since_touch needs the field last_touch, which this book does not have",
      column: 7, hint: "map a column to it with --map 'Header=last_touch'"),
    Case(
      command: "where exec_sponsor = x", message: "this book has no exec_sponsor field", column: 7,
      hint:
        "map a column to it with --map 'Header=exec_sponsor', or type fields to see what the book has"
    ),
    Case(
      command: "segment all by csm sum arr sort health",
      message: "the grouped result has no column 'health'",
      column: 33, hint: "sort by one of its columns: csm, accounts, sum_arr"),
    Case(
      command: "segment all by csm sort sum_ar",
      message: "the grouped result has no column 'sum_ar'",
      column: 25, hint: "sort by one of its columns: csm, accounts, arr"),
    Case(
      command: "segment all by csm sum arr sort sum_ar",
      message: "the grouped result has no column 'sum_ar'",
      column: 33, hint: "did you mean 'sum_arr'? sort by one of its columns: csm, accounts, sum_arr"
    ),
    Case(
      command: "segment red count limit 2",
      message: "a total without by is a single row, so 'limit' has nothing to cut", column: 19,
      hint:
        "add by FIELD for one row per group, as in segment red by csm count sort accounts desc limit 3"
    ),
    Case(
      command: "segment red sort arr sum arr",
      message: "a total without by is a single row, so 'sort' has nothing to order", column: 13,
      hint:
        "add by FIELD for one row per group, as in segment red by csm sum arr sort sum_arr desc limit 3"
    ),
    Case(
      command: "segment all by csm show name",
      message:
        "show chooses the columns of an account list, but 'by csm' makes a table of totals",
      column: 20, hint: "drop show to see the totals, or drop the totals to list the accounts"),
    Case(
      command: "segment all show * count",
      message:
        "show chooses the columns of an account list, but 'count' makes a table of totals",
      column: 13),
    Case(
      command: "where days_to_renewal < 30 days",
      message: "days_to_renewal is a number field, so 30 takes no unit", column: 28,
      hint: "write days_to_renewal < 30"),
    Case(
      command: "where arr >= 2 weeks", message: "arr is a money field, so 2 takes no unit",
      column: 16, hint: "write arr >= 2"),
    Case(
      command: "where renewal_date < 30 days",
      message: "a number of days needs 'ago' after it or 'in' before it", column: 25,
      hint: "write renewal_date < 30 days ago, or renewal_date < in 30 days"),
    Case(
      command: "where tier = 3 days",
      message: "a number of days needs 'ago' after it or 'in' before it",
      column: 16,
      hint:
        "for a date field write 3 days ago or in 3 days; for a number field write the number alone, as in tier = 3"
    ),
    Case(
      command: "segment red limit 99999999999999999999",
      message: "limit 99999999999999999999 is too large", column: 19,
      hint: "the largest limit is 1000000000"),
    Case(
      command: "segment unengaged>-5", message: "unengaged>-5 has a negative threshold", column: 19,
      hint: "give a number of 0 or more, as in unengaged>30"),
    Case(
      command: "where renewals <= -1", message: "renewals<=-1 has a negative threshold", column: 19,
      hint: "give a number of 0 or more, as in renewals<120"),
    Case(
      command: "segment low-usage<-0.5", message: "low-usage<-0.5 has a negative threshold",
      column: 19, hint: "give a number of 0 or more, as in low-usage<40"),
    Case(
      command: "segment red>-5", message: "red takes a number of days after >, as in red>30",
      column: 13),
    Case(
      command: "where renewal_date between 2022-03-01 and 2022-02-01",
      message: "the range is reversed: 2022-03-01 is after 2022-02-01", column: 28,
      hint: "write the lower end first: renewal_date between 2022-02-01 and 2022-03-01"),
    Case(
      command: "where arr between 50k and 10k",
      message: "the range is reversed: 50k is larger than 10k",
      column: 19, hint: "write the lower end first: arr between 10k and 50k"),
    Case(
      command: "where renewal_date between in 2 weeks and 3 days ago",
      message: "the range is reversed: in 2 weeks is after 3 days ago", column: 28,
      hint: "write the lower end first: renewal_date between 3 days ago and in 2 weeks"),
    Case(
      command: "minutes as csv", message: "minutes gives no table, so as csv does not apply",
      column: 12,
      hint:
        "as FORMAT follows commands that give a table, such as segment, where, segments, summary, fields, notes and action list"
    ),
    Case(
      command: "explain red as json", message: "explain gives no table, so as json does not apply",
      column: 16),
    Case(
      command: "today as json", message: "today gives no table, so as json does not apply",
      column: 10),
    Case(
      command: "ask red as json", message: "ask gives no table, so as json does not apply",
      column: 12),
    Case(
      command: "minutes > out/minutes.csv",
      message: "minutes gives text, not a table, so it cannot be written as CSV to out/minutes.csv",
      column: 11,
      hint: "write it to a file ending in .md or .txt, such as out/minutes.md"),
    Case(
      command: "ask renewals<120 > questions.jsonl",
      message:
        "ask gives text, not a table, so it cannot be written as JSONL to questions.jsonl",
      column: 20),
    Case(
      command: "echo hello > e.json",
      message: "echo gives text, not a table, so it cannot be written as JSON to e.json",
      column: 14),
    Case(
      command: "heading Renewals > h.csv",
      message: "heading gives text, not a table, so it cannot be written as CSV to h.csv",
      column: 20),
    Case(
      command: "explain red > red.tsv",
      message: "explain gives text, not a table, so it cannot be written as TSV to red.tsv",
      column: 15),
    Case(
      command: "help as json", message: "help gives no table, so as json does not apply",
      column: 9),
    Case(
      command: "note \"Acme Corp\" moved > notes.txt",
      message: "note gives no result to write to notes.txt", column: 26,
      hint:
        "> FILE follows commands that give a result, such as segment, where, summary, notes or minutes; text that contains > goes in quotes"
    ),
    Case(
      command: "today 2022-02-05 > today.txt",
      message: "today gives no result to write to today.txt", column: 20),
    Case(
      command: "book all > book.txt", message: "book gives no result to write to book.txt",
      column: 12),
    Case(
      command: "book > book.csv",
      message: "book gives text, not a table, so it cannot be written as CSV to book.csv",
      column: 8, hint: "write it to a file ending in .md or .txt, such as book.md"),
    Case(
      command: "format json > format.json",
      message: "format gives no result to write to format.json", column: 15),
    Case(
      command: "book as csv", message: "book gives no table, so as csv does not apply", column: 9),
    Case(
      command: "action add call Acme > todo.txt",
      message: "action add gives no result to write to todo.txt", column: 24),
    Case(
      command: "quit now", message: "unexpected 'now': quit takes nothing after it", column: 6,
      hint: "write quit alone"),
    Case(
      command: "summary please", message: "unexpected 'please': summary takes nothing after it",
      column: 9, hint: "write summary alone, or summary as csv"),
  ]

  @Test(arguments: cases)
  func commandFails(_ testCase: Case) throws {
    let session = try Fixtures.session()
    do {
      _ = try session.run(testCase.command)
      Issue.record("\(testCase.command) did not fail")
    } catch {
      #expect(error.message == testCase.message)
      #expect(error.range?.column == testCase.column)
      if let hint = testCase.hint {
        #expect(error.hint == hint)
      }
    }
  }

  @Test func showRowAfterTotals() throws {
    let session = try Fixtures.session()
    _ = try session.run("segment red by csm")
    do {
      _ = try session.run("show 1")
      Issue.record("show 1 after totals did not fail")
    } catch {
      #expect(
        error.message == "the last result shows totals, not a list of accounts, so it has no row 1")
      #expect(
        error.hint
          == "list the accounts, as in segment red, then show 1; ask walks the accounts the totals counted"
      )
    }
    _ = try session.run("where arr > 50k count")
    do {
      _ = try session.run("show 2")
      Issue.record("show 2 after a count did not fail")
    } catch {
      #expect(
        error.hint
          == "list the accounts, as in where arr > 50k, then show 2; ask walks the accounts the totals counted"
      )
    }
  }

  @Test func enumValuesOfTheBookStayValid() throws {
    // The loader reads Live as active and keeps the words it does not know.
    let csv = """
      id,name,status,stage
      A1,Acme Corp,Red,Paused
      A2,Blue Harbor,Watch,Live
      A3,Cedar Labs,Green,Trial

      """
    let book = try Loader.load(text: csv, name: "stages.csv").book
    let session = Session(book: book, today: Fixtures.today)
    #expect(Fixtures.column("name", of: try session.run("where stage = paused")) == ["Acme Corp"])
    #expect(Fixtures.column("name", of: try session.run("where status = Watch")) == ["Blue Harbor"])
    #expect(Fixtures.column("name", of: try session.run("where stage = active")) == ["Blue Harbor"])
    // Canonical values that the book lacks are valid, and match nothing.
    #expect(Fixtures.column("name", of: try session.run("where stage = onboarding")) == [])
    #expect(Fixtures.column("name", of: try session.run("where status = yellow")) == [])

    let stages = "onboarding, trial, poc, opt-out, active, churned, renewed, Paused"
    let failures: [(command: String, message: String, hint: String)] = [
      (
        "where stage = pasued", "unknown stage 'pasued'",
        "did you mean 'Paused'? stage takes \(stages)"
      ),
      (
        "where stage = live", "unknown stage 'live'", "did you mean 'active'? stage takes \(stages)"
      ),
      (
        "where status = amber", "unknown status 'amber'",
        "did you mean 'yellow'? status takes red, yellow, green, Watch"
      ),
    ]
    for failure in failures {
      do {
        _ = try session.run(failure.command)
        Issue.record("\(failure.command) did not fail")
      } catch {
        #expect(error.message == failure.message)
        #expect(
          error.range?.column == failure.command.count
            - failure.command.split(separator: " ").last!.count + 1)
        #expect(error.hint == failure.hint)
      }
    }
  }

  @Test func segmentUnavailableWithoutItsFields() throws {
    let session = try Fixtures.session()
    do {
      _ = try session.run("segment unengaged>30 where days_since_touch > 3")
      Issue.record("the query did not fail")
    } catch {
      #expect(
        error.message
          == "days_since_touch needs the field last_touch, which this book does not have")
    }
  }

  /// A book with no churn field is told each way to load one, none of which loads the
  /// wrong column.
  @Test func churnedUnavailableNamesEachWayToLoadIt() throws {
    let book = try Loader.load(text: "name,arr\nAcme,100\n", name: "plain.csv").book
    let session = Session(book: book, today: Fixtures.today)
    do {
      _ = try session.run("segment churned")
      Issue.record("the query did not fail")
    } catch {
      #expect(
        error.message
          == "the segment churned cannot be used with this book: this book has no stage field")
      #expect(
        error.hint
          == "load the column that records churn with --map: 'Header=churned' for a yes/no or 0/1 flag, 'Header=churn_date' for the date, or 'Header=stage' for a stage that reads churned"
      )
    }
  }

  /// A churn flag written `1.0` and `0.0`, as data frames export it, counts as churned, and
  /// so does one loaded under that name with --map.
  @Test func churnFlagWrittenAsDecimalsCounts() throws {
    let csv = """
      name,churned,exited
      Acme,1.0,1
      Beta,0.0,0
      Cedar,1.0,1
      Delta,,

      """
    let book = try Loader.load(text: csv, name: "flags.csv").book
    let session = Session(book: book, today: Fixtures.today)
    #expect(Fixtures.column("name", of: try session.run("segment churned")) == ["Acme", "Cedar"])
    // A missing flag is neither churned nor not churned.
    #expect(Fixtures.column("name", of: try session.run("where not churned")) == ["Beta"])

    let mapped = try Loader.load(
      text: csv, name: "flags.csv", options: LoadOptions(mappings: [("exited", "churned")])
    ).book
    let mappedSession = Session(book: mapped, today: Fixtures.today)
    #expect(
      Fixtures.column("name", of: try mappedSession.run("segment churned")) == ["Acme", "Cedar"])
  }
}
