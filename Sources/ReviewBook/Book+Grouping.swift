/// The accounts of a result that share one value of the grouping field, counted and
/// reduced without listing them.
public struct GroupTotal: Sendable {
  /// The grouping value; `.missing` for the accounts that have none.
  public var key: Value
  public var count: Int
  /// The aggregate over the group's accounts, or nil when none was asked for.
  public var total: Value?
}

extension Book {
  /// Splits the rows by the value of a field, as `groups(of:by:today:)` does, and reduces
  /// each group with `function` over `valueField` as `aggregate` does. A dictionary text
  /// field is grouped by its codes, and money and number fields are read from their
  /// arrays, so that no cell becomes a `Value` on the way.
  /// - Complexity: O(m + g log g) for m rows and g groups, plus O(d) to fold the d
  ///   distinct values of a dictionary field.
  public func groupTotals(
    of rows: [Int32], by field: FieldReference, function: AggregateFunction,
    of valueField: FieldReference?, today: Day
  ) -> [GroupTotal] {
    let (groupOfRow, keys) = groupIndexes(of: rows, by: field, today: today)
    let groupCount = keys.count
    var counts = [Int](repeating: 0, count: groupCount)
    for group in groupOfRow { counts[Int(group)] += 1 }

    var totals: [Value?] = Array(repeating: nil, count: groupCount)
    if let valueField, function != .count {
      totals = aggregates(
        function, of: valueField, rows: rows, groupOfRow: groupOfRow, groupCount: groupCount,
        today: today)
    }

    var result: [GroupTotal] = []
    result.reserveCapacity(groupCount)
    for group in 0..<groupCount {
      result.append(GroupTotal(key: keys[group], count: counts[group], total: totals[group]))
    }
    result.sort { lhs, rhs in
      if lhs.key.isMissing != rhs.key.isMissing { return rhs.key.isMissing }
      return (Book.order(lhs.key, rhs.key) ?? 0) < 0
    }
    return result
  }

  /// The group of each row, numbered in order of first appearance, and each group's key:
  /// the value of its first row. Text is grouped case-insensitively.
  private func groupIndexes(
    of rows: [Int32], by field: FieldReference, today: Day
  ) -> (groups: [UInt32], keys: [Value]) {
    if case .stored(let index) = field, case .text(let text) = columns[index],
      case .dictionary(let codes, let values) = text.storage
    {
      return dictionaryGroups(of: rows, codes: codes, values: values)
    }

    var indexByKey: [GroupKey: UInt32] = [:]
    var keys: [Value] = []
    var groups: [UInt32] = []
    groups.reserveCapacity(rows.count)
    for row in rows {
      let value = value(of: field, at: Int(row), today: today)
      let key = GroupKey(value)
      if let group = indexByKey[key] {
        groups.append(group)
      } else {
        let group = UInt32(keys.count)
        indexByKey[key] = group
        keys.append(value)
        groups.append(group)
      }
    }
    return (groups, keys)
  }

  private func dictionaryGroups(
    of rows: [Int32], codes: [UInt32], values: [String]
  ) -> (groups: [UInt32], keys: [Value]) {
    // Codes whose values fold alike share a class; the missing code has the last one.
    var classByFolded: [[UInt8]: UInt32] = [:]
    var classOfCode: [UInt32] = []
    classOfCode.reserveCapacity(values.count + 1)
    for value in values {
      let folded = TextFolding.fold(value)
      if let known = classByFolded[folded] {
        classOfCode.append(known)
      } else {
        let next = UInt32(classByFolded.count)
        classByFolded[folded] = next
        classOfCode.append(next)
      }
    }
    let missingClass = UInt32(classByFolded.count)
    let classCount = Int(missingClass) + 1

    // Groups are numbered as their first row appears, and keep that row's value as key.
    let unseen = UInt32.max
    var groupOfClass = [UInt32](repeating: unseen, count: classCount)
    var keys: [Value] = []
    var groups = [UInt32](repeating: 0, count: rows.count)
    codes.withUnsafeBufferPointer { codes in
      classOfCode.withUnsafeBufferPointer { classOfCode in
        for (position, row) in rows.enumerated() {
          let code = codes[Int(row)]
          let valueClass = code == TextColumn.missingCode ? missingClass : classOfCode[Int(code)]
          var group = groupOfClass[Int(valueClass)]
          if group == unseen {
            group = UInt32(keys.count)
            groupOfClass[Int(valueClass)] = group
            keys.append(code == TextColumn.missingCode ? .missing : .text(values[Int(code)]))
          }
          groups[position] = group
        }
      }
    }
    return (groups, keys)
  }

  /// `aggregate` over each group at once.
  private func aggregates(
    _ function: AggregateFunction, of field: FieldReference, rows: [Int32],
    groupOfRow: [UInt32], groupCount: Int, today: Day
  ) -> [Value?] {
    if case .stored(let index) = field, function == .sum || function == .average {
      switch columns[index] {
      case .money(let cents):
        var sums = [Int64](repeating: 0, count: groupCount)
        var present = [Int](repeating: 0, count: groupCount)
        cents.withUnsafeBufferPointer { cents in
          for (position, row) in rows.enumerated() {
            let amount = cents[Int(row)]
            guard amount != Column.missingMoney else { continue }
            let group = Int(groupOfRow[position])
            sums[group] &+= amount
            present[group] += 1
          }
        }
        return (0..<groupCount).map { group in
          Book.finishMoney(function, cents: sums[group], present: present[group])
        }
      case .number(let numbers):
        var sums = [Double](repeating: 0, count: groupCount)
        var present = [Int](repeating: 0, count: groupCount)
        numbers.withUnsafeBufferPointer { numbers in
          for (position, row) in rows.enumerated() {
            let number = numbers[Int(row)]
            guard !number.isNaN else { continue }
            let group = Int(groupOfRow[position])
            sums[group] += number
            present[group] += 1
          }
        }
        return (0..<groupCount).map { group in
          Book.finishNumber(function, total: sums[group], present: present[group])
        }
      default:
        break
      }
    }

    var members = [[Int32]](repeating: [], count: groupCount)
    for (position, row) in rows.enumerated() {
      members[Int(groupOfRow[position])].append(row)
    }
    return members.map { aggregate(function, of: field, rows: $0, today: today) }
  }
}

/// A grouping value, with text folded so that "ACME" and "Acme" share a group.
enum GroupKey: Hashable {
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
