import ReviewBook

/// What the loader does to a book once its columns are built: ARR from MRR, status from
/// health, and the usual spellings of status and stage values.
public enum BookTidying {
  /// Health below this is red.
  static let redBelow = 40.0
  /// Health below this (and not red) is yellow; the rest is green.
  static let yellowBelow = 70.0

  static func tidy(
    _ book: inout Book, warnings: inout [LoadWarning], file: String, healthScale: Int? = nil
  ) {
    deriveARR(&book)
    rescaleHealth(&book, warnings: &warnings, file: file, scale: healthScale)
    normalizeStatus(&book, warnings: &warnings, file: file)
    normalizeStage(&book)
    deriveStageFromStatus(&book)
    deriveGoalsRemaining(&book)
  }

  /// Adds a stage column from a status column that marks churned accounts (`Churned`,
  /// `Cancelled`), as some exports do, so that the churned segment and the summary find
  /// them. Only a book without a stage column gets one.
  private static func deriveStageFromStatus(_ book: inout Book) {
    guard book.index(ofField: "stage") == nil, let index = book.index(ofField: "status"),
      book.fields[index].derivation == nil, case .text(let statuses) = book.columns[index]
    else { return }
    let stages = statuses.mappingValues { canonicalStage($0) == "churned" ? "churned" : "" }
    guard Column.text(stages).presentCount > 0 else { return }
    let header = book.fields[index].header ?? "status"
    book.setColumn(
      .text(stages),
      for: Field(
        name: "stage", type: .text,
        derivation: "churned where column \"\(header)\" says so (Churned, Cancelled), else missing")
    )
  }

  /// Goals not yet achieved: goals_total - goals_achieved, when both are given.
  private static func deriveGoalsRemaining(_ book: inout Book) {
    guard book.index(ofField: "goals_remaining") == nil,
      let totalIndex = book.index(ofField: "goals_total"),
      let achievedIndex = book.index(ofField: "goals_achieved"),
      case .number(let totals) = book.columns[totalIndex],
      case .number(let achieved) = book.columns[achievedIndex]
    else { return }

    let remaining = [Double](unsafeUninitializedCapacity: totals.count) { buffer, initialized in
      totals.withUnsafeBufferPointer { totals in
        achieved.withUnsafeBufferPointer { achieved in
          for row in totals.indices {
            let done = achieved[row]
            buffer[row] = totals[row] - (done.isNaN ? 0 : done)
          }
        }
      }
      initialized = totals.count
    }
    book.setColumn(
      .number(remaining),
      for: Field(name: "goals_remaining", type: .number, derivation: "goals_total - goals_achieved")
    )
  }

  /// Reads a health column on a smaller scale than 0 to 100, with a warning. Scores that
  /// all lie between 0 and 1, some of them fractions, are shares of 100 (0.725 is 72.5).
  /// Scores that all lie between 0 and 10, some above 1, are tenths of 100 (7.5 is 75). On
  /// the 0 to 100 scale that statuses and segments use, such scores would make every
  /// account red. A `scale` given with `--health-scale` decides instead, without a warning.
  private static func rescaleHealth(
    _ book: inout Book, warnings: inout [LoadWarning], file: String, scale: Int?
  ) {
    guard let index = book.index(ofField: "health"), case .number(let scores) = book.columns[index]
    else { return }
    if let scale {
      if let above = scores.first(where: { $0 > Double(scale) }) {
        let header = book.fields[index].header ?? "health"
        warnings.append(
          LoadWarning(
            file: file,
            message:
              "column \"\(header)\" has scores above \(scale), such as \(above == above.rounded() && abs(above) < 1e15 ? String(Int64(above)) : String(above)), though --health-scale says \(scale) is the highest"
          ))
      }
      guard scale != 100 else { return }
      let factor = 100 / Double(scale)
      book.setColumn(
        .number(scores.map { ($0 * factor * 1e6).rounded() / 1e6 }), for: book.fields[index])
      return
    }
    // A header that names its scale, as "Health Score (0-100)" does, is taken at its word.
    if book.fields[index].header?.contains("100") == true { return }
    var present = 0
    var hasFraction = false
    var largest = -Double.infinity
    for score in scores where !score.isNaN {
      guard score >= 0 && score <= 10 else { return }
      present += 1
      largest = max(largest, score)
      if score != score.rounded() { hasFraction = true }
    }
    guard present > 0 else { return }
    let factor: Double
    let reading: String
    if largest <= 1 {
      guard hasFraction else { return }
      factor = 100
      reading = "lies between 0 and 1, so health reads them as shares of 100: 0.725 is 72.5"
    } else {
      factor = 10
      reading = "lies between 0 and 10, so health reads them on a scale of 10: 7.5 is 75"
    }

    // Rounding to a millionth keeps 0.725 × 100 at 72.5, which binary fractions miss.
    let scaled = scores.map { ($0 * factor * 1e6).rounded() / 1e6 }
    book.setColumn(.number(scaled), for: book.fields[index])
    let header = book.fields[index].header ?? "health"
    warnings.append(
      LoadWarning(
        file: file,
        message:
          "every score in column \"\(header)\" \(reading) (red below 40, yellow below 70); if the scores are out of 100, start review with --health-scale 100"
      ))
  }

