/// Parses one command line into a `Statement`. Recursive descent with one token of
/// lookahead; `or` binds loosest, then `and`, then `not`.
public struct Parser {
  var lexer: Lexer
  var token: Token
  /// The token before `token`, for errors that a word before the unexpected one explains.
  private var previous: Token?
  let source: String
  /// How deep the current condition nests in parentheses and `not`, and how many terms it
  /// has so far: both are limited so that a machine-written line cannot exhaust the stack.
  private var depth = 0
  private var terms = 0
  /// The last term parsed without a comparison, such as `red` or `goals met`, and the byte
  /// offset where it ends: a `>` right after it could still start a comparison.
  var openTerm: (term: Term, endOffset: Int)?

  /// The deepest nesting of parentheses and `not` a condition may have.
  static let maximumDepth = 100
  /// The most terms one condition may have.
  static let maximumTerms = 1000
  /// The largest number `limit` takes: far more accounts than a book holds, and small
  /// enough to stay a plain number in messages.
  public static let maximumLimit = 1_000_000_000

  /// Words that end a term or an expression, so they cannot be qualifiers or bare values.
  static let keywords: Set<String> = [
    "where", "and", "or", "not", "sort", "limit", "show", "by", "count", "sum", "avg", "min", "max",
    "as", "in", "between", "is",
  ]

  /// The commands, for error suggestions and completion.
  public static let commands = [
    "segment", "where", "segments", "show", "fields", "today", "book", "explain", "define",
    "undefine",
    "summary", "help", "format", "dates", "timing", "ask", "question", "note", "notes", "action",
    "changes",
    "minutes", "let", "load", "echo", "heading", "output", "include", "run", "quit", "exit",
  ]

  init(_ source: String, line: Int, readsComments: Bool = true) throws(SyntaxError) {
    self.source = source
    self.lexer = Lexer(source, line: line)
    self.lexer.readsComments = readsComments
    self.token = try lexer.next()
  }

  private init(_ source: String, lexer: Lexer) throws(SyntaxError) {
    self.source = source
    self.lexer = lexer
    self.token = try self.lexer.next()
  }

  /// Parses a line. Returns nil for a blank line or a comment.
  ///
  /// `comparesField` returns whether `NAME > VALUE` at the end of the line compares a field of
  /// the book with the value. When it does not, because `NAME` is a segment or the value
  /// cannot be one of the field's, the `>` writes the result to the file VALUE. Without it,
  /// every such `>` compares. With `commentRemoved`, the line's comment was taken off with
  /// `removingComment(from:)`, and a `#` left in it is text.
  public static func parse(
    _ line: String, lineNumber: Int = 1, commentRemoved: Bool = false,
    comparesField: (_ name: String, _ value: LocatedLiteral) -> Bool = { _, _ in true }
  ) throws(SyntaxError) -> Statement? {
    let (commandText, redirect) = try splitRedirect(
      line, lineNumber: lineNumber, readsComments: !commentRemoved, comparesField: comparesField)
    var parser = try Parser(commandText, line: lineNumber, readsComments: !commentRemoved)
    guard parser.token.kind != .end else {
      if let redirect {
        throw SyntaxError("there is no command before '>'", at: redirect.path.range)
      }
      return nil
    }
    var statement = try parser.parseStatement()
    statement.redirect = redirect
    statement.source = line
    return statement
  }

