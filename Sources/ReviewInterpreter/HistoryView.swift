import ReviewBook
import ReviewJournal
import ReviewLanguage

/// What the journal's snapshots say about each account of the book: its values at the
/// previous snapshot, and since when it has had its current status.
struct HistoryView {
  /// The latest snapshot date before today, or nil when there is none.
  let previousDate: Day?
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
    let previous = dates.last { $0 < today }
    previousDate = previous

    let snapshot =
      try previous.map { day throws(JournalError) in try journal.snapshot(on: day) } ?? [:]
    var statuses: [String?] = []
    var healths: [Double?] = []
    var arrs: [Int64?] = []
    var renewals: [Day?] = []
    var recorded: [Bool] = []
    let keys = (0..<book.count).map(session.accountKey)
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
