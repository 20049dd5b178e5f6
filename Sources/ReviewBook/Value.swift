/// The type of a field, as the loader inferred or the canonical field declares it.
public enum FieldType: String, Sendable, CaseIterable {
  case text
  case number
  case money
  case date
  case boolean
}

/// One cell of the book. Columns store typed arrays; a `Value` is what a single cell reads as.
public enum Value: Hashable, Sendable {
  case missing
  case number(Double)
  /// An amount of money in whole cents.
  case money(cents: Int64)
  case date(Day)
  case text(String)
  case boolean(Bool)

  public var isMissing: Bool {
    if case .missing = self { return true }
    return false
  }

  /// The value as a number, for aggregates and sorting: money in currency units, dates as
  /// day numbers, booleans as 0 or 1.
  public var numeric: Double? {
    switch self {
    case .missing, .text: return nil
    case .number(let number): return number
    case .money(let cents): return Double(cents) / 100
    case .date(let day): return Double(day.number)
    case .boolean(let flag): return flag ? 1 : 0
    }
  }
}
