import ReviewBook

/// What stops a part of a CSV file from loading.
enum CSVFailure {
  /// A record that cannot be split into fields.
  case syntax(CSVSyntaxError)
  /// A record whose number of fields differs from the header's; the line is counted from
  /// the part's first record.
  case fieldCount(line: Int, fields: Int)
  /// A cell that its column cannot read, and the byte offset of the cell.
  case cell(CellError, offset: Int)
}

/// The accounts of one part of a CSV file: the records that start in a byte range.
struct CSVPart {
  /// Where the part's first record starts.
  var start: Int
  /// Line ends between the start of the range and `start`.
  var leadingLines = 0
  /// Where the record after the part's last one starts, or the end of the text.
  var stop: Int
  /// Line ends from `start` to `stop`.
  var lines = 0
  var rows = 0
  var columns: [ColumnBuilder]
  /// Lines, counted from `start`, of the records that repeat the header.
  var repeatedHeaders: [Int] = []
  /// Why the part stopped early, if it did.
  var failure: CSVFailure?
  /// Whether the range holds a NUL byte or invalid UTF-8, when it was checked.
  var hasInvalidText = false
}

/// Reads the records that follow a CSV header into column builders, skipping blank rows and
/// rows that repeat the header. It reads any byte range that starts where a record starts,
/// so that parts of one file can be read on several threads.
struct CSVRecordReader: @unchecked Sendable {
  // The buffer stays valid while the source that owns it is alive, which the loader
  // ensures for as long as any reader runs.
  let bytes: UnsafeBufferPointer<UInt8>
  let delimiter: UInt8
  let expectedFields: Int
  let padsShortRows: Bool
  /// The header's matching keys (`Field.matchingKey`), as strings and as UTF-8 bytes.
  private let headerKeys: [String]
  private let headerKeyBytes: [[UInt8]]
  private let headerHasKeys: Bool
  /// The first byte of the first column's matching key, or 0 when that key is empty.
  private let firstKeyLead: UInt8

  init(
    bytes: UnsafeBufferPointer<UInt8>, delimiter: UInt8, headerKeys: [String],
    padsShortRows: Bool
  ) {
    self.bytes = bytes
    self.delimiter = delimiter
    self.expectedFields = headerKeys.count
    self.padsShortRows = padsShortRows
    self.headerKeys = headerKeys
    self.headerKeyBytes = headerKeys.map { Array($0.utf8) }
    self.headerHasKeys = headerKeys.contains { !$0.isEmpty }
    self.firstKeyLead = headerKeys.first?.utf8.first ?? 0
  }

  /// What to do with one record.
  enum Disposition {
    case account
    case blank
    case repeatedHeader
    case wrongFieldCount
  }

