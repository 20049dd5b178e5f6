import Foundation
import ReviewBook
import Testing

@testable import ReviewJournal

/// A journal that cannot grow, as on a full disk. SQLite's page limit makes a write that
/// needs a new page fail with the same result code as a full disk.
@Suite struct FullDiskTests {
  /// Opens a journal, saves one note and one action, and then stops it from growing.
  static func fullJournal(_ directory: TemporaryDirectory) throws -> Journal {
    let journal = try Journal(path: directory.file())
    _ = try journal.addNote(
      account: Accounts.payPal, text: "saved before the disk filled", review: "r1",
      on: Days.feb1)
    _ = try journal.addAction(
      text: "send the renewal quote", account: Accounts.payPal, owner: "csm", due: Days.feb14,
      book: "all", review: "r1", on: Days.feb1)
    let pages = try #require(try journal.connection.integer("PRAGMA page_count"))
    _ = try journal.connection.integer("PRAGMA max_page_count = \(pages)")
    return journal
  }

  static let longText = String(repeating: "a note that needs pages of its own ", count: 2_000)

  @Test func writeFailsAsDiskFull() throws {
    let directory = try TemporaryDirectory()
    let journal = try Self.fullJournal(directory)

    #expect(throws: JournalError.diskFull(path: journal.path)) {
      try journal.addNote(
        account: Accounts.acme, text: Self.longText, review: "r1", on: Days.feb1)
    }
    #expect(throws: JournalError.diskFull(path: journal.path)) {
      try journal.addAction(
        text: Self.longText, account: Accounts.acme, owner: "csm", due: nil, book: "all",
        review: "r1", on: Days.feb1)
    }
    let error = JournalError.diskFull(path: journal.path)
    #expect(error.message == "cannot write to the journal because the disk is full")
    #expect(error.hint == "free disk space, then repeat the command")
  }

  @Test func failedWriteLosesNothing() throws {
    let directory = try TemporaryDirectory()
    let journal = try Self.fullJournal(directory)
    _ = try? journal.addNote(
      account: Accounts.acme, text: Self.longText, review: "r1", on: Days.feb1)

    #expect(try journal.notes(account: nil).map(\.text) == ["saved before the disk filled"])
    #expect(try journal.actions(matching: ActionFilter()).map(\.text) == ["send the renewal quote"])
    guard case .ok(let summary) = Journal.check(path: journal.path) else {
      Issue.record("the journal does not pass its check")
      return
    }
    #expect(summary.notes == 1)
    #expect(summary.actions == 1)

    // Once there is room again, the same journal takes the write.
    _ = try journal.connection.integer("PRAGMA max_page_count = 1000000")
    let note = try journal.addNote(
      account: Accounts.acme, text: Self.longText, review: "r1", on: Days.feb1)
    #expect(try journal.notes(account: "A-200") == [note])
  }

  @Test func systemErrorOfFullDiskIsDiskFull() {
    let ioError: Int32 = 10
    let writeFailed = ioError | (3 << 8)
    let shmSizeFailed = ioError | (19 << 8)
    #expect(
      Connection.error(path: "j", code: writeFailed, message: "disk I/O error", systemError: 28)
        == .diskFull(path: "j"))
    #expect(
      Connection.error(path: "j", code: shmSizeFailed, message: "disk I/O error", systemError: 0)
        == .diskFull(path: "j"))
    #expect(
      Connection.error(path: "j", code: writeFailed, message: "disk I/O error", systemError: 5)
        == .sqlite(path: "j", code: writeFailed, message: "disk I/O error"))
  }
}
