import Foundation

/// Case-insensitive text comparison. Text is compared as UTF-8 bytes after folding ASCII
/// letters to lowercase; other text is first put in Unicode's composed form (NFC), so that
/// `Müller` typed on one system equals `Müller` exported from another, then lowercased.
public enum TextFolding {
  /// The folded UTF-8 bytes of a string.
  public static func fold(_ string: String) -> [UInt8] {
    if string.utf8.allSatisfy({ $0 < 0x80 }) {
      return string.utf8.map(lowerASCII)
    }
    return Array(string.precomposedStringWithCanonicalMapping.lowercased().utf8)
  }

  /// The bytes `~` searches in: folded as `fold` does, with accents removed as well, so
  /// that `muller` finds `Müller`.
  public static func searchKey(_ string: String) -> [UInt8] {
    if string.utf8.allSatisfy({ $0 < 0x80 }) {
      return string.utf8.map(lowerASCII)
    }
    let plain = string.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil)
    return Array(plain.precomposedStringWithCanonicalMapping.lowercased().utf8)
  }

  /// The bytes text sorts by: the search key, so that `São` sorts with the S words, then
  /// the folded text, so that words that differ only in accents keep a fixed order.
  public static func sortKey(_ string: String) -> [UInt8] {
    if string.utf8.allSatisfy({ $0 < 0x80 }) {
      return string.utf8.map(lowerASCII)
    }
    return searchKey(string) + [0] + fold(string)
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
