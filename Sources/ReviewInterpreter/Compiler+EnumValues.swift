import ReviewBook
import ReviewLanguage
import ReviewLoader

extension Compiler {
  /// The values that review's fields with a fixed set of values take, keyed by field name.
  /// A book may add its own, as exports name their stages in their own words.
  static let canonicalValues: [String: [String]] = [
    "status": ["red", "yellow", "green"],
    "stage": ["onboarding", "trial", "poc", "opt-out", "active", "churned", "renewed"],
  ]

  /// Throws when a value that `status` or `stage` is compared with for equality is neither
  /// one of the field's canonical values nor a value of this book. Such a comparison, as
  /// in `stage = trail`, would otherwise match no account without a word.
  func checkEnumValue(
    _ value: Value, at range: SourceRange, reference: FieldReference
  ) throws(CommandError) {
    guard case .stored = reference, case .text(let text) = value else { return }
    let field = Field.matchingKey(book.name(of: reference))
    guard let canonical = Compiler.canonicalValues[field] else { return }

    var allowed = canonical
    var folded = Set(canonical.map(TextFolding.fold))
    if case .text(let column)? = book.column(named: field) {
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
    let reading =
      field == "status" ? BookTidying.canonicalStatus(text) : BookTidying.canonicalStage(text)
    let suggestion =
      canonical.contains(reading) ? reading : Suggestions.closest(to: text, among: allowed)
    throw CommandError(
      "unknown \(field) '\(text)'", at: range,
      hint: (suggestion.map { "did you mean '\($0)'? " } ?? "") + "\(field) takes \(listed)")
  }
}
