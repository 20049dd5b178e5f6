import ReviewBook

/// Builds one `SnapshotChunk` from rows appended one at a time, so that a pass over many
/// rows in their order can feed a builder for each bucket.
struct SnapshotChunkBuilder {
  private var keys: FrontCodedKeys
  private var names: PieceCodedNames
  private var statuses: StatusDictionary
  private var healthPresent: [Bool] = []
  private var health: [Double] = []
  private var arrPresent: [Bool] = []
  private var arrCents: [Int64] = []
  private var renewalPresent: [Bool] = []
  private var renewalDays: [Int32] = []
  private(set) var count = 0

  /// Creates a builder with room for about `capacity` rows.
  init(capacity: Int) {
    keys = FrontCodedKeys(capacity: capacity)
    names = PieceCodedNames(capacity: capacity)
    statuses = StatusDictionary(capacity: capacity)
    healthPresent.reserveCapacity(capacity)
    health.reserveCapacity(capacity)
    arrPresent.reserveCapacity(capacity)
    arrCents.reserveCapacity(capacity)
    renewalPresent.reserveCapacity(capacity)
    renewalDays.reserveCapacity(capacity)
  }

  /// Appends a row. A health that is NaN is stored as missing, as SQLite stores a NaN
  /// bound to a REAL column as NULL.
  mutating func append(_ row: borrowing SnapshotRow) {
    withUTF8Bytes(row.accountKey) { keys.append($0) }
    withUTF8Bytes(row.accountName) { names.append($0) }
    statuses.append(row.status)
    appendValues(health: row.health, arrCents: row.arrCents, renewalDate: row.renewalDate)
  }

  /// Appends a row given as the UTF-8 bytes of its key, name and status, as a decoded chunk
  /// stores it, without making strings.
  mutating func append(
    key: UnsafeRawBufferPointer, name: UnsafeRawBufferPointer, status: UnsafeRawBufferPointer?,
    health: Double?, arrCents: Int64?, renewalDate: Day?
  ) {
    keys.append(key)
    names.append(name)
    statuses.append(bytes: status)
    appendValues(health: health, arrCents: arrCents, renewalDate: renewalDate)
  }

  /// Appends the row at `row` of `batch`, from its bytes.
  mutating func append(row: Int, of batch: borrowing SnapshotBatch) {
    // Each closure captures only the builder. In a Swift 6.3 release build, closures that
    // captured `batch` copied it for each row, which retained every array of the batch from
    // every encoding thread.
    batch.keys.withBytes(at: row) { keys.append($0) }
    batch.names.withBytes(at: row) { names.append($0) }
    batch.statuses.withBytes(at: row) { statuses.append(bytes: $0) }
    appendValues(
      health: batch.health.value(at: row), arrCents: batch.arrCents.value(at: row),
      renewalDate: batch.renewalDate(at: row))
  }

  private mutating func appendValues(health value: Double?, arrCents: Int64?, renewalDate: Day?) {
    count += 1
    if let value, !value.isNaN {
      healthPresent.append(true)
      health.append(value)
    } else {
      healthPresent.append(false)
    }
    arrPresent.append(arrCents != nil)
    if let arrCents { self.arrCents.append(arrCents) }
    renewalPresent.append(renewalDate != nil)
    if let renewalDate { renewalDays.append(renewalDate.number) }
  }

  /// Returns the encoded chunk of the rows appended so far.
  func finish() -> [UInt8] {
    // Column writers start small and grow, because most columns take a byte or two a row,
    // and each large allocation costs the kernel fresh zeroed pages.
    func column(_ write: (ByteWriter) -> Void) -> ByteWriter {
      let column = ByteWriter(capacity: 256)
      write(column)
      return column
    }
    let columns = [
      keys.column,
      column { names.write(to: $0) },
      column {
        Presence.write(healthPresent, to: $0)
        PackedDoubles.write(health, to: $0)
      },
      column { statuses.write(to: $0) },
      column {
        Presence.write(arrPresent, to: $0)
        PackedIntegers.write(arrCents, to: $0)
      },
      column {
        Presence.write(renewalPresent, to: $0)
        PackedIntegers.write(renewalDays, to: $0)
      },
    ]

    let layout = ByteWriter(capacity: 64)
    layout.append(contentsOf: SnapshotChunk.magic)
    layout.append(SnapshotChunk.version)
    layout.appendUInt64(0)
    layout.appendVarint(count)
    let headerEnd = layout.count
    for column in columns {
      layout.appendVarint(column.count)
    }
    let total = columns.reduce(layout.count) { $0 + $1.count }

    // The header and row count, then each column's length and bytes.
    var bytes: [UInt8] = []
    bytes.reserveCapacity(total)
    layout.withUnsafeBytes { bytes.append(contentsOf: $0[..<headerEnd]) }
    var lengthStart = headerEnd
    for column in columns {
      let lengthSize = ByteWriter.varintSize(UInt64(column.count))
      layout.withUnsafeBytes {
        bytes.append(contentsOf: $0[lengthStart..<(lengthStart + lengthSize)])
      }
      lengthStart += lengthSize
      column.withUnsafeBytes { bytes.append(contentsOf: $0) }
    }

    let checksum = bytes.withUnsafeBytes { buffer in
      KeyHash.checksum(UnsafeRawBufferPointer(rebasing: buffer[SnapshotChunk.headerSize...]))
    }
    withUnsafeBytes(of: checksum.littleEndian) { checksumBytes in
      bytes.replaceSubrange(5..<SnapshotChunk.headerSize, with: checksumBytes)
    }
    return bytes
  }
}

