/// Comparisons evaluated in one pass over a typed column: each 64 rows give one word of the
/// true set and one of the false set, and nothing becomes a `Value`.
extension Book {
  /// Evaluates `field OP literal` in one pass when the field is a stored number, money,
  /// date, boolean or dictionary text column, or a day count derived from a date. Returns
  /// nil for other fields and for a literal of another type.
  /// - Complexity: O(n) for n accounts, O(n + d) for a dictionary column of d values.
  func scanComparison(
    _ field: FieldReference, _ op: ComparisonOperator, _ literal: Value, today: Day
  ) -> Truth? {
    switch (field, literal) {
    case (.stored(let index), _):
      return scanComparison(column: columns[index], op, literal)
    case (.derived(let derived, let base), .number(let threshold)) where derived.daySign != 0:
      guard case .date(let days) = columns[base] else { return nil }
      // A whole number of days compares as a date: `days_to_renewal < 90` is
      // `renewal_date < today + 90`, and `days_since_touch < 30` is
      // `last_touch > today - 30`.
      if threshold == threshold.rounded(), abs(threshold) < 1e9 {
        let bound = Int64(today.number) + Int64(derived.daySign) * Int64(threshold)
        if let bound = Int32(exactly: bound), bound != Column.missingDate {
          return scanComparison(
            column: columns[base], derived.daySign > 0 ? op : op.mirrored,
            .date(Day(number: bound)))
        }
      }
      let sign = Double(derived.daySign)
      let origin = Double(today.number)
      return days.withUnsafeBufferPointer { days in
        Book.scan(days, op, threshold, isPresent: { $0 != Column.missingDate }) {
          sign * (Double($0) - origin)
        }
      }
    default:
      return nil
    }
  }

  private func scanComparison(
    column: Column, _ op: ComparisonOperator, _ literal: Value
  ) -> Truth? {
    switch (column, literal) {
    case (.number(let values), .number(let threshold)):
      return values.withUnsafeBufferPointer { values in
        Book.scan(values, op, threshold, isPresent: { !$0.isNaN }) { $0 }
      }
    case (.money(let values), .money(let threshold)):
      return values.withUnsafeBufferPointer { values in
        Book.scan(values, op, threshold, isPresent: { $0 != Column.missingMoney }) { $0 }
      }
    case (.date(let values), .date(let threshold)):
      return values.withUnsafeBufferPointer { values in
        Book.scan(values, op, threshold.number, isPresent: { $0 != Column.missingDate }) { $0 }
      }
    case (.boolean(let values), .boolean(let flag)):
      let wanted: UInt8 = flag ? 1 : 0
      return values.withUnsafeBufferPointer { values in
        Book.scan(values, op, wanted, isPresent: { $0 != Column.missingBoolean }) { $0 }
      }
    case (.text(let text), .text(let string)):
      guard case .dictionary(let codes, let values) = text.storage else { return nil }
      let folded = TextFolding.fold(string)
      // One flag per code, and a last one for the missing code, which is never present.
      var holdsByCode = values.map { op.holds(TextFolding.compare(TextFolding.fold($0), folded)) }
      holdsByCode.append(false)
      let missingIndex = values.count
      return codes.withUnsafeBufferPointer { codes in
        holdsByCode.withUnsafeBufferPointer { holdsByCode in
          Book.scanTruth(codes, isPresent: { $0 != TextColumn.missingCode }) { code in
            holdsByCode[code == TextColumn.missingCode ? missingIndex : Int(code)]
          }
        }
      }
    default:
      return nil
    }
  }

  /// Returns the rows where a stored or derived field has a value.
  /// - Complexity: O(n) the first time for each column, then O(1).
  func presence(of field: FieldReference, today: Day) -> Bitset {
    let index: Int
    switch field {
    case .stored(let stored):
      index = stored
    case .derived(let derived, let base):
      if derived == .npsCategory, case .number(let scores) = columns[base] {
        return Bitset(count: count) { DerivedField.npsCategory(of: scores[$0]) != nil }
      }
      index = base
    }
    return presence(ofColumn: index) { scanPresence(ofColumn: index) }
  }

