import Foundation
import Testing

@Suite("Segment query end to end")
struct SkeletonTests {
  static let query = "segment renewals<120 where arr>50000"

  /// The ids the SQLite oracle selects from the sample CSV.
  static func oracleIDs() throws -> [String] {
    let script = ReviewProcess.path("Tests/EndToEndTests/Oracles/renewals.py")
    let outcome = try ReviewProcess.shell(
      "python3 '\(script)' '\(ReviewProcess.sampleCSV)' 2022-02-01 120 50000")
    try #require(outcome.status == 0, "oracle failed: \(outcome.standardError)")
    return outcome.standardOutput.split(separator: "\n").map(String.init)
  }

  static func reviewIDs(data: String) throws -> [String] {
    let outcome = try ReviewProcess.run([
      data, "--today", "2022-02-01", "-c", "\(query) show id as csv",
    ])
    try #require(outcome.status == 0, "review failed: \(outcome.standardError)")
    let lines = outcome.standardOutput.split(separator: "\r\n").map(String.init)
    try #require(lines.first == "id")
    return Array(lines.dropFirst())
  }

  @Test func csvMatchesSQLiteOracle() throws {
    let expected = try Self.oracleIDs()
    #expect(expected.count >= 5, "the sample should have several renewals above $50,000")
    #expect(try Self.reviewIDs(data: ReviewProcess.sampleCSV) == expected)
  }

  @Test func jsonGivesSameRows() throws {
    let fromCSV = try Self.reviewIDs(data: ReviewProcess.sampleCSV)
    let fromJSON = try Self.reviewIDs(data: ReviewProcess.sampleJSON)
    #expect(fromJSON == fromCSV)
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
        "Lumen Motors       Jonas Berg    $60,500  2022-02-09                  8    85.7"))
    #expect(lines.last == "18 accounts · $3.2M ARR")
  }

  @Test func rowsSortedByRenewalDate() throws {
    let outcome = try ReviewProcess.run([
      ReviewProcess.sampleCSV, "--today", "2022-02-01", "-c",
      "\(Self.query) show renewal_date as csv",
    ])
    let dates = outcome.standardOutput.split(separator: "\r\n").dropFirst().map(String.init)
    #expect(dates == dates.sorted())
    #expect(dates.first == "2022-02-09")
  }

  @Test func todayOptionMovesTheWindow() throws {
    let early = try ReviewProcess.run([
      ReviewProcess.sampleCSV, "--today", "2022-02-01", "-c", "\(Self.query) count as csv",
    ])
    let later = try ReviewProcess.run([
      ReviewProcess.sampleCSV, "--today", "2022-06-01", "-c", "\(Self.query) count as csv",
    ])
    #expect(early.standardOutput.hasPrefix("accounts,arr\r\n18,"))
    #expect(later.standardOutput != early.standardOutput)
  }

  @Test func todayCommandInScript() throws {
    let outcome = try ReviewProcess.run(
      [ReviewProcess.sampleCSV, "--today", "2021-01-01"],
      input: "today 2022-02-01\n\(Self.query) count as csv\n")
    #expect(outcome.status == 0)
    #expect(outcome.standardOutput.hasPrefix("accounts,arr\r\n18,"))
    #expect(outcome.standardError == "")
  }
}
