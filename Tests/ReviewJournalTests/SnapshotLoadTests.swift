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

private func keyed(_ rows: [SnapshotRow]) -> [String: SnapshotRow] {
  Dictionary(uniqueKeysWithValues: rows.map { ($0.accountKey, $0) })
}

/// The number of rows SQLite changed on the journal's connection so far.
private func totalChanges(_ journal: Journal) -> Int64 {
  sqlite3_total_changes64(journal.connection.handle)
}

@Test func correctedLoadReplacesFirstLoadOfDay() throws {
  let directory = try TemporaryDirectory()
  let journal = try Journal(path: directory.file())
  let first = (0..<5).map { account($0) }
  var changed = account(2, name: "Renamed", health: 1)
  changed.status = nil
  // Account 4 left the book, and account 7 joined it twice.
  let corrected =
    [changed, account(7), account(0), account(7, name: "Repeat"), account(1)]
    + [account(3)]

  let firstCount = try journal.recordSnapshot(date: Days.feb1, rows: first)
  let secondCount = try journal.recordSnapshot(date: Days.feb1, rows: corrected)

  #expect(firstCount == 5)
  #expect(secondCount == 5)
  #expect(
    try journal.snapshot(on: Days.feb1)
      == keyed([changed, account(7), account(0), account(1), account(3)]))
  #expect(try journal.snapshotEntries(on: Days.feb1).map(\.accountCount) == [5])
  #expect(try journal.snapshotEntries().map(\.id) == [2])
  #expect(try journal.snapshotDates() == [Days.feb1])
  #expect(
    Journal.check(path: directory.file()).description.hasSuffix("1 snapshot (5 account rows)"))
}

@Test func sameRowsAgainWriteNothing() throws {
  let directory = try TemporaryDirectory()
  let journal = try Journal(path: directory.file())
  let rows = (0..<200).map { account($0) }
  try journal.recordSnapshot(date: Days.feb1, rows: rows)
  let before = totalChanges(journal)

  let again = try journal.recordSnapshot(date: Days.feb1, rows: rows)
  let reversed = try journal.recordSnapshot(date: Days.feb1, rows: rows.reversed())
  let empty = try journal.recordSnapshot(date: Days.feb1, rows: [])

  #expect([again, reversed, empty] == [0, 0, 0])
  #expect(totalChanges(journal) == before)
  #expect(try journal.snapshotEntries().map(\.id) == [1])
}

@Test func sameKeysWithOtherValuesAreRecorded() throws {
  let directory = try TemporaryDirectory()
  let journal = try Journal(path: directory.file())
  let rows = (0..<20).map { account($0) }
  try journal.recordSnapshot(date: Days.feb1, rows: rows)
  var edited = rows
  edited[3].health = 99
  var renamed = rows
  renamed[4].accountName = "Renamed"
  var withoutRenewal = rows
  withoutRenewal[5].renewalDate = nil

  for (index, load) in [edited, renamed, withoutRenewal].enumerated() {
    #expect(try journal.recordSnapshot(date: Days.feb1, rows: load) == 20, "load \(index)")
    #expect(try journal.snapshot(on: Days.feb1) == keyed(load), "load \(index)")
  }
  #expect(try journal.snapshotEntries().map(\.id) == [4])
}

