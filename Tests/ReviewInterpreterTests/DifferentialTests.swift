import CSQLite
import ReviewBook
import ReviewInterpreter
import ReviewLoader
import Testing

/// Random conditions over a generated book, each run by review and, translated to SQL, by
/// SQLite over the same values. The accounts each selects must be the same.
@Suite("Conditions against SQLite")
struct DifferentialTests {
  static let today = Day(year: 2022, month: 2, day: 1)!
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

  static func makeCondition(_ random: inout Generator, depth: Int) -> Pair {
    if depth > 0 {
      switch Int.random(in: 0..<5, using: &random) {
      case 0:
        let lhs = makeCondition(&random, depth: depth - 1)
        let rhs = makeCondition(&random, depth: depth - 1)
        return Pair(review: "\(lhs.review) and \(rhs.review)", sql: "(\(lhs.sql)) AND (\(rhs.sql))")
      case 1:
        let lhs = makeCondition(&random, depth: depth - 1)
        let rhs = makeCondition(&random, depth: depth - 1)
        return Pair(review: "(\(lhs.review) or \(rhs.review))", sql: "(\(lhs.sql)) OR (\(rhs.sql))")
      case 2:
        let inner = makeCondition(&random, depth: depth - 1)
        return Pair(review: "not (\(inner.review))", sql: "NOT (\(inner.sql))")
      default:
        break
      }
    }
    return makeAtom(&random)
  }

  static let operators = ["=", "!=", "<", "<=", ">", ">="]

  static func makeAtom(_ random: inout Generator) -> Pair {
    let op = operators.randomElement(using: &random)!
    switch Int.random(in: 0..<14, using: &random) {
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
    default:
      let amount = Int.random(in: 1...90, using: &random)
      return Pair(
        review: "renewal_date \(op) in \(amount) days",
        sql: "renewal \(op) \(today.adding(days: amount).number)")
    }
  }

  final class Database {
    var handle: OpaquePointer?

    init(_ accounts: [Account]) throws {
      try #require(sqlite3_open(":memory:", &handle) == SQLITE_OK)
      try execute(
        "CREATE TABLE accounts (name TEXT, csm TEXT, tier TEXT, arr INTEGER, health REAL, renewal INTEGER, strategic INTEGER, nps REAL)"
      )
      for account in accounts {
        func text(_ value: String?) -> String { value.map { "'\($0)'" } ?? "NULL" }
        func number<T>(_ value: T?) -> String { value.map { "\($0)" } ?? "NULL" }
        let values = [
          text(account.name), text(account.csm), text(account.tier), number(account.arrCents),
          number(account.health), number(account.renewal?.number),
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

    var compared = 0
    var nonTrivial = 0
    for _ in 0..<600 {
      let pair = Self.makeCondition(&random, depth: Int.random(in: 0...3, using: &random))
      let expected = try database.names(where: pair.sql)
      let reply = try session.run("where \(pair.review) show name")
      let actual = Set(Fixtures.column("name", of: reply))
      #expect(actual == expected, "where \(pair.review)  ⇔  \(pair.sql)")
      compared += 1
      if !expected.isEmpty && expected.count < accounts.count { nonTrivial += 1 }
    }
    #expect(compared == 600)
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
