import ReviewBook
import ReviewJournal
import ReviewLanguage
import ReviewRender

/// The accounts of a segment to discuss one by one, with the segment's questions.
public struct Walk: Sendable {
  /// The selection walked and its number of accounts: `red (9 accounts)`.
  public var title: String
  public var questions: [String]
  public var rows: [Int32]
  /// The text that selected the accounts, as written: `renewals<120 where arr>50000`.
  var selection: String
  var segment: Expression?
  var filter: Expression?
  /// Whether the accounts were listed by the query they come from, so that the minutes
  /// show them already.
  var wasListed: Bool
}

/// A line typed while `ask` walks a segment's accounts.
public enum WalkInput: Equatable, Sendable {
  /// Enter, `n` or `next`.
  case next
  /// `p`, `prev` or `previous`.
  case previous
  /// `q`, `quit`, `stop` or `exit`.
  case stop
  /// `?` or `questions`.
  case questions
  /// A command to run, with `note TEXT` and `action TEXT` written out as commands about
  /// the account on screen.
  case command(String)
  /// A line that cannot run, such as `action` without a text, with the error to show.
  case invalid(CommandError)

  /// Reads a line typed in the walk. `note TEXT` and `action TEXT` keep unquoted text
  /// whole, `for`, `owner`, `due` and `in` included, because the walk's notes and actions
  /// are about the account on screen. Only a quoted text may be followed by clauses, as in
  /// `action "call the CFO" owner leader due in 14 days`. `action list`, `action top`,
  /// and `action done`, `reopen`, `drop` or `edit` with an action's number run as they
  /// would at the prompt.
  public init(_ line: String) {
    let trimmed = line.trimmingSpaces()
    let parts = trimmed.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true)
    let word = parts.first.map { $0.lowercased() } ?? ""
    let rest = parts.count > 1 ? String(parts[1]).trimmingSpaces() : ""
    switch word {
    case "", "n", "next": self = .next
    case "p", "prev", "previous": self = .previous
    case "q", "quit", "stop", "exit": self = .stop
    case "?", "questions": self = .questions
    case "note" where WalkInput.changesNote(rest):
      // `note drop N` and `note edit N TEXT` run as at the prompt.
      self = .command("note " + rest)
    case "note":
      guard WalkInput.hasText(rest) else {
        self = .invalid(
          CommandError(
            "the note needs a text",
            hint: "write note and the text, as in note new champion is the CFO; "
              + "it is about the account on screen"))
        return
      }
      self = .command("note " + WalkInput.noteText(rest))
    case "action":
      guard let command = WalkInput.action(rest) else {
        self = .invalid(
          CommandError(
            "the action needs a text",
            hint: "write action and what to do, as in action call the CFO before the renewal; "
              + "it is about the account on screen"))
        return
      }
      self = .command(command)
    default: self = .command(trimmed)
    }
  }

  /// Returns a note for a line that adds an action whose unquoted text contains `due` or
  /// `owner`, which start clauses at the prompt. The walk keeps the whole line as the text,
  /// so the note shows how to quote it. Returns nil for any other line. `for` is left out,
  /// because text such as "prepare for renewal" contains it far more often than a clause.
  public static func clauseNote(_ line: String) -> String? {
    guard case .command(let command) = WalkInput(line), command.hasPrefix("action add \"") else {
      return nil
    }
    let rest = line.trimmingSpaces().dropFirst("action".count).trimmingCharacters(in: " \t")
    guard let first = rest.first, first != "\"", first != "'" else { return nil }
    let words = Set(rest.lowercased().split(separator: " ").map(String.init))
    guard let clause = ["due", "owner"].first(where: words.contains) else { return nil }
    let (what, example) =
      clause == "due" ? ("a due date", "due in 14 days") : ("an owner", "owner leader")
    return
      "the whole line is the action's text, \(clause) included; to set \(what), put the text in quotes, as in action \"exec call\" \(example)"
  }

  /// Returns the command for a line of the walk that adds an action whose unquoted text
  /// ends in `owner` and `due` clauses, as `action call the CFO owner leader due friday`,
  /// with the text before the clauses in quotes. An owner must be `csm`, `leader` or one of
  /// `owners` (the book's CSMs), and a due clause must have a value, so that text such as
  /// `ask the owner about the budget` stays whole. Returns nil for any other line; the
  /// caller runs the whole line as the text when the command fails.
  public static func actionWithClauses(_ line: String, owners: [String]) -> String? {
    guard case .command(let command) = WalkInput(line), command.hasPrefix("action add \"") else {
      return nil
    }
    var rest = Substring(line.trimmingSpaces()).dropFirst("action".count)
    rest = rest.drop { $0 == " " || $0 == "\t" }
    if rest.lowercased().hasPrefix("add ") { rest = rest.dropFirst(4) }
    guard let first = rest.first, first != "\"", first != "'" else { return nil }
    let words = rest.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
    let knownOwners = Set((["csm", "leader"] + owners).map { $0.lowercased() })

    /// Returns the clauses from word `start` to the end, written as the prompt reads them,
    /// or nil when they are not all valid.
    func clauses(from start: Int) -> String? {
      var index = start
      var seen: Set<String> = []
      var written: [String] = []
      while index < words.count {
        let keyword = words[index].lowercased()
        guard keyword == "owner" || keyword == "due", !seen.contains(keyword) else { return nil }
        seen.insert(keyword)
        var end = index + 1
        while end < words.count && !["owner", "due"].contains(words[end].lowercased()) {
          end += 1
        }
        let value = words[(index + 1)..<end].joined(separator: " ")
        if value.isEmpty { return nil }
        if keyword == "owner" {
          guard knownOwners.contains(value.lowercased()) else { return nil }
          // An owner with a space in the name goes in quotes.
          written.append("owner " + (value.contains(" ") ? Lexer.quoted(value) : value))
        } else {
          // `for` would start a clause at the prompt and file the action elsewhere.
          let valueWords = words[(index + 1)..<end].map { $0.lowercased() }
          if valueWords.contains("for") || valueWords.dropFirst().contains("in") { return nil }
          written.append("due " + value)
        }
        index = end
      }
      return written.joined(separator: " ")
    }

    for start in 1..<max(words.count, 1)
    where ["owner", "due"].contains(words[start].lowercased()) {
      if let written = clauses(from: start) {
        let text = words[..<start].joined(separator: " ")
        return "action add " + Lexer.quoted(text) + " " + written
      }
    }
    return nil
  }

  /// Returns whether the words after `note` change a note, as `drop 2` and `edit 2 TEXT`
  /// do, rather than being one.
  private static func changesNote(_ rest: String) -> Bool {
    let parts = rest.split(separator: " ", omittingEmptySubsequences: true)
    guard let verb = parts.first.map({ $0.lowercased() }), verb == "drop" || verb == "edit",
      parts.count >= 2
    else { return false }
    let number = parts[1].hasPrefix("#") ? parts[1].dropFirst() : parts[1]
    guard Int(number) != nil else { return false }
    return verb == "edit" || parts.count == 2
  }

  /// Returns whether note or action text has more than spaces, inside its quotes too.
  private static func hasText(_ text: String) -> Bool {
    var words = Substring(text)
    if let first = words.first, first == "\"" || first == "'" {
      // Only a quoted text may be followed by clauses, so the text is what the quotes hold.
      var lexer = Lexer(text)
      guard let token = try? lexer.next(), token.kind == .string else { return true }
      words = Substring(token.text)
    }
    return words.contains { !$0.isWhitespace }
  }

  /// Returns the command for `action REST` in the walk, or nil when it has no text to add.
  private static func action(_ rest: String) -> String? {
    let parts = rest.split(separator: " ", omittingEmptySubsequences: true)
    let verb = parts.first.map { $0.lowercased() } ?? ""
    let numbered =
      parts.count >= 2 && Int(parts[1].hasPrefix("#") ? parts[1].dropFirst() : parts[1]) != nil
    switch verb {
    case "list":
      return "action " + rest
    case "top" where parts.count == 1:
      return "action " + rest
    case "done" where numbered, "reopen" where numbered, "drop" where numbered,
      "edit" where numbered:
      return "action " + rest
    case "add":
      let text = String(rest.dropFirst(3).drop { $0 == " " || $0 == "\t" })
      return hasText(text) ? "action add " + WalkInput.text(text) : nil
    default:
      return hasText(rest) ? "action add " + WalkInput.text(rest) : nil
    }
  }

  /// Returns a note's text as one quoted string: as typed when it is one already, and
  /// otherwise the whole line in quotes. A note in the walk takes no clauses, so
  /// `note "Too expensive" said the CFO` is one note.
  private static func noteText(_ text: String) -> String {
    Lexer.quotedContents(text) != nil ? text : Lexer.quoted(text)
  }

  /// Returns text as typed when it starts with a quote, so that clauses may follow it, and
  /// otherwise the whole text in quotes, with each quote inside it doubled.
  private static func text(_ text: String) -> String {
    if text.hasPrefix("\"") || text.hasPrefix("'") || text.isEmpty { return text }
    return Lexer.quoted(text)
  }
}