  /// Returns the line without its comment: from a `#` at the start or after a space or a
  /// tab, outside quotes, to the end. The text of `note`, `action add` and `action edit`
  /// has no comment, since `#` is common in it (`ticket #4521`), and neither has the
  /// number after `action done`, `reopen` or `drop`, which action lists may show as `#3`.
  public static func removingComment(from line: String) -> String {
    let words = line.split(whereSeparator: { $0 == " " || $0 == "\t" }).prefix(3).map {
      $0.lowercased()
    }
    if words.first == "note"
      || (words.first == "action"
        && (words.dropFirst().first == "add" || words.dropFirst().first == "edit"))
    {
      return line
    }
    let bytes = Array(line.utf8)
    var numberStart: Int?
    if words.count == 3, words[0] == "action", ["done", "reopen", "drop"].contains(words[1]),
      words[2].hasPrefix("#"), words[2].dropFirst().first?.isNumber == true
    {
      numberStart = bytes.firstIndex(of: UInt8(ascii: "#"))
    }
    var quote: UInt8?
    for (index, byte) in bytes.enumerated() {
      if let open = quote {
        if byte == open { quote = nil }
      } else if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") {
        quote = byte
      } else if byte == UInt8(ascii: "#")
        && (index == 0 || bytes[index - 1] == UInt8(ascii: " ") || bytes[index - 1] == 0x09)
        && index != numberStart
      {
        var end = index
        while end > 0 && (bytes[end - 1] == UInt8(ascii: " ") || bytes[end - 1] == 0x09) {
          end -= 1
        }
        return String(decoding: bytes[..<end], as: UTF8.self)
      }
    }
    return line
  }

  /// Returns whether the command leaves quoted text open at its end, as text pasted over
  /// several lines does, so that the REPL reads on to the closing quote.
  public static func leavesQuoteOpen(_ command: String) -> Bool {
    let uncommented = removingComment(from: command)
    do {
      _ = try parse(uncommented, commentRemoved: true)
      return false
    } catch {
      return error.message == SyntaxError.unclosedQuote
        && error.range.endOffset >= uncommented.utf8.count
    }
  }

  /// Parses a whole line as one expression, as segment definitions are written.
  public static func parseExpression(_ text: String) throws(SyntaxError) -> Expression {
    var parser = try Parser(text, line: 1)
    let expression = try parser.parseExpression()
    guard parser.token.kind == .end else { throw parser.trailingTokenError() }
    return expression
  }

  /// Parses an expression that was written at `range` of a command line, such as the
  /// segment after `explain` or `ask`, so that the ranges of its parts and of its errors
  /// point into that line. A `text` two bytes shorter than the range is the range's text
  /// without the quotes around it.
  public static func parseExpression(
    _ text: String, at range: SourceRange
  ) throws(SyntaxError) -> Expression {
    let isQuoted = range.endOffset - range.startOffset == text.utf8.count + 2
    let start = range.startOffset + (isQuoted ? 1 : 0)
    // Spaces stand in for the line before the text, so that byte offsets match the line's.
    let source = String(repeating: " ", count: start) + text
    let lexer = Lexer(
      source, line: range.line, offset: start, column: range.column + (isQuoted ? 1 : 0))
    var parser = try Parser(source, lexer: lexer)
    let expression = try parser.parseExpression()
    guard parser.token.kind == .end else { throw parser.trailingTokenError() }
    return expression
  }

  // MARK: Statements

  mutating func parseStatement() throws(SyntaxError) -> Statement {
    let first = token
    guard first.kind == .word else {
      throw SyntaxError(
        "expected a command, found \(first.quoted)", at: first.range,
        hint: "commands start with a word such as segment, where, show or help")
    }
    let keyword = first.text.lowercased()
    if keyword == "show" || keyword == "book" || keyword == "explain" {
      return try parseRestCommand(first, keyword: keyword)
    }
    if keyword == "today" {
      return try parseToday(first)
    }
    if Parser.journalCommands.contains(keyword) {
      return try parseJournalCommand(first, keyword: keyword)
    }
    if Parser.scriptCommands.contains(keyword) {
      return try parseScriptCommand(first, keyword: keyword)
    }
    try advance()

    let command: Command
    switch keyword {
    case "segment":
      let start = token.range.startOffset
      let segment = try parseExpression()
      var query = Query(segment: segment)
      if token.isKeyword("where") {
        try advance()
        query.filter = try parseExpression()
      }
      query.selectionText = text(from: start)
      command = .query(try parseClauses(query))
    case "where":
      let filter = try parseExpression()
      var query = Query(filter: filter)
      query.selectionText = text(from: first.range.startOffset)
      command = .query(try parseClauses(query))
    case "segments":
      command = .segments
    case "fields":
      command = .fields
    case "summary":
      command = .summary
    case "quit", "exit":
      command = .quit
    case "timing":
      let value = token
      guard value.isKeyword("on") || value.isKeyword("off") else {
        throw SyntaxError(
          "expected on or off after 'timing', found \(value.quoted)", at: value.range)
      }
      try advance()
      command = .timing(value.isKeyword("on"))
    case "undefine":
      command = .undefine(try parseName(after: first, what: "the name of a defined segment"))
    case "define":
      let name = try parseName(after: first, what: "a name for the new segment")
      guard token.isKeyword("as") else {
        throw SyntaxError(
          "expected 'as' after the segment name, found \(token.quoted)", at: token.range,
          hint: "write: define bigrisk as renewals<120 and arr>50000 and health<40")
      }
      try advance()
      let start = token.range.startOffset
      let expression = try parseExpression()
      command = .define(name: name, expression: expression, text: text(from: start))
    case "help":
      // In `help as json`, the `as` starts the format, not a topic.
      if token.kind == .end || token.isKeyword("as") {
        command = .help(nil)
      } else {
        let topic = token
        try advance()
        command = .help(Located(topic.text.lowercased(), topic.range))
      }
    case "format":
      if token.kind == .end {
        command = .format(nil)
      } else {
        command = .format(try parseName(after: first, what: "a format"))
      }
    case "dates":
      if token.kind == .end {
        command = .dates(nil)
      } else {
        command = .dates(try parseName(after: first, what: "iso or long"))
      }
    default:
      let suggestion = Suggestions.closest(to: keyword, among: Parser.commands)
      throw SyntaxError(
        "unknown command '\(first.text)'", at: first.range,
        hint: suggestion.map { "did you mean '\($0)'?" } ?? "type help for the list of commands")
    }

    var statement = Statement(command: command, source: source)
    if token.isKeyword("as") {
      let asToken = token
      try advance()
      statement.format = try parseName(
        after: asToken, what: "a format such as csv, json or markdown")
    }
    guard token.kind == .end else {
      if ["segments", "fields", "summary", "quit", "exit"].contains(keyword) {
        throw SyntaxError(
          "unexpected \(token.quoted): \(keyword) takes nothing after it", at: token.range,
          hint: keyword == "quit" || keyword == "exit"
            ? "write \(keyword) alone" : "write \(keyword) alone, or \(keyword) as csv")
      }
      throw trailingTokenError()
    }
    return statement
  }

  /// The format names `as` accepts at the end of `show` and `book`, whose argument is the
  /// rest of the line.
  static let formatNames: Set<String> = [
    "table", "csv", "tsv", "json", "jsonl", "markdown", "md", "ndjson", "text",
  ]

  /// Parses `show` and `book`, whose argument is the rest of the line as written, so that
  /// names such as `7590-VHVEG` or `Müller & Söhne` need no quotes. A trailing `as FORMAT`
  /// is split off.
  private mutating func parseRestCommand(
    _ keyword: Token, keyword name: String
  ) throws(SyntaxError)
    -> Statement
  {
    let (rest, format) = Parser.splittingFormat(lexer.rest())
    token = try lexer.next()

    let command: Command
    let text = rest.text
    if name == "explain" {
      guard !text.isEmpty else {
        throw SyntaxError(
          "explain needs a segment", at: keyword.range, hint: "for example: explain renewals<120")
      }
      command = .explain(Located(text, rest.range))
    } else if name == "book" {
      if text.isEmpty {
        command = .book(nil, showOnly: true)
      } else if text.lowercased() == "all" {
        command = .book(nil, showOnly: false)
      } else {
        command = .book(Located(text, rest.range), showOnly: false)
      }
    } else {
      guard !text.isEmpty else {
        throw SyntaxError(
          "show needs an account name or a row number", at: keyword.range,
          hint:
            "write show ACCOUNT, show \"Müller & Söhne\", or show 3 for row 3 of the last result"
        )
      }
      // A number in quotes names an account, as `show "2"` does for the id 2.
      let bytes = Array(source.utf8)
      let start = rest.range.startOffset
      let isQuoted =
        start < bytes.count
        && (bytes[start] == UInt8(ascii: "\"") || bytes[start] == UInt8(ascii: "'"))
      if !isQuoted, text.allSatisfy(\.isASCIIDigit), let row = Int(text) {
        command = .showRow(Located(row, rest.range))
      } else {
        command = .showAccount(Located(text, rest.range))
      }
    }
    return Statement(command: command, format: format, source: source)
  }

  /// Parses `today` and the date after it. A date the language writes as a value
  /// (`2022-02-01`, `in 2 weeks`, `"May 1, 2022"`) is read as one. Any other rest of the
  /// line is kept as text, such as `2022/02/01` or `2022.02.01`, for the interpreter to read
  /// as a date or to reject with the form a date takes.
  private mutating func parseToday(_ keyword: Token) throws(SyntaxError) -> Statement {
    let (rest, format) = Parser.splittingFormat(lexer.rest(unquoting: false))
    token = try lexer.next()
    guard !rest.text.isEmpty else {
      return Statement(command: .today(nil), format: format, source: source)
    }

    // Spaces stand in for the line before the date, so that byte offsets match the line's.
    let start = rest.range.startOffset
    let padded = String(repeating: " ", count: start) + rest.text
    let lexer = Lexer(padded, line: rest.range.line, offset: start, column: rest.range.column)
    if var parser = try? Parser(padded, lexer: lexer),
      let literal = try? parser.parseLiteral(after: keyword), parser.token.kind == .end
    {
      switch literal.value {
      case .date, .relativeDate, .string:
        return Statement(command: .today(literal), format: format, source: source)
      case .number, .word:
        break
      }
    }
    let text = Lexer.quotedContents(rest.text) ?? rest.text
    return Statement(
      command: .today(Located(.string(text), rest.range)), format: format, source: source)
  }

  /// Splits a trailing `as FORMAT` off the rest of a line: one of `formatNames`, or any
  /// word when `acceptingAnyName` is set.
  static func splittingFormat(
    _ rest: (text: String, range: SourceRange), acceptingAnyName: Bool = false
  ) -> (
    rest: (text: String, range: SourceRange), format: Located<String>?
  ) {
    let words = rest.text.split(separator: " ", omittingEmptySubsequences: true)
    guard words.count >= 2, words[words.count - 2].lowercased() == "as",
      acceptingAnyName || Parser.formatNames.contains(words[words.count - 1].lowercased())
    else { return (rest, nil) }

    let formatWord = String(words[words.count - 1])
    let formatLength = formatWord.count
    let formatBytes = formatWord.utf8.count
    let formatRange = SourceRange(
      line: rest.range.line, column: rest.range.column + rest.range.length - formatLength,
      length: formatLength, startOffset: rest.range.endOffset - formatBytes,
      endOffset: rest.range.endOffset)
    var kept = rest.text
    kept.removeLast(formatWord.count)
    while kept.last == " " { kept.removeLast() }
    kept.removeLast(2)
    while kept.last == " " { kept.removeLast() }
    let keptRange = SourceRange(
      line: rest.range.line, column: rest.range.column, length: kept.count,
      startOffset: rest.range.startOffset, endOffset: rest.range.startOffset + kept.utf8.count)
    return ((unquoted(kept), keptRange), Located(formatWord, formatRange))
  }

  static func unquoted(_ text: String) -> String {
    Lexer.quotedContents(text) ?? text
  }

  /// The source from the byte offset `start` up to the current token, without the spaces
  /// before it. Expression ranges cannot give this, because those of `is missing` and
  /// `in (…)` end before their last words.
  func text(from start: Int) -> String {
    let bytes = Array(source.utf8)
    var end = max(start, min(token.range.startOffset, bytes.count))
    while end > start && (bytes[end - 1] == UInt8(ascii: " ") || bytes[end - 1] == 0x09) {
      end -= 1
    }
    return String(decoding: bytes[start..<end], as: UTF8.self)
  }

  private mutating func parseName(
    after keyword: Token, what: String
  ) throws(SyntaxError) -> Located<String> {
    guard token.kind == .word || token.kind == .string else {
      throw SyntaxError(
        "expected \(what) after '\(keyword.text)', found \(token.quoted)", at: token.range)
    }
    let name = Located(token.text, token.range)
    try advance()
    return name
  }

  private func trailingTokenError() -> SyntaxError {
    // A total that review does not compute, under a name other tools use.
    for word in [token, previous].compactMap({ $0 }) where word.kind == .word {
      let totalHint: String? =
        switch word.text.lowercased() {
        case "median":
          "review totals with count, sum, avg, min and max, and has no median; avg gives the mean"
        case "mean", "average": "the mean is avg, as in segment all avg arr"
        case "total": "the total is sum, as in segment all sum arr"
        default: nil
        }
      if let totalHint {
        return SyntaxError("unexpected \(token.quoted)", at: token.range, hint: totalHint)
      }
    }
    var hint = "check the spelling, or quote text that contains spaces"
    if token.isSymbol(">") || token.isSymbol(">>") {
      hint =
        "to write the result to a file, end the command with > and one file name, quoted if it has spaces; where > could compare, use >> or a name with an extension, or put the comparison in parentheses"
    } else if token.isSymbol(")") {
      hint = "this ) closes no ( before it; remove it, or add the ( where the group starts"
    } else if token.isSymbol(",") {
      hint =
        "a comma goes between the fields of show or sort and between the values of in (…); an amount takes commas only between groups of three digits, as in $1,200,300"
    } else if token.kind == .word && !Parser.keywords.contains(token.text.lowercased()) {
      if let clause = Suggestions.closest(
        to: token.text.lowercased(),
        among: [
          "where", "sort", "limit", "show", "by", "count", "sum", "avg", "min", "max", "and", "or",
        ])
      {
        hint = "did you mean '\(clause)'? Text with spaces needs quotes, as in \"Maria Fell\""
      } else {
        hint = "text with spaces needs quotes, as in \"Maria Fell\""
      }
    }
    return SyntaxError("unexpected \(token.quoted)", at: token.range, hint: hint)
  }

  // MARK: Clauses

  private mutating func parseClauses(_ initial: Query) throws(SyntaxError) -> Query {
    var query = initial
    // The token of each clause, to reject combinations in which a clause would do nothing.
    var sortClause: Token?
    var limitClause: Token?
    var showClause: Token?
    var totalClause: Token?
    var orderClauses: [String] = []
    clauses: while token.kind == .word {
      let clause = token
      switch clause.text.lowercased() {
      case "sort":
        sortClause = sortClause ?? clause
        try advance()
        query.sort += try parseSortItems(after: clause)
        orderClauses.append(text(from: clause.range.startOffset))
      case "limit":
        if let earlier = limitClause, let limit = query.limit {
          throw SyntaxError(
            "a query takes one limit, and limit \(limit.value) comes before this one",
            at: clause.range,
            hint: "keep the limit you want; column \(earlier.range.column) has the first")
        }
        limitClause = clause
        try advance()
        if token.kind == .number, token.text.allSatisfy(\.isASCIIDigit),
          (Int(token.text) ?? Int.max) > Parser.maximumLimit
        {
          throw SyntaxError(
            "limit \(token.text) is too large", at: token.range,
            hint: "the largest limit is \(Parser.maximumLimit)")
        }
        guard token.kind == .number, let limit = Int(token.text), limit >= 0 else {
          throw SyntaxError(
            "expected a whole number after 'limit', found \(token.quoted)", at: token.range)
        }
        query.limit = Located(limit, token.range)
        try advance()
        orderClauses.append(text(from: clause.range.startOffset))
      case "show":
        if showClause != nil {
          throw SyntaxError(
            "a query takes one show clause", at: clause.range,
            hint: "list every column in one show, separated by commas")
        }
        showClause = clause
        try advance()
        query.columns = try parseColumns(after: clause)
      case "by":
        try advance()
        guard query.groupBy == nil else {
          throw SyntaxError("a query can group by one field only", at: clause.range)
        }
        query.groupBy = try parseFieldName(after: clause)
      case "count", "sum", "avg", "min", "max":
        guard query.aggregate == nil else {
          throw SyntaxError(
            "a query can compute one total only", at: clause.range,
            hint: "run a second query for another total")
        }
        totalClause = clause
        try advance()
        var field: Located<String>?
        if clause.text.lowercased() != "count" {
          field = try parseFieldName(after: clause)
        }
        query.aggregate = Aggregate(
          function: Located(clause.text.lowercased(), clause.range), field: field)
      default:
        break clauses
      }
    }
    try checkClauses(
      of: query, sort: sortClause, limit: limitClause, show: showClause, total: totalClause)
    query.orderText = orderClauses.joined(separator: " ")
    return query
  }

  /// Rejects clauses that would change nothing in the result: `show` on totals, whose
  /// columns are fixed, and `sort` or `limit` on a total without `by`, which is one row.
  private func checkClauses(
    of query: Query, sort: Token?, limit: Token?, show: Token?, total: Token?
  ) throws(SyntaxError) {
    let totalsClause = query.groupBy.map { "by \($0.value)" } ?? total?.text.lowercased()
    if let show, let totalsClause {
      throw SyntaxError(
        "show chooses the columns of an account list, but '\(totalsClause)' makes a table of totals",
        at: show.range,
        hint: "drop show to see the totals, or drop the totals to list the accounts")
    }
    guard query.groupBy == nil, total != nil else { return }
    if let clause = sort ?? limit {
      var example = "count sort accounts desc"
      if let aggregate = query.aggregate, let field = aggregate.field {
        example =
          "\(aggregate.function.value) \(field.value) sort \(aggregate.function.value)_\(field.value) desc"
      }
      let verb = clause.text.lowercased() == "sort" ? "order" : "cut"
      throw SyntaxError(
        "a total without by is a single row, so '\(clause.text)' has nothing to \(verb)",
        at: clause.range,
        hint: "add by FIELD for one row per group, as in segment red by csm \(example) limit 3")
    }
  }

  private mutating func parseSortItems(after clause: Token) throws(SyntaxError) -> [SortItem] {
    var items: [SortItem] = []
    repeat {
      if token.isSymbol(",") { try advance() }
      let field = try parseFieldName(after: clause)
      var descending: Bool?
      if token.isKeyword("desc") || token.isKeyword("descending") {
        descending = true
        try advance()
      } else if token.isKeyword("asc") || token.isKeyword("ascending") {
        descending = false
        try advance()
      }
      items.append(SortItem(field: field, descending: descending))
    } while token.isSymbol(",")
      || (token.kind == .word && !Parser.keywords.contains(token.text.lowercased()))
    return items
  }

  private mutating func parseColumns(after clause: Token) throws(SyntaxError) -> ColumnSelection {
    if token.isSymbol("*") {
      try advance()
      return .all
    }
    var names: [Located<String>] = []
    var adding = false
    repeat {
      if token.isSymbol(",") { try advance() }
      if token.isSymbol("+") {
        adding = true
        try advance()
      } else if adding {
        throw SyntaxError(
          "mix of '+field' and plain field names", at: token.range,
          hint: "write show +a, +b to add columns, or show a, b to choose them")
      }
      names.append(try parseFieldName(after: clause))
    } while token.isSymbol(",")
    return adding ? .adding(names) : .only(names)
  }

  private mutating func parseFieldName(after clause: Token) throws(SyntaxError) -> Located<String> {
    guard token.kind == .word || token.kind == .string,
      token.kind == .string || !Parser.keywords.contains(token.text.lowercased())
    else {
      throw SyntaxError(
        "expected a field name after '\(clause.text)', found \(token.quoted)", at: token.range)
    }
    let name = Located(token.text, token.range)
    try advance()
    return name
  }

  // MARK: Expressions

  private mutating func parseExpression() throws(SyntaxError) -> Expression {
    var lhs = try parseConjunction()
    while token.isKeyword("or") {
      try advance()
      let rhs = try parseConjunction()
      lhs = .or(lhs, rhs)
    }
    return lhs
  }

  private mutating func parseConjunction() throws(SyntaxError) -> Expression {
    var lhs = try parseNegation()
    while token.isKeyword("and") {
      try advance()
      let rhs = try parseNegation()
      lhs = .and(lhs, rhs)
    }
    return lhs
  }

  private mutating func parseNegation() throws(SyntaxError) -> Expression {
    if token.isKeyword("not") {
      let range = token.range
      try enterNesting(at: range)
      defer { depth -= 1 }
      try advance()
      return .not(try parseNegation(), range)
    }
    return try parsePrimary()
  }

  private mutating func enterNesting(at range: SourceRange) throws(SyntaxError) {
    depth += 1
    guard depth <= Parser.maximumDepth else {
      throw SyntaxError(
        "the condition nests more than \(Parser.maximumDepth) levels deep", at: range,
        hint: "write it with fewer parentheses and nots")
    }
  }

  private mutating func parsePrimary() throws(SyntaxError) -> Expression {
    terms += 1
    guard terms <= Parser.maximumTerms else {
      throw SyntaxError(
        "the condition has more than \(Parser.maximumTerms) terms", at: token.range,
        hint: "list many values with in (a, b, c) rather than joining comparisons with or")
    }
    if token.isSymbol("(") {
      let open = token
      try enterNesting(at: open.range)
      defer { depth -= 1 }
      try advance()
      let inner = try parseExpression()
      guard token.isSymbol(")") else {
        throw SyntaxError(
          "expected ')' to close the '(' at column \(open.range.column), found \(token.quoted)",
          at: token.range)
      }
      let range = open.range.through(token.range)
      try advance()
      return .group(inner, range)
    }

    guard token.kind == .word || token.kind == .string,
      token.kind == .string || !Parser.keywords.contains(token.text.lowercased())
    else {
      let isKeyword = token.kind == .word
      throw SyntaxError(
        "expected a segment or a field, found \(token.quoted)", at: token.range,
        hint: isKeyword
          ? "'\(token.text)' is a word of the language; a field of that name is written in quotes: \"\(token.text)\""
          : "for example: segment red, where arr > 50000, segment renewals<120")
    }
    let name = Located(token.text, token.range)
    try advance()

    if token.isKeyword("in") {
      return try parseOneOf(field: name, negated: false)
    }
    if token.isKeyword("not") {
      let notToken = token
      try advance()
      guard token.isKeyword("in") else {
        throw SyntaxError(
          "expected 'in' after '\(name.value) not'", at: token.range,
          hint: "put not before the condition, as in: not \(name.value) = x")
      }
      _ = notToken
      return try parseOneOf(field: name, negated: true)
    }
    if token.isKeyword("between") {
      let keyword = token
      try advance()
      let low = try parseLiteral(after: keyword)
      guard token.isKeyword("and") else {
        throw SyntaxError(
          "expected 'and' in 'between … and …', found \(token.quoted)", at: token.range)
      }
      let andToken = token
      try advance()
      let high = try parseLiteral(after: andToken)
      return .between(field: name, low: low, high: high)
    }
    if token.isKeyword("is") {
      try advance()
      var negated = false
      if token.isKeyword("not") {
        negated = true
        try advance()
      }
      guard token.isKeyword("missing") || token.isKeyword("empty") || token.isKeyword("blank")
      else {
        throw SyntaxError(
          "expected 'missing' after 'is\(negated ? " not" : "")', found \(token.quoted)",
          at: token.range,
          hint: "compare values with =, as in \(name.value) = x")
      }
      try advance()
      return .missing(field: name, negated: negated)
    }
    if token.isSymbol("~") || token.isSymbol("!~") {
      let negated = token.text == "!~"
      let symbol = token
      try advance()
      let value = try parseLiteral(after: symbol)
      return .contains(field: name, value: value, negated: negated)
    }

    var term = Term(name: name)
    if token.kind == .word && !Parser.keywords.contains(token.text.lowercased()) {
      term.qualifier = Located(token.text, token.range)
      try advance()
    }
    if token.kind == .symbol, let symbol = ComparisonSymbol(rawValue: token.text) {
      let located = Located(symbol, token.range)
      let symbolToken = token
      try advance()
      let value: LocatedLiteral
      do {
        value = try parseLiteral(after: symbolToken)
      } catch {
        // `days_to_renewal < 30 days`: whether the unit belongs depends on the field's type.
        guard var unit = error.unitWithoutDirection, term.qualifier == nil else { throw error }
        unit.field = name.value
        var described = error
        described.unitWithoutDirection = unit
        described.hint =
          "for a date field write \(unit.number) \(unit.unit) ago or in \(unit.number) \(unit.unit); for a number field write the number alone, as in \(name.value) \(unit.symbol) \(unit.number)"
        throw described
      }
      term.comparison = Term.Comparison(symbol: located, value: value)
    } else {
      openTerm = (term, term.range.endOffset)
    }
    return .term(term)
  }

  private mutating func parseOneOf(
    field: Located<String>, negated: Bool
  ) throws(SyntaxError) -> Expression {
    let inToken = token
    try advance()
    guard token.isSymbol("(") else {
      throw SyntaxError(
        "expected '(' after 'in', found \(token.quoted)", at: token.range,
        hint: "list the values in parentheses: \(field.value) in (a, b, c)")
    }
    try advance()
    var values: [LocatedLiteral] = []
    while !token.isSymbol(")") {
      if !values.isEmpty {
        guard token.isSymbol(",") else {
          throw SyntaxError(
            "expected ',' or ')' in the list, found \(token.quoted)", at: token.range)
        }
        try advance()
      }
      values.append(try parseLiteral(after: inToken))
    }
    try advance()
    guard !values.isEmpty else {
      throw SyntaxError("the list after 'in' is empty", at: inToken.range)
    }
    return .oneOf(field: field, values: values, negated: negated)
  }

  /// Parses a value: a number, a quoted string, a date, a bare word, or a relative date
  /// (`today`, `yesterday`, `tomorrow`, `30 days ago`, `in 2 weeks`).
  private mutating func parseLiteral(after previous: Token) throws(SyntaxError) -> LocatedLiteral {
    let start = token
    switch token.kind {
    case .number:
      try advance()
      if let unit = dateUnit(token) {
        let unitToken = token
        try advance()
        guard token.isKeyword("ago") else {
          var error = SyntaxError(
            "a number of \(unit.rawValue)s needs 'ago' after it or 'in' before it",
            at: unitToken.range,
            hint: "write \(start.text) \(unitToken.text) ago, or in \(start.text) \(unitToken.text)"
          )
          error.unitWithoutDirection = UnitWithoutDirection(
            field: nil, symbol: previous.text, number: start.text, unit: unitToken.text)
          throw error
        }
        let range = start.range.through(token.range)
        try advance()
        guard let amount = Int(start.text) else {
          throw SyntaxError("expected a whole number of \(unit.rawValue)s", at: start.range)
        }
        return Located(.relativeDate(amount: -amount, unit: unit), range)
      }
      return Located(.number(start.text), start.range)
    case .string:
      try advance()
      return Located(.string(start.text), start.range)
    case .date:
      try advance()
      return Located(.date(start.text), start.range)
    case .word:
      let word = start.text.lowercased()
      if word == "in" {
        try advance()
        guard token.kind == .number, let amount = Int(token.text) else {
          throw SyntaxError("expected a number after 'in', as in 'in 30 days'", at: token.range)
        }
        try advance()
        guard let unit = dateUnit(token) else {
          throw SyntaxError(
            "expected days, weeks, months or years, found \(token.quoted)", at: token.range)
        }
        let range = start.range.through(token.range)
        try advance()
        return Located(.relativeDate(amount: amount, unit: unit), range)
      }
      if ["today", "yesterday", "tomorrow"].contains(word) {
        try advance()
        let amount = word == "today" ? 0 : (word == "yesterday" ? -1 : 1)
        return Located(.relativeDate(amount: amount, unit: .day), start.range)
      }
      guard !Parser.keywords.contains(word) else {
        throw SyntaxError(
          "expected a value after '\(previous.text)', found \(start.quoted)", at: start.range)
      }
      try advance()
      return Located(.word(start.text), start.range)
    case .symbol, .end:
      throw SyntaxError(
        "expected a value after '\(previous.text)', found \(start.quoted)", at: start.range,
        hint: "for example a number (50000, 50k, $49,461), a date (2022-02-01) or quoted text")
    }
  }

  private func dateUnit(_ token: Token) -> DateUnit? {
    guard token.kind == .word else { return nil }
    switch token.text.lowercased() {
    case "day", "days", "d": return .day
    case "week", "weeks", "w": return .week
    case "month", "months": return .month
    case "year", "years": return .year
    default: return nil
    }
  }

  private mutating func advance() throws(SyntaxError) {
    previous = token
    token = try lexer.next()
  }
}

extension Character {
  fileprivate var isASCIIDigit: Bool { isASCII && isNumber }
}
