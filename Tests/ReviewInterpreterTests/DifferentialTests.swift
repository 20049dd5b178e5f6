import CSQLite
import Foundation
import ReviewBook
import ReviewInterpreter
import ReviewLoader
import Testing

/// Random conditions over a generated book, each run by review and, translated to SQL, by
/// SQLite over the same values. The accounts each selects must be the same.
///
/// Dates relative to today go through SQLite's `date()`, and segments are translated from
/// their definitions in docs/language.md. A segment selects an account or not, with no
/// unknown in between, so its SQL is wrapped in `IFNULL(…, 0)`.
@Suite("Conditions against SQLite")
struct DifferentialTests {
  static let today = Day(year: 2022, month: 2, day: 1)!
  /// Today as SQLite reads it.
  static let todaySQL = "'2022-02-01'"
  static let csms = ["Maria Fell", "Tom Ito", "Priya Raman", "Jonas Berg"]
  static let tiers = ["Gold", "Silver", "Platinum", "Free"]

  struct Account {
    var name: String
    var csm: String?
    var tier: String?
    var arrCents: Int64?
    var health: Double?
    var renewal: Day?
    var strategic: Bool?
    var nps: Double?
  }

  /// SplitMix64: a small generator with a fixed seed, so that failures repeat.
  struct Generator: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
      state &+= 0x9E37_79B9_7F4A_7C15
      var z = state
      z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
      z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
      return z ^ (z >> 31)
    }
  }

  static func makeAccounts(_ random: inout Generator) -> [Account] {
    (0..<300).map { index in
      func maybe<T>(_ value: T) -> T? { Int.random(in: 0..<8, using: &random) == 0 ? nil : value }
      return Account(
        name: "Account \(index) \(["North", "South", "East", "West"][index % 4])",
        csm: maybe(csms.randomElement(using: &random)!),
        tier: maybe(tiers.randomElement(using: &random)!),
        arrCents: maybe(Int64(Int.random(in: 0...400, using: &random)) * 100_000 / 4),
        health: maybe(Double(Int.random(in: 0...1000, using: &random)) / 10),
        renewal: maybe(today.adding(days: Int.random(in: -60...400, using: &random))),
        strategic: maybe(Bool.random(using: &random)),
        nps: maybe(Double(Int.random(in: 0...10, using: &random))))
    }
  }

  static func csv(_ accounts: [Account]) -> String {
    var text = "name,csm,tier,arr,health,renewal_date,strategic,nps\n"
    for account in accounts {
      let arr =
        account.arrCents.map { cents in "\(cents / 100).\(String(format2: cents % 100))" } ?? ""
      let fields = [
        account.name, account.csm ?? "", account.tier ?? "", arr,
        account.health.map { String($0) } ?? "", account.renewal?.iso ?? "",
        account.strategic.map { $0 ? "yes" : "no" } ?? "",
        account.nps.map { String(Int($0)) } ?? "",
      ]
      text += fields.joined(separator: ",") + "\n"
    }
    return text
  }

  /// An expression in review's language and the same condition in SQL.
  struct Pair {
    var review: String
    var sql: String
  }

  /// Makes a condition of up to `depth` levels of `and`, `or` and `not`. `named` contains
  /// the segments defined so far, which may stand in for an atom.
  static func makeCondition(_ random: inout Generator, depth: Int, named: [Pair] = []) -> Pair {
    if depth > 0 {
      switch Int.random(in: 0..<6, using: &random) {
      case 0:
        let lhs = makeCondition(&random, depth: depth - 1, named: named)
        let rhs = makeCondition(&random, depth: depth - 1, named: named)
        return Pair(review: "\(lhs.review) and \(rhs.review)", sql: "(\(lhs.sql)) AND (\(rhs.sql))")
      case 1:
        let lhs = makeCondition(&random, depth: depth - 1, named: named)
        let rhs = makeCondition(&random, depth: depth - 1, named: named)
        return Pair(review: "(\(lhs.review) or \(rhs.review))", sql: "(\(lhs.sql)) OR (\(rhs.sql))")
      case 2:
        let inner = makeCondition(&random, depth: depth - 1, named: named)
        return Pair(review: "not (\(inner.review))", sql: "NOT (\(inner.sql))")
      case 3:
        // The chain's own grouping must not mix with the `and` of an enclosing condition.
        let chain = makeChain(&random, depth: depth - 1, named: named)
        return Pair(review: "(\(chain.review))", sql: chain.sql)
      default:
        break
      }
    }
    if !named.isEmpty && Int.random(in: 0..<6, using: &random) == 0 {
      return named.randomElement(using: &random)!
    }
    return makeAtom(&random)
  }

  /// Makes three to five operands joined by `and` and `or` with no parentheses, so that the
  /// grouping comes from precedence alone: `not` binds tightest, then `and`, then `or`.
  /// The SQL groups the operands explicitly.
  static func makeChain(_ random: inout Generator, depth: Int, named: [Pair]) -> Pair {
    var operands: [Pair] = []
    for _ in 0..<Int.random(in: 3...5, using: &random) {
      switch Int.random(in: 0..<4, using: &random) {
      case 0:
        let atom = makeAtom(&random)
        operands.append(Pair(review: "not \(atom.review)", sql: "NOT (\(atom.sql))"))
      case 1:
        let inner = makeCondition(&random, depth: depth, named: named)
        operands.append(Pair(review: "(\(inner.review))", sql: inner.sql))
      default:
        operands.append(makeCondition(&random, depth: 0, named: named))
      }
    }
    var review = operands[0].review
    var disjuncts: [[String]] = [[operands[0].sql]]
    for operand in operands.dropFirst() {
      if Bool.random(using: &random) {
        review += " and \(operand.review)"
        disjuncts[disjuncts.count - 1].append(operand.sql)
      } else {
        review += " or \(operand.review)"
        disjuncts.append([operand.sql])
      }
    }
    let sql = disjuncts.map { conjunction in
      "(" + conjunction.map { "(\($0))" }.joined(separator: " AND ") + ")"
    }.joined(separator: " OR ")
    return Pair(review: review, sql: sql)
  }

  /// Makes a date relative to today as review writes it, and the same date from SQLite's
  /// `date()`, which compares with the ISO text of `renewal_date`.
  static func makeRelativeDate(_ random: inout Generator) -> (review: String, sql: String) {
    let amount = Int.random(in: 1...40, using: &random)
    switch Int.random(in: 0..<9, using: &random) {
    case 0: return ("today", "date(\(todaySQL))")
    case 1: return ("yesterday", "date(\(todaySQL), '-1 days')")
    case 2: return ("tomorrow", "date(\(todaySQL), '+1 days')")
    case 3: return ("\(amount) days ago", "date(\(todaySQL), '-\(amount) days')")
    case 4: return ("in \(amount) days", "date(\(todaySQL), '+\(amount) days')")
    case 5:
      let weeks = amount % 8 + 1
      return ("\(weeks) weeks ago", "date(\(todaySQL), '-\(weeks * 7) days')")
    case 6:
      let weeks = amount % 30 + 1
      return ("in \(weeks) weeks", "date(\(todaySQL), '+\(weeks * 7) days')")
    case 7:
      // Today is the first of a month, so adding months never runs past a month's end.
      let months = amount % 14 + 1
      return ("in \(months) months", "date(\(todaySQL), '+\(months) months')")
    default:
      let months = amount % 3 + 1
      return ("\(months) months ago", "date(\(todaySQL), '-\(months) months')")
    }
  }

  /// Picks a built-in segment that the generated book can compute, with its documented
  /// meaning.
  /// The book has no status, churn or engagement columns: status comes from health (red
  /// below 40, yellow below 70, green above), and no account is churned.
  static func makeSegment(_ random: inout Generator) -> Pair {
    let days = "(julianday(renewal_date) - julianday(\(todaySQL)))"
    let pair: Pair
    switch Int.random(in: 0..<9, using: &random) {
    case 0:
      let window = Int.random(in: 1...200, using: &random)
      pair = Pair(review: "renewals<\(window)", sql: "\(days) >= 0 AND \(days) < \(window)")
    case 1:
      let window = Int.random(in: 1...200, using: &random)
      pair = Pair(review: "renewals<=\(window)", sql: "\(days) >= 0 AND \(days) <= \(window)")
    case 2:
      let window = Int.random(in: 0...300, using: &random)
      pair = Pair(review: "renewals>\(window)", sql: "\(days) > \(window)")
    case 3: pair = Pair(review: "red", sql: "health < 40")
    case 4: pair = Pair(review: "yellow", sql: "health >= 40 AND health < 70")
    case 5: pair = Pair(review: "green", sql: "health >= 70")
    case 6: pair = Pair(review: "detractors", sql: "nps >= 0 AND nps <= 6")
    case 7: pair = Pair(review: "passives", sql: "nps >= 7 AND nps <= 8")
    default: pair = Pair(review: "promoters", sql: "nps >= 9 AND nps <= 10")
    }
    return Pair(review: pair.review, sql: "IFNULL(\(pair.sql), 0)")
  }

  static let operators = ["=", "!=", "<", "<=", ">", ">="]

  static func makeAtom(_ random: inout Generator) -> Pair {
    let op = operators.randomElement(using: &random)!
    switch Int.random(in: 0..<17, using: &random) {
    case 0:
      let value = Int.random(in: 0...100, using: &random)
      return Pair(review: "health \(op) \(value)", sql: "health \(op) \(value)")
    case 1:
      let thousands = Int.random(in: 0...100, using: &random)
      return Pair(review: "arr \(op) \(thousands)k", sql: "arr \(op) \(thousands * 100_000)")
    case 2:
      let days = Int.random(in: -30...300, using: &random)
      let day = today.adding(days: days)
      return Pair(review: "renewal_date \(op) \(day.iso)", sql: "renewal \(op) \(day.number)")
    case 3:
      let days = Int.random(in: -30...300, using: &random)
      return Pair(
        review: "days_to_renewal \(op) \(days)", sql: "(renewal - \(today.number)) \(op) \(days)")
    case 4:
      let csm = csms.randomElement(using: &random)!
      let written = Bool.random(using: &random) ? csm.lowercased() : csm
      let textOp = ["=", "!="].randomElement(using: &random)!
      return Pair(
        review: "csm \(textOp) \"\(written)\"", sql: "csm \(textOp) '\(written)' COLLATE NOCASE")
    case 5:
      let tier = tiers.randomElement(using: &random)!
      return Pair(
        review: "tier \(op) \(tier.lowercased())",
        sql: "tier \(op) '\(tier.lowercased())' COLLATE NOCASE")
    case 6:
      let needle = ["or", "th", "1", "est", "a"].randomElement(using: &random)!
      return Pair(review: "name ~ \"\(needle)\"", sql: "instr(lower(name), '\(needle)') > 0")
    case 7:
      let chosen = Array(csms.shuffled(using: &random).prefix(2))
      let list = chosen.map { "\"\($0)\"" }.joined(separator: ", ")
      let sqlList = chosen.map { "'\($0)'" }.joined(separator: ", ")
      let negated = Bool.random(using: &random)
      return Pair(
        review: "csm \(negated ? "not in" : "in") (\(list))",
        sql: "csm COLLATE NOCASE \(negated ? "NOT IN" : "IN") (\(sqlList))")
    case 8:
      let low = Int.random(in: 0...60, using: &random)
      let high = low + Int.random(in: 0...40, using: &random)
      return Pair(
        review: "health between \(low) and \(high)", sql: "health BETWEEN \(low) AND \(high)")
    case 9:
      let field = ["health", "arr", "csm", "nps", "renewal_date", "strategic"].randomElement(
        using: &random)!
      let column = field == "renewal_date" ? "renewal" : field
      let negated = Bool.random(using: &random)
      return Pair(
        review: "\(field) is \(negated ? "not " : "")missing",
        sql: "\(column) IS \(negated ? "NOT " : "")NULL")
    case 10:
      return Pair(review: "strategic", sql: "strategic = 1")
    case 11:
      let flag = Bool.random(using: &random)
      let textOp = ["=", "!="].randomElement(using: &random)!
      return Pair(
        review: "strategic \(textOp) \(flag ? "yes" : "no")",
        sql: "strategic \(textOp) \(flag ? 1 : 0)")
    case 12:
      let value = Int.random(in: 0...10, using: &random)
      return Pair(review: "nps \(op) \(value)", sql: "nps \(op) \(value)")
    case 13:
      let amount = Int.random(in: 1...90, using: &random)
      return Pair(
        review: "renewal_date \(op) in \(amount) days",
        sql: "renewal \(op) \(today.adding(days: amount).number)")
    case 14:
      let relative = makeRelativeDate(&random)
      return Pair(
        review: "renewal_date \(op) \(relative.review)",
        sql: "renewal_date \(op) \(relative.sql)")
    default:
      return makeSegment(&random)
    }
  }

  final class Database {
    var handle: OpaquePointer?

    init(_ accounts: [Account]) throws {
      try #require(sqlite3_open(":memory:", &handle) == SQLITE_OK)
      try execute(
        "CREATE TABLE accounts (name TEXT, csm TEXT, tier TEXT, arr INTEGER, health REAL, renewal INTEGER, renewal_date TEXT, strategic INTEGER, nps REAL)"
      )
      for account in accounts {
        func text(_ value: String?) -> String { value.map { "'\($0)'" } ?? "NULL" }
        func number<T>(_ value: T?) -> String { value.map { "\($0)" } ?? "NULL" }
        let values = [
          text(account.name), text(account.csm), text(account.tier), number(account.arrCents),
          number(account.health), number(account.renewal?.number), text(account.renewal?.iso),
          number(account.strategic.map { $0 ? 1 : 0 }),
          number(account.nps),
        ]
        try execute("INSERT INTO accounts VALUES (\(values.joined(separator: ", ")))")
      }
    }

    deinit { sqlite3_close(handle) }

    func execute(_ sql: String) throws {
      var message: UnsafeMutablePointer<CChar>?
      let status = sqlite3_exec(handle, sql, nil, nil, &message)
      defer { sqlite3_free(message) }
      try #require(status == SQLITE_OK, "\(sql): \(message.map { String(cString: $0) } ?? "")")
    }

    func names(where condition: String) throws -> Set<String> {
      var statement: OpaquePointer?
      let sql = "SELECT name FROM accounts WHERE \(condition)"
      try #require(sqlite3_prepare_v2(handle, sql, -1, &statement, nil) == SQLITE_OK, "\(sql)")
      defer { sqlite3_finalize(statement) }
      var names: Set<String> = []
      while sqlite3_step(statement) == SQLITE_ROW {
        names.insert(String(cString: sqlite3_column_text(statement, 0)))
      }
      return names
    }
  }

  @Test func conditionsMatchSQLite() throws {
    var random = Generator(state: 20_220_201)
    let accounts = Self.makeAccounts(&random)
    let database = try Database(accounts)
    let book = try Loader.load(text: Self.csv(accounts), name: "generated.csv").book
    let session = Session(book: book, today: Self.today)

    // Segments defined in the session, each from random conditions that may name the ones
    // before it. A defined segment, like a built-in one, has no unknown accounts.
    var named: [Pair] = []
    for name in ["alpha", "beta", "gamma", "delta"] {
      let body = Self.makeCondition(&random, depth: 1, named: named)
      _ = try session.run("define \(name) as \(body.review)")
      named.append(Pair(review: name, sql: "IFNULL((\(body.sql)), 0)"))
    }

    var compared = 0
    var nonTrivial = 0
    var chains = 0
    var withNamed = 0
    var withRelativeDates = 0
    for _ in 0..<600 {
      let depth = Int.random(in: 0...3, using: &random)
      let isChain = Int.random(in: 0..<3, using: &random) == 0
      let pair =
        isChain
        ? Self.makeChain(&random, depth: depth, named: named)
        : Self.makeCondition(&random, depth: depth, named: named)
      let words = Set(
        pair.review.split(separator: " ").map { $0.trimmingCharacters(in: .punctuationCharacters) })
      if isChain { chains += 1 }
      if !words.isDisjoint(with: ["alpha", "beta", "gamma", "delta"]) { withNamed += 1 }
      if !words.isDisjoint(with: ["ago", "today", "tomorrow", "yesterday"])
        || pair.review.contains("= in ")
        || pair.review.contains("< in ") || pair.review.contains("> in ")
      {
        withRelativeDates += 1
      }
      let expected = try database.names(where: pair.sql)
      let reply = try session.run("where \(pair.review) show name")
      let actual = Set(Fixtures.column("name", of: reply))
      #expect(actual == expected, "where \(pair.review)  ⇔  \(pair.sql)")
      compared += 1
      if !expected.isEmpty && expected.count < accounts.count { nonTrivial += 1 }
    }
    #expect(compared == 600)
    #expect(chains > 150)
    #expect(withNamed > 60)
    #expect(withRelativeDates > 100)
    // Most conditions select some accounts but not all, so the comparison says something.
    #expect(nonTrivial > 300)
  }
}

extension String {
  /// Two digits, zero-padded: the cents of an amount.
  init(format2 value: Int64) {
    self = value < 10 ? "0\(value)" : "\(value)"
  }
}
