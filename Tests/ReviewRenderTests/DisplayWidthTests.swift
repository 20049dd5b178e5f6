import Testing

@testable import ReviewRender

@Suite struct DisplayWidthTests {
  @Test(arguments: [
    ("abc", 3),
    ("", 0),
    ("café", 4),
    ("cafe\u{301}", 4),
    ("ß Ω", 3),
    ("東京", 4),
    ("한국어", 6),
    ("Ａ", 2),
    ("😀", 2),
    ("👍🏽", 2),
    ("❤️", 2),
    ("❤", 1),
    ("🇺🇸", 2),
    ("👨‍👩‍👧", 2),
    ("a\u{200B}b", 2),
    ("soft\u{AD}hyphen", 10),
    ("\u{1B}", 0),
    ("\t", 0),
    ("\u{7F}", 0),
    ("Zoë 東京 😀", 11),
  ])
  func columnsOfText(text: String, width: Int) {
    #expect(DisplayWidth.of(text) == width)
  }

  @Test(arguments: [
    ("a\u{1B}[31mred\u{1B}[0m", "a␛[31mred␛[0m"),
    ("\u{1B}]0;pwned\u{7}", "␛]0;pwned␇"),
    ("line\nbreak\r", "line␊break␍"),
    ("tab\there", "tab␉here"),
    ("nul\u{0}", "nul␀"),
    ("del\u{7F}", "del␡"),
    ("c1\u{9B}2J", "c1\u{FFFD}2J"),
    ("\u{202E}txt.exe", "\u{FFFD}txt.exe"),
    ("\u{2066}isolate\u{2069}", "\u{FFFD}isolate\u{FFFD}"),
    ("plain café 東京", "plain café 東京"),
  ])
  func sanitizedText(text: String, sanitized: String) {
    #expect(DisplayWidth.sanitized(text) == sanitized)
  }

  @Test(arguments: [
    ("Umbrella Corporation", 10, "Umbrella …"),
    ("東京都庁", 5, "東京…"),
    ("東京都庁", 4, "東…"),
    ("abc", 3, "abc"),
    ("abcd", 1, "…"),
    ("abcd", 0, ""),
    ("cafe\u{301}s", 4, "caf…"),
  ])
  func truncatedWithEllipsis(text: String, width: Int, truncated: String) {
    let result = DisplayWidth.truncated(text, to: width)
    #expect(result == truncated)
    #expect(DisplayWidth.of(result) <= width)
  }

  @Test func paddedByDisplayWidth() {
    #expect(DisplayWidth.padded("東京", to: 6) == "東京  ")
    #expect(DisplayWidth.padded("東京", to: 6, alignRight: true) == "  東京")
    #expect(DisplayWidth.padded("toolong", to: 3) == "toolong")
  }
}
