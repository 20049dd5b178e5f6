import ReviewBook
import ReviewJournal
import ReviewLanguage

/// What the journal's snapshots say about each account of the book: its values at the
/// previous snapshot, and since when it has had its current status.
struct HistoryView {
  /// The latest snapshot date before today that recorded this book (half of the book's
  /// accounts, or half of the snapshot's accounts are in the book), so that a snapshot of
  /// another export is passed over. Nil when there is none.
  let previousDate: Day?
  /// Accounts of the previous snapshot that the book no longer has, when that snapshot was
  /// of this same book (four in five of its accounts are still here).
  let departed: [SnapshotRow]
  /// Per book row; nil where the account was not in the previous snapshot.
  let previousStatus: [String?]
  let previousHealth: [Double?]
  let previousARR: [Int64?]
  let previousRenewal: [Day?]
  let wasRecorded: [Bool]
  /// Per book row: the first snapshot date of the current unbroken run of the account's
  /// status, or nil when no snapshot recorded it.
  let statusSince: [Day?]

  init(session: Session, journal: Journal) throws(JournalError) {
    let book = session.book
    let today = session.today
    let dates = try journal.snapshotDates()
    let keys = (0..<book.count).map(session.accountKey)
    let keySet = Set(keys)
    var previous: Day?
    var snapshot: [String: SnapshotRow] = [:]
    for day in dates.reversed() where day < today {
      let candidate = try journal.snapshot(on: day)
      let shared = candidate.keys.reduce(0) { $0 + (keySet.contains($1) ? 1 : 0) }
      // The snapshot is of this book when it holds half of the book's accounts, or when half
      // of its own accounts are in the book (a history file of a few accounts).
      if shared > 0 && (shared * 2 >= keys.count || shared * 2 >= candidate.count) {
        previous = day
        snapshot = candidate
        break
      }
    }
    previousDate = previous
    let sharedCount = snapshot.keys.reduce(0) { $0 + (keySet.contains($1) ? 1 : 0) }
    if !snapshot.isEmpty && sharedCount * 5 >= snapshot.count * 4 {
      departed = snapshot.values.filter { !keySet.contains($0.accountKey) }.sorted {
        ($0.arrCents ?? 0, $1.accountName) > ($1.arrCents ?? 0, $0.accountName)
      }
    } else {
      departed = []
    }

    var statuses: [String?] = []
    var healths: [Double?] = []
    var arrs: [Int64?] = []
    var renewals: [Day?] = []
    var recorded: [Bool] = []
    for key in keys {
      let row = snapshot[key]
      statuses.append(row?.status)
      healths.append(row?.health)
      arrs.append(row?.arrCents)
      renewals.append(row?.renewalDate)
      recorded.append(row != nil)
    }
    previousStatus = statuses
    previousHealth = healths
    previousARR = arrs
    previousRenewal = renewals
    wasRecorded = recorded

    let history = try journal.statusHistory(since: nil)
    let status = book.reference(to: "status")
    var since: [Day?] = []
    for (row, key) in keys.enumerated() {
      var current: String?
      if let status, case .text(let text) = book.value(of: status, at: row, today: today) {
        current = text
      }
      let points = (history[key] ?? []).filter { $0.date <= today }.sorted { $0.date < $1.date }
      var start: Day?
      for point in points.reversed() {
        guard let current, point.status?.lowercased() == current.lowercased() else { break }
        start = point.date
      }
      since.append(start)
    }
    statusSince = since
  }
}

extension Session {
  /// The snapshot history, read from the journal once per book and day.
  func history(for name: String, at range: SourceRange?) throws(CommandError) -> HistoryView {
    if let historyCache { return historyCache }
    guard let journal else {
      throw CommandError(
        "\(name) compares with earlier snapshots, and this session has no journal", at: range,
        hint: "start review without --no-journal")
    }
    let view: HistoryView
    do {
      view = try HistoryView(session: self, journal: journal)
    } catch {
      throw CommandError("could not read the snapshots: \(error.message)", hint: error.hint)
    }
    historyCache = view
    return view
  }
}
