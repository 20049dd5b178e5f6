/// One field of a CSV record: a byte range of the source, without its quotes.
struct CSVField {
  var start: Int
  var end: Int
  /// Whether the field was quoted and contains doubled quotes to undo.
  var hasEscapedQuotes: Bool
}

/// Why a CSV record could not be read.
struct CSVSyntaxError: Error {
  var offset: Int
  var message: String
  var hint: String?
}

/// Splits CSV text into records and fields as RFC 4180 describes, and as real exports
/// bend it: CRLF, LF or CR line ends, blank lines anywhere (skipped), spaces before an
/// opening quote, and quotes inside unquoted fields (kept as written).
struct CSVTokenizer {
  let bytes: UnsafeBufferPointer<UInt8>
  let delimiter: UInt8
  private(set) var position: Int
  /// The line of `position`: 1-based from the start of the text, or counted from wherever
  /// the caller set it.
  var line: Int

  /// Where the record returned last starts: its byte offset and 1-based line.
  private(set) var recordStart = 0
  private(set) var recordLine = 1
  /// The block of field-end masks that `nextRecord(into:)` used last.
  private var block = CSVBlockMasks.empty

  init(bytes: UnsafeBufferPointer<UInt8>, delimiter: UInt8, start: Int = 0, line: Int = 1) {
    self.bytes = bytes
    self.delimiter = delimiter
    self.position = start
    self.line = line
  }

  private static let quote = UInt8(ascii: "\"")
  private static let newline = UInt8(ascii: "\n")
  private static let carriageReturn = UInt8(ascii: "\r")
  private static let space = UInt8(ascii: " ")

  /// Reads the next record into `fields`; returns false at the end of the text.
  mutating func nextRecord(_ fields: inout [CSVField]) throws(CSVSyntaxError) -> Bool {
    fields.removeAll(keepingCapacity: true)
    let count = bytes.count

    skipBlankLines()
    guard position < count else { return false }
    recordStart = position
    recordLine = line

    while true {
      try readField(&fields)
      guard position < count else { return true }

      let byte = bytes[position]
      if byte == delimiter {
        position += 1
        if position == count {
          fields.append(CSVField(start: count, end: count, hasEscapedQuotes: false))
          return true
        }
        continue
      }
      if byte == CSVTokenizer.newline {
        position += 1
        line += 1
        return true
      }
      // A carriage return, alone or before a newline.
      position += 1
      if position < count && bytes[position] == CSVTokenizer.newline { position += 1 }
      line += 1
      return true
    }
  }

  /// Whether `nextRecord(into:)` can read text with this delimiter: it must be none of the
  /// bytes that the word-at-a-time scan treats apart (space, quote, newline, carriage return).
  static func scansWords(delimiter: UInt8) -> Bool {
    delimiter != space && delimiter != quote && delimiter != newline && delimiter != carriageReturn
  }