  /// Reads the records that start at `start` or later and before `limit`, after blank lines.
  /// `start` must be where a record or a blank line starts.
  /// - Complexity: O(n) in the bytes read; the last record may end past `limit`.
  func read(from start: Int, before limit: Int, into columns: [ColumnBuilder]) -> CSVPart {
    var tokenizer = CSVTokenizer(bytes: bytes, delimiter: delimiter, start: start, line: 0)
    tokenizer.skipBlankLines()
    var part = CSVPart(start: tokenizer.position, stop: tokenizer.position, columns: [])
    part.leadingLines = tokenizer.line
    tokenizer.line = 0

    var fields: [CSVField] = []
    fields.reserveCapacity(expectedFields + 1)
    var scratch: [UInt8] = []
    let end = min(limit, bytes.count)
    // Most records are read a word at a time into a batch of rows, and the batch's cells
    // are then added a column at a time. Only records that are not plainly accounts go
    // through `fields` and `disposition`, after the batch before them is added.
    let scansWords = CSVTokenizer.scansWords(delimiter: delimiter)
    var batch = CSVBatch(fieldsPerRow: expectedFields)
    defer { batch.deallocate() }

    var builders = columns
    builders.withUnsafeMutableBufferPointer { columns in
      reading: while true {
        tokenizer.skipBlankLines()
        guard tokenizer.position < end else { break }

        if scansWords, let count = tokenizer.nextRecord(into: batch.nextRow) {
          let record = UnsafeBufferPointer(rebasing: batch.nextRow[0..<count])
          if count == expectedFields && isPlainAccount(firstField: record[0]) {
            batch.rows += 1
            part.rows += 1
            if batch.isFull, let failure = flush(&batch, to: columns, scratch: &scratch) {
              part.failure = failure
              break reading
            }
            continue reading
          }
          fields.removeAll(keepingCapacity: true)
          fields.append(contentsOf: record)
        } else {
          do throws(CSVSyntaxError) {
            _ = try tokenizer.nextRecord(&fields)
          } catch {
            // A cell of an earlier record fails first.
            part.failure = flush(&batch, to: columns, scratch: &scratch) ?? .syntax(error)
            break reading
          }
        }
        if let failure = flush(&batch, to: columns, scratch: &scratch) {
          part.failure = failure
          break reading
        }
        switch disposition(of: &fields, recordStart: tokenizer.recordStart) {
        case .blank:
          continue reading
        case .repeatedHeader:
          part.repeatedHeaders.append(tokenizer.recordLine)
          continue reading
        case .wrongFieldCount:
          part.failure = .fieldCount(line: tokenizer.recordLine, fields: fields.count)
          break reading
        case .account:
          break
        }
        let failure = fields.withUnsafeBufferPointer { record in
          append(record, to: columns, scratch: &scratch)
        }
        if let failure {
          part.failure = failure
          break reading
        }
        part.rows += 1
      }
      if part.failure == nil, let failure = flush(&batch, to: columns, scratch: &scratch) {
        part.failure = failure
      }
    }
    part.columns = builders
    part.stop = tokenizer.position
    part.lines = tokenizer.line
    return part
  }

  /// Adds the batch's rows to their columns a column at a time, so that each column's loop
  /// parses one type, and empties the batch. Returns the failure of the cell that a reading
  /// row by row would meet first.
  private func flush(
    _ batch: inout CSVBatch, to columns: UnsafeMutableBufferPointer<ColumnBuilder>,
    scratch: inout [UInt8]
  ) -> CSVFailure? {
    defer { batch.rows = 0 }
    var first: (row: Int, failure: CSVFailure)?
    let fields = UnsafeBufferPointer(batch.fields)
    for column in 0..<expectedFields {
      let rows = first?.row ?? batch.rows
      if let failed = columns[column].append(
        column: column, of: fields, stride: expectedFields, rows: rows, bytes: bytes,
        scratch: &scratch)
      {
        // Earlier columns have no failure in this row or before it, so this is the first.
        let field = fields[failed.row * expectedFields + column]
        first = (failed.row, .cell(failed.error, offset: field.start))
      }
    }
    return first?.failure
  }

  /// Appends the cells of one account to their columns; returns the failure of the first
  /// cell that its column cannot read.
  @inline(__always)
  private func append(
    _ record: UnsafeBufferPointer<CSVField>, to columns: UnsafeMutableBufferPointer<ColumnBuilder>,
    scratch: inout [UInt8]
  ) -> CSVFailure? {
    for index in 0..<record.count {
      let field = record[index]
      do throws(CellError) {
        try columns[index].append(field, bytes: bytes, scratch: &scratch)
      } catch {
        return .cell(error, offset: field.start)
      }
    }
    return nil
  }

  /// Whether a record with the header's number of fields is an account without looking
  /// further than its first byte: a letter or digit that cannot start the header's first
  /// matching key, so the record is neither blank nor a repeat of the header.
  @inline(__always)
  private func isPlainAccount(firstField field: CSVField) -> Bool {
    guard field.start < field.end else { return false }
    let byte = bytes[field.start]
    if byte &- 0x30 < 10 { return byte != firstKeyLead }
    let lower = byte | 0x20
    return lower &- 0x61 < 26 && lower != firstKeyLead
  }

