import Foundation
import ReviewInterpreter
import ReviewLoader
import ReviewRender
import Testing

@Suite("Tab completion")
struct CompletionTests {
  struct Case: CustomTestStringConvertible, Sendable {
    var line: String
    var candidates: [String]
    var testDescription: String { line }
  }

  static let cases: [Case] = [
    Case(line: "segm", candidates: ["segment", "segments"]),
    Case(line: "segment ren", candidates: ["renewals", "renewed", "renewal_date", "renewed_date"]),
    Case(line: "segment low", candidates: ["low-usage"]),
    Case(line: "segment red where ar", candidates: ["arr"]),
    Case(line: "segment red sort st", candidates: ["status", "stage", "strategic"]),
    Case(
      line: "book ",
      candidates: ["\"Maria Fell\"", "\"Tom Ito\"", "\"Priya Raman\"", "\"Ana Sousa\"", "all"]),
    Case(line: "book \"An", candidates: ["\"Ana Sousa\""]),
    Case(line: "show Mü", candidates: ["\"Müller & Söhne\""]),
    Case(line: "show 株", candidates: ["株式会社テスト"]),
    Case(line: "where csm = \"T", candidates: ["\"Tom Ito\""]),
    Case(line: "where tier = P", candidates: ["Platinum"]),
    Case(line: "segment red as j", candidates: ["json", "jsonl"]),
    Case(line: "help seg", candidates: ["segment", "segments"]),
    Case(line: "where health < 40 an", candidates: ["and"]),
    Case(line: "where health < 40 and stra", candidates: ["strategic"]),
  ]

  @Test(arguments: cases)
  func completesWord(_ testCase: Case) throws {
    let session = try Fixtures.session()
    let completion = session.complete(line: testCase.line, cursor: testCase.line.utf8.count)
    #expect(completion.candidates == testCase.candidates)
  }

  @Test func wordStartIsAfterOperator() throws {
    let session = try Fixtures.session()
    let line = "segment renewals<120 where arr>5"
    let completion = session.complete(line: line, cursor: line.utf8.count)
    #expect(completion.wordStart == line.utf8.count - 1)
  }
}

/// Names that only match ignoring accents or that hold quotes, and where each kind of
/// command takes them.
@Suite("Tab completion of names")
struct NameCompletionTests {
  static let csv = """
    id,name,csm,arr
    N1,Müller & Söhne,Søren Vik,100
    N2,Mullen Group,Ana Sousa,200
    N3,"Açaí ""Tropical"" Bowls",Ana Sousa,300
    N4,"The ""Best"" Widgets",Anna Berg,400
    N5,"Bob's ""Big"" Shop",Anna Berg,500
    N6,Ørsted Wind,Søren Vik,600

    """

  static func session() throws -> Session {
    let result = try Loader.load(text: csv, name: "names.csv")
    return Session(book: result.book, today: Fixtures.today, definitions: SegmentDefinitions())
  }

  struct Case: CustomTestStringConvertible, Sendable {
    var line: String
    var candidates: [String]
    /// The UTF-8 offset where the replaced text starts.
    var wordStart: Int
    var testDescription: String { line }
  }

  static let cases: [Case] = [
    Case(line: "show mull", candidates: ["\"Müller & Söhne\"", "\"Mullen Group\""], wordStart: 5),
    Case(line: "show MÜLLER", candidates: ["\"Müller & Söhne\""], wordStart: 5),
    Case(line: "show Müller & S", candidates: ["\"Müller & Söhne\""], wordStart: 5),
    Case(line: "show Aca", candidates: ["\"Açaí \"\"Tropical\"\" Bowls\""], wordStart: 5),
    Case(line: "show \"The \"\"Be", candidates: ["\"The \"\"Best\"\" Widgets\""], wordStart: 5),
    Case(line: "show The \"Be", candidates: ["\"The \"\"Best\"\" Widgets\""], wordStart: 5),
    Case(line: "show bob", candidates: ["\"Bob's \"\"Big\"\" Shop\""], wordStart: 5),
    // Letters without a decomposition match the plain letter people type, as in `~`.
    Case(line: "show ørs", candidates: ["\"Ørsted Wind\""], wordStart: 5),
    Case(line: "show ors", candidates: ["\"Ørsted Wind\""], wordStart: 5),
    // After a closed quoted name. The offset counts ü and ö as two bytes each.
    Case(line: "show \"Müller & Söhne\" ", candidates: [], wordStart: 24),
    Case(line: "show Acme as c", candidates: ["csv"], wordStart: 13),
    Case(line: "book SØ", candidates: ["\"Søren Vik\""], wordStart: 5),
    Case(line: "book an", candidates: ["\"Ana Sousa\"", "\"Anna Berg\""], wordStart: 5),
    Case(line: "book ALL", candidates: ["all"], wordStart: 5),
    Case(line: "where name = aca", candidates: ["\"Açaí \"\"Tropical\"\" Bowls\""], wordStart: 13),
    Case(
      line: "where name = \"The \"\"Be", candidates: ["\"The \"\"Best\"\" Widgets\""],
      wordStart: 13),
    Case(
      line: "where name = 'the \"be", candidates: ["\"The \"\"Best\"\" Widgets\""], wordStart: 13),
    Case(line: "where csm = søren", candidates: ["\"Søren Vik\""], wordStart: 12),
    Case(line: "notes mull", candidates: ["\"Müller & Söhne\"", "\"Mullen Group\""], wordStart: 6),
    // An accent typed keeps the names that have it.
    Case(line: "notes mül", candidates: ["\"Müller & Söhne\""], wordStart: 6),
    Case(line: "notes \"Mü", candidates: ["\"Müller & Söhne\""], wordStart: 6),
    Case(
      line: "action add call the CFO for müller & s", candidates: ["\"Müller & Söhne\""],
      wordStart: 28),
    Case(line: "action add call for no", candidates: ["none"], wordStart: 20),
    Case(line: "action list owner sø", candidates: ["\"Søren Vik\""], wordStart: 18),
    Case(line: "action add call owner le", candidates: ["leader"], wordStart: 22),
    Case(line: "action a", candidates: ["add"], wordStart: 7),
  ]

