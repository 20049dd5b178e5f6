import ReviewBook

/// CSV (RFC 4180) and TSV with raw values. Text cells that a spreadsheet would run as a
/// formula (starting with `=`, `+`, `-`, `@`, a tab or a carriage return) get a leading `'`
/// unless formulas are allowed; number, money and date cells are never changed.
struct DelimitedRenderer {
  let delimiter: Character
  let options: RenderOptions

  /// CRLF for CSV, as RFC 4180 asks, and LF for TSV, which tools such as `cut` and `awk`
  /// read line by line, so that the last field carries no carriage return.
  private var lineEnd: String {
    delimiter == "\t" ? "\n" : "\r\n"
  }

  func render(_ table: ResultTable, to sink: inout some TextSink) {
    sink.write(
      table.columns.map { field($0.name, isText: true) }.joined(separator: String(delimiter))
        + lineEnd)
    for row in 0..<table.rowCount {
      var line = ""
      for (index, column) in table.columns.enumerated() {
        if index > 0 { line.append(delimiter) }
        let value = table.machineValue(row: row, column: index)
        line += field(ValueFormatter.raw(value), isText: column.type == .text)
      }
      sink.write(line + lineEnd)
    }
  }

  private func field(_ raw: String, isText: Bool) -> String {
    var text = raw
    if options.sanitizeAll {
      text = DisplayWidth.sanitized(text)
    }
    if isText && options.neutralizeFormulas, let first = text.unicodeScalars.first,
      ["=", "+", "-", "@", "\t", "\r"].contains(first)
    {
      text = "'" + text
    }
    if delimiter == "\t" {
      // TSV has no quoting: tabs and line breaks inside a cell become spaces.
      return String(text.map { $0 == "\t" || $0 == "\n" || $0 == "\r\n" || $0 == "\r" ? " " : $0 })
    }
    let needsQuotes: Bool
    if let delimiterByte = delimiter.asciiValue {
      // Every character that forces quotes is one ASCII byte, so the bytes are enough.
      needsQuotes = text.utf8.contains {
        $0 == delimiterByte || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\n")
          || $0 == UInt8(ascii: "\r")
      }
    } else {
      needsQuotes = text.contains {
        $0 == delimiter || $0 == "\"" || $0 == "\n" || $0 == "\r" || $0 == "\r\n"
      }
    }
    guard needsQuotes else { return text }
    return "\"" + text.replacingAll("\"", with: "\"\"") + "\""
  }
}
