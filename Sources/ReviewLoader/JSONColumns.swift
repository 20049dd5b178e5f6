import ReviewBook

/// The columns of JSON records read one after another, such as the records of one part of
/// a JSON Lines file. Each record's members wait in a batch of rows, one slot a key, and
/// each full batch goes to the keys' column builders a column at a time, so no cell is kept
/// longer than its batch. A key that repeats inside a record keeps its last value.
///
/// The first `templateCount` columns are keys known before the records were read, with
/// builders planned as the table plans them. A key met for the first time gets a builder
/// planned as if it came right after those, in the order met. Joining the part checks that
/// the table plans it alike.
struct JSONColumns {
  /// Rows in a batch, at most.
  static let batchRows = 512
  /// Cells in a batch, at most: a batch of records with many keys has fewer rows.
  static let batchCells = 1 << 16
  /// The offset of every `offsetStride`-th record is kept, so that any record can be found
  /// again by reading from the one before it.
  static let offsetStride = 64

  /// The keys, in the order they were first met; a key's code is its column's index.
  private(set) var headers: [String]
  let templateCount: Int
  /// One builder a column; keys of the current batch wait for theirs until it is added.
  private(set) var builders: [ColumnBuilder]
  /// The first cell that each column cannot read, with the row counted in these records.
  private(set) var failures: [CellError?]
  private(set) var rows = 0
  /// The offsets of records 0, `offsetStride`, 2 × `offsetStride`, …
  private(set) var sparseOffsets: [Int] = []
  /// Whether the records have more keys than a table reads. The file cannot load then, so
  /// the cells are dropped, but the keys are still counted.
  private(set) var isTooWide = false
  /// The first record that has a key more than once, and the key's column.
  private(set) var repeatedKey: (row: Int, column: Int)?

  /// The plan of the columns so far.
  private var planner: ColumnPlanner
  /// The text the records are read from: a value inside it is kept as its offsets.
  private let text: UnsafeBufferPointer<UInt8>
  private var names = ByteDictionary()
  /// The bytes of every key, one after another; key `i` spans `keyStarts[i]..<keyStarts[i + 1]`.
  private var keyBytes: [UInt8] = []
  private var keyStarts: [Int] = [0]
  /// Whether each key is written in JSON as its bytes are, with no quote, backslash or
  /// control character to escape.
  private var keyIsPlain: [Bool] = []
  /// The batch's cells, `stride` slots a column.
  private var cells: [Cell] = []
  /// The bytes of the batch's values that are not in the text as they are: strings with
  /// escapes, and arrays made compact.
  private var decoded: [UInt8] = []
  private var batchCount = 0
  /// Rows in the batch, and slots a column.
  private var stride = JSONColumns.batchRows
  /// The column of each key position in the previous record, tried first for the same
  /// position in the next one, since records tend to list their keys alike.
  private var columnAtPosition: [Int] = []
  private var position = 0

  /// A cell of the batch: a range of the text, a range of `decoded` (stored as negative
  /// numbers), or missing.
  private struct Cell {
    var start: Int
    var end: Int
    /// Whether the cell is a JSON number, whose dot is always a decimal point.
    var isNumber = false

    static let missing = Cell(start: Int.min, end: 0)
  }

  /// Columns that start with `template`: the headers known so far and, for each, an empty
  /// builder planned as the table plans it.
  init(text: UnsafeBufferPointer<UInt8>, template: JSONTemplate) {
    self.text = text
    planner = template.planner
    headers = template.headers
    templateCount = template.headers.count
    builders = template.builders
    failures = Array(repeating: nil, count: templateCount)
    for header in template.headers {
      var header = header
      header.withUTF8 { key in
        _ = names.code(for: key)
        keyBytes.append(contentsOf: key)
        keyStarts.append(keyBytes.count)
        keyIsPlain.append(JSONColumns.isPlain(key))
      }
    }
    stride = JSONColumns.batchStride(columns: templateCount)
    cells = Array(repeating: .missing, count: templateCount * stride)
  }

  @inline(__always)
  mutating func beginRecord(at offset: Int) {
    if rows % JSONColumns.offsetStride == 0 { sparseOffsets.append(offset) }
    position = 0
  }

