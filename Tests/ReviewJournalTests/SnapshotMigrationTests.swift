import ReviewBook
import Testing

@testable import ReviewJournal

/// Writes a schema version 1 journal with snapshot rows on two dates, an action and a note.
private func writeVersionOneJournal(at path: String) throws {
  let journal = try Journal(path: path, access: .readWrite, migrations: [Schema.version1])
  _ = try journal.addAction(
    text: "exec call", account: Accounts.payPal, owner: "leader", due: nil, book: "all",
    review: "r1", on: Days.feb1)
  _ = try journal.addNote(account: Accounts.acme, text: "SSO", review: "r1", on: Days.feb1)
  let feb1 = Days.feb1.number
  let feb14 = Days.feb14.number
  try journal.connection.execute(
    """
    INSERT INTO snapshots VALUES
      (\(feb1), 'A-100', 'PayPal', 35.5, 'red', 4946100, \(Days.mar1.number)),
      (\(feb1), 'A-200', 'Acme Corp', NULL, NULL, NULL, NULL),
      (\(feb1), 'A-300', '東京 物産 株式会社', 82.25, 'green', -150, -1),
      (\(feb14), 'A-100', 'PayPal', 71, 'green', 9223372036854775807, NULL);
    """)
}

private let payPalFeb1 = SnapshotRow(
  accountKey: "A-100", accountName: "PayPal", health: 35.5, status: "red", arrCents: 4_946_100,
  renewalDate: Days.mar1)
private let acmeFeb1 = SnapshotRow(accountKey: "A-200", accountName: "Acme Corp")
private let tokyoFeb1 = SnapshotRow(
  accountKey: "A-300", accountName: "東京 物産 株式会社", health: 82.25, status: "green",
  arrCents: -150, renewalDate: Day(number: -1))
private let payPalFeb14 = SnapshotRow(
  accountKey: "A-100", accountName: "PayPal", health: 71, status: "green", arrCents: .max)

@Test func migrationCarriesVersionOneSnapshots() throws {
  let directory = try TemporaryDirectory()
  let path = directory.file()
  try writeVersionOneJournal(at: path)
  #expect(try queryInteger("PRAGMA user_version", in: path) == 1)

  let journal = try Journal(path: path)

  #expect(journal.schemaVersion == 4)
  #expect(try queryInteger("PRAGMA user_version", in: path) == 4)
  #expect(
    try queryInteger("SELECT count(*) FROM sqlite_schema WHERE name = 'snapshot_dates'", in: path)
      == 0)
  #expect(try journal.snapshotDates() == [Days.feb1, Days.feb14])
  #expect(
    try journal.snapshot(on: Days.feb1)
      == ["A-100": payPalFeb1, "A-200": acmeFeb1, "A-300": tokyoFeb1])
  #expect(try journal.snapshot(on: Days.feb14) == ["A-100": payPalFeb14])
  #expect(
    try journal.statusHistory(account: "A-100") == [
      StatusPoint(date: Days.feb1, status: "red", health: 35.5),
      StatusPoint(date: Days.feb14, status: "green", health: 71),
    ])
  #expect(try journal.actions().map(\.text) == ["exec call"])
  #expect(try journal.notes(account: nil).map(\.text) == ["SSO"])
  #expect(
    Journal.check(path: path)
      == .ok(
        JournalSummary(
          path: path, schemaVersion: 4, actions: 1, openActions: 1, notes: 1, snapshots: 2,
          snapshotRows: 4)))
}

@Test func loadAfterMigrationReplacesMigratedDate() throws {
  let directory = try TemporaryDirectory()
  let path = directory.file()
  try writeVersionOneJournal(at: path)
  let journal = try Journal(path: path)
  var changed = payPalFeb1
  changed.health = 99
  let newAccount = SnapshotRow(accountKey: "A-400", accountName: "Globex")

  let added = try journal.recordSnapshot(date: Days.feb1, rows: [changed, newAccount, acmeFeb1])

  #expect(added == 3)
  #expect(
    try journal.snapshot(on: Days.feb1)
      == ["A-100": changed, "A-200": acmeFeb1, "A-400": newAccount])
}

/// Writes a schema version 2 journal: version 1 rows moved by the version 2 migration.
private func writeVersionTwoJournal(at path: String) throws {
  try writeVersionOneJournal(at: path)
  let journal = try Journal(
    path: path, access: .readWrite, migrations: [Schema.version1, Schema.version2])
  #expect(journal.schemaVersion == 2)
}

