import CSQLite
import ReviewBook
import Testing

@testable import ReviewJournal

private func account(_ number: Int, name: String? = nil, health: Double? = nil) -> SnapshotRow {
  SnapshotRow(
    accountKey: "A-\(number)", accountName: name ?? "Account \(number)",
    health: health ?? Double(number % 101), status: ["red", "yellow", "green"][number % 3],
    arrCents: Int64(number) * 100, renewalDate: Days.mar1.adding(days: number % 300))
}

/// The number of rows SQLite changed on the journal's connection so far.
private func totalChanges(_ journal: Journal) -> Int64 {
  sqlite3_total_changes64(journal.connection.handle)
}

@Test func secondLoadAddsOnlyNewAccounts() throws {
  let directory = try TemporaryDirectory()
  let journal = try Journal(path: directory.file())
  let first = (0..<5).map { account($0) }
  var changed = account(2, name: "Renamed", health: 1)
  changed.status = nil

  let firstCount = try journal.recordSnapshot(date: Days.feb1, rows: first)
  let secondCount = try journal.recordSnapshot(
    date: Days.feb1,
    rows: [changed, account(7), account(5), account(7, name: "Repeat"), account(0)])

  #expect(firstCount == 5)
  #expect(secondCount == 2)
  let expected = first + [account(7), account(5)]
  #expect(
    try journal.snapshot(on: Days.feb1)
      == Dictionary(uniqueKeysWithValues: expected.map { ($0.accountKey, $0) }))
  #expect(try journal.snapshotDates() == [Days.feb1])
  #expect(
    Journal.check(path: directory.file()).description.hasSuffix("1 snapshot (7 account rows)"))
}

@Test func sameAccountsAgainWriteNothing() throws {
  let directory = try TemporaryDirectory()
  let journal = try Journal(path: directory.file())
  let rows = (0..<200).map { account($0) }
  try journal.recordSnapshot(date: Days.feb1, rows: rows)
  let before = totalChanges(journal)

  let again = try journal.recordSnapshot(date: Days.feb1, rows: rows)
  let reversed = try journal.recordSnapshot(date: Days.feb1, rows: rows.reversed())
  let subset = try journal.recordSnapshot(date: Days.feb1, rows: Array(rows[10..<20]))
  let repeated = try journal.recordSnapshot(date: Days.feb1, rows: rows + rows[0..<3])
  let empty = try journal.recordSnapshot(date: Days.feb1, rows: [])

  #expect([again, reversed, subset, repeated, empty] == [0, 0, 0, 0, 0])
  #expect(totalChanges(journal) == before)
  #expect(try journal.snapshot(on: Days.feb1).count == 200)
}

@Test func keysCompareByBytes() throws {
  let directory = try TemporaryDirectory()
  let journal = try Journal(path: directory.file())
  let composed = SnapshotRow(accountKey: "\u{e9}cole", accountName: "composed")
  let decomposed = SnapshotRow(accountKey: "e\u{301}cole", accountName: "decomposed")

  let count = try journal.recordSnapshot(date: Days.feb1, rows: [composed, decomposed])
  let table = try journal.snapshotTable(on: Days.feb1)

  #expect(count == 2)
  #expect(table.count == 2)
  #expect(table.row(account: "\u{e9}cole") == composed)
  #expect(table.row(account: "e\u{301}cole") == decomposed)
}

@Test func nanHealthIsRecordedAsMissing() throws {
  let directory = try TemporaryDirectory()
  let journal = try Journal(path: directory.file())

  try journal.recordSnapshot(
    date: Days.feb1, rows: [SnapshotRow(accountKey: "A-1", accountName: "x", health: .nan)])

  #expect(
    try journal.snapshot(on: Days.feb1) == ["A-1": SnapshotRow(accountKey: "A-1", accountName: "x")]
  )
}

