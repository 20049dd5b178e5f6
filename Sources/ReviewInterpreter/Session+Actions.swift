import ReviewBook
import ReviewJournal
import ReviewLanguage
import ReviewRender

extension Session {
  func addAction(_ details: ActionDetails) throws(CommandError) -> Output {
    let journal = try requireJournal(details.text?.range)
    guard let text = details.text else {
      throw CommandError("action add needs the text of the action")
    }

    // An account named with `for` is used for this action only, so the focus stays on the
    // account that `show` or the `ask` walk put there.
    var row: Int?
    if details.clearsAccount {
      row = nil
    } else if let account = details.account {
      row = try findAccount(account, quotingAdvice: details.accountQuotingAdvice)
    } else {
      row = focus
    }
    let owner: String
    var ownerNote = ""
    if let given = details.owner {
      owner = try resolveOwner(given, row: row)
      ownerNote = try unknownOwnerNote(owner, given: given, advice: details.ownerQuotingAdvice)
    } else {
      (owner, ownerNote) = defaultOwner(row: row)
    }
    var due: Day?
    if let literal = details.due {
      due = try dueDay(literal)
    }

    let action: Action
    do {
      action = try journal.addAction(
        text: text.value, account: row.map(accountReference), owner: owner, due: due,
        book: scope ?? "all",
        review: reviewID, on: today)
    } catch {
      throw journalError("could not save the action", error, at: text.range)
    }
    let typo = details.owner == nil ? nil : ownerTypoNote(owner, actionID: action.id)
    return .notice(
      "added action \(action.id): \(describe(action))\(typo ?? ownerNote)\(pastNote(due))")
  }

  /// Returns a note for a named owner who is no CSM of the book but whose name is close to
  /// one's, as a typo makes it, or nil.
  private func ownerTypoNote(_ owner: String, actionID: Int) -> String? {
    guard owner != "leader", matchingCSM(owner) == nil,
      let close = Suggestions.closest(to: owner, among: csmNames)
    else { return nil }
    return
      " (no CSM of the book is called \(owner); did you mean \(close)? action edit \(actionID) owner \"\(close)\" changes it)"
  }

  /// Returns a note for a due date before today, which makes the action overdue at once.
  private func pastNote(_ due: Day?) -> String {
    guard let due, due < today else { return "" }
    return
      " (the due date is \(ValueFormatter.counted(today.days(since: due), "day")) before today, so the action is overdue)"
  }

  /// Returns the owner of an action about the account at `row` when none is named, and a note
  /// when that is the leader. The CSM owns the action, or the leader when no account or book
  /// names a CSM, because an owner stored as the word csm would name nobody.
  private func defaultOwner(row: Int?) -> (owner: String, note: String) {
    if let csm = ownerCSM(row: row) { return (csm, "") }
    let reason =
      row.map { "\(accountName($0)) has no CSM in the book" } ?? "no account or book names a CSM"
    return ("leader", " (\(reason), so the leader owns it; owner NAME names another)")
  }

  /// Returns whether an action's owner is the one it got by default: the CSM of its account
  /// in this book, or for an action about no account, the CSM whose book it was added in.
  /// NOTE: the journal does not record whether an owner was named, so a named owner who is
  /// that CSM counts as the default too.
  private func hasDefaultOwner(_ action: Action) -> Bool {
    let owner = TextFolding.fold(action.owner)
    if owner == TextFolding.fold("csm") { return true }
    guard let account = action.account else {
      return action.book.lowercased() != "all" && owner == TextFolding.fold(action.book)
    }
    guard let row = (0..<book.count).first(where: { accountKey($0) == account.key }),
      let csm = csm(of: row)
    else { return false }
    return owner == TextFolding.fold(csm)
  }

  /// Returns the CSM that `owner csm` means: the CSM of the account at `row`, or else the
  /// CSM whose book is in scope, or nil.
  private func ownerCSM(row: Int?) -> String? {
    if let row, let name = csm(of: row) { return name }
    return scope
  }

  /// Finds the account an action names with `for`. When none has that name and the text had
  /// no quotes, the hint adds how to keep `for` and the name in the text.
  private func findAccount(
    _ name: Located<String>, quotingAdvice: String?
  ) throws(CommandError) -> Int {
    do {
      return try findAccount(name)
    } catch {
      guard let quotingAdvice else { throw error }
      var failure = error
      failure.hint = [error.hint, quotingAdvice].compactMap { $0 }.joined(separator: "; ")
      throw failure
    }
  }

  /// `csm` means the account's CSM (or the book's, when scoped); `leader` is kept as the
  /// role; any other text is a person's name.
  private func resolveOwner(_ owner: Located<String>, row: Int?) throws(CommandError) -> String {
    switch owner.value.lowercased() {
    case "leader", "me", "lead":
      return "leader"
    case "csm":
      if let name = ownerCSM(row: row) { return name }
      throw CommandError(
        "owner csm needs an account or a book to tell whose CSM", at: owner.range,
        hint: "add for ACCOUNT, scope the book with book NAME, or name the owner")
    default:
      return matchingCSM(owner.value) ?? owner.value
    }
  }