@Test func loadOfAnotherBookKeepsBothSnapshots() throws {
  let directory = try TemporaryDirectory()
  let journal = try Journal(path: directory.file())
  let book = (0..<100).map { account($0) }
  let telco = (0..<5).map { SnapshotRow(accountKey: "T-\($0)", accountName: "Telco \($0)") }
  try journal.recordSnapshot(date: Days.feb1, rows: book)
  try journal.recordSnapshot(date: Days.feb1, rows: telco)

  let ofBook = try journal.snapshotView(
    on: Days.feb1, of: AccountKeySet(keys: book.map(\.accountKey)))
  let ofTelco = try journal.snapshotView(
    on: Days.feb1, of: AccountKeySet(keys: telco.map(\.accountKey) + ["T-new"]))
  let ofNeither = try journal.snapshotView(on: Days.feb1, of: AccountKeySet(keys: ["X-1"]))

  #expect(try journal.snapshotEntries(on: Days.feb1).map(\.accountCount) == [100, 5])
  #expect(Set(ofBook) == Set(book))
  #expect(ofBook.entries.map(\.id) == [1])
  #expect(Set(ofTelco) == Set(telco))
  #expect(ofTelco.entries.map(\.id) == [2])
  #expect(ofNeither.isEmpty)
  #expect(ofNeither.row(account: "A-1") == nil)
  #expect(try journal.snapshot(on: Days.feb1).count == 105)
}

/// A load of a few accounts of a book leaves the book's snapshot in place, and its rows win
/// for those accounts until the book is loaded again.
@Test func partialLoadOverlaysBookUntilReloaded() throws {
  let directory = try TemporaryDirectory()
  let journal = try Journal(path: directory.file())
  let book = (0..<100).map { account($0) }
  let part = (0..<10).map { account($0, name: "part", health: 7) }
  try journal.recordSnapshot(date: Days.feb1, rows: book)

  #expect(try journal.recordSnapshot(date: Days.feb1, rows: part) == 10)
  let overlaid = try journal.snapshotView(
    on: Days.feb1, of: AccountKeySet(keys: book.map(\.accountKey)))
  #expect(overlaid.entries.map(\.id) == [2, 1])
  #expect(overlaid.count == 100)
  #expect(overlaid.row(account: "A-3") == account(3, name: "part", health: 7))
  #expect(overlaid.row(account: "A-30") == account(30))
  #expect(Set(overlaid) == Set(part + book[10...]))

  // The book's rows are those of its snapshot, but a later snapshot shares accounts with it,
  // so the load is recorded again, and replaces both.
  #expect(try journal.recordSnapshot(date: Days.feb1, rows: book) == 100)
  #expect(try journal.snapshotEntries().map(\.id) == [3])
  #expect(try journal.snapshot(on: Days.feb1) == keyed(book))
}

@Test func bookAgainAfterAnotherBookWritesNothing() throws {
  let directory = try TemporaryDirectory()
  let journal = try Journal(path: directory.file())
  let book = (0..<50).map { account($0) }
  let other = (0..<50).map { SnapshotRow(accountKey: "B-\($0)", accountName: "Other \($0)") }
  try journal.recordSnapshot(date: Days.feb1, rows: book)
  try journal.recordSnapshot(date: Days.feb1, rows: other)
  let before = totalChanges(journal)

  #expect(try journal.recordSnapshot(date: Days.feb1, rows: book) == 0)
  #expect(try journal.recordSnapshot(date: Days.feb1, rows: other) == 0)
  #expect(totalChanges(journal) == before)
  #expect(try journal.snapshotEntries().map(\.id) == [1, 2])
}

@Test func repeatedKeysKeepFirstRow() throws {
  let directory = try TemporaryDirectory()
  let journal = try Journal(path: directory.file())
  let rows = (0..<20).map { account($0) }
  let repeated = rows + [account(0, name: "again"), account(1, name: "again")]

  #expect(try journal.recordSnapshot(date: Days.feb1, rows: repeated) == 20)
  #expect(try journal.recordSnapshot(date: Days.feb1, rows: repeated) == 0)
  #expect(try journal.snapshot(on: Days.feb1) == keyed(rows))
  #expect(try journal.snapshotEntries().map(\.accountCount) == [20])
}

