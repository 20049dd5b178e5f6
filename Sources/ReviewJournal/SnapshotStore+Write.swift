import ReviewBook

extension SnapshotStore {
  /// A chunk encoded for writing, with the digest of the keys it contains.
  struct EncodedChunk: Sendable {
    var bucket: Int
    var rowCount: Int
    var bytes: [UInt8]
    var addedDigest: KeyDigest
  }

  /// The outcome of recording a load on a date.
  enum RecordPlan: Equatable {
    /// Nothing: the date has a snapshot with the same rows, the one with id `matching`, and
    /// no later snapshot of the date shares an account with it, so the load would change no
    /// account's row.
    case skip(matching: Int64)
    /// Records the load as a new snapshot and deletes the snapshots of `replaced`.
    case record(replacing: [Int64])

    var isSkip: Bool {
      if case .skip = self { return true }
      return false
    }
  }

  /// Decides what recording a load on `date` does, given the load's content digest and its
  /// key hashes, which `keyHashes` computes only when a snapshot's shared accounts must be
  /// counted. A snapshot of the date is replaced when
  /// `SnapshotView.isReplaced` returns true. `loadKeys` is the set of the load's key hashes,
  /// made on first use, and `sharedCounts` keeps, by snapshot id, how many of a snapshot's
  /// accounts the load has, so that a second plan decodes only the snapshots written since
  /// the first. Ids are never used again, so a count kept under an id stays true.
  ///
  /// - Complexity: O(1) reads when the date's latest snapshot has the load's rows, and
  ///   otherwise O(n + m) for a load of n rows and m rows recorded on the date, because the
  ///   keys of every snapshot of the date are decoded.
  func plan(
    content: KeyDigest, keyHashes: () -> [UInt64], on date: Day,
    loadKeys: inout AccountKeySet?, sharedCounts: inout [Int64: Int]
  ) throws(JournalError) -> RecordPlan {
    let records = try loadRecords(on: date)
    func shared(_ record: LoadRecord) throws(JournalError) -> Int {
      if let count = sharedCounts[record.id] { return count }
      let keys = loadKeys ?? AccountKeySet(hashes: keyHashes())
      loadKeys = keys
      let count = try sharedCount(of: record, with: keys)
      sharedCounts[record.id] = count
      return count
    }

    if let match = records.lastIndex(where: { $0.content == content }) {
      var isShadowed = false
      for later in records[(match + 1)...] {
        if try shared(later) > 0 {
          isShadowed = true
          break
        }
      }
      if !isShadowed { return .skip(matching: records[match].id) }
    }

    var replaced: [Int64] = []
    for record in records {
      let count = try shared(record)
      if SnapshotView.isReplaced(shared: count, snapshotCount: record.digest.count) {
        replaced.append(record.id)
      }
    }
    return .record(replacing: replaced)
  }

  /// Returns how many of the snapshot's account keys have their hash in `keys`, decoding
  /// only the keys of its chunks, on all cores.
  private func sharedCount(
    of record: LoadRecord, with keys: AccountKeySet
  ) throws(JournalError) -> Int {
    let stored = try storedChunks(of: record)
    let path = self.path
    let counts = Parallel.map(stored.count) { index in
      Result { () throws(JournalError) -> Int in
        let chunk = try SnapshotStore.parse(stored[index], of: record, path: path)
        do throws(PackedFormatError) {
          let chunkKeys = try chunk.keys()
          return (0..<chunkKeys.count).reduce(0) {
            $0 + (keys.contains(chunkKeys.hash(at: $1)) ? 1 : 0)
          }
        } catch {
          throw SnapshotStore.damaged(record, bucket: stored[index].bucket, error, path: path)
        }
      }
    }
    var total = 0
    for count in counts {
      total += try count.get()
    }
    return total
  }

