import ReviewBook

/// JSON (an array of objects, one a line) and JSON Lines (one object a line), with raw
/// values: numbers and money as JSON numbers, ISO dates, `null` for missing.
struct JSONRenderer {
  let lines: Bool
  let options: RenderOptions

  func render(_ table: ResultTable, to sink: inout some TextSink) {
    let keys = table.columns.map { JSONRenderer.quote($0.name) }
    if !lines { sink.write(table.rowCount == 0 ? "[]\n" : "[\n") }
    for row in 0..<table.rowCount {
      var object = "{"
      for (index, key) in keys.enumerated() {
        if index > 0 { object += ", " }
        object += key + ": " + JSONRenderer.encode(table.machineValue(row: row, column: index))
      }
      object += "}"
      if lines {
        sink.write(object + "\n")
      } else {
        sink.write("  " + object + (row == table.rowCount - 1 ? "\n" : ",\n"))
      }
    }
    if !lines && table.rowCount > 0 { sink.write("]\n") }
  }

  func renderRecord(_ table: ResultTable, to sink: inout some TextSink) {
    guard table.rowCount == 1 else {
      render(table, to: &sink)
      return
    }
    sink.write("{\n")
    for (index, column) in table.columns.enumerated() {
      let separator = index == table.columns.count - 1 ? "\n" : ",\n"
      sink.write(
        "  " + JSONRenderer.quote(column.name) + ": "
          + JSONRenderer.encode(table.machineValue(row: 0, column: index)) + separator)
    }
    sink.write("}\n")
  }

  static func encode(_ value: Value) -> String {
    switch value {
    case .missing: return "null"
    case .text(let text): return quote(text)
    case .number(let number): return number.isFinite ? ValueFormatter.raw(number: number) : "null"
    case .money(let cents): return ValueFormatter.rawMoney(cents)
    case .date(let day): return quote(day.iso)
    case .boolean(let flag): return flag ? "true" : "false"
    }
  }

  /// A JSON string literal; control characters are escaped.
  static func quote(_ text: String) -> String {
    var result = "\""
    for scalar in text.unicodeScalars {
      switch scalar {
      case "\"": result += "\\\""
      case "\\": result += "\\\\"
      case "\n": result += "\\n"
      case "\r": result += "\\r"
      case "\t": result += "\\t"
      default:
        if scalar.value < 0x20 || scalar.value == 0x7F || (0x2028...0x2029).contains(scalar.value) {
          let hex = String(scalar.value, radix: 16)
          result += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
        } else {
          result.unicodeScalars.append(scalar)
        }
      }
    }
    return result + "\""
  }
}
