import Foundation
import ReviewBook
import Testing

@testable import ReviewLoader

@Suite struct SourceFingerprintTests {
  /// Returns the start of a load a minute after now, when every file of the test has settled.
  static func settledStart(_ paths: [String]) -> SourceFingerprint.Start {
    var start = SourceFingerprint.Start(paths: paths)
    start.time.tv_sec += 60
    return start
  }

  static let program = SourceFingerprint.FileState(path: "/bin/sh")

  @Test func sameFilesGiveSameFingerprint() throws {
    let folder = try TemporaryFolder()
    let path = try folder.write("accounts.csv", text: "name,arr\nAcme,100\n")
    let first = SourceFingerprint.fingerprint(
      paths: [path], start: Self.settledStart([path]), options: LoadOptions(),
      program: Self.program)
    let second = SourceFingerprint.fingerprint(
      paths: [path], start: Self.settledStart([path]), options: LoadOptions(),
      program: Self.program)
    #expect(first != nil)
    #expect(first == second)
    #expect(first?.hasSuffix(" \(path)") == true)
  }

  @Test func changedFileOrOptionsGiveAnother() throws {
    let folder = try TemporaryFolder()
    let path = try folder.write("accounts.csv", text: "name,arr\nAcme,100\n")
    let before = SourceFingerprint.fingerprint(
      paths: [path], start: Self.settledStart([path]), options: LoadOptions(),
      program: Self.program)

    var mapped = LoadOptions()
    mapped.mappings = [("arr", "tcv")]
    let withMap = SourceFingerprint.fingerprint(
      paths: [path], start: Self.settledStart([path]), options: mapped, program: Self.program)
    #expect(withMap != nil)
    #expect(withMap != before)

    // The same size and the same modification time, as a tool that restores times leaves
    // them: the change time still differs.
    let attributes = try FileManager.default.attributesOfItem(atPath: path)
    Thread.sleep(forTimeInterval: 0.01)
    _ = try folder.write("accounts.csv", text: "name,arr\nAcme,900\n")
    try FileManager.default.setAttributes(
      [.modificationDate: attributes[.modificationDate]!], ofItemAtPath: path)
    let after = SourceFingerprint.fingerprint(
      paths: [path], start: Self.settledStart([path]), options: LoadOptions(),
      program: Self.program)
    #expect(after != nil)
    #expect(after != before)
  }

  @Test func fileChangedDuringOrJustBeforeLoadHasNone() throws {
    let folder = try TemporaryFolder()
    let path = try folder.write("accounts.csv", text: "name,arr\nAcme,100\n")
    // Written just now, so a write in the same second could go unseen.
    #expect(
      SourceFingerprint.fingerprint(
        paths: [path], start: SourceFingerprint.Start(paths: [path]), options: LoadOptions(),
        program: Self.program) == nil)

    let start = Self.settledStart([path])
    Thread.sleep(forTimeInterval: 0.01)
    _ = try folder.write("accounts.csv", text: "name,arr\nAcme,200\n")
    #expect(
      SourceFingerprint.fingerprint(
        paths: [path], start: start, options: LoadOptions(), program: Self.program) == nil)
  }

  @Test func loadOfTextInMemoryHasNone() throws {
    let result = try Loader.load(text: "name,arr\nAcme,100\n", name: "memory.csv")
    #expect(result.sourceFingerprint == nil)
  }

  /// Every stored option of LoadOptions changes what a load reads, so each must be part of
  /// `fingerprintText`. A new option makes this count fail until it is added there.
  @Test func fingerprintCoversEveryOption() {
    #expect(Mirror(reflecting: LoadOptions()).children.count == 6)
    var options = LoadOptions()
    options.dateOrder = .dayFirst
    options.padsShortRows = true
    options.decimalComma = false
    options.dateFields = ["date", "as_of"]
    options.mappings = [("Client", "name")]
    options.healthScale = 10
    #expect(
      options.fingerprintText
        == "map Client=name; dates dayFirst; ragged true; decimal point; date fields as_of\u{1F}date; health scale 10"
    )
  }
}
