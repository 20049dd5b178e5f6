#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The bytes of a data file as UTF-8 text: mapped from disk when the file already is UTF-8,
/// transcoded into memory when it is UTF-16 or Windows-1252, or when stray bytes in UTF-8
/// text are replaced. A UTF-8 byte-order mark is skipped.
final class SourceText {
  let path: String
  /// The text, without any byte-order mark.
  private(set) var bytes: UnsafeBufferPointer<UInt8>
  /// The warning that the text was converted or that invalid bytes were replaced, or nil for
  /// text read as it is.
  private(set) var conversion: LoadWarning?
  /// Whether the text read from a file has yet to be checked for NUL bytes and for invalid
  /// UTF-8, which `validate()` does. A reader that checks the text part by part as it goes
  /// calls `validate()` only when a part fails.
  private(set) var needsValidation = false
  private var mapping: UnsafeMutableRawPointer?
  private var mappedLength = 0
  private var owned: UnsafeMutableBufferPointer<UInt8>?

  /// Files above this size are rejected before they are read, so that the system does not
  /// kill the process halfway through.
  static func sizeLimit() -> Int {
    // The book needs about as much memory as the file again, so half of the memory the
    // process may use is the largest file that can be loaded.
    availableMemory() / 2
  }

  /// The memory this process may use: the machine's RAM, or less when a control group (as
  /// in a container) or a resource limit allows less.
  static func availableMemory() -> Int {
    var memory = Int.max
    let pages = sysconf(Int32(_SC_PHYS_PAGES))
    let pageSize = sysconf(Int32(_SC_PAGESIZE))
    if pages > 0, pageSize > 0 { memory = pages * pageSize }
    // Version 2 of control groups, then version 1. An unlimited group reads "max" or a
    // number near Int64.max, and either way does not lower the limit.
    for path in ["/sys/fs/cgroup/memory.max", "/sys/fs/cgroup/memory/memory.limit_in_bytes"] {
      if let limit = readNumber(path), limit > 0 { memory = min(memory, limit) }
    }
    for resource in [RLIMIT_AS, RLIMIT_DATA] {
      var limit = rlimit()
      if getrlimit(__rlimit_resource_t(resource.rawValue), &limit) == 0,
        limit.rlim_cur < rlim_t(Int.max)
      {
        memory = min(memory, Int(limit.rlim_cur))
      }
    }
    return memory
  }

  /// The decimal number a small system file contains, or nil when it cannot be read or is
  /// not a number.
  private static func readNumber(_ path: String) -> Int? {
    let descriptor = open(path, O_RDONLY)
    guard descriptor >= 0 else { return nil }
    defer { close(descriptor) }
    var buffer = [UInt8](repeating: 0, count: 64)
    let count = read(descriptor, &buffer, buffer.count)
    guard count > 0 else { return nil }
    var digits = buffer[0..<count]
    while let last = digits.last, last == UInt8(ascii: "\n") || last == UInt8(ascii: " ") {
      digits.removeLast()
    }
    return Int(String(decoding: digits, as: UTF8.self))
  }

