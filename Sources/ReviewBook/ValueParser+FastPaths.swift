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
    let raw = UnsafeRawPointer(text)
    // The first eight bytes, "YYYY-MM-", and the last two, "DD", each lowest byte first.
    // The exclusive or turns a digit into its value and a dash into 0.
    let head =
      UInt64(littleEndian: raw.loadUnaligned(as: UInt64.self)) ^ 0x2D30_302D_3030_3030
    let tail =
      UInt64(UInt16(littleEndian: raw.loadUnaligned(fromByteOffset: 8, as: UInt16.self)))
      ^ 0x3030
    // Adding 0x76 to a byte sets its top bit when the byte is 10 or more, without a carry
    // into the next byte while the byte is under 0x80. A byte from 0x80 has the bit already.
    guard head & 0xFF00_00FF_0000_0000 == 0,
      (head | (head &+ 0x7676_7676_7676_7676)) & 0x8080_8080_8080_8080 == 0,
      (tail | (tail &+ 0x7676)) & 0x8080 == 0
    else { return nil }
    let year =
      Int(head & 0xFF) &* 1000 &+ Int(head >> 8 & 0xFF) &* 100 &+ Int(head >> 16 & 0xFF) &* 10
      &+ Int(head >> 24 & 0xFF)
    let month = Int(head >> 40 & 0xFF) &* 10 &+ Int(head >> 48 & 0xFF)
    let day = Int(tail & 0xFF) &* 10 &+ Int(tail >> 8)
    guard month >= 1, month <= 12, day >= 1, year > 1900, year < 2100 else {
      guard month >= 1, month <= 12, day >= 1, year >= 1 else { return nil }
      return dayNumber(year: year, month: month, day: day)
    }
    // Every fourth year of 1901 to 2099 is a leap year. The months with 31 days are the
    // bits of 0x15AA.
    let isLeapYear = year & 3 == 0
    if day > 28 {
      var length = 30 &+ (0x15AA &>> month) & 1
      if month == 2 {
        length = isLeapYear ? 29 : 28
      }
      guard day <= length else { return nil }
    }
    // 1901-01-01 is day -25,202. A month starts 30 days a month into the year, give or take
    // the few days that `monthStartCorrections` holds, three bits a month, each one more
    // than the days.
    let sinceYear1901 = year &- 1901
    let corrections = Int(truncatingIfNeeded: monthStartCorrections >> UInt64(3 &* (month &- 1)))
    let leapDay = isLeapYear && month > 2 ? 1 : 0
    return Int32(
      truncatingIfNeeded: 365 &* sinceYear1901 &+ sinceYear1901 >> 2 &- 25_202 &+ 30
        &* (month &- 1) &+ (corrections & 7) &- 1 &+ leapDay &+ day &- 1)
  }

  /// Returns the day number of a date from year 1 on, or nil when the month has no such
  /// day. This is `Day.daysSinceEpoch` in unsigned arithmetic, whose divisions by constants
  /// are cheaper.
  @usableFromInline
  static func dayNumber(year: Int, month: Int, day: Int) -> Int32? {
    guard day <= Day.daysInMonth(year: year, month: month) else { return nil }
    let marchYear = UInt(month <= 2 ? year &- 1 : year)
    let era = marchYear / 400
    let yearOfEra = marchYear &- era &* 400
    let monthIndex = UInt(month > 2 ? month &- 3 : month &+ 9)
    let dayOfYear = (153 &* monthIndex &+ 2) / 5 &+ UInt(day) &- 1
    let dayOfEra = yearOfEra &* 365 &+ yearOfEra / 4 &- yearOfEra / 100 &+ dayOfYear
    return Int32(truncatingIfNeeded: Int(era &* 146_097 &+ dayOfEra) &- 719_468)
  }

  /// The offsets of the months' first days from 30 days a month, in a year that is not a
  /// leap year. Each is stored plus one, in three bits, January in the lowest: 1, 2, 0, 1,
  /// 1, 2, 2, 3, 4, 4, 5 and 5. A test checks them against the calendar.
  @usableFromInline static let monthStartCorrections: UInt64 = 0xB_6469_1211

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
