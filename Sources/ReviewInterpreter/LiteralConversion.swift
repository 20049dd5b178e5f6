import ReviewBook
import ReviewLanguage

/// Gives a literal the type of the field it is compared with.
enum LiteralConversion {
  /// Converts `literal` to `type`. `field` names the field it is compared with, or is nil
  /// for a value given on its own, as in `today 2022-02-01` or `due in 2 weeks`. An amount
  /// that names a currency (`€50k`, `$50k`, `50k EUR`) must name `currency`, the field's,
  /// or dollars for a field whose currency is unknown, since tables show those amounts so.
  static func value(
    _ literal: LocatedLiteral, type: FieldType, field: String?, today: Day,
    currency: Currency? = nil
  ) throws(CommandError) -> Value {
    switch type {
    case .text:
      switch literal.value {
      case .string(let text), .word(let text), .number(let text), .date(let text):
        return .text(text)
      case .relativeDate:
        throw mismatch(literal, field: field, type: type, example: "\"some text\"")
      }
    case .number:
      switch literal.value {
      case .number(let text), .string(let text):
        if let number = ValueParser.number(text) { return .number(number) }
        if let cents = ValueParser.money(text) { return .number(Double(cents) / 100) }
      default:
        break
      }
      throw mismatch(literal, field: field, type: type, example: "40 or 62.5")
    case .money:
      switch literal.value {
      case .number(let text), .string(let text), .word(let text):
        var text = text
        if let reading = text.withUTF8({ ValueParser.moneyWithMarker($0) }) {
          let expected = currency ?? .usDollar
          if let written = reading.currency, written != expected {
            throw currencyMismatch(
              literal, field: field, expected: expected, written: written,
              isNamed: currency != nil)
          }
          return .money(cents: reading.cents)
        }
      default:
        break
      }
      throw mismatch(literal, field: field, type: type, example: "50000, 50k, 1.2m or $49,461")
    case .date:
      switch literal.value {
      case .date(let text), .string(let text):
        if let shape = ValueParser.date(text) {
          if case .day(let day) = shape { return .date(day) }
          if case .numeric(let first, let second, _) = shape {
            if first > 12, let day = ValueParser.resolve(shape, order: .dayFirst) {
              return .date(day)
            }
            if second > 12, let day = ValueParser.resolve(shape, order: .monthFirst) {
              return .date(day)
            }
            // The hint spells out both readings, so that the user picks one.
            let readings = [ValueParser.DateOrder.monthFirst, .dayFirst].compactMap {
              ValueParser.resolve(shape, order: $0)
            }
            var hint = "write the date as 2022-05-01 or May 1, 2022"
            if readings.count == 2 {
              hint =
                "write the date as \(readings[0].iso) (month first) or \(readings[1].iso) (day first)"
            }
            throw CommandError(
              "\(literalText(literal)) could be read either way round", at: literal.range,
              hint: hint)
          }
        }
      case .word(let name):
        // A day of the week is the next one after today.
        if let weekday = Parser.weekday(named: name) { return .date(today.next(weekday: weekday)) }
      case .relativeDate(let amount, let unit):
        switch unit {
        case .day: return .date(today.adding(days: amount))
        case .week: return .date(today.adding(days: amount * 7))
        case .month: return .date(today.adding(months: amount))
        case .year: return .date(today.adding(months: amount * 12))
        }
      default:
        break
      }
      throw mismatch(
        literal, field: field, type: type,
        example: "2022-02-01, \"May 1, 2022\", 30 days ago or in 2 weeks")
    case .boolean:
      switch literal.value {
      case .word(let text), .string(let text), .number(let text):
        if let flag = ValueParser.boolean(text, allowDigits: true) { return .boolean(flag) }
      default:
        break
      }
      throw mismatch(literal, field: field, type: type, example: "yes or no")
    }
  }

  static func literalText(_ literal: LocatedLiteral) -> String {
    switch literal.value {
    case .number(let text), .word(let text), .date(let text): return text
    case .string(let text): return "\"\(text)\""
    case .relativeDate(let amount, let unit):
      if amount == 0 { return "today" }
      return amount < 0 ? "\(-amount) \(unit.rawValue)s ago" : "in \(amount) \(unit.rawValue)s"
    }
  }

  private static func mismatch(
    _ literal: LocatedLiteral, field: String?, type: FieldType, example: String
  ) -> CommandError {
    guard let field else {
      return CommandError(
        "\(literalText(literal)) is not \(noun(type))", at: literal.range,
        hint: "write \(noun(type)) such as \(example)")
    }
    return CommandError(
      "\(field) is \(article(type)) field, and \(literalText(literal)) is not \(noun(type))",
      at: literal.range, hint: "compare it with \(example)")
  }

  /// Returns the error for an amount in another currency than the field's. `isNamed` is
  /// false when the field's amounts name no currency and are read as dollars.
  private static func currencyMismatch(
    _ literal: LocatedLiteral, field: String?, expected: Currency, written: Currency,
    isNamed: Bool = true
  ) -> CommandError {
    let amount = literalText(literal)
    let state = isNamed ? "is in \(expected.code)" : "names no currency, so it is read as USD"
    let subject = field.map { "\($0) \(state)" } ?? "amounts are in \(expected.code)"
    return CommandError(
      "\(subject), and \(amount) is in \(written.code); review does not convert currencies",
      at: literal.range,
      hint:
        "write the amount in \(expected.code), as in 50k or \(expected.prefix.filter { $0 != " " })50k"
    )
  }

  static func noun(_ type: FieldType) -> String {
    switch type {
    case .text: return "text"
    case .number: return "a number"
    case .money: return "an amount of money"
    case .date: return "a date"
    case .boolean: return "yes or no"
    }
  }
}
