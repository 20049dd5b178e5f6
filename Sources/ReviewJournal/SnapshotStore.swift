import ReviewBook

/// The snapshot tables of schema version 3: `snapshots` with one row per load, and
/// `snapshot_chunks` with one `SnapshotChunk` per snapshot and bucket (see `Bucketing`).
///
/// Every method runs in the caller's transaction: a write transaction for the writes, so that
/// what they read of a date cannot change before they commit.
struct SnapshotStore {
  let connection: Connection

  /// The row of `snapshots` for one load.
  struct LoadRecord: Sendable, Equatable {
    var id: Int64
    var date: Day
    var bucketBits: Int
    /// The digest of the keys of the rows stored, each key once.
    var digest: KeyDigest
    /// The digest of the rows as the load gave them (`KeyedRows.contentDigest`), or nil for a
    /// snapshot moved from schema version 2, whose dates merged every load of their day.
    var content: KeyDigest?

    /// The snapshot's name in messages.
    var label: String { "the snapshot of \(date.iso) (id \(id))" }

    var entry: SnapshotEntry {
      SnapshotEntry(id: id, date: date, accountCount: digest.count)
    }
  }

  /// A chunk as stored, with the row count its row claims.
  struct StoredChunk: Sendable {
    var bucket: Int
    var rowCount: Int
    var bytes: [UInt8]
  }

  var path: String { connection.path }

  // MARK: Reading

  private static let recordColumns = """
    id, date, bucket_bits, row_count, key_sum, key_mixed_sum, content_rows, content_sum,
    content_mixed_sum
    """

  /// Returns the snapshots of `date`, in the order they were recorded.
  func loadRecords(on date: Day) throws(JournalError) -> [LoadRecord] {
    let statement = try connection.prepare(
      "SELECT \(SnapshotStore.recordColumns) FROM snapshots WHERE date = ?1 ORDER BY id")
    try statement.bind([.day(date)])
    var records: [LoadRecord] = []
    while try statement.step() {
      records.append(try decodeLoadRecord(statement))
    }
    return records
  }

  /// Returns the snapshots of every date on or after `since`, by date and then in the order
  /// they were recorded.
  func loadRecords(since: Day? = nil) throws(JournalError) -> [LoadRecord] {
    let statement = try connection.prepare(
      """
      SELECT \(SnapshotStore.recordColumns) FROM snapshots WHERE date >= ?1
      ORDER BY date, id
      """)
    try statement.bind([.day(since ?? Day(number: Int32.min))])
    var records: [LoadRecord] = []
    while try statement.step() {
      records.append(try decodeLoadRecord(statement))
    }
    return records
  }

  private func decodeLoadRecord(_ row: Statement) throws(JournalError) -> LoadRecord {
    let id = row.integer(at: 0)
    let date = row.day(at: 1)
    let bits = Int(row.integer(at: 2))
    let count = Int(row.integer(at: 3))
    guard (0...Bucketing.maximumBits).contains(bits), count > 0 else {
      throw .corrupt(
        path: path,
        message:
          "the snapshot of \(date.iso) (id \(id)) has an invalid row count or bucket count")
    }

    let digest = KeyDigest(
      count: count, sum: UInt64(bitPattern: row.integer(at: 4)),
      mixedSum: UInt64(bitPattern: row.integer(at: 5)))
    var content: KeyDigest?
    if let rows = row.optionalInteger(at: 6) {
      content = KeyDigest(
        count: Int(rows), sum: UInt64(bitPattern: row.integer(at: 7)),
        mixedSum: UInt64(bitPattern: row.integer(at: 8)))
    }
    return LoadRecord(id: id, date: date, bucketBits: bits, digest: digest, content: content)
  }

  /// Returns the chunks of a snapshot, in bucket order, or only those of `buckets` when given.
  func storedChunks(
    of record: LoadRecord, buckets: [Int]? = nil
  ) throws(JournalError) -> [StoredChunk] {
    var chunks: [StoredChunk] = []
    guard let buckets else {
      let statement = try connection.prepare(
        """
        SELECT bucket, row_count, data FROM snapshot_chunks WHERE snapshot = ?1
        ORDER BY bucket
        """)
      try statement.bind([.integer(record.id)])
      while try statement.step() {
        chunks.append(decodeStoredChunk(statement))
      }
      return chunks
    }

    let statement = try connection.prepare(
      """
      SELECT bucket, row_count, data FROM snapshot_chunks WHERE snapshot = ?1 AND bucket = ?2
      """)
    for bucket in buckets {
      try statement.bind([.integer(record.id), .integer(Int64(bucket))])
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
    _ stored: StoredChunk, of record: LoadRecord, path: String
  ) throws(JournalError) -> SnapshotChunk {
    let chunk: SnapshotChunk
    do throws(PackedFormatError) {
      chunk = try SnapshotChunk(bytes: stored.bytes)
    } catch {
      throw damaged(record, bucket: stored.bucket, error, path: path)
    }
    guard chunk.rowCount == stored.rowCount else {
      let reason = "it contains \(chunk.rowCount) rows, not \(stored.rowCount)"
      throw damaged(record, bucket: stored.bucket, PackedFormatError(reason: reason), path: path)
    }

    return chunk
  }

  /// Returns the error for a chunk that cannot be read.
  static func damaged(
    _ record: LoadRecord, bucket: Int, _ error: PackedFormatError, path: String
  ) -> JournalError {
    .corrupt(
      path: path, message: "\(record.label) is damaged in chunk \(bucket): \(error.reason)")
  }

  /// Decodes every column of each chunk, on all cores. With `indexed`, each chunk also gets
  /// the index of its keys, and a key that repeats within a chunk is reported as damage.
  static func decodeChunks(
    _ stored: [StoredChunk], of record: LoadRecord, indexed: Bool = false, path: String
  ) throws(JournalError) -> [DecodedChunk] {
    let decoded = Parallel.map(stored.count) { index in
      Result { () throws(JournalError) -> DecodedChunk in
        let chunk = try parse(stored[index], of: record, path: path)
        let decoded: DecodedChunk
        do throws(PackedFormatError) {
          decoded = try chunk.decode(indexed: indexed)
        } catch {
          throw damaged(record, bucket: stored[index].bucket, error, path: path)
        }
        if let row = decoded.repeatedRow {
          let reason = "the key of row \(row) repeats"
          throw damaged(
            record, bucket: stored[index].bucket, PackedFormatError(reason: reason), path: path)
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

  /// Decodes every chunk of a snapshot, on all cores, into a table with an index of its keys.
  func table(of record: LoadRecord) throws(JournalError) -> SnapshotTable {
    let stored = try storedChunks(of: record)
    let total = stored.reduce(0) { $0 + $1.rowCount }
    guard total == record.digest.count else {
      throw .corrupt(
        path: path, message: "\(record.label) contains \(total) rows, not \(record.digest.count)")
    }
    for chunk in stored where chunk.bucket >= 1 << record.bucketBits {
      throw .corrupt(path: path, message: "\(record.label) has a chunk past its buckets")
    }

    let chunks = try SnapshotStore.decodeChunks(stored, of: record, indexed: true, path: path)
    return SnapshotTable(
      entry: record.entry, bucketBits: record.bucketBits, buckets: stored.map(\.bucket),
      chunks: chunks)
  }
}
