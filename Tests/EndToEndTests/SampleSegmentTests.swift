import Foundation
import Testing

/// Each built-in segment over the sample book, against what a person reading the export
/// would pick: an independent reading of the raw cells in Python.
@Suite("Segments on the sample book")
struct SampleSegmentTests {
  static let expected: [String: [String]] = {
    let oracle = ReviewProcess.path("Tests/EndToEndTests/Oracles/segments.py")
    guard
      let outcome = try? ReviewProcess.shell(
        "python3 '\(oracle)' '\(ReviewProcess.sampleCSV)' 2022-02-01"),
      let decoded = try? JSONDecoder().decode(
        [String: [String]].self, from: Data(outcome.standardOutput.utf8))
    else { return [:] }
    return decoded
  }()

  struct Case: CustomTestStringConvertible, Sendable {
    var segment: String
    /// Why an account belongs, in the words a person reading the export would use.
    var because: String
    var testDescription: String { "\(segment): \(because)" }
  }

  static let cases: [Case] = [
    Case(segment: "renewals<120", because: "renewal date in the next 120 days, and not churned"),
    Case(segment: "renewals<90", because: "renewal date in the next 90 days, and not churned"),
    Case(segment: "new<90", because: "client for fewer than 90 days, or still onboarding"),
    Case(segment: "trials", because: "stage Trial, POC or Opt-out"),
    Case(
      segment: "unengaged>30", because: "last engaged over 30 days ago or never, and not churned"),
    Case(
      segment: "unengaged>45", because: "last engaged over 45 days ago or never, and not churned"),
    Case(segment: "low-usage", because: "usage score under 40%, and not churned"),
    Case(segment: "high-usage", because: "usage score over 80%, and not churned"),
    Case(segment: "goals", because: "at least one documented goal"),
    Case(segment: "goals met", because: "every documented goal achieved"),
    Case(segment: "goals missing", because: "no goals documented, or zero"),
    Case(segment: "goals behind", because: "fewer goals achieved than documented"),
    Case(segment: "red", because: "status Red, and not churned"),
    Case(segment: "yellow", because: "status Yellow, and not churned"),
    Case(segment: "green", because: "status Green, and not churned"),
    Case(segment: "health<40", because: "SuccessScore under 40"),
    Case(segment: "health>80", because: "SuccessScore over 80"),
    Case(segment: "top10", because: "the ten largest ARR among accounts not churned"),
    Case(segment: "strategic", because: "Strategic is Yes"),
    Case(segment: "detractors", because: "NPS answer 0 to 6"),
    Case(segment: "passives", because: "NPS answer 7 or 8"),
    Case(segment: "promoters", because: "NPS answer 9 or 10"),
    Case(segment: "expansion", because: "an expansion ARR above zero, and not churned"),
    Case(segment: "churned", because: "stage Churned or a churn date"),
    Case(segment: "renewed", because: "stage Renewed or a renewed date"),
    Case(segment: "all", because: "every account"),
  ]

  @Test(arguments: cases)
  func segmentMatchesReading(_ testCase: Case) throws {
    let expected = try #require(
      Self.expected[testCase.segment], "the oracle gave nothing for \(testCase.segment)")
    let outcome = try ReviewProcess.run([
      ReviewProcess.sampleCSV, "--today", "2022-02-01", "--no-journal", "-c",
      "segment \(testCase.segment) show id as csv",
    ])
    #expect(outcome.status == 0, "\(outcome.standardError)")
    let ids = outcome.standardOutput.split(separator: "\r\n").dropFirst().map(String.init)
    #expect(ids.sorted() == expected)
    #expect(!expected.isEmpty, "the sample book should have accounts in \(testCase.segment)")
  }

  @Test func segmentsKeepTheirNaturalOrder() throws {
    func column(_ command: String) throws -> [String] {
      let outcome = try ReviewProcess.run([
        ReviewProcess.sampleCSV, "--today", "2022-02-01", "--no-journal", "-c", command,
      ])
      return outcome.standardOutput.split(separator: "\r\n").dropFirst().map(String.init)
    }
    let renewals = try column("segment renewals<120 show renewal_date as csv")
    #expect(renewals == renewals.sorted())
    let red = try column("segment red show arr as csv").map { Double($0) ?? -1 }
    #expect(red == red.sorted(by: >))
    let unengaged = try column("segment unengaged>30 show days_since_engaged as csv")
    let known = unengaged.compactMap(Int.init)
    #expect(known == known.sorted(by: >))
    // Accounts never engaged come last.
    let never = unengaged.suffix(unengaged.count - known.count)
    #expect(never.allSatisfy { $0.isEmpty })
  }
}
