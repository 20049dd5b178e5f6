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
    if keys.count == 1, case .numeric(let values) = extracted[0] {
      return Book.sorted(rows, byNumbers: values, descending: keys[0].descending)
    }
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

  /// Orders the rows by one numeric key, missing (NaN) values last and ties in their
  /// original order. The keys become unsigned integers in the same order, which a stable
  /// radix sort orders in a few passes over the rows.
  static func sorted(
    _ rows: [Int32], byNumbers values: [Double], descending: Bool
  ) -> [Int32] {
    var keys: [UInt64] = []
    var presentRows: [Int32] = []
    keys.reserveCapacity(rows.count)
    presentRows.reserveCapacity(rows.count)
    var missing: [Int32] = []
    for (position, value) in values.enumerated() {
      if value.isNaN {
        missing.append(rows[position])
      } else {
        // Adding zero turns -0 into 0, which compares equal to it.
        keys.append(RadixSort.orderedBits(of: (descending ? -value : value) + 0))
        presentRows.append(rows[position])
      }
    }
    return RadixSort.stableOrder(presentRows, by: keys) + missing
  }

  /// Returns the first `limit` rows by the keys, the rest dropped: the same rows in the same order
  /// as the start of `sorted`, found by keeping the best `limit` rows in a heap when they
  /// are few.
  /// - Complexity: O(k · m log limit) for m rows and k keys, when `limit` is small against m.
  public func top(_ limit: Int, of rows: [Int32], by keys: [SortKey], today: Day) -> [Int32] {
    guard limit > 0 else { return [] }
    guard !keys.isEmpty, rows.count > 1, limit * 8 < rows.count else {
      return Array(sorted(rows, by: keys, today: today).prefix(limit))
    }

    let extracted = keys.map { SortColumn(book: self, field: $0.field, rows: rows, today: today) }
    // Positions compare by the keys, then by position, so that ties keep their order.
    func precedes(_ lhs: Int, _ rhs: Int) -> Bool {
      for (key, column) in zip(keys, extracted) {
        let order = column.order(lhs, rhs, descending: key.descending)
        if order != 0 { return order < 0 }
      }
      return lhs < rhs
    }

    // With one numeric key, a row can only displace the heap's root when its value is
    // strictly better, because a tie loses on position; that test needs no comparator.
    var isCandidate: (Int, Int) -> Bool = precedes
    if keys.count == 1, case .numeric(let values) = extracted[0] {
      let descending = keys[0].descending
      isCandidate = { position, root in
        let value = values[position]
        let worst = values[root]
        if value.isNaN { return false }
        if worst.isNaN { return true }
        return descending ? value > worst : value < worst
      }
    }

    // A heap whose root is the worst of the best positions seen so far.
    var heap: [Int] = []
    heap.reserveCapacity(limit)
    func siftDown(_ start: Int) {
      var parent = start
      while true {
        var worst = parent
        let left = 2 * parent + 1
        let right = left + 1
        if left < heap.count && precedes(heap[worst], heap[left]) { worst = left }
        if right < heap.count && precedes(heap[worst], heap[right]) { worst = right }
        guard worst != parent else { return }
        heap.swapAt(parent, worst)
        parent = worst
      }
    }
    for position in 0..<rows.count {
      if heap.count < limit {
        heap.append(position)
        var child = heap.count - 1
        while child > 0 {
          let parent = (child - 1) / 2
          guard precedes(heap[parent], heap[child]) else { break }
          heap.swapAt(parent, child)
          child = parent
        }
      } else if isCandidate(position, heap[0]) {
        heap[0] = position
        siftDown(0)
      }
    }
    heap.sort(by: precedes)
    return heap.map { rows[$0] }
  }
}

/// The values of one sort key for the rows being sorted, in a form that compares quickly.
private enum SortColumn {
  /// NaN is missing.
  case numeric([Double])
  /// nil is missing; text is in `TextFolding.sortKey` form, for an order that ignores case
  /// and puts accented letters with their plain ones.
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
        let ranks = column.sortRanks(keptIn: book.derivedValues(ofColumn: index))
        self = .numeric(
          rows.map { row in
            let rank = ranks[Int(row)]
            return rank == UInt32.max ? .nan : Double(rank)
          })
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
          return TextFolding.sortKey(string)
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
