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
    let types = table.columns.map(\.type)
    _ = writeRows(of: table, into: &line, readsBytes: !line.sanitizes, to: &sink) {
      row, cells, line in
      for index in types.indices {
        if index > 0 { line.bytes.append(delimiterByte) }
        if !cells.copyCell(column: index, row: row, to: &line.bytes) {
          line.append(table.machineValue(row: row, column: index), isText: types[index] == .text)
        }
      }
      line.endLine()
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

/// The bytes of CSV or TSV lines being built.
private struct DelimitedBytes: CellWriter {
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
    bytes.reserveCapacity(pieceSize + 4096)
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
      bytes.appendRaw(number: number)
    case .money(let cents): bytes.appendRaw(cents: cents)
    case .date(let day): bytes.appendISO(day)
    case .boolean(let flag): bytes.append(contentsOf: (flag ? "true" : "false").utf8)
    }
  }

  /// Appends a text cell, sanitized when the options request it. With `neutralizing`, a
  /// cell that a spreadsheet would run as a formula gets a leading `'`. CSV quotes the cell
  /// where needed, and TSV turns its tabs and line breaks into spaces.
  mutating func appendText(_ text: String, neutralizing: Bool) {
    var text = sanitizes ? DisplayWidth.sanitized(text) : text
    text.withUTF8 { appendText(utf8: $0, neutralizing: neutralizing) }
  }

  mutating func appendCell(utf8: UnsafeBufferPointer<UInt8>) {
    appendText(utf8: utf8, neutralizing: true)
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
