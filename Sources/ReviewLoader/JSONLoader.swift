import ReviewBook

/// Reads JSON exports into a book: an array of account objects, an object that holds such
/// an array under any key (`records`, `accounts`, `data`, …), a single account object, or
/// JSON Lines (one object a line). Nested objects flatten to dotted names
/// (`attributes.type`); an array inside an account is kept as its compact JSON text.
enum JSONLoader {
  /// Objects nested deeper than this inside one account are rejected.
  static let maximumDepth = 256

  /// Keys that usually hold the account array of a wrapper object, in order of preference.
  static let wrapperKeys = [
    "records", "accounts", "data", "items", "results", "rows", "customers", "clients", "value",
  ]

  static func load(
    _ source: SourceText, options: LoadOptions
  ) throws(LoadError) -> (Book, [LoadWarning], Set<Int>) {
    let file = source.path
    let bytes = source.bytes
    var warnings: [LoadWarning] = []
    if let conversion = source.conversion {
      warnings.append(LoadWarning(file: file, message: "the file is \(conversion)"))
    }

    var store = RawTable()
    do {
      try read(bytes, into: &store)
    } catch {
      let (line, column) = SourceText.position(of: error.offset, in: bytes)
      throw LoadError(
        file: file, line: line, column: column, message: error.message, hint: error.hint)
    }
    guard store.rows > 0 else {
      throw LoadError(
        file: file, message: "the file holds no account objects",
        hint: "give an array of objects, an object holding one, or one object a line (JSON Lines)")
    }

    var table = TableAssembler(
      file: file, headers: store.names, options: options, capacity: store.rows)
    for (index, column) in store.columns.enumerated() {
      var row = 0
      var start = 0
      while row < store.rows {
        let end = Int(column.ends[row])
        if column.kinds[row] == RawTable.Kind.missing.rawValue {
          table.appendMissing(column: index)
        } else {
          do {
            try column.bytes.withUnsafeBufferPointer { buffer throws(CellError) in
              try table.append(column: index, UnsafeBufferPointer(rebasing: buffer[start..<end]))
            }
          } catch {
            let (line, place) = SourceText.position(of: store.recordOffsets[row], in: bytes)
            throw LoadError(
              file: file, line: line, column: place, message: error.message, hint: error.hint)
          }
        }
        start = end
        row += 1
      }
    }

    let (book, more) = try table.finish(rows: store.rows, options: options) { row, _ in
      let place = SourceText.position(of: store.recordOffsets[row], in: bytes)
      return (place.line, place.column)
    }
    warnings += more
    return (book, warnings, table.usedMappings)
  }

  private static func read(
    _ bytes: UnsafeBufferPointer<UInt8>, into store: inout RawTable
  ) throws(JSONSyntaxError) {
    var scanner = JSONScanner(bytes: bytes)
    scanner.skipWhitespace()
    guard let first = scanner.peek() else {
      throw JSONSyntaxError(
        offset: 0, message: "the file is empty", hint: "export the accounts again")
    }

    switch first {
    case UInt8(ascii: "["):
      try scanner.readRecordArray(into: &store)
      try scanner.expectEnd()
    case UInt8(ascii: "{"):
      let objectStart = scanner.position
      let members = try scanner.skimObject()
      scanner.skipWhitespace()
      if scanner.peek() != nil {
        // More values follow the first object: JSON Lines, or objects one after another.
        scanner.position = objectStart
        while true {
          scanner.skipWhitespace()
          guard let next = scanner.peek() else { break }
          guard next == UInt8(ascii: "{") else {
            throw JSONSyntaxError(
              offset: scanner.position,
              message: "expected an account object at the start of the line",
              hint: "in JSON Lines every line is one object")
          }
          try scanner.readRecord(into: &store)
        }
        return
      }
      let wrapped = members.filter(\.holdsObjects)
      let chosen =
        wrapperKeys.lazy.compactMap { key in wrapped.first { $0.key.lowercased() == key } }.first
        ?? wrapped.first
      let emptyWrapper = members.contains {
        $0.isEmptyArray && wrapperKeys.contains($0.key.lowercased())
      }
      if let chosen {
        scanner.position = chosen.valueStart
        try scanner.readRecordArray(into: &store)
      } else if emptyWrapper {
        // `{"records": []}` is an export with no accounts, not one account.
        return
      } else {
        scanner.position = objectStart
        try scanner.readRecord(into: &store)
      }
    default:
      throw JSONSyntaxError(
        offset: scanner.position, message: "expected an array or an object of accounts",
        hint: "give an array of objects, an object holding one, or one object a line (JSON Lines)")
    }
  }
}

