import ReviewBook

extension Journal {
  /// The row count from which a snapshot write leaves the WAL checkpoint to a later write.
  /// Packed rows take 13 bytes or more each, so such a snapshot adds at least 800 pages of
  /// 4 KiB to the WAL, close to the 1000 pages at which SQLite checkpoints.
  static let largeSnapshotRows = 250_000

  /// Records the accounts of a book loaded on `date`, all in one transaction, and returns
  /// how many rows were added.
  ///
  /// An account keeps one row per date: a row whose account key already has a row on `date`,
  /// from an earlier call or earlier in `batch`, is skipped, and rows already recorded never
  /// change. Keys are compared by their UTF-8 bytes. A health that is NaN is recorded as
  /// missing.
  ///
  /// Rows are stored packed, many accounts to a chunk (see `SnapshotChunk`). When `batch`
  /// holds exactly the accounts already recorded for `date`, each once, the call notices it
  /// from the date's key digest and returns 0 without taking the write lock, so that such a
  /// call succeeds on a read-only journal too.
  ///
  /// - Complexity: O(n) for n rows on a new date, and O(n + m) when the date already has m
  ///   rows, of which only the chunks that gain rows are written again. NOTE: Measured on 1M
  ///   generated accounts in a release build on two cores, a new date took 180–250 ms and
  ///   the same accounts again 5 ms. Adding 1,000 accounts to that date took about 350 ms,
  ///   because every chunk that gains a row is encoded again.
  @discardableResult
  public func recordSnapshot(date: Day, batch: SnapshotBatch) throws(JournalError) -> Int {
    // Hashing needs nothing from the file, so it runs before the write lock is taken.
    let keyed = KeyedRows(batch)
    let record = try connection.readTransaction { () throws(JournalError) in
      try SnapshotStore(connection: connection).dateRecord(date)
    }
    if record?.digest == keyed.digest { return 0 }

    let isLarge = batch.count >= Journal.largeSnapshotRows
    return try connection.withoutAutomaticCheckpoint(if: isLarge) { () throws(JournalError) in
      try connection.writeTransaction { () throws(JournalError) in
        try SnapshotStore(connection: connection).merge(keyed, on: date)
      }
    }
  }

  /// Records `rows` as `recordSnapshot(date:batch:)` records a batch of them, and returns how
  /// many rows were added.
  @discardableResult
  public func recordSnapshot(date: Day, rows: [SnapshotRow]) throws(JournalError) -> Int {
    try recordSnapshot(date: date, batch: SnapshotBatch(rows))
  }

  /// Records the rows of a history file, loaded in place of snapshots taken at each load,
  /// all in one transaction, and returns how many rows were added. Rows are skipped as
  /// `recordSnapshot(date:batch:)` skips them.
  @discardableResult
  public func importHistory(rows: [DatedSnapshotRow]) throws(JournalError) -> Int {
    var rowsByDate: [Day: [SnapshotRow]] = [:]
    for row in rows {
      rowsByDate[row.date, default: []].append(row.row)
    }
    let keyedByDate = rowsByDate.keys.sorted().map {
      ($0, KeyedRows(SnapshotBatch(rowsByDate[$0]!)))
    }

    let isLarge = rows.count >= Journal.largeSnapshotRows
    return try connection.withoutAutomaticCheckpoint(if: isLarge) { () throws(JournalError) in
      try connection.writeTransaction { () throws(JournalError) in
        let store = SnapshotStore(connection: connection)
        var added = 0
        for (date, keyed) in keyedByDate {
          added += try store.merge(keyed, on: date)
        }
        return added
      }
    }
  }

  /// Returns the dates that have a snapshot, earliest first.
  ///
  /// - Complexity: O(d) for d dates.
  public func snapshotDates() throws(JournalError) -> [Day] {
    let statement = try connection.prepare("SELECT date FROM snapshot_dates ORDER BY date")
    var dates: [Day] = []
    while try statement.step() {
      dates.append(statement.day(at: 0))
    }
    return dates
  }

  /// Returns the snapshot taken on `date`, keyed by account key, or an empty
  /// dictionary when there is none.
  ///
  /// Throws `.corrupt` when a chunk of the date fails its checksum or cannot be decoded.
  ///
  /// - Complexity: O(n) for n rows on `date`. NOTE: Measured on 1M generated accounts in a
  ///   release build on two cores, this took about 800 ms, most of it building the
  ///   dictionary, which alone takes 450–550 ms there. `snapshotTable(on:)` returns the same
  ///   rows with a lookup by key in about 90 ms.
  public func snapshot(on date: Day) throws(JournalError) -> [String: SnapshotRow] {
    let table = try snapshotTable(on: date)
    var snapshot: [String: SnapshotRow] = [:]
    snapshot.reserveCapacity(table.count)
    for row in table {
      snapshot[row.accountKey] = row
    }
    return snapshot
  }

  /// Returns the snapshot taken on `date` as a table with a lookup by account key, which is
  /// empty when there is none. It contains the same rows as `snapshot(on:)` and makes a
  /// `SnapshotRow` only for a row that is read.
  ///
  /// Throws `.corrupt` when a chunk of the date fails its checksum or cannot be decoded.
  ///
  /// - Complexity: O(n) for n rows on `date`.
  public func snapshotTable(on date: Day) throws(JournalError) -> SnapshotTable {
    try connection.readTransaction { () throws(JournalError) in
      try SnapshotStore(connection: connection).table(on: date)
    }
  }

  /// Returns each account's status and health at every snapshot on or after `since` (every
  /// snapshot when nil), keyed by account key, earliest first.
  ///
  /// - Complexity: O(d × n) for d dates of n rows each, because every row of every date is
  ///   decoded. NOTE: Measured in a release build on two cores, 5 dates of 1M accounts took
  ///   about 3 s, most of it making the dictionary's million arrays.
  public func statusHistory(since: Day? = nil) throws(JournalError) -> [String: [StatusPoint]] {
    try connection.readTransaction { () throws(JournalError) in
      try SnapshotStore(connection: connection).statusHistory(since: since)
    }
  }

  /// Returns one account's status and health at every snapshot, earliest first.
  ///
  /// - Complexity: O(d × c) for d dates, where c is the row count of one chunk (at most
  ///   131,072 on average), because each date's lookup decodes the keys of one chunk.
  public func statusHistory(account: String) throws(JournalError) -> [StatusPoint] {
    try connection.readTransaction { () throws(JournalError) in
      try SnapshotStore(connection: connection).statusHistory(account: account)
    }
  }
}
