import ReviewBook
import ReviewJournal
import ReviewLanguage

/// What the journal's snapshots say about each account of the book: its values at the
/// previous snapshot, and the accounts that the book no longer has.
struct HistoryView {
  /// The latest snapshot date before today that recorded this book (half of the book's
  /// accounts, or half of the snapshot's accounts are in the book), so that a snapshot of
  /// another export is passed over. Nil when there is none.
  let previousDate: Day?
  /// Accounts of the previous snapshot that the book no longer has, when that snapshot was
  /// of this same book (four in five of its accounts are still here).
  let departed: [SnapshotRow]
  /// Per book row: the account's row in the previous snapshot, or nil where it had none.
  let previous: [SnapshotRow?]

  init(session: Session, journal: Journal) throws(JournalError) {
    let book = session.book
    let keys = (0..<book.count).map(session.accountKey)
    var previousDate: Day?
    var previous = [SnapshotRow?](repeating: nil, count: keys.count)
    var table: SnapshotTable?
    var shared = 0
    for day in try journal.snapshotDates().reversed() where day < session.today {
      let candidate = try journal.snapshotTable(on: day)
      let rows = keys.map { candidate.row(account: $0) }
      let found = rows.reduce(0) { $0 + ($1 == nil ? 0 : 1) }
      // The snapshot is of this book when it holds half of the book's accounts, or when half
      // of its own accounts are in the book (a history file of a few accounts).
      if found > 0 && (found * 2 >= keys.count || found * 2 >= candidate.count) {
        previousDate = day
        previous = rows
        table = candidate
        shared = found
        break
      }
    }
    self.previousDate = previousDate
    self.previous = previous

    // Rows found count each book row, so a book that repeats a key can find more rows than
    // the snapshot has; then no account is taken for departed.
    guard let table, shared * 5 >= table.count * 4, shared < table.count else {
      departed = []
      return
    }
    let keySet = Set(keys)
    departed = table.filter { !keySet.contains($0.accountKey) }.sorted {
      ($0.arrCents ?? 0, $1.accountName) > ($1.arrCents ?? 0, $0.accountName)
    }
  }
}

extension Session {
  /// The snapshot history, read from the journal once per book and day.
  func history(for name: String, at range: SourceRange?) throws(CommandError) -> HistoryView {
    if let historyCache { return historyCache }
    let journal = try historyJournal(for: name, at: range)
    let view: HistoryView
    do {
      view = try HistoryView(session: self, journal: journal)
    } catch {
      throw CommandError("could not read the snapshots: \(error.message)", hint: error.hint)
    }
    historyCache = view
    return view
  }

  private func historyJournal(
    for name: String, at range: SourceRange?
  ) throws(CommandError)
    -> Journal
  {
    guard let journal else {
      throw CommandError(
        "\(name) compares with earlier snapshots, and "
          + (noJournalReason.map { "the journal is unavailable: \($0)" }
            ?? "this session has no journal"),
        at: range,
        hint: noJournalHint)
    }
    return journal
  }

  /// The rows whose current status is `status` and has been, at every snapshot that recorded
  /// the account, since a snapshot more than `days` days before today.
  ///
  /// Snapshots are read from the latest back, and only for as long as some account's run
  /// could still reach past the limit, so a short threshold reads few of them.
  func rows(
    holdingStatus status: String, longerThan days: Double, currentStatus: (Int) -> String?,
    for name: String, at range: SourceRange?
  ) throws(CommandError) -> Bitset {
    let journal = try historyJournal(for: name, at: range)
    var pending: [(row: Int, key: String)] = []
    for row in 0..<book.count where currentStatus(row) == status {
      pending.append((row, accountKey(row)))
    }
    var held = Bitset(count: book.count)
    do {
      for day in try journal.snapshotDates().reversed() where day <= today {
        guard !pending.isEmpty else { break }
        let table = try journal.snapshotTable(on: day)
        let isPastLimit = Double(today.days(since: day)) > days
        pending.removeAll { account in
          // An account that this snapshot did not record keeps its run going.
          guard let row = table.row(account: account.key) else { return false }
          guard row.status?.lowercased() == status else { return true }
          if isPastLimit { held[account.row] = true }
          return isPastLimit
        }
      }
    } catch {
      throw CommandError("could not read the snapshots: \(error.message)", hint: error.hint)
    }
    return held
  }
}
