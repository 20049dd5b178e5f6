import ReviewBook

extension Journal {
  /// The row count from which a snapshot write leaves the WAL checkpoint to a later write.
  /// Packed rows take 13 bytes or more each, so such a snapshot adds at least 800 pages of
  /// 4 KiB to the WAL, close to the 1000 pages at which SQLite checkpoints.
  static let largeSnapshotRows = 250_000

  /// Records the accounts of a book loaded on `date` as a snapshot of their own, all in one
  /// transaction, and returns how many rows it stored: one per account key, the first of rows
  /// that repeat a key. Keys are compared by their UTF-8 bytes. A health that is NaN is
  /// recorded as missing.
  ///
  /// The load replaces each earlier snapshot of `date` at least half of whose accounts it
  /// contains, as a corrected export of a book replaces the first export of the day. Other
  /// snapshots of the date, such as those of another book, stay. The date may already have a
  /// snapshot of exactly these rows, in any order, that no later snapshot of the date shares
  /// an account with. Then the call returns 0 without taking the write lock, so that it
  /// succeeds on a read-only journal too.
  ///
  /// Rows are stored packed, many accounts to a chunk (see `SnapshotChunk`).
  ///
  /// - Complexity: O(n) for a load of n rows, which are hashed, plus O(m) when the date has
  ///   snapshots of m rows in all that the load may replace, because their keys are decoded.
  ///   A load of the rows of the date's latest snapshot decodes nothing. NOTE: Measured with
  ///   `review -c today` on the 1M-account book of `scripts/bench_data.py`, in a release
  ///   build on two cores that other work shared. The first load of a date took about 0.9 s
  ///   in this call, and the same rows again about 0.07 s. A corrected export of the same
  ///   accounts took about 0.5 s more than the first load.
  ///
  /// `source`, the loader's fingerprint of the files the rows were read from, lets a later
  /// load of the same unchanged files on `date` find its snapshot without hashing the rows:
  /// the content digest recorded with that snapshot stands for them.
  @discardableResult
  public func recordSnapshot(
    date: Day, batch: SnapshotBatch, source: String? = nil
  ) throws(JournalError) -> Int {
    try recordSnapshot(date: date, count: batch.count, source: source) { batch }
  }

  /// Records the snapshot that `makeBatch` returns, as `recordSnapshot(date:batch:source:)`
  /// does, and calls `makeBatch` only when `source` does not show the rows recorded already.
  /// `count` is the number of rows the batch will have.
  @discardableResult
  public func recordSnapshot(
    date: Day, count: Int, source: String?, makeBatch: () -> SnapshotBatch
  ) throws(JournalError) -> Int {
    guard count > 0 else { return 0 }

    var cachedBatch: SnapshotBatch?
    func batchOnce() -> SnapshotBatch {
      if let cachedBatch { return cachedBatch }
      let batch = makeBatch()
      precondition(batch.count == count, "a snapshot batch has the row count given for it")
      cachedBatch = batch
      return batch
    }
    var loadKeys: AccountKeySet?
    var sharedCounts: [Int64: Int] = [:]
    if let source,
      try isRecorded(batchOnce, from: source, on: date, sharedCounts: &sharedCounts)
    {
      return 0
    }
    let batch = batchOnce()

    // Hashing needs nothing from the file, so it runs before the write lock is taken. The
    // content digest alone finds a load already recorded today. The key hashes, one a row,
    // are computed only when the load is recorded or its keys are compared.
    let content = KeyedRows.contentDigest(of: batch)
    var keyed: KeyedRows?
    func load() -> KeyedRows {
      if let keyed { return keyed }
      let rows = KeyedRows(batch, contentDigest: content)
      keyed = rows
      return rows
    }
    let firstPlan = try connection.readTransaction { () throws(JournalError) in
      try SnapshotStore(connection: connection).plan(
        content: content, keyHashes: { load().hashes }, on: date, loadKeys: &loadKeys,
        sharedCounts: &sharedCounts)
    }
    if case .skip(let matching) = firstPlan {
      if let source { rememberIfWritable(source: source, of: matching, on: date) }
      return 0
    }
    // A file of schema version 2 shows its snapshots through views, which reject writes with
    // another error than a read-only file does.
    guard !connection.isReadOnly else { throw .readOnly(path: path) }

    let isLarge = batch.count >= Journal.largeSnapshotRows
    return try connection.withoutAutomaticCheckpoint(if: isLarge) { () throws(JournalError) in
      try connection.writeTransaction { () throws(JournalError) in
        // Another connection may have recorded a snapshot of the date since the first plan.
        let store = SnapshotStore(connection: connection)
        let plan = try store.plan(
          content: content, keyHashes: { load().hashes }, on: date, loadKeys: &loadKeys,
          sharedCounts: &sharedCounts)
        guard case .record(let replaced) = plan else { return 0 }

        try store.delete(replaced)
        let (rows, id) = try store.insert(load(), on: date)
        if let source, let id { try store.remember(source: source, of: id, on: date) }
        return rows
      }
    }
  }

