import ReviewBook
import ReviewInterpreter
import ReviewJournal
import ReviewLoader
import ReviewRender
import Testing

/// Every command that takes a name reads a quoted name with its quotes written twice, as
/// Tab completion writes it and as `where name = …` reads it.
@Suite("Quoted names")
struct QuotedNameTests {
  static let csv = """
    id,name,csm,arr
    Q1,"Açaí ""Tropical"" Bowls",Ana Sousa,300
    Q2,"the ""Best"" Co","Jo ""JJ"" Park",400
    Q3,Ørsted Wind,"Jo ""JJ"" Park",600
    Q4,Zoë's Bakery,Ana Sousa,200

    """

  static func session(_ folder: JournalCommandTests.Folder) throws -> Session {
    let book = try Loader.load(text: csv, name: "quoted.csv").book
    let journal = try Journal(path: folder.journal)
    return Session(book: book, today: Fixtures.today, journal: journal, reviewID: "quoted")
  }

  /// Returns the name field of the account that `command` shows.
  static func shownName(_ session: Session, _ command: String) throws -> String {
    let reply = try session.run(command)
    guard case .record(let table)? = reply.outputs.first,
      let column = table.columns.firstIndex(where: { $0.name == "name" })
    else { return "" }
    return ValueFormatter.raw(table.value(row: 0, column: column))
  }

  @Test(arguments: [
    ("show Zoë’s Bakery", "Zoë's Bakery"),
    ("show \"zoe‘s bakery\"", "Zoë's Bakery"),
    ("show \"Açaí \"\"Tropical\"\" Bowls\"", "Açaí \"Tropical\" Bowls"),
    ("show \"the \"\"Best\"\" Co\"", "the \"Best\" Co"),
    ("show \"the \"\"Best\"\" Co\" as csv", "the \"Best\" Co"),
    ("show 'Açaí \"Tropical\" Bowls'", "Açaí \"Tropical\" Bowls"),
  ])
  func showReadsDoubledQuotes(_ command: String, _ name: String) throws {
    let folder = try JournalCommandTests.Folder()
    let session = try Self.session(folder)
    #expect(try Self.shownName(session, command) == name)
  }

  @Test func bookReadsDoubledQuotes() throws {
    let folder = try JournalCommandTests.Folder()
    let session = try Self.session(folder)
    _ = try session.run("book \"Jo \"\"JJ\"\" Park\"")
    #expect(session.scope == "Jo \"JJ\" Park")
  }

  @Test func notesReadDoubledQuotes() throws {
    let folder = try JournalCommandTests.Folder()
    let session = try Self.session(folder)
    let added = try session.run("note \"the \"\"Best\"\" Co\" \"asked for SSO\"")
    #expect(JournalCommandTests.notice(added) == "noted for the \"Best\" Co")

    let notes = try session.run("notes \"the \"\"Best\"\" Co\"")
    #expect(Fixtures.rendered(notes).contains("asked for SSO"))
  }

  @Test func actionForReadsDoubledQuotes() throws {
    let folder = try JournalCommandTests.Folder()
    let session = try Self.session(folder)
    let added = try session.run("action add \"send the deck\" for \"the \"\"Best\"\" Co\"")
    #expect(
      JournalCommandTests.notice(added)
        == "added action 1: send the deck · the \"Best\" Co · owner Jo \"JJ\" Park")
  }

  @Test func askAndUndefineReadQuotedNames() throws {
    let folder = try JournalCommandTests.Folder()
    let session = try Self.session(folder)
    _ = try session.run("define big as arr > 350")
    let asked = Fixtures.rendered(try session.run("ask \"big\""))
    #expect(asked.hasPrefix("Questions for big (2 accounts):\n"))

    let removed = try session.run("undefine \"big\"")
    #expect(JournalCommandTests.notice(removed) == "removed the segment big")
  }
}
