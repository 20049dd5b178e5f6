/// Shortcuts for the cell shapes that machine-written exports use most: plain integers and
/// ISO dates. Each gives exactly what the general parser gives for the same cell, and
/// declines (returns nil) for every other shape.
extension ValueParser {
  /// Reads a cell of one to `maximumDigits` ASCII digits and nothing else as an integer.
  @inlinable @inline(__always)
  public static func plainInteger(
    _ cell: UnsafeBufferPointer<UInt8>, maximumDigits: Int
  ) -> Int64? {
    let count = cell.count
    guard count > 0, count <= maximumDigits else { return nil }
    var value: Int64 = 0
    for byte in cell {
      let digit = byte &- 0x30
      guard digit < 10 else { return nil }
      value = value &* 10 &+ Int64(digit)
    }
    return value
  }

  /// Reads a trimmed cell shaped `YYYY-MM-DD` as a date. The outer nil means another
  /// shape, and `.some(nil)` a date that is not in the calendar.
  @inline(__always)
  static func isoDate(_ cell: UnsafeBufferPointer<UInt8>) -> DateShape?? {
    guard cell.count == 10, cell[4] == UInt8(ascii: "-"), cell[7] == UInt8(ascii: "-") else {
      return nil
    }
    func digits(_ start: Int, _ count: Int) -> Int? {
      var value = 0
      for index in start..<(start + count) {
        let digit = cell[index] &- 0x30
        guard digit < 10 else { return nil }
        value = value * 10 + Int(digit)
      }
      return value
    }
    guard let year = digits(0, 4), let month = digits(5, 2), let day = digits(8, 2) else {
      return nil
    }
    let monthIndex = (year - ValueParser.tableStartYear) * 12 + month - 1
    if month >= 1, month <= 12, monthIndex >= 0, monthIndex < ValueParser.monthStarts.count {
      let start = ValueParser.monthStarts[monthIndex]
      guard day >= 1, day <= Int(start.length) else { return .some(nil) }
      return .some(.day(Day(number: start.day + Int32(day - 1))))
    }
    return .some(Day(year: year, month: month, day: day).map(DateShape.day))
  }

  /// Reads a trimmed cell shaped `YYYY-MM-DD` as a day number; nil for every other cell,
  /// including such a date that is not in the calendar, which `date` then reports.
  @inlinable @inline(__always)
  public static func isoDayNumber(_ cell: UnsafeBufferPointer<UInt8>) -> Int32? {
    guard cell.count == 10, let text = cell.baseAddress else { return nil }
    guard text[4] == UInt8(ascii: "-"), text[7] == UInt8(ascii: "-") else { return nil }
    let y0 = text[0] &- 0x30
    let y1 = text[1] &- 0x30
    let y2 = text[2] &- 0x30
    let y3 = text[3] &- 0x30
    let m0 = text[5] &- 0x30
    let m1 = text[6] &- 0x30
    let d0 = text[8] &- 0x30
    let d1 = text[9] &- 0x30
    guard y0 < 10, y1 < 10, y2 < 10, y3 < 10, m0 < 10, m1 < 10, d0 < 10, d1 < 10 else {
      return nil
    }
    let year = Int(y0) &* 1000 &+ Int(y1) &* 100 &+ Int(y2) &* 10 &+ Int(y3)
    let month = Int(m0) &* 10 &+ Int(m1)
    let day = Int(d0) &* 10 &+ Int(d1)
    guard month >= 1, month <= 12, day >= 1, year >= 1 else { return nil }
    if day > 28 && day > Day.daysInMonth(year: year, month: month) { return nil }

    // `Day.daysSinceEpoch` for a year from 1 on, in unsigned arithmetic, whose divisions by
    // constants are cheaper.
    let marchYear = UInt(month <= 2 ? year &- 1 : year)
    let era = marchYear / 400
    let yearOfEra = marchYear &- era &* 400
    let monthIndex = UInt(month > 2 ? month &- 3 : month &+ 9)
    let dayOfYear = (153 &* monthIndex &+ 2) / 5 &+ UInt(day) &- 1
    let dayOfEra = yearOfEra &* 365 &+ yearOfEra / 4 &- yearOfEra / 100 &+ dayOfYear
    return Int32(truncatingIfNeeded: Int(era &* 146_097 &+ dayOfEra) &- 719_468)
  }

  static let tableStartYear = 1900

  /// The day number and length of each month from 1900 to 2199, so that an ISO date in
  /// that range needs no calendar arithmetic.
  static let monthStarts: [(day: Int32, length: Int8)] = {
    var table: [(day: Int32, length: Int8)] = []
    for year in tableStartYear..<(tableStartYear + 300) {
      for month in 1...12 {
        let start = Day(year: year, month: month, day: 1)!
        table.append((start.number, Int8(Day.daysInMonth(year: year, month: month))))
      }
    }
    return table
  }()
}