struct JSONSyntaxError: Error {
  var offset: Int
  var message: String
  var hint: String?
}

/// Flattened JSON records, one growing column of cell text a key.
struct RawTable {
  enum Kind: UInt8 {
    case missing = 0
    case string = 1
    case number = 2
    case boolean = 3
    case json = 4
  }

  struct RawColumn {
    var bytes: [UInt8] = []
    /// End offset in `bytes` of each row's cell.
    var ends: [UInt32] = []
    var kinds: [UInt8] = []
  }

  private(set) var names: [String] = []
  private(set) var columns: [RawColumn] = []
  private var indexByName: [[UInt8]: Int] = [:]
  private(set) var rows = 0
  private(set) var recordOffsets: [Int] = []

  mutating func beginRecord(at offset: Int) {
    recordOffsets.append(offset)
  }

  mutating func set(
    _ name: UnsafeBufferPointer<UInt8>, kind: Kind, value: UnsafeBufferPointer<UInt8>
  ) {
    let key = Array(name)
    let index: Int
    if let existing = indexByName[key] {
      index = existing
    } else {
      index = columns.count
      indexByName[key] = index
      names.append(String(decoding: name, as: UTF8.self))
      var column = RawColumn()
      column.ends = Array(repeating: 0, count: rows)
      column.kinds = Array(repeating: Kind.missing.rawValue, count: rows)
      columns.append(column)
    }
    var column = columns[index]
    columns[index] = RawColumn()
    if column.kinds.count > rows {
      // The key repeats inside one record: the last value wins.
      column.kinds.removeLast()
      column.ends.removeLast()
      column.bytes.removeSubrange(Int(column.ends.last ?? 0)...)
    }
    column.bytes.append(contentsOf: value)
    column.ends.append(UInt32(column.bytes.count))
    column.kinds.append(kind.rawValue)
    columns[index] = column
  }

  mutating func endRecord() {
    rows += 1
    for index in columns.indices where columns[index].kinds.count < rows {
      columns[index].ends.append(UInt32(columns[index].bytes.count))
      columns[index].kinds.append(Kind.missing.rawValue)
    }
  }
}

/// A cursor over JSON text that validates as it reads.
struct JSONScanner {
  let bytes: UnsafeBufferPointer<UInt8>
  var position = 0
  private var path: [UInt8] = []
  private var scratch: [UInt8] = []
  private var depth = 0

  init(bytes: UnsafeBufferPointer<UInt8>) {
    self.bytes = bytes
  }

  func peek() -> UInt8? {
    position < bytes.count ? bytes[position] : nil
  }

  mutating func skipWhitespace() {
    while position < bytes.count {
      let byte = bytes[position]
      guard byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 else { return }
      position += 1
    }
  }

  mutating func expectEnd() throws(JSONSyntaxError) {
    skipWhitespace()
    if position < bytes.count {
      throw JSONSyntaxError(
        offset: position, message: "unexpected text after the end of the JSON value")
    }
  }

  private mutating func expect(_ byte: UInt8, _ what: String) throws(JSONSyntaxError) {
    skipWhitespace()
    guard position < bytes.count, bytes[position] == byte else {
      throw unexpected(expected: what)
    }
    position += 1
  }

  private func unexpected(expected: String) -> JSONSyntaxError {
    guard position < bytes.count else {
      return JSONSyntaxError(offset: position, message: "the JSON ends early; expected \(expected)")
    }
    let found = Character(Unicode.Scalar(bytes[position]))
    return JSONSyntaxError(offset: position, message: "expected \(expected), found '\(found)'")
  }

  // MARK: Records

