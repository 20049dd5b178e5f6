import ReviewBook

/// How dates read in tables and Markdown.
public enum DateStyle: String, Sendable {
  /// `2016-05-01`
  case iso
  /// `May 1, 2016`
  case long

  /// May 1, 2016 in this style.
  public var example: String {
    switch self {
    case .iso: return "2016-05-01"
    case .long: return "May 1, 2016"
    }
  }
}

/// Turns values into text: display text for people (`$49,461`, `May 1, 2016`), raw text
/// for machines (`49461`, `2016-05-01`).
public enum ValueFormatter {
  /// Display text for one value; money shows the symbol of `currency`, or `$` for none.
  public static func display(
    _ value: Value, dates: DateStyle = .iso, currency: Currency? = nil
  ) -> String {
    switch value {
    case .missing: return ""
    case .text(let text): return text
    case .number(let number): return display(number: number)
    case .money(let cents): return money(cents, currency: currency)
    case .date(let day): return dates == .iso ? day.iso : day.long
    case .boolean(let flag): return flag ? "yes" : "no"
    }
  }

  /// Raw text: numbers and money unformatted, ISO dates, `true`/`false`, empty for missing.
  public static func raw(_ value: Value) -> String {
    switch value {
    case .missing: return ""
    case .text(let text): return text
    case .number(let number): return raw(number: number)
    case .money(let cents): return rawMoney(cents)
    case .date(let day): return day.iso
    case .boolean(let flag): return flag ? "true" : "false"
    }
  }

  /// A number with at most two decimals and no digit grouping: `62.4`, `57.33`, `120`.
  public static func display(number: Double) -> String {
    guard number.isFinite else { return String(number) }
    if number == number.rounded() && abs(number) < 1e15 {
      return String(Int64(number))
    }
    let hundredths = (number * 100).rounded()
    if abs(hundredths) < 1e15 {
      let whole = Int64(hundredths)
      let sign = whole < 0 ? "-" : ""
      let magnitude = whole.magnitude
      var text = "\(sign)\(magnitude / 100)"
      let fraction = magnitude % 100
      if fraction != 0 {
        text +=
          fraction % 10 == 0
          ? ".\(fraction / 10)" : (fraction < 10 ? ".0\(fraction)" : ".\(fraction)")
      }
      return text
    }
    return String(number)
  }

  /// The number of decimals, 0 to 2, that `display(number:)` writes for a number.
  public static func decimals(of number: Double) -> Int {
    guard number.isFinite, number != number.rounded() else { return 0 }
    let hundredths = (number * 100).rounded()
    guard abs(hundredths) < 1e15 else { return 0 }
    let fraction = Int64(hundredths).magnitude % 100
    return fraction == 0 ? 0 : (fraction % 10 == 0 ? 1 : 2)
  }

  /// A number rounded to exactly `decimals` decimals (0 to 2), so that a column of numbers
  /// lines up: `56.0` beside `58.9`.
  public static func display(number: Double, decimals: Int) -> String {
    let places = min(max(decimals, 0), 2)
    guard places > 0, number.isFinite, abs(number) < 1e13 else { return display(number: number) }
    let scale: Double = places == 1 ? 10 : 100
    let scaled = (number * scale).rounded()
    let whole = Int64(scaled)
    let sign = whole < 0 ? "-" : ""
    let magnitude = whole.magnitude
    let fraction = String(magnitude % UInt64(scale))
    let padding = String(repeating: "0", count: places - fraction.count)
    return "\(sign)\(magnitude / UInt64(scale)).\(padding)\(fraction)"
  }

  /// The shortest text that reads back as the same double: `62.4`, `120`.
  public static func raw(number: Double) -> String {
    if number == number.rounded() && abs(number) < 1e15 {
      return String(Int64(number))
    }
    return String(number)
  }

  /// `$49,461`, `$49,461.50`, `-$500`, or `€1,250.50` in euros. Whole amounts leave out
  /// the cents unless `showsCents` is set, as for a column where another amount has cents.
  public static func money(
    _ cents: Int64, currency: Currency? = nil, showsCents: Bool = false
  ) -> String {
    let sign = cents < 0 ? "-" : ""
    let symbol = currency?.prefix ?? "$"
    let magnitude = cents.magnitude
    let whole = grouped(magnitude / 100)
    let fraction = magnitude % 100
    if fraction == 0 && !showsCents {
      return "\(sign)\(symbol)\(whole)"
    }
    return "\(sign)\(symbol)\(whole).\(fraction < 10 ? "0" : "")\(fraction)"
  }

  /// `$1.2M`, `$49.5k`, `$900`: money in a few characters, for summaries, with the symbol
  /// of `currency` (`€1.2M`), or `$` for none.
  public static func compactMoney(_ cents: Int64, currency: Currency? = nil) -> String {
    let amount = Double(cents) / 100
    let sign = amount < 0 ? "-" : ""
    let symbol = currency?.prefix ?? "$"
    let magnitude = abs(amount)
    func scaled(_ value: Double, _ suffix: String) -> String {
      let tenths = (value * 10).rounded() / 10
      let text = tenths == tenths.rounded() ? String(Int64(tenths)) : String(tenths)
      return "\(sign)\(symbol)\(text)\(suffix)"
    }
    // The unit is chosen after rounding to tenths, so that $999,999 reads $1M, not $1000k.
    if magnitude >= 999_950_000 { return scaled(magnitude / 1e9, "B") }
    if magnitude >= 999_950 { return scaled(magnitude / 1e6, "M") }
    if magnitude >= 1e4 { return scaled(magnitude / 1e3, "k") }
    return money(cents, currency: currency)
  }

  /// Money as a plain decimal: `49461`, `49461.5`.
  public static func rawMoney(_ cents: Int64) -> String {
    let sign = cents < 0 ? "-" : ""
    let magnitude = cents.magnitude
    let fraction = magnitude % 100
    if fraction == 0 { return "\(sign)\(magnitude / 100)" }
    if fraction % 10 == 0 { return "\(sign)\(magnitude / 100).\(fraction / 10)" }
    return "\(sign)\(magnitude / 100).\(fraction < 10 ? "0" : "")\(fraction)"
  }

  /// A whole number with commas between groups of three digits.
  public static func grouped(_ number: UInt64) -> String {
    let digits = Array(String(number))
    var result = ""
    result.reserveCapacity(digits.count + digits.count / 3)
    for (index, digit) in digits.enumerated() {
      if index > 0 && (digits.count - index) % 3 == 0 { result.append(",") }
      result.append(digit)
    }
    return result
  }

  /// A count with its noun, singular for one: "1 account", "2,400 accounts".
  public static func counted(_ number: Int, _ noun: String, plural: String? = nil) -> String {
    "\(grouped(number)) \(number == 1 ? noun : plural ?? noun + "s")"
  }

  public static func grouped(_ number: Int) -> String {
    number < 0 ? "-" + grouped(UInt64(-number)) : grouped(UInt64(number))
  }
}
