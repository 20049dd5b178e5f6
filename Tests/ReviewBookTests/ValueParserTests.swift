import Testing

@testable import ReviewBook

/// Cell text and the cents it must parse to, or nil when it must be rejected.
struct MoneyCase: Sendable, CustomTestStringConvertible {
  let text: String
  let cents: Int64?

  init(_ text: String, _ cents: Int64?) {
    self.text = text
    self.cents = cents
  }

  var testDescription: String { "\"\(text)\" → \(cents.map(String.init) ?? "rejected")" }
}

/// Cell text and the number it must parse to, or nil when it must be rejected.
struct NumberCase: Sendable, CustomTestStringConvertible {
  let text: String
  let value: Double?

  init(_ text: String, _ value: Double?) {
    self.text = text
    self.value = value
  }

  var testDescription: String { "\"\(text)\" → \(value.map { "\($0)" } ?? "rejected")" }
}

/// Cell text and the date shape it must parse to, or nil when it is not a date.
struct DateCase: Sendable, CustomTestStringConvertible {
  let text: String
  let shape: ValueParser.DateShape?

  init(_ text: String, _ shape: ValueParser.DateShape?) {
    self.text = text
    self.shape = shape
  }

  var testDescription: String { "\"\(text)\"" }
}

/// Returns the date shape of a valid calendar day.
func civil(_ year: Int, _ month: Int, _ day: Int) -> ValueParser.DateShape {
  .day(Day(year: year, month: month, day: day)!)
}

