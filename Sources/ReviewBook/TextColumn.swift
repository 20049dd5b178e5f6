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
      var builder = TextColumnBuilder(capacity: values.count)
      for value in values {
        builder.append(transform(value))
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
