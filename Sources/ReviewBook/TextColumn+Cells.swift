extension TextColumn {
  /// Calls `body` with the row number and the UTF-8 bytes of each cell of `rows`, in order.
  /// A missing cell has no bytes.
  ///
  /// It reads the storage once for the whole range. `withBytes(at:)` retains the storage at
  /// each call, so threads that read one column at the same time contend for its reference
  /// counts at every cell, which made hashing a million cells on two threads slower than on
  /// one. A dictionary column copies its distinct values into one buffer first.
  public func forEachCell(
    in rows: Range<Int>, _ body: (Int, UnsafeBufferPointer<UInt8>) -> Void
  ) {
    switch storage {
    case .dictionary(let codes, let values):
      var bytes: [UInt8] = []
      var ends: [Int] = []
      ends.reserveCapacity(values.count)
      for value in values {
        bytes.append(contentsOf: value.utf8)
        ends.append(bytes.count)
      }
      bytes.withUnsafeBufferPointer { bytes in
        codes.withUnsafeBufferPointer { codes in
          for row in rows {
            let code = codes[row]
            guard code != TextColumn.missingCode else {
              body(row, UnsafeBufferPointer(start: nil, count: 0))
              continue
            }

            let start = code == 0 ? 0 : ends[Int(code) - 1]
            body(row, UnsafeBufferPointer(rebasing: bytes[start..<ends[Int(code)]]))
          }
        }
      }
    case .plain(let bytes, let offsets):
      bytes.withUnsafeBufferPointer { bytes in
        offsets.withUnsafeBufferPointer { offsets in
          for row in rows {
            let range = Int(offsets[row])..<Int(offsets[row + 1])
            body(row, UnsafeBufferPointer(rebasing: bytes[range]))
          }
        }
      }
    }
  }
}

extension TextColumn {
  /// Calls `body` with each row of `rows`, in order, and `transform` of the UTF-8 bytes of
  /// its cell, or nil for a missing cell. A dictionary column transforms each of its
  /// distinct values once, so that a hash of a status costs one lookup a row.
  public func forEachCell<Result>(
    in rows: Range<Int>, transformedBy transform: (UnsafeBufferPointer<UInt8>) -> Result,
    _ body: (Int, Result?) -> Void
  ) {
    switch storage {
    case .dictionary(let codes, let values):
      let results = values.map { value in
        var value = value
        return value.withUTF8 { transform($0) }
      }
      codes.withUnsafeBufferPointer { codes in
        for row in rows {
          let code = codes[row]
          body(row, code == TextColumn.missingCode ? nil : results[Int(code)])
        }
      }
    case .plain:
      forEachCell(in: rows) { row, cell in
        body(row, cell.isEmpty ? nil : transform(cell))
      }
    }
  }
}
