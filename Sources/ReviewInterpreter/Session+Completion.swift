import ReviewBook
import ReviewLanguage
import ReviewRender

/// What Tab would complete: the candidates for the word before the cursor, and where that
/// word starts.
public struct Completion: Equatable, Sendable {
  /// UTF-8 offset in the line where the word being completed starts.
  public var wordStart: Int
  /// Full replacements for the word, quoted where they contain spaces.
  public var candidates: [String]

  public init(wordStart: Int, candidates: [String]) {
    self.wordStart = wordStart
    self.candidates = candidates
  }
}

extension Session {
  /// Completes the word before `cursor` (a UTF-8 offset): commands first, then segments,
  /// fields, keywords, CSM names after `book` or `csm =`, account names after `show`.
  public func complete(line: String, cursor: Int) -> Completion {
    let bytes = Array(line.utf8.prefix(cursor))
    let wordStart = Session.wordStart(in: bytes)
    let word = String(decoding: bytes[wordStart...], as: UTF8.self)
    let before = String(decoding: bytes[..<wordStart], as: UTF8.self)

    var lexer = Lexer(before)
    var tokens: [Token] = []
    while let token = try? lexer.next(), token.kind != .end {
      tokens.append(token)
    }

    let candidates = candidates(after: tokens).filter { Session.matches($0, word) }
    var unique: [String] = []
    var seen: Set<String> = []
    // A name with a line break or another control character cannot be typed on one line.
    for candidate in candidates where !candidate.unicodeScalars.contains(where: { $0.value < 0x20 })
    {
      let quoted = Session.quoteIfNeeded(candidate)
      if seen.insert(quoted.lowercased()).inserted { unique.append(quoted) }
    }
    return Completion(wordStart: wordStart, candidates: unique)
  }

  private func candidates(after tokens: [Token]) -> [String] {
    guard let first = tokens.first else { return Parser.commands }
    let command = first.text.lowercased()
    let last = tokens.last!
    let lastWord = last.kind == .word ? last.text.lowercased() : ""

    switch command {
    case "book" where tokens.count == 1:
      return csmNames + ["all"]
    case "show" where tokens.count == 1:
      return accountNames()
    case "help" where tokens.count == 1:
      return Help.topics
    case "format" where tokens.count == 1:
      return OutputFormat.allCases.map(\.rawValue)
    case "explain" where tokens.count == 1:
      return segmentNames()
    case "undefine" where tokens.count == 1:
      return definitions.all.map(\.name)
    case "today", "segments", "fields", "summary", "quit", "exit":
      return []
    default:
      break
    }

    if lastWord == "as" { return OutputFormat.allCases.map(\.rawValue) }
    if command == "action" || command == "note" || command == "notes" {
      if lastWord == "owner" { return ["leader", "csm"] + csmNames }
      if lastWord == "for" || command == "note" || command == "notes" { return accountNames() }
      if tokens.count == 1 { return ["add", "list", "done", "reopen", "drop", "edit", "top"] }
      if tokens.count == 2 && lastWord == "list" {
        return ["open", "done", "dropped", "overdue", "all", "owner", "for"]
      }
      return ["for", "owner", "due"]
    }
    if ["sort", "by", "sum", "avg", "min", "max"].contains(lastWord) { return fieldNames() }
    if last.isSymbol(","), tokens.contains(where: { $0.isKeyword("sort") || $0.isKeyword("show") })
    {
      return fieldNames()
    }
    if lastWord == "show" || last.isSymbol("+") { return fieldNames() }

    if last.kind == .symbol, ComparisonSymbol(rawValue: last.text) != nil || last.text == "~",
      tokens.count >= 2
    {
      return values(of: tokens[tokens.count - 2].text)
    }
    if last.isSymbol("(") || last.isSymbol(","),
      let inIndex = tokens.lastIndex(where: { $0.isKeyword("in") }), inIndex >= 1
    {
      return values(of: tokens[inIndex - 1].text)
    }

    let expressionStarters: Set<String> = ["segment", "where", "and", "or", "not", "define"]
    if expressionStarters.contains(lastWord) || last.isSymbol("(")
      || (command == "define" && lastWord == "as")
    {
      return segmentNames() + fieldNames()
    }
    // After a complete term: what may follow it.
    return [
      "where", "and", "or", "sort", "limit", "show", "by", "count", "sum", "avg", "min", "max",
      "as",
    ]
      + segmentNames() + fieldNames()
  }

  func segmentNames() -> [String] {
    BuiltinSegments.all.map { $0.requiresThreshold ? "\($0.name)<" : $0.name }
      + definitions.all.map(\.name)
  }

  func fieldNames() -> [String] {
    book.fields.map(\.name) + book.derivedFields.map { book.name(of: $0) }
  }

  func accountNames() -> [String] {
    guard case .text(let column)? = book.column(named: "name") else { return [] }
    let scope = scopeRows()
    var names: [String] = []
    for row in 0..<book.count where scope[row] {
      if let name = column.string(at: row) { names.append(name) }
    }
    return names
  }

  /// Values worth offering after `field =`: the distinct values of a text field with few
  /// of them, account names for `name`, CSM names for `csm`.
  private func values(of field: String) -> [String] {
    let key = Field.matchingKey(field)
    if key == "name" { return accountNames() }
    if key == "csm" { return csmNames }
    guard case .text(let column)? = book.column(named: field), column.isDictionary else {
      return []
    }
    let values = column.distinctValues
    return values.count <= 200 ? values : []
  }

  /// Where the word before the cursor starts: after the last space or operator, or at an
  /// opening quote that is not closed yet.
  static func wordStart(in bytes: [UInt8]) -> Int {
    var quoteStart: Int?
    for (index, byte) in bytes.enumerated()
    where byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") {
      if quoteStart == nil {
        quoteStart = index
      } else if bytes[quoteStart!] == byte {
        quoteStart = nil
      }
    }
    if let quoteStart { return quoteStart }

    var start = bytes.count
    let separators: Set<UInt8> = Set(" \t(),=<>!~+*".utf8)
    while start > 0 && !separators.contains(bytes[start - 1]) {
      start -= 1
    }
    return start
  }

  static func matches(_ candidate: String, _ word: String) -> Bool {
    var typed = word
    if let first = typed.first, first == "\"" || first == "'" { typed.removeFirst() }
    return candidate.lowercased().hasPrefix(typed.lowercased())
  }

  static func quoteIfNeeded(_ text: String) -> String {
    let plain = text.allSatisfy {
      $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" || $0 == "." || $0 == "<"
    }
    guard !plain, !text.isEmpty else { return text }
    return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
  }
}
