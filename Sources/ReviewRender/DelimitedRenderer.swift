import ReviewBook

/// CSV (RFC 4180) and TSV with raw values. Text cells that a spreadsheet would run as a
/// formula (starting with `=`, `+`, `-`, `@`, a tab or a carriage return) get a leading `'`
/// unless formulas are allowed; number, money and date cells are never changed.
///
/// Lines are built as UTF-8 bytes and handed to the sink in pieces of about 64 KiB, so a
/// result of a million rows costs a few bytes of work per cell and still streams.
struct DelimitedRenderer {
  let delimiter: Character
  let options: RenderOptions

  /// The size at which the bytes built so far go to the sink.
  static let pieceSize = 1 << 16

  func render(_ table: ResultTable, to sink: inout some TextSink) {
    var line = emptyLine()
    let delimiterByte = line.delimiter
    line.appendHeader(of: table)
    if let existing = options.existingHeader, line.bytes.elementsEqual(existing.utf8) {
      line.bytes.removeAll(keepingCapacity: true)
    } else {
      line.endLine()
    }
    // A text column with a reader is written a block of rows at a time, and the lines copy
    // its cells, so no String is made for them. Sanitizing needs Strings, so it reads values.
    var blocks = table.columns.indices.map { index -> CellBlock? in
      guard !line.sanitizes, let reader = table.machineTextReader(column: index) else {
        return nil
      }
      return CellBlock(reader: reader, line: emptyLine())
    }
    for blockStart in stride(from: 0, to: table.rowCount, by: CellBlock.rowCount) {
      let blockRows = blockStart..<min(table.rowCount, blockStart + CellBlock.rowCount)
      for index in blocks.indices where blocks[index] != nil {
        blocks[index]!.fill(blockRows)
      }
      for row in blockRows {
        for (index, column) in table.columns.enumerated() {
          if index > 0 { line.bytes.append(delimiterByte) }
          if let block = blocks[index] {
            block.copyCell(row - blockStart, to: &line.bytes)
          } else {
            line.append(
              table.machineValue(row: row, column: index), isText: column.type == .text)
          }
        }
        line.endLine()
        if line.bytes.count >= DelimitedRenderer.pieceSize {
          line.bytes.withUnsafeBufferPointer { sink.write(utf8: $0) }
          line.bytes.removeAll(keepingCapacity: true)
        }
      }
    }
    if !line.bytes.isEmpty {
      line.bytes.withUnsafeBufferPointer { sink.write(utf8: $0) }
    }
  }

  /// Returns the header line that `render` writes for a table, without its line end.
  func header(of table: ResultTable) -> String {
    var line = emptyLine()
    line.appendHeader(of: table)
    return String(decoding: line.bytes, as: UTF8.self)
  }

  /// Returns an empty line with the delimiter and the options of this renderer.
  private func emptyLine() -> DelimitedBytes {
    guard let delimiterByte = delimiter.asciiValue else {
      preconditionFailure("a delimiter is one ASCII character")
    }
    return DelimitedBytes(
      delimiter: delimiterByte, neutralizesFormulas: options.neutralizeFormulas,
      sanitizes: options.sanitizeAll)
  }
}

/// The written cells of one text column for a block of rows, quoted and neutralized as a
/// line writes them, and the offset at which each cell ends.
private struct CellBlock {
  static let rowCount = 1024

  let reader: ResultTable.TextReader
  var line: DelimitedBytes
  var ends: [Int] = []

  init(reader: @escaping ResultTable.TextReader, line: DelimitedBytes) {
    self.reader = reader
    self.line = line
    ends.reserveCapacity(CellBlock.rowCount)
  }

  /// Writes the cells of `rows` in place of those of the block before.
  mutating func fill(_ rows: Range<Int>) {
    line.bytes.removeAll(keepingCapacity: true)
    ends.removeAll(keepingCapacity: true)
    reader(rows) { _, utf8 in
      line.appendText(utf8: utf8, neutralizing: true)
      ends.append(line.bytes.count)
    }
  }

  /// Appends the written cell at `index` of the block.
  func copyCell(_ index: Int, to bytes: inout [UInt8]) {
    let start = index == 0 ? 0 : ends[index - 1]
    line.bytes.withUnsafeBufferPointer {
      bytes.append(contentsOf: UnsafeBufferPointer(rebasing: $0[start..<ends[index]]))
    }
  }
}

/// The bytes of CSV or TSV lines being built.
private struct DelimitedBytes {
  let delimiter: UInt8
  let neutralizesFormulas: Bool
  let sanitizes: Bool
  var bytes: [UInt8] = []

  /// TSV has no quoting, and CRLF is for CSV only (RFC 4180): TSV lines end in LF, which
  /// tools such as `cut` and `awk` read line by line, so the last field carries no CR.
  var isTSV: Bool { delimiter == UInt8(ascii: "\t") }

  init(delimiter: UInt8, neutralizesFormulas: Bool, sanitizes: Bool) {
    self.delimiter = delimiter
    self.neutralizesFormulas = neutralizesFormulas
    self.sanitizes = sanitizes
    bytes.reserveCapacity(DelimitedRenderer.pieceSize + 4096)
  }

  /// Appends the names of a table's columns, without the line end.
  mutating func appendHeader(of table: ResultTable) {
    for index in table.columns.indices {
      if index > 0 { bytes.append(delimiter) }
      appendText(table.columns[index].name, neutralizing: true)
    }
  }

