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
/// has shipped.
///
/// Dates are day numbers (days since 1970-01-01, as in `Day`), so
/// `date(due * 86400, 'unixepoch')` shows one as text in the sqlite3 shell.
enum Schema {
  /// The `PRAGMA application_id` of every journal, "RVWJ" in ASCII, which distinguishes a
  /// journal from other SQLite files.
  static let applicationID: Int32 = 0x5256_574A

  static let migrations = [version1, version2]

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

  /// Packs the rows of the version 1 `snapshots` table into chunks, one date at a time,
  /// and drops the table.
  ///
  /// NOTE: This reads every version 1 row through SQLite and packs it again: about 2 s per
  /// million rows in a release build on two cores, once, on the first open for writing.
  private static func moveVersion1Snapshots(_ connection: Connection) throws(JournalError) {
    let select = try connection.prepare(
      """
      SELECT date, account_key, account_name, health, status, arr_cents, renewal_date
      FROM snapshots ORDER BY date, account_key
      """)
    let store = SnapshotStore(connection: connection)
    var date: Day?
    var rows = SnapshotBatch.Builder(capacity: 0)
    while try select.step() {
      let rowDate = select.day(at: 0)
      if let date, date != rowDate {
        _ = try store.merge(KeyedRows(rows.finish()), on: date)
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
      _ = try store.merge(KeyedRows(rows.finish()), on: date)
    }
    try connection.execute("DROP TABLE snapshots")
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
