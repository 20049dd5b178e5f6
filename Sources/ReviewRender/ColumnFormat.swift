import ReviewBook

/// How the cells of one column read in a table or in Markdown. Every number of a number
/// column has the same decimals (`56.0` beside `58.9`), every amount of a money column has
/// cents when one of them has (`$1,425.00` beside `$1,423.80`), money shows the column's
/// currency, and dates the chosen style.
struct ColumnFormat {
  var currency: Currency?
  var dates: DateStyle
  /// The decimals of every number, 0 to 2.
  var decimals = 0
  var showsCents = false

  /// The format of each column of a table, found by reading the number and money columns
  /// once.
  /// - Complexity: O(rows) for each number or money column.
  static func formats(of table: ResultTable, dates: DateStyle) -> [ColumnFormat] {
    table.columns.enumerated().map { index, column in
      var format = ColumnFormat(currency: column.currency, dates: dates)
      switch column.type {
      case .number:
        for row in 0..<table.rowCount where format.decimals < 2 {
          if case .number(let number) = table.value(row: row, column: index) {
            format.decimals = max(format.decimals, ValueFormatter.decimals(of: number))
          }
        }
      case .money:
        for row in 0..<table.rowCount where !format.showsCents {
          if case .money(let cents) = table.value(row: row, column: index) {
            format.showsCents = cents % 100 != 0
          }
        }
      case .text, .date, .boolean:
        break
      }
      return format
    }
  }

  /// The display text of one value of the column.
  func text(_ value: Value) -> String {
    switch value {
    case .number(let number):
      return ValueFormatter.display(number: number, decimals: decimals)
    case .money(let cents):
      return ValueFormatter.money(cents, currency: currency, showsCents: showsCents)
    default:
      return ValueFormatter.display(value, dates: dates, currency: currency)
    }
  }
}