  /// Reads the next record into `fields` as `nextRecord` does, looking for the bytes that end
  /// a field eight at a time; returns the number of fields. The position must be where a
  /// record starts, past any blank lines, and the delimiter one that `scansWords` allows.
  ///
  /// Returns nil and leaves the tokenizer as it was when the record has more fields than
  /// `fields` holds or is not valid CSV, so that `nextRecord` reads it and raises any error.
  mutating func nextRecord(into fields: UnsafeMutableBufferPointer<CSVField>) -> Int? {
    let count = bytes.count
    let delimiter = self.delimiter
    var cursor = position
    var lines = 0
    var fieldCount = 0
    while true {
      // The fields that a delimiter ends inside the current block, with no quote between
      // the field's start and the block's end, are read from the masks alone.
      let offset = cursor &- block.start
      if offset >= 0 && offset < 64 {
        let ahead = UInt64.max << UInt64(offset)
        let quotes = block.quoteStops & ~block.fieldEnds
        if quotes & ahead == 0 {
          // The delimiters before the block's next line end, which finishes the record in
          // the code below.
          let lineEnds = block.fieldEnds & block.quoteStops & ahead
          let beforeLineEnd = lineEnds == 0 ? UInt64.max : (lineEnds & (0 &- lineEnds)) &- 1
          var ends = block.fieldEnds & ~lineEnds & ahead & beforeLineEnd
          while ends != 0 {
            let bit = ends.trailingZeroBitCount
            let end = block.start &+ bit
            guard fieldCount < fields.count else { break }
            fields[fieldCount] = CSVField(start: cursor, end: end, hasEscapedQuotes: false)
            fieldCount += 1
            cursor = end &+ 1
            ends &= ends &- 1
          }
        }
      }
      guard fieldCount < fields.count else { return nil }

      var opening = cursor
      while opening < count && bytes[opening] == CSVTokenizer.space { opening += 1 }
      if opening < count && bytes[opening] == CSVTokenizer.quote {
        guard let field = quotedField(openingAt: opening, lines: &lines) else { return nil }
        fields[fieldCount] = field
        cursor = field.end + 1
        while cursor < count && bytes[cursor] == CSVTokenizer.space { cursor += 1 }
      } else {
        let end = nextStop(from: cursor, quoted: false)
        fields[fieldCount] = CSVField(start: cursor, end: end, hasEscapedQuotes: false)
        cursor = end
      }
      fieldCount += 1
      guard cursor < count else { break }

      let byte = bytes[cursor]
      cursor += 1
      if byte == delimiter {
        guard cursor == count else { continue }
        guard fieldCount < fields.count else { return nil }
        fields[fieldCount] = CSVField(start: count, end: count, hasEscapedQuotes: false)
        fieldCount += 1
        break
      }
      if byte == CSVTokenizer.newline {
        lines += 1
        break
      }
      guard byte == CSVTokenizer.carriageReturn else { return nil }
      if cursor < count && bytes[cursor] == CSVTokenizer.newline { cursor += 1 }
      lines += 1
      break
    }
    recordStart = position
    recordLine = line
    position = cursor
    line += lines
    return fieldCount
  }

  /// The quoted field whose opening quote is at `opening`, with the line ends inside it
  /// added to `lines`; nil when the quote never closes or text other than spaces follows
  /// the closing quote before the delimiter or the line end.
  @inline(__always)
  private mutating func quotedField(openingAt opening: Int, lines: inout Int) -> CSVField? {
    let count = bytes.count
    var cursor = opening + 1
    var escaped = false
    var linesInside = 0
    while true {
      cursor = nextStop(from: cursor, quoted: true)
      guard cursor < count else { return nil }
      let byte = bytes[cursor]
      if byte == CSVTokenizer.quote {
        guard cursor + 1 < count && bytes[cursor + 1] == CSVTokenizer.quote else { break }
        escaped = true
        cursor += 2
        continue
      }
      if byte == CSVTokenizer.newline
        || !(cursor + 1 < count && bytes[cursor + 1] == CSVTokenizer.newline)
      {
        linesInside += 1
      }
      cursor += 1
    }

    var next = cursor + 1
    while next < count && bytes[next] == CSVTokenizer.space { next += 1 }
    if next < count {
      let byte = bytes[next]
      guard
        byte == delimiter || byte == CSVTokenizer.newline || byte == CSVTokenizer.carriageReturn
      else { return nil }
    }
    lines += linesInside
    return CSVField(start: opening + 1, end: cursor, hasEscapedQuotes: escaped)
  }

  /// The offset of the first byte at or after `start` that can end the field being read,
  /// or the end of the text when there is none: a delimiter, newline or carriage return for
  /// an unquoted field, a quote, newline or carriage return inside a quoted one.
  @inline(__always)
  private mutating func nextStop(from start: Int, quoted: Bool) -> Int {
    let count = bytes.count
    var index = start
    while true {
      let offset = index &- block.start
      if offset >= 0 && offset < 64 {
        let mask = (quoted ? block.quoteStops : block.fieldEnds) >> UInt64(offset)
        if mask != 0 { return index + mask.trailingZeroBitCount }
        index = block.start + 64
      }
      guard index + 64 <= count, let base = bytes.baseAddress else { break }
      block = CSVBlockMasks(UnsafeRawPointer(base), start: index, delimiter: delimiter)
    }

    // The last bytes of the text, fewer than a block.
    let third = quoted ? CSVTokenizer.quote : delimiter
    while index < count {
      let byte = bytes[index]
      if byte == third || byte == CSVTokenizer.newline || byte == CSVTokenizer.carriageReturn {
        return index
      }
      index += 1
    }
    return count
  }

