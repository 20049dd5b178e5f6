/// Parsers for cell text as exports write it: `$49,461`, `1.2M`, `62.4`, `80%`,
/// `May 1, 2016`, `2016-05-01`, `05/01/2016`, `yes`. They work on UTF-8 bytes and
/// allocate nothing on success.
public enum ValueParser {
  /// The shape of a date cell. Numeric dates such as `05/01/2016` are kept unresolved until
  /// the column's day/month order is known.
  public enum DateShape: Equatable, Sendable {
    case day(Day)
    /// `first/second/year`, where first and second are the day and month in an order that
    /// the column decides.
    case numeric(first: Int, second: Int, year: Int)
  }

  /// The order of day and month in numeric dates.
  public enum DateOrder: String, Sendable {
    /// 05/01/2016 is May 1.
    case monthFirst = "mdy"
    /// 05/01/2016 is 5 January.
    case dayFirst = "dmy"
  }

  // MARK: - Entry points on strings

  public static func number(_ text: String) -> Double? {
    var text = text
    return text.withUTF8 { number($0) }
  }

  public static func money(_ text: String) -> Int64? {
    var text = text
    return text.withUTF8 { money($0) }
  }

  public static func date(_ text: String) -> DateShape? {
    var text = text
    return text.withUTF8 { date($0) }
  }

  public static func boolean(_ text: String, allowDigits: Bool = false) -> Bool? {
    var text = text
    return text.withUTF8 { boolean($0, allowDigits: allowDigits) }
  }

  /// Resolves a date shape with the given order, or nil when the date does not exist.
  public static func resolve(_ shape: DateShape, order: DateOrder) -> Day? {
    switch shape {
    case .day(let day):
      return day
    case .numeric(let first, let second, let year):
      switch order {
      case .monthFirst: return Day(year: year, month: first, day: second)
      case .dayFirst: return Day(year: year, month: second, day: first)
      }
    }
  }

  // MARK: - Missing markers

  /// Whether a cell of a typed column means "no value": empty, blank, `-`, `?`, `n/a`,
  /// `null`, `none`, `nan`, `unknown`, `tbd`, `tba`, or a spreadsheet error value such as
  /// `#N/A` or `#DIV/0!`.
  public static func isMissingMarker(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
    let cell = trimmed(bytes)
    if cell.isEmpty { return true }
    if cell.count == 1 { return cell[0] == UInt8(ascii: "-") || cell[0] == UInt8(ascii: "?") }
    if cell[0] == UInt8(ascii: "#") && cell.count <= 8 {
      // A spreadsheet's error values: #N/A, #DIV/0!, #VALUE!, #REF!, #NAME?, #NUM!, #NULL!.
      let word = String(decoding: cell.map(TextFolding.lowerASCII), as: UTF8.self)
      return ["#n/a", "#div/0!", "#value!", "#ref!", "#name?", "#num!", "#null!"].contains(word)
    }
    if cell.count == 7 || cell.count == 3 {
      let word = String(decoding: cell.map(TextFolding.lowerASCII), as: UTF8.self)
      if word == "unknown" || word == "tbd" || word == "tba" { return true }
    }
    if cell.count == 3 && cell[0] == 0xE2 && cell[1] == 0x80 && (cell[2] == 0x94 || cell[2] == 0x93)
    {
      return true  // an em or en dash
    }
    guard cell.count <= 4 else { return false }
    var folded: UInt32 = 0
    for byte in cell {
      folded = folded << 8 | UInt32(TextFolding.lowerASCII(byte))
    }
    switch folded {
    case 0x6E2F61,  // n/a
      0x6E756C6C,  // null
      0x6E6F6E65,  // none
      0x6E616E,  // nan
      0x236E2F61:  // #n/a
      return true
    default:
      return false
    }
  }

  // MARK: - Numbers

