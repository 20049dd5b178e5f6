import ReviewBook

/// The raw forms of values that machine formats write, appended as UTF-8 bytes.
extension [UInt8] {
  /// Appends a number as `ValueFormatter.raw(number:)` writes it: `120`, `-5`, `72.5`.
  mutating func appendRaw(number: Double) {
    guard number == number.rounded() && abs(number) < 1e15 else {
      append(contentsOf: ValueFormatter.raw(number: number).utf8)
      return
    }
    let whole = Int64(number)
    if whole < 0 { append(UInt8(ascii: "-")) }
    appendDigits(whole.magnitude, width: 1)
  }

  /// Appends an amount as `ValueFormatter.rawMoney(_:)` writes it, without grouping and
  /// with the decimals it needs: `4500.5`, `0.05`.
  mutating func appendRaw(cents: Int64) {
    if cents < 0 { append(UInt8(ascii: "-")) }
    let magnitude = cents.magnitude
    appendDigits(magnitude / 100, width: 1)
    let fraction = magnitude % 100
    guard fraction != 0 else { return }
    append(UInt8(ascii: "."))
    if fraction % 10 == 0 {
      appendDigits(fraction / 10, width: 1)
    } else {
      appendDigits(fraction, width: 2)
    }
  }

  /// Appends a date as `Day.iso` writes it: `2022-03-01`.
  mutating func appendISO(_ day: Day) {
    let (year, month, dayOfMonth) = day.components
    if year < 0 { append(UInt8(ascii: "-")) }
    appendDigits(UInt64(year.magnitude), width: 4)
    append(UInt8(ascii: "-"))
    appendDigits(UInt64(month), width: 2)
    append(UInt8(ascii: "-"))
    appendDigits(UInt64(dayOfMonth), width: 2)
  }

  /// Appends the decimal digits of `value`, with leading zeros up to `width`.
  private mutating func appendDigits(_ value: UInt64, width: Int) {
    var digits: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
    var count = 0
    var rest = value
    Swift.withUnsafeMutableBytes(of: &digits) { buffer in
      repeat {
        buffer[31 - count] = UInt8(ascii: "0") + UInt8(rest % 10)
        rest /= 10
        count += 1
      } while rest > 0
      while count < width {
        buffer[31 - count] = UInt8(ascii: "0")
        count += 1
      }
      append(contentsOf: UnsafeRawBufferPointer(rebasing: buffer[(32 - count)...]))
    }
  }
}

/// Bytes being built in one format, which can append a text cell given as UTF-8 bytes in
/// that format's form: quoted for CSV, escaped for JSON.
protocol CellWriter {
  var bytes: [UInt8] { get set }
  /// Appends a cell of a text column, where no bytes stand for a missing cell.
  mutating func appendCell(utf8: UnsafeBufferPointer<UInt8>)
}

/// The cells of one text column for a block of rows, written in a format's form, and the
/// offset at which each cell ends. Renderers that write a table row by row fill a block
/// for each such column, then copy its cells into the lines, so that the column's reader
/// loads a block's cells together (see `ResultTable.TextReader`).
struct CellBlock<Writer: CellWriter> {
  static var rowCount: Int { 1024 }

  let reader: ResultTable.TextReader
  var writer: Writer
  var ends: [Int] = []

  init(reader: @escaping ResultTable.TextReader, writer: Writer) {
    self.reader = reader
    self.writer = writer
    ends.reserveCapacity(CellBlock.rowCount)
  }

  /// Writes the cells of `rows` in place of those of the block before.
  mutating func fill(_ rows: Range<Int>) {
    writer.bytes.removeAll(keepingCapacity: true)
    ends.removeAll(keepingCapacity: true)
    reader(rows) { _, utf8 in
      writer.appendCell(utf8: utf8)
      ends.append(writer.bytes.count)
    }
  }

  /// Appends the written cell at `index` of the block.
  func copyCell(_ index: Int, to bytes: inout [UInt8]) {
    let start = index == 0 ? 0 : ends[index - 1]
    writer.bytes.withUnsafeBufferPointer {
      bytes.append(contentsOf: UnsafeBufferPointer(rebasing: $0[start..<ends[index]]))
    }
  }
}

/// The cell blocks of a table's text columns that have a reader, filled for one block of
/// rows at a time.
struct CellBlocks<Writer: CellWriter> {
  private var blocks: [CellBlock<Writer>?]
  private var start = 0

  /// Blocks for the columns with a reader, with cells written by copies of `writer`, or no
  /// blocks at all when `writer` is nil.
  init(_ table: ResultTable, writer: Writer?) {
    blocks = table.columns.indices.map { index in
      guard let writer, let reader = table.machineTextReader(column: index) else { return nil }
      return CellBlock(reader: reader, writer: writer)
    }
  }

  mutating func fill(_ rows: Range<Int>) {
    start = rows.lowerBound
    for index in blocks.indices where blocks[index] != nil {
      blocks[index]!.fill(rows)
    }
  }

  /// Appends the cell of `column` in `row`, a row of the block filled last, and returns
  /// true. Returns false for a column that is read as values.
  @inline(__always)
  func copyCell(column: Int, row: Int, to bytes: inout [UInt8]) -> Bool {
    guard let block = blocks[column] else { return false }
    block.copyCell(row - start, to: &bytes)
    return true
  }
}

/// Writes the rows of `table` with `writeRow`, which appends one row to `line`, copying
/// text cells from the blocks it is given where it can. With `readsBytes` false, the
/// blocks hold no column, and every cell is read as a value. The bytes go to `sink` in
/// pieces of about 64 KiB, so a result of a million rows streams. Returns false when the
/// sink closed, as a pipe does when its reader goes away; no more rows are written then.
@inline(__always)
func writeRows<Writer: CellWriter>(
  of table: ResultTable, into line: inout Writer, readsBytes: Bool = true,
  to sink: inout some TextSink,
  writeRow: (_ row: Int, _ cells: borrowing CellBlocks<Writer>, _ line: inout Writer) -> Void
) -> Bool {
  var template = line
  template.bytes = []
  var cells = CellBlocks(table, writer: readsBytes ? template : nil)
  let blockLength = CellBlock<Writer>.rowCount
  for blockStart in stride(from: 0, to: table.rowCount, by: blockLength) {
    let blockRows = blockStart..<min(table.rowCount, blockStart + blockLength)
    cells.fill(blockRows)
    for row in blockRows {
      writeRow(row, cells, &line)
      if line.bytes.count >= pieceSize {
        line.bytes.withUnsafeBufferPointer { sink.write(utf8: $0) }
        line.bytes.removeAll(keepingCapacity: true)
        if sink.isClosed { return false }
      }
    }
  }
  if !line.bytes.isEmpty {
    line.bytes.withUnsafeBufferPointer { sink.write(utf8: $0) }
    line.bytes.removeAll(keepingCapacity: true)
  }
  return !sink.isClosed
}

/// The size at which the bytes that a renderer has built go to the sink.
let pieceSize = 1 << 16
