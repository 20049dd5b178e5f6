import ReviewBook

extension SnapshotStore {
  /// The files each snapshot was read from, as the loader's fingerprint of them, so that a
  /// later load of the same files on the date finds its snapshot without hashing its rows.
  ///
  /// The table is a cache outside the versioned schema: it is made by the first write that
  /// needs it, a journal without it works as before, and a release that does not know it
  /// leaves it alone. A row that names a snapshot since replaced matches nothing.
  static let sourcesTable = """
    CREATE TABLE IF NOT EXISTS snapshot_sources (
      source TEXT NOT NULL,
      snapshot INTEGER NOT NULL,
      PRIMARY KEY (source, snapshot)
    ) STRICT, WITHOUT ROWID
    """

  /// Returns the ids of the snapshots read from the files that `source` fingerprints, or
  /// none when the journal has no such record.
  func snapshots(readFrom source: String) throws(JournalError) -> Set<Int64> {
    let tables = try connection.integer(
      "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = 'snapshot_sources'")
    guard let tables, tables > 0 else { return [] }

    let statement = try connection.prepare(
      "SELECT snapshot FROM snapshot_sources WHERE source = ?1")
    try statement.bind([.text(source)])
    var ids = Set<Int64>()
    while try statement.step() {
      ids.insert(statement.integer(at: 0))
    }
    return ids
  }

  /// Records that snapshot `id` of `date` was read from the files that `source`
  /// fingerprints, and deletes the rows of snapshots that are gone or older than `date`.
  func remember(source: String, of id: Int64, on date: Day) throws(JournalError) {
    try connection.execute(SnapshotStore.sourcesTable)
    let forget = try connection.prepare(
      """
      DELETE FROM snapshot_sources
      WHERE snapshot NOT IN (SELECT id FROM snapshots WHERE date >= ?1)
      """)
    try forget.run([.day(date)])
    let insert = try connection.prepare(
      "INSERT OR IGNORE INTO snapshot_sources (source, snapshot) VALUES (?1, ?2)")
    try insert.run([.text(source), .integer(id)])
  }
}