extension String {
  fileprivate func trimmingSpaces() -> String {
    var text = Substring(self)
    while let first = text.first, first == " " || first == "\t" { text.removeFirst() }
    while let last = text.last, last.isWhitespace { text.removeLast() }
    return String(text)
  }
}

extension Session {
  /// Lists the questions of the named segment, or of the segment the last result was built
  /// on, and keeps the accounts for the REPL to walk.
  func ask(_ segment: Located<String>?) throws(CommandError) -> [Output] {
    let walk = try prepareWalk(segment)
    guard !walk.rows.isEmpty else {
      // Questions about each of no accounts would only fill an agenda.
      pendingWalk = nil
      return [.text("No questions for \(walk.title): no account to ask about.\n")]
    }
    var text = "Questions for \(walk.title):\n"
    for (index, question) in walk.questions.enumerated() {
      text += "\(index + 1). \(question)\n"
    }
    pendingWalk = walk
    return [.text(text)]
  }

  /// Works out which accounts and questions `ask` covers: those of the named segment in the
  /// current scope, or else the accounts of the last result in its order, or else every
  /// account in scope.
  func prepareWalk(_ segment: Located<String>?) throws(CommandError) -> Walk {
    if let segment {
      return try segmentWalk(segment)
    }
    guard let result = lastResult else {
      return try segmentWalk(nil)
    }

    // The scope and the book reset the last result, so its rows are in scope; the filter
    // guards against a row that is not.
    let scope = scopeRows()
    var rows = result.rows.filter { Int($0) < scope.count && scope[Int($0)] }
    if !result.isListed {
      rows = book.sorted(rows, by: sortKeys(of: result.segment), today: today)
    }
    let title = result.title.isEmpty ? "the last result" : result.title
    return Walk(
      title: "\(title) (\(ValueFormatter.counted(rows.count, "account")))",
      questions: questions(for: result.segment), rows: rows, selection: title,
      segment: result.segment, filter: result.filter, wasListed: result.isListed)
  }

