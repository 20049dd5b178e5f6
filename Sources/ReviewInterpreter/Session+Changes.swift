import ReviewBook
import ReviewLanguage
import ReviewRender

extension Session {
  /// A change of health by more than this many points since the previous snapshot is
  /// reported by `changes` and selected by `dropped` and `rose`.
  static let healthMoveThreshold = 10.0

  /// What moved since the previous snapshot: status changes, health crossing 40 or 80,
  /// accounts entering the 120-day renewal window, renewal dates that passed with neither
  /// a renewal nor a churn, churns and renewals since then, and ARR changes. Rows go in
  /// the order of `ChangeKind`, and within a kind by ARR, largest first.
  ///
  /// When most accounts in scope are missing from the previous snapshot, as after a history
  /// file of a few accounts, they are counted in a note after the table, not listed.
  func changes() throws(CommandError) -> [Output] {
    let view = try history(for: "changes", at: nil)
    guard let since = view.previousDate else {
      throw CommandError(
        "there is no earlier snapshot to compare with",
        hint:
          "each load records a snapshot for its day; load the book again on a later day, or load a history file with --history"
      )
    }

    let scope = scopeRows()
    let status = book.reference(to: "status")
    let health = book.reference(to: "health")
    let arr = book.reference(to: "arr")
    let renewal = book.reference(to: "renewal_date")
    let churnDate = book.reference(to: "churn_date")
    let renewedDate = book.reference(to: "renewed_date")
    // A book without the fields that mark churned or renewed accounts has none.
    let churned = segmentRows(named: "churned") ?? Bitset(count: book.count)
    let renewed = segmentRows(named: "renewed") ?? Bitset(count: book.count)

    // `machineRow`, when set, is the row that CSV and JSON get instead of `row`.
    var entries:
      [(kind: ChangeKind, cents: Int64, row: [Value], machineRow: [Value]?, account: ListedAccount)] =
        []
    // Rows that repeat an earlier row's id have no history of their own: comparing them with
    // the snapshot of the first row would show changes that never happened.
    let repeats = (scope & view.repeatsKey).cardinality
    for row in 0..<book.count where scope[row] && !view.repeatsKey[row] {
      func value(_ field: FieldReference?) -> Value {
        field.map { book.value(of: $0, at: row, today: today) } ?? .missing
      }
      let name = Value.text(accountName(row))
      let arrValue = value(arr)
      var cents: Int64 = 0
      if case .money(let amount) = arrValue { cents = amount }
      func add(
        _ kind: ChangeKind, _ change: String, _ before: Value, _ now: Value,
        raw: (before: Value, now: Value)? = nil
      ) {
        let machineRow = raw.map { [name, arrValue, .text(change), $0.before, $0.now] }
        entries.append(
          (
            kind, cents, [name, arrValue, .text(change), before, now], machineRow,
            .row(Int32(row))
          ))
      }

      guard let previous = view.previous[row] else {
        add(.new, "new since \(since.iso)", .missing, .missing)
        continue
      }
      if case .text(let now) = value(status), let before = previous.status,
        before.lowercased() != now.lowercased()
      {
        add(ChangeKind.status(from: before, to: now), "status", .text(before), .text(now))
      }
      if case .number(let now) = value(health), let before = previous.health {
        addHealthChanges(from: before, to: now) { kind, change in
          add(kind, change, .number(before), .number(now))
        }
      }
      if case .date(let now) = value(renewal) {
        let daysNow = now.days(since: today)
        let daysBefore = previous.renewalDate.map { $0.days(since: since) }
        let before = daysBefore.map { Value.text(ValueFormatter.counted($0, "day")) } ?? .missing
        // CSV and JSON carry the days to renewal as numbers, negative once the date passed.
        let rawDays = (
          before: daysBefore.map { Value.number(Double($0)) } ?? .missing,
          now: Value.number(Double(daysNow))
        )
        // A snapshot without the renewal date, as a history file without the column gives,
        // cannot tell whether the account was in the window then.
        if let daysBefore, daysNow >= 0 && daysNow < 120 && !(daysBefore >= 0 && daysBefore < 120) {
          add(
            .enteredRenewalWindow, "entered the 120-day renewal window", before,
            .text(ValueFormatter.counted(daysNow, "day")), raw: rawDays)
        }
        // A renewal date moved later, out of the window, without a renewal recorded: a date
        // corrected in the CS platform, or a renewal not entered yet.
        if let daysBefore, daysBefore >= 0 && daysBefore < 120 && daysNow >= 120 && !renewed[row] {
          add(
            .leftRenewalWindow, "renewal date moved out of the 120-day window", before,
            .text(ValueFormatter.counted(daysNow, "day")), raw: rawDays)
        }
        // The renewal date was ahead at the previous snapshot (or on its day) and is behind
        // today, and the book records neither a renewal nor a churn.
        if now >= since && now < today && !renewed[row] && !churned[row] {
          add(
            .renewalPassed, "renewal date passed, not renewed", before,
            .text(ValueFormatter.counted(-daysNow, "day") + " ago"), raw: rawDays)
        }
      }
      if case .date(let day) = value(churnDate), day > since, day <= today {
        add(.churned, "churned", .missing, .date(day))
      }
      if case .date(let day) = value(renewedDate), day > since, day <= today {
        add(.renewed, "renewed", .missing, .date(day))
      }
      if case .money(let now) = value(arr), let before = previous.arrCents, before != now {
        add(now < before ? .arrFell : .arrRose, "arr", .money(cents: before), .money(cents: now))
      }
    }
    // An account no longer in the book has no CSM or tier left to tell its scope by.
    if self.scope == nil && restriction == nil {
      for account in view.departed {
        let status = account.status.map(Value.text) ?? .missing
        entries.append(
          (
            .departed, account.arrCents ?? 0,
            [
              .text(account.accountName), account.arrCents.map { .money(cents: $0) } ?? .missing,
              .text("no longer in the book"), status, .missing,
            ], nil,
            .departed(name: account.accountName)
          ))
      }
    }
    let newCount = entries.reduce(0) { $0 + ($1.kind == .new ? 1 : 0) }
    let inScope = scope.cardinality - repeats
    var notes: [Output] = []
    if !(self.scope == nil && restriction == nil) && !view.departed.isEmpty {
      let accounts = ValueFormatter.counted(view.departed.count, "account")
      notes.append(
        .notice(
          "\(accounts) of the snapshot of \(since.iso) \(view.departed.count == 1 ? "is" : "are") no longer in the book; changes over every account lists \(view.departed.count == 1 ? "it" : "them"), since the book no longer says whose \(view.departed.count == 1 ? "it was" : "they were")"
        ))
    }
    if repeats > 0 {
      let key = book.reference(to: "id") == nil ? "name" : "id"
      let rows = repeats == 1 ? "row repeats the \(key)" : "rows repeat the \(key)"
      notes.append(
        .notice(
          "\(ValueFormatter.grouped(repeats)) \(rows) of an earlier row, and a snapshot keeps only the first row of each \(key), so \(repeats == 1 ? "its changes are" : "their changes are") not shown"
        ))
    }
    if newCount > Session.listedNewAccounts && newCount * 2 > inScope {
      entries.removeAll { $0.kind == .new }
      notes.append(
        .notice(
          "\(ValueFormatter.grouped(newCount)) of the \(ValueFormatter.counted(inScope, "account")) are not in the snapshot of \(since.iso), so they are left out; the changes above are those of the \(ValueFormatter.counted(inScope - newCount, "account")) it has"
        ))
    }
    // Rows of the same kind and ARR keep the order of the book.
    let ordered = entries.enumerated().sorted { lhs, rhs in
      if lhs.element.kind != rhs.element.kind { return lhs.element.kind < rhs.element.kind }
      if lhs.element.cents != rhs.element.cents { return lhs.element.cents > rhs.element.cents }
      return lhs.offset < rhs.offset
    }
    lastRows = []
    lastListed = ("list of changes", ordered.map(\.element.account))
    let table = Output.table(
      ResultTable(
        columns: [
          ResultTable.Column(name: "account", type: .text),
          ResultTable.Column(name: "arr", type: .money, currency: arrCurrency),
          ResultTable.Column(name: "change", type: .text),
          ResultTable.Column(name: "before", type: .text, currency: arrCurrency),
          ResultTable.Column(name: "now", type: .text, currency: arrCurrency),
        ],
        // The ARR at stake, by which rows of a kind are ordered, follows the account.
        rows: ordered.map(\.element.row),
        footer:
          "\(entries.count) change\(entries.count == 1 ? "" : "s") since the snapshot of \(since.iso)",
        machineRows: ordered.map { $0.element.machineRow ?? $0.element.row }))
    if case .table(let changes) = table { discussed.append((currentSource, self.scope, changes)) }
    return [table] + notes
  }