  init(path: String) throws(LoadError) {
    self.path = path
    let descriptor = open(path, O_RDONLY)
    guard descriptor >= 0 else {
      let reason = String(cString: strerror(errno))
      throw LoadError(file: path, message: "cannot open the file: \(reason)")
    }
    defer { close(descriptor) }

    var info = stat()
    guard fstat(descriptor, &info) == 0 else {
      throw LoadError(file: path, message: "cannot read the file's size")
    }
    if (info.st_mode & S_IFMT) == S_IFDIR {
      throw LoadError(
        file: path, message: "is a folder, not a data file",
        hint: "name a .csv, .json or .jsonl file inside it")
    }
    // A device such as /dev/zero never ends, and a terminal waits for typing.
    if (info.st_mode & S_IFMT) == S_IFCHR || (info.st_mode & S_IFMT) == S_IFBLK {
      throw LoadError(
        file: path, message: "is a device, not a data file",
        hint: "name a .csv, .json or .jsonl file, or pipe the data in with <(command)")
    }
    let size = Int(info.st_size)
    let limit = SourceText.sizeLimit()
    if size > limit {
      throw LoadError(
        file: path,
        message:
          "the file is \(SourceText.megabytes(size)), more than review can hold in the memory it may use here (\(SourceText.megabytes(limit)) at most)",
        hint: "split the export, or load it on a machine with more memory")
    }

    var raw: UnsafeBufferPointer<UInt8>
    // A pipe, as from `review <(command)`, has no size until it is read.
    let isRegular = (info.st_mode & S_IFMT) == S_IFREG
    if isRegular && size == 0 {
      raw = UnsafeBufferPointer(start: nil, count: 0)
    } else if isRegular,
      let mapped = mmap(nil, size, PROT_READ, MAP_PRIVATE, descriptor, 0), mapped != MAP_FAILED
    {
      mapping = mapped
      mappedLength = size
      madvise(mapped, size, MADV_SEQUENTIAL)
      raw = UnsafeBufferPointer(start: mapped.assumingMemoryBound(to: UInt8.self), count: size)
    } else {
      // Pipes and other streams cannot be mapped: read them whole.
      let buffer = try SourceText.readAll(descriptor, path: path, limit: limit)
      owned = buffer
      raw = UnsafeBufferPointer(buffer)
    }

    let hasMark =
      raw.count >= 2 && ((raw[0] == 0xFF && raw[1] == 0xFE) || (raw[0] == 0xFE && raw[1] == 0xFF))
    if hasMark || SourceText.looksLikeUTF16(raw) != nil {
      let littleEndian = hasMark ? raw[0] == 0xFF : SourceText.looksLikeUTF16(raw)!
      let text = SourceText.decodeUTF16(raw, littleEndian: littleEndian, from: hasMark ? 2 : 0)
      let buffer = SourceText.copy(Array(text.utf8))
      owned = buffer
      bytes = UnsafeBufferPointer(buffer)
      conversion = LoadWarning(file: path, message: "the file is converted from UTF-16")
      return
    }
    if raw.count >= 3 && raw[0] == 0xEF && raw[1] == 0xBB && raw[2] == 0xBF {
      raw = UnsafeBufferPointer(rebasing: raw[3...])
    }
    bytes = raw
    needsValidation = true
  }

  /// Rejects text with a NUL byte, and decodes text that is not valid UTF-8. Text with at
  /// least as many valid non-ASCII characters as invalid bytes is UTF-8 with stray bytes,
  /// which are replaced with U+FFFD. Other text is read as Windows-1252.
  /// - Complexity: O(n), reading every byte, and O(n) again for text that is not UTF-8.
  func validate() throws(LoadError) {
    guard needsValidation else { return }
    needsValidation = false

    let raw = bytes
    try checkFormat()
    if let offset = SourceText.firstNUL(raw) {
      let (line, column) = SourceText.position(of: offset, in: raw)
      throw LoadError(
        file: path, line: line, column: column,
        message: "the file contains a NUL byte, so it is not a text export",
        hint: "export the data again as CSV or JSON")
    }
    // The common case of valid text costs one scan that stops at the first invalid byte.
    guard !SourceText.isValidUTF8(raw), let invalid = SourceText.invalidUTF8(raw) else {
      return
    }
    let (buffer, warning) = decodeInvalidUTF8(raw, invalid: invalid)
    if let mapping { munmap(mapping, mappedLength) }
    mapping = nil
    owned?.deallocate()
    owned = buffer
    bytes = UnsafeBufferPointer(buffer)
    conversion = warning
  }

