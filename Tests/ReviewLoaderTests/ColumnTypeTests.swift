import ReviewBook
import Testing

@testable import ReviewLoader

/// The cells of one column with a header that maps to no field, and the type they must give.
struct InferenceCase: Sendable, CustomTestStringConvertible {
  let cells: [String]
  let type: FieldType

  init(_ cells: [String], _ type: FieldType) {
    self.cells = cells
    self.type = type
  }

  var testDescription: String { "\(cells) → \(type)" }

  var csv: String { "name,Sample\n" + cells.enumerated().map { "A\($0),\($1)\n" }.joined() }
}

@Suite struct ColumnInferenceTests {

  /// A decimal comma in a comma-separated file is quoted, and is no number there.
  @Test func decimalCommaCellSuggestsTheOption() throws {
    for (header, expected) in [("health", "a number"), ("arr", "an amount of money")] {
      let error = try #require(loadError("id,\(header)\n1,\"72,5\"\n"))
      #expect(error.line == 2, "\(header)")
      #expect(
        error.hint?.hasPrefix(
          "if the comma is a decimal comma, start review with --decimal-comma; otherwise write \(expected)"
        )
          == true, "\(header)")
      #expect(error.hint?.hasSuffix("--map '\(header)=\(header)_text'") == true, "\(header)")
    }
    var options = LoadOptions()
    options.decimalComma = true
    let book = try load("id,health\n1,\"72,5\"\n", options: options).book
    #expect(book.values(of: "health") == [.number(72.5)])
  }
  @Test(arguments: [
    InferenceCase(["10", "20"], .number),
    InferenceCase(["62.4", "-3"], .number),
    InferenceCase(["80%", "75%"], .number),
    InferenceCase(["1", "0"], .number),
    InferenceCase(["$5", "7"], .money),
    InferenceCase(["5k", "6"], .money),
    InferenceCase(["300 USD", "n/a"], .money),
    InferenceCase(["2021-01-05", "\"May 1, 2016\""], .date),
    InferenceCase(["05/01/2016", "25/01/2016"], .date),
    InferenceCase(["yes", "no"], .boolean),
    InferenceCase(["true", "n/a"], .boolean),
    InferenceCase(["007", "010"], .text),
    InferenceCase(["5", "abc"], .text),
    InferenceCase(["", "-"], .text),
    InferenceCase(["2021-01-05", "soon"], .text),
  ])
  func inferredType(_ testCase: InferenceCase) throws {
    let book = try load(testCase.csv).book
    #expect(book.field(named: "Sample")?.type == testCase.type)
  }

  @Test func inferredValues() throws {
    let text = """
      name,Seats,Budget,Kickoff,Active,Code
      A,10,$5,2021-01-05,yes,007
      B,,7,May 1 2016,No,010
      C,2.5,n/a,-,,

      """
    let book = try load(text).book
    #expect(book.values(of: "Seats") == [.number(10), .missing, .number(2.5)])
    #expect(book.values(of: "Budget") == [.money(cents: 500), .money(cents: 700), .missing])
    #expect(book.values(of: "Kickoff") == [day(2021, 1, 5), day(2016, 5, 1), .missing])
    #expect(book.values(of: "Active") == [.boolean(true), .boolean(false), .missing])
    #expect(book.values(of: "Code") == [.text("007"), .text("010"), .missing])
  }

  @Test func missingMarkersInTypedColumns() throws {
    let book = try load("name,health,arr,renewal_date\nA,n/a,-,NULL\nB,,N/A,#N/A\n").book
    #expect(book.values(of: "health") == [.missing, .missing])
    #expect(book.values(of: "arr") == [.missing, .missing])
    #expect(book.values(of: "renewal_date") == [.missing, .missing])
  }

  @Test func declaredBooleanAcceptsDigits() throws {
    let book = try load("name,Strategic\nA,1\nB,0\nC,x\nD,yes\n").book
    #expect(
      book.values(of: "strategic") == [
        .boolean(true), .boolean(false), .boolean(true), .boolean(true),
      ])
  }

  @Test func declaredBooleanAcceptsDecimalDigits() throws {
    let book = try load("name,Strategic\nA,1.0\nB,0.0\nC,\n").book
    #expect(book.values(of: "strategic") == [.boolean(true), .boolean(false), .missing])
  }

  /// A churn flag of 0 and 1 is yes/no; another column of 0 and 1, or a churn column with
  /// other numbers, stays a number.
  @Test func churnFlagOfDigitsIsBoolean() throws {
    let book = try load(
      "name,churned,Churn Flag,SeniorCitizen,churn\nA,1.0,1,1,2\nB,0.0,0,0,0\nC,,0,1,1\n"
    ).book
    #expect(book.values(of: "churned") == [.boolean(true), .boolean(false), .missing])
    #expect(book.values(of: "Churn Flag") == [.boolean(true), .boolean(false), .boolean(false)])
    #expect(book.values(of: "SeniorCitizen") == [.number(1), .number(0), .number(1)])
    #expect(book.values(of: "churn") == [.number(2), .number(0), .number(1)])
  }
}

