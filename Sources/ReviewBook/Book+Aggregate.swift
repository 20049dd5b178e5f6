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
    if let value = typedAggregate(function, of: field, rows: rows) { return value }
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

  /// `aggregate` read straight from a stored money or number column, or nil for any other
  /// field.
  private func typedAggregate(
    _ function: AggregateFunction, of field: FieldReference, rows: [Int32]
  ) -> Value? {
    guard case .stored(let index) = field else { return nil }
    switch (columns[index], function) {
    case (.money(let cents), .sum), (.money(let cents), .average):
      var total: Int64 = 0
      var present = 0
      cents.withUnsafeBufferPointer { cents in
        for row in rows {
          let amount = cents[Int(row)]
          if amount != Column.missingMoney {
            total &+= amount
            present += 1
          }
        }
      }
      return Book.finishMoney(function, cents: total, present: present)
    case (.number(let numbers), .sum), (.number(let numbers), .average):
      var total = 0.0
      var present = 0
      numbers.withUnsafeBufferPointer { numbers in
        for row in rows {
          let number = numbers[Int(row)]
          if !number.isNaN {
            total += number
            present += 1
          }
        }
      }
      return Book.finishNumber(function, total: total, present: present)
    default:
      return nil
    }
  }

  /// The sum or average of money, from the sum in cents of `present` amounts.
  static func finishMoney(_ function: AggregateFunction, cents: Int64, present: Int) -> Value {
    if function == .sum { return .money(cents: cents) }
    guard present > 0 else { return .missing }
    return .money(cents: Int64((Double(cents) / Double(present)).rounded()))
  }

  /// The sum or average of numbers, from the sum of `present` numbers.
  static func finishNumber(_ function: AggregateFunction, total: Double, present: Int) -> Value {
    if function == .sum { return .number(total) }
    guard present > 0 else { return .missing }
    return .number(total / Double(present))
  }

  /// The sum of a money field over the rows of a set, and how many of them have an amount.
  /// - Complexity: O(n / 64 + m) for n accounts and m rows in the set.
  public func sumOfMoney(_ field: FieldReference, in set: Bitset) -> (cents: Int64, present: Int)? {
    guard case .stored(let index) = field, case .money(let cents) = columns[index] else {
      return nil
    }
    var total: Int64 = 0
    var present = 0
    cents.withUnsafeBufferPointer { cents in
      set.words.withUnsafeBufferPointer { words in
        for (wordIndex, word) in words.enumerated() {
          var remaining = word
          let base = wordIndex << 6
          while remaining != 0 {
            let amount = cents[base + remaining.trailingZeroBitCount]
            if amount != Column.missingMoney {
              total &+= amount
              present += 1
            }
            remaining &= remaining - 1
          }
        }
      }
    }
    return (total, present)
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
