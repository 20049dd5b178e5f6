import ReviewBook

/// One step of the schema: SQL, then optionally Swift code for what SQL cannot do, run in
/// the same transaction.
struct Migration: Sendable {
  let sql: String
  let transform: (@Sendable (Connection) throws(JournalError) -> Void)?

  init(sql: String, transform: (@Sendable (Connection) throws(JournalError) -> Void)? = nil) {
    self.sql = sql
    self.transform = transform
  }
}

/// The journal's tables, built by migrations that run in order. Migration `n` (1-based)
/// takes a file from schema version `n - 1` to `n`, and `PRAGMA user_version` stores the
/// version reached. A later version adds a migration at the end and never edits one that
/// has shipped. The cache table `snapshot_sources` (see `SnapshotStore.sourcesTable`) is
/// made outside the migrations, so a migration must not assume that it is missing.
///
/// Dates are day numbers (days since 1970-01-01, as in `Day`), so
/// `date(due * 86400, 'unixepoch')` shows one as text in the sqlite3 shell.
enum Schema {
  /// The `PRAGMA application_id` of every journal, "RVWJ" in ASCII, which distinguishes a
  /// journal from other SQLite files.
  static let applicationID: Int32 = 0x5256_574A

  static let migrations = [version1, version2, version3, version4]

  static var currentVersion: Int { migrations.count }

  /// Actions, notes and snapshots. STRICT tables reject a value of the wrong type, and
  /// they need SQLite 3.37 or later.
  static let version1 = Migration(
    sql: """
      CREATE TABLE actions (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        text TEXT NOT NULL,
        account_key TEXT,
        account_name TEXT,
        owner TEXT NOT NULL,
        due INTEGER,
        status TEXT NOT NULL CHECK (status IN ('open', 'done', 'dropped')),
        created INTEGER NOT NULL,
        closed INTEGER,
        book TEXT NOT NULL,
        added_in_review TEXT NOT NULL,
        closed_in_review TEXT,
        CHECK ((account_key IS NULL) = (account_name IS NULL)),
        CHECK ((status = 'open') = (closed IS NULL))
      ) STRICT;
      CREATE INDEX actions_by_account ON actions (account_key);

      CREATE TABLE notes (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        account_key TEXT NOT NULL,
        account_name TEXT NOT NULL,
        text TEXT NOT NULL,
        created INTEGER NOT NULL,
        created_at_ms INTEGER NOT NULL,
        review TEXT NOT NULL
      ) STRICT;
      CREATE INDEX notes_by_account ON notes (account_key, id);

      CREATE TABLE snapshots (
        date INTEGER NOT NULL,
        account_key TEXT NOT NULL,
        account_name TEXT NOT NULL,
        health REAL,
        status TEXT,
        arr_cents INTEGER,
        renewal_date INTEGER,
        PRIMARY KEY (date, account_key)
      ) STRICT, WITHOUT ROWID;
      CREATE INDEX snapshots_by_account ON snapshots (account_key, date);
      """)

  /// Snapshots packed many accounts to a row: `snapshot_dates` stores each date's row count,
  /// bucket bits and key digest, and `snapshot_chunks` one `SnapshotChunk` per date and
  /// bucket. The rows of version 1's `snapshots` table move into chunks, and the table goes.
  static let version2 = Migration(
    sql: """
      CREATE TABLE snapshot_dates (
        date INTEGER PRIMARY KEY,
        bucket_bits INTEGER NOT NULL CHECK (bucket_bits BETWEEN 0 AND 20),
        row_count INTEGER NOT NULL CHECK (row_count > 0),
        key_sum INTEGER NOT NULL,
        key_mixed_sum INTEGER NOT NULL
      ) STRICT;

      CREATE TABLE snapshot_chunks (
        date INTEGER NOT NULL REFERENCES snapshot_dates (date),
        bucket INTEGER NOT NULL CHECK (bucket >= 0),
        row_count INTEGER NOT NULL CHECK (row_count > 0),
        data BLOB NOT NULL,
        PRIMARY KEY (date, bucket)
      ) STRICT;
      """,
    transform: moveVersion1Snapshots)

