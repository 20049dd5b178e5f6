/// A failure to open, read or write a journal. Every case names the journal file,
/// and `description` states what failed and what to do about it.
public enum JournalError: Error, Sendable, Equatable {
  /// SQLite could not open or create the file (a missing directory, a directory in
  /// place of the file, no permission).
  case cannotOpen(path: String, message: String)
  /// `Journal(path:access:)` with `.readOnly` on a file that does not exist.
  case notFound(path: String)
  /// The path names a folder, where the journal must be a file.
  case isFolder(path: String)
  /// The file exists but is not an SQLite database (SQLite's `SQLITE_NOTADB`).
  case notADatabase(path: String)
  /// The file is an SQLite database that failed `PRAGMA quick_check` or returned
  /// `SQLITE_CORRUPT`. `message` is SQLite's report.
  case corrupt(path: String, message: String)
  /// The file is an SQLite database of some other program.
  case notAJournal(path: String)
  /// The file was written by a newer `review` whose schema this one does not know.
  case newerSchema(path: String, version: Int, supported: Int)
  /// The file needs a schema upgrade, but it was opened read-only.
  case upgradeNeeded(path: String, version: Int, current: Int)
  /// A schema migration failed and was rolled back, so the file keeps `version`.
  case migrationFailed(path: String, version: Int, message: String)
  /// A write failed because the file, its directory or the connection is read-only.
  case readOnly(path: String)
  /// A WAL-mode journal's `-wal` file contains commits, and the `-shm` index needed to read
  /// them cannot be created or written by this process, because the folder or the index is
  /// read-only for it.
  case walUnreadable(path: String)
  /// Another process held the write lock for longer than the busy timeout.
  case busy(path: String)
  /// The disk or the file system quota is full.
  case diskFull(path: String)
  /// No action has this id.
  case actionNotFound(path: String, id: Int)
  /// No note that is not dropped has this id.
  case noteNotFound(path: String, id: Int)
  /// A value the journal does not store, such as empty action text, which `reason` names.
  case invalidValue(path: String, reason: String)
  /// Any other SQLite failure, with its extended result code and message.
  case sqlite(path: String, code: Int32, message: String)

  /// The journal file the error is about.
  public var path: String {
    switch self {
    case .cannotOpen(let path, _), .notFound(let path), .isFolder(let path),
      .notADatabase(let path),
      .corrupt(let path, _), .notAJournal(let path), .newerSchema(let path, _, _),
      .upgradeNeeded(let path, _, _), .migrationFailed(let path, _, _), .readOnly(let path),
      .walUnreadable(let path),
      .busy(let path), .diskFull(let path), .actionNotFound(let path, _),
      .noteNotFound(let path, _),
      .invalidValue(let path, _), .sqlite(let path, _, _):
      return path
    }
  }

  /// The failure, in one sentence without the path.
  public var message: String {
    switch self {
    case .cannotOpen(_, let message):
      return "cannot open the journal: \(message)"
    case .notFound:
      return "the journal file does not exist"
    case .isFolder:
      return "the journal path is a folder, not a file"
    case .notADatabase:
      return "the file is not an SQLite database, so it is not a journal"
    case .corrupt(_, let message):
      return "the journal is corrupt: \(message)"
    case .notAJournal:
      return "the file is an SQLite database of another program, not a review journal"
    case .newerSchema(_, let version, let supported):
      return
        "the journal has schema version \(version), but this review supports up to \(supported)"
    case .upgradeNeeded(_, let version, let current):
      return
        "the journal has schema version \(version) and needs version \(current), "
        + "but it was opened read-only"
    case .migrationFailed(_, let version, let message):
      return "upgrading the journal from schema version \(version) failed: \(message)"
    case .readOnly:
      return "cannot write to the journal because it is read-only"
    case .walUnreadable:
      return
        "the journal's -wal file contains changes, and the -shm index needed to read them cannot "
        + "be created or written, because the folder or the index is read-only for this user"
    case .busy:
      return "timed out waiting for another process to finish writing to the journal"
    case .diskFull:
      return "cannot write to the journal because the disk is full"
    case .actionNotFound(_, let id):
      return "action \(id) not found"
    case .noteNotFound(_, let id):
      return "note \(id) not found"
    case .invalidValue(_, let reason):
      return reason
    case .sqlite(_, let code, let message):
      return "SQLite error \(code): \(message)"
    }
  }

  /// The next step for the user.
  public var hint: String {
    switch self {
    case .cannotOpen:
      return "check that the directory exists and that you may write to it"
    case .notFound:
      return "check the path, or open the journal for writing to create it"
    case .isFolder(let path):
      return
        "name a file for the journal, such as \(path.hasSuffix("/") ? path : path + "/")journal.sqlite"
    case .notADatabase, .notAJournal:
      return "the file was left unchanged; move it away or choose another journal path"
    case .corrupt:
      return
        "the file was left unchanged; restore it from a backup, or move it away to start "
        + "a new journal"
    case .newerSchema:
      return "upgrade review, or choose another journal path"
    case .upgradeNeeded:
      return "open the journal for writing once to upgrade it"
    case .migrationFailed:
      return "the file was left unchanged; report this error with the journal's schema version"
    case .readOnly:
      return "make the file and its directory writable, or choose another journal path"
    case .walUnreadable:
      return
        "have the journal's owner open it once with review, which moves the changes into the "
        + "journal file, or copy the journal with its -wal file to a folder you can write to"
    case .busy:
      return "wait for the other review process to finish, then repeat the command"
    case .diskFull:
      return "free disk space, then repeat the command"
    case .actionNotFound:
      return "list the actions to see their ids"
    case .noteNotFound:
      return "list the notes to see their ids"
    case .invalidValue:
      return "correct the value and repeat the command"
    case .sqlite:
      return "repeat the command; if it fails again, check the file with `review --journal-check`"
    }
  }
}

extension JournalError: CustomStringConvertible {
  /// `path: error: message`, then the hint on a line of its own.
  public var description: String {
    "\(path): error: \(message)\n  hint: \(hint)"
  }
}
