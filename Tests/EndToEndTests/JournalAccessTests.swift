import Foundation
import Testing

/// A journal that the user running review cannot write: its notes and actions are listed,
/// the warnings state only what is true about the day's snapshot, and review leaves no file
/// of its own beside the journal. The root user writes through file permissions, so when the tests run
/// as root, review runs as `nobody` through `runuser`.
@Suite(
  "Journal that cannot be written",
  .enabled(
    if: geteuid() != 0 || FileManager.default.isExecutableFile(atPath: "/usr/sbin/runuser"),
    "root writes through file permissions, and runuser is missing"))
struct JournalAccessTests {
  static let readOnlyWarning =
    ": warning: the journal or its folder is read-only, so notes and actions can be listed, but today's snapshot and new notes and actions are not saved; make both writable to keep them\n"

  /// Runs review with `arguments` as a user other than root.
  static func runAsOtherUser(_ arguments: [String]) throws -> ReviewProcess.Outcome {
    let quoted = arguments.map { "'" + $0.replacingOccurrences(of: "'", with: "'\\''") + "'" }
    let user = geteuid() == 0 ? "runuser -u nobody -- " : ""
    return try ReviewProcess.shell(user + "\"$REVIEW\" " + quoted.joined(separator: " "))
  }

  /// Writes a note and an action on 2022-03-01 to a journal in `folder`.
  static func writeJournal(in folder: TemporaryFolder) throws -> String {
    try FileManager.default.createDirectory(
      atPath: folder.file("journal"), withIntermediateDirectories: true)
    let journal = folder.file("journal/journal.sqlite")
    let written = try ReviewProcess.run([
      ReviewProcess.sampleCSV, "--today", "2022-03-01", "--journal", journal,
      "-c", "note ACC-1001 \"kept for later\"",
      "-c", "action add \"call the CFO\" for ACC-1002 owner leader",
    ])
    #expect(written.status == 0, "\(written.standardError)")
    return journal
  }

  static func setPermissions(_ mode: Int, _ path: String) throws {
    try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: path)
  }

  /// Returns the names in the journal's folder.
  static func folderContents(_ journal: String) throws -> [String] {
    try FileManager.default.contentsOfDirectory(
      atPath: URL(fileURLWithPath: journal).deletingLastPathComponent().path
    ).sorted()
  }

  @Test func readOnlyFolderListsEntries() throws {
    let folder = try TemporaryFolder()
    let journal = try Self.writeJournal(in: folder)
    try Self.setPermissions(0o444, journal)
    try Self.setPermissions(0o555, folder.file("journal"))
    defer { try? Self.setPermissions(0o755, folder.file("journal")) }

    let read = try Self.runAsOtherUser([
      ReviewProcess.sampleCSV, "--today", "2022-03-02", "--journal", journal,
      "-c", "notes as csv", "-c", "action list as csv",
    ])

    #expect(read.status == 4)
    #expect(
      read.standardOutput
        == "id,date,account,note\r\n1,2022-03-01,Sable Logistics,kept for later\r\n"
        + "id,status,due,owner,account,action\r\n1,open,,leader,Kestrel Motors,call the CFO\r\n")
    #expect(read.standardError == journal + Self.readOnlyWarning)
    #expect(try Self.folderContents(journal) == ["journal.sqlite"])
  }

  @Test func readOnlyFileSaysOnlyWhatHappened() throws {
    let folder = try TemporaryFolder()
    let journal = try Self.writeJournal(in: folder)
    try Self.setPermissions(0o444, journal)
    try Self.setPermissions(0o777, folder.file("journal"))

    // Today is before the journal's snapshot, but nothing is recorded under it.
    let read = try Self.runAsOtherUser([
      ReviewProcess.sampleCSV, "--today", "2022-02-20", "--journal", journal,
      "-c", "action list as csv",
    ])

    #expect(read.status == 4)
    #expect(
      read.standardOutput
        == "id,status,due,owner,account,action\r\n1,open,,leader,Kestrel Motors,call the CFO\r\n")
    #expect(read.standardError == journal + Self.readOnlyWarning)
    // No -wal or -shm file of this user is left, which its owner could not write.
    #expect(try Self.folderContents(journal) == ["journal.sqlite"])

    let write = try Self.runAsOtherUser([
      ReviewProcess.sampleCSV, "--journal", journal, "--keep-going",
      "-c", "note ACC-1003 \"lost?\"", "-c", "notes as csv",
    ])
    #expect(write.status == 4)
    #expect(
      write.standardError.contains(
        "-c#1:1:15: error: could not save the note: cannot write to the journal because it is read-only\n"
      ), "\(write.standardError)")
    #expect(
      write.standardOutput
        == "id,date,account,note\r\n1,2022-03-01,Sable Logistics,kept for later\r\n")
  }
}

/// The exit status of a script or `-c` run whose journal could not be used is 4, also when a
/// command failed. A data file that could not be loaded keeps 3.
@Suite("Exit status of a run without its journal")
struct JournalExitStatusTests {
  @Test func journalFailureWinsOverCommandFailure() throws {
    let folder = try TemporaryFolder()
    let missingFolder = folder.file("missing/journal.sqlite")
    let newer = folder.file("newer.sqlite")
    let created = try ReviewProcess.shell(
      "python3 -c \"import sqlite3; db = sqlite3.connect('\(newer)'); "
        + "db.execute('PRAGMA application_id = 1381390154'); "
        + "db.execute('PRAGMA user_version = 99'); db.close()\"")
    try #require(created.status == 0, "\(created.standardError)")
    func run(_ journal: String, _ extra: [String]) throws -> ReviewProcess.Outcome {
      try ReviewProcess.run([ReviewProcess.sampleCSV, "--journal", journal] + extra)
    }

    let cases: [(journal: String, arguments: [String], status: Int32)] = [
      (newer, ["-c", "action list"], 4),
      (newer, ["--keep-going", "-c", "action list", "-c", "segment red count"], 4),
      (missingFolder, ["-c", "note ACC-1001 \"x\""], 4),
      (missingFolder, ["--keep-going", "-c", "note ACC-1001 \"x\"", "-c", "segment red count"], 4),
      (missingFolder, ["-c", "segment nosuch"], 4),
      (missingFolder, ["-c", "segment red count"], 4),
      (missingFolder, ["-c", "load \(folder.file("missing.csv"))"], 3),
    ]
    for (journal, arguments, status) in cases {
      let outcome = try run(journal, arguments)
      #expect(outcome.status == status, "\(arguments): \(outcome.standardError)")
    }
    let withNewer = try run(newer, ["-c", "action list"])
    #expect(
      withNewer.standardError.hasSuffix(
        "-c:1:1: error: the journal is unavailable: \(newer) cannot be used: the journal has schema version 99, but this review supports up to 4\n  hint: run review --journal-check to see its state, or start review with --journal PATH to use another journal\n"
      ), "\(withNewer.standardError)")

    // Without a journal asked for, a command that needs one fails as any command does.
    let without = try ReviewProcess.run([
      ReviewProcess.sampleCSV, "--no-journal", "-c", "note ACC-1001 \"x\"",
    ])
    #expect(without.status == 1)
  }
}
