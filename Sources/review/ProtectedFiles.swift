import ReviewInterpreter
import ReviewLanguage

/// The files that a redirect or `output FILE` must never replace: the data files loaded,
/// the journal with its SQLite side files, the REPL history, the saved segment definitions
/// and the scripts the session runs.
///
/// A target is matched by its resolved real path (so that `./`, `..`, symbolic links and
/// relative paths name the same file) and, for a file that exists, by device and inode, so
/// that a hard link is caught too. Paths are resolved when a file is opened, because the
/// history, the definitions and the journal's side files may appear during the session.
struct ProtectedFiles {
  enum Kind {
    case data
    case journal
    /// A file SQLite keeps beside the journal: `-wal`, `-shm` or `-journal`.
    case journalSideFile(journal: String)
    case history
    case segmentDefinitions
    /// A script that this session runs, or ran.
    case script
  }

  private var entries: [(path: String, kind: Kind)] = []

  /// The endings SQLite gives the files it keeps beside a database.
  static let journalSideFileSuffixes = ["-wal", "-shm", "-journal"]

  mutating func add(_ path: String, as kind: Kind) {
    entries.append((path, kind))
  }

  /// Adds the journal and the side files SQLite keeps beside it, under the journal's path
  /// as given and under its real path, since either may name them.
  mutating func addJournal(_ path: String) {
    add(path, as: .journal)
    var bases = [path]
    if let real = Platform.realPath(path), real != path { bases.append(real) }
    for base in bases {
      for suffix in ProtectedFiles.journalSideFileSuffixes {
        add(base + suffix, as: .journalSideFile(journal: path))
      }
    }
  }

  /// Throws when `target` is one of the protected files, naming which file it is.
  func check(_ target: Located<String>) throws(CommandError) {
    let resolvedTarget = Platform.resolvedPath(target.value)
    let targetIdentity = Platform.fileIdentity(target.value)
    for entry in entries {
      let samePath = resolvedTarget != nil && Platform.resolvedPath(entry.path) == resolvedTarget
      let sameFile =
        targetIdentity != nil && Platform.fileIdentity(entry.path) == targetIdentity
      guard samePath || sameFile else { continue }

      throw CommandError(
        ProtectedFiles.message(for: target.value, kind: entry.kind), at: target.range,
        hint: "write the result to another file")
    }
  }

  private static func message(for name: String, kind: Kind) -> String {
    switch kind {
    case .data:
      return "\(name) is a data file loaded in this session; it is not overwritten"
    case .journal:
      return
        "\(name) is this session's journal, which keeps its notes, actions and snapshots; it is not overwritten"
    case .journalSideFile(let journal):
      return
        "\(name) is a file SQLite keeps beside this session's journal \(journal); it is not overwritten"
    case .history:
      return "\(name) is the REPL's command history; it is not overwritten"
    case .segmentDefinitions:
      return "\(name) keeps the segments saved with define; it is not overwritten"
    case .script:
      return "\(name) is a script this session runs; it is not overwritten"
    }
  }
}
