import Testing

@testable import ReviewBook

@Suite struct BookScanTests {
  typealias Fixture = AccountsFixture

  /// Returns the rows where `days_to_renewal OP threshold` is true and false, read one cell at a
  /// time from the values the book shows.
  static func expected(
    _ field: String, _ op: ComparisonOperator, _ threshold: Double
  ) -> (isTrue: [Int32], isFalse: [Int32]) {
    let reference = Fixture.field(field)
    var isTrue: [Int32] = []
    var isFalse: [Int32] = []
    for row in 0..<Fixture.book.count {
      guard
        case .number(let days) = Fixture.book.value(of: reference, at: row, today: Fixture.today)
      else { continue }
      let order = days < threshold ? -1 : (days > threshold ? 1 : 0)
      if op.holds(order) { isTrue.append(Int32(row)) } else { isFalse.append(Int32(row)) }
    }
    return (isTrue, isFalse)
  }

  @Test(arguments: ComparisonOperator.allCases)
  func dayCountsMatchCellByCell(op: ComparisonOperator) {
    for field in ["days_to_renewal", "days_since_engaged"]
    where Fixture.book.reference(to: field) != nil {
      for threshold in [-62.0, 0, 27, 27.5, 134, 2_000_000_000] {
        let condition = Condition.compare(Fixture.field(field), op, .number(threshold))
        let (isTrue, isFalse) = Self.expected(field, op, threshold)
        #expect(Fixture.rows(where: condition) == isTrue, "\(field) \(op.rawValue) \(threshold)")
        #expect(
          Fixture.falseRows(where: condition) == isFalse, "\(field) \(op.rawValue) \(threshold)")
      }
    }
  }

  @Test func scansCoverPartialLastWord() {
    let count = 130
    let values = (0..<count).map { $0 % 5 == 0 ? Double.nan : Double($0) }
    let book = Book(
      fields: [Field(name: "usage", type: .number)], columns: [.number(values)], count: count)
    let usage = book.reference(to: "usage")!
    let truth = book.evaluate(.compare(usage, .greaterOrEqual, .number(64)), today: Day(number: 0))
    let present = (0..<count).filter { $0 % 5 != 0 }
    #expect(truth.isTrue.rows == present.filter { $0 >= 64 }.map(Int32.init))
    #expect(truth.isFalse.rows == present.filter { $0 < 64 }.map(Int32.init))
    let missing = book.evaluate(.missing(usage), today: Day(number: 0))
    #expect(missing.isTrue.cardinality == 26)
  }
}
