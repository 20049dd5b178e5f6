import ReviewBook

/// A problem with one cell, raised while a column is built; the loader adds the file and
/// the position.
struct CellError: Error {
  /// The 0-based account row.
  var row: Int
  var message: String
  var hint: String?
}

/// Builds one column from cell bytes. A column whose field declares a type parses every
/// cell as that type. A column of unknown meaning tries the boolean, date, number and money
/// readings at once, drops each at the first cell that does not fit it, and keeps the most
/// specific one that every cell fits; once none fits, it is text and nothing else is tried.
///
/// Builders of consecutive parts of one column combine with `append(contentsOf:)`, so that
/// parts of a file can be read apart and joined in order.
struct ColumnBuilder {
  /// The typed readings an inferred column still fits.
  struct Readings: OptionSet {
    let rawValue: UInt8
    static let boolean = Readings(rawValue: 1)
    static let date = Readings(rawValue: 2)
    static let number = Readings(rawValue: 4)
    static let money = Readings(rawValue: 8)
    static let all: Readings = [.boolean, .date, .number, .money]
  }

  let name: String
  let header: String
  /// The declared type, or nil to infer one.
  let declared: FieldType?
  /// Whether numbers and money are read with a decimal comma first (`72,5`, `1.234,50`),
  /// as exports from countries that write them so do; a cell that does not read that way
  /// is read with a decimal point.
  var decimalComma = false
  /// Whether a dot followed by groups of three digits in money separates thousands
  /// (`7.500`). It is false with `--decimal-point`, which makes every dot a decimal point.
  var dotsGroupThousands = true

  // The stored cells are internal so that the batch reader in ColumnBuilder+Batch.swift
  // can append runs of them at once.
  var count = 0
  /// Text cells: a `.text` column, or an inferred column once no typed reading fits.
  var text = TextColumnBuilder()
  var numbers: [Double] = []
  var money: [Int64] = []
  private var moneyMarked = false
  /// The first cell that names a currency, and the first after it that names another.
  var currencies = CurrencyCells()
  /// The currency the header names, as in `ARR (EUR)`, which amounts without one take.
  let namedCurrency: Currency?
  /// The first money cell whose dots separate thousands, the first whose dot is a decimal
  /// point, and whether any cell shows that its dots separate thousands.
  private(set) var dotReadings = DotReadings()
  /// In a file with decimal commas: the first money cell whose commas separate thousands
  /// (`1,234`) and the first whose comma is a decimal comma (`2,5`).
  private(set) var commaReadings = DotReadings()
  var dates = DateCandidate()
  var booleans: [UInt8] = []
  /// For an inferred column: the readings still possible, and the trimmed cells as written
  /// for the case that the column turns out to be text.
  // NOTE: an inferred column that stays typed to its end keeps a copy of its cells as
  // written until `finish`, so it briefly needs about its text's size again.
  private var readings: Readings = []
  private var written = TextColumnBuilder(plainWithCapacity: 0)
  private var present = 0
  /// For an inferred column: the cell that ended its date reading while it was the last
  /// one left, when that cell is shaped like a date but is not one (`2022-02-30`).
  private(set) var impossibleDate: (row: Int, text: String)?

  init(name: String, header: String, declared: FieldType?, capacity: Int = 0) {
    self.name = name
    self.header = header
    self.declared = declared
    namedCurrency = TableAssembler.currency(namedIn: header)
    switch declared {
    case nil:
      readings = .all
      written = TextColumnBuilder(plainWithCapacity: capacity)
    case .text: text = TextColumnBuilder(capacity: capacity)
    case .number: numbers.reserveCapacity(capacity)
    case .money: money.reserveCapacity(capacity)
    case .date: dates.values.reserveCapacity(capacity)
    case .boolean: booleans.reserveCapacity(capacity)
    }
  }

  /// An empty builder for another part of the same column. `capacity` is the number of
  /// cells expected; a text column keeps the storage this builder settled on.
  func emptyPart(capacity: Int) -> ColumnBuilder {
    var part = ColumnBuilder(name: name, header: header, declared: declared, capacity: capacity)
    part.decimalComma = decimalComma
    part.dotsGroupThousands = dotsGroupThousands
    // A part of a few thousand rows has too few distinct values to switch a builder to
    // plain storage, so a column of names or ids starts plain in every part.
    if declared == .text && text.isMostlyDistinct {
      part.text = TextColumnBuilder(plainWithCapacity: capacity)
    }
    if declared == nil {
      // Readings that failed before cannot succeed for the whole column, so the part skips
      // them.
      part.readings = readings
      if readings.isEmpty {
        part.written = TextColumnBuilder(plainWithCapacity: 0)
        part.text = TextColumnBuilder(capacity: capacity)
      }
    }
    return part
  }