@Test func snapshotTableLooksUpAccounts() throws {
  let directory = try TemporaryDirectory()
  let journal = try Journal(path: directory.file())
  let rows = (0..<1000).map { account($0) }
  try journal.recordSnapshot(date: Days.feb1, rows: rows)

  let table = try journal.snapshotTable(on: Days.feb1)
  let missing = try journal.snapshotTable(on: Days.feb5)

  #expect(table.date == Days.feb1)
  #expect(table.count == 1000)
  #expect(Set(table) == Set(rows))
  #expect(Set(table.indices.map { table[$0] }) == Set(rows))
  #expect(table.row(account: "A-417") == account(417))
  #expect(table.row(account: "A-1000") == nil)
  #expect(missing.isEmpty)
  #expect(missing.row(account: "A-1") == nil)
}

/// Enough rows for several buckets, so that a bucket's chunk is found by the key's hash.
@Test func largeSnapshotSpansBuckets() throws {
  let directory = try TemporaryDirectory()
  let journal = try Journal(path: directory.file())
  let rowCount = 2 * Bucketing.rowsPerChunk + 10
  let rows = (0..<rowCount).map { account($0) }
  let recorded = try journal.recordSnapshot(date: Days.feb1, rows: rows)
  try journal.recordSnapshot(date: Days.feb14, rows: Array(rows.prefix(500)))

  let record = try #require(try SnapshotStore(connection: journal.connection).dateRecord(Days.feb1))
  let table = try journal.snapshotTable(on: Days.feb1)

  #expect(recorded == rowCount)
  #expect(record.bucketBits == 2)
  #expect(table.count == rowCount)
  #expect(table.row(account: "A-131000") == account(131_000))
  let sample = account(77)
  let point = StatusPoint(date: Days.feb1, status: sample.status, health: sample.health)
  let later = StatusPoint(date: Days.feb14, status: sample.status, health: sample.health)
  #expect(try journal.statusHistory(account: "A-77") == [point, later])
  #expect(try journal.statusHistory(account: "A-131000").count == 1)
  #expect(try journal.statusHistory(since: Days.feb14).count == 500)
  guard case .ok(let summary) = Journal.check(path: directory.file()) else {
    Issue.record("expected ok, got \(Journal.check(path: directory.file()))")
    return
  }
  #expect(summary.snapshotRows == rowCount + 500)
}

/// A date that grows past twice its buckets' size is spread over more buckets, and keeps
/// every row it had.
@Test func growingDateSpreadsOverMoreBuckets() throws {
  let directory = try TemporaryDirectory()
  let journal = try Journal(path: directory.file())
  let store = SnapshotStore(connection: journal.connection)
  let first = (0..<100).map { account($0, name: "first") }
  try journal.recordSnapshot(date: Days.feb1, rows: first)
  let bitsBefore = try #require(try store.dateRecord(Days.feb1)).bucketBits
  let total = 2 * Bucketing.rowsPerChunk + 1

  let added = try journal.recordSnapshot(
    date: Days.feb1, rows: (0..<total).map { account($0, name: "second") })

  let record = try #require(try store.dateRecord(Days.feb1))
  let table = try journal.snapshotTable(on: Days.feb1)
  #expect(bitsBefore == 0)
  #expect(added == total - 100)
  #expect(record.bucketBits == 2)
  #expect(record.digest.count == total)
  #expect(table.row(account: "A-5") == account(5, name: "first"))
  #expect(table.row(account: "A-500") == account(500, name: "second"))
  #expect(table.count == total)
  #expect(try store.verifyAll() == total)
}

@Test func importedHistoryMergesEachDate() throws {
  let directory = try TemporaryDirectory()
  let journal = try Journal(path: directory.file())
  try journal.recordSnapshot(date: Days.feb5, rows: [account(1)])

  let added = try journal.importHistory(rows: [
    DatedSnapshotRow(date: Days.feb5, row: account(1, name: "changed")),
    DatedSnapshotRow(date: Days.feb5, row: account(2)),
    DatedSnapshotRow(date: Days.feb1, row: account(3)),
    DatedSnapshotRow(date: Days.feb1, row: account(3, name: "repeat")),
  ])

  #expect(added == 2)
  #expect(try journal.snapshot(on: Days.feb5) == ["A-1": account(1), "A-2": account(2)])
  #expect(try journal.snapshot(on: Days.feb1) == ["A-3": account(3)])
}