  /// Packs the rows of the version 1 `snapshots` table into version 2's chunks, one date at
  /// a time, and drops the table.
  ///
  /// NOTE: This reads every version 1 row through SQLite and packs it again: about 2 s per
  /// million rows in a release build on two cores, once, on the first open for writing.
  private static func moveVersion1Snapshots(_ connection: Connection) throws(JournalError) {
    let select = try connection.prepare(
      """
      SELECT date, account_key, account_name, health, status, arr_cents, renewal_date
      FROM snapshots ORDER BY date, account_key
      """)
    var date: Day?
    var rows = SnapshotBatch.Builder(capacity: 0)
    while try select.step() {
      let rowDate = select.day(at: 0)
      if let date, date != rowDate {
        try writeVersion2Date(date, KeyedRows(rows.finish()), connection)
        rows = SnapshotBatch.Builder(capacity: 0)
      }
      date = rowDate
      rows.append(
        SnapshotRow(
          accountKey: select.text(at: 1), accountName: select.text(at: 2),
          health: select.optionalReal(at: 3), status: select.optionalText(at: 4),
          arrCents: select.optionalInteger(at: 5), renewalDate: select.optionalDay(at: 6)))
    }
    if let date {
      try writeVersion2Date(date, KeyedRows(rows.finish()), connection)
    }
    try connection.execute("DROP TABLE snapshots")
  }

  /// Writes the rows of one date as schema version 2 stores them: a row of `snapshot_dates`
  /// and a chunk per bucket in `snapshot_chunks`. The primary key of version 1 makes each
  /// date's keys distinct, so no row is left out.
  private static func writeVersion2Date(
    _ date: Day, _ rows: KeyedRows, _ connection: Connection
  ) throws(JournalError) {
    let bits = rows.bits
    let digest = rows.digest
    let insertDate = try connection.prepare(
      """
      INSERT INTO snapshot_dates (date, bucket_bits, row_count, key_sum, key_mixed_sum)
      VALUES (?1, ?2, ?3, ?4, ?5)
      """)
    try insertDate.run([
      .day(date), .integer(Int64(bits)), .integer(Int64(digest.count)),
      .integer(Int64(bitPattern: digest.sum)), .integer(Int64(bitPattern: digest.mixedSum)),
    ])
    let insertChunk = try connection.prepare(
      "INSERT INTO snapshot_chunks (date, bucket, row_count, data) VALUES (?1, ?2, ?3, ?4)")
    try SnapshotStore.encodeBuckets(rows, bits: bits, skippingRepeats: false) {
      (chunks) throws(JournalError) in
      for chunk in chunks {
        try insertChunk.run([
          .day(date), .integer(Int64(chunk.bucket)), .integer(Int64(chunk.rowCount)),
          .blob(chunk.bytes),
        ])
      }
    }
  }

  /// One snapshot per load: `snapshots` stores each load's date, row count, bucket bits, key
  /// digest and content digest under an id that grows with every load, and `snapshot_chunks`
  /// one `SnapshotChunk` per snapshot and bucket. Each date of version 2, which merged the
  /// loads of its day, becomes one snapshot without a content digest. The chunks are copied
  /// as they are.
  ///
  /// NOTE: Copying the chunks rewrites every snapshot page once, on the first open for
  /// writing. An estimate, not measured, is a few seconds for ten dates of a million accounts.
  static let version3 = Migration(
    sql: """
      CREATE TABLE snapshots (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        date INTEGER NOT NULL,
        bucket_bits INTEGER NOT NULL CHECK (bucket_bits BETWEEN 0 AND 20),
        row_count INTEGER NOT NULL CHECK (row_count > 0),
        key_sum INTEGER NOT NULL,
        key_mixed_sum INTEGER NOT NULL,
        content_rows INTEGER,
        content_sum INTEGER,
        content_mixed_sum INTEGER,
        CHECK ((content_rows IS NULL) = (content_sum IS NULL)
          AND (content_sum IS NULL) = (content_mixed_sum IS NULL))
      ) STRICT;
      CREATE INDEX snapshots_by_date ON snapshots (date, id);

      CREATE TABLE snapshot_load_chunks (
        snapshot INTEGER NOT NULL REFERENCES snapshots (id),
        bucket INTEGER NOT NULL CHECK (bucket >= 0),
        row_count INTEGER NOT NULL CHECK (row_count > 0),
        data BLOB NOT NULL,
        PRIMARY KEY (snapshot, bucket)
      ) STRICT;

      INSERT INTO snapshots (date, bucket_bits, row_count, key_sum, key_mixed_sum)
      SELECT date, bucket_bits, row_count, key_sum, key_mixed_sum
      FROM snapshot_dates ORDER BY date;

      INSERT INTO snapshot_load_chunks (snapshot, bucket, row_count, data)
      SELECT snapshots.id, snapshot_chunks.bucket, snapshot_chunks.row_count,
        snapshot_chunks.data
      FROM snapshot_chunks JOIN snapshots ON snapshots.date = snapshot_chunks.date
      ORDER BY snapshots.id, snapshot_chunks.bucket;

      DROP TABLE snapshot_chunks;
      DROP TABLE snapshot_dates;
      ALTER TABLE snapshot_load_chunks RENAME TO snapshot_chunks;
      """)