  /// Reserves room for `rows` cells in all, sized after the cells seen so far.
  mutating func reserveCapacity(rows: Int) {
    guard rows > count else { return }
    let bytesPerCell = (max(text.byteCount, written.byteCount) + count) / max(count, 1) + 1
    switch declared {
    case .text: text.reserveCapacity(rows: rows, bytes: rows * bytesPerCell)
    case .number: numbers.reserveCapacity(rows)
    case .money: money.reserveCapacity(rows)
    case .date: dates.values.reserveCapacity(rows)
    case .boolean: booleans.reserveCapacity(rows)
    case nil: break
    }
  }

  /// Reads a number, with decimal commas when the file writes them.
  @inline(__always)
  func number(_ cell: UnsafeBufferPointer<UInt8>) -> Double? {
    guard decimalComma else { return ValueParser.number(cell) }
    guard cell.contains(UInt8(ascii: ",")) || cell.contains(UInt8(ascii: ".")) else {
      return ValueParser.number(cell)
    }
    let swapped = ValueParser.swappingSeparators(cell)
    return swapped.withUnsafeBufferPointer { ValueParser.number($0) } ?? ValueParser.number(cell)
  }

  /// Adds a JSON number, whose dot is a decimal point even before three digits of money.
  mutating func append(numberToken raw: UnsafeBufferPointer<UInt8>) throws(CellError) {
    let groups = dotsGroupThousands
    let comma = decimalComma
    dotsGroupThousands = false
    decimalComma = false
    defer {
      dotsGroupThousands = groups
      decimalComma = comma
    }
    try append(raw)
  }

  /// Reads money, with decimal commas when the file writes them, and how the cell's dots
  /// and, with decimal commas, its commas were read.
  @inline(__always)
  func moneyReading(
    _ cell: UnsafeBufferPointer<UInt8>
  ) -> (
    cents: Int64, marked: Bool, currency: Currency?, dots: ValueParser.DotUse,
    commas: ValueParser.DotUse
  )? {
    // A column declared as money reads `1e3` as an amount, as JSON writes large numbers.
    let allowsExponent = declared == .money
    guard decimalComma, cell.contains(UInt8(ascii: ",")) || cell.contains(UInt8(ascii: ".")) else {
      return ValueParser.moneyReading(
        cell, dotsGroupThousands: dotsGroupThousands, allowsExponent: allowsExponent
      ).map { ($0.cents, $0.marked, $0.currency, $0.dots, .none) }
    }
    let swapped = ValueParser.swappingSeparators(cell)
    if let parsed = swapped.withUnsafeBufferPointer({ ValueParser.moneyReading($0) }) {
      // The cell's dots were read as commas, which separate thousands, and its commas as
      // the dots of the swapped text were: before three digits as separators between
      // thousands (`1,234`), else as a decimal comma (`2,5`).
      let dots: ValueParser.DotUse = cell.contains(UInt8(ascii: ".")) ? .grouping : .none
      return (parsed.cents, parsed.marked, parsed.currency, dots, parsed.dots)
    }
    return ValueParser.moneyReading(
      cell, dotsGroupThousands: dotsGroupThousands, allowsExponent: allowsExponent
    ).map { ($0.cents, $0.marked, $0.currency, $0.dots, .none) }
  }

