import ReviewBook

extension SnapshotStore {
  /// A chunk encoded for writing, with the digest of the keys it adds to its date.
  private struct EncodedChunk: Sendable {
    var bucket: Int
    var rowCount: Int
    var bytes: [UInt8]
    var addedDigest: KeyDigest
  }

  /// The rows of one bucket that no stored row has the account of, with the bucket's chunk.
  private struct BucketAddition: Sendable {
    var bucket: Int
    var stored: SnapshotChunk?
    var added: [Int]
    var digest: KeyDigest
  }

  /// Adds the rows of `incoming` whose account key has no row on `date` yet, keeping the first
  /// of rows that repeat a key, and returns how many were added. Stored rows never change:
  /// a chunk that gains rows is encoded again from its own decoded rows and the new ones.
  func merge(_ incoming: KeyedRows, on date: Day) throws(JournalError) -> Int {
    guard incoming.rows.count > 0 else { return 0 }
    guard let record = try dateRecord(date) else {
      return try insertDate(date, incoming)
    }
    // A load of the same accounts again, as when a book is loaded twice on one day.
    guard incoming.digest != record.digest else { return 0 }

    return try add(incoming, to: record)
  }

  private func insertDate(_ date: Day, _ incoming: KeyedRows) throws(JournalError) -> Int {
    let bits = Bucketing.bits(forRowCount: incoming.rows.count)
    // The chunks refer to the date's record, so it is written first with the digest of every
    // incoming key, and again at the end with the digest of the keys added, which leaves out
    // repeated keys.
    try write(DateRecord(date: date, bucketBits: bits, digest: incoming.digest))
    var digest = KeyDigest.empty
    try SnapshotStore.encodeBuckets(incoming, bits: bits, skippingRepeats: true) {
      (chunks) throws(JournalError) in
      for chunk in chunks { digest.add(chunk.addedDigest) }
      try write(chunks, of: date)
    }
    try write(DateRecord(date: date, bucketBits: bits, digest: digest))
    return digest.count
  }

