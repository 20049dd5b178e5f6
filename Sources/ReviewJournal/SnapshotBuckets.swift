/// Snapshot rows with the bucket of each account key and the digests of their keys and of
/// their content. A key's hash is computed again where a chunk needs it, since keeping
/// every row's hash would cost eight bytes a row while a large snapshot is written.
struct KeyedRows: Sendable {
  let rows: SnapshotBatch
  /// The bits of the snapshot's buckets: `Bucketing.bits(forRowCount:)` of the row count.
  let bits: Int
  /// The bucket of each row's key, for `bits` bits.
  let buckets: [UInt16]
  /// The digest of every row's key, counting a repeated key each time it occurs. It equals
  /// the digest of a stored key set only when the rows bring exactly those keys, each once.
  let digest: KeyDigest
  /// The digest of every row's content hash (see `hash(_:in:into:)`), repeated keys
  /// included, so that two batches of the same rows, in any order, have the same content
  /// digest.
  let contentDigest: KeyDigest

  /// Creates the keyed rows of a batch whose content digest is known, hashing its keys.
  init(_ rows: SnapshotBatch, contentDigest: KeyDigest) {
    precondition(rows.count <= Int(Int32.max), "too many rows for one snapshot")
    let bits = Bucketing.bits(forRowCount: rows.count)
    precondition(bits <= 16, "a bucket number fits in 16 bits")
    self.rows = rows
    self.bits = bits
    self.contentDigest = contentDigest
    var digest = KeyDigest.empty
    buckets = [UInt16](unsafeUninitializedCapacity: rows.count) { buffer, initializedCount in
      let shared = SharedBuffer(pointer: buffer)
      let partCount = min(8, max(1, rows.count / 50_000))
      let parts = Parallel.map(partCount) { part in
        let range = (rows.count * part / partCount)..<(rows.count * (part + 1) / partCount)
        var partDigest = KeyDigest.empty
        rows.keys.forEachBytes(in: range) { row, key in
          let hash = KeyHash.hash(key)
          partDigest.add(hash: hash)
          (shared.pointer.baseAddress! + row).initialize(
            to: UInt16(Bucketing.bucket(of: hash, bits: bits)))
        }
        return partDigest
      }
      for part in parts { digest.add(part) }
      initializedCount = rows.count
    }
    self.digest = digest
  }

  /// Creates the keyed rows of a batch, computing its content digest.
  init(_ rows: SnapshotBatch) {
    self.init(rows, contentDigest: KeyedRows.contentDigest(of: rows))
  }

  /// The hash of every row's key, computed anew.
  var hashes: [UInt64] { KeyedRows.hashes(of: rows.keys) }

  /// Returns the hash of the key of `row`.
  func hash(ofRow row: Int) -> UInt64 {
    rows.keys.withBytes(at: row) { KeyHash.hash($0) }
  }

  /// Returns the digest of every row's content hash, as `contentDigest` has it, without
  /// keeping the key hashes.
  static func contentDigest(of rows: SnapshotBatch) -> KeyDigest {
    let partCount = min(8, max(1, rows.count / 50_000))
    let parts = Parallel.map(partCount) { part in
      let range = (rows.count * part / partCount)..<(rows.count * (part + 1) / partCount)
      return KeyedRows.hash(rows, in: range, into: nil)
    }
    var digest = KeyDigest.empty
    for part in parts { digest.add(part) }
    return digest
  }

