import Foundation
import ReviewBook
import ReviewJournal
import Testing

/// Ways a journal file gets damaged, each applied to a journal holding a few pages of rows.
enum Damage: String, CaseIterable, Sendable {
  /// The file was overwritten with text.
  case garbage
  /// The file lost its second half, as after a failed copy.
  case truncated
  /// One page in the middle was overwritten with 0xFF bytes.
  case overwrittenPage
  /// The SQLite header is intact but everything after it is zeros.
  case zeroedAfterHeader

  func apply(to path: String) throws {
    var bytes = try #require(contents(of: path))
    switch self {
    case .garbage:
      bytes = Data("account,health\nPayPal,35\n".utf8)
    case .truncated:
      bytes = bytes.prefix(bytes.count / 2)
    case .overwrittenPage:
      let pageSize = 4096
      let start = pageSize * 2
      bytes.replaceSubrange(
        start..<(start + pageSize), with: Data(repeating: 0xFF, count: pageSize))
    case .zeroedAfterHeader:
      bytes.replaceSubrange(100..<bytes.count, with: Data(count: bytes.count - 100))
    }
    #expect(FileManager.default.createFile(atPath: path, contents: bytes))
  }
}

/// Writes a journal of several pages and closes it, so that every page is in the main file.
private func writeJournal(at path: String) throws {
  let journal = try Journal(path: path)
  var rows: [SnapshotRow] = []
  for index in 0..<400 {
    let status = index.isMultiple(of: 3) ? "red" : "green"
    let row = SnapshotRow(
      accountKey: "A-\(index)", accountName: "Account number \(index)",
      health: Double(index % 100), status: status, arrCents: Int64(index) * 100_000)
    rows.append(row)
  }
  try journal.recordSnapshot(date: Days.feb1, rows: rows)
  for index in 0..<20 {
    _ = try journal.addAction(
      text: "action \(index)", account: nil, owner: "csm", due: nil, book: "all", review: "r1",
      on: Days.feb1)
  }
}

@Test(arguments: Damage.allCases)
func damagedFileIsReportedAndKept(_ damage: Damage) throws {
  let directory = try TemporaryDirectory()
  let path = directory.file()
  try writeJournal(at: path)
  #expect(try #require(contents(of: path)).count > 4096 * 4)
  try damage.apply(to: path)
  let damaged = try #require(contents(of: path))

  let error = try #require(throws: JournalError.self) { try Journal(path: path) }

  switch error {
  case .notADatabase(let errorPath):
    #expect(errorPath == path)
  case .corrupt(let errorPath, let message):
    #expect(errorPath == path)
    #expect(!message.isEmpty)
  default:
    Issue.record("expected notADatabase or corrupt, got \(error)")
  }
  #expect(contents(of: path) == damaged)
  #expect(throws: JournalError.self) { try Journal(path: path) }
  #expect(contents(of: path) == damaged)
}

@Test(arguments: Damage.allCases)
func damagedFileFailsCheck(_ damage: Damage) throws {
  let directory = try TemporaryDirectory()
  let path = directory.file()
  try writeJournal(at: path)
  try damage.apply(to: path)
  let damaged = try #require(contents(of: path))

  let check = Journal.check(path: path)

  // Text in place of the file is not a database at all, as opening the journal reports it.
  if damage == .garbage {
    #expect(check == .unusable(.notADatabase(path: path)))
  } else if case .corrupt(let checkPath, let message) = check {
    #expect(checkPath == path)
    #expect(!message.isEmpty)
  } else {
    Issue.record("expected corrupt, got \(check)")
  }
  #expect(contents(of: path) == damaged)
}

@Test func garbageFileError() throws {
  let directory = try TemporaryDirectory()
  let path = directory.file()
  #expect(FileManager.default.createFile(atPath: path, contents: Data("not sqlite".utf8)))

  #expect(throws: JournalError.notADatabase(path: path)) { try Journal(path: path) }
  #expect(Journal.check(path: path) == .unusable(.notADatabase(path: path)))
  #expect(contents(of: path) == Data("not sqlite".utf8))
}
