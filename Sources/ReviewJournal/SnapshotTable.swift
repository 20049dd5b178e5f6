import ReviewBook

/// The accounts of one snapshot, decoded column by column, with a lookup by account key.
///
/// A `SnapshotView` combines the tables of a date. A table makes a `SnapshotRow`, and its
/// strings, only for a row that is read, so it is much cheaper for a large book than the
/// dictionary of `Journal.snapshot(on:)`. Rows are grouped by a hash of the account key and
/// otherwise in the order they were recorded.
public struct SnapshotTable: RandomAccessCollection, Sendable {
  /// The snapshot's id, date and account count.
  public let entry: SnapshotEntry
  let chunks: [DecodedChunk]
  /// The bucket of each chunk.
  let buckets: [Int]
  /// The position of each chunk's first row, and the row count at the end.
  private let starts: [Int]
  private let bucketBits: Int
  /// The index in `chunks` of each bucket's chunk, or -1 for a bucket without rows.
  private let chunkIndexByBucket: [Int32]

  init(entry: SnapshotEntry, bucketBits: Int, buckets: [Int], chunks: [DecodedChunk]) {
    self.entry = entry
    self.chunks = chunks
    self.buckets = buckets
    self.bucketBits = bucketBits
    var starts = [0]
    for chunk in chunks { starts.append(starts[starts.count - 1] + chunk.count) }
    self.starts = starts
    var chunkIndexByBucket = [Int32](repeating: -1, count: 1 << bucketBits)
    for (index, bucket) in buckets.enumerated() { chunkIndexByBucket[bucket] = Int32(index) }
    self.chunkIndexByBucket = chunkIndexByBucket
  }

  /// The snapshot date.
  public var date: Day { entry.date }

  public var startIndex: Int { 0 }
  public var endIndex: Int { starts[starts.count - 1] }

  public subscript(position: Int) -> SnapshotRow {
    precondition(position >= 0 && position < endIndex, "snapshot row index out of range")

    // The last chunk whose first row is at or before `position`.
    var low = 0
    var high = chunks.count - 1
    while low < high {
      let middle = (low + high + 1) / 2
      if starts[middle] <= position { low = middle } else { high = middle - 1 }
    }
    return chunks[low].row(at: position - starts[low])
  }

  /// Returns the row of the account with this key, compared by UTF-8 bytes, or nil.
  ///
  /// - Complexity: O(1) on average.
  public func row(account key: String) -> SnapshotRow? {
    let hash = KeyHash.hash(key)
    let chunkIndex = chunkIndexByBucket[Bucketing.bucket(of: hash, bits: bucketBits)]
    guard chunkIndex >= 0 else { return nil }

    let chunk = chunks[Int(chunkIndex)]
    return chunk.index(of: key, hash: hash).map { chunk.row(at: $0) }
  }

  /// Returns true when the table has a row whose key has these UTF-8 bytes and this hash.
  func containsKey(_ key: UnsafeRawBufferPointer, hash: UInt64) -> Bool {
    let chunkIndex = chunkIndexByBucket[Bucketing.bucket(of: hash, bits: bucketBits)]
    guard chunkIndex >= 0 else { return false }

    return chunks[Int(chunkIndex)].index(ofKey: key, hash: hash) != nil
  }

  /// Returns how many of the table's accounts have their key's hash in `keys`.
  func sharedCount(with keys: AccountKeySet) -> Int {
    let counts = Parallel.map(chunks.count) { [chunks] index in
      chunks[index].hashes.reduce(0) { $0 + (keys.contains($1) ? 1 : 0) }
    }
    return counts.reduce(0, +)
  }

  public func makeIterator() -> Iterator {
    Iterator(chunks: chunks)
  }

  /// Walks the chunks in order without searching for each position.
  public struct Iterator: IteratorProtocol {
    private let chunks: [DecodedChunk]
    private var chunk = 0
    private var row = 0

    fileprivate init(chunks: [DecodedChunk]) {
      self.chunks = chunks
    }

    public mutating func next() -> SnapshotRow? {
      while chunk < chunks.count {
        if row < chunks[chunk].count {
          defer { row += 1 }
          return chunks[chunk].row(at: row)
        }
        chunk += 1
        row = 0
      }
      return nil
    }
  }
}

/// The columns of one chunk, decoded, for a `DecodedChunk`.
struct ChunkColumns {
  var keys: TextList
  var names: TextList
  var statusEntries: [String]
  var health: [Double?] = []
  /// 0 for no status, k for `statusEntries[k - 1]`.
  var statusIndices: [UInt32] = []
  var arrCents: [Int64?] = []
  var renewalDates: [Day?] = []
}

/// One chunk with every column decoded, and optionally a hash index of its keys.
///
/// A class, so that reading one row of a table does not copy the chunk's arrays.
final class DecodedChunk: Sendable {
  private let columns: ChunkColumns
  /// A row index plus one, or 0 for an empty slot, when the chunk is indexed.
  private let slots: [Int32]
  /// The hash of each key when the chunk is indexed, and otherwise empty.
  let hashes: [UInt64]
  /// The first row whose key repeats an earlier row's, which a valid chunk never has.
  let repeatedRow: Int?

