/// The kinds of row that `changes` lists, in the order it lists them: losses and risks
/// first, then what needs watching, then good news. Rows of one kind go by ARR, largest
/// first.
enum ChangeKind: Int, Comparable, CaseIterable {
  case churned
  case renewalPassed
  case newlyRed
  case fellBelow40
  case departed
  case statusWorsened
  case fellBelow80
  case healthFell
  case arrFell
  case enteredRenewalWindow
  case leftRenewalWindow
  case new
  case arrRose
  case healthRose
  case roseTo40
  case roseTo80
  case renewed
  case improved

  static func < (lhs: ChangeKind, rhs: ChangeKind) -> Bool { lhs.rawValue < rhs.rawValue }

  /// Returns the kind of a status change: to red, to a better status (red, yellow, green
  /// in that order), or any other change.
  static func status(from before: String, to now: String) -> ChangeKind {
    let rank = ["red": 0, "yellow": 1, "green": 2]
    if now.lowercased() == "red" { return .newlyRed }
    if let previous = rank[before.lowercased()], let current = rank[now.lowercased()],
      current > previous
    {
      return .improved
    }
    return .statusWorsened
  }
}