  mutating func readRecordArray(into store: inout RawTable) throws(JSONSyntaxError) {
    try expect(UInt8(ascii: "["), "'['")
    skipWhitespace()
    if peek() == UInt8(ascii: "]") {
      position += 1
      return
    }
    while true {
      skipWhitespace()
      guard peek() == UInt8(ascii: "{") else {
        throw JSONSyntaxError(
          offset: position, message: "expected an account object in the array",
          hint: "each element of the array must be an object such as {\"name\": \"Acme\"}")
      }
      try readRecord(into: &store)
      skipWhitespace()
      guard let next = peek() else { throw unexpected(expected: "',' or ']'") }
      position += 1
      if next == UInt8(ascii: "]") { return }
      guard next == UInt8(ascii: ",") else {
        position -= 1
        throw unexpected(expected: "',' or ']' after an account")
      }
    }
  }

  mutating func readRecord(into store: inout RawTable) throws(JSONSyntaxError) {
    skipWhitespace()
    store.beginRecord(at: position)
    path.removeAll(keepingCapacity: true)
    depth = 0
    try readObjectMembers(into: &store)
    store.endRecord()
  }

  /// Reads an object whose members become fields named `path` + key.
  private mutating func readObjectMembers(into store: inout RawTable) throws(JSONSyntaxError) {
    depth += 1
    guard depth <= JSONLoader.maximumDepth else {
      throw JSONSyntaxError(
        offset: position,
        message: "objects are nested more than \(JSONLoader.maximumDepth) levels deep",
        hint: "flatten the export; an account rarely needs more than a few levels")
    }
    try expect(UInt8(ascii: "{"), "'{'")
    skipWhitespace()
    if peek() == UInt8(ascii: "}") {
      position += 1
      depth -= 1
      return
    }
    let prefixLength = path.count
    while true {
      skipWhitespace()
      guard peek() == UInt8(ascii: "\"") else { throw unexpected(expected: "a quoted key") }
      try readString()
      path.removeSubrange(prefixLength...)
      path.append(contentsOf: scratch)
      try expect(UInt8(ascii: ":"), "':' after a key")
      skipWhitespace()
      try readMemberValue(into: &store)
      path.removeSubrange(prefixLength...)

      skipWhitespace()
      guard let next = peek() else { throw unexpected(expected: "',' or '}'") }
      position += 1
      if next == UInt8(ascii: "}") { break }
      guard next == UInt8(ascii: ",") else {
        position -= 1
        throw unexpected(expected: "',' or '}' after a value")
      }
    }
    depth -= 1
  }

  private mutating func readMemberValue(into store: inout RawTable) throws(JSONSyntaxError) {
    guard let byte = peek() else { throw unexpected(expected: "a value") }
    switch byte {
    case UInt8(ascii: "{"):
      path.append(UInt8(ascii: "."))
      try readObjectMembers(into: &store)
    case UInt8(ascii: "["):
      let start = position
      try skipValue()
      let compact = JSONScanner.compact(UnsafeBufferPointer(rebasing: bytes[start..<position]))
      path.withUnsafeBufferPointer { name in
        compact.withUnsafeBufferPointer { store.set(name, kind: .json, value: $0) }
      }
    case UInt8(ascii: "\""):
      try readString()
      path.withUnsafeBufferPointer { name in
        scratch.withUnsafeBufferPointer { store.set(name, kind: .string, value: $0) }
      }
    case UInt8(ascii: "t"), UInt8(ascii: "f"):
      let start = position
      try readLiteral(byte == UInt8(ascii: "t") ? "true" : "false")
      let value = UnsafeBufferPointer(rebasing: bytes[start..<position])
      path.withUnsafeBufferPointer { store.set($0, kind: .boolean, value: value) }
    case UInt8(ascii: "n"):
      try readLiteral("null")
    default:
      let start = position
      try readNumber()
      let value = UnsafeBufferPointer(rebasing: bytes[start..<position])
      path.withUnsafeBufferPointer { store.set($0, kind: .number, value: value) }
    }
  }

  // MARK: Skimming

  struct Member {
    var key: String
    var valueStart: Int
    /// Whether the value is an array whose first element is an object.
    var holdsObjects: Bool
    /// Whether the value is an empty array.
    var isEmptyArray: Bool
  }

