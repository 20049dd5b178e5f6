import Testing

@testable import ReviewBook

@Suite struct BitsetTests {
  @Test(arguments: [0, 1, 63, 64, 65, 130])
  func fullSetHasEveryRow(count: Int) {
    let full = Bitset(count: count, allSet: true)
    #expect(full.cardinality == count)
    #expect(full.rows == (0..<count).map(Int32.init))
    #expect(Bitset(count: count).cardinality == 0)
  }

  @Test(arguments: [1, 63, 64, 65, 130])
  func complementKeepsTailClear(count: Int) {
    let empty = Bitset(count: count)
    #expect((~empty).cardinality == count)
    #expect(~empty == Bitset(count: count, allSet: true))
    #expect((~Bitset(count: count, allSet: true)).cardinality == 0)
  }

  @Test func subscriptSetsAndClearsRows() {
    var set = Bitset(count: 100)
    set[0] = true
    set[63] = true
    set[64] = true
    set[99] = true
    #expect(set.rows == [0, 63, 64, 99])
    set[63] = false
    #expect(set[63] == false)
    #expect(set[64] == true)
    #expect(set.cardinality == 3)
  }

  @Test func predicateInitializerTestsEveryRow() {
    let multiplesOfThree = Bitset(count: 70) { $0 % 3 == 0 }
    #expect(multiplesOfThree.cardinality == 24)
    #expect(multiplesOfThree.rows.first == 0)
    #expect(multiplesOfThree.rows.last == 69)
    #expect(multiplesOfThree[66])
    #expect(!multiplesOfThree[67])
  }

  @Test func setAlgebra() {
    let even = Bitset(count: 10) { $0 % 2 == 0 }
    let low = Bitset(count: 10) { $0 < 4 }
    #expect((even & low).rows == [0, 2])
    #expect((even | low).rows == [0, 1, 2, 3, 4, 6, 8])
    #expect((even - low).rows == [4, 6, 8])
    #expect((~even).rows == [1, 3, 5, 7, 9])
  }
}
