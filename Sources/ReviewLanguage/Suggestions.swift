/// "Did you mean" suggestions for misspelled names.
public enum Suggestions {
  /// The candidate closest to `word` by edit distance, if it is close enough to be a
  /// likely typo: at most one edit for short words, two for longer ones, or a candidate
  /// that starts with the word.
  public static func closest(to word: String, among candidates: [String]) -> String? {
    let target = Array(word.lowercased())
    guard !target.isEmpty else { return nil }
    var best: (candidate: String, distance: Int)?
    for candidate in candidates {
      let distance = editDistance(target, Array(candidate.lowercased()))
      if best == nil || distance < best!.distance {
        best = (candidate, distance)
      }
    }
    guard let best else { return nil }
    let allowed = target.count <= 4 ? 1 : 2
    if best.distance <= allowed { return best.candidate }
    if target.count >= 3,
      let prefixed = candidates.first(where: { $0.lowercased().hasPrefix(word.lowercased()) })
    {
      return prefixed
    }
    return nil
  }

  /// Levenshtein distance, where swapping two neighbouring characters counts as one edit.
  static func editDistance(_ lhs: [Character], _ rhs: [Character]) -> Int {
    if lhs.isEmpty { return rhs.count }
    if rhs.isEmpty { return lhs.count }
    var previousPrevious = [Int](repeating: 0, count: rhs.count + 1)
    var previous = Array(0...rhs.count)
    var current = [Int](repeating: 0, count: rhs.count + 1)
    for i in 1...lhs.count {
      current[0] = i
      for j in 1...rhs.count {
        let cost = lhs[i - 1] == rhs[j - 1] ? 0 : 1
        current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
        if i > 1, j > 1, lhs[i - 1] == rhs[j - 2], lhs[i - 2] == rhs[j - 1] {
          current[j] = min(current[j], previousPrevious[j - 2] + 1)
        }
      }
      previousPrevious = previous
      previous = current
    }
    return previous[rhs.count]
  }
}