  /// Parses `62.4`, `-3`, `1,234.5`, `80%` (as 80), `1e3`. Returns nil for anything else,
  /// including values too large for a double.
  public static func number(_ bytes: UnsafeBufferPointer<UInt8>) -> Double? {
    var cell = trimmed(bytes)
    if let integer = plainInteger(cell, maximumDigits: 15) { return Double(integer) }
    if let last = cell.last, last == UInt8(ascii: "%") {
      cell = trimmed(UnsafeBufferPointer(rebasing: cell[..<(cell.count - 1)]))
    }
    guard let parsed = decimal(cell, allowExponent: true) else { return nil }
    return parsed.value
  }

  /// Whether the cell is an integer with a leading zero (`0123`), which is an identifier
  /// or a code rather than a number.
  public static func hasLeadingZero(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
    let cell = trimmed(bytes)
    return cell.count >= 2 && cell[0] == UInt8(ascii: "0") && isDigit(cell[1])
  }

  struct Decimal {
    var value: Double
    /// Digits after the decimal point.
    var scale: Int
  }

  /// Parses an optionally signed decimal with optional thousands separators (`1,234.5`) and
  /// an optional exponent.
  static func decimal(_ cell: UnsafeBufferPointer<UInt8>, allowExponent: Bool) -> Decimal? {
    var index = 0
    let count = cell.count
    guard count > 0 else { return nil }

    var negative = false
    if cell[0] == UInt8(ascii: "-") || cell[0] == UInt8(ascii: "+") {
      negative = cell[0] == UInt8(ascii: "-")
      index = 1
    }

    var mantissa: UInt64 = 0
    var significantDigits = 0
    var droppedDigits = 0  // digits beyond what the mantissa holds; they force the slow path
    var integerDigits = 0
    var groupLength = -1  // digits since the last thousands separator; -1 before any
    var sawDigit = false
    while index < count {
      let byte = cell[index]
      if isDigit(byte) {
        accumulate(byte, into: &mantissa, significant: &significantDigits, dropped: &droppedDigits)
        integerDigits += 1
        if groupLength >= 0 { groupLength += 1 }
        sawDigit = true
      } else if byte == UInt8(ascii: ",") {
        // A thousands separator needs one to three digits before the first one and exactly
        // three digits between separators.
        guard sawDigit, groupLength == -1 ? integerDigits <= 3 : groupLength == 3 else {
          return nil
        }
        groupLength = 0
      } else {
        break
      }
      index += 1
    }
    if groupLength >= 0 && groupLength != 3 { return nil }

    var scale = 0
    if index < count && cell[index] == UInt8(ascii: ".") {
      index += 1
      while index < count && isDigit(cell[index]) {
        if accumulate(
          cell[index], into: &mantissa, significant: &significantDigits, dropped: &droppedDigits)
        {
          scale += 1
        }
        sawDigit = true
        index += 1
      }
    }
    guard sawDigit else { return nil }

    var exponent = 0
    if allowExponent && index < count && (cell[index] | 0x20) == UInt8(ascii: "e") {
      index += 1
      var exponentNegative = false
      if index < count && (cell[index] == UInt8(ascii: "-") || cell[index] == UInt8(ascii: "+")) {
        exponentNegative = cell[index] == UInt8(ascii: "-")
        index += 1
      }
      var exponentDigits = 0
      while index < count && isDigit(cell[index]) {
        if exponent < 100_000 { exponent = exponent * 10 + Int(cell[index] - 0x30) }
        exponentDigits += 1
        index += 1
      }
      guard exponentDigits > 0 else { return nil }
      if exponentNegative { exponent = -exponent }
    }
    guard index == count else { return nil }

    let power = exponent - scale
    var value: Double
    if droppedDigits == 0 && mantissa < (1 << 53) && abs(power) <= 22 {
      // Both operands are exact, so one multiplication or division rounds correctly.
      value = Double(mantissa)
      value = power < 0 ? value / powersOfTen[-power] : value * powersOfTen[power]
    } else {
      guard let exact = slowDecimal(cell) else { return nil }
      value = abs(exact)
    }
    guard value.isFinite else { return nil }
    if negative && value != 0 { value = -value }
    return Decimal(value: value, scale: max(0, scale - exponent))
  }

