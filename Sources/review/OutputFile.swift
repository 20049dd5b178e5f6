import ReviewRender

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// A buffered writer on a file descriptor. When standard output is a pipe whose reader went
/// away (`| head`), later output is dropped quietly and the session goes on, so that the
/// commands after it still write their files and journal entries. Any other write failure
/// is kept in `failure` for the caller to report.
final class OutputFile: TextSink {
  let descriptor: Int32
  private let closesOnDeinit: Bool
  private var buffer: [UInt8] = []
  private(set) var failure: String?
  /// Whether the reader of standard output went away, so that what is written is dropped.
  private var readerIsGone = false
  /// Whether Ctrl-C stopped the result being written. What was written before is kept.
  private(set) var wasInterrupted = false
  /// Whether what is written is dropped, for good or until the next command.
  var isClosed: Bool { readerIsGone || wasInterrupted }
  /// Returns whether Ctrl-C was pressed since its last call. The REPL sets it, so that a
  /// long result stops at the next full buffer.
  nonisolated(unsafe) static var interruption: (() -> Bool)?
  /// Whether the descriptor is a terminal, which decides width, colour and sanitizing.
  let isTerminal: Bool
  /// Whether the descriptor is a regular file, as a redirect of the shell or of review
  /// makes it, rather than a pipe or a terminal.
  let isRegularFile: Bool

  static let bufferSize = 1 << 16

  init(descriptor: Int32, closesOnDeinit: Bool = false) {
    self.descriptor = descriptor
    self.closesOnDeinit = closesOnDeinit
    self.isTerminal = Platform.isTerminal(descriptor)
    var info = stat()
    self.isRegularFile = fstat(descriptor, &info) == 0 && (info.st_mode & S_IFMT) == S_IFREG
    buffer.reserveCapacity(OutputFile.bufferSize)
  }

  /// Returns the first line of a file that exists and is not empty, without its line end,
  /// or nil for a missing or empty file.
  static func firstLine(ofExisting path: String) -> String? {
    guard let file = fopen(path, "rb") else { return nil }
    defer { fclose(file) }
    var buffer = [UInt8](repeating: 0, count: 65536)
    let count = fread(&buffer, 1, buffer.count, file)
    guard count > 0 else { return nil }
    var end = buffer[..<count].firstIndex(of: 0x0A) ?? count
    if end > 0 && buffer[end - 1] == 0x0D { end -= 1 }
    return String(decoding: buffer[..<end], as: UTF8.self)
  }

  /// Opens a file for a redirect, replacing or appending.
  static func open(path: String, appending: Bool) -> Result<OutputFile, OutputFileError> {
    let flags = O_WRONLY | O_CREAT | (appending ? O_APPEND : O_TRUNC)
    let descriptor = Glibc.open(path, flags, 0o644)
    guard descriptor >= 0 else {
      return .failure(
        OutputFileError(message: "cannot write \(path): \(String(cString: strerror(errno)))"))
    }
    return .success(OutputFile(descriptor: descriptor, closesOnDeinit: true))
  }

  deinit {
    flush()
    if closesOnDeinit { close(descriptor) }
  }

  /// Whether anything was written, and whether what was written ends with an empty line.
  private(set) var hasWritten = false
  /// Whether a JSON result has been written here, after which another would leave text
  /// that is not valid JSON.
  var holdsJSONResult = false
  /// The header of the last CSV or TSV result written here.
  var lastDelimitedHeader: String?
  /// Whether this output was warned of as containing CSV or TSV tables with other columns.
  var warnedOfTables = false
  /// Whether the last output written was a table, which ends with its footer line.
  var endsWithTable = false
  private(set) var endsWithBlankLine = false
  private var lastByte: UInt8 = 0

  func write(_ text: String) {
    var text = text
    text.withUTF8 { write(utf8: $0) }
  }

  func write(utf8 bytes: UnsafeBufferPointer<UInt8>) {
    guard !isClosed else { return }
    for byte in bytes.suffix(2) {
      endsWithBlankLine = byte == 0x0A && (lastByte == 0x0A || !hasWritten)
      lastByte = byte
      hasWritten = true
    }
    buffer.append(contentsOf: bytes)
    if buffer.count >= OutputFile.bufferSize { flush() }
  }

  /// Lets the next command write again after Ctrl-C stopped one.
  func resetInterruption() {
    wasInterrupted = false
  }

  func flush() {
    if !buffer.isEmpty, let interruption = OutputFile.interruption, interruption() {
      wasInterrupted = true
    }
    guard !buffer.isEmpty, failure == nil, !wasInterrupted else {
      buffer.removeAll(keepingCapacity: true)
      return
    }
    var offset = 0
    while offset < buffer.count {
      let written = buffer[offset...].withUnsafeBytes {
        Glibc.write(descriptor, $0.baseAddress, $0.count)
      }
      if written < 0 {
        if errno == EINTR { continue }
        if errno == EPIPE && descriptor == STDOUT_FILENO {
          // The reader went away, as `head` does: drop the rest quietly.
          readerIsGone = true
          break
        }
        failure = String(cString: strerror(errno))
        break
      }
      offset += written
    }
    buffer.removeAll(keepingCapacity: true)
  }
}

/// Reads standard input in pieces as they arrive.
struct StandardInputReader {
  private var buffer = [UInt8](repeating: 0, count: 65536)
  private var leftover: [UInt8] = []

  /// The next piece of text, or nil at the end of input. A character split between two
  /// reads is kept for the next piece.
  mutating func next() -> String? {
    while true {
      let count = buffer.withUnsafeMutableBytes {
        Glibc.read(STDIN_FILENO, $0.baseAddress, $0.count)
      }
      if count < 0 && errno == EINTR { continue }
      if count <= 0 {
        guard !leftover.isEmpty else { return nil }
        defer { leftover = [] }
        return String(decoding: leftover, as: UTF8.self)
      }
      var bytes = leftover + buffer[0..<count]
      var end = bytes.count
      // Keep back an incomplete UTF-8 sequence at the end.
      var back = 0
      while back < 4 && end - back - 1 >= 0 && bytes[end - back - 1] & 0xC0 == 0x80 { back += 1 }
      if end - back - 1 >= 0 {
        let lead = bytes[end - back - 1]
        let length = lead >= 0xF0 ? 4 : (lead >= 0xE0 ? 3 : (lead >= 0xC0 ? 2 : 1))
        if length > back + 1 { end = end - back - 1 }
      }
      leftover = Array(bytes[end...])
      bytes.removeSubrange(end...)
      if bytes.isEmpty { continue }
      return String(decoding: bytes, as: UTF8.self)
    }
  }
}

struct OutputFileError: Error {
  var message: String
}

/// Writes to standard error, unbuffered. Every error, warning, hint and notice goes
/// through here, so that control characters from the data are neutralized in one place.
enum StandardError {
  static func write(_ text: String) {
    var bytes = Array(Diagnostics.neutralized(text).utf8)
    var offset = 0
    while offset < bytes.count {
      let written = bytes.withUnsafeMutableBytes {
        Glibc.write(STDERR_FILENO, $0.baseAddress! + offset, $0.count - offset)
      }
      if written <= 0 {
        if written < 0 && errno == EINTR { continue }
        return
      }
      offset += written
    }
    bytes.removeAll()
  }
}
