import ReviewBook

/// The records of one part of a JSON file: those that start in a byte range.
struct JSONPart {
  /// Where the part's first record starts.
  var start: Int
  /// Where reading stopped: after the part's last record, or at a syntax error.
  var stop: Int
  var columns: JSONColumns
  var failure: JSONSyntaxError?
  /// Whether the range holds a NUL byte or invalid UTF-8, when it was checked.
  var hasInvalidText = false
  /// Whether the part read the `]` that closes an array of records.
  var endsArray = false
}

/// What reading records starts from: the keys known so far, each with an empty builder
/// planned as the table plans it.
struct JSONTemplate {
  var headers: [String]
  /// The plan of the headers.
  var planner: ColumnPlanner
  var builders: [ColumnBuilder]
}

/// The columns of a JSON file, joined from its parts in file order. A key gets its column
/// when it is first met; the records before it are missing that cell.
struct JSONTable {
  let file: String
  let options: LoadOptions
  /// The keys of the records joined so far, in the order they were first met.
  private(set) var headers: [String]
  private var columnOfHeader: [String: Int] = [:]
  private var planner: ColumnPlanner
  /// One builder a header, planned as a table of these headers plans it.
  private(set) var builders: [ColumnBuilder] = []
  private(set) var rows = 0
  /// Whether the records have more keys than a table reads; columns are then no longer
  /// built, but the keys are still counted.
  private(set) var isTooWide = false
  /// The cell that fails first when the columns are filled one after another: the first
  /// failing row of the first column that has one, with its row in the whole file.
  private(set) var cellFailure: (column: Int, error: CellError)?
  /// The first row whose record has a key more than once, and the key's column.
  private(set) var repeatedKey: (row: Int, column: Int)?
  /// The first row of each part joined, and the offsets its records keep.
  private var firstRows: [Int] = []
  private var sparseOffsets: [[Int]] = []

  /// A table that starts with `headers` as its columns, before any record.
  init(file: String, options: LoadOptions, headers: [String] = []) {
    self.file = file
    self.options = options
    self.headers = []
    planner = ColumnPlanner(file: file, options: options)
    add(headers)
  }

  /// The headers so far and an empty builder for each, for reading the next records.
  func template(capacity: Int) -> JSONTemplate {
    JSONTemplate(
      headers: headers, planner: planner,
      builders: isTooWide ? [] : builders.map { $0.emptyPart(capacity: capacity) })
  }

  private mutating func add(_ new: [String]) {
    guard !new.isEmpty else { return }
    let known = headers.count
    for header in new {
      columnOfHeader[header] = headers.count
      headers.append(header)
    }
    guard !isTooWide else { return }
    guard headers.count <= TableAssembler.maximumColumns else {
      isTooWide = true
      builders = []
      return
    }
    planner.add(Array(new))
    for index in known..<headers.count {
      var builder = planner.builder(column: index, capacity: 0)
      for _ in 0..<rows { builder.appendMissingCell() }
      builders.append(builder)
    }
  }

  /// Joins the columns of the records that come next in the file. Returns false, joining
  /// nothing but the new keys, when a key that the records met for the first time was
  /// planned otherwise than this table plans it; the records must then be read again from a
  /// new template.
  mutating func append(_ part: JSONColumns) -> Bool {
    var columnOfLocal = Array(0..<part.templateCount)
    var new: [String] = []
    for header in part.headers.dropFirst(part.templateCount) {
      if let column = columnOfHeader[header] {
        columnOfLocal.append(column)
      } else {
        columnOfLocal.append(headers.count + new.count)
        new.append(header)
      }
    }
    add(new)
    if part.isTooWide {
      isTooWide = true
      builders = []
    }
    guard !isTooWide else {
      note(part)
      return true
    }
    for local in part.templateCount..<part.headers.count {
      let ours = builders[columnOfLocal[local]]
      let theirs = part.builders[local]
      guard ours.name == theirs.name && ours.declared == theirs.declared else { return false }
    }

    var localOfColumn = [Int?](repeating: nil, count: builders.count)
    for (local, column) in columnOfLocal.enumerated() { localOfColumn[column] = local }
    for column in builders.indices {
      guard let local = localOfColumn[column] else {
        for _ in 0..<part.rows { builders[column].appendMissingCell() }
        continue
      }
      if rows == 0 {
        builders[column] = part.builders[local]
      } else {
        builders[column].append(contentsOf: part.builders[local])
      }
      if let failure = part.failures[local], cellFailure == nil || column < cellFailure!.column {
        var error = failure
        error.row += rows
        cellFailure = (column, error)
      }
    }
    note(part)
    return true
  }

  private mutating func note(_ part: JSONColumns) {
    if repeatedKey == nil, let repeated = part.repeatedKey {
      let local = repeated.column
      let column = columnOfHeader[part.headers[local]] ?? local
      repeatedKey = (repeated.row + rows, column)
    }
    firstRows.append(rows)
    sparseOffsets.append(part.sparseOffsets)
    rows += part.rows
  }

  /// Reserves room for `rows` rows in every column.
  mutating func reserveCapacity(rows: Int) {
    for index in builders.indices {
      builders[index].reserveCapacity(rows: rows)
    }
  }

  /// The table of the whole file, or nil when a column was built under another plan than
  /// the file's headers give it, as when `--map` names a key that later records bring: the
  /// file must then be read again with all its headers known from the start.
  func assembled() -> TableAssembler? {
    var table = TableAssembler(file: file, headers: headers, options: options, capacity: 0)
    let matches = zip(table.builders, builders).allSatisfy {
      $0.name == $1.name && $0.declared == $1.declared
    }
    guard matches && table.builders.count == builders.count else { return nil }
    table.adopt(builders)
    return table
  }

  /// The offset where the record of a row of the whole file starts, found by reading from
  /// the nearest record whose offset is kept.
  func recordOffset(ofRow row: Int, in bytes: UnsafeBufferPointer<UInt8>) -> Int {
    var low = 0
    var high = firstRows.count - 1
    while low < high {
      let middle = (low + high + 1) / 2
      if firstRows[middle] <= row { low = middle } else { high = middle - 1 }
    }
    let inPart = row - firstRows[low]
    var scanner = JSONScanner(bytes: bytes)
    scanner.position = sparseOffsets[low][inPart / JSONColumns.offsetStride]
    for _ in 0..<(inPart % JSONColumns.offsetStride) {
      scanner.skipWhitespace()
      try? scanner.skipValue()
      scanner.skipWhitespace()
      if scanner.peek() == UInt8(ascii: ",") { scanner.position += 1 }
    }
    scanner.skipWhitespace()
    return scanner.position
  }
}
