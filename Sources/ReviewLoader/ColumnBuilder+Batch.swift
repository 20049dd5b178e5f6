import ReviewBook

extension ColumnBuilder {
  /// Adds one column of a batch of CSV records: the cell of row `row` is
  /// `fields[row * stride + column]`, a range of `bytes`.
  ///
  /// A date, money, number or yes/no column reads the cells that exports write most (plain
  /// values and empty cells) into a buffer and appends the buffer at once, and a text column
  /// appends its cells directly. Any other cell, and every cell of inferred columns and of
  /// number and money columns in files with decimal commas, goes through `append(_:)` after
  /// the cells before it.
  /// Returns the first row whose cell the column cannot read, with its error; the rows
  /// before it are added.
  mutating func append(
    column: Int, of fields: UnsafeBufferPointer<CSVField>, stride: Int, rows: Int,
    bytes: UnsafeBufferPointer<UInt8>, scratch: inout [UInt8]
  ) -> (row: Int, error: CellError)? {
    switch declared {
    case .date:
      return appendRun(
        column: column, of: fields, stride: stride, rows: rows, bytes: bytes, scratch: &scratch,
        reader: ISODateCells(),
        store: { builder, run in builder.dates.values.append(contentsOf: run) })
    case .money where !decimalComma && namedCurrency == nil:
      // A cell in another currency than the column's first goes through `append(_:)`,
      // which notes it. So does every cell of a column whose header names a currency,
      // where a cell without one is noted too.
      // So does a cell whose dots `append(_:)` must note, which is the first cell of each
      // reading, and every cell read with separators between thousands until one shows it.
      return appendRun(
        column: column, of: fields, stride: stride, rows: rows, bytes: bytes, scratch: &scratch,
        reader: MoneyCells(
          currency: currencies.first?.currency, dotReadings: dotReadings,
          dotsGroupThousands: dotsGroupThousands),
        store: { builder, run in builder.money.append(contentsOf: run) })
    case .number where !decimalComma:
      return appendRun(
        column: column, of: fields, stride: stride, rows: rows, bytes: bytes, scratch: &scratch,
        reader: NumberCells(),
        store: { builder, run in builder.numbers.append(contentsOf: run) })
    case .boolean:
      return appendRun(
        column: column, of: fields, stride: stride, rows: rows, bytes: bytes, scratch: &scratch,
        reader: BooleanCells(),
        store: { builder, run in builder.booleans.append(contentsOf: run) })
    case .text:
      // Any text is a cell of a text column, so only doubled quotes take the long way. The
      // cells between them are appended as one run.
      var row = 0
      while row < rows {
        var end = row
        while end < rows && !fields[end * stride + column].hasEscapedQuotes { end += 1 }
        if end > row {
          let first = row
          text.append(cellCount: end - row) { index in
            let field = fields[(first + index) * stride + column]
            return ValueParser.trimmed(
              UnsafeBufferPointer(rebasing: bytes[field.start..<field.end]))
          }
        }
        if end < rows {
          append(quotedText: fields[end * stride + column], bytes: bytes, scratch: &scratch)
          end += 1
        }
        row = end
      }
      count += rows
      return nil
    default:
      for row in 0..<rows {
        let field = fields[row * stride + column]
        do throws(CellError) {
          try append(field, bytes: bytes, scratch: &scratch)
        } catch {
          return (row, error)
        }
      }
      return nil
    }
  }

  /// Reads cells with `reader` into a buffer of runs, which `store` appends, and passes a
  /// cell that `reader` declines to `append(_:)`. An empty cell is the reader's `missing`.
  @inline(__always)
  private mutating func appendRun<Reader: CellReader>(
    column: Int, of fields: UnsafeBufferPointer<CSVField>, stride: Int, rows: Int,
    bytes: UnsafeBufferPointer<UInt8>, scratch: inout [UInt8], reader: Reader,
    store: (inout ColumnBuilder, UnsafeBufferPointer<Reader.Stored>) -> Void
  ) -> (row: Int, error: CellError)? {
    let missing = Reader.missing
    return withUnsafeTemporaryAllocation(of: Reader.Stored.self, capacity: max(rows, 1)) { run in
      var pending = 0
      func flush(_ builder: inout ColumnBuilder) {
        guard pending > 0 else { return }
        store(&builder, UnsafeBufferPointer(rebasing: run[0..<pending]))
        builder.count += pending
        pending = 0
      }

      for row in 0..<rows {
        let field = fields[row * stride + column]
        if !field.hasEscapedQuotes {
          let cell = ValueParser.trimmed(
            UnsafeBufferPointer(rebasing: bytes[field.start..<field.end]))
          if cell.isEmpty {
            run.initializeElement(at: pending, to: missing)
            pending += 1
            continue
          }
          if let value = reader.read(cell) {
            run.initializeElement(at: pending, to: value)
            pending += 1
            continue
          }
        }
        // The slow path sees the cells before it, because it may record the row it is on.
        flush(&self)
        do throws(CellError) {
          try append(field, bytes: bytes, scratch: &scratch)
        } catch {
          return (row, error)
        }
      }
      flush(&self)
      return nil
    }
  }

