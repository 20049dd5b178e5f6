extension Parser {
  /// Commands about the discussion and its follow-up, whose arguments are free text.
  static let journalCommands: Set<String> = [
    "ask", "question", "note", "notes", "action", "changes", "minutes",
  ]

  static let actionVerbs = ["add", "list", "done", "reopen", "drop", "edit", "top"]

  mutating func parseJournalCommand(
    _ keyword: Token, keyword name: String
  ) throws(SyntaxError) -> Statement {
    // Notes and actions are free text: `#` inside them is text, not a comment.
    let firstWord =
      lexer.source.utf8.count > lexer.position
      ? String(decoding: Array(lexer.source.utf8)[lexer.position...], as: UTF8.self)
        .split(separator: " ").first?.lowercased() ?? "" : ""
    let freeText = name == "note" || (name == "action" && ["add", "edit"].contains(firstWord))
    var rest = lexer.rest(unquoting: false, keepingComments: freeText)
    var format: Located<String>?
    // Commands that list something take `as FORMAT`; note and action add take free text.
    if ["notes", "changes", "minutes", "ask"].contains(name)
      || (name == "action" && ["list", "top"].contains(firstWord))
    {
      (rest, format) = Parser.splittingFormat(rest)
    }
    token = try lexer.next()
    let words = try Words(rest.text, range: rest.range)

    let command: Command
    switch name {
    case "ask":
      command = .ask(words.isEmpty ? nil : Located(rest.text, rest.range))
    case "changes":
      try expectNothing(words, after: keyword)
      command = .changes
    case "minutes":
      try expectNothing(words, after: keyword)
      command = .minutes
    case "question":
      command = try parseQuestion(words, keyword: keyword)
    case "note":
      command = try parseNote(words, keyword: keyword)
    case "notes":
      command = .notes(words.phrase(from: 0, until: []).map { Located($0.text, $0.range) })
    default:
      command = try parseAction(words, keyword: keyword)
    }
    return Statement(command: command, format: format, source: source)
  }

  private func expectNothing(_ words: Words, after keyword: Token) throws(SyntaxError) {
    if let extra = words.words.first {
      throw SyntaxError(
        "\(keyword.text) takes nothing after it, found '\(extra.text)'", at: extra.range)
    }
  }

  private func parseQuestion(_ words: Words, keyword: Token) throws(SyntaxError) -> Command {
    guard let segment = words.words.first else {
      throw SyntaxError(
        "question needs a defined segment and the question", at: keyword.range,
        hint: "write question bigrisk \"Who owns the renewal plan?\"")
    }
    let name = Located(segment.text, segment.range)
    if words.words.count == 1 {
      return .question(segment: name, text: nil, clears: false)
    }
    if words.words.count == 2 && words.words[1].isKeyword("clear") {
      return .question(segment: name, text: nil, clears: true)
    }
    let text = words.phrase(from: 1, until: [])!
    return .question(segment: name, text: Located(text.text, text.range), clears: false)
  }

  /// `note "text"`, `note ACCOUNT "text"`, or `note text` for the account in focus.
  /// Returns whether an unquoted word reads as a number, such as `3`, `#3`, `-1` or `1.5`,
  /// valid id or not.
  static func looksLikeNumber(_ word: Words.Word) -> Bool {
    guard !word.quoted else { return false }
    var text = Substring(word.text)
    if text.first == "#" { text = text.dropFirst() }
    if text.first == "-" || text.first == "+" { text = text.dropFirst() }
    return !text.isEmpty && text.first!.isNumber
      && text.allSatisfy { $0.isNumber || $0 == "." || $0 == "," }
  }

  private func parseNote(_ words: Words, keyword: Token) throws(SyntaxError) -> Command {
    // `note drop N` and `note edit N TEXT` change note N. A number that is no note's, or no
    // number at all, is an error rather than a note that reads "drop 0". Other words after
    // `drop N`, as in `note drop 3 seats`, make a note.
    if let verb = words.words.first, !verb.quoted,
      ["drop", "edit"].contains(verb.text.lowercased()),
      words.words.count == 1 || Parser.looksLikeNumber(words.words[1])
    {
      let keyword = verb.text.lowercased()
      let located = try entryNumber(
        words, command: "note \(keyword)", missing: "the note's number", invalid: "a note's number",
        missingHint:
          "notes shows the numbers; to write a note that starts with \(keyword), quote it",
        invalidHint: "notes shows the numbers, which start at 1")
      if keyword == "drop" && words.words.count == 2 {
        return .noteDrop(id: located)
      }
      if keyword == "edit" {
        guard let text = words.phrase(from: 2, until: []) else {
          throw SyntaxError(
            "note edit needs the new text", at: words.endRange,
            hint: "write note edit \(located.value) \"the new text\"")
        }
        guard !text.text.allSatisfy(\.isWhitespace) else {
          throw SyntaxError("the note is empty", at: text.range)
        }
        return .noteEdit(id: located, text: Located(text.text, text.range))
      }
    }
    guard let last = words.words.last else {
      throw SyntaxError(
        "note needs the text of the note", at: keyword.range,
        hint:
          "write note ACCOUNT \"new champion is the CFO\", or note \"text\" for the account in focus"
      )
    }
    // A quoted account or text ends at its closing quote, so words after it are a mistake.
    if let first = words.words.first, first.quoted, words.words.count > 2,
      words.words[1].quoted || last.quoted
    {
      let extra = words.words[first.quoted && words.words[1].quoted ? 2 : 1]
      throw SyntaxError(
        "unexpected '\(extra.text)' after the quoted \(words.words[1].quoted ? "note" : "account")",
        at: extra.range,
        hint:
          "write note \"Account Name\" \"the note\", with everything the note says inside its quotes"
      )
    }
    if last.quoted {
      let account = words.phrase(from: 0, until: []).flatMap { _ -> Located<String>? in
        guard words.words.count > 1 else { return nil }
        let before = Array(words.words.dropLast())
        return Located(
          before.map(\.text).joined(separator: " "), before.first!.range.through(before.last!.range)
        )
      }
      guard !last.text.allSatisfy(\.isWhitespace) else {
        throw SyntaxError("the note is empty", at: last.range)
      }
      return .note(account: account, text: Located(last.text, last.range))
    }
    // `note "Account Name" text without quotes`: a quoted account first, then the text.
    if let first = words.words.first, first.quoted, words.words.count > 1 {
      let text = words.phrase(from: 1, until: [])!
      return .note(account: Located(first.text, first.range), text: Located(text.text, text.range))
    }
    let text = words.phrase(from: 0, until: [])!
    return .note(account: nil, text: Located(text.text, text.range))
  }

  private func parseAction(_ words: Words, keyword: Token) throws(SyntaxError) -> Command {
    guard let verb = words.words.first else {
      throw SyntaxError(
        "action needs what to do: add, list, done, reopen, drop, edit or top", at: keyword.range,
        hint:
          "for example: action add \"exec call before renewal\" for ACCOUNT owner leader due in 14 days"
      )
    }
    switch verb.text.lowercased() {
    case "add":
      let details = try parseActionDetails(words, from: 1, verb: verb, requireText: true)
      return .actionAdd(details)
    case "list":
      return .actionList(try parseActionQuery(words, verb: verb))
    case "done", "reopen", "drop":
      let id = try actionID(words, verb: verb)
      if words.words.count > 2 {
        throw SyntaxError(
          "unexpected '\(words.words[2].text)' after the action number", at: words.words[2].range)
      }
      return .actionStatus(id: id, change: ActionChange(rawValue: verb.text.lowercased())!)
    case "edit":
      let id = try actionID(words, verb: verb)
      let details = try parseActionDetails(words, from: 2, verb: verb, requireText: false)
      guard
        details.text != nil || details.owner != nil || details.due != nil || details.clearsDue
          || details.account != nil || details.clearsAccount
      else {
        throw SyntaxError(
          "action edit needs what to change", at: words.endRange,
          hint:
            "write action edit \(id.value) \"new text\", for ACCOUNT, for none, owner NAME, due DATE or due none"
        )
      }
      return .actionEdit(id: id, details: details)
    case "top":
      if words.words.count > 1 {
        throw SyntaxError("action top takes nothing after it", at: words.words[1].range)
      }
      return .actionTop
    default:
      let suggestion = Suggestions.closest(to: verb.text, among: Parser.actionVerbs)
      throw SyntaxError(
        "unknown action command '\(verb.text)'", at: verb.range,
        hint: (suggestion.map { "did you mean action \($0)? " } ?? "")
          + "action takes add, list, done, reopen, drop, edit or top")
    }
  }

  private func actionID(_ words: Words, verb: Words.Word) throws(SyntaxError) -> Located<Int> {
    try entryNumber(
      words, command: "action \(verb.text)", missing: "the action's number",
      invalid: "the action's number", missingHint: "action list shows the numbers",
      invalidHint: "action list shows the numbers")
  }

  /// Returns the number of a note or an action that follows `command`, as in `action done 3`
  /// or `note drop #3`, where `#` may come before it.
  private func entryNumber(
    _ words: Words, command: String, missing: String, invalid: String, missingHint: String,
    invalidHint: String
  ) throws(SyntaxError) -> Located<Int> {
    guard words.words.count >= 2 else {
      throw SyntaxError("\(command) needs \(missing)", at: words.endRange, hint: missingHint)
    }
    var text = words.words[1].text
    if text.hasPrefix("#") { text.removeFirst() }
    guard let id = Int(text), id > 0 else {
      throw SyntaxError(
        "expected \(invalid) after '\(command)', found '\(words.words[1].text)'",
        at: words.words[1].range, hint: invalidHint)
    }
    return Located(id, words.words[1].range)
  }

  /// The words that end an action's unquoted text and start a clause.
  static let actionKeywords: Set<String> = ["for", "owner", "due", "in"]

  private func parseActionDetails(
    _ words: Words, from start: Int, verb: Words.Word, requireText: Bool
  )
    throws(SyntaxError) -> ActionDetails
  {
    var details = ActionDetails()
    var index = start
    let list = words.words
    var textIsQuoted = false

    // The text: a quoted string, or the words up to the first keyword.
    if index < list.count, list[index].quoted {
      details.text = Located(list[index].text, list[index].range)
      textIsQuoted = true
      index += 1
    } else if let phrase = words.phrase(from: index, until: Parser.actionKeywords) {
      details.text = Located(phrase.text, phrase.range)
      index = phrase.end
    }
    let textEnd = index
    if requireText {
      guard let text = details.text, !text.value.allSatisfy(\.isWhitespace) else {
        var hint =
          "write action add \"exec call before renewal\" for ACCOUNT owner leader due in 14 days; unquoted text ends at for, owner, due or in"
        // Text that starts with a clause word, as in due diligence, reads as no text and a
        // clause that does not fit: the advice is the whole of it in quotes.
        if index < list.count,
          (try? parseActionDetails(words, from: index, verb: verb, requireText: false)) == nil
        {
          let rest = list[index...].map(\.text).joined(separator: " ")
          hint =
            "text that starts with for, owner, due or in goes in quotes, as in action \(verb.text) \(Lexer.quoted(rest))"
        }
        throw SyntaxError(
          "action add needs the text of the action",
          at: index < list.count ? list[index].range : words.endRange, hint: hint)
      }
    }

    /// Advice for a keyword that may belong to the text: the command with the text quoted
    /// through the keyword's words, and through later words until the rest of the line
    /// reads as clauses. Nil when the text was quoted, or when there is none.
    func quotingAdvice(clause: Int) -> String? {
      guard !textIsQuoted, clause > start else { return nil }
      var end = clause
      repeat {
        end = words.phrase(from: end + 1, until: Parser.actionKeywords)?.end ?? end + 1
      } while end < list.count
        && (try? parseActionDetails(words, from: end, verb: verb, requireText: false)) == nil
      return quotedTextAdvice(words, text: start..<textEnd, clause: clause..<end)
    }
    func failure(
      _ message: String, at range: SourceRange, hint: String?, clause: Int
    ) -> SyntaxError {
      let advice = quotingAdvice(clause: clause)
      let joined = [hint, advice].compactMap { $0 }.joined(separator: "; ")
      return SyntaxError(message, at: range, hint: joined.isEmpty ? nil : joined)
    }

    // The word index where each clause was first given.
    var firstClause: [String: Int] = [:]
    while index < list.count {
      let word = list[index]
      let keyword = word.quoted ? "" : word.text.lowercased()
      // Each clause once: a second one would silently win over the first.
      let clause = keyword == "in" ? "due" : keyword
      if ["for", "owner", "due"].contains(clause) {
        if let first = firstClause[clause] {
          // The first may have been part of the text, which the advice then quotes.
          let name = ["for": "account", "owner": "owner", "due": "due date"][clause] ?? clause
          throw failure(
            "the action's \(name) is given twice", at: word.range,
            hint: "give each of for, owner and due (or in) once", clause: first)
        }
        firstClause[clause] = index
      }
      switch keyword {
      case "for":
        guard let phrase = words.phrase(from: index + 1, until: Parser.actionKeywords) else {
          throw failure(
            "expected an account or none after 'for'",
            at: index + 1 < list.count ? list[index + 1].range : words.endRange, hint: nil,
            clause: index)
        }
        // `for none` files the action under no account; `for "none"` names an account.
        if phrase.end == index + 2 && list[index + 1].isKeyword("none") {
          details.account = nil
          details.clearsAccount = true
        } else {
          details.account = Located(phrase.text, phrase.range)
          details.clearsAccount = false
          details.accountQuotingAdvice = quotingAdvice(clause: index)
        }
        index = phrase.end
      case "owner":
        guard let phrase = words.phrase(from: index + 1, until: Parser.actionKeywords) else {
          throw failure(
            "expected csm, leader or a name after 'owner'",
            at: index + 1 < list.count ? list[index + 1].range : words.endRange, hint: nil,
            clause: index)
        }
        details.owner = Located(phrase.text, phrase.range)
        // An owner right after unquoted text may have been part of it.
        if index == textEnd { details.ownerQuotingAdvice = quotingAdvice(clause: index) }
        index = phrase.end
      case "due":
        guard index + 1 < list.count else {
          throw failure(
            "expected a date after 'due'", at: words.endRange,
            hint: "write due 2022-03-01, due in 14 days, due tomorrow, due friday or due none",
            clause: index)
        }
        if list[index + 1].isKeyword("none") {
          details.clearsDue = true
          index += 2
        } else {
          do {
            let (literal, end) = try dueLiteral(list, from: index + 1, endRange: words.endRange)
            details.due = literal
            index = end
          } catch {
            throw failure(error.message, at: error.range, hint: error.hint, clause: index)
          }
        }
      case "in":
        do {
          let (literal, end) = try dueLiteral(list, from: index, endRange: words.endRange)
          details.due = literal
          index = end
        } catch {
          throw failure(error.message, at: error.range, hint: error.hint, clause: index)
        }
      default:
        throw SyntaxError(
          "unexpected '\(word.text)'", at: word.range,
          hint:
            "after the text come for ACCOUNT (or for none), owner NAME, and due DATE or in N days; unquoted text ends at for, owner, due or in, so quote text that contains them"
        )
      }
    }
    return details
  }

  /// Returns the command as written with the words `text` and `clause` quoted as one text,
  /// the clauses between them and the words after them unchanged, as advice to quote a
  /// text that a keyword cut short: `if 'for renewal' is part of the text, quote the text:
  /// action add "prepare for renewal"`.
  private func quotedTextAdvice(
    _ words: Words, text: Range<Int>, clause: Range<Int>
  ) -> String {
    let list = words.words
    let bytes = Array(source.utf8)
    let commandStart = list[text.lowerBound].range.startOffset
    var commandEnd = commandStart
    while commandEnd > 0 && (bytes[commandEnd - 1] == 0x20 || bytes[commandEnd - 1] == 0x09) {
      commandEnd -= 1
    }
    let command = String(decoding: bytes[..<commandEnd], as: UTF8.self)
    // A quote inside quoted text is written twice.
    let quoted = String(
      (list[text] + list[clause]).map(\.text).joined(separator: " ").flatMap {
        $0 == "\"" ? "\"\"" : "\($0)"
      })
    var rewritten = "\(command) \"\(quoted)\""
    for unquoted in [text.upperBound..<clause.lowerBound, clause.upperBound..<list.count]
    where !unquoted.isEmpty {
      let start = list[unquoted.lowerBound].range.startOffset
      let end = list[unquoted.upperBound - 1].range.endOffset
      rewritten += " " + String(decoding: bytes[start..<end], as: UTF8.self)
    }
    let words = list[clause].map(\.text).joined(separator: " ")
    return "if '\(words)' is part of the text, quote the text: \(rewritten)"
  }

  /// A due date: `2022-03-01`, `"May 1, 2022"`, `today`, `tomorrow`, `friday`, `in 14 days`,
  /// `14 days` (from today).
  private func dueLiteral(
    _ list: [Words.Word], from start: Int, endRange: SourceRange
  ) throws(SyntaxError)
    -> (LocatedLiteral, Int)
  {
    let first = list[start]
    let lowered = first.text.lowercased()
    if first.quoted {
      return (Located(.string(first.text), first.range), start + 1)
    }
    if ["today", "tomorrow", "yesterday"].contains(lowered) {
      let amount = lowered == "today" ? 0 : (lowered == "tomorrow" ? 1 : -1)
      return (Located(.relativeDate(amount: amount, unit: .day), first.range), start + 1)
    }
    if Parser.weekday(named: lowered) != nil {
      // The interpreter turns the name into a date, because the date depends on today.
      return (Located(.word(lowered), first.range), start + 1)
    }
    var index = start
    if lowered == "in" {
      index += 1
      guard index < list.count, Int(list[index].text) != nil else {
        throw SyntaxError(
          "expected a number of days after 'in', found \(index < list.count ? "'\(list[index].text)'" : "nothing")",
          at: index < list.count ? list[index].range : endRange,
          hint: "write in 14 days, in 2 weeks or in 1 month")
      }
    }
    if index < list.count, let amount = Int(list[index].text) {
      if lowered != "in", index + 2 < list.count, Parser.unit(list[index + 1].text) != nil,
        list[index + 2].isKeyword("ago")
      {
        let unit = Parser.unit(list[index + 1].text)!
        let range = first.range.through(list[index + 2].range)
        return (Located(.relativeDate(amount: -amount, unit: unit), range), index + 3)
      }
      guard index + 1 < list.count, let unit = Parser.unit(list[index + 1].text) else {
        throw SyntaxError(
          "expected days, weeks, months or years after \(amount)",
          at: index + 1 < list.count ? list[index + 1].range : endRange)
      }
      let range = first.range.through(list[index + 1].range)
      return (Located(.relativeDate(amount: amount, unit: unit), range), index + 2)
    }
    if lowered != "in" && first.text.count == 10 && first.text.filter({ $0 == "-" }).count == 2 {
      return (Located(.date(first.text), first.range), start + 1)
    }
    // Other numeric dates, such as 2022/02/05 or 05.02.2022, as `today` takes them.
    if lowered != "in", first.text.first?.isNumber == true,
      first.text.contains(where: { $0 == "/" || $0 == "." || $0 == "-" })
    {
      return (Located(.string(first.text), first.range), start + 1)
    }
    throw SyntaxError(
      "expected a date, found '\(first.text)'", at: first.range,
      hint: "write due 2022-03-01, due \"May 1, 2022\", due in 14 days, due tomorrow or due friday")
  }

  /// Returns the day of the week that a name such as `friday` or `fri` gives, in any case,
  /// with 0 for Monday.
  public static func weekday(named name: String) -> Int? {
    switch name.lowercased() {
    case "monday", "mon": return 0
    case "tuesday", "tue", "tues": return 1
    case "wednesday", "wed", "weds": return 2
    case "thursday", "thu", "thur", "thurs": return 3
    case "friday", "fri": return 4
    case "saturday", "sat": return 5
    case "sunday", "sun": return 6
    default: return nil
    }
  }

  static func unit(_ word: String) -> DateUnit? {
    switch word.lowercased() {
    case "day", "days": return .day
    case "week", "weeks": return .week
    case "month", "months": return .month
    case "year", "years": return .year
    default: return nil
    }
  }

  private func parseActionQuery(_ words: Words, verb: Words.Word) throws(SyntaxError) -> ActionQuery
  {
    var query = ActionQuery()
    var index = 1
    let list = words.words
    let states: Set<String> = ["open", "done", "dropped", "overdue", "all"]
    while index < list.count {
      let word = list[index]
      let lowered = word.text.lowercased()
      if !word.quoted && states.contains(lowered) && query.state == nil {
        query.state = Located(lowered, word.range)
        index += 1
      } else if word.isKeyword("owner") {
        guard let phrase = words.phrase(from: index + 1, until: ["for", "owner"]) else {
          throw SyntaxError("expected csm, leader or a name after 'owner'", at: words.endRange)
        }
        query.owner = Located(phrase.text, phrase.range)
        index = phrase.end
      } else if word.isKeyword("for") {
        guard let phrase = words.phrase(from: index + 1, until: ["for", "owner"]) else {
          throw SyntaxError("expected an account after 'for'", at: words.endRange)
        }
        query.account = Located(phrase.text, phrase.range)
        index = phrase.end
      } else {
        throw SyntaxError(
          "unexpected '\(word.text)'", at: word.range,
          hint: "write action list [open|done|dropped|overdue|all] [owner NAME] [for ACCOUNT]")
      }
    }
    return query
  }
}
