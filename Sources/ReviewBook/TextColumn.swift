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

  static let missingCode = UInt32.max

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

/// Builds a `TextColumn`, starting dictionary-encoded and switching to plain storage once
/// most values turn out to be distinct.
public struct TextColumnBuilder: Sendable {
  private var codes: [UInt32] = []
  private var values: [String] = []
  private var lookup: [String: UInt32] = [:]
  private var bytes: [UInt8] = []
  private var offsets: [UInt32] = [0]
  private var isPlain = false

  /// Distinct values allowed before the builder considers plain storage.
  static let dictionaryLimit = 4096

  public init(capacity: Int = 0) {
    codes.reserveCapacity(capacity)
  }

  public var count: Int { isPlain ? offsets.count - 1 : codes.count }

  public mutating func append(_ string: String) {
    if isPlain {
      bytes.append(contentsOf: string.utf8)
      offsets.append(UInt32(bytes.count))
      return
    }
    guard !string.isEmpty else {
      codes.append(TextColumn.missingCode)
      return
    }
    if let code = lookup[string] {
      codes.append(code)
      return
    }
    let code = UInt32(values.count)
    values.append(string)
    lookup[string] = code
    codes.append(code)
    if values.count > TextColumnBuilder.dictionaryLimit && values.count * 2 > codes.count {
      switchToPlain()
    }
  }

  /// Appends UTF-8 bytes that the caller has validated.
  public mutating func append(utf8 buffer: UnsafeBufferPointer<UInt8>) {
    if isPlain {
      bytes.append(contentsOf: buffer)
      offsets.append(UInt32(bytes.count))
      return
    }
    append(String(decoding: buffer, as: UTF8.self))
  }

  public mutating func appendMissing() {
    if isPlain {
      offsets.append(UInt32(bytes.count))
    } else {
      codes.append(TextColumn.missingCode)
    }
  }

  private mutating func switchToPlain() {
    isPlain = true
    offsets.reserveCapacity(codes.capacity + 1)
    for code in codes {
      if code != TextColumn.missingCode {
        bytes.append(contentsOf: values[Int(code)].utf8)
      }
      offsets.append(UInt32(bytes.count))
    }
    codes = []
    values = []
    lookup = [:]
  }

  public func finish() -> TextColumn {
    if isPlain {
      return TextColumn(storage: .plain(bytes: bytes, offsets: offsets))
    }
    return TextColumn(storage: .dictionary(codes: codes, values: values))
  }
}
