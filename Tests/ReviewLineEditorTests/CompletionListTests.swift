import Foundation
import Testing

@testable import ReviewLineEditor

@Suite("Completion lists")
struct CompletionListTests {
  @Test(arguments: [
    (["segment", "segments"], "segment"),
    (["Maria Fell", "maria fell"], "Maria Fell"),
    (["renewals", "renewed", "renewal_date"], "renew"),
    (["\"Ana Sousa\"", "\"Anna Berg\""], "\"An"),
    (["株式会社テスト", "株式会社サンプル"], "株式会社"),
    (["alpha", "beta"], ""),
  ])
  func commonPrefixIgnoresCase(_ candidates: [String], _ prefix: String) {
    #expect(LineEditor.commonPrefix(candidates) == prefix)
  }

  @Test func columnsFitTheWidth() {
    let text = LineEditor.columns(["red", "yellow", "green", "renewals", "churned"], width: 24)
    #expect(text == "churned   green\nred       renewals\nyellow\n")
  }

  @Test func listIsAlphabetical() {
    let text = LineEditor.columns(
      ["\"Zoë's Bakery\"", "acme", "\"Blue Foods\"", "Atlas", "beacon"], width: 200)
    #expect(
      text == "acme            Atlas           beacon          \"Blue Foods\"    \"Zoë's Bakery\"\n"
    )
  }

  @Test func wideNamesKeepColumnsAligned() {
    // Each of these CJK characters takes two columns on a terminal.
    let width = { (text: String) in text.unicodeScalars.count + (text.hasPrefix("株") ? 4 : 0) }
    let text = LineEditor.columns(["株式会社", "ab", "cd"], width: 24, displayWidth: width)
    #expect(text == "ab        cd\n株式会社\n")
  }

  @Test func longListsAreCut() {
    let candidates = (0..<100).map { "account\($0)" }
    let text = LineEditor.columns(candidates, width: 200)
    #expect(text.hasSuffix("… and 40 more\n"))
    #expect(text.split(separator: "\n").count == 5)
  }
}

@Suite("History file")
struct HistoryFileTests {
  func temporaryPath() -> String {
    "/tmp/review-history-\(UInt64.random(in: 0...UInt64.max))"
  }

  @Test func linesRoundTrip() {
    let path = temporaryPath()
    defer { unlink(path) }
    let lines = ["segment red", "note \"two\nlines\"", "back\\slash", "株式会社テスト"]
    for line in lines { #expect(HistoryFile.append(line, to: path)) }
    #expect(HistoryFile.read(path) == lines)
  }

  @Test func twoSessionsKeepEachOthersLines() {
    let path = temporaryPath()
    defer { unlink(path) }
    _ = HistoryFile.append("first session", to: path)
    _ = HistoryFile.append("second session", to: path)
    _ = HistoryFile.append("first again", to: path)
    #expect(HistoryFile.read(path) == ["first session", "second session", "first again"])
  }

  @Test func readsLibeditFormat() {
    let path = temporaryPath()
    defer { unlink(path) }
    let text = "_HiStOrY_V2_\nsegment\\040red\nshow\\040M\\303\\274ller\n"
    FileManager.default.createFile(atPath: path, contents: Data(text.utf8))
    #expect(HistoryFile.read(path) == ["segment red", "show Müller"])
  }

  @Test func longFileIsCutBack() {
    let path = temporaryPath()
    defer { unlink(path) }
    for index in 0..<(2 * HistoryFile.maximumLines) {
      _ = HistoryFile.append("line \(index)", to: path)
    }
    let read = HistoryFile.read(path)
    #expect(read.count == HistoryFile.maximumLines)
    #expect(read.last == "line \(2 * HistoryFile.maximumLines - 1)")
    #expect(HistoryFile.read(path).count == HistoryFile.maximumLines)
  }
}
