import ReviewBook

/// The scalar values of JSON text: literals, numbers and strings.
extension JSONScanner {
  /// Reads `true`, `false` or `null`, comparing their first four bytes at once, since
  /// exports write them for most missing and yes/no values.
  @inline(__always)
  mutating func readLiteral(_ word: StaticString) throws(JSONSyntaxError) {
    let length = word.utf8CodeUnitCount
    guard position + length <= bytes.count, let base = bytes.baseAddress else {
      throw unexpected(expected: "\(word)")
    }
    let text = UnsafeRawPointer(base + position)
    let expected = UnsafeRawPointer(word.utf8Start)
    guard text.loadUnaligned(as: UInt32.self) == expected.loadUnaligned(as: UInt32.self),
      length == 4
        || text.load(fromByteOffset: 4, as: UInt8.self)
          == expected.load(fromByteOffset: 4, as: UInt8.self)
    else {
      throw unexpected(expected: "a value")
    }
    position += length
  }

  mutating func readNumber() throws(JSONSyntaxError) {
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

  /// Moves past eight bytes at a time while none of them is a quote, a backslash or a
  /// control character.
  @inline(__always)
  mutating func skipPlainWords() {
    guard let base = bytes.baseAddress else { return }
    let raw = UnsafeRawPointer(base)
    let ones: UInt64 = 0x0101_0101_0101_0101
    let highBits: UInt64 = 0x8080_8080_8080_8080
    while position + 8 <= bytes.count {
      let word = raw.loadUnaligned(fromByteOffset: position, as: UInt64.self)
      let quotes = word ^ (ones &* 0x22)
      let backslashes = word ^ (ones &* 0x5C)
      // A byte is zero, or below 0x20, exactly when subtracting leaves its top bit set
      // where it was clear.
      let found =
        ((quotes &- ones) & ~quotes) | ((backslashes &- ones) & ~backslashes)
        | ((word &- ones &* 0x20) & ~word)
      if found & highBits != 0 { return }
      position += 8
    }
  }

  /// Reads a string: in place when it has no escapes, else decoded into `scratch`.
  @inline(__always)
  mutating func readString() throws(JSONSyntaxError) {
    // Most strings have no escapes: find the closing quote a word at a time, and read
    // the others with `readStringWithEscapes`.
    let opening = position
    let count = bytes.count
    guard let base = bytes.baseAddress else { return try readStringWithEscapes() }
    var index = opening + 1
    // The bytes of the words read, or'ed together: a top bit set means non-ASCII text
    // in the string or just after it.
    var seen: UInt64 = 0
    while index + 8 <= count {
      let word = UInt64(
        littleEndian: UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self))
      seen |= word
      let found = JSONScanner.stringEnds(in: word)
      if found != 0 {
        // The lowest marked byte is exact: only bytes above a marked one can be marked
        // wrongly.
        index += found.trailingZeroBitCount &>> 3
        break
      }
      index += 8
    }
    if index + 8 > count {
      while index < count {
        let byte = base[index]
        if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") || byte < 0x20 { break }
        seen |= UInt64(byte)
        index += 1
      }
    }
    if index < count && base[index] == UInt8(ascii: "\"") {
      stringInPlace = (opening + 1)..<index
      position = index + 1
      if seen & 0x8080_8080_8080_8080 != 0 { checkText(of: stringInPlace!) }
      return
    }
    try readStringWithEscapes()
  }

  /// Notes whether the bytes of a string with non-ASCII text are valid UTF-8. Every byte
  /// outside strings is checked as JSON syntax, which is ASCII, so checking the strings
  /// checks the whole text.
  @inline(never)
  mutating func checkText(of range: Range<Int>) {
    if !SourceText.isCleanUTF8(UnsafeBufferPointer(rebasing: bytes[range])) {
      hasInvalidText = true
    }
  }

  /// Returns the word with the top bit set in each byte that is a quote, a backslash or a
  /// control character. Bytes above such a byte may be set as well.
  @inline(__always)
  static func stringEnds(in word: UInt64) -> UInt64 {
    let ones: UInt64 = 0x0101_0101_0101_0101
    let highBits: UInt64 = 0x8080_8080_8080_8080
    let quotes = word ^ (ones &* 0x22)
    let backslashes = word ^ (ones &* 0x5C)
    // A byte is zero, or below 0x20, exactly when subtracting leaves its top bit set where
    // it was clear, unless a byte below it borrowed.
    let found =
      ((quotes &- ones) & ~quotes) | ((backslashes &- ones) & ~backslashes)
      | ((word &- ones &* 0x20) & ~word)
    return found & highBits
  }

  /// Reads a string that may have escapes, from its opening quote.
  @inline(never)
  mutating func readStringWithEscapes() throws(JSONSyntaxError) {
    let opening = position
    position += 1
    var escaped = false
    while true {
      // Skip the run of plain characters up to the next quote, backslash or control
      // character. A string without escapes is then used in place.
      let runStart = position
      skipPlainWords()
      while position < bytes.count {
        let byte = bytes[position]
        if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") || byte < 0x20 { break }
        position += 1
      }
      if escaped && position > runStart {
        scratch.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<position]))
      }
      guard position < bytes.count else {
        throw JSONSyntaxError(
          offset: opening, message: "a string opens here and never closes",
          hint: "the file ends inside this string, so it may have been cut short; export it again")
      }
      let byte = bytes[position]
      if byte == UInt8(ascii: "\"") {
        stringInPlace = escaped ? nil : (opening + 1)..<position
        checkText(of: (opening + 1)..<position)
        position += 1
        return
      }
      if byte == UInt8(ascii: "\\") {
        if !escaped {
          escaped = true
          scratch.removeAll(keepingCapacity: true)
          scratch.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[(opening + 1)..<position]))
        }
        try readEscape()
        continue
      }
      if byte < 0x20 {
        throw JSONSyntaxError(
          offset: position, message: "a control character inside a string must be escaped",
          hint: "write a line break inside a string as \\n")
      }
    }
  }

  mutating func readEscape() throws(JSONSyntaxError) {
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

  mutating func readHex() throws(JSONSyntaxError) -> UInt32 {
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
