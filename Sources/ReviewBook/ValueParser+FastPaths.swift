/// Shortcuts for the cell shapes that machine-written exports use most: plain integers and
/// ISO dates. Each gives exactly what the general parser gives for the same cell, and
/// declines (returns nil) for every other shape.
extension ValueParser {
  /// Reads a cell of one to `maximumDigits` ASCII digits and nothing else as an integer.
  @inline(__always)
  static func plainInteger(
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
