import ReviewBook

/// The snapshot tables of schema version 2: `snapshot_dates` with one row per date, and
/// `snapshot_chunks` with one `SnapshotChunk` per date and bucket (see `Bucketing`).
///
/// Every method runs in the caller's transaction: a write transaction for `merge`, so that
/// what it reads of a date cannot change before it commits.
struct SnapshotStore {
  let connection: Connection

  /// What `snapshot_dates` stores of one date.
  struct DateRecord {
    var date: Day
    var bucketBits: Int
    var digest: KeyDigest
  }

  /// A chunk as stored, with the row count its row claims.
  struct StoredChunk: Sendable {
    var bucket: Int
    var rowCount: Int
    var bytes: [UInt8]
  }

  var path: String { connection.path }

  // MARK: Reading

  func dateRecord(_ date: Day) throws(JournalError) -> DateRecord? {
    let statement = try connection.prepare(
      """
      SELECT date, bucket_bits, row_count, key_sum, key_mixed_sum
      FROM snapshot_dates WHERE date = ?1
      """)
    try statement.bind([.day(date)])
    guard try statement.step() else { return nil }

    return try decodeDateRecord(statement)
  }

  /// Returns the records of every date on or after `since`, earliest first.
  func dateRecords(since: Day? = nil) throws(JournalError) -> [DateRecord] {
    let statement = try connection.prepare(
      """
      SELECT date, bucket_bits, row_count, key_sum, key_mixed_sum
      FROM snapshot_dates WHERE date >= ?1 ORDER BY date
      """)
    try statement.bind([.day(since ?? Day(number: Int32.min))])
    var records: [DateRecord] = []
    while try statement.step() {
      records.append(try decodeDateRecord(statement))
    }
    return records
  }

  private func decodeDateRecord(_ row: Statement) throws(JournalError) -> DateRecord {
    let date = row.day(at: 0)
    let bits = Int(row.integer(at: 1))
    let count = Int(row.integer(at: 2))
    guard (0...Bucketing.maximumBits).contains(bits), count > 0 else {
      throw .corrupt(
        path: path, message: "the snapshot of \(date.iso) has an invalid row count or bucket count")
    }

    let digest = KeyDigest(
      count: count, sum: UInt64(bitPattern: row.integer(at: 3)),
      mixedSum: UInt64(bitPattern: row.integer(at: 4)))
    return DateRecord(date: date, bucketBits: bits, digest: digest)
  }

  /// Returns the chunks of `date`, in bucket order, or only those of `buckets` when given.
  func storedChunks(
    of date: Day, buckets: [Int]? = nil
  ) throws(JournalError) -> [StoredChunk] {
    var chunks: [StoredChunk] = []
    guard let buckets else {
      let statement = try connection.prepare(
        "SELECT bucket, row_count, data FROM snapshot_chunks WHERE date = ?1 ORDER BY bucket")
      try statement.bind([.day(date)])
      while try statement.step() {
        chunks.append(decodeStoredChunk(statement))
      }
      return chunks
    }

    let statement = try connection.prepare(
      "SELECT bucket, row_count, data FROM snapshot_chunks WHERE date = ?1 AND bucket = ?2")
    for bucket in buckets {
      try statement.bind([.day(date), .integer(Int64(bucket))])
      if try statement.step() {
        chunks.append(decodeStoredChunk(statement))
      }
    }
    return chunks
  }

  private func decodeStoredChunk(_ row: Statement) -> StoredChunk {
    StoredChunk(
      bucket: Int(row.integer(at: 0)), rowCount: Int(row.integer(at: 1)), bytes: row.blob(at: 2))
  }

  /// Checks a stored chunk's header and checksum, and that its row count matches its row.
  static func parse(
    _ stored: StoredChunk, of date: Day, path: String
  ) throws(JournalError) -> SnapshotChunk {
    let chunk: SnapshotChunk
    do throws(PackedFormatError) {
      chunk = try SnapshotChunk(bytes: stored.bytes)
    } catch {
      throw damaged(date, bucket: stored.bucket, error, path: path)
    }
    guard chunk.rowCount == stored.rowCount else {
      let reason = "it contains \(chunk.rowCount) rows, not \(stored.rowCount)"
      throw damaged(date, bucket: stored.bucket, PackedFormatError(reason: reason), path: path)
    }

    return chunk
  }

  /// Returns the error for a chunk that cannot be read.
  static func damaged(
    _ date: Day, bucket: Int, _ error: PackedFormatError, path: String
  ) -> JournalError {
    .corrupt(
      path: path,
      message: "the snapshot of \(date.iso) is damaged in chunk \(bucket): \(error.reason)")
  }

  /// Decodes every column of each chunk, on all cores. With `indexed`, each chunk also gets
  /// the index of its keys, and a key that repeats within a chunk is reported as damage.
  static func decodeChunks(
    _ stored: [StoredChunk], of date: Day, indexed: Bool = false, path: String
  ) throws(JournalError) -> [DecodedChunk] {
    let decoded = Parallel.map(stored.count) { index in
      Result { () throws(JournalError) -> DecodedChunk in
        let chunk = try parse(stored[index], of: date, path: path)
        let decoded: DecodedChunk
        do throws(PackedFormatError) {
          decoded = try chunk.decode(indexed: indexed)
        } catch {
          throw damaged(date, bucket: stored[index].bucket, error, path: path)
        }
        if let row = decoded.repeatedRow {
          let reason = "the key of row \(row) repeats"
          throw damaged(
            date, bucket: stored[index].bucket, PackedFormatError(reason: reason), path: path)
        }
        return decoded
      }
    }
    var chunks: [DecodedChunk] = []
    for result in decoded {
      chunks.append(try result.get())
    }
    return chunks
  }

  /// Decodes every chunk of `date`, on all cores, into a table with an index of its keys.
  func table(on date: Day) throws(JournalError) -> SnapshotTable {
    guard let record = try dateRecord(date) else {
      return SnapshotTable(date: date, bucketBits: 0, buckets: [], chunks: [])
    }

    let stored = try storedChunks(of: date)
    let total = stored.reduce(0) { $0 + $1.rowCount }
    guard total == record.digest.count else {
      throw .corrupt(
        path: path,
        message: "the snapshot of \(date.iso) contains \(total) rows, not \(record.digest.count)")
    }
    for chunk in stored where chunk.bucket >= 1 << record.bucketBits {
      throw .corrupt(
        path: path, message: "the snapshot of \(date.iso) has a chunk past its buckets")
    }

    let chunks = try SnapshotStore.decodeChunks(stored, of: date, indexed: true, path: path)
    return SnapshotTable(
      date: date, bucketBits: record.bucketBits, buckets: stored.map(\.bucket), chunks: chunks)
  }
}
