import Foundation
import Testing

/// Which data a script reviews: the data named on the command line or the script's own
/// `load`, what `--each` limits each run to, and what the journal records of it.
@Suite("Script data and --each")
struct ScriptDataTests {
  static let february =
    "id,name,health,csm,tier,arr\n1,Acme,30,Ana,Gold,100\n2,Beta,80,Bo,Gold,200\n3,Cora,50,Ana,Silver,300\n"
  /// February's book with Beta turned red.
  static let march =
    "id,name,health,csm,tier,arr\n1,Acme,30,Ana,Gold,100\n2,Beta,20,Bo,Gold,200\n3,Cora,50,Ana,Silver,300\n"

  /// Makes a folder with both books, and a journal with February's snapshot of 1 February.
  static func folderWithJournal() throws -> TemporaryFolder {
    let folder = try TemporaryFolder()
    try folder.write("book.csv", february)
    try folder.write("book-mar.csv", march)
    let first = try ReviewProcess.run(
      ["book.csv", "--journal", "j.sqlite", "--today", "2022-02-01", "-q", "-c", "summary"],
      folder: folder.path)
    #expect(first.status == 0, "\(first.standardError)")
    return folder
  }

  /// Runs `changes` on the March book on 2 March: empty when the snapshot of 1 March is of
  /// the March book.
  static func changesOnSecondMarch(in folder: TemporaryFolder) throws -> String {
    let outcome = try ReviewProcess.run(
      [
        "book-mar.csv", "--journal", "j.sqlite", "--today", "2022-03-02", "-q", "-c",
        "changes as csv",
      ], folder: folder.path)
    #expect(outcome.status == 0, "\(outcome.standardError)")
    return outcome.standardOutput
  }

