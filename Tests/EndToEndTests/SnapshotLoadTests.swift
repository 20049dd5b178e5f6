import Foundation
import Testing

/// Several loads on one journal on the same day: a corrected export of a book replaces the
/// first one, and a book of other accounts leaves the comparisons of the first alone.
@Suite("Snapshots of several loads a day")
struct SnapshotLoadTests {
  /// The sample without Blue Travel (ACC-1044) and with Silver Labs (ACC-1201) red at 20.
  static func correctedSample(in folder: TemporaryFolder) throws -> String {
    let text = try String(contentsOfFile: ReviewProcess.sampleCSV, encoding: .utf8)
    var lines = text.components(separatedBy: "\r\n").filter { !$0.hasPrefix("ACC-1044,") }
    let index = try #require(lines.firstIndex { $0.hasPrefix("ACC-1201,") })
    var fields = ChangesTests.split(lines[index])
    fields[4] = "20.0"
    fields[5] = "Red"
    lines[index] = fields.map { $0.contains(",") ? "\"\($0)\"" : $0 }.joined(separator: ",")
    return try folder.write("accounts-corrected.csv", lines.joined(separator: "\r\n"))
  }

  static let otherBook =
    "id,name,health,status\nT1,Telco One,30,red\nT2,Telco Two,80,green\n"
    + "T3,Telco Three,50,yellow\nT4,Telco Four,55,yellow\nT5,Telco Five,60,yellow\n"

  static func run(
    _ journal: String, _ today: String, _ data: String, _ commands: [String]
  )
    throws -> ReviewProcess.Outcome
  {
    try ReviewProcess.run(
      [data, "--today", today, "--journal", journal] + commands.flatMap { ["-c", $0] })
  }

  @Test func correctedExportReplacesFirstLoad() throws {
    let folder = try TemporaryFolder()
    let journal = folder.file("journal.sqlite")
    let corrected = try Self.correctedSample(in: folder)
    let first = try Self.run(journal, "2022-02-01", ReviewProcess.sampleCSV, ["today"])
    #expect(first.status == 0, "\(first.standardError)")
    let second = try Self.run(journal, "2022-02-01", corrected, ["today"])
    #expect(second.status == 0, "\(second.standardError)")

    let check = try ReviewProcess.run(["--journal-check", "--journal", journal])
    #expect(
      check.standardOutput
        == "\(journal): ok, schema version 4, 0 actions (0 open), 0 notes, 1 snapshot (247 account rows)\n"
    )

    let next = try Self.run(
      journal, "2022-02-02", corrected,
      ["changes as csv", "segment newly red show id as csv", "segment dropped show id as csv"])
    #expect(next.status == 0, "\(next.standardError)")
    #expect(
      next.standardOutput
        == "account,arr,change,before,now\r\n"
        + "Orbit Partners,64600,entered the 120-day renewal window,120,119\r\n"
        + "id\r\n" + "id\r\n")
  }

  @Test func otherBookLeavesComparisonsAlone() throws {
    let folder = try TemporaryFolder()
    let journal = folder.file("journal.sqlite")
    let other = try folder.write("telco.csv", Self.otherBook)
    _ = try Self.run(journal, "2022-02-01", ReviewProcess.sampleCSV, ["today"])
    _ = try Self.run(journal, "2022-02-01", other, ["today"])

    let sample = try Self.run(
      journal, "2022-02-02", ReviewProcess.sampleCSV,
      [
        "changes as csv", "segment newly red count as csv", "segment improved count as csv",
        "segment dropped count as csv", "segment rose count as csv",
        "segment red>0 count as csv",
      ])
    #expect(sample.status == 0, "\(sample.standardError)")
    let none = "accounts,arr\r\n0,0\r\n"
    #expect(
      sample.standardOutput
        == "account,arr,change,before,now\r\n"
        + "Orbit Partners,64600,entered the 120-day renewal window,120,119\r\n"
        + none + none + none + none + "accounts,arr\r\n34,4351400\r\n")

    // The other book, a day later with one account gone and one turned red, compares only
    // with its own snapshot.
    let changed = try folder.write(
      "telco-2.csv",
      "id,name,health,status\nT1,Telco One,30,red\nT2,Telco Two,80,green\n"
        + "T3,Telco Three,50,red\nT4,Telco Four,55,yellow\n")
    let telco = try Self.run(
      journal, "2022-02-02", changed,
      ["changes as csv", "segment newly red show id as csv", "segment red>0 show id as csv"])
    #expect(telco.status == 0, "\(telco.standardError)")
    #expect(
      telco.standardOutput
        == "account,arr,change,before,now\r\n" + "Telco Three,,status,yellow,red\r\n"
        + "Telco Five,,no longer in the book,yellow,\r\n" + "id\r\nT3\r\n" + "id\r\nT1\r\n")
  }

  @Test func historyWarningCountsAccounts() throws {
    let folder = try TemporaryFolder()
    let one = try folder.write(
      "one.csv", "account,date,health,status\nZZ9,2021-12-01,55,yellow\n")
    let two = try folder.write(
      "two.csv",
      "account,date,health,status\nZZ9,2021-12-01,55,yellow\nZZ8,2021-12-01,50,yellow\n")
    func run(_ history: String) throws -> ReviewProcess.Outcome {
      try ReviewProcess.run([
        ReviewProcess.sampleCSV, "--today", "2022-02-01", "--journal",
        folder.file("journal.sqlite"), "--history", history, "-c", "segment red count",
      ])
    }

    let single = try run(one)
    let several = try run(two)

    #expect(
      single.standardError
        == "\(one): warning: 1 account in the history matches no account of the book (such as \"ZZ9\"); its rows are kept\n"
    )
    #expect(
      several.standardError
        == "\(two): warning: 2 accounts in the history match no account of the book (such as \"ZZ9\"); their rows are kept\n"
    )
  }
}
