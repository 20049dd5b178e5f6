import Testing

@testable import ReviewBook

/// A calendar date and the day number it must have.
struct CivilDateCase: Sendable, CustomTestStringConvertible {
  let year: Int
  let month: Int
  let day: Int
  let number: Int32

  init(_ year: Int, _ month: Int, _ day: Int, is number: Int32) {
    self.year = year
    self.month = month
    self.day = day
    self.number = number
  }

  var testDescription: String { "\(year)-\(month)-\(day) is day \(number)" }
}

/// A date, a number of months to add and the date that must result.
struct MonthStepCase: Sendable, CustomTestStringConvertible {
  let start: String
  let months: Int
  let expected: String

  init(_ start: String, plus months: Int, is expected: String) {
    self.start = start
    self.months = months
    self.expected = expected
  }

  var testDescription: String { "\(start) + \(months) months is \(expected)" }
}

/// Parses `YYYY-MM-DD` for test tables and fails the test on a bad date.
func isoDay(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> Day {
  let parts = text.split(separator: "-").compactMap { Int($0) }
  try #require(parts.count == 3, "\(text) is not YYYY-MM-DD", sourceLocation: sourceLocation)
  return try #require(
    Day(year: parts[0], month: parts[1], day: parts[2]), sourceLocation: sourceLocation)
}

@Suite struct DayTests {
  @Test(arguments: [
    CivilDateCase(1970, 1, 1, is: 0),
    CivilDateCase(1970, 1, 2, is: 1),
    CivilDateCase(1969, 12, 31, is: -1),
    CivilDateCase(2000, 2, 29, is: 11_016),
    CivilDateCase(2000, 3, 1, is: 11_017),
    CivilDateCase(2016, 5, 1, is: 16_922),
    CivilDateCase(2022, 2, 1, is: 19_024),
    CivilDateCase(2024, 2, 29, is: 19_782),
    CivilDateCase(1900, 1, 1, is: -25_567),
    CivilDateCase(1900, 3, 1, is: -25_508),
    CivilDateCase(1, 1, 1, is: -719_162),
  ])
  func civilDateToDayNumber(_ testCase: CivilDateCase) throws {
    let day = try #require(Day(year: testCase.year, month: testCase.month, day: testCase.day))
    #expect(day.number == testCase.number)
  }

  @Test(arguments: [
    CivilDateCase(1970, 1, 1, is: 0),
    CivilDateCase(1969, 12, 31, is: -1),
    CivilDateCase(2000, 2, 29, is: 11_016),
    CivilDateCase(2024, 2, 29, is: 19_782),
    CivilDateCase(1900, 2, 28, is: -25_509),
    CivilDateCase(1, 1, 1, is: -719_162),
    CivilDateCase(0, 3, 1, is: -719_468),
    CivilDateCase(-1, 12, 31, is: -719_529),
  ])
  func dayNumberToComponents(_ testCase: CivilDateCase) {
    let components = Day(number: testCase.number).components
    #expect(components.year == testCase.year)
    #expect(components.month == testCase.month)
    #expect(components.day == testCase.day)
  }

  @Test(arguments: [
    (1900, 2, 29),
    (2022, 2, 30),
    (2021, 2, 29),
    (2023, 4, 31),
    (2023, 6, 31),
    (2023, 0, 10),
    (2023, 13, 1),
    (2023, 1, 0),
    (2023, 1, 32),
    (10_000, 1, 1),
  ])
  func invalidDateIsRejected(year: Int, month: Int, day: Int) {
    #expect(Day(year: year, month: month, day: day) == nil)
  }

  @Test(arguments: [
    (2000, true), (2024, true), (2400, true), (1900, false), (2100, false), (2023, false),
  ])
  func leapYearRule(year: Int, isLeap: Bool) {
    #expect(Day.isLeapYear(year) == isLeap)
    #expect(Day.daysInMonth(year: year, month: 2) == (isLeap ? 29 : 28))
  }

  @Test func monthLengths() {
    let lengths = (1...12).map { Day.daysInMonth(year: 2023, month: $0) }
    #expect(lengths == [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31])
  }

  @Test func componentsRoundTripOverTwoYears() throws {
    var number = try #require(Day(year: 2000, month: 1, day: 1)).number
    for year in 2000...2001 {
      for month in 1...12 {
        for day in 1...Day.daysInMonth(year: year, month: month) {
          #expect(Day(number: number).components == (year, month, day))
          #expect(Day(year: year, month: month, day: day)?.number == number)
          number += 1
        }
      }
    }
  }

  @Test(arguments: [
    MonthStepCase("2022-01-31", plus: 1, is: "2022-02-28"),
    MonthStepCase("2024-01-31", plus: 1, is: "2024-02-29"),
    MonthStepCase("2022-03-31", plus: -1, is: "2022-02-28"),
    MonthStepCase("2022-05-31", plus: 1, is: "2022-06-30"),
    MonthStepCase("2022-12-15", plus: 1, is: "2023-01-15"),
    MonthStepCase("2022-01-15", plus: -1, is: "2021-12-15"),
    MonthStepCase("2024-02-29", plus: 12, is: "2025-02-28"),
    MonthStepCase("2022-01-10", plus: -13, is: "2020-12-10"),
    MonthStepCase("2022-01-10", plus: 0, is: "2022-01-10"),
    MonthStepCase("2022-08-31", plus: 18, is: "2024-02-29"),
  ])
  func addingMonthsClampsDay(_ testCase: MonthStepCase) throws {
    let start = try isoDay(testCase.start)
    #expect(start.adding(months: testCase.months).iso == testCase.expected)
  }

