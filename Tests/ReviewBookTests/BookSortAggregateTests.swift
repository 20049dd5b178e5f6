import Testing

@testable import ReviewBook

/// A sort of every fixture row by one field and the order that must result.
struct SortCase: Sendable, CustomTestStringConvertible {
  let field: String
  let descending: Bool
  let order: [Int32]

  init(_ field: String, descending: Bool = false, _ order: [Int32]) {
    self.field = field
    self.descending = descending
    self.order = order
  }

  var testDescription: String { "\(field) \(descending ? "desc" : "asc")" }
}

/// An aggregate over every fixture row and the value it must give.
struct AggregateCase: Sendable, CustomTestStringConvertible {
  let function: AggregateFunction
  let field: String?
  let value: Value

  init(_ function: AggregateFunction, _ field: String?, _ value: Value) {
    self.function = function
    self.field = field
    self.value = value
  }

  var testDescription: String { "\(function.rawValue) \(field ?? "")" }
}

@Suite struct BookSortTests {
  typealias Fixture = AccountsFixture
  static let everyRow: [Int32] = [0, 1, 2, 3, 4]

  @Test(arguments: [
    SortCase("arr", [1, 3, 0, 4, 2]),
    SortCase("arr", descending: true, [4, 0, 3, 1, 2]),
    SortCase("name", [0, 1, 2, 4, 3]),
    SortCase("name", descending: true, [3, 4, 2, 1, 0]),
    SortCase("csm", [3, 4, 0, 1, 2]),
    SortCase("csm", descending: true, [0, 1, 3, 4, 2]),
    SortCase("renewal_date", [3, 0, 1, 4, 2]),
    SortCase("renewal_date", descending: true, [4, 1, 0, 3, 2]),
    SortCase("health", descending: true, [4, 1, 3, 0, 2]),
    SortCase("strategic", [1, 3, 0, 4, 2]),
    SortCase("strategic", descending: true, [0, 4, 1, 3, 2]),
    SortCase("days_to_renewal", descending: true, [4, 1, 0, 3, 2]),
    SortCase("nps_category", [1, 3, 0, 4, 2]),
  ])
  func missingSortsLastEitherWay(_ testCase: SortCase) {
    let key = SortKey(field: Fixture.field(testCase.field), descending: testCase.descending)
    let sorted = Fixture.book.sorted(Self.everyRow, by: [key], today: Fixture.today)
    #expect(sorted == testCase.order)
  }

  @Test func secondKeyBreaksTies() {
    let keys = [
      SortKey(field: Fixture.field("csm")),
      SortKey(field: Fixture.field("arr"), descending: true),
    ]
    let sorted = Fixture.book.sorted(Self.everyRow, by: keys, today: Fixture.today)
    #expect(sorted == [4, 3, 0, 1, 2])
  }

  @Test func subsetAndTop() {
    let byARR = [SortKey(field: Fixture.field("arr"), descending: true)]
    #expect(Fixture.book.sorted([3, 1], by: byARR, today: Fixture.today) == [3, 1])
    #expect(Fixture.book.top(2, of: Self.everyRow, by: byARR, today: Fixture.today) == [4, 0])
    #expect(Fixture.book.sorted(Self.everyRow, by: [], today: Fixture.today) == Self.everyRow)
  }

  /// Names stored plain, as mostly distinct text is, with repeats, case, accents and a
  /// missing cell: equal folded names keep their order, and missing sorts last both ways.
  @Test func plainTextSortsByFoldedValue() {
    let names = ["müller", "Acme", "", "Zeta", "acme", "Muller", "São Paulo", "Acme", "sao"]
    var builder = TextColumnBuilder(plainWithCapacity: names.count)
    for name in names { builder.append(name) }
    let book = Book(
      fields: [Field(name: "name", type: .text)], columns: [.text(builder.finish())],
      count: names.count)
    let rows = (0..<Int32(names.count)).map { $0 }
    let name = SortKey(field: .stored(0))
    #expect(book.sorted(rows, by: [name], today: Fixture.today) == [1, 4, 7, 5, 0, 8, 6, 3, 2])
    let descending = SortKey(field: .stored(0), descending: true)
    #expect(
      book.sorted(rows, by: [descending], today: Fixture.today) == [3, 6, 8, 0, 5, 1, 4, 7, 2])
    #expect(book.top(2, of: rows, by: [name], today: Fixture.today) == [1, 4])
  }
}

