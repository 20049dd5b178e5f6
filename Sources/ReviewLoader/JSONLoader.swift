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

  /// A JSON Lines record takes about three times the bytes of the same account in CSV, so
  /// a part of 3 MB contains about as many accounts as a CSV part of 1 MB.
  static let defaultPartition = CSVLoader.Partition(partSize: 3 << 20)

  static func load(
    _ source: SourceText, options: LoadOptions,
    partition: CSVLoader.Partition = JSONLoader.defaultPartition
  ) throws(LoadError) -> (Book, [LoadWarning], Set<Int>) {
    do {
      return try loadText(source, options: options, partition: partition)
    } catch {
      // A mapped file is checked for NUL bytes and invalid UTF-8 as it is read, so a read
      // that stops early has not checked all of it. Those problems come first.
      guard source.needsValidation else { throw error.noting(source.conversion) }
      try source.validate()
      guard source.conversion != nil else { throw error }
      do {
        return try loadText(source, options: options, partition: partition)
      } catch {
        throw error.noting(source.conversion)
      }
    }
  }

  private enum ReadFailure: Error {
    case syntax(JSONSyntaxError)
    case invalidText
  }

  private static func loadText(
    _ source: SourceText, options: LoadOptions, partition: CSVLoader.Partition
  ) throws(LoadError) -> (Book, [LoadWarning], Set<Int>) {
    let file = source.path
    let bytes = source.bytes
    var warnings: [LoadWarning] = []
    if let conversion = source.conversion { warnings.append(conversion) }

    var skipped: [String] = []
    var chosen = ""
    func read(_ headers: [String]) throws(LoadError) -> JSONTable {
      do throws(ReadFailure) {
        return try JSONLoader.read(
          source, options: options, partition: partition, headers: headers, skipped: &skipped,
          chosen: &chosen)
      } catch {
        switch error {
        case .syntax(let error):
          let (line, column) = SourceText.position(of: error.offset, in: bytes)
          throw LoadError(
            file: file, line: line, column: column, message: error.message, hint: error.hint)
        case .invalidText:
          throw LoadError(
            file: file, message: "the file is not valid UTF-8 text",
            hint: "export the data again as UTF-8")
        }
      }
    }
    var joined = try read([])
    if !skipped.isEmpty {
      warnings.append(
        LoadWarning(
          file: file,
          message:
            "the file also holds account-like arrays under \(skipped.map { "\"\($0)\"" }.joined(separator: ", ")), which are not read; only the array under \"\(chosen)\" is read"
        ))
    }
    guard joined.rows > 0 else {
      throw LoadError(
        file: file, message: "the file holds no account objects",
        hint: "give an array of objects, an object holding one, or one object a line (JSON Lines)")
    }
    guard !joined.headers.isEmpty else {
      throw LoadError(
        file: file, message: "the accounts in the file have no fields",
        hint: "give each account object its fields, such as {\"name\": \"Acme\", \"arr\": 50000}")
    }
    guard joined.headers.count <= TableAssembler.maximumColumns else {
      throw LoadError(
        file: file, line: 1, column: 1,
        message:
          "the accounts have \(TableAssembler.grouped(joined.headers.count)) fields, more than the \(TableAssembler.grouped(TableAssembler.maximumColumns)) review reads",
        hint: "export only the fields the review needs")
    }
    var assembled = joined.assembled()
    if assembled == nil {
      // A key that later records bring changes how an earlier column is read, as when
      // `--map` names it: read the file again with every key known from the start.
      joined = try read(joined.headers)
      assembled = joined.assembled()
    }
    guard let table = assembled else {
      preconditionFailure("a table whose keys are known from the start is planned alike")
    }
    // A cell's place is that of its value, found by reading its record again.
    func place(row: Int, column: Int) -> (line: Int, column: Int) {
      let record = joined.recordOffset(ofRow: row, in: bytes)
      let key = column < joined.headers.count ? joined.headers[column] : nil
      let offset = key.flatMap { valueOffset(of: $0, inObjectAt: record, in: bytes) } ?? record
      return SourceText.position(of: offset, in: bytes)
    }
    if let failure = joined.cellFailure {
      let (line, column) = place(row: failure.error.row, column: failure.column)
      throw LoadError(
        file: file, line: line, column: column, message: failure.error.message,
        hint: failure.error.hint)
    }

    let (book, more) = try table.finish(rows: joined.rows, options: options) { row, column in
      let found = place(row: row, column: column)
      return (found.line, found.column)
    }
    warnings += more
    if let repeated = joined.repeatedKey, repeated.column < joined.headers.count {
      let (line, column) = place(row: repeated.row, column: repeated.column)
      warnings.append(
        LoadWarning(
          file: file, line: line, column: column,
          message:
            "this account has the key \"\(joined.headers[repeated.column])\" more than once, and only its last value is kept; check the export if the values differ"
        ))
    }
    return (book, warnings, table.usedMappings)
  }

  /// Returns the offset of the value of `key` in the object that opens at `start`, or nil
  /// when the object has no such member. A dotted key such as `owner.name` names a member
  /// of a nested object.
  static func valueOffset(
    of key: String, inObjectAt start: Int, in bytes: UnsafeBufferPointer<UInt8>
  ) -> Int? {
    var scanner = JSONScanner(bytes: bytes)
    scanner.position = start
    guard let members = try? scanner.skimObject() else { return nil }
    // The last member of a key wins, as when the record is read.
    if let member = members.last(where: { $0.key == key }) { return member.valueStart }
    for member in members.reversed() where member.isObject && key.hasPrefix(member.key + ".") {
      let rest = String(key.dropFirst(member.key.count + 1))
      if let offset = valueOffset(of: rest, inObjectAt: member.valueStart, in: bytes) {
        return offset
      }
    }
    return nil
  }

  /// Reads the records into a table that starts with `headers`: in parts on several threads
  /// for JSON Lines, or in one go for an array or a single object.
  private static func read(
    _ source: SourceText, options: LoadOptions, partition: CSVLoader.Partition,
    headers: [String], skipped: inout [String], chosen chosenKey: inout String
  ) throws(ReadFailure) -> JSONTable {
    let bytes = source.bytes
    var table = JSONTable(file: source.path, options: options, headers: headers)
    var scanner = JSONScanner(bytes: bytes)
    scanner.skipWhitespace()
    guard let first = scanner.peek() else {
      throw .syntax(
        JSONSyntaxError(offset: 0, message: "the file is empty", hint: "export the accounts again"))
    }

    switch first {
    case UInt8(ascii: "["):
      var end = try readArray(
        at: scanner.position, of: source, partition: partition, checksText: true, into: &table)
      do {
        try end.expectEnd()
      } catch {
        throw .syntax(error)
      }
    case UInt8(ascii: "{"):
      let objectStart = scanner.position
      let members: [JSONScanner.Member]
      do {
        members = try scanner.skimObject()
      } catch {
        throw .syntax(error)
      }
      scanner.skipWhitespace()
      if scanner.peek() != nil {
        // More values follow the first object: JSON Lines, or objects one after another.
        let lines = JSONPartitionedRead(source: source, start: objectStart, isArray: false)
        _ = try run(lines, partition: partition, into: &table)
        return table
      }
      try checkText(source)
      var wrapped = members.filter(\.holdsObjects)
      if wrapped.isEmpty {
        // A wrapper one level down, as in {"data": {"accounts": [...]}}.
        for member in members where member.isObject {
          var inner = JSONScanner(bytes: bytes)
          inner.position = member.valueStart
          if let nested = try? inner.skimObject() {
            wrapped += nested.filter(\.holdsObjects).map { nestedMember in
              var qualified = nestedMember
              qualified.key = member.key + "." + nestedMember.key
              return qualified
            }
          }
        }
      }
      let chosen =
        wrapperKeys.lazy.compactMap { key in
          wrapped.first { $0.key.lowercased() == key || $0.key.lowercased().hasSuffix("." + key) }
        }.first
        ?? wrapped.first
      skipped = wrapped.filter { $0.key != chosen?.key }.map(\.key)
      chosenKey = chosen?.key ?? ""
      let emptyWrapper = members.contains {
        $0.isEmptyArray && wrapperKeys.contains($0.key.lowercased())
      }
      if let chosen {
        // The text was checked above, and skimming the object checked its syntax after the
        // array.
        _ = try readArray(
          at: chosen.valueStart, of: source, partition: partition, checksText: false,
          into: &table)
      } else if !emptyWrapper {
        // `{"records": []}` is an export with no accounts, not one account.
        try readObject(at: objectStart, of: source, into: &table)
      }
    default:
      throw .syntax(
        JSONSyntaxError(
          offset: scanner.position, message: "expected an array or an object of accounts",
          hint:
            "give an array of objects, an object holding one, or one object a line (JSON Lines)"))
    }
    return table
  }

  /// Reads the array of records that opens at `start`, in parts; returns a scanner at the
  /// end of the array.
  private static func readArray(
    at start: Int, of source: SourceText, partition: CSVLoader.Partition, checksText: Bool,
    into table: inout JSONTable
  ) throws(ReadFailure) -> JSONScanner {
    var scanner = JSONScanner(bytes: source.bytes)
    scanner.position = start
    do {
      try scanner.expect(UInt8(ascii: "["), "'['")
    } catch {
      throw .syntax(error)
    }
    scanner.skipWhitespace()
    if scanner.peek() == UInt8(ascii: "]") {
      scanner.position += 1
      return scanner
    }
    var elements = JSONPartitionedRead(source: source, start: scanner.position, isArray: true)
    elements.checksText = checksText && source.needsValidation
    scanner.position = try run(elements, partition: partition, into: &table)
    return scanner
  }

  /// Runs a partitioned read; returns where it stopped.
  private static func run(
    _ read: JSONPartitionedRead, partition: CSVLoader.Partition, into table: inout JSONTable
  ) throws(ReadFailure) -> Int {
    var read = read
    read.partSize = max(1, partition.partSize)
    read.threadCount = max(1, partition.threadCount)
    switch read.run(into: &table) {
    case .finished(let stop): return stop
    case .failed(let error): throw .syntax(error)
    case .invalidText: throw .invalidText
    }
  }

  /// Reads the single account object that starts at `start`.
  private static func readObject(
    at start: Int, of source: SourceText, into table: inout JSONTable
  ) throws(ReadFailure) {
    var columns = JSONColumns(text: source.bytes, template: table.template(capacity: 0))
    var scanner = JSONScanner(bytes: source.bytes)
    scanner.position = start
    do {
      try scanner.readRecord(into: &columns)
    } catch {
      throw .syntax(error)
    }
    columns.addBatch()
    // The table has no keys but those it was given, so it plans the new ones alike.
    let joined = table.append(columns)
    precondition(joined, "the object's keys are planned as the table plans them")
  }

  /// Checks the text for NUL bytes and invalid UTF-8 a stretch at a time, releasing the
  /// pages of a mapped file once checked, so that the whole file is never resident.
  private static func checkText(_ source: SourceText) throws(ReadFailure) {
    guard source.needsValidation else { return }
    let bytes = source.bytes
    var start = 0
    while start < bytes.count {
      var end = min(start + (1 << 20), bytes.count)
      // A stretch ends before an ASCII byte, so that no character is split.
      while end < bytes.count && bytes[end] >= 0x80 { end += 1 }
      guard SourceText.isCleanUTF8(UnsafeBufferPointer(rebasing: bytes[start..<end])) else {
        throw .invalidText
      }
      source.release(start..<end)
      start = end
    }
  }
}