@Test func keysCompareByBytes() throws {
  let directory = try TemporaryDirectory()
  let journal = try Journal(path: directory.file())
  let composed = SnapshotRow(accountKey: "\u{e9}cole", accountName: "composed")
  let decomposed = SnapshotRow(accountKey: "e\u{301}cole", accountName: "decomposed")

  let count = try journal.recordSnapshot(date: Days.feb1, rows: [composed, decomposed])
  let view = try journal.snapshotView(on: Days.feb1)

  #expect(count == 2)
  #expect(view.count == 2)
  #expect(view.row(account: "\u{e9}cole") == composed)
  #expect(view.row(account: "e\u{301}cole") == decomposed)
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

@Test func snapshotViewLooksUpAccounts() throws {
  let directory = try TemporaryDirectory()
  let journal = try Journal(path: directory.file())
  let rows = (0..<1000).map { account($0) }
  try journal.recordSnapshot(date: Days.feb1, rows: rows)

  let view = try journal.snapshotView(on: Days.feb1)
  let missing = try journal.snapshotView(on: Days.feb5)

  #expect(view.date == Days.feb1)
  #expect(view.count == 1000)
  #expect(Set(view) == Set(rows))
  #expect(view.row(account: "A-417") == account(417))
  #expect(view.row(account: "A-1000") == nil)
  #expect(missing.isEmpty)
  #expect(missing.entries.isEmpty)
  #expect(missing.row(account: "A-1") == nil)
}

/// A snapshot is of a book when half of its accounts are in the book, or when half of the
/// book's accounts are in it.
@Test func snapshotOfBookByShare() throws {
  let directory = try TemporaryDirectory()
  let journal = try Journal(path: directory.file())
  try journal.recordSnapshot(date: Days.feb1, rows: (0..<10).map { account($0) })
  func keys(_ numbers: Range<Int>) -> AccountKeySet {
    AccountKeySet(keys: numbers.map { "A-\($0)" })
  }

  let cases: [(book: Range<Int>, isOfBook: Bool)] = [
    (0..<10, true),
    // Half of the snapshot's accounts are in the book.
    (5..<100, true),
    (6..<100, false),
    // Half of the book's accounts are in the snapshot.
    (8..<12, true),
    (9..<12, false),
    (10..<20, false),
  ]
  for (book, isOfBook) in cases {
    let view = try journal.snapshotView(on: Days.feb1, of: keys(book))
    #expect(view.isEmpty == !isOfBook, "book \(book)")
  }
}

/// Enough rows for several buckets, so that a bucket's chunk is found by the key's hash.
@Test func largeSnapshotSpansBuckets() throws {
  let directory = try TemporaryDirectory()
  let journal = try Journal(path: directory.file())
  let rowCount = 2 * Bucketing.rowsPerChunk + 10
  let rows = (0..<rowCount).map { account($0) }
  let recorded = try journal.recordSnapshot(date: Days.feb1, rows: rows)
  try journal.recordSnapshot(date: Days.feb14, rows: Array(rows.prefix(500)))

  let store = SnapshotStore(connection: journal.connection)
  let record = try #require(try store.loadRecords(on: Days.feb1).first)
  let view = try journal.snapshotView(on: Days.feb1)

  #expect(recorded == rowCount)
  #expect(record.bucketBits == 2)
  #expect(view.count == rowCount)
  #expect(view.row(account: "A-131000") == account(131_000))
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

/// A large load that replaces a small snapshot gets the buckets of its own size.
@Test func largeLoadReplacesSmallSnapshot() throws {
  let directory = try TemporaryDirectory()
  let journal = try Journal(path: directory.file())
  let store = SnapshotStore(connection: journal.connection)
  try journal.recordSnapshot(date: Days.feb1, rows: (0..<100).map { account($0, name: "first") })
  let total = 2 * Bucketing.rowsPerChunk + 1

  let added = try journal.recordSnapshot(
    date: Days.feb1, rows: (0..<total).map { account($0, name: "second") })

  let records = try store.loadRecords(on: Days.feb1)
  let view = try journal.snapshotView(on: Days.feb1)
  #expect(added == total)
  #expect(records.map(\.id) == [2])
  #expect(records.first?.bucketBits == 2)
  #expect(records.first?.digest.count == total)
  #expect(view.row(account: "A-5") == account(5, name: "second"))
  #expect(view.count == total)
  #expect(try store.verifyAll() == total)
  #expect(
    try queryInteger(
      "SELECT count(*) FROM snapshot_chunks WHERE snapshot = 1", in: directory.file()) == 0)
}

@Test func statusHistoryTakesLatestSnapshotOfDate() throws {
  let directory = try TemporaryDirectory()
  let journal = try Journal(path: directory.file())
  try journal.recordSnapshot(date: Days.feb1, rows: (0..<10).map { account($0) })
  try journal.recordSnapshot(date: Days.feb1, rows: [account(3, health: 12)])
  try journal.recordSnapshot(date: Days.feb5, rows: (0..<10).map { account($0) })

  let expected = [
    StatusPoint(date: Days.feb1, status: "red", health: 12),
    StatusPoint(date: Days.feb5, status: "red", health: 3),
  ]
  #expect(try journal.statusHistory()["A-3"] == expected)
  #expect(try journal.statusHistory(account: "A-3") == expected)
  #expect(try journal.statusHistory()["A-4"]?.count == 2)
}

@Test func importedHistoryAddsOnlyUnrecordedAccounts() throws {
  let directory = try TemporaryDirectory()
  let journal = try Journal(path: directory.file())
  try journal.recordSnapshot(date: Days.feb5, rows: [account(1)])
  let history = [
    DatedSnapshotRow(date: Days.feb5, row: account(1, name: "changed")),
    DatedSnapshotRow(date: Days.feb5, row: account(2)),
    DatedSnapshotRow(date: Days.feb1, row: account(3)),
    DatedSnapshotRow(date: Days.feb1, row: account(3, name: "repeat")),
  ]

  let added = try journal.importHistory(rows: history)
  let again = try journal.importHistory(rows: history)

  #expect(added == 2)
  #expect(again == 0)
  #expect(try journal.snapshot(on: Days.feb5) == ["A-1": account(1), "A-2": account(2)])
  #expect(try journal.snapshot(on: Days.feb1) == ["A-3": account(3)])
  #expect(try journal.snapshotEntries().map(\.accountCount) == [1, 1, 1])
}

@Test func loadOfRecordedSourceTrustsItsSnapshot() throws {
  let directory = try TemporaryDirectory()
  let journal = try Journal(path: directory.file())
  let rows = SnapshotBatch((0..<5).map { account($0) })
  let other = SnapshotBatch((0..<5).map { account($0, health: 9) })

  #expect(try journal.recordSnapshot(date: Days.feb1, batch: rows, source: "files A") == 5)
  // The same source stands for the same rows, so the journal records nothing and never
  // looks at the rows: even other rows under that source are taken for the snapshot's.
  #expect(try journal.recordSnapshot(date: Days.feb1, batch: other, source: "files A") == 0)
  #expect(try journal.snapshotEntries().map(\.id) == [1])

  // Another source, or none, compares the rows themselves.
  #expect(try journal.recordSnapshot(date: Days.feb1, batch: rows, source: "files B") == 0)
  #expect(try journal.recordSnapshot(date: Days.feb1, batch: other, source: "files C") == 5)
  #expect(try journal.snapshotEntries().map(\.id) == [2])

  // Snapshot 1 was replaced, so its sources find nothing and the rows decide again.
  #expect(try journal.recordSnapshot(date: Days.feb1, batch: rows, source: "files A") == 5)
  #expect(try journal.snapshotEntries().map(\.id) == [3])
  // Another date has no snapshot of the source yet.
  #expect(try journal.recordSnapshot(date: Days.feb14, batch: rows, source: "files A") == 5)
}

@Test func sourcesOfEarlierDatesAreForgotten() throws {
  let directory = try TemporaryDirectory()
  let journal = try Journal(path: directory.file())
  let rows = SnapshotBatch((0..<5).map { account($0) })
  try journal.recordSnapshot(date: Days.feb1, batch: rows, source: "files A")
  try journal.recordSnapshot(date: Days.feb14, batch: rows, source: "files A")

  let sources = try journal.connection.prepare(
    "SELECT source, snapshot FROM snapshot_sources ORDER BY snapshot")
  var remembered: [String] = []
  while try sources.step() {
    remembered.append("\(sources.text(at: 0)) \(sources.integer(at: 1))")
  }
  #expect(remembered == ["files A 2"])
}

@Test func journalWithoutSourcesTableRecordsAsBefore() throws {
  let directory = try TemporaryDirectory()
  let journal = try Journal(path: directory.file())
  let rows = SnapshotBatch((0..<5).map { account($0) })
  try journal.recordSnapshot(date: Days.feb1, batch: rows)
  let tables = try journal.connection.integer(
    "SELECT count(*) FROM sqlite_schema WHERE name = 'snapshot_sources'")
  #expect(tables == 0)
  #expect(try journal.recordSnapshot(date: Days.feb1, batch: rows, source: "files A") == 0)
  #expect(Journal.check(path: directory.file()).description.contains("ok, schema version 4"))
}

@Test func recordedSourceNeedsNoBatch() throws {
  let directory = try TemporaryDirectory()
  let journal = try Journal(path: directory.file())
  let rows = SnapshotBatch((0..<5).map { account($0) })
  var batchesMade = 0
  func makeRows() -> SnapshotBatch {
    batchesMade += 1
    return rows
  }

  #expect(
    try journal.recordSnapshot(date: Days.feb1, count: 5, source: "files A", makeBatch: makeRows)
      == 5)
  #expect(batchesMade == 1)
  // The snapshot of the source is taken for the rows, which are never made.
  #expect(
    try journal.recordSnapshot(date: Days.feb1, count: 5, source: "files A", makeBatch: makeRows)
      == 0)
  #expect(batchesMade == 1)
  // Another source has its rows made once, for both the digest and the write.
  #expect(
    try journal.recordSnapshot(date: Days.feb14, count: 5, source: "files B", makeBatch: makeRows)
      == 5)
  #expect(batchesMade == 2)
  // An empty load makes nothing.
  #expect(
    try journal.recordSnapshot(date: Days.feb14, count: 0, source: nil) {
      batchesMade += 1
      return SnapshotBatch([SnapshotRow]())
    } == 0)
  #expect(batchesMade == 2)
}

