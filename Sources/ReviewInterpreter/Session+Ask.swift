import ReviewBook
import ReviewJournal
import ReviewLanguage
import ReviewRender

/// The accounts of a segment to discuss one by one, with the segment's questions.
public struct Walk: Sendable {
  public var title: String
  public var questions: [String]
  public var rows: [Int32]
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
    case "note": self = .command("note " + WalkInput.text(rest))
    case "action": self = .command(WalkInput.action(rest))
    default: self = .command(trimmed)
    }
  }

  private static func action(_ rest: String) -> String {
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
      let text = rest.dropFirst(3).drop { $0 == " " || $0 == "\t" }
      return "action add " + WalkInput.text(String(text))
    default:
      return "action add " + WalkInput.text(rest)
    }
  }

  /// Text as typed when it starts with a quote, so that clauses may follow it, and
  /// otherwise the whole text in quotes, with each quote inside it doubled.
  private static func text(_ text: String) -> String {
    if text.hasPrefix("\"") || text.hasPrefix("'") || text.isEmpty { return text }
    var quoted = "\""
    for character in text {
      quoted.append(character)
      if character == "\"" { quoted.append("\"") }
    }
    return quoted + "\""
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
  /// Lists the questions of the named segment, or of the segment queried last, and keeps
  /// its accounts for the REPL to walk.
  func ask(_ segment: Located<String>?) throws(CommandError) -> [Output] {
    let walk = try prepareWalk(segment)
    var text = "Questions for \(walk.title):\n"
    for (index, question) in walk.questions.enumerated() {
      text += "\(index + 1). \(question)\n"
    }
    pendingWalk = walk
    return [.text(text)]
  }

  /// Works out which accounts and questions `ask` covers.
  func prepareWalk(_ segment: Located<String>?) throws(CommandError) -> Walk {
    let written = segment?.value ?? lastSegment ?? "all"
    // The segment queried last was typed on another line, so errors about it point nowhere
    // in this one.
    let expression: Expression
    var compiler = compiler()
    let condition: Condition
    do {
      if let segment {
        expression = try Parser.parseExpression(segment.value, at: segment.range)
      } else {
        expression = try Parser.parseExpression(written)
      }
    } catch {
      throw CommandError(error.message, at: segment == nil ? nil : error.range, hint: error.hint)
    }
    do {
      condition = try compiler.compile(expression)
    } catch {
      throw CommandError(error.message, at: segment == nil ? nil : error.range, hint: error.hint)
    }
    let presentation = self.presentation(of: expression)
    let keys = presentation.sort.compactMap { entry in
      book.reference(to: entry.field).map { SortKey(field: $0, descending: entry.descending) }
    }
    let rows = book.sorted(
      book.rows(where: .and(.rows(scopeRows()), condition), today: today), by: keys, today: today)
    let label = presentation.label ?? written
    lastSegment = written

    var questions: [String] = []
    if case .term(let term) = expression,
      let definition = definitions.definition(named: term.name.value),
      !definition.questions.isEmpty
    {
      questions = definition.questions
    }
    if questions.isEmpty {
      questions = Questions.forSegment(
        leadingSegmentName(expression) ?? "all", symbol: leadingSymbol(expression))
    }
    let count = "\(rows.count) account\(rows.count == 1 ? "" : "s")"
    return Walk(title: "\(label) (\(count))", questions: questions, rows: rows)
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

  /// Takes the walk that the last `ask` prepared, so that the REPL can go through its
  /// accounts. A second call returns nil.
  public func takeWalk() -> Walk? {
    defer { pendingWalk = nil }
    return pendingWalk
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
