import Foundation
import ReviewBook
import ReviewJournal
import Testing

@Test func notesListedPerAccount() throws {
  let directory = try TemporaryDirectory()
  let journal = try Journal(path: directory.file())
  let first = Timestamp(millisecondsSince1970: 1_643_710_000_125)
  let second = Timestamp(millisecondsSince1970: 1_643_710_060_500)
  let third = Timestamp(millisecondsSince1970: 1_644_832_800_000)

  let champion = try journal.addNote(
    account: Accounts.payPal, text: "new champion is the CFO", review: "r1", on: Days.feb1,
    at: first)
  let budget = try journal.addNote(
    account: Accounts.acme, text: "budget freeze until Q3", review: "r1", on: Days.feb1,
    at: second)
  let renewal = try journal.addNote(
    account: Accounts.payPal, text: "renewal signed", review: "r2", on: Days.feb14, at: third)

  #expect(
    champion
      == Note(
        id: 1, account: Accounts.payPal, text: "new champion is the CFO", created: Days.feb1,
        timestamp: first, review: "r1"))
  #expect(try journal.notes(account: "A-100") == [champion, renewal])
  #expect(try journal.notes(account: "A-200") == [budget])
  #expect(try journal.notes(account: "A-999") == [])
  #expect(try journal.notes(account: nil) == [champion, budget, renewal])
}

@Test func noteTimestampKeepsMilliseconds() throws {
  let directory = try TemporaryDirectory()
  let journal = try Journal(path: directory.file())
  let timestamp = Timestamp(millisecondsSince1970: 1_643_710_000_123)

  let note = try journal.addNote(
    account: Accounts.payPal, text: "call went well", review: "r1", on: Days.feb1, at: timestamp)

  #expect(note.timestamp == timestamp)
  #expect(try journal.notes(account: nil) == [note])
  #expect(
    try journal.notes(account: nil).first?.timestamp.millisecondsSince1970 == 1_643_710_000_123)
}

@Test func noteWithoutTimestampTakesClock() throws {
  let directory = try TemporaryDirectory()
  let journal = try Journal(path: directory.file())
  let before = Date()

  let note = try journal.addNote(
    account: Accounts.payPal, text: "call went well", review: "r1", on: Days.feb1)

  let after = Date()
  let milliseconds = note.timestamp.millisecondsSince1970
  #expect(milliseconds >= Int64((before.timeIntervalSince1970 * 1000).rounded(.down)))
  #expect(milliseconds <= Int64((after.timeIntervalSince1970 * 1000).rounded(.up)))
}

@Test func notesCarryIntoSecondJournal() throws {
  let directory = try TemporaryDirectory()
  let written: Note
  do {
    let journal = try Journal(path: directory.file())
    written = try journal.addNote(
      account: Accounts.acme, text: "asked for SSO", review: "r1", on: Days.feb1)
  }

  let reopened = try Journal(path: directory.file())

  #expect(try reopened.notes(account: "A-200") == [written])
}

@Test func blankNoteThrows() throws {
  let directory = try TemporaryDirectory()
  let path = directory.file()
  let journal = try Journal(path: path)

  #expect(throws: JournalError.invalidValue(path: path, reason: "the note text is empty")) {
    try journal.addNote(account: Accounts.acme, text: " ", review: "r1", on: Days.feb1)
  }
  #expect(try journal.notes(account: nil).isEmpty)
}
