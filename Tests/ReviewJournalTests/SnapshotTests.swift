import ReviewBook
import ReviewJournal
import Testing

private let payPalRed = SnapshotRow(
  accountKey: "A-100", accountName: "PayPal", health: 35.5, status: "red", arrCents: 4_946_100,
  renewalDate: Days.mar1)
private let acmeGreen = SnapshotRow(
  accountKey: "A-200", accountName: "Acme Corp", health: 82, status: "green",
  arrCents: 12_000_000, renewalDate: nil)
private let globexUnknown = SnapshotRow(accountKey: "A-300", accountName: "Globex")

@Test func secondLoadOfDayReplacesFirst() throws {
  let directory = try TemporaryDirectory()
  let journal = try Journal(path: directory.file())

  let firstCount = try journal.recordSnapshot(
    date: Days.feb1, rows: [payPalRed, acmeGreen, globexUnknown])
  var changed = payPalRed
  changed.health = 90
  changed.status = "green"
  let secondCount = try journal.recordSnapshot(date: Days.feb1, rows: [changed, acmeGreen])

  #expect(firstCount == 3)
  #expect(secondCount == 2)
  #expect(try journal.snapshotDates() == [Days.feb1])
  #expect(try journal.snapshot(on: Days.feb1) == ["A-100": changed, "A-200": acmeGreen])
}

@Test func columnarBatchReadsMissingValuesAsABookMarksThem() throws {
  let directory = try TemporaryDirectory()
  let journal = try Journal(path: directory.file())
  var statuses = SnapshotStatuses()
  for status in ["red", nil, "green", "red"] { statuses.append(status) }
  let batch = SnapshotBatch(
    keys: PackedStrings(["A-100", "A-300", "A-200", "A-100"]),
    names: PackedStrings(["PayPal", "Globex", "Acme Corp", "PayPal again"]),
    statuses: statuses,
    health: [35.5, .nan, 82, 10],
    arrCents: [4_946_100, Column.missingMoney, 12_000_000, 1],
    renewalDays: [Days.mar1.number, Column.missingDate, Column.missingDate, 0])

  // The fourth row repeats the first one's key, so only the first is kept.
  #expect(try journal.recordSnapshot(date: Days.feb1, batch: batch) == 3)
  #expect(
    try journal.snapshot(on: Days.feb1)
      == ["A-100": payPalRed, "A-200": acmeGreen, "A-300": globexUnknown])

  let namesOnly = SnapshotBatch(keys: PackedStrings(["A-400"]), names: PackedStrings(["Initech"]))
  #expect(try journal.recordSnapshot(date: Days.feb1, batch: namesOnly) == 1)
  #expect(
    try journal.snapshot(on: Days.feb1)["A-400"]
      == SnapshotRow(accountKey: "A-400", accountName: "Initech"))
  #expect(try journal.snapshot(on: Days.feb1).count == 4)
}

/// Returns a text column stored as bytes and offsets, as a book stores ids and names that are
/// mostly distinct, with a missing cell for each nil.
private func plainColumn(_ cells: [String?]) -> TextColumn {
  var builder = TextColumnBuilder(plainWithCapacity: cells.count)
  for cell in cells {
    if let cell { builder.append(cell) } else { builder.appendMissing() }
  }
  return builder.finish()
}

