/// A span of a command line: 1-based line, 1-based column in characters, and its length
/// in characters. Byte offsets into the line's UTF-8 make slicing cheap.
public struct SourceRange: Sendable, Equatable, Hashable {
  public var line: Int
  public var column: Int
  public var length: Int
  /// UTF-8 offsets of the span within the command text.
  public var startOffset: Int
  public var endOffset: Int

  public init(line: Int = 1, column: Int, length: Int, startOffset: Int, endOffset: Int) {
    self.line = line
    self.column = column
    self.length = length
    self.startOffset = startOffset
    self.endOffset = endOffset
  }

  /// The span from the start of `self` to the end of `other`.
  public func through(_ other: SourceRange) -> SourceRange {
    SourceRange(
      line: line, column: column, length: max(length, other.column + other.length - column),
      startOffset: startOffset, endOffset: max(endOffset, other.endOffset))
  }
}

/// A value with the span of source it came from.
public struct Located<Value: Sendable & Equatable>: Sendable, Equatable {
  public var value: Value
  public var range: SourceRange

  public init(_ value: Value, _ range: SourceRange) {
    self.value = value
    self.range = range
  }
}

/// A problem with a command, at a place in it.
public struct SyntaxError: Error, Sendable, Equatable {
  /// The message for quoted text that the line does not close.
  public static let unclosedQuote = "this quoted text is never closed"

  public var message: String
  public var range: SourceRange
  public var hint: String?
  /// Set when the problem is a number and a unit without `ago` or `in`, such as `30 days`,
  /// for the interpreter to give the fix that suits the type of the field compared.
  public var unitWithoutDirection: UnitWithoutDirection?

  public init(_ message: String, at range: SourceRange, hint: String? = nil) {
    self.message = message
    self.range = range
    self.hint = hint
  }
}

/// A comparison value written as a number and a unit of time without `ago` or `in`, as in
/// `days_to_renewal < 30 days`.
public struct UnitWithoutDirection: Sendable, Equatable {
  /// The field compared, when the value follows one.
  public var field: String?
  /// The comparison symbol as written, such as `<`.
  public var symbol: String
  public var number: String
  public var unit: String

  public init(field: String?, symbol: String, number: String, unit: String) {
    self.field = field
    self.symbol = symbol
    self.number = number
    self.unit = unit
  }
}
