import ReviewBook

/// The accounts of one snapshot as columns, for `Journal.recordSnapshot(date:batch:)`.
///
/// Keys, names and statuses are UTF-8 bytes, either packed by the batch, where statuses are
/// numbers into a small dictionary of distinct statuses, or read in place from a book's text
/// columns. Health, ARR and renewal date are flat arrays. A million accounts thus take a few
/// dozen allocations, not a `SnapshotRow` and its strings each. The text and value columns
/// can be those of a loaded book, which the batch shares rather than copies.
public struct SnapshotBatch: Sendable {
  let keys: SnapshotStrings
  let names: SnapshotStrings
  let statuses: SnapshotStatusColumn
  let health: OptionalValues<Double>
  let arrCents: OptionalValues<Int64>
  let renewalDays: OptionalValues<Int32>

  /// Creates a batch from its columns, one entry a row, in the conventions of a book's
  /// columns: a NaN health, an ARR of `Column.missingMoney` and a renewal day of
  /// `Column.missingDate` are missing. A column that is nil is missing in every row.
  ///
  /// Every column given must have as many rows as `keys`.
  public init(
    keys: PackedStrings, names: PackedStrings, statuses: SnapshotStatuses? = nil,
    health: [Double]? = nil, arrCents: [Int64]? = nil, renewalDays: [Int32]? = nil
  ) {
    precondition(names.count == keys.count, "a snapshot batch needs one name for each key")
    precondition(
      [statuses?.count, health?.count, arrCents?.count, renewalDays?.count].allSatisfy {
        $0 == nil || $0 == keys.count
      }, "every column of a snapshot batch needs one entry for each key")
    self.init(
      keys: SnapshotStrings(keys), names: SnapshotStrings(names),
      statuses: SnapshotStatusColumn(statuses ?? SnapshotStatuses()), health: health,
      arrCents: arrCents, renewalDays: renewalDays)
  }

  /// Creates a batch of `count` rows whose keys and names are read in place from a book's
  /// text columns, with the other columns as `init(keys:names:...)` takes them.
  ///
  /// The key of row `i` is its `ids` cell, or its name when that cell is missing. Its name is
  /// its `names` cell, or "row i+1" (the row's number counted from 1) when that is missing.
  /// A missing `statuses` cell is no status. A column that is nil is missing in every row.
  /// Every column given must have `count` rows.
  public init(
    count: Int, ids: TextColumn?, names: TextColumn?, statuses: TextColumn? = nil,
    health: [Double]? = nil, arrCents: [Int64]? = nil, renewalDays: [Int32]? = nil
  ) {
    precondition(
      [
        ids?.count, names?.count, statuses?.count, health?.count, arrCents?.count,
        renewalDays?.count,
      ].allSatisfy { $0 == nil || $0 == count },
      "every column of a snapshot batch needs one entry for each row")
    self.init(
      keys: SnapshotStrings(count: count, first: ids, second: names),
      names: SnapshotStrings(count: count, first: names, second: nil),
      statuses: statuses.map { SnapshotStatusColumn($0) }
        ?? SnapshotStatusColumn(SnapshotStatuses()),
      health: health, arrCents: arrCents, renewalDays: renewalDays)
  }

  /// Creates a batch from columns whose row counts the caller has checked.
  private init(
    keys: SnapshotStrings, names: SnapshotStrings, statuses: SnapshotStatusColumn,
    health: [Double]?, arrCents: [Int64]?, renewalDays: [Int32]?
  ) {
    self.keys = keys
    self.names = names
    self.statuses = statuses
    self.health = OptionalValues(health) { !$0.isNaN }
    self.arrCents = OptionalValues(arrCents) { $0 != Column.missingMoney }
    self.renewalDays = OptionalValues(renewalDays) { $0 != Column.missingDate }
  }

  /// Creates a batch of `rows`, in their order.
  ///
  /// Every value is kept as it is, so an ARR of `Column.missingMoney` cents in a row is a
  /// value here, unlike in the columns that `init(keys:names:...)` takes.
  public init(_ rows: some Collection<SnapshotRow>) {
    var builder = Builder(capacity: rows.count)
    for row in rows {
      builder.append(row)
    }
    self = builder.finish()
  }