  /// Words that end a sentence about when, such as `call the owner today`, and never name
  /// a person.
  static let whenWords: Set<String> = [
    "today", "tomorrow", "yesterday", "now", "soon", "later", "asap", "monday", "tuesday",
    "wednesday", "thursday", "friday", "saturday", "sunday",
  ]

  /// Checks a named owner after text without quotes, where `owner` may have been part of the
  /// text. A word about when is an error. A name that neither the book's CSMs nor earlier
  /// actions use gets a note with the command quoted, since it may be a new person.
  private func unknownOwnerNote(
    _ owner: String, given: Located<String>, advice: String?
  ) throws(CommandError) -> String {
    guard let advice, owner != "leader", matchingCSM(owner) == nil else { return "" }
    if Session.whenWords.contains(given.value.lowercased()) {
      throw CommandError(
        "'\(given.value)' after owner is not a person", at: given.range,
        hint: "owner takes leader, csm or a person's name; \(advice)")
    }
    var filter = ActionFilter()
    filter.owner = owner
    if let journal, let earlier = try? journal.actions(matching: filter), !earlier.isEmpty {
      return ""
    }
    return " (no CSM of the book and no earlier action has the owner \(owner); \(advice))"
  }

  private func dueDay(_ literal: LocatedLiteral) throws(CommandError) -> Day {
    let dueHint =
      "write due 2022-03-01, due \"May 1, 2022\", due in 14 days, due tomorrow or due friday"
    let value: Value
    do {
      value = try LiteralConversion.value(literal, type: .date, field: nil, today: today)
    } catch {
      // The hint for dates in conditions offers days ago, which no due date is.
      var failure = error
      failure.hint = dueHint
      throw failure
    }
    guard case .date(let day) = value else {
      throw CommandError("expected a date", at: literal.range, hint: dueHint)
    }
    return day
  }

  /// The action on one line, naming its account or saying that it has none.
  func describe(_ action: Action) -> String {
    var parts = [action.text]
    parts.append(action.account?.name ?? "no account")
    parts.append("owner \(action.owner)")
    if let due = action.due { parts.append("due \(due.iso)") }
    return parts.joined(separator: " · ")
  }

  func listActions(_ query: ActionQuery) throws(CommandError) -> Output {
    // An agenda that lists actions still runs without a journal, as --no-journal asked.
    if runsWithoutJournal {
      rememberListed([], title: "action list")
      return .table(actionTable([], footer: "0 actions"))
    }
    let journal = try requireJournal(query.state?.range)
    var filter = ActionFilter()
    switch query.state?.value ?? "open" {
    case "open": filter.status = .open
    case "done": filter.status = .done
    case "dropped": filter.status = .dropped
    case "overdue": filter.overdueAsOf = today
    default: break
    }
    // Unscoped, owner csm lists the actions that the CSM of their account owns.
    let byAccountCSM = query.owner.map { $0.value.lowercased() == "csm" && scope == nil } ?? false
    if let owner = query.owner, !byAccountCSM {
      filter.owner = try resolveOwner(owner, row: nil)
    }
    if let account = query.account {
      filter.accountKey = accountKey(try findAccount(account))
    }
    let actions: [Action]
    do {
      actions = try journal.actions(matching: filter)
    } catch {
      throw journalError("could not read the actions", error)
    }
    var shown = inScope(actions)
    if byAccountCSM { shown = ownedByAccountCSM(shown) }
    rememberListed(shown, title: "action list")
    return .table(actionTable(shown, footer: "\(shown.count) action\(shown.count == 1 ? "" : "s")"))
  }

  /// Returns the actions owned by the CSM of their account in this book, and those whose
  /// owner was stored as the word csm, as earlier versions stored an action without an
  /// account or a book.
  private func ownedByAccountCSM(_ actions: [Action]) -> [Action] {
    var csmByKey: [String: [UInt8]] = [:]
    for row in 0..<book.count {
      if let name = csm(of: row) { csmByKey[accountKey(row)] = TextFolding.fold(name) }
    }
    return actions.filter { action in
      let owner = TextFolding.fold(action.owner)
      if owner == TextFolding.fold("csm") { return true }
      guard let key = action.account?.key, let csm = csmByKey[key] else { return false }
      return owner == csm
    }
  }

  /// Keeps the accounts of listed actions, in the order shown, so that `show N` opens the
  /// account of row N.
  private func rememberListed(_ actions: [Action], title: String) {
    lastRows = []
    lastListed = (
      title,
      actions.map { action in
        action.account.map { .key($0.key, name: $0.name) } ?? .none
      }
    )
  }

