import CSQLite
import Foundation
import ReviewBook
import Testing

@testable import ReviewJournal

/// A schema version after the current one, as a later release might add it.
private let followUpsMigration = Migration(
  sql: """
    CREATE TABLE follow_ups (id INTEGER PRIMARY KEY, action_id INTEGER NOT NULL
      REFERENCES actions (id), note TEXT NOT NULL) STRICT;
    """)

@Test func newJournalHasCurrentSchema() throws {
  let directory = try TemporaryDirectory()
  let path = directory.file()

  let journal = try Journal(path: path)

  #expect(journal.schemaVersion == 4)
  #expect(Journal.currentSchemaVersion == 4)
  #expect(try queryInteger("PRAGMA user_version", in: path) == 4)
  #expect(try queryInteger("PRAGMA application_id", in: path) == 0x5256_574A)
  #expect(try journal.connection.integer("PRAGMA foreign_keys") == 1)
  #expect(try journal.connection.integer("PRAGMA synchronous") == 2)  // FULL
  #expect(try journal.connection.integer("PRAGMA busy_timeout") == 10_000)
  let mode = try journal.connection.prepare("PRAGMA journal_mode")
  #expect(try mode.step())
  #expect(mode.text(at: 0) == "wal")
}

@Test func migrationAddsLaterVersion() throws {
  let directory = try TemporaryDirectory()
  let path = directory.file()
  let action: Action
  do {
    let current = try Journal(path: path)
    action = try current.addAction(
      text: "exec call", account: Accounts.payPal, owner: "leader", due: nil, book: "all",
      review: "r1", on: Days.feb1)
  }
  #expect(try queryInteger("PRAGMA user_version", in: path) == 4)

  let versionFive = try Journal(
    path: path, access: .readWrite, migrations: Schema.migrations + [followUpsMigration])

  #expect(versionFive.schemaVersion == 5)
  #expect(try queryInteger("PRAGMA user_version", in: path) == 5)
  #expect(try versionFive.action(id: action.id) == action)
  try versionFive.connection.execute(
    "INSERT INTO follow_ups (action_id, note) VALUES (1, 'ok')")
  // Foreign keys are enforced, so a follow-up of a missing action is rejected.
  let foreignKeyFailed = JournalError.sqlite(
    path: path, code: 787, message: "FOREIGN KEY constraint failed")
  #expect(throws: foreignKeyFailed) {
    try versionFive.connection.execute(
      "INSERT INTO follow_ups (action_id, note) VALUES (9, 'x')")
  }
}

@Test func failedMigrationLeavesOldVersion() throws {
  let directory = try TemporaryDirectory()
  let path = directory.file()
  _ = try Journal(path: path)
  let broken = Migration(
    sql: "CREATE TABLE follow_ups (id INTEGER PRIMARY KEY); INSERT INTO missing VALUES (1);")

  #expect(
    throws: JournalError.migrationFailed(
      path: path, version: 4, message: "SQLite error 1: no such table: missing")
  ) {
    try Journal(path: path, access: .readWrite, migrations: Schema.migrations + [broken])
  }

  #expect(try queryInteger("PRAGMA user_version", in: path) == 4)
  #expect(
    try queryInteger("SELECT count(*) FROM sqlite_schema WHERE name = 'follow_ups'", in: path)
      == 0)
}

@Test func newerSchemaIsRejected() throws {
  let directory = try TemporaryDirectory()
  let path = directory.file()
  do {
    let newer = try Journal(
      path: path, access: .readWrite, migrations: Schema.migrations + [followUpsMigration])
    _ = try newer.addNote(account: Accounts.acme, text: "kept", review: "r1", on: Days.feb1)
  }
  let before = try #require(contents(of: path))

  #expect(throws: JournalError.newerSchema(path: path, version: 5, supported: 4)) {
    try Journal(path: path)
  }
  #expect(contents(of: path) == before)
  #expect(
    Journal.check(path: path) == .unusable(.newerSchema(path: path, version: 5, supported: 4)))
}

@Test func otherDatabaseIsRejected() throws {
  let directory = try TemporaryDirectory()
  let path = directory.file("contacts.db")
  do {
    let other = try Connection(path: path, flags: SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE)
    try other.execute("CREATE TABLE contacts (name TEXT); INSERT INTO contacts VALUES ('Ada');")
  }
  let before = try #require(contents(of: path))

  #expect(throws: JournalError.notAJournal(path: path)) { try Journal(path: path) }
  #expect(contents(of: path) == before)
}

@Test func emptyFileBecomesJournal() throws {
  let directory = try TemporaryDirectory()
  let path = directory.file()
  #expect(FileManager.default.createFile(atPath: path, contents: Data()))

  let journal = try Journal(path: path)

  #expect(journal.schemaVersion == 4)
}

@Test func openIfCurrentLeavesOtherFilesAsTheyWere() throws {
  let directory = try TemporaryDirectory()

  let missing = directory.file("missing.sqlite")
  #expect(try Journal.openIfCurrent(path: missing) === nil)
  #expect(!FileManager.default.fileExists(atPath: missing))

  let empty = directory.file("empty.sqlite")
  #expect(FileManager.default.createFile(atPath: empty, contents: Data()))
  #expect(try Journal.openIfCurrent(path: empty) === nil)
  #expect(FileSystem.size(ofFile: empty) == 0)

  let older = directory.file("older.sqlite")
  _ = try Journal(path: older, access: .readWrite, migrations: [Schema.version1])
  #expect(try Journal.openIfCurrent(path: older) === nil)
  #expect(try queryInteger("PRAGMA user_version", in: older) == 1)

  let current = directory.file("current.sqlite")
  _ = try Journal(path: current).addNote(
    account: Accounts.payPal, text: "renewal call", review: "r1", on: Days.feb1)
  let opened = try #require(try Journal.openIfCurrent(path: current))
  #expect(opened.schemaVersion == 4)
  #expect(try opened.notes(account: Accounts.payPal.key).map(\.text) == ["renewal call"])
  #expect(try opened.connection.integer("PRAGMA busy_timeout") == 10_000)

  let garbage = directory.file("garbage.sqlite")
  #expect(
    FileManager.default.createFile(
      atPath: garbage, contents: Data(String(repeating: "not a journal\n", count: 400).utf8)))
  #expect(throws: JournalError.notADatabase(path: garbage)) {
    try Journal.openIfCurrent(path: garbage)
  }
  #expect(throws: JournalError.isFolder(path: directory.path)) {
    try Journal(path: directory.path)
  }
}