@Suite struct BookAggregateTests {
  typealias Fixture = AccountsFixture

  @Test(arguments: [
    AggregateCase(.count, nil, .number(5)),
    AggregateCase(.count, "arr", .number(5)),
    AggregateCase(.sum, "arr", .money(cents: 49_000_000)),
    AggregateCase(.average, "arr", .money(cents: 12_250_000)),
    AggregateCase(.sum, "health", .number(252)),
    AggregateCase(.average, "health", .number(63)),
    AggregateCase(.minimum, "health", .number(35)),
    AggregateCase(.maximum, "health", .number(90)),
    AggregateCase(.minimum, "renewal_date", .date(Day(number: 18_962))),
    AggregateCase(.maximum, "renewal_date", .date(Day(number: 19_358))),
    AggregateCase(.minimum, "name", .text("Acme")),
    AggregateCase(.maximum, "name", .text("Umbrella Café")),
    AggregateCase(.minimum, "csm", .text("Jo Park")),
    AggregateCase(.maximum, "csm", .text("Maria Fell")),
    AggregateCase(.sum, "days_to_renewal", .number(434)),
    AggregateCase(.minimum, "days_to_renewal", .number(-62)),
  ])
  func aggregateOverEveryRow(_ testCase: AggregateCase) {
    let field = testCase.field.map(Fixture.field)
    let value = Fixture.book.aggregate(
      testCase.function, of: field, rows: [0, 1, 2, 3, 4], today: Fixture.today)
    #expect(value == testCase.value)
  }

  @Test func aggregatesOfNoValues() {
    let arr = Fixture.field("arr")
    let health = Fixture.field("health")
    let today = Fixture.today
    #expect(Fixture.book.aggregate(.sum, of: arr, rows: [], today: today) == .money(cents: 0))
    #expect(Fixture.book.aggregate(.sum, of: health, rows: [2], today: today) == .number(0))
    #expect(Fixture.book.aggregate(.average, of: arr, rows: [2], today: today) == .missing)
    #expect(Fixture.book.aggregate(.minimum, of: health, rows: [2], today: today) == .missing)
    #expect(Fixture.book.aggregate(.count, of: nil, rows: [], today: today) == .number(0))
  }

  @Test(
    arguments: [
      ([100, 101], 101),
      ([-100, -101], -101),
      ([1, 1, 2], 1),
      ([1, 2, 2], 2),
    ] as [([Int64], Int64)])
  func averageMoneyRoundsToCents(cents: [Int64], average: Int64) {
    let book = Book(
      fields: [Field(name: "arr", type: .money)], columns: [.money(cents)], count: cents.count)
    let rows = (0..<cents.count).map(Int32.init)
    let value = book.aggregate(.average, of: .stored(0), rows: rows, today: Day(number: 0))
    #expect(value == .money(cents: average))
  }

  @Test func groupsFoldCaseMissingLast() {
    let groups = Fixture.book.groups(
      of: [0, 1, 2, 3, 4], by: Fixture.field("csm"), today: Fixture.today)
    #expect(groups.map(\.key) == [.text("Jo Park"), .text("Maria Fell"), .missing])
    #expect(groups.map(\.rows) == [[3, 4], [0, 1], [2]])
  }

  @Test func groupsByBooleanAndDerived() {
    let strategic = Fixture.book.groups(
      of: [0, 1, 2, 3, 4], by: Fixture.field("strategic"), today: Fixture.today)
    #expect(strategic.map(\.key) == [.boolean(false), .boolean(true), .missing])
    #expect(strategic.map(\.rows) == [[1, 3], [0, 4], [2]])

    let category = Fixture.book.groups(
      of: [4, 3, 2, 1, 0], by: Fixture.field("nps_category"), today: Fixture.today)
    #expect(
      category.map(\.key) == [
        .text("detractor"), .text("passive"), .text("promoter"), .missing,
      ])
    #expect(category.map(\.rows) == [[1], [3], [4, 0], [2]])
  }

  @Test func groupsByDateAscending() {
    let groups = Fixture.book.groups(
      of: [4, 1, 0, 3], by: Fixture.field("renewal_date"), today: Fixture.today)
    #expect(groups.map(\.rows) == [[3], [0], [1], [4]])
  }
}
