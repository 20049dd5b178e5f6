import ReviewBook
import ReviewJournal
import ReviewLanguage
import ReviewRender

/// What the journal's snapshots say about each account of the book: its values at the
/// previous snapshot, and the accounts that the book no longer has.
struct HistoryView {
  /// The latest date before today with a snapshot of this book, or nil when there is none.
  /// Snapshots of other books on the same journal are passed over: `SnapshotView.isOfBook`
  /// decides which snapshots are of this book.
  let previousDate: Day?
  /// Accounts of the previous snapshots that the book no longer has, when those snapshots
  /// were of this same book (four in five of their accounts are still here).
  let departed: [SnapshotRow]
  /// Per book row: the account's row in the previous snapshots, or nil where they had none.
  /// A snapshot keeps the first of rows that repeat an account key, so only the first such
  /// row of the book has that account's history.
  let previous: [SnapshotRow?]
  /// The book rows that repeat the account key of an earlier row, and so have no history.
  let repeatsKey: Bitset

  init(session: Session, journal: Journal) throws(JournalError) {
    let book = session.book
    let keys = (0..<book.count).map(session.accountKey)
    var seen = Set<String>()
    let repeatsKey = Bitset(count: keys.count) { !seen.insert(keys[$0]).inserted }
    self.repeatsKey = repeatsKey
    let bookKeys = AccountKeySet(session.snapshotBatch())
    var previousDate: Day?
    var previous = [SnapshotRow?](repeating: nil, count: keys.count)
    var view: SnapshotView?
    for day in try journal.snapshotDates().reversed() where day < session.today {
      let candidate = try journal.snapshotView(on: day, of: bookKeys)
      guard !candidate.isEmpty else { continue }

      previousDate = day
      previous = keys.indices.map { row in
        repeatsKey[row] ? nil : candidate.row(account: keys[row])
      }
      view = candidate
      break
    }
    self.previousDate = previousDate
    self.previous = previous

    // Rows found count each book row, so a book that repeats a key can find more rows than
    // the snapshots have; then no account is taken for departed.
    let shared = previous.reduce(0) { $0 + ($1 == nil ? 0 : 1) }
    guard let view, shared * 5 >= view.count * 4, shared < view.count else {
      departed = []
      return
    }
    let keySet = Set(keys)
    departed = view.filter { !keySet.contains($0.accountKey) }.sorted {
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
      throw journalError("could not read the snapshots", error)
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
      if noJournalReason != nil { journalFailed = true }
      throw CommandError(
        "\(name) compares with earlier snapshots, and "
          + (noJournalReason.map { "the journal is unavailable: \($0)" }
            ?? "this session has no journal"),
        at: range,
        hint: runsWithoutJournal
          ? "start review without --no-journal, so that each load records a snapshot to compare with"
          : noJournalHint)
    }
    return journal
  }

  /// The rows whose current status is `status` and has been, at every snapshot of this book
  /// that recorded the account, since a snapshot more than `days` days before today.
  ///
  /// Snapshots are read from the latest date back, and only for as long as some account's
  /// run could still reach past the limit, so a short threshold reads few of them.
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
    // The oldest earlier snapshot of this book, and whether one lies past the limit.
    var oldest: Day?
    var reachesLimit = false
    do {
      let bookKeys = AccountKeySet(snapshotBatch())
      for day in try journal.snapshotDates().reversed() where day <= today {
        guard !pending.isEmpty else { break }
        // Only this book's snapshots count, so another book loaded that day breaks no run.
        let view = try journal.snapshotView(on: day, of: bookKeys)
        let isPastLimit = Double(today.days(since: day)) > days
        if !view.isEmpty && day < today {
          oldest = day
          reachesLimit = reachesLimit || isPastLimit
        }
        pending.removeAll { account in
          // An account that this date's snapshots did not record keeps its run going.
          guard let row = view.row(account: account.key) else { return false }
          guard row.status?.lowercased() == status else { return true }
          if isPastLimit { held[account.row] = true }
          return isPastLimit
        }
      }
    } catch {
      throw journalError("could not read the snapshots", error)
    }
    // An account whose run reaches back to the oldest snapshot may have had the status for
    // longer or not. Without a snapshot past the limit, the count is unknown, not zero.
    guard pending.isEmpty || reachesLimit else {
      let limit = ValueFormatter.counted(Int(days), "day")
      let since: String
      if let oldest {
        since =
          "the oldest snapshot of this book is from \(oldest.iso), \(ValueFormatter.counted(today.days(since: oldest), "day")) before"
      } else {
        since = "this book has no snapshot before today"
      }
      var hint = "load a history file of earlier health and status with --history FILE"
      if let oldest, today.days(since: oldest) > 1 {
        hint =
          "ask about fewer days, such as \(status)>\(today.days(since: oldest) - 1), or " + hint
      }
      throw CommandError(
        "\(status)>\(ValueFormatter.grouped(Int(days))) needs snapshots from more than \(limit) before today, and \(since)",
        at: range, hint: hint)
    }
    return held
  }
}
