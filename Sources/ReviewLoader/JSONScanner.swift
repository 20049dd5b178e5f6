import ReviewBook

struct JSONSyntaxError: Error {
  var offset: Int
  var message: String
  var hint: String?
}

/// A cursor over JSON text that validates as it reads.
struct JSONScanner {
  let bytes: UnsafeBufferPointer<UInt8>
  var position = 0
  /// The dotted name of the member being read, for members of nested objects and keys
  /// with escapes; its first `pathLength` bytes are in use.
  var path: [UInt8] = []
  var pathLength = 0
  /// A top-level key without escapes, read in place.
  var keyInPlace: Range<Int>?
  /// The column of `keyInPlace` when the key is the one the previous record had at the
  /// same position, or -1.
  var keyColumn = -1
  /// The last string read: its range in the text when it has no escapes, or else its
  /// decoded bytes in `scratch`.
  var stringInPlace: Range<Int>?
  var scratch: [UInt8] = []
  var depth = 0
  /// Whether a string read so far contains invalid UTF-8 or a NUL byte. Reading goes on,
  /// and a reader that checks the text discards what was read.
  var hasInvalidText = false

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

  mutating func expect(_ byte: UInt8, _ what: String) throws(JSONSyntaxError) {
    skipWhitespace()
    guard position < bytes.count, bytes[position] == byte else {
      throw unexpected(expected: what)
    }
    position += 1
  }

  func unexpected(expected: String) -> JSONSyntaxError {
    guard position < bytes.count else {
      return JSONSyntaxError(offset: position, message: "the JSON ends early; expected \(expected)")
    }
    let found = Character(Unicode.Scalar(bytes[position]))
    var previous = position - 1
    while previous >= 0, [0x20, 0x0A, 0x0D, 0x09].contains(bytes[previous]) { previous -= 1 }
    var hint: String?
    if found == "'" {
      hint = "JSON strings use double quotes"
    } else if (found == "}" || found == "]") && previous >= 0 && bytes[previous] == 0x2C {
      hint = "remove the comma before '\(found)': JSON allows none after the last item"
    } else if expected == "a quoted key" && (found.isLetter || found == "_") {
      hint = "put the key in double quotes, as in \"name\""
    }
    return JSONSyntaxError(
      offset: position, message: "expected \(expected), found '\(found)'", hint: hint)
  }

  // MARK: Records

  mutating func readRecord(into store: inout JSONColumns) throws(JSONSyntaxError) {
    skipWhitespace()
    store.beginRecord(at: position)
    pathLength = 0
    keyInPlace = nil
    depth = 0
    try readObjectMembers(into: &store)
    store.endRecord()
  }

