import ReviewBook

/// Reads a CSV (or semicolon- or tab-separated) export into a book.
enum CSVLoader {
  static func load(
    _ source: SourceText, options: LoadOptions
  ) throws(LoadError) -> (Book, [LoadWarning], Set<Int>) {
    let file = source.path
    let bytes = source.bytes
    var warnings: [LoadWarning] = []
    if let conversion = source.conversion {
      warnings.append(LoadWarning(file: file, message: "the file is \(conversion)"))
    }

    var start = 0
    var line = 1
    var delimiter: UInt8
    if let declared = spreadsheetSeparatorLine(bytes) {
      delimiter = declared.delimiter
      start = declared.length
      line = 2
    } else {
      delimiter = detectDelimiter(bytes)
    }

    var tokenizer = CSVTokenizer(bytes: bytes, delimiter: delimiter, start: start, line: line)
    var fields: [CSVField] = []
    let hasHeader: Bool
    do {
      hasHeader = try tokenizer.nextRecord(&fields)
    } catch {
      throw syntaxError(error, file: file, bytes: bytes)
    }
    guard hasHeader else {
      throw LoadError(
        file: file, message: "the file is empty",
        hint: "export the accounts again, with a header row and one row per account")
    }
    let headers = fields.map { tokenizer.string($0) }
    let headerLine = tokenizer.recordLine
    let expectedFields = headers.count
    let headerKeys = headers.map(Field.matchingKey)

    let estimatedRows = max(16, bytes.count / max(64, (tokenizer.position - start)))
    var table = TableAssembler(
      file: file, headers: headers, options: options, capacity: estimatedRows)
    var recordStarts: [Int] = []
    recordStarts.reserveCapacity(estimatedRows)
    var scratch: [UInt8] = []
    var rows = 0

    while true {
      let more: Bool
      do {
        more = try tokenizer.nextRecord(&fields)
      } catch {
        throw syntaxError(error, file: file, bytes: bytes)
      }
      guard more else { break }

      if fields.count != expectedFields {
        if fields.count == 1 && fields[0].start == fields[0].end { continue }
        if fields.allSatisfy({ isBlank(bytes, $0) }) { continue }
        if fields.count < expectedFields && options.padsShortRows {
          let end = fields.last?.end ?? tokenizer.recordStart
          while fields.count < expectedFields {
            fields.append(CSVField(start: end, end: end, hasEscapedQuotes: false))
          }
        } else {
          var hint =
            "a field that contains the delimiter \(describe(delimiter)) or a line break must be in double quotes"
          if fields.count < expectedFields {
            hint +=
              "; if the export leaves out empty fields at the end of a row, load it with --ragged"
          }
          throw LoadError(
            file: file, line: tokenizer.recordLine, column: 1,
            message:
              "this row has \(fields.count) field\(fields.count == 1 ? "" : "s"), but the header on line \(headerLine) has \(expectedFields)",
            hint: hint)
        }
      }
      if fields.allSatisfy({ isBlank(bytes, $0) }) { continue }
      if repeatsHeader(fields, tokenizer: tokenizer, headerKeys: headerKeys) {
        warnings.append(
          LoadWarning(
            file: file, line: tokenizer.recordLine,
            message: "this row repeats the header; it is skipped"))
        continue
      }

      recordStarts.append(tokenizer.recordStart)
      for (column, field) in fields.enumerated() {
        do {
          try tokenizer.withField(field, scratch: &scratch) { cell throws(CellError) in
            try table.append(column: column, cell)
          }
        } catch {
          let (line, column) = SourceText.position(of: field.start, in: bytes)
          throw LoadError(
            file: file, line: line, column: column, message: error.message, hint: error.hint)
        }
      }
      rows += 1
    }

    guard rows > 0 else {
      throw LoadError(
        file: file, line: headerLine,
        message: "the file has a header but no accounts",
        hint: "export the accounts again, with one row per account below the header")
    }

    let (book, more) = try table.finish(rows: rows, options: options) { row, column in
      cellPosition(
        bytes: bytes, delimiter: delimiter, recordStart: recordStarts[row], field: column)
    }
    warnings += more
    return (book, warnings, table.usedMappings)
  }

