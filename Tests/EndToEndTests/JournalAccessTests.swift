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
        == "date,account,note\r\n2022-03-01,Sable Logistics,kept for later\r\n"
        + "id,status,due,owner,account,action\r\n1,open,,leader,Kestrel Motors,call the CFO\r\n")
    #expect(read.standardError == journal + Self.readOnlyWarning)
    #expect(try Self.folderContents(journal) == ["journal.sqlite"])
  }
}
