import ReviewBook
import ReviewLanguage

/// The parameters a segment is used with: `renewals<90` has the symbol `<` and the value
/// 90; `goals met` has the qualifier "met".
struct SegmentParameters: Sendable {
  var symbol: ComparisonSymbol
  var value: Double
  var qualifier: String?

  /// The threshold as written in an expression.
  var valueText: String { ValueText.number(value) }
}

/// A segment the tool knows: how to find its accounts, and how to show them.
struct BuiltinSegment: Sendable {
  let name: String
  /// Other names it answers to.
  let aliases: [String]
  /// What it selects, with `N` standing for the threshold.
  let summary: String
  /// The comparison and value used when none is written (`renewals` is `renewals<120`).
  let threshold: (symbol: ComparisonSymbol, value: Double)?
  /// Whether a threshold must be written, as for `health<40`.
  let requiresThreshold: Bool
  /// Whether a qualifier must be written, as for `newly red`.
  let requiresQualifier: Bool
  /// Qualifier words and what each selects.
  let qualifiers: [(word: String, summary: String)]
  /// Alternative definitions as expressions, tried in order; the first whose fields the
  /// book has is used. Empty for segments computed natively (`top`).
  let definitions: @Sendable (SegmentParameters) -> [String]
  let sort: @Sendable (SegmentParameters) -> [(field: String, descending: Bool)]
  let columns: [String]
  /// The hint given when the book has the fields of none of the definitions, in place of
  /// the hint of the first definition's error.
  let unavailableHint: String?

  init(
    _ name: String, aliases: [String] = [], summary: String,
    threshold: (symbol: ComparisonSymbol, value: Double)? = nil, requiresThreshold: Bool = false,
    requiresQualifier: Bool = false,
    qualifiers: [(word: String, summary: String)] = [],
    definitions: @escaping @Sendable (SegmentParameters) -> [String],
    sort: @escaping @Sendable (SegmentParameters) -> [(field: String, descending: Bool)],
    columns: [String], unavailableHint: String? = nil
  ) {
    self.name = name
    self.aliases = aliases
    self.summary = summary
    self.threshold = threshold
    self.requiresThreshold = requiresThreshold
    self.requiresQualifier = requiresQualifier
    self.qualifiers = qualifiers
    self.definitions = definitions
    self.sort = sort
    self.columns = columns
    self.unavailableHint = unavailableHint
  }

  /// The segment as the user would write it with default parameters: `renewals<120`.
  var usage: String {
    guard let threshold else { return name }
    if name == "top" { return "top\(ValueText.number(threshold.value))" }
    return "\(name)\(threshold.symbol.rawValue)\(ValueText.number(threshold.value))"
  }

  func summary(for parameters: SegmentParameters) -> String {
    var text = summary.replacingOccurrences(of: "{N}", with: parameters.valueText)
    if let qualifier = parameters.qualifier,
      let entry = qualifiers.first(where: { $0.word == qualifier })
    {
      text = entry.summary
    }
    return text
  }
}

enum ValueText {
  static func number(_ value: Double) -> String {
    value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value)
  }
}

extension String {
  func replacingOccurrences(of target: String, with replacement: String) -> String {
    guard !target.isEmpty, contains(target) else { return self }
    var result = ""
    var index = startIndex
    while index < endIndex {
      if self[index...].hasPrefix(target) {
        result += replacement
        index = self.index(index, offsetBy: target.count)
      } else {
        result.append(self[index])
        index = self.index(after: index)
      }
    }
    return result
  }
}

/// The segments of an account review.
enum BuiltinSegments {
  static let accountColumns = ["name", "csm", "arr", "renewal_date", "health", "status"]

