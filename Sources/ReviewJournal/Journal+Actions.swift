import ReviewBook

extension Journal {
  /// Adds an open action and returns it as stored, with its new id.
  ///
  /// - Parameters:
  ///   - account: The account the action is about, or nil for none.
  ///   - owner: Who does it, stored as given ("csm", "leader" or a person's name).
  ///   - book: The book in scope: a CSM's name, or "all".
  ///   - review: The id of the current review, which minutes use to list what it added.
  ///   - day: The creation day, the session's "today".
  public func addAction(
    text: String, account: AccountReference?, owner: String, due: Day?, book: String,
    review: String, on day: Day
  ) throws(JournalError) -> Action {
    try requireText(text, "the action text is empty")
    try requireText(owner, "the action owner is empty")

    return try connection.writeTransaction { () throws(JournalError) in
      let insert = try connection.prepare(
        """
        INSERT INTO actions (text, account_key, account_name, owner, due, status, created,
          book, added_in_review)
        VALUES (?1, ?2, ?3, ?4, ?5, 'open', ?6, ?7, ?8)
        """)
      try insert.run([
        .text(text), .optional(account?.key), .optional(account?.name), .text(owner),
        .day(due), .day(day), .text(book), .text(review),
      ])
      return try storedAction(id: Int(connection.lastInsertedRowID))
    }
  }

  /// Returns the action with this id, or throws `.actionNotFound`.
  public func action(id: Int) throws(JournalError) -> Action {
    try storedAction(id: id)
  }

  /// Returns the actions that match `filter`, oldest first.
  public func actions(
    matching filter: ActionFilter = ActionFilter()
  ) throws(JournalError) -> [Action] {
    // SQLite numbers each `?` one higher than the one before, so every condition's value
    // is appended in the order of the conditions.
    var conditions: [String] = []
    var values: [SQLValue] = []
    func require(_ condition: String, _ value: SQLValue) {
      conditions.append(condition)
      values.append(value)
    }

    if let status = filter.status { require("status = ?", .text(status.rawValue)) }
    if let today = filter.overdueAsOf {
      require("status = 'open' AND due IS NOT NULL AND due < ?", .day(today))
    }
    if let key = filter.accountKey { require("account_key = ?", .text(key)) }
    if let review = filter.addedInReview { require("added_in_review = ?", .text(review)) }
    if let review = filter.closedInReview { require("closed_in_review = ?", .text(review)) }

    var sql = "SELECT \(Journal.actionColumns) FROM actions"
    if !conditions.isEmpty { sql += " WHERE " + conditions.joined(separator: " AND ") }
    sql += " ORDER BY id"

    let statement = try connection.prepare(sql)
    try statement.bind(values)
    var actions: [Action] = []
    while try statement.step() {
      actions.append(try decodeAction(statement))
    }

    // Owner and book compare as the book compares text, which SQLite's NOCASE (ASCII
    // letters only) cannot do, so they are matched here.
    if let owner = filter.owner {
      let folded = TextFolding.fold(owner)
      actions.removeAll { TextFolding.fold($0.owner) != folded }
    }
    if let book = filter.book {
      let folded = TextFolding.fold(book)
      actions.removeAll { TextFolding.fold($0.book) != folded }
    }
    return actions
  }

  /// Sets an action's status and returns it as stored.
  ///
  /// Marking an action done or dropped records `day` and `review` as its closing day and
  /// review. Reopening clears both. Setting the status it already has changes nothing, so
  /// the first closing day is kept.
  public func setStatus(
    id: Int, status: ActionStatus, on day: Day, review: String
  ) throws(JournalError) -> Action {
    try connection.writeTransaction { () throws(JournalError) in
      let current = try storedAction(id: id)
      guard current.status != status else { return current }

      let isOpen = status == .open
      let update = try connection.prepare(
        "UPDATE actions SET status = ?2, closed = ?3, closed_in_review = ?4 WHERE id = ?1")
      try update.run([
        .integer(Int64(id)), .text(status.rawValue), isOpen ? .null : .day(day),
        isOpen ? .null : .text(review),
      ])
      return try storedAction(id: id)
    }
  }

  /// Changes an action's text, account, owner or due day and returns it as stored. A nil
  /// argument keeps the value, `account: .some(nil)` files the action under no account and
  /// `due: .some(nil)` removes the due day.
  public func editAction(
    id: Int, text: String? = nil, account: AccountReference?? = nil, owner: String? = nil,
    due: Day?? = nil
  ) throws(JournalError) -> Action {
    if let text { try requireText(text, "the action text is empty") }
    if let owner { try requireText(owner, "the action owner is empty") }

    return try connection.writeTransaction { () throws(JournalError) in
      let current = try storedAction(id: id)
      let update = try connection.prepare(
        """
        UPDATE actions SET text = ?2, owner = ?3, due = ?4, account_key = ?5, account_name = ?6
        WHERE id = ?1
        """)
      let newAccount = account ?? current.account
      try update.run([
        .integer(Int64(id)), .text(text ?? current.text), .text(owner ?? current.owner),
        .day(due ?? current.due), .optional(newAccount?.key), .optional(newAccount?.name),
      ])
      return try storedAction(id: id)
    }
  }

  static let actionColumns = """
    id, text, account_key, account_name, owner, due, status, created, closed, book, \
    added_in_review, closed_in_review
    """

  private func storedAction(id: Int) throws(JournalError) -> Action {
    let statement = try connection.prepare(
      "SELECT \(Journal.actionColumns) FROM actions WHERE id = ?1")
    try statement.bind([.integer(Int64(id))])
    guard try statement.step() else { throw .actionNotFound(path: path, id: id) }

    return try decodeAction(statement)
  }

  /// Reads an action from a row of `actionColumns`.
  private func decodeAction(_ row: Statement) throws(JournalError) -> Action {
    let id = Int(row.integer(at: 0))
    let statusText = row.text(at: 6)
    guard let status = ActionStatus(rawValue: statusText) else {
      throw .corrupt(path: path, message: "action \(id) has the unknown status '\(statusText)'")
    }

    let account = row.optionalText(at: 2).map {
      AccountReference(key: $0, name: row.optionalText(at: 3) ?? $0)
    }
    return Action(
      id: id, text: row.text(at: 1), account: account, owner: row.text(at: 4),
      due: row.optionalDay(at: 5), status: status, created: row.day(at: 7),
      closed: row.optionalDay(at: 8), book: row.text(at: 9), addedInReview: row.text(at: 10),
      closedInReview: row.optionalText(at: 11))
  }

  /// Throws `.invalidValue` with `reason` when `text` is empty or only white space.
  func requireText(_ text: String, _ reason: String) throws(JournalError) {
    guard text.contains(where: { !$0.isWhitespace }) else {
      throw .invalidValue(path: path, reason: reason)
    }
  }
}
