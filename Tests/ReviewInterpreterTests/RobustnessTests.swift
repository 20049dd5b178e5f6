import ReviewInterpreter
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

  struct Generator: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      return state
    }
  }

  static func mutate(_ line: String, _ random: inout Generator) -> String {
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
