import Testing

@testable import ReviewBook

@Suite struct BookGroupTotalsTests {
  typealias Fixture = AccountsFixture
  static let everyRow: [Int32] = [0, 1, 2, 3, 4]

  /// Computes what `groups` and `aggregate` give for the same grouping, one group at a
  /// time.
  static func reference(
    rows: [Int32], by field: String, function: AggregateFunction, of valueField: String?
  ) -> [GroupTotal] {
    let book = Fixture.book
    return book.groups(of: rows, by: Fixture.field(field), today: Fixture.today).map { group in
      let total = valueField.map {
        book.aggregate(function, of: Fixture.field($0), rows: group.rows, today: Fixture.today)
      }
      return GroupTotal(key: group.key, count: group.rows.count, total: total)
    }
  }

  @Test func dictionaryGroupsFoldCaseAndPutMissingLast() {
    let totals = Fixture.book.groupTotals(
      of: Self.everyRow, by: Fixture.field("csm"), function: .sum, of: Fixture.field("arr"),
      today: Fixture.today)
    #expect(totals.map(\.key) == [.text("Jo Park"), .text("Maria Fell"), .missing])
    #expect(totals.map(\.count) == [2, 2, 1])
    #expect(
      totals.map(\.total) == [
        .money(cents: 33_000_000), .money(cents: 16_000_000), .money(cents: 0),
      ])
  }

  @Test func keyIsTheFirstRowsValue() {
    let totals = Fixture.book.groupTotals(
      of: [1, 0, 3], by: Fixture.field("csm"), function: .count, of: nil, today: Fixture.today)
    #expect(totals.map(\.key) == [.text("Jo Park"), .text("maria fell")])
    #expect(totals.map(\.count) == [1, 2])
    #expect(totals.map(\.total) == [nil, nil])
  }

  @Test(
    arguments: [
      ("csm", AggregateFunction.sum, "arr"), ("csm", .average, "arr"), ("csm", .average, "health"),
      ("csm", .minimum, "renewal_date"), ("csm", .maximum, "name"), ("strategic", .sum, "health"),
      ("health", .count, nil), ("name", .average, "nps"),
    ] as [(String, AggregateFunction, String?)])
  func matchesGroupsAndAggregate(field: String, function: AggregateFunction, value: String?) {
    for rows in [Self.everyRow, [4, 2, 0], []] as [[Int32]] {
      let totals = Fixture.book.groupTotals(
        of: rows, by: Fixture.field(field), function: function,
        of: value.map(Fixture.field), today: Fixture.today)
      let expected = Self.reference(rows: rows, by: field, function: function, of: value)
      #expect(totals.map(\.key) == expected.map(\.key))
      #expect(totals.map(\.count) == expected.map(\.count))
      if function != .count {
        #expect(totals.map(\.total) == expected.map(\.total))
      }
    }
  }

  @Test func sumOfMoneyOverSet() throws {
    var set = Bitset(count: 5)
    set[0] = true
    set[2] = true
    set[4] = true
    let sum = try #require(Fixture.book.sumOfMoney(Fixture.field("arr"), in: set))
    #expect(sum.cents == 37_000_000)
    #expect(sum.present == 2)
    #expect(Fixture.book.sumOfMoney(Fixture.field("health"), in: set) == nil)
  }
}

@Suite struct BookTopTests {
  /// A book of 200 accounts whose score repeats every 7 rows, with every 11th missing, so
  /// that ties and missing values meet the heap.
  static let book: Book = {
    let scores = (0..<200).map { $0 % 11 == 0 ? Double.nan : Double(($0 * 5) % 7) }
    let names = (0..<200).map { "Account \($0 % 13)" }
    return Book(
      fields: [Field(name: "score", type: .number), Field(name: "name", type: .text)],
      columns: [.number(scores), .text(TextColumn(names))], count: 200)
  }()

  @Test(arguments: [1, 3, 10, 24, 199, 250])
  func topEqualsStartOfSort(limit: Int) {
    let rows = (0..<200).map(Int32.init)
    let score = Self.book.reference(to: "score")!
    let name = Self.book.reference(to: "name")!
    let sorts: [[SortKey]] = [
      [SortKey(field: score)], [SortKey(field: score, descending: true)],
      [SortKey(field: name), SortKey(field: score, descending: true)],
      [SortKey(field: name, descending: true)],
    ]
    let today = Day(number: 0)
    for keys in sorts {
      let sorted = Self.book.sorted(rows, by: keys, today: today)
      #expect(Self.book.top(limit, of: rows, by: keys, today: today) == Array(sorted.prefix(limit)))
    }
  }

  @Test func tiesKeepTheirOrder() {
    let score = Self.book.reference(to: "score")!
    let rows: [Int32] = (0..<200).reversed().map(Int32.init)
    let top = Self.book.top(3, of: rows, by: [SortKey(field: score)], today: Day(number: 0))
    // Score 0 falls on rows 7, 14, 21 and so on; in this order the last of them come first.
    #expect(top == [196, 189, 182])
  }

  @Test func sortPutsMissingLastEitherWay() {
    let score = Self.book.reference(to: "score")!
    let rows: [Int32] = [0, 1, 11, 2]
    for descending in [false, true] {
      let sorted = Self.book.sorted(
        rows, by: [SortKey(field: score, descending: descending)], today: Day(number: 0))
      #expect(sorted.suffix(2) == [0, 11])
    }
  }
}
