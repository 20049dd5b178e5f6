import ReviewBook

/// Combines the books of several files into one.
enum BookMerging {
  /// The accounts of `first`, then those of `second`. A field only one book has is missing
  /// in the other; a field whose types differ becomes text.
  static func merge(_ first: Book, _ second: Book) -> Book {
    var fields: [Field] = []
    var columns: [Column] = []
    var seen: Set<String> = []

    for (index, field) in first.fields.enumerated() {
      seen.insert(field.name)
      let other = second.index(ofField: field.name).map { second.columns[$0] }
      let (merged, type) = concatenate(
        first.columns[index], other, firstCount: first.count, secondCount: second.count)
      var combinedField = field
      combinedField.type = type
      if type == .money {
        combinedField.currency =
          field.currency ?? second.index(ofField: field.name).flatMap { second.fields[$0].currency }
      }
      fields.append(combinedField)
      columns.append(merged)
    }
    for (index, field) in second.fields.enumerated() where !seen.contains(field.name) {
      let prefix = Column.missing(field.type, count: first.count)
      let (merged, type) = concatenate(
        prefix, second.columns[index], firstCount: first.count, secondCount: second.count)
      var combinedField = field
      combinedField.type = type
      fields.append(combinedField)
      columns.append(merged)
    }
    return Book(
      fields: fields, columns: columns, count: first.count + second.count,
      sources: first.sources + second.sources)
  }

  /// Returns the first money field that names one currency in `first` and another in
  /// `second`, with both currencies, or nil when the books agree.
  static func currencyClash(
    _ first: Book, _ second: Book
  ) -> (field: String, first: Currency, second: Currency)? {
    for field in first.fields where field.type == .money {
      guard let ours = field.currency, let index = second.index(ofField: field.name),
        second.fields[index].type == .money, let theirs = second.fields[index].currency,
        ours != theirs
      else { continue }
      return (field.name, ours, theirs)
    }
    return nil
  }

  /// Returns the first money field that names a currency in one book but none in the
  /// other, which has amounts in it, with the currency and whether `second` is the book
  /// without one. Nil when no field differs so.
  static func currencyGap(
    _ first: Book, _ second: Book
  ) -> (field: String, currency: Currency, secondIsPlain: Bool)? {
    for field in first.fields where field.type == .money {
      guard let index = second.index(ofField: field.name), second.fields[index].type == .money
      else { continue }
      let theirs = second.fields[index].currency
      if let ours = field.currency, theirs == nil, second.columns[index].presentCount > 0 {
        return (field.name, ours, true)
      }
      if field.currency == nil, let theirs,
        let ours = first.index(ofField: field.name), first.columns[ours].presentCount > 0
      {
        return (field.name, theirs, false)
      }
    }
    return nil
  }

  private static func concatenate(
    _ lhs: Column, _ rhs: Column?, firstCount: Int, secondCount: Int
  ) -> (Column, FieldType) {
    let rhs = rhs ?? Column.missing(lhs.type, count: secondCount)
    switch (lhs, rhs) {
    case (.number(let a), .number(let b)): return (.number(a + b), .number)
    case (.money(let a), .money(let b)): return (.money(a + b), .money)
    case (.date(let a), .date(let b)): return (.date(a + b), .date)
    case (.boolean(let a), .boolean(let b)): return (.boolean(a + b), .boolean)
    case (.text(let a), .text(let b)): return (.text(a.appending(b)), .text)
    default:
      var builder = TextColumnBuilder(capacity: firstCount + secondCount)
      for column in [lhs, rhs] {
        for row in 0..<column.count {
          builder.append(plainText(column.value(at: row)))
        }
      }
      return (.text(builder.finish()), .text)
    }
  }

  /// A value written as plain text: ISO dates, money as a decimal amount.
  static func plainText(_ value: Value) -> String {
    switch value {
    case .missing: return ""
    case .text(let string): return string
    case .number(let number):
      return number == number.rounded() && abs(number) < 1e15
        ? String(Int64(number)) : String(number)
    case .money(let cents):
      let sign = cents < 0 ? "-" : ""
      let magnitude = cents.magnitude
      let fraction = magnitude % 100
      return "\(sign)\(magnitude / 100).\(fraction < 10 ? "0" : "")\(fraction)"
    case .date(let day): return day.iso
    case .boolean(let flag): return flag ? "true" : "false"
    }
  }
}