@Test func bookColumnBatchUsesFallbackKeys() throws {
  let directory = try TemporaryDirectory()
  let journal = try Journal(path: directory.file())
  // Twelve rows, so that the last fallback name has a two-digit row number.
  var ids: [String?] = ["A-1", nil, "A-3", nil, "Zoë-5"]
  var names: [String?] = ["Acme Corp", "Blank Id Co", nil, nil, "Zoë GmbH"]
  var statuses: [String?] = ["green", nil, "red", "yellow", "green"]
  for number in 6...11 {
    ids.append("A-\(number)")
    names.append("Filler \(number)")
    statuses.append(nil)
  }
  ids.append(nil)
  names.append(nil)
  statuses.append("red")
  let health: [Double] = [82, .nan, 35.5, 10] + [Double](repeating: 50, count: 8)
  let arrCents: [Int64] = [12_000_000, Column.missingMoney] + [Int64](repeating: 1, count: 10)
  let renewalDays = [Days.mar1.number] + [Int32](repeating: Column.missingDate, count: 11)
  let nameColumn = TextColumn(names)
  let statusColumn = TextColumn(statuses)
  #expect(nameColumn.isDictionary)
  #expect(statusColumn.isDictionary)

  let batch = SnapshotBatch(
    count: 12, ids: plainColumn(ids), names: nameColumn, statuses: statusColumn,
    health: health, arrCents: arrCents, renewalDays: renewalDays)
  let added = try journal.recordSnapshot(date: Days.feb1, batch: batch)
  let snapshot = try journal.snapshot(on: Days.feb1)

  #expect(added == 12)
  #expect(
    snapshot["A-1"]
      == SnapshotRow(
        accountKey: "A-1", accountName: "Acme Corp", health: 82, status: "green",
        arrCents: 12_000_000, renewalDate: Days.mar1))
  #expect(
    snapshot["Blank Id Co"] == SnapshotRow(accountKey: "Blank Id Co", accountName: "Blank Id Co"))
  #expect(
    snapshot["A-3"]
      == SnapshotRow(
        accountKey: "A-3", accountName: "row 3", health: 35.5, status: "red", arrCents: 1))
  #expect(
    snapshot["row 4"]
      == SnapshotRow(
        accountKey: "row 4", accountName: "row 4", health: 10, status: "yellow", arrCents: 1))
  #expect(snapshot["Zoë-5"]?.accountName == "Zoë GmbH")
  #expect(snapshot["A-11"]?.accountName == "Filler 11")
  #expect(snapshot["A-11"]?.status == nil)
  #expect(
    snapshot["row 12"]
      == SnapshotRow(
        accountKey: "row 12", accountName: "row 12", health: 50, status: "red", arrCents: 1))
  #expect(snapshot.count == 12)
  // The same columns again add nothing, nor do the same rows given one by one.
  #expect(try journal.recordSnapshot(date: Days.feb1, batch: batch) == 0)
  #expect(try journal.recordSnapshot(date: Days.feb1, rows: Array(snapshot.values)) == 0)
  #expect(try journal.snapshotEntries().map(\.id) == [1])
}

@Test func batchWithoutTextColumnsNamesRows() throws {
  let directory = try TemporaryDirectory()
  let journal = try Journal(path: directory.file())
  let batch = SnapshotBatch(count: 3, ids: nil, names: nil, health: [1, 2, 3])

  #expect(try journal.recordSnapshot(date: Days.feb1, batch: batch) == 3)
  let snapshot = try journal.snapshot(on: Days.feb1)
  #expect(snapshot["row 1"] == SnapshotRow(accountKey: "row 1", accountName: "row 1", health: 1))
  #expect(snapshot["row 3"] == SnapshotRow(accountKey: "row 3", accountName: "row 3", health: 3))
  #expect(snapshot.count == 3)
}

@Test func snapshotSkipsRepeatedKeyInOneCall() throws {
  let directory = try TemporaryDirectory()
  let journal = try Journal(path: directory.file())
  var repeated = payPalRed
  repeated.accountName = "PayPal Holdings"

  let count = try journal.recordSnapshot(date: Days.feb1, rows: [payPalRed, repeated])

  #expect(count == 1)
  #expect(try journal.snapshot(on: Days.feb1) == ["A-100": payPalRed])
}

