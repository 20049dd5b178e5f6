import CSQLite

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The SQLite file of what outlives a session: actions, notes and a snapshot of every
/// account each time a book is loaded.
///
/// Every write method runs in its own transaction and returns only after SQLite's `COMMIT`
/// has returned, and the journal keeps no rows of its own in memory. In WAL mode a commit
/// has written its pages to the `-wal` file with `write(2)` before it returns, so a process
/// killed right after a call (even with SIGKILL) loses nothing: the written pages are in
/// the kernel's page cache, and the next connection replays the WAL. `synchronous = FULL` also
/// syncs the WAL to disk at every commit, so a committed write survives a power loss or an
/// operating system crash as well. `NORMAL` would survive a killed process too, but not a
/// power loss, and a command commits at most a few times, so the extra sync costs little.
///
/// Several connections, in one process or in several, may use one file. Each write takes
/// the write lock at its start and waits up to `busyTimeoutMilliseconds` for another
/// writer, so no write is lost or silently skipped: it either commits or throws `.busy`.
///
/// A `Journal` is one connection and is not `Sendable`, so each thread opens its own.
public final class Journal {
  /// Whether a journal may be written.
  public enum Access: Sendable {
    /// Reads and writes, creating the file if it does not exist.
    case readWrite
    /// Reads only (`SQLITE_OPEN_READONLY`), and every write throws `.readOnly`.
    case readOnly
  }

  /// The journal file.
  public let path: String
  /// The file's `PRAGMA user_version` after any migration.
  public let schemaVersion: Int
  let connection: Connection

  /// The schema version this code creates and reads.
  public static var currentSchemaVersion: Int { Schema.currentVersion }

  /// How long a write waits for another connection to release the write lock. It is
  /// longer than a snapshot of a large book takes to write, which holds the lock longest.
  static let busyTimeoutMilliseconds: Int32 = 10_000

  /// Opens the journal at `path`, or creates it when `access` is `.readWrite`.
  ///
  /// Opening checks the file with `PRAGMA quick_check`. A file that fails the check or is not
  /// a journal is never written to, and the call throws `.notADatabase`, `.corrupt`,
  /// `.notAJournal` or `.newerSchema`. Missing schema versions are added by migrations in
  /// one transaction. A file that cannot be written is not migrated: one of schema version 2
  /// is read as it is, and an older one throws `.upgradeNeeded`.
  ///
  /// - Complexity: O(size of the file), for the integrity check.
  public convenience init(path: String, access: Access = .readWrite) throws(JournalError) {
    try self.init(path: path, access: access, migrations: Schema.migrations)
  }

  /// Opens the journal with a given list of migrations, so that tests can play a newer
  /// or older version of the schema.
  init(path: String, access: Access, migrations: [Migration]) throws(JournalError) {
    let (connection, inspected) = try Journal.connectAndInspect(
      path: path, access: access, supported: migrations.count)
    var version = inspected
    try Journal.configure(connection, access: access)

    if version < migrations.count && connection.isReadOnly {
      // A version 2 or 3 file is read through views of its tables, since it cannot be
      // migrated.
      guard version == 2 || version == 3, migrations.count == Schema.currentVersion else {
        throw .upgradeNeeded(path: path, version: version, current: migrations.count)
      }

      if version == 2 { try Schema.readVersion2AsCurrent(connection) }
      try Schema.readVersion3NotesAsCurrent(connection)
    } else if version < migrations.count {
      try Schema.migrate(connection, migrations: migrations)
      version = Int(try connection.integer("PRAGMA user_version") ?? 0)
    }

    self.path = path
    self.connection = connection
    self.schemaVersion = version
  }

  private init(path: String, connection: Connection, schemaVersion: Int) {
    self.path = path
    self.connection = connection
    self.schemaVersion = schemaVersion
  }

  /// Opens the journal at `path` for reading and writing, as `init(path:)` does, when the
  /// file already is a journal of the current schema. Returns nil when opening it would
  /// change the file: create it, set up an empty one, or migrate an older schema. A caller
  /// can so check a journal before the session is sure to use it.
  ///
  /// - Complexity: O(size of the file), for the integrity check.
  public static func openIfCurrent(path: String) throws(JournalError) -> Journal? {
    guard FileSystem.exists(path) else { return nil }
    let (connection, version) = try connectAndInspect(
      path: path, access: .readWrite, supported: Schema.currentVersion)
    guard version == Schema.currentVersion else { return nil }
    try configure(connection, access: .readWrite)
    return Journal(path: path, connection: connection, schemaVersion: version)
  }

  /// True when writes will fail with `.readOnly`: the journal was opened `.readOnly`, or
  /// the file is write-protected for this process.
  public var isReadOnly: Bool {
    connection.isReadOnly
  }