extension SnapshotChunk {
  /// Encodes `rows`, in their order, as one chunk.
  static func encode(_ rows: some Collection<SnapshotRow>) -> [UInt8] {
    var builder = SnapshotChunkBuilder(capacity: rows.count)
    for row in rows { builder.append(row) }
    return builder.finish()
  }
}

/// Statuses as the distinct values in order of first use, then each row's index among them.
private struct StatusDictionary {
  private var entries = StatusEntries()
  private var rowIndices: [Int32] = []

  init(capacity: Int) {
    rowIndices.reserveCapacity(capacity)
  }

  mutating func append(_ status: String?) {
    guard let status else {
      rowIndices.append(0)
      return
    }

    let number = withUTF8Bytes(status) { entries.number(of: $0) }
    rowIndices.append(Int32(number))
  }

  /// Appends a status given as its UTF-8 bytes, or nil for none.
  mutating func append(bytes: UnsafeRawBufferPointer?) {
    rowIndices.append(Int32(bytes.map { entries.number(of: $0) } ?? 0))
  }

  func write(to column: ByteWriter) {
    column.appendVarint(entries.entries.count)
    for entry in entries.entries {
      column.appendVarint(entry.count)
      column.append(contentsOf: entry)
    }
    PackedIntegers.write(rowIndices, to: column)
  }
}

/// Distinct statuses as UTF-8 bytes, numbered from 1 in order of first use.
///
/// Entries are compared by their UTF-8 bytes, because `String`'s `==` would take
/// canonically equivalent statuses for one. A status of up to 8 bytes is compared as one
/// word, which is every status a book derives.
struct StatusEntries: Sendable {
  /// A status of up to 8 bytes: its length and its bytes as a zero-padded word.
  private struct ShortStatus: Hashable, Sendable {
    var length: Int
    var word: UInt64
  }

  private(set) var entries: [[UInt8]] = []
  /// The first 8 short statuses and their entry numbers, searched before the dictionary.
  private var shortEntries: [ShortStatus] = []
  private var shortEntryNumbers: [Int] = []
  private var shortNumbers: [ShortStatus: Int] = [:]
  private var longNumbers: [[UInt8]: Int] = [:]

  /// Returns the 1-based number of the entry with these bytes, adding it when it is new.
  mutating func number(of bytes: UnsafeRawBufferPointer) -> Int {
    guard bytes.count <= 8 else {
      if let number = longNumbers[Array(bytes)] { return number }

      entries.append(Array(bytes))
      longNumbers[Array(bytes)] = entries.count
      return entries.count
    }

    var word: UInt64 = 0
    for (index, byte) in bytes.enumerated() {
      word |= UInt64(byte) << UInt64(8 * index)
    }
    let key = ShortStatus(length: bytes.count, word: word)
    if let position = shortEntries.firstIndex(of: key) {
      return shortEntryNumbers[position]
    }
    if shortEntries.count >= 8, let number = shortNumbers[key] { return number }

    entries.append(Array(bytes))
    if shortEntries.count < 8 {
      shortEntries.append(key)
      shortEntryNumbers.append(entries.count)
    }
    shortNumbers[key] = entries.count
    return entries.count
  }
}

/// Calls `body` with the UTF-8 bytes of `text`, copying them only when the string does not
/// store them contiguously.
func withUTF8Bytes<T>(_ text: String, _ body: (UnsafeRawBufferPointer) -> T) -> T {
  if let result = text.utf8.withContiguousStorageIfAvailable({ body(UnsafeRawBufferPointer($0)) }) {
    return result
  }

  return Array(text.utf8).withUnsafeBytes(body)
}
