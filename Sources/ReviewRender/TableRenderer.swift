import ReviewBook

/// Aligned columns for people: padded by display width, numbers right-aligned, cells cut
/// with "…" only when a terminal width is set, colour only when asked for. No line ends in
/// spaces, so that piped tables diff and grep cleanly.
struct TableRenderer {
  let options: RenderOptions

  static let gap = "  "

  func render(_ table: ResultTable, to sink: inout some TextSink) {
    if table.rowCount == 0, let message = table.emptyMessage {
      sink.write(DisplayWidth.sanitized(message) + "\n")
      return
    }
    let count = table.columns.count
    guard count > 0 else { return }
    let formats = ColumnFormat.formats(of: table, dates: options.dates)

    let headers = table.columns.map { DisplayWidth.sanitized($0.name) }
    var dataWidths = Array(repeating: 0, count: count)
    for row in 0..<table.rowCount {
      for column in 0..<count {
        dataWidths[column] = max(
          dataWidths[column], DisplayWidth.of(cellText(table, formats, row, column)))
      }
    }
    var layout = TableLayout(headers: headers, dataWidths: dataWidths)
    if let limit = options.terminalWidth {
      let identifying = table.columns.firstIndex { $0.name == "name" } ?? 0
      let fitted = layout.fitted(
        into: limit, gap: TableRenderer.gap.count, dataWidths: dataWidths,
        shrinkable: table.columns.map { $0.type == .text }, identifying: identifying
      ) {
        TableLayout.distinctWidth(
          of: (0..<table.rowCount).map { cellText(table, formats, $0, identifying) })
      }
      // Rows that would still wrap, as with `show *`, read better one field a line.
      guard let fitted else {
        renderRecords(table, formats: formats, to: &sink)
        return
      }
      layout = fitted
    }
    let widths = layout.widths

    // A header of one line sits on the last line of the header row.
    let height = layout.headerHeight
    for line in 0..<height {
      var header = ""
      for (index, column) in table.columns.enumerated() {
        let lines = layout.headerLines[index]
        let offset = line - (height - lines.count)
        let piece = offset >= 0 ? lines[offset] : ""
        let isLast = index == count - 1
        let text = DisplayWidth.truncated(piece, to: widths[index])
        let padded =
          isLast && !column.alignsRight
          ? text : DisplayWidth.padded(text, to: widths[index], alignRight: column.alignsRight)
        header += (index > 0 ? TableRenderer.gap : "") + padded
      }
      header = TableRenderer.trimmingTrailingSpaces(header)
      sink.write((options.color ? "\u{1B}[1m" + header + "\u{1B}[0m" : header) + "\n")
    }

    var rule = ""
    for (index, width) in widths.enumerated() {
      rule += (index > 0 ? TableRenderer.gap : "") + String(repeating: "-", count: width)
    }
    sink.write(rule + "\n")

    let statusColumn = table.columns.firstIndex { $0.name == "status" }
    for row in 0..<table.rowCount {
      if sink.isClosed { return }
      let overdue =
        statusColumn.map { TableRenderer.isOverdue(cellText(table, formats, row, $0)) } ?? false
      var line = ""
      for (index, column) in table.columns.enumerated() {
        let isLast = index == count - 1
        let text = DisplayWidth.truncated(cellText(table, formats, row, index), to: widths[index])
        var colored = text
        if options.color, let code = TableRenderer.color(of: column.name, text, overdue: overdue) {
          colored = "\u{1B}[\(code)m" + text + "\u{1B}[0m"
        }
        // The padding goes outside the colour, so that trailing spaces can be trimmed.
        let padding =
          isLast && !column.alignsRight ? 0 : max(0, widths[index] - DisplayWidth.of(text))
        let spaces = String(repeating: " ", count: padding)
        line += (index > 0 ? TableRenderer.gap : "")
        line += column.alignsRight ? spaces + colored : colored + spaces
      }
      sink.write(TableRenderer.trimmingTrailingSpaces(line) + "\n")
    }
    if let footer = table.footer {
      sink.write(TableRenderer.trimmingTrailingSpaces(footer) + "\n")
    }
  }