  /// Decodes text that is not valid UTF-8, as UTF-8 with its invalid bytes replaced or as
  /// Windows-1252, and returns it with the warning that names the reading and the first invalid byte.
  private func decodeInvalidUTF8(
    _ raw: UnsafeBufferPointer<UInt8>, invalid: InvalidUTF8
  ) -> (UnsafeMutableBufferPointer<UInt8>, LoadWarning) {
    let byte = "byte 0x" + String(raw[invalid.firstOffset], radix: 16, uppercase: true)
    let firstInvalid =
      invalid.count == 1
      ? "\(byte) here is not valid UTF-8"
      : "\(byte) here is the first of \(TableAssembler.grouped(invalid.count)) bytes that are not valid UTF-8"
    let buffer: UnsafeMutableBufferPointer<UInt8>
    let message: String
    if invalid.multibyteCount >= invalid.count {
      buffer = SourceText.replacingInvalidUTF8(raw, invalidCount: invalid.count)
      let replaced = invalid.count == 1 ? "it is" : "each is"
      message =
        "\(firstInvalid), so \(replaced) replaced with U+FFFD; the rest of the file is read as UTF-8"
    } else {
      buffer = SourceText.copy(SourceText.decodeWindows1252(raw))
      var valid = ""
      if invalid.multibyteCount > 0 {
        let characters =
          invalid.multibyteCount == 1 ? "character that is" : "characters that are"
        valid =
          ", more than the \(TableAssembler.grouped(invalid.multibyteCount)) non-ASCII \(characters) valid UTF-8"
      }
      message = "\(firstInvalid)\(valid), so the file is read as Windows-1252 (Latin-1)"
    }
    let (line, column) = SourceText.position(of: invalid.firstOffset, in: raw)
    return (buffer, LoadWarning(file: path, line: line, column: column, message: message))
  }

  /// Rejects a file whose first bytes show that it is no CSV or JSON export, naming what it
  /// is.
  func checkFormat() throws(LoadError) {
    guard let format = SourceText.foreignFormat(bytes) else { return }
    throw LoadError(
      file: path, message: "the file is \(format.kind), not a CSV or JSON export",
      hint: format.hint)
  }

  /// Text from memory, treated as the file `path` would be.
  init(path: String, contents: [UInt8]) {
    self.path = path
    let buffer = SourceText.copy(contents)
    owned = buffer
    var text = UnsafeBufferPointer(buffer)
    if text.count >= 3 && text[0] == 0xEF && text[1] == 0xBB && text[2] == 0xBF {
      text = UnsafeBufferPointer(rebasing: text[3...])
    }
    bytes = text
  }

  /// Lets the system drop the pages of a part of a mapped file that has been read; they
  /// are read from the file again if the part is needed later. Text held in memory stays.
  func release(_ range: Range<Int>) {
    guard let mapping, let base = bytes.baseAddress, !range.isEmpty else { return }
    let pageSize = SourceText.pageSize
    let mappingStart = Int(bitPattern: mapping)
    let start = Int(bitPattern: base + range.lowerBound) & ~(pageSize - 1)
    let end = (Int(bitPattern: base + range.upperBound) + pageSize - 1) & ~(pageSize - 1)
    let lower = max(start, mappingStart)
    let upper = min(end, (mappingStart + mappedLength + pageSize - 1) & ~(pageSize - 1))
    guard upper > lower else { return }
    madvise(UnsafeMutableRawPointer(bitPattern: lower), upper - lower, MADV_DONTNEED)
  }

  private static let pageSize = max(4096, sysconf(Int32(_SC_PAGESIZE)))

  deinit {
    if let mapping { munmap(mapping, mappedLength) }
    owned?.deallocate()
  }

