import Foundation
import Testing

/// The bundled sample book read through review, checked for the consistency a real export
/// has: no contact before an account became a client, touches no older than engagements,
/// churn and renewal dates that fit the stage, and a believable spread of engagement.
@Suite("Sample book consistency")
struct SampleBookTests {
  /// One account as `show * as jsonl` writes it. Its dates are ISO text, so they sort as text.
  struct Account: Sendable {
    var texts: [String: String] = [:]
    var numbers: [String: Double] = [:]

    init(fields: [String: Any]) {
      for (name, value) in fields {
        if let value = value as? String { texts[name] = value }
        if let value = value as? NSNumber { numbers[name] = value.doubleValue }
      }
    }

    var id: String { text("id") ?? "?" }
    func text(_ name: String) -> String? { texts[name] }
    func number(_ name: String) -> Double? { numbers[name] }
    var isChurned: Bool { text("stage") == "churned" }
  }

  static let today = "2022-02-01"

  static func accounts(from data: String) throws -> [Account] {
    let outcome = try ReviewProcess.run([
      data, "--today", today, "--no-journal", "-c", "segment all show * sort id as jsonl",
    ])
    try #require(outcome.status == 0, "\(outcome.standardError)")
    return try outcome.standardOutput.split(separator: "\n").map { line in
      let object = try JSONSerialization.jsonObject(with: Data(line.utf8))
      return Account(fields: try #require(object as? [String: Any]))
    }
  }

  static let book: [Account] = (try? accounts(from: ReviewProcess.sampleCSV)) ?? []

  /// Checks one account against the rules every account follows, and returns each broken
  /// one as "ID: rule".
  static func brokenRules(_ account: Account) -> [String] {
    var broken: [String] = []
    func rule(_ holds: Bool, _ description: String) {
      if !holds { broken.append("\(account.id): \(description)") }
    }
    guard let since = account.text("client_since") else {
      return ["\(account.id): client_since is missing"]
    }
    rule(since <= today, "client_since is after today")
    for field in ["last_touch", "last_engaged", "nps_date", "churn_date", "renewed_date"] {
      if let day = account.text(field) {
        rule(day >= since, "\(field) \(day) is before client_since \(since)")
        rule(day <= today, "\(field) \(day) is after today")
      }
    }
    let renewal = account.text("renewal_date")
    rule(renewal.map { $0 > since } ?? false, "renewal_date is missing or not after client_since")
    if let touch = account.text("last_touch"), let engaged = account.text("last_engaged") {
      rule(touch >= engaged, "last_touch \(touch) is before last_engaged \(engaged)")
    }
    if account.isChurned {
      rule(account.text("churn_date") != nil, "churned without a churn_date")
      rule(account.text("churn_reason") != nil, "churned without a churn_reason")
      rule(renewal.map { $0 <= today } ?? true, "churned with a renewal ahead")
      rule(account.text("renewed_date") == nil, "churned with a renewed_date")
    } else {
      rule(account.text("churn_date") == nil, "a churn_date on an account not churned")
      rule(renewal.map { $0 > today } ?? false, "renewal_date not ahead of today")
    }
    if account.text("stage") == "renewed" {
      rule(account.text("renewed_date") != nil, "renewed without a renewed_date")
    }
    if account.text("stage") == "onboarding" {
      rule((account.number("tenure_days") ?? 999) < 90, "onboarding for 90 days or more")
    }
    rule(
      (account.number("nps") == nil) == (account.text("nps_date") == nil),
      "an NPS answer without its date, or a date without an answer")
    if let health = account.number("health") {
      var status = "green"
      if health < 70 { status = "yellow" }
      if health < 40 { status = "red" }
      rule(account.text("status") == status, "status does not match health \(health)")
    }
    if let total = account.number("goals_total") {
      rule((account.number("goals_achieved") ?? 0) <= total, "more goals achieved than set")
    }
    return broken
  }

  @Test func everyAccountIsConsistent() throws {
    try #require(!Self.book.isEmpty, "the sample book did not load")
    let broken = Self.book.flatMap(Self.brokenRules)
    #expect(broken.isEmpty, "\(broken.joined(separator: "\n"))")
  }

  @Test func bookSizeFitsExamples() {
    #expect((150...300).contains(Self.book.count), "\(Self.book.count) accounts")
  }

  /// Most accounts spoke with their CSM in the last month, a fifth to a third went quiet
  /// for more than 45 days, and a few were never engaged.
  @Test func engagementSpreadIsRealistic() throws {
    let open = Self.book.filter { !$0.isChurned }
    try #require(!open.isEmpty)
    let days = open.map { $0.number("days_since_engaged") }
    let recent = days.filter { ($0 ?? .infinity) <= 30 }.count
    let quiet = days.filter { ($0 ?? .infinity) > 45 }.count
    let never = days.filter { $0 == nil }.count
    let share = { (count: Int) in Double(count) / Double(open.count) }
    #expect(share(recent) > 0.5, "\(recent) of \(open.count) engaged within 30 days")
    #expect((0.2...0.34).contains(share(quiet)), "\(quiet) of \(open.count) quiet over 45 days")
    #expect((1...open.count / 20).contains(never), "\(never) never engaged")
  }

  @Test func everyStageAndStatusIsPresent() {
    let stages = Set(Self.book.compactMap { $0.text("stage") })
    #expect(
      stages == ["onboarding", "trial", "poc", "opt-out", "active", "churned", "renewed"])
    let statuses = Set(Self.book.filter { !$0.isChurned }.compactMap { $0.text("status") })
    #expect(statuses == ["red", "yellow", "green"])
    #expect(Set(Self.book.compactMap { $0.text("csm") }).count >= 4)
    #expect(Self.book.contains { $0.number("nps") == nil })
    #expect(Self.book.contains { $0.number("nps") != nil })
  }

  /// Renewals of open accounts fall in every month of the coming year.
  @Test func renewalsSpreadOverTheYear() {
    let months = Set(
      Self.book.filter { !$0.isChurned }.compactMap { $0.text("renewal_date")?.prefix(7) })
    let coming = [
      "2022-02", "2022-03", "2022-04", "2022-05", "2022-06", "2022-07", "2022-08", "2022-09",
      "2022-10", "2022-11", "2022-12", "2023-01",
    ]
    #expect(coming.filter { !months.contains(Substring($0)) } == [])
  }

  /// Names that need CSV quoting or more than ASCII, so that the sample exercises both.
  @Test func namesNeedQuotingAndUnicode() {
    let names = Self.book.compactMap { $0.text("name") }
    #expect(names.contains("Müller & Söhne"))
    #expect(names.contains { $0.contains(",") })
    #expect(names.contains { $0.contains("\"") })
    #expect(names.contains { $0.contains("&") })
    let wide = names.filter { name in
      name.unicodeScalars.contains { (0x3040...0x9FFF).contains($0.value) }
    }
    #expect(wide.count >= 3, "\(wide)")
    #expect(names.contains { $0.unicodeScalars.contains { (0xC0...0x17F).contains($0.value) } })
  }
}
