import Foundation
import Testing

/// The journal as separate processes use it: killed mid-write, written by two at once,
/// checked, and left alone when damaged.
@Suite("Journal across processes", .serialized)
struct JournalProcessTests {
  struct KillReport: Decodable {
    var rounds: Int
    var acknowledged: Int
    var missing: [String]
    var integrity: String
  }

  /// Rounds of the kill loop; set REVIEW_KILL_ROUNDS for a longer run.
  static let rounds =
    ProcessInfo.processInfo.environment["REVIEW_KILL_ROUNDS"].flatMap(Int.init) ?? 12

  @Test func killedProcessLosesNoAcknowledgedAction() throws {
    let folder = try TemporaryFolder()
    let driver = ReviewProcess.path("Tests/EndToEndTests/Oracles/kill_loop.py")
    let outcome = try ReviewProcess.shell(
      "python3 '\(driver)' \"$REVIEW\" '\(ReviewProcess.sampleCSV)' '\(folder.file("journal.sqlite"))' \(Self.rounds) 7"
    )
    try #require(outcome.status == 0, "\(outcome.standardError)")
    let report = try JSONDecoder().decode(KillReport.self, from: Data(outcome.standardOutput.utf8))
    #expect(report.rounds == Self.rounds)
    #expect(
      report.acknowledged > Self.rounds, "the loop should get some actions acknowledged each round")
    #expect(report.missing.isEmpty)
    #expect(report.integrity == "ok")
    let check = try ReviewProcess.run([
      "--journal-check", "--journal", folder.file("journal.sqlite"),
    ])
    #expect(check.status == 0, "\(check.standardOutput)")
  }

  @Test func twoProcessesWriteAtOnce() throws {
    let folder = try TemporaryFolder()
    let journal = folder.file("journal.sqlite")
    func commands(_ prefix: String) -> String {
      (0..<150).map { "action add \"\(prefix)-\($0)\" owner leader\n" }.joined()
    }
    _ = try folder.write("a.txt", commands("a"))
    _ = try folder.write("b.txt", commands("b"))
    let sample = ReviewProcess.sampleCSV
    let outcome = try ReviewProcess.shell(
      "export XDG_CONFIG_HOME='\(folder.path)/config'; "
        + "\"$REVIEW\" '\(sample)' --today 2022-02-01 --journal '\(journal)' < '\(folder.file("a.txt"))' 2>'\(folder.file("a.err"))' & "
        + "\"$REVIEW\" '\(sample)' --today 2022-02-01 --journal '\(journal)' < '\(folder.file("b.txt"))' 2>'\(folder.file("b.err"))' & "
        + "wait")
    #expect(outcome.status == 0)
    let list = try ReviewProcess.run([sample, "--journal", journal, "-c", "action list all as csv"])
    let texts = list.standardOutput.split(separator: "\r\n").dropFirst().map {
      $0.split(separator: ",").last.map(String.init) ?? ""
    }
    #expect(texts.count == 300)
    #expect(Set(texts) == Set((0..<150).map { "a-\($0)" } + (0..<150).map { "b-\($0)" }))
  }

  /// A review started again the same day, as after a crash, keeps its notes and actions
  /// in its minutes. A review on another day starts minutes of its own.
  @Test func minutesOutliveARestartOfTheDay() throws {
    let folder = try TemporaryFolder()
    let common = [ReviewProcess.sampleCSV, "--journal", folder.file("journal.sqlite")]
    let first = try ReviewProcess.run(
      common + [
        "--today", "2022-02-01", "-c", "note \"Atlas Labs\" \"sponsor moved\"", "-c",
        "action add \"call the CFO\" for \"Atlas Labs\"",
      ])
    #expect(first.status == 0, "\(first.standardError)")
    let again = try ReviewProcess.run(common + ["--today", "2022-02-01", "-c", "minutes"])
    #expect(again.standardOutput.contains("## Notes\n\n- **Atlas Labs**: sponsor moved\n"))
    #expect(again.standardOutput.contains("## Actions added\n\n- #1 call the CFO — Atlas Labs"))
    let nextMonth = try ReviewProcess.run(common + ["--today", "2022-03-01", "-c", "minutes"])
    #expect(nextMonth.standardOutput.contains("## Notes\n\nNone.\n"))
    #expect(nextMonth.standardOutput.contains("## Actions added\n\nNone.\n"))
  }

  @Test func journalCheckReportsState() throws {
    let folder = try TemporaryFolder()
    let journal = folder.file("journal.sqlite")
    let missing = try ReviewProcess.run(["--journal-check", "--journal", journal])
    #expect(missing.status == 0)
    #expect(missing.standardOutput.contains("no journal"), "\(missing.standardOutput)")

    _ = try ReviewProcess.run([
      ReviewProcess.sampleCSV, "--today", "2022-02-01", "--journal", journal, "-c",
      "action add \"one\"",
    ])
    let healthy = try ReviewProcess.run(["--journal-check", "--journal", journal])
    #expect(healthy.status == 0)
    #expect(healthy.standardOutput.contains("1 action"), "\(healthy.standardOutput)")
  }

  @Test func journalCheckBeforeFirstUse() throws {
    let folder = try TemporaryFolder()
    let check = try ReviewProcess.run(
      ["--journal-check"], environment: ["XDG_DATA_HOME": folder.file("data")])
    #expect(check.status == 0)
    #expect(
      check.standardOutput
        == "\(folder.file("data"))/review/journal.sqlite: no journal yet, and opening it for writing creates it\n"
    )
  }

  @Test func journalPathThatIsAFolder() throws {
    let folder = try TemporaryFolder()
    let check = try ReviewProcess.run(["--journal-check", "--journal", folder.path])
    #expect(check.status == 4)
    #expect(
      check.standardOutput
        == "\(folder.path): error: the journal path is a folder, not a file\n  hint: name a file for the journal, such as \(folder.path)/journal.sqlite\n"
    )
    let query = try ReviewProcess.run([
      ReviewProcess.sampleCSV, "--journal", folder.path, "-c", "segment red count as csv",
    ])
    #expect(query.status == 4)
    #expect(query.standardOutput == "accounts,arr\r\n34,4351400\r\n")
    #expect(query.standardError.contains("the journal path is a folder, not a file"))
    let both = try ReviewProcess.run([
      ReviewProcess.sampleCSV, "--journal", folder.file("j.sqlite"), "--no-journal", "-c",
      "segment red count",
    ])
    #expect(both.status == 2)
    #expect(
      both.standardError.hasPrefix("review: --journal and --no-journal cannot be used together\n"))
  }

  /// A journal in a folder that does not exist is no file to leave as it is, so the
  /// warning does not say that it is.
  @Test func journalInMissingFolderSaysWhatHappened() throws {
    let folder = try TemporaryFolder()
    let journal = folder.file("missing/journal.sqlite")
    let outcome = try ReviewProcess.run([
      ReviewProcess.sampleCSV, "--journal", journal, "-c", "segment red count as csv",
    ])
    #expect(outcome.status == 4)
    #expect(
      outcome.standardError
        == "\(journal): warning: this session runs without a journal, because the journal cannot be used: cannot open the journal: its folder \(folder.file("missing")) does not exist. Queries work, but notes, actions and snapshots are not kept\n  hint: check that the directory exists and that you may write to it; review --journal-check shows its state, and --journal PATH uses another journal\n"
    )
    #expect(!FileManager.default.fileExists(atPath: folder.file("missing")))
  }

  @Test func corruptJournalIsReportedAndKept() throws {
    let folder = try TemporaryFolder()
    let data = try folder.write("book.csv", "id,name,health,arr\n1,Acme,30,1000\n2,Beta,80,2000\n")
    let journal = folder.file("data/review/journal.sqlite")
    try FileManager.default.createDirectory(
      atPath: folder.file("data/review"), withIntermediateDirectories: true)
    let garbage = String(repeating: "this is not a journal\n", count: 400)
    try garbage.write(toFile: journal, atomically: true, encoding: .utf8)
    let before = try Data(contentsOf: URL(fileURLWithPath: journal))
    let environment = ["XDG_DATA_HOME": folder.file("data")]
    let warning =
      "\(journal): warning: this session runs without a journal, because the journal cannot be used: the file is not an SQLite database, so it is not a journal. Queries work, but notes, actions and snapshots are not kept\n  hint: the file was left unchanged; move it away or choose another journal path; review --journal-check shows its state, and --journal PATH uses another journal\n"

    let query = try ReviewProcess.run(
      [data, "-c", "segment red count as csv"], environment: environment)
    #expect(query.status == 4)
    #expect(query.standardOutput == "accounts,arr\r\n1,1000\r\n")
    #expect(query.standardError == warning)

    let note = try ReviewProcess.run(
      [data, "-c", "note Acme \"call the CFO\""], environment: environment)
    #expect(note.status == 4)
    #expect(
      note.standardError.hasSuffix(
        "-c:1:11: error: the journal is unavailable: \(journal) cannot be used: the file is not an SQLite database, so it is not a journal\n  note Acme \"call the CFO\"\n            ^~~~~~~~~~~~~~\n  hint: run review --journal-check to see its state, or start review with --journal PATH to use another journal\n"
      ), "\(note.standardError)")

    let script = try ReviewProcess.run(
      [data, "--journal", journal], input: "segment red count as csv\nsegment all count as csv\n")
    #expect(script.status == 4)
    #expect(script.standardOutput == "accounts,arr\r\n1,1000\r\naccounts,arr\r\n2,3000\r\n")

    let history = try ReviewProcess.run(
      [data, "--history", data, "-c", "segment red count"], environment: environment)
    #expect(history.status == 4)
    #expect(history.standardOutput.isEmpty)

    let check = try ReviewProcess.run(["--journal-check", "--journal", journal])
    #expect(check.status == 4)
    #expect(try Data(contentsOf: URL(fileURLWithPath: journal)) == before)

    let without = try ReviewProcess.run(
      [data, "--no-journal", "-c", "segment red count as csv"], environment: environment)
    #expect(without.status == 0)
    #expect(without.standardError.isEmpty)
  }

  @Test func historyFileFeedsChanges() throws {
    let folder = try TemporaryFolder()
    let history = try folder.write(
      "history.csv",
      "account,date,health,status\nACC-1001,2021-12-01,55,yellow\nACC-1002,2021-12-01,45,yellow\n"
        + "ACC-1027,2021-12-01,52,yellow\n")
    let outcome = try ReviewProcess.run([
      ReviewProcess.sampleCSV, "--today", "2022-02-01", "--journal", folder.file("j.sqlite"),
      "--history", history,
      "-c", "segment newly red show id as csv",
    ])
    #expect(outcome.status == 0, "\(outcome.standardError)")
    // ACC-1002 is still yellow; the two now red come in the segment's order, largest ARR first.
    #expect(outcome.standardOutput == "id\r\nACC-1001\r\nACC-1027\r\n")
  }

  /// A history file without renewal dates cannot tell which accounts entered the renewal
  /// window, so changes lists only the moves it records.
  @Test func historyWithoutRenewalDates() throws {
    let folder = try TemporaryFolder()
    let history = try folder.write(
      "history.csv", "account,date,health,status\nACC-1002,2022-01-01,80,green\n")
    let outcome = try ReviewProcess.run([
      ReviewProcess.sampleCSV, "--today", "2022-02-01", "--journal", folder.file("j.sqlite"),
      "--history", history, "-c", "changes as csv",
    ])
    #expect(outcome.status == 0, "\(outcome.standardError)")
    #expect(
      outcome.standardOutput
        == "account,arr,change,before,now\r\nKestrel Motors,37100,status,green,yellow\r\nKestrel Motors,37100,health fell below 80,80,44.4\r\n"
    )
  }

  @Test func historyDateNotInCalendar() throws {
    let folder = try TemporaryFolder()
    let history = try folder.write(
      "history.csv",
      "account,date,health,status\nACC-1001,2022-01-01,55,yellow\nACC-1001,2022-02-30,45,red\n")
    let outcome = try ReviewProcess.run([
      ReviewProcess.sampleCSV, "--today", "2022-02-01", "--journal", folder.file("j.sqlite"),
      "--history", history, "-c", "today",
    ])
    #expect(outcome.status == 3)
    #expect(
      outcome.standardError == """
        \(history):3:10: error: date in column "date" is "2022-02-30", which is not a date in the calendar
          hint: write the date as YYYY-MM-DD, such as 2022-02-01, or leave the cell empty to skip the row

        """)
  }

  @Test func dataThatFailsToLoadLeavesJournalAsItWas() throws {
    let folder = try TemporaryFolder()
    let broken = try folder.write("broken.csv", "id,name\n1,\"Acme\n")
    let journal = folder.file("journal.sqlite")

    // No journal file is made for a session whose data does not load.
    let first = try ReviewProcess.run([broken, "--journal", journal, "-c", "count"])
    #expect(first.status == 3)
    #expect(!FileManager.default.fileExists(atPath: journal))

    // A journal that exists is opened while the data loads, and still contains its actions
    // when the load fails.
    let added = try ReviewProcess.run([
      ReviewProcess.sampleCSV, "--today", "2022-02-01", "--journal", journal, "-c",
      "action add \"send the renewal quote\" for \"Sable Logistics\"",
    ])
    #expect(added.status == 0, "\(added.standardError)")
    let failed = try ReviewProcess.run([broken, "--journal", journal, "-c", "count"])
    #expect(failed.status == 3)
    #expect(failed.standardError.hasPrefix("\(broken):2:"), "\(failed.standardError)")
    let listed = try ReviewProcess.run([
      ReviewProcess.sampleCSV, "--today", "2022-02-01", "--journal", journal, "-c",
      "action list as csv",
    ])
    #expect(listed.status == 0)
    #expect(listed.standardOutput.contains("send the renewal quote"), "\(listed.standardOutput)")
    let check = try ReviewProcess.run(["--journal-check", "--journal", journal])
    #expect(check.status == 0, "\(check.standardOutput)")

    // An empty file is made a journal only by a session that goes on to use it.
    let empty = folder.file("empty.sqlite")
    #expect(FileManager.default.createFile(atPath: empty, contents: Data()))
    let failedOnEmpty = try ReviewProcess.run([broken, "--journal", empty, "-c", "count"])
    #expect(failedOnEmpty.status == 3)
    let emptySize = try FileManager.default.attributesOfItem(atPath: empty)[.size] as? Int
    #expect(emptySize == 0)
  }
}