  /// Reads an object's members without storing them, noting which hold arrays of objects.
  mutating func skimObject() throws(JSONSyntaxError) -> [Member] {
    try expect(UInt8(ascii: "{"), "'{'")
    var members: [Member] = []
    skipWhitespace()
    if peek() == UInt8(ascii: "}") {
      position += 1
      return members
    }
    while true {
      skipWhitespace()
      guard peek() == UInt8(ascii: "\"") else { throw unexpected(expected: "a quoted key") }
      try readString()
      let key = String(decoding: scratch, as: UTF8.self)
      try expect(UInt8(ascii: ":"), "':' after a key")
      skipWhitespace()
      let valueStart = position
      var holdsObjects = false
      var isEmptyArray = false
      if peek() == UInt8(ascii: "[") {
        var probe = position + 1
        while probe < bytes.count, [0x20, 0x0A, 0x0D, 0x09].contains(bytes[probe]) { probe += 1 }
        holdsObjects = probe < bytes.count && bytes[probe] == UInt8(ascii: "{")
        isEmptyArray = probe < bytes.count && bytes[probe] == UInt8(ascii: "]")
      }
      try skipValue()
      members.append(
        Member(
          key: key, valueStart: valueStart, holdsObjects: holdsObjects, isEmptyArray: isEmptyArray))
      skipWhitespace()
      guard let next = peek() else { throw unexpected(expected: "',' or '}'") }
      position += 1
      if next == UInt8(ascii: "}") { return members }
      guard next == UInt8(ascii: ",") else {
        position -= 1
        throw unexpected(expected: "',' or '}' after a value")
      }
    }
  }

  /// Reads past one value of any kind, checking its syntax.
  mutating func skipValue() throws(JSONSyntaxError) {
    skipWhitespace()
    guard let byte = peek() else { throw unexpected(expected: "a value") }
    switch byte {
    case UInt8(ascii: "{"), UInt8(ascii: "["):
      depth += 1
      guard depth <= JSONLoader.maximumDepth else {
        throw JSONSyntaxError(
          offset: position,
          message: "values are nested more than \(JSONLoader.maximumDepth) levels deep",
          hint: "flatten the export; an account rarely needs more than a few levels")
      }
      let isObject = byte == UInt8(ascii: "{")
      let close = isObject ? UInt8(ascii: "}") : UInt8(ascii: "]")
      position += 1
      skipWhitespace()
      if peek() == close {
        position += 1
        depth -= 1
        return
      }
      while true {
        if isObject {
          skipWhitespace()
          guard peek() == UInt8(ascii: "\"") else { throw unexpected(expected: "a quoted key") }
          try readString()
          try expect(UInt8(ascii: ":"), "':' after a key")
        }
        try skipValue()
        skipWhitespace()
        guard let next = peek() else {
          throw unexpected(expected: isObject ? "',' or '}'" : "',' or ']'")
        }
        position += 1
        if next == close { break }
        guard next == UInt8(ascii: ",") else {
          position -= 1
          throw unexpected(expected: isObject ? "',' or '}'" : "',' or ']'")
        }
      }
      depth -= 1
    case UInt8(ascii: "\""):
      try readString()
    case UInt8(ascii: "t"):
      try readLiteral("true")
    case UInt8(ascii: "f"):
      try readLiteral("false")
    case UInt8(ascii: "n"):
      try readLiteral("null")
    default:
      try readNumber()
    }
  }

  // MARK: Scalars

  private mutating func readLiteral(_ word: StaticString) throws(JSONSyntaxError) {
    let length = word.utf8CodeUnitCount
    guard position + length <= bytes.count else { throw unexpected(expected: "\(word)") }
    let expected = UnsafeBufferPointer(start: word.utf8Start, count: length)
    for offset in 0..<length where bytes[position + offset] != expected[offset] {
      throw unexpected(expected: "a value")
    }
    position += length
  }

  private mutating func readNumber() throws(JSONSyntaxError) {
    let start = position
    if peek() == UInt8(ascii: "-") { position += 1 }
    var digits = 0
    while let byte = peek(), ValueParser.isDigitByte(byte) {
      digits += 1
      position += 1
    }
    guard digits > 0 else {
      position = start
      throw unexpected(expected: "a value")
    }
    if peek() == UInt8(ascii: ".") {
      position += 1
      var fraction = 0
      while let byte = peek(), ValueParser.isDigitByte(byte) {
        fraction += 1
        position += 1
      }
      guard fraction > 0 else { throw unexpected(expected: "a digit after the decimal point") }
    }
    if let byte = peek(), byte | 0x20 == UInt8(ascii: "e") {
      position += 1
      if let sign = peek(), sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") { position += 1 }
      var exponent = 0
      while let byte = peek(), ValueParser.isDigitByte(byte) {
        exponent += 1
        position += 1
      }
      guard exponent > 0 else { throw unexpected(expected: "a digit in the exponent") }
    }
  }