  /// Writes the hash of each key of `range` into `keyHashes`, when given, at the key's row,
  /// and returns the digest of the content hashes of the rows of `range`.
  ///
  /// A row's content hash mixes the hash of its key, of its name, and of which of status,
  /// health, ARR and renewal date it has, with their values. Each column is read for the
  /// whole range at once, which costs less than reading row by row.
  private static func hash(
    _ rows: SnapshotBatch, in range: Range<Int>,
    into keyHashes: UnsafeMutableBufferPointer<UInt64>?
  ) -> KeyDigest {
    let first = range.lowerBound
    var states = [UInt64](repeating: 0, count: range.count)
    var present = [UInt8](repeating: 0, count: range.count)
    states.withUnsafeMutableBufferPointer { states in
      rows.keys.forEachBytes(in: range) { row, key in
        let hash = KeyHash.hash(key)
        if let keyHashes { (keyHashes.baseAddress! + row).initialize(to: hash) }
        states[row - first] = KeyHash.mix(hash ^ 0x6A09_E667_F3BC_C908)
      }
      rows.names.forEachBytes(in: range) { row, name in
        states[row - first] = KeyHash.mix(states[row - first] ^ KeyHash.hash(name))
      }
      present.withUnsafeMutableBufferPointer { present in
        rows.statuses.forEachHash(in: range) { row, status in
          guard let status else { return }
          present[row - first] = 1
          states[row - first] = KeyHash.mix(states[row - first] ^ status)
        }
      }
    }

    var digest = KeyDigest.empty
    for row in range {
      var state = states[row - first]
      var flags = UInt64(present[row - first])
      if let value = rows.health.value(at: row) {
        flags |= 2
        state = KeyHash.mix(state ^ value.bitPattern)
      }
      if let cents = rows.arrCents.value(at: row) {
        flags |= 4
        state = KeyHash.mix(state ^ UInt64(bitPattern: cents))
      }
      if let day = rows.renewalDays.value(at: row) {
        flags |= 8
        state = KeyHash.mix(state ^ UInt64(UInt32(bitPattern: day)))
      }
      digest.add(hash: KeyHash.mix(state ^ flags))
    }
    return digest
  }

  /// Returns the hash of every key, computed on all cores for a large batch.
  static func hashes(of keys: SnapshotStrings) -> [UInt64] {
    [UInt64](unsafeUninitializedCapacity: keys.count) { buffer, initializedCount in
      let shared = SharedBuffer(pointer: buffer)
      Parallel.forEachRange(keys.count, minimumLength: 50_000) { range in
        keys.forEachBytes(in: range) { row, key in
          (shared.pointer.baseAddress! + row).initialize(to: KeyHash.hash(key))
        }
      }
      initializedCount = keys.count
    }
  }

}

/// Which bucket of a snapshot an account key belongs to: the top `bits` bits of its hash.
/// A snapshot with `bits` bits has up to 2^bits chunks, one per bucket that has a row.
enum Bucketing {
  /// The number of rows a chunk is sized for. A snapshot gets the fewest buckets for which its
  /// rows fill them to at most this many on average.
  static let rowsPerChunk = 65_536
  static let maximumBits = 20

  static func bucket(of hash: UInt64, bits: Int) -> Int {
    bits == 0 ? 0 : Int(hash >> UInt64(64 - bits))
  }

  static func bits(forRowCount count: Int) -> Int {
    var bits = 0
    while bits < maximumBits, count > rowsPerChunk << bits {
      bits += 1
    }
    return bits
  }
}

/// Row indices grouped by bucket, each group in the order of the rows, for every bucket or
/// for one range of buckets.
struct BucketGroups: Sendable {
  let bits: Int
  /// The first bucket of the range that the groups cover.
  private let firstBucket: Int
  /// The start of each covered bucket's group in `order`, then the end of the last group.
  private let starts: [Int]
  private let order: [Int32]

  init(buckets rowBuckets: [UInt16], bits: Int) {
    self.init(buckets: rowBuckets, bits: bits, covering: 0..<(1 << bits))
  }

  /// Groups the rows whose bucket, in `rowBuckets`, is in `covered`, and leaves the other
  /// rows out.
  init(buckets rowBuckets: [UInt16], bits: Int, covering covered: Range<Int>) {
    precondition(rowBuckets.count <= Int(Int32.max), "too many rows for one snapshot call")
    self.bits = bits
    firstBucket = covered.lowerBound
    // A row's index among the covered buckets, which wraps to a large number for a bucket
    // below the range, so that one comparison decides whether the row is covered.
    let first = UInt(covered.lowerBound)
    let coveredCount = UInt(covered.count)

    var starts = [Int](repeating: 0, count: covered.count + 1)
    rowBuckets.withUnsafeBufferPointer { rowBuckets in
      for bucket in rowBuckets {
        let index = UInt(bucket) &- first
        if index < coveredCount { starts[Int(index) + 1] += 1 }
      }
    }
    for index in 0..<covered.count {
      starts[index + 1] += starts[index]
    }

    var next = starts
    var order = [Int32](repeating: 0, count: starts[covered.count])
    rowBuckets.withUnsafeBufferPointer { rowBuckets in
      for row in rowBuckets.indices {
        let index = UInt(rowBuckets[row]) &- first
        guard index < coveredCount else { continue }

        order[next[Int(index)]] = Int32(row)
        next[Int(index)] += 1
      }
    }
    self.starts = starts
    self.order = order
  }