@Suite struct DateOrderTests {
  @Test func orderDecidedPerColumn() throws {
    let text = """
      name,renewal_date,client_since
      A,05/01/2016,13/01/2016
      B,12/25/2016,05/02/2016

      """
    let book = try load(text).book
    #expect(book.values(of: "renewal_date") == [day(2016, 5, 1), day(2016, 12, 25)])
    #expect(book.values(of: "client_since") == [day(2016, 1, 13), day(2016, 2, 5)])
  }

  @Test func isoAndNumericDatesMix() throws {
    let book = try load("name,renewal_date\nA,2016-05-01\nB,05/13/2016\nC,\"May 2, 2016\"\n").book
    #expect(
      book.values(of: "renewal_date") == [day(2016, 5, 1), day(2016, 5, 13), day(2016, 5, 2)])
  }

  @Test func ambiguousColumnNamesTheChoice() throws {
    let error = try #require(loadError("name,renewal_date\nA,05/01/2016\nB,06/02/2016\n"))
    #expect(
      error.description == """
        accounts.csv:2:3: error: cannot tell the day from the month in column "renewal_date": no date in it has a day above 12
          hint: run again with --dates mdy if 05/01/2016 means May 1, or --dates dmy if it means 5 January
        """)
  }

  /// Only exports that write the day first write dates with dots, so such a column needs
  /// no --dates. A cell that shows the month first still decides.
  @Test func dottedDatesPutTheDayFirst() throws {
    let book = try load("name,renewal_date\nA,04.03.2022\nB,5.6.22\n").book
    #expect(book.values(of: "renewal_date") == [day(2022, 3, 4), day(2022, 6, 5)])
    let monthFirst = try load("name,renewal_date\nA,04.03.2022\nB,03.25.2022\n").book
    #expect(monthFirst.values(of: "renewal_date") == [day(2022, 4, 3), day(2022, 3, 25)])
    let withOrder = try load(
      "name,renewal_date\nA,04.03.2022\n", options: LoadOptions(dateOrder: .monthFirst)
    ).book
    #expect(withOrder.values(of: "renewal_date") == [day(2022, 4, 3)])
  }

  @Test(arguments: [
    (ValueParser.DateOrder.monthFirst, [(2016, 5, 1), (2016, 6, 2)]),
    (.dayFirst, [(2016, 1, 5), (2016, 2, 6)]),
  ])
  func datesOptionResolvesAmbiguity(order: ValueParser.DateOrder, dates: [(Int, Int, Int)]) throws {
    let options = LoadOptions(dateOrder: order)
    let book = try load("name,renewal_date\nA,05/01/2016\nB,06/02/2016\n", options: options).book
    #expect(book.values(of: "renewal_date") == dates.map { day($0.0, $0.1, $0.2) })
  }

  @Test func mixedOrdersAreAnError() throws {
    let error = try #require(loadError("name,renewal_date\nA,13/01/2016\nB,01/13/2016\n"))
    #expect(
      error.description == """
        accounts.csv:3:3: error: column "renewal_date" mixes day-first dates (line 2) and month-first dates (line 3)
          hint: choose one order with --dates dmy or --dates mdy, and correct the cells that do not follow it
        """)
  }

  @Test func datesOptionLeavesDecidedColumnsAlone() throws {
    let options = LoadOptions(dateOrder: .monthFirst)
    let text = "name,renewal_date,client_since\nA,13/01/2016,05/01/2016\nB,05/02/2016,06/02/2016\n"
    let book = try load(text, options: options).book
    #expect(book.values(of: "renewal_date") == [day(2016, 1, 13), day(2016, 2, 5)])
    #expect(book.values(of: "client_since") == [day(2016, 5, 1), day(2016, 6, 2)])
  }

  @Test func datesOptionForcesMixedColumn() throws {
    let options = LoadOptions(dateOrder: .monthFirst)
    let error = try #require(
      loadError("name,Renewal\nA,01/13/2016\nB,13/01/2016\n", options: options))
    #expect(
      error.description == """
        accounts.csv:3:3: error: renewal_date in column "Renewal" is 13/1/2016, which is not a date when read as month/day/year
          hint: correct the cell, or choose the other order with --dates dmy
        """)
  }

  @Test func ambiguousUnknownColumnLoadsAsText() throws {
    let result = try load("name,Signed\nA,05/01/2016\nB,06/02/2016\n")
    #expect(result.book.field(named: "Signed")?.type == .text)
    #expect(
      result.warnings.map(\.description) == [
        "accounts.csv: warning: column \"Signed\" holds dates such as 05/01/2016 whose day and month cannot be told apart; it is loaded as text (use --dates mdy or --dates dmy to read it as dates)"
      ])
  }
}

