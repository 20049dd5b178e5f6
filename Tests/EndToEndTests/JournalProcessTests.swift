import Foundation
import Testing

/// The journal as separate processes use it: killed mid-write, written by two at once,
/// checked, and refused when damaged.
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

  @Test func corruptJournalIsReportedAndKept() throws {
    let folder = try TemporaryFolder()
    let journal = folder.file("journal.sqlite")
    let garbage = String(repeating: "this is not a journal\n", count: 400)
    try garbage.write(toFile: journal, atomically: true, encoding: .utf8)
    let before = try Data(contentsOf: URL(fileURLWithPath: journal))

    let start = try ReviewProcess.run([
      ReviewProcess.sampleCSV, "--journal", journal, "-c", "segment red count",
    ])
    #expect(start.status == 4)
    #expect(start.standardError.hasPrefix("\(journal): error: "), "\(start.standardError)")
    #expect(start.standardError.contains("--no-journal"))
    #expect(start.standardOutput.isEmpty)

    let check = try ReviewProcess.run(["--journal-check", "--journal", journal])
    #expect(check.status == 4)
    #expect(try Data(contentsOf: URL(fileURLWithPath: journal)) == before)

    let without = try ReviewProcess.run([
      ReviewProcess.sampleCSV, "--journal", journal, "--no-journal", "-c",
      "segment churned count as csv",
    ])
    #expect(without.status == 0)
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
}