  static let all: [BuiltinSegment] = [
    BuiltinSegment(
      "renewals", aliases: ["renewal", "renewing"],
      summary: "renewal date within the next {N} days, not churned",
      threshold: (.less, 120),
      definitions: { p in
        let bound = "days_to_renewal \(p.symbol.rawValue) \(p.valueText)"
        let window =
          p.symbol == .less || p.symbol == .lessOrEqual
          ? "days_to_renewal >= 0 and \(bound)" : bound
        return ["\(window) and not churned", window]
      },
      sort: { _ in [("renewal_date", false)] },
      columns: ["name", "csm", "arr", "renewal_date", "days_to_renewal", "health"]),
    BuiltinSegment(
      "lapsed", aliases: ["overdue-renewals"],
      summary: "renewal date passed, neither renewed nor churned",
      definitions: { _ in
        [
          "days_to_renewal < 0 and not churned and not renewed",
          "days_to_renewal < 0 and not churned", "days_to_renewal < 0",
        ]
      },
      sort: { _ in [("renewal_date", false)] },
      columns: ["name", "csm", "arr", "renewal_date", "days_to_renewal", "stage", "health"]),
    BuiltinSegment(
      "new", aliases: ["onboarding"],
      summary: "client for fewer than {N} days, or in onboarding",
      threshold: (.less, 90),
      definitions: { p in
        let tenure = "tenure_days >= 0 and tenure_days \(p.symbol.rawValue) \(p.valueText)"
        return ["\(tenure) or stage = onboarding", tenure, "stage = onboarding"]
      },
      sort: { _ in [("client_since", true)] },
      columns: ["name", "csm", "arr", "client_since", "tenure_days", "stage", "health"]),
    BuiltinSegment(
      "trials", aliases: ["trial", "poc", "pocs"],
      summary: "in a trial, a proof of concept or an opt-out period",
      definitions: { _ in ["stage in (trial, poc, opt-out)"] },
      sort: { _ in [("client_since", true)] },
      columns: ["name", "csm", "stage", "arr", "client_since", "health"]),
    BuiltinSegment(
      "unengaged", aliases: ["quiet", "inactive"],
      summary: "last engaged more than {N} days ago, or never; not churned",
      threshold: (.greater, 30),
      definitions: { p in
        let never = p.symbol == .greater || p.symbol == .greaterOrEqual
        let engaged = "days_since_engaged \(p.symbol.rawValue) \(p.valueText)"
        let touched = "days_since_touch \(p.symbol.rawValue) \(p.valueText)"
        let byEngagement = never ? "(\(engaged) or last_engaged is missing)" : engaged
        let byTouch = never ? "(\(touched) or last_touch is missing)" : touched
        return [
          "\(byEngagement) and not churned", byEngagement, "\(byTouch) and not churned", byTouch,
        ]
      },
      sort: { _ in [("days_since_engaged", true), ("days_since_touch", true)] },
      columns: ["name", "csm", "arr", "last_engaged", "days_since_engaged", "health"]),
    BuiltinSegment(
      "low-usage", aliases: ["low-adoption"],
      summary: "usage score below {N}, not churned",
      threshold: (.less, 40),
      definitions: { p in
        [
          "usage \(p.symbol.rawValue) \(p.valueText) and not churned",
          "usage \(p.symbol.rawValue) \(p.valueText)",
        ]
      },
      sort: { _ in [("usage", false)] },
      columns: ["name", "csm", "arr", "usage", "health", "status"]),
    BuiltinSegment(
      "high-usage", aliases: ["high-adoption"],
      summary: "usage score above {N}, not churned",
      threshold: (.greater, 80),
      definitions: { p in
        [
          "usage \(p.symbol.rawValue) \(p.valueText) and not churned",
          "usage \(p.symbol.rawValue) \(p.valueText)",
        ]
      },
      sort: { _ in [("usage", true)] },
      columns: ["name", "csm", "arr", "usage", "health", "status"]),
    BuiltinSegment(
      "goals",
      summary: "accounts with documented goals",
      qualifiers: [
        ("met", "every documented goal achieved"),
        ("missing", "no documented goals"),
        ("behind", "documented goals not all achieved yet"),
      ],
      definitions: { p in
        switch p.qualifier {
        case "met": return ["goals_total > 0 and goals_remaining <= 0"]
        case "missing": return ["goals_total is missing or goals_total = 0"]
        case "behind": return ["goals_total > 0 and goals_remaining > 0"]
        default: return ["goals_total > 0"]
        }
      },
      sort: { _ in [("goals_remaining", true), ("arr", true)] },
      columns: ["name", "csm", "arr", "goals_total", "goals_achieved", "health"]),
    BuiltinSegment(
      "red", summary: "status red, not churned",
      definitions: { _ in ["status = red and not churned", "status = red"] },
      sort: { _ in [("arr", true)] },
      columns: ["name", "csm", "arr", "health", "status", "renewal_date"]),
    BuiltinSegment(
      "yellow", summary: "status yellow, not churned",
      definitions: { _ in ["status = yellow and not churned", "status = yellow"] },
      sort: { _ in [("arr", true)] },
      columns: ["name", "csm", "arr", "health", "status", "renewal_date"]),
    BuiltinSegment(
      "green", summary: "status green, not churned",
      definitions: { _ in ["status = green and not churned", "status = green"] },
      sort: { _ in [("arr", true)] },
      columns: ["name", "csm", "arr", "health", "status", "renewal_date"]),
    BuiltinSegment(
      "health", summary: "health score compared with {N} (health<40, health>80)",
      threshold: (.less, 40), requiresThreshold: true,
      definitions: { p in ["health \(p.symbol.rawValue) \(p.valueText)"] },
      sort: { p in [("health", p.symbol == .greater || p.symbol == .greaterOrEqual)] },
      columns: ["name", "csm", "arr", "health", "status", "renewal_date"]),
    BuiltinSegment(
      "top", aliases: ["largest"],
      summary: "the {N} accounts with the largest ARR, not churned",
      threshold: (.equal, 10),
      definitions: { _ in [] },
      sort: { _ in [("arr", true)] },
      columns: ["name", "csm", "arr", "health", "status", "renewal_date"]),
    BuiltinSegment(
      "strategic", summary: "flagged strategic",
      definitions: { _ in ["strategic"] },
      sort: { _ in [("arr", true)] },
      columns: ["name", "csm", "exec_sponsor", "arr", "health", "status"]),
    BuiltinSegment(
      "detractors", aliases: ["detractor"], summary: "latest NPS answer 0 to 6",
      definitions: { _ in ["nps >= 0 and nps < 7"] },
      sort: { _ in [("nps", false), ("arr", true)] },
      columns: ["name", "csm", "nps", "nps_date", "nps_comment"]),
    BuiltinSegment(
      "passives", aliases: ["passive"], summary: "latest NPS answer 7 or 8",
      definitions: { _ in ["nps >= 7 and nps < 9"] },
      sort: { _ in [("nps", false), ("arr", true)] },
      columns: ["name", "csm", "nps", "nps_date", "nps_comment"]),
    BuiltinSegment(
      "promoters", aliases: ["promoter"], summary: "latest NPS answer 9 or 10",
      definitions: { _ in ["nps >= 9 and nps <= 10"] },
      sort: { _ in [("nps", true), ("arr", true)] },
      columns: ["name", "csm", "nps", "nps_date", "nps_comment"]),
    BuiltinSegment(
      "expansion", aliases: ["upsell"], summary: "an open expansion opportunity, not churned",
      definitions: { _ in
        [
          "expansion_arr > 0 and not churned", "expansion_arr > 0",
          "expansion_stage is not missing and not churned",
          "expansion_stage is not missing",
        ]
      },
      sort: { _ in [("expansion_arr", true)] },
      columns: ["name", "csm", "arr", "expansion_arr", "expansion_stage", "health"]),
    BuiltinSegment(
      "churned",
      summary: "stage churned, a churn date, or a yes/no churned, churn_flag or churn column",
      definitions: { _ in
        [
          "stage = churned or churn_date is not missing", "stage = churned",
          "churn_date is not missing",
          "churned", "churn_flag", "churn", "is_churned",
        ]
      },
      sort: { _ in [("churn_date", true), ("arr", true)] },
      columns: ["name", "csm", "arr", "churn_date", "churn_reason"],
      unavailableHint:
        "load the column that records churn with --map: 'Header=churned' for a yes/no or 0/1 flag, 'Header=churn_date' for the date, or 'Header=stage' for a stage that reads churned"
    ),
    BuiltinSegment(
      "renewed", summary: "stage renewed or a renewal recorded",
      definitions: { _ in
        [
          "stage = renewed or renewed_date is not missing", "stage = renewed",
          "renewed_date is not missing",
        ]
      },
      sort: { _ in [("renewed_date", true), ("arr", true)] },
      columns: ["name", "csm", "arr", "renewed_date", "renewal_date", "health"]),
    BuiltinSegment(
      "newly",
      summary:
        "status red now and not at the previous snapshot, not churned (also newly yellow, newly green)",
      requiresQualifier: true,
      qualifiers: [
        ("red", "red now, not red at the previous snapshot, not churned"),
        ("yellow", "yellow now, not yellow at the previous snapshot, not churned"),
        ("green", "green now, not green at the previous snapshot, not churned"),
      ],
      definitions: { _ in [] },
      sort: { _ in [("arr", true)] },
      columns: ["name", "csm", "arr", "health", "status", "renewal_date"]),
    BuiltinSegment(
      "improved",
      summary:
        "status better than at the previous snapshot (red to yellow or green, yellow to green)",
      definitions: { _ in [] },
      sort: { _ in [("arr", true)] },
      columns: ["name", "csm", "arr", "health", "status", "renewal_date"]),
    BuiltinSegment(
      "dropped",
      summary: "health fell by more than {N} since the previous snapshot, or fell below 40",
      threshold: (.greater, 10),
      definitions: { _ in [] },
      sort: { _ in [("health", false)] },
      columns: ["name", "csm", "arr", "health", "status", "renewal_date"]),
    BuiltinSegment(
      "rose", summary: "health rose by more than {N} since the previous snapshot, or rose above 80",
      threshold: (.greater, 10),
      definitions: { _ in [] },
      sort: { _ in [("health", true)] },
      columns: ["name", "csm", "arr", "health", "status", "renewal_date"]),
    BuiltinSegment(
      "all", aliases: ["everyone", "accounts"], summary: "every account",
      definitions: { _ in [] },
      sort: { _ in [("name", false)] },
      columns: accountColumns),
  ]

  private static let byKey: [String: BuiltinSegment] = {
    var table: [String: BuiltinSegment] = [:]
    for segment in all {
      table[Field.matchingKey(segment.name)] = segment
      for alias in segment.aliases { table[Field.matchingKey(alias)] = segment }
    }
    return table
  }()

  static func named(_ name: String) -> BuiltinSegment? {
    byKey[Field.matchingKey(name)]
  }

  /// Every name and alias, for suggestions and completion.
  static var names: [String] {
    all.flatMap { [$0.name] + $0.aliases }
  }

  /// Splits a name such as `top10` into `top` and 10.
  static func splitCount(_ name: String) -> (String, Double)? {
    let lowered = name.lowercased()
    guard lowered.hasPrefix("top"), lowered.count > 3 else { return nil }
    let digits = lowered.dropFirst(3)
    guard digits.allSatisfy(\.isNumber), let count = Double(digits) else { return nil }
    return ("top", count)
  }
}
