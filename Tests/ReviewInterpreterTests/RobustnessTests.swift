import CSQLite
import ReviewBook
import ReviewInterpreter
import ReviewJournal
import Testing

/// Random and mutated command lines: each must give a result or an error, never a crash.
@Suite("Malformed command lines")
struct RobustnessTests {
  static let seeds = [
    "segment renewals<120 where arr>50000",
    "segment red where csm = \"Maria Fell\" sort arr desc limit 10",
    "where health < 40 and (arr >= 100k or strategic)", "segment health<40 or nps<7", "segments",
    "segment renewals<90 count", "segment all by csm sum arr", "book \"Maria Fell\"",
    "today 2022-02-01",
    "show Acme Corp", "show 3", "explain unengaged>45", "where name ~ \"söh\" show name, csm",
    "summary",
    "where csm in (\"Maria Fell\", tom) and health between 40 and 70",
    "where renewal_date < in 2 weeks",
    "segment goals met show +tier", "segment top3 as json", "fields", "help segments",
    "where nps is not missing",
  ]

  static let fragments = [
    "(", ")", "\"", "'", ",", "<", ">", ">>", "=", "!=", "~", "!", "*", "+", "-", "$", "#", "and",
    "or", "not",
    "where", "sort", "limit", "show", "by", "count", "sum", "as", "in", "between", "is", "missing",
    "segment",
    "1e400", "-0", "99999999999999999999", "2022-02-30", "renewals<", "top", "goals", "\u{1B}[2J",
    "\u{0}",
    "株式", "é", "🚀", "\t", "   ", "today", "ago", "in 3", "days", "red", "arr", "health", "name",
  ]

  /// Lines of the commands that write to the journal or read from it.
  static let journalSeeds = [
    "action add \"exec call before renewal\" for Acme Corp owner leader due in 14 days",
    "action add send the QBR deck for Blue Harbor due 2022-03-01",
    "action add \"team lunch\" for none owner \"Bob Smith\" due tomorrow",
    "action edit 1 \"exec call with the CFO\" owner csm due none",
    "action edit 2 for Cedar Labs", "action edit 3 for none due in 2 weeks",
    "action done 1", "action reopen 1", "action drop 2",
    "action list all owner leader for Acme Corp", "action list overdue", "action top",
    "note Acme Corp \"new champion is the CFO\"", "note \"Blue Harbor\" renewal at risk",
    "show Müller & Söhne", "note plain words # not a comment", "notes Acme Corp", "notes",
    "minutes", "changes", "segment newly red", "segment improved or dropped>5",
    "ask renewals<120", "segment red>20",
  ]

  static let journalFragments = [
    "action", "add", "edit", "done", "drop", "reopen", "list", "top", "note", "notes", "for",
    "owner", "due", "none", "leader", "csm", "#1", "0", "3", "minutes", "changes", "newly",
  ]

