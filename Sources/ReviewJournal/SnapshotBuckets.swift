/// Snapshot rows with the hash of each account key, computed once for bucketing, for the
/// digest and for finding repeated keys.
struct KeyedRows: Sendable {
  let rows: [SnapshotRow]
  let hashes: [UInt64]

  init(_ rows: [SnapshotRow]) {
    self.rows = rows
    hashes = [UInt64](unsafeUninitializedCapacity: rows.count) { buffer, initializedCount in
      let shared = SharedBuffer(pointer: buffer)
      Parallel.forEachRange(rows.count, minimumLength: 50_000) { range in
        for index in range {
          (shared.pointer.baseAddress! + index).initialize(to: KeyHash.hash(rows[index].accountKey))
        }
      }
      initializedCount = rows.count
    }
  }

  /// The digest of every row's key, counting a repeated key each time it occurs. It equals
  /// the digest of a stored key set only when the rows bring exactly those keys, each once.
  var digest: KeyDigest {
    var digest = KeyDigest.empty
    for hash in hashes { digest.add(hash: hash) }
    return digest
  }
}

/// Which bucket of a date an account key belongs to: the top `bits` bits of its hash.
/// A date with `bits` bits has up to 2^bits chunks, one per bucket that has a row.
enum Bucketing {
  /// The number of rows a chunk is sized for. A date gets the fewest buckets for which its
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

  /// True when a date with `bits` bits has grown to `count` rows, twice the size its buckets
  /// were chosen for, so that its rows should be spread over more buckets.
  static func needsMoreBuckets(count: Int, bits: Int) -> Bool {
    bits < maximumBits && count > 2 * (rowsPerChunk << bits)
  }
}

/// Row indices grouped by bucket, each group in the order of the rows, with their hashes.
struct BucketGroups: Sendable {
  let bits: Int
  private let starts: [Int]
  private let order: [Int32]
  private let orderedHashes: [UInt64]

  init(hashes: [UInt64], bits: Int) {
    precondition(hashes.count <= Int(Int32.max), "too many rows for one snapshot call")
    self.bits = bits
    let bucketCount = 1 << bits
    var starts = [Int](repeating: 0, count: bucketCount + 1)
    for hash in hashes {
      starts[Bucketing.bucket(of: hash, bits: bits) + 1] += 1
    }
    for bucket in 0..<bucketCount {
      starts[bucket + 1] += starts[bucket]
    }

    var next = starts
    var order = [Int32](repeating: 0, count: hashes.count)
    var orderedHashes = [UInt64](repeating: 0, count: hashes.count)
    for (index, hash) in hashes.enumerated() {
      let bucket = Bucketing.bucket(of: hash, bits: bits)
      order[next[bucket]] = Int32(index)
      orderedHashes[next[bucket]] = hash
      next[bucket] += 1
    }
    self.starts = starts
    self.order = order
    self.orderedHashes = orderedHashes
  }

  /// The number of rows in `bucket`.
  func count(of bucket: Int) -> Int {
    starts[bucket + 1] - starts[bucket]
  }

  /// Returns the rows of `rows` whose key repeats the key of an earlier row, or an empty
  /// array when no key repeats, which is the usual case.
  ///
  /// The search runs bucket by bucket on the hashes alone, with a table small enough to stay
  /// in the cache, and compares keys only for equal hashes.
  func repeatedRows(of rows: [SnapshotRow]) -> [Int] {
    let occupied = occupiedBuckets
    let repeats = Parallel.map(occupied.count) { index in
      let range = starts[occupied[index]]..<starts[occupied[index] + 1]
      var capacity = 16
      while capacity < 2 * range.count { capacity <<= 1 }
      // A position in `range` plus one, or 0 for an empty slot.
      var slots = [Int32](repeating: 0, count: capacity)
      var repeated: [Int] = []
      for position in range {
        let hash = orderedHashes[position]
        var slot = Int(truncatingIfNeeded: hash) & (capacity - 1)
        var isRepeat = false
        while slots[slot] != 0 {
          let other = range.lowerBound + Int(slots[slot]) - 1
          if orderedHashes[other] == hash,
            sameUTF8(rows[Int(order[other])].accountKey, rows[Int(order[position])].accountKey)
          {
            isRepeat = true
            break
          }
          slot = (slot + 1) & (capacity - 1)
        }
        if isRepeat {
          repeated.append(Int(order[position]))
        } else {
          slots[slot] = Int32(position - range.lowerBound + 1)
        }
      }
      return repeated
    }
    return Array(repeats.joined())
  }

  var bucketCount: Int { starts.count - 1 }

  subscript(bucket: Int) -> LazyMapCollection<ArraySlice<Int32>, Int> {
    order[starts[bucket]..<starts[bucket + 1]].lazy.map { Int($0) }
  }

  /// The buckets that have at least one row, in increasing order.
  var occupiedBuckets: [Int] {
    (0..<bucketCount).filter { starts[$0] < starts[$0 + 1] }
  }
}

/// A hash set of account keys: the keys already stored in one chunk, then the keys of new
/// rows as they are added. It keeps one row per account key. Keys are equal when their UTF-8
/// bytes are, as in the primary key of schema version 1.
struct KeySet {
  private let stored: TextList
  private let rows: [SnapshotRow]
  /// An entry number plus one, or 0 for an empty slot. Entries below `stored.count` are
  /// stored keys, and entry `stored.count + k` is the row at `rowIndices[k]`.
  private var slots: [Int32]
  private var entryHashes: [UInt64] = []
  private var rowIndices: [Int] = []
  private let mask: Int

  /// Creates a set of the keys in `stored`, with room for `incomingCount` more.
  init(stored: TextList, rows: [SnapshotRow], incomingCount: Int) {
    self.stored = stored
    self.rows = rows
    var capacity = 16
    while capacity < 2 * (stored.count + incomingCount) {
      capacity <<= 1
    }
    slots = [Int32](repeating: 0, count: capacity)
    mask = capacity - 1
    entryHashes.reserveCapacity(stored.count + incomingCount)
    stored.bytes.withUnsafeBytes { bytes in
      for index in 0..<stored.count {
        let hash = KeyHash.hash(UnsafeRawBufferPointer(rebasing: bytes[stored.range(at: index)]))
        entryHashes.append(hash)
        insertSlot(entry: index, hash: hash)
      }
    }
  }

  /// Adds the key of `rows[row]`, whose hash is `hash`, and returns true when no stored key
  /// and no row added before has it.
  mutating func insert(row: Int, hash: UInt64) -> Bool {
    var slot = Int(truncatingIfNeeded: hash) & mask
    while slots[slot] != 0 {
      let entry = Int(slots[slot]) - 1
      if entryHashes[entry] == hash, keyOfEntry(entry, equals: rows[row].accountKey) {
        return false
      }
      slot = (slot + 1) & mask
    }

    slots[slot] = Int32(entryHashes.count + 1)
    entryHashes.append(hash)
    rowIndices.append(row)
    return true
  }

  private mutating func insertSlot(entry: Int, hash: UInt64) {
    var slot = Int(truncatingIfNeeded: hash) & mask
    while slots[slot] != 0 {
      slot = (slot + 1) & mask
    }
    slots[slot] = Int32(entry + 1)
  }

  private func keyOfEntry(_ entry: Int, equals key: String) -> Bool {
    if entry < stored.count { return stored.element(at: entry, equals: key) }

    // Bytes, not `==`, which would take canonically equivalent keys for one account.
    return sameUTF8(rows[rowIndices[entry - stored.count]].accountKey, key)
  }
}
