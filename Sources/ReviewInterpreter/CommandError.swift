import ReviewLanguage

/// Why a command failed: a message, the place in the command when there is one, and what
/// to do about it.
public struct CommandError: Error, Sendable, Equatable {
  public var message: String
  public var range: SourceRange?
  public var hint: String?
  /// The line the range points into, when it differs from the line typed (after `$NAME`
  /// variables were replaced).
  public var line: String?
  /// The column of the error in the line as typed, when `line` is that line after `$NAME`
  /// variables were replaced: the column of the `$NAME` when the error lies in its value.
  public var typedColumn: Int?
  /// Set when a data file could not be loaded, which scripts report with their own exit
  /// status.
  public var isDataError = false
  /// The cause on its own, without the words that name what failed, for a list that names
  /// it already, such as the unavailable segments of `segments`.
  public var reason: String?

  public init(_ message: String, at range: SourceRange? = nil, hint: String? = nil) {
    self.message = message
    self.range = range
    self.hint = hint
  }

  init(_ error: SyntaxError) {
    self.init(error.message, at: error.range, hint: error.hint)
  }
}

extension CommandError {
  /// Adds how to write a redirect to an error about the value of a comparison that ends the
  /// line, as in `where arr > out`. The `>` was read as a comparison, but the user may have
  /// meant to write the result to the file.
  mutating func explainTrailingComparison(in line: String) {
    guard let range else { return }
    let bytes = Array(line.utf8)
    guard range.endOffset <= bytes.count, range.startOffset <= range.endOffset,
      bytes[range.endOffset...].allSatisfy({ $0 == UInt8(ascii: " ") || $0 == 0x09 })
    else { return }

    var before = range.startOffset
    while before > 0 && (bytes[before - 1] == UInt8(ascii: " ") || bytes[before - 1] == 0x09) {
      before -= 1
    }
    guard before >= 2, bytes[before - 1] == UInt8(ascii: ">"),
      bytes[before - 2] != UInt8(ascii: ">"), bytes[before - 2] != UInt8(ascii: "<")
    else { return }

    // Only a bare word reads like a file name: quoted text, numbers and dates are values.
    let file = String(decoding: bytes[range.startOffset..<range.endOffset], as: UTF8.self)
    guard let first = file.unicodeScalars.first, first.properties.isAlphabetic,
      !file.contains(" ")
    else { return }

    let advice =
      "to write the result to the file \(file) instead, use >> or a name with an extension, as in > \(file).txt"
    hint = hint.map { "\($0); \(advice)" } ?? advice
  }
}
