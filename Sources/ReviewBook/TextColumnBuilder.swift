/// Builds a `TextColumn`, starting dictionary-encoded and switching to plain storage once
/// most values turn out to be distinct. Cells are looked up by their bytes, so appending
/// creates no `String`.
public struct TextColumnBuilder: Sendable {
  @usableFromInline var codes: [UInt32] = []
  private var dictionary = ByteDictionary()
  @usableFromInline var recentCodes = ShortValueCache()
  // Internal for the plain path of `append(utf8:)`, which other modules inline.
  @usableFromInline var bytes: [UInt8] = []
  @usableFromInline var offsets: [UInt32] = [0]
  /// Whether the builder stores every cell's bytes instead of dictionary codes.
  public private(set) var isPlain = false

  /// Distinct values allowed before the builder considers plain storage.
  static let dictionaryLimit = 4096

  public init(capacity: Int = 0) {
    codes.reserveCapacity(capacity)
  }

  /// Creates a builder that stores cells plainly from the start, as a column whose values
  /// are known to be mostly distinct.
  public init(plainWithCapacity capacity: Int, bytes byteCapacity: Int = 0) {
    isPlain = true
    offsets.reserveCapacity(capacity + 1)
    bytes.reserveCapacity(byteCapacity)
  }

  public var count: Int { isPlain ? offsets.count - 1 : codes.count }

  /// Whether a builder of more cells of the same column should store them plainly from the
  /// start: the cells so far are stored plainly, or at least 1,024 of them are mostly
  /// distinct.
  public var isMostlyDistinct: Bool {
    isPlain || (codes.count >= 1024 && dictionary.count * 2 > codes.count)
  }

  /// The bytes stored so far, for sizing a builder of the same column.
  public var byteCount: Int { isPlain ? bytes.count : dictionary.bytes.count }

  /// Reserves room for `rows` cells in total and, in plain storage, `byteCount` bytes.
  public mutating func reserveCapacity(rows: Int, bytes byteCount: Int) {
    if isPlain {
      offsets.reserveCapacity(rows + 1)
      bytes.reserveCapacity(byteCount)
    } else {
      codes.reserveCapacity(rows)
    }
  }

  public mutating func append(_ string: String) {
    var string = string
    string.withUTF8 { append(utf8: $0) }
  }

  /// Appends UTF-8 bytes that the caller has validated; no bytes is a missing cell.
  @inlinable @inline(__always)
  public mutating func append(utf8 buffer: UnsafeBufferPointer<UInt8>) {
    if isPlain {
      bytes.append(contentsOf: buffer)
      offsets.append(UInt32(truncatingIfNeeded: bytes.count))
      return
    }
    appendCoded(buffer)
  }

  /// Appends `count` cells in order, as `append(utf8:)` appends each. `cell(index)` gives
  /// the validated UTF-8 bytes of the cell at `index`, and an empty buffer is a missing cell.
  ///
  /// In dictionary storage, a cell found in the cache of recent values needs no call, and
  /// the codes of a run of such cells are appended at once.
  @inlinable
  public mutating func append(cellCount count: Int, _ cell: (Int) -> UnsafeBufferPointer<UInt8>) {
    var index = 0
    if !isPlain {
      index = appendCodedRun(count: count, cell)
    }
    while index < count {
      append(utf8: cell(index))
      index += 1
    }
  }

  /// Appends cells to dictionary storage from the first on, and returns the index of the
  /// first cell not appended: `count`, or earlier when the builder switched to plain storage.
  @inlinable
  mutating func appendCodedRun(
    count: Int, _ cell: (Int) -> UnsafeBufferPointer<UInt8>
  ) -> Int {
    withUnsafeTemporaryAllocation(of: UInt32.self, capacity: max(count, 1)) { run in
      var pending = 0
      var index = 0
      while index < count {
        let buffer = cell(index)
        index += 1
        if buffer.isEmpty {
          run.initializeElement(at: pending, to: TextColumn.missingCode)
          pending += 1
          continue
        }
        if let key = ShortValueCache.key(buffer), let code = recentCodes.code(for: key) {
          run.initializeElement(at: pending, to: code)
          pending += 1
          continue
        }
        // A value not in the cache may switch the builder to plain storage, which converts
        // the codes so far, so the run's codes go first.
        codes.append(contentsOf: UnsafeBufferPointer(rebasing: run[0..<pending]))
        pending = 0
        appendCoded(buffer)
        if isPlain { break }
      }
      codes.append(contentsOf: UnsafeBufferPointer(rebasing: run[0..<pending]))
      return index
    }
  }

