import ReviewBook

/// Date cells seen so far. Numeric dates (`05/01/2016`) are kept as written until the
/// column's day/month order is known.
struct DateCandidate {
  /// Day numbers, `Column.missingDate`, or a numeric date packed by `pack`.
  var values: [Int32] = []
  var numericCount = 0
  /// A row whose first number exceeds 12, so the column writes the day first.
  var dayFirstEvidence: Int?
  /// A row whose second number exceeds 12, so the column writes the month first.
  var monthFirstEvidence: Int?
  /// Whether a numeric date is written with dots (`04.03.2022`), which only exports that
  /// write the day first do.
  var hasDottedDate = false

  private static let packedBase: Int32 = 100_000_000

  /// Adds a date cell that `ValueParser.date` read as `shape`.
  mutating func append(_ shape: ValueParser.DateShape, cell: UnsafeBufferPointer<UInt8>, row: Int) {
    switch shape {
    case .day(let day):
      values.append(day.number)
    case .numeric(let first, let second, let year):
      numericCount += 1
      if !hasDottedDate && cell.count > 2 {
        hasDottedDate = cell[1] == UInt8(ascii: ".") || cell[2] == UInt8(ascii: ".")
      }
      if first > 12 && dayFirstEvidence == nil { dayFirstEvidence = row }
      if second > 12 && monthFirstEvidence == nil { monthFirstEvidence = row }
      values.append(DateCandidate.packedBase + Int32(year * 1024 + first * 32 + second))
    }
  }

  mutating func appendMissing() {
    values.append(Column.missingDate)
  }

  /// Appends the cells of a later part of the same column.
  mutating func append(contentsOf other: DateCandidate) {
    let rowOffset = values.count
    values.append(contentsOf: other.values)
    numericCount += other.numericCount
    hasDottedDate = hasDottedDate || other.hasDottedDate
    if dayFirstEvidence == nil, let row = other.dayFirstEvidence {
      dayFirstEvidence = row + rowOffset
    }
    if monthFirstEvidence == nil, let row = other.monthFirstEvidence {
      monthFirstEvidence = row + rowOffset
    }
  }

  private static func unpack(_ packed: Int32) -> ValueParser.DateShape {
    let raw = Int(packed - packedBase)
    return .numeric(first: (raw >> 5) & 31, second: raw & 31, year: raw >> 10)
  }

  /// The day numbers, numeric dates read in the order the column's cells show or, where
  /// they do not, in `fallbackOrder`. An order that the header spells out binds: every
  /// cell is read that way, and one that cannot be is an error. `line` turns a row into
  /// its line in the file, for messages.
  func resolve(
    column: ColumnBuilder, fallbackOrder: ValueParser.DateOrder?,
    headerOrder: ValueParser.DateOrder? = nil, line: (Int) -> Int
  ) throws(CellError) -> [Int32] {
    guard numericCount > 0 else { return values }

    // The column's own cells decide the order. The fallback (`--dates`) applies only where
    // they give no evidence or contradict each other.
    let order: ValueParser.DateOrder
    if let headerOrder {
      order = headerOrder
    } else if let dayFirst = dayFirstEvidence, let monthFirst = monthFirstEvidence {
      guard let fallbackOrder else {
        throw CellError(
          row: max(dayFirst, monthFirst),
          message:
            "column \"\(column.header)\" mixes day-first dates (line \(line(dayFirst))) and month-first dates (line \(line(monthFirst)))",
          hint:
            "choose one order with --dates dmy or --dates mdy, and correct the cells that do not follow it"
        )
      }
      order = fallbackOrder
    } else if dayFirstEvidence != nil {
      order = .dayFirst
    } else if monthFirstEvidence != nil {
      order = .monthFirst
    } else if let fallbackOrder {
      order = fallbackOrder
    } else if hasDottedDate {
      order = .dayFirst
    } else {
      let firstRow = values.firstIndex { $0 >= DateCandidate.packedBase } ?? 0
      throw CellError(
        row: firstRow,
        message:
          "cannot tell the day from the month in column \"\(column.header)\": no date in it has a day above 12",
        hint:
          "run again with --dates mdy if 05/01/2016 means May 1, or --dates dmy if it means 5 January"
      )
    }

    var resolved = values
    for (row, value) in values.enumerated() where value >= DateCandidate.packedBase {
      let shape = DateCandidate.unpack(value)
      guard let day = ValueParser.resolve(shape, order: order) else {
        let written: String
        if case .numeric(let first, let second, let year) = shape {
          written = "\(first)/\(second)/\(year)"
        } else {
          written = "?"
        }
        let reading = order == .monthFirst ? "month/day/year" : "day/month/year"
        throw CellError(
          row: row,
          message:
            "\(column.name) in column \"\(column.header)\" is \(written), which is not a date when read as \(reading)\(headerOrder == nil ? "" : ", as the header says")",
          hint: headerOrder == nil
            ? "correct the cell, or choose the other order with --dates \(order == .monthFirst ? "dmy" : "mdy")"
            : "correct the cell, or the date format in the header if the column is not written \(reading)"
        )
      }
      resolved[row] = day.number
    }
    return resolved
  }
}
