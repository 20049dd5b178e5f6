import Dispatch
import ReviewBook
import Synchronization

/// The raw tables of the parts of one JSON file, turned into the table's columns: each
/// part fills its own builders, on several threads, and the builders are joined in order.
// NOTE: every part's raw cells stay in memory until all columns are built, because the
// headers of the whole file decide each column's field, so a JSON load needs about the
// size of its values again on top of the book.
struct JSONParts {
  /// The keys of all parts, in the order they first appear in the file.
  let names: [String]
  private var parts: [RawTable]
  /// For each part, the global column of each of its own columns.
  private let globalColumns: [[Int]]
  /// Each part's record offsets, and the first row of each part.
  private let recordOffsets: [[Int]]
  private let firstRows: [Int]

  /// A cell that its column cannot read.
  struct Failure {
    var error: CellError
    var recordOffset: Int
  }

  init(_ parts: [RawTable]) {
    var names: [String] = []
    var indexByName: [String: Int] = [:]
    var globalColumns: [[Int]] = []
    var firstRows: [Int] = []
    var rows = 0
    for part in parts {
      globalColumns.append(
        part.names.map { name in
          if let index = indexByName[name] { return index }
          indexByName[name] = names.count
          names.append(name)
          return names.count - 1
        })
      firstRows.append(rows)
      rows += part.rows
    }
    self.names = names
    self.parts = parts
    self.globalColumns = globalColumns
    self.recordOffsets = parts.map(\.recordOffsets)
    self.firstRows = firstRows
  }

  /// Returns the offset of the record of a row of the whole file.
  func recordOffset(ofRow row: Int) -> Int {
    var part = 0
    while part + 1 < firstRows.count && firstRows[part + 1] <= row { part += 1 }
    return recordOffsets[part][row - firstRows[part]]
  }

  /// Fills the table's builders. The failure reported, as when the columns are filled one
  /// after another, is the first row that fails in the first column that has one.
  mutating func build(into table: inout TableAssembler, threadCount: Int) -> Failure? {
    let template = table.emptyParts(capacity: 0)
    let count = parts.count
    let results = Mutex(BuiltSlots(built: Array(repeating: nil, count: count)))
    let work = Work(parts: parts, globalColumns: globalColumns, template: template)
    parts = []
    DispatchQueue.concurrentPerform(iterations: min(max(1, threadCount), count)) { _ in
      while let index = results.withLock({ $0.takeNext() }) {
        let built = JSONParts.build(
          work.parts[index], globalColumns: work.globalColumns[index], template: work.template)
        results.withLock { $0.built[index] = built }
      }
    }

    let built = results.withLock { slots in slots.built.map { $0! } }
    var failure: (column: Int, part: Int, error: CellError)?
    for (part, result) in built.enumerated() {
      guard let first = result.failure else { continue }
      if failure == nil || first.column < failure!.column {
        failure = (first.column, part, first.error)
      }
    }
    if let failure {
      let offset = recordOffsets[failure.part][failure.error.row]
      return Failure(error: failure.error, recordOffset: offset)
    }
    table.reserveCapacity(rows: built.reduce(0) { $0 + ($1.columns.first?.count ?? 0) })
    for result in built {
      table.append(parts: result.columns)
    }
    return nil
  }

  /// One part's builders, and its first failing cell in the lowest column that has one.
  private struct Built: @unchecked Sendable {
    var columns: [ColumnBuilder]
    var failure: (column: Int, error: CellError)?
  }

  private static func build(
    _ part: RawTable, globalColumns: [Int], template: [ColumnBuilder]
  ) -> Built {
    var builders = template.map { $0.emptyPart(capacity: part.rows) }
    var filled = [Bool](repeating: false, count: builders.count)
    var failure: (column: Int, error: CellError)?
    for (local, column) in part.columns.enumerated() {
      let global = globalColumns[local]
      filled[global] = true
      if let error = fill(&builders[global], from: column, rows: part.rows) {
        if failure == nil || global < failure!.column { failure = (global, error) }
      }
    }
    for index in builders.indices where !filled[index] {
      for _ in 0..<part.rows { builders[index].appendMissingCell() }
    }
    return Built(columns: builders, failure: failure)
  }

  /// Feeds a raw column's cells to a builder; returns the first cell that fails, with the
  /// row counted in the part.
  private static func fill(
    _ builder: inout ColumnBuilder, from column: RawTable.RawColumn, rows: Int
  ) -> CellError? {
    column.bytes.withUnsafeBufferPointer { bytes -> CellError? in
      var start = 0
      for row in 0..<rows {
        let end = Int(column.ends[row])
        if column.kinds[row] == RawTable.Kind.missing.rawValue {
          builder.appendMissingCell()
        } else if let error = append(
          UnsafeBufferPointer(rebasing: bytes[start..<end]), to: &builder)
        {
          var failure = error
          failure.row = row
          return failure
        }
        start = end
      }
      return nil
    }
  }

  private static func append(
    _ cell: UnsafeBufferPointer<UInt8>, to builder: inout ColumnBuilder
  ) -> CellError? {
    do {
      try builder.append(cell)
      return nil
    } catch {
      return error
    }
  }

  private struct BuiltSlots {
    var next = 0
    var built: [Built?]

    mutating func takeNext() -> Int? {
      guard next < built.count else { return nil }
      defer { next += 1 }
      return next
    }
  }

  // The raw tables and builders are read by one thread each; the lock hands them over.
  private struct Work: @unchecked Sendable {
    let parts: [RawTable]
    let globalColumns: [[Int]]
    let template: [ColumnBuilder]
  }
}
