/// The currency that the cells of a money field name, by its ISO 4217 code.
public struct Currency: Hashable, Sendable, CustomStringConvertible {
  /// The three uppercase letters of the code, one byte each in the low 24 bits, so that
  /// the loader compares a cell's currency without building a string.
  public let packed: UInt32

  /// The currency of a three-letter code in any case (`usd`, `EUR`), or nil for other text.
  public init?(code: String) {
    let bytes = Array(code.utf8)
    guard bytes.count == 3, bytes.allSatisfy({ ($0 | 0x20) &- 0x61 < 26 }) else { return nil }
    self.init(packed: bytes.reduce(0) { $0 << 8 | UInt32($1 & ~0x20) })
  }

  /// Creates the currency of packed uppercase letters, as `packed` stores them.
  init(packed: UInt32) {
    self.packed = packed
  }

  public static let usDollar = Currency(code: "USD")!
  public static let euro = Currency(code: "EUR")!
  public static let pound = Currency(code: "GBP")!
  public static let yen = Currency(code: "JPY")!

  /// The code, such as `EUR`.
  public var code: String {
    String(
      decoding: [
        UInt8(truncatingIfNeeded: packed >> 16), UInt8(truncatingIfNeeded: packed >> 8),
        UInt8(truncatingIfNeeded: packed),
      ], as: UTF8.self)
  }

  public var description: String { code }

  /// The text before an amount in tables: `$`, `€`, `£`, `¥`, or the code and a space
  /// (`CHF `) for a currency without a symbol of its own.
  public var prefix: String {
    switch self {
    case .usDollar: return "$"
    case .euro: return "€"
    case .pound: return "£"
    case .yen: return "¥"
    default: return code + " "
    }
  }
}
