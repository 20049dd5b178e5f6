import Foundation
import ReviewBook
import ReviewInterpreter
import ReviewLoader
import ReviewRender
import Testing

/// Queries over the fixture book, each with the accounts a person works out by hand.
@Suite("Queries on the fixture book")
struct QueryTests {
  struct Case: CustomTestStringConvertible, Sendable {
    var command: String
    var names: [String]
    var testDescription: String { command }
  }

  static let segments: [Case] = [
    Case(
      command: "segment renewals<120",
      names: ["Acme Corp", "Müller & Söhne", "Blue Harbor", "Falcon Bank"]),
    Case(command: "segment renewals<120 where arr>50000", names: ["Acme Corp", "Müller & Söhne"]),
    Case(command: "segment renewals<=28", names: ["Acme Corp"]),
    Case(
      command: "segment renewals",
      names: ["Acme Corp", "Müller & Söhne", "Blue Harbor", "Falcon Bank"]),
    Case(command: "segment renewals<30", names: ["Acme Corp"]),
    Case(
      command: "segment unengaged>30",
      names: ["Blue Harbor", "Müller & Söhne", "Cedar Labs", "Falcon Bank"]),
    Case(command: "segment unengaged>100", names: ["Blue Harbor", "Cedar Labs", "Falcon Bank"]),
    Case(command: "segment new<90", names: ["Falcon Bank", "Blue Harbor"]),
    Case(command: "segment new<30", names: ["Falcon Bank", "Blue Harbor"]),
    Case(command: "segment trials", names: ["Falcon Bank"]),
    Case(command: "segment red", names: ["Acme Corp"]),
    Case(command: "segment yellow", names: ["株式会社テスト", "Cedar Labs", "Müller & Söhne"]),
    Case(command: "segment green", names: ["Ember Media", "Blue Harbor"]),
    Case(command: "segment health<40", names: ["Delta Foods", "Acme Corp"]),
    Case(command: "segment health>80", names: ["Ember Media"]),
    Case(command: "segment top3", names: ["Ember Media", "Acme Corp", "株式会社テスト"]),
    Case(command: "segment strategic", names: ["Ember Media", "Acme Corp"]),
    Case(command: "segment detractors", names: ["Delta Foods", "Acme Corp", "株式会社テスト"]),
    Case(command: "segment passives", names: ["Falcon Bank", "Müller & Söhne"]),
    Case(command: "segment promoters", names: ["Ember Media", "Blue Harbor"]),
    Case(command: "segment expansion", names: ["Ember Media", "Blue Harbor"]),
    Case(command: "segment churned", names: ["Delta Foods"]),
    Case(command: "segment renewed", names: ["Ember Media"]),
    Case(
      command: "segment goals",
      names: ["Acme Corp", "Müller & Söhne", "Delta Foods", "Ember Media", "Blue Harbor"]),
    Case(command: "segment goals met", names: ["Ember Media", "Blue Harbor"]),
    Case(command: "segment goals missing", names: ["株式会社テスト", "Cedar Labs", "Falcon Bank"]),
    Case(command: "segment goals behind", names: ["Acme Corp", "Müller & Söhne", "Delta Foods"]),
    Case(command: "segment low-usage", names: ["Acme Corp"]),
    Case(command: "segment low-usage<45", names: ["Acme Corp", "Müller & Söhne"]),
    Case(command: "segment high-usage", names: ["Ember Media", "Blue Harbor"]),
    Case(
      command: "segment all",
      names: [
        "Acme Corp", "Blue Harbor", "Cedar Labs", "Delta Foods", "Ember Media", "Falcon Bank",
        "Müller & Söhne",
        "株式会社テスト",
      ]),
  ]

