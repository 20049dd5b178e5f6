/// The width of each column of a table and the lines of each header, narrowed to fit a
/// terminal. Narrowing gives up what a reader misses least first: a header wider than its
/// column's values wraps onto two lines, then text values are cut, then headers still
/// wider than their values, and last the values of the column that distinguishes the rows.
/// Numbers, money and dates are never cut, because a cut one would be misread.
struct TableLayout {
  /// The width of each column in terminal columns.
  var widths: [Int]
  /// Each column's header: one line, or two when it wraps. A header wider than its column
  /// is cut with "…" when written.
  var headerLines: [[String]]

  /// How many lines the header row takes: 1, or 2 when a header wraps.
  var headerHeight: Int { headerLines.map(\.count).max() ?? 1 }

  /// The width below which no text column and no header is cut.
  static let minimumWidth = 4
  /// The width that the column distinguishing the rows keeps while other text columns can
  /// still narrow.
  static let identifyingWidth = 24

  /// Creates the layout that needs no narrowing: each column as wide as its header or its
  /// widest value.
  init(headers: [String], dataWidths: [Int]) {
    widths = zip(headers, dataWidths).map { max(DisplayWidth.of($0), $1) }
    headerLines = headers.map { [$0] }
  }

  /// Returns the total width of a row, gaps included.
  func totalWidth(gap: Int) -> Int {
    widths.reduce(0, +) + gap * max(0, widths.count - 1)
  }

  /// Narrows the layout to at most `limit` terminal columns, or returns nil when it cannot
  /// fit, so that the table is better written one field a line.
  /// - Parameters:
  ///   - dataWidths: the widest value of each column.
  ///   - shrinkable: whether each column's values may be cut: text only.
  ///   - identifying: the column that distinguishes the rows, such as the account name; its
  ///     values keep `identifyingWidth` while other text can narrow, and are never cut so
  ///     far that two different values read the same.
  ///   - distinctWidth: the minimum width at which the identifying column's values, cut,
  ///     are still as many different texts as uncut; computed only when needed.
  func fitted(
    into limit: Int, gap: Int, dataWidths: [Int], shrinkable: [Bool], identifying: Int?,
    distinctWidth: () -> Int
  ) -> TableLayout? {
    var layout = self
    guard layout.totalWidth(gap: gap) > limit else { return layout }
    layout.wrapHeaders(into: limit, gap: gap, dataWidths: dataWidths)

    // Other text columns are cut first, while the identifying column keeps its share.
    var floors = layout.widths.indices.map { column in
      shrinkable[column] && column != identifying
        ? min(TableLayout.minimumWidth, layout.widths[column]) : layout.widths[column]
    }
    if let identifying, shrinkable[identifying] {
      floors[identifying] = min(TableLayout.identifyingWidth, layout.widths[identifying])
    }
    layout.narrow(into: limit, gap: gap, floors: floors)

    // Then headers wider than their values are cut, down to the values but never below
    // the minimum.
    for column in floors.indices where !shrinkable[column] {
      floors[column] = min(
        layout.widths[column], max(dataWidths[column], TableLayout.minimumWidth))
    }
    layout.narrow(into: limit, gap: gap, floors: floors)

    // Last, the identifying column, but never so far that two of its values read alike.
    if let identifying, shrinkable[identifying], layout.totalWidth(gap: gap) > limit {
      floors[identifying] = min(
        layout.widths[identifying], max(TableLayout.minimumWidth, distinctWidth()))
      layout.narrow(into: limit, gap: gap, floors: floors)
    }
    return layout.totalWidth(gap: gap) > limit ? nil : layout
  }

  /// Wraps the headers that are wider than their column's values onto two lines, those
  /// that save the most first, until the row fits.
  private mutating func wrapHeaders(into limit: Int, gap: Int, dataWidths: [Int]) {
    var candidates: [(column: Int, lines: [String], width: Int)] = []
    for (column, lines) in headerLines.enumerated() {
      guard let split = TableLayout.twoLines(lines[0]) else { continue }
      let width = max(dataWidths[column], split.width)
      if width < widths[column] { candidates.append((column, [split.top, split.bottom], width)) }
    }
    candidates.sort { widths[$0.column] - $0.width > widths[$1.column] - $1.width }
    for candidate in candidates where totalWidth(gap: gap) > limit {
      headerLines[candidate.column] = candidate.lines
      widths[candidate.column] = candidate.width
    }
  }

  /// Takes width from the widest column above its floor, the first of equally wide ones,
  /// until the row fits or every column is at its floor.
  private mutating func narrow(into limit: Int, gap: Int, floors: [Int]) {
    var total = totalWidth(gap: gap)
    while total > limit {
      let candidates = widths.indices.filter { widths[$0] > floors[$0] }
      guard let widest = candidates.max(by: { widths[$0] < widths[$1] }) else { return }
      // Taking one column at a time would keep this column the widest down to the next
      // widest candidate, so the steps up to there are taken at once.
      let next = candidates.filter { $0 != widest }.map { widths[$0] }.max() ?? 0
      let step = max(1, min(total - limit, widths[widest] - max(floors[widest], next)))
      widths[widest] -= step
      total -= step
    }
  }

  /// Splits a header into two lines of nearly equal width: after `_`, `-` or `/`, at a
  /// space, or where a lowercase letter meets an uppercase one (`TotalCharges`). Returns
  /// nil when the header has no such place or splitting would not narrow it.
  static func twoLines(_ header: String) -> (top: String, bottom: String, width: Int)? {
    let characters = Array(header)
    var best: (top: String, bottom: String, width: Int)?
    for index in characters.indices.dropFirst() {
      let previous = characters[index - 1]
      let current = characters[index]
      var top: String
      var bottom: String
      if current == " " {
        top = String(characters[..<index])
        bottom = String(characters[(index + 1)...])
      } else if "_-/".contains(previous)
        || (previous.isLowercase && current.isUppercase)
      {
        top = String(characters[..<index])
        bottom = String(characters[index...])
      } else {
        continue
      }
      top = String(top.drop { $0 == " " })
      bottom = String(bottom.drop { $0 == " " })
      guard !top.isEmpty, !bottom.isEmpty else { continue }
      let width = max(DisplayWidth.of(top), DisplayWidth.of(bottom))
      if width < (best?.width ?? DisplayWidth.of(header)) { best = (top, bottom, width) }
    }
    return best
  }

  /// Returns the minimum width, from 1 up to the widest text, at which the texts cut with "…" are
  /// still as many different texts as uncut.
  /// - Complexity: O(n log w) for n texts at most w wide.
  static func distinctWidth(of texts: [String]) -> Int {
    let distinct = Set(texts).count
    let widest = texts.map(DisplayWidth.of).max() ?? 0
    var low = 1
    var high = max(1, widest)
    while low < high {
      let middle = (low + high) / 2
      if Set(texts.map { DisplayWidth.truncated($0, to: middle) }).count == distinct {
        high = middle
      } else {
        low = middle + 1
      }
    }
    return high
  }
}
