import ReviewBook

/// How the cells of one column read in a table or in Markdown: money with the column's
/// currency, dates in the chosen style.
struct ColumnFormat {
  var currency: Currency?
  var dates: DateStyle

  /// The format of each column of a table.
  static func formats(of table: ResultTable, dates: DateStyle) -> [ColumnFormat] {
    table.columns.map { ColumnFormat(currency: $0.currency, dates: dates) }
  }

  /// The display text of one value of the column.
  func text(_ value: Value) -> String {
    ValueFormatter.display(value, dates: dates, currency: currency)
  }
}