  private func scanPresence(ofColumn index: Int) -> Bitset {
    switch columns[index] {
    case .number(let values):
      return values.withUnsafeBufferPointer { Book.scanSet($0) { !$0.isNaN } }
    case .money(let values):
      return values.withUnsafeBufferPointer { Book.scanSet($0) { $0 != Column.missingMoney } }
    case .date(let values):
      return values.withUnsafeBufferPointer { Book.scanSet($0) { $0 != Column.missingDate } }
    case .boolean(let values):
      return values.withUnsafeBufferPointer { Book.scanSet($0) { $0 != Column.missingBoolean } }
    case .text(let text):
      switch text.storage {
      case .dictionary(let codes, _):
        return codes.withUnsafeBufferPointer {
          Book.scanSet($0) { $0 != TextColumn.missingCode }
        }
      case .plain(_, let offsets):
        return offsets.withUnsafeBufferPointer { offsets in
          Bitset(count: count) { offsets[$0] != offsets[$0 + 1] }
        }
      }
    }
  }

  /// `key(value) OP threshold` for every present value, with the operator chosen once.
  @inline(__always)
  static func scan<Element, Key: Comparable>(
    _ values: UnsafeBufferPointer<Element>, _ op: ComparisonOperator, _ threshold: Key,
    isPresent: (Element) -> Bool, key: (Element) -> Key
  ) -> Truth {
    switch op {
    case .equal: return scanTruth(values, isPresent: isPresent) { key($0) == threshold }
    case .notEqual: return scanTruth(values, isPresent: isPresent) { key($0) != threshold }
    case .less: return scanTruth(values, isPresent: isPresent) { key($0) < threshold }
    case .lessOrEqual: return scanTruth(values, isPresent: isPresent) { key($0) <= threshold }
    case .greater: return scanTruth(values, isPresent: isPresent) { key($0) > threshold }
    case .greaterOrEqual:
      return scanTruth(values, isPresent: isPresent) { key($0) >= threshold }
    }
  }

  /// Splits the rows with a present value into those where `holds` is true and those where
  /// it is false.
  @inline(__always)
  static func scanTruth<Element>(
    _ values: UnsafeBufferPointer<Element>, isPresent: (Element) -> Bool,
    holds: (Element) -> Bool
  ) -> Truth {
    let count = values.count
    let wordCount = (count + 63) / 64
    var trueWords = [UInt64](repeating: 0, count: wordCount)
    var falseWords = [UInt64](repeating: 0, count: wordCount)
    guard let start = values.baseAddress else {
      return Truth(isTrue: Bitset(count: 0), isFalse: Bitset(count: 0))
    }
    trueWords.withUnsafeMutableBufferPointer { trueWords in
      falseWords.withUnsafeMutableBufferPointer { falseWords in
        for wordIndex in 0..<wordCount {
          let base = start + wordIndex &<< 6
          let width = min(64, count &- wordIndex &<< 6)
          var present: UInt64 = 0
          var holding: UInt64 = 0
          if width == 64 {
            for bit in 0..<64 {
              let value = base[bit]
              present |= UInt64(isPresent(value) ? 1 : 0) &<< UInt64(bit)
              holding |= UInt64(holds(value) ? 1 : 0) &<< UInt64(bit)
            }
          } else {
            for bit in 0..<width {
              let value = base[bit]
              present |= UInt64(isPresent(value) ? 1 : 0) &<< UInt64(bit)
              holding |= UInt64(holds(value) ? 1 : 0) &<< UInt64(bit)
            }
          }
          trueWords[wordIndex] = present & holding
          falseWords[wordIndex] = present & ~holding
        }
      }
    }
    return Truth(
      isTrue: Bitset(count: count, words: trueWords),
      isFalse: Bitset(count: count, words: falseWords))
  }

  /// Returns the rows whose value passes `test`.
  @inline(__always)
  static func scanSet<Element>(
    _ values: UnsafeBufferPointer<Element>, _ test: (Element) -> Bool
  ) -> Bitset {
    let count = values.count
    let wordCount = (count + 63) / 64
    var words = [UInt64](repeating: 0, count: wordCount)
    words.withUnsafeMutableBufferPointer { words in
      for wordIndex in 0..<wordCount {
        let base = wordIndex << 6
        let end = min(base + 64, count)
        var word: UInt64 = 0
        for row in base..<end where test(values[row]) {
          word |= UInt64(1) << UInt64(row - base)
        }
        words[wordIndex] = word
      }
    }
    return Bitset(count: count, words: words)
  }
}