/// Runs a byte-level parser on a string's UTF-8.
func onBytes<Result>(_ text: String, _ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result {
  var text = text
  return text.withUTF8 { body($0) }
}

@Suite struct MoneyParsingTests {
  @Test(arguments: [
    MoneyCase("$49,461", 4_946_100),
    MoneyCase("49461", 4_946_100),
    MoneyCase("$1,234,567.89", 123_456_789),
    MoneyCase("1.2M", 120_000_000),
    MoneyCase("1.2m", 120_000_000),
    MoneyCase("1.5MM", 150_000_000),
    MoneyCase("50k", 5_000_000),
    MoneyCase("50K", 5_000_000),
    MoneyCase("$2.5k", 250_000),
    MoneyCase("3B", 300_000_000_000),
    MoneyCase("2bn", 200_000_000_000),
    MoneyCase("($500)", -50_000),
    MoneyCase("(500)", -50_000),
    MoneyCase("-$1,200.50", -120_050),
    MoneyCase("$-5", -500),
    MoneyCase("+$5", 500),
    MoneyCase("€300", 30_000),
    MoneyCase("300€", 30_000),
    MoneyCase("£1,000", 100_000),
    MoneyCase("¥700", 70_000),
    MoneyCase("300 USD", 30_000),
    MoneyCase("300 eur", 30_000),
    MoneyCase("USD 300", 30_000),
    MoneyCase("US$12", 1_200),
    MoneyCase("0.29", 29),
    MoneyCase("0.125", 13),
    MoneyCase(".5", 50),
    MoneyCase("0", 0),
    MoneyCase("  $5  ", 500),
    MoneyCase("\u{A0}$5\u{A0}", 500),
    MoneyCase("1 200", 120_000),
    MoneyCase("1 200,50 €", 120_050),
    MoneyCase("12\u{A0}500\u{A0}000 EUR", 1_250_000_000),
    MoneyCase("3\u{202F}400,5\u{202F}€", 340_050),
    MoneyCase("CHF 1\u{2009}250.75", 125_075),
    MoneyCase("-1 000 €", -100_000),
    MoneyCase(" $-   ", 0),
    MoneyCase(" $(500.00)", -50_000),
    MoneyCase("€ (1.250,50)", -125_050),
  ])
  func acceptedAmounts(_ testCase: MoneyCase) {
    #expect(ValueParser.money(testCase.text) == testCase.cents)
  }

  @Test(arguments: [
    MoneyCase("1,23", nil),
    MoneyCase("12,34,567", nil),
    MoneyCase("1,2345", nil),
    MoneyCase("1234,567", nil),
    MoneyCase(",123", nil),
    MoneyCase("$", nil),
    MoneyCase("", nil),
    MoneyCase("lots", nil),
    MoneyCase("1e3", nil),
    MoneyCase("--5", nil),
    MoneyCase("$$5", nil),
    MoneyCase("5 apples", nil),
    MoneyCase("1.2.3", nil),
    MoneyCase("300 XYZ", nil),
    MoneyCase("k", nil),
    MoneyCase("12 34", nil),
    MoneyCase("1234 567", nil),
    MoneyCase("1 2345", nil),
    MoneyCase("1 200,500", nil),
    MoneyCase("1  200", nil),
    MoneyCase("$--", nil),
    MoneyCase("$()", nil),
  ])
  func rejectedAmounts(_ testCase: MoneyCase) {
    #expect(ValueParser.money(testCase.text) == nil)
  }

  @Test(arguments: [
    ("$5", true), ("5 USD", true), ("5k", true), ("€5", true), ("5", false), ("-5.25", false),
  ])
  func currencyMarker(text: String, marked: Bool) throws {
    let parsed = try #require(onBytes(text) { ValueParser.moneyWithMarker($0) })
    #expect(parsed.marked == marked)
  }

  @Test(arguments: [
    ("$5", "USD"), ("US$12", "USD"), ("5 usd", "USD"), ("USD 5", "USD"), ("€5", "EUR"),
    ("5€", "EUR"), ("-€1.250,50", "EUR"), ("300 EUR", "EUR"), ("£1,000", "GBP"), ("¥700", "JPY"),
    ("CHF 90", "CHF"), ("($5)", "USD"), ("$5 EUR", "USD"),
  ])
  func currencyOfAmount(text: String, code: String) throws {
    let parsed = try #require(onBytes(text) { ValueParser.moneyWithMarker($0) })
    #expect(parsed.currency?.code == code)
  }

  @Test(arguments: ["5", "5k", "-5.25", "1.2M", "1,250"])
  func plainAmountHasNoCurrency(text: String) throws {
    let parsed = try #require(onBytes(text) { ValueParser.moneyWithMarker($0) })
    #expect(parsed.currency == nil)
  }

  @Test func currencyCodesAndSymbols() throws {
    #expect(Currency(code: "eur") == .euro)
    #expect(Currency(code: "EUR")?.prefix == "€")
    #expect(Currency(code: "CHF")?.prefix == "CHF ")
    #expect(Currency(code: "CHF")?.code == "CHF")
    #expect(Currency(code: "US$") == nil)
    #expect(Currency(code: "EURO") == nil)
  }
}

@Suite struct NumberParsingTests {
  @Test(arguments: [
    NumberCase("62.4", 62.4),
    NumberCase("80%", 80),
    NumberCase("80 %", 80),
    NumberCase("12.5%", 12.5),
    NumberCase("1e3", 1000),
    NumberCase("1E-2", 0.01),
    NumberCase("2.5e+2", 250),
    NumberCase("-3", -3),
    NumberCase("+3", 3),
    NumberCase("1,234.5", 1234.5),
    NumberCase("1,234,567", 1_234_567),
    NumberCase(".5", 0.5),
    NumberCase("0.1", 0.1),
    NumberCase("007", 7),
    NumberCase("123456789012345678901234", 1.2345678901234568e23),
    NumberCase("0.1234567890123456789012", 0.1234567890123456789012),
    NumberCase(" 42\t", 42),
  ])
  func acceptedNumbers(_ testCase: NumberCase) {
    #expect(ValueParser.number(testCase.text) == testCase.value)
  }

  @Test(arguments: [
    NumberCase("1e400", nil),
    NumberCase("-1e400", nil),
    NumberCase("1,23", nil),
    NumberCase("", nil),
    NumberCase("%", nil),
    NumberCase("1e", nil),
    NumberCase("1.2.3", nil),
    NumberCase("62.4x", nil),
    NumberCase("$5", nil),
    NumberCase("-", nil),
    NumberCase("five", nil),
  ])
  func rejectedNumbers(_ testCase: NumberCase) {
    #expect(ValueParser.number(testCase.text) == nil)
  }

  @Test func negativeZeroIsPositiveZero() throws {
    let value = try #require(ValueParser.number("-0"))
    #expect(value == 0)
    #expect(value.sign == .plus)
  }

  @Test(arguments: [("0123", true), (" 01", true), ("0", false), ("0.5", false), ("10", false)])
  func leadingZero(text: String, hasLeadingZero: Bool) {
    #expect(onBytes(text) { ValueParser.hasLeadingZero($0) } == hasLeadingZero)
  }
}

@Suite struct DateParsingTests {
  @Test(arguments: [
    DateCase("2016-05-01", civil(2016, 5, 1)),
    DateCase("2016/05/01", civil(2016, 5, 1)),
    DateCase("2016-5-1", civil(2016, 5, 1)),
    DateCase("2016-05-01T10:15:30Z", civil(2016, 5, 1)),
    DateCase("2016-05-01T10:15:30.123+02:00", civil(2016, 5, 1)),
    DateCase("2016-05-01 10:15", civil(2016, 5, 1)),
    DateCase("2000-02-29", civil(2000, 2, 29)),
    DateCase("May 1, 2016", civil(2016, 5, 1)),
    DateCase("may 1 2016", civil(2016, 5, 1)),
    DateCase("Dec 02, 2021", civil(2021, 12, 2)),
    DateCase("December 2, 2021", civil(2021, 12, 2)),
    DateCase("Sept 30, 2021", civil(2021, 9, 30)),
    DateCase("Monday, May 1, 2016", civil(2016, 5, 1)),
    DateCase("May 1st, 2016", civil(2016, 5, 1)),
    DateCase("1 May 2016", civil(2016, 5, 1)),
    DateCase("01-May-16", civil(2016, 5, 1)),
    DateCase("1-May-2016", civil(2016, 5, 1)),
    DateCase("2016 May 1", civil(2016, 5, 1)),
    DateCase("01-May-68", civil(2068, 5, 1)),
    DateCase("01-May-69", civil(1969, 5, 1)),
  ])
  func calendarDates(_ testCase: DateCase) {
    #expect(ValueParser.date(testCase.text) == testCase.shape)
  }

  @Test(arguments: [
    DateCase("05/01/2016", .numeric(first: 5, second: 1, year: 2016)),
    DateCase("13/01/2016", .numeric(first: 13, second: 1, year: 2016)),
    DateCase("01/13/2016", .numeric(first: 1, second: 13, year: 2016)),
    DateCase("5.1.16", .numeric(first: 5, second: 1, year: 2016)),
    DateCase("05-01-2016", .numeric(first: 5, second: 1, year: 2016)),
    DateCase("1/1/68", .numeric(first: 1, second: 1, year: 2068)),
    DateCase("1/1/69", .numeric(first: 1, second: 1, year: 1969)),
    DateCase("12/31/99 23:59", .numeric(first: 12, second: 31, year: 1999)),
  ])
  func numericDatesStayUnresolved(_ testCase: DateCase) {
    #expect(ValueParser.date(testCase.text) == testCase.shape)
  }

  @Test(arguments: [
    "10-50",
    "10-50-99x",
    "2022-02-30",
    "2021-02-29",
    "1900-02-29",
    "2016-13-01",
    "13/13/2016",
    "32/01/2016",
    "0/1/2016",
    "2016-05-01 garbage",
    "2016-05-01T",
    "May 2016",
    "May 32, 2016",
    "Feb 30, 2022",
    "hello world",
    "Maybe 1, 2016",
    "12345678",
    "",
  ])
  func notDates(text: String) {
    #expect(ValueParser.date(text) == nil)
  }

  @Test func resolveByColumnOrder() {
    let shape = ValueParser.DateShape.numeric(first: 5, second: 1, year: 2016)
    #expect(ValueParser.resolve(shape, order: .monthFirst)?.iso == "2016-05-01")
    #expect(ValueParser.resolve(shape, order: .dayFirst)?.iso == "2016-01-05")
  }

  @Test func resolveRejectsImpossibleOrder() {
    let shape = ValueParser.DateShape.numeric(first: 13, second: 1, year: 2016)
    #expect(ValueParser.resolve(shape, order: .monthFirst) == nil)
    #expect(ValueParser.resolve(shape, order: .dayFirst)?.iso == "2016-01-13")
  }

  @Test(arguments: [(0, 2000), (16, 2016), (68, 2068), (69, 1969), (99, 1999)])
  func twoDigitYearWindow(year: Int, expanded: Int) {
    #expect(ValueParser.expandTwoDigitYear(year) == expanded)
  }
}

@Suite struct BooleanAndMissingTests {
  @Test(arguments: [
    ("true", true), ("TRUE", true), ("yes", true), ("Yes", true), ("y", true), ("t", true),
    ("false", false), ("No", false), ("n", false), ("F", false), (" true ", true),
  ])
  func booleanWords(text: String, value: Bool) {
    #expect(ValueParser.boolean(text) == value)
    #expect(ValueParser.boolean(text, allowDigits: true) == value)
  }

  @Test(arguments: [("1", true), ("0", false), ("x", true)])
  func booleanDigitsOnlyWhenAllowed(text: String, value: Bool) {
    #expect(ValueParser.boolean(text) == nil)
    #expect(ValueParser.boolean(text, allowDigits: true) == value)
  }

  @Test(arguments: ["maybe", "", "yess", "2", "truee", "on"])
  func notBooleans(text: String) {
    #expect(ValueParser.boolean(text, allowDigits: true) == nil)
  }

  @Test(arguments: [
    "", "   ", "\t", "\u{A0}", "-", " - ", "n/a", "N/A", "null", "NULL", "none", "None", "nan",
    "NaN", "#N/A", "#n/a", "—", "–",
  ])
  func missingMarkers(text: String) {
    #expect(onBytes(text) { ValueParser.isMissingMarker($0) })
  }

  @Test(arguments: ["0", "na", "--", "nil", "None of them", "n/a/b", "x"])
  func notMissingMarkers(text: String) {
    #expect(!onBytes(text) { ValueParser.isMissingMarker($0) })
  }

  @Test(arguments: [
    ("  Acme  ", "Acme"),
    ("\tAcme\t", "Acme"),
    ("\u{A0}Acme\u{A0}\u{A0}", "Acme"),
    (" \u{A0} Acme Corp \u{A0} ", "Acme Corp"),
    ("\u{A0}", ""),
    ("Acme", "Acme"),
  ])
  func trimmingSpacesAndNonBreakingSpaces(text: String, trimmed: String) {
    let result = onBytes(text) { String(decoding: ValueParser.trimmed($0), as: UTF8.self) }
    #expect(result == trimmed)
  }
}
