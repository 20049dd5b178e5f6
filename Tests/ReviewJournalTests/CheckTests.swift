import Foundation
import ReviewBook
import ReviewJournal
import Testing

@Test func checkMissingJournal() throws {
  let directory = try TemporaryDirectory()
  let path = directory.file()

  let check = Journal.check(path: path)

  #expect(check == .missing(path: path))
  #expect(
    check.description == "\(path): no journal yet, and opening it for writing creates it")
  #expect(!FileManager.default.fileExists(atPath: path))
}

@Test func checkJournalInMissingFolder() throws {
  let directory = try TemporaryDirectory()
  let folder = directory.file() + "-folder"
  let path = folder + "/journal.sqlite"

  let check = Journal.check(path: path)

  #expect(
    check == .unusable(.cannotOpen(path: path, message: "its folder \(folder) does not exist")))
  #expect(
    check.description
      == "\(path): error: cannot open the journal: its folder \(folder) does not exist\n  hint: check that the directory exists and that you may write to it"
  )
  #expect(!FileManager.default.fileExists(atPath: folder))
}

@Test func checkMissingJournalByBareName() throws {
  let path = "review-check-test-\(UUID().uuidString).sqlite"

  let check = Journal.check(path: path)

  #expect(check == .missing(path: path))
  #expect(!FileManager.default.fileExists(atPath: path))
}

@Test func checkHealthyJournal() throws {
  let directory = try TemporaryDirectory()
  let path = directory.file()
  do {
    let journal = try Journal(path: path)
    for text in ["exec call", "QBR deck", "renewal quote"] {
      _ = try journal.addAction(
        text: text, account: Accounts.payPal, owner: "csm", due: nil, book: "Maria Fell",
        review: "r1", on: Days.feb1)
    }
    _ = try journal.setStatus(id: 2, status: .done, on: Days.feb14, review: "r2")
    _ = try journal.addNote(account: Accounts.acme, text: "SSO", review: "r1", on: Days.feb1)
    let rows = [
      SnapshotRow(accountKey: "A-100", accountName: "PayPal"),
      SnapshotRow(accountKey: "A-200", accountName: "Acme Corp"),
    ]
    try journal.recordSnapshot(date: Days.feb1, rows: rows)
    try journal.recordSnapshot(date: Days.feb14, rows: rows)
  }
  let before = try #require(contents(of: path))

  let check = Journal.check(path: path)

  let summary = JournalSummary(
    path: path, schemaVersion: 4, actions: 3, openActions: 2, notes: 1, snapshots: 2,
    snapshotRows: 4)
  #expect(check == .ok(summary))
  #expect(
    check.description
      == "\(path): ok, schema version 4, 3 actions (2 open), 1 note, 2 snapshots "
      + "(4 account rows)")
  #expect(contents(of: path) == before)
}

@Test func checkWhileJournalIsOpen() throws {
  let directory = try TemporaryDirectory()
  let path = directory.file()
  let journal = try Journal(path: path)
  _ = try journal.addNote(account: Accounts.acme, text: "SSO", review: "r1", on: Days.feb1)

  guard case .ok(let summary) = Journal.check(path: path) else {
    Issue.record("expected ok, got \(Journal.check(path: path))")
    return
  }
  #expect(summary.notes == 1)
}