  @Test func addingMonthsBeforeYearOne() {
    let start = Day(number: -719_162)  // 0001-01-01
    #expect(start.adding(months: -1).iso == "0000-12-01")
    #expect(start.adding(months: -13).iso == "-0001-12-01")
  }

  @Test func addingDaysAndDistance() throws {
    let start = try isoDay("2022-02-01")
    #expect(start.adding(days: 28).iso == "2022-03-01")
    #expect(start.adding(days: -32).iso == "2021-12-31")
    #expect(try isoDay("2022-03-01").days(since: start) == 28)
    #expect(start.days(since: try isoDay("2022-03-01")) == -28)
  }

  @Test(arguments: [
    (Int32(0), "1970-01-01", "Jan 1, 1970"),
    (Int32(16_922), "2016-05-01", "May 1, 2016"),
    (Int32(18_963), "2021-12-02", "Dec 2, 2021"),
    (Int32(11_016), "2000-02-29", "Feb 29, 2000"),
    (Int32(-1), "1969-12-31", "Dec 31, 1969"),
    (Int32(-719_162), "0001-01-01", "Jan 1, 1"),
  ])
  func isoAndLongFormats(number: Int32, iso: String, long: String) {
    let day = Day(number: number)
    #expect(day.iso == iso)
    #expect(day.long == long)
    #expect(day.description == iso)
  }

  @Test func daysOrderByNumber() throws {
    let earlier = try isoDay("2021-12-31")
    let later = try isoDay("2022-01-01")
    #expect(earlier < later)
    #expect(!(later < earlier))
    #expect([later, earlier].sorted() == [earlier, later])
  }

  /// 2022-02-01 was a Tuesday, 1970-01-01 a Thursday and 1969-12-29 a Monday.
  @Test func weekdays() {
    #expect(Day(year: 2022, month: 2, day: 1)!.weekday == 1)
    #expect(Day(year: 1970, month: 1, day: 1)!.weekday == 3)
    #expect(Day(year: 1969, month: 12, day: 29)!.weekday == 0)
    #expect(Day(year: 2026, month: 12, day: 6)!.weekday == 6)
  }

  @Test func nextWeekdayIsOneToSevenDaysAhead() {
    let tuesday = Day(year: 2022, month: 2, day: 1)!
    #expect(tuesday.next(weekday: 2).iso == "2022-02-02")
    #expect(tuesday.next(weekday: 4).iso == "2022-02-04")
    #expect(tuesday.next(weekday: 0).iso == "2022-02-07")
    // The same day of the week is a week ahead, not today.
    #expect(tuesday.next(weekday: 1).iso == "2022-02-08")
  }
}

@Suite struct ISODayNumberTests {
  @Test func everyDayMatchesTheCalendar() {
    // Every day of 1899 to 2201, and the first and last days of the years that dates can
    // have, read the way the calendar counts them.
    var checked = 0
    for year in Array(1899...2201) + [1, 2, 399, 400, 401, 1600, 9999] {
      for month in 1...12 {
        for dayOfMonth in 1...Day.daysInMonth(year: year, month: month) {
          let expected = Day(year: year, month: month, day: dayOfMonth)!
          let text = expected.iso
          let number = Array(text.utf8).withUnsafeBufferPointer { ValueParser.isoDayNumber($0) }
          #expect(number == expected.number, "\(text)")
          checked += 1
        }
      }
    }
    #expect(checked > 110_000)
  }

  @Test(arguments: [
    "2022-02-29", "2100-02-29", "2022-04-31", "2022-13-01", "2022-00-10", "2022-01-00",
    "0000-01-01", "2022-1-01", "2022/01/01", "2022-01-0x", "22-01-2022", "2022-01-011",
    "2024-02-30", "2021-11-31", "2021-06-32", "1900-02-29",
  ])
  func declinesOtherCells(text: String) {
    let number = Array(text.utf8).withUnsafeBufferPointer { ValueParser.isoDayNumber($0) }
    #expect(number == nil)
  }

  @Test func declinesBytesNextToDigitsAndDashes() {
    // Each place of a valid date, given the bytes just outside the digits ("/" and ":"),
    // other separators, and bytes from 0x80 up, which must not pass as digits or dashes.
    let valid = Array("2022-06-15".utf8)
    let strangers: [UInt8] = [
      0x2F, 0x3A, 0x2B, 0x2E, 0x20, 0x00, 0x7F, 0x80, 0xAD, 0xB0, 0xB9, 0xFF,
    ]
    for place in valid.indices {
      for stranger in strangers where stranger != valid[place] {
        var bytes = valid
        bytes[place] = stranger
        let number = bytes.withUnsafeBufferPointer { ValueParser.isoDayNumber($0) }
        #expect(number == nil, "\(bytes)")
      }
    }
    let number = valid.withUnsafeBufferPointer { ValueParser.isoDayNumber($0) }
    #expect(number == Day(year: 2022, month: 6, day: 15)!.number)
  }
}