  /// The walk of a segment written after `ask`, or of every account when none is.
  private func segmentWalk(_ segment: Located<String>?) throws(CommandError) -> Walk {
    // A name in quotes is shown without them.
    let written = segment.map { Lexer.quotedContents($0.value) ?? $0.value } ?? "all"
    let expression: Expression
    var compiler = compiler()
    let condition: Condition
    do {
      if let segment {
        expression = try Parser.parseExpression(segment.value, at: segment.range)
      } else {
        expression = try Parser.parseExpression("all")
      }
    } catch {
      throw CommandError(error)
    }
    condition = try compiler.compile(expression)
    let rows = book.sorted(
      book.rows(where: .and(.rows(scopeRows()), condition), today: today),
      by: sortKeys(of: expression), today: today)
    // `ask red` right after `segment red` walks the accounts that list showed, which the
    // minutes then keep once.
    let listedJustBefore =
      lastResult.map { $0.isListed && Set($0.rows) == Set(rows) } ?? false
    return Walk(
      title: "\(written) (\(ValueFormatter.counted(rows.count, "account")))",
      questions: questions(for: expression), rows: rows, selection: written,
      segment: expression, filter: nil, wasListed: listedJustBefore)
  }

  /// The natural order of a segment's accounts.
  private func sortKeys(of segment: Expression?) -> [SortKey] {
    presentation(of: segment).sort.compactMap { entry in
      book.reference(to: entry.field).map { SortKey(field: $0, descending: entry.descending) }
    }
  }

  /// The questions of a defined segment that has its own, or else those of the first
  /// built-in segment the expression names, or else the general review questions.
  private func questions(for expression: Expression?) -> [String] {
    guard let expression else { return Questions.general }
    if case .term(let term) = expression,
      let definition = definitions.definition(named: term.name.value),
      !definition.questions.isEmpty
    {
      return definition.questions
    }
    return Questions.forSegment(
      leadingSegmentName(expression) ?? "all", symbol: leadingSymbol(expression))
  }

  private func leadingSegmentName(_ expression: Expression) -> String? {
    var seen: Set<String> = []
    return leadingSegmentName(expression, seen: &seen)
  }

