/// One key of a sort: a field and a direction. Missing values sort last either way.
public struct SortKey: Sendable, Hashable {
  public var field: FieldReference
  public var descending: Bool

  public init(field: FieldReference, descending: Bool = false) {
    self.field = field
    self.descending = descending
  }
}

extension Book {
  /// The rows ordered by the keys, ties kept in their original order.
  /// - Complexity: O(k · m log m) for m rows and k keys.
  public func sorted(_ rows: [Int32], by keys: [SortKey], today: Day) -> [Int32] {
    guard !keys.isEmpty, rows.count > 1 else { return rows }

    let extracted = keys.map { SortColumn(book: self, field: $0.field, rows: rows, today: today) }
    var permutation = Array(0..<rows.count)
    permutation.sort { lhs, rhs in
      for (key, column) in zip(keys, extracted) {
        let order = column.order(lhs, rhs, descending: key.descending)
        if order != 0 { return order < 0 }
      }
      return lhs < rhs
    }
    return permutation.map { rows[$0] }
  }

  /// The first `limit` rows by the keys, the rest dropped.
  public func top(_ limit: Int, of rows: [Int32], by keys: [SortKey], today: Day) -> [Int32] {
    Array(sorted(rows, by: keys, today: today).prefix(limit))
  }
}

/// The values of one sort key for the rows being sorted, in a form that compares quickly.
private enum SortColumn {
  /// NaN is missing.
  case numeric([Double])
  /// nil is missing; text is folded for a case-insensitive order.
  case text([[UInt8]?])

  init(book: Book, field: FieldReference, rows: [Int32], today: Day) {
    if case .stored(let index) = field {
      switch book.columns[index] {
      case .number(let values):
        self = .numeric(rows.map { values[Int($0)] })
        return
      case .money(let values):
        self = .numeric(
          rows.map { values[Int($0)] == Column.missingMoney ? .nan : Double(values[Int($0)]) })
        return
      case .date(let values):
        self = .numeric(
          rows.map { values[Int($0)] == Column.missingDate ? .nan : Double(values[Int($0)]) })
        return
      case .text(let column):
        self = .text(rows.map { column.string(at: Int($0)).map(TextFolding.fold) })
        return
      case .boolean:
        break
      }
    }
    if book.type(of: field) == .text {
      self = .text(
        rows.map { row -> [UInt8]? in
          guard case .text(let string) = book.value(of: field, at: Int(row), today: today) else {
            return nil
          }
          return TextFolding.fold(string)
        })
    } else {
      self = .numeric(rows.map { book.value(of: field, at: Int($0), today: today).numeric ?? .nan })
    }
  }

  func order(_ lhs: Int, _ rhs: Int, descending: Bool) -> Int {
    switch self {
    case .numeric(let values):
      let a = values[lhs]
      let b = values[rhs]
      if a.isNaN || b.isNaN {
        return a.isNaN == b.isNaN ? 0 : (a.isNaN ? 1 : -1)
      }
      let order = a < b ? -1 : (a > b ? 1 : 0)
      return descending ? -order : order
    case .text(let values):
      guard let a = values[lhs], let b = values[rhs] else {
        return (values[lhs] == nil) == (values[rhs] == nil) ? 0 : (values[lhs] == nil ? 1 : -1)
      }
      let order = TextFolding.compare(a, b)
      return descending ? -order : order
    }
  }
}