@Test func twoDatesGiveTwoSnapshots() throws {
  let directory = try TemporaryDirectory()
  let journal = try Journal(path: directory.file())
  var payPalGreen = payPalRed
  payPalGreen.health = 71.25
  payPalGreen.status = "green"

  try journal.recordSnapshot(date: Days.feb14, rows: [payPalGreen, acmeGreen])
  try journal.recordSnapshot(date: Days.feb1, rows: [payPalRed, acmeGreen])

  #expect(try journal.snapshotDates() == [Days.feb1, Days.feb14])
  #expect(try journal.snapshot(on: Days.feb1) == ["A-100": payPalRed, "A-200": acmeGreen])
  #expect(try journal.snapshot(on: Days.feb14) == ["A-100": payPalGreen, "A-200": acmeGreen])
  #expect(try journal.snapshot(on: Days.feb5) == [:])
}

@Test func emptyJournalHasNoSnapshots() throws {
  let directory = try TemporaryDirectory()
  let journal = try Journal(path: directory.file())

  #expect(try journal.snapshotDates() == [])
  #expect(try journal.statusHistory() == [:])
}

@Test func statusHistoryPerAccount() throws {
  let directory = try TemporaryDirectory()
  let journal = try Journal(path: directory.file())
  var payPalYellow = payPalRed
  payPalYellow.health = 55
  payPalYellow.status = "yellow"
  try journal.recordSnapshot(date: Days.feb1, rows: [payPalYellow, acmeGreen])
  try journal.recordSnapshot(date: Days.feb10, rows: [payPalRed, acmeGreen])
  try journal.recordSnapshot(date: Days.feb14, rows: [payPalRed, globexUnknown])

  let history = try journal.statusHistory()

  let payPal = [
    StatusPoint(date: Days.feb1, status: "yellow", health: 55),
    StatusPoint(date: Days.feb10, status: "red", health: 35.5),
    StatusPoint(date: Days.feb14, status: "red", health: 35.5),
  ]
  #expect(history["A-100"] == payPal)
  #expect(
    history["A-200"] == [
      StatusPoint(date: Days.feb1, status: "green", health: 82),
      StatusPoint(date: Days.feb10, status: "green", health: 82),
    ])
  #expect(history["A-300"] == [StatusPoint(date: Days.feb14, status: nil, health: nil)])
  #expect(history.count == 3)
  #expect(try journal.statusHistory(account: "A-100") == payPal)
  #expect(try journal.statusHistory(account: "A-999") == [])
  #expect(try journal.statusHistory(since: Days.feb10)["A-100"] == Array(payPal.dropFirst()))
  #expect(try journal.statusHistory(since: Days.feb14).keys.sorted() == ["A-100", "A-300"])
}

@Test func importedHistoryJoinsSnapshots() throws {
  let directory = try TemporaryDirectory()
  let journal = try Journal(path: directory.file())
  try journal.recordSnapshot(date: Days.feb14, rows: [payPalRed])
  var payPalGreen = payPalRed
  payPalGreen.status = "green"

  let count = try journal.importHistory(rows: [
    DatedSnapshotRow(date: Days.feb1, row: payPalGreen),
    DatedSnapshotRow(date: Days.feb1, row: acmeGreen),
    DatedSnapshotRow(date: Days.feb5, row: acmeGreen),
    DatedSnapshotRow(date: Days.feb14, row: payPalGreen),
  ])

  #expect(count == 3)
  #expect(try journal.snapshotDates() == [Days.feb1, Days.feb5, Days.feb14])
  #expect(try journal.snapshot(on: Days.feb1) == ["A-100": payPalGreen, "A-200": acmeGreen])
  #expect(try journal.snapshot(on: Days.feb14) == ["A-100": payPalRed])
}

@Test func snapshotsCarryIntoSecondJournal() throws {
  let directory = try TemporaryDirectory()
  do {
    let journal = try Journal(path: directory.file())
    try journal.recordSnapshot(date: Days.feb1, rows: [payPalRed, acmeGreen])
  }

  let reopened = try Journal(path: directory.file())

  #expect(try reopened.snapshotDates() == [Days.feb1])
  #expect(try reopened.snapshot(on: Days.feb1) == ["A-100": payPalRed, "A-200": acmeGreen])
}