  /// The number of accounts new since the previous snapshot that `changes` lists one by
  /// one even when they are most of the book.
  static let listedNewAccounts = 20

  /// Reports a move of health: a crossing of 40 or 80, or else a move of more than
  /// `healthMoveThreshold` points.
  private func addHealthChanges(
    from before: Double, to now: Double, add: (ChangeKind, String) -> Void
  ) {
    let crossed = [40.0, 80.0].contains { line in
      (before >= line && now < line) || (before < line && now >= line)
    }
    if !crossed && abs(now - before) > Session.healthMoveThreshold {
      let amount = ValueFormatter.display(number: abs(now - before))
      if now < before {
        add(.healthFell, "health fell by \(amount)")
      } else {
        add(.healthRose, "health rose by \(amount)")
      }
    }
    if before >= 40 && now < 40 { add(.fellBelow40, "health fell below 40") }
    if before >= 80 && now < 80 { add(.fellBelow80, "health fell below 80") }
    if before < 40 && now >= 40 { add(.roseTo40, "health rose to 40 or above") }
    if before < 80 && now >= 80 { add(.roseTo80, "health rose to 80 or above") }
  }

  /// Returns the status and number of days of a term such as `red>30`, or nil for any other
  /// term. `red>=30` is `red>29`, because snapshots are a whole number of days apart.
  func heldStatus(_ term: Term) -> (name: String, days: Double)? {
    let name = term.name.value.lowercased()
    guard ["red", "yellow", "green"].contains(name), term.qualifier == nil,
      book.reference(to: name) == nil, let comparison = term.comparison,
      comparison.symbol.value == .greater || comparison.symbol.value == .greaterOrEqual,
      case .number(let text) = comparison.value.value, let days = ValueParser.number(text)
    else { return nil }
    return (name, comparison.symbol.value == .greaterOrEqual ? days - 1 : days)
  }