  static let expressions: [Case] = [
    Case(command: "where arr >= 100k or strategic", names: ["Acme Corp", "Ember Media"]),
    Case(
      command: "where not red",
      names: [
        "Blue Harbor", "Cedar Labs", "Delta Foods", "Ember Media", "Falcon Bank", "Müller & Söhne",
        "株式会社テスト",
      ]),
    Case(
      command: "where not status = red",
      names: ["Blue Harbor", "Cedar Labs", "Ember Media", "Müller & Söhne", "株式会社テスト"]),
    Case(
      command: "where status != red",
      names: ["Blue Harbor", "Cedar Labs", "Ember Media", "Müller & Söhne", "株式会社テスト"]),
    Case(command: "where health < 40 or nps < 7", names: ["Acme Corp", "Delta Foods", "株式会社テスト"]),
    Case(command: "where name ~ \"söh\"", names: ["Müller & Söhne"]),
    Case(command: "where name ~ BANK", names: ["Falcon Bank"]),
    Case(command: "where name !~ a", names: ["Müller & Söhne", "株式会社テスト"]),
    Case(
      command: "where csm in (\"Maria Fell\", \"tom ito\")",
      names: ["Acme Corp", "Blue Harbor", "Cedar Labs", "Delta Foods"]),
    Case(
      command: "where csm not in (\"Maria Fell\", \"tom ito\")",
      names: ["Ember Media", "Falcon Bank", "Müller & Söhne", "株式会社テスト"]),
    Case(
      command: "where health between 45 and 65", names: ["Cedar Labs", "Müller & Söhne", "株式会社テスト"]),
    Case(command: "where nps is missing", names: ["Cedar Labs"]),
    Case(command: "where arr is missing", names: ["Falcon Bank"]),
    Case(command: "where health is not missing and health > 80", names: ["Ember Media"]),
    Case(
      command: "where renewal_date < in 30 days", names: ["Acme Corp", "Delta Foods", "株式会社テスト"]),
    Case(
      command: "where last_engaged < 30 days ago",
      names: ["Blue Harbor", "Delta Foods", "Müller & Söhne"]),
    Case(
      command: "where last_engaged < 1 month ago",
      names: ["Blue Harbor", "Delta Foods", "Müller & Söhne"]),
    Case(command: "where renewal_date >= today and renewal_date < in 2 weeks", names: []),
    Case(command: "where renewal_date = 2022-03-01", names: ["Acme Corp"]),
    Case(
      command: "where client_since > \"May 1, 2019\"",
      names: ["Blue Harbor", "Falcon Bank", "Müller & Söhne"]),
    Case(command: "where csm = \"maria fell\"", names: ["Acme Corp", "Blue Harbor"]),
    Case(
      command: "where red or green and strategic",
      names: ["Acme Corp", "Ember Media"]),
    Case(command: "where (red or green) and strategic", names: ["Acme Corp", "Ember Media"]),
    Case(
      command: "where tier != gold",
      names: ["Blue Harbor", "Delta Foods", "Ember Media", "Falcon Bank"]),
    Case(
      command: "where arr > $90,000 and arr < 1.2m", names: ["Acme Corp", "Ember Media", "株式会社テスト"]),
    Case(command: "where usage >= 85%", names: ["Blue Harbor", "Ember Media"]),
    Case(
      command: "where strategic = no and nps >= 7",
      names: ["Blue Harbor", "Falcon Bank", "Müller & Söhne"]),
    Case(command: "where days_to_renewal < 0", names: ["株式会社テスト"]),
    Case(command: "where nps_category = promoter", names: ["Blue Harbor", "Ember Media"]),
    Case(command: "where red and not strategic", names: []),
    Case(command: "where status = red and not strategic", names: ["Delta Foods"]),
    Case(
      command: "segment renewals<120 or red",
      names: ["Acme Corp", "Müller & Söhne", "Blue Harbor", "Falcon Bank"]),
    Case(command: "segment health<40 or nps<7", names: ["Delta Foods", "Acme Corp", "株式会社テスト"]),
  ]

  @Test(arguments: segments)
  func segmentPicksAccounts(_ testCase: Case) throws {
    let session = try Fixtures.session()
    #expect(Fixtures.column("name", of: try session.run(testCase.command)) == testCase.names)
  }