  /// Reads an object whose members become fields named `path` + key.
  private mutating func readObjectMembers(into store: inout JSONColumns) throws(JSONSyntaxError) {
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
    let prefixLength = pathLength
    while true {
      skipWhitespace()
      guard peek() == UInt8(ascii: "\"") else { throw unexpected(expected: "a quoted key") }
      pathLength = prefixLength
      if prefixLength == 0, let expected = store.expectedKey(at: position) {
        // Records tend to list the same keys in the same order: this key is the one the
        // previous record had here, so it needs no reading as a string.
        keyInPlace = (position + 1)..<expected.end
        keyColumn = expected.column
        position = expected.end + 1
      } else {
        try readString()
        if prefixLength == 0, let range = stringInPlace {
          keyInPlace = range
        } else {
          keyInPlace = nil
          if let range = stringInPlace, JSONScanner.isAmount(range, in: bytes) {
            // {"arr": {"amount": 1200, "currency": "EUR"}} gives arr its amount, as
            // {"arr": 1200} does, and the currency beside it as arr.currency.
            pathLength = prefixLength - 1
          } else if let range = stringInPlace {
            appendToPath(UnsafeBufferPointer(rebasing: bytes[range]))
          } else {
            scratch.withUnsafeBufferPointer { appendToPath($0) }
          }
        }
      }
      if position < bytes.count && bytes[position] == UInt8(ascii: ":") {
        position += 1
      } else {
        try expect(UInt8(ascii: ":"), "':' after a key")
      }
      skipWhitespace()
      try readMemberValue(into: &store)
      pathLength = prefixLength
      keyInPlace = nil
      keyColumn = -1

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

  private mutating func readMemberValue(into store: inout JSONColumns) throws(JSONSyntaxError) {
    guard let byte = peek() else { throw unexpected(expected: "a value") }
    switch byte {
    case UInt8(ascii: "{"):
      keyColumn = -1
      if let range = keyInPlace {
        keyInPlace = nil
        appendToPath(UnsafeBufferPointer(rebasing: bytes[range]))
      }
      let dot = [UInt8(ascii: ".")]
      dot.withUnsafeBufferPointer { appendToPath($0) }
      try readObjectMembers(into: &store)
    case UInt8(ascii: "["):
      let start = position
      try skipValue()
      let compact = JSONScanner.compact(UnsafeBufferPointer(rebasing: bytes[start..<position]))
      withName { name in
        compact.withUnsafeBufferPointer { store.set(name, value: $0) }
      }
    case UInt8(ascii: "\""):
      try readString()
      if let key = keyInPlace, let value = stringInPlace {
        // The usual case, a top-level key and a string without escapes, sets the cell
        // straight from the text.
        if keyColumn >= 0 {
          store.set(expected: keyColumn, value: UnsafeBufferPointer(rebasing: bytes[value]))
        } else {
          store.set(
            UnsafeBufferPointer(rebasing: bytes[key]),
            value: UnsafeBufferPointer(rebasing: bytes[value]))
        }
      } else {
        setString(into: &store)
      }
    case UInt8(ascii: "t"), UInt8(ascii: "f"):
      let start = position
      try readLiteral(byte == UInt8(ascii: "t") ? "true" : "false")
      set(start..<position, into: &store)
    case UInt8(ascii: "n"):
      try readLiteral("null")
      store.skipMember()
    default:
      let start = position
      try readNumber()
      set(start..<position, into: &store, isNumber: true)
    }
  }

  /// Sets the cell of the member being read to a range of the text.
  @inline(__always)
  private func set(_ range: Range<Int>, into store: inout JSONColumns, isNumber: Bool = false) {
    let value = UnsafeBufferPointer(rebasing: bytes[range])
    if keyColumn >= 0 {
      store.set(expected: keyColumn, value: value, isNumber: isNumber)
    } else if let key = keyInPlace {
      store.set(UnsafeBufferPointer(rebasing: bytes[key]), value: value, isNumber: isNumber)
    } else {
      path.withUnsafeBufferPointer {
        store.set(
          UnsafeBufferPointer(rebasing: $0[0..<pathLength]), value: value, isNumber: isNumber)
      }
    }
  }

  /// Sets the cell of the member being read to the string read last, for a nested member
  /// or a string with escapes.
  @inline(never)
  private func setString(into store: inout JSONColumns) {
    withName { name in
      withString { store.set(name, value: $0) }
    }
  }

  /// Calls `body` with the name of the member being read.
  private func withName<Result>(_ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result {
    if let range = keyInPlace { return body(UnsafeBufferPointer(rebasing: bytes[range])) }
    return path.withUnsafeBufferPointer { body(UnsafeBufferPointer(rebasing: $0[0..<pathLength])) }
  }

  /// Calls `body` with the bytes of the string read last.
  private func withString<Result>(_ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result {
    if let range = stringInPlace { return body(UnsafeBufferPointer(rebasing: bytes[range])) }
    return scratch.withUnsafeBufferPointer(body)
  }

  /// Returns whether the key in `range` is `amount`, the member of a nested object that is the
  /// object's own value.
  private static func isAmount(_ range: Range<Int>, in bytes: UnsafeBufferPointer<UInt8>) -> Bool {
    range.count == 6 && bytes[range].elementsEqual("amount".utf8)
  }

  private mutating func appendToPath(_ name: UnsafeBufferPointer<UInt8>) {
    for byte in name {
      if pathLength < path.count {
        path[pathLength] = byte
      } else {
        path.append(byte)
      }
      pathLength += 1
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
    /// Whether the value is an object.
    var isObject = false
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
      let key = withString { String(decoding: $0, as: UTF8.self) }
      try expect(UInt8(ascii: ":"), "':' after a key")
      skipWhitespace()
      let valueStart = position
      var holdsObjects = false
      var isEmptyArray = false
      let isObject = peek() == UInt8(ascii: "{")
      if peek() == UInt8(ascii: "[") {
        var probe = position + 1
        while probe < bytes.count, [0x20, 0x0A, 0x0D, 0x09].contains(bytes[probe]) { probe += 1 }
        holdsObjects = probe < bytes.count && bytes[probe] == UInt8(ascii: "{")
        isEmptyArray = probe < bytes.count && bytes[probe] == UInt8(ascii: "]")
      }
      try skipValue()
      members.append(
        Member(
          key: key, valueStart: valueStart, holdsObjects: holdsObjects, isEmptyArray: isEmptyArray,
          isObject: isObject))
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
}