  func actionTable(_ actions: [Action], footer: String?, group: String? = nil) -> ResultTable {
    var columns = [
      ResultTable.Column(name: "id", type: .number),
      ResultTable.Column(name: "status", type: .text),
      ResultTable.Column(name: "due", type: .date), ResultTable.Column(name: "owner", type: .text),
      ResultTable.Column(name: "account", type: .text),
      ResultTable.Column(name: "action", type: .text),
    ]
    // Grouped by owner, the owner heads the row as `for`, and a column of its own would
    // only repeat it.
    if group != nil {
      columns.remove(at: 3)
      columns.insert(ResultTable.Column(name: "for", type: .text), at: 0)
    }
    let rows: [[Value]] = actions.map { action in
      var status = action.status.rawValue
      if action.isOverdue(asOf: today) { status = "overdue" }
      var row: [Value] = [
        .number(Double(action.id)), .text(status), action.due.map(Value.date) ?? .missing,
        .text(action.owner),
        action.account.map { .text($0.name) } ?? .missing, .text(action.text),
      ]
      if let group {
        row.remove(at: 3)
        row.insert(.text(group), at: 0)
      }
      return row
    }
    return ResultTable(columns: columns, rows: rows, footer: footer)
  }

  /// Checks that action `id`, when it exists, is one that `action list` shows in the book in
  /// scope, so that a CSM's run cannot close or change another book's actions.
  private func requireActionInScope(_ id: Located<Int>, journal: Journal) throws(CommandError) {
    guard scope != nil || restriction != nil,
      let action = try? journal.action(id: id.value),
      inScope([action]).isEmpty
    else { return }
    let subject =
      action.account.map { "is about \($0.name)" }
      ?? (action.book == "all" ? "was added for no book" : "was added in \(action.book)'s book")
    throw CommandError(
      "action \(id.value) \(subject), which is outside \(coverageLabel)",
      at: id.range,
      hint: restriction == nil
        ? "book all lifts the scope" : "a run of --each changes the actions of its accounts only")
  }

  func changeAction(_ id: Located<Int>, _ change: ActionChange) throws(CommandError) -> Output {
    let journal = try requireJournal(id.range)
    try requireActionInScope(id, journal: journal)
    let status: ActionStatus
    switch change {
    case .done: status = .done
    case .reopen: status = .open
    case .drop: status = .dropped
    }
    let existing = try? journal.action(id: id.value)
    if let existing, existing.status == status {
      let state = status == .open ? "open" : (status == .done ? "done" : "dropped")
      return .notice("action \(existing.id) is already \(state): \(describe(existing))")
    }
    // A closed action keeps the review that closed it, so that review's minutes hold; moving
    // it from done to dropped, or back, goes through reopen.
    if let existing, existing.status != .open, change != .reopen {
      let (state, wanted) =
        existing.status == .done ? ("done", "drop it") : ("dropped", "mark it done")
      throw CommandError(
        "action \(existing.id) is \(state), not open: \(describe(existing))", at: id.range,
        hint: "to \(wanted) instead, reopen it first with action reopen \(existing.id)")
    }
    do {
      let action = try journal.setStatus(id: id.value, status: status, on: today, review: reviewID)
      if change == .reopen, let existing { noteChanged(existing) }
      let verb = change == .done ? "done" : (change == .reopen ? "reopened" : "dropped")
      return .notice("action \(action.id) \(verb): \(describe(action))")
    } catch {
      throw actionError(error, id: id)
    }
  }

  func editAction(_ id: Located<Int>, _ details: ActionDetails) throws(CommandError) -> Output {
    let journal = try requireJournal(id.range)
    try requireActionInScope(id, journal: journal)
    var due: Day??
    if details.clearsDue {
      due = .some(nil)
    } else if let literal = details.due {
      due = .some(try dueDay(literal))
    }
    var account: AccountReference??
    var accountRow: Int?
    if details.clearsAccount {
      account = .some(nil)
    } else if let given = details.account {
      let row = try findAccount(given, quotingAdvice: details.accountQuotingAdvice)
      account = .some(accountReference(row))
      accountRow = row
    }
    var owner: String?
    var ownerNote = ""
    if let given = details.owner {
      // `owner csm` means the CSM of the account the action is about after this edit.
      if account == nil, let existing = try? journal.action(id: id.value),
        let current = existing.account
      {
        accountRow = (0..<book.count).first { accountKey($0) == current.key }
      }
      owner = try resolveOwner(given, row: accountRow)
    } else if account != nil, let existing = try? journal.action(id: id.value),
      hasDefaultOwner(existing)
    {
      // An owner that came by default follows the action to its new account.
      (owner, ownerNote) = defaultOwner(row: accountRow)
    }
    do {
      let before = try? journal.action(id: id.value)
      let action = try journal.editAction(
        id: id.value, text: details.text?.value, account: account, owner: owner, due: due)
      if let before { noteChanged(before) }
      // A closed action is overdue no more, whatever its date.
      let dueNote = action.status == .open ? due.map { pastNote($0) } ?? "" : ""
      let typo = details.owner == nil ? nil : ownerTypoNote(action.owner, actionID: action.id)
      return .notice(
        "action \(action.id) is now: \(describe(action))\(typo ?? ownerNote)\(dueNote)")
    } catch {
      throw actionError(error, id: id)
    }
  }

