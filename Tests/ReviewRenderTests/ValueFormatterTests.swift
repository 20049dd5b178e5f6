import ReviewBook
import Testing

@testable import ReviewRender

@Suite struct ValueFormatterTests {
  @Test(arguments: [
    (Value.missing, "", ""),
    (.text("Acme"), "Acme", "Acme"),
    (.number(62.4), "62.4", "62.4"),
    (.money(cents: 4_946_150), "$49,461.50", "49461.5"),
    (.date(Day(number: 16_922)), "2016-05-01", "2016-05-01"),
    (.boolean(true), "yes", "true"),
    (.boolean(false), "no", "false"),
  ])
  func displayAndRaw(value: Value, display: String, raw: String) {
    #expect(ValueFormatter.display(value) == display)
    #expect(ValueFormatter.raw(value) == raw)
  }

  @Test func longDateStyle() {
    #expect(ValueFormatter.display(.date(Day(number: 16_922)), dates: .long) == "May 1, 2016")
  }

  @Test(arguments: [
    (62.4, "62.4"), (57.333, "57.33"), (120, "120"), (-0.5, "-0.5"), (0.005, "0.01"),
    (1.1, "1.1"), (1.05, "1.05"), (-0.001, "0"), (-0.0, "0"), (-12.5, "-12.5"),
    (1e20, "1e+20"),
  ])
  func displayNumber(number: Double, text: String) {
    #expect(ValueFormatter.display(number: number) == text)
  }

  @Test(arguments: [
    (62.4, "62.4"), (120, "120"), (-3, "-3"), (0.1 + 0.2, "0.30000000000000004"),
    (1e20, "1e+20"),
  ])
  func rawNumber(number: Double, text: String) {
    #expect(ValueFormatter.raw(number: number) == text)
  }

  @Test(
    arguments: [
      (Int64(4_946_100), "$49,461"),
      (4_946_150, "$49,461.50"),
      (-50_000, "-$500"),
      (-120_050, "-$1,200.50"),
      (5, "$0.05"),
      (0, "$0"),
      (12_345_678_900, "$123,456,789"),
    ] as [(Int64, String)])
  func displayMoney(cents: Int64, text: String) {
    #expect(ValueFormatter.money(cents) == text)
  }

  @Test(
    arguments: [
      (Int64(4_946_100), "49461"),
      (4_946_150, "49461.5"),
      (4_946_155, "49461.55"),
      (5, "0.05"),
      (-5, "-0.05"),
      (0, "0"),
      (-120_050, "-1200.5"),
    ] as [(Int64, String)])
  func rawMoney(cents: Int64, text: String) {
    #expect(ValueFormatter.rawMoney(cents) == text)
  }

  @Test(
    arguments: [
      (Int64(120_000_000), "$1.2M"),
      (4_950_000, "$49.5k"),
      (1_000_000, "$10k"),
      (999_900, "$9,999"),
      (90_000, "$900"),
      (100_000_000_000, "$1B"),
      (-250_000_000, "-$2.5M"),
      (99_994_900, "$999.9k"),
      (99_999_900, "$1M"),
      (99_995_000_000, "$1B"),
    ] as [(Int64, String)])
  func compactMoney(cents: Int64, text: String) {
    #expect(ValueFormatter.compactMoney(cents) == text)
  }

  @Test(arguments: [
    (56.0, 1, "56.0"), (58.94, 1, "58.9"), (0.5, 2, "0.50"), (-2, 2, "-2.00"), (-0.04, 1, "0.0"),
    (7, 0, "7"), (1.005, 2, "1.00"), (1e20, 2, "1e+20"),
  ])
  func displayNumberWithDecimals(number: Double, decimals: Int, text: String) {
    #expect(ValueFormatter.display(number: number, decimals: decimals) == text)
  }

  @Test(arguments: [(56.0, 0), (58.9, 1), (1.25, 2), (1.999, 0), (-0.5, 1), (1e20, 0)])
  func decimalsOfNumber(number: Double, decimals: Int) {
    #expect(ValueFormatter.decimals(of: number) == decimals)
  }

  @Test func moneyWithCents() {
    #expect(ValueFormatter.money(142_500, showsCents: true) == "$1,425.00")
    #expect(ValueFormatter.money(142_500) == "$1,425")
  }

  @Test(
    arguments: [
      (Int64(125_050), Currency.euro, "€1,250.50", "€1,250.50"),
      (-50_000, .pound, "-£500", "-£500"),
      (70_000, .yen, "¥700", "¥700"),
      (9_000, Currency(code: "CHF")!, "CHF 90", "CHF 90"),
      (250_000_000, .euro, "€2,500,000", "€2.5M"),
    ] as [(Int64, Currency, String, String)])
  func moneyInItsCurrency(cents: Int64, currency: Currency, text: String, compact: String) {
    #expect(ValueFormatter.money(cents, currency: currency) == text)
    #expect(ValueFormatter.display(.money(cents: cents), currency: currency) == text)
    #expect(ValueFormatter.compactMoney(cents, currency: currency) == compact)
  }

  @Test(arguments: [
    (0, "0"), (999, "999"), (1_000, "1,000"), (1_234_567, "1,234,567"), (-1_000, "-1,000"),
  ])
  func groupedDigits(number: Int, text: String) {
    #expect(ValueFormatter.grouped(number) == text)
  }
}

@Suite struct OutputFormatTests {
  @Test(arguments: [
    ("table", OutputFormat.table), ("CSV", .csv), ("tsv", .tsv), ("json", .json),
    ("jsonl", .jsonl), ("ndjson", .jsonl), ("markdown", .markdown), ("md", .markdown),
    ("text", .table), ("txt", .table),
  ])
  func formatByName(name: String, format: OutputFormat) {
    #expect(OutputFormat(name: name) == format)
  }

  @Test func unknownFormatName() {
    #expect(OutputFormat(name: "xlsx") == nil)
  }

  @Test(arguments: [
    ("out/red.csv", OutputFormat?.some(.csv)), ("RED.TSV", .tsv), ("a.json", .json),
    ("a.jsonl", .jsonl), ("a.ndjson", .jsonl), ("notes.md", .markdown),
    ("notes.markdown", .markdown), ("log.txt", nil), ("a.xlsx", nil), ("noextension", nil),
  ])
  func formatByExtension(path: String, format: OutputFormat?) {
    #expect(OutputFormat(pathExtension: path) == format)
  }

  @Test func machineReadableFormats() {
    let machine = OutputFormat.allCases.filter(\.isMachineReadable)
    #expect(machine == [.csv, .tsv, .json, .jsonl])
  }
}
