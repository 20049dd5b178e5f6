import ReviewBook

extension Journal {
  /// Records the accounts of a book loaded on `date`, all in one transaction, and returns
  /// how many rows were added.
  ///
  /// An account keeps one row per date: a row whose account key already has a row on `date`,
  /// from an earlier call or earlier in `rows`, is skipped.
  ///
  /// - Complexity: O(n log m) for n rows and m rows already stored.
  @discardableResult
  public func recordSnapshot(date: Day, rows: [SnapshotRow]) throws(JournalError) -> Int {
    try insertSnapshotRows(rows.lazy.map { (date, $0) })
  }

  /// Records the rows of a history file, loaded in place of snapshots taken at each load,
  /// all in one transaction, and returns how many rows were added. Rows are skipped as
  /// `recordSnapshot(date:rows:)` skips them.
  @discardableResult
  public func importHistory(rows: [DatedSnapshotRow]) throws(JournalError) -> Int {
    try insertSnapshotRows(rows.lazy.map { ($0.date, $0.row) })
  }

  /// Returns the dates that have a snapshot, earliest first.
  ///
  /// - Complexity: O(d log n) for d dates and n rows.
  public func snapshotDates() throws(JournalError) -> [Day] {
    // A loose index scan: each step seeks the primary key to the next larger date, so the
    // cost grows with the number of dates, not of rows as `SELECT DISTINCT` would.
    let statement = try connection.prepare(
      """
      WITH RECURSIVE dates(date) AS (
        SELECT min(date) FROM snapshots
        UNION ALL
        SELECT (SELECT min(date) FROM snapshots WHERE date > dates.date)
        FROM dates WHERE dates.date IS NOT NULL
      )
      SELECT date FROM dates WHERE date IS NOT NULL
      """)
    var dates: [Day] = []
    while try statement.step() {
      dates.append(statement.day(at: 0))
    }
    return dates
  }

  /// Returns the snapshot taken on `date`, keyed by account key, or an empty
  /// dictionary when there is none.
  public func snapshot(on date: Day) throws(JournalError) -> [String: SnapshotRow] {
    let statement = try connection.prepare(
      """
      SELECT account_key, account_name, health, status, arr_cents, renewal_date
      FROM snapshots WHERE date = ?1
      """)
    try statement.bind([.day(date)])

    var rows: [String: SnapshotRow] = [:]
    while try statement.step() {
      let row = SnapshotRow(
        accountKey: statement.text(at: 0), accountName: statement.text(at: 1),
        health: statement.optionalReal(at: 2), status: statement.optionalText(at: 3),
        arrCents: statement.optionalInteger(at: 4), renewalDate: statement.optionalDay(at: 5))
      rows[row.accountKey] = row
    }
    return rows
  }

  /// Returns each account's status and health at every snapshot on or after `since` (every
  /// snapshot when nil), keyed by account key, earliest first.
  public func statusHistory(since: Day? = nil) throws(JournalError) -> [String: [StatusPoint]] {
    let statement = try connection.prepare(
      """
      SELECT account_key, date, status, health FROM snapshots
      WHERE date >= ?1 ORDER BY account_key, date
      """)
    try statement.bind([.day(since ?? Day(number: Int32.min))])

    var history: [String: [StatusPoint]] = [:]
    while try statement.step() {
      let point = StatusPoint(
        date: statement.day(at: 1), status: statement.optionalText(at: 2),
        health: statement.optionalReal(at: 3))
      history[statement.text(at: 0), default: []].append(point)
    }
    return history
  }

  /// Returns one account's status and health at every snapshot, earliest first.
  public func statusHistory(account: String) throws(JournalError) -> [StatusPoint] {
    let statement = try connection.prepare(
      "SELECT date, status, health FROM snapshots WHERE account_key = ?1 ORDER BY date")
    try statement.bind([.text(account)])

    var points: [StatusPoint] = []
    while try statement.step() {
      points.append(
        StatusPoint(
          date: statement.day(at: 0), status: statement.optionalText(at: 1),
          health: statement.optionalReal(at: 2)))
    }
    return points
  }

  private func insertSnapshotRows<Rows: Sequence>(_ rows: Rows) throws(JournalError) -> Int
  where Rows.Element == (Day, SnapshotRow) {
    try connection.writeTransaction { () throws(JournalError) in
      // The conflict target limits the skipping to rows already present for the account
      // and date. Any other constraint failure still aborts the transaction.
      let insert = try connection.prepare(
        """
        INSERT INTO snapshots (date, account_key, account_name, health, status, arr_cents,
          renewal_date)
        VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
        ON CONFLICT (date, account_key) DO NOTHING
        """)
      var added = 0
      for (date, row) in rows {
        try insert.run([
          .day(date), .text(row.accountKey), .text(row.accountName), .optional(row.health),
          .optional(row.status), .optional(row.arrCents), .day(row.renewalDate),
        ])
        added += connection.changedRowCount
      }
      return added
    }
  }
}