  init(_ columns: ChunkColumns, indexed: Bool) {
    self.columns = columns
    guard indexed else {
      slots = []
      hashes = []
      repeatedRow = nil
      return
    }

    let keys = columns.keys
    var capacity = 16
    while capacity < 2 * keys.count { capacity <<= 1 }
    var slots = [Int32](repeating: 0, count: capacity)
    let hashes = (0..<keys.count).map(keys.hash(at:))
    var repeatedRow: Int?
    for row in 0..<keys.count {
      var slot = Int(truncatingIfNeeded: hashes[row]) & (capacity - 1)
      while slots[slot] != 0 {
        let other = Int(slots[slot]) - 1
        if hashes[other] == hashes[row],
          keys.bytes[keys.range(at: other)] == keys.bytes[keys.range(at: row)]
        {
          repeatedRow = repeatedRow ?? row
          break
        }
        slot = (slot + 1) & (capacity - 1)
      }
      if slots[slot] == 0 { slots[slot] = Int32(row + 1) }
    }
    self.slots = slots
    self.hashes = hashes
    self.repeatedRow = repeatedRow
  }

  var count: Int { columns.keys.count }

  func row(at index: Int) -> SnapshotRow {
    let status = columns.statusIndices[index]
    return SnapshotRow(
      accountKey: columns.keys.string(at: index), accountName: columns.names.string(at: index),
      health: columns.health[index],
      status: status == 0 ? nil : columns.statusEntries[Int(status) - 1],
      arrCents: columns.arrCents[index], renewalDate: columns.renewalDates[index])
  }

  var rows: [SnapshotRow] {
    (0..<count).map(row(at:))
  }

  /// Appends the row at `index` to `builder` from its bytes, without making strings.
  func append(row index: Int, to builder: inout SnapshotChunkBuilder) {
    withBytes(ofRow: index) { key, name, status in
      builder.append(
        key: key, name: name, status: status, health: columns.health[index],
        arrCents: columns.arrCents[index], renewalDate: columns.renewalDates[index])
    }
  }

  /// Appends the row at `index` to `builder` from its bytes, without making strings.
  func append(row index: Int, to builder: inout SnapshotBatch.Builder) {
    withBytes(ofRow: index) { key, name, status in
      builder.append(
        key: key, name: name, status: status, health: columns.health[index],
        arrCents: columns.arrCents[index], renewalDate: columns.renewalDates[index])
    }
  }

  /// Calls `body` with the UTF-8 bytes of the key, name and status of the row at `index`.
  private func withBytes(
    ofRow index: Int,
    _ body: (UnsafeRawBufferPointer, UnsafeRawBufferPointer, UnsafeRawBufferPointer?) -> Void
  ) {
    let keys = columns.keys
    let names = columns.names
    let status = Int(columns.statusIndices[index])
    keys.bytes.withUnsafeBytes { keyBuffer in
      names.bytes.withUnsafeBytes { nameBuffer in
        let key = UnsafeRawBufferPointer(rebasing: keyBuffer[keys.range(at: index)])
        let name = UnsafeRawBufferPointer(rebasing: nameBuffer[names.range(at: index)])
        if status == 0 {
          body(key, name, nil)
        } else {
          withUTF8Bytes(columns.statusEntries[status - 1]) { body(key, name, $0) }
        }
      }
    }
  }

  /// Returns the row of the key with these UTF-8 bytes, whose hash is `hash`, when the chunk
  /// is indexed.
  func index(ofKey key: UnsafeRawBufferPointer, hash: UInt64) -> Int? {
    guard !slots.isEmpty else { return nil }

    let keys = columns.keys
    var slot = Int(truncatingIfNeeded: hash) & (slots.count - 1)
    while slots[slot] != 0 {
      let row = Int(slots[slot]) - 1
      if hashes[row] == hash, equalBytes(keys.bytes, keys.range(at: row), key) { return row }
      slot = (slot + 1) & (slots.count - 1)
    }
    return nil
  }

  /// Calls `body` with the UTF-8 bytes of the key of the row at `index`.
  func withKey<Result>(at index: Int, _ body: (UnsafeRawBufferPointer) -> Result) -> Result {
    let keys = columns.keys
    return keys.bytes.withUnsafeBytes {
      body(UnsafeRawBufferPointer(rebasing: $0[keys.range(at: index)]))
    }
  }

  /// Returns the row of `key`, whose hash is `hash`, when the chunk is indexed.
  func index(of key: String, hash: UInt64) -> Int? {
    guard !slots.isEmpty else { return nil }

    var slot = Int(truncatingIfNeeded: hash) & (slots.count - 1)
    while slots[slot] != 0 {
      let row = Int(slots[slot]) - 1
      if hashes[row] == hash, columns.keys.element(at: row, equals: key) { return row }
      slot = (slot + 1) & (slots.count - 1)
    }
    return nil
  }
}