  /// Adds the next cell. The bytes must be valid UTF-8.
  @inline(__always)
  mutating func append(_ raw: UnsafeBufferPointer<UInt8>) throws(CellError) {
    let cell = ValueParser.trimmed(raw)
    switch declared {
    case .text:
      text.append(utf8: cell)
    case .number:
      if let value = number(cell) {
        numbers.append(value == 0 ? 0 : value)
      } else if ValueParser.isMissingMarker(cell) {
        numbers.append(.nan)
      } else {
        throw cellError(cell, expected: "a number", example: "62.4 or 80%")
      }
    case .money:
      if let parsed = moneyReading(cell) {
        money.append(parsed.cents)
        // Only the first currency is kept, so a cell in it costs one comparison.
        if let currency = parsed.currency, currency != currencies.first?.currency {
          currencies.note(currency, row: count, cell: cell)
        } else if parsed.currency == nil && namedCurrency != nil && currencies.firstPlain == nil {
          currencies.notePlain(row: count, cell: cell)
        }
        if parsed.dots != .none {
          dotReadings.note(parsed.dots, row: count, cell: cell, currency: parsed.currency)
        }
        if parsed.commas != .none {
          commaReadings.note(parsed.commas, row: count, cell: cell, currency: parsed.currency)
        }
      } else if ValueParser.isMissingMarker(cell) {
        money.append(Column.missingMoney)
      } else {
        throw cellError(cell, expected: "an amount of money", example: "$49,461, 1.2M or 50k")
      }
    case .date:
      if let day = ValueParser.isoDayNumber(cell) {
        dates.values.append(day)
      } else if let shape = ValueParser.date(cell) {
        dates.append(shape, cell: cell, row: count)
      } else if ValueParser.isMissingMarker(cell) {
        dates.appendMissing()
      } else {
        throw cellError(cell, expected: "a date", example: "2016-05-01, May 1, 2016 or 05/01/2016")
      }
    case .boolean:
      if let flag = ValueParser.boolean(cell, allowDigits: true) {
        booleans.append(flag ? 1 : 0)
      } else if ValueParser.isMissingMarker(cell) {
        booleans.append(Column.missingBoolean)
      } else if let number = ValueParser.number(cell), number == 0 || number == 1 {
        // `1.0` and `0.0`, as data frame exports write flags.
        booleans.append(number == 1 ? 1 : 0)
      } else {
        throw cellError(cell, expected: "yes or no", example: "true, false, yes, no, 1 or 0")
      }
    case nil:
      appendInferred(cell)
    }
    count += 1
  }

  /// Adds a missing cell, as for a key that a JSON record lacks.
  mutating func appendMissingCell() {
    switch declared {
    case .text: text.appendMissing()
    case .number: numbers.append(.nan)
    case .money: money.append(Column.missingMoney)
    case .date: dates.appendMissing()
    case .boolean: booleans.append(Column.missingBoolean)
    case nil:
      if readings.isEmpty {
        text.appendMissing()
      } else {
        written.appendMissing()
        appendMissingReadings()
      }
    }
    count += 1
  }

  private mutating func appendMissingReadings() {
    if readings.contains(.boolean) { booleans.append(Column.missingBoolean) }
    if readings.contains(.date) { dates.appendMissing() }
    if readings.contains(.number) { numbers.append(.nan) }
    if readings.contains(.money) { money.append(Column.missingMoney) }
  }

  private mutating func appendInferred(_ cell: UnsafeBufferPointer<UInt8>) {
    guard !readings.isEmpty else {
      text.append(utf8: cell)
      if !ValueParser.isMissingMarker(cell) { present += 1 }
      return
    }
    written.append(utf8: cell)
    if ValueParser.isMissingMarker(cell) {
      appendMissingReadings()
      return
    }
    present += 1

    if readings.contains(.boolean) {
      if let flag = ValueParser.boolean(cell) {
        booleans.append(flag ? 1 : 0)
      } else {
        drop(.boolean)
      }
    }
    if readings.contains(.number) || readings.contains(.money), ValueParser.hasLeadingZero(cell) {
      drop([.number, .money])
    }
    if readings.contains(.number) {
      if let value = number(cell) {
        numbers.append(value == 0 ? 0 : value)
      } else {
        drop(.number)
      }
    }
    if readings.contains(.money) {
      if let parsed = moneyReading(cell) {
        money.append(parsed.cents)
        moneyMarked = moneyMarked || parsed.marked
        if let currency = parsed.currency, currency != currencies.first?.currency {
          currencies.note(currency, row: count, cell: cell)
        } else if parsed.currency == nil && namedCurrency != nil && currencies.firstPlain == nil {
          currencies.notePlain(row: count, cell: cell)
        }
        if parsed.dots != .none {
          dotReadings.note(parsed.dots, row: count, cell: cell, currency: parsed.currency)
        }
        if parsed.commas != .none {
          commaReadings.note(parsed.commas, row: count, cell: cell, currency: parsed.currency)
        }
      } else {
        drop(.money)
      }
    }
    if readings.contains(.date) {
      if let shape = ValueParser.date(cell) {
        dates.append(shape, cell: cell, row: count)
      } else {
        if readings == .date && impossibleDate == nil && looksLikeISODate(cell) {
          impossibleDate = (count, String(decoding: cell, as: UTF8.self))
        }
        drop(.date)
      }
    }
    if readings.isEmpty { settleAsText() }
  }

