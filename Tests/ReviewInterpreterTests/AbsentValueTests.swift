import ReviewInterpreter
import ReviewRender
import Testing

/// A free-text field compared with a value that no account has keeps its (empty) result
/// and gets a warning, with the closest value the book has; a definition's confirmation is
/// a notice before it.
@Suite("Absent values")
struct AbsentValueTests {
  struct Case: CustomTestStringConvertible, Sendable {
    var command: String
    var names: [String]
    var notices: [String]
    var testDescription: String { command }
  }

  static let cases: [Case] = [
    Case(
      command: "where tier = platnum", names: [],
      notices: ["no account has tier \"platnum\"; did you mean \"Platinum\"?"]),
    Case(
      command: "where tier != platnum",
      names: [
        "Acme Corp", "Blue Harbor", "Cedar Labs", "Delta Foods", "Ember Media", "Falcon Bank",
        "Müller & Söhne", "株式会社テスト",
      ],
      notices: ["no account has tier \"platnum\"; did you mean \"Platinum\"?"]),
    Case(
      command: "where tier in (silvr, free)", names: ["Falcon Bank"],
      notices: ["no account has tier \"silvr\"; did you mean \"Silver\"?"]),
    Case(
      command: "where csm = \"Nobody Here\"", names: [],
      notices: ["no account has csm \"Nobody Here\""]),
    Case(
      command: "where name = \"Acme Crop\"", names: [],
      notices: ["no account has name \"Acme Crop\"; did you mean \"Acme Corp\"?"]),
    Case(command: "where tier = GOLD and csm = \"maria fell\"", names: ["Acme Corp"], notices: []),
  ]

  /// Returns the notices of a reply, in order.
  static func notices(_ reply: Reply) -> [String] {
    reply.outputs.compactMap { output in
      switch output {
      case .notice(let text), .warning(let text): return text
      default: return nil
      }
    }
  }

  @Test(arguments: cases)
  func valueNoAccountHas(_ testCase: Case) throws {
    let session = try Fixtures.session()
    let reply = try session.run(testCase.command)
    #expect(Fixtures.column("name", of: reply) == testCase.names)
    #expect(Self.notices(reply) == testCase.notices)
  }

  @Test func totalKeepsNotice() throws {
    let session = try Fixtures.session()
    let reply = try session.run("where tier = platnum count")
    #expect(Fixtures.rows(of: reply) == [["0", "0"]])
    #expect(Self.notices(reply) == ["no account has tier \"platnum\"; did you mean \"Platinum\"?"])
  }

  @Test func definedSegmentPassesNoticeOn() throws {
    let session = try Fixtures.session()
    let defined = try session.run("define plat as tier = platnum")
    #expect(
      Self.notices(defined) == [
        "defined plat: 0 accounts now",
        "no account has tier \"platnum\"; did you mean \"Platinum\"?",
      ])

    let used = try session.run("segment plat")
    #expect(Self.notices(used) == ["no account has tier \"platnum\"; did you mean \"Platinum\"?"])
  }
}
