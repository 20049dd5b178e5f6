import Dispatch
import Synchronization

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// A column of text cells. Low-cardinality text (CSM, status, stage, tier) is
/// dictionary-encoded; text that is mostly distinct (names, ids) is stored as one UTF-8
/// buffer with offsets. An empty cell is missing.
public struct TextColumn: Sendable {
  enum Storage: Sendable {
    /// `codes[row]` indexes `values`; `TextColumn.missingCode` marks a missing cell.
    case dictionary(codes: [UInt32], values: [String])
    /// Row `i` is `bytes[offsets[i]..<offsets[i + 1]]`; an empty range is missing.
    case plain(bytes: [UInt8], offsets: [UInt32])
  }

  @usableFromInline static let missingCode = UInt32.max

  var storage: Storage

  init(storage: Storage) {
    self.storage = storage
  }

  /// Creates a column from strings; empty strings and nil are missing.
  public init(_ strings: [String?]) {
    var builder = TextColumnBuilder()
    for string in strings {
      builder.append(string ?? "")
    }
    self = builder.finish()
  }

  public var count: Int {
    switch storage {
    case .dictionary(let codes, _): return codes.count
    case .plain(_, let offsets): return offsets.count - 1
    }
  }

  /// Whether the column is dictionary-encoded.
  public var isDictionary: Bool {
    if case .dictionary = storage { return true }
    return false
  }

  public func isMissing(_ row: Int) -> Bool {
    switch storage {
    case .dictionary(let codes, _): return codes[row] == TextColumn.missingCode
    case .plain(_, let offsets): return offsets[row] == offsets[row + 1]
    }
  }

  public func string(at row: Int) -> String? {
    switch storage {
    case .dictionary(let codes, let values):
      let code = codes[row]
      return code == TextColumn.missingCode ? nil : values[Int(code)]
    case .plain(let bytes, let offsets):
      let start = Int(offsets[row])
      let end = Int(offsets[row + 1])
      guard start < end else { return nil }
      return bytes.withUnsafeBufferPointer {
        String(decoding: UnsafeBufferPointer(rebasing: $0[start..<end]), as: UTF8.self)
      }
    }
  }

  /// The distinct values, in first-seen order for a dictionary column.
  /// - Complexity: O(n) for a plain column.
  public var distinctValues: [String] {
    switch storage {
    case .dictionary(_, let values): return values
    case .plain:
      var seen = Set<String>()
      var result: [String] = []
      for row in 0..<count {
        if let value = string(at: row), seen.insert(value).inserted {
          result.append(value)
        }
      }
      return result
    }
  }

  /// A copy with `other` appended.
  public func appending(_ other: TextColumn) -> TextColumn {
    var builder = TextColumnBuilder(capacity: count + other.count)
    for row in 0..<count {
      builder.append(string(at: row) ?? "")
    }
    for row in 0..<other.count {
      builder.append(other.string(at: row) ?? "")
    }
    return builder.finish()
  }

  /// A copy holding only `rows`, in their order.
  func gathering(_ rows: [Int32]) -> TextColumn {
    var builder = TextColumnBuilder(capacity: rows.count)
    for row in rows {
      builder.append(string(at: Int(row)) ?? "")
    }
    return builder.finish()
  }
}

extension TextColumn {
  /// Calls `body` with the UTF-8 bytes of a cell; a missing cell has none.
  public func withBytes<Result>(
    at row: Int, _ body: (UnsafeBufferPointer<UInt8>) -> Result
  ) -> Result {
    switch storage {
    case .dictionary(let codes, let values):
      let code = codes[row]
      guard code != TextColumn.missingCode else {
        return body(UnsafeBufferPointer(start: nil, count: 0))
      }
      var value = values[Int(code)]
      return value.withUTF8(body)
    case .plain(let bytes, let offsets):
      let start = Int(offsets[row])
      let end = Int(offsets[row + 1])
      return bytes.withUnsafeBufferPointer { body(UnsafeBufferPointer(rebasing: $0[start..<end])) }
    }
  }
}