  private init(
    keys: PackedStrings, names: PackedStrings, statuses: SnapshotStatuses,
    health: OptionalValues<Double>, arrCents: OptionalValues<Int64>,
    renewalDays: OptionalValues<Int32>
  ) {
    self.keys = SnapshotStrings(keys)
    self.names = SnapshotStrings(names)
    self.statuses = SnapshotStatusColumn(statuses)
    self.health = health
    self.arrCents = arrCents
    self.renewalDays = renewalDays
  }

  /// The number of rows.
  public var count: Int { keys.count }

  func renewalDate(at row: Int) -> Day? {
    renewalDays.value(at: row).map { Day(number: $0) }
  }

  /// Returns the row at `row` as a `SnapshotRow`, with a missing health for NaN.
  func row(at row: Int) -> SnapshotRow {
    SnapshotRow(
      accountKey: keys.string(at: row), accountName: names.string(at: row),
      health: health.value(at: row), status: statuses.string(at: row),
      arrCents: arrCents.value(at: row), renewalDate: renewalDate(at: row))
  }
}

extension SnapshotBatch {
  /// Builds a batch from rows appended one at a time, each value kept as it is.
  struct Builder {
    private var keys: PackedStrings
    private var names: PackedStrings
    private var statuses: SnapshotStatuses
    private var health: OptionalValues<Double>.Builder
    private var arrCents: OptionalValues<Int64>.Builder
    private var renewalDays: OptionalValues<Int32>.Builder

    /// Creates a builder with room for about `capacity` rows.
    init(capacity: Int) {
      keys = PackedStrings(capacity: capacity)
      names = PackedStrings(capacity: capacity)
      statuses = SnapshotStatuses(capacity: capacity)
      health = OptionalValues.Builder(capacity: capacity)
      arrCents = OptionalValues.Builder(capacity: capacity)
      renewalDays = OptionalValues.Builder(capacity: capacity)
    }

    mutating func append(_ row: SnapshotRow) {
      keys.append(row.accountKey)
      names.append(row.accountName)
      statuses.append(row.status)
      appendValues(health: row.health, arrCents: row.arrCents, renewalDate: row.renewalDate)
    }

    /// Appends a row given as the UTF-8 bytes of its key, name and status.
    mutating func append(
      key: UnsafeRawBufferPointer, name: UnsafeRawBufferPointer, status: UnsafeRawBufferPointer?,
      health: Double?, arrCents: Int64?, renewalDate: Day?
    ) {
      keys.append(key)
      names.append(name)
      statuses.append(status)
      appendValues(health: health, arrCents: arrCents, renewalDate: renewalDate)
    }

    /// Appends the row at `row` of `batch`.
    mutating func append(row: Int, of batch: borrowing SnapshotBatch) {
      // Each closure captures only the builder, so that no row makes a copy of `batch`.
      batch.keys.withBytes(at: row) { keys.append($0) }
      batch.names.withBytes(at: row) { names.append($0) }
      batch.statuses.withBytes(at: row) { statuses.append($0) }
      appendValues(
        health: batch.health.value(at: row), arrCents: batch.arrCents.value(at: row),
        renewalDate: batch.renewalDate(at: row))
    }

    private mutating func appendValues(health value: Double?, arrCents: Int64?, renewalDate: Day?) {
      health.append(value.flatMap { $0.isNaN ? nil : $0 })
      self.arrCents.append(arrCents)
      renewalDays.append(renewalDate?.number)
    }

    func finish() -> SnapshotBatch {
      SnapshotBatch(
        keys: keys, names: names, statuses: statuses, health: health.finish(),
        arrCents: arrCents.finish(), renewalDays: renewalDays.finish())
    }
  }
}

/// The keys or the names of a snapshot batch: strings that the batch owns, or the cells of
/// a book's text columns, read in place without a copy.
struct SnapshotStrings: Sendable {
  private enum Storage: Sendable {
    case packed(PackedStrings)
    /// Row `i` is the cell of `first`, or of `second` when that cell is missing, or
    /// "row i+1" when both are missing or nil.
    case columns(first: TextColumn?, second: TextColumn?)
  }

  private let storage: Storage
  /// The number of strings.
  let count: Int

