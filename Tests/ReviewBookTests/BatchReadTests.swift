import Testing

@testable import ReviewBook

@Suite struct RadixSortTests {
  @Test func ordersKeysAndKeepsTiesInPlace() {
    // More than 64 rows, so that the radix passes run rather than the small-input sort.
    let keys: [UInt64] = (0..<200).map { UInt64(($0 * 37) % 11) << 40 | UInt64($0 % 3) }
    let rows = (0..<200).map { Int32(1000 + $0) }
    let sorted = RadixSort.stableOrder(rows, by: keys)
    let expected = (0..<200).sorted { keys[$0] < keys[$1] || (keys[$0] == keys[$1] && $0 < $1) }
    #expect(sorted == expected.map { Int32(1000 + $0) })
  }

  @Test func smallInputsAreOrderedToo() {
    #expect(RadixSort.stableOrder([7, 8, 9], by: [5, 1, 5]) == [8, 7, 9])
    #expect(RadixSort.stableOrder([4], by: [0]) == [4])
    #expect(RadixSort.stableOrder([], by: []) == [])
  }

  @Test func orderedBitsFollowTheNumbers() {
    let numbers: [Double] = [
      -.infinity, -1e300, -2.5, -1, -0.0001, 0, 1e-300, 1, 2.5, 1e300, .infinity,
    ]
    let bits = numbers.map(RadixSort.orderedBits(of:))
    #expect(bits == bits.sorted())
    #expect(Set(bits).count == numbers.count)
  }

  @Test func numericSortMatchesComparisonSort() {
    // Negative numbers, ties, a negative zero beside zero, and missing values, over enough
    // rows for the radix passes.
    var values: [Double] = []
    for index in 0..<500 {
      switch index % 7 {
      case 0: values.append(.nan)
      case 1: values.append(-0.0)
      case 2: values.append(0)
      default: values.append(Double((index * 7919) % 41) - 20.5)
      }
    }
    let rows = (0..<500).map { Int32($0 * 2) }
    for descending in [false, true] {
      let sorted = Book.sorted(rows, byNumbers: values, descending: descending)
      let present = (0..<500).filter { !values[$0].isNaN }
      let expected =
        present.sorted {
          let lhs = descending ? -values[$0] : values[$0]
          let rhs = descending ? -values[$1] : values[$1]
          return lhs < rhs || (lhs == rhs && $0 < $1)
        } + (0..<500).filter { values[$0].isNaN }
      #expect(sorted == expected.map { rows[$0] }, "descending: \(descending)")
    }
  }
}

@Suite struct BatchReadTests {
  /// Rows in a scattered order, with repeats, as a sorted result reads them.
  static let rows: [Int32] = [5, 0, 3, 3, 1, 4, 2]

  @Test func everyColumnTypeReadsAsValueAtDoes() {
    let columns: [Column] = [
      .text(TextColumn(["red", nil, "grün", "red", "yellow", nil])),
      .number([1.5, .nan, -3, 0, 72, 8]),
      .money([12_000, Column.missingMoney, -5, 0, 450_050, 1]),
      .date([19_000, Column.missingDate, 0, -1, 20_000, 1]),
      .boolean([1, 0, Column.missingBoolean, 1, 0, 1]),
    ]
    for column in columns {
      let batch = column.values(at: BatchReadTests.rows[...])
      #expect(batch == BatchReadTests.rows.map { column.value(at: Int($0)) }, "\(column.type)")
    }
  }

  @Test func plainTextReadsAsValueAtDoes() {
    var builder = TextColumnBuilder(plainWithCapacity: 6)
    for id in ["A-1", "", "東京-2", "A-3", "Zoë \"Q\"", "B-9"] { builder.append(id) }
    let column = Column.text(builder.finish())
    let batch = column.values(at: BatchReadTests.rows[2...])
    #expect(batch == [.text("A-3"), .text("A-3"), .missing, .text("Zoë \"Q\""), .text("東京-2")])
  }

  @Test func derivedFieldsReadAsValueOfDoes() throws {
    let book = AccountsFixture.book
    let today = AccountsFixture.today
    let rows = (0..<Int32(book.count)).reversed().map { $0 }
    for name in ["days_to_renewal", "nps_category", "arr", "name", "strategic"] {
      let reference = try #require(book.reference(to: name))
      let batch = book.values(of: reference, at: rows[...], today: today)
      #expect(
        batch == rows.map { book.value(of: reference, at: Int($0), today: today) }, "\(name)")
    }
    let renewal = try #require(book.reference(to: "days_to_renewal"))
    #expect(book.values(of: renewal, at: [], today: today).isEmpty)
  }

  @Test func dictionaryCellsAreTransformedOncePerValue() {
    let column = TextColumn(["red", nil, "green", "red", "red", "green"])
    var calls = 0
    var seen: [(Int, Int?)] = []
    column.forEachCell(
      in: 1..<6,
      transformedBy: { bytes -> Int in
        calls += 1
        return bytes.count
      }
    ) { row, length in seen.append((row, length)) }
    #expect(calls == 2)
    #expect(seen.map(\.0) == [1, 2, 3, 4, 5])
    #expect(seen.map(\.1) == [nil, 5, 3, 3, 5])
  }

  @Test func plainCellsAreTransformedEach() {
    var builder = TextColumnBuilder(plainWithCapacity: 3)
    for id in ["A-1", "", "東京"] { builder.append(id) }
    var seen: [String?] = []
    builder.finish().forEachCell(
      in: 0..<3, transformedBy: { String(decoding: $0, as: UTF8.self) }
    ) { _, text in seen.append(text) }
    #expect(seen == ["A-1", nil, "東京"])
  }
}