  /// Reads a string into `scratch`, escapes decoded.
  private mutating func readString() throws(JSONSyntaxError) {
    let opening = position
    position += 1
    scratch.removeAll(keepingCapacity: true)
    while true {
      guard position < bytes.count else {
        throw JSONSyntaxError(offset: opening, message: "a string opens here and never closes")
      }
      let byte = bytes[position]
      if byte == UInt8(ascii: "\"") {
        position += 1
        return
      }
      if byte == UInt8(ascii: "\\") {
        try readEscape()
        continue
      }
      if byte < 0x20 {
        throw JSONSyntaxError(
          offset: position, message: "a control character inside a string must be escaped",
          hint: "write a line break inside a string as \\n")
      }
      scratch.append(byte)
      position += 1
    }
  }

  private mutating func readEscape() throws(JSONSyntaxError) {
    guard position + 1 < bytes.count else { throw unexpected(expected: "an escape") }
    let code = bytes[position + 1]
    position += 2
    switch code {
    case UInt8(ascii: "\""): scratch.append(0x22)
    case UInt8(ascii: "\\"): scratch.append(0x5C)
    case UInt8(ascii: "/"): scratch.append(0x2F)
    case UInt8(ascii: "b"): scratch.append(0x08)
    case UInt8(ascii: "f"): scratch.append(0x0C)
    case UInt8(ascii: "n"): scratch.append(0x0A)
    case UInt8(ascii: "r"): scratch.append(0x0D)
    case UInt8(ascii: "t"): scratch.append(0x09)
    case UInt8(ascii: "u"):
      var scalar = try readHex()
      if (0xD800..<0xDC00).contains(scalar) {
        if position + 1 < bytes.count, bytes[position] == UInt8(ascii: "\\"),
          bytes[position + 1] == UInt8(ascii: "u")
        {
          position += 2
          let low = try readHex()
          if (0xDC00..<0xE000).contains(low) {
            scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
          } else {
            scalar = 0xFFFD
          }
        } else {
          scalar = 0xFFFD
        }
      } else if (0xDC00..<0xE000).contains(scalar) {
        scalar = 0xFFFD
      }
      scratch.append(contentsOf: String(Character(Unicode.Scalar(scalar) ?? "\u{FFFD}")).utf8)
    default:
      position -= 2
      throw JSONSyntaxError(
        offset: position,
        message: "unknown escape '\\\(Character(Unicode.Scalar(code)))' in a string")
    }
  }

  private mutating func readHex() throws(JSONSyntaxError) -> UInt32 {
    guard position + 4 <= bytes.count else { throw unexpected(expected: "four hex digits") }
    var value: UInt32 = 0
    for _ in 0..<4 {
      let byte = bytes[position]
      let digit: UInt32
      switch byte {
      case 0x30...0x39: digit = UInt32(byte - 0x30)
      case 0x41...0x46: digit = UInt32(byte - 0x41 + 10)
      case 0x61...0x66: digit = UInt32(byte - 0x61 + 10)
      default: throw unexpected(expected: "a hex digit")
      }
      value = value << 4 | digit
      position += 1
    }
    return value
  }

  /// The JSON text without whitespace outside strings.
  static func compact(_ text: UnsafeBufferPointer<UInt8>) -> [UInt8] {
    var output: [UInt8] = []
    output.reserveCapacity(text.count)
    var insideString = false
    var escaped = false
    for byte in text {
      if insideString {
        output.append(byte)
        if escaped {
          escaped = false
        } else if byte == UInt8(ascii: "\\") {
          escaped = true
        } else if byte == UInt8(ascii: "\"") {
          insideString = false
        }
        continue
      }
      if byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 { continue }
      if byte == UInt8(ascii: "\"") { insideString = true }
      output.append(byte)
    }
    return output
  }
}
