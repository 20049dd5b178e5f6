import Foundation
import Testing

/// Exports that nobody on this project wrote, kept beside the repository, with what
/// loading each one must give.
/// The exports: `REVIEW_REALDATA`, or `shared/realdata` beside the checkout.
let realDataFolder =
  ProcessInfo.processInfo.environment["REVIEW_REALDATA"]
  ?? ReviewProcess.packageRoot.deletingLastPathComponent().appendingPathComponent("shared/realdata")
  .path

@Suite(
  "Third-party exports",
  .enabled(
    if: FileManager.default.fileExists(atPath: realDataFolder),
    "the third-party exports are not beside this checkout"))
struct RealDataTests {
  static let folder = realDataFolder

  struct Case: CustomTestStringConvertible, Sendable {
    var file: String
    var accounts: Int?
    /// Text the standard error must contain: the warning or the error.
    var message: String?
    var arguments: [String] = []
    var testDescription: String {
      file + (arguments.isEmpty ? "" : " " + arguments.joined(separator: " "))
    }
  }

  static let cases: [Case] = [
    Case(file: "ibm-telco-customer-churn/Telco-Customer-Churn.csv", accounts: 7043),
    Case(
      file: "pysurvival-saas-churn/churn.csv", accounts: 2000,
      message: "no column is an account name or id"),
    Case(file: "ravenstack-saas/ravenstack_accounts.csv", accounts: 500),
    Case(
      file: "ravenstack-saas/ravenstack_churn_events.csv", accounts: 600,
      message: "248 rows share an id with an earlier row (such as A-1e50e0)"),
    Case(
      file: "ravenstack-saas/ravenstack_feature_usage.csv", accounts: 25000,
      message: "no column is an account name or id"),
    Case(
      file: "ravenstack-saas/ravenstack_subscriptions.csv", accounts: 5000,
      message: "4,500 rows share an id with an earlier row (such as A-3a5ad8)"),
    Case(
      file: "ravenstack-saas/ravenstack_support_tickets.csv", accounts: 2000,
      message: "1,508 rows share an id with an earlier row (such as A-7cfe77)"),
    Case(
      file: "salesforce-lwc-recipes/Accounts-Contacts.csv", accounts: nil,
      message:
        "Accounts-Contacts.csv:8:1: error: this row has 3 fields, but the header on line 1 has 9"),
    Case(
      file: "salesforce-lwc-recipes/Accounts-Contacts.csv", accounts: 14,
      message:
        "4 rows repeat the name of an earlier row (such as Alpha Dynamics), and the file has no id column to tell them apart",
      arguments: ["--ragged"]),
    Case(file: "salesforce-lwc-recipes/Accounts.json", accounts: 10),
    Case(
      file: "salesforce-lwc-recipes/Contacts.json", accounts: 6,
      message: "4 rows share an id with an earlier row (such as @AccountRef1)"),
    Case(
      file: "salesforce-lwc-recipes/Opportunities.json", accounts: 20,
      message: "10 rows share an id with an earlier row (such as @AccountRef1)"),
    Case(
      file: "salesforce-lwc-recipes/data-plan.json", accounts: 3,
      message: "no column is an account name or id"),
    // Files beside the exports that are not exports themselves.
    Case(
      file: "SOURCES.md", accounts: nil,
      message:
        "hint: is this an accounts export? The file's name ends in .md, and review reads CSV, TSV or JSON exports of accounts"
    ),
    Case(
      file: "ibm-telco-customer-churn/LICENSE", accounts: nil,
      message:
        "hint: is this an accounts export? The file's name has no extension, and review reads CSV, TSV or JSON exports of accounts"
    ),
  ]

  @Test(arguments: cases)
  func loadsOrExplains(_ testCase: Case) throws {
    let path = Self.folder + "/" + testCase.file
    try #require(FileManager.default.fileExists(atPath: path), "missing \(path)")
    let outcome = try ReviewProcess.run(
      [path] + testCase.arguments + ["-c", "segment all count as csv"])
    if let accounts = testCase.accounts {
      #expect(outcome.status == 0, "\(outcome.standardError)")
      #expect(outcome.standardOutput.hasPrefix("accounts"))
      let values = outcome.standardOutput.split(separator: "\r\n").dropFirst().first ?? ""
      #expect(values.split(separator: ",").first.map(String.init) == String(accounts))
    } else {
      #expect(outcome.status == 3)
      #expect(outcome.standardOutput.isEmpty)
    }
    if let message = testCase.message {
      #expect(outcome.standardError.contains(message), "\(outcome.standardError)")
    } else if testCase.accounts != nil {
      #expect(outcome.standardError.isEmpty, "\(outcome.standardError)")
    }
  }

  @Test func telcoDerivesARRFromMonthlyCharges() throws {
    let path = Self.folder + "/ibm-telco-customer-churn/Telco-Customer-Churn.csv"
    let outcome = try ReviewProcess.run([path, "-c", "show 7590-VHVEG as json"])
    #expect(outcome.status == 0)
    #expect(outcome.standardOutput.contains("\"mrr\": 29.85"))
    #expect(outcome.standardOutput.contains("\"arr\": 358.2"))
    #expect(outcome.standardOutput.contains("\"TotalCharges\": 29.85"))
  }

  /// The churn flag is written 1.0 and 0.0; 932 of the 2,000 rows have 1.0.
  @Test func pysurvivalChurnFlagCounts() throws {
    let path = Self.folder + "/pysurvival-saas-churn/churn.csv"
    let outcome = try ReviewProcess.run([path, "-c", "segment churned count as csv"])
    #expect(outcome.status == 0, "\(outcome.standardError)")
    #expect(outcome.standardOutput == "accounts\r\n932\r\n")
  }

  @Test func ravenstackNewAccountsNeedItsToday() throws {
    let path = Self.folder + "/ravenstack-saas/ravenstack_accounts.csv"
    let then = try ReviewProcess.run([
      path, "--today", "2024-10-01", "-c", "segment new<90 count as csv",
    ])
    #expect(then.standardOutput == "accounts\r\n70\r\n")
    let now = try ReviewProcess.run([
      path, "--today", "2026-12-01", "-c", "segment new<90 count as csv",
    ])
    #expect(now.standardOutput == "accounts\r\n0\r\n")
  }
}