  /// ARR is 12 × MRR when the source gives only MRR.
  private static func deriveARR(_ book: inout Book) {
    guard book.index(ofField: "arr") == nil, let mrrIndex = book.index(ofField: "mrr"),
      case .money(let monthly) = book.columns[mrrIndex]
    else { return }

    let annual = monthly.map { $0 == Column.missingMoney ? Column.missingMoney : $0 &* 12 }
    book.setColumn(
      .money(annual),
      for: Field(
        name: "arr", type: .money, derivation: "12 × mrr",
        currency: book.fields[mrrIndex].currency))
  }

  private static func normalizeStatus(
    _ book: inout Book, warnings: inout [LoadWarning], file: String
  ) {
    if let index = book.index(ofField: "status"), case .text(let column) = book.columns[index] {
      var field = book.fields[index]
      field.type = .text
      book.setColumn(.text(column.mappingValues(canonicalStatus)), for: field)
      return
    }
    guard let healthIndex = book.index(ofField: "health"),
      case .number(let scores) = book.columns[healthIndex]
    else {
      return
    }
    var builder = TextColumnBuilder(capacity: book.count)
    for score in scores {
      if score.isNaN {
        builder.appendMissing()
      } else {
        builder.append(status(forHealth: score))
      }
    }
    book.setColumn(
      .text(builder.finish()),
      for: Field(
        name: "status", type: .text,
        derivation:
          "from health: below \(Int(redBelow)) red, below \(Int(yellowBelow)) yellow, else green"))
  }

  /// The status a health score implies: red below 40, yellow below 70, green from 70.
  public static func status(forHealth score: Double) -> String {
    if score < redBelow { return "red" }
    if score < yellowBelow { return "yellow" }
    return "green"
  }

  /// Returns the usual spelling of a status: red, yellow or green. Other values are kept as
  /// written.
  public static func canonicalStatus(_ value: String) -> String {
    switch Field.matchingKey(value) {
    case "red", "r", "atrisk", "critical", "poor": return "red"
    case "yellow", "y", "amber", "orange", "warning", "fair", "neutral": return "yellow"
    case "green", "g", "healthy", "good": return "green"
    default: return value
    }
  }

  private static func normalizeStage(_ book: inout Book) {
    guard let index = book.index(ofField: "stage"), case .text(let column) = book.columns[index]
    else { return }

    book.setColumn(.text(column.mappingValues(canonicalStage)), for: book.fields[index])
  }

  /// The usual spelling of a lifecycle stage: onboarding, trial, poc, opt-out, active,
  /// churned or renewed. Other values are kept as written.
  public static func canonicalStage(_ value: String) -> String {
    switch Field.matchingKey(value) {
    case "onboarding", "onboard", "implementation", "implementing", "kickoff": return "onboarding"
    case "trial", "freetrial", "trialing", "trialling", "evaluation": return "trial"
    case "poc", "proofofconcept", "pilot": return "poc"
    case "optout", "optoutperiod": return "opt-out"
    case "active", "live", "adoption", "customer", "production": return "active"
    case "churned", "churn", "cancelled", "canceled", "lost", "closedlost": return "churned"
    case "renewed", "closedwon": return "renewed"
    default: return value
    }
  }
}
