extension Parser {
  /// Commands whose argument is the rest of the line: variables, data, text and files.
  static let scriptCommands: Set<String> = [
    "let", "load", "echo", "heading", "output", "include", "run",
  ]

  mutating func parseScriptCommand(
    _ keyword: Token, keyword name: String
  ) throws(SyntaxError) -> Statement {
    // The path of `run` and `include` keeps its quotes until `as FORMAT` is split off, so
    // that `run "plan as of may.review"` is one file name. The files of `load` keep theirs
    // until the line is split into words, so that a quoted path with a space is one file.
    let rest = lexer.rest(unquoting: !["run", "include", "load"].contains(name))
    token = try lexer.next()

    let command: Command
    switch name {
    case "echo":
      command = .echo(rest.text)
    case "heading":
      command = .heading(rest.text)
    case "let":
      command = try parseLet(rest.text, range: rest.range, keyword: keyword)
    case "load":
      let words = try Words(rest.text, range: rest.range)
      guard !words.isEmpty else {
        throw SyntaxError(
          "load needs the data file to read", at: keyword.range, hint: "write load accounts.csv")
      }
      command = .load(words.words.map { Located($0.text, $0.range) })
    case "output":
      guard !rest.text.isEmpty else {
        throw SyntaxError(
          "output needs a file, or - for standard output", at: keyword.range,
          hint: "write output minutes.md, and output - to go back")
      }
      command = .output(Located(rest.text, rest.range))
    default:
      // `run FILE as FORMAT`: the last two words name a format, even an unknown one, which
      // is then reported as a format rather than as part of the file name.
      var (path, format) = (rest, Located<String>?.none)
      if let last = rest.text.last, last != "\"" && last != "'" {
        (path, format) = Parser.splittingFormat(rest, acceptingAnyName: true)
      }
      path.text = Parser.unquoted(path.text)
      guard !path.text.isEmpty else {
        throw SyntaxError(
          "\(name) needs the script to run", at: keyword.range, hint: "write \(name) monthly.review"
        )
      }
      let located = Located(path.text, path.range)
      return Statement(
        command: name == "run" ? .run(located) : .include(located), format: format, source: source)
    }
    return Statement(command: command, source: source)
  }

  /// `let NAME = VALUE`, the value taken as written up to the end of the line (quotes
  /// around the whole value removed).
  private func parseLet(
    _ text: String, range: SourceRange, keyword: Token
  ) throws(SyntaxError) -> Command {
    guard let equals = text.firstIndex(of: "=") else {
      throw SyntaxError(
        "expected 'NAME = VALUE' after let", at: range.length > 0 ? range : keyword.range,
        hint: "write let owner = \"Maria Fell\"")
    }
    let name = String(text[..<equals]).trimmingTrailingSpaces()
    let nameRange = SourceRange(
      line: range.line, column: range.column, length: max(1, name.count),
      startOffset: range.startOffset,
      endOffset: range.startOffset + name.utf8.count)
    guard let first = name.first, first.isLetter || first == "_",
      name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" })
    else {
      throw SyntaxError(
        "a variable name is letters, digits and _, starting with a letter", at: nameRange,
        hint: "write let owner = \"Maria Fell\"")
    }
    var value = String(text[text.index(after: equals)...])
    while value.first == " " || value.first == "\t" { value.removeFirst() }
    if value.count >= 2, let quote = value.first, quote == "\"" || quote == "'", value.last == quote
    {
      value = String(value.dropFirst().dropLast())
    }
    return .setVariable(name: Located(name, nameRange), value: value)
  }
}

extension String {
  fileprivate func trimmingTrailingSpaces() -> String {
    var text = self
    while text.last == " " || text.last == "\t" { text.removeLast() }
    return text
  }
}
