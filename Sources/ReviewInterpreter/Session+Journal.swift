import ReviewBook
import ReviewJournal
import ReviewLanguage
import ReviewRender

extension Session {
  /// The key that identifies an account in the journal: its id, or its name when the book
  /// has no id, or its row number as a last resort.
  func accountKey(_ row: Int) -> String {
    if case .text(let ids)? = book.column(named: "id"), let id = ids.string(at: row) { return id }
    return accountName(row)
  }

  func accountName(_ row: Int) -> String {
    if case .text(let names)? = book.column(named: "name"), let name = names.string(at: row) {
      return name
    }
    return "row \(row + 1)"
  }

  func accountReference(_ row: Int) -> AccountReference {
    AccountReference(key: accountKey(row), name: accountName(row))
  }

  /// The CSM of an account, if the book names one.
  func csm(of row: Int) -> String? {
    guard case .text(let csms)? = book.column(named: "csm") else { return nil }
    return csms.string(at: row)
  }

  /// Whether the session was started without a journal on purpose (`--no-journal`), rather
  /// than left without one because the journal could not be opened.
  var runsWithoutJournal: Bool { journal == nil && noJournalReason == nil }

  /// The note after a list of notes or actions in a session started without a journal,
  /// which keeps none.
  static let noJournalNote = "this session runs without a journal, so it keeps no notes or actions"

  func requireJournal(_ range: SourceRange? = nil) throws(CommandError) -> Journal {
    guard let journal else {
      if noJournalReason != nil { journalFailed = true }
      throw CommandError(
        noJournalReason.map { "the journal is unavailable: \($0)" }
          ?? "there is no journal in this session", at: range,
        hint: noJournalHint)
    }
    return journal
  }

  /// Returns the error of a command whose call to the journal failed with `error`, as
  /// "`failure`: the journal's message", and notes in `journalFailed` a failure of the journal
  /// itself.
  func journalError(
    _ failure: String, _ error: JournalError, at range: SourceRange? = nil
  ) -> CommandError {
    switch error {
    case .actionNotFound, .noteNotFound, .invalidValue:
      break
    default:
      journalFailed = true
    }
    return CommandError("\(failure): \(error.message)", at: range, hint: error.hint)
  }

  /// Records today's snapshot of every account: health, status, ARR and renewal date. It
  /// replaces today's earlier snapshots of the same book (see `Journal.recordSnapshot`).
  /// Returns how many rows were recorded.
  @discardableResult
  public func recordSnapshot() throws(CommandError) -> Int {
    guard let journal, book.count > 0 else { return 0 }

    do {
      // A second load of the same rows on one day records nothing, and the journal finds
      // that from the content digest without writing.
      let added = try journal.recordSnapshot(
        date: today, count: book.count, source: sourceFingerprint, makeBatch: snapshotBatch)
      if added > 0 { historyCache = nil }
      return added
    } catch {
      throw journalError("could not record today's snapshot", error)
    }
  }

  /// Today's snapshot of every account as columns, which reads keys, names and statuses in
  /// place from the book's text columns and shares its health, ARR and renewal date columns.
  /// Keys and names are those of `accountKey(_:)` and `accountName(_:)`.
  func snapshotBatch() -> SnapshotBatch {
    func textColumn(_ name: String) -> TextColumn? {
      guard case .text(let column)? = book.column(named: name) else { return nil }
      return column
    }
    var health: [Double]?
    if case .number(let values)? = book.column(named: "health") { health = values }
    var arrCents: [Int64]?
    if case .money(let values)? = book.column(named: "arr") { arrCents = values }
    var renewalDays: [Int32]?
    if case .date(let values)? = book.column(named: "renewal_date") { renewalDays = values }
    return SnapshotBatch(
      count: book.count, ids: textColumn("id"), names: textColumn("name"),
      statuses: textColumn("status"), health: health, arrCents: arrCents,
      renewalDays: renewalDays)
  }

  /// A line for the start of a session: the open and overdue actions about this book's
  /// accounts, telling those of earlier reviews from those added earlier in today's.
  public func openActionsSummary() -> String? {
    guard let journal, let actions = try? journal.actions(matching: ActionFilter(status: .open))
    else { return nil }
    guard !actions.isEmpty else { return nil }
    let keys = Set((0..<book.count).map(accountKey))
    let relevant = actions.filter { action in
      action.account.map { keys.contains($0.key) } ?? true
    }
    guard !relevant.isEmpty else { return nil }
    let overdue = relevant.filter { $0.isOverdue(asOf: today) }.count
    let addedToday = relevant.filter { $0.addedInReview == reviewID }.count
    let earlier = relevant.count - addedToday
    let counted = ValueFormatter.counted(relevant.count, "open action")
    let origin: String
    if addedToday == 0 {
      origin = "\(counted) from earlier reviews, \(overdue) overdue"
    } else if earlier == 0 {
      origin = "\(counted) added earlier today, \(overdue) overdue"
    } else {
      origin =
        "\(counted), \(overdue) overdue: \(earlier) from earlier reviews, \(addedToday) added earlier today"
    }
    return origin + " (action list shows them)"
  }

