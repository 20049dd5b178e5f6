import ReviewBook
import ReviewRender

/// Renders an output in a format into a string.
func rendered(
  _ output: Output, as format: OutputFormat, options: RenderOptions = RenderOptions()
) -> String {
  var text = ""
  Renderer(format: format, options: options).render(output, to: &text)
  return text
}

/// Returns a date value for a valid calendar date.
func date(_ year: Int, _ month: Int, _ day: Int) -> Value {
  .date(Day(year: year, month: month, day: day)!)
}

/// Returns three accounts for table output. The third has no ARR.
func accountsTable() -> ResultTable {
  ResultTable(
    columns: [
      ResultTable.Column(name: "name", type: .text),
      ResultTable.Column(name: "arr", type: .money),
      ResultTable.Column(name: "health", type: .number),
      ResultTable.Column(name: "renewal_date", type: .date),
    ],
    rows: [
      [.text("Acme"), .money(cents: 12_000_000), .number(35), date(2022, 3, 1)],
      [.text("Globex Corporation"), .money(cents: 450_050), .number(72.5), date(2022, 6, 15)],
      [.text("東京 Co"), .missing, .number(100), date(2021, 12, 1)],
    ])
}

/// Returns a table of one text column and one money column.
func nameAndARR(_ rows: [(String, Int64)], footer: String? = nil) -> ResultTable {
  ResultTable(
    columns: [
      ResultTable.Column(name: "name", type: .text),
      ResultTable.Column(name: "arr", type: .money),
    ],
    rows: rows.map { [.text($0.0), .money(cents: $0.1)] }, footer: footer)
}
