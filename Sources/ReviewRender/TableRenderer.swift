import ReviewBook

/// Aligned columns for people: padded by display width, numbers right-aligned, cells cut
/// with "…" only when a terminal width is set, colour only when asked for. No line ends in
/// spaces, so that piped tables diff and grep cleanly.
struct TableRenderer {
  let options: RenderOptions

  static let gap = "  "
  static let minimumWidth = 4

  func render(_ table: ResultTable, to sink: inout some TextSink) {
    let count = table.columns.count
    guard count > 0 else { return }
    let formats = ColumnFormat.formats(of: table, dates: options.dates)

    var widths = table.columns.map { DisplayWidth.of(DisplayWidth.sanitized($0.name)) }
    for row in 0..<table.rowCount {
      for column in 0..<count {
        widths[column] = max(widths[column], DisplayWidth.of(cellText(table, formats, row, column)))
      }
    }
    if let limit = options.terminalWidth {
      widths = TableRenderer.fit(
        widths, into: limit, headers: table.columns.map(\.name),
        shrinkable: table.columns.map { $0.type == .text })
      // Rows that would still wrap, as with `show *`, read better one field a line.
      if widths.reduce(0, +) + TableRenderer.gap.count * (count - 1) > limit {
        renderRecords(table, formats: formats, to: &sink)
        return
      }
    }

    var header = ""
    for (index, column) in table.columns.enumerated() {
      let isLast = index == count - 1
      let text = DisplayWidth.truncated(DisplayWidth.sanitized(column.name), to: widths[index])
      let padded =
        isLast && !column.alignsRight
        ? text : DisplayWidth.padded(text, to: widths[index], alignRight: column.alignsRight)
      header += (index > 0 ? TableRenderer.gap : "") + padded
    }
    header = TableRenderer.trimmingTrailingSpaces(header)
    sink.write((options.color ? "\u{1B}[1m" + header + "\u{1B}[0m" : header) + "\n")

    var rule = ""
    for (index, width) in widths.enumerated() {
      rule += (index > 0 ? TableRenderer.gap : "") + String(repeating: "-", count: width)
    }
    sink.write(rule + "\n")

    let statusColumn = table.columns.firstIndex { $0.name == "status" }
    for row in 0..<table.rowCount {
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
          text, to: max(TableRenderer.minimumWidth, limit - labelWidth - TableRenderer.gap.count))
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

  /// Narrows the widest columns until the row fits `limit` terminal columns, keeping every
  /// column at least `minimumWidth` wide (or as wide as its header, when narrower).
  /// Only text columns shrink: a cut number, amount or date would be misread, so a table
  /// of them stays wider than the terminal and wraps. The account name, which tells the
  /// rows apart, keeps `nameWidth` columns until every other text column is as narrow as
  /// it can be.
  static func fit(
    _ widths: [Int], into limit: Int, headers: [String], shrinkable: [Bool]? = nil
  ) -> [Int] {
    var widths = widths
    let gaps = gap.count * max(0, widths.count - 1)
    var total = widths.reduce(0, +) + gaps
    let canShrink = shrinkable ?? Array(repeating: true, count: widths.count)
    let name = headers.firstIndex(of: "name")
    func narrowest(_ column: Int, sparingName: Bool) -> Int {
      sparingName && column == name
        ? min(nameWidth, widths[column]) : min(minimumWidth, widths[column])
    }
    for sparingName in [true, false] {
      while total > limit {
        guard
          let widest = widths.indices.filter({
            canShrink[$0] && widths[$0] > narrowest($0, sparingName: sparingName)
          }).max(by: { widths[$0] < widths[$1] })
        else { break }
        widths[widest] -= 1
        total -= 1
      }
    }
    return widths
  }

  /// The width an account name keeps while other text columns can still narrow.
  static let nameWidth = 24
}
