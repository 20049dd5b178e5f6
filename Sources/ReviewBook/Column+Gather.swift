extension Column {
  /// Returns the values at `rows`, in their order. The cells are first copied into a plain
  /// array in one tight loop, so the processor loads many rows' memory at once. One
  /// `value(at:)` at a time waits on each load in turn, which is slow for sorted rows
  /// spread over a large column.
  public func values(at rows: ArraySlice<Int32>) -> [Value] {
    switch self {
    case .text(let column):
      return column.strings(at: rows).map { $0.map(Value.text) ?? .missing }
    case .number(let values):
      return Column.gather(values, at: rows).map { $0.isNaN ? .missing : .number($0) }
    case .money(let values):
      return Column.gather(values, at: rows).map {
        $0 == Column.missingMoney ? .missing : .money(cents: $0)
      }
    case .date(let values):
      return Column.gather(values, at: rows).map {
        $0 == Column.missingDate ? .missing : .date(Day(number: $0))
      }
    case .boolean(let values):
      return Column.gather(values, at: rows).map {
        $0 == Column.missingBoolean ? .missing : .boolean($0 == 1)
      }
    }
  }

  static func gather<Element>(_ values: [Element], at rows: ArraySlice<Int32>) -> [Element] {
    values.withUnsafeBufferPointer { values in
      rows.map { values[Int($0)] }
    }
  }
}

extension TextColumn {
  /// Returns the strings at `rows`, in their order, nil for a missing cell. The cells' byte
  /// ranges are read in one loop before any string is made (see `Column.values(at:)`).
  func strings(at rows: ArraySlice<Int32>) -> [String?] {
    switch storage {
    case .dictionary(let codes, let values):
      return Column.gather(codes, at: rows).map {
        $0 == TextColumn.missingCode ? nil : values[Int($0)]
      }
    case .plain(let bytes, let offsets):
      let ranges = offsets.withUnsafeBufferPointer { offsets in
        rows.map { (start: Int(offsets[Int($0)]), end: Int(offsets[Int($0) + 1])) }
      }
      return bytes.withUnsafeBufferPointer { bytes in
        TextColumn.loadFirstBytes(of: ranges, in: bytes)
        return ranges.map { range in
          guard range.start < range.end else { return nil }
          return String(
            decoding: UnsafeBufferPointer(rebasing: bytes[range.start..<range.end]),
            as: UTF8.self)
        }
      }
    }
  }
}

extension Book {
  /// Returns the values of a field at `rows`, in their order, as `value(of:at:today:)`
  /// returns them one at a time.
  public func values(
    of reference: FieldReference, at rows: ArraySlice<Int32>, today: Day
  ) -> [Value] {
    switch reference {
    case .stored(let index):
      return columns[index].values(at: rows)
    case .derived(let derived, let base):
      return columns[base].values(at: rows).map {
        Book.derivedValue(derived, from: $0, today: today)
      }
    }
  }
}
