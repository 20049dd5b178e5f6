#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Case-insensitive text comparison. Text is compared as UTF-8 bytes after folding ASCII
/// letters to lowercase; other text is first put in Unicode's composed form (NFC), so that
/// `Müller` typed on one system equals `Müller` exported from another, then lowercased.
public enum TextFolding {
  /// The folded UTF-8 bytes of a string.
  public static func fold(_ string: String) -> [UInt8] {
    if string.utf8.allSatisfy({ $0 < 0x80 }) {
      return string.utf8.map(lowerASCII)
    }
    return nfcLowercased(string)
  }

  /// The bytes `~` searches in: folded as `fold` does, with accents removed as well, so
  /// that `muller` finds `Müller`.
  ///
  /// A letter loses the marks of its canonical decomposition (`é` → `e`, `й` → `и`,
  /// `ά` → `α`) and is case folded (`ß` → `ss`, `ﬁ` → `fi`). Latin letters with a stroke,
  /// and joined letters, have no decomposition. They become the letters people type for
  /// them, as `plainLetters` lists: `ø` → `o`, `ł` → `l`, `đ` → `d`, `æ` → `ae`.
  /// Combining marks after a Latin,
  /// Greek or Cyrillic letter are dropped (`Mu` + U+0308 → `mu`). After other characters
  /// most are kept, such as the kana voicing mark or an emoji's variation selector.
  /// `removingDiacritics` has the details.
  ///
  /// Typographic apostrophes (`’`, `‘`) become `'`, since word processors and phones type
  /// them where an export has the plain one, or the other way round.
  public static func searchKey(_ string: String) -> [UInt8] {
    if string.utf8.allSatisfy({ $0 < 0x80 }) {
      return string.utf8.map(lowerASCII)
    }
    let plain = plainApostrophes(removingDiacritics(string))
    if plain.allSatisfy({ $0 < 0x80 }) {
      return plain
    }
    return replacingPlainLetters(nfcLowercased(String(decoding: plain, as: UTF8.self)))
  }

  /// Returns the bytes with U+2018 and U+2019 (E2 80 98, E2 80 99) replaced by `'`.
  private static func plainApostrophes(_ bytes: [UInt8]) -> [UInt8] {
    guard bytes.contains(0xE2) else { return bytes }
    var result: [UInt8] = []
    result.reserveCapacity(bytes.count)
    var index = 0
    while index < bytes.count {
      if bytes[index] == 0xE2 && index + 2 < bytes.count && bytes[index + 1] == 0x80
        && (bytes[index + 2] == 0x98 || bytes[index + 2] == 0x99)
      {
        result.append(UInt8(ascii: "'"))
        index += 3
      } else {
        result.append(bytes[index])
        index += 1
      }
    }
    return result
  }

  /// The lowercase Latin letters that Unicode gives no decomposition, with the letters
  /// people type for them on a keyboard without them.
  static let plainLetters: [Unicode.Scalar: String] = [
    "ø": "o", "ł": "l", "đ": "d", "ð": "d", "ħ": "h", "ŧ": "t", "ƀ": "b", "æ": "ae",
    "œ": "oe", "þ": "th",
  ]

  /// Returns lowercased UTF-8 bytes with the letters of `plainLetters` replaced.
  private static func replacingPlainLetters(_ bytes: [UInt8]) -> [UInt8] {
    // Every such letter is two bytes that start with 0xC3, 0xC4, 0xC5 or 0xC6.
    guard bytes.contains(where: { $0 >= 0xC3 && $0 <= 0xC6 }) else { return bytes }
    var result: [UInt8] = []
    result.reserveCapacity(bytes.count)
    for scalar in String(decoding: bytes, as: UTF8.self).unicodeScalars {
      if let plain = plainLetters[scalar] {
        result.append(contentsOf: plain.utf8)
      } else {
        result.append(contentsOf: String(scalar).utf8)
      }
    }
    return result
  }

  /// The bytes text sorts by: the search key, so that `São` sorts with the S words, then
  /// the folded text, so that words that differ only in accents keep a fixed order.
  public static func sortKey(_ string: String) -> [UInt8] {
    if string.utf8.allSatisfy({ $0 < 0x80 }) {
      return string.utf8.map(lowerASCII)
    }
    return searchKey(string) + [0] + fold(string)
  }

  /// The UTF-8 bytes of `string` in NFC, lowercased.
  private static func nfcLowercased(_ string: String) -> [UInt8] {
    Array(String(decoding: string._nfcCodeUnits, as: UTF8.self).lowercased().utf8)
  }

  @inline(__always)
  static func lowerASCII(_ byte: UInt8) -> UInt8 {
    byte &- 0x41 < 26 ? byte | 0x20 : byte
  }

  /// Compares folded byte strings: negative, zero or positive.
  public static func compare(_ lhs: [UInt8], _ rhs: [UInt8]) -> Int {
    lhs.withUnsafeBufferPointer { lhs in
      rhs.withUnsafeBufferPointer { rhs in compareBytes(lhs, rhs) }
    }
  }

  static func compareBytes(
    _ lhs: UnsafeBufferPointer<UInt8>, _ rhs: UnsafeBufferPointer<UInt8>
  )
    -> Int
  {
    let shared = min(lhs.count, rhs.count)
    if shared > 0, let left = lhs.baseAddress, let right = rhs.baseAddress {
      let order = memcmp(left, right, shared)
      if order != 0 { return order < 0 ? -1 : 1 }
    }
    return lhs.count == rhs.count ? 0 : (lhs.count < rhs.count ? -1 : 1)
  }

  /// Folds `cell` (raw UTF-8) and compares it with already folded bytes.
  static func compareFolding(
    _ cell: UnsafeBufferPointer<UInt8>, _ folded: UnsafeBufferPointer<UInt8>
  )
    -> Int
  {
    if cell.allSatisfy({ $0 < 0x80 }) {
      let shared = min(cell.count, folded.count)
      var index = 0
      while index < shared {
        let a = lowerASCII(cell[index])
        let b = folded[index]
        if a != b { return a < b ? -1 : 1 }
        index += 1
      }
      return cell.count == folded.count ? 0 : (cell.count < folded.count ? -1 : 1)
    }
    let foldedCell = fold(String(decoding: cell, as: UTF8.self))
    return foldedCell.withUnsafeBufferPointer { compareBytes($0, folded) }
  }

  /// Whether `needle` occurs in `haystack`; both are folded bytes.
  public static func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
    guard !needle.isEmpty else { return true }
    guard haystack.count >= needle.count else { return false }
    let first = needle[0]
    var start = 0
    while start <= haystack.count - needle.count {
      if haystack[start] == first {
        var offset = 1
        while offset < needle.count && haystack[start + offset] == needle[offset] {
          offset += 1
        }
        if offset == needle.count { return true }
      }
      start += 1
    }
    return false
  }
}