extension TextColumn {
  /// A copy with every value replaced by `transform(value)`; missing cells stay missing,
  /// and so do cells whose new value is empty. A dictionary column transforms each
  /// distinct value once.
  /// - Complexity: O(n + d · t) for n cells, d distinct values and t the cost of one
  ///   transform in a dictionary column; O(n · t) in a plain one.
  public func mappingValues(_ transform: (String) -> String) -> TextColumn {
    switch storage {
    case .dictionary(let codes, let values):
      // Exports that already write the standard values keep their codes, without a copy.
      let transformed = values.map(transform)
      if transformed == values {
        return self
      }
      var builder = TextColumnBuilder(capacity: values.count)
      for value in transformed {
        builder.append(value)
      }
      let mapped = builder.finish()
      guard case .dictionary(let newCodes, let newValues) = mapped.storage else {
        return TextColumn(storage: storage).mappingRows(transform)
      }
      let remapped = codes.map { code in
        code == TextColumn.missingCode ? code : newCodes[Int(code)]
      }
      return TextColumn(storage: .dictionary(codes: remapped, values: newValues))
    case .plain:
      return mappingRows(transform)
    }
  }

  private func mappingRows(_ transform: (String) -> String) -> TextColumn {
    var builder = TextColumnBuilder(capacity: count)
    for row in 0..<count {
      if let value = string(at: row) {
        builder.append(transform(value))
      } else {
        builder.appendMissing()
      }
    }
    return builder.finish()
  }
}

extension TextColumn {
  /// Counts the cells that repeat the value of an earlier cell, and returns that count with
  /// the first value repeated, or nil when every value is distinct. Missing cells are left
  /// out.
  ///
  /// A plain column is checked through a table of row numbers keyed by a hash of the bytes,
  /// so no string is made unless a value repeats.
  ///
  /// - Complexity: O(n) on average for n cells.
  public func repeatedValues() -> (count: Int, example: String)? {
    guard let (count, row) = repeatedRows() else { return nil }
    return (count, string(at: row) ?? "")
  }

  /// Counts the cells that repeat the value of an earlier cell when case is ignored and
  /// Unicode's composed and decomposed forms are taken for one (`TextFolding.fold`), as
  /// account names are matched. Returns that count with the cell of the first repeat, as
  /// written, or nil when every value is distinct.
  /// - Complexity: O(n) on average, with a folded copy of every cell.
  public func repeatedFoldedValues() -> (count: Int, example: String)? {
    var builder = TextColumnBuilder(plainWithCapacity: count)
    for row in 0..<count {
      let folded = string(at: row).map(TextFolding.fold) ?? []
      folded.withUnsafeBufferPointer { builder.append(utf8: $0) }
    }
    guard let (count, row) = builder.finish().repeatedRows() else { return nil }
    return (count, string(at: row) ?? "")
  }

  /// Counts the cells that repeat the value of an earlier cell, and returns that count with
  /// the row of the first repeat, or nil when every value is distinct.
  private func repeatedRows() -> (count: Int, firstRepeat: Int)? {
    switch storage {
    case .dictionary(let codes, let values):
      var seen = [Bool](repeating: false, count: values.count)
      var repeated = 0
      var firstRepeat: Int?
      for (row, code) in codes.enumerated() where code != TextColumn.missingCode {
        if seen[Int(code)] {
          repeated += 1
          if firstRepeat == nil { firstRepeat = row }
        } else {
          seen[Int(code)] = true
        }
      }
      return firstRepeat.map { (repeated, $0) }
    case .plain(let bytes, let offsets):
      return TextColumn.repeatedRows(bytes: bytes, offsets: offsets)
    }
  }