  @Test(arguments: expressions)
  func expressionPicksAccounts(_ testCase: Case) throws {
    let session = try Fixtures.session()
    #expect(Fixtures.column("name", of: try session.run(testCase.command)) == testCase.names)
  }

  /// An export that marks churn only with a yes/no column, as many churn datasets do.
  @Test func churnColumnMarksChurnedAccounts() throws {
    let csv = """
      customerID,Churn,MonthlyCharges
      C-1,Yes,900
      C-2,No,100
      C-3,No,500
      """
    let book = try Loader.load(text: csv, name: "churn.csv").book
    let session = Session(book: book, today: Fixtures.today)
    #expect(Fixtures.column("id", of: try session.run("segment churned")) == ["C-1"])
    #expect(Fixtures.column("id", of: try session.run("segment top2")) == ["C-3", "C-2"])
  }

  /// `segments` names the segment in its first column, so each reason says only the cause.
  @Test func unavailableSegmentGivesItsCause() throws {
    let book = try Loader.load(text: "name,arr\nAcme,5\n", name: "small.csv").book
    let session = Session(book: book, today: Fixtures.today)
    let reply = try session.run("segments")
    let usages = Fixtures.column("segment", of: reply)
    let meanings = Fixtures.column("meaning", of: reply)
    let renewals = try #require(usages.firstIndex(of: "renewals<120"))
    #expect(
      meanings[renewals]
        == "unavailable: days_to_renewal needs the field renewal_date, which this book does not have"
    )
    let trials = try #require(usages.firstIndex(of: "trials"))
    #expect(meanings[trials] == "unavailable: this book has no stage field")
  }

  @Test func commandsWithoutABookAreRefused() throws {
    let session = Session(book: .empty, today: Fixtures.today)
    for line in ["summary", "segment red", "show Acme", "fields", "segments"] {
      #expect(throws: CommandError.self, "\(line)") { try session.run(line) }
    }
    do {
      _ = try session.run("summary")
    } catch {
      #expect(error.message == "no book is loaded, so there are no accounts to report on")
      #expect(
        error.hint
          == "name a data file when you start review, as in review samples/accounts.csv, or load one with load FILE"
      )
    }
    #expect(try session.run("help").outputs.count == 1)
  }

  @Test func renewalsShowTheirColumns() throws {
    let session = try Fixtures.session()
    let reply = try session.run("segment renewals<120 where arr>50000")
    #expect(
      Fixtures.columnNames(of: reply) == [
        "name", "csm", "arr", "renewal_date", "days_to_renewal", "health",
      ])
    #expect(
      Fixtures.rows(of: reply) == [
        ["Acme Corp", "Maria Fell", "120000", "2022-03-01", "28", "35"],
        ["Müller & Söhne", "Ana Sousa", "60000", "2022-03-15", "42", "45"],
      ])
  }

  @Test func filterFieldsJoinTheColumns() throws {
    let session = try Fixtures.session()
    let reply = try session.run("where tier = gold and usage > 45")
    #expect(
      Fixtures.columnNames(of: reply) == [
        "name", "csm", "arr", "renewal_date", "health", "status", "tier", "usage",
      ])
  }

  @Test func sortLimitAndShow() throws {
    let session = try Fixtures.session()
    #expect(
      Fixtures.column("name", of: try session.run("where status = red sort name desc")) == [
        "Delta Foods", "Acme Corp",
      ])
    let sorted = try session.run("segment all sort csm, arr desc limit 3 show name, csm, arr")
    #expect(Fixtures.columnNames(of: sorted) == ["name", "csm", "arr"])
    #expect(
      Fixtures.rows(of: sorted) == [
        ["株式会社テスト", "Ana Sousa", "95000"], ["Müller & Söhne", "Ana Sousa", "60000"],
        ["Acme Corp", "Maria Fell", "120000"],
      ])
    let added = try session.run("segment red show +tier, +nps")
    #expect(
      Fixtures.columnNames(of: added) == [
        "name", "csm", "arr", "health", "status", "renewal_date", "tier", "nps",
      ])
    let everything = try session.run("segment churned show *")
    #expect(
      Fixtures.columnNames(of: everything) == [
        "id", "name", "csm", "arr", "renewal_date", "health", "status", "last_engaged",
        "client_since", "stage",
        "usage", "nps", "strategic", "goals_total", "goals_achieved", "expansion_arr", "churn_date",
        "renewed_date",
        "tier", "goals_remaining", "days_to_renewal", "days_since_engaged", "tenure_days",
        "nps_category",
      ])
  }

  @Test func missingValuesSortLast() throws {
    let session = try Fixtures.session()
    let ascending = Fixtures.column("name", of: try session.run("segment all sort health limit 8"))
    #expect(ascending.last == "Falcon Bank")
    let descending = Fixtures.column("name", of: try session.run("segment all sort health desc"))
    #expect(descending.first == "Ember Media")
    #expect(descending.last == "Falcon Bank")
  }

  @Test func countsAndTotals() throws {
    let session = try Fixtures.session()
    #expect(Fixtures.rows(of: try session.run("segment all count")) == [["8", "715000"]])
    #expect(Fixtures.rows(of: try session.run("segment renewals<90 count")) == [["4", "225000"]])
    #expect(Fixtures.rows(of: try session.run("segment all sum arr")) == [["8", "715000"]])
    #expect(
      Fixtures.rows(of: try session.run("segment all avg health")) == [["8", "54.285714285714285"]])
    #expect(
      Fixtures.rows(of: try session.run("segment all min renewal_date")) == [["8", "2021-12-01"]])
    #expect(Fixtures.rows(of: try session.run("segment all max arr")) == [["8", "300000"]])
    #expect(
      Fixtures.columnNames(of: try session.run("segment all max arr")) == ["accounts", "max_arr"])
  }

  @Test func groupsByField() throws {
    let session = try Fixtures.session()
    let byCSM = try session.run("segment all by csm sum arr")
    #expect(Fixtures.columnNames(of: byCSM) == ["csm", "accounts", "sum_arr"])
    #expect(
      Fixtures.rows(of: byCSM) == [
        ["Ana Sousa", "2", "155000"], ["Maria Fell", "2", "165000"],
        ["Priya Raman", "2", "300000"], ["Tom Ito", "2", "95000"],
      ])
    // People read the group without a status by a label, and CSV leaves its value empty.
    let byStatus = try session.run("segment all by status")
    #expect(
      Fixtures.rows(of: byStatus) == [
        ["green", "2", "345000"], ["red", "2", "135000"], ["yellow", "3", "235000"],
        ["(no status)", "1", "0"],
      ])
    #expect(Fixtures.rendered(byStatus, format: .csv).hasSuffix("\r\n,1,0\r\n"))
    let redByCSM = try session.run("segment red by csm count")
    #expect(
      Fixtures.rows(of: redByCSM) == [["Maria Fell", "1", "120000"]])
    let average = try session.run("segment all by tier avg health")
    #expect(Fixtures.rows(of: average).first == ["Free", "1", ""])
  }

  @Test func groupsSortAndLimit() throws {
    let session = try Fixtures.session()
    let ranked = try session.run("segment all by csm sum arr sort sum_arr desc limit 2")
    #expect(Fixtures.columnNames(of: ranked) == ["csm", "accounts", "sum_arr"])
    #expect(
      Fixtures.rows(of: ranked) == [
        ["Priya Raman", "2", "300000"], ["Maria Fell", "2", "165000"],
      ])
    #expect(Self.footer(of: ranked) == "4 groups · 8 accounts · showing 2")
    let singleGroup = try session.run("where name = \"Acme Corp\" by csm count")
    #expect(Self.footer(of: singleGroup) == "1 group · 1 account")
    // The field of the total names the total's column.
    let byField = try session.run("segment all by csm sum arr sort arr desc limit 2")
    #expect(Fixtures.rows(of: byField) == Fixtures.rows(of: ranked))
    // Without a total, the columns are the group field, accounts and arr.
    #expect(
      Fixtures.column("csm", of: try session.run("segment all by csm sort arr")) == [
        "Tom Ito", "Ana Sousa", "Maria Fell", "Priya Raman",
      ])
    #expect(
      Fixtures.column("csm", of: try session.run("segment all by csm sort csm desc limit 3")) == [
        "Tom Ito", "Priya Raman", "Maria Fell",
      ])
    // A group without a value for the total sorts last either way.
    #expect(
      Fixtures.column("tier", of: try session.run("segment all by tier avg health sort avg_health"))
        == ["Silver", "Gold", "Platinum", "Free"])
    #expect(
      Fixtures.column(
        "tier", of: try session.run("segment all by tier avg health sort health desc"))
        == ["Platinum", "Gold", "Silver", "Free"])
    // Ties keep the order by value, and a second key breaks them.
    #expect(
      Fixtures.column("tier", of: try session.run("segment all by tier sort accounts desc")) == [
        "Gold", "Silver", "Free", "Platinum",
      ])
    #expect(
      Fixtures.column(
        "tier", of: try session.run("segment all by tier sort accounts desc, arr desc"))
        == ["Gold", "Silver", "Platinum", "Free"])
  }

  static func footer(of reply: Reply) -> String? {
    guard case .table(let table)? = reply.outputs.first else { return nil }
    return table.footer
  }

  @Test func bookScopesLaterCommands() throws {
    let session = try Fixtures.session()
    _ = try session.run("book maria")
    #expect(session.scope == "Maria Fell")
    #expect(
      Fixtures.column("name", of: try session.run("segment all")) == ["Acme Corp", "Blue Harbor"])
    #expect(Fixtures.column("name", of: try session.run("segment top1")) == ["Acme Corp"])
    _ = try session.run("book \"Ana Sousa\"")
    #expect(
      Fixtures.column("name", of: try session.run("segment yellow")) == [
        "株式会社テスト", "Müller & Söhne",
      ])
    _ = try session.run("book all")
    #expect(session.scope == nil)
    #expect(
      Fixtures.column("name", of: try session.run("segment all limit 2")) == [
        "Acme Corp", "Blue Harbor",
      ])
  }

  /// An account of another CSM's book is not shown in a scoped session, and the hint names
  /// where it is and how to reach it.
  @Test func accountOutsideTheBookNamesBookAll() throws {
    let session = try Fixtures.session()
    _ = try session.run("book maria")
    let error = #expect(throws: CommandError.self) { try session.run("show Cedar Labs") }
    #expect(error?.message == "no account named 'Cedar Labs' in Maria Fell's book")
    #expect(error?.hint == "Cedar Labs is in another book; book all lifts the scope")
  }

  /// An account is found by part of its name with or without its accents, as `~` finds it.
  @Test(arguments: ["muller", "MÜLLER", "Muller & Sohne", "söhne", "a1", "ACME CORP"])
  func accountFoundIgnoringCaseAndAccents(name: String) throws {
    let session = try Fixtures.session()
    let reply = try session.run("show \"\(name)\"")
    guard case .record(let table)? = reply.outputs.first else {
      Issue.record("show \(name) did not return a record")
      return
    }
    let nameColumn = try #require(table.columns.firstIndex { $0.name == "name" })
    let expected = name.lowercased().hasPrefix("a") ? "Acme Corp" : "Müller & Söhne"
    #expect(table.value(row: 0, column: nameColumn) == .text(expected))
  }

  @Test func lastResultRowsCanBeShown() throws {
    let session = try Fixtures.session()
    _ = try session.run("where status = red")
    let reply = try session.run("show 2")
    guard case .record(let table)? = reply.outputs.first else {
      Issue.record("show 2 did not return a record")
      return
    }
    let nameColumn = try #require(table.columns.firstIndex { $0.name == "name" })
    #expect(table.value(row: 0, column: nameColumn) == .text("Delta Foods"))
  }

  /// The rows of a query are kept for the next query with the same condition, and found
  /// anew once the day, the scope or the book changes.
  @Test func repeatedQueryFollowsChanges() throws {
    let session = try Fixtures.session()
    func count(_ command: String) throws -> String {
      Fixtures.rows(of: try session.run(command)).first?.first ?? ""
    }
    // Days to renewal on 2022-02-01: A1 28, A2 73, A6 89, A7 42, A4 19 (churned).
    #expect(try count("segment renewals<60 count") == "2")
    #expect(
      Fixtures.column("name", of: try session.run("segment renewals<60"))
        == ["Acme Corp", "Müller & Söhne"])
    _ = try session.run("today 2022-03-01")
    #expect(try count("segment renewals<60 count") == "3")
    _ = try session.run("book \"Ana Sousa\"")
    #expect(try count("segment renewals<60 count") == "1")
    _ = try session.run("book all")
    let smaller = Fixtures.csv.split(separator: "\n").filter { !$0.hasPrefix("A7,") }
      .joined(separator: "\n")
    session.replaceBook(try Loader.load(text: smaller, name: "smaller.csv").book)
    #expect(try count("segment renewals<60 count") == "2")
  }

  /// A number in quotes is an account's id, and a bare number a row of the last result.
  @Test func quotedNumberIsAnAccountID() throws {
    let book = try Loader.load(
      text: "id,name,health\n1,Alpha,30\n2,Beta,60\n3,Gamma,20\n", name: "numbers.csv"
    ).book
    let session = Session(book: book, today: Fixtures.today)
    func shownName(_ reply: Reply) -> Value? {
      guard case .record(let table)? = reply.outputs.first,
        let column = table.columns.firstIndex(where: { $0.name == "name" })
      else { return nil }
      return table.value(row: 0, column: column)
    }
    #expect(shownName(try session.run("show \"2\"")) == .text("Beta"))
    do {
      _ = try session.run("show 2")
      Issue.record("show 2 without a result did not fail")
    } catch {
      #expect(error.message == "there is no result to pick row 2 from")
      #expect(error.hint == "to open the account whose id is 2, write show \"2\"")
    }
    _ = try session.run("where health < 50")
    #expect(shownName(try session.run("show 2")) == .text("Gamma"))
  }

  @Test func showFindsAccountByNameOrID() throws {
    let session = try Fixtures.session()
    for name in ["Müller & Söhne", "müller & söhne", "A7", "Müller"] {
      let reply = try session.run("show \(name)")
      #expect(Fixtures.rendered(reply).contains("id                  A7"), "show \(name)")
    }
  }

  @Test func todayChangesDayCounts() throws {
    let session = try Fixtures.session()
    _ = try session.run("today 2022-03-10")
    #expect(session.today == Day(year: 2022, month: 3, day: 10))
    #expect(
      Fixtures.column("name", of: try session.run("segment renewals<10")) == ["Müller & Söhne"])
  }

  /// A book in euros shows euros in account tables, totals, groups and the footer.
  @Test func euroBookShowsEuros() throws {
    let csv = "name;csm;arr\nAcme;Ana;€1.250,50\nBeta;Ana;€2.000\nCedar;Tom;€30.000\n"
    let book = try Loader.load(text: csv, name: "euros.csv").book
    let session = Session(book: book, today: Fixtures.today)
    #expect(
      Fixtures.rendered(try session.run("segment all")) == """
        name   csm         arr
        -----  ---  ----------
        Acme   Ana   €1,250.50
        Beta   Ana   €2,000.00
        Cedar  Tom  €30,000.00
        3 accounts · €33.3k ARR

        """)
    #expect(
      Fixtures.rendered(try session.run("segment all by csm")) == """
        csm  accounts         arr
        ---  --------  ----------
        Ana         2   €3,250.50
        Tom         1  €30,000.00
        2 groups · 3 accounts

        """)
    #expect(
      Fixtures.rendered(try session.run("segment all sum arr"))
        == "accounts     sum_arr\n--------  ----------\n       3  €33,250.50\n")
    #expect(
      Fixtures.rows(of: try session.run("fields")).first { $0.first == "arr" }
        == ["arr", "money (EUR)", "3", "column \"arr\""])
  }

  /// A renewal whose date has passed with neither a renewal nor a churn recorded is
  /// lapsed: in the fixture, only A8, 62 days past its date and still active.
  @Test func lapsedRenewalsAreThoseNeitherRenewedNorChurned() throws {
    let session = try Fixtures.session()
    #expect(Fixtures.column("name", of: try session.run("segment lapsed")) == ["株式会社テスト"])
    // The summary gives them a row, since they are in no renewal window.
    let passed = Fixtures.rows(of: try session.run("summary")).first {
      $0.first == "renewal date passed"
    }
    #expect(passed.map { Array($0.prefix(3)) } == ["renewal date passed", "1", "95000"])
    // A4's date is ahead but it churned, and A5 renewed; neither is lapsed a month later.
    _ = try session.run("today 2022-03-05")
    #expect(
      Fixtures.column("name", of: try session.run("segment lapsed"))
        == ["株式会社テスト", "Acme Corp"])
  }

  /// An account without a stage can be lapsed, and one with a renewal recorded or a stage
  /// of renewed or churned cannot, as the renewed and churned segments read them.
  @Test func lapsedReadsStagesAsRenewedAndChurnedDo() throws {
    let csv = """
      name,renewal_date,status,stage,renewed_date
      Alpha,2022-01-01,Red,,
      Beta,2022-01-01,Green,Active,
      Gamma,2022-01-01,Green,Active,2022-01-02
      Delta,2022-01-01,Green,renewed,
      Eps,2022-01-01,Green,churned,

      """
    let session = Session(
      book: try Loader.load(text: csv, name: "lapsed.csv").book,
      today: Day(year: 2022, month: 2, day: 15)!)
    #expect(Fixtures.column("name", of: try session.run("segment lapsed")) == ["Alpha", "Beta"])
    // Churn taken from a status column, with no stage column, counts too.
    let fromStatus = Session(
      book: try Loader.load(
        text: "name,renewal_date,status\nAlpha,2022-01-01,Red\nBeta,2022-01-01,Churned\n",
        name: "status.csv"
      ).book, today: Day(year: 2022, month: 2, day: 15)!)
    #expect(Fixtures.column("name", of: try fromStatus.run("segment lapsed")) == ["Alpha"])
  }

  /// The sample book two weeks on: the nine accounts whose renewal date passed in those
  /// two weeks without a renewal or a churn, oldest date first, as a script over the CSV
  /// with Python's csv module finds them.
  @Test func sampleBookLapsedAfterTwoWeeks() throws {
    let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
      .deletingLastPathComponent().deletingLastPathComponent()
      .appendingPathComponent("samples/accounts.csv").path
    let session = Session(
      book: try Loader.load(paths: [path]).book, today: Day(year: 2022, month: 2, day: 15)!)
    #expect(
      Set(Fixtures.column("name", of: try session.run("segment lapsed"))) == [
        "Nimbus Analytics", "Cedar Motors", "Maple Logistics", "Silver Labs", "Juniper Foods",
        "Silver Partners", "Silver Logistics", "Quartz Systems", "Kestrel Health",
      ])
    #expect(
      Fixtures.column("renewal_date", of: try session.run("segment lapsed")).last == "2022-02-12")
  }

  /// Amounts compared with a euro field may carry the euro sign or code. An amount in
  /// another currency is rejected rather than compared as if it were euros.
  @Test func euroFieldComparesWithEuroAmounts() throws {
    let csv = "name;csm;arr\nAcme;Ana;€1.250,50\nBeta;Ana;€2.000\nCedar;Tom;€30.000\n"
    let session = Session(
      book: try Loader.load(text: csv, name: "euros.csv").book, today: Fixtures.today)
    for amount in ["€1.5k", "1.5k", "1500", "\"1500 EUR\""] {
      #expect(
        Fixtures.column("name", of: try session.run("where arr > \(amount)")) == ["Beta", "Cedar"])
    }
    let error = #expect(throws: CommandError.self) { try session.run("where arr > $1.5k") }
    #expect(
      error?.message == "arr is in EUR, and $1.5k is in USD; review does not convert currencies")
    #expect(error?.hint == "write the amount in EUR, as in 50k or €50k")
  }

  /// Amounts that name no currency are read as dollars, and the error states it.
  @Test func plainAmountsRefuseOtherCurrencies() throws {
    let book = try Loader.load(text: "id,arr\n1,100\n2,2000\n", name: "plain.csv").book
    let session = Session(book: book, today: Fixtures.today)
    let error = #expect(throws: CommandError.self) { try session.run("where arr > €1000 count") }
    #expect(
      error?.message
        == "arr names no currency, so it is read as USD, and €1000 is in EUR; review does not convert currencies"
    )
    #expect(Fixtures.rows(of: try session.run("where arr > $1000 count")) == [["1", "2000"]])
  }

  /// The sample book's amounts are dollars, so a euro or pound amount is refused.
  @Test func dollarFieldRefusesOtherCurrencies() throws {
    let session = try Fixtures.session()
    for (amount, code) in [("€50k", "EUR"), ("\"£50k\"", "GBP")] {
      let error = #expect(throws: CommandError.self) {
        try session.run("where arr > \(amount) count")
      }
      #expect(
        error?.message
          == "arr is in USD, and \(amount) is in \(code); review does not convert currencies")
    }
    #expect(
      Fixtures.rows(of: try session.run("where arr > $50k count"))
        == Fixtures.rows(of: try session.run("where arr > 50000 count")))
  }

  /// The sample book's summary and renewals on a terminal 60 columns wide: measures and
  /// account names stay whole, and long headers wrap instead.
  @Test func sampleBookAtSixtyColumns() throws {
    let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
      .deletingLastPathComponent().deletingLastPathComponent()
      .appendingPathComponent("samples/accounts.csv").path
    let book = try Loader.load(paths: [path]).book
    let session = Session(book: book, today: Fixtures.today)
    let renderer = Renderer(format: .table, options: RenderOptions(terminalWidth: 60))
    func rendered(_ command: String) throws -> [String] {
      var text = ""
      for output in try session.run(command).outputs { renderer.render(output, to: &text) }
      return text.split(separator: "\n").map(String.init)
    }

    let summary = try rendered("summary")
    #expect(summary[0] == "measure               accounts          arr  percent  detail")
    #expect(summary[3] == "renewing in 90 days         54   $4,721,400     21.8")
    #expect(summary[4] == "renewing in 120 days        70   $7,624,900     28.2")
    #expect(summary.allSatisfy { DisplayWidth.of($0) <= 60 })

    let renewals = try rendered("segment renewals<120 where arr>50000")
    #expect(renewals[0] == "                                      renewal_    day…")
    #expect(renewals[1] == "name                csm          arr  date        ren…  hea…")
    #expect(renewals[3] == "Nimbus Analytics    Ana…    $225,500  2022-02-06     5  58.9")
    #expect(renewals.allSatisfy { DisplayWidth.of($0) <= 60 })
    // Only the longest account name loses a character; the others stay whole.
    let names = renewals[3..<(renewals.count - 1)].map { String($0.prefix(18)) }
    #expect(names.count == 27)
    #expect(names.filter { $0.contains("…") } == ["Meridian Outfitte…"])
  }
}
