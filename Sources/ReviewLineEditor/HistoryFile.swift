#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The history file: one command a line, with backslashes and line breaks escaped (`\\`,
/// `\n`). Lines are appended as they are entered; the file is cut back to its last
/// `maximumLines` lines when it grows to twice that.
enum HistoryFile {
  static let maximumLines = 1000

  /// The entries of the file, oldest first; an empty list when it does not exist.
  static func read(_ path: String) -> [String] {
    guard let text = readText(path) else { return [] }
    var lines = text.split(separator: "\n", omittingEmptySubsequences: true).map(String.init)
    if lines.first == "_HiStOrY_V2_" {
      // The format libedit's own history_save writes, from earlier versions of review.
      lines.removeFirst()
      return lines.map(decodeOctal)
    }
    if lines.count >= 2 * maximumLines {
      lines = Array(lines.suffix(maximumLines))
      rewrite(path, lines)
    }
    return lines.map(unescape)
  }

  static func append(_ line: String, to path: String) -> Bool {
    let descriptor = open(path, O_WRONLY | O_APPEND | O_CREAT, 0o600)
    guard descriptor >= 0 else { return false }
    defer { close(descriptor) }
    fchmod(descriptor, 0o600)
    let bytes = Array((escape(line) + "\n").utf8)
    let written = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
    return written == bytes.count
  }

  static func escape(_ line: String) -> String {
    var result = ""
    for character in line.unicodeScalars {
      switch character {
      case "\\": result += "\\\\"
      case "\n": result += "\\n"
      case "\r": result += "\\r"
      default: result.unicodeScalars.append(character)
      }
    }
    return result
  }

  static func unescape(_ line: String) -> String {
    var result = ""
    var escaped = false
    for character in line.unicodeScalars {
      if escaped {
        switch character {
        case "n": result += "\n"
        case "r": result += "\r"
        default: result.unicodeScalars.append(character)
        }
        escaped = false
      } else if character == "\\" {
        escaped = true
      } else {
        result.unicodeScalars.append(character)
      }
    }
    return result
  }

  /// Undoes the `\ooo` octal escapes of libedit's format (`\040` for a space).
  static func decodeOctal(_ line: String) -> String {
    var bytes: [UInt8] = []
    let source = Array(line.utf8)
    var index = 0
    while index < source.count {
      if source[index] == UInt8(ascii: "\\"), index + 3 < source.count,
        source[(index + 1)..<(index + 4)].allSatisfy({ $0 >= 0x30 && $0 <= 0x37 })
      {
        let value = source[(index + 1)..<(index + 4)].reduce(0) { $0 * 8 + Int($1 - 0x30) }
        bytes.append(UInt8(truncatingIfNeeded: value))
        index += 4
      } else {
        bytes.append(source[index])
        index += 1
      }
    }
    return String(decoding: bytes, as: UTF8.self)
  }

  private static func readText(_ path: String) -> String? {
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

  /// Replaces the file with the given lines, through a temporary file renamed over it.
  private static func rewrite(_ path: String, _ lines: [String]) {
    let temporary = path + ".tmp.\(getpid())"
    let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
    guard descriptor >= 0 else { return }
    let bytes = Array((lines.joined(separator: "\n") + "\n").utf8)
    let written = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
    close(descriptor)
    if written == bytes.count {
      rename(temporary, path)
    } else {
      unlink(temporary)
    }
  }
}