@Suite struct BadCellTests {
  @Test func numberFieldWithText() throws {
    let error = try #require(loadError("name,health\nAcme,62\nGlobex,high\n"))
    #expect(
      error.description == """
        accounts.csv:3:8: error: health must be a number, but the cell in column "health" is "high"
          hint: write a number such as 62.4 or 80%, leave the cell empty, or load the column under another name with --map 'health=health_text'
        """)
  }

  @Test func aliasHeaderInMessageAndHint() throws {
    let error = try #require(loadError("name,Health Score\nAcme,high\n", name: "q1/export.csv"))
    #expect(
      error.description == """
        q1/export.csv:2:6: error: health must be a number, but the cell in column "Health Score" is "high"
          hint: write a number such as 62.4 or 80%, leave the cell empty, or load the column under another name with --map 'Health Score=health_text'
        """)
  }

  @Test func columnCountsCharactersInsideQuotes() throws {
    let error = try #require(loadError("name,health\n\"Café\",\"high\"\n"))
    #expect(error.line == 2)
    #expect(error.column == 9)
  }

  @Test func moneyTotalOverflowRejected() throws {
    // Each amount fits, but eleven of about $9 quadrillion add up to more than 2^63 cents.
    var text = "name,arr\n"
    for index in 0..<11 {
      text +=
        index == 3 ? "A3,\"$9,100,000,000,000,000\"\n" : "A\(index),\"$9,000,000,000,000,000\"\n"
    }
    let error = try #require(loadError(text))
    #expect(
      error.message
        == "the amounts in column \"arr\" add up to more than review can total (about 92 quadrillion), so totals would be wrong; its largest amount is on this line"
    )
    #expect(error.line == 5)
    #expect(error.column == 5)
    // Ten of them fit, and a negative amount counts by its size.
    let fits = "name,arr\n" + String(repeating: "A,\"$9,000,000,000,000,000\"\n", count: 10)
    #expect(loadError(fits) == nil)
    #expect(loadError(fits + "B,\"-$9,000,000,000,000,000\"\n") != nil)
  }

  @Test func fractionalHealthReadsAsShares() throws {
    let result = try load("name,Health Score\nA,0.725\nB,0.9\nC,\nD,0.2\n")
    #expect(
      result.book.values(of: "health") == [.number(72.5), .number(90), .missing, .number(20)])
    #expect(
      result.book.values(of: "status") == [.text("green"), .text("green"), .missing, .text("red")])
    #expect(
      result.warnings.map(\.message) == [
        "every score in column \"Health Score\" lies between 0 and 1, so health reads them as shares of 100: 0.725 is 72.5 (red below 40, yellow below 70); if the scores are out of 100, start review with --health-scale 100"
      ])
    // Whole scores of 0 and 1, or any score above 1, keep the 0 to 100 scale.
    #expect(
      try load("name,health\nA,0\nB,1\n").book.values(of: "health") == [.number(0), .number(1)])
    #expect(
      try load("name,health\nA,0.5\nB,35\n").book.values(of: "health") == [
        .number(0.5), .number(35),
      ])
  }

  /// Scores out of 10 would make every account red on the 0 to 100 scale, so they are
  /// read as tenths of 100, with a warning.
  @Test func healthOutOfTenReadsAsTenths() throws {
    let result = try load("name,health\nA,9\nB,7.5\nC,3\nD,\nE,10\n")
    #expect(
      result.book.values(of: "health") == [
        .number(90), .number(75), .number(30), .missing, .number(100),
      ])
    #expect(
      result.book.values(of: "status") == [
        .text("green"), .text("green"), .text("red"), .missing, .text("green"),
      ])
    #expect(
      result.warnings.map(\.message) == [
        "every score in column \"health\" lies between 0 and 10, so health reads them on a scale of 10: 7.5 is 75 (red below 40, yellow below 70); if the scores are out of 100, start review with --health-scale 100"
      ])
    // One score above 10 keeps the 0 to 100 scale.
    #expect(
      try load("name,health\nA,9\nB,11\n").book.values(of: "health") == [.number(9), .number(11)])
  }

  /// --health-scale decides the scale without a warning, and warns of scores above it.
  @Test(arguments: [
    (100, [9.0, 7.5, 3], ""),
    (10, [90.0, 75, 30], ""),
    (
      1, [900.0, 750, 300],
      "column \"health\" has scores above 1, such as 9, though --health-scale says 1 is the highest"
    ),
  ])
  func healthScaleOption(scale: Int, health: [Double], warning: String) throws {
    var options = LoadOptions()
    options.healthScale = scale
    let result = try load("name,health\nA,9\nB,7.5\nC,3\n", options: options)
    #expect(result.book.values(of: "health") == health.map { .number($0) })
    #expect(result.warnings.map(\.message) == (warning.isEmpty ? [] : [warning]))
  }

  /// A row of totals, as spreadsheets and report exports add, is loaded but warned of,
  /// since every total would count its amounts twice.
  @Test func rowsOfTotalsAreWarnedOf() throws {
    let result = try load(
      "name,arr\nAcme,\"$1,000\"\nBeta,\"$2,000\"\nGrand Total (2),\"$3,000\"\n")
    #expect(result.book.count == 3)
    #expect(
      result.warnings.map(\.description) == [
        "accounts.csv:4:1: warning: the row \"Grand Total (2)\" looks like a row of totals; it is loaded as an account, so totals count its amounts again (delete the row from the export)"
      ])
    // Subtotals between the accounts count as well, in a book with ids and in one without.
    let subtotals = try load(
      "id,name,csm,arr\n1,Acme,Ann,10\n2,Bolt,Ann,20\n,Ann Total,,30\n3,Cog,Bob,5\n,BOB TOTAL ,,5\n,Grand Totals (3 records),,35\n"
    )
    #expect(
      subtotals.warnings.map(\.description) == [
        "accounts.csv:4:2: warning: 3 rows look like rows of totals or subtotals (\"Ann Total\", \"BOB TOTAL\", \"Grand Totals (3 records)\"); they are loaded as accounts, so totals count their amounts again (delete them from the export)"
      ])
    #expect(
      try load("name,arr\nAcme,1\nTotal,3\nBeta,2\n").warnings.map(\.message) == [
        "the row \"Total\" looks like a row of totals; it is loaded as an account, so totals count its amounts again (delete the row from the export)"
      ])
    #expect(TableAssembler.isTotalsNameOf("Sum"))
    #expect(!TableAssembler.isTotalsNameOf("Total Wine & More"))
    #expect(!TableAssembler.isTotalsNameOf("The Very Long Name Total"))
    #expect(!TableAssembler.isTotalsNameOf("Subtotal Systems"))
    // A company whose name starts with Total, or a row with an id, is an account.
    #expect(try load("name,arr\nAcme,1\nTotal Wine & More,2\n").warnings.isEmpty)
    #expect(try load("id,name,arr\n1,Acme,1\n2,Total,2\n").warnings.isEmpty)
  }

  /// A status column that marks churned accounts gives a stage where the file has none;
  /// a file with a stage column keeps it.
  @Test func churnedStatusGivesStage() throws {
    let book = try load("name,status\nA,Healthy\nB,Churned\nC,cancelled\nD,\n").book
    #expect(book.values(of: "status").first == .text("green"))
    #expect(book.values(of: "stage") == [.missing, .text("churned"), .text("churned"), .missing])
    #expect(book.field(named: "stage")?.derivation != nil)
    #expect(try load("name,status\nA,Healthy\nB,Critical\n").book.field(named: "stage") == nil)
    #expect(
      try load("name,status,stage\nA,Churned,active\n").book.values(of: "stage") == [
        .text("active")
      ])
  }

  /// A header that names the currency or the health scale is taken at its word: amounts
  /// in euros, and scores out of 100 left as they are.
  @Test func headerNamesCurrencyAndScale() throws {
    let result = try load(
      "name,Annual Recurring Revenue (EUR),Health Score (0-100)\nA,1000,8\nB,2000,5\n")
    #expect(result.book.field(named: "arr")?.currency == .euro)
    #expect(result.book.values(of: "health") == [.number(8), .number(5)])
    #expect(result.warnings.isEmpty)
    #expect(TableAssembler.currency(namedIn: "ARR (€) ") == .euro)
    #expect(TableAssembler.currency(namedIn: "Seats (max)") == nil)
  }

  /// A health column of colors gets the hint to load it as the status.
  @Test func healthOfColorsPointsToStatus() throws {
    let error = try #require(loadError("name,Health\nA,Green\nB,Amber\n"))
    #expect(
      error.message == "health must be a number, but the cell in column \"Health\" is \"Green\"")
    #expect(
      error.hint
        == "the column holds statuses such as \"Green\", not scores; load it as the status with --map 'Health=status'"
    )
  }

  /// A title line above the header makes a header of one field, and the hint is to delete it.
  @Test func titleAboveHeaderIsNamed() throws {
    let error = try #require(loadError("Accounts report\n\nname,csm,arr\nA,B,1\n"))
    #expect(error.line == 3)
    #expect(
      error.hint
        == "the first line has one field, as a report's title has; if lines such as a title or a date come before the header, delete them, so that the column names come first"
    )
  }

  @Test func moneyTotalOverflowAcrossFiles() throws {
    let folder = try TemporaryFolder()
    let half = "name,arr\n" + String(repeating: "A,\"$9,000,000,000,000,000\"\n", count: 6)
    let first = try folder.write("first.csv", text: half)
    let second = try folder.write("second.csv", text: half)
    let error = try #require(loadError(paths: [first, second]))
    #expect(error.file == "\(first), \(second)")
    #expect(
      error.message
        == "the amounts in field arr of these files add up to more than review can total (about 92 quadrillion), so totals would be wrong"
    )
    #expect(error.hint == "check the units of the field in each file")
  }

  @Test func numberOutOfRange() throws {
    let error = try #require(loadError("name,health\nAcme,1e400\n"))
    #expect(error.message == "health in column \"health\" is \"1e400\", which is out of range")
    #expect(error.line == 2)
    #expect(error.column == 6)
  }

  @Test func dateNotInCalendar() throws {
    let error = try #require(loadError("name,renewal_date\nAcme,2022-02-30\n"))
    #expect(
      error.description == """
        accounts.csv:2:6: error: renewal_date in column "renewal_date" is "2022-02-30", which is not a date in the calendar
          hint: write a date such as 2016-05-01, May 1, 2016 or 05/01/2016, leave the cell empty, or load the column under another name with --map 'renewal_date=renewal_date_text'
        """)
  }

  @Test func declaredDateFieldNotInCalendar() throws {
    var options = LoadOptions()
    options.dateFields = ["date"]
    let error = try #require(
      loadError("account,date\nA1,2022-01-01\nA1,2022-02-30\n", options: options))
    #expect(
      error.message
        == "date in column \"date\" is \"2022-02-30\", which is not a date in the calendar")
    #expect(error.line == 3)
    #expect(error.column == 4)
  }

  @Test func undeclaredDateFieldTurnsToText() throws {
    let result = try Loader.load(
      text: "account,date\nA1,2022-01-01\nA1,2022-02-30\n", name: "history.csv")
    let date = try #require(result.book.reference(to: "date"))
    #expect(result.book.type(of: date) == .text)
  }

  @Test func moneyFieldWithText() throws {
    let error = try #require(loadError("name,arr\nAcme,lots\n"))
    #expect(
      error.message == "arr must be an amount of money, but the cell in column \"arr\" is \"lots\"")
    #expect(
      error.hint
        == "write an amount of money such as $49,461, 1.2M or 50k, leave the cell empty, or load the column under another name with --map 'arr=arr_text'"
    )
  }

  @Test func booleanFieldWithText() throws {
    let error = try #require(loadError("name,Strategic\nAcme,maybe\n"))
    #expect(
      error.message
        == "strategic must be yes or no, but the cell in column \"Strategic\" is \"maybe\"")
  }
}

extension TableAssembler {
  static func isTotalsNameOf(_ name: String) -> Bool {
    var name = name
    return name.withUTF8 { isTotalsName($0) }
  }
}
