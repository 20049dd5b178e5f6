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

extension TextColumn {
  /// Calls `body` with the position in `rows` and the UTF-8 bytes of the cell of each row
  /// of `rows`, in order. A missing cell has no bytes. All the byte ranges are read before
  /// the first call, so that the loads of rows spread over a large column overlap.
  public func forEachCell(
    at rows: ArraySlice<Int32>, _ body: (Int, UnsafeBufferPointer<UInt8>) -> Void
  ) {
    switch storage {
    case .dictionary(let codes, let values):
      let gathered = codes.withUnsafeBufferPointer { codes in rows.map { codes[Int($0)] } }
      for (position, code) in gathered.enumerated() {
        guard code != TextColumn.missingCode else {
          body(position, UnsafeBufferPointer(start: nil, count: 0))
          continue
        }
        var value = values[Int(code)]
        value.withUTF8 { body(position, $0) }
      }
    case .plain(let bytes, let offsets):
      let ranges = offsets.withUnsafeBufferPointer { offsets in
        rows.map { (start: Int(offsets[Int($0)]), end: Int(offsets[Int($0) + 1])) }
      }
      bytes.withUnsafeBufferPointer { bytes in
        TextColumn.loadFirstBytes(of: ranges, in: bytes)
        for (position, range) in ranges.enumerated() {
          body(position, UnsafeBufferPointer(rebasing: bytes[range.start..<range.end]))
        }
      }
    }
  }
}

extension TextColumn {
  /// Reads the first byte of each cell, so that the cache lines of cells spread over a
  /// large column are loaded many at a time. Code that then copies or decodes each cell in
  /// turn would otherwise wait for each line, because its work on one cell depends on the
  /// cell's bytes before it starts on the next.
  static func loadFirstBytes(
    of ranges: [(start: Int, end: Int)], in bytes: UnsafeBufferPointer<UInt8>
  ) {
    var combined: UInt8 = 0
    for range in ranges where range.start < range.end {
      combined ^= bytes[range.start]
    }
    keepAlive(combined)
  }
}

/// Does nothing with `value`, in a way that the optimizer cannot see through, so that the
/// loads that computed it stay.
@inline(never) @_optimize(none)
private func keepAlive(_ value: UInt8) {}
