/// A function that reduces the accounts of a result (or of each group) to one value.
public enum AggregateFunction: String, Sendable, CaseIterable {
  case count
  case sum
  case average = "avg"
  case minimum = "min"
  case maximum = "max"

  /// Whether the function takes a field.
  public var needsField: Bool { self != .count }

  /// The types of field the function accepts.
  public var acceptedTypes: Set<FieldType> {
    switch self {
    case .count: return Set(FieldType.allCases)
    case .sum, .average: return [.number, .money]
    case .minimum, .maximum: return [.number, .money, .date, .text]
    }
  }
}

/// The accounts of a result that share one value of the grouping field.
public struct Group: Sendable {
  /// The grouping value; `.missing` for the accounts that have none.
  public var key: Value
  public var rows: [Int32]
}

extension Book {
  /// Reduces the rows to one value. Missing cells are skipped; the sum of no values is 0
  /// and the average, minimum and maximum of no values are missing.
  public func aggregate(
    _ function: AggregateFunction, of field: FieldReference?, rows: [Int32], today: Day
  ) -> Value {
    guard let field, function != .count else {
      return .number(Double(rows.count))
    }

    let type = type(of: field)
    switch function {
    case .count:
      return .number(Double(rows.count))
    case .sum, .average:
      var total = 0.0
      var cents: Int64 = 0
      var present = 0
      for row in rows {
        switch value(of: field, at: Int(row), today: today) {
        case .number(let number):
          total += number
          present += 1
        case .money(let amount):
          cents &+= amount
          present += 1
        default:
          break
        }
      }
      if function == .sum {
        return type == .money ? .money(cents: cents) : .number(total)
      }
      guard present > 0 else { return .missing }
      if type == .money {
        let mean = (Double(cents) / Double(present)).rounded()
        return .money(cents: Int64(mean))
      }
      return .number(total / Double(present))
    case .minimum, .maximum:
      var best: Value = .missing
      for row in rows {
        let candidate = value(of: field, at: Int(row), today: today)
        guard !candidate.isMissing else { continue }
        guard let order = Book.order(candidate, best) else {
          best = candidate
          continue
        }
        if (function == .minimum && order < 0) || (function == .maximum && order > 0) {
          best = candidate
        }
      }
      return best
    }
  }

  /// Splits the rows by the value of a field, text compared case-insensitively. Groups come
  /// in ascending order of their value, the group of missing values last.
  public func groups(of rows: [Int32], by field: FieldReference, today: Day) -> [Group] {
    var indexByKey: [GroupKey: Int] = [:]
    var groups: [Group] = []
    for row in rows {
      let value = value(of: field, at: Int(row), today: today)
      let key = GroupKey(value)
      if let index = indexByKey[key] {
        groups[index].rows.append(row)
      } else {
        indexByKey[key] = groups.count
        groups.append(Group(key: value, rows: [row]))
      }
    }
    groups.sort { lhs, rhs in
      if lhs.key.isMissing != rhs.key.isMissing { return rhs.key.isMissing }
      return (Book.order(lhs.key, rhs.key) ?? 0) < 0
    }
    return groups
  }
}

/// A grouping value, with text folded so that "ACME" and "Acme" share a group.
private enum GroupKey: Hashable {
  case value(Value)
  case text([UInt8])

  init(_ value: Value) {
    if case .text(let string) = value {
      self = .text(TextFolding.fold(string))
    } else {
      self = .value(value)
    }
  }
}
