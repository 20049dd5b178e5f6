import ReviewBook
import ReviewLanguage
import ReviewRender

extension Session {
  // MARK: show

  func showAccount(_ name: Located<String>) throws(CommandError) -> Output {
    let row = try findAccount(name)
    return record(row: row)
  }

  func showRow(_ position: Located<Int>) throws(CommandError) -> Output {
    if !lastListed.title.isEmpty {
      return try showListedRow(position)
    }
    guard !lastRows.isEmpty else {
      if let lastResult, !lastResult.isListed {
        // A segment query's title leaves out the word segment, and a where query's keeps where.
        let query = lastResult.segment == nil ? lastResult.title : "segment \(lastResult.title)"
        throw CommandError(
          "the last result shows totals, not a list of accounts, so it has no row \(position.value)",
          at: position.range,
          hint:
            "list the accounts, as in \(query), then show \(position.value); ask walks the accounts the totals counted"
        )
      }
      var hint =
        "list accounts or actions first, as in segment red or action list, then show \(position.value)"
      if row(ofAccountKey: String(position.value)) != nil {
        hint = "to open the account whose id is \(position.value), write show \"\(position.value)\""
      }
      throw CommandError(
        "there is no result to pick row \(position.value) from", at: position.range, hint: hint)
    }
    guard position.value >= 1, position.value <= lastRows.count else {
      throw CommandError(
        "the last result has \(lastRows.count) row\(lastRows.count == 1 ? "" : "s"); there is no row \(position.value)",
        at: position.range)
    }
    return record(row: Int(lastRows[position.value - 1]))
  }

  /// Opens the account of row N of the last list of actions or changes.
  private func showListedRow(_ position: Located<Int>) throws(CommandError) -> Output {
    let (title, accounts) = lastListed
    guard !accounts.isEmpty else {
      throw CommandError("the last \(title) has no rows", at: position.range)
    }
    guard position.value >= 1, position.value <= accounts.count else {
      throw CommandError(
        "the last \(title) has \(ValueFormatter.counted(accounts.count, "row")); there is no row \(position.value)",
        at: position.range)
    }
    switch accounts[position.value - 1] {
    case .row(let row):
      return record(row: Int(row))
    case .key(let key, let name):
      guard let row = row(ofAccountKey: key) else {
        throw CommandError(
          "\(name), the account of row \(position.value), is no longer in the book",
          at: position.range,
          hint: "its actions and notes stay in the journal; load a book that has it to see it")
      }
      return record(row: row)
    case .departed(let name):
      throw CommandError(
        "\(name), the account of row \(position.value), is no longer in the book",
        at: position.range,
        hint: "changes lists it from the earlier snapshot; load a book that has it to see it")
    case .none:
      throw CommandError(
        "row \(position.value) of the last \(title) names no account", at: position.range)
    }
  }

  /// Finds the row of the account with this key: its id, or its name when it has no id.
  func row(ofAccountKey key: String) -> Int? {
    // Cells are compared as bytes, so that no string is made for each of a large book's rows.
    let wanted = Array(key.utf8)
    if case .text(let ids)? = book.column(named: "id"),
      let row = (0..<book.count).first(where: { ids.withBytes(at: $0) { $0.elementsEqual(wanted) } }
      )
    {
      return row
    }
    // An account without an id is known by its name.
    return (0..<book.count).first { accountKey($0) == key }
  }

  private func record(row: Int) -> Output {
    focus = row
    let references = book.fields.indices.map { FieldReference.stored($0) } + book.derivedFields
    return .record(accountTable(rows: [Int32(row)], columns: references, footer: nil))
  }

