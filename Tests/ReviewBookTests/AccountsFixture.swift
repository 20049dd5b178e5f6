@testable import ReviewBook

/// Five accounts with every column type. Row 2 (Initech) has a name and nothing else.
///
/// | row | name             | csm        | arr      | health | renewal_date | strategic | nps |
/// | --- | ---------------- | ---------- | -------- | ------ | ------------ | --------- | --- |
/// | 0   | Acme             | Maria Fell | $120,000 | 35     | 2022-03-01   | true      | 9   |
/// | 1   | Globex           | maria fell | $40,000  | 72     | 2022-06-15   | false     | 6   |
/// | 2   | Initech          |            |          |        |              |           |     |
/// | 3   | Umbrella Café    | Jo Park    | $80,000  | 55     | 2021-12-01   | false     | 7   |
/// | 4   | Société Générale | Jo Park    | $250,000 | 90     | 2023-01-01   | true      | 10  |
enum AccountsFixture {
  /// The "today" of the fixture: 2022-02-01.
  static let today = Day(number: 19_024)

  static let book: Book = {
    let missingDay = Column.missingDate
    let fields = [
      Field(name: "name", type: .text),
      Field(name: "csm", type: .text),
      Field(name: "arr", type: .money),
      Field(name: "health", type: .number),
      Field(name: "renewal_date", type: .date),
      Field(name: "strategic", type: .boolean),
      Field(name: "nps", type: .number),
    ]
    let columns: [Column] = [
      .text(TextColumn(["Acme", "Globex", "Initech", "Umbrella Café", "Société Générale"])),
      .text(TextColumn(["Maria Fell", "maria fell", nil, "Jo Park", "Jo Park"])),
      .money([12_000_000, 4_000_000, Column.missingMoney, 8_000_000, 25_000_000]),
      .number([35, 72, .nan, 55, 90]),
      .date([19_052, 19_158, missingDay, 18_962, 19_358]),
      .boolean([1, 0, Column.missingBoolean, 0, 1]),
      .number([9, 6, .nan, 7, 10]),
    ]
    return Book(fields: fields, columns: columns, count: 5)
  }()

  static func field(_ name: String) -> FieldReference {
    guard let reference = book.reference(to: name) else {
      fatalError("the fixture has no field \(name)")
    }
    return reference
  }

  static func rows(where condition: Condition) -> [Int32] {
    book.rows(where: condition, today: today)
  }

  /// Returns the rows where the condition is false. A row in neither list is unknown.
  static func falseRows(where condition: Condition) -> [Int32] {
    book.evaluate(condition, today: today).isFalse.rows
  }
}
