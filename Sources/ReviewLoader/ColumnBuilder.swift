import ReviewBook

/// A problem with one cell, raised while a column is built; the loader adds the file and
/// the position.
struct CellError: Error {
  /// The 0-based account row.
  var row: Int
  var message: String
  var hint: String?
}

/// Builds one column from cell text. A column whose field declares a type parses every
/// cell as that type; a column of unknown meaning tries every type at once and keeps the
/// most specific one that every cell fits.
struct ColumnBuilder {
  let name: String
  let header: String
  /// The declared type, or nil to infer one.
  let declared: FieldType?

  private(set) var count = 0
  private var text: TextColumnBuilder?
  private var numbers: [Double]?
  private var money: [Int64]?
  private var moneyMarked = false
  private var dates: DateCandidate?
  private var booleans: [UInt8]?
  private var present = 0

  init(name: String, header: String, declared: FieldType?, capacity: Int = 0) {
    self.name = name
    self.header = header
    self.declared = declared
    switch declared {
    case nil:
      text = TextColumnBuilder(capacity: capacity)
      numbers = []
      money = []
      dates = DateCandidate()
      booleans = []
    case .text: text = TextColumnBuilder(capacity: capacity)
    case .number: numbers = []
    case .money: money = []
    case .date: dates = DateCandidate()
    case .boolean: booleans = []
    }
    numbers?.reserveCapacity(capacity)
    money?.reserveCapacity(capacity)
    booleans?.reserveCapacity(capacity)
    dates?.values.reserveCapacity(capacity)
  }

  /// Adds the next cell. The bytes must be valid UTF-8.
  mutating func append(_ raw: UnsafeBufferPointer<UInt8>) throws(CellError) {
    let cell = ValueParser.trimmed(raw)
    defer { count += 1 }

    switch declared {
    case .text:
      text!.append(utf8: cell)
      return
    case nil:
      try appendInferred(cell)
      return
    default:
      break
    }

    if ValueParser.isMissingMarker(cell) {
      appendMissing()
      return
    }
    switch declared {
    case .number:
      guard let value = ValueParser.number(cell) else {
        throw cellError(cell, expected: "a number", example: "62.4 or 80%")
      }
      numbers!.append(value == 0 ? 0 : value)
    case .money:
      guard let cents = ValueParser.money(cell) else {
        throw cellError(cell, expected: "an amount of money", example: "$49,461, 1.2M or 50k")
      }
      money!.append(cents)
    case .date:
      guard let shape = ValueParser.date(cell) else {
        throw cellError(cell, expected: "a date", example: "2016-05-01, May 1, 2016 or 05/01/2016")
      }
      dates!.append(shape, row: count)
    case .boolean:
      guard let flag = ValueParser.boolean(cell, allowDigits: true) else {
        throw cellError(cell, expected: "yes or no", example: "true, false, yes, no, 1 or 0")
      }
      booleans!.append(flag ? 1 : 0)
    case .text, nil:
      break
    }
  }

  /// Adds a missing cell, as for a key that a JSON record lacks.
  mutating func appendMissing() {
    text?.appendMissing()
    numbers?.append(.nan)
    money?.append(Column.missingMoney)
    dates?.appendMissing()
    booleans?.append(Column.missingBoolean)
  }

  /// Adds a missing cell and counts it, for callers outside `append`.
  mutating func appendMissingCell() {
    appendMissing()
    count += 1
  }

  private mutating func appendInferred(_ cell: UnsafeBufferPointer<UInt8>) throws(CellError) {
    text!.append(utf8: cell)
    if ValueParser.isMissingMarker(cell) {
      numbers?.append(.nan)
      money?.append(Column.missingMoney)
      dates?.appendMissing()
      booleans?.append(Column.missingBoolean)
      return
    }
    present += 1

    if booleans != nil {
      if let flag = ValueParser.boolean(cell) {
        booleans!.append(flag ? 1 : 0)
      } else {
        booleans = nil
      }
    }
    if numbers != nil || money != nil {
      if ValueParser.hasLeadingZero(cell) {
        numbers = nil
        money = nil
      }
    }
    if numbers != nil {
      if let value = ValueParser.number(cell) {
        numbers!.append(value == 0 ? 0 : value)
      } else {
        numbers = nil
      }
    }
    if money != nil {
      if let parsed = ValueParser.moneyWithMarker(cell) {
        money!.append(parsed.cents)
        moneyMarked = moneyMarked || parsed.marked
      } else {
        money = nil
      }
    }
    if dates != nil {
      if let shape = ValueParser.date(cell) {
        dates!.append(shape, row: count)
      } else {
        dates = nil
      }
    }
  }

