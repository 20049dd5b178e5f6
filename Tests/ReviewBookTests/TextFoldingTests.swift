import Foundation
import Testing

@testable import ReviewBook

/// `TextFolding` once called Foundation. These are the results it gave then, as Foundation
/// still computes them here, for comparison with the implementation that replaced it.
private enum FoundationFolding {
  static func fold(_ string: String) -> [UInt8] {
    if string.utf8.allSatisfy({ $0 < 0x80 }) {
      return string.utf8.map(TextFolding.lowerASCII)
    }
    return Array(string.precomposedStringWithCanonicalMapping.lowercased().utf8)
  }

  static func searchKey(_ string: String) -> [UInt8] {
    if string.utf8.allSatisfy({ $0 < 0x80 }) {
      return string.utf8.map(TextFolding.lowerASCII)
    }
    let plain = string.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil)
    // Foundation keeps the letters that have no decomposition; review types them plainly.
    let typed: [Character: String] = [
      "ø": "o", "ł": "l", "đ": "d", "ð": "d", "ħ": "h", "ŧ": "t", "ƀ": "b", "æ": "ae",
      "œ": "oe", "þ": "th",
    ]
    var result = ""
    for scalar in plain.precomposedStringWithCanonicalMapping.lowercased().unicodeScalars {
      result += typed[Character(scalar)] ?? String(scalar)
    }
    return Array(result.utf8)
  }

  static func sortKey(_ string: String) -> [UInt8] {
    if string.utf8.allSatisfy({ $0 < 0x80 }) {
      return string.utf8.map(TextFolding.lowerASCII)
    }
    return searchKey(string) + [0] + fold(string)
  }
}

/// The Unicode blocks of the letters account names are written in: Latin, Greek and
/// Cyrillic with their combining marks, letterlike symbols and the Latin ligatures.
private let blocks: [(name: String, range: ClosedRange<UInt32>)] = [
  ("Latin-1 Supplement", 0x0080...0x00FF),
  ("Latin Extended-A", 0x0100...0x017F),
  ("Latin Extended-B", 0x0180...0x024F),
  ("IPA Extensions", 0x0250...0x02AF),
  ("Spacing Modifier Letters", 0x02B0...0x02FF),
  ("Combining Diacritical Marks", 0x0300...0x036F),
  ("Greek and Coptic", 0x0370...0x03FF),
  ("Cyrillic", 0x0400...0x04FF),
  ("Cyrillic Supplement", 0x0500...0x052F),
  ("Latin Extended Additional", 0x1E00...0x1EFF),
  ("Greek Extended", 0x1F00...0x1FFF),
  ("Letterlike Symbols", 0x2100...0x214F),
  ("Latin Extended-C", 0x2C60...0x2C7F),
  ("Latin Extended-D", 0xA720...0xA7FF),
  ("Alphabetic Presentation Forms", 0xFB00...0xFB4F),
]

/// Returns the texts each scalar is checked in: alone, between ASCII letters, as the base of
/// combining marks below and above U+0510, and after a letter of another script.
private func contexts(of scalar: Unicode.Scalar) -> [String] {
  let text = String(scalar)
  return [
    text, "x" + text, text + "x", "X" + text + "Y", text + "\u{0301}", text + "\u{0591}",
    text + "\u{3099}", text + "\u{0301}\u{0591}", text + "\u{FE0F}", "\u{30A2}" + text,
    "\u{0561}" + text, "\u{0531}" + text,
  ]
}

private func hex(_ bytes: [UInt8]) -> String {
  String(decoding: bytes, as: UTF8.self).unicodeScalars
    .map { "U+" + String($0.value, radix: 16, uppercase: true) }
    .joined(separator: " ")
}

private func hex(_ text: String) -> String {
  hex(Array(text.utf8))
}

/// Expects `fold`, `searchKey` and `sortKey` of `text` to equal Foundation's.
private func expectFoundationResults(_ text: String, _ context: String) {
  let searchKey = TextFolding.searchKey(text)
  let expected = FoundationFolding.searchKey(text)
  #expect(
    searchKey == expected,
    "\(context): searchKey of \(hex(text)) is \(hex(searchKey)), expected \(hex(expected))")
  #expect(TextFolding.fold(text) == FoundationFolding.fold(text), "\(context): \(hex(text))")
  #expect(
    TextFolding.sortKey(text) == FoundationFolding.sortKey(text), "\(context): \(hex(text))")
}

@Test(arguments: blocks.map(\.name))
func foldingMatchesFoundationInBlock(_ name: String) throws {
  let range = try #require(blocks.first { $0.name == name }).range
  for value in range {
    guard let scalar = Unicode.Scalar(value) else { continue }
    for text in contexts(of: scalar) {
      expectFoundationResults(text, name)
    }
  }
}

