import ReviewBook

/// A note about an account, as stored in the journal.
public struct Note: Sendable, Hashable, Identifiable {
  public var id: Int
  public var account: AccountReference
  public var text: String
  /// The session's "today" when the note was added.
  public var created: Day
  /// The clock time when the note was added, to the millisecond.
  public var timestamp: Timestamp
  /// The id of the review that added the note.
  public var review: String

  public init(
    id: Int, account: AccountReference, text: String, created: Day, timestamp: Timestamp,
    review: String
  ) {
    self.id = id
    self.account = account
    self.text = text
    self.created = created
    self.timestamp = timestamp
    self.review = review
  }
}

extension Journal {
  /// Adds a note about `account` and returns it as stored, with its new id.
  ///
  /// - Parameters:
  ///   - day: The session's "today".
  ///   - timestamp: The clock time.
  public func addNote(
    account: AccountReference, text: String, review: String, on day: Day,
    at timestamp: Timestamp = .now()
  ) throws(JournalError) -> Note {
    try requireText(text, "the note text is empty")

    return try connection.writeTransaction { () throws(JournalError) in
      let insert = try connection.prepare(
        """
        INSERT INTO notes (account_key, account_name, text, created, created_at_ms, review)
        VALUES (?1, ?2, ?3, ?4, ?5, ?6)
        """)
      try insert.run([
        .text(account.key), .text(account.name), .text(text), .day(day),
        .integer(timestamp.millisecondsSince1970), .text(review),
      ])

      return Note(
        id: Int(connection.lastInsertedRowID), account: account, text: text, created: day,
        timestamp: timestamp, review: review)
    }
  }

  /// Returns the notes about the account with key `account`, or every note when it is nil,
  /// in the order they were added (newest last).
  public func notes(account: String?) throws(JournalError) -> [Note] {
    guard let account else { return try selectNotes(where: "dropped_at_ms IS NULL", []) }

    return try selectNotes(
      where: "account_key = ?1 AND dropped_at_ms IS NULL", [.text(account)])
  }

  /// Replaces the text of note `id` and returns the note as stored.
  public func editNote(id: Int, text: String) throws(JournalError) -> Note {
    try requireText(text, "the note text is empty")
    return try connection.writeTransaction { () throws(JournalError) in
      let update = try connection.prepare(
        "UPDATE notes SET text = ?2 WHERE id = ?1 AND dropped_at_ms IS NULL")
      try update.run([.integer(Int64(id)), .text(text)])
      guard connection.changedRowCount == 1,
        let note = try selectNotes(where: "id = ?1", [.integer(Int64(id))]).first
      else { throw .noteNotFound(path: path, id: id) }
      return note
    }
  }

  /// Drops note `id`, which lists and minutes then leave out, and returns it. The row stays
  /// in the journal with the time it was dropped.
  public func dropNote(id: Int, at timestamp: Timestamp = .now()) throws(JournalError) -> Note {
    try connection.writeTransaction { () throws(JournalError) in
      guard
        let note = try selectNotes(
          where: "id = ?1 AND dropped_at_ms IS NULL", [.integer(Int64(id))]
        ).first
      else { throw .noteNotFound(path: path, id: id) }
      let update = try connection.prepare("UPDATE notes SET dropped_at_ms = ?2 WHERE id = ?1")
      try update.run([.integer(Int64(id)), .integer(timestamp.millisecondsSince1970)])
      return note
    }
  }

  private func selectNotes(
    where condition: String, _ values: [SQLValue]
  ) throws(JournalError) -> [Note] {
    let statement = try connection.prepare(
      """
      SELECT id, account_key, account_name, text, created, created_at_ms, review
      FROM notes WHERE \(condition) ORDER BY id
      """)
    try statement.bind(values)

    var notes: [Note] = []
    while try statement.step() {
      let account = AccountReference(key: statement.text(at: 1), name: statement.text(at: 2))
      let milliseconds = statement.integer(at: 5)
      notes.append(
        Note(
          id: Int(statement.integer(at: 0)), account: account, text: statement.text(at: 3),
          created: statement.day(at: 4),
          timestamp: Timestamp(millisecondsSince1970: milliseconds),
          review: statement.text(at: 6)))
    }
    return notes
  }
}
