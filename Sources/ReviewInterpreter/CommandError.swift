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