  private func leadingSegmentName(_ expression: Expression, seen: inout Set<String>) -> String? {
    switch expression {
    case .term(let term):
      let name = term.name.value
      if let (base, _) = BuiltinSegments.splitCount(name) { return base }
      if let segment = BuiltinSegments.named(name) { return segment.name }
      if let definition = definitions.definition(named: name),
        seen.insert(definition.name.lowercased()).inserted,
        let parsed = try? Parser.parseExpression(definition.expression)
      {
        return leadingSegmentName(parsed, seen: &seen)
      }
      return nil
    case .group(let inner, _), .not(let inner, _):
      return leadingSegmentName(inner, seen: &seen)
    case .and(let lhs, let rhs), .or(let lhs, let rhs):
      return leadingSegmentName(lhs, seen: &seen) ?? leadingSegmentName(rhs, seen: &seen)
    default:
      return nil
    }
  }

  private func leadingSymbol(_ expression: Expression) -> String? {
    if case .term(let term) = expression { return term.comparison?.symbol.value.rawValue }
    return nil
  }

  /// Takes the walk that the last `ask` prepared, without walking it, as a script does. A
  /// second call returns nil.
  public func takeWalk() -> Walk? {
    defer { pendingWalk = nil }
    return pendingWalk
  }

  /// Takes the walk that the last `ask` prepared, for the REPL to go through its accounts,
  /// and adds them to the segments discussed in the minutes unless the last result listed
  /// them already. Returns nil when there is no walk or it has no accounts.
  public func beginWalk() -> Walk? {
    guard let walk = takeWalk(), !walk.rows.isEmpty else { return nil }

    if !walk.wasListed {
      var query = Query(segment: walk.segment, filter: walk.filter)
      query.selectionText = walk.selection
      let columns =
        (try? columnReferences(
          for: query, presentation: presentation(of: walk.segment), compiler: compiler()))
        ?? []
      var footer = ValueFormatter.counted(walk.rows.count, "account")
      if let arr = totalARR(of: walk.rows) {
        footer += " · \(ValueFormatter.compactMoney(arr, currency: arrCurrency)) ARR"
      }
      discussed.append(
        (
          "ask \(walk.selection)", scope,
          accountTable(rows: walk.rows, columns: columns, footer: footer)
        ))
    }
    return walk
  }

  /// Shows one account as `ask` walks a segment: its key fields, open actions and latest
  /// notes. The account comes into focus.
  public func card(row: Int32) -> [Output] {
    focus = Int(row)
    let names = [
      "name", "csm", "arr", "renewal_date", "days_to_renewal", "health", "status", "stage",
      "last_engaged",
      "days_since_engaged", "usage", "nps", "goals_total", "goals_achieved", "expansion_arr",
    ]
    let references = names.compactMap { book.reference(to: $0) }
    var outputs: [Output] = [.record(accountTable(rows: [row], columns: references, footer: nil))]
    if let journal {
      let key = accountKey(Int(row))
      if let actions = try? journal.actions(matching: ActionFilter(status: .open, accountKey: key)),
        !actions.isEmpty
      {
        outputs.append(.table(actionTable(actions, footer: nil)))
      }
      if let notes = try? journal.notes(account: key), !notes.isEmpty {
        let latest = notes.suffix(3).map { "- \($0.created.iso): \($0.text)" }.joined(
          separator: "\n")
        outputs.append(.text("Notes:\n" + latest))
      }
    }
    return outputs
  }

  /// Adds a question to a defined segment, lists its questions, or removes them.
  func question(
    _ segment: Located<String>, text: Located<String>?, clears: Bool
  ) throws(CommandError) -> Output {
    guard var definition = definitions.definition(named: segment.value) else {
      if BuiltinSegments.named(segment.value) != nil {
        throw CommandError(
          "\(segment.value) is a built-in segment, whose questions are fixed", at: segment.range,
          hint: "define a segment of your own and give it questions")
      }
      throw CommandError(
        "no defined segment is named '\(segment.value)'", at: segment.range,
        hint: "define it first: define NAME as CONDITION")
    }
    if clears {
      definition.questions = []
    } else if let text {
      definition.questions.append(text.value)
    } else {
      let lines = definition.questions.enumerated().map { "\($0.offset + 1). \($0.element)" }
      return .text(
        lines.isEmpty
          ? "\(definition.name) has no questions of its own yet" : lines.joined(separator: "\n"))
    }
    try definitions.set(definition)
    return .notice(
      "\(definition.name) has \(definition.questions.count) question\(definition.questions.count == 1 ? "" : "s")"
    )
  }
}