  /// Keeps an action as it was before its first change in this session, for the minutes.
  private func noteChanged(_ before: Action) {
    if !changedActions.contains(where: { $0.id == before.id }) { changedActions.append(before) }
  }

  private func actionError(_ error: JournalError, id: Located<Int>) -> CommandError {
    if case .actionNotFound = error {
      return CommandError(
        "there is no action \(id.value)", at: id.range, hint: "action list all shows every action")
    }
    return journalError("could not change action \(id.value)", error, at: id.range)
  }

  /// The most urgent open actions, up to five for the CSM and five for the leader:
  /// overdue first (longest overdue first), then by due date, then those without one;
  /// ties go to the account with more ARR at stake.
  func topActions() throws(CommandError) -> Output {
    var open: [Action] = []
    if !runsWithoutJournal {
      let journal = try requireJournal()
      do {
        open = try journal.actions(matching: ActionFilter(status: .open))
      } catch {
        throw journalError("could not read the actions", error)
      }
    }
    let inScope = inScope(open)
    var rows: [[Value]] = []
    var columns = actionTable([], footer: nil, group: "").columns
    let groups = topActionGroups(inScope)
    rememberListed(groups.flatMap(\.actions), title: "action top")
    for group in groups {
      let table = actionTable(group.actions, footer: nil, group: group.owner)
      columns = table.columns
      for row in 0..<table.rowCount {
        rows.append((0..<table.columns.count).map { table.value(row: row, column: $0) })
      }
    }
    let footer =
      "the most urgent of \(ValueFormatter.counted(inScope.count, "open action")), up to 5 "
      + "for each of \(ValueFormatter.counted(groups.count, "owner"))"
    var table = ResultTable(columns: columns, rows: rows, footer: footer)
    // A document written without a journal gives the reason it lists no actions.
    table.emptyMessage =
      runsWithoutJournal ? "no actions: no journal in this session" : "no open actions"
    return .table(table)
  }

  /// The actions about accounts in the current scope and restriction, and those about no
  /// account that were added in the CSM's book in scope. With neither, every action. A
  /// restriction by another field than csm, such as one `--each tier` run, leaves out the
  /// actions about no account, because none of them is about that tier's accounts.
  func inScope(_ actions: [Action]) -> [Action] {
    guard scope != nil || restriction != nil else { return actions }
    let csmBook = restriction == nil || restrictedCSM != nil ? scope : nil
    return actions.filter { action in
      if let account = action.account { return isInScope(accountKey: account.key) }
      guard let csmBook else { return false }
      return action.book.lowercased() == csmBook.lowercased()
    }
  }

  /// The open actions of each owner, most urgent first and at most five each: the leader
  /// first, then the other owners in the order of their most urgent action.
  func topActionGroups(_ actions: [Action]) -> [(owner: String, actions: [Action])] {
    var order: [String] = []
    var byOwner: [String: [Action]] = [:]
    for action in rankActions(actions) {
      if byOwner[action.owner] == nil { order.append(action.owner) }
      byOwner[action.owner, default: []].append(action)
    }
    if let leader = order.firstIndex(of: "leader") {
      order.insert(order.remove(at: leader), at: 0)
    }
    return order.map { ($0, Array(byOwner[$0]!.prefix(5))) }
  }

  func rankActions(_ actions: [Action]) -> [Action] {
    var arrByKey: [String: Int64] = [:]
    if case .money(let cents)? = book.column(named: "arr") {
      for row in 0..<book.count where cents[row] != Column.missingMoney {
        arrByKey[accountKey(row)] = cents[row]
      }
    }
    func urgency(_ action: Action) -> (Int, Int) {
      guard let due = action.due else { return (2, 0) }
      if due < today { return (0, Int(due.number)) }
      return (1, Int(due.number))
    }
    return actions.sorted { lhs, rhs in
      let left = urgency(lhs)
      let right = urgency(rhs)
      if left != right { return left < right }
      let leftARR = lhs.account.flatMap { arrByKey[$0.key] } ?? 0
      let rightARR = rhs.account.flatMap { arrByKey[$0.key] } ?? 0
      if leftARR != rightARR { return leftARR > rightARR }
      return lhs.id < rhs.id
    }
  }
}