  mutating func endLine() {
    if !isTSV { bytes.append(0x0D) }
    bytes.append(0x0A)
  }

  mutating func append(_ value: Value, isText: Bool) {
    switch value {
    case .missing: break
    case .text(let text):
      appendText(text, neutralizing: isText)
    case .number(let number):
      if number == number.rounded() && abs(number) < 1e15 {
        appendInteger(Int64(number))
      } else {
        appendPlain(ValueFormatter.raw(number: number))
      }
    case .money(let cents): appendMoney(cents)
    case .date(let day): appendDate(day)
    case .boolean(let flag): appendPlain(flag ? "true" : "false")
    }
  }

  /// Appends a text cell, sanitized when the options request it. With `neutralizing`, a
  /// cell that a spreadsheet would run as a formula gets a leading `'`. CSV quotes the cell
  /// where needed, and TSV turns its tabs and line breaks into spaces.
  mutating func appendText(_ text: String, neutralizing: Bool) {
    var text = sanitizes ? DisplayWidth.sanitized(text) : text
    text.withUTF8 { appendText(utf8: $0, neutralizing: neutralizing) }
  }

  /// Appends a text cell given as UTF-8 bytes, as `appendText(_:neutralizing:)` does, but
  /// never sanitized.
  mutating func appendText(utf8: UnsafeBufferPointer<UInt8>, neutralizing: Bool) {
    let startsFormula =
      neutralizing && neutralizesFormulas
      && utf8.first.map(DelimitedBytes.startsFormula) == true
    if isTSV {
      if startsFormula { bytes.append(UInt8(ascii: "'")) }
      var index = 0
      while index < utf8.count {
        let byte = utf8[index]
        if byte == 0x09 || byte == 0x0A || byte == 0x0D {
          bytes.append(0x20)
          // A CR LF pair is one line break, and becomes one space.
          if byte == 0x0D && index + 1 < utf8.count && utf8[index + 1] == 0x0A { index += 1 }
        } else {
          bytes.append(byte)
        }
        index += 1
      }
      return
    }
    // Every byte that forces quotes is ASCII, so no UTF-8 sequence can hold one.
    let delimiter = delimiter
    let needsQuotes = utf8.contains {
      $0 == delimiter || $0 == UInt8(ascii: "\"") || $0 == 0x0A || $0 == 0x0D
    }
    if needsQuotes { bytes.append(UInt8(ascii: "\"")) }
    if startsFormula { bytes.append(UInt8(ascii: "'")) }
    if needsQuotes {
      for byte in utf8 {
        bytes.append(byte)
        if byte == UInt8(ascii: "\"") { bytes.append(byte) }
      }
      bytes.append(UInt8(ascii: "\""))
    } else {
      bytes.append(contentsOf: utf8)
    }
  }

  /// Appends text that needs no quoting, such as the raw form of a number or a flag.
  mutating func appendPlain(_ text: String) {
    bytes.append(contentsOf: text.utf8)
  }

  /// Appends an integer in decimal: `120`, `-5`.
  mutating func appendInteger(_ value: Int64) {
    if value < 0 { bytes.append(UInt8(ascii: "-")) }
    appendDigits(value.magnitude, width: 1)
  }

  /// Appends an amount without grouping and with the decimals it needs: `4500.5`, `0.05`.
  mutating func appendMoney(_ cents: Int64) {
    if cents < 0 { bytes.append(UInt8(ascii: "-")) }
    let magnitude = cents.magnitude
    appendDigits(magnitude / 100, width: 1)
    let fraction = magnitude % 100
    guard fraction != 0 else { return }
    bytes.append(UInt8(ascii: "."))
    if fraction % 10 == 0 {
      appendDigits(fraction / 10, width: 1)
    } else {
      appendDigits(fraction, width: 2)
    }
  }

  /// Appends a date as `Day.iso` writes it: `2022-03-01`.
  mutating func appendDate(_ day: Day) {
    let (year, month, dayOfMonth) = day.components
    if year < 0 { bytes.append(UInt8(ascii: "-")) }
    appendDigits(UInt64(year.magnitude), width: 4)
    bytes.append(UInt8(ascii: "-"))
    appendDigits(UInt64(month), width: 2)
    bytes.append(UInt8(ascii: "-"))
    appendDigits(UInt64(dayOfMonth), width: 2)
  }

  /// Appends the decimal digits of `value`, with leading zeros up to `width`.
  private mutating func appendDigits(_ value: UInt64, width: Int) {
    var digits: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
    var count = 0
    var rest = value
    withUnsafeMutableBytes(of: &digits) { buffer in
      repeat {
        buffer[31 - count] = UInt8(ascii: "0") + UInt8(rest % 10)
        rest /= 10
        count += 1
      } while rest > 0
      while count < width {
        buffer[31 - count] = UInt8(ascii: "0")
        count += 1
      }
      bytes.append(contentsOf: UnsafeRawBufferPointer(rebasing: buffer[(32 - count)...]))
    }
  }

  /// Returns whether a cell that starts with `byte` is one that spreadsheets run as a
  /// formula.
  static func startsFormula(_ byte: UInt8) -> Bool {
    switch byte {
    case UInt8(ascii: "="), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "@"), 0x09, 0x0D:
      return true
    default:
      return false
    }
  }
}