  /// Returns whether a snapshot of `date` read from the files that `source` fingerprints
  /// already records the rows of `batch`. That snapshot's content digest is taken for the
  /// batch's, and `plan` decides as it does for a digest computed from the rows. The batch
  /// is made only when another snapshot of the date may share accounts with it.
  private func isRecorded(
    _ batch: () -> SnapshotBatch, from source: String, on date: Day,
    sharedCounts: inout [Int64: Int]
  ) throws(JournalError) -> Bool {
    try connection.readTransaction { () throws(JournalError) in
      let store = SnapshotStore(connection: connection)
      let ids = try store.snapshots(readFrom: source)
      guard !ids.isEmpty,
        let content = try store.loadRecords(on: date).last(where: { ids.contains($0.id) })?.content
      else { return false }

      var loadKeys: AccountKeySet?
      return try store.plan(
        content: content, keyHashes: { KeyedRows.hashes(of: batch().keys) }, on: date,
        loadKeys: &loadKeys, sharedCounts: &sharedCounts
      ).isSkip
    }
  }

  /// Remembers that the files `source` fingerprints hold the rows of snapshot `id`, found
  /// by its content digest, so that the next load of the same files skips the hashing. It
  /// is a shortcut only, so a journal that cannot take the write is left as it is.
  private func rememberIfWritable(source: String, of id: Int64, on date: Day) {
    guard !connection.isReadOnly else { return }
    try? connection.writeTransaction { () throws(JournalError) in
      try SnapshotStore(connection: connection).remember(source: source, of: id, on: date)
    }
  }

  /// Records `rows` as `recordSnapshot(date:batch:)` records a batch of them, and returns how
  /// many rows it stored.
  @discardableResult
  public func recordSnapshot(date: Day, rows: [SnapshotRow]) throws(JournalError) -> Int {
    try recordSnapshot(date: date, batch: SnapshotBatch(rows))
  }

  /// Records the rows of a history file, loaded in place of snapshots taken at each load,
  /// all in one transaction, and returns how many rows were added.
  ///
  /// The rows of each date become one snapshot of that date, without the accounts that a
  /// snapshot of the date already has, so that what a load recorded wins over the history,
  /// and a history loaded again adds nothing. Within a date, the first of rows that repeat a
  /// key is kept.
  @discardableResult
  public func importHistory(rows: [DatedSnapshotRow]) throws(JournalError) -> Int {
    var rowsByDate: [Day: [SnapshotRow]] = [:]
    for row in rows {
      rowsByDate[row.date, default: []].append(row.row)
    }
    let dates = rowsByDate.keys.sorted()
    guard !connection.isReadOnly else { throw .readOnly(path: path) }

    let isLarge = rows.count >= Journal.largeSnapshotRows
    return try connection.withoutAutomaticCheckpoint(if: isLarge) { () throws(JournalError) in
      try connection.writeTransaction { () throws(JournalError) in
        let store = SnapshotStore(connection: connection)
        var added = 0
        for date in dates {
          var dateRows = rowsByDate[date]!
          var recorded: [SnapshotTable] = []
          for record in try store.loadRecords(on: date).reversed() {
            recorded.append(try store.table(of: record))
          }
          if !recorded.isEmpty {
            let view = SnapshotView(date: date, tables: recorded)
            dateRows.removeAll { view.row(account: $0.accountKey) != nil }
          }
          added += try store.insert(KeyedRows(SnapshotBatch(dateRows)), on: date).rows
        }
        return added
      }
    }
  }