  /// Adds one field of a CSV record, with doubled quotes undone.
  @inline(__always)
  mutating func append(
    _ field: CSVField, bytes: UnsafeBufferPointer<UInt8>, scratch: inout [UInt8]
  ) throws(CellError) {
    guard field.hasEscapedQuotes else {
      try append(UnsafeBufferPointer(rebasing: bytes[field.start..<field.end]))
      return
    }
    ColumnBuilder.undoubleQuotes(field, bytes: bytes, into: &scratch)
    try scratch.withUnsafeBufferPointer { cell throws(CellError) in try append(cell) }
  }

  /// Adds a JSON value of the shapes machine exports write most, as `append(_:)` or
  /// `append(numberToken:)` would: a whole number of money or a number, or an ISO date.
  /// Returns false, having added nothing, for any other value.
  @inline(__always)
  mutating func appendCommonJSONValue(_ value: UnsafeBufferPointer<UInt8>, isNumber: Bool) -> Bool {
    switch declared {
    case .money where isNumber:
      guard let dollars = ValueParser.plainInteger(value, maximumDigits: 13) else { return false }
      money.append(dollars * 100)
      if namedCurrency != nil && currencies.firstPlain == nil {
        currencies.notePlain(row: count, cell: value)
      }
    case .number where isNumber:
      guard let whole = ValueParser.plainInteger(value, maximumDigits: 15) else { return false }
      numbers.append(Double(whole))
    case .date where !isNumber:
      guard let day = ValueParser.isoDayNumber(value) else { return false }
      dates.values.append(day)
    default:
      return false
    }
    count += 1
    return true
  }

  /// Adds a cell to a text column, as `append(_:)` does for one.
  @inline(__always)
  mutating func append(text cell: UnsafeBufferPointer<UInt8>) {
    text.append(utf8: ValueParser.trimmed(cell))
    count += 1
  }

  /// Adds a field with doubled quotes to a text column's cells, without counting it.
  private mutating func append(
    quotedText field: CSVField, bytes: UnsafeBufferPointer<UInt8>, scratch: inout [UInt8]
  ) {
    ColumnBuilder.undoubleQuotes(field, bytes: bytes, into: &scratch)
    scratch.withUnsafeBufferPointer { text.append(utf8: ValueParser.trimmed($0)) }
  }

  /// Writes the field's bytes into `scratch` with each doubled quote written once.
  private static func undoubleQuotes(
    _ field: CSVField, bytes: UnsafeBufferPointer<UInt8>, into scratch: inout [UInt8]
  ) {
    scratch.removeAll(keepingCapacity: true)
    var index = field.start
    while index < field.end {
      let byte = bytes[index]
      scratch.append(byte)
      index += byte == UInt8(ascii: "\"") ? 2 : 1
    }
  }
}

/// Reads the cells of one type that exports write most, for `appendRun`: a generic
/// parameter rather than a closure, so that each column type's loop calls its reader
/// directly and inlines it.
private protocol CellReader {
  associatedtype Stored
  /// The value stored for an empty cell.
  static var missing: Stored { get }
  /// Returns the value of a trimmed cell that is not empty, or nil to leave the cell to
  /// `append(_:)`.
  func read(_ cell: UnsafeBufferPointer<UInt8>) -> Stored?
}

private struct ISODateCells: CellReader {
  static var missing: Int32 { Column.missingDate }

  @inline(__always)
  func read(_ cell: UnsafeBufferPointer<UInt8>) -> Int32? { ValueParser.isoDayNumber(cell) }
}

private struct MoneyCells: CellReader {
  /// The currency of the column's first cell that named one.
  let currency: Currency?
  let dotReadings: DotReadings
  let dotsGroupThousands: Bool

  static var missing: Int64 { Column.missingMoney }

  @inline(__always)
  func read(_ cell: UnsafeBufferPointer<UInt8>) -> Int64? {
    // Whole dollars, the usual cell, read here as `moneyReading` reads them: with no
    // currency and no dots to note.
    if let dollars = ValueParser.plainInteger(cell, maximumDigits: 13) {
      return dollars &* 100
    }
    guard
      let parsed = ValueParser.moneyReading(
        cell, dotsGroupThousands: dotsGroupThousands, allowsExponent: true),
      parsed.currency == nil || parsed.currency == currency,
      !dotReadings.needsNote(parsed.dots)
    else { return nil }
    return parsed.cents
  }
}

private struct NumberCells: CellReader {
  static var missing: Double { .nan }

  /// Negative zero is stored as zero.
  @inline(__always)
  func read(_ cell: UnsafeBufferPointer<UInt8>) -> Double? {
    // A whole number, the usual cell, read here as `ValueParser.number` reads it.
    if let whole = ValueParser.plainInteger(cell, maximumDigits: 15) {
      return Double(whole)
    }
    return ValueParser.number(cell).map { $0 == 0 ? 0 : $0 }
  }
}

private struct BooleanCells: CellReader {
  static var missing: UInt8 { Column.missingBoolean }

  @inline(__always)
  func read(_ cell: UnsafeBufferPointer<UInt8>) -> UInt8? {
    ValueParser.boolean(cell, allowDigits: true).map { $0 ? 1 : 0 }
  }
}
