import Foundation
import ReviewBook
import ReviewInterpreter
import ReviewJournal
import ReviewLoader
import Testing

/// Notes, actions, snapshots and minutes, with a journal in a fresh temporary folder.
@Suite("Journal commands")
struct JournalCommandTests {
  final class Folder {
    let path: String
    init() throws {
      path =
        FileManager.default.temporaryDirectory.appendingPathComponent(
          "review-journal-\(UUID().uuidString)"
        ).path
      try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }
    deinit { try? FileManager.default.removeItem(atPath: path) }
    var journal: String { path + "/journal.sqlite" }
  }

  static func session(
    _ folder: Folder, today: Day = Fixtures.today, csv: String = Fixtures.csv,
    review: String = "first"
  ) throws -> Session {
    let book = try Loader.load(text: csv, name: "fixture.csv").book
    let journal = try Journal(path: folder.journal)
    let session = Session(book: book, today: today, journal: journal, reviewID: review)
    try session.recordSnapshot()
    return session
  }

  static func notice(_ reply: Reply) -> String {
    guard case .notice(let text)? = reply.outputs.first else { return "" }
    return text
  }

  @Test func actionAddedWithItsParts() throws {
    let folder = try Folder()
    let session = try Self.session(folder)
    let reply = try session.run(
      "action add \"exec call before renewal\" for Acme Corp owner leader due in 14 days")
    #expect(
      Self.notice(reply)
        == "added action 1: exec call before renewal · Acme Corp · owner leader · due 2022-02-15")