  /// Returns the line without the spaces and tabs at its end.
  static func trimmingTrailingSpaces(_ line: String) -> String {
    var end = line.endIndex
    while end > line.startIndex {
      let previous = line.index(before: end)
      guard line[previous] == " " || line[previous] == "\t" else { break }
      end = previous
    }
    return String(line[..<end])
  }

  func renderRecord(_ table: ResultTable, to sink: inout some TextSink) {
    let labelWidth = TableRenderer.labelWidth(table)
    let formats = ColumnFormat.formats(of: table, dates: options.dates)
    for row in 0..<table.rowCount {
      if row > 0 { sink.write("\n") }
      writeRecord(table, formats: formats, row: row, labelWidth: labelWidth, to: &sink)
    }
  }

  /// Writes each row as a record under a numbered rule, one field a line, and then the
  /// table's footer: the layout of a table too wide for the terminal.
  private func renderRecords(
    _ table: ResultTable, formats: [ColumnFormat], to sink: inout some TextSink
  ) {
    let labelWidth = TableRenderer.labelWidth(table)
    for row in 0..<table.rowCount {
      let title = "-[ \(row + 1) ]"
      let rule = String(repeating: "-", count: max(4, labelWidth + 4 - title.count))
      sink.write(title + rule + "\n")
      writeRecord(table, formats: formats, row: row, labelWidth: labelWidth, to: &sink)
    }
    if let footer = table.footer {
      sink.write(TableRenderer.trimmingTrailingSpaces(footer) + "\n")
    }
  }

  private static func labelWidth(_ table: ResultTable) -> Int {
    table.columns.map { DisplayWidth.of(DisplayWidth.sanitized($0.name)) }.max() ?? 0
  }

  /// Writes one row as lines of field name and value, with "—" for a missing value.
  private func writeRecord(
    _ table: ResultTable, formats: [ColumnFormat], row: Int, labelWidth: Int,
    to sink: inout some TextSink
  ) {
    let statusColumn = table.columns.firstIndex { $0.name == "status" }
    let overdue =
      statusColumn.map { TableRenderer.isOverdue(cellText(table, formats, row, $0)) } ?? false
    for (index, column) in table.columns.enumerated() {
      var text = cellText(table, formats, row, index)
      if text.isEmpty { text = "—" }
      if let limit = options.terminalWidth {
        text = DisplayWidth.truncated(
          text, to: max(TableLayout.minimumWidth, limit - labelWidth - TableRenderer.gap.count))
      }
      if options.color, let code = TableRenderer.color(of: column.name, text, overdue: overdue) {
        text = "\u{1B}[\(code)m" + text + "\u{1B}[0m"
      }
      let line =
        DisplayWidth.padded(DisplayWidth.sanitized(column.name), to: labelWidth)
        + TableRenderer.gap + text
      sink.write(TableRenderer.trimmingTrailingSpaces(line) + "\n")
    }
  }

  private func cellText(
    _ table: ResultTable, _ formats: [ColumnFormat], _ row: Int, _ column: Int
  ) -> String {
    DisplayWidth.sanitized(formats[column].text(table.value(row: row, column: column)))
  }

  static func statusColor(_ text: String) -> Int? {
    switch text.lowercased() {
    case "red", "overdue": return 31
    case "yellow": return 33
    case "green": return 32
    default: return nil
    }
  }

  /// Returns the SGR color code of a cell, or nil: the status column by its value, and
  /// the due date of an overdue action in red, like its status.
  static func color(of column: String, _ text: String, overdue: Bool) -> Int? {
    switch column {
    case "status": return statusColor(text)
    case "due" where overdue && !text.isEmpty: return 31
    default: return nil
    }
  }

  /// Returns whether a status cell marks an overdue action, as action lists write it.
  static func isOverdue(_ status: String) -> Bool {
    status.lowercased() == "overdue"
  }
}
