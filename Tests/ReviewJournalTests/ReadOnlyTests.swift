import Foundation
import ReviewBook
import ReviewJournal
import Testing

/// The root user writes through file permissions, so a write-protected file stops writes
/// only for other users.
private let runsAsRoot = geteuid() == 0

/// Writes a journal with one action, one note and one snapshot row, then closes it.
private func writeJournal(at path: String) throws {
  let journal = try Journal(path: path)
  _ = try journal.addAction(
    text: "exec call", account: Accounts.payPal, owner: "leader", due: Days.feb10,
    book: "Maria Fell", review: "r1", on: Days.feb1)
  _ = try journal.addNote(account: Accounts.payPal, text: "new CFO", review: "r1", on: Days.feb1)
  try journal.recordSnapshot(
    date: Days.feb1, rows: [SnapshotRow(accountKey: "A-100", accountName: "PayPal", health: 40)])
}

/// Tries every kind of write and expects each to throw `.readOnly`, then checks that the
/// rows written before are unchanged.
private func expectWritesRejected(_ journal: Journal, path: String) throws {
  let readOnly = JournalError.readOnly(path: path)
  #expect(journal.isReadOnly)
  #expect(throws: readOnly) {
    try journal.addAction(
      text: "another", account: nil, owner: "csm", due: nil, book: "all", review: "r2",
      on: Days.feb14)
  }
  #expect(throws: readOnly) {
    try journal.setStatus(id: 1, status: .done, on: Days.feb14, review: "r2")
  }
  #expect(throws: readOnly) { try journal.editAction(id: 1, text: "renamed") }
  #expect(throws: readOnly) {
    try journal.addNote(account: Accounts.acme, text: "x", review: "r2", on: Days.feb14)
  }
  #expect(throws: readOnly) {
    try journal.recordSnapshot(
      date: Days.feb14, rows: [SnapshotRow(accountKey: "A-200", accountName: "Acme Corp")])
  }

  let action = try journal.action(id: 1)
  #expect(action.text == "exec call")
  #expect(action.status == .open)
  #expect(try journal.actions().count == 1)
  #expect(try journal.notes(account: nil).map(\.text) == ["new CFO"])
  #expect(try journal.snapshotDates() == [Days.feb1])
}

@Test func readOnlyJournalSkipsRecordedSnapshot() throws {
  let directory = try TemporaryDirectory()
  let path = directory.file()
  try writeJournal(at: path)

  let journal = try Journal(path: path, access: .readOnly)
  let added = try journal.recordSnapshot(
    date: Days.feb1, rows: [SnapshotRow(accountKey: "A-100", accountName: "PayPal", health: 40)])

  #expect(added == 0)
  #expect(try journal.snapshotDates() == [Days.feb1])
}

@Test func readOnlyAccessRejectsWrites() throws {
  let directory = try TemporaryDirectory()
  let path = directory.file()
  try writeJournal(at: path)
  let before = try #require(contents(of: path))

  let journal = try Journal(path: path, access: .readOnly)

  try expectWritesRejected(journal, path: path)
  #expect(contents(of: path) == before)
}

@Test(.enabled(if: !runsAsRoot, "root writes through file permissions"))
func writeProtectedFileRejectsWrites() throws {
  let directory = try TemporaryDirectory()
  let path = directory.file()
  try writeJournal(at: path)
  try FileManager.default.setAttributes([.posixPermissions: 0o444], ofItemAtPath: path)
  let before = try #require(contents(of: path))

  let journal = try Journal(path: path)

  try expectWritesRejected(journal, path: path)
  #expect(contents(of: path) == before)
}

@Test func writeProtectedFileReadOnlyFlag() throws {
  // This also runs as root, where the same file opens writable. `isReadOnly` reports what
  // SQLite opened rather than the permission bits.
  let directory = try TemporaryDirectory()
  let path = directory.file()
  try writeJournal(at: path)
  try FileManager.default.setAttributes([.posixPermissions: 0o444], ofItemAtPath: path)

  let journal = try Journal(path: path)

  #expect(journal.isReadOnly == !runsAsRoot)
}

@Test func readOnlyAccessToMissingFile() throws {
  let directory = try TemporaryDirectory()
  let path = directory.file()

  #expect(throws: JournalError.notFound(path: path)) { try Journal(path: path, access: .readOnly) }
  #expect(!FileManager.default.fileExists(atPath: path))
}

@Test func readOnlyAccessNeedingUpgrade() throws {
  let directory = try TemporaryDirectory()
  let path = directory.file()
  #expect(FileManager.default.createFile(atPath: path, contents: Data()))

  #expect(throws: JournalError.upgradeNeeded(path: path, version: 0, current: 4)) {
    try Journal(path: path, access: .readOnly)
  }
  #expect(contents(of: path) == Data())
}