/// Combining marks of several scripts after letters of several scripts, alone, doubled
/// and mixed, which tests which marks are dropped and in what order the rest stay.
@Test func foldingMatchesFoundationForMarks() {
  let bases = [
    "a", "A", "é", "ø", "Ա", "ա", "\u{0510}", "\u{0511}", "\u{023A}", "\u{212A}", "Ω", "ア",
    "ガ", "中", "가", "क", "ก", "ש", "م", "👍", "Ꭰ", "ꭰ", " ", "1", "\u{0000}", "",
  ]
  let marks = [
    "\u{0300}", "\u{0301}", "\u{0308}", "\u{0327}", "\u{0345}", "\u{0483}", "\u{0591}",
    "\u{05BF}", "\u{064B}", "\u{093C}", "\u{0941}", "\u{0E31}", "\u{0E48}", "\u{20DD}",
    "\u{3099}", "\u{FE0F}", "\u{200C}", "\u{1F3FD}",
  ]
  for base in bases {
    for first in marks {
      expectFoundationResults(base + first, "base and mark")
      for second in marks {
        expectFoundationResults(base + first + second, "base and two marks")
      }
    }
  }
}

private let names: [(name: String, searchKey: String, fold: String)] = [
  ("Müller & Söhne", "muller & sohne", "müller & söhne"),
  ("Mu\u{0308}ller", "muller", "müller"),
  ("São Paulo", "sao paulo", "são paulo"),
  ("Łódź", "lodz", "łódź"),
  ("Ærøskøbing", "aeroskobing", "ærøskøbing"),
  ("Ørsted", "orsted", "ørsted"),
  ("Straße", "strasse", "straße"),
  ("Œuvre", "oeuvre", "œuvre"),
  ("Þór", "thor", "þór"),
  ("Đà Nẵng", "da nang", "đà nẵng"),
  ("Nguyễn Văn Ánh", "nguyen van anh", "nguyễn văn ánh"),
  ("Ångström", "angstrom", "ångström"),
  ("Dvořák", "dvorak", "dvořák"),
  ("Crème Brûlée", "creme brulee", "crème brûlée"),
  ("İstanbul", "istanbul", "i\u{0307}stanbul"),
  ("ﬁnance", "finance", "ﬁnance"),
  ("Ελληνικά", "ελληνικα", "ελληνικά"),
  ("ΟΔΟΣ", "οδοσ", "οδοσ"),
  ("Йошкар-Ола", "иошкар-ола", "йошкар-ола"),
  ("Ёлка", "елка", "ёлка"),
  ("Київ", "киів", "київ"),
  ("株式会社テスト", "株式会社テスト", "株式会社テスト"),
  ("グーグル", "グーグル", "グーグル"),
  ("👍🏽 Team", "👍🏽 team", "👍🏽 team"),
  ("❤️ Love", "❤️ love", "❤️ love"),
  ("🇩🇪 GmbH", "🇩🇪 gmbh", "🇩🇪 gmbh"),
]

@Test func foldingOfRealNames() {
  for (name, searchKey, fold) in names {
    #expect(
      TextFolding.searchKey(name) == Array(searchKey.utf8),
      "searchKey of \(name) is \(hex(TextFolding.searchKey(name))), expected \(hex(searchKey))")
    #expect(TextFolding.fold(name) == Array(fold.utf8), "fold of \(name)")
    #expect(TextFolding.sortKey(name) == Array(searchKey.utf8) + [0] + Array(fold.utf8))
    expectFoundationResults(name, "name")
  }
}

@Test func searchKeyFindsAccentlessQuery() {
  let haystack = TextFolding.searchKey("Müller & Söhne GmbH")

  #expect(TextFolding.contains(haystack, TextFolding.searchKey("SOHNE")))
  #expect(TextFolding.contains(haystack, TextFolding.searchKey("müller")))
  #expect(!TextFolding.contains(haystack, TextFolding.searchKey("mueller")))
}

/// A name typed with a typographic apostrophe finds the one exported with a plain one, and
/// the other way round.
@Test func searchKeyTreatsApostrophesAlike() {
  let plain = TextFolding.searchKey("Zoë's Bakery")
  #expect(TextFolding.searchKey("Zoe’s Bakery") == plain)
  #expect(TextFolding.searchKey("ZOË‘S BAKERY") == plain)
  #expect(TextFolding.searchKey("O’Brien & Sons") == TextFolding.searchKey("o'brien & sons"))
  #expect(TextFolding.contains(plain, TextFolding.searchKey("zoë’s")))
}
