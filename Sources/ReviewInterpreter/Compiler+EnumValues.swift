import ReviewBook
import ReviewLanguage
import ReviewLoader

extension Compiler {
  /// The values that review's fields with a fixed set of values take, keyed by field name.
  /// A book may add its own to status and stage, as exports name their stages in their own
  /// words. `nps_category` is computed from `nps`, so it takes these three only.
  static let canonicalValues: [String: [String]] = [
    "status": ["red", "yellow", "green"],
    "stage": ["onboarding", "trial", "poc", "opt-out", "active", "churned", "renewed"],
    "nps_category": ["detractor", "passive", "promoter"],
  ]

  /// The maximum number of rows of a text column without a dictionary, such as names, that
  /// `noteAbsentValue` searches for a close value. A longer column gets no suggestion,
  /// because comparing with each of its values would slow down every query.
  static let maximumSuggestionValues = 10_000

  /// Returns the canonical values of the field a reference reads, or nil for a field
  /// whose values are free text.
  func canonicalValues(of reference: FieldReference) -> (field: String, values: [String])? {
    let key = Field.matchingKey(book.name(of: reference))
    return Compiler.canonicalValues.first { Field.matchingKey($0.key) == key }.map {
      ($0.key, $0.value)
    }
  }

  /// Throws when a value that `status`, `stage` or `nps_category` is compared with for
  /// equality is neither one of the field's canonical values nor a value of this book.
  /// Such a comparison, as in `stage = trail`, would otherwise match no account without a
  /// word.
  func checkEnumValue(
    _ value: Value, at range: SourceRange, reference: FieldReference
  ) throws(CommandError) {
    guard case .text(let text) = value, let (field, canonical) = canonicalValues(of: reference)
    else { return }

    var allowed = canonical
    var folded = Set(canonical.map(TextFolding.fold))
    if case .stored = reference, case .text(let column)? = book.column(named: field) {
      for value in column.distinctValues where folded.insert(TextFolding.fold(value)).inserted {
        allowed.append(value)
      }
    }
    guard !folded.contains(TextFolding.fold(text)) else { return }

    let listLimit = 12
    var listed = allowed.prefix(listLimit).joined(separator: ", ")
    if allowed.count > listLimit { listed += ", …" }
    // The loader reads an export's usual words as review's own (Live as active), so such a
    // word is no longer in the book, and its reading is the value to suggest.
    var reading = text
    if field == "status" { reading = BookTidying.canonicalStatus(text) }
    if field == "stage" { reading = BookTidying.canonicalStage(text) }
    let suggestion =
      canonical.contains(reading) ? reading : Suggestions.closest(to: text, among: allowed)
    throw CommandError(
      "unknown \(field) '\(text)'", at: range,
      hint: (suggestion.map { "did you mean '\($0)'? " } ?? "") + "\(field) takes \(listed)")
  }

  /// Adds a notice when a free-text field is compared with a value that no account in the
  /// book has, as in `tier = platnum`, with the closest value the book has. The comparison
  /// is kept, because a value absent from this book may be meant, so this is no error.
  mutating func noteAbsentValue(_ value: Value, reference: FieldReference) {
    guard case .stored(let index) = reference, case .text(let text) = value, !text.isEmpty,
      case .text(let column) = book.columns[index], canonicalValues(of: reference) == nil
    else { return }

    // A dictionary column's values are few, so they are searched rather than its rows.
    if column.isDictionary {
      let wanted = TextFolding.fold(text)
      guard !column.distinctValues.contains(where: { TextFolding.fold($0) == wanted }) else {
        return
      }
    } else {
      let matches = book.evaluate(.compare(reference, .equal, value), today: today).isTrue
      guard matches.cardinality == 0 else { return }
    }

    var notice = "no account has \(book.name(of: reference)) \"\(text)\""
    if column.isDictionary || column.count <= Compiler.maximumSuggestionValues,
      let suggestion = Suggestions.closest(to: text, among: column.distinctValues)
    {
      notice += "; did you mean \"\(suggestion)\"?"
    }
    if !notices.contains(notice) { notices.append(notice) }
  }
}
