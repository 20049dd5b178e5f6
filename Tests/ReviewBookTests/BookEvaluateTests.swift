import Testing

@testable import ReviewBook

/// A comparison against the fixture, whose row 2 is missing the field.
struct MissingComparisonCase: Sendable, CustomTestStringConvertible {
  let field: String
  let op: ComparisonOperator
  let literal: Value

  init(_ field: String, _ op: ComparisonOperator, _ literal: Value) {
    self.field = field
    self.op = op
    self.literal = literal
  }

  var testDescription: String { "\(field) \(op.rawValue) \(literal)" }
}

@Suite struct BookEvaluateTests {
  typealias Fixture = AccountsFixture

  @Test func moneyComparisonInCents() {
    let condition = Condition.compare(Fixture.field("arr"), .greater, .money(cents: 5_000_000))
    #expect(Fixture.rows(where: condition) == [0, 3, 4])
    #expect(Fixture.falseRows(where: condition) == [1])
  }

  @Test(arguments: [
    MissingComparisonCase("arr", .equal, .money(cents: 0)),
    MissingComparisonCase("arr", .notEqual, .money(cents: 0)),
    MissingComparisonCase("arr", .less, .money(cents: 100_000_000)),
    MissingComparisonCase("health", .equal, .number(0)),
    MissingComparisonCase("health", .notEqual, .number(35)),
    MissingComparisonCase("health", .less, .number(1_000)),
    MissingComparisonCase("renewal_date", .less, .date(Day(number: 30_000))),
    MissingComparisonCase("renewal_date", .notEqual, .date(Day(number: 0))),
    MissingComparisonCase("strategic", .equal, .boolean(false)),
    MissingComparisonCase("strategic", .notEqual, .boolean(true)),
    MissingComparisonCase("csm", .equal, .text("")),
    MissingComparisonCase("csm", .notEqual, .text("Jo Park")),
    MissingComparisonCase("csm", .less, .text("zzz")),
    MissingComparisonCase("days_to_renewal", .less, .number(100_000)),
    MissingComparisonCase("days_to_renewal", .notEqual, .number(0)),
    MissingComparisonCase("nps_category", .notEqual, .text("promoter")),
  ])
  func missingValueIsNeitherTrueNorFalse(_ testCase: MissingComparisonCase) {
    let comparison = Condition.compare(
      Fixture.field(testCase.field), testCase.op, testCase.literal)
    for condition in [comparison, .not(comparison)] {
      #expect(!Fixture.rows(where: condition).contains(2))
      #expect(!Fixture.falseRows(where: condition).contains(2))
    }
  }

  @Test func notSwapsTrueAndFalse() {
    let comparison = Condition.compare(Fixture.field("health"), .less, .number(60))
    #expect(Fixture.rows(where: comparison) == [0, 3])
    #expect(Fixture.rows(where: .not(comparison)) == [1, 4])
    #expect(Fixture.falseRows(where: .not(comparison)) == [0, 3])
  }

  @Test func definiteTurnsUnknownIntoFalse() {
    let comparison = Condition.compare(Fixture.field("health"), .less, .number(60))
    let definite = Condition.definite(.not(comparison))
    #expect(Fixture.rows(where: definite) == [1, 4])
    #expect(Fixture.falseRows(where: definite) == [0, 2, 3])
    #expect(Fixture.rows(where: .not(definite)) == [0, 2, 3])
  }

  @Test func andOrFollowThreeValuedTables() {
    let unknownOnRowTwo = Condition.compare(Fixture.field("health"), .greater, .number(0))
    let always = Condition.constant(true)
    let never = Condition.constant(false)
    #expect(Fixture.rows(where: .or(unknownOnRowTwo, always)) == [0, 1, 2, 3, 4])
    #expect(Fixture.falseRows(where: .and(unknownOnRowTwo, never)) == [0, 1, 2, 3, 4])
    #expect(Fixture.rows(where: .and(unknownOnRowTwo, always)) == [0, 1, 3, 4])
    #expect(Fixture.falseRows(where: .and(unknownOnRowTwo, always)) == [])
    #expect(Fixture.rows(where: .or(unknownOnRowTwo, never)) == [0, 1, 3, 4])
    #expect(Fixture.falseRows(where: .or(unknownOnRowTwo, never)) == [])
  }

  @Test func missingConditionIsNeverUnknown() {
    let missing = Condition.missing(Fixture.field("arr"))
    #expect(Fixture.rows(where: missing) == [2])
    #expect(Fixture.falseRows(where: missing) == [0, 1, 3, 4])
    #expect(Fixture.rows(where: .not(missing)) == [0, 1, 3, 4])
  }