  init(_ strings: PackedStrings) {
    storage = .packed(strings)
    count = strings.count
  }

  init(count: Int, first: TextColumn?, second: TextColumn?) {
    storage = .columns(first: first, second: second)
    self.count = count
  }

  /// Calls `body` with the UTF-8 bytes of the string at `index`.
  func withBytes<Result>(at index: Int, _ body: (UnsafeRawBufferPointer) -> Result) -> Result {
    switch storage {
    case .packed(let strings):
      return strings.withBytes(at: index, body)
    case .columns(let first, let second):
      if let first, !first.isMissing(index) {
        return first.withBytes(at: index) { body(UnsafeRawBufferPointer($0)) }
      }
      if let second, !second.isMissing(index) {
        return second.withBytes(at: index) { body(UnsafeRawBufferPointer($0)) }
      }
      return SnapshotStrings.withRowLabel(index, body)
    }
  }

  /// Calls `body` with the index and UTF-8 bytes of each string of `indices`, in order,
  /// reading the storage once rather than at each string.
  func forEachBytes(in indices: Range<Int>, _ body: (Int, UnsafeRawBufferPointer) -> Void) {
    switch storage {
    case .packed(let strings):
      strings.forEachBytes(in: indices, body)
    case .columns(let first, _):
      guard let first else {
        for index in indices {
          withBytes(at: index) { body(index, $0) }
        }
        return
      }

      first.forEachCell(in: indices) { index, cell in
        if cell.isEmpty {
          // A missing cell, which takes the second column's cell or the row label.
          withBytes(at: index) { body(index, $0) }
        } else {
          body(index, UnsafeRawBufferPointer(cell))
        }
      }
    }
  }

  func string(at index: Int) -> String {
    withBytes(at: index) { String(decoding: $0, as: UTF8.self) }
  }

  /// Calls `body` with the UTF-8 bytes of "row N", where N is `index + 1`, written to the
  /// stack rather than made as a `String`.
  private static func withRowLabel<Result>(
    _ index: Int, _ body: (UnsafeRawBufferPointer) -> Result
  ) -> Result {
    // "row " and the 19 digits of the largest Int fit in 23 bytes.
    withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 24) { buffer in
      var length = 0
      for byte in "row ".utf8 {
        buffer[length] = byte
        length += 1
      }
      let digitsStart = length
      var number = index + 1
      repeat {
        buffer[length] = UInt8(ascii: "0") + UInt8(number % 10)
        length += 1
        number /= 10
      } while number > 0
      // The digits were written lowest first.
      buffer[digitsStart..<length].reverse()
      return body(UnsafeRawBufferPointer(UnsafeMutableBufferPointer(rebasing: buffer[..<length])))
    }
  }
}

/// UTF-8 strings end to end in one byte array, with the offset at which each starts, so that
/// many short strings take two allocations in all.
///
/// Offsets are 32-bit, so the strings of one list take at most 4 GiB in all.
public struct PackedStrings: Sendable, Equatable {
  private(set) var bytes: [UInt8] = []
  /// The start of each string in `bytes`, then the end of the last one.
  private(set) var offsets: [UInt32] = [0]

  /// Creates an empty list with room for `capacity` strings of `byteCapacity` bytes in all.
  public init(capacity: Int = 0, byteCapacity: Int = 0) {
    offsets.reserveCapacity(capacity + 1)
    bytes.reserveCapacity(byteCapacity)
  }

  /// Creates a list of `strings`, in their order.
  public init(_ strings: some Sequence<String>) {
    self.init(capacity: strings.underestimatedCount)
    for string in strings {
      append(string)
    }
  }

  /// The number of strings.
  public var count: Int { offsets.count - 1 }

  /// Appends a string given as its UTF-8 bytes.
  public mutating func append(_ utf8: UnsafeRawBufferPointer) {
    precondition(
      bytes.count + utf8.count <= Int(UInt32.max), "the strings of one list exceed 4 GiB")

    bytes.append(contentsOf: utf8)
    offsets.append(UInt32(bytes.count))
  }

  public mutating func append(_ string: String) {
    withUTF8Bytes(string) { append($0) }
  }

