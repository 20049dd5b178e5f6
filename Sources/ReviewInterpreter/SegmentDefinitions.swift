import ReviewLanguage

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Segments the user defined with `define NAME as EXPRESSION`, kept in a file of `define`
/// lines so that they are there at the next start.
public struct SegmentDefinitions: Sendable {
  public struct Definition: Sendable, Equatable {
    public var name: String
    public var expression: String
    /// Discussion questions for the segment, one a line.
    public var questions: [String]

    public init(name: String, expression: String, questions: [String] = []) {
      self.name = name
      self.expression = expression
      self.questions = questions
    }
  }

  /// The file the definitions are saved to; nil keeps them for this session only.
  public let path: String?
  public private(set) var all: [Definition] = []

  public init(path: String? = nil) {
    self.path = path
  }

  /// Reads the definitions saved at `path`. A missing file is an empty set; a line that
  /// does not parse is reported and skipped.
  public static func load(path: String) -> (SegmentDefinitions, [String]) {
    var definitions = SegmentDefinitions(path: path)
    var problems: [String] = []
    guard let text = FileText.read(path) else { return (definitions, problems) }
    let lines = text.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false).map {
      Substring(String(String.UnicodeScalarView($0)))
    }
    for (index, line) in lines.enumerated() {
      let trimmed = line.trimmingCharacters(in: " \t\r")
      guard !trimmed.isEmpty, !trimmed.hasPrefix("#") else { continue }
      do {
        let statement = try Parser.parse(String(trimmed), lineNumber: index + 1)
        switch statement?.command {
        case .define(let name, _, let expression)?:
          definitions.all.removeAll { $0.name.lowercased() == name.value.lowercased() }
          definitions.all.append(Definition(name: name.value, expression: expression))
        case .question(let segment, let text?, _)?:
          if let position = definitions.all.firstIndex(where: {
            $0.name.lowercased() == segment.value.lowercased()
          }) {
            definitions.all[position].questions.append(text.value)
          } else {
            problems.append(
              "\(path):\(index + 1): skipped a question for the undefined segment \(segment.value)")
          }
        default:
          problems.append(
            "\(path):\(index + 1): skipped a line that is not a define or question command")
        }
      } catch {
        problems.append(
          "\(path):\(error.range.line):\(error.range.column): skipped: \(error.message)")
      }
    }
    return (definitions, problems)
  }

  public func definition(named name: String) -> Definition? {
    all.first { $0.name.lowercased() == name.lowercased() }
  }

  /// Returns these definitions with `definition` set, kept for this session only, to try a
  /// definition before it is saved.
  func setting(_ definition: Definition) -> SegmentDefinitions {
    var trial = SegmentDefinitions()
    trial.all = all.filter { $0.name.lowercased() != definition.name.lowercased() } + [definition]
    return trial
  }

  mutating func set(_ definition: Definition) throws(CommandError) {
    var updated = all
    updated.removeAll { $0.name.lowercased() == definition.name.lowercased() }
    updated.append(definition)
    try save(updated)
    all = updated
  }

  mutating func remove(named name: String) throws(CommandError) {
    var updated = all
    updated.removeAll { $0.name.lowercased() == name.lowercased() }
    try save(updated)
    all = updated
  }

  private func save(_ definitions: [Definition]) throws(CommandError) {
    guard let path else { return }
    var text = "# Segments defined in review; one define command a line.\n"
    for definition in definitions {
      text += "define \(definition.name) as \(definition.expression)\n"
      for question in definition.questions {
        text +=
          "question \(definition.name) \"\(question.replacingOccurrences(of: "\"", with: "\"\""))\"\n"
      }
    }
    if let failure = FileText.writeAtomically(text, to: path) {
      throw CommandError(
        "could not save the segment definitions to \(path): \(failure)",
        hint: "check that the folder exists and is writable, or set XDG_CONFIG_HOME")
    }
  }
}

extension Substring {
  func trimmingCharacters(in set: String) -> Substring {
    var text = self
    while let first = text.first, set.contains(first) { text.removeFirst() }
    while let last = text.last, set.contains(last) { text.removeLast() }
    return text
  }
}

/// Small file helpers on POSIX calls.
public enum FileText {
  /// The file's contents as UTF-8 text, or nil when it cannot be read.
  public static func read(_ path: String) -> String? {
    guard let file = fopen(path, "rb") else { return nil }
    defer { fclose(file) }
    var bytes: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 65536)
    while true {
      let count = fread(&buffer, 1, buffer.count, file)
      if count > 0 { bytes.append(contentsOf: buffer[0..<count]) }
      if count < buffer.count { break }
    }
    return String(decoding: bytes, as: UTF8.self)
  }

  /// Everything on standard input, as UTF-8 text.
  public static func readStandardInput() -> String {
    var bytes: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 65536)
    while true {
      let count = buffer.withUnsafeMutableBytes {
        Glibc.read(STDIN_FILENO, $0.baseAddress, $0.count)
      }
      if count < 0 && errno == EINTR { continue }
      if count <= 0 { break }
      bytes.append(contentsOf: buffer[0..<count])
    }
    return String(decoding: bytes, as: UTF8.self)
  }

  /// Writes the text to a temporary file beside `path` and renames it over `path`, so
  /// that a crash leaves either the old file or the new one. Creates missing folders.
  /// Returns an error message, or nil on success.
  public static func writeAtomically(
    _ text: String, to path: String, mode: mode_t = 0o644
  ) -> String? {
    makeParentFolders(of: path)
    let temporary = path + ".tmp.\(getpid())"
    let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC, mode)
    guard descriptor >= 0 else { return String(cString: strerror(errno)) }
    let bytes = Array(text.utf8)
    var written = 0
    while written < bytes.count {
      let result = bytes[written...].withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
      if result < 0 {
        if errno == EINTR { continue }
        let message = String(cString: strerror(errno))
        close(descriptor)
        unlink(temporary)
        return message
      }
      written += result
    }
    if fsync(descriptor) != 0 {
      let message = String(cString: strerror(errno))
      close(descriptor)
      unlink(temporary)
      return message
    }
    close(descriptor)
    if rename(temporary, path) != 0 {
      let message = String(cString: strerror(errno))
      unlink(temporary)
      return message
    }
    return nil
  }

  /// Creates the folders above `path` that do not exist yet, private to the user.
  public static func makeParentFolders(of path: String) {
    var components = path.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
    guard components.count > 1 else { return }
    components.removeLast()
    var current = path.hasPrefix("/") ? "" : "."
    for component in components where !component.isEmpty {
      current += "/" + component
      mkdir(current, 0o700)
    }
  }
}
