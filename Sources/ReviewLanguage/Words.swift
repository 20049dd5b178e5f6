/// The rest of a command line split into words at spaces, a quoted string counting as one
/// word. Commands whose arguments are free text (notes, actions) are read this way, so
/// that names such as `Müller & Söhne` need no quotes.
struct Words {
  struct Word: Equatable {
    /// The word, without its quotes.
    var text: String
    var quoted: Bool
    var range: SourceRange

    func isKeyword(_ keyword: String) -> Bool {
      !quoted && text.lowercased() == keyword
    }
  }

  private(set) var words: [Word] = []
  /// Where the line ends, for errors about something missing.
  let endRange: SourceRange

  /// Splits `text`, which starts at `range.startOffset` and `range.column` of its line.
  init(_ text: String, range: SourceRange) throws(SyntaxError) {
    let bytes = Array(text.utf8)
    var index = 0
    var column = range.column
    func advance() {
      if bytes[index] & 0xC0 != 0x80 { column += 1 }
      index += 1
    }
    while index < bytes.count {
      while index < bytes.count && (bytes[index] == 0x20 || bytes[index] == 0x09) { advance() }
      guard index < bytes.count else { break }
      let start = index
      let startColumn = column
      var content: [UInt8] = []
      var quoted = false
      // Plain quotes, or typographic ones (“Acme Corp”) as pasted from a word processor.
      let plainQuote =
        bytes[index] == UInt8(ascii: "\"") || bytes[index] == UInt8(ascii: "'") ? bytes[index] : nil
      let typographic = plainQuote == nil ? Lexer.typographicQuote(in: bytes, at: index) : nil
      if plainQuote != nil || typographic != nil {
        quoted = true
        for _ in 0..<(plainQuote == nil ? 3 : 1) { advance() }
        var closed = false
        while index < bytes.count {
          if let quote = plainQuote, bytes[index] == quote {
            // A quote written twice stands for itself.
            if index + 1 < bytes.count && bytes[index + 1] == quote {
              content.append(quote)
              advance()
              advance()
              continue
            }
            advance()
            closed = true
            break
          }
          if let double = typographic,
            let closing = Lexer.typographicClosingLength(in: bytes, at: index, double: double)
          {
            for _ in 0..<closing { advance() }
            closed = true
            break
          }
          content.append(bytes[index])
          advance()
        }
        guard closed else {
          let ending =
            plainQuote.map { $0 == UInt8(ascii: "\"") ? "\"" : "'" }
            ?? "\(typographic == true ? "”" : "’"), or write the text in plain quotes (\")"
          throw SyntaxError(
            SyntaxError.unclosedQuote,
            at: SourceRange(
              line: range.line, column: startColumn, length: column - startColumn,
              startOffset: range.startOffset + start, endOffset: range.startOffset + index),
            hint: "end it with \(ending)")
        }
      } else {
        while index < bytes.count && bytes[index] != 0x20 && bytes[index] != 0x09 {
          content.append(bytes[index])
          advance()
        }
      }
      let wordRange = SourceRange(
        line: range.line, column: startColumn, length: max(1, column - startColumn),
        startOffset: range.startOffset + start, endOffset: range.startOffset + index)
      words.append(
        Word(text: String(decoding: content, as: UTF8.self), quoted: quoted, range: wordRange))
    }
    endRange = SourceRange(
      line: range.line, column: column, length: 1, startOffset: range.startOffset + bytes.count,
      endOffset: range.startOffset + bytes.count)
  }

  var isEmpty: Bool { words.isEmpty }

  /// The words from `start` up to the first that is one of `keywords`, joined by single
  /// spaces, with the range they span; nil when there are none. Before keywords, a quoted
  /// word is a whole phrase: its closing quote ends it.
  func phrase(
    from start: Int, until keywords: Set<String>
  ) -> (text: String, range: SourceRange, end: Int)? {
    if !keywords.isEmpty, start < words.count, words[start].quoted {
      return (words[start].text, words[start].range, start + 1)
    }
    var end = start
    while end < words.count
      && !(keywords.contains(words[end].text.lowercased()) && !words[end].quoted)
    {
      end += 1
    }
    guard end > start else { return nil }
    let text = words[start..<end].map(\.text).joined(separator: " ")
    return (text, words[start].range.through(words[end - 1].range), end)
  }
}