  /// Calls `body` with the UTF-8 bytes of the string at `index`.
  public func withBytes<Result>(
    at index: Int, _ body: (UnsafeRawBufferPointer) -> Result
  ) -> Result {
    let range = Int(offsets[index])..<Int(offsets[index + 1])
    return bytes.withUnsafeBytes { body(UnsafeRawBufferPointer(rebasing: $0[range])) }
  }

  public func string(at index: Int) -> String {
    withBytes(at: index) { String(decoding: $0, as: UTF8.self) }
  }

  /// Calls `body` with the index and UTF-8 bytes of each string of `indices`, in order.
  func forEachBytes(in indices: Range<Int>, _ body: (Int, UnsafeRawBufferPointer) -> Void) {
    bytes.withUnsafeBytes { bytes in
      offsets.withUnsafeBufferPointer { offsets in
        for index in indices {
          let range = Int(offsets[index])..<Int(offsets[index + 1])
          body(index, UnsafeRawBufferPointer(rebasing: bytes[range]))
        }
      }
    }
  }
}

/// The statuses of a snapshot batch: numbers that the batch owns, or the cells of a book's
/// text column, read in place. The numbers have no rows when the batch was given no
/// statuses, and then every row has none.
struct SnapshotStatusColumn: Sendable {
  private enum Storage: Sendable {
    case numbers(SnapshotStatuses)
    /// A missing cell is no status.
    case column(TextColumn)
  }

  private let storage: Storage

  init(_ statuses: SnapshotStatuses) {
    storage = .numbers(statuses)
  }

  init(_ column: TextColumn) {
    storage = .column(column)
  }

  /// The number of rows.
  var count: Int {
    switch storage {
    case .numbers(let statuses): return statuses.count
    case .column(let column): return column.count
    }
  }

  /// Calls `body` with the UTF-8 bytes of the status at `row`, or with nil for none.
  func withBytes<Result>(at row: Int, _ body: (UnsafeRawBufferPointer?) -> Result) -> Result {
    switch storage {
    case .numbers(let statuses):
      return statuses.withBytes(at: row, body)
    case .column(let column):
      // A missing cell has no bytes, and a cell that is present has some.
      return column.withBytes(at: row) { body($0.isEmpty ? nil : UnsafeRawBufferPointer($0)) }
    }
  }

  func string(at row: Int) -> String? {
    withBytes(at: row) { bytes in bytes.map { String(decoding: $0, as: UTF8.self) } }
  }

  /// Calls `body` with the row and the UTF-8 bytes of the status of each row of `rows`, in
  /// order, or with nil for none, reading a book's column once rather than at each row.
  func forEachBytes(in rows: Range<Int>, _ body: (Int, UnsafeRawBufferPointer?) -> Void) {
    switch storage {
    case .numbers(let statuses):
      for row in rows {
        statuses.withBytes(at: row) { body(row, $0) }
      }
    case .column(let column):
      column.forEachCell(in: rows) { row, cell in
        body(row, cell.isEmpty ? nil : UnsafeRawBufferPointer(cell))
      }
    }
  }
}

extension SnapshotStatusColumn {
  /// Calls `body` with the row and the `KeyHash` of the status of each row of `rows`, in
  /// order, or with nil for none, hashing each distinct status of a book's column once.
  func forEachHash(in rows: Range<Int>, _ body: (Int, UInt64?) -> Void) {
    switch storage {
    case .numbers:
      forEachBytes(in: rows) { row, status in body(row, status.map { KeyHash.hash($0) }) }
    case .column(let column):
      column.forEachCell(in: rows, transformedBy: { KeyHash.hash(UnsafeRawBufferPointer($0)) }) {
        body($0, $1)
      }
    }
  }
}

/// The status of each row of a snapshot batch, as a number into the distinct statuses in
/// order of first use. Statuses are compared by their UTF-8 bytes.
///
/// Numbers take one byte a row while there are at most 255 distinct statuses, as there are
/// in a book, and four bytes a row from the 256th on.
public struct SnapshotStatuses: Sendable {
  private var entries = StatusEntries()
  /// Each row's entry number, or 0 for no status, while there are at most 255 entries.
  private var narrowNumbers: [UInt8] = []
  /// Each row's entry number, or 0 for no status, once there are more than 255 entries.
  private var wideNumbers: [UInt32] = []
  private var isWide = false

