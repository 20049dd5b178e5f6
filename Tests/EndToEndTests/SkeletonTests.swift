import Foundation
import Testing

@Suite("Segment query end to end")
struct SkeletonTests {
  static let query = "segment renewals<120 where arr>50000"

  /// The ids the SQLite oracle selects from the sample CSV.
  static func oracleIDs(today: String = "2022-02-01") throws -> [String] {
    let script = ReviewProcess.path("Tests/EndToEndTests/Oracles/renewals.py")
    let outcome = try ReviewProcess.shell(
      "python3 '\(script)' '\(ReviewProcess.sampleCSV)' \(today) 120 50000")
    try #require(outcome.status == 0, "oracle failed: \(outcome.standardError)")
    return outcome.standardOutput.split(separator: "\n").map(String.init)
  }

  static func reviewIDs(data: String, today: String = "2022-02-01") throws -> [String] {
    let outcome = try ReviewProcess.run([
      data, "--today", today, "--no-journal", "-c", "\(query) show id as csv",
    ])
    try #require(outcome.status == 0, "review failed: \(outcome.standardError)")
    let lines = outcome.standardOutput.split(separator: "\r\n").map(String.init)
    try #require(lines.first == "id")
    return Array(lines.dropFirst())
  }

  /// Runs `segment all show COLUMNS sort id as csv` and returns its lines. The columns are
  /// by default every field, derived ones included.
  static func everyAccount(data: String, columns: String = "*") throws -> [String] {
    let outcome = try ReviewProcess.run([
      data, "--today", "2022-02-01", "--no-journal", "-c",
      "segment all show \(columns) sort id as csv",
    ])
    try #require(outcome.status == 0, "review failed: \(outcome.standardError)")
    return outcome.standardOutput.components(separatedBy: "\r\n")
  }

  @Test func csvMatchesSQLiteOracle() throws {
    let expected = try Self.oracleIDs()
    #expect(expected.count >= 5, "the sample should have several renewals above $50,000")
    #expect(try Self.reviewIDs(data: ReviewProcess.sampleCSV) == expected)
  }

  /// The JSON sample contains the same accounts as the CSV one, every field alike, and the
  /// object of attributes that each of its records carries besides.
  @Test func jsonGivesSameRows() throws {
    let fromCSV = try Self.everyAccount(data: ReviewProcess.sampleCSV)
    // A header, one line for each of the 248 accounts, and the empty text after the last.
    #expect(fromCSV.count == 250)
    let header = try #require(fromCSV.first)
    #expect(header.hasPrefix("id,name,csm,exec_sponsor,health,status,arr,tcv,client_since,"))

    let jsonHeader = try #require(try Self.everyAccount(data: ReviewProcess.sampleJSON).first)
    let csvFields = Set(header.split(separator: ","))
    #expect(
      Set(jsonHeader.split(separator: ","))
        == csvFields.union(["attributes.type", "attributes.source"]))

    let fromJSON = try Self.everyAccount(data: ReviewProcess.sampleJSON, columns: header)
    #expect(fromJSON.count == fromCSV.count)
    for (csvLine, jsonLine) in zip(fromCSV, fromJSON) where csvLine != jsonLine {
      Issue.record("CSV gives \(csvLine)\nJSON gives \(jsonLine)")
    }
  }

  @Test func tableShowsDefaultColumns() throws {
    let outcome = try ReviewProcess.run([
      ReviewProcess.sampleCSV, "--today", "2022-02-01", "-c", Self.query,
    ])
    #expect(outcome.status == 0)
    let lines = outcome.standardOutput.split(separator: "\n").map(String.init)
    let header = try #require(lines.first)
    #expect(
      header.split(separator: " ", omittingEmptySubsequences: true)
        == ["name", "csm", "arr", "renewal_date", "days_to_renewal", "health"])
    #expect(lines[1].allSatisfy { $0 == "-" || $0 == " " })
    #expect(
      lines.contains(
        "Nimbus Analytics     Ana Sousa      $225,500  2022-02-06                  5    58.9"))
    #expect(lines.last == "27 accounts · $6.8M ARR")
  }

  @Test func rowsSortedByRenewalDate() throws {
    let outcome = try ReviewProcess.run([
      ReviewProcess.sampleCSV, "--today", "2022-02-01", "-c",
      "\(Self.query) show renewal_date as csv",
    ])
    let dates = outcome.standardOutput.split(separator: "\r\n").dropFirst().map(String.init)
    #expect(dates == dates.sorted())
    #expect(dates.first == "2022-02-06")
  }

  /// The window follows --today: the renewals above $50,000 in the 120 days from each date,
  /// as the SQLite oracle selects them from the export.
  @Test(arguments: [
    (
      "2022-02-01",
      [
        "ACC-1035", "ACC-1100", "ACC-1184", "ACC-1016", "ACC-1165", "ACC-1008", "ACC-1030",
        "ACC-1161", "ACC-1205", "ACC-1005", "ACC-1059", "ACC-1156", "ACC-1194", "ACC-1220",
        "ACC-1104", "ACC-1203", "ACC-1101", "ACC-1196", "ACC-1078", "ACC-1208", "ACC-1036",
        "ACC-1086", "ACC-1116", "ACC-1185", "ACC-1136", "ACC-1150", "ACC-1207",
      ],
      "27,6789700"
    ),
    (
      "2022-06-01",
      [
        "ACC-1076", "ACC-1018", "ACC-1152", "ACC-1048", "ACC-1077", "ACC-1128", "ACC-1012",
        "ACC-1160", "ACC-1219", "ACC-1191", "ACC-1200", "ACC-1166", "ACC-1231", "ACC-1019",
        "ACC-1084", "ACC-1237", "ACC-1079", "ACC-1238", "ACC-1145", "ACC-1227", "ACC-1062",
        "ACC-1067",
      ],
      "22,4041200"
    ),
  ])
  func todayOptionMovesTheWindow(today: String, ids: [String], total: String) throws {
    #expect(try Self.oracleIDs(today: today) == ids)
    #expect(try Self.reviewIDs(data: ReviewProcess.sampleCSV, today: today) == ids)
    let count = try ReviewProcess.run([
      ReviewProcess.sampleCSV, "--today", today, "--no-journal", "-c",
      "\(Self.query) count as csv",
    ])
    #expect(count.standardOutput == "accounts,arr\r\n\(total)\r\n")
  }

  @Test func todayCommandInScript() throws {
    // Without --today, which would win over the script's line, the session starts on the
    // system date.
    let outcome = try ReviewProcess.run(
      [ReviewProcess.sampleCSV],
      input: "today 2022-02-01\n\(Self.query) count as csv\n")
    #expect(outcome.status == 0)
    #expect(outcome.standardOutput == "accounts,arr\r\n27,6789700\r\n")
    #expect(outcome.standardError == "")
  }
}