  /// Encodes one chunk for each bucket that `rows` occupy, and with `skippingRepeats` keeps
  /// only the first row of each key. Calls `consume` with the chunks in bucket order, a few
  /// at a time, so that the encoded chunks of a large date are not all alive at once.
  ///
  /// The buckets are encoded one at a time on each core, each from its own rows in their
  /// order, so that only one chunk builder per core is alive at a time. The rows of a bucket
  /// lie at increasing offsets in the batch's columns, so reading them stays close to a
  /// sequential pass.
  ///
  /// Rows are grouped by bucket one band of buckets at a time, so that the row order of only
  /// one band is alive. There are at most 8 bands, each two passes over the hashes, and a
  /// band has at least one bucket per core.
  private static func encodeBuckets(
    _ rows: KeyedRows, bits: Int, skippingRepeats: Bool,
    consume: ([EncodedChunk]) throws(JournalError) -> Void
  ) throws(JournalError) {
    let bucketCount = 1 << bits
    let bandLength = max(Parallel.coreCount, (bucketCount + 7) / 8)
    for bandStart in stride(from: 0, to: bucketCount, by: bandLength) {
      let band = bandStart..<min(bucketCount, bandStart + bandLength)
      let groups = BucketGroups(hashes: rows.hashes, bits: bits, buckets: band)
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
        let hash = rows.hashes[row]
        guard !skippingRepeats || keys.insert(row: row, hash: hash) else { continue }

        builder.append(row: row, of: rows.rows)
        digest.add(hash: hash)
      }
      return EncodedChunk(
        bucket: bucket, rowCount: builder.count, bytes: builder.finish(), addedDigest: digest)
    }
  }

  private func add(_ incoming: KeyedRows, to record: DateRecord) throws(JournalError) -> Int {
    let date = record.date
    let path = self.path
    let groups = BucketGroups(hashes: incoming.hashes, bits: record.bucketBits)
    let buckets = groups.occupiedBuckets
    var storedByBucket: [Int: StoredChunk] = [:]
    for stored in try storedChunks(of: date, buckets: buckets) {
      storedByBucket[stored.bucket] = stored
    }

    // Find each bucket's new rows by the keys its chunk already contains.
    let results = Parallel.map(buckets.count) { [storedByBucket] index in
      Result { () throws(JournalError) -> BucketAddition in
        let bucket = buckets[index]
        var chunk: SnapshotChunk?
        var storedKeys = TextList()
        if let stored = storedByBucket[bucket] {
          let parsed = try SnapshotStore.parse(stored, of: date, path: path)
          do throws(PackedFormatError) {
            storedKeys = try parsed.keys()
          } catch {
            throw SnapshotStore.damaged(date, bucket: bucket, error, path: path)
          }
          chunk = parsed
        }

        let group = groups[bucket]
        var keys = KeySet(stored: storedKeys, rows: incoming.rows, incomingCount: group.count)
        var addition = BucketAddition(bucket: bucket, stored: chunk, added: [], digest: .empty)
        for row in group where keys.insert(row: row, hash: incoming.hashes[row]) {
          addition.added.append(row)
          addition.digest.add(hash: incoming.hashes[row])
        }
        return addition
      }
    }

    var additions: [BucketAddition] = []
    var digest = record.digest
    for result in results {
      let addition = try result.get()
      guard !addition.added.isEmpty else { continue }

      additions.append(addition)
      digest.add(addition.digest)
    }
    let addedCount = digest.count - record.digest.count
    guard addedCount > 0 else { return 0 }

    if Bucketing.needsMoreBuckets(count: digest.count, bits: record.bucketBits) {
      try spread(record, adding: additions.flatMap(\.added), of: incoming.rows)
    } else {
      try write(DateRecord(date: date, bucketBits: record.bucketBits, digest: digest))
      try write(try encode(additions, incoming.rows, of: date), of: date)
    }
    return addedCount
  }

  /// Encodes each bucket that gains rows from its stored rows followed by the new ones.
  private func encode(
    _ additions: [BucketAddition], _ rows: SnapshotBatch, of date: Day
  ) throws(JournalError) -> [EncodedChunk] {
    let path = self.path
    let results = Parallel.map(additions.count) { index in
      Result { () throws(JournalError) -> EncodedChunk in
        let addition = additions[index]
        var stored: DecodedChunk?
        if let chunk = addition.stored {
          do throws(PackedFormatError) {
            stored = try chunk.decode()
          } catch {
            throw SnapshotStore.damaged(date, bucket: addition.bucket, error, path: path)
          }
        }

        let storedCount = stored?.count ?? 0
        var builder = SnapshotChunkBuilder(capacity: storedCount + addition.added.count)
        for row in 0..<storedCount {
          stored?.append(row: row, to: &builder)
        }
        for row in addition.added {
          builder.append(row: row, of: rows)
        }
        return EncodedChunk(
          bucket: addition.bucket, rowCount: builder.count, bytes: builder.finish(),
          addedDigest: addition.digest)
      }
    }

    var chunks: [EncodedChunk] = []
    for result in results {
      chunks.append(try result.get())
    }
    return chunks
  }

  /// Writes the date again over more buckets, with its stored rows and the rows `added` of
  /// `incoming`, whose keys are all new to it.
  private func spread(
    _ record: DateRecord, adding added: [Int], of incoming: SnapshotBatch
  ) throws(JournalError) {
    let date = record.date
    let stored = try SnapshotStore.decodeChunks(storedChunks(of: date), of: date, path: path)
    var builder = SnapshotBatch.Builder(capacity: record.digest.count + added.count)
    for chunk in stored {
      for row in 0..<chunk.count {
        chunk.append(row: row, to: &builder)
      }
    }
    for row in added {
      builder.append(row: row, of: incoming)
    }

    let keyed = KeyedRows(builder.finish())
    let bits = Bucketing.bits(forRowCount: keyed.rows.count)

    let delete = try connection.prepare("DELETE FROM snapshot_chunks WHERE date = ?1")
    try delete.run([.day(date)])
    try write(DateRecord(date: date, bucketBits: bits, digest: keyed.digest))
    try SnapshotStore.encodeBuckets(keyed, bits: bits, skippingRepeats: false) {
      (chunks) throws(JournalError) in
      try write(chunks, of: date)
    }
  }

  private func write(_ record: DateRecord) throws(JournalError) {
    let upsert = try connection.prepare(
      """
      INSERT INTO snapshot_dates (date, bucket_bits, row_count, key_sum, key_mixed_sum)
      VALUES (?1, ?2, ?3, ?4, ?5)
      ON CONFLICT (date) DO UPDATE SET bucket_bits = excluded.bucket_bits,
        row_count = excluded.row_count, key_sum = excluded.key_sum,
        key_mixed_sum = excluded.key_mixed_sum
      """)
    try upsert.run([
      .day(record.date), .integer(Int64(record.bucketBits)), .integer(Int64(record.digest.count)),
      .integer(Int64(bitPattern: record.digest.sum)),
      .integer(Int64(bitPattern: record.digest.mixedSum)),
    ])
  }

  private func write(_ chunks: [EncodedChunk], of date: Day) throws(JournalError) {
    let upsert = try connection.prepare(
      """
      INSERT INTO snapshot_chunks (date, bucket, row_count, data) VALUES (?1, ?2, ?3, ?4)
      ON CONFLICT (date, bucket) DO UPDATE SET row_count = excluded.row_count,
        data = excluded.data
      """)
    for chunk in chunks {
      try upsert.run([
        .day(date), .integer(Int64(chunk.bucket)), .integer(Int64(chunk.rowCount)),
        .blob(chunk.bytes),
      ])
    }
  }
}
