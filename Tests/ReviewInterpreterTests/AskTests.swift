import ReviewBook
import ReviewInterpreter
import ReviewRender
import Testing

/// `ask` without a segment walks the accounts of the last result, and `ask SEGMENT` those
/// of the segment, in the current book scope.
@Suite("Ask walks")
struct AskTests {
  /// Returns the names of the accounts a walk goes through, in order.
  static func names(_ walk: Walk, in session: Session) -> [String] {
    guard case .text(let names)? = session.book.column(named: "name") else { return [] }
    return walk.rows.map { names.string(at: Int($0)) ?? "" }
  }

  /// Runs `command` and returns the first line it prints and the names of the accounts it
  /// walks.
  static func ask(
    _ session: Session, _ command: String = "ask"
  ) throws -> (header: String, names: [String]) {
    let text = Fixtures.rendered(try session.run(command))
    let walk = try #require(session.takeWalk())
    let header = text.split(separator: "\n").first.map(String.init) ?? ""
    return (header, names(walk, in: session))
  }

  @Test func countResultWalksItsAccounts() throws {
    let session = try Fixtures.session()
    _ = try session.run("segment renewals<120 where arr>50000 count")
    let (header, names) = try Self.ask(session)
    #expect(header == "Questions for renewals<120 where arr>50000 (2 accounts):")
    // In the order of the renewals segment: the nearest renewal first.
    #expect(names == ["Acme Corp", "Müller & Söhne"])
  }

  @Test func countResultKeepsSegmentQuestions() throws {
    let session = try Fixtures.session()
    _ = try session.run("segment renewals<120 where arr>50000 count")
    let text = Fixtures.rendered(try session.run("ask"))
    #expect(text.contains("\n1. Which accounts renew in this window?\n"))
  }

  @Test func whereResultWalksItsRows() throws {
    let session = try Fixtures.session()
    _ = try session.run("where health < 40 and arr > 10k")
    let (header, names) = try Self.ask(session)
    #expect(header == "Questions for where health < 40 and arr > 10k (2 accounts):")
    #expect(names == ["Acme Corp", "Delta Foods"])
  }

  @Test func whereResultAsksGeneralQuestions() throws {
    let session = try Fixtures.session()
    _ = try session.run("where health < 40 and arr > 10k")
    let text = Fixtures.rendered(try session.run("ask"))
    #expect(text.contains("\n1. Which accounts should we talk about today, and why?\n"))
  }

  @Test func limitedListWalksShownRows() throws {
    let session = try Fixtures.session()
    _ = try session.run("segment yellow sort arr limit 2")
    let (header, names) = try Self.ask(session)
    #expect(header == "Questions for yellow sort arr limit 2 (2 accounts):")
    #expect(names == ["Müller & Söhne", "Cedar Labs"])
  }

  @Test func groupedResultWalksAllItsAccounts() throws {
    let session = try Fixtures.session()
    _ = try session.run("segment all where tier = Gold by csm")
    let (header, names) = try Self.ask(session)
    #expect(header == "Questions for all where tier = Gold (4 accounts):")
    // The plain order of the all segment: by name.
    #expect(names == ["Acme Corp", "Cedar Labs", "Müller & Söhne", "株式会社テスト"])
  }

  @Test func scopedResultStaysInScope() throws {
    let session = try Fixtures.session()
    _ = try session.run("book Maria Fell")
    _ = try session.run("segment all where arr > 40000")
    let (header, names) = try Self.ask(session)
    #expect(header == "Questions for all where arr > 40000 (2 accounts):")
    #expect(names == ["Acme Corp", "Blue Harbor"])
  }

  @Test func newScopeDropsLastResult() throws {
    let session = try Fixtures.session()
    _ = try session.run("segment yellow")
    _ = try session.run("book Maria Fell")
    let (header, names) = try Self.ask(session)
    #expect(header == "Questions for all (2 accounts):")
    #expect(names == ["Acme Corp", "Blue Harbor"])
  }

  @Test func namedSegmentWalksInScope() throws {
    let session = try Fixtures.session()
    _ = try session.run("where health < 40 and arr > 10k")
    _ = try session.run("book Tom Ito")
    let (header, names) = try Self.ask(session, "ask renewals<200")
    #expect(header == "Questions for renewals<200 (1 account):")
    #expect(names == ["Cedar Labs"])
  }

  @Test func namedSegmentKeepsLastResult() throws {
    let session = try Fixtures.session()
    _ = try session.run("segment yellow")
    _ = try Self.ask(session, "ask red")
    let (header, _) = try Self.ask(session)
    #expect(header == "Questions for yellow (3 accounts):")
  }

  @Test func walkOfCountGoesInMinutes() throws {
    let session = try Fixtures.session()
    _ = try session.run("segment renewals<120 where arr>50000 count")
    _ = try session.run("ask")
    let walk = try #require(session.beginWalk())
    #expect(walk.rows.count == 2)
    let minutes = Fixtures.rendered(try session.run("minutes"))
    #expect(minutes.contains("### ask renewals<120 where arr>50000\n\n| name | csm | arr |"))
    #expect(minutes.contains("| Acme Corp | Maria Fell | $120,000 |"))
    #expect(minutes.contains("| Müller & Söhne | Ana Sousa | $60,000 |"))
  }

  @Test func walkOfListedRowsAddsNothing() throws {
    let session = try Fixtures.session()
    _ = try session.run("segment yellow")
    _ = try session.run("ask")
    _ = try #require(session.beginWalk())
    let minutes = Fixtures.rendered(try session.run("minutes"))
    #expect(minutes.contains("### segment yellow\n"))
    #expect(!minutes.contains("### ask"))
  }

  /// `ask red` right after `segment red` walks the rows the list showed, so the minutes
  /// keep the table once; after another list they keep the walk's own.
  @Test func walkOfNamedSegmentJustListedAddsNothing() throws {
    let session = try Fixtures.session()
    _ = try session.run("segment red")
    _ = try session.run("ask red")
    _ = try #require(session.beginWalk())
    let once = Fixtures.rendered(try session.run("minutes"))
    #expect(once.contains("### segment red\n"))
    #expect(!once.contains("### ask"))
    _ = try session.run("segment green")
    _ = try session.run("ask red")
    _ = try #require(session.beginWalk())
    #expect(Fixtures.rendered(try session.run("minutes")).contains("### ask red\n"))
  }

  @Test func emptyWalkIsNotBegun() throws {
    let session = try Fixtures.session()
    _ = try session.run("where arr > 10m")
    let text = Fixtures.rendered(try session.run("ask"))
    #expect(text == "No questions for where arr > 10m (0 accounts): no account to ask about.\n")
    #expect(session.beginWalk() == nil)
  }
}
