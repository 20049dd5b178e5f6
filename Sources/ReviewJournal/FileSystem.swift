#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The file system queries the journal needs, through POSIX calls.
enum FileSystem {
  /// Whether a file or folder exists at `path`, following symbolic links (`stat(2)`).
  static func exists(_ path: String) -> Bool {
    var status = stat()
    return stat(path, &status) == 0
  }

  /// Returns whether a folder exists at `path`, following symbolic links.
  static func isFolder(_ path: String) -> Bool {
    var status = stat()
    return stat(path, &status) == 0 && (status.st_mode & S_IFMT) == S_IFDIR
  }

  /// Whether this process may write to the file or folder at `path` (`access(2)`).
  static func isWritable(_ path: String) -> Bool {
    access(path, W_OK) == 0
  }

  /// The size in bytes of the file at `path`, or nil when it cannot be read with `stat(2)`,
  /// for example because it does not exist.
  static func size(ofFile path: String) -> Int64? {
    var status = stat()
    guard stat(path, &status) == 0 else { return nil }

    return Int64(status.st_size)
  }

  /// The folder part of `path`: `/a/b.sqlite` → `/a`, `/b.sqlite` → `/`, and `b.sqlite`
  /// → the empty string. Trailing slashes are ignored.
  static func folder(of path: String) -> String {
    var trimmed = Substring(path)
    while trimmed.count > 1 && trimmed.hasSuffix("/") {
      trimmed.removeLast()
    }
    guard let slash = trimmed.lastIndex(of: "/") else { return "" }

    var folder = trimmed[..<slash]
    while folder.hasSuffix("/") {
      folder.removeLast()
    }
    return folder.isEmpty ? "/" : String(folder)
  }

  /// `path` with every UTF-8 byte percent-encoded except the ASCII letters, digits and
  /// ``!$&'()*+,-./:=@_~``, so that it can stand in a `file:` URI. `?`, `#` and `%` are
  /// encoded because SQLite would read them as the start of a query, a fragment or an
  /// escape.
  static func uriEscaped(_ path: String) -> String {
    let hexDigits = Array("0123456789ABCDEF".utf8)
    var escaped: [UInt8] = []
    escaped.reserveCapacity(path.utf8.count)
    for byte in path.utf8 {
      if isAllowedInURIPath(byte) {
        escaped.append(byte)
      } else {
        escaped.append(UInt8(ascii: "%"))
        escaped.append(hexDigits[Int(byte >> 4)])
        escaped.append(hexDigits[Int(byte & 0x0F)])
      }
    }
    return String(decoding: escaped, as: UTF8.self)
  }

  private static func isAllowedInURIPath(_ byte: UInt8) -> Bool {
    switch byte {
    case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
      UInt8(ascii: "0")...UInt8(ascii: "9"):
      return true
    default:
      return "!$&'()*+,-./:=@_~".utf8.contains(byte)
    }
  }
}