  struct Generator: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      return state
    }
  }

  static func mutate(
    _ line: String, _ random: inout Generator, fragments: [String] = fragments
  ) -> String {
    var characters = Array(line)
    for _ in 0..<Int.random(in: 1...4, using: &random) {
      switch Int.random(in: 0..<4, using: &random) {
      case 0 where !characters.isEmpty:
        characters.remove(at: Int.random(in: 0..<characters.count, using: &random))
      case 1:
        let fragment = Array(fragments.randomElement(using: &random)!)
        characters.insert(
          contentsOf: fragment, at: Int.random(in: 0...characters.count, using: &random))
      case 2 where characters.count > 1:
        let cut = Int.random(in: 0..<characters.count, using: &random)
        characters = Array(characters[..<cut])
      default:
        characters.swapAt(
          Int.random(in: 0..<max(1, characters.count), using: &random) % max(1, characters.count),
          Int.random(in: 0..<max(1, characters.count), using: &random) % max(1, characters.count))
      }
    }
    return String(characters)
  }

  /// A NUL in the name must neither end the text early nor trap: "corp" followed by NULs is
  /// in no account's name.
  @Test(arguments: ["show corp\u{0}", "show e\u{0}\u{0}\u{0}\u{0}\u{0}", "show \"acme\u{0}\""])
  func nulInAccountNameFindsNothing(line: String) throws {
    let session = try Fixtures.session()
    #expect(throws: CommandError.self) { try session.run(line) }
  }

  /// A segment's number past what any account can reach ranks or limits nothing wrongly.
  @Test func hugeSegmentNumbers() throws {
    let session = try Fixtures.session()
    #expect(
      Fixtures.column("name", of: try session.run("segment top144444444444444444444444440"))
        .count == 7)
    do {
      _ = try session.run("segment renewals<144444444444444444444444444")
      Issue.record("a threshold of 1.4e26 days was taken")
    } catch {
      #expect(error.message == "renewals<144444444444444444444444444 is beyond any account")
      #expect(error.hint == "give a number up to 1000000000, as in renewals<120")
    }
  }

  /// Runs the journal commands with a journal in a temporary folder that contains an
  /// earlier snapshot, so that actions, notes, minutes and changes run for real. Every
  /// action and note acknowledged must be in the journal afterwards, and the journal must
  /// pass SQLite's integrity check.
  @Test func journalLinesGiveResultOrError() throws {
    let folder = try JournalCommandTests.Folder()
    _ = try JournalCommandTests.session(
      folder, today: Day(year: 2022, month: 1, day: 1)!, review: "earlier")
    let session = try JournalCommandTests.session(folder, csv: JournalCommandTests.laterCSV)
    let fragments = Self.fragments + Self.journalFragments
    var random = Generator(state: 11)
    var results = 0
    var errors = 0
    var actionsAdded = 0
    var notesAdded = 0
    var minutes = 0
    for index in 0..<1500 {
      let line: String
      if index % 5 == 0 {
        line = (0..<Int.random(in: 1...8, using: &random)).map { _ in
          fragments.randomElement(using: &random)!
        }
        .joined(separator: " ")
      } else if index % 5 == 1 {
        line = Self.journalSeeds.randomElement(using: &random)!
      } else {
        line = Self.mutate(
          Self.journalSeeds.randomElement(using: &random)!, &random, fragments: fragments)
      }
      do {
        let reply = try session.run(line)
        let text = Fixtures.rendered(reply)
        if text.hasPrefix("added action ") { actionsAdded += 1 }
        if text.hasPrefix("noted for ") { notesAdded += 1 }
        if text.hasPrefix("# Account review") { minutes += 1 }
        results += 1
      } catch {
        #expect(!error.message.isEmpty, "\(line)")
        errors += 1
      }
      _ = session.takeWalk()
      if session.scope != nil { _ = try? session.run("book all") }
      if session.today != Fixtures.today { _ = try? session.run("today 2022-02-01") }
    }
    #expect(results + errors == 1500)
    #expect(results > 300)
    #expect(errors > 100)
    #expect(actionsAdded > 30)
    #expect(notesAdded > 30)
    #expect(minutes > 5)

    let journal = try #require(session.journal)
    #expect(try journal.actions().count == actionsAdded)
    #expect(try journal.notes(account: nil).count == notesAdded)
    #expect(try Self.integrityCheck(folder.journal) == ["ok"])
  }

  /// Returns the rows of SQLite's `PRAGMA integrity_check` on a database file: `ok` alone
  /// when it finds nothing wrong.
  static func integrityCheck(_ path: String) throws -> [String] {
    var handle: OpaquePointer?
    defer { sqlite3_close(handle) }
    try #require(sqlite3_open_v2(path, &handle, SQLITE_OPEN_READONLY, nil) == SQLITE_OK)
    var statement: OpaquePointer?
    try #require(
      sqlite3_prepare_v2(handle, "PRAGMA integrity_check", -1, &statement, nil) == SQLITE_OK)
    defer { sqlite3_finalize(statement) }
    var rows: [String] = []
    while sqlite3_step(statement) == SQLITE_ROW {
      rows.append(String(cString: sqlite3_column_text(statement, 0)))
    }
    return rows
  }

  @Test func everyLineGivesResultOrError() throws {
    let session = try Fixtures.session()
    var random = Generator(state: 7)
    var results = 0
    var errors = 0
    for index in 0..<4000 {
      let line: String
      if index % 4 == 0 {
        line = (0..<Int.random(in: 1...8, using: &random)).map { _ in
          Self.fragments.randomElement(using: &random)!
        }
        .joined(separator: " ")
      } else {
        line = Self.mutate(Self.seeds.randomElement(using: &random)!, &random)
      }
      do {
        let reply = try session.run(line)
        _ = Fixtures.rendered(reply)
        results += 1
      } catch {
        #expect(!error.message.isEmpty, "\(line)")
        errors += 1
      }
      if session.scope != nil { _ = try? session.run("book all") }
      if session.today != Fixtures.today { _ = try? session.run("today 2022-02-01") }
    }
    #expect(results + errors == 4000)
    #expect(results > 200)
    #expect(errors > 200)
  }
}
