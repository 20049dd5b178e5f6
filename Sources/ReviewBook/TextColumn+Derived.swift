import Synchronization

/// Values that commands derive from every cell of a text column, computed on first use and
/// kept for later commands: a column does not change once built, so they stay true. A book
/// keeps one for each of its text columns (`Book.derivedValues(ofColumn:)`), apart from the
/// column itself, so that copying a column in a loop copies no extra reference.
public final class TextColumnDerived: Sendable {
  private struct State {
    var sortRanks: [UInt32]?
    var searchKeys: FoldedCells?
    var foldedKeys: FoldedCells?
  }

  private let state = Mutex(State())

  public init() {}

  func sortRanks(_ make: () -> [UInt32]) -> [UInt32] {
    if let ranks = state.withLock({ $0.sortRanks }) { return ranks }
    let ranks = make()
    state.withLock { $0.sortRanks = ranks }
    return ranks
  }

  func searchKeys(_ make: () -> FoldedCells) -> FoldedCells {
    if let keys = state.withLock({ $0.searchKeys }) { return keys }
    let keys = make()
    state.withLock { $0.searchKeys = keys }
    return keys
  }

  func foldedKeys(_ make: () -> FoldedCells) -> FoldedCells {
    if let keys = state.withLock({ $0.foldedKeys }) { return keys }
    let keys = make()
    state.withLock { $0.foldedKeys = keys }
    return keys
  }
}

/// The `TextColumnDerived` of each column of a book, made when first asked for.
final class DerivedColumns: Sendable {
  private let columns = Mutex<[Int: TextColumnDerived]>([:])
  /// The rows where each column has a value, which every condition on it needs.
  private let presences = Mutex<[Int: Bitset]>([:])

  func presence(ofColumn index: Int, _ make: () -> Bitset) -> Bitset {
    if let present = presences.withLock({ $0[index] }) { return present }
    let present = make()
    presences.withLock { $0[index] = present }
    return present
  }

  func values(ofColumn index: Int) -> TextColumnDerived {
    columns.withLock { columns in
      if let values = columns[index] { return values }
      let values = TextColumnDerived()
      columns[index] = values
      return values
    }
  }
}

/// The folded bytes of a column's cells (`TextFolding.searchKey` or `fold` form), one range
/// a cell.
struct FoldedCells: Sendable {
  var bytes: [UInt8] = []
  /// Cell `i` is `bytes[offsets[i]..<offsets[i + 1]]`.
  var offsets: [UInt32] = [0]

  /// Folds every cell of a plain column: ASCII cells lowercased byte by byte, other cells
  /// through `fold`.
  init(bytes: [UInt8], offsets: [UInt32], fold: (String) -> [UInt8]) {
    self.bytes.reserveCapacity(bytes.count)
    self.offsets.reserveCapacity(offsets.count)
    bytes.withUnsafeBufferPointer { buffer in
      for row in 0..<(offsets.count - 1) {
        let cell = UnsafeBufferPointer(rebasing: buffer[Int(offsets[row])..<Int(offsets[row + 1])])
        if cell.allSatisfy({ $0 < 0x80 }) {
          for byte in cell { self.bytes.append(TextFolding.lowerASCII(byte)) }
        } else {
          self.bytes += fold(String(decoding: cell, as: UTF8.self))
        }
        self.offsets.append(UInt32(truncatingIfNeeded: self.bytes.count))
      }
    }
  }

  init() {}

  /// The rows whose folded bytes pass `test`.
  func rows(where test: (UnsafeBufferPointer<UInt8>) -> Bool) -> Bitset {
    bytes.withUnsafeBufferPointer { bytes in
      offsets.withUnsafeBufferPointer { offsets in
        Bitset(count: offsets.count - 1) { row in
          test(UnsafeBufferPointer(rebasing: bytes[Int(offsets[row])..<Int(offsets[row + 1])]))
        }
      }
    }
  }
}

extension TextColumn {
  /// Each row's place in the case- and accent-insensitive order of the column's values.
  /// Rows whose values fold alike share a place, and a missing cell is `UInt32.max`.
  /// - Complexity: O(n + d log d) for n rows and d distinct values on first use, then O(1).
  public func sortRanks(keptIn derived: TextColumnDerived = TextColumnDerived()) -> [UInt32] {
    derived.sortRanks {
      switch storage {
      case .dictionary(let codes, let values):
        let ranks = TextColumn.ranks(of: values)
        return codes.map { $0 == TextColumn.missingCode ? UInt32.max : ranks[Int($0)] }
      case .plain(let bytes, let offsets):
        // Exports repeat names, so each distinct value is folded and ranked once.
        var dictionary = ByteDictionary(capacity: min(offsets.count, 1 << 16))
        let missing = UInt32.max
        let codes = bytes.withUnsafeBufferPointer { buffer in
          (0..<(offsets.count - 1)).map { row -> UInt32 in
            let range = Int(offsets[row])..<Int(offsets[row + 1])
            guard !range.isEmpty else { return missing }
            return dictionary.code(for: UnsafeBufferPointer(rebasing: buffer[range]))
          }
        }
        let ranks = TextColumn.ranks(of: dictionary.strings)
        return codes.map { $0 == missing ? missing : ranks[Int($0)] }
      }
    }
  }