  /// The offset where the record of account `row` (0-based) starts, reading from `start`
  /// as `read` does, or nil when there are fewer accounts.
  /// - Complexity: O(n) in the bytes up to that record.
  func recordStart(ofRow row: Int, from start: Int) -> Int? {
    var tokenizer = CSVTokenizer(bytes: bytes, delimiter: delimiter, start: start)
    var fields: [CSVField] = []
    var accounts = 0
    while (try? tokenizer.nextRecord(&fields)) == true {
      guard disposition(of: &fields, recordStart: tokenizer.recordStart) == .account else {
        continue
      }
      if accounts == row { return tokenizer.recordStart }
      accounts += 1
    }
    return nil
  }

  /// Decides whether a record is an account; pads a short row when the options allow it.
  func disposition(of fields: inout [CSVField], recordStart: Int) -> Disposition {
    if fields.count != expectedFields {
      if fields.count == 1 && fields[0].start == fields[0].end { return .blank }
      if fields.allSatisfy({ isBlank($0) }) { return .blank }
      // Empty fields past the header's last column, as spreadsheets write them, are dropped.
      while fields.count > expectedFields, let last = fields.last, isBlank(last) {
        fields.removeLast()
      }
      if fields.count == expectedFields {
        return repeatsHeader(fields) ? .repeatedHeader : .account
      }
      guard fields.count < expectedFields && padsShortRows else { return .wrongFieldCount }
      let end = fields.last?.end ?? recordStart
      while fields.count < expectedFields {
        fields.append(CSVField(start: end, end: end, hasEscapedQuotes: false))
      }
    }
    if fields.allSatisfy({ isBlank($0) }) { return .blank }
    if repeatsHeader(fields) { return .repeatedHeader }
    return .account
  }

  private func isBlank(_ field: CSVField) -> Bool {
    ValueParser.trimmed(UnsafeBufferPointer(rebasing: bytes[field.start..<field.end])).isEmpty
  }

  /// Whether every field has the matching key of its header, as in a header row that an
  /// export repeats between pages.
  private func repeatsHeader(_ fields: [CSVField]) -> Bool {
    guard headerHasKeys else { return false }
    for index in 0..<min(fields.count, expectedFields) {
      let field = fields[index]
      let cell = UnsafeBufferPointer(rebasing: bytes[field.start..<field.end])
      if !matches(cell, key: index) { return false }
    }
    return true
  }

  /// Whether a cell's matching key is the header's. ASCII cells are compared byte by byte,
  /// because their key is their letters and digits, lowercased. Quotes are not letters, so
  /// doubled quotes need not be undone.
  private func matches(_ cell: UnsafeBufferPointer<UInt8>, key index: Int) -> Bool {
    headerKeyBytes[index].withUnsafeBufferPointer { key in
      var position = 0
      for byte in cell {
        guard byte < 0x80 else {
          return Field.matchingKey(String(decoding: cell, as: UTF8.self)) == headerKeys[index]
        }
        let lower = byte &- 0x41 < 26 ? byte | 0x20 : byte
        guard lower &- 0x61 < 26 || lower &- 0x30 < 10 else { continue }
        guard position < key.count, key[position] == lower else { return false }
        position += 1
      }
      return position == key.count
    }
  }
}

/// Fields of consecutive account records, a row of `fieldsPerRow` after another, waiting to
/// be added to their columns.
private struct CSVBatch {
  static let capacity = 512

  let fieldsPerRow: Int
  let fields: UnsafeMutableBufferPointer<CSVField>
  var rows = 0

  init(fieldsPerRow: Int) {
    self.fieldsPerRow = fieldsPerRow
    // Room for a longer record after the last row, so that the tokenizer can find out that
    // a record does not fit.
    fields = .allocate(capacity: CSVBatch.capacity * fieldsPerRow + 4)
  }

  var isFull: Bool { rows == CSVBatch.capacity }

  /// The slot for the next record, with room for a few more fields than a row has.
  var nextRow: UnsafeMutableBufferPointer<CSVField> {
    let start = rows * fieldsPerRow
    return UnsafeMutableBufferPointer(rebasing: fields[start..<(start + fieldsPerRow + 4)])
  }

  func deallocate() {
    fields.deallocate()
  }
}