@Test func rowsFoundByDigestRememberTheirSource() throws {
  let directory = try TemporaryDirectory()
  let journal = try Journal(path: directory.file())
  let rows = SnapshotBatch((0..<5).map { account($0) })
  let other = SnapshotBatch((0..<5).map { account($0, health: 9) })

  // Recorded without a source, as by an older review, then loaded with one: the rows are
  // found by their digest, and the source is remembered for the snapshot.
  #expect(try journal.recordSnapshot(date: Days.feb1, batch: rows) == 5)
  #expect(try journal.recordSnapshot(date: Days.feb1, batch: rows, source: "files A") == 0)

  // So the next load of that source is taken for the snapshot without its rows compared.
  #expect(try journal.recordSnapshot(date: Days.feb1, batch: other, source: "files A") == 0)
  #expect(try journal.snapshotEntries().map(\.id) == [1])
}

@Test func readOnlyJournalFindsRowsWithoutRememberingSource() throws {
  let directory = try TemporaryDirectory()
  let path = directory.file()
  let rows = SnapshotBatch((0..<5).map { account($0) })
  try Journal(path: path).recordSnapshot(date: Days.feb1, batch: rows)

  let readOnly = try Journal(path: path, access: .readOnly)
  #expect(try readOnly.recordSnapshot(date: Days.feb1, batch: rows, source: "files A") == 0)
  let journal = try Journal(path: path)
  let remembered = try journal.connection.prepare(
    "SELECT count(*) FROM sqlite_schema WHERE name = 'snapshot_sources'")
  #expect(try remembered.step())
  #expect(remembered.integer(at: 0) == 0)
}