  /// Describes `newly red`, `improved`, `dropped` and `rose` for `explain`, below their
  /// summary: what each compares, with its thresholds, and the snapshots it needs.
  func snapshotComparisonExplanation(
    _ name: String, parameters: SegmentParameters
  ) -> [String] {
    let points = parameters.valueText + (parameters.value == 1 ? " point" : " points")
    var lines: [String]
    var field = "health"
    switch name {
    case "newly":
      let status = parameters.qualifier ?? "red"
      lines = [
        "  status = \(status) now, and a status other than \(status) at the previous snapshot"
      ]
      field = "status"
    case "improved":
      lines = [
        "  status yellow or green now and red at the previous snapshot, or green now and yellow then"
      ]
      field = "status"
    case "dropped":
      lines = [
        "  health now more than \(points) below its value at the previous snapshot,",
        "  or 40 or more then and below 40 now",
      ]
    default:
      lines = [
        "  health now more than \(points) above its value at the previous snapshot,",
        "  or 80 or less then and above 80 now",
      ]
    }
    lines.append("  the previous snapshot is the latest one of this book before today;")
    lines.append("  accounts without a \(field) in it are left out")
    lines.append(
      "  needs two snapshots in the journal: today's and an earlier one (each load records one)")
    if book.reference(to: field) == nil {
      lines.append("  (this book has no \(field) field)")
    }
    return lines
  }