  /// Returns the dates that have a snapshot, earliest first.
  ///
  /// - Complexity: O(s) for s snapshots.
  public func snapshotDates() throws(JournalError) -> [Day] {
    let statement = try connection.prepare("SELECT DISTINCT date FROM snapshots ORDER BY date")
    var dates: [Day] = []
    while try statement.step() {
      dates.append(statement.day(at: 0))
    }
    return dates
  }

  /// Returns the snapshots of `date`, or of every date when nil, by date and then in the
  /// order they were recorded.
  public func snapshotEntries(on date: Day? = nil) throws(JournalError) -> [SnapshotEntry] {
    try connection.readTransaction { () throws(JournalError) in
      let store = SnapshotStore(connection: connection)
      guard let date else { return try store.loadRecords().map(\.entry) }

      return try store.loadRecords(on: date).map(\.entry)
    }
  }

  /// Returns every account recorded on `date`, each with its row from the latest snapshot of
  /// the date that has it, keyed by account key, or an empty dictionary when there is none.
  ///
  /// Throws `.corrupt` when a chunk of the date fails its checksum or cannot be decoded.
  ///
  /// - Complexity: O(n) for n rows on `date`. NOTE: Measured on 1M generated accounts in a
  ///   release build on two cores, this took about 800 ms, most of it building the
  ///   dictionary, which alone takes 450–550 ms there. `snapshotView(on:of:)` returns the
  ///   same rows with a lookup by key in about 90 ms.
  public func snapshot(on date: Day) throws(JournalError) -> [String: SnapshotRow] {
    let view = try snapshotView(on: date)
    var snapshot: [String: SnapshotRow] = [:]
    snapshot.reserveCapacity(view.count)
    for row in view {
      snapshot[row.accountKey] = row
    }
    return snapshot
  }

  /// Returns the snapshots of `date` combined, with a lookup by account key: those of the
  /// book whose keys are `book` (see `SnapshotView.isOfBook`), or every one when `book` is
  /// nil. The view is empty when there is none.
  ///
  /// Throws `.corrupt` when a chunk of the date fails its checksum or cannot be decoded.
  ///
  /// - Complexity: O(n) for n rows on `date`, because every snapshot of the date is decoded.
  public func snapshotView(
    on date: Day, of book: AccountKeySet? = nil
  ) throws(JournalError) -> SnapshotView {
    try connection.readTransaction { () throws(JournalError) in
      let store = SnapshotStore(connection: connection)
      var tables: [SnapshotTable] = []
      for record in try store.loadRecords(on: date).reversed() {
        let table = try store.table(of: record)
        if let book {
          let shared = table.sharedCount(with: book)
          guard
            SnapshotView.isOfBook(
              shared: shared, snapshotCount: table.count, bookCount: book.count)
          else { continue }
        }
        tables.append(table)
      }
      return SnapshotView(date: date, tables: tables)
    }
  }

  /// Returns each account's status and health on every snapshot date on or after `since`
  /// (every date when nil), keyed by account key, earliest first. A date with several
  /// snapshots of an account gives the point of the latest.
  ///
  /// - Complexity: O(d × n) for d dates of n rows each, because every row of every date is
  ///   decoded. NOTE: Measured in a release build on two cores, 5 dates of 1M accounts took
  ///   about 3 s, most of it making the dictionary's million arrays.
  public func statusHistory(since: Day? = nil) throws(JournalError) -> [String: [StatusPoint]] {
    try connection.readTransaction { () throws(JournalError) in
      try SnapshotStore(connection: connection).statusHistory(since: since)
    }
  }

  /// Returns one account's status and health on every snapshot date, earliest first, from
  /// the latest snapshot of each date that has the account.
  ///
  /// - Complexity: O(s × c) for s snapshots, where c is the row count of one chunk (at most
  ///   131,072 on average), because each snapshot's lookup decodes the keys of one chunk.
  public func statusHistory(account: String) throws(JournalError) -> [StatusPoint] {
    try connection.readTransaction { () throws(JournalError) in
      try SnapshotStore(connection: connection).statusHistory(account: account)
    }
  }
}
