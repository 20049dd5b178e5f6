/// The counts `Journal.check(path:)` reports for a healthy journal.
public struct JournalSummary: Sendable, Hashable {
  public var path: String
  public var schemaVersion: Int
  public var actions: Int
  public var openActions: Int
  public var notes: Int
  /// The number of snapshots: one for each load kept, and one for each date of a journal
  /// written before snapshots were kept per load.
  public var snapshots: Int
  /// The number of snapshot rows over all dates.
  public var snapshotRows: Int

  public init(
    path: String, schemaVersion: Int, actions: Int, openActions: Int, notes: Int,
    snapshots: Int, snapshotRows: Int
  ) {
    self.path = path
    self.schemaVersion = schemaVersion
    self.actions = actions
    self.openActions = openActions
    self.notes = notes
    self.snapshots = snapshots
    self.snapshotRows = snapshotRows
  }
}

/// The state of a journal file, as `Journal.check(path:)` finds it.
public enum JournalCheck: Sendable, Equatable {
  /// No file at the path. Opening the journal for writing creates it.
  case missing(path: String)
  case ok(JournalSummary)
  /// An SQLite database that fails `PRAGMA quick_check`, or a snapshot chunk that fails
  /// its checksum or does not match its date. `message` is SQLite's report or names
  /// the damaged snapshot.
  case corrupt(path: String, message: String)
  /// A file that cannot be used for another reason: not an SQLite database, not a journal,
  /// a newer schema, no permission to read it, a folder that does not exist.
  case unusable(JournalError)
}

extension JournalCheck: CustomStringConvertible {
  /// One line for a healthy or missing journal, and otherwise the error and its hint.
  public var description: String {
    switch self {
    case .missing(let path):
      return "\(path): no journal yet, and opening it for writing creates it"
    case .ok(let summary):
      func counted(_ count: Int, _ noun: String) -> String {
        "\(count) \(noun)\(count == 1 ? "" : "s")"
      }
      return
        "\(summary.path): ok, schema version \(summary.schemaVersion), "
        + "\(counted(summary.actions, "action")) (\(summary.openActions) open), "
        + "\(counted(summary.notes, "note")), \(counted(summary.snapshots, "snapshot")) "
        + "(\(counted(summary.snapshotRows, "account row")))"
    case .corrupt(let path, let message):
      return JournalError.corrupt(path: path, message: message).description
    case .unusable(let error):
      return error.description
    }
  }
}

extension Journal {
  /// Reports the state of the journal at `path` without creating or changing it.
  ///
  /// The file is opened read-only, which may leave empty `-wal` and `-shm` files beside
  /// it, as SQLite needs them to read a WAL database. Besides SQLite's integrity check, every
  /// snapshot chunk is decoded and checked against its date.
  ///
  /// - Complexity: O(size of the file), for the integrity check and the snapshot chunks.
  public static func check(path: String) -> JournalCheck {
    guard FileSystem.exists(path) else {
      let folder = FileSystem.folder(of: path)
      guard folder.isEmpty || FileSystem.exists(folder) else {
        return .unusable(
          .cannotOpen(path: path, message: "its folder \(folder) does not exist"))
      }
      return .missing(path: path)
    }

    do throws(JournalError) {
      let (connection, version) = try connectAndInspect(
        path: path, access: .readOnly, supported: Schema.currentVersion)
      guard version > 0 else {
        return .ok(
          JournalSummary(
            path: path, schemaVersion: 0, actions: 0, openActions: 0, notes: 0, snapshots: 0,
            snapshotRows: 0))
      }

      if version == 2 { try Schema.readVersion2AsCurrent(connection) }
      func count(_ sql: String) throws(JournalError) -> Int {
        Int(try connection.integer(sql) ?? 0)
      }
      return try connection.readTransaction { () throws(JournalError) in
        let snapshots: Int
        let snapshotRows: Int
        if version == 1 {
          snapshots = try count("SELECT count(DISTINCT date) FROM snapshots")
          snapshotRows = try count("SELECT count(*) FROM snapshots")
        } else {
          snapshots = try count("SELECT count(*) FROM snapshots")
          snapshotRows = try SnapshotStore(connection: connection).verifyAll()
        }
        let summary = JournalSummary(
          path: path, schemaVersion: version,
          actions: try count("SELECT count(*) FROM actions"),
          openActions: try count("SELECT count(*) FROM actions WHERE status = 'open'"),
          notes: try count(
            version >= 4
              ? "SELECT count(*) FROM notes WHERE dropped_at_ms IS NULL"
              : "SELECT count(*) FROM notes"),
          snapshots: snapshots, snapshotRows: snapshotRows)
        return .ok(summary)
      }
    } catch {
      switch error {
      case .corrupt(let path, let message):
        return .corrupt(path: path, message: message)
      default:
        return .unusable(error)
      }
    }
  }
}