@Test func migrationMakesEachVersionTwoDateOneSnapshot() throws {
  let directory = try TemporaryDirectory()
  let path = directory.file()
  try writeVersionTwoJournal(at: path)
  #expect(try queryInteger("SELECT count(*) FROM snapshot_dates", in: path) == 2)

  let journal = try Journal(path: path)

  #expect(journal.schemaVersion == 4)
  #expect(try queryInteger("PRAGMA user_version", in: path) == 4)
  #expect(
    try queryInteger(
      "SELECT count(*) FROM sqlite_schema WHERE name IN ('snapshot_dates', 'snapshot_load_chunks')",
      in: path) == 0)
  #expect(
    try journal.snapshotEntries() == [
      SnapshotEntry(id: 1, date: Days.feb1, accountCount: 3),
      SnapshotEntry(id: 2, date: Days.feb14, accountCount: 1),
    ])
  #expect(
    try journal.snapshot(on: Days.feb1)
      == ["A-100": payPalFeb1, "A-200": acmeFeb1, "A-300": tokyoFeb1])
  #expect(try journal.snapshot(on: Days.feb14) == ["A-100": payPalFeb14])
  #expect(try journal.actions().map(\.text) == ["exec call"])
  #expect(try journal.notes(account: nil).map(\.text) == ["SSO"])
  #expect(
    Journal.check(path: path)
      == .ok(
        JournalSummary(
          path: path, schemaVersion: 4, actions: 1, openActions: 1, notes: 1, snapshots: 2,
          snapshotRows: 4)))

  // A migrated snapshot has no content digest, so the same rows again are recorded anew, in
  // place of it. The new ids follow the migrated ones.
  #expect(try journal.recordSnapshot(date: Days.feb14, rows: [payPalFeb14]) == 1)
  #expect(try journal.recordSnapshot(date: Days.feb14, rows: [payPalFeb14]) == 0)
  #expect(try journal.snapshotEntries().map(\.id) == [1, 3])
  #expect(try journal.snapshot(on: Days.feb14) == ["A-100": payPalFeb14])
}

@Test func readOnlyVersionTwoJournalIsRead() throws {
  let directory = try TemporaryDirectory()
  let path = directory.file()
  try writeVersionTwoJournal(at: path)
  let before = try #require(contents(of: path))

  let journal = try Journal(path: path, access: .readOnly)

  #expect(journal.schemaVersion == 2)
  #expect(journal.isReadOnly)
  #expect(try journal.snapshotDates() == [Days.feb1, Days.feb14])
  #expect(
    try journal.snapshot(on: Days.feb1)
      == ["A-100": payPalFeb1, "A-200": acmeFeb1, "A-300": tokyoFeb1])
  #expect(
    try journal.snapshotView(on: Days.feb14, of: AccountKeySet(keys: ["A-100", "A-200"]))
      .row(account: "A-100") == payPalFeb14)
  #expect(try journal.statusHistory()["A-100"]?.count == 2)
  #expect(try journal.actions().map(\.text) == ["exec call"])
  #expect(try journal.notes(account: nil).map(\.text) == ["SSO"])
  #expect(throws: JournalError.readOnly(path: path)) {
    try journal.recordSnapshot(date: Days.feb15, rows: [payPalFeb14])
  }
  #expect(
    Journal.check(path: path)
      == .ok(
        JournalSummary(
          path: path, schemaVersion: 2, actions: 1, openActions: 1, notes: 1, snapshots: 2,
          snapshotRows: 4)))
  #expect(try queryInteger("PRAGMA user_version", in: path) == 2)
  #expect(contents(of: path) == before)
}

/// A version 3 file, whose notes cannot be dropped yet, is read without migrating when it
/// cannot be written: its notes are all there.
@Test func readOnlyVersionThreeJournalIsRead() throws {
  let directory = try TemporaryDirectory()
  let path = directory.file()
  do {
    let older = try Journal(
      path: path, access: .readWrite, migrations: Array(Schema.migrations.prefix(3)))
    _ = try older.addNote(account: Accounts.acme, text: "kept", review: "r1", on: Days.feb1)
  }
  let before = try #require(contents(of: path))

  let journal = try Journal(path: path, access: .readOnly)

  #expect(journal.schemaVersion == 3)
  #expect(try journal.notes(account: nil).map(\.text) == ["kept"])
  #expect(throws: JournalError.readOnly(path: path)) { try journal.dropNote(id: 1) }
  #expect(try queryInteger("PRAGMA user_version", in: path) == 3)
  #expect(contents(of: path) == before)

  // Opened for writing, it moves to the current version and keeps its notes.
  let current = try Journal(path: path)
  #expect(current.schemaVersion == 4)
  #expect(try current.notes(account: nil).map(\.text) == ["kept"])
}

@Test func checkReadsVersionOneJournal() throws {
  let directory = try TemporaryDirectory()
  let path = directory.file()
  try writeVersionOneJournal(at: path)

  let check = Journal.check(path: path)

  #expect(
    check
      == .ok(
        JournalSummary(
          path: path, schemaVersion: 1, actions: 1, openActions: 1, notes: 1, snapshots: 2,
          snapshotRows: 4)))
  #expect(try queryInteger("PRAGMA user_version", in: path) == 1)
}

@Test func readOnlyVersionOneJournalNeedsUpgrade() throws {
  let directory = try TemporaryDirectory()
  let path = directory.file()
  try writeVersionOneJournal(at: path)

  #expect(throws: JournalError.upgradeNeeded(path: path, version: 1, current: 4)) {
    try Journal(path: path, access: .readOnly)
  }
  #expect(try queryInteger("PRAGMA user_version", in: path) == 1)
}

@Test func emptyVersionOneJournalMigrates() throws {
  let directory = try TemporaryDirectory()
  let path = directory.file()
  _ = try Journal(path: path, access: .readWrite, migrations: [Schema.version1])

  let journal = try Journal(path: path)

  #expect(journal.schemaVersion == 4)
  #expect(try journal.snapshotDates() == [])
}