  // MARK: Notes

  func addNote(account: Located<String>?, text: Located<String>) throws(CommandError) -> Output {
    let journal = try requireJournal(text.range)
    // A named account is for this note only, so the focus stays on the account that
    // `show` or the `ask` walk put there, as it does for actions.
    let row = try accountRow(account, for: "note")
    do {
      let note = try journal.addNote(
        account: accountReference(row), text: text.value, review: reviewID, on: today)
      return .notice("noted for \(note.account.name)")
    } catch {
      throw journalError("could not save the note", error, at: text.range)
    }
  }

  /// Checks that note `id`, when it exists, is about an account of the book in scope, as
  /// `notes` lists them, so that a CSM's run cannot change another book's notes.
  private func requireNoteInScope(_ id: Located<Int>, journal: Journal) throws(CommandError) {
    guard scope != nil || restriction != nil else { return }
    let notes: [Note]
    do {
      notes = try journal.notes(account: nil)
    } catch {
      throw journalError("could not read the notes", error, at: id.range)
    }
    if let note = notes.first(where: { $0.id == id.value }),
      !isInScope(accountKey: note.account.key)
    {
      throw CommandError(
        "note \(id.value) is about \(note.account.name), which is outside \(coverageLabel)",
        at: id.range,
        hint: restriction == nil
          ? "book all lifts the scope" : "a run of --each changes the notes of its accounts only")
    }
  }

  func editNote(_ id: Located<Int>, text: Located<String>) throws(CommandError) -> Output {
    let journal = try requireJournal(id.range)
    try requireNoteInScope(id, journal: journal)
    do {
      let note = try journal.editNote(id: id.value, text: text.value)
      return .notice("edited note \(note.id) for \(note.account.name): \(note.text)")
    } catch {
      throw journalError("could not edit the note", error, at: id.range)
    }
  }

  func dropNote(_ id: Located<Int>) throws(CommandError) -> Output {
    let journal = try requireJournal(id.range)
    try requireNoteInScope(id, journal: journal)
    do {
      let note = try journal.dropNote(id: id.value)
      return .notice("dropped note \(note.id) for \(note.account.name): \(note.text)")
    } catch {
      throw journalError("could not drop the note", error, at: id.range)
    }
  }

  func listNotes(account: Located<String>?) throws(CommandError) -> Output {
    var key: String?
    if let account {
      let row = try findAccount(account)
      key = accountKey(row)
    }
    // An agenda that lists notes still runs without a journal, as --no-journal asked.
    var notes: [Note] = []
    if !runsWithoutJournal {
      let journal = try requireJournal(account?.range)
      do {
        notes = try journal.notes(account: key)
      } catch {
        throw journalError("could not read the notes", error)
      }
    }
    let scoped = key == nil ? notes.filter { isInScope(accountKey: $0.account.key) } : notes
    let rows: [[Value]] = scoped.map {
      [.number(Double($0.id)), .date($0.created), .text($0.account.name), .text($0.text)]
    }
    return .table(
      ResultTable(
        columns: [
          ResultTable.Column(name: "id", type: .number),
          ResultTable.Column(name: "date", type: .date),
          ResultTable.Column(name: "account", type: .text),
          ResultTable.Column(name: "note", type: .text),
        ], rows: rows,
        footer: "\(rows.count) note\(rows.count == 1 ? "" : "s")"))
  }

  /// The account a note or action is about: the one named, or the one in focus.
  func accountRow(_ account: Located<String>?, for command: String) throws(CommandError) -> Int {
    if let account {
      return try findAccount(account)
    }
    guard let focus else {
      throw CommandError(
        "\(command) needs an account: name one, or show one first to put it in focus",
        hint: command == "note"
          ? "write note ACCOUNT \"new champion is the CFO\"" : "add for ACCOUNT")
    }
    return focus
  }

  /// Whether an account key belongs to the current scope and restriction (every key when
  /// there is neither).
  func isInScope(accountKey key: String) -> Bool {
    guard scope != nil || restriction != nil else { return true }
    let coverage = "\(scope ?? "")\u{0}\(restriction.map { "\($0.field)\u{0}\($0.value)" } ?? "")"
    if let cached = scopeKeys, cached.coverage == coverage { return cached.keys.contains(key) }
    let rows = scopeRows()
    var keys = Set<String>()
    for row in 0..<book.count where rows[row] { keys.insert(accountKey(row)) }
    scopeKeys = (coverage, keys)
    return keys.contains(key)
  }
}

extension Session {
  /// A warning when today is before the journal's latest snapshot: the load is recorded
  /// under an earlier day than data already there, so `changes` compares with older data.
  public func snapshotOrderWarning() -> String? {
    guard let journal, let dates = try? journal.snapshotDates(), let latest = dates.last,
      latest > today
    else { return nil }
    return
      "today (\(today.iso)) is before the latest snapshot (\(latest.iso)); this load is recorded under \(today.iso), and changes compares with snapshots before it"
  }
}
