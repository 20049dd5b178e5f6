import ReviewBook

/// Reads a CSV (or semicolon- or tab-separated) export into a book.
enum CSVLoader {
  /// How the body of a file is split for reading: parts of about `partSize` bytes, read on
  /// up to `threadCount` threads. The book does not depend on either.
  struct Partition {
    var partSize = 1 << 20
    var threadCount = CSVPartitionedRead.coreCount
  }

  static func load(
    _ source: SourceText, options: LoadOptions, partition: Partition = Partition()
  ) throws(LoadError) -> (Book, [LoadWarning], Set<Int>) {
    do {
      return try loadText(source, options: options, partition: partition)
    } catch {
      throw error.noting(source.conversion)
    }
  }

  private static func loadText(
    _ source: SourceText, options: LoadOptions, partition: Partition
  ) throws(LoadError) -> (Book, [LoadWarning], Set<Int>) {
    let table: TableAssembler
    let body: Body
    do {
      (table, body) = try read(source, options: options, partition: partition)
    } catch {
      // A file is checked for NUL bytes and invalid UTF-8 part by part as it is read, so a
      // read that stops early has not checked all of it. Those problems come first.
      guard source.needsValidation else { throw error.loadError(source) }
      try source.validate()
      guard source.conversion != nil else { throw error.loadError(source) }
      do {
        (table, body) = try read(source, options: options, partition: partition)
      } catch {
        throw error.loadError(source)
      }
    }
    return try finish(table, body: body, source: source, options: options)
  }

  /// Where the records of a file are, and what reading them found.
  private struct Body {
    var reader: CSVRecordReader
    var start: Int
    var headerLine: Int
    var rows: Int
    var warnings: [LoadWarning]
  }

  private enum ReadFailure: Error {
    case load(LoadError)
    case invalidText

    func loadError(_ source: SourceText) -> LoadError {
      switch self {
      case .load(let error): return error
      case .invalidText:
        return LoadError(
          file: source.path, message: "the file is not valid UTF-8 text",
          hint: "export the data again as UTF-8")
      }
    }
  }

  private static func read(
    _ source: SourceText, options: LoadOptions, partition: Partition
  ) throws(ReadFailure) -> (TableAssembler, Body) {
    let file = source.path
    let bytes = source.bytes
    var warnings: [LoadWarning] = []
    if let conversion = source.conversion { warnings.append(conversion) }

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
      throw .load(syntaxError(error, file: file, bytes: bytes))
    }
    guard hasHeader else {
      throw .load(
        LoadError(
          file: file, message: "the file is empty",
          hint: "export the accounts again, with a header row and one row per account"))
    }
    let headerLine = tokenizer.recordLine
    guard fields.count <= TableAssembler.maximumColumns else {
      throw .load(
        LoadError(
          file: file, line: headerLine,
          message:
            "the header has \(TableAssembler.grouped(fields.count)) columns, more than the \(TableAssembler.grouped(TableAssembler.maximumColumns)) review reads",
          hint: "export only the columns the review needs"))
    }
    let headers = fields.map { tokenizer.string($0) }
    let reader = CSVRecordReader(
      bytes: bytes, delimiter: delimiter, headerKeys: headers.map(Field.matchingKey),
      padsShortRows: options.padsShortRows)

    var fileOptions = options
    if fileOptions.decimalComma == nil && delimiter == UInt8(ascii: ";") {
      // Spreadsheets that separate fields with semicolons do so because they write decimal
      // commas.
      fileOptions.decimalComma = true
    }
    var table = TableAssembler(file: file, headers: headers, options: fileOptions, capacity: 0)
    var partitioned = CSVPartitionedRead(
      reader: reader, source: source, bodyStart: tokenizer.position, bodyLine: tokenizer.line)
    partitioned.partSize = max(1, partition.partSize)
    partitioned.threadCount = max(1, partition.threadCount)

    switch partitioned.run(into: &table) {
    case .invalidText:
      throw .invalidText
    case .failed(let failure, let line):
      throw .load(
        error(
          failure, line: line, file: file, bytes: bytes, delimiter: delimiter,
          fields: headers.count, headerLine: headerLine))
    case .finished(let rows, let repeatedHeaderLines):
      for repeated in repeatedHeaderLines {
        warnings.append(
          LoadWarning(
            file: file, line: repeated, message: "this row repeats the header; it is skipped"))
      }
      let body = Body(
        reader: reader, start: tokenizer.position, headerLine: headerLine, rows: rows,
        warnings: warnings)
      return (table, body)
    }
  }

  private static func finish(
    _ table: TableAssembler, body: Body, source: SourceText, options: LoadOptions
  ) throws(LoadError) -> (Book, [LoadWarning], Set<Int>) {
    guard body.rows > 0 else {
      throw LoadError(
        file: source.path, line: body.headerLine,
        message: "the file has a header but no accounts",
        hint: "export the accounts again, with one row per account below the header")
    }

    let (book, more) = try table.finish(rows: body.rows, options: options) { row, column in
      let bytes = source.bytes
      guard let recordStart = body.reader.recordStart(ofRow: row, from: body.start) else {
        return (body.headerLine, nil)
      }
      return cellPosition(
        bytes: bytes, delimiter: body.reader.delimiter, recordStart: recordStart, field: column)
    }
    return (book, body.warnings + more, table.usedMappings)
  }

  private static func error(
    _ failure: CSVFailure, line: Int, file: String, bytes: UnsafeBufferPointer<UInt8>,
    delimiter: UInt8, fields expectedFields: Int, headerLine: Int
  ) -> LoadError {
    switch failure {
    case .syntax(let error):
      return syntaxError(error, file: file, bytes: bytes)
    case .cell(let error, let offset):
      let (line, column) = SourceText.position(of: offset, in: bytes)
      return LoadError(
        file: file, line: line, column: column, message: error.message, hint: error.hint)
    case .fieldCount(let relativeLine, let count):
      var hint =
        "a field that contains the delimiter \(describe(delimiter)) or a line break must be in double quotes"
      if count == 1, followsBlankLine(line + relativeLine, in: bytes) {
        // Report exports end with a blank line, then totals and a confidentiality notice.
        hint =
          "a blank line and rows of one field, such as totals or a confidentiality notice, end a report's export; delete them from line \(line + relativeLine - 1) on, or export the report's details only"
      } else if count < expectedFields {
        hint +=
          "; if the export leaves out empty fields at the end of a row, load it with --ragged"
      } else if expectedFields == 1 {
        // A header of one field before rows of several is most often a report's title.
        hint =
          "the first line has one field, as a report's title has; if lines such as a title or a date come before the header, delete them, so that the column names come first"
      }
      return LoadError(
        file: file, line: line + relativeLine, column: 1,
        message:
          "this row has \(count) field\(count == 1 ? "" : "s"), but the header on line \(headerLine) has \(expectedFields)",
        hint: hint)
    }
  }

  /// Returns whether the line before the 1-based `line` is empty, as in a report's footer.
  private static func followsBlankLine(_ line: Int, in bytes: UnsafeBufferPointer<UInt8>) -> Bool {
    guard line > 2 else { return false }
    var current = 1
    var index = 0
    // The start of the line before `line`.
    while current < line - 1, let end = bytes[index...].firstIndex(of: UInt8(ascii: "\n")) {
      index = end + 1
      current += 1
    }
    guard current == line - 1, index < bytes.count else { return false }
    return bytes[index] == UInt8(ascii: "\n")
      || (bytes[index] == UInt8(ascii: "\r") && index + 1 < bytes.count
        && bytes[index + 1] == UInt8(ascii: "\n"))
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
