import Testing

@testable import ReviewBook

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Returns whether `TextColumn.isStrictlyAscending` finds the values, in a plain column,
/// in ascending order.
private func ascending(_ values: [String?]) -> Bool {
  var builder = TextColumnBuilder(plainWithCapacity: values.count)
  for value in values { builder.append(value ?? "") }
  guard case .plain(let bytes, let offsets) = builder.finish().storage else {
    Issue.record("a plain column was expected")
    return false
  }
  return TextColumn.isStrictlyAscending(bytes: bytes, offsets: offsets)
}

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

  /// Ids in ascending order are found distinct without the search, so the search must
  /// still run for a column that is in order except for a repeat.
  @Test func ascendingColumnWithOneRepeat() {
    var ids: [String?] = (0..<200_000).map { String(format: "A%07d", $0) }
    #expect(TextColumn(ids).repeatedValues() == nil)

    ids[100_001] = ids[100_000]
    ids[5] = nil
    let repeats = TextColumn(ids).repeatedValues()
    #expect(repeats?.count == 1)
    #expect(repeats?.example == "A0100000")
  }

  @Test func ascendingOrderOfBytes() {

    #expect(ascending(["A1", "A10", "A2", "B"]))
    #expect(ascending(["A1", nil, "A2", nil]))
    #expect(ascending([]))
    #expect(ascending([nil]))
    #expect(!ascending(["A1", "A1"]))
    #expect(!ascending(["A10", "A1"]))
    #expect(!ascending(["b", nil, "a"]))
    // Longer values are compared eight bytes at a time, then byte by byte.
    #expect(ascending(["ACCOUNT-000000001", "ACCOUNT-000000002", "ACCOUNT-00000001"]))
    #expect(!ascending(["ACCOUNT-000000002", "ACCOUNT-000000001"]))
    #expect(ascending(["ACCOUNT-0", "ACCOUNT-00", "ACCOUNTS", "b"]))
    #expect(!ascending(["ACCOUNT-00", "ACCOUNT-0"]))
    #expect(!ascending(["ACCOUNTS-1", "ACCOUNT-10"]))
    // "é" (C3 A9) comes after "z" (7A) as bytes.
    #expect(ascending(["z", "é"]))
    #expect(!ascending(["é", "z"]))
  }

  /// Enough rows to be checked in ranges on several threads: a value out of order where
  /// one range ends and the next begins must still be found.
  @Test func ascendingOrderAcrossRanges() {
    let ids: [String?] = (0..<300_000).map { String(format: "A%07d", $0) }
    #expect(ascending(ids))

    let cores = max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))
    let rangeCount = max(1, min(2 * cores, ids.count / 32_768))
    let rangeLength = (ids.count + rangeCount - 1) / rangeCount
    for boundary in stride(from: rangeLength, to: ids.count, by: rangeLength) {
      var swapped = ids
      swapped.swapAt(boundary - 1, boundary)
      #expect(!ascending(swapped), "rows \(boundary - 1) and \(boundary) swapped")
      var missingBefore = ids
      missingBefore[boundary - 1] = nil
      missingBefore[boundary] = ids[boundary - 2]
      #expect(!ascending(missingBefore), "row \(boundary) repeats row \(boundary - 2)")
    }
  }

  /// Names repeat when `show NAME` cannot tell them apart: case and Unicode forms aside.
  @Test func foldedNamesRepeat() {
    let column = TextColumn(["Name 30", "Acme", "name 30", nil, "M\u{FC}ller", "Mu\u{308}ller"])
    #expect(column.repeatedValues() == nil)
    let repeats = column.repeatedFoldedValues()
    #expect(repeats?.count == 2)
    #expect(repeats?.example == "name 30")
    #expect(TextColumn(["Acme", "Acme West", nil, nil]).repeatedFoldedValues() == nil)
  }

  @Test func bytesDecideEquality() {
    // "é" as one code point and as "e" with a combining accent are equal as Swift strings
    // and different as bytes, and an account key is compared by its bytes.
    let column = TextColumn(["caf\u{E9}", "cafe\u{301}"])
    #expect(column.repeatedValues() == nil)
  }
}

@Suite struct TextColumnDerivedTests {
  static func plain(_ values: [String]) -> TextColumn {
    var builder = TextColumnBuilder(plainWithCapacity: values.count)
    for value in values { builder.append(value) }
    return builder.finish()
  }