  /// Creates an empty column with room for `capacity` rows.
  public init(capacity: Int = 0) {
    narrowNumbers.reserveCapacity(capacity)
  }

  /// The number of rows.
  public var count: Int { isWide ? wideNumbers.count : narrowNumbers.count }

  /// Appends a status given as its UTF-8 bytes, or nil for none.
  public mutating func append(_ utf8: UnsafeRawBufferPointer?) {
    guard let utf8 else {
      appendNumber(0)
      return
    }

    appendNumber(entries.number(of: utf8))
  }

  public mutating func append(_ status: String?) {
    guard let status else {
      appendNumber(0)
      return
    }

    withUTF8Bytes(status) { append($0) }
  }

  private mutating func appendNumber(_ number: Int) {
    if !isWide, number > Int(UInt8.max) {
      wideNumbers.reserveCapacity(narrowNumbers.capacity)
      wideNumbers.append(contentsOf: narrowNumbers.lazy.map { UInt32($0) })
      narrowNumbers = []
      isWide = true
    }
    if isWide {
      wideNumbers.append(UInt32(number))
    } else {
      narrowNumbers.append(UInt8(number))
    }
  }

  /// Calls `body` with the UTF-8 bytes of the status at `row`, or with nil for none. A column
  /// without rows, as a batch has when no row has a status, gives nil for every row.
  func withBytes<Result>(at row: Int, _ body: (UnsafeRawBufferPointer?) -> Result) -> Result {
    guard count > 0 else { return body(nil) }

    let number = isWide ? Int(wideNumbers[row]) : Int(narrowNumbers[row])
    guard number > 0 else { return body(nil) }

    return entries.entries[number - 1].withUnsafeBytes { body($0) }
  }

  func string(at row: Int) -> String? {
    withBytes(at: row) { bytes in bytes.map { String(decoding: $0, as: UTF8.self) } }
  }
}

/// The values of one optional column: a value for each row, and the set of rows that have
/// one. A column in which no row has a value has no values at all.
struct OptionalValues<Value: Numeric & Sendable>: Sendable {
  /// One value a row, or empty when no row has a value. A missing row's value means nothing.
  private let values: [Value]
  /// Bit `i % 64` of word `i / 64` is set when row `i` has a value. The words are kept
  /// here rather than in a `Bitset`, whose reads are calls into another module.
  private let presentWords: [UInt64]

  /// Creates a column of `values`, in which a row has a value when `isPresent` returns true
  /// for it, or a column without values when `values` is nil.
  init(_ values: [Value]?, isPresent: (Value) -> Bool) {
    let values = values ?? []
    var words = [UInt64](repeating: 0, count: (values.count + 63) / 64)
    values.withUnsafeBufferPointer { values in
      for row in values.indices where isPresent(values[row]) {
        words[row >> 6] |= 1 << UInt64(row & 63)
      }
    }
    self.init(values: values, presentWords: words)
  }

  private init(values: [Value], presentWords: [UInt64]) {
    self.values = values
    self.presentWords = presentWords
  }

  func value(at row: Int) -> Value? {
    guard !values.isEmpty, presentWords[row >> 6] & (1 << UInt64(row & 63)) != 0 else {
      return nil
    }

    return values[row]
  }

  /// Builds a column from values appended one at a time.
  struct Builder {
    private var values: [Value] = []
    private var isPresent: [Bool] = []
    private var hasValue = false

    init(capacity: Int) {
      values.reserveCapacity(capacity)
      isPresent.reserveCapacity(capacity)
    }

    mutating func append(_ value: Value?) {
      values.append(value ?? .zero)
      isPresent.append(value != nil)
      hasValue = hasValue || value != nil
    }

    func finish() -> OptionalValues {
      guard hasValue else { return OptionalValues(values: [], presentWords: []) }

      var words = [UInt64](repeating: 0, count: (values.count + 63) / 64)
      for (row, present) in isPresent.enumerated() where present {
        words[row >> 6] |= 1 << UInt64(row & 63)
      }
      return OptionalValues(values: values, presentWords: words)
    }
  }
}