  private mutating func drop(_ dropped: Readings) {
    readings.subtract(dropped)
    if dropped.contains(.boolean) { booleans = [] }
    if dropped.contains(.date) { dates = DateCandidate() }
    if dropped.contains(.number) { numbers = [] }
    if dropped.contains(.money) { money = [] }
  }

  /// Turns an inferred column whose cells fit no typed reading into text, dictionary-encoded
  /// again from the cells kept as written.
  private mutating func settleAsText() {
    let cells = written.finish()
    written = TextColumnBuilder(plainWithCapacity: 0)
    text = TextColumnBuilder(capacity: count + 1)
    for row in 0..<cells.count {
      cells.withBytes(at: row) { text.append(utf8: $0) }
    }
  }

  /// Appends the cells of the builder of the next part of the same column.
  mutating func append(contentsOf other: ColumnBuilder) {
    currencies.append(other.currencies, rowOffset: count)
    dotReadings.append(other.dotReadings, rowOffset: count)
    commaReadings.append(other.commaReadings, rowOffset: count)
    defer {
      count += other.count
      present += other.present
    }
    switch declared {
    case .text: text.append(contentsOf: other.text)
    case .number: numbers.append(contentsOf: other.numbers)
    case .money: money.append(contentsOf: other.money)
    case .date: dates.append(contentsOf: other.dates)
    case .boolean: booleans.append(contentsOf: other.booleans)
    case nil: appendInferred(contentsOf: other)
    }
  }