  @Test func plainRanksIgnoreCase() {
    let column = Self.plain(["beta", "Álvaro", "", "alvaro", "Zed", "BETA", "cafe"])
    #expect(!column.isDictionary)
    let missing = UInt32.max
    // Letters that differ only in case share a place; an accented word sorts right after
    // the same word without accents.
    #expect(column.sortRanks() == [2, 1, missing, 0, 4, 2, 3])
    // The second call returns the kept ranks.
    let kept = TextColumnDerived()
    #expect(column.sortRanks(keptIn: kept) == [2, 1, missing, 0, 4, 2, 3])
    #expect(column.sortRanks(keptIn: kept) == [2, 1, missing, 0, 4, 2, 3])
  }

  @Test func dictionaryRanksFollowValues() {
    let column = TextColumn(
      Array(repeating: ["red", "Green", nil, "amber"], count: 30).flatMap { $0 })
    #expect(column.isDictionary)
    #expect(Array(column.sortRanks().prefix(4)) == [2, 1, UInt32.max, 0])
  }

  @Test func plainContainsIgnoresCaseAndAccents() {
    let column = Self.plain(["Müller & Söhne", "", "MULLER GmbH", "Acme", "smüll"])
    let rows = column.rowsContaining(Array("mull".utf8))
    #expect((0..<5).map { rows[$0] } == [true, false, true, false, true])
    let accented = column.rowsContaining(TextFolding.searchKey("Sö"))
    #expect((0..<5).map { accented[$0] } == [true, false, false, false, false])
    let empty = column.rowsContaining([])
    #expect((0..<5).map { empty[$0] } == [true, false, true, true, true])
  }

  @Test func plainComparesFoldedText() {
    let column = Self.plain(["Müller", "", "MÜLLER", "Muller", "Zed"])
    let equal = column.rows(comparingFolded: TextFolding.fold("müller")) { $0 == 0 }
    #expect((0..<5).map { equal[$0] } == [true, false, true, false, false])
    let before = column.rows(comparingFolded: TextFolding.fold("n")) { $0 < 0 }
    #expect((0..<5).map { before[$0] } == [true, false, true, true, false])
  }

  @Test func plainFindsSearchKeyPrefix() {
    let column = Self.plain(["Müller & Söhne", "", "Mull", "Amul", "MULLER"])
    let rows = column.rows(withSearchKeyPrefix: TextFolding.searchKey("mul"))
    #expect((0..<5).map { rows[$0] } == [true, false, true, false, true])
  }

  @Test func bookKeepsDerivedValuesUntilColumnsChange() {
    let field = Field(name: "name", type: .text)
    var book = Book(fields: [field], columns: [.text(Self.plain(["b", "a"]))], count: 2)
    let kept = book.derivedValues(ofColumn: 0)
    #expect(book.derivedValues(ofColumn: 0) === kept)
    guard case .text(let column) = book.columns[0] else {
      Issue.record("the column is not text")
      return
    }
    #expect(column.sortRanks(keptIn: kept) == [1, 0])

    book.setColumn(.text(Self.plain(["x", "y"])), for: field)
    #expect(book.derivedValues(ofColumn: 0) !== kept)
  }
}

@Suite struct ShortValueCodeTests {
  /// Values that share their first and last eight bytes, or differ only in length, so that
  /// a lookup by machine words must still tell them apart.
  @Test func nearValuesGetTheirOwnCodes() {
    let values = [
      "a", "ab", "abcdefg", "abcdefgh", "abcdefghi", "abcdefgh-abcdefgh",
      "abcdefghXabcdefgh", "abcdefgh12345678abcdefgh", "abcdefgh87654321abcdefgh",
      "abcdefgh12345678abcdefghX", "abcdefghabcdefgh", "Ünïcode", "Ünïcodé",
    ]
    var builder = TextColumnBuilder()
    // Every value three times, interleaved, so that each is found again after others.
    for _ in 0..<3 {
      for value in values { builder.append(value) }
    }
    let column = builder.finish()
    #expect(column.isDictionary)
    #expect((0..<column.count).map { column.string(at: $0) } == (values + values + values))
  }

  @Test func manyValuesShareFewSlots() {
    // More distinct short values than the cache has slots, each seen twice.
    let values = (0..<1000).map { "v\($0)" }
    var builder = TextColumnBuilder(capacity: 2000)
    for value in values + values { builder.append(value) }
    let column = builder.finish()
    #expect((0..<column.count).map { column.string(at: $0) } == values + values)
  }
}
