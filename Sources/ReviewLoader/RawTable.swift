import ReviewBook

/// Flattened JSON records, one growing column of cell text a key, in the order the keys
/// first appear.
struct RawTable {
  enum Kind: UInt8 {
    case missing = 0
    case string = 1
    case number = 2
    case boolean = 3
    case json = 4
  }

  struct RawColumn {
    var bytes: [UInt8] = []
    /// End offset in `bytes` of each row's cell.
    var ends: [UInt32] = []
    var kinds: [UInt8] = []

    /// Sets the cell of row `row`, which is the last row or the one after it.
    mutating func set(row: Int, kind: Kind, value: UnsafeBufferPointer<UInt8>) {
      if kinds.count > row {
        // The key repeats inside one record: the last value wins.
        kinds.removeLast()
        ends.removeLast()
        bytes.removeSubrange(Int(ends.last ?? 0)...)
      }
      bytes.append(contentsOf: value)
      ends.append(UInt32(truncatingIfNeeded: bytes.count))
      kinds.append(kind.rawValue)
    }

    mutating func fill(rows: Int) {
      guard kinds.count < rows else { return }
      ends.append(UInt32(truncatingIfNeeded: bytes.count))
      kinds.append(Kind.missing.rawValue)
    }
  }

  /// The key names; a name's code is its column's index.
  private var nameCodes = ByteDictionary()
  private(set) var names: [String] = []
  private(set) var columns: [RawColumn] = []
  private(set) var rows = 0
  private(set) var recordOffsets: [Int] = []
  /// The column of each key position in the previous record, tried first for the same
  /// position in the next one, since records tend to list their keys alike.
  private var columnAtPosition: [Int] = []
  private var position = 0

  mutating func beginRecord(at offset: Int) {
    recordOffsets.append(offset)
    position = 0
  }

  mutating func set(
    _ name: UnsafeBufferPointer<UInt8>, kind: Kind, value: UnsafeBufferPointer<UInt8>
  ) {
    let index = column(named: name)
    columns[index].set(row: rows, kind: kind, value: value)
  }

  private mutating func column(named name: UnsafeBufferPointer<UInt8>) -> Int {
    defer { position += 1 }
    if position < columnAtPosition.count {
      let guess = columnAtPosition[position]
      if nameCodes.value(UInt32(guess), equals: name) { return guess }
    }

    let known = nameCodes.count
    let index = Int(nameCodes.code(for: name))
    if index == known {
      names.append(String(decoding: name, as: UTF8.self))
      var column = RawColumn()
      column.ends = Array(repeating: 0, count: rows)
      column.kinds = Array(repeating: Kind.missing.rawValue, count: rows)
      columns.append(column)
    }
    if position < columnAtPosition.count {
      columnAtPosition[position] = index
    } else {
      columnAtPosition.append(index)
    }
    return index
  }

  mutating func endRecord() {
    rows += 1
    for index in columns.indices {
      columns[index].fill(rows: rows)
    }
  }
}
