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
    _ source: SourceText, options: LoadOptions,
    partition: CSVLoader.Partition = CSVLoader.Partition()
  ) throws(LoadError) -> (Book, [LoadWarning], Set<Int>) {
    let file = source.path
    let bytes = source.bytes
    var warnings: [LoadWarning] = []
    if let conversion = source.conversion {
      warnings.append(LoadWarning(file: file, message: "the file is \(conversion)"))
    }

    let parts: [RawTable]
    var skipped: [String] = []
    do {
      parts = try read(bytes, partition: partition, skipped: &skipped)
    } catch {
      let (line, column) = SourceText.position(of: error.offset, in: bytes)
      throw LoadError(
        file: file, line: line, column: column, message: error.message, hint: error.hint)
    }
    if !skipped.isEmpty {
      warnings.append(
        LoadWarning(
          file: file,
          message:
            "the file also holds account-like arrays under \(skipped.map { "\"\($0)\"" }.joined(separator: ", ")), which are not read; only the first array of objects is"
        ))
    }
    let rows = parts.reduce(0) { $0 + $1.rows }
    guard rows > 0 else {
      throw LoadError(
        file: file, message: "the file holds no account objects",
        hint: "give an array of objects, an object holding one, or one object a line (JSON Lines)")
    }

    var joined = JSONParts(parts)
    guard !joined.names.isEmpty else {
      throw LoadError(
        file: file, message: "the accounts in the file have no fields",
        hint: "give each account object its fields, such as {\"name\": \"Acme\", \"arr\": 50000}")
    }
    guard joined.names.count <= TableAssembler.maximumColumns else {
      throw LoadError(
        file: file, line: 1, column: 1,
        message:
          "the accounts have \(TableAssembler.grouped(joined.names.count)) fields, more than the \(TableAssembler.grouped(TableAssembler.maximumColumns)) review reads",
        hint: "export only the fields the review needs")
    }
    var table = TableAssembler(file: file, headers: joined.names, options: options, capacity: 0)
    if let failure = joined.build(into: &table, threadCount: partition.threadCount) {
      let (line, place) = SourceText.position(of: failure.recordOffset, in: bytes)
      throw LoadError(
        file: file, line: line, column: place, message: failure.error.message,
        hint: failure.error.hint)
    }

    let (book, more) = try table.finish(rows: rows, options: options) { row, _ in
      let place = SourceText.position(of: joined.recordOffset(ofRow: row), in: bytes)
      return (place.line, place.column)
    }
    warnings += more
    return (book, warnings, table.usedMappings)
  }

  /// Reads the records into raw tables: one for an array or a single object, one a part
  /// of the file for JSON Lines.
  private static func read(
    _ bytes: UnsafeBufferPointer<UInt8>, partition: CSVLoader.Partition, skipped: inout [String]
  ) throws(JSONSyntaxError) -> [RawTable] {
    var store = RawTable()
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
        var lines = JSONLinesRead(bytes: bytes, start: objectStart)
        lines.partSize = max(1, partition.partSize)
        lines.threadCount = max(1, partition.threadCount)
        return try lines.run()
      }
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
      let emptyWrapper = members.contains {
        $0.isEmptyArray && wrapperKeys.contains($0.key.lowercased())
      }
      if let chosen {
        scanner.position = chosen.valueStart
        try scanner.readRecordArray(into: &store)
      } else if emptyWrapper {
        // `{"records": []}` is an export with no accounts, not one account.
        return []
      } else {
        scanner.position = objectStart
        try scanner.readRecord(into: &store)
      }
    default:
      throw JSONSyntaxError(
        offset: scanner.position, message: "expected an array or an object of accounts",
        hint: "give an array of objects, an object holding one, or one object a line (JSON Lines)")
    }
    return [store]
  }
}
