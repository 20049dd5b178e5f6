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
  /// fields, keywords, CSM names after `book`, `owner` or `csm =`, account names after
  /// `show`, `notes` or `for`, and file names after `>` and `load` (see `completePath`). Names match ignoring case and accents, as `~` does, so that
  /// `mull` completes to `"Müller & Söhne"`.
  public func complete(line: String, cursor: Int) -> Completion {
    let bytes = Array(line.utf8.prefix(cursor))
    if let completion = completePath(bytes) { return completion }
    if let completion = completeName(bytes) { return completion }

    let wordStart = Session.wordStart(in: bytes)
    let word = String(decoding: bytes[wordStart...], as: UTF8.self)
    let before = String(decoding: bytes[..<wordStart], as: UTF8.self)

    var lexer = Lexer(before)
    var tokens: [Token] = []
    while let token = try? lexer.next(), token.kind != .end {
      tokens.append(token)
    }

    let candidates = Session.matching(
      candidates(after: tokens), typed: Session.unquoted(word), quote: Session.quoteIfNeeded)
    return Completion(wordStart: wordStart, candidates: candidates)
  }

  /// Returns the candidates whose search key starts with the search key of `typed`, quoted
  /// with `quote`, without repeats.
  static func matching(
    _ candidates: [String], typed: String, quote: (String) -> String
  ) -> [String] {
    let typedKey = TextFolding.searchKey(typed)
    var unique: [String] = []
    var seen: Set<String> = []
    // A name with a line break or another control character cannot be typed on one line.
    for candidate in candidates
    where !candidate.unicodeScalars.contains(where: { $0.value < 0x20 })
      && TextFolding.searchKey(candidate).starts(with: typedKey)
    {
      let quoted = quote(candidate)
      if seen.insert(quoted.lowercased()).inserted { unique.append(quoted) }
    }
    // Accents typed narrow the list to the names that have them, when some do: `Crè`
    // keeps `Crèmerie` and drops `Crescent`, while `cre` keeps both.
    let typedFolded = TextFolding.fold(typed)
    guard typedFolded != typedKey else { return unique }
    let accented = unique.filter {
      TextFolding.fold(unquoted($0)).starts(with: typedFolded)
    }
    return accented.isEmpty ? unique : accented
  }

  /// Completes a name that may span several words, where the command takes it as a
  /// phrase: the rest of the line after `show` and `book`, the words after `notes` and
  /// `note`, and those after `for` and `owner` in `action`. The whole phrase typed so far
  /// is replaced. Returns nil where no such name is being typed.
  private func completeName(_ bytes: [UInt8]) -> Completion? {
    let words = Session.typedWords(bytes)
    let endsWithSpace = bytes.last == 0x20 || bytes.last == 0x09
    guard let command = words.first, !command.quoted, words.count >= 2 || endsWithSpace else {
      return nil
    }
    // The index of the word the cursor is in, or of the next one after a space.
    let current = endsWithSpace ? words.count : words.count - 1
    // `as FORMAT` may end `show`, `book`, `notes` and `action list`, and the format is
    // completed as a word.
    if current >= 2, words[current - 1].isKeyword("as") { return nil }

    var phraseIndex = 1
    let names: [String]
    switch command.text.lowercased() {
    case "show":
      names = accountNames()
    case "book":
      names = csmNames + ["all"]
    case "note", "notes":
      names = accountNames()
    case "action":
      let keywords: Set<String> = ["for", "owner", "due", "in"]
      guard
        let keyword = words[1..<current].lastIndex(where: {
          !$0.quoted && keywords.contains($0.text.lowercased())
        })
      else { return nil }
      switch words[keyword].text.lowercased() {
      case "for": names = accountNames() + ["none"]
      case "owner": names = ["leader", "csm"] + csmNames
      default: return nil
      }
      phraseIndex = keyword + 1
    default:
      return nil
    }

    let start = phraseIndex < words.count ? words[phraseIndex].start : bytes.count
    let typed = String(decoding: bytes[start...], as: UTF8.self)
    if let first = typed.first, first == "\"" || first == "'",
      Session.openQuote(in: bytes, from: start) == nil
    {
      // The name was typed in quotes and closed, so what follows is not part of it.
      return Completion(wordStart: bytes.count, candidates: [])
    }
    let candidates = Session.matching(
      names, typed: Session.unquoted(typed), quote: Session.quoteIfNeeded)
    return Completion(wordStart: start, candidates: candidates)
  }

  /// A word typed before the cursor, split as free text is: at spaces and tabs, with a
  /// quoted string as one word even when it is not closed yet.
  struct TypedWord {
    /// UTF-8 offset of the word in the line.
    var start: Int
    /// The word as typed, quotes included.
    var text: String
    var quoted: Bool

    func isKeyword(_ keyword: String) -> Bool {
      !quoted && text.lowercased() == keyword
    }
  }

  static func typedWords(_ bytes: [UInt8]) -> [TypedWord] {
    var words: [TypedWord] = []
    var index = 0
    while index < bytes.count {
      guard bytes[index] != 0x20 && bytes[index] != 0x09 else {
        index += 1
        continue
      }
      let start = index
      let quoted = bytes[index] == UInt8(ascii: "\"") || bytes[index] == UInt8(ascii: "'")
      if quoted {
        let quote = bytes[index]
        index += 1
        while index < bytes.count {
          if bytes[index] == quote {
            if index + 1 < bytes.count && bytes[index + 1] == quote {
              index += 2
              continue
            }
            index += 1
            break
          }
          index += 1
        }
      } else {
        while index < bytes.count && bytes[index] != 0x20 && bytes[index] != 0x09 {
          index += 1
        }
      }
      words.append(
        TypedWord(
          start: start, text: String(decoding: bytes[start..<index], as: UTF8.self),
          quoted: quoted))
    }
    return words
  }

  private func candidates(after tokens: [Token]) -> [String] {
    guard let first = tokens.first else { return Parser.commands }
    let command = first.text.lowercased()
    let last = tokens.last!
    let lastWord = last.kind == .word ? last.text.lowercased() : ""

    switch command {
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
      // Names after `for` and `owner`, and after `note` and `notes`, are `completeName`'s.
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
  /// opening quote that is not closed yet. Inside quotes, a doubled quote or one after a
  /// backslash is part of the text, as the lexer reads it.
  static func wordStart(in bytes: [UInt8]) -> Int {
    if let quoteStart = openQuote(in: bytes, from: 0) { return quoteStart }

    var start = bytes.count
    let separators: Set<UInt8> = Set(" \t(),=<>!~+*".utf8)
    while start > 0 && !separators.contains(bytes[start - 1]) {
      start -= 1
    }
    return start
  }

  /// Returns the offset of the quote that opens text still open at the end of `bytes`,
  /// reading from `start`, or nil when every quote is closed.
  static func openQuote(in bytes: [UInt8], from start: Int) -> Int? {
    var quoteStart: Int?
    var index = start
    while index < bytes.count {
      let byte = bytes[index]
      if let open = quoteStart {
        let next = index + 1 < bytes.count ? bytes[index + 1] : nil
        if byte == UInt8(ascii: "\\") && (next == bytes[open] || next == UInt8(ascii: "\\")) {
          index += 2
          continue
        }
        if byte == bytes[open] {
          if next == byte {
            index += 2
            continue
          }
          quoteStart = nil
        }
      } else if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") {
        quoteStart = index
      }
      index += 1
    }
    return quoteStart
  }

  /// Returns the text a partly typed word stands for: without its opening quote, with
  /// doubled quotes and backslash escapes undone, as the lexer would read it once closed.
  static func unquoted(_ word: String) -> String {
    let scalars = Array(word.unicodeScalars)
    guard let quote = scalars.first, quote == "\"" || quote == "'" else { return word }

    var text = String.UnicodeScalarView()
    var index = 1
    while index < scalars.count {
      let scalar = scalars[index]
      let next = index + 1 < scalars.count ? scalars[index + 1] : nil
      if (scalar == quote && next == quote)
        || (scalar == "\\" && (next == quote || next == "\\"))
      {
        text.append(next!)
        index += 2
        continue
      }
      text.append(scalar)
      index += 1
    }
    return String(text)
  }

  static func quoteIfNeeded(_ text: String) -> String {
    guard !text.isEmpty, !isPlain(text) else { return text }
    return Lexer.quoted(text)
  }

  private static func isPlain(_ text: String) -> Bool {
    text.allSatisfy {
      $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" || $0 == "." || $0 == "<"
    }
  }
}