  @Test(arguments: cases)
  func completesName(_ testCase: Case) throws {
    let session = try Self.session()
    let completion = session.complete(line: testCase.line, cursor: testCase.line.utf8.count)
    #expect(completion.candidates == testCase.candidates)
    #expect(completion.wordStart == testCase.wordStart)
  }
}

extension NameCompletionTests {
  /// The one candidate for `line`, which must be a single completion.
  func onlyCandidate(_ session: Session, _ line: String) throws -> String {
    let candidates = session.complete(line: line, cursor: line.utf8.count).candidates
    try #require(candidates.count == 1, "\(line): \(candidates)")
    return candidates[0]
  }

  /// Each completed name, put back on the line, finds the account it names.
  @Test(arguments: [
    ("müller", "Müller & Söhne"), ("acai", "Açaí \"Tropical\" Bowls"),
    ("\"the \"\"", "The \"Best\" Widgets"), ("bob", "Bob's \"Big\" Shop"),
  ])
  func completedNameRuns(_ typed: String, _ name: String) throws {
    let session = try Self.session()

    let completed = try onlyCandidate(session, "show \(typed)")
    let card = try session.run("show \(completed)", lineNumber: 1)
    guard case .record(let table)? = card.outputs.first else {
      Issue.record("show \(completed) gave \(card.outputs)")
      return
    }
    let nameColumn = try #require(table.columns.firstIndex { $0.name == "name" })
    #expect(ValueFormatter.raw(table.value(row: 0, column: nameColumn)) == name)

    let compared = try onlyCandidate(session, "where name = \(typed)")
    let rows = try session.run("where name = \(compared)", lineNumber: 1)
    #expect(Fixtures.column("name", of: rows) == [name])
  }

  @Test func completedCSMScopesTheBook() throws {
    let session = try Self.session()
    let csm = try onlyCandidate(session, "book sø")
    _ = try session.run("book \(csm)", lineNumber: 1)
    #expect(session.scope == "Søren Vik")
  }
}

@Suite("File name completion")
struct PathCompletionTests {
  /// Returns a folder of files to complete: two starting with `a`, one with a space, a
  /// folder and a hidden file.
  static func folder() throws -> JournalCommandTests.Folder {
    let folder = try JournalCommandTests.Folder()
    for name in ["accounts.csv", "agenda.review", "my book.csv", ".hidden"] {
      #expect(FileManager.default.createFile(atPath: folder.path + "/" + name, contents: Data()))
    }
    try FileManager.default.createDirectory(
      atPath: folder.path + "/data", withIntermediateDirectories: false)
    return folder
  }

  func candidates(_ session: Session, _ line: String) -> [String] {
    session.complete(line: line, cursor: line.utf8.count).candidates
  }

  @Test func namesAfterRedirectAndLoad() throws {
    let folder = try Self.folder()
    let session = try NameCompletionTests.session()
    let path = folder.path

    #expect(
      candidates(session, "segment red > \(path)/a") == [
        "\(path)/accounts.csv", "\(path)/agenda.review",
      ])
    #expect(candidates(session, "segment red >> \(path)/acc") == ["\(path)/accounts.csv"])
    #expect(candidates(session, "load \(path)/my") == ["\"\(path)/my book.csv\""])
    #expect(candidates(session, "run \(path)/d") == ["\(path)/data/"])
    #expect(candidates(session, "output \(path)/.") == ["\(path)/.hidden"])
    #expect(
      candidates(session, "load \(path)/") == [
        "\(path)/accounts.csv", "\(path)/agenda.review", "\(path)/data/",
        "\"\(path)/my book.csv\"",
      ])
  }

  /// After a field, `>` compares, so its values are offered, not files.
  @Test func comparisonIsNotARedirect() throws {
    let folder = try Self.folder()
    let session = try NameCompletionTests.session()
    #expect(!candidates(session, "where arr > ").contains { $0.contains("/") })
    #expect(!candidates(session, "where arr > \(folder.path)/a").contains { $0.contains("/") })
    #expect(candidates(session, "summary > \(folder.path)/a").count == 2)
  }
}
