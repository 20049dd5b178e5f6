/// A stable least-significant-digit radix sort of rows by unsigned 64-bit keys, for sorting
/// large results. It makes at most eight passes of one byte each. A byte that all keys
/// share, such as a high byte of amounts of similar size, needs no pass.
enum RadixSort {
  /// Returns the bits of `value` as an unsigned integer that sorts as the numbers do. A
  /// positive number gets its sign bit set, and a negative one has every bit flipped.
  static func orderedBits(of value: Double) -> UInt64 {
    let bits = value.bitPattern
    return bits & (1 << 63) == 0 ? bits | (1 << 63) : ~bits
  }

  /// Returns `rows` ordered by `keys`, one key for each row, equal keys in their order in
  /// `rows`.
  /// - Complexity: O(n) for n rows, with at most eight passes.
  static func stableOrder(_ rows: [Int32], by keys: [UInt64]) -> [Int32] {
    precondition(rows.count == keys.count, "one key for each row")
    let count = rows.count
    guard count > 1 else { return rows }
    if count < 64 {
      let order = (0..<count).sorted { keys[$0] < keys[$1] || (keys[$0] == keys[$1] && $0 < $1) }
      return order.map { rows[$0] }
    }

    // How many keys have each value of each byte, counted in one pass.
    var histograms = [Int](repeating: 0, count: 8 * 256)
    for key in keys {
      for byte in 0..<8 {
        histograms[byte &* 256 &+ Int((key >> UInt64(byte &* 8)) & 0xFF)] &+= 1
      }
    }

    var sourceKeys = keys
    var sourceRows = rows
    var targetKeys = [UInt64](repeating: 0, count: count)
    var targetRows = [Int32](repeating: 0, count: count)
    for byte in 0..<8 {
      let base = byte * 256
      // A byte that every key shares leaves the order as it is.
      if histograms[base + Int((keys[0] >> UInt64(byte * 8)) & 0xFF)] == count { continue }
      var starts = [Int](repeating: 0, count: 256)
      var total = 0
      for digit in 0..<256 {
        starts[digit] = total
        total += histograms[base + digit]
      }
      let shift = UInt64(byte * 8)
      for index in 0..<count {
        let key = sourceKeys[index]
        let digit = Int((key >> shift) & 0xFF)
        let target = starts[digit]
        starts[digit] = target &+ 1
        targetKeys[target] = key
        targetRows[target] = sourceRows[index]
      }
      swap(&sourceKeys, &targetKeys)
      swap(&sourceRows, &targetRows)
    }
    return sourceRows
  }
}
