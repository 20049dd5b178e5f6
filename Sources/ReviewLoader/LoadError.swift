/// Why a data file could not be loaded, with the place in the file where known.
public struct LoadError: Error, Sendable, Equatable, CustomStringConvertible {
  public var file: String
  /// 1-based line, when the problem is at one place in the file.
  public var line: Int?
  /// 1-based column in characters, when known.
  public var column: Int?
  public var message: String
  /// What the user can do about it.
  public var hint: String?

  public init(
    file: String, line: Int? = nil, column: Int? = nil, message: String, hint: String? = nil
  ) {
    self.file = file
    self.line = line
    self.column = column
    self.message = message
    self.hint = hint
  }

  /// `file:line:column: error: message`, then the hint on a line of its own.
  public var description: String {
    var place = file
    if let line {
      place += ":\(line)"
      if let column { place += ":\(column)" }
    }
    var text = "\(place): error: \(message)"
    if let hint { text += "\n  hint: \(hint)" }
    return text
  }
}

extension LoadError {
  /// Returns the error with a warning about the file's text on a line of its own after the
  /// hint: a byte replaced with U+FFFD, for one, explains a cell that then fails to read.
  func noting(_ warning: LoadWarning?) -> LoadError {
    guard let warning else { return self }
    var noted = self
    noted.hint = (hint ?? "the file's text was changed as it was read") + "\n\(warning)"
    return noted
  }
}

/// Something the loader handled but the user should know about.
public struct LoadWarning: Sendable, Equatable, CustomStringConvertible {
  public var file: String
  /// 1-based line, when the warning is about one place in the file.
  public var line: Int?
  /// 1-based column in characters, when known.
  public var column: Int?
  public var message: String

  public init(file: String, line: Int? = nil, column: Int? = nil, message: String) {
    self.file = file
    self.line = line
    self.column = column
    self.message = message
  }

  /// `file:line:column: warning: message`, with as much of the place as is known.
  public var description: String {
    var place = file
    if let line {
      place += ":\(line)"
      if let column { place += ":\(column)" }
    }
    return "\(place): warning: \(message)"
  }
}