  /// An Excel `sep=;` first line, which names the delimiter.
  static func spreadsheetSeparatorLine(
    _ bytes: UnsafeBufferPointer<UInt8>
  ) -> (delimiter: UInt8, length: Int)? {
    guard bytes.count >= 5 else { return nil }
    let prefix = bytes[0..<4].map { $0 | 0x20 }
    guard prefix == Array("sep=".utf8) else { return nil }
    let delimiter = bytes[4]
    var length = 5
    if length < bytes.count && bytes[length] == UInt8(ascii: "\r") { length += 1 }
    guard length < bytes.count, bytes[length] == UInt8(ascii: "\n") else {
      return length == bytes.count ? (delimiter, length) : nil
    }
    return (delimiter, length + 1)
  }

  /// Picks the delimiter the header line uses most, among comma, semicolon, tab and pipe,
  /// counting outside quotes. A header with none of them is read as comma-separated.
  static func detectDelimiter(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt8 {
    let candidates: [UInt8] = [
      UInt8(ascii: ","), UInt8(ascii: ";"), UInt8(ascii: "\t"), UInt8(ascii: "|"),
    ]
    var counts = [Int](repeating: 0, count: candidates.count)
    var insideQuotes = false
    for byte in bytes {
      if byte == UInt8(ascii: "\"") {
        insideQuotes.toggle()
      } else if !insideQuotes {
        if byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r") { break }
        if let index = candidates.firstIndex(of: byte) { counts[index] += 1 }
      }
    }
    let best = counts.indices.max {
      counts[$0] < counts[$1] || (counts[$0] == counts[$1] && $0 > $1)
    }!
    return counts[best] == 0 ? UInt8(ascii: ",") : candidates[best]
  }

  private static func isBlank(_ bytes: UnsafeBufferPointer<UInt8>, _ field: CSVField) -> Bool {
    ValueParser.trimmed(UnsafeBufferPointer(rebasing: bytes[field.start..<field.end])).isEmpty
  }

  private static func repeatsHeader(
    _ fields: [CSVField], tokenizer: CSVTokenizer, headerKeys: [String]
  ) -> Bool {
    guard headerKeys.contains(where: { !$0.isEmpty }) else { return false }
    for (field, key) in zip(fields, headerKeys)
    where Field.matchingKey(tokenizer.string(field)) != key {
      return false
    }
    return true
  }

  private static func describe(_ delimiter: UInt8) -> String {
    switch delimiter {
    case UInt8(ascii: "\t"): return "(a tab)"
    case UInt8(ascii: ","): return "(a comma)"
    case UInt8(ascii: ";"): return "(a semicolon)"
    default: return "(\(String(UnicodeScalar(delimiter))))"
    }
  }

  private static func syntaxError(
    _ error: CSVSyntaxError, file: String, bytes: UnsafeBufferPointer<UInt8>
  ) -> LoadError {
    let (line, column) = SourceText.position(of: error.offset, in: bytes)
    return LoadError(
      file: file, line: line, column: column, message: error.message, hint: error.hint)
  }

  /// The line and column of one field of the record that starts at `recordStart`.
  private static func cellPosition(
    bytes: UnsafeBufferPointer<UInt8>, delimiter: UInt8, recordStart: Int, field: Int
  ) -> (line: Int, column: Int?) {
    var tokenizer = CSVTokenizer(bytes: bytes, delimiter: delimiter, start: recordStart)
    var fields: [CSVField] = []
    guard (try? tokenizer.nextRecord(&fields)) == true, field < fields.count else {
      return (SourceText.position(of: recordStart, in: bytes).line, nil)
    }
    let place = SourceText.position(of: fields[field].start, in: bytes)
    return (place.line, place.column)
  }
}