  private static func copy(_ contents: [UInt8]) -> UnsafeMutableBufferPointer<UInt8> {
    let buffer = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: max(contents.count, 1))
    _ = buffer.initialize(from: contents)
    return UnsafeMutableBufferPointer(rebasing: buffer[0..<contents.count])
  }

  /// Reads a stream to its end into a new buffer. The buffer never grows past one byte
  /// more than `limit`, so that an endless pipe, as from `<(yes)`, is refused instead of
  /// taking all the memory.
  /// NOTE: growing copies the old buffer into one twice as large, so the peak is about one
  /// and a half times the stream's size, and up to 1.5 times `limit` for an endless pipe.
  static func readAll(
    _ descriptor: Int32, path: String, limit: Int
  ) throws(LoadError) -> UnsafeMutableBufferPointer<UInt8> {
    var capacity = min(1 << 16, limit + 1)
    var buffer = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: capacity)
    var length = 0
    while true {
      if length > limit {
        buffer.deallocate()
        throw LoadError(
          file: path,
          message:
            "the stream holds more than review can hold in the memory it may use here (\(SourceText.megabytes(limit)) at most)",
          hint: "split the export, or load it on a machine with more memory")
      }
      if length == capacity {
        let larger = min(capacity * 2, limit + 1)
        let bigger = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: larger)
        _ = bigger.initialize(from: buffer[0..<length])
        buffer.deallocate()
        buffer = bigger
        capacity = larger
      }
      let got = read(descriptor, buffer.baseAddress! + length, capacity - length)
      if got < 0 {
        if errno == EINTR { continue }
        buffer.deallocate()
        throw LoadError(
          file: path, message: "cannot read the file: \(String(cString: strerror(errno)))")
      }
      if got == 0 { break }
      length += got
    }
    return UnsafeMutableBufferPointer(rebasing: buffer[0..<length])
  }

  static func megabytes(_ size: Int) -> String {
    let tenths = (size * 10 + (1 << 19)) >> 20
    return "\(tenths / 10).\(tenths % 10) MB"
  }

  /// A file that is not a text export, as named by its first bytes.
  struct ForeignFormat: Equatable {
    /// The name of the format, as in "the file is an HTML page".
    var kind: String
    /// The step to suggest instead.
    var hint: String
  }

  /// Names the format of a file that starts like a known binary file (a ZIP archive, an
  /// old Excel workbook, gzip, PDF, SQLite) or a markup document (HTML, XML). Returns nil
  /// for anything else, which is read as CSV or JSON.
  /// - Complexity: O(1), reading at most the first few hundred bytes.
  static func foreignFormat(_ bytes: UnsafeBufferPointer<UInt8>) -> ForeignFormat? {
    func starts(with magic: [UInt8]) -> Bool {
      bytes.count >= magic.count && bytes[0..<magic.count].elementsEqual(magic)
    }
    if starts(with: [0x50, 0x4B, 0x03, 0x04]) {
      // The name of the archive's first file follows its header; Excel writes its content
      // types or its `xl/` folder first.
      let opening = String(decoding: bytes.prefix(128), as: UTF8.self)
      if opening.contains("[Content_Types].xml") || opening.contains("xl/") {
        return ForeignFormat(
          kind: "an Excel workbook (.xlsx)",
          hint: "open it in the spreadsheet program and save the sheet as CSV")
      }
      return ForeignFormat(
        kind: "a ZIP archive",
        hint:
          "unzip it and load the CSV or JSON file inside; if it is a workbook, save it as CSV in the spreadsheet program"
      )
    }
    if starts(with: [0xD0, 0xCF, 0x11, 0xE0]) {
      return ForeignFormat(
        kind: "an old Excel workbook (.xls)",
        hint: "open it in the spreadsheet program and save the sheet as CSV")
    }
    if starts(with: [0x1F, 0x8B]) {
      return ForeignFormat(
        kind: "compressed with gzip",
        hint: "decompress it first, as with gunzip, and load the file inside")
    }
    if starts(with: Array("%PDF-".utf8)) {
      return ForeignFormat(
        kind: "a PDF document",
        hint: "export the accounts from the system they come from as CSV or JSON")
    }
    if starts(with: Array("SQLite format 3\u{0}".utf8)) {
      return ForeignFormat(
        kind: "a SQLite database",
        hint: "write a table out as CSV, as with sqlite3 -header -csv FILE 'select * from TABLE'")
    }
    return markupFormat(bytes)
  }

  /// Names an HTML page or an XML document by its first tag, after any white space.
  private static func markupFormat(_ bytes: UnsafeBufferPointer<UInt8>) -> ForeignFormat? {
    guard let start = bytes.firstIndex(where: { !" \t\r\n".utf8.contains($0) }),
      bytes[start] == UInt8(ascii: "<")
    else { return nil }
    let opening = String(decoding: bytes[start..<min(bytes.count, start + 15)], as: UTF8.self)
      .lowercased()
    let htmlTags = ["<!doctype html", "<html", "<head", "<body", "<meta", "<title"]
    if htmlTags.contains(where: opening.hasPrefix) {
      return ForeignFormat(
        kind: "an HTML page",
        hint:
          "a browser may have saved a web page, such as a sign-in page, in place of the export; download the export again as CSV or JSON"
      )
    }
    if opening.hasPrefix("<?xml") {
      return ForeignFormat(
        kind: "an XML document", hint: "export the accounts as CSV or JSON")
    }
    return nil
  }

  static func firstNUL(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
    guard let base = bytes.baseAddress, bytes.count > 0 else { return nil }
    guard let found = memchr(base, 0, bytes.count) else { return nil }
    return base.distance(to: found.assumingMemoryBound(to: UInt8.self))
  }

  /// Returns the 1-based line and column (in characters) of a byte offset. Lines end with LF,
  /// CRLF or a lone CR, as the CSV tokenizer reads them.
  static func position(
    of offset: Int, in bytes: UnsafeBufferPointer<UInt8>
  ) -> (line: Int, column: Int) {
    var line = 1
    var lineStart = 0
    var index = 0
    while index < offset && index < bytes.count {
      let byte = bytes[index]
      let endsLine =
        byte == 0x0A || (byte == 0x0D && (index + 1 == bytes.count || bytes[index + 1] != 0x0A))
      if endsLine {
        line += 1
        lineStart = index + 1
      }
      index += 1
    }
    var column = 1
    index = lineStart
    while index < offset && index < bytes.count {
      if bytes[index] & 0xC0 != 0x80 { column += 1 }
      index += 1
    }
    return (line, column)
  }

  static func isValidUTF8(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
    scanUTF8(bytes, rejectingNUL: false)
  }

  /// Whether the bytes are valid UTF-8 without a NUL byte: what a part of a file must be to
  /// be read as it is.
  static func isCleanUTF8(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
    scanUTF8(bytes, rejectingNUL: true)
  }

  private static func scanUTF8(_ bytes: UnsafeBufferPointer<UInt8>, rejectingNUL: Bool) -> Bool {
    var index = 0
    let count = bytes.count
    while index < count {
      // Skip ASCII 32 bytes at a time, then eight at a time, where the buffer allows.
      if let base = bytes.baseAddress {
        let raw = UnsafeRawPointer(base)
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highBits: UInt64 = 0x8080_8080_8080_8080
        while index + 32 <= count {
          let first = raw.loadUnaligned(fromByteOffset: index, as: UInt64.self)
          let second = raw.loadUnaligned(fromByteOffset: index + 8, as: UInt64.self)
          let third = raw.loadUnaligned(fromByteOffset: index + 16, as: UInt64.self)
          let fourth = raw.loadUnaligned(fromByteOffset: index + 24, as: UInt64.self)
          if (first | second | third | fourth) & highBits != 0 { break }
          // A word has a zero byte exactly when subtracting 1 from each byte sets a top bit
          // that the byte did not have.
          let zeros =
            (first &- ones) & ~first | (second &- ones) & ~second | (third &- ones) & ~third
            | (fourth &- ones) & ~fourth
          if rejectingNUL && zeros & highBits != 0 { return false }
          index += 32
        }
      }
      while index + 8 <= count {
        let word = UnsafeRawPointer(bytes.baseAddress! + index).loadUnaligned(as: UInt64.self)
        // A word has a zero byte when subtracting 1 from each byte borrows into its top bit.
        if rejectingNUL && (word &- 0x0101_0101_0101_0101) & ~word & 0x8080_8080_8080_8080 != 0 {
          return false
        }
        // Go straight to the first non-ASCII byte, the lowest with its top bit set.
        let high = word & 0x8080_8080_8080_8080
        if high != 0 {
          index += high.trailingZeroBitCount &>> 3
          break
        }
        index += 8
      }
      guard index < count else { break }
      let lead = bytes[index]
      if lead < 0x80 {
        if rejectingNUL && lead == 0 { return false }
        index += 1
        continue
      }
      guard let length = sequenceLength(bytes, at: index) else { return false }
      index += length
    }
    return true
  }

  /// The invalid bytes of text that is not valid UTF-8.
  struct InvalidUTF8: Equatable {
    /// The offset of the first invalid byte.
    var firstOffset: Int
    /// The number of bytes that begin no valid UTF-8 sequence and lie inside none.
    var count: Int
    /// The number of valid sequences of two to four bytes, which are the non-ASCII
    /// characters.
    var multibyteCount: Int
  }

  /// Finds the invalid bytes of the text, or returns nil when it is valid UTF-8.
  /// - Complexity: O(n), skipping ASCII eight bytes at a time.
  static func invalidUTF8(_ bytes: UnsafeBufferPointer<UInt8>) -> InvalidUTF8? {
    var found = InvalidUTF8(firstOffset: -1, count: 0, multibyteCount: 0)
    var index = 0
    let count = bytes.count
    while index < count {
      index = endOfASCII(bytes, from: index)
      guard index < count else { break }
      if let length = sequenceLength(bytes, at: index) {
        found.multibyteCount += 1
        index += length
        continue
      }
      if found.count == 0 { found.firstOffset = index }
      found.count += 1
      index += 1
    }
    return found.count == 0 ? nil : found
  }

  /// Returns a copy of the text with each byte that `invalidUTF8` counts replaced with
  /// U+FFFD. `invalidCount` must be that count, which sizes the copy.
  static func replacingInvalidUTF8(
    _ bytes: UnsafeBufferPointer<UInt8>, invalidCount: Int
  ) -> UnsafeMutableBufferPointer<UInt8> {
    // U+FFFD is three bytes in UTF-8 in place of one.
    let length = bytes.count + 2 * invalidCount
    let buffer = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: max(length, 1))
    var written = 0
    var index = 0
    let count = bytes.count
    while index < count {
      // Copy the valid run up to the next invalid byte at once.
      var runEnd = endOfASCII(bytes, from: index)
      while runEnd < count, let length = sequenceLength(bytes, at: runEnd) {
        runEnd = endOfASCII(bytes, from: runEnd + length)
      }
      let run = UnsafeBufferPointer(rebasing: bytes[index..<runEnd])
      precondition(written + run.count <= length, "invalidCount is less than the invalid bytes")
      _ = UnsafeMutableBufferPointer(rebasing: buffer[written..<(written + run.count)])
        .initialize(fromContentsOf: run)
      written += run.count
      index = runEnd
      guard index < count else { break }

      precondition(written + 3 <= length, "invalidCount is less than the invalid bytes")
      buffer[written] = 0xEF
      buffer[written + 1] = 0xBF
      buffer[written + 2] = 0xBD
      written += 3
      index += 1
    }
    return UnsafeMutableBufferPointer(rebasing: buffer[0..<written])
  }

  /// Returns the offset of the first byte at or after `start` that is not ASCII, or the
  /// end of the text.
  @inline(__always)
  private static func endOfASCII(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
    var index = start
    let count = bytes.count
    while index + 8 <= count {
      let word = UnsafeRawPointer(bytes.baseAddress! + index).loadUnaligned(as: UInt64.self)
      if word & 0x8080_8080_8080_8080 != 0 { break }
      index += 8
    }
    while index < count && bytes[index] < 0x80 { index += 1 }
    return index
  }

  /// Returns the length of the valid UTF-8 sequence of two to four bytes that starts at
  /// `index`, or nil when none starts there.
  @inline(__always)
  private static func sequenceLength(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> Int? {
    let lead = bytes[index]
    let length: Int
    let minimum: UInt32
    if lead & 0xE0 == 0xC0 {
      length = 2
      minimum = 0x80
    } else if lead & 0xF0 == 0xE0 {
      length = 3
      minimum = 0x800
    } else if lead & 0xF8 == 0xF0 {
      length = 4
      minimum = 0x10000
    } else {
      return nil
    }
    guard index + length <= bytes.count else { return nil }
    var scalar = UInt32(lead) & (0xFF >> UInt32(length + 1))
    for offset in 1..<length {
      let next = bytes[index + offset]
      guard next & 0xC0 == 0x80 else { return nil }
      scalar = scalar << 6 | UInt32(next & 0x3F)
    }
    guard scalar >= minimum, scalar <= 0x10FFFF, !(0xD800...0xDFFF).contains(scalar) else {
      return nil
    }
    return length
  }

  /// Windows-1252 as exports from older spreadsheet programs write it; its printable range
  /// 0xA0–0xFF is Latin-1.
  static func decodeWindows1252(_ bytes: UnsafeBufferPointer<UInt8>) -> [UInt8] {
    let high: [UInt32] = [
      0x20AC, 0xFFFD, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
      0x2039, 0x0152, 0xFFFD, 0x017D, 0xFFFD, 0xFFFD, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
      0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0xFFFD, 0x017E, 0x0178,
    ]
    var output: [UInt8] = []
    output.reserveCapacity(bytes.count + bytes.count / 8)
    for byte in bytes {
      if byte < 0x80 {
        output.append(byte)
        continue
      }
      let scalar = byte < 0xA0 ? high[Int(byte - 0x80)] : UInt32(byte)
      output.append(contentsOf: String(Character(Unicode.Scalar(scalar)!)).utf8)
    }
    return output
  }

  /// Whether text without a byte-order mark is UTF-16, as some spreadsheet programs save
  /// "Unicode text": its first characters are ASCII with a zero byte beside each. Returns
  /// whether it is little-endian, or nil when it does not look like UTF-16.
  static func looksLikeUTF16(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool? {
    let pairs = min(bytes.count / 2, 32)
    guard pairs >= 2 else { return nil }
    var little = true
    var big = true
    for pair in 0..<pairs {
      let first = bytes[pair * 2]
      let second = bytes[pair * 2 + 1]
      little = little && second == 0 && first != 0 && first < 0x80
      big = big && first == 0 && second != 0 && second < 0x80
    }
    if little { return true }
    if big { return false }
    return nil
  }

  static func decodeUTF16(
    _ bytes: UnsafeBufferPointer<UInt8>, littleEndian: Bool, from start: Int = 2
  )
    -> String
  {
    var units: [UInt16] = []
    units.reserveCapacity(bytes.count / 2)
    var index = start
    while index + 1 < bytes.count {
      let first = UInt16(bytes[index])
      let second = UInt16(bytes[index + 1])
      units.append(littleEndian ? first | second << 8 : first << 8 | second)
      index += 2
    }
    return String(decoding: units, as: UTF16.self)
  }
}

extension SourceText {
  /// Text held in memory, as if read from a file named `name`.
  convenience init(name: String, text: String) {
    self.init(path: name, contents: Array(text.utf8))
  }
}