  private mutating func appendInferred(contentsOf other: ColumnBuilder) {
    if impossibleDate == nil, readings.contains(.date), let theirs = other.impossibleDate {
      impossibleDate = (count + theirs.row, theirs.text)
    }
    let wasUndecided = !readings.isEmpty
    drop(readings.subtracting(other.readings))
    if !readings.isEmpty {
      written.append(contentsOf: other.written)
      if readings.contains(.boolean) { booleans.append(contentsOf: other.booleans) }
      if readings.contains(.date) { dates.append(contentsOf: other.dates) }
      if readings.contains(.number) { numbers.append(contentsOf: other.numbers) }
      if readings.contains(.money) { money.append(contentsOf: other.money) }
      moneyMarked = moneyMarked || other.moneyMarked
      return
    }
    if wasUndecided { settleAsText() }
    if other.readings.isEmpty {
      text.append(contentsOf: other.text)
    } else {
      let cells = other.written.finish()
      for row in 0..<cells.count {
        cells.withBytes(at: row) { text.append(utf8: $0) }
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
    } else if expected == "an amount of money", looksLikeLargeAmount(cell) {
      message = "\(name) in column \"\(header)\" is \"\(shown)\", which is out of range"
    } else if expected == "a date", looksLikeISODate(cell) {
      message =
        "\(name) in column \"\(header)\" is \"\(shown)\", which is not a date in the calendar"
    }
    // A health column of colors, as some exports write it, is a status column.
    if name == "health",
      BookTidying.canonicalStatus(shown) != shown
        || ["red", "yellow", "green"].contains(shown.lowercased())
    {
      return CellError(
        row: count, message: message,
        hint:
          "the column holds statuses such as \"\(shown)\", not scores; load it as the status with --map '\(header)=status'"
      )
    }
    let rename = "--map '\(header)=\(name)_text'"
    if !decimalComma, expected == "a number" || expected == "an amount of money",
      cell.contains(UInt8(ascii: ",")),
      ValueParser.swappingSeparators(cell).withUnsafeBufferPointer({ ValueParser.number($0) })
        != nil
    {
      return CellError(
        row: count, message: message,
        hint:
          "if the comma is a decimal comma, start review with --decimal-comma; otherwise write \(expected) such as \(example), or load the column under another name with \(rename)"
      )
    }
    return CellError(
      row: count, message: message,
      hint:
        "write \(expected) such as \(example), leave the cell empty, or load the column under another name with \(rename)"
    )
  }

  private func looksNumeric(_ cell: UnsafeBufferPointer<UInt8>) -> Bool {
    cell.allSatisfy {
      ValueParser.isDigitByte($0) || $0 == 0x2E || $0 == 0x2D || $0 == 0x2B || $0 | 0x20 == 0x65
    }
  }

  /// Whether the cell is written like money but has more digits than cents can count.
  private func looksLikeLargeAmount(_ cell: UnsafeBufferPointer<UInt8>) -> Bool {
    // A money column reads `1e3`, so such a cell that failed to read was too large.
    if declared == .money, looksNumeric(cell), cell.contains(where: { $0 | 0x20 == 0x65 }),
      let value = Double(String(decoding: cell, as: UTF8.self)), !(abs(value) < 9e16)
    {
      return true
    }
    var digits = 0
    for byte in cell {
      if ValueParser.isDigitByte(byte) {
        digits += 1
      } else if !",.$-+() ".utf8.contains(byte) {
        return false
      }
    }
    return digits >= 17
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
  /// gives no evidence of its own; `headerOrder`, the order the header spells out, resolves
  /// every numeric date.
  func finish(
    dateOrder: ValueParser.DateOrder?, headerOrder: ValueParser.DateOrder? = nil,
    line: (Int) -> Int = { $0 + 2 }
  ) throws(CellError)
    -> Column
  {
    switch declared {
    case .text: return .text(text.finish())
    case .number: return .number(numbers)
    case .money: return .money(money)
    case .boolean: return .boolean(booleans)
    case .date:
      return .date(
        try dates.resolve(
          column: self, fallbackOrder: dateOrder, headerOrder: headerOrder, line: line))
    case nil: break
    }

    if readings.isEmpty { return .text(text.finish()) }
    guard present > 0 else { return .text(writtenAsText()) }
    if readings.contains(.boolean) { return .boolean(booleans) }
    if readings.contains(.date),
      let resolved = try? dates.resolve(
        column: self, fallbackOrder: dateOrder, headerOrder: headerOrder, line: line)
    {
      return .date(resolved)
    }
    if readings.contains(.number) && !moneyMarked {
      if ColumnBuilder.flagNames.contains(Field.matchingKey(name)), let flags = flags(numbers) {
        return .boolean(flags)
      }
      return .number(numbers)
    }
    if readings.contains(.money) && moneyMarked { return .money(money) }
    return .text(writtenAsText())
  }

  /// The matching keys of yes/no fields that segments read as flags, such as `churned`.
  /// An inferred column of one of these names whose numbers are all 0 or 1 (`1`, `1.0`) is
  /// loaded as yes/no, so that `segment churned` counts it.
  static let flagNames: Set<String> = ["churned", "churn", "churnflag", "ischurned"]

  /// Returns the numbers as yes/no flags, or nil when one of them is neither 0 nor 1.
  private func flags(_ numbers: [Double]) -> [UInt8]? {
    var flags: [UInt8] = []
    flags.reserveCapacity(numbers.count)
    for number in numbers {
      if number.isNaN {
        flags.append(Column.missingBoolean)
      } else if number == 0 || number == 1 {
        flags.append(number == 1 ? 1 : 0)
      } else {
        return nil
      }
    }
    return flags
  }

  /// The cells as written, dictionary-encoded where few values repeat.
  private func writtenAsText() -> TextColumn {
    let cells = written.finish()
    var builder = TextColumnBuilder(capacity: cells.count)
    for row in 0..<cells.count {
      cells.withBytes(at: row) { builder.append(utf8: $0) }
    }
    return builder.finish()
  }

  /// Whether the column held numeric dates whose order no cell decides, so that it can only
  /// be read with `--dates`.
  func isAmbiguousDateColumn(dateOrder: ValueParser.DateOrder?) -> Bool {
    guard readings.contains(.date), dateOrder == nil else { return false }
    return dates.numericCount > 0 && dates.dayFirstEvidence == nil
      && dates.monthFirstEvidence == nil
  }
}

/// The currencies that the cells of a money column name: the first cell that names one,
/// and the first later cell that names another, which makes the column unusable.
struct CurrencyCells {
  struct Cell {
    /// The 0-based account row.
    var row: Int
    var text: String
    var currency: Currency
  }

  private(set) var first: Cell?
  private(set) var clash: Cell?
  /// The first amount that names no currency, noted only in a column whose header names
  /// one, since such amounts take the header's.
  private(set) var firstPlain: (row: Int, text: String)?

  /// Notes the first amount that names no currency.
  @inline(never)
  mutating func notePlain(row: Int, cell: UnsafeBufferPointer<UInt8>) {
    firstPlain = (row, String(decoding: cell, as: UTF8.self))
  }

  /// Notes a cell whose currency differs from the first one, or is the first one.
  @inline(never)
  mutating func note(_ currency: Currency, row: Int, cell: UnsafeBufferPointer<UInt8>) {
    if first == nil {
      first = Cell(row: row, text: String(decoding: cell, as: UTF8.self), currency: currency)
    } else if clash == nil {
      clash = Cell(row: row, text: String(decoding: cell, as: UTF8.self), currency: currency)
    }
  }

  /// Adds what the cells of the next part of the column noted, whose rows start at
  /// `rowOffset`.
  mutating func append(_ other: CurrencyCells, rowOffset: Int) {
    if firstPlain == nil, let plain = other.firstPlain {
      firstPlain = (plain.row + rowOffset, plain.text)
    }
    guard clash == nil, var theirs = other.first else { return }
    theirs.row += rowOffset
    guard let first else {
      first = theirs
      clash = other.clash.map {
        Cell(row: $0.row + rowOffset, text: $0.text, currency: $0.currency)
      }
      return
    }
    if theirs.currency != first.currency {
      clash = theirs
    } else if var later = other.clash {
      later.row += rowOffset
      clash = later
    }
  }
}

/// The first money cell of a column whose dots were read as separators between thousands,
/// and the first whose dot was read as a decimal point. A column with both reads the same
/// text two ways (`$1.234` as 1,234 but `$1.23` as 1.23), so it is refused.
struct DotReadings {
  struct Cell {
    /// The 0-based account row.
    var row: Int
    var text: String
  }

  private(set) var grouping: Cell?
  private(set) var decimal: Cell?
  /// Whether a cell read with separators between thousands shows that reading by a currency
  /// sign or code (`€7.500`), a second dot (`1.234.567`) or a decimal comma (`1.250,50`).
  /// Without such a cell the loader warns, because `99.990` may be a decimal amount.
  private(set) var groupingIsEvident = false

  /// Notes a cell whose dots were read as `use`, when it is the first read so, and whether
  /// a cell read with separators between thousands shows that reading.
  @inline(never)
  mutating func note(
    _ use: ValueParser.DotUse, row: Int, cell: UnsafeBufferPointer<UInt8>, currency: Currency?
  ) {
    switch use {
    case .none:
      break
    case .grouping:
      if grouping == nil { grouping = Cell(row: row, text: String(decoding: cell, as: UTF8.self)) }
      if !groupingIsEvident {
        groupingIsEvident = currency != nil || DotReadings.showsGrouping(cell)
      }
    case .decimal:
      if decimal == nil { decimal = Cell(row: row, text: String(decoding: cell, as: UTF8.self)) }
    }
  }

  /// Returns whether a cell read with separators between thousands has two or more dots,
  /// or a comma, which that reading accepts only as a decimal comma.
  private static func showsGrouping(_ cell: UnsafeBufferPointer<UInt8>) -> Bool {
    var dots = 0
    for byte in cell {
      if byte == UInt8(ascii: ",") { return true }
      if byte == UInt8(ascii: ".") { dots += 1 }
    }
    return dots >= 2
  }

  /// Returns whether a cell whose dots read as `use` must be noted: the first cell of each
  /// reading, and every cell read with separators between thousands until one shows it.
  func needsNote(_ use: ValueParser.DotUse) -> Bool {
    switch use {
    case .none: return false
    case .grouping: return grouping == nil || !groupingIsEvident
    case .decimal: return decimal == nil
    }
  }

  /// Adds what the cells of the next part of the column noted, whose rows start at
  /// `rowOffset`.
  mutating func append(_ other: DotReadings, rowOffset: Int) {
    if grouping == nil, let theirs = other.grouping {
      grouping = Cell(row: theirs.row + rowOffset, text: theirs.text)
    }
    if decimal == nil, let theirs = other.decimal {
      decimal = Cell(row: theirs.row + rowOffset, text: theirs.text)
    }
    groupingIsEvident = groupingIsEvident || other.groupingIsEvident
  }
}
