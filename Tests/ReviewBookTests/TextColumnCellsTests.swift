import ReviewBook
import Testing

@Suite struct TextColumnCellTests {
  /// Returns the cells `forEachCell` gives for `rows`, with nil for a missing one.
  private func cells(_ column: TextColumn, _ rows: Range<Int>) -> [(Int, String?)] {
    var cells: [(Int, String?)] = []
    column.forEachCell(in: rows) { row, bytes in
      cells.append((row, bytes.isEmpty ? nil : String(decoding: bytes, as: UTF8.self)))
    }
    return cells
  }

  @Test func dictionaryColumnCells() {
    let column = TextColumn(["red", nil, "grün", "red", "yellow", nil])
    #expect(column.isDictionary)

    let all = cells(column, 0..<6)
    let part = cells(column, 2..<5)

    #expect(all.map(\.0) == [0, 1, 2, 3, 4, 5])
    #expect(all.map(\.1) == ["red", nil, "grün", "red", "yellow", nil])
    #expect(part.map(\.0) == [2, 3, 4])
    #expect(part.map(\.1) == ["grün", "red", "yellow"])
    #expect(cells(column, 3..<3).isEmpty)
  }

  @Test func cellsOfListedRows() {
    var builder = TextColumnBuilder(plainWithCapacity: 5)
    for id in ["A-1", "", "東京-2", "A-3", ""] { builder.append(id) }
    let plain = builder.finish()
    let dictionary = TextColumn(["red", nil, "grün", "red", "yellow", nil])
    func cells(_ column: TextColumn, _ rows: [Int32]) -> [String] {
      var cells: [String] = []
      column.forEachCell(at: rows[...]) { position, bytes in
        cells.append("\(position):" + String(decoding: bytes, as: UTF8.self))
      }
      return cells
    }

    #expect(cells(plain, [3, 0, 1, 2, 2]) == ["0:A-3", "1:A-1", "2:", "3:東京-2", "4:東京-2"])
    #expect(cells(dictionary, [5, 2, 0]) == ["0:", "1:grün", "2:red"])
    #expect(cells(plain, []).isEmpty)
  }

  @Test func plainColumnCells() {
    var builder = TextColumnBuilder(plainWithCapacity: 5)
    for id in ["A-1", "", "東京-2", "A-3", ""] { builder.append(id) }
    let column = builder.finish()
    #expect(!column.isDictionary)

    let all = cells(column, 0..<5)
    let part = cells(column, 1..<3)

    #expect(all.map(\.0) == [0, 1, 2, 3, 4])
    #expect(all.map(\.1) == ["A-1", nil, "東京-2", "A-3", nil])
    #expect(part.map(\.0) == [1, 2])
    #expect(part.map(\.1) == [nil, "東京-2"])
  }
}