  /// Describes a status held for a number of days, such as `red>30`, for `explain`.
  func statusDurationExplanation(_ written: String, status: String, days: Double) -> [String] {
    let count = ValueText.number(days) + (days == 1 ? " day" : " days")
    let churned = segmentRows(named: "churned") == nil ? "" : " and not churned"
    var lines = [
      "\(written): status \(status) for more than \(count)\(churned.isEmpty ? "" : ", not churned")",
      "  status = \(status)\(churned) now, and \(status) at every snapshot that recorded the account",
      "  back to one taken more than \(count) before today",
      "  needs a snapshot in the journal from more than \(count) before today (each load records one)",
    ]
    if book.reference(to: "status") == nil {
      lines.append("  (this book has no status field)")
    }
    return lines
  }

  /// Returns the rows of a built-in segment such as `churned`, or nil when the book lacks
  /// the fields it needs.
  func segmentRows(named name: String) -> Bitset? {
    guard let segment = BuiltinSegments.named(name) else { return nil }
    var compiler = compiler()
    let parameters = SegmentParameters(symbol: .equal, value: 0, qualifier: nil)
    let emptyRange = SourceRange(column: 1, length: 0, startOffset: 0, endOffset: 0)
    guard let condition = try? compiler.compile(segment, parameters: parameters, at: emptyRange)
    else { return nil }
    return book.evaluate(condition, today: today).isTrue
  }

  /// The rows of a segment that compares with the snapshots: `newly red`, `red>30`,
  /// `improved`, `dropped`, `rose`.
  func historyRows(
    _ name: String, qualifier: String?, threshold: Double?, at range: SourceRange
  ) throws(CommandError)
    -> Bitset
  {
    let status = book.reference(to: "status")
    let health = book.reference(to: "health")
    func currentStatus(_ row: Int) -> String? {
      guard let status, case .text(let text) = book.value(of: status, at: row, today: today) else {
        return nil
      }
      return text.lowercased()
    }
    func currentHealth(_ row: Int) -> Double? {
      guard let health, case .number(let score) = book.value(of: health, at: row, today: today)
      else { return nil }
      return score
    }
    guard ["newly", "improved", "dropped", "rose"].contains(name) else {
      // A status held for more than `threshold` days, such as red>30. Churned accounts are
      // left out, as the plain status segments leave them out.
      let churned = segmentRows(named: "churned")
      return try rows(
        holdingStatus: qualifier ?? "red", longerThan: threshold ?? 30,
        currentStatus: { churned?[$0] == true ? nil : currentStatus($0) }, for: name, at: range)
    }

    let view = try history(for: name, at: range)
    guard view.previousDate != nil else {
      throw CommandError(
        "\(name) compares with an earlier snapshot, and there is none yet", at: range,
        hint:
          "each load records a snapshot for its day; load the book again on a later day, or load a history file with --history"
      )
    }
    let rank = ["red": 0, "yellow": 1, "green": 2]

    switch name {
    case "newly":
      let wanted = qualifier ?? "red"
      return Bitset(count: book.count) { row in
        guard currentStatus(row) == wanted, let before = view.previous[row]?.status else {
          return false
        }
        return before.lowercased() != wanted
      }
    case "improved":
      return Bitset(count: book.count) { row in
        guard let now = currentStatus(row).flatMap({ rank[$0] }),
          let before = view.previous[row]?.status.flatMap({ rank[$0.lowercased()] })
        else { return false }
        return now > before
      }
    case "dropped":
      let drop = threshold ?? Session.healthMoveThreshold
      return Bitset(count: book.count) { row in
        guard let now = currentHealth(row), let before = view.previous[row]?.health else {
          return false
        }
        return before - now > drop || (before >= 40 && now < 40)
      }
    case "rose":
      let rise = threshold ?? Session.healthMoveThreshold
      return Bitset(count: book.count) { row in
        guard let now = currentHealth(row), let before = view.previous[row]?.health else {
          return false
        }
        return now - before > rise || (before <= 80 && now > 80)
      }
    default:
      preconditionFailure("no history segment is named \(name)")
    }
  }
}
