/// A typed column. Each case stores one array; a sentinel marks a missing cell so that the
/// arrays stay flat and scans stay tight.
public enum Column: Sendable {
  case text(TextColumn)
  /// Numbers; `.nan` is missing.
  case number([Double])
  /// Money in whole cents; `Column.missingMoney` is missing.
  case money([Int64])
  /// Day numbers (see `Day`); `Column.missingDate` is missing.
  case date([Int32])
  /// 0 is false, 1 is true, `Column.missingBoolean` is missing.
  case boolean([UInt8])

  public static let missingMoney = Int64.min
  public static let missingDate = Int32.min
  public static let missingBoolean: UInt8 = 2

  public var type: FieldType {
    switch self {
    case .text: return .text
    case .number: return .number
    case .money: return .money
    case .date: return .date
    case .boolean: return .boolean
    }
  }

  public var count: Int {
    switch self {
    case .text(let column): return column.count
    case .number(let values): return values.count
    case .money(let values): return values.count
    case .date(let values): return values.count
    case .boolean(let values): return values.count
    }
  }

  public func isMissing(_ row: Int) -> Bool {
    switch self {
    case .text(let column): return column.isMissing(row)
    case .number(let values): return values[row].isNaN
    case .money(let values): return values[row] == Column.missingMoney
    case .date(let values): return values[row] == Column.missingDate
    case .boolean(let values): return values[row] == Column.missingBoolean
    }
  }

  public func value(at row: Int) -> Value {
    switch self {
    case .text(let column):
      guard let string = column.string(at: row) else { return .missing }
      return .text(string)
    case .number(let values):
      let number = values[row]
      return number.isNaN ? .missing : .number(number)
    case .money(let values):
      let cents = values[row]
      return cents == Column.missingMoney ? .missing : .money(cents: cents)
    case .date(let values):
      let day = values[row]
      return day == Column.missingDate ? .missing : .date(Day(number: day))
    case .boolean(let values):
      let flag = values[row]
      return flag == Column.missingBoolean ? .missing : .boolean(flag == 1)
    }
  }

  /// How many cells are not missing.
  /// - Complexity: O(n).
  public var presentCount: Int {
    switch self {
    case .text(let column):
      switch column.storage {
      case .dictionary(let codes, _):
        return codes.reduce(0) { $0 + ($1 == TextColumn.missingCode ? 0 : 1) }
      case .plain(_, let offsets):
        var present = 0
        for index in 0..<(offsets.count - 1) where offsets[index] != offsets[index + 1] {
          present += 1
        }
        return present
      }
    case .number(let values): return values.reduce(0) { $0 + ($1.isNaN ? 0 : 1) }
    case .money(let values): return values.reduce(0) { $0 + ($1 == Column.missingMoney ? 0 : 1) }
    case .date(let values): return values.reduce(0) { $0 + ($1 == Column.missingDate ? 0 : 1) }
    case .boolean(let values):
      return values.reduce(0) { $0 + ($1 == Column.missingBoolean ? 0 : 1) }
    }
  }

  /// A column of `count` missing cells of the given type.
  public static func missing(_ type: FieldType, count: Int) -> Column {
    switch type {
    case .text:
      return .text(
        TextColumn(
          storage: .dictionary(
            codes: Array(repeating: TextColumn.missingCode, count: count), values: [])))
    case .number: return .number(Array(repeating: .nan, count: count))
    case .money: return .money(Array(repeating: Column.missingMoney, count: count))
    case .date: return .date(Array(repeating: Column.missingDate, count: count))
    case .boolean: return .boolean(Array(repeating: Column.missingBoolean, count: count))
    }
  }

  /// A copy holding only `rows`, in their order.
  public func gathering(_ rows: [Int32]) -> Column {
    switch self {
    case .text(let column): return .text(column.gathering(rows))
    case .number(let values): return .number(rows.map { values[Int($0)] })
    case .money(let values): return .money(rows.map { values[Int($0)] })
    case .date(let values): return .date(rows.map { values[Int($0)] })
    case .boolean(let values): return .boolean(rows.map { values[Int($0)] })
    }
  }
}

extension Column {
  /// Returns the row of the largest amount of a money column whose amounts cannot all be
  /// added up in whole cents. Returns nil when they can, and for other columns. When they
  /// can, any total of some of them is exact, because it is at most the total of their
  /// magnitudes.
  public func moneyOverflowRow() -> Int? {
    guard case .money(let values) = self else { return nil }
    // No total can overflow when the largest amount times the count fits, which one pass
    // that the compiler can vectorize finds. The exact sum below is for the rare rest.
    var largestAmount: UInt64 = 0
    values.withUnsafeBufferPointer { values in
      for cents in values {
        let magnitude = cents == Column.missingMoney ? 0 : cents.magnitude
        largestAmount = Swift.max(largestAmount, magnitude)
      }
    }
    if values.isEmpty || largestAmount <= UInt64(Int64.max) / UInt64(values.count) {
      return nil
    }
    // The magnitude of the missing marker, Int64.min, is 2^63, which alone does not fit.
    var total: UInt64 = 0
    var overflows = false
    for cents in values where cents != Column.missingMoney {
      let (sum, overflow) = total.addingReportingOverflow(cents.magnitude)
      overflows = overflows || overflow
      total = sum
    }
    guard overflows || total > UInt64(Int64.max) else { return nil }

    var largest = 0
    var largestMagnitude: UInt64 = 0
    for (row, cents) in values.enumerated()
    where cents != Column.missingMoney && cents.magnitude > largestMagnitude {
      largestMagnitude = cents.magnitude
      largest = row
    }
    return largest
  }
}
