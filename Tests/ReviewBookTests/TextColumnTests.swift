import ReviewBook
import Testing

@Suite struct RepeatedValueTests {
  @Test func plainColumnCountsRepeats() {
    var builder = TextColumnBuilder(plainWithCapacity: 8)
    for id in ["A-1", "A-2", "A-1", "", "", "A-2", "A-1", "A-3"] { builder.append(id) }
    let column = builder.finish()
    #expect(!column.isDictionary)
    let repeats = column.repeatedValues()
    #expect(repeats?.count == 3)
    #expect(repeats?.example == "A-1")
  }

  @Test func distinctValuesHaveNoRepeats() {
    #expect(TextColumn(["A-1", "A-2", nil, nil, "A-3"]).repeatedValues() == nil)
    #expect(TextColumn([]).repeatedValues() == nil)
    #expect(TextColumn([nil, nil]).repeatedValues() == nil)
  }

  @Test func dictionaryColumnCountsRepeats() {
    let column = TextColumn(Array(repeating: ["red", "green", nil], count: 40).flatMap { $0 })
    #expect(column.isDictionary)
    let repeats = column.repeatedValues()
    #expect(repeats?.count == 78)
    #expect(repeats?.example == "red")
  }

  /// Enough rows that the search runs in partitions on several threads, with the first
  /// repeat far from the start, so that it must be found across partitions.
  @Test func largeColumnFindsEarliestRepeat() {
    var ids: [String?] = (0..<200_000).map { "ACC-\($0)" }
    ids[150_000] = "ACC-7"
    ids[190_000] = "ACC-123456"
    ids[120_000] = "ACC-99999"
    let column = TextColumn(ids)
    #expect(!column.isDictionary)
    let repeats = column.repeatedValues()
    #expect(repeats?.count == 3)
    #expect(repeats?.example == "ACC-99999")
  }

  @Test func bytesDecideEquality() {
    // "é" as one code point and as "e" with a combining accent are equal as Swift strings
    // and different as bytes, and an account key is compared by its bytes.
    let column = TextColumn(["caf\u{E9}", "cafe\u{301}"])
    #expect(column.repeatedValues() == nil)
  }
}
