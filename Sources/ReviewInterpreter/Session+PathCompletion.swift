import ReviewLanguage

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

extension Session {
  /// The commands whose words are file names.
  static let fileCommands: Set<String> = ["load", "run", "include", "output"]

  /// Completes a file name where one is being typed: after `>>`, after a `>` that follows
  /// no field name (so not in a comparison such as `arr > 5`), and after `load`, `run`,
  /// `include` and `output`. Returns nil elsewhere.
  func completePath(_ bytes: [UInt8]) -> Completion? {
    let start = Session.wordStart(in: bytes)
    let before = Substring(String(decoding: bytes[..<start], as: UTF8.self))
      .trimmingCharacters(in: " \t")
    let firstWord = before.split(separator: " ").first.map { $0.lowercased() } ?? ""
    var takesPath = Session.fileCommands.contains(firstWord)
    if before.hasSuffix(">>") {
      takesPath = true
    } else if before.hasSuffix(">") {
      let prior = before.dropLast().trimmingCharacters(in: " \t")
      let priorWord =
        prior.split(whereSeparator: { " \t(),=<>!~".contains($0) }).last
        .map { $0.lowercased() } ?? ""
      takesPath = !priorWord.isEmpty && !fieldNames().contains { $0.lowercased() == priorWord }
    }
    guard takesPath else { return nil }

    let typed = Session.unquoted(String(decoding: bytes[start...], as: UTF8.self))
    return Completion(wordStart: start, candidates: Session.fileNames(startingWith: typed))
  }

  /// Returns the files and folders whose path starts with `typed`, a path relative to the
  /// current folder or absolute, sorted. Folders end in `/`. Names that start with a dot are left
  /// out unless `typed` names a dot. A path that needs quotes gets them; a folder's quote
  /// stays open, so that the rest of the path can be typed inside it.
  static func fileNames(startingWith typed: String) -> [String] {
    let slash = typed.lastIndex(of: "/")
    let folder = slash.map { String(typed[...$0]) } ?? ""
    let prefix = slash.map { String(typed[typed.index(after: $0)...]) } ?? typed
    guard let directory = opendir(folder.isEmpty ? "." : folder) else { return [] }
    defer { closedir(directory) }

    var names: [String] = []
    while let entry = readdir(directory) {
      let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
        String(cString: raw.bindMemory(to: CChar.self).baseAddress!)
      }
      guard name != ".", name != "..", name.hasPrefix(prefix) else { continue }
      guard !name.hasPrefix(".") || prefix.hasPrefix(".") else { continue }
      var status = stat()
      let path = folder + name
      let isFolder = stat(path, &status) == 0 && (status.st_mode & S_IFMT) == S_IFDIR
      names.append(isFolder ? path + "/" : path)
    }
    return names.sorted().map { path in
      guard path.contains(where: { $0 == " " || $0 == "\"" || $0 == "'" || $0 == "#" }) else {
        return path
      }
      // A folder's quote stays open, so that the rest of the path is typed inside it.
      let quoted = Lexer.quoted(path)
      return path.hasSuffix("/") ? String(quoted.dropLast()) : quoted
    }
  }
}