    let list = try session.run("action list")
    #expect(
      Fixtures.columnNames(of: list) == ["id", "status", "due", "owner", "account", "action"])
    #expect(
      Fixtures.rows(of: list) == [
        ["1", "open", "2022-02-15", "leader", "Acme Corp", "exec call before renewal"]
      ])
  }

  /// Typographic quotes, as text pasted from a word processor or a chat has them, quote as
  /// plain ones do, and an apostrophe inside them stays in the text.
  @Test func typographicQuotesQuote() throws {
    let folder = try Folder()
    let session = try Self.session(folder)
    #expect(
      Self.notice(try session.run("note “Blue Harbor” “the client’s CFO is away”"))
        == "noted for Blue Harbor")
    #expect(
      Fixtures.rows(of: try session.run("notes ‘Blue Harbor’")) == [
        ["1", "2022-02-01", "Blue Harbor", "the client’s CFO is away"]
      ])
    #expect(
      Self.notice(try session.run("action add “call CFO” for “Acme Corp” due in 14 days"))
        == "added action 1: call CFO · Acme Corp · owner Maria Fell · due 2022-02-15")
    #expect(
      Fixtures.column("name", of: try session.run("where csm = “Maria Fell”"))
        == ["Acme Corp", "Blue Harbor"])
    let error = #expect(throws: CommandError.self) {
      try session.run("note “Blue Harbor” “never closed")
    }
    #expect(error?.message == "this quoted text is never closed")
    #expect(error?.hint == "end it with ”, or write the text in plain quotes (\")")
  }

  /// A note can be corrected or dropped by its number. A dropped note leaves lists, minutes
  /// and the ask walk, and a note of words such as "drop 3 seats" is still a note.
  @Test func notesAreEditedAndDropped() throws {
    let folder = try Folder()
    let session = try Self.session(folder)
    _ = try session.run("note \"Acme Corp\" \"budget frozen\"")
    _ = try session.run("note \"Blue Harbor\" \"filed under the wrong account\"")
    #expect(
      Self.notice(try session.run("note edit 1 budget frozen until Q3"))
        == "edited note 1 for Acme Corp: budget frozen until Q3")
    #expect(
      Self.notice(try session.run("note drop #2"))
        == "dropped note 2 for Blue Harbor: filed under the wrong account")
    #expect(
      Fixtures.rows(of: try session.run("notes")) == [
        ["1", "2022-02-01", "Acme Corp", "budget frozen until Q3"]
      ])
    let minutes = try session.run("minutes")
    guard case .text(let text)? = minutes.outputs.first else {
      Issue.record("minutes gave no text")
      return
    }
    #expect(text.contains("budget frozen until Q3"))
    #expect(!text.contains("wrong account"))
    #expect(Journal.check(path: folder.journal).description.contains(", 1 note, "))

    let error = #expect(throws: CommandError.self) { try session.run("note drop 2") }
    #expect(error?.message == "could not drop the note: note 2 not found")
    #expect(error?.hint == "list the notes to see their ids")
    // Words after the number make a note, not a drop.
    _ = try session.run("show Acme Corp")
    #expect(Self.notice(try session.run("note drop 3 seats")) == "noted for Acme Corp")
  }

  /// A number that is no note's, or none at all, after note drop or note edit is an error,
  /// not a note that reads "drop 0".
  @Test(arguments: [
    ("note drop 0", "expected a note's number after 'note drop', found '0'"),
    ("note drop -1", "expected a note's number after 'note drop', found '-1'"),
    ("note drop 1.5", "expected a note's number after 'note drop', found '1.5'"),
    ("note drop", "note drop needs the note's number"),
    ("note edit 3", "note edit needs the new text"),
  ])
  func invalidNoteNumberIsAnError(command: String, message: String) throws {
    let folder = try Folder()
    let session = try Self.session(folder)
    _ = try session.run("show Acme Corp")
    let error = #expect(throws: CommandError.self) { try session.run(command) }
    #expect(error?.message == message)
    #expect(Fixtures.rows(of: try session.run("notes")).isEmpty)
  }

  /// In a CSM's book, a note about another book's account is neither edited nor dropped.
  @Test func noteOutsideTheBookIsLeftAlone() throws {
    let folder = try Folder()
    let session = try Self.session(folder)
    _ = try session.run("note \"Cedar Labs\" \"Tom's account\"")
    _ = try session.run("book Maria Fell")
    let error = #expect(throws: CommandError.self) { try session.run("note drop 1") }
    #expect(error?.message == "note 1 is about Cedar Labs, which is outside Maria Fell's book")
    #expect(error?.hint == "book all lifts the scope")
    _ = try session.run("book all")
    #expect(Fixtures.rows(of: try session.run("notes")).count == 1)
  }

  /// A done action is not dropped, nor a dropped one marked done, without a reopen first,
  /// so that the review that closed it keeps it in its minutes.
  @Test func closedActionChangesOnlyThroughReopen() throws {
    let folder = try Folder()
    let session = try Self.session(folder)
    _ = try session.run("action add call the CFO for \"Cedar Labs\"")
    _ = try session.run("action add plan the QBR")
    _ = try session.run("action done 1")
    _ = try session.run("action drop 2")

    let drop = #expect(throws: CommandError.self) { try session.run("action drop 1") }
    #expect(drop?.message.hasPrefix("action 1 is done, not open: call the CFO") == true)
    #expect(drop?.hint == "to drop it instead, reopen it first with action reopen 1")
    let done = #expect(throws: CommandError.self) { try session.run("action done 2") }
    #expect(done?.message.hasPrefix("action 2 is dropped, not open: plan the QBR") == true)
    #expect(done?.hint == "to mark it done instead, reopen it first with action reopen 2")
    let rows = Fixtures.rows(of: try session.run("action list all"))
    #expect(rows.map { $0[1] } == ["done", "dropped"])

    _ = try session.run("action reopen 1")
    #expect(
      Self.notice(try session.run("action drop 1")).hasPrefix("action 1 dropped: call the CFO"))
  }

  /// In a CSM's book, an action about another book's account, or added in another book,
  /// is neither closed, reopened, edited nor dropped, and stays as it was.
  @Test(arguments: [
    "action done 1", "action drop 1", "action edit 1 due in 3 days", "action done 2",
  ])
  func actionOutsideTheBookIsLeftAlone(command: String) throws {
    let folder = try Folder()
    let session = try Self.session(folder)
    _ = try session.run("action add call the CFO for \"Cedar Labs\"")
    _ = try session.run("book Tom Ito")
    _ = try session.run("action add plan the QBR")
    _ = try session.run("book Maria Fell")
    let error = #expect(throws: CommandError.self) { try session.run(command) }
    let expected =
      command.hasSuffix("2")
      ? "action 2 was added in Tom Ito's book, which is outside Maria Fell's book"
      : "action 1 is about Cedar Labs, which is outside Maria Fell's book"
    #expect(error?.message == expected)
    #expect(error?.hint == "book all lifts the scope")
    _ = try session.run("book all")
    let rows = Fixtures.rows(of: try session.run("action list all"))
    #expect(rows.map { $0[1] } == ["open", "open"])
    #expect(rows.map { $0[2] } == ["", ""])
    // Inside the action's own book the change goes through.
    _ = try session.run("book Tom Ito")
    #expect(Self.notice(try session.run("action done 1")).hasPrefix("action 1 done: call the CFO"))
  }

  /// Action lists number their rows, and `#3` names action 3 as `3` does.
  @Test func actionNumberWithHash() throws {
    let folder = try Folder()
    let session = try Self.session(folder)
    _ = try session.run("action add call the CFO for \"Cedar Labs\"")
    _ = try session.run("action add plan the QBR for \"Cedar Labs\"")
    #expect(Self.notice(try session.run("action done #2 # ran long")).hasPrefix("action 2 done"))
    #expect(Self.notice(try session.run("action drop #1")).hasPrefix("action 1 dropped"))
    #expect(Self.notice(try session.run("action reopen #1")).hasPrefix("action 1 reopened"))
    let rows = Fixtures.rows(of: try session.run("action list all"))
    #expect(rows.map { $0[1] } == ["open", "done"])
  }

  /// An owner one letter away from a CSM is likely a typo, so the reply names the CSM and
  /// the edit that fixes it, also once an earlier action has that owner.
  @Test func ownerCloseToACSMGetsASuggestion() throws {
    let folder = try Folder()
    let session = try Self.session(folder)
    for id in 1...2 {
      let reply = Self.notice(
        try session.run("action add \"plan the QBR\" for \"Acme Corp\" owner Mario Fell"))
      #expect(
        reply
          == "added action \(id): plan the QBR · Acme Corp · owner Mario Fell (no CSM of the book is called Mario Fell; did you mean Maria Fell? action edit \(id) owner \"Maria Fell\" changes it)"
      )
    }
    let edited = Self.notice(try session.run("action edit 1 owner Tom Itoo"))
    #expect(edited.hasSuffix("did you mean Tom Ito? action edit 1 owner \"Tom Ito\" changes it)"))
  }

  /// A due date the calendar lacks gets the forms a due date takes, not days ago.
  @Test func impossibleDueDateNamesDueForms() throws {
    let folder = try Folder()
    let session = try Self.session(folder)
    let error = #expect(throws: CommandError.self) {
      try session.run("action add call for \"Acme Corp\" due 2022-02-30")
    }
    #expect(error?.message == "2022-02-30 is not a date")
    #expect(
      error?.hint
        == "write due 2022-03-01, due \"May 1, 2022\", due in 14 days, due tomorrow or due friday")
  }

  @Test func ownerThatReadsAsTextIsChecked() throws {
    let folder = try Folder()
    let session = try Self.session(folder)

    // A word about when is no person, so the text was cut short.
    do {
      _ = try session.run("action add call the owner today for \"Acme Corp\"")
      Issue.record("owner today was accepted")
    } catch {
      #expect(error.message == "'today' after owner is not a person")
      #expect(
        error.hint
          == "owner takes leader, csm or a person's name; if 'owner today' is part of the text, quote the text: action add \"call the owner today\" for \"Acme Corp\""
      )
    }

    // A name that no CSM or action has yet may be a new person, so the action is added
    // with a note.
    let first = Self.notice(try session.run("action add ping the owner Kim for \"Acme Corp\""))
    #expect(
      first
        == "added action 1: ping the · Acme Corp · owner Kim (no CSM of the book and no earlier action has the owner Kim; if 'owner Kim' is part of the text, quote the text: action add \"ping the owner Kim\" for \"Acme Corp\")"
    )
    // Once an action has that owner, or the owner is a CSM, there is no note.
    let second = Self.notice(try session.run("action add send notes owner kim"))
    #expect(second == "added action 2: send notes · no account · owner kim")
    let csm = Self.notice(try session.run("action add plan QBR owner tom ito"))
    #expect(csm == "added action 3: plan QBR · no account · owner Tom Ito")
    // An owner after another clause, or after quoted text, is a clause.
    let afterFor = Self.notice(try session.run("action add recap for \"Acme Corp\" owner Dana"))
    #expect(afterFor == "added action 4: recap · Acme Corp · owner Dana")
    let quoted = Self.notice(try session.run("action add \"offsite\" owner today"))
    #expect(quoted == "added action 5: offsite · no account · owner today")
  }

  @Test func topActionsWithNoneOpen() throws {
    let folder = try Folder()
    let session = try Self.session(folder)
    let top = try session.run("action top")
    #expect(Fixtures.rendered(top) == "no open actions\n")
    #expect(
      Fixtures.rendered(top, format: .csv) == "for,id,status,due,account,action\r\n")

    // Without a journal, the line in a document gives the reason it lists no actions.
    let book = try Loader.load(text: Fixtures.csv, name: "fixture.csv").book
    let withoutJournal = Session(book: book, today: Fixtures.today)
    let none = try withoutJournal.run("action top")
    #expect(Fixtures.rendered(none).hasPrefix("no actions: no journal in this session\n"))
    // A segment that compares snapshots names the snapshots it needs.
    do {
      _ = try withoutJournal.run("segment red>30")
      Issue.record("red>30 ran without a journal")
    } catch {
      #expect(
        error.message == "red compares with earlier snapshots, and this session has no journal")
      #expect(
        error.hint
          == "start review without --no-journal, so that each load records a snapshot to compare with"
      )
    }
  }

  @Test func editMovesDefaultOwner() throws {
    let folder = try Folder()
    let session = try Self.session(folder)
    _ = try session.run("action add \"call the CFO\" for Acme Corp")
    let moved = try session.run("action edit 1 for Cedar Labs")
    #expect(
      Self.notice(moved) == "action 1 is now: call the CFO · Cedar Labs · owner Tom Ito")

    let unfiled = try session.run("action edit 1 for none")
    #expect(
      Self.notice(unfiled)
        == "action 1 is now: call the CFO · no account · owner leader (no account or book names a CSM, so the leader owns it; owner NAME names another)"
    )
  }

  @Test func editKeepsNamedOwner() throws {
    let folder = try Folder()
    let session = try Self.session(folder)
    _ = try session.run("action add \"exec call\" for Acme Corp owner leader")
    _ = try session.run("action add \"usage review\" for Acme Corp owner Priya Raman")
    let first = try session.run("action edit 1 for Cedar Labs")
    #expect(Self.notice(first) == "action 1 is now: exec call · Cedar Labs · owner leader")
    let second = try session.run("action edit 2 for Cedar Labs")
    #expect(
      Self.notice(second) == "action 2 is now: usage review · Cedar Labs · owner Priya Raman")
  }

  @Test func editMovesScopedDefaultOwner() throws {
    let folder = try Folder()
    let session = try Self.session(folder)
    _ = try session.run("book Maria Fell")
    _ = try session.run("action add \"plan the QBR\"")
    _ = try session.run("book all")
    let moved = try session.run("action edit 1 for Müller & Söhne")
    #expect(
      Self.notice(moved) == "action 1 is now: plan the QBR · Müller & Söhne · owner Ana Sousa")
  }

  @Test func ownerAndAccountDefaults() throws {
    let folder = try Folder()
    let session = try Self.session(folder)
    _ = try session.run("show Müller & Söhne")
    // The account in focus, and its CSM as the owner.
    #expect(
      Self.notice(try session.run("action add send the QBR deck"))
        == "added action 1: send the QBR deck · Müller & Söhne · owner Ana Sousa")
    #expect(
      Self.notice(
        try session.run("action add \"check usage\" for Cedar Labs owner csm due 2022-03-01"))
        == "added action 2: check usage · Cedar Labs · owner Tom Ito · due 2022-03-01")
    _ = try session.run("book Priya Raman")
    #expect(
      Self.notice(try session.run("action add \"plan the offsite\" owner csm")).hasSuffix(
        "owner Priya Raman"))
    #expect(
      Self.notice(try session.run("action add \"hire a CSM\" owner \"Dana Whitlock\" due tomorrow"))
        .hasSuffix("owner Dana Whitlock · due 2022-02-02"))
  }

  @Test func pastDueDateSaysOverdue() throws {
    let folder = try Folder()
    let session = try Self.session(folder)
    #expect(
      Self.notice(try session.run("action add \"call\" for A2 due 2022-01-30"))
        == "added action 1: call · Blue Harbor · owner Maria Fell · due 2022-01-30 (the due date is 2 days before today, so the action is overdue)"
    )
    #expect(
      Self.notice(try session.run("action edit 1 due yesterday"))
        == "action 1 is now: call · Blue Harbor · owner Maria Fell · due 2022-01-31 (the due date is 1 day before today, so the action is overdue)"
    )
    #expect(
      Self.notice(try session.run("action edit 1 due today"))
        == "action 1 is now: call · Blue Harbor · owner Maria Fell · due 2022-02-01")
  }

  @Test func closedActionIsNotOverdue() throws {
    let folder = try Folder()
    let session = try Self.session(folder)
    _ = try session.run("action add \"call\" for A2")
    _ = try session.run("action done 1")
    #expect(
      Self.notice(try session.run("action edit 1 due 2022-01-01"))
        == "action 1 is now: call · Blue Harbor · owner Maria Fell · due 2022-01-01")
  }

  @Test(arguments: [
    ("2022/02/05", "2022-02-05"), ("13/02/2022", "2022-02-13"), ("weds", "2022-02-02"),
  ])
  func dueInOtherForms(written: String, due: String) throws {
    let folder = try Folder()
    let session = try Self.session(folder)
    #expect(
      Self.notice(try session.run("action add \"call\" for A2 due \(written)"))
        == "added action 1: call · Blue Harbor · owner Maria Fell · due \(due)")
  }

  @Test func showRowOfEmptyActionList() throws {
    let folder = try Folder()
    let session = try Self.session(folder)
    _ = try session.run("action list done")
    #expect(Self.failure(of: "show 1", in: session)?.message == "the last action list has no rows")
  }

  /// Today in the fixture, 2022-02-01, is a Tuesday.
  @Test(arguments: [
    ("friday", "2022-02-04"), ("Fri", "2022-02-04"), ("monday", "2022-02-07"),
    ("TUESDAY", "2022-02-08"), ("wed", "2022-02-02"),
  ])
  func dueOnDayOfTheWeek(word: String, due: String) throws {
    let folder = try Folder()
    let session = try Self.session(folder)
    #expect(
      Self.notice(try session.run("action add \"send the deck\" for A2 due \(word)"))
        == "added action 1: send the deck · Blue Harbor · owner Maria Fell · due \(due)")
    #expect(
      Self.notice(try session.run("action edit 1 due \(word)"))
        == "action 1 is now: send the deck · Blue Harbor · owner Maria Fell · due \(due)")
  }

  @Test func actionForAccountKeepsFocus() throws {
    let folder = try Folder()
    let session = try Self.session(folder)
    _ = try session.run("show Müller & Söhne")
    #expect(
      Self.notice(try session.run("action add \"exec call\" for \"Blue Harbor\" owner leader"))
        == "added action 1: exec call · Blue Harbor · owner leader")
    // Müller & Söhne is the seventh row of the fixture.
    #expect(session.focus == 6)
    #expect(
      Self.notice(try session.run("action add \"team lunch\" owner \"Bob Smith\""))
        == "added action 2: team lunch · Müller & Söhne · owner Bob Smith")
  }

  @Test func actionWithoutAccount() throws {
    let folder = try Folder()
    let session = try Self.session(folder)
    #expect(
      Self.notice(try session.run("action add \"team lunch\" owner \"Bob Smith\""))
        == "added action 1: team lunch · no account · owner Bob Smith")
    _ = try session.run("show Acme Corp")
    #expect(
      Self.notice(try session.run("action add \"hire a CSM\" for none owner leader due 2022-03-01"))
        == "added action 2: hire a CSM · no account · owner leader · due 2022-03-01")
    // With no account and no book in scope, no CSM can own it, so the leader does.
    #expect(
      Self.notice(try session.run("action add plan the offsite for NONE"))
        == "added action 3: plan the offsite · no account · owner leader (no account or book names a CSM, so the leader owns it; owner NAME names another)"
    )
    #expect(
      Self.notice(try session.run("action add \"call the CFO\""))
        == "added action 4: call the CFO · Acme Corp · owner Maria Fell")
    do {
      _ = try session.run("action add \"call them\" for \"none\"")
      Issue.record("a quoted none did not name an account")
    } catch {
      #expect(error.message == "no account named 'none'")
      #expect(error.range?.column == 28)
    }
    #expect(
      Fixtures.rows(of: try session.run("action list")) == [
        ["1", "open", "", "Bob Smith", "", "team lunch"],
        ["2", "open", "2022-03-01", "leader", "", "hire a CSM"],
        ["3", "open", "", "leader", "", "plan the offsite"],
        ["4", "open", "", "Maria Fell", "Acme Corp", "call the CFO"],
      ])
    do {
      _ = try session.run("action add \"call them\" for none owner csm")
      Issue.record("owner csm without an account or a book did not fail")
    } catch {
      #expect(error.message == "owner csm needs an account or a book to tell whose CSM")
    }
  }

  /// The name on the card that `show N` returns, or nil when it returns no card.
  static func shownName(_ reply: Reply) -> String? {
    guard case .record(let table)? = reply.outputs.first,
      let column = table.columns.firstIndex(where: { $0.name == "name" }),
      case .text(let name) = table.value(row: 0, column: column)
    else { return nil }
    return name
  }

  static func failure(of command: String, in session: Session) -> CommandError? {
    do {
      _ = try session.run(command)
      return nil
    } catch {
      return error
    }
  }

  @Test func showRowOfActionList() throws {
    let folder = try Folder()
    let session = try Self.session(folder)
    _ = try session.run("action add \"exec call\" for \"Cedar Labs\" owner leader")
    _ = try session.run("action add \"team lunch\" for none owner \"Bob Smith\"")
    _ = try session.run("action add \"send deck\" for A7 owner leader due 2022-02-03")
    _ = try session.run("segment red")
    _ = try session.run("action list")
    #expect(Self.shownName(try session.run("show 1")) == "Cedar Labs")
    #expect(Self.shownName(try session.run("show 3")) == "Müller & Söhne")
    // The card sets the focus, so a note goes to the account shown.
    #expect(session.focus == 6)
    let none = Self.failure(of: "show 2", in: session)
    #expect(none?.message == "row 2 of the last action list names no account")
    #expect(none?.range?.column == 6)
    #expect(
      Self.failure(of: "show 4", in: session)?.message
        == "the last action list has 3 rows; there is no row 4")

    // action top lists the leader's actions first, the most urgent (due soonest) first.
    _ = try session.run("action top")
    #expect(Self.shownName(try session.run("show 1")) == "Müller & Söhne")
    #expect(Self.shownName(try session.run("show 2")) == "Cedar Labs")

    // A query afterwards brings back its own rows.
    _ = try session.run("where status = red")
    #expect(Self.shownName(try session.run("show 2")) == "Delta Foods")
  }

  @Test func showRowOfActionForDepartedAccount() throws {
    let folder = try Folder()
    let session = try Self.session(folder)
    _ = try session.run("action add \"exec call\" for \"Cedar Labs\" owner leader")
    let smaller = Fixtures.csv.split(separator: "\n").filter { !$0.hasPrefix("A3,") }
      .joined(separator: "\n")
    let later = try Self.session(folder, csv: smaller, review: "second")
    _ = try later.run("action list")
    let error = Self.failure(of: "show 1", in: later)
    #expect(error?.message == "Cedar Labs, the account of row 1, is no longer in the book")
    #expect(
      error?.hint == "its actions and notes stay in the journal; load a book that has it to see it")
  }

  @Test func showRowOfChanges() throws {
    let folder = try Folder()
    _ = try Self.session(folder, csv: Self.changesBefore)
    let later = try Self.session(
      folder, today: Day(year: 2022, month: 3, day: 1)!, csv: Self.changesAfter,
      review: "second")
    _ = try later.run("changes")
    // The rows of changesInOrderOfKind: Churned Now, Passed Big, ..., Gone Co sixth.
    #expect(Self.shownName(try later.run("show 1")) == "Churned Now")
    #expect(Self.shownName(try later.run("show 4")) == "Turned Red")
    #expect(Self.shownName(try later.run("show 15")) == "Got Better")
    #expect(
      Self.failure(of: "show 6", in: later)?.message
        == "Gone Co, the account of row 6, is no longer in the book")
    #expect(
      Self.failure(of: "show 16", in: later)?.message
        == "the last list of changes has 15 rows; there is no row 16")
  }

  @Test func actionOfAccountWithoutCSMGoesToLeader() throws {
    let folder = try Folder()
    let csv = "id,name\nA1,Acme Corp\n"
    let session = try Self.session(folder, csv: csv)

    #expect(
      Self.notice(try session.run("action add \"call the CFO\" for Acme Corp"))
        == "added action 1: call the CFO · Acme Corp · owner leader (Acme Corp has no CSM in the book, so the leader owns it; owner NAME names another)"
    )
  }

  /// Unscoped, owner csm lists the actions that the CSM of their account owns, and those
  /// stored with the word csm as their owner.
  @Test func actionListByAccountCSM() throws {
    let folder = try Folder()
    let session = try Self.session(folder)
    _ = try session.run("action add \"call the CFO\" for Acme Corp")
    _ = try session.run("action add \"exec call\" for Acme Corp owner leader")
    _ = try session.run("action add \"check usage\" for Cedar Labs owner \"Maria Fell\"")
    _ = try #require(session.journal).addAction(
      text: "stored with the role", account: nil, owner: "csm", due: nil, book: "all",
      review: "earlier", on: Fixtures.today)

    #expect(
      Fixtures.rows(of: try session.run("action list owner csm")) == [
        ["1", "open", "", "Maria Fell", "Acme Corp", "call the CFO"],
        ["4", "open", "", "csm", "", "stored with the role"],
      ])
    _ = try session.run("book Tom Ito")
    _ = try session.run("action add \"team lunch\" owner csm")
    #expect(
      Fixtures.rows(of: try session.run("action list owner csm")) == [
        ["5", "open", "", "Tom Ito", "", "team lunch"]
      ])
  }

  /// A failure of the journal itself is noted for the exit status, and a request that the
  /// journal rejects is not.
  @Test func journalFailuresAreNoted() throws {
    let folder = try Folder()
    let session = try Self.session(folder)
    #expect(throws: CommandError.self) { try session.run("action done 99") }
    #expect(!session.journalFailed)

    let book = try Loader.load(text: Fixtures.csv, name: "fixture.csv").book
    let readOnly = Session(
      book: book, today: Fixtures.today,
      journal: try Journal(path: folder.journal, access: .readOnly))
    #expect(throws: CommandError.self) { try readOnly.run("note Acme Corp \"x\"") }
    #expect(readOnly.journalFailed)

    let unavailable = Session(book: book, today: Fixtures.today)
    unavailable.noJournalReason = "journal.sqlite cannot be used: the journal is corrupt"
    #expect(throws: CommandError.self) { try unavailable.run("action list") }
    #expect(unavailable.journalFailed)

    // Without a journal on purpose, writing fails and listing finds nothing.
    let withoutJournal = Session(book: book, today: Fixtures.today)
    #expect(throws: CommandError.self) { try withoutJournal.run("action add \"call\" for A1") }
    #expect(throws: CommandError.self) { try withoutJournal.run("note A1 \"x\"") }
    #expect(!withoutJournal.journalFailed)
    let reason = "this session runs without a journal, so it keeps no notes or actions"
    for command in ["action list", "action top", "notes"] {
      let reply = try withoutJournal.run(command)
      #expect(Fixtures.rows(of: reply).isEmpty, "\(command)")
      guard reply.outputs.count == 2, case .notice(let notice) = reply.outputs[1] else {
        Issue.record("\(command) gave no notice of the missing journal")
        continue
      }
      #expect(notice == reason)
    }
    #expect(!withoutJournal.journalFailed)
  }

  @Test func unquotedTextBeforeUnknownAccount() throws {
    let folder = try Folder()
    let session = try Self.session(folder)
    do {
      _ = try session.run("action add prepare for renewal owner leader")
      Issue.record("an unknown account was accepted")
    } catch {
      #expect(error.message == "no account named 'renewal'")
      #expect(error.range?.column == 24)
      #expect(
        error.hint
          == "list accounts with segment all, or search with where name ~ text; if 'for renewal' is part of the text, quote the text: action add \"prepare for renewal\" owner leader"
      )
    }
    do {
      _ = try session.run("action edit 1 plan for the year")
      Issue.record("an unknown account was accepted")
    } catch {
      #expect(
        error.hint
          == "list accounts with segment all, or search with where name ~ text; if 'for the year' is part of the text, quote the text: action edit 1 \"plan for the year\""
      )
    }
    // With the text quoted, the account's name is the only thing that can be wrong.
    do {
      _ = try session.run("action add \"prepare\" for renewal")
      Issue.record("an unknown account was accepted")
    } catch {
      #expect(error.hint == "list accounts with segment all, or search with where name ~ text")
    }
    #expect(
      Self.notice(try session.run("action add \"prepare for renewal\" owner leader"))
        == "added action 1: prepare for renewal · no account · owner leader")
  }

  @Test func actionEditChangesAccount() throws {
    let folder = try Folder()
    let session = try Self.session(folder)
    _ = try session.run("action add \"exec call\" for Acme Corp owner leader")
    _ = try session.run("action add \"usage review\" for Blue Harbor")
    #expect(
      Self.notice(try session.run("action edit 1 for none"))
        == "action 1 is now: exec call · no account · owner leader")
    // owner csm means the CSM of the account named in the same edit.
    #expect(
      Self.notice(try session.run("action edit 2 for Cedar Labs owner csm"))
        == "action 2 is now: usage review · Cedar Labs · owner Tom Ito")
    #expect(
      Self.notice(try session.run("action edit 1 for Ember Media"))
        == "action 1 is now: exec call · Ember Media · owner leader")
    #expect(
      Fixtures.rows(of: try session.run("action list")) == [
        ["1", "open", "", "leader", "Ember Media", "exec call"],
        ["2", "open", "", "Tom Ito", "Cedar Labs", "usage review"],
      ])
    #expect(Fixtures.column("id", of: try session.run("action list for Cedar Labs")) == ["2"])
    #expect(Fixtures.column("id", of: try session.run("action list for Acme Corp")) == [])
    #expect(session.focus == nil)
  }

  @Test func actionsCloseReopenEditDrop() throws {
    let folder = try Folder()
    let session = try Self.session(folder)
    _ = try session.run("action add \"call the CFO\" for Acme Corp due 2022-01-25")
    _ = try session.run("action add \"renewal plan\" for Ember Media owner leader")
    #expect(
      Fixtures.column("status", of: try session.run("action list all")) == ["overdue", "open"])
    #expect(Fixtures.column("id", of: try session.run("action list overdue")) == ["1"])

    #expect(Self.notice(try session.run("action done 1")).hasPrefix("action 1 done: call the CFO"))
    #expect(Fixtures.column("id", of: try session.run("action list")) == ["2"])
    #expect(Fixtures.column("id", of: try session.run("action list done")) == ["1"])
    _ = try session.run("action reopen 1")
    #expect(Fixtures.column("id", of: try session.run("action list open")) == ["1", "2"])
    _ = try session.run("action edit 2 \"renewal plan with legal\" due 2022-02-20")
    #expect(
      Fixtures.rows(of: try session.run("action list for Ember Media")) == [
        ["2", "open", "2022-02-20", "leader", "Ember Media", "renewal plan with legal"]
      ])
    _ = try session.run("action edit 2 due none")
    #expect(Fixtures.column("due", of: try session.run("action list owner leader")) == [""])
    _ = try session.run("action drop 2")
    #expect(Fixtures.column("id", of: try session.run("action list dropped")) == ["2"])
    #expect(Fixtures.column("id", of: try session.run("action list owner leader")) == [])

    do {
      _ = try session.run("action done 9")
      Issue.record("closing a missing action did not fail")
    } catch {
      #expect(error.message == "there is no action 9")
      #expect(error.range?.column == 13)
    }
  }

  @Test func topActionsMostUrgentFirst() throws {
    let folder = try Folder()
    let session = try Self.session(folder)
    _ = try session.run("action add \"later, small\" for Delta Foods due 2022-03-01")
    _ = try session.run("action add \"no date, big\" for Ember Media")
    _ = try session.run("action add \"overdue a week\" for Cedar Labs due 2022-01-25")
    _ = try session.run("action add \"overdue a day\" for Acme Corp due 2022-01-31")
    _ = try session.run("action add \"soon, big\" for Ember Media due 2022-02-05")
    _ = try session.run("action add \"soon, small\" for Delta Foods due 2022-02-05")
    _ = try session.run("action add \"leader, overdue\" for Acme Corp owner leader due 2022-01-30")
    _ = try session.run("action add \"leader, no date\" owner leader")
    let top = try session.run("action top")
    // The leader's actions first, then each owner's, owners in the order of their most
    // urgent action: overdue, then due soon, then later, then undated; ARR breaks ties.
    #expect(
      Fixtures.column("action", of: top) == [
        "leader, overdue", "leader, no date", "overdue a week", "soon, small", "later, small",
        "overdue a day", "soon, big", "no date, big",
      ])
    #expect(
      Fixtures.column("for", of: top) == [
        "leader", "leader", "Tom Ito", "Tom Ito", "Tom Ito", "Maria Fell", "Priya Raman",
        "Priya Raman",
      ])
  }

  @Test func topActionsTiesAndCap() throws {
    let folder = try Folder()
    let session = try Self.session(folder)
    // ARR at stake: Ember Media $300,000, Acme Corp $120,000, Blue Harbor $45,000, Delta
    // Foods $15,000; Falcon Bank has none.
    for command in [
      "action add \"undated small\" for Delta Foods owner leader",
      "action add \"undated, no account\" for none owner leader",
      "action add \"undated big\" for Ember Media owner leader",
      "action add \"feb 10 small\" for Blue Harbor owner leader due 2022-02-10",
      "action add \"feb 10 big\" for Acme Corp owner leader due 2022-02-10",
      "action add \"overdue, no arr\" for Falcon Bank owner leader due 2022-01-20",
      "action add \"mar 1\" for Cedar Labs owner leader due 2022-03-01",
      "action add \"overdue small\" for Blue Harbor due 2022-01-25",
      "action add \"overdue big\" for Acme Corp due 2022-01-25",
      "action add \"undated small\" for Blue Harbor",
      "action add \"undated big\" for Acme Corp",
      "action add \"same day, first\" for Acme Corp owner Ana Sousa due 2022-02-15",
      "action add \"same day, second\" for Acme Corp owner Ana Sousa due 2022-02-15",
      "action add \"team lunch\" for none owner \"Bob Smith\"",
    ] {
      _ = try session.run(command)
    }
    let top = try session.run("action top")
    // The leader's seven open actions are cut to the five most urgent: overdue, then by
    // due date with the larger ARR first on the same day, then undated by ARR.
    #expect(
      Fixtures.column("id", of: top) == [
        "6", "5", "4", "7", "3",
        "9", "8", "11", "10",
        "12", "13",
        "14",
      ])
    #expect(
      Fixtures.column("for", of: top) == [
        "leader", "leader", "leader", "leader", "leader",
        "Maria Fell", "Maria Fell", "Maria Fell", "Maria Fell",
        "Ana Sousa", "Ana Sousa",
        "Bob Smith",
      ])
    #expect(
      Fixtures.rendered(top).hasSuffix(
        "the most urgent of 14 open actions, up to 5 for each of 4 owners\n"))

    // Closing one of the five brings the sixth in.
    _ = try session.run("action done 6")
    #expect(
      Fixtures.column("id", of: try session.run("action top")).prefix(5) == [
        "5", "4", "7", "3", "1",
      ])
  }

  @Test func actionsCarryIntoNextSession() throws {
    let folder = try Folder()
    do {
      let first = try Self.session(folder)
      _ = try first.run("action add \"call the CFO\" for Acme Corp due 2022-02-10")
      _ = try first.run("action add \"send a survey\" for Blue Harbor due 2022-03-10")
      _ = try first.run("note Acme Corp \"new champion is the CFO\"")
    }
    let second = try Self.session(
      folder, today: Day(year: 2022, month: 2, day: 20)!, review: "second")
    #expect(
      second.openActionsSummary()
        == "2 open actions from earlier reviews, 1 overdue (action list shows them)")
    #expect(Fixtures.column("status", of: try second.run("action list")) == ["overdue", "open"])
    let notes = try second.run("notes Acme Corp")
    #expect(
      Fixtures.rows(of: notes) == [["1", "2022-02-01", "Acme Corp", "new champion is the CFO"]])
  }

  @Test func notesForFocusedAndNamedAccounts() throws {
    let folder = try Folder()
    let session = try Self.session(folder)
    #expect(throws: CommandError.self) { try session.run("note \"who is this about\"") }
    _ = try session.run("show 株式会社テスト")
    #expect(Self.notice(try session.run("note \"renewal already past\"")) == "noted for 株式会社テスト")
    #expect(
      Self.notice(try session.run("note Blue Harbor \"onboarding on track\""))
        == "noted for Blue Harbor")
    // Naming an account does not move the focus.
    #expect(
      Self.notice(try session.run("note plain words about the focus")) == "noted for 株式会社テスト")
    #expect(
      Fixtures.column("note", of: try session.run("notes")) == [
        "renewal already past", "onboarding on track", "plain words about the focus",
      ])
    #expect(
      Fixtures.column("note", of: try session.run("notes Blue Harbor")) == ["onboarding on track"])
    #expect(
      Fixtures.column("note", of: try session.run("notes 株式会社テスト")) == [
        "renewal already past", "plain words about the focus",
      ])
  }

  @Test func noteForAccountKeepsFocus() throws {
    let folder = try Folder()
    let session = try Self.session(folder)
    _ = try session.run("show Müller & Söhne")
    #expect(
      Self.notice(try session.run("note \"Blue Harbor\" \"asked for SSO\""))
        == "noted for Blue Harbor")
    #expect(session.focus == 6)
    #expect(
      Self.notice(try session.run("action add send the SSO plan"))
        == "added action 1: send the SSO plan · Müller & Söhne · owner Ana Sousa")
    // Without an account in focus, naming one in a note does not put it there.
    let fresh = try Self.session(folder, review: "second")
    _ = try fresh.run("note Acme Corp \"call back\"")
    #expect(fresh.focus == nil)
    #expect(
      Self.notice(try fresh.run("action add \"team lunch\" owner leader"))
        == "added action 2: team lunch · no account · owner leader")
  }

  /// The fixture a month later: Blue Harbor fell to red, Müller & Söhne rose to green,
  /// Acme Corp's ARR grew, Cedar Labs entered the renewal window.
  static let laterCSV = Fixtures.csv
    .replacingOccurrences(
      of: "A2,Blue Harbor,Maria Fell,\"$45,000\",2022-04-15,72,Green",
      with: "A2,Blue Harbor,Maria Fell,\"$45,000\",2022-04-15,35,Red"
    )
    .replacingOccurrences(
      of: "A7,Müller & Söhne,Ana Sousa,\"$60,000\",2022-03-15,45,Yellow",
      with: "A7,Müller & Söhne,Ana Sousa,\"$60,000\",2022-03-15,85,Green"
    )
    .replacingOccurrences(
      of: "A1,Acme Corp,Maria Fell,\"$120,000\"", with: "A1,Acme Corp,Maria Fell,\"$150,000\""
    )
    .replacingOccurrences(
      of: "A3,Cedar Labs,Tom Ito,\"$80,000\",2022-07-30",
      with: "A3,Cedar Labs,Tom Ito,\"$80,000\",2022-06-20")

  /// Returns the rows of a list of changes without its arr column.
  static func changeRows(of reply: Reply) -> [[String]] {
    Fixtures.rows(of: reply).map { row in row.enumerated().filter { $0.offset != 1 }.map(\.element)
    }
  }

  @Test func changesSincePreviousSnapshot() throws {
    let folder = try Folder()
    _ = try Self.session(folder)
    let later = try Self.session(
      folder, today: Day(year: 2022, month: 3, day: 1)!, csv: Self.laterCSV, review: "second")
    let reply = try later.run("changes")
    // Each change shows the account's ARR at stake, by which rows of one kind are ordered.
    #expect(
      Fixtures.column("arr", of: reply) == ["45000", "45000", "80000", "150000", "60000", "60000"])
    let rows = Self.changeRows(of: reply)
    #expect(
      rows == [
        ["Blue Harbor", "status", "green", "red"],
        ["Blue Harbor", "health fell below 40", "72", "35"],
        ["Cedar Labs", "entered the 120-day renewal window", "179 days", "111 days"],
        ["Acme Corp", "arr", "120000", "150000"],
        ["Müller & Söhne", "health rose to 80 or above", "45", "85"],
        ["Müller & Söhne", "status", "yellow", "green"],
      ])
    #expect(Fixtures.column("name", of: try later.run("segment newly red")) == ["Blue Harbor"])
    #expect(Fixtures.column("name", of: try later.run("segment improved")) == ["Müller & Söhne"])
    #expect(Fixtures.column("name", of: try later.run("segment dropped")) == ["Blue Harbor"])
    #expect(Fixtures.column("name", of: try later.run("segment rose")) == ["Müller & Söhne"])
    #expect(Fixtures.column("name", of: try later.run("segment rose>50")) == ["Müller & Söhne"])
    #expect(
      Fixtures.column("name", of: try later.run("where newly red or newly green")) == [
        "Blue Harbor", "Müller & Söhne",
      ])
  }

  @Test func newlyRedLeavesOutChurned() throws {
    let folder = try Folder()
    // Delta Foods, churned, was yellow at the first snapshot and is red at the second.
    let before = Fixtures.csv.replacingOccurrences(
      of: "2022-02-20,20,Red", with: "2022-02-20,20,Yellow")
    _ = try Self.session(folder, csv: before)
    let later = try Self.session(
      folder, today: Day(year: 2022, month: 3, day: 1)!, csv: Self.laterCSV, review: "second")
    #expect(Fixtures.column("name", of: try later.run("segment newly red")) == ["Blue Harbor"])
    #expect(
      Fixtures.column("name", of: try later.run("where status = red and churned")) == [
        "Delta Foods"
      ])
    let explained = Fixtures.rendered(try later.run("explain newly red"))
    #expect(
      explained.hasPrefix("newly red: red now, not red at the previous snapshot, not churned\n"))
    #expect(
      explained.contains(
        "  status = red now, and a status other than red at the previous snapshot, and not churned\n"
      ))
  }

  /// One day between two snapshots: a count of one day reads "1 day", not "1 days".
  @Test func changesCountOneDay() throws {
    let folder = try Folder()
    let csv = """
      id,name,health,status,renewal_date,arr
      A1,Acme Corp,50,yellow,2022-02-01,1000
      A2,Beta,50,yellow,2022-06-01,2000

      """
    _ = try Self.session(folder, today: Day(year: 2022, month: 1, day: 31)!, csv: csv)
    let later = try Self.session(
      folder, today: Day(year: 2022, month: 2, day: 2)!, csv: csv, review: "second")

    #expect(
      Self.changeRows(of: try later.run("changes")) == [
        ["Acme Corp", "renewal date passed, not renewed", "1 day", "1 day ago"],
        ["Beta", "entered the 120-day renewal window", "121 days", "119 days"],
      ])
    let held = try later.run("explain red>1")
    guard case .text(let explanation)? = held.outputs.first else {
      Issue.record("explain gave no text: \(held.outputs)")
      return
    }
    #expect(explanation.contains("red>1: status red for more than 1 day\n"))
    #expect(explanation.contains("  back to one taken more than 1 day before today\n"))
    let dropped = try later.run("explain dropped>1")
    guard case .text(let droppedExplanation)? = dropped.outputs.first else {
      Issue.record("explain gave no text: \(dropped.outputs)")
      return
    }
    #expect(droppedExplanation.contains("  health now more than 1 point below its value at"))
  }

  /// A book on 2022-02-01 and on 2022-03-01 with one or more changes of each kind.
  static let changesBefore = """
    id,name,arr,renewal_date,health,status,stage,churn_date,renewed_date
    P2,Passed Small,"$20,000",2022-02-01,60,Yellow,Active,,
    P1,Passed Big,"$200,000",2022-02-15,60,Yellow,Active,,
    P3,Renewed On Time,"$90,000",2022-02-10,60,Yellow,Active,,
    P4,Churned Now,"$50,000",2022-02-20,60,Yellow,Active,,
    P5,Passed Before,"$70,000",2022-01-20,60,Yellow,Active,,
    P6,Entering Window,"$30,000",2022-06-10,60,Yellow,Active,,
    P7,Turned Red,"$10,000",2022-12-01,70,Yellow,Active,,
    P8,Got Better,"$500,000",2022-12-01,35,Red,Active,,
    P9,Slipping,"$40,000",2022-12-01,75,Yellow,Active,,
    P10,Gone Co,"$5,000",2022-12-01,90,Green,Active,,
    P12,Pushed Out,"$25,000",2022-03-20,60,Yellow,Active,,

    """

  static let changesAfter = """
    id,name,arr,renewal_date,health,status,stage,churn_date,renewed_date
    P2,Passed Small,"$20,000",2022-02-01,60,Yellow,Active,,
    P1,Passed Big,"$200,000",2022-02-15,60,Yellow,Active,,
    P3,Renewed On Time,"$90,000",2022-02-10,60,Yellow,Renewed,,2022-02-08
    P4,Churned Now,"$50,000",2022-02-20,60,Yellow,Churned,2022-02-25,
    P5,Passed Before,"$70,000",2022-01-20,60,Yellow,Active,,
    P6,Entering Window,"$30,000",2022-06-10,60,Yellow,Active,,
    P7,Turned Red,"$10,000",2022-12-01,30,Red,Active,,
    P8,Got Better,"$500,000",2022-12-01,85,Green,Active,,
    P9,Slipping,"$35,000",2022-12-01,62,Yellow,Active,,
    P11,Newcomer,"$15,000",2022-12-01,60,Yellow,Onboarding,,
    P12,Pushed Out,"$25,000",2022-09-01,60,Yellow,Active,,

    """

  /// Within one CSM's book, an account that left the book cannot be placed, so changes
  /// counts the accounts that left instead. The list of changes goes into the minutes.
  @Test func changesInABookNoteDepartedAccounts() throws {
    let folder = try Folder()
    _ = try Self.session(folder)
    let withoutEmber = Self.laterCSV.split(separator: "\n", omittingEmptySubsequences: false)
      .filter { !$0.hasPrefix("A5,") }.joined(separator: "\n")
    let later = try Self.session(
      folder, today: Day(year: 2022, month: 3, day: 1)!, csv: withoutEmber, review: "second")
    _ = try later.run("book Maria Fell")
    let reply = try later.run("changes")

    #expect(
      Self.changeRows(of: reply) == [
        ["Blue Harbor", "status", "green", "red"],
        ["Blue Harbor", "health fell below 40", "72", "35"],
        ["Acme Corp", "arr", "120000", "150000"],
      ])
    let notices = reply.outputs.compactMap { output -> String? in
      if case .notice(let text) = output { return text }
      return nil
    }
    #expect(
      notices == [
        "1 account of the snapshot of 2022-02-01 is no longer in the book; changes over every account lists it, since the book no longer says whose it was"
      ])
    let minutes = Fixtures.rendered(try later.run("minutes"))
    #expect(minutes.contains("### changes\n\n| account | arr | change | before | now |"))
  }

  @Test func changesInOrderOfKind() throws {
    let folder = try Folder()
    _ = try Self.session(folder, csv: Self.changesBefore)
    let later = try Self.session(
      folder, today: Day(year: 2022, month: 3, day: 1)!, csv: Self.changesAfter,
      review: "second")
    let reply = try later.run("changes")
    // Passed Before's renewal date had passed at the previous snapshot already; Renewed On
    // Time and Churned Now passed theirs with a renewal or a churn recorded.
    #expect(
      Self.changeRows(of: reply) == [
        ["Churned Now", "churned", "", "2022-02-25"],
        ["Passed Big", "renewal date passed, not renewed", "14 days", "14 days ago"],
        ["Passed Small", "renewal date passed, not renewed", "0 days", "28 days ago"],
        ["Turned Red", "status", "yellow", "red"],
        ["Turned Red", "health fell below 40", "70", "30"],
        ["Gone Co", "no longer in the book", "green", ""],
        ["Slipping", "health fell by 13", "75", "62"],
        ["Slipping", "arr", "40000", "35000"],
        ["Entering Window", "entered the 120-day renewal window", "129 days", "101 days"],
        ["Pushed Out", "renewal date moved out of the 120-day window", "47 days", "184 days"],
        ["Newcomer", "new since 2022-02-01", "", ""],
        ["Got Better", "health rose to 40 or above", "35", "85"],
        ["Got Better", "health rose to 80 or above", "35", "85"],
        ["Renewed On Time", "renewed", "", "2022-02-08"],
        ["Got Better", "status", "red", "green"],
      ])
    #expect(Fixtures.rendered(reply).hasSuffix("15 changes since the snapshot of 2022-02-01\n"))
  }

  @Test func changesCountNewAccountsOfAPartialSnapshot() throws {
    // The earlier snapshot has 2 of 30 accounts, as a history file of a few accounts makes.
    let folder = try Folder()
    var before = "id,name,health\n"
    var after = "id,name,health\n"
    for index in 1...30 {
      if index <= 2 { before += "A\(index),Account \(index),70\n" }
      after += "A\(index),Account \(index),\(index == 1 ? 30 : 70)\n"
    }
    _ = try Self.session(folder, csv: before)
    let later = try Self.session(
      folder, today: Day(year: 2022, month: 3, day: 1)!, csv: after, review: "second")
    let reply = try later.run("changes")
    // A book without a status column gets one from health, so the status changed too.
    #expect(
      Self.changeRows(of: reply) == [
        ["Account 1", "status", "green", "red"], ["Account 1", "health fell below 40", "70", "30"],
      ])
    guard reply.outputs.count == 2, case .notice(let note) = reply.outputs[1] else {
      Issue.record("changes gave no note about the accounts left out")
      return
    }
    #expect(
      note
        == "28 of the 30 accounts are not in the snapshot of 2022-02-01, so they are left out; the changes above are those of the 2 accounts it has"
    )
  }

  @Test func renewalPassedWithoutChurnFields() throws {
    let folder = try Folder()
    let before = "id,name,arr,renewal_date\nP1,Passed,100,2022-02-15\nP2,Ahead,100,2022-05-01\n"
    _ = try Self.session(folder, csv: before)
    let later = try Self.session(
      folder, today: Day(year: 2022, month: 3, day: 1)!, csv: before, review: "second")
    #expect(
      Self.changeRows(of: try later.run("changes")) == [
        ["Passed", "renewal date passed, not renewed", "14 days", "14 days ago"]
      ])
  }

  @Test func arrChangeShowsTheBookCurrency() throws {
    let folder = try Folder()
    _ = try Self.session(folder, csv: "id,name,arr\nE1,Euro GmbH,€1000\n")
    let later = try Self.session(
      folder, today: Day(year: 2022, month: 3, day: 1)!, csv: "id,name,arr\nE1,Euro GmbH,€1500\n",
      review: "second")
    #expect(
      Fixtures.rendered(try later.run("changes")) == """
        account       arr  change  before  now
        ---------  ------  ------  ------  ------
        Euro GmbH  €1,500  arr     €1,000  €1,500
        1 change since the snapshot of 2022-02-01

        """)
  }

  @Test func changesNeedEarlierSnapshot() throws {
    let folder = try Folder()
    let session = try Self.session(folder)
    do {
      _ = try session.run("segment newly red")
      Issue.record("newly red without history did not fail")
    } catch {
      #expect(error.message == "newly compares with an earlier snapshot, and there is none yet")
      #expect(error.range?.column == 9)
    }
    #expect(throws: CommandError.self) { try session.run("changes") }
  }

  /// Four red accounts: two active, red since 2021-12-01 and since 2022-01-20, and two
  /// churned (one by stage, one by churn date) that have been red since 2021-11-01.
  static let redCSV = """
    id,name,status,stage,churn_date,arr
    R1,Long Red,Red,Active,,"$50,000"
    R2,Short Red,Red,Active,,"$40,000"
    R3,Churned Red,Red,Churned,2022-01-15,"$900,000"
    R4,Churned By Date,Red,Active,2022-01-10,"$800,000"

    """

  static func redHistory(_ journal: Journal) throws {
    func row(_ key: String, _ status: String) -> SnapshotRow {
      SnapshotRow(
        accountKey: key, accountName: key, health: nil, status: status, arrCents: nil,
        renewalDate: nil)
    }
    let november = Day(year: 2021, month: 11, day: 1)!
    let december = Day(year: 2021, month: 12, day: 1)!
    let january = Day(year: 2022, month: 1, day: 1)!
    _ = try journal.importHistory(rows: [
      DatedSnapshotRow(date: november, row: row("R1", "green")),
      DatedSnapshotRow(date: december, row: row("R1", "red")),
      DatedSnapshotRow(date: january, row: row("R1", "red")),
      DatedSnapshotRow(date: december, row: row("R2", "yellow")),
      DatedSnapshotRow(date: Day(year: 2022, month: 1, day: 20)!, row: row("R2", "red")),
      DatedSnapshotRow(date: november, row: row("R3", "red")),
      DatedSnapshotRow(date: december, row: row("R3", "red")),
      DatedSnapshotRow(date: january, row: row("R3", "red")),
      DatedSnapshotRow(date: november, row: row("R4", "red")),
      DatedSnapshotRow(date: january, row: row("R4", "red")),
    ])
  }

  @Test func redForMoreThanDays() throws {
    let folder = try Folder()
    try Self.redHistory(try Journal(path: folder.journal))
    let session = try Self.session(folder, csv: Self.redCSV)
    #expect(Fixtures.column("name", of: try session.run("segment red>30")) == ["Long Red"])
    #expect(Fixtures.column("name", of: try session.run("segment red>61")) == ["Long Red"])
    #expect(Fixtures.column("name", of: try session.run("segment red>62")) == [])
    #expect(
      Fixtures.column("name", of: try session.run("segment red>5")) == ["Long Red", "Short Red"])
    #expect(Fixtures.column("name", of: try session.run("segment red>90")) == [])
    // The churned accounts have been red the longest, and are left out as plain red
    // leaves them out.
    #expect(
      Fixtures.column("name", of: try session.run("segment red")) == ["Long Red", "Short Red"])
    #expect(
      Fixtures.column("name", of: try session.run("segment churned sort arr desc")) == [
        "Churned Red", "Churned By Date",
      ])
    #expect(Fixtures.column("name", of: try session.run("where churned and red>30")) == [])
  }

  /// Without a snapshot from before the limit, an account red at every snapshot there is
  /// may or may not have been red that long: the segment says so rather than count none.
  @Test func redForMoreThanDaysNeedsOldEnoughSnapshots() throws {
    let folder = try Folder()
    let session = try Self.session(folder, csv: Self.redCSV)
    func message(_ command: String) -> String? {
      do {
        _ = try session.run(command)
        return nil
      } catch {
        return error.message + " / " + (error.hint ?? "")
      }
    }
    #expect(
      message("segment red>30")
        == "red>30 needs snapshots from more than 30 days before today, and this book has no snapshot before today / load a history file of earlier health and status with --history FILE"
    )

    let december = Day(year: 2021, month: 12, day: 1)!
    _ = try Journal(path: folder.journal).importHistory(rows: [
      DatedSnapshotRow(
        date: december,
        row: SnapshotRow(
          accountKey: "R1", accountName: "Long Red", health: nil, status: "red", arrCents: nil,
          renewalDate: nil))
    ])
    let later = try Self.session(folder, csv: Self.redCSV)
    #expect(Fixtures.column("name", of: try later.run("segment red>60")) == ["Long Red"])
    #expect(
      message("segment red>62")?.hasPrefix(
        "red>62 needs snapshots from more than 62 days before today, and the oldest snapshot of this book is from 2021-12-01, 62 days before / ask about fewer days, such as red>61,"
      ) == true)
  }

  @Test func redForMoreThanDaysWithoutChurnFields() throws {
    let folder = try Folder()
    try Self.redHistory(try Journal(path: folder.journal))
    let csv = """
      id,name,status,arr
      R1,Long Red,Red,"$50,000"
      R2,Short Red,Red,"$40,000"
      R3,Churned Red,Red,"$900,000"

      """
    let session = try Self.session(folder, csv: csv)
    #expect(
      Fixtures.column("name", of: try session.run("segment red>30")) == [
        "Churned Red", "Long Red",
      ])
  }

  @Test func snapshotKeepsEachAccountsValues() throws {
    let folder = try Folder()
    let csv = """
      id,name,health,arr,renewal_date
      A-1,Acme Corp,82,"$120,000",2022-03-01
      ,Blank Id Co,,,
      A-3,,35.5,900,
      A-4,Zoë GmbH,55,,2023-01-31
      """
    let session = try Self.session(folder, csv: csv)
    let snapshot = try #require(session.journal).snapshot(on: Fixtures.today)
    #expect(
      snapshot == [
        "A-1": SnapshotRow(
          accountKey: "A-1", accountName: "Acme Corp", health: 82, status: "green",
          arrCents: 12_000_000, renewalDate: Day(year: 2022, month: 3, day: 1)),
        "Blank Id Co": SnapshotRow(accountKey: "Blank Id Co", accountName: "Blank Id Co"),
        "A-3": SnapshotRow(
          accountKey: "A-3", accountName: "row 3", health: 35.5, status: "red", arrCents: 90_000),
        "A-4": SnapshotRow(
          accountKey: "A-4", accountName: "Zoë GmbH", health: 55, status: "yellow",
          renewalDate: Day(year: 2023, month: 1, day: 31)),
      ])
    // The same book loaded again the same day records nothing.
    #expect(try session.recordSnapshot() == 0)
  }

  @Test func minutesOfTheReview() throws {
    let folder = try Folder()
    let session = try Self.session(folder)
    _ = try session.run("action add \"earlier action\" for Blue Harbor due 2022-01-15")
    let later = try Self.session(folder, review: "second")
    _ = try later.run("book Maria Fell")
    _ = try later.run("summary")
    _ = try later.run("segment renewals<120")
    _ = try later.run("note Acme Corp \"champion moved to | finance\"")
    _ = try later.run("action add \"exec call\" for Acme Corp owner leader due 2022-02-10")
    _ = try later.run("action add \"usage review\" for Blue Harbor")
    _ = try later.run("action done 1")
    // An action edited in the review is listed once, in the list that fits it best.
    _ = try later.run("action edit 3 due 2022-02-20")
    let text = Fixtures.rendered(try later.run("minutes"))
    #expect(
      text.hasPrefix(
        "# Account review: Maria Fell's book, 2022-02-01\n\n## Segments discussed\n\n### summary\n\n| measure | accounts |"
      ))
    #expect(text.contains("\n### segment renewals<120\n\n| name | csm | arr |"))
    #expect(text.contains("| Acme Corp | Maria Fell | $120,000 | 2022-03-01 | 28 | 35 |"))
    #expect(text.contains("## Notes\n\n- **Acme Corp**: champion moved to \\| finance\n"))
    #expect(
      text.contains(
        "## Actions added\n\n- #2 exec call — Acme Corp, owner leader, due 2022-02-10\n- #3 usage review — Blue Harbor, owner Maria Fell, due 2022-02-20\n"
      ))
    #expect(
      text.contains(
        "## Actions closed\n\n- #1 earlier action — Blue Harbor, owner Maria Fell, due 2022-01-15 (done)\n"
      ))
    #expect(
      text.contains(
        "### For Maria Fell\n\n1. #3 usage review — Blue Harbor, owner Maria Fell, due 2022-02-20\n"
      ))
    #expect(!text.contains("## Actions changed"))

    // Earlier actions edited or reopened in a review have a list of their own.
    let third = try Self.session(folder, review: "third")
    _ = try third.run("action edit 2 owner Tom Ito")
    _ = try third.run("action reopen 1")
    _ = try third.run("action edit 2 due 2022-03-01")
    let changed = Fixtures.rendered(try third.run("minutes"))
    #expect(
      changed.contains(
        "## Actions closed\n\nNone.\n\n## Actions changed\n\n- #2 exec call — Acme Corp, owner Tom Ito, due 2022-03-01 (owner leader → Tom Ito; due 2022-02-10 → 2022-03-01)\n- #1 earlier action — Blue Harbor, owner Maria Fell, due 2022-01-15 (overdue) (reopened)\n\n## Top actions"
      ))
    #expect(
      text.contains(
        "### For the leader\n\n1. #2 exec call — Acme Corp, owner leader, due 2022-02-10\n"))
  }

  /// Setting today to an earlier day gives that day's minutes: its notes and actions, and
  /// not what a later review closed or showed.
  @Test func todayMovesTheMinutesToItsDay() throws {
    let folder = try Folder()
    let first = try Self.session(
      folder, today: Day(year: 2022, month: 2, day: 1)!, review: "2022-02-01 review")
    _ = try first.run("note Acme Corp \"renewal is safe\"")
    _ = try first.run("action add \"exec call\" for Acme Corp")
    _ = try first.run("action add \"send the deck\" for Acme Corp")
    let next = try Self.session(
      folder, today: Day(year: 2022, month: 2, day: 2)!, review: "2022-02-02 review")
    _ = try next.run("segment red")
    _ = try next.run("action done 1")
    _ = try next.run("action edit 2 due 2022-03-01")
    _ = try next.run("today 2022-02-01")
    #expect(next.reviewID == "2022-02-01 review")
    let text = Fixtures.rendered(try next.run("minutes"))
    #expect(text.hasPrefix("# Account review: every account, 2022-02-01\n"))
    #expect(text.contains("## Notes\n\n- **Acme Corp**: renewal is safe\n"))
    #expect(text.contains("## Actions added\n\n- #1 exec call — Acme Corp"))
    #expect(text.contains("## Actions closed\n\nNone.\n"))
    #expect(!text.contains("### segment red"))
    #expect(!text.contains("## Actions changed"))

    // Back on the later day, its results shown and actions changed are there again.
    _ = try next.run("today 2022-02-02")
    let later = Fixtures.rendered(try next.run("minutes"))
    #expect(later.contains("### segment red\n"))
    #expect(later.contains("## Actions closed\n\n- #1 exec call — Acme Corp"))
    #expect(later.contains("## Actions changed\n\n- #2 send the deck — Acme Corp"))
  }

  /// Each result in the minutes is headed by its command, without where it was written.
  /// Minutes of every account name the book a result was limited to, and minutes of one
  /// CSM's book keep that book's results only.
  @Test func minutesHeadingsNameTheirBook() throws {
    let folder = try Folder()
    let session = try Self.session(folder)
    _ = try session.run("book Maria Fell")
    _ = try session.run("segment renewals<120 count")
    _ = try session.run("book all")
    _ = try session.run("segment renewals<120 count as csv")
    _ = try session.run("segment renewals<120 show name > \(folder.path)/renewals.csv")
    let everyAccount = Fixtures.rendered(try session.run("minutes"))
    _ = try session.run("book Maria Fell")
    let mariasBook = Fixtures.rendered(try session.run("minutes"))

    let headings = { (text: String) in
      text.split(separator: "\n").filter { $0.hasPrefix("### segment") }.map(String.init)
    }
    #expect(
      headings(everyAccount) == [
        "### segment renewals<120 count (book Maria Fell)", "### segment renewals<120 count",
        "### segment renewals<120 show name",
      ])
    #expect(headings(mariasBook) == ["### segment renewals<120 count"])
  }

  @Test func askListsQuestionsOfSegment() throws {
    let folder = try Folder()
    let session = try Self.session(folder)
    let text = Fixtures.rendered(try session.run("ask renewals<120"))
    #expect(
      text.hasPrefix(
        "Questions for renewals<120 (4 accounts):\n1. Which accounts renew in this window?\n"))
    #expect(text.split(separator: "\n").count == 7)
    let walk = try #require(session.takeWalk())
    #expect(walk.rows.count == 4)

    _ = try session.run("segment red")
    let red = Fixtures.rendered(try session.run("ask"))
    #expect(
      red.hasPrefix("Questions for red (1 account):\n1. Which accounts turned red recently?"))
    for segment in [
      "new", "trials", "unengaged", "low-usage", "high-usage", "goals", "health<40", "health>80",
      "top10", "strategic", "detractors", "expansion", "churned", "renewed",
    ] {
      let lines = Fixtures.rendered(try session.run("ask \(segment)")).split(separator: "\n")
      #expect(lines.count >= 5 && lines.count <= 8, "ask \(segment)")
    }
  }

  @Test func definedSegmentCarriesQuestions() throws {
    let folder = try Folder()
    let path = folder.path + "/segments.review"
    let book = try Loader.load(text: Fixtures.csv, name: "fixture.csv").book
    let session = Session(
      book: book, today: Fixtures.today, definitions: SegmentDefinitions(path: path))
    _ = try session.run("define bigrisk as renewals<120 and health<40")
    _ = try session.run("question bigrisk \"Who owns the save plan?\"")
    _ = try session.run("question bigrisk \"What does the customer need from us?\"")
    let text = Fixtures.rendered(try session.run("ask bigrisk"))
    #expect(
      text
        == "Questions for bigrisk (1 account):\n1. Who owns the save plan?\n2. What does the customer need from us?\n"
    )
    let (reloaded, _) = SegmentDefinitions.load(path: path)
    #expect(
      reloaded.definition(named: "bigrisk")?.questions == [
        "Who owns the save plan?", "What does the customer need from us?",
      ])
  }
}
