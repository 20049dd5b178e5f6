import ReviewBook

/// JSON (an array of objects, one a line) and JSON Lines (one object a line), with raw
/// values: numbers and money as JSON numbers, ISO dates, `null` for missing.
///
/// Lines are built as UTF-8 bytes and handed to the sink in pieces, as CSV lines are (see
/// `DelimitedRenderer`), and text columns that the table can read as bytes are written
/// without making a String of each cell.
struct JSONRenderer {
  let lines: Bool
  let options: RenderOptions

  func render(_ table: ResultTable, to sink: inout some TextSink) {
    let keys = table.columns.map { column -> [UInt8] in
      var key = JSONBytes()
      key.appendString(column.name)
      key.bytes.append(contentsOf: ": ".utf8)
      return key.bytes
    }
    if !lines { sink.write(table.rowCount == 0 ? "[]\n" : "[\n") }
    var out = JSONBytes()
    out.bytes.reserveCapacity(pieceSize + 4096)
    let lines = self.lines
    let finished = writeRows(of: table, into: &out, to: &sink) { row, cells, out in
      if !lines { out.bytes.append(contentsOf: "  ".utf8) }
      out.bytes.append(UInt8(ascii: "{"))
      for (index, key) in keys.enumerated() {
        if index > 0 { out.bytes.append(contentsOf: ", ".utf8) }
        out.bytes.append(contentsOf: key)
        if !cells.copyCell(column: index, row: row, to: &out.bytes) {
          out.append(table.machineValue(row: row, column: index))
        }
      }
      out.bytes.append(UInt8(ascii: "}"))
      if !lines && row != table.rowCount - 1 { out.bytes.append(UInt8(ascii: ",")) }
      out.bytes.append(UInt8(ascii: "\n"))
    }
    if finished && !lines && table.rowCount > 0 { sink.write("]\n") }
  }

  func renderRecord(_ table: ResultTable, to sink: inout some TextSink) {
    guard table.rowCount == 1 else {
      render(table, to: &sink)
      return
    }
    var out = JSONBytes()
    out.bytes.append(contentsOf: "{\n".utf8)
    for (index, column) in table.columns.enumerated() {
      out.bytes.append(contentsOf: "  ".utf8)
      out.appendString(column.name)
      out.bytes.append(contentsOf: ": ".utf8)
      out.append(table.machineValue(row: 0, column: index))
      out.bytes.append(contentsOf: (index == table.columns.count - 1 ? "\n" : ",\n").utf8)
    }
    out.bytes.append(contentsOf: "}\n".utf8)
    out.bytes.withUnsafeBufferPointer { sink.write(utf8: $0) }
  }
}

/// The bytes of JSON being built.
struct JSONBytes: CellWriter {
  var bytes: [UInt8] = []

  /// Appends a value: a number, a string, `true`, `false` or `null`. A number that is not
  /// finite, which JSON cannot write, is `null`.
  mutating func append(_ value: Value) {
    switch value {
    case .missing:
      bytes.append(contentsOf: "null".utf8)
    case .text(let text):
      appendString(text)
    case .number(let number):
      if number.isFinite {
        bytes.appendRaw(number: number)
      } else {
        bytes.append(contentsOf: "null".utf8)
      }
    case .money(let cents):
      bytes.appendRaw(cents: cents)
    case .date(let day):
      bytes.append(UInt8(ascii: "\""))
      bytes.appendISO(day)
      bytes.append(UInt8(ascii: "\""))
    case .boolean(let flag):
      bytes.append(contentsOf: (flag ? "true" : "false").utf8)
    }
  }

  /// Appends a text cell as a string, or `null` for a missing cell (no bytes).
  mutating func appendCell(utf8: UnsafeBufferPointer<UInt8>) {
    if utf8.isEmpty {
      bytes.append(contentsOf: "null".utf8)
    } else {
      appendString(utf8: utf8)
    }
  }

  mutating func appendString(_ text: String) {
    var text = text
    text.withUTF8 { appendString(utf8: $0) }
  }

  /// Appends a string literal. Quotes, backslashes and control characters are escaped,
  /// and so are DEL and the separators U+2028 and U+2029, which JavaScript before ES2019
  /// does not allow inside a string literal.
  mutating func appendString(utf8: UnsafeBufferPointer<UInt8>) {
    bytes.append(UInt8(ascii: "\""))
    var start = 0
    var index = 0
    while index < utf8.count {
      let byte = utf8[index]
      var length = 1
      let escape: String?
      switch byte {
      case UInt8(ascii: "\""): escape = "\\\""
      case UInt8(ascii: "\\"): escape = "\\\\"
      case 0x0A: escape = "\\n"
      case 0x0D: escape = "\\r"
      case 0x09: escape = "\\t"
      case 0x00..<0x20, 0x7F: escape = JSONBytes.unicodeEscape(UInt32(byte))
      case 0xE2
      where index + 2 < utf8.count && utf8[index + 1] == 0x80
        && (utf8[index + 2] == 0xA8 || utf8[index + 2] == 0xA9):
        length = 3
        escape = JSONBytes.unicodeEscape(utf8[index + 2] == 0xA8 ? 0x2028 : 0x2029)
      default: escape = nil
      }
      if let escape {
        bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start..<index]))
        bytes.append(contentsOf: escape.utf8)
        start = index + length
      }
      index += length
    }
    bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start..<utf8.count]))
    bytes.append(UInt8(ascii: "\""))
  }

  /// Returns `\uXXXX` for a code point, in lowercase hexadecimal.
  private static func unicodeEscape(_ value: UInt32) -> String {
    let hex = String(value, radix: 16)
    return "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
  }
}