  @inline(__always)
  mutating func endRecord() {
    batchCount += 1
    rows += 1
    if batchCount == stride { addBatch() }
  }

  /// Sets the current record's cell of the key `name`.
  @inline(__always)
  mutating func set(
    _ name: UnsafeBufferPointer<UInt8>, value: UnsafeBufferPointer<UInt8>, isNumber: Bool = false
  ) {
    set(column: column(named: name), value: value, isNumber: isNumber)
  }

  /// Returns the column of the member that starts at `offset` in the text, and the offset
  /// of its key's closing quote, when the quoted key there is the one the previous record
  /// had at the same position. Nothing changes until the member is set, with
  /// `set(expected:value:isNumber:)` or by its name, or skipped.
  @inline(__always)
  func expectedKey(at offset: Int) -> (column: Int, end: Int)? {
    guard position < columnAtPosition.count else { return nil }
    let guess = columnAtPosition[position]
    guard keyIsPlain[guess] else { return nil }
    let start = keyStarts[guess]
    let end = keyStarts[guess + 1]
    let closing = offset + 1 + end - start
    guard closing < text.count, text[closing] == UInt8(ascii: "\"") else { return nil }
    let matches = keyBytes.withUnsafeBufferPointer { keys in
      JSONColumns.equal(
        keys, from: start, to: end, UnsafeBufferPointer(rebasing: text[(offset + 1)..<closing]))
    }
    return matches ? (guess, closing) : nil
  }

  /// Sets the current record's cell of a column that `expectedKey(at:)` returned.
  @inline(__always)
  mutating func set(
    expected column: Int, value: UnsafeBufferPointer<UInt8>, isNumber: Bool = false
  ) {
    position += 1
    set(column: column, value: value, isNumber: isNumber)
  }

  @inline(__always)
  private mutating func set(
    column: Int, value: UnsafeBufferPointer<UInt8>, isNumber: Bool
  ) {
    guard !isTooWide else { return }
    let slot = column &* stride &+ batchCount
    if cells[slot].start != Int.min && repeatedKey == nil { repeatedKey = (rows, column) }
    var cell = Cell(start: 0, end: 0, isNumber: isNumber)
    if let start = value.baseAddress, let base = text.baseAddress, start >= base,
      start + value.count <= base + text.count
    {
      cell.start = start - base
      cell.end = cell.start + value.count
    } else if !value.isEmpty {
      cell.start = -1 - decoded.count
      decoded.append(contentsOf: value)
      cell.end = decoded.count
    }
    cells[slot] = cell
  }

  /// Passes over a member whose value is null, so that the next member's position in the
  /// record still matches the records before.
  @inline(__always)
  mutating func skipMember() {
    position += 1
  }

  @inline(__always)
  private mutating func column(named name: UnsafeBufferPointer<UInt8>) -> Int {
    defer { position += 1 }
    if position < columnAtPosition.count {
      let guess = columnAtPosition[position]
      if keyBytes.withUnsafeBufferPointer({ keys in
        JSONColumns.equal(keys, from: keyStarts[guess], to: keyStarts[guess + 1], name)
      }) {
        return guess
      }
    }
    return lookUp(name)
  }

  /// Whether the bytes of `keys` from `start` to `end` are `name`, compared a word at a
  /// time.
  @inline(__always)
  private static func equal(
    _ keys: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int,
    _ name: UnsafeBufferPointer<UInt8>
  ) -> Bool {
    let count = name.count
    guard end - start == count else { return false }
    guard count > 0, let keyBase = keys.baseAddress, let nameBase = name.baseAddress else {
      return true
    }
    let key = UnsafeRawPointer(keyBase + start)
    let other = UnsafeRawPointer(nameBase)
    var offset = 0
    while offset + 8 <= count {
      if key.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
        != other.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
      {
        return false
      }
      offset += 8
    }
    if offset + 4 <= count {
      if key.loadUnaligned(fromByteOffset: offset, as: UInt32.self)
        != other.loadUnaligned(fromByteOffset: offset, as: UInt32.self)
      {
        return false
      }
      offset += 4
    }
    if offset + 2 <= count {
      if key.loadUnaligned(fromByteOffset: offset, as: UInt16.self)
        != other.loadUnaligned(fromByteOffset: offset, as: UInt16.self)
      {
        return false
      }
      offset += 2
    }
    return offset == count || keyBase[start + offset] == nameBase[offset]
  }

