import CSQLite
import Glibc

/// One SQLite connection. It maps SQLite's result codes to `JournalError` for its path
/// and closes the database when released.
final class Connection {
  let path: String
  let handle: OpaquePointer

  /// Opens `path` with `sqlite3_open_v2` flags such as `SQLITE_OPEN_READWRITE`. With
  /// `SQLITE_OPEN_URI`, `path` may be a URI, and errors then name `reportedPath`.
  init(path: String, flags: Int32, reportedPath: String? = nil) throws(JournalError) {
    let reportedPath = reportedPath ?? path
    var handle: OpaquePointer?
    let code = sqlite3_open_v2(path, &handle, flags, nil)
    guard code == SQLITE_OK, let handle else {
      let message = handle.map { String(cString: sqlite3_errmsg($0)) } ?? "out of memory"
      sqlite3_close_v2(handle)
      throw Connection.error(path: reportedPath, code: code, message: message)
    }

    self.path = reportedPath
    self.handle = handle
    sqlite3_extended_result_codes(handle, 1)
  }

  deinit {
    // `_v2` defers the close until every statement is finalized, so the order in which
    // statements and the connection are released does not matter.
    sqlite3_close_v2(handle)
  }

  /// True when SQLite opened the file read-only, either because it was asked to or
  /// because the file is write-protected.
  var isReadOnly: Bool {
    sqlite3_db_readonly(handle, "main") == 1
  }

  /// Runs one or more statements that return no rows.
  func execute(_ sql: String) throws(JournalError) {
    var errorMessage: UnsafeMutablePointer<CChar>?
    let code = sqlite3_exec(handle, sql, nil, nil, &errorMessage)
    guard code != SQLITE_OK else { return }

    let message = errorMessage.map { String(cString: $0) } ?? String(cString: sqlite3_errstr(code))
    sqlite3_free(errorMessage)
    throw Connection.error(
      path: path, code: code, message: message, systemError: sqlite3_system_errno(handle))
  }

  /// The rowid of the row the connection inserted last.
  var lastInsertedRowID: Int64 {
    sqlite3_last_insert_rowid(handle)
  }

  /// The number of rows the connection's last INSERT, UPDATE or DELETE changed.
  var changedRowCount: Int {
    Int(sqlite3_changes64(handle))
  }

  func prepare(_ sql: String) throws(JournalError) -> Statement {
    try Statement(connection: self, sql: sql)
  }

  /// Returns the integer in the first column of the first row of `sql`, or nil for no row or
  /// NULL.
  func integer(_ sql: String) throws(JournalError) -> Int64? {
    let statement = try prepare(sql)
    guard try statement.step() else { return nil }

    return statement.optionalInteger(at: 0)
  }

  /// Runs `body` in a write transaction and commits it before returning.
  ///
  /// `BEGIN IMMEDIATE` takes the write lock at the start, waiting up to the busy timeout
  /// for another connection to release it. A deferred transaction would instead fail
  /// with `SQLITE_BUSY` without waiting when it upgrades from reading to writing while
  /// another connection writes. If `body` or the commit fails, the transaction is rolled
  /// back and nothing of it stays in the file.
  func writeTransaction<T>(_ body: () throws(JournalError) -> T) throws(JournalError) -> T {
    // A read-only connection may show an older file's tables through views, whose writes
    // would fail with a message about the views rather than the file.
    if isReadOnly { throw .readOnly(path: path) }
    try execute("BEGIN IMMEDIATE")
    do throws(JournalError) {
      let result = try body()
      try execute("COMMIT")
      return result
    } catch {
      if sqlite3_get_autocommit(handle) == 0 {
        sqlite3_exec(handle, "ROLLBACK", nil, nil, nil)
      }
      throw error
    }
  }

  /// Runs `body` with SQLite's automatic checkpoint turned off when `condition` is true, for
  /// a write transaction that adds many pages to the WAL.
  ///
  /// A commit that leaves the WAL longer than 1000 pages would otherwise copy it into the
  /// database file and sync that too before returning, which doubles the time of a large
  /// write. The commit is durable without it, and the pages are copied later: by the next
  /// commit of a write on any connection, or when the last connection closes. Small writes
  /// keep the checkpoint, because a WAL that is never reset grows at every commit, and
  /// syncing a file whose size changed costs the file system a journal commit each time.
  func withoutAutomaticCheckpoint<T>(
    if condition: Bool, _ body: () throws(JournalError) -> T
  ) throws(JournalError) -> T {
    guard condition else { return try body() }

    sqlite3_wal_autocheckpoint(handle, 0)
    defer { sqlite3_wal_autocheckpoint(handle, Connection.automaticCheckpointPages) }
    return try body()
  }

  /// SQLite's default `PRAGMA wal_autocheckpoint`.
  static let automaticCheckpointPages: Int32 = 1000

  /// Runs `body` in a read transaction, so that all its statements see the file as one
  /// commit left it. Inside a transaction that is already open, `body` just runs in it.
  func readTransaction<T>(_ body: () throws(JournalError) -> T) throws(JournalError) -> T {
    guard sqlite3_get_autocommit(handle) != 0 else { return try body() }

    try execute("BEGIN")
    do throws(JournalError) {
      let result = try body()
      try execute("COMMIT")
      return result
    } catch {
      if sqlite3_get_autocommit(handle) == 0 {
        sqlite3_exec(handle, "ROLLBACK", nil, nil, nil)
      }
      throw error
    }
  }

  /// Returns the error for the connection's last failure.
  func lastError(code: Int32) -> JournalError {
    Connection.error(
      path: path, code: code, message: String(cString: sqlite3_errmsg(handle)),
      systemError: sqlite3_system_errno(handle))
  }

  /// Maps an SQLite result code to the journal error a user can act on. `systemError` is
  /// the `errno` of the failed file operation, which tells a full disk from other I/O errors.
  static func error(
    path: String, code: Int32, message: String, systemError: Int32 = 0
  ) -> JournalError {
    // SQLite reports a file it cannot grow as an I/O error: growing the shared-memory file
    // fails with SHMSIZE, and writing the database or its WAL fails with errno ENOSPC.
    // The C macro for SHMSIZE is an expression, which Swift does not import.
    let shmSizeError = SQLITE_IOERR | (19 << 8)
    if code & 0xFF == SQLITE_IOERR && (systemError == ENOSPC || code == shmSizeError) {
      return .diskFull(path: path)
    }
    switch code & 0xFF {
    case SQLITE_NOTADB: return .notADatabase(path: path)
    case SQLITE_CORRUPT: return .corrupt(path: path, message: message)
    case SQLITE_READONLY: return .readOnly(path: path)
    case SQLITE_BUSY, SQLITE_LOCKED: return .busy(path: path)
    case SQLITE_FULL: return .diskFull(path: path)
    case SQLITE_CANTOPEN, SQLITE_PERM, SQLITE_AUTH:
      // SQLite reports only that it cannot open the file, and a missing folder is the
      // usual cause.
      let folder = FileSystem.folder(of: path)
      if !FileSystem.exists(path), !folder.isEmpty, !FileSystem.exists(folder) {
        return .cannotOpen(path: path, message: "its folder \(folder) does not exist")
      }
      return .cannotOpen(path: path, message: message)
    default: return .sqlite(path: path, code: code, message: message)
    }
  }
}