  /// Notes that can be dropped: a dropped note keeps its row, with the time it was dropped,
  /// and lists, minutes and counts leave it out.
  static let version4 = Migration(
    sql: """
      ALTER TABLE notes ADD COLUMN dropped_at_ms INTEGER;
      """)

  /// Shows the notes of a schema version 2 or 3 file as version 4 stores them, none dropped,
  /// through a temporary view of this connection alone, which a read-only connection needs.
  static func readVersion3NotesAsCurrent(_ connection: Connection) throws(JournalError) {
    try connection.execute(
      """
      CREATE TEMP VIEW notes AS
      SELECT id, account_key, account_name, text, created, created_at_ms, review,
        NULL AS dropped_at_ms
      FROM main.notes;
      """)
  }

  /// Shows the snapshot tables of a schema version 2 file as version 3 names them, through
  /// temporary views of this connection alone, so that a read-only connection can read a
  /// file it cannot migrate. Each date becomes one snapshot whose id is its day number.
  static func readVersion2AsCurrent(_ connection: Connection) throws(JournalError) {
    try connection.execute(
      """
      CREATE TEMP VIEW snapshots AS
      SELECT date AS id, date, bucket_bits, row_count, key_sum, key_mixed_sum,
        NULL AS content_rows, NULL AS content_sum, NULL AS content_mixed_sum
      FROM main.snapshot_dates;
      CREATE TEMP VIEW snapshot_chunks AS
      SELECT date AS snapshot, bucket, row_count, data FROM main.snapshot_chunks;
      """)
  }

  /// Checks that the file is a healthy journal this code can read, and returns its schema
  /// version. It only reads, so a file that fails a check is left as it was.
  ///
  /// - Complexity: O(size of the file), because `PRAGMA quick_check` reads every page.
  static func inspect(_ connection: Connection, supported: Int) throws(JournalError) -> Int {
    // One read transaction, so that another process creating the file cannot commit
    // between the reads and show a count from before its migration and a version from after.
    let (objectCount, applicationID, version) = try connection.readTransaction {
      () throws(JournalError) in
      // The first read of the file returns SQLITE_NOTADB for a file that is not a database.
      let objectCount = try connection.integer("SELECT count(*) FROM sqlite_schema") ?? 0
      try quickCheck(connection)
      let applicationID = try connection.integer("PRAGMA application_id") ?? 0
      let version = Int(try connection.integer("PRAGMA user_version") ?? 0)
      return (objectCount, applicationID, version)
    }
    let isNewFile = applicationID == 0 && version == 0 && objectCount == 0
    guard applicationID == Int64(Schema.applicationID) || isNewFile else {
      throw .notAJournal(path: connection.path)
    }
    guard version <= supported else {
      throw .newerSchema(path: connection.path, version: version, supported: supported)
    }

    return version
  }

  /// Applies the migrations the file lacks, all in one transaction, so that a failure
  /// leaves the file at the version it had.
  static func migrate(_ connection: Connection, migrations: [Migration]) throws(JournalError) {
    try connection.writeTransaction { () throws(JournalError) in
      // Another process may have migrated the file since `inspect` read its version.
      let version = Int(try connection.integer("PRAGMA user_version") ?? 0)
      guard version < migrations.count else { return }

      for (offset, migration) in migrations.enumerated().dropFirst(version) {
        do throws(JournalError) {
          try connection.execute(migration.sql)
          try migration.transform?(connection)
        } catch {
          switch error {
          case .readOnly, .busy, .diskFull:
            throw error
          default:
            throw .migrationFailed(path: connection.path, version: version, message: error.message)
          }
        }
        try connection.execute("PRAGMA user_version = \(offset + 1)")
      }
      try connection.execute("PRAGMA application_id = \(Schema.applicationID)")
    }
  }

  /// Throws `.corrupt` with SQLite's findings unless `PRAGMA quick_check` reports `ok`.
  private static func quickCheck(_ connection: Connection) throws(JournalError) {
    let statement = try connection.prepare("PRAGMA quick_check(10)")
    var findings: [String] = []
    while try statement.step() {
      findings.append(statement.text(at: 0))
    }
    guard findings != ["ok"] else { return }

    throw .corrupt(path: connection.path, message: findings.joined(separator: "; "))
  }
}