  private static func isPlain(_ key: UnsafeBufferPointer<UInt8>) -> Bool {
    !key.contains { $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") || $0 < 0x20 }
  }

  private mutating func lookUp(_ name: UnsafeBufferPointer<UInt8>) -> Int {
    let known = names.count
    let index = Int(names.code(for: name))
    if index == known {
      headers.append(String(decoding: name, as: UTF8.self))
      keyBytes.append(contentsOf: name)
      keyStarts.append(keyBytes.count)
      keyIsPlain.append(JSONColumns.isPlain(name))
      if headers.count > TableAssembler.maximumColumns && !isTooWide {
        isTooWide = true
        cells = []
        decoded = []
        builders = []
      }
      if !isTooWide {
        cells.append(contentsOf: repeatElement(.missing, count: stride))
        if JSONColumns.batchStride(columns: headers.count) < stride { narrowBatch() }
      }
    }
    if position < columnAtPosition.count {
      columnAtPosition[position] = index
    } else {
      columnAtPosition.append(index)
    }
    return index
  }

  /// Adds the rows of the batch to their columns, planning the columns of keys met in it.
  mutating func addBatch() {
    defer { batchCount = 0 }
    guard !isTooWide else { return }
    if builders.count < headers.count { planNewColumns() }
    let firstRow = rows - batchCount
    let count = batchCount
    let text = self.text
    builders.withUnsafeMutableBufferPointer { builders in
      cells.withUnsafeMutableBufferPointer { cells in
        decoded.withUnsafeBufferPointer { decoded in
          withUnsafeTemporaryAllocation(byteCount: max(count, 1) &* 8, alignment: 8) { scratch in
            for column in 0..<builders.count {
              let slots = column &* stride
              defer {
                for row in 0..<count { cells[slots &+ row] = .missing }
              }
              guard failures[column] == nil else { continue }
              var row = 0
              while row < count {
                row = JSONColumns.appendRun(
                  to: &builders[column], cells: cells, slots: slots, from: row, count: count,
                  text: text, decoded: decoded, scratch: scratch)
                guard row < count else { break }
                // A cell that the run does not read.
                let cell = cells[slots &+ row]
                if cell.start == Int.min {
                  builders[column].appendMissingCell()
                  row += 1
                  continue
                }
                let bytes = JSONColumns.bytes(of: cell, text: text, decoded: decoded)
                // Any string fits a text column, so it is stored as it is.
                if builders[column].declared == .text && !cell.isNumber {
                  builders[column].append(text: bytes)
                } else if !builders[column].appendCommonJSONValue(bytes, isNumber: cell.isNumber) {
                  do throws(CellError) {
                    if cell.isNumber {
                      try builders[column].append(numberToken: bytes)
                    } else {
                      try builders[column].append(bytes)
                    }
                  } catch {
                    var failure = error
                    failure.row = firstRow + row
                    failures[column] = failure
                    break
                  }
                }
                row += 1
              }
            }
          }
        }
      }
    }
    decoded.removeAll(keepingCapacity: true)
  }

  /// Returns the bytes of a cell that is not missing: in the text, or in `decoded` for a
  /// string with escapes.
  @inline(__always)
  private static func bytes(
    of cell: Cell, text: UnsafeBufferPointer<UInt8>, decoded: UnsafeBufferPointer<UInt8>
  ) -> UnsafeBufferPointer<UInt8> {
    cell.start >= 0
      ? UnsafeBufferPointer(rebasing: text[cell.start..<cell.end])
      : UnsafeBufferPointer(rebasing: decoded[(-1 - cell.start)..<cell.end])
  }

  /// Appends a column's cells from row `first` on while each is missing or has the shape
  /// that exports write most for the column's type. Those are a string in a text column, an
  /// ISO date string, and a whole number of money or a number. Returns the row of the first
  /// cell left, or `count`.
  ///
  /// The values go through `scratch` and are appended together. Each cell is stored as
  /// `appendMissingCell`, `append(text:)` or `appendCommonJSONValue` would store it.
  @inline(__always)
  private static func appendRun(
    to builder: inout ColumnBuilder, cells: UnsafeMutableBufferPointer<Cell>, slots: Int,
    from first: Int, count: Int, text: UnsafeBufferPointer<UInt8>,
    decoded: UnsafeBufferPointer<UInt8>, scratch: UnsafeMutableRawBufferPointer
  ) -> Int {
    var row = first
    switch builder.declared {
    case .text:
      while row < count && !cells[slots &+ row].isNumber { row += 1 }
      builder.text.append(cellCount: row - first) { index in
        let cell = cells[slots &+ first &+ index]
        guard cell.start != Int.min else { return UnsafeBufferPointer(start: nil, count: 0) }
        return ValueParser.trimmed(bytes(of: cell, text: text, decoded: decoded))
      }
    case .date:
      let run = scratch.bindMemory(to: Int32.self)
      while row < count {
        let cell = cells[slots &+ row]
        if cell.start == Int.min {
          run[row &- first] = Column.missingDate
        } else if !cell.isNumber,
          let day = ValueParser.isoDayNumber(bytes(of: cell, text: text, decoded: decoded))
        {
          run[row &- first] = day
        } else {
          break
        }
        row += 1
      }
      builder.dates.values.append(
        contentsOf: UnsafeBufferPointer(rebasing: run[0..<(row &- first)]))
    case .money where builder.namedCurrency == nil:
      let run = scratch.bindMemory(to: Int64.self)
      while row < count {
        let cell = cells[slots &+ row]
        if cell.start == Int.min {
          run[row &- first] = Column.missingMoney
        } else if cell.isNumber,
          let dollars = ValueParser.plainInteger(
            bytes(of: cell, text: text, decoded: decoded), maximumDigits: 13)
        {
          run[row &- first] = dollars &* 100
        } else {
          break
        }
        row += 1
      }
      builder.money.append(contentsOf: UnsafeBufferPointer(rebasing: run[0..<(row &- first)]))
    case .number:
      let run = scratch.bindMemory(to: Double.self)
      while row < count {
        let cell = cells[slots &+ row]
        if cell.start == Int.min {
          run[row &- first] = .nan
        } else if cell.isNumber,
          let whole = ValueParser.plainInteger(
            bytes(of: cell, text: text, decoded: decoded), maximumDigits: 15)
        {
          run[row &- first] = Double(whole)
        } else {
          break
        }
        row += 1
      }
      builder.numbers.append(contentsOf: UnsafeBufferPointer(rebasing: run[0..<(row &- first)]))
    default:
      return first
    }
    builder.count += row &- first
    return row
  }

  private static func batchStride(columns: Int) -> Int {
    max(1, min(batchRows, batchCells / max(columns, 1)))
  }

  /// Adds the rows read so far and makes the batch fit its cells to the number of columns,
  /// keeping the cells of the record being read.
  private mutating func narrowBatch() {
    let current = batchCount
    let old = stride
    // Adding the batch empties `decoded`, so the record's strings with escapes are kept
    // apart and written back after it.
    var escaped: [(column: Int, bytes: [UInt8])] = []
    for column in 0..<headers.count {
      let cell = cells[column * old + current]
      if cell.start < 0 && cell.start != Int.min {
        escaped.append((column, Array(decoded[(-1 - cell.start)..<cell.end])))
      }
    }
    addBatch()
    // Room for twice the columns, so that the batch narrows only now and then.
    stride = JSONColumns.batchStride(columns: headers.count * 2)
    var narrowed = [Cell](repeating: .missing, count: headers.count * stride)
    for column in 0..<headers.count {
      narrowed[column * stride] = cells[column * old + current]
    }
    for (column, bytes) in escaped {
      narrowed[column * stride].start = -1 - decoded.count
      decoded.append(contentsOf: bytes)
      narrowed[column * stride].end = decoded.count
    }
    cells = narrowed
  }

  /// Gives the keys met since the last batch their builders, with a missing cell for each
  /// record before the batch.
  private mutating func planNewColumns() {
    planner.add(Array(headers[builders.count...]))
    let earlierRows = rows - batchCount
    for index in builders.count..<headers.count {
      var builder = planner.builder(column: index, capacity: 0)
      for _ in 0..<earlierRows { builder.appendMissingCell() }
      builders.append(builder)
      failures.append(nil)
    }
  }
}