  private func cellError(
    _ cell: UnsafeBufferPointer<UInt8>, expected: String, example: String
  ) -> CellError {
    let shown = String(decoding: cell, as: UTF8.self)
    var message =
      "\(name) must be \(expected), but the cell in column \"\(header)\" is \"\(shown)\""
    if expected == "a number", ValueParser.number(cell) == nil, looksNumeric(cell) {
      message = "\(name) in column \"\(header)\" is \"\(shown)\", which is out of range"
    } else if expected == "a date", looksLikeISODate(cell) {
      message =
        "\(name) in column \"\(header)\" is \"\(shown)\", which is not a date in the calendar"
    }
    return CellError(
      row: count, message: message,
      hint:
        "write \(expected) such as \(example), leave the cell empty, or load the column under another name with --map '\(header)=\(Field.matchingKey(header))_text'"
    )
  }

  private func looksNumeric(_ cell: UnsafeBufferPointer<UInt8>) -> Bool {
    cell.allSatisfy {
      ValueParser.isDigitByte($0) || $0 == 0x2E || $0 == 0x2D || $0 == 0x2B || $0 | 0x20 == 0x65
    }
  }

  private func looksLikeISODate(_ cell: UnsafeBufferPointer<UInt8>) -> Bool {
    guard cell.count >= 8 else { return false }
    var dashes = 0
    for byte in cell {
      if byte == 0x2D || byte == 0x2F {
        dashes += 1
      } else if !ValueParser.isDigitByte(byte) {
        return false
      }
    }
    return dashes == 2
  }

  /// The finished column and its type. `dateOrder` resolves numeric dates whose column
  /// gives no evidence of its own.
  func finish(dateOrder: ValueParser.DateOrder?) throws(CellError) -> Column {
    switch declared {
    case .text: return .text(text!.finish())
    case .number: return .number(numbers!)
    case .money: return .money(money!)
    case .boolean: return .boolean(booleans!)
    case .date: return .date(try dates!.resolve(column: self, fallbackOrder: dateOrder))
    case nil: break
    }

    guard present > 0 else { return .text(text!.finish()) }
    if let booleans { return .boolean(booleans) }
    if let dates, let resolved = try? dates.resolve(column: self, fallbackOrder: dateOrder) {
      return .date(resolved)
    }
    if let numbers, !moneyMarked { return .number(numbers) }
    if let money, moneyMarked { return .money(money) }
    return .text(text!.finish())
  }

  /// Whether the column held numeric dates whose order no cell decides, so that it can only
  /// be read with `--dates`.
  func isAmbiguousDateColumn(dateOrder: ValueParser.DateOrder?) -> Bool {
    guard let dates, dateOrder == nil else { return false }
    return dates.numericCount > 0 && dates.dayFirstEvidence == nil
      && dates.monthFirstEvidence == nil
  }
}

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

  private static let packedBase: Int32 = 100_000_000

  mutating func append(_ shape: ValueParser.DateShape, row: Int) {
    switch shape {
    case .day(let day):
      values.append(day.number)
    case .numeric(let first, let second, let year):
      numericCount += 1
      if first > 12 && dayFirstEvidence == nil { dayFirstEvidence = row }
      if second > 12 && monthFirstEvidence == nil { monthFirstEvidence = row }
      values.append(DateCandidate.packedBase + Int32(year * 1024 + first * 32 + second))
    }
  }

  mutating func appendMissing() {
    values.append(Column.missingDate)
  }

  private static func unpack(_ packed: Int32) -> ValueParser.DateShape {
    let raw = Int(packed - packedBase)
    return .numeric(first: (raw >> 5) & 31, second: raw & 31, year: raw >> 10)
  }

  func resolve(
    column: ColumnBuilder, fallbackOrder: ValueParser.DateOrder?
  ) throws(CellError) -> [Int32] {
    guard numericCount > 0 else { return values }

    // The column's own cells decide the order. The fallback (`--dates`) applies only where
    // they give no evidence or contradict each other.
    let order: ValueParser.DateOrder
    if let dayFirst = dayFirstEvidence, let monthFirst = monthFirstEvidence {
      guard let fallbackOrder else {
        throw CellError(
          row: max(dayFirst, monthFirst),
          message:
            "column \"\(column.header)\" mixes day-first dates (row \(dayFirst + 1)) and month-first dates (row \(monthFirst + 1))",
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
        throw CellError(
          row: row,
          message:
            "\(column.name) in column \"\(column.header)\" is \(written), which is not a date when read as \(order == .monthFirst ? "month/day/year" : "day/month/year")",
          hint:
            "correct the cell, or choose the other order with --dates \(order == .monthFirst ? "dmy" : "mdy")"
        )
      }
      resolved[row] = day.number
    }
    return resolved
  }
}