  @Test func oneOfMatchesAnyLiteral() {
    let condition = Condition.oneOf(Fixture.field("csm"), [.text("jo park"), .text("Nobody")])
    #expect(Fixture.rows(where: condition) == [3, 4])
    #expect(Fixture.falseRows(where: condition) == [0, 1])
    let numbers = Condition.oneOf(Fixture.field("health"), [.number(35), .number(90)])
    #expect(Fixture.rows(where: numbers) == [0, 4])
    #expect(Fixture.falseRows(where: .not(numbers)) == [0, 4])
  }

  @Test(arguments: [
    ("acme", [Int32(0)]),
    ("CAFÉ", [3]),
    ("société", [4]),
    ("GÉNÉRALE", [4]),
    ("ex", [1]),
    ("cafe", [3]),
    ("generale", [4]),
    ("", [0, 1, 2, 3, 4]),
  ])
  func containsFoldsCaseAndAccents(needle: String, rows: [Int32]) {
    let condition = Condition.contains(Fixture.field("name"), needle)
    #expect(Fixture.rows(where: condition) == rows)
  }

  @Test func containsSkipsMissingText() {
    let condition = Condition.contains(Fixture.field("csm"), "")
    #expect(Fixture.rows(where: condition) == [0, 1, 3, 4])
    #expect(Fixture.falseRows(where: .not(condition)) == [0, 1, 3, 4])
  }

  @Test(arguments: [
    (ComparisonOperator.equal, "MARIA FELL", [Int32(0), 1]),
    (.notEqual, "maria FELL", [3, 4]),
    (.less, "k", [3, 4]),
    (.greaterOrEqual, "MARIA", [0, 1]),
  ])
  func textComparisonIgnoresCase(op: ComparisonOperator, literal: String, rows: [Int32]) {
    let condition = Condition.compare(Fixture.field("csm"), op, .text(literal))
    #expect(Fixture.rows(where: condition) == rows)
  }

  @Test func textComparisonWithAccentedLiteral() {
    let condition = Condition.compare(Fixture.field("name"), .equal, .text("UMBRELLA CAFÉ"))
    #expect(Fixture.rows(where: condition) == [3])
  }

  @Test func mismatchedLiteralTypeMatchesNothing() {
    let condition = Condition.compare(Fixture.field("arr"), .notEqual, .text("big"))
    #expect(Fixture.rows(where: condition) == [])
    #expect(Fixture.falseRows(where: condition) == [0, 1, 3, 4])
  }

  @Test func precomputedRows() {
    var rows = Bitset(count: 5)
    rows[1] = true
    rows[4] = true
    #expect(Fixture.rows(where: .rows(rows)) == [1, 4])
    #expect(Fixture.falseRows(where: .rows(rows)) == [0, 2, 3])
  }
}

@Suite struct TextStorageTests {
  /// 5,000 distinct names, enough to force plain storage: row 0 is "ACME Corp", row 1 is
  /// missing and row 2 is "Ünïcode Ltd".
  static let plainBook: Book = {
    var names: [String?] = (0..<5_000).map { "Account \($0)" }
    names[0] = "ACME Corp"
    names[1] = nil
    names[2] = "Ünïcode Ltd"
    let column = TextColumn(names)
    return Book(fields: [Field(name: "name", type: .text)], columns: [.text(column)], count: 5_000)
  }()

  /// The same first three names in a dictionary column.
  static let dictionaryBook = Book(
    fields: [Field(name: "name", type: .text)],
    columns: [.text(TextColumn(["ACME Corp", nil, "Ünïcode Ltd"]))], count: 3)

  @Test func storageFollowsDistinctCount() throws {
    let plain = try #require(Self.plainBook.column(named: "name"))
    let dictionary = try #require(Self.dictionaryBook.column(named: "name"))
    guard case .text(let plainText) = plain, case .text(let dictionaryText) = dictionary else {
      Issue.record("name is not a text column")
      return
    }
    #expect(!plainText.isDictionary)
    #expect(dictionaryText.isDictionary)
    #expect(plainText.string(at: 0) == "ACME Corp")
    #expect(plainText.string(at: 1) == nil)
    #expect(plainText.string(at: 4_999) == "Account 4999")
    #expect(plain.presentCount == 4_999)
    #expect(dictionary.presentCount == 2)
  }

  @Test(arguments: [true, false])
  func bothStoragesEvaluateAlike(plain: Bool) {
    let book = plain ? Self.plainBook : Self.dictionaryBook
    let name = FieldReference.stored(0)
    let today = Day(number: 0)
    #expect(book.rows(where: .compare(name, .equal, .text("acme corp")), today: today) == [0])
    #expect(book.rows(where: .compare(name, .equal, .text("ÜNÏCODE LTD")), today: today) == [2])
    #expect(book.rows(where: .contains(name, "corp"), today: today) == [0])
    #expect(book.rows(where: .contains(name, "ünï"), today: today) == [2])
    #expect(book.rows(where: .missing(name), today: today) == [1])
    let notAcme = book.rows(where: .compare(name, .notEqual, .text("Acme Corp")), today: today)
    #expect(notAcme.count == book.count - 2)
    #expect(!notAcme.contains(1))
  }