  private static func repeatedRows(
    bytes: [UInt8], offsets: [UInt32]
  ) -> (count: Int, firstRepeat: Int)? {
    let rows = offsets.count - 1
    // Exports often list accounts by id, and values in strictly ascending order are
    // distinct. Checking that order stops at the first value out of it, so for other
    // columns it costs next to nothing before the search below.
    if isStrictlyAscending(bytes: bytes, offsets: offsets) { return nil }
    // Rows are split into partitions by the top bits of their hash, and each partition is
    // searched on its own with a table small enough to stay in the cache. One table for a
    // million rows spent most of its time waiting on memory.
    let partitionBits = rows < 65_536 ? 0 : 6
    let partitionCount = 1 << partitionBits
    // The top half of each hash is kept: four bytes a row rather than eight, for a column
    // of a million ids.
    // They are computed on every core, in ranges of rows.
    let hashes = [UInt32](unsafeUninitializedCapacity: rows) { hashes, initialized in
      let output = SendableBuffer(pointer: hashes)
      let chunk = max(16_384, (rows + 15) / 16)
      let chunks = (rows + chunk - 1) / chunk
      bytes.withUnsafeBufferPointer { buffer in
        let input = SendableBuffer(pointer: UnsafeMutableBufferPointer(mutating: buffer))
        DispatchQueue.concurrentPerform(iterations: chunks) { index in
          for row in (index * chunk)..<min(rows, (index + 1) * chunk) {
            let cell = UnsafeBufferPointer(
              rebasing: input.pointer[Int(offsets[row])..<Int(offsets[row + 1])])
            output.pointer.initializeElement(
              at: row, to: UInt32(truncatingIfNeeded: ByteDictionary.hash(cell) >> 32))
          }
        }
      }
      initialized = rows
    }
    func partition(_ hash: UInt32) -> Int {
      partitionBits == 0 ? 0 : Int(hash >> UInt32(32 - partitionBits))
    }

    // Rows of each partition, in row order, missing cells left out.
    var starts = [Int](repeating: 0, count: partitionCount + 1)
    for row in 0..<rows where offsets[row] < offsets[row + 1] {
      starts[partition(hashes[row]) + 1] += 1
    }
    for index in 0..<partitionCount { starts[index + 1] += starts[index] }
    var next = starts
    var order = [UInt32](repeating: 0, count: starts[partitionCount])
    for row in 0..<rows where offsets[row] < offsets[row + 1] {
      let index = partition(hashes[row])
      order[next[index]] = UInt32(row)
      next[index] += 1
    }

    let partitionStarts = starts
    let rowOrder = order
    let results = RepeatCounts(count: partitionCount)
    let threads = min(partitionCount, 8)
    DispatchQueue.concurrentPerform(iterations: threads) { thread in
      bytes.withUnsafeBufferPointer { buffer in
        let base = buffer.baseAddress!
        for index in stride(from: thread, to: partitionCount, by: threads) {
          let range = partitionStarts[index]..<partitionStarts[index + 1]
          var capacity = 16
          while capacity < 2 * range.count { capacity <<= 1 }
          let mask = capacity - 1
          // A row number plus one, or 0 for an empty slot.
          var slots = [UInt32](repeating: 0, count: capacity)
          var repeated = 0
          var firstRepeat = Int.max
          for position in range {
            let row = Int(rowOrder[position])
            let start = Int(offsets[row])
            let length = Int(offsets[row + 1]) - start
            let hash = hashes[row]
            var slot = Int(truncatingIfNeeded: hash) & mask
            var isRepeat = false
            while slots[slot] != 0 {
              let other = Int(slots[slot]) - 1
              let otherStart = Int(offsets[other])
              if hashes[other] == hash, Int(offsets[other + 1]) - otherStart == length,
                memoryEqual(base + start, base + otherStart, length)
              {
                isRepeat = true
                break
              }
              slot = (slot + 1) & mask
            }
            if isRepeat {
              repeated += 1
              firstRepeat = min(firstRepeat, row)
            } else {
              slots[slot] = UInt32(row + 1)
            }
          }
          results.set(index, repeated: repeated, firstRepeat: firstRepeat)
        }
      }
    }

    let (repeated, firstRepeat) = results.total()
    guard repeated > 0 else { return nil }
    return (repeated, firstRepeat)
  }
}