  /// Ranks values in the case- and accent-insensitive order of all of them. Values that fold
  /// alike share a place.
  static func ranks(of values: [String]) -> [UInt32] {
    let folded = values.map(TextFolding.sortKey)
    let order = folded.indices.sorted { TextFolding.compare(folded[$0], folded[$1]) < 0 }
    var ranks = [UInt32](repeating: 0, count: values.count)
    var rank: UInt32 = 0
    for (place, index) in order.enumerated() {
      if place > 0 && TextFolding.compare(folded[order[place - 1]], folded[index]) != 0 {
        rank += 1
      }
      ranks[index] = rank
    }
    return ranks
  }

  /// Rows whose text contains `needle`, which is in `TextFolding.searchKey` form, ignoring
  /// case and accents. A missing cell contains nothing.
  /// - Complexity: O(b) in the column's bytes, after folding every cell on first use.
  public func rowsContaining(
    _ needle: [UInt8], keptIn derived: TextColumnDerived = TextColumnDerived()
  ) -> Bitset {
    switch storage {
    case .dictionary(let codes, let values):
      let matchesByCode = values.map {
        TextFolding.contains(TextFolding.searchKey($0), needle)
      }
      return Bitset(count: codes.count) { row in
        let code = codes[row]
        return code != TextColumn.missingCode && matchesByCode[Int(code)]
      }
    case .plain(_, let offsets):
      let keys = searchKeys(keptIn: derived)
      return keys.bytes.withUnsafeBufferPointer { bytes in
        needle.withUnsafeBufferPointer { needle in
          Bitset(count: offsets.count - 1) { row in
            guard offsets[row] < offsets[row + 1] else { return false }
            let start = Int(keys.offsets[row])
            let end = Int(keys.offsets[row + 1])
            return TextColumn.contains(UnsafeBufferPointer(rebasing: bytes[start..<end]), needle)
          }
        }
      }
    }
  }

  /// The search key of every cell of a plain column.
  private func searchKeys(keptIn derived: TextColumnDerived) -> FoldedCells {
    derived.searchKeys {
      guard case .plain(let bytes, let offsets) = storage else { return FoldedCells() }
      return FoldedCells(bytes: bytes, offsets: offsets, fold: TextFolding.searchKey)
    }
  }

  /// The `TextFolding.fold` bytes of every cell of a plain column.
  private func foldedKeys(keptIn derived: TextColumnDerived) -> FoldedCells {
    derived.foldedKeys {
      guard case .plain(let bytes, let offsets) = storage else { return FoldedCells() }
      return FoldedCells(bytes: bytes, offsets: offsets, fold: TextFolding.fold)
    }
  }

  /// Rows whose text, folded as `TextFolding.fold` folds it, compares with `folded` as
  /// `holds` requires. A missing cell is never held.
  /// - Complexity: O(b) in the column's bytes, after folding every cell on first use.
  public func rows(
    comparingFolded folded: [UInt8], keptIn derived: TextColumnDerived = TextColumnDerived(),
    holds: (Int) -> Bool
  ) -> Bitset {
    switch storage {
    case .dictionary(let codes, let values):
      let matchesByCode = values.map { holds(TextFolding.compare(TextFolding.fold($0), folded)) }
      return Bitset(count: codes.count) { row in
        let code = codes[row]
        return code != TextColumn.missingCode && matchesByCode[Int(code)]
      }
    case .plain:
      // A missing cell folds to no bytes, and a present one never does.
      return folded.withUnsafeBufferPointer { folded in
        foldedKeys(keptIn: derived).rows { cell in
          !cell.isEmpty && holds(TextFolding.compareBytes(cell, folded))
        }
      }
    }
  }

  /// Rows whose search key (`TextFolding.searchKey`) starts with `prefix`, which is in that
  /// form too. A missing cell starts with nothing.
  public func rows(
    withSearchKeyPrefix prefix: [UInt8], keptIn derived: TextColumnDerived = TextColumnDerived()
  ) -> Bitset {
    switch storage {
    case .dictionary(let codes, let values):
      let matchesByCode = values.map { TextFolding.searchKey($0).starts(with: prefix) }
      return Bitset(count: codes.count) { row in
        let code = codes[row]
        return code != TextColumn.missingCode && matchesByCode[Int(code)]
      }
    case .plain:
      return searchKeys(keptIn: derived).rows { cell in !cell.isEmpty && cell.starts(with: prefix) }
    }
  }

  /// Whether `needle` occurs in `haystack`.
  @inline(__always)
  private static func contains(
    _ haystack: UnsafeBufferPointer<UInt8>, _ needle: UnsafeBufferPointer<UInt8>
  ) -> Bool {
    guard let first = needle.first else { return true }
    guard haystack.count >= needle.count else { return false }
    var start = 0
    while start <= haystack.count - needle.count {
      if haystack[start] == first {
        var offset = 1
        while offset < needle.count && haystack[start + offset] == needle[offset] {
          offset += 1
        }
        if offset == needle.count { return true }
      }
      start += 1
    }
    return false
  }
}
