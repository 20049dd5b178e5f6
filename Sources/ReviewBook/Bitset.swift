/// A fixed-size set of row numbers, one bit a row.
public struct Bitset: Sendable, Equatable {
  public private(set) var words: [UInt64]
  public let count: Int

  /// Creates a set over `count` rows, every row in it or none.
  public init(count: Int, allSet: Bool = false) {
    self.count = count
    let wordCount = (count + 63) / 64
    words = Array(repeating: allSet ? ~0 : 0, count: wordCount)
    if allSet { clearTail() }
  }

  /// Creates a set from its words: row `i` is bit `i % 64` of word `i / 64`. Bits past
  /// `count` are cleared.
  public init(count: Int, words: [UInt64]) {
    self.count = count
    self.words = words
    clearTail()
  }

  /// Creates a set by testing every row.
  public init(count: Int, where predicate: (Int) -> Bool) {
    var words = [UInt64](repeating: 0, count: (count + 63) / 64)
    words.withUnsafeMutableBufferPointer { buffer in
      var row = 0
      for wordIndex in 0..<buffer.count {
        var word: UInt64 = 0
        let end = min(row + 64, count)
        var bit: UInt64 = 1
        while row < end {
          if predicate(row) { word |= bit }
          bit &<<= 1
          row += 1
        }
        buffer[wordIndex] = word
      }
    }
    self.init(count: count, words: words)
  }

  private mutating func clearTail() {
    let extra = words.count * 64 - count
    if extra > 0, !words.isEmpty {
      words[words.count - 1] &= ~0 >> UInt64(extra)
    }
  }

  public subscript(row: Int) -> Bool {
    get { words[row >> 6] & (1 << UInt64(row & 63)) != 0 }
    set {
      if newValue {
        words[row >> 6] |= 1 << UInt64(row & 63)
      } else {
        words[row >> 6] &= ~(1 << UInt64(row & 63))
      }
    }
  }

  public var cardinality: Int {
    words.reduce(0) { $0 + $1.nonzeroBitCount }
  }

  public static func & (lhs: Bitset, rhs: Bitset) -> Bitset {
    Bitset(count: lhs.count, words: zip(lhs.words, rhs.words).map { $0 & $1 })
  }

  public static func | (lhs: Bitset, rhs: Bitset) -> Bitset {
    Bitset(count: lhs.count, words: zip(lhs.words, rhs.words).map { $0 | $1 })
  }

  public static prefix func ~ (set: Bitset) -> Bitset {
    Bitset(count: set.count, words: set.words.map { ~$0 })
  }

  /// `lhs` without the rows of `rhs`.
  public static func - (lhs: Bitset, rhs: Bitset) -> Bitset {
    Bitset(count: lhs.count, words: zip(lhs.words, rhs.words).map { $0 & ~$1 })
  }

  /// The rows in the set, ascending.
  public var rows: [Int32] {
    var result: [Int32] = []
    result.reserveCapacity(cardinality)
    for (index, word) in words.enumerated() {
      var remaining = word
      while remaining != 0 {
        let bit = remaining.trailingZeroBitCount
        result.append(Int32(index * 64 + bit))
        remaining &= remaining - 1
      }
    }
    return result
  }
}
