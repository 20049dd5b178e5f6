import Testing

@testable import ReviewBook

/// Looks up a string's code, inserting it when new.
private func code(_ dictionary: inout ByteDictionary, _ text: String) -> UInt32 {
  var text = text
  return text.withUTF8 { dictionary.code(for: $0) }
}

private func lookup(_ dictionary: ByteDictionary, _ text: String) -> UInt32? {
  var text = text
  return text.withUTF8 { dictionary.lookup($0) }
}

@Suite struct ByteDictionaryTests {
  @Test func codesFollowFirstInsertion() {
    var dictionary = ByteDictionary()
    #expect(code(&dictionary, "Maria Fell") == 0)
    #expect(code(&dictionary, "Jo Park") == 1)
    #expect(code(&dictionary, "Maria Fell") == 0)
    #expect(code(&dictionary, "maria fell") == 2)
    #expect(code(&dictionary, "") == 3)
    #expect(code(&dictionary, "") == 3)
    #expect(dictionary.count == 4)
    #expect(dictionary.strings == ["Maria Fell", "Jo Park", "maria fell", ""])
  }

  @Test func lookupFindsOnlyInsertedValues() {
    var dictionary = ByteDictionary()
    _ = code(&dictionary, "山田 花子")
    _ = code(&dictionary, "Société Générale")
    #expect(lookup(dictionary, "山田 花子") == 0)
    #expect(lookup(dictionary, "Société Générale") == 1)
    #expect(lookup(dictionary, "Société") == nil)
    #expect(lookup(dictionary, "") == nil)
    #expect(dictionary.string(1) == "Société Générale")
  }

  @Test func growingKeepsEveryCode() {
    var dictionary = ByteDictionary(capacity: 1)
    // Values of one length that differ only after eight bytes share their first word.
    let values = (0..<5_000).map { "account-\($0)" }
    for (index, value) in values.enumerated() {
      #expect(code(&dictionary, value) == UInt32(index))
    }
    for (index, value) in values.enumerated() {
      #expect(lookup(dictionary, value) == UInt32(index))
    }
    #expect(dictionary.count == 5_000)
    #expect(dictionary.strings == values)
  }

  @Test func valueEqualsComparesBytes() {
    var dictionary = ByteDictionary()
    _ = code(&dictionary, "renewed")
    var same = "renewed"
    var longer = "renewed!"
    #expect(same.withUTF8 { dictionary.value(0, equals: $0) })
    #expect(!longer.withUTF8 { dictionary.value(0, equals: $0) })
  }
}

@Suite struct TextColumnBuilderTests {
  static func strings(_ column: TextColumn) -> [String?] {
    (0..<column.count).map { column.string(at: $0) }
  }

  @Test func manyDistinctValuesSwitchToPlain() {
    var builder = TextColumnBuilder()
    for index in 0..<5_000 { builder.append("Account \(index)") }
    #expect(builder.isPlain)
    let column = builder.finish()
    #expect(!column.isDictionary)
    #expect(column.string(at: 4_096) == "Account 4096")
  }

  @Test func fewDistinctValuesStayDictionary() {
    var builder = TextColumnBuilder()
    for index in 0..<10_000 { builder.append(index % 3 == 0 ? "" : "CSM \(index % 48)") }
    let column = builder.finish()
    #expect(column.isDictionary)
    #expect(column.string(at: 0) == nil)
    #expect(column.string(at: 1) == "CSM 1")
    #expect(column.distinctValues.count == 32)
  }

  /// Builders of two parts, each dictionary-encoded or plain.
  static func part(_ values: [String?], plain: Bool) -> TextColumnBuilder {
    var builder =
      plain ? TextColumnBuilder(plainWithCapacity: values.count) : TextColumnBuilder()
    for value in values {
      if let value { builder.append(value) } else { builder.appendMissing() }
    }
    return builder
  }

  @Test(arguments: [(false, false), (false, true), (true, false), (true, true)])
  func appendingPartsKeepsCells(firstPlain: Bool, secondPlain: Bool) {
    let first: [String?] = ["Acme", nil, "Globex", "Acme"]
    let second: [String?] = ["Globex", "Initech", nil, "ACME"]
    var builder = Self.part(first, plain: firstPlain)
    builder.append(contentsOf: Self.part(second, plain: secondPlain))
    let column = builder.finish()
    #expect(Self.strings(column) == first + second)
    #expect(column.distinctValues == ["Acme", "Globex", "Initech", "ACME"])
    #expect(column.isDictionary == (!firstPlain && !secondPlain))
  }

  @Test(arguments: [7, 512, 5_000])
  func appendingRunsMatchesAppendingCells(runLength: Int) {
    // Repeating short values, long ones the cache of recent values skips, missing cells,
    // and from row 3,000 on, distinct values that switch the builder to plain storage in
    // the middle of a run.
    let cells: [String] = (0..<9_000).map { row in
      if row % 11 == 0 { return "" }
      if row >= 3_000 { return "Account \(row)" }
      if row % 7 == 0 { return "A value longer than twenty-four bytes \(row % 5)" }
      return ["red", "yellow", "green", "Ana Lima", "Jürgen Weiß"][row % 5]
    }

    var oneByOne = TextColumnBuilder()
    var inRuns = TextColumnBuilder()
    var switchedWithin = false
    for start in Swift.stride(from: 0, to: cells.count, by: runLength) {
      let run = Array(cells[start..<min(start + runLength, cells.count)])
      for cell in run { oneByOne.append(cell) }

      let wasPlain = inRuns.isPlain
      let joined = Array(run.joined().utf8)
      var starts = [0]
      for cell in run { starts.append(starts[starts.count - 1] + cell.utf8.count) }
      joined.withUnsafeBufferPointer { all in
        inRuns.append(cellCount: run.count) { index in
          UnsafeBufferPointer(rebasing: all[starts[index]..<starts[index + 1]])
        }
      }
      if !wasPlain && inRuns.isPlain && runLength > 1 { switchedWithin = true }
    }

    #expect(inRuns.isPlain == oneByOne.isPlain)
    #expect(Self.strings(inRuns.finish()) == Self.strings(oneByOne.finish()))
    #expect(inRuns.isPlain)
    #expect(switchedWithin)
  }

  @Test func mostlyDistinctNeedsEnoughCells() {
    var names = TextColumnBuilder()
    for index in 0..<1_023 { names.append("Account \(index)") }
    #expect(!names.isPlain)
    #expect(!names.isMostlyDistinct)
    names.append("Account 1023")
    #expect(names.isMostlyDistinct)

    // Three cells in four repeat a value: not mostly distinct.
    var repeating = TextColumnBuilder()
    for index in 0..<2_000 { repeating.append(index % 4 == 0 ? "Account \(index)" : "Acme") }
    #expect(!repeating.isMostlyDistinct)
    #expect(TextColumnBuilder(plainWithCapacity: 0).isMostlyDistinct)
  }

  @Test func mappingValuesMergesAndKeepsMissing() {
    let column = TextColumn(["Red", nil, "RED", "at risk", "green", ""])
    let mapped = column.mappingValues { $0.lowercased() == "at risk" ? "red" : $0.lowercased() }
    #expect(Self.strings(mapped) == ["red", nil, "red", "red", "green", nil])
    #expect(mapped.distinctValues == ["red", "green"])
  }
}
