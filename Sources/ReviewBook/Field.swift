/// A stored field of the book: its name, its type and where it came from.
public struct Field: Sendable, Equatable {
  /// The name queries use: a canonical field name (`arr`, `renewal_date`) or the source
  /// header for a column that maps to none.
  public var name: String
  public var type: FieldType
  /// The header in the source file, or nil for a field the loader computed.
  public var header: String?
  /// How the loader computed the field, when it did (for example "12 × mrr").
  public var derivation: String?
  /// For a money field, the currency its cells name (`€1,250.50`, `300 EUR`); nil when
  /// they name none, and tables then show dollars.
  public var currency: Currency?

  public init(
    name: String, type: FieldType, header: String? = nil, derivation: String? = nil,
    currency: Currency? = nil
  ) {
    self.name = name
    self.type = type
    self.header = header
    self.derivation = derivation
    self.currency = currency
  }

  /// The key under which names are matched: lowercase letters and digits only, so that
  /// "Renewal Date", "renewal_date" and "RenewalDate" are the same field.
  public static func matchingKey(_ name: String) -> String {
    var name = name
    if let key = name.withUTF8(asciiMatchingKey) { return key }
    var key = ""
    key.reserveCapacity(name.utf8.count)
    for character in name.lowercased() where character.isLetter || character.isNumber {
      key.append(character)
    }
    return key
  }
}

/// The matching key of ASCII text, read byte by byte, or nil for other text.
private func asciiMatchingKey(_ bytes: UnsafeBufferPointer<UInt8>) -> String? {
  var kept = 0
  for byte in bytes {
    guard byte < 0x80 else { return nil }
    let lower = byte &- 0x41 < 26 ? byte | 0x20 : byte
    if lower &- 0x61 < 26 || lower &- 0x30 < 10 { kept += 1 }
  }
  return String(unsafeUninitializedCapacity: kept) { buffer in
    var index = 0
    for byte in bytes {
      let lower = byte &- 0x41 < 26 ? byte | 0x20 : byte
      if lower &- 0x61 < 26 || lower &- 0x30 < 10 {
        buffer[index] = lower
        index += 1
      }
    }
    return index
  }
}

/// A field computed from a stored one against the session's "today".
public enum DerivedField: String, Sendable, CaseIterable {
  case daysToRenewal = "days_to_renewal"
  case daysSinceEngaged = "days_since_engaged"
  case daysSinceTouch = "days_since_touch"
  case tenureDays = "tenure_days"
  case npsCategory = "nps_category"

  /// The stored field it is computed from.
  public var baseName: String {
    switch self {
    case .daysToRenewal: return "renewal_date"
    case .daysSinceEngaged: return "last_engaged"
    case .daysSinceTouch: return "last_touch"
    case .tenureDays: return "client_since"
    case .npsCategory: return "nps"
    }
  }

  public var type: FieldType {
    self == .npsCategory ? .text : .number
  }

  /// For day counts, +1 when the count is `base - today` and -1 when it is `today - base`.
  var daySign: Int {
    switch self {
    case .daysToRenewal: return 1
    case .daysSinceEngaged, .daysSinceTouch, .tenureDays: return -1
    case .npsCategory: return 0
    }
  }

  public var summary: String {
    switch self {
    case .daysToRenewal: return "days from today to renewal_date"
    case .daysSinceEngaged: return "days from last_engaged to today"
    case .daysSinceTouch: return "days from last_touch to today"
    case .tenureDays: return "days from client_since to today"
    case .npsCategory: return "detractor (0-6), passive (7-8) or promoter (9-10), from nps"
    }
  }

  /// The NPS category of a score: detractor 0–6, passive 7–8, promoter 9–10.
  public static func npsCategory(of score: Double) -> String? {
    guard score >= 0, score <= 10 else { return nil }
    if score < 7 { return "detractor" }
    if score < 9 { return "passive" }
    return "promoter"
  }
}

/// A reference to a field that a condition, a sort or a column of output reads.
public enum FieldReference: Hashable, Sendable {
  /// The stored field at this index of `Book.fields`.
  case stored(Int)
  /// A derived field and the index of the stored field it is computed from.
  case derived(DerivedField, base: Int)
}
