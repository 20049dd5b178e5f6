import ReviewBook

/// Rows and columns to render. Cells are read on demand, so a table over a million
/// accounts renders without being copied.
public struct ResultTable {
  public struct Column: Sendable {
    public var name: String
    public var type: FieldType
    /// For money, the currency that tables and Markdown show (`€1,250.50`); nil shows
    /// dollars. Machine formats write the amount alone.
    public var currency: Currency?

    public init(name: String, type: FieldType, currency: Currency? = nil) {
      self.name = name
      self.type = type
      self.currency = currency
    }

    /// Numbers, money and day counts are right-aligned.
    var alignsRight: Bool { type == .number || type == .money }
  }

  // The columns and the row count are fixed at creation, because the cells and the text
  // readers are found by row and column position.
  public private(set) var columns: [Column]
  public private(set) var rowCount: Int
  private let cell: (_ row: Int, _ column: Int) -> Value
  /// The cells that machine formats write where they differ from those people read.
  private var machineCell: ((_ row: Int, _ column: Int) -> Value)?
  /// A line under the table in human formats, such as "12 accounts · $1.2M ARR".
  public var footer: String?
  /// A line that human formats show in place of the whole table when it has no rows, such
  /// as "no open actions". Machine formats still write the empty table.
  public var emptyMessage: String?
  /// For each column, nil or a function that reads a text cell's UTF-8 bytes in place,
  /// which renderers that write bytes use instead of making a `Value` of each cell.
  private var textReaders: [TextReader?] = []

  /// A function that calls `body` with the UTF-8 bytes of one text column's cell in each
  /// row of `rows`, in order: the bytes of the cell's `.text` value, or none for a missing
  /// cell. Reading a range of rows at once lets the reader load the cells of many rows
  /// before it copies any.
  public typealias TextReader = (
    _ rows: Range<Int>, _ body: (_ row: Int, _ utf8: UnsafeBufferPointer<UInt8>) -> Void
  ) -> Void

  public init(
    columns: [Column], rowCount: Int, footer: String? = nil,
    cell: @escaping (_ row: Int, _ column: Int) -> Value
  ) {
    self.columns = columns
    self.rowCount = rowCount
    self.footer = footer
    self.cell = cell
  }

  /// A table of values already computed. `machineRows`, when given, are the rows that
  /// CSV, TSV and JSON write in place of `rows`, one for one, as when a cell of `rows`
  /// draws a bar of another cell's value: the bar is for people, so there it is missing.
  public init(
    columns: [Column], rows: [[Value]], footer: String? = nil, machineRows: [[Value]]? = nil
  ) {
    precondition(machineRows == nil || machineRows!.count == rows.count, "one row for each row")
    self.init(columns: columns, rowCount: rows.count, footer: footer) { row, column in
      rows[row][column]
    }
    if let machineRows {
      machineCell = { row, column in machineRows[row][column] }
    }
  }

  public func value(row: Int, column: Int) -> Value {
    cell(row, column)
  }

  /// The cell as CSV, TSV and JSON write it.
  public func machineValue(row: Int, column: Int) -> Value {
    machineCell?(row, column) ?? cell(row, column)
  }

  /// Lets renderers read the cells of a text column as bytes with `reader`, which must give
  /// the bytes of the text that `value(row:column:)` returns for each row.
  public mutating func setTextReader(column: Int, _ reader: @escaping TextReader) {
    precondition(columns[column].type == .text, "a text reader is for a text column")
    if textReaders.count < columns.count {
      textReaders += Array(repeating: nil, count: columns.count - textReaders.count)
    }
    textReaders[column] = reader
  }

  /// The function that reads the machine cells of a column as bytes, or nil when they are
  /// read as values only.
  func machineTextReader(column: Int) -> TextReader? {
    guard machineCell == nil, column < textReaders.count else { return nil }
    return textReaders[column]
  }
}

/// Something a command produced.
public enum Output {
  /// Rows of accounts or totals.
  case table(ResultTable)
  /// One account, shown as field/value lines in human formats.
  case record(ResultTable)
  /// Prose: help, definitions, questions. Printed as it is in every format.
  case text(String)
  /// A short confirmation such as "today is now 2022-02-01", not part of a document.
  case notice(String)
  /// A problem the user should know of that did not stop the command, such as a row that
  /// repeats an id in a loaded file. Unlike a notice, `--quiet` keeps it.
  case warning(String)
  /// A section title in a document: `## Title` in Markdown, underlined in a table. Machine
  /// formats leave it out of their output, so that it stays one table.
  case heading(String)

  /// The text of prose and of a heading, which machine formats send to standard error
  /// instead of their output; nil for the other cases.
  public var prose: String? {
    switch self {
    case .text(let text), .heading(let text): return text
    case .table, .record, .notice, .warning: return nil
    }
  }
}
