/// A token of the command language.
public struct Token: Sendable, Equatable {
  public enum Kind: Sendable, Equatable {
    /// A name, a keyword or bare text: `segment`, `renewal_date`, `low-usage`, `PayPal`.
    case word
    /// A number as written: `120`, `50000`, `62.4`, `50k`, `1.2m`, `$49,461`, `80%`, `-3`.
    case number
    /// A quoted string; `text` holds its contents with escapes undone.
    case string
    /// An ISO date: `2022-02-01`.
    case date
    /// An operator or punctuation: `=`, `!=`, `<`, `<=`, `>`, `>=`, `~`, `(`, `)`, `,`,
    /// `*`, `+`.
    case symbol
    case end
  }

  public var kind: Kind
  public var text: String
  public var range: SourceRange

  public init(kind: Kind, text: String, range: SourceRange) {
    self.kind = kind
    self.text = text
    self.range = range
  }

  /// Whether the token is the given keyword, compared case-insensitively.
  public func isKeyword(_ keyword: String) -> Bool {
    kind == .word && text.lowercased() == keyword
  }

  public func isSymbol(_ symbol: String) -> Bool {
    kind == .symbol && text == symbol
  }

  /// How the token reads in a message: `'where'`, `"Acme"` or "the end of the command".
  public var quoted: String {
    switch kind {
    case .end: return "the end of the command"
    case .string: return "\"\(text)\""
    default: return "'\(text)'"
    }
  }
}