  /// Appends a cell to dictionary storage.
  @usableFromInline
  mutating func appendCoded(_ buffer: UnsafeBufferPointer<UInt8>) {
    guard !buffer.isEmpty else {
      codes.append(TextColumn.missingCode)
      return
    }
    let key = ShortValueCache.key(buffer)
    if let key, let code = recentCodes.code(for: key) {
      codes.append(code)
      return
    }
    let known = dictionary.count
    let code = dictionary.code(for: buffer)
    codes.append(code)
    if let key { recentCodes.remember(code, for: key) }
    if dictionary.count > known {
      switchToPlainIfMostlyDistinct()
    }
  }

  public mutating func appendMissing() {
    if isPlain {
      offsets.append(UInt32(truncatingIfNeeded: bytes.count))
    } else {
      codes.append(TextColumn.missingCode)
    }
  }

  /// Appends the cells of another builder, in order.
  /// - Complexity: O(n + d) for n cells and d distinct values in `other`.
  public mutating func append(contentsOf other: TextColumnBuilder) {
    if !isPlain && !other.isPlain {
      var remap: [UInt32] = []
      remap.reserveCapacity(other.dictionary.count)
      other.dictionary.bytes.withUnsafeBufferPointer { otherBytes in
        var start = 0
        for end in other.dictionary.ends {
          let value = UnsafeBufferPointer(rebasing: otherBytes[start..<Int(end)])
          remap.append(dictionary.code(for: value))
          start = Int(end)
        }
      }
      let base = codes.count
      codes.append(contentsOf: repeatElement(0, count: other.codes.count))
      codes.withUnsafeMutableBufferPointer { codes in
        other.codes.withUnsafeBufferPointer { theirs in
          remap.withUnsafeBufferPointer { remap in
            for (index, code) in theirs.enumerated() {
              codes[base + index] = code == TextColumn.missingCode ? code : remap[Int(code)]
            }
          }
        }
      }
      switchToPlainIfMostlyDistinct()
      return
    }
    if !isPlain { switchToPlain() }
    if other.isPlain {
      let shift = UInt32(truncatingIfNeeded: bytes.count)
      bytes.append(contentsOf: other.bytes)
      let base = offsets.count
      offsets.append(contentsOf: other.offsets.dropFirst())
      offsets.withUnsafeMutableBufferPointer { offsets in
        for index in base..<offsets.count { offsets[index] &+= shift }
      }
      return
    }
    for code in other.codes {
      if code != TextColumn.missingCode {
        other.dictionary.withValue(code) { bytes.append(contentsOf: $0) }
      }
      offsets.append(UInt32(truncatingIfNeeded: bytes.count))
    }
  }

  private mutating func switchToPlainIfMostlyDistinct() {
    if dictionary.count > TextColumnBuilder.dictionaryLimit && dictionary.count * 2 > codes.count {
      switchToPlain()
    }
  }

  private mutating func switchToPlain() {
    isPlain = true
    offsets.reserveCapacity(codes.capacity + 1)
    for code in codes {
      if code != TextColumn.missingCode {
        dictionary.withValue(code) { bytes.append(contentsOf: $0) }
      }
      offsets.append(UInt32(truncatingIfNeeded: bytes.count))
    }
    codes = []
    dictionary = ByteDictionary()
    recentCodes = ShortValueCache()
  }

  public func finish() -> TextColumn {
    if isPlain {
      return TextColumn(storage: .plain(bytes: bytes, offsets: offsets))
    }
    return TextColumn(storage: .dictionary(codes: codes, values: dictionary.strings))
  }
}