  /// Finds one account by name or id: an exact match (ignoring case) first, then a unique
  /// account whose name starts with or contains the text, ignoring accents too, as `~` does.
  func findAccount(_ name: Located<String>) throws(CommandError) -> Int {
    let scope = scopeRows()
    var candidates: [Int] = []
    let wanted = TextFolding.fold(name.value)
    let wantedKey = TextFolding.searchKey(name.value)
    let nameColumn = book.column(named: "name")
    let idColumn = book.column(named: "id")

    func text(_ column: Column?, _ row: Int) -> String? {
      guard case .text(let values)? = column else { return nil }
      return values.string(at: row)
    }
    /// The rows in scope that pass a test of a text field, given the values kept for its
    /// column; none for a field that is missing or not text.
    func rows(_ field: String, _ test: (TextColumn, TextColumnDerived) -> Bitset) -> [Int] {
      guard let index = book.index(ofField: field), case .text(let values) = book.columns[index]
      else { return [] }
      return (test(values, book.derivedValues(ofColumn: index)) & scope).rows.map(Int.init)
    }

    let exact = Set(
      rows("name") { $0.rows(comparingFolded: wanted, keptIn: $1) { $0 == 0 } }
        + rows("id") { $0.rows(comparingFolded: wanted, keptIn: $1) { $0 == 0 } })
    candidates = exact.sorted()
    if candidates.count == 1 { return candidates[0] }
    if candidates.isEmpty {
      candidates = rows("name") { $0.rows(withSearchKeyPrefix: wantedKey, keptIn: $1) }
    }
    if candidates.isEmpty {
      candidates = rows("name") { $0.rowsContaining(wantedKey, keptIn: $1) }
    }
    if candidates.count == 1 { return candidates[0] }
    if candidates.isEmpty {
      let names = (0..<book.count).compactMap { scope[$0] ? text(nameColumn, $0) : nil }
      let suggestion = Suggestions.closest(to: name.value, among: names)
      let where_ = self.scope.map { " in \($0)'s book" } ?? ""
      // An account outside the scope is found by name or id as a hint, since the commands
      // the other hints suggest search the scope only.
      var outside: String?
      if self.scope != nil {
        outside =
          (0..<book.count).lazy.filter { !scope[$0] }.compactMap { row -> String? in
            let names = [text(nameColumn, row), text(idColumn, row)].compactMap { $0 }
            guard names.contains(where: { TextFolding.fold($0) == wanted }) else { return nil }
            return text(nameColumn, row) ?? name.value
          }.first
      }
      throw CommandError(
        "no account named '\(name.value)'\(where_)", at: name.range,
        hint: outside.map { "\($0) is in another book; book all lifts the scope" }
          ?? suggestion.map { "did you mean \"\($0)\"?" }
          ?? "list accounts with segment all, or search with where name ~ text")
    }
    let names = candidates.map { text(nameColumn, $0) ?? text(idColumn, $0) ?? "row \($0 + 1)" }
    if Set(names.map { $0.lowercased() }).count == 1 {
      // Several accounts with the same name: only a row number tells them apart.
      let hasIDs = idColumn != nil
      throw CommandError(
        "\(candidates.count) accounts are named \"\(names[0])\"", at: name.range,
        hint: (hasIDs ? "give the account id, or " : "")
          + "list them with where name = \"\(names[0])\" and pick one with show N")
    }
    let shown = names.prefix(8).map { "\"\($0)\"" }
    throw CommandError(
      "'\(name.value)' matches \(candidates.count) accounts: \(shown.joined(separator: ", "))\(candidates.count > 8 ? ", …" : "")",
      at: name.range,
      hint: idColumn == nil
        ? "give more of the name, in quotes" : "give the whole name in quotes, or the account id")
  }

  // MARK: fields

  func fieldsTable() -> Output {
    var rows: [[Value]] = []
    for (index, field) in book.fields.enumerated() {
      let source = field.header.map { "column \"\($0)\"" } ?? field.derivation ?? ""
      let type = field.currency.map { "\(field.type.rawValue) (\($0.code))" } ?? field.type.rawValue
      rows.append([
        .text(field.name), .text(type),
        .number(Double(book.columns[index].presentCount)), .text(source),
      ])
    }
    for reference in book.derivedFields {
      guard case .derived(let derived, let base) = reference else { continue }
      let present = Double(book.columns[base].presentCount)
      rows.append([
        .text(derived.rawValue), .text(derived.type.rawValue), .number(present),
        .text(derived.summary),
      ])
    }
    return .table(
      ResultTable(
        columns: [
          ResultTable.Column(name: "field", type: .text),
          ResultTable.Column(name: "type", type: .text),
          ResultTable.Column(name: "accounts", type: .number),
          ResultTable.Column(name: "source", type: .text),
        ], rows: rows, footer: ValueFormatter.counted(book.count, "account")))
  }
}