  /// Moves past empty lines, which are not records.
  mutating func skipBlankLines() {
    let count = bytes.count
    while position < count {
      let byte = bytes[position]
      if byte == CSVTokenizer.newline {
        line += 1
        position += 1
      } else if byte == CSVTokenizer.carriageReturn {
        position += 1
        if position < count && bytes[position] == CSVTokenizer.newline { position += 1 }
        line += 1
      } else {
        return
      }
    }
  }

  private mutating func readField(_ fields: inout [CSVField]) throws(CSVSyntaxError) {
    let count = bytes.count
    let fieldStart = position

    var cursor = position
    while cursor < count && bytes[cursor] == CSVTokenizer.space { cursor += 1 }
    if cursor < count && bytes[cursor] == CSVTokenizer.quote {
      try readQuotedField(openingAt: cursor, &fields)
      return
    }

    cursor = fieldStart
    let delimiter = self.delimiter
    while cursor < count {
      let byte = bytes[cursor]
      if byte == delimiter || byte == CSVTokenizer.newline || byte == CSVTokenizer.carriageReturn {
        break
      }
      cursor += 1
    }
    fields.append(CSVField(start: fieldStart, end: cursor, hasEscapedQuotes: false))
    position = cursor
  }

  private mutating func readQuotedField(
    openingAt opening: Int, _ fields: inout [CSVField]
  )
    throws(CSVSyntaxError)
  {
    let count = bytes.count
    let contentStart = opening + 1
    var cursor = contentStart
    var escaped = false
    var linesInside = 0
    while true {
      guard cursor < count else {
        throw CSVSyntaxError(
          offset: opening,
          message: "a quoted field opens here and never closes",
          hint: "add the closing quote, or double any quote inside the field (\"\")")
      }
      let byte = bytes[cursor]
      if byte == CSVTokenizer.quote {
        if cursor + 1 < count && bytes[cursor + 1] == CSVTokenizer.quote {
          escaped = true
          cursor += 2
          continue
        }
        break
      }
      if byte == CSVTokenizer.newline {
        linesInside += 1
      } else if byte == CSVTokenizer.carriageReturn
        && !(cursor + 1 < count && bytes[cursor + 1] == CSVTokenizer.newline)
      {
        linesInside += 1
      }
      cursor += 1
    }
    let contentEnd = cursor
    line += linesInside
    cursor += 1

    while cursor < count && bytes[cursor] == CSVTokenizer.space { cursor += 1 }
    if cursor < count {
      let next = bytes[cursor]
      if next != delimiter && next != CSVTokenizer.newline && next != CSVTokenizer.carriageReturn {
        throw CSVSyntaxError(
          offset: cursor,
          message: "unexpected text after the closing quote of a field",
          hint: "quote the whole field and double the quotes inside it (\"\")")
      }
    }
    fields.append(CSVField(start: contentStart, end: contentEnd, hasEscapedQuotes: escaped))
    position = cursor
  }

  /// The field's bytes, with doubled quotes undone into `scratch` when needed.
  func withField<Result>(
    _ field: CSVField, scratch: inout [UInt8],
    _ body: (UnsafeBufferPointer<UInt8>) throws(CellError) -> Result
  ) throws(CellError) -> Result {
    let slice = UnsafeBufferPointer(rebasing: bytes[field.start..<field.end])
    guard field.hasEscapedQuotes else { return try body(slice) }

    scratch.removeAll(keepingCapacity: true)
    var index = 0
    while index < slice.count {
      let byte = slice[index]
      scratch.append(byte)
      index += byte == CSVTokenizer.quote ? 2 : 1
    }
    return try scratch.withUnsafeBufferPointer { buffer throws(CellError) in try body(buffer) }
  }

  /// The field as a string.
  func string(_ field: CSVField) -> String {
    var scratch: [UInt8] = []
    return (try? withField(field, scratch: &scratch) { String(decoding: $0, as: UTF8.self) }) ?? ""
  }
}
