import ReviewBook

/// GitHub-flavoured Markdown tables, with display values.
struct MarkdownRenderer {
  let options: RenderOptions

  func render(_ table: ResultTable, to sink: inout some TextSink) {
    if table.rowCount == 0, let message = table.emptyMessage {
      sink.write(escape(message) + "\n\n")
      return
    }
    guard !table.columns.isEmpty else { return }
    sink.write("| " + table.columns.map { escape($0.name) }.joined(separator: " | ") + " |\n")
    sink.write("|" + table.columns.map { $0.alignsRight ? " ---: |" : " --- |" }.joined() + "\n")
    let formats = ColumnFormat.formats(of: table, dates: options.dates)
    for row in 0..<table.rowCount {
      if sink.isClosed { return }
      let cells = table.columns.indices.map { column in
        escape(formats[column].text(table.value(row: row, column: column)))
      }
      sink.write("| " + cells.joined(separator: " | ") + " |\n")
    }
    if let footer = table.footer {
      sink.write("\n" + escape(footer) + "\n")
    }
    // A blank line ends the table, so that a table or text after it stays apart.
    sink.write("\n")
  }

  func renderRecord(_ table: ResultTable, to sink: inout some TextSink) {
    let formats = ColumnFormat.formats(of: table, dates: options.dates)
    for row in 0..<table.rowCount {
      sink.write("| field | value |\n| --- | --- |\n")
      for (index, column) in table.columns.enumerated() {
        let text = formats[index].text(table.value(row: row, column: index))
        sink.write("| \(escape(column.name)) | \(escape(text)) |\n")
      }
    }
    sink.write("\n")
  }

  /// Returns cell text that cannot break the table or format itself. Pipes, `*`, backticks
  /// and brackets get a backslash, and `<` becomes `&lt;` so that no HTML
  /// renders. Line breaks become `<br>`, tabs spaces, and other control characters symbols.
  private func escape(_ text: String) -> String {
    var result = ""
    result.reserveCapacity(text.utf8.count)
    for character in text {
      switch character {
      case "\\", "|", "*", "`", "[", "]":
        result.append("\\")
        result.append(character)
      case "<": result += "&lt;"
      case "\t": result.append(" ")
      case "\r\n", "\n", "\r": result += "<br>"
      default: result.append(character)
      }
    }
    return DisplayWidth.sanitized(result)
  }
}

extension String {
  func replacingAll(_ target: String, with replacement: String) -> String {
    guard contains(target) else { return self }
    return components(separatedBy: target).joined(separator: replacement)
  }

  /// Splits on a separator string.
  func components(separatedBy separator: String) -> [String] {
    var parts: [String] = []
    var current = Substring(self)
    while let range = current.range(of: separator) {
      parts.append(String(current[..<range.lowerBound]))
      current = current[range.upperBound...]
    }
    parts.append(String(current))
    return parts
  }
}

extension Substring {
  func range(of target: String) -> Range<Index>? {
    guard !target.isEmpty else { return nil }
    var index = startIndex
    while index < endIndex {
      if self[index...].hasPrefix(target) {
        return index..<(self.index(index, offsetBy: target.count))
      }
      index = self.index(after: index)
    }
    return nil
  }
}