  @Test func plainColumnSortsCaseInsensitively() {
    let book = Self.plainBook
    let sorted = book.sorted(
      [2, 1, 0, 10], by: [SortKey(field: .stored(0))], today: Day(number: 0))
    #expect(sorted == [10, 0, 2, 1])
  }

  @Test func textColumnBasics() {
    let column = TextColumn(["b", "", nil, "a", "b"])
    #expect(column.count == 5)
    #expect(column.isMissing(1))
    #expect(column.isMissing(2))
    #expect(column.distinctValues == ["b", "a"])
    let appended = column.appending(TextColumn(["c", nil]))
    #expect(appended.count == 7)
    #expect(appended.string(at: 5) == "c")
    #expect(appended.string(at: 6) == nil)
  }
}

@Suite struct DerivedFieldTests {
  typealias Fixture = AccountsFixture

  @Test func daysToRenewalAgainstToday() {
    let days = Fixture.field("days_to_renewal")
    let values = (0..<5).map { Fixture.book.value(of: days, at: $0, today: Fixture.today) }
    #expect(values == [.number(28), .number(134), .missing, .number(-62), .number(334)])
    #expect(Fixture.rows(where: .compare(days, .less, .number(30))) == [0, 3])
    #expect(Fixture.rows(where: .compare(days, .greaterOrEqual, .number(134))) == [1, 4])
  }

  @Test func anotherTodayMovesTheCount() {
    let days = Fixture.field("days_to_renewal")
    let later = Fixture.today.adding(days: 28)
    #expect(Fixture.book.value(of: days, at: 0, today: later) == .number(0))
    let dueNow = Fixture.book.rows(where: .compare(days, .equal, .number(0)), today: later)
    #expect(dueNow == [0])
  }

  @Test func daysSinceCountsBackwards() {
    var book = Fixture.book
    book.setColumn(
      .date([19_000, 19_024, Column.missingDate, 19_030, 18_900]),
      for: Field(name: "last_engaged", type: .date))
    let since = book.reference(to: "days_since_engaged")
    #expect(since == .derived(.daysSinceEngaged, base: 7))
    guard let since else { return }
    let values = (0..<5).map { book.value(of: since, at: $0, today: Fixture.today) }
    #expect(values == [.number(24), .number(0), .missing, .number(-6), .number(124)])
    let unengaged = book.rows(where: .compare(since, .greater, .number(20)), today: Fixture.today)
    #expect(unengaged == [0, 4])
  }

  @Test func npsCategoryFromScore() {
    let category = Fixture.field("nps_category")
    let values = (0..<5).map { Fixture.book.value(of: category, at: $0, today: Fixture.today) }
    #expect(
      values == [
        .text("promoter"), .text("detractor"), .missing, .text("passive"), .text("promoter"),
      ])
    #expect(Fixture.rows(where: .compare(category, .equal, .text("Promoter"))) == [0, 4])
    #expect(Fixture.rows(where: .missing(category)) == [2])
    #expect(Fixture.rows(where: .contains(category, "PRO")) == [0, 4])
  }

  @Test(arguments: [
    (0.0, "detractor"), (6.0, "detractor"), (6.5, "detractor"), (7.0, "passive"),
    (8.0, "passive"), (9.0, "promoter"), (10.0, "promoter"),
  ])
  func npsCategoryBoundaries(score: Double, category: String) {
    #expect(DerivedField.npsCategory(of: score) == category)
  }

  @Test func npsCategoryOutOfRangeIsMissing() {
    #expect(DerivedField.npsCategory(of: -1) == nil)
    #expect(DerivedField.npsCategory(of: 11) == nil)
  }

  @Test func derivedNamesMatchLoosely() {
    let index = Fixture.book.index(ofField: "renewal_date")
    #expect(index == 4)
    #expect(Fixture.book.reference(to: "Days To Renewal") == .derived(.daysToRenewal, base: 4))
    #expect(Fixture.book.reference(to: "Renewal Date") == .stored(4))
    #expect(Fixture.book.reference(to: "tenure_days") == nil)
    #expect(Fixture.book.reference(to: "no_such_field") == nil)
  }

  @Test func derivedFieldNeedsBaseOfRightType() {
    let book = Book(
      fields: [Field(name: "renewal_date", type: .text)],
      columns: [.text(TextColumn(["soon"]))], count: 1)
    #expect(book.reference(to: "days_to_renewal") == nil)
    #expect(book.derivedFields.isEmpty)
  }
}