  /// Records `load` as a new snapshot of `date`, keeping the first of rows that repeat a key,
  /// and returns how many rows it stored and the snapshot's id.
  func insert(_ load: KeyedRows, on date: Day) throws(JournalError) -> (rows: Int, id: Int64?) {
    guard load.rows.count > 0 else { return (0, nil) }

    let bits = load.bits
    // The chunks refer to the snapshot's row, so it is written first with the digest of every
    // key of the load, and again at the end with the digest of the keys stored, which leaves
    // out repeated keys.
    let insert = try connection.prepare(
      """
      INSERT INTO snapshots (date, bucket_bits, row_count, key_sum, key_mixed_sum,
        content_rows, content_sum, content_mixed_sum)
      VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
      """)
    let incoming = load.digest
    let content = load.contentDigest
    try insert.run([
      .day(date), .integer(Int64(bits)), .integer(Int64(incoming.count)),
      .integer(Int64(bitPattern: incoming.sum)), .integer(Int64(bitPattern: incoming.mixedSum)),
      .integer(Int64(content.count)), .integer(Int64(bitPattern: content.sum)),
      .integer(Int64(bitPattern: content.mixedSum)),
    ])
    let id = connection.lastInsertedRowID

    let insertChunk = try connection.prepare(
      "INSERT INTO snapshot_chunks (snapshot, bucket, row_count, data) VALUES (?1, ?2, ?3, ?4)")
    var digest = KeyDigest.empty
    try SnapshotStore.encodeBuckets(load, bits: bits, skippingRepeats: true) {
      (chunks) throws(JournalError) in
      for chunk in chunks {
        digest.add(chunk.addedDigest)
        try insertChunk.run(
          [.integer(id), .integer(Int64(chunk.bucket)), .integer(Int64(chunk.rowCount))],
          blob: chunk.bytes)
      }
    }

    let update = try connection.prepare(
      "UPDATE snapshots SET row_count = ?2, key_sum = ?3, key_mixed_sum = ?4 WHERE id = ?1")
    try update.run([
      .integer(id), .integer(Int64(digest.count)), .integer(Int64(bitPattern: digest.sum)),
      .integer(Int64(bitPattern: digest.mixedSum)),
    ])
    return (digest.count, id)
  }

  /// Deletes the snapshots with these ids and their chunks.
  func delete(_ ids: [Int64]) throws(JournalError) {
    let deleteChunks = try connection.prepare("DELETE FROM snapshot_chunks WHERE snapshot = ?1")
    let deleteRecord = try connection.prepare("DELETE FROM snapshots WHERE id = ?1")
    for id in ids {
      try deleteChunks.run([.integer(id)])
      try deleteRecord.run([.integer(id)])
    }
  }

  /// Encodes one chunk for each bucket that `rows` occupy, and with `skippingRepeats` keeps
  /// only the first row of each key. Calls `consume` with the chunks in bucket order, a few
  /// at a time, so that the encoded chunks of a large snapshot are not all alive at once.
  ///
  /// The buckets are encoded one at a time on each core, each from its own rows in their
  /// order, so that only one chunk builder per core is alive at a time. The rows of a bucket
  /// lie at increasing offsets in the batch's columns, so reading them stays close to a
  /// sequential pass.
  ///
  /// Rows are grouped by bucket one band of buckets at a time, so that the row order of only
  /// one band is alive. There are at most 8 bands, each two passes over the hashes, and a
  /// band has at least one bucket per core.
  static func encodeBuckets(
    _ rows: KeyedRows, bits: Int, skippingRepeats: Bool,
    consume: ([EncodedChunk]) throws(JournalError) -> Void
  ) throws(JournalError) {
    precondition(bits == rows.bits, "the rows' buckets are numbered for their own bits")
    let bucketCount = 1 << bits
    let bandLength = max(Parallel.coreCount, (bucketCount + 7) / 8)
    for bandStart in stride(from: 0, to: bucketCount, by: bandLength) {
      let band = bandStart..<min(bucketCount, bandStart + bandLength)
      let groups = BucketGroups(buckets: rows.buckets, bits: bits, covering: band)
      try encode(groups, of: rows, skippingRepeats: skippingRepeats, consume: consume)
    }
  }

  /// Encodes one chunk for each occupied bucket of `groups`, as `encodeBuckets` does.
  private static func encode(
    _ groups: BucketGroups, of rows: KeyedRows, skippingRepeats: Bool,
    consume: ([EncodedChunk]) throws(JournalError) -> Void
  ) throws(JournalError) {
    let buckets = groups.occupiedBuckets
    try Parallel.map(buckets.count, inBatchesConsumedBy: consume) { index in
      let bucket = buckets[index]
      let group = groups[bucket]
      var keys = KeySet(
        stored: TextList(), rows: rows.rows, incomingCount: skippingRepeats ? group.count : 0)
      var builder = SnapshotChunkBuilder(capacity: group.count)
      var digest = KeyDigest.empty
      for row in group {
        let hash = rows.hash(ofRow: row)
        guard !skippingRepeats || keys.insert(row: row, hash: hash) else { continue }

        builder.append(row: row, of: rows.rows)
        digest.add(hash: hash)
      }
      return EncodedChunk(
        bucket: bucket, rowCount: builder.count, bytes: builder.finish(), addedDigest: digest)
    }
  }
}