  /// The number of rows in `bucket`, which must be in the covered range.
  func count(of bucket: Int) -> Int {
    starts[bucket - firstBucket + 1] - starts[bucket - firstBucket]
  }

  subscript(bucket: Int) -> LazyMapCollection<ArraySlice<Int32>, Int> {
    order[starts[bucket - firstBucket]..<starts[bucket - firstBucket + 1]].lazy.map { Int($0) }
  }

  /// The covered buckets that have at least one row, in increasing order.
  var occupiedBuckets: [Int] {
    (0..<(starts.count - 1)).filter { starts[$0] < starts[$0 + 1] }.map { $0 + firstBucket }
  }
}

/// A hash set of account keys: the keys already stored in one chunk, then the keys of new
/// rows as they are added. It keeps one row per account key. Keys are equal when their UTF-8
/// bytes are, as in the primary key of schema version 1.
struct KeySet {
  private let stored: TextList
  private let rows: SnapshotBatch
  /// An entry number plus one, or 0 for an empty slot. Entries below `stored.count` are
  /// stored keys, and entry `stored.count + k` is the row at `rowIndices[k]`.
  private var slots: [Int32]
  /// Each entry's hash tag, which rules out most unequal keys before their bytes are compared.
  private var entryTags: [UInt32] = []
  private var rowIndices: [Int32] = []
  private let mask: Int

  /// Creates a set of the keys in `stored`, with room for `incomingCount` more.
  init(stored: TextList, rows: SnapshotBatch, incomingCount: Int) {
    self.stored = stored
    self.rows = rows
    var capacity = 16
    while capacity < 2 * (stored.count + incomingCount) {
      capacity <<= 1
    }
    slots = [Int32](repeating: 0, count: capacity)
    mask = capacity - 1
    entryTags.reserveCapacity(stored.count + incomingCount)
    rowIndices.reserveCapacity(incomingCount)
    stored.bytes.withUnsafeBytes { bytes in
      for index in 0..<stored.count {
        let hash = KeyHash.hash(UnsafeRawBufferPointer(rebasing: bytes[stored.range(at: index)]))
        entryTags.append(KeySet.tag(of: hash))
        insertSlot(entry: index, hash: hash)
      }
    }
  }

  /// Bits 24 to 55 of a key hash, 4 bytes an entry in place of 8. The slot comes from the low
  /// bits and the bucket from the top ones, so these bits vary between the keys that meet in
  /// one chunk's table while a date has at most 2^8 buckets. An equal tag is confirmed by
  /// comparing the keys' bytes.
  private static func tag(of hash: UInt64) -> UInt32 {
    UInt32(truncatingIfNeeded: hash >> 24)
  }

  /// Adds the key of the row at `row` of the batch, whose hash is `hash`, and returns true
  /// when no stored key and no row added before has it.
  mutating func insert(row: Int, hash: UInt64) -> Bool {
    let tag = KeySet.tag(of: hash)
    var slot = Int(truncatingIfNeeded: hash) & mask
    while slots[slot] != 0 {
      let entry = Int(slots[slot]) - 1
      if entryTags[entry] == tag, entryKey(entry, equalsKeyOf: row) {
        return false
      }
      slot = (slot + 1) & mask
    }

    slots[slot] = Int32(entryTags.count + 1)
    entryTags.append(tag)
    // `BucketGroups` stores row numbers as `Int32` too, so every row number fits.
    rowIndices.append(Int32(row))
    return true
  }

  private mutating func insertSlot(entry: Int, hash: UInt64) {
    var slot = Int(truncatingIfNeeded: hash) & mask
    while slots[slot] != 0 {
      slot = (slot + 1) & mask
    }
    slots[slot] = Int32(entry + 1)
  }

  /// True when the key of `entry` has the same bytes as the key of the row at `row` of the
  /// batch. Bytes, not `String`'s `==`, which would take canonically equivalent keys for one
  /// account.
  private func entryKey(_ entry: Int, equalsKeyOf row: Int) -> Bool {
    rows.keys.withBytes(at: row) { key in
      guard entry >= stored.count else {
        return equalBytes(stored.bytes, stored.range(at: entry), key)
      }

      let other = Int(rowIndices[entry - stored.count])
      return rows.keys.withBytes(at: other) { equalBytes($0, key) }
    }
  }
}