  /// Opens the connection and sets the busy timeout. The file is not read yet.
  static func connect(path: String, access: Access) throws(JournalError) -> Connection {
    guard !FileSystem.isFolder(path) else { throw .isFolder(path: path) }
    let flags: Int32
    switch access {
    case .readWrite:
      flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE
    case .readOnly:
      guard FileSystem.exists(path) else { throw .notFound(path: path) }

      flags = SQLITE_OPEN_READONLY
    }

    let connection = try Connection(path: path, flags: flags)
    sqlite3_busy_timeout(connection.handle, busyTimeoutMilliseconds)
    return connection
  }

  /// Opens the connection and checks the file with `Schema.inspect`, returning its schema
  /// version. A file that this process cannot change is opened by `connectUnchanging` when
  /// that is safe.
  static func connectAndInspect(
    path: String, access: Access, supported: Int
  ) throws(JournalError) -> (Connection, Int) {
    guard !FileSystem.isFolder(path) else { throw .isFolder(path: path) }
    if let unchanging = try connectUnchanging(path) {
      return (unchanging, try Schema.inspect(unchanging, supported: supported))
    }

    let connection = try connect(path: path, access: access)
    do {
      return (connection, try Schema.inspect(connection, supported: supported))
    } catch {
      // Reading a file in WAL mode needs its `-shm` index, which SQLite fails to create or
      // to write in a folder or beside an index that this process cannot write.
      switch error {
      case .cannotOpen, .readOnly:
        guard isUnchangeable(path) else { throw error }
        throw .walUnreadable(path: path)
      default:
        throw error
      }
    }
  }

  /// Whether the journal at `path` exists and this process cannot write to it or to its
  /// folder, as for a file of another user or one on a read-only mount.
  private static func isUnchangeable(_ path: String) -> Bool {
    FileSystem.exists(path)
      && (!FileSystem.isWritable(path) || !FileSystem.isWritable(folder(of: path)))
  }

  /// Opens a journal that this process cannot change (see `isUnchangeable`) without the
  /// `-wal` and `-shm` files of WAL mode, or returns nil when that cannot be done safely or
  /// the journal can be changed.
  ///
  /// Reading a file in WAL mode creates its `-shm` index, and a `-wal` file, when they are
  /// missing. SQLite cannot create them in a folder that cannot be written. In a folder that
  /// can, they would belong to this process's user, and a journal's owner could then no
  /// longer write to it. When no `-wal` file with changes lies beside the journal, every
  /// commit is in the file itself, so it is opened `immutable`: read-only, without the index
  /// or any locks. A process that writes to the file later is then not seen by this
  /// connection. A `-wal` file that contains changes is read through its index, as SQLite
  /// does, because ignoring it would lose them.
  static func connectUnchanging(_ path: String) throws(JournalError) -> Connection? {
    guard isUnchangeable(path), (FileSystem.size(ofFile: path + "-wal") ?? 0) == 0 else {
      return nil
    }

    let escaped = FileSystem.uriEscaped(path)
    let connection = try Connection(
      path: "file:\(escaped)?immutable=1", flags: SQLITE_OPEN_READONLY | SQLITE_OPEN_URI,
      reportedPath: path)
    sqlite3_busy_timeout(connection.handle, busyTimeoutMilliseconds)
    return connection
  }

  /// The folder of the file at `path`.
  private static func folder(of path: String) -> String {
    let folder = FileSystem.folder(of: path)
    return folder.isEmpty ? "." : folder
  }

  /// Sets the connection's pragmas. It runs after `Schema.inspect`, because switching a
  /// file to WAL writes its header.
  private static func configure(_ connection: Connection, access: Access) throws(JournalError) {
    try connection.execute("PRAGMA foreign_keys = ON")
    try connection.execute("PRAGMA synchronous = FULL")
    guard access == .readWrite, !connection.isReadOnly else { return }

    // The mode is stored in the file, so this writes only on the file's first open. The
    // mode returned is not checked: where SQLite cannot use WAL it keeps the rollback
    // journal, which also commits durably and takes the same write lock, though readers
    // then wait for writers.
    //
    // Switching needs the file to itself. While another connection reads, as when two
    // processes open a new file together, SQLite fails at once instead of calling the busy
    // handler, so the switch is retried here for as long as the busy timeout.
    let deadline = ContinuousClock.now + .milliseconds(Int(busyTimeoutMilliseconds))
    while true {
      do throws(JournalError) {
        try connection.execute("PRAGMA journal_mode = WAL")
        return
      } catch {
        guard case .busy = error, ContinuousClock.now < deadline else { throw error }
        var pause = timespec(tv_sec: 0, tv_nsec: 5_000_000)
        nanosleep(&pause, nil)
      }
    }
  }
}