extension TextColumn {
  /// Returns whether the present cells of a plain column are in strictly ascending order of
  /// their bytes, compared as `memcmp` compares them, with a prefix before a longer value.
  /// The rows are checked in ranges on every core, and each range's first cell is compared
  /// with the last present cell of the ranges before it.
  /// - Complexity: O(n) for n cells, and less when a cell out of order comes early.
  static func isStrictlyAscending(bytes: [UInt8], offsets: [UInt32]) -> Bool {
    let rows = offsets.count - 1
    // Two ranges a core, each of at least 32,768 rows, so that a range is worth a thread.
    let cores = max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))
    let rangeCount = max(1, min(2 * cores, rows / 32_768))
    let rangeLength = (rows + rangeCount - 1) / rangeCount
    let results = AscendingRanges(count: rangeCount)
    bytes.withUnsafeBufferPointer { buffer in
      offsets.withUnsafeBufferPointer { offsets in
        let base = SendableBuffer(pointer: UnsafeMutableBufferPointer(mutating: buffer))
        let offsets = SendableBuffer(pointer: UnsafeMutableBufferPointer(mutating: offsets))
        DispatchQueue.concurrentPerform(iterations: rangeCount) { index in
          // A range stops early once another range has found a cell out of order.
          var first: Range<Int>?
          var previous: Range<Int>?
          let start = index * rangeLength
          let end = min(rows, start + rangeLength)
          // Rounding up the length can leave the last ranges without rows.
          guard start < end else { return }
          for row in start..<end {
            if row & 4095 == 0 && results.anyFailed { return }
            let cell = Int(offsets.pointer[row])..<Int(offsets.pointer[row + 1])
            guard !cell.isEmpty else { continue }
            if let previous, !TextColumn.precedes(previous, cell, in: base.pointer) {
              results.fail()
              return
            }
            if first == nil { first = cell }
            previous = cell
          }
          results.set(index, first: first, last: previous)
        }
        guard !results.anyFailed else { return }
        results.orderedAcrossRanges { TextColumn.precedes($0, $1, in: base.pointer) }
      }
    }
    return !results.anyFailed
  }

  /// Returns whether the bytes of `left` come strictly before those of `right`. Eight
  /// bytes are compared at a time, read big-endian so that the first byte weighs most. Ids
  /// are short, so a call of `memcmp` for each would cost more than the comparison.
  @inline(__always)
  private static func precedes(
    _ left: Range<Int>, _ right: Range<Int>, in bytes: UnsafeMutableBufferPointer<UInt8>
  ) -> Bool {
    let base = UnsafeRawPointer(bytes.baseAddress!)
    let common = min(left.count, right.count)
    var index = 0
    while index + 8 <= common {
      let leftWord = UInt64(
        bigEndian: base.loadUnaligned(fromByteOffset: left.lowerBound + index, as: UInt64.self))
      let rightWord = UInt64(
        bigEndian: base.loadUnaligned(fromByteOffset: right.lowerBound + index, as: UInt64.self))
      if leftWord != rightWord { return leftWord < rightWord }
      index += 8
    }
    while index < common {
      let leftByte = base.load(fromByteOffset: left.lowerBound + index, as: UInt8.self)
      let rightByte = base.load(fromByteOffset: right.lowerBound + index, as: UInt8.self)
      if leftByte != rightByte { return leftByte < rightByte }
      index += 1
    }
    return left.count < right.count
  }
}

/// The first and last present cell of each range of an ascending-order check, and whether
/// any range found a cell out of order. Each iteration writes only its own range.
private final class AscendingRanges: @unchecked Sendable {
  private let firsts: UnsafeMutableBufferPointer<Range<Int>?>
  private let lasts: UnsafeMutableBufferPointer<Range<Int>?>
  private let failed = Atomic<Bool>(false)

  init(count: Int) {
    firsts = .allocate(capacity: count)
    firsts.initialize(repeating: nil)
    lasts = .allocate(capacity: count)
    lasts.initialize(repeating: nil)
  }

  deinit {
    firsts.deallocate()
    lasts.deallocate()
  }

  var anyFailed: Bool { failed.load(ordering: .relaxed) }

  func fail() {
    failed.store(true, ordering: .relaxed)
  }

  func set(_ index: Int, first: Range<Int>?, last: Range<Int>?) {
    firsts[index] = first
    lasts[index] = last
  }

  /// Checks, after the loop, that each range's first cell follows the last present cell of
  /// the ranges before it, and records a failure otherwise.
  func orderedAcrossRanges(_ precedes: (Range<Int>, Range<Int>) -> Bool) {
    var last: Range<Int>?
    for index in firsts.indices {
      if let before = last, let first = firsts[index], !precedes(before, first) {
        fail()
        return
      }
      last = lasts[index] ?? last
    }
  }
}

/// The repeat count and first repeated row of each partition of a concurrent search. Each
/// iteration writes only its own partitions, and the totals are read after the loop returns.
private final class RepeatCounts: @unchecked Sendable {
  private let repeated: UnsafeMutableBufferPointer<Int>
  private let firstRepeat: UnsafeMutableBufferPointer<Int>

  init(count: Int) {
    repeated = .allocate(capacity: count)
    repeated.initialize(repeating: 0)
    firstRepeat = .allocate(capacity: count)
    firstRepeat.initialize(repeating: Int.max)
  }

  deinit {
    repeated.deallocate()
    firstRepeat.deallocate()
  }

  func set(_ index: Int, repeated count: Int, firstRepeat row: Int) {
    repeated[index] = count
    firstRepeat[index] = row
  }

  func total() -> (repeated: Int, firstRepeat: Int) {
    (repeated.reduce(0, +), firstRepeat.min() ?? Int.max)
  }
}

/// A buffer that concurrent ranges of a loop read or fill, each its own part.
///
/// `@unchecked Sendable` because the type cannot express that the parts are disjoint.
private struct SendableBuffer<Element>: @unchecked Sendable {
  let pointer: UnsafeMutableBufferPointer<Element>
}
