/// A calendar date in the proleptic Gregorian calendar, stored as days since 1970-01-01.
public struct Day: Hashable, Comparable, Sendable {
  /// Days since 1970-01-01; negative before it.
  public var number: Int32

  public init(number: Int32) {
    self.number = number
  }

  /// Creates the day for a valid calendar date, or returns nil (for example for 2022-02-30).
  public init?(year: Int, month: Int, day: Int) {
    guard (1...12).contains(month), year >= -9999, year <= 9999 else { return nil }
    guard day >= 1, day <= Day.daysInMonth(year: year, month: month) else { return nil }

    self.number = Int32(Day.daysSinceEpoch(year: year, month: month, day: day))
  }

  public static func < (lhs: Day, rhs: Day) -> Bool { lhs.number < rhs.number }

  /// The day of the week, from 0 for Monday to 6 for Sunday. 1970-01-01 was a Thursday.
  public var weekday: Int {
    let offset = (Int(number) + 3) % 7
    return offset < 0 ? offset + 7 : offset
  }

  /// Returns the first day after this one that falls on `weekday` (0 for Monday), one to
  /// seven days later. On a Friday, the next Friday is a week ahead.
  public func next(weekday: Int) -> Day {
    let ahead = (weekday - self.weekday + 7) % 7
    return adding(days: ahead == 0 ? 7 : ahead)
  }

  public static func isLeapYear(_ year: Int) -> Bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
  }

  public static func daysInMonth(year: Int, month: Int) -> Int {
    switch month {
    case 2: return isLeapYear(year) ? 29 : 28
    case 4, 6, 9, 11: return 30
    default: return 31
    }
  }

  /// The year, month and day of this date.
  public var components: (year: Int, month: Int, day: Int) {
    // Shift the epoch to 0000-03-01 so that the leap day ends each 400-year era's year.
    let shifted = Int(number) + 719_468
    let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
    let dayOfEra = shifted - era * 146_097
    let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
    let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
    let monthIndex = (5 * dayOfYear + 2) / 153
    let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
    let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
    let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
    return (year, month, day)
  }

  /// Days from 1970-01-01 to the given date, which must be valid.
  static func daysSinceEpoch(year: Int, month: Int, day: Int) -> Int {
    let adjustedYear = month <= 2 ? year - 1 : year
    let era = (adjustedYear >= 0 ? adjustedYear : adjustedYear - 399) / 400
    let yearOfEra = adjustedYear - era * 400
    let monthIndex = month > 2 ? month - 3 : month + 9
    let dayOfYear = (153 * monthIndex + 2) / 5 + day - 1
    let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
    return era * 146_097 + dayOfEra - 719_468
  }

  /// The date as `YYYY-MM-DD`.
  public var iso: String {
    let (year, month, day) = components
    return Day.pad(year, 4) + "-" + Day.pad(month, 2) + "-" + Day.pad(day, 2)
  }

  /// The date as `May 1, 2016`.
  public var long: String {
    let (year, month, day) = components
    return "\(Day.monthAbbreviations[month - 1]) \(day), \(year)"
  }

  public func adding(days: Int) -> Day {
    Day(number: Int32(clamping: Int(number) + days))
  }

  /// Whole days from `other` to this day: positive when this day is later.
  public func days(since other: Day) -> Int {
    Int(number) - Int(other.number)
  }

  /// Adds calendar months, keeping the day of the month where it exists and otherwise
  /// using the month's last day (January 31 plus one month is February 28 or 29).
  public func adding(months: Int) -> Day {
    let (year, month, day) = components
    let total = year * 12 + (month - 1) + months
    let newYear = total >= 0 ? total / 12 : (total - 11) / 12
    let newMonth = total - newYear * 12 + 1
    let newDay = min(day, Day.daysInMonth(year: newYear, month: newMonth))
    return Day(year: newYear, month: newMonth, day: newDay) ?? self
  }

  public static let monthAbbreviations = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
  ]

  private static func pad(_ value: Int, _ width: Int) -> String {
    let digits = String(abs(value))
    let sign = value < 0 ? "-" : ""
    return sign + String(repeating: "0", count: max(0, width - digits.count)) + digits
  }
}

extension Day: CustomStringConvertible {
  public var description: String { iso }
}
