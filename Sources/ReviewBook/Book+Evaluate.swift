extension Book {
  /// Evaluates a condition over every account.
  /// - Complexity: O(n) per comparison in the condition.
  public func evaluate(_ condition: Condition, today: Day) -> Truth {
    switch condition {
    case .constant(let flag):
      return Truth(
        isTrue: Bitset(count: count, allSet: flag), isFalse: Bitset(count: count, allSet: !flag))
    case .rows(let rows):
      return Truth(isTrue: rows, isFalse: ~rows)
    case .missing(let field):
      let present = presence(of: field, today: today)
      return Truth(isTrue: ~present, isFalse: present)
    case .compare(let field, let op, let literal):
      if let truth = scanComparison(field, op, literal, today: today) { return truth }
      let present = presence(of: field, today: today)
      let matches = compare(field, op, literal, today: today) & present
      return Truth(isTrue: matches, isFalse: present - matches)
    case .contains(let field, let needle):
      let present = presence(of: field, today: today)
      let matches = contains(field, needle, today: today) & present
      return Truth(isTrue: matches, isFalse: present - matches)
    case .oneOf(let field, let literals):
      let present = presence(of: field, today: today)
      var matches: Bitset
      if literals.count > 4, let fast = oneOf(field, literals) {
        matches = fast
      } else {
        matches = Bitset(count: count)
        for literal in literals {
          matches = matches | compare(field, .equal, literal, today: today)
        }
      }
      matches = matches & present
      return Truth(isTrue: matches, isFalse: present - matches)
    case .not(let inner):
      let truth = evaluate(inner, today: today)
      return Truth(isTrue: truth.isFalse, isFalse: truth.isTrue)
    case .and(let lhs, let rhs):
      let left = evaluate(lhs, today: today)
      let right = evaluate(rhs, today: today)
      return Truth(isTrue: left.isTrue & right.isTrue, isFalse: left.isFalse | right.isFalse)
    case .or(let lhs, let rhs):
      let left = evaluate(lhs, today: today)
      let right = evaluate(rhs, today: today)
      return Truth(isTrue: left.isTrue | right.isTrue, isFalse: left.isFalse & right.isFalse)
    case .definite(let inner):
      let truth = evaluate(inner, today: today)
      return Truth(isTrue: truth.isTrue, isFalse: ~truth.isTrue)
    }
  }

  /// The rows where the condition is true, ascending.
  public func rows(where condition: Condition, today: Day) -> [Int32] {
    evaluate(condition, today: today).isTrue.rows
  }

  /// The rows where the comparison holds; rows with a missing value may be in it and are
  /// removed by the caller.
  private func compare(
    _ field: FieldReference, _ op: ComparisonOperator, _ literal: Value, today: Day
  )
    -> Bitset
  {
    switch (field, literal) {
    case (.stored(let index), .text(let string)):
      if case .text(let text) = columns[index] {
        return text.rows(
          comparingFolded: TextFolding.fold(string), keptIn: derivedValues(ofColumn: index)
        ) { op.holds($0) }
      }
      return compare(column: columns[index], op, literal)
    case (.stored(let index), _):
      return compare(column: columns[index], op, literal)
    case (.derived(let derived, let base), .number(let threshold)) where derived.daySign != 0:
      guard case .date(let days) = columns[base] else { break }
      let sign = Double(derived.daySign)
      let origin = Double(today.number)
      return days.withUnsafeBufferPointer { days in
        Bitset(count: count) { row in
          let value = sign * (Double(days[row]) - origin)
          return op.holds(value < threshold ? -1 : (value > threshold ? 1 : 0))
        }
      }
    default:
      break
    }
    return Bitset(count: count) { row in
      let value = self.value(of: field, at: row, today: today)
      guard let order = Book.order(value, literal) else { return false }
      return op.holds(order)
    }
  }

  private func compare(column: Column, _ op: ComparisonOperator, _ literal: Value) -> Bitset {
    switch (column, literal) {
    case (.number(let values), .number(let threshold)):
      return values.withUnsafeBufferPointer { values in
        Bitset(count: count) { row in
          let value = values[row]
          return op.holds(value < threshold ? -1 : (value > threshold ? 1 : 0))
        }
      }
    case (.money(let values), .money(let threshold)):
      return values.withUnsafeBufferPointer { values in
        Bitset(count: count) { row in
          let value = values[row]
          return op.holds(value < threshold ? -1 : (value > threshold ? 1 : 0))
        }
      }
    case (.date(let values), .date(let threshold)):
      let limit = threshold.number
      return values.withUnsafeBufferPointer { values in
        Bitset(count: count) { row in
          let value = values[row]
          return op.holds(value < limit ? -1 : (value > limit ? 1 : 0))
        }
      }
    case (.boolean(let values), .boolean(let flag)):
      let wanted: UInt8 = flag ? 1 : 0
      return values.withUnsafeBufferPointer { values in
        Bitset(count: count) { row in
          let value = values[row]
          return op.holds(value < wanted ? -1 : (value > wanted ? 1 : 0))
        }
      }
    case (.text(let text), .text(let string)):
      return compare(text: text, op, TextFolding.fold(string))
    default:
      return Bitset(count: count) { row in
        guard let order = Book.order(column.value(at: row), literal) else { return false }
        return op.holds(order)
      }
    }
  }

  private func compare(text: TextColumn, _ op: ComparisonOperator, _ folded: [UInt8]) -> Bitset {
    text.rows(comparingFolded: folded) { op.holds($0) }
  }

  /// The rows whose value is one of the literals, by looking each row up in a set of them:
  /// one pass over the column however long the list is. Nil for a field this does not
  /// cover, which the caller then compares literal by literal.
  /// - Complexity: O(n + k) for n rows and k literals.
  private func oneOf(_ field: FieldReference, _ literals: [Value]) -> Bitset? {
    guard case .stored(let index) = field else { return nil }
    switch columns[index] {
    case .text(let text):
      var wanted = Set<[UInt8]>()
      for literal in literals {
        if case .text(let string) = literal { wanted.insert(TextFolding.fold(string)) }
      }
      switch text.storage {
      case .dictionary(let codes, let values):
        let matchesByCode = values.map { wanted.contains(TextFolding.fold($0)) }
        return Bitset(count: count) { row in
          let code = codes[row]
          return code != TextColumn.missingCode && matchesByCode[Int(code)]
        }
      case .plain:
        return Bitset(count: count) { row in
          guard let string = text.string(at: row) else { return false }
          return wanted.contains(TextFolding.fold(string))
        }
      }
    case .number(let values):
      var wanted = Set<Double>()
      for literal in literals { if case .number(let number) = literal { wanted.insert(number) } }
      return Bitset(count: count) { wanted.contains(values[$0]) }
    case .money(let values):
      var wanted = Set<Int64>()
      for literal in literals { if case .money(let cents) = literal { wanted.insert(cents) } }
      return Bitset(count: count) { wanted.contains(values[$0]) }
    case .date(let values):
      var wanted = Set<Int32>()
      for literal in literals { if case .date(let day) = literal { wanted.insert(day.number) } }
      return Bitset(count: count) { wanted.contains(values[$0]) }
    case .boolean:
      return nil
    }
  }

  /// Rows whose text contains the needle, ignoring case and accents.
  private func contains(_ field: FieldReference, _ needle: String, today: Day) -> Bitset {
    let foldedNeedle = TextFolding.searchKey(needle)
    if case .stored(let index) = field, case .text(let text) = columns[index] {
      return text.rowsContaining(foldedNeedle, keptIn: derivedValues(ofColumn: index))
    }
    return Bitset(count: count) { row in
      let value = self.value(of: field, at: row, today: today)
      guard case .text(let string) = value else { return false }
      return TextFolding.contains(TextFolding.searchKey(string), foldedNeedle)
    }
  }

  /// How two values of the same type compare: negative, zero or positive, or nil when
  /// either is missing or their types differ. Text compares case-insensitively.
  public static func order(_ lhs: Value, _ rhs: Value) -> Int? {
    switch (lhs, rhs) {
    case (.number(let a), .number(let b)): return a < b ? -1 : (a > b ? 1 : 0)
    case (.money(let a), .money(let b)): return a < b ? -1 : (a > b ? 1 : 0)
    case (.date(let a), .date(let b)): return a < b ? -1 : (a > b ? 1 : 0)
    case (.boolean(let a), .boolean(let b)): return a == b ? 0 : (a ? 1 : -1)
    case (.text(let a), .text(let b)):
      return TextFolding.compare(TextFolding.fold(a), TextFolding.fold(b))
    default: return nil
    }
  }
}
