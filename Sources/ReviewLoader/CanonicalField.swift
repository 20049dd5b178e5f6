import ReviewBook

/// The fields `review` knows by meaning. A source column maps to one of them through its
/// header; every other column keeps its own name.
public enum CanonicalField: String, CaseIterable, Sendable {
  case id
  case name
  case csm
  case execSponsor = "exec_sponsor"
  case arr
  case mrr
  case tcv
  case clientSince = "client_since"
  case renewalDate = "renewal_date"
  case health
  case status
  case lastTouch = "last_touch"
  case lastEngaged = "last_engaged"
  case stage
  case usage
  case nps
  case npsDate = "nps_date"
  case npsComment = "nps_comment"
  case goalsTotal = "goals_total"
  case goalsAchieved = "goals_achieved"
  case expansionARR = "expansion_arr"
  case expansionStage = "expansion_stage"
  case churnDate = "churn_date"
  case churnReason = "churn_reason"
  case renewedDate = "renewed_date"
  case tier
  case tags
  case strategic

  public var type: FieldType {
    switch self {
    case .id, .name, .csm, .execSponsor, .status, .stage, .npsComment, .expansionStage,
      .churnReason, .tier, .tags:
      return .text
    case .arr, .mrr, .tcv, .expansionARR:
      return .money
    case .clientSince, .renewalDate, .lastTouch, .lastEngaged, .npsDate, .churnDate, .renewedDate:
      return .date
    case .health, .usage, .nps, .goalsTotal, .goalsAchieved:
      return .number
    case .strategic:
      return .boolean
    }
  }

  /// Headers that mean this field, compared by `Field.matchingKey` (lowercase letters and
  /// digits only). The field's own name is always one of them.
  var aliases: [String] {
    switch self {
    case .id:
      return [
        "account id", "customer id", "client id", "company id", "account number", "external id",
        "salesforce id", "sfdc id", "crm id", "salesforce account id", "sfdc account id",
      ]
    case .name:
      return [
        "account name", "account", "client", "client name", "company", "company name", "customer",
        "customer name", "organization", "organisation", "organization name",
      ]
    case .csm:
      return [
        "assigned csm", "csm owner", "csm name", "customer success manager", "success manager",
        "cs owner", "csm assigned",
      ]
    case .execSponsor:
      return [
        "exec sponsor", "executive sponsor", "assigned exec sponsor", "assigned executive sponsor",
        "sponsor",
      ]
    case .arr:
      return ["annual recurring revenue", "arr amount", "arr usd", "current arr", "total arr"]
    case .mrr:
      return [
        "monthly recurring revenue", "mrr amount", "mrr usd", "monthly charges", "monthly fee",
      ]
    case .tcv:
      return ["total contract value", "contract value", "tcv amount"]
    case .clientSince:
      return [
        "client since", "client as of", "customer since", "client start date",
        "customer start date",
        "start date", "signup date", "sign up date", "contract start date", "onboarded date",
      ]
    case .renewalDate:
      return [
        "renewal", "renewal date", "next renewal", "next renewal date", "contract end date",
        "contract end", "end date", "renewal days to", "subscription end date",
        "contract renewal date", "renewal due date",
      ]
    case .health:
      return [
        "health score", "healthscore", "successscore", "success score", "current score",
        "customer health", "customer health score", "score",
      ]
    case .status:
      return ["health status", "rag", "rag status", "risk status", "health color", "health colour"]
    case .lastTouch:
      return [
        "last touch", "last touch days ago", "last touched", "last touch date", "last contact",
        "last contact date", "last activity", "last activity date",
      ]
    case .lastEngaged:
      return [
        "last engaged", "last engaged days ago", "last engagement", "last engagement date",
        "last engaged date", "last meeting", "last meeting date",
      ]
    case .stage:
      return ["lifecycle stage", "customer stage", "lifecycle", "journey stage", "account stage"]
    case .usage:
      return ["usage score", "adoption", "adoption score", "product usage", "usage percent"]
    case .nps:
      return ["nps score", "latest nps", "nps response", "last nps"]
    case .npsDate:
      return ["nps date", "nps response date", "nps responded", "last nps date"]
    case .npsComment:
      return ["nps comment", "nps feedback", "nps verbatim", "nps reason"]
    case .goalsTotal:
      return ["goals", "total goals", "documented goals", "goals count"]
    case .goalsAchieved:
      return ["goals achieved", "goals met", "achieved goals", "goals completed"]
    case .expansionARR:
      return [
        "expansion arr", "expansion", "expansion amount", "upsell arr", "expansion opportunity",
      ]
    case .expansionStage:
      return ["expansion stage", "upsell stage", "expansion status"]
    case .churnDate:
      return ["churn date", "churned date", "churned on", "cancellation date", "cancel date"]
    case .churnReason:
      return ["churn reason", "reason code", "cancellation reason", "churned reason"]
    case .renewedDate:
      return ["renewed date", "renewed on", "last renewal", "last renewal date", "last renewed"]
    case .tier:
      return ["plan", "plan tier", "customer tier", "account tier", "edition", "package"]
    case .tags:
      return ["labels", "segments", "tag list"]
    case .strategic:
      return ["top account", "is strategic", "strategic account", "key account"]
    }
  }

  private static let byKey: [String: CanonicalField] = {
    var table: [String: CanonicalField] = [:]
    for field in CanonicalField.allCases {
      table[Field.matchingKey(field.rawValue)] = field
      for alias in field.aliases {
        table[Field.matchingKey(alias)] = field
      }
    }
    return table
  }()

  /// The canonical field a header means, if any. A header such as "Account: Account Name",
  /// as report exports write them, is also tried by the part after its last colon, and one
  /// that ends with a unit or format in parentheses, such as "Health Score (0-100)" or
  /// "Renewal Date (MM/DD/YYYY)", by the part before them.
  public static func matching(header: String) -> CanonicalField? {
    if let field = byKey[Field.matchingKey(header)] {
      return field
    }
    var name = Substring(header)
    if let colon = name.lastIndex(of: ":") {
      name = name[name.index(after: colon)...]
      if let field = byKey[Field.matchingKey(String(name))] { return field }
    }
    var trimmed = name
    while trimmed.last == " " { trimmed = trimmed.dropLast() }
    if trimmed.hasSuffix(")"), let open = trimmed.lastIndex(of: "("), open > trimmed.startIndex {
      return byKey[Field.matchingKey(String(trimmed[..<open]))]
    }
    return nil
  }

  public init?(named name: String) {
    guard
      let field = CanonicalField.allCases.first(where: {
        Field.matchingKey($0.rawValue) == Field.matchingKey(name)
      })
    else { return nil }
    self = field
  }
}