  @Test func loadQuotedPathWithSpace() throws {
    let folder = try TemporaryFolder()
    try FileManager.default.createDirectory(
      atPath: folder.file("feb data"), withIntermediateDirectories: true)
    try folder.write("feb data/book one.csv", Self.february)
    let script = try folder.write(
      "s.review", "load \"feb data/book one.csv\"\nsegment all count as csv\n")
    let outcome = try ReviewProcess.run(["--no-journal", "-q", "-f", script], folder: folder.path)
    #expect(outcome.status == 0, "\(outcome.standardError)")
    #expect(outcome.standardOutput == "accounts,arr\r\n3,600\r\n")

    let unquoted = try ReviewProcess.run(
      ["--no-journal", "-c", "load feb data/book one.csv"], folder: folder.path)
    #expect(unquoted.status == 3)
    #expect(
      unquoted.standardError == """
        -c:1:6: error: feb: cannot open the file: No such file or directory
          load feb data/book one.csv
               ^~~
          hint: load reads each word as a file, so a name with spaces goes in quotes, as in load "feb data/book one.csv"

        """)
  }

  @Test func eachCSMLimitsScriptLoad() throws {
    let folder = try TemporaryFolder()
    try folder.write("book.csv", Self.february)
    let script = try folder.write(
      "e.review", "load book.csv\nbook all\nsegment all count as csv\necho $csm [$book]\n")
    let outcome = try ReviewProcess.run(
      ["-f", script, "--each", "csm", "-q", "--no-journal"], folder: folder.path)
    #expect(outcome.status == 0, "\(outcome.standardError)")
    #expect(
      outcome.standardOutput
        == "accounts,arr\r\n2,400\r\nAna [Ana]\naccounts,arr\r\n1,200\r\nBo [Bo]\n")
    #expect(outcome.standardError == "")
  }

  @Test func eachTierLimitsScriptLoad() throws {
    let folder = try TemporaryFolder()
    try folder.write("book.csv", Self.february)
    let script = try folder.write(
      "e.review", "load book.csv\nsegment all count as csv\necho $tier [$book]\n")
    let outcome = try ReviewProcess.run(
      ["-f", script, "--each", "tier", "-q", "--no-journal"], folder: folder.path)
    #expect(outcome.status == 0, "\(outcome.standardError)")
    #expect(
      outcome.standardOutput
        == "accounts,arr\r\n2,300\r\nGold [tier Gold]\naccounts,arr\r\n1,300\r\nSilver [tier Silver]\n"
    )
  }

  @Test func eachCSMRunKeepsItsBook() throws {
    let folder = try TemporaryFolder()
    try folder.write("book.csv", Self.february)
    let script = try folder.write("e.review", "load book.csv\nbook Bo\nsegment all count\n")
    let outcome = try ReviewProcess.run(
      ["-f", script, "--each", "csm", "-q", "--no-journal"], folder: folder.path)
    #expect(outcome.status == 1)
    #expect(outcome.standardOutput == "")
    #expect(
      outcome.standardError
        == "\(script):2:6: error: this --each csm run covers only Ana's accounts, so the book cannot be Bo's\n  book Bo\n       ^~\n  hint: run the script without --each csm to review another CSM's book\n"
        + "review: the run for csm Ana failed, so the other 1 run was not made; --keep-going makes every run\n"
    )
  }

  @Test func loadOfTheSameDataIsQuiet() throws {
    let folder = try TemporaryFolder()
    try folder.write("book.csv", Self.february)
    let script = try folder.write("s.review", "load book.csv\nsegment all count\n")
    let outcome = try ReviewProcess.run(
      ["-f", script, "book.csv", "--no-journal"], folder: folder.path)
    #expect(outcome.status == 0)
    #expect(outcome.standardError == "")
    #expect(outcome.standardOutput.hasPrefix("accounts"))
  }

  @Test func commandLineDataWinsOverLoad() throws {
    let folder = try Self.folderWithJournal()
    try FileManager.default.createDirectory(
      atPath: folder.file("agendas"), withIntermediateDirectories: true)
    try folder.write("agendas/book.csv", Self.february)
    let agenda = try folder.write("agendas/red.review", "load book.csv\nsegment red count as csv\n")

    let outcome = try ReviewProcess.run(
      ["-f", agenda, "book-mar.csv", "--journal", "j.sqlite", "--today", "2022-03-01", "-q"],
      folder: folder.path)
    #expect(outcome.status == 0, "\(outcome.standardError)")
    // Acme and Beta: the March book's red accounts.
    #expect(outcome.standardOutput == "accounts,arr\r\n2,300\r\n")
    #expect(
      outcome.standardError
        == "\(agenda):1: warning: load \(folder.path)/agendas/book.csv skipped, because data named on the command line wins over a script's load; the review uses book-mar.csv\n"
    )
    // The snapshot of 1 March is the March book's, so nothing changed by 2 March.
    #expect(try Self.changesOnSecondMarch(in: folder) == "account,arr,change,before,now\r\n")
  }

  @Test func eachWarnsOnceAndRecordsSnapshot() throws {
    let folder = try Self.folderWithJournal()
    let script = try folder.write("e.review", "load book.csv\nsegment red count as csv\n")
    let outcome = try ReviewProcess.run(
      [
        "-f", script, "book-mar.csv", "--each", "csm", "--journal", "j.sqlite", "--today",
        "2022-03-01", "-q",
      ], folder: folder.path)
    #expect(outcome.status == 0, "\(outcome.standardError)")
    #expect(outcome.standardOutput == "accounts,arr\r\n1,100\r\naccounts,arr\r\n1,200\r\n")
    #expect(
      outcome.standardError
        == "\(script):1: warning: load \(folder.path)/book.csv skipped, because data named on the command line wins over a script's load; the review uses book-mar.csv\n"
    )
    #expect(try Self.changesOnSecondMarch(in: folder) == "account,arr,change,before,now\r\n")
  }

  /// An account no longer in the book has no tier left, so no tier's run lists it.
  @Test func eachLeavesOutDepartedAccounts() throws {
    let folder = try TemporaryFolder()
    let header = "id,name,health,csm,tier,arr\n"
    let accountsInBoth =
      "1,Acme,30,Ana,Gold,100\n2,Beta,80,Bo,Gold,200\n4,Dana,60,Bo,Gold,400\n5,Eve,90,Ana,Silver,500\n"
    try folder.write("feb.csv", header + accountsInBoth + "3,Cora,50,Ana,Silver,300\n")
    try folder.write("apr.csv", header + accountsInBoth)
    func run(_ arguments: [String]) throws -> ReviewProcess.Outcome {
      try ReviewProcess.run(arguments + ["--journal", "j.sqlite", "-q"], folder: folder.path)
    }
    let first = try run(["feb.csv", "--today", "2022-02-01", "-c", "summary"])
    #expect(first.status == 0, "\(first.standardError)")

    let script = try folder.write("c.review", "echo $tier\nchanges as csv\n")
    let runs = try run(["-f", script, "apr.csv", "--each", "tier", "--today", "2022-04-01"])
    #expect(runs.status == 0, "\(runs.standardError)")
    #expect(
      runs.standardOutput
        == "Gold\naccount,arr,change,before,now\r\nSilver\naccount,arr,change,before,now\r\n")
    let whole = try run(["apr.csv", "--today", "2022-04-01", "-c", "changes as csv"])
    #expect(whole.status == 0, "\(whole.standardError)")
    #expect(
      whole.standardOutput
        == "account,arr,change,before,now\r\nCora,300,no longer in the book,yellow,\r\n")
  }

  @Test func runSkipsLoadBesideCommandLineData() throws {
    let folder = try Self.folderWithJournal()
    try folder.write("inner.review", "load book.csv\nsegment red count as csv\n")
    let outcome = try ReviewProcess.run(
      [
        "book-mar.csv", "--journal", "j.sqlite", "--today", "2022-03-01", "-q", "-c",
        "run inner.review",
      ], folder: folder.path)
    #expect(outcome.status == 0, "\(outcome.standardError)")
    #expect(outcome.standardOutput == "accounts,arr\r\n2,300\r\n")
    #expect(
      outcome.standardError
        == "inner.review:1: warning: load book.csv skipped, because data named on the command line wins over a script's load; the review uses book-mar.csv\n"
    )
    #expect(try Self.changesOnSecondMarch(in: folder) == "account,arr,change,before,now\r\n")
  }

  /// A script started with `run` that loads an older export of the session's book leaves
  /// the day's snapshot to the book the session goes on with.
  @Test func runGivesBackSessionSnapshot() throws {
    let folder = try Self.folderWithJournal()
    try folder.write("inner.review", "load book.csv\nsegment red count as csv\n")
    let outer = try folder.write(
      "outer.review", "load book-mar.csv\nrun inner.review\nsegment red count as csv\n")
    let outcome = try ReviewProcess.run(
      ["-f", outer, "--journal", "j.sqlite", "--today", "2022-03-01", "-q"], folder: folder.path)
    #expect(outcome.status == 0, "\(outcome.standardError)")
    #expect(outcome.standardOutput == "accounts,arr\r\n1,100\r\naccounts,arr\r\n2,300\r\n")
    #expect(outcome.standardError == "")
    #expect(try Self.changesOnSecondMarch(in: folder) == "account,arr,change,before,now\r\n")
  }

  @Test func eachLimitsActions() throws {
    let folder = try TemporaryFolder()
    try folder.write("book.csv", Self.february)
    let added = try ReviewProcess.run(
      [
        "book.csv", "--journal", "j.sqlite", "--today", "2022-02-01", "-q",
        "-c", "action add \"call the CFO\" for Acme due 2022-02-20",
        "-c", "action add \"plan QBR\" for Cora",
        "-c", "action add \"renewal call\" for Beta due 2022-02-10",
        "-c", "action add \"hire a CSM\"",
        "-c", "book Bo", "-c", "action add \"Bo team offsite\"",
      ], folder: folder.path)
    #expect(added.status == 0, "\(added.standardError)")
    let script = try folder.write("a.review", "echo $each\naction list as csv\naction top as csv\n")
    func run(_ field: String) throws -> ReviewProcess.Outcome {
      try ReviewProcess.run(
        [
          "-f", script, "book.csv", "--each", field, "--set", "each=\(field)", "--journal",
          "j.sqlite", "--today", "2022-02-01", "-q",
        ], folder: folder.path)
    }

    let tiers = try run("tier")
    #expect(tiers.status == 0, "\(tiers.standardError)")
    // No tier has the actions about no account.
    #expect(
      tiers.standardOutput
        == "tier\nid,status,due,owner,account,action\r\n"
        + "1,open,2022-02-20,Ana,Acme,call the CFO\r\n"
        + "3,open,2022-02-10,Bo,Beta,renewal call\r\n"
        + "for,id,status,due,account,action\r\n"
        + "Bo,3,open,2022-02-10,Beta,renewal call\r\n"
        + "Ana,1,open,2022-02-20,Acme,call the CFO\r\n"
        + "tier\nid,status,due,owner,account,action\r\n"
        + "2,open,,Ana,Cora,plan QBR\r\n"
        + "for,id,status,due,account,action\r\n"
        + "Ana,2,open,,Cora,plan QBR\r\n")

    let csms = try run("csm")
    #expect(csms.status == 0, "\(csms.standardError)")
    // A CSM's run has the actions added in that CSM's book about no account.
    #expect(
      csms.standardOutput
        == "csm\nid,status,due,owner,account,action\r\n"
        + "1,open,2022-02-20,Ana,Acme,call the CFO\r\n"
        + "2,open,,Ana,Cora,plan QBR\r\n"
        + "for,id,status,due,account,action\r\n"
        + "Ana,1,open,2022-02-20,Acme,call the CFO\r\n"
        + "Ana,2,open,,Cora,plan QBR\r\n"
        + "csm\nid,status,due,owner,account,action\r\n"
        + "3,open,2022-02-10,Bo,Beta,renewal call\r\n"
        + "5,open,,Bo,,Bo team offsite\r\n"
        + "for,id,status,due,account,action\r\n"
        + "Bo,3,open,2022-02-10,Beta,renewal call\r\n"
        + "Bo,5,open,,,Bo team offsite\r\n")
  }

  @Test func scriptsSayWhatTheyWrote() throws {
    let folder = try TemporaryFolder()
    try folder.write("book.csv", Self.february)
    let text = "segment red count > red.csv\nsegment all count >> all.csv\n"
    let script = try folder.write("w.review", text)
    let expected = "wrote red.csv\nappended to all.csv\n"

    // The first run makes all.csv, so it wrote the file; later runs append to it.
    let fromFile = try ReviewProcess.run(
      ["-f", script, "book.csv", "--no-journal"], folder: folder.path)
    #expect(fromFile.status == 0)
    #expect(fromFile.standardError == "wrote red.csv\nwrote all.csv\n")
    let fromInput = try ReviewProcess.run(
      ["book.csv", "--no-journal"], input: text, folder: folder.path)
    #expect(fromInput.status == 0)
    #expect(fromInput.standardError == expected)
    let fromCommands = try ReviewProcess.run(
      [
        "book.csv", "--no-journal", "-c", "segment red count > red.csv", "-c",
        "segment all count >> all.csv",
      ], folder: folder.path)
    #expect(fromCommands.standardError == expected)
    let quiet = try ReviewProcess.run(
      ["-f", script, "book.csv", "--no-journal", "-q"], folder: folder.path)
    #expect(quiet.status == 0)
    #expect(quiet.standardError == "")
    let red = try String(contentsOfFile: folder.file("red.csv"), encoding: .utf8)
    #expect(red == "accounts,arr\r\n1,100\r\n")
  }

  /// Redirects and `output` in a script write relative to the current folder, while its
  /// `load` reads relative to the script's folder.
  @Test func scriptWritesToCurrentFolder() throws {
    let folder = try TemporaryFolder()
    try FileManager.default.createDirectory(
      atPath: folder.file("agendas"), withIntermediateDirectories: true)
    try folder.write("agendas/book.csv", Self.february)
    let script = try folder.write(
      "agendas/w.review",
      "load book.csv\nsegment red count > red.csv\noutput out.csv\nsegment all count\n")
    let outcome = try ReviewProcess.run(
      ["-f", script, "--no-journal", "-q"], folder: folder.path)
    #expect(outcome.status == 0, "\(outcome.standardError)")
    let red = try String(contentsOfFile: folder.file("red.csv"), encoding: .utf8)
    #expect(red == "accounts,arr\r\n1,100\r\n")
    let all = try String(contentsOfFile: folder.file("out.csv"), encoding: .utf8)
    #expect(all == "accounts,arr\r\n3,600\r\n")
    #expect(!FileManager.default.fileExists(atPath: folder.file("agendas/red.csv")))
    #expect(!FileManager.default.fileExists(atPath: folder.file("agendas/out.csv")))
  }

  @Test func continuedLineErrorPosition() throws {
    let folder = try TemporaryFolder()
    try folder.write("book.csv", Self.february)
    let text = "segment red count\nsegment red \\\n  where arr > 100 \\\n  sort nosuch\n"
    let script = try folder.write("c.review", text)
    let message =
      ":4:8: error: unknown field 'nosuch'\n    sort nosuch\n         ^~~~~~\n  hint: type fields to see the fields of this book\n"

    let fromFile = try ReviewProcess.run(
      ["-f", script, "book.csv", "--no-journal", "-q"], folder: folder.path)
    #expect(fromFile.status == 1)
    #expect(fromFile.standardError == script + message)
    let fromInput = try ReviewProcess.run(
      ["book.csv", "--no-journal", "-q"], input: text, folder: folder.path)
    #expect(fromInput.status == 1)
    #expect(fromInput.standardError == "<stdin>" + message)
  }

  /// A variable before the line break makes the command longer than written, and the
  /// error still names the physical line, with the value in place.
  @Test func continuedLineErrorAfterVariable() throws {
    let folder = try TemporaryFolder()
    try folder.write("book.csv", Self.february)
    let script = try folder.write(
      "c.review",
      "let floor = 100000\nlet by = nosuch\nsegment red where arr > $floor \\\n  and health < 50 \\\n  sort $by desc\n"
    )
    let outcome = try ReviewProcess.run(
      ["-f", script, "book.csv", "--no-journal", "-q"], folder: folder.path)
    #expect(outcome.status == 1)
    #expect(
      outcome.standardError
        == "\(script):5:8: error: unknown field 'nosuch'\n    sort nosuch desc\n         ^~~~~~\n  hint: type fields to see the fields of this book\n"
    )
    let first = try folder.write("d.review", "segment red where \\\n  nosuch > $by\n")
    let unknown = try ReviewProcess.run(
      ["-f", first, "book.csv", "--no-journal", "-q"], folder: folder.path)
    #expect(unknown.status == 1)
    #expect(
      unknown.standardError.hasPrefix(
        "\(first):2:12: error: no variable is named by\n    nosuch > $by\n             ^~~\n"))
  }
}