  /// Adds a digit to the mantissa while it has room; returns whether the digit was kept.
  @inline(__always)
  @discardableResult
  private static func accumulate(
    _ byte: UInt8, into mantissa: inout UInt64, significant: inout Int, dropped: inout Int
  ) -> Bool {
    if significant < 19 {
      mantissa = mantissa &* 10 &+ UInt64(byte - 0x30)
      if mantissa != 0 { significant += 1 }
      return true
    }
    dropped += 1
    return false
  }

  /// Parses with the C library when the fast path cannot round exactly.
  private static func slowDecimal(_ cell: UnsafeBufferPointer<UInt8>) -> Double? {
    var text = ""
    for byte in cell where byte != UInt8(ascii: ",") {
      text.unicodeScalars.append(Unicode.Scalar(byte))
    }
    return Double(text)
  }

  private static let powersOfTen: [Double] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
    1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
  ]

  // MARK: - Money

  /// Parses money into cents: `$49,461`, `-$1,200.50`, `($500)`, `1.2M`, `50k`, `€300`,
  /// `300 USD`, or a plain number. Rounds to the nearest cent.
  public static func money(_ bytes: UnsafeBufferPointer<UInt8>) -> Int64? {
    // Whole amounts of up to 13 digits are exact in cents, as the general path computes them.
    if let dollars = plainInteger(trimmed(bytes), maximumDigits: 13) { return dollars * 100 }
    return moneyWithMarker(bytes)?.cents
  }

  /// Parses money and reports whether the cell carried a currency sign, a currency code or
  /// a k/m/b suffix, which marks money apart from a plain number. It also returns the
  /// currency that a sign or code names, and a sign before the amount wins over a code
  /// after it.
  public static func moneyWithMarker(
    _ bytes: UnsafeBufferPointer<UInt8>
  ) -> (cents: Int64, marked: Bool, currency: Currency?)? {
    moneyReading(bytes).map { ($0.cents, $0.marked, $0.currency) }
  }

  /// The reading of a money cell's dots: none, separators between thousands (`7.500`,
  /// `1.250,50`), or a decimal point (`2.50`).
  public enum DotUse: Sendable, Equatable {
    case none
    case grouping
    case decimal
  }

  /// Parses money as `moneyWithMarker` does, and also returns how the cell's dots were
  /// read. Without `dotsGroupThousands`, a dot is always a decimal point, so `1.250` is
  /// one and a quarter. With `allowsExponent`, `1e3` and `2.5E6` are amounts too, as JSON
  /// writes numbers.
  public static func moneyReading(
    _ bytes: UnsafeBufferPointer<UInt8>, dotsGroupThousands: Bool = true,
    allowsExponent: Bool = false
  ) -> (cents: Int64, marked: Bool, currency: Currency?, dots: DotUse)? {
    var cell = trimmed(bytes)
    // Whole dollars are the usual cell. Thirteen digits keep the cents exact in a Double,
    // so the general path below would give the same amount.
    if let dollars = plainInteger(cell, maximumDigits: 13) {
      return (dollars * 100, false, nil, .none)
    }
    // An empty cell, the usual missing amount, is no amount; the steps below would find
    // the same.
    guard !cell.isEmpty else { return nil }
    var negative = false
    var marked = false
    var currency: Currency?

    if cell.count >= 2 && cell.first == UInt8(ascii: "(") && cell.last == UInt8(ascii: ")") {
      negative = true
      cell = trimmed(UnsafeBufferPointer(rebasing: cell[1..<(cell.count - 1)]))
    }
    if let first = cell.first, first == UInt8(ascii: "-") || first == UInt8(ascii: "+") {
      negative = negative != (first == UInt8(ascii: "-"))
      cell = trimmed(UnsafeBufferPointer(rebasing: cell[1...]))
    }
    if let prefix = currencyPrefix(cell) {
      marked = true
      currency = prefix.currency
      cell = trimmed(UnsafeBufferPointer(rebasing: cell[prefix.length...]))
      // Spreadsheets' accounting format writes zero as `$ -` and a loss as `$ (500.00)`.
      if cell.count == 1 && cell[0] == UInt8(ascii: "-") {
        return (0, true, currency, .none)
      }
      if cell.count >= 2 && cell.first == UInt8(ascii: "(") && cell.last == UInt8(ascii: ")") {
        negative.toggle()
        cell = trimmed(UnsafeBufferPointer(rebasing: cell[1..<(cell.count - 1)]))
      }
      if let first = cell.first, first == UInt8(ascii: "-") {
        negative.toggle()
        cell = trimmed(UnsafeBufferPointer(rebasing: cell[1...]))
      }
    }
    if let suffix = currencySuffix(cell) {
      marked = true
      currency = currency ?? suffix.currency
      var end = cell.count - suffix.length
      // French exports put a narrow no-break space before the sign (`1 200,50 €`).
      while end >= 3, spaceWidth(cell, at: end - 3) == 3 { end -= 3 }
      cell = trimmed(UnsafeBufferPointer(rebasing: cell[..<end]))
    }

    var multiplier = 1.0
    if let last = cell.last {
      let lower = last | 0x20
      var suffixLength = 0
      if lower == UInt8(ascii: "k") {
        multiplier = 1e3
        suffixLength = 1
      } else if lower == UInt8(ascii: "m") {
        multiplier = 1e6
        suffixLength = 1
        if cell.count >= 2 && cell[cell.count - 2] | 0x20 == UInt8(ascii: "m") { suffixLength = 2 }
      } else if lower == UInt8(ascii: "b") {
        multiplier = 1e9
        suffixLength = 1
      } else if lower == UInt8(ascii: "n") && cell.count >= 2
        && cell[cell.count - 2] | 0x20 == UInt8(ascii: "b")
      {
        multiplier = 1e9
        suffixLength = 2
      }
      if suffixLength > 0 {
        marked = true
        cell = trimmed(UnsafeBufferPointer(rebasing: cell[..<(cell.count - suffixLength)]))
      }
    }

    guard let first = cell.first, first != UInt8(ascii: "-"), first != UInt8(ascii: "+") else {
      return nil
    }
    let parsed: Decimal?
    var dots = DotUse.none
    if let regrouped = spaceGrouped(cell) {
      parsed = regrouped.withUnsafeBufferPointer { decimal($0, allowExponent: false) }
    } else if dotsGroupThousands, let regrouped = dotGrouped(cell) {
      parsed = regrouped.withUnsafeBufferPointer { decimal($0, allowExponent: false) }
      dots = .grouping
    } else {
      parsed = decimal(cell, allowExponent: allowsExponent)
      if cell.contains(UInt8(ascii: ".")) { dots = .decimal }
    }
    guard let parsed else { return nil }

    let dollars = parsed.value * multiplier
    let cents = (dollars * 100).rounded()
    guard cents.isFinite, abs(cents) < 9.0e18 else { return nil }
    let signed = Int64(cents)
    return (negative ? -signed : signed, marked, currency, dots)
  }

  /// An amount written with dots between thousands, as in `50.000`, `1.250.000` or
  /// `1.250,50`, rewritten as `50000`, `1250000`, `1250.50`; nil for any other text. Three
  /// digits after a single dot are never cents, so `€7.500` is seven thousand five hundred.
  static func dotGrouped(_ cell: UnsafeBufferPointer<UInt8>) -> [UInt8]? {
    var index = 0
    var leading = 0
    while index < cell.count && isDigit(cell[index]) {
      leading += 1
      index += 1
    }
    guard leading >= 1, leading <= 3, cell[0] != UInt8(ascii: "0"), index < cell.count,
      cell[index] == UInt8(ascii: ".")
    else {
      return nil
    }
    var digits = Array(cell[0..<index])
    var groups = 0
    while index < cell.count && cell[index] == UInt8(ascii: ".") {
      let start = index + 1
      guard start + 3 <= cell.count, cell[start..<(start + 3)].allSatisfy(isDigit) else {
        return nil
      }
      digits += cell[start..<(start + 3)]
      groups += 1
      index = start + 3
    }
    guard groups >= 1 else { return nil }
    if index == cell.count { return digits }
    guard cell[index] == UInt8(ascii: ","), index + 1 < cell.count, cell.count - index - 1 <= 2,
      cell[(index + 1)...].allSatisfy(isDigit)
    else { return nil }
    return digits + [UInt8(ascii: ".")] + cell[(index + 1)...]
  }

  /// Returns an amount written with spaces between thousands, as French, Nordic and Swiss
  /// exports write it (`1 200`, `12 500.50`, `12 500,50`), without those spaces, or nil for
  /// other text. Each space, plain, no-break or narrow, must come before three digits.
  static func spaceGrouped(_ cell: UnsafeBufferPointer<UInt8>) -> [UInt8]? {
    var index = 0
    while index < cell.count && isDigit(cell[index]) { index += 1 }
    guard index >= 1, index <= 3 else { return nil }
    var digits = Array(cell[0..<index])
    var groups = 0
    while index < cell.count {
      let width = spaceWidth(cell, at: index)
      guard width > 0 else { break }
      let start = index + width
      guard start + 3 <= cell.count, cell[start..<(start + 3)].allSatisfy(isDigit),
        start + 3 == cell.count || !isDigit(cell[start + 3])
      else { return nil }
      digits += cell[start..<(start + 3)]
      groups += 1
      index = start + 3
    }
    guard groups >= 1 else { return nil }
    // After spaces between thousands, a comma before one or two digits can only be a
    // decimal comma (`1 200,50`).
    let rest = cell[index...]
    if rest.first == UInt8(ascii: ","), (2...3).contains(rest.count),
      rest.dropFirst().allSatisfy(isDigit)
    {
      return digits + [UInt8(ascii: ".")] + rest.dropFirst()
    }
    return digits + rest
  }

  /// Returns the length of the space at `index` that may separate thousands: 1 for a plain space,
  /// 2 for a no-break space, 3 for a narrow no-break or a thin space, else 0.
  static func spaceWidth(_ cell: UnsafeBufferPointer<UInt8>, at index: Int) -> Int {
    let byte = cell[index]
    if byte == 0x20 { return 1 }
    if byte == 0xC2 && index + 1 < cell.count && cell[index + 1] == 0xA0 { return 2 }
    if byte == 0xE2 && index + 2 < cell.count && cell[index + 1] == 0x80
      && (cell[index + 2] == 0xAF || cell[index + 2] == 0x89)
    {
      return 3
    }
    return 0
  }

  /// The cell with `.` and `,` swapped, for exports that write decimal commas (`72,5`,
  /// `1.234,50`).
  public static func swappingSeparators(_ cell: UnsafeBufferPointer<UInt8>) -> [UInt8] {
    cell.map { byte in
      byte == UInt8(ascii: ".")
        ? UInt8(ascii: ",") : (byte == UInt8(ascii: ",") ? UInt8(ascii: ".") : byte)
    }
  }

  /// Returns the length of a currency sign or code before the amount, and the currency it
  /// names:
  /// `$` and `US$` are US dollars, `£` pounds, `¥` yen, `€` euros.
  private static func currencyPrefix(
    _ cell: UnsafeBufferPointer<UInt8>
  ) -> (length: Int, currency: Currency)? {
    guard let first = cell.first else { return nil }
    if first == UInt8(ascii: "$") { return (1, .usDollar) }
    if cell.count >= 2 && first == 0xC2 && cell[1] == 0xA3 { return (2, .pound) }
    if cell.count >= 2 && first == 0xC2 && cell[1] == 0xA5 { return (2, .yen) }
    if cell.count >= 3 && first == 0xE2 && cell[1] == 0x82 && cell[2] == 0xAC { return (3, .euro) }
    if cell.count >= 3, let code = currencyCode(cell, at: 0) {
      if cell.count >= 4 && cell[3] == UInt8(ascii: "$") { return (4, code) }  // USD$ and the like
      return (3, code)
    }
    if cell.count >= 3 && (cell[0] | 0x20) == UInt8(ascii: "u")
      && (cell[1] | 0x20) == UInt8(ascii: "s")
      && cell[2] == UInt8(ascii: "$")
    {
      return (3, .usDollar)
    }
    return nil
  }

  /// Returns the length of a currency code or euro sign after the amount, and the
  /// currency it names.
  private static func currencySuffix(
    _ cell: UnsafeBufferPointer<UInt8>
  ) -> (length: Int, currency: Currency)? {
    guard cell.count >= 4 else { return nil }
    if let code = currencyCode(cell, at: cell.count - 3) { return (3, code) }
    if cell[cell.count - 3] == 0xE2 && cell[cell.count - 2] == 0x82 && cell[cell.count - 1] == 0xAC
    {
      return (3, .euro)
    }
    return nil
  }

  private static let currencyCodes: Set<UInt32> = Set(
    ["USD", "EUR", "GBP", "CAD", "AUD", "JPY", "CHF", "NZD", "SEK", "NOK", "DKK", "INR"].map {
      $0.utf8.reduce(0) { $0 << 8 | UInt32($1) }
    })

  /// Returns the currency of the three letters at `start`, in any case, when they are one
  /// of `currencyCodes`.
  private static func currencyCode(
    _ cell: UnsafeBufferPointer<UInt8>, at start: Int
  ) -> Currency? {
    guard start + 3 <= cell.count else { return nil }
    var code: UInt32 = 0
    for index in start..<(start + 3) {
      let byte = cell[index]
      guard isLetter(byte) else { return nil }
      code = code << 8 | UInt32(byte & ~0x20)
    }
    return currencyCodes.contains(code) ? Currency(packed: code) : nil
  }

  // MARK: - Dates

  /// Parses `2016-05-01` (with an optional time after it), `2016/05/01`, `May 1, 2016`,
  /// `Dec 02, 2021`, `1 May 2016`, `01-May-16`, `Monday, May 1, 2016` and numeric dates such
  /// as `05/01/2016` or `5.1.16`. Two-digit years 00–68 are 2000–2068 and 69–99 are
  /// 1969–1999. Returns nil for text that is not shaped like a date or for a date that does
  /// not exist.
  public static func date(_ bytes: UnsafeBufferPointer<UInt8>) -> DateShape? {
    let cell = trimmed(bytes)
    if let iso = isoDate(cell) { return iso }
    guard cell.count >= 6, cell.count <= 40 else { return nil }

    // A leading digit may still start a named-month date such as `1 May 2016`.
    if isDigit(cell[0]), let shape = numericDate(cell) {
      return shape
    }
    return namedMonthDate(cell)
  }

  private static func numericDate(_ cell: UnsafeBufferPointer<UInt8>) -> DateShape? {
    var index = 0
    func readNumber(maxDigits: Int) -> (value: Int, digits: Int)? {
      var value = 0
      var digits = 0
      while index < cell.count && isDigit(cell[index]) && digits < maxDigits {
        value = value * 10 + Int(cell[index] - 0x30)
        digits += 1
        index += 1
      }
      return digits == 0 ? nil : (value, digits)
    }

    guard let first = readNumber(maxDigits: 4) else { return nil }
    guard index < cell.count else { return nil }
    let separator = cell[index]
    guard
      separator == UInt8(ascii: "-") || separator == UInt8(ascii: "/")
        || separator == UInt8(ascii: ".")
    else { return nil }
    index += 1
    guard let second = readNumber(maxDigits: 2), index < cell.count, cell[index] == separator else {
      return nil
    }
    index += 1
    let third = readNumber(maxDigits: 4)
    guard let third else { return nil }

    // What may follow the date: a time, introduced by a space or `T`.
    if index < cell.count {
      let next = cell[index]
      guard next == UInt8(ascii: " ") || next == UInt8(ascii: "T") || next == UInt8(ascii: "t"),
        index + 1 < cell.count, isDigit(cell[index + 1]),
        isTime(UnsafeBufferPointer(rebasing: cell[(index + 1)...]))
      else { return nil }
    }

    if first.digits == 4 {
      guard second.digits <= 2, third.digits <= 2 else { return nil }
      guard let day = Day(year: first.value, month: second.value, day: third.value) else {
        return nil
      }
      return .day(day)
    }
    guard first.digits <= 2, third.digits == 4 || third.digits == 2 else { return nil }
    guard first.value >= 1, second.value >= 1, first.value <= 31, second.value <= 31 else {
      return nil
    }
    guard first.value <= 12 || second.value <= 12 else { return nil }

    let year = third.digits == 2 ? expandTwoDigitYear(third.value) : third.value
    let shape = DateShape.numeric(first: first.value, second: second.value, year: year)
    guard resolve(shape, order: .monthFirst) != nil || resolve(shape, order: .dayFirst) != nil
    else {
      return nil
    }
    return shape
  }

  /// Whether the text is a time of day: `3:00`, `10:15:30`, `10:15:30.123Z`, `09:00+02:00`.
  private static func isTime(_ text: UnsafeBufferPointer<UInt8>) -> Bool {
    var index = 0
    var digits = 0
    while index < text.count && isDigit(text[index]) {
      digits += 1
      index += 1
    }
    guard digits >= 1, digits <= 2, index < text.count, text[index] == UInt8(ascii: ":") else {
      return false
    }
    for byte in text[index...] {
      let allowed =
        isDigit(byte) || byte == UInt8(ascii: ":") || byte == UInt8(ascii: ".")
        || byte == UInt8(ascii: "Z") || byte == UInt8(ascii: "+") || byte == UInt8(ascii: "-")
        || byte == UInt8(ascii: " ") || (byte | 0x20) == UInt8(ascii: "a")
        || (byte | 0x20) == UInt8(ascii: "p") || (byte | 0x20) == UInt8(ascii: "m")
      if !allowed { return false }
    }
    return true
  }

  public static func expandTwoDigitYear(_ year: Int) -> Int {
    year < 69 ? 2000 + year : 1900 + year
  }

  private static func namedMonthDate(_ cell: UnsafeBufferPointer<UInt8>) -> DateShape? {
    var month: Int?
    var numbers: [(value: Int, digits: Int)] = []
    var index = 0
    while index < cell.count {
      let byte = cell[index]
      if isLetter(byte) {
        let start = index
        while index < cell.count && isLetter(cell[index]) { index += 1 }
        let word = UnsafeBufferPointer(rebasing: cell[start..<index])
        if let number = monthNumber(word) {
          guard month == nil else { return nil }
          month = number
        } else if isOrdinalSuffix(word), !numbers.isEmpty {
          continue
        } else if !isWeekday(word) {
          return nil
        }
      } else if isDigit(byte) {
        var value = 0
        var digits = 0
        while index < cell.count && isDigit(cell[index]) {
          guard digits < 4 else { return nil }
          value = value * 10 + Int(cell[index] - 0x30)
          digits += 1
          index += 1
        }
        numbers.append((value, digits))
      } else if byte == UInt8(ascii: " ") || byte == UInt8(ascii: ",") || byte == UInt8(ascii: "-")
        || byte == UInt8(ascii: "/") || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "'")
      {
        index += 1
      } else {
        return nil
      }
    }
    guard let month, numbers.count == 2 else { return nil }

    let dayPart: (value: Int, digits: Int)
    let yearPart: (value: Int, digits: Int)
    if numbers[1].digits == 4 || (numbers[0].digits <= 2 && numbers[1].digits == 2) {
      dayPart = numbers[0]
      yearPart = numbers[1]
    } else if numbers[0].digits == 4 {
      yearPart = numbers[0]
      dayPart = numbers[1]
    } else {
      return nil
    }
    guard dayPart.digits <= 2, yearPart.digits == 4 || yearPart.digits == 2 else { return nil }

    let year = yearPart.digits == 2 ? expandTwoDigitYear(yearPart.value) : yearPart.value
    guard let day = Day(year: year, month: month, day: dayPart.value) else { return nil }
    return .day(day)
  }

  private static let monthNames = [
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december",
  ]

  /// The month of an English month name or its abbreviation of three or more letters
  /// (`May`, `Sept`, `December`).
  static func monthNumber(_ word: UnsafeBufferPointer<UInt8>) -> Int? {
    guard word.count >= 3, word.count <= 9 else { return nil }
    let lowered = word.map { $0 | 0x20 }
    for (index, name) in monthNames.enumerated() {
      let nameBytes = Array(name.utf8)
      if lowered.count <= nameBytes.count && nameBytes.starts(with: lowered) {
        return index + 1
      }
    }
    return nil
  }

  private static func isWeekday(_ word: UnsafeBufferPointer<UInt8>) -> Bool {
    guard word.count >= 3 else { return false }
    let lowered = word.map { $0 | 0x20 }
    for name in ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"] {
      let nameBytes = Array(name.utf8)
      if lowered.count <= nameBytes.count && nameBytes.starts(with: lowered) { return true }
    }
    return false
  }

  private static func isOrdinalSuffix(_ word: UnsafeBufferPointer<UInt8>) -> Bool {
    guard word.count == 2 else { return false }
    let pair = String(decoding: word.map { $0 | 0x20 }, as: UTF8.self)
    return ["st", "nd", "rd", "th"].contains(pair)
  }

  // MARK: - Booleans

  /// Parses `true`/`false`, `yes`/`no`, `y`/`n`, `t`/`f`, case-insensitively, and `1`/`0`
  /// when `allowDigits` is set.
  public static func boolean(
    _ bytes: UnsafeBufferPointer<UInt8>, allowDigits: Bool = false
  ) -> Bool? {
    let cell = trimmed(bytes)
    // Compared without building a string, because a flag column has a cell in every row.
    func spells(_ word: StaticString) -> Bool {
      guard cell.count == word.utf8CodeUnitCount else { return false }
      for index in 0..<cell.count where TextFolding.lowerASCII(cell[index]) != word.utf8Start[index]
      {
        return false
      }
      return true
    }
    switch cell.count {
    case 1:
      switch TextFolding.lowerASCII(cell[0]) {
      case UInt8(ascii: "t"), UInt8(ascii: "y"): return true
      case UInt8(ascii: "f"), UInt8(ascii: "n"): return false
      case UInt8(ascii: "1"), UInt8(ascii: "x"): return allowDigits ? true : nil
      case UInt8(ascii: "0"): return allowDigits ? false : nil
      default: return nil
      }
    case 2: return spells("no") ? false : nil
    case 3: return spells("yes") ? true : nil
    case 4: return spells("true") ? true : nil
    case 5: return spells("false") ? false : nil
    default: return nil
    }
  }

  // MARK: - Bytes

  @inline(__always)
  static func isDigit(_ byte: UInt8) -> Bool { byte &- 0x30 < 10 }

  /// Whether the byte is an ASCII digit.
  public static func isDigitByte(_ byte: UInt8) -> Bool { isDigit(byte) }

  @inline(__always)
  static func isLetter(_ byte: UInt8) -> Bool { (byte | 0x20) &- 0x61 < 26 }

  /// The cell without leading and trailing spaces, tabs and non-breaking spaces.
  @inlinable @inline(__always)
  public static func trimmed(_ bytes: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8> {
    // Most cells start and end with neither a space, a tab nor a no-break space.
    if let first = bytes.first, let last = bytes.last, first > 0x20, first != 0xC2, last > 0x20,
      last != 0xA0
    {
      return bytes
    }
    var start = 0
    var end = bytes.count
    while start < end {
      if bytes[start] == 0x20 || bytes[start] == 0x09 {
        start += 1
      } else if start + 1 < end && bytes[start] == 0xC2 && bytes[start + 1] == 0xA0 {
        start += 2
      } else {
        break
      }
    }
    while end > start {
      if bytes[end - 1] == 0x20 || bytes[end - 1] == 0x09 {
        end -= 1
      } else if end - 2 >= start && bytes[end - 2] == 0xC2 && bytes[end - 1] == 0xA0 {
        end -= 2
      } else {
        break
      }
    }
    return UnsafeBufferPointer(rebasing: bytes[start..<end])
  }
}
