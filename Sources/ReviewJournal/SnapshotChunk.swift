import ReviewBook

/// The packed encoding of many accounts of one snapshot date, stored as one BLOB.
///
/// Version 1, with integers little-endian and varints in LEB128:
///
/// - bytes 0–3: the magic "RVSC"; byte 4: the format version, 1;
/// - bytes 5–12: `KeyHash.checksum` of every byte from 13 to the end;
/// - a varint row count;
/// - six columns in this order, each a varint byte length followed by that many bytes:
///   account keys, account names, health, status, ARR cents and renewal date.
///
/// Keys are `FrontCodedKeys` and names `PieceCodedNames`. Health, ARR and renewal date start
/// with a `Presence` and contain only the rows with a value: health as `PackedDoubles`, ARR
/// cents and day numbers as `PackedIntegers`. Status is a dictionary (a varint entry count,
/// then each entry as a varint length and UTF-8 bytes) followed by one `PackedIntegers` index
/// a row, 0 for no status and k for the k-th entry.
///
/// A reader checks every length and count against the bytes that contain it, so a damaged chunk
/// throws `PackedFormatError` rather than reading past its end.
struct SnapshotChunk {
  static let magic: [UInt8] = Array("RVSC".utf8)
  static let version: UInt8 = 1
  static let headerSize = 13
  static let columnCount = 6
  /// The maximum row count of one chunk, which bounds what a damaged count can allocate.
  static let maximumRows = 1 << 24

  let bytes: [UInt8]
  let rowCount: Int
  /// The byte range of each column's content in `bytes`.
  private let columns: [Range<Int>]

  /// Checks the magic, version and checksum and finds the columns, without decoding them.
  init(bytes: [UInt8]) throws(PackedFormatError) {
    self.bytes = bytes
    (rowCount, columns) = try bytes.withPackedBytes { buffer throws(PackedFormatError) in
      try SnapshotChunk.parseHeader(buffer)
    }
  }

  private static func parseHeader(
    _ buffer: UnsafeRawBufferPointer
  ) throws(PackedFormatError) -> (Int, [Range<Int>]) {
    guard buffer.count >= headerSize, buffer.prefix(4).elementsEqual(magic) else {
      throw PackedFormatError(reason: "not a snapshot chunk")
    }
    guard buffer[4] == version else {
      throw PackedFormatError(reason: "unknown chunk format version \(buffer[4])")
    }

    var reader = ByteReader(buffer, offset: 5)
    let stored = try reader.readUInt64()
    let computed = KeyHash.checksum(UnsafeRawBufferPointer(rebasing: buffer[headerSize...]))
    guard stored == computed else { throw PackedFormatError(reason: "checksum mismatch") }

    let rowCount = try reader.readCount(limit: maximumRows)
    var columns: [Range<Int>] = []
    for _ in 0..<columnCount {
      let length = try reader.readCount(limit: buffer.count)
      let start = reader.offset
      _ = try reader.readBytes(length)
      columns.append(start..<reader.offset)
    }
    guard reader.isAtEnd else { throw PackedFormatError(reason: "bytes after the last column") }

    return (rowCount, columns)
  }

  /// Decodes the account keys as UTF-8 bytes, without making strings.
  func keys() throws(PackedFormatError) -> TextList {
    try withColumn(0) { reader throws(PackedFormatError) in
      try FrontCodedKeys.decode(&reader, count: rowCount)
    }
  }

  /// Decodes every column, and with `indexed` builds the hash index of the keys too.
  func decode(indexed: Bool = false) throws(PackedFormatError) -> DecodedChunk {
    let keys = try keys()
    let names = try withColumn(1) { reader throws(PackedFormatError) in
      try PieceCodedNames.decode(&reader, count: rowCount)
    }

    return try withValueColumns { values throws(PackedFormatError) in
      var chunk = ChunkColumns(keys: keys, names: names, statusEntries: values.statusEntries)
      chunk.health.reserveCapacity(rowCount)
      chunk.statusIndices.reserveCapacity(rowCount)
      chunk.arrCents.reserveCapacity(rowCount)
      chunk.renewalDates.reserveCapacity(rowCount)
      for row in 0..<rowCount {
        chunk.health.append(values.health(row))
        chunk.statusIndices.append(values.statusIndex(row))
        chunk.arrCents.append(values.arr(row))
        chunk.renewalDates.append(try values.renewalDate(row))
      }
      return DecodedChunk(chunk, indexed: indexed)
    }
  }

  /// Returns the status and health of the row at `row`, without decoding the other rows.
  func statusAndHealth(at row: Int) throws(PackedFormatError) -> (String?, Double?) {
    try withValueColumns { values throws(PackedFormatError) in
      (values.status(row), values.healthAtRandom(row))
    }
  }

  /// Calls `body` with each row's status and health, in row order.
  func forEachStatusAndHealth(
    _ body: (String?, Double?) -> Void
  ) throws(PackedFormatError) {
    try withValueColumns { values throws(PackedFormatError) in
      for row in 0..<rowCount {
        body(values.status(row), values.health(row))
      }
    }
  }

  private func withColumn<T>(
    _ index: Int, _ body: (inout ByteReader) throws(PackedFormatError) -> T
  ) throws(PackedFormatError) -> T {
    try bytes.withPackedBytes { buffer throws(PackedFormatError) in
      let range = columns[index]
      var reader = ByteReader(UnsafeRawBufferPointer(rebasing: buffer[range]))
      let result = try body(&reader)
      guard reader.isAtEnd else {
        throw PackedFormatError(reason: "column \(index) has bytes after its values")
      }
      return result
    }
  }

  /// Parses the health, status, ARR and renewal date columns for `body`.
  private func withValueColumns<T>(
    _ body: (inout ValueColumns) throws(PackedFormatError) -> T
  ) throws(PackedFormatError) -> T {
    try bytes.withPackedBytes { buffer throws(PackedFormatError) in
      var values = try ValueColumns(
        buffer, columns: Array(columns[2...]), rowCount: rowCount)
      return try body(&values)
    }
  }
}

/// The parsed health, status, ARR and renewal date columns of one chunk. It points into the
/// chunk's bytes, so it lives only inside `SnapshotChunk.withValueColumns`.
private struct ValueColumns {
  let healthPresence: Presence
  let health: PackedDoubles
  let statusEntries: [String]
  let statusIndices: PackedIntegers
  let arrPresence: Presence
  let arr: PackedIntegers
  let renewalPresence: Presence
  let renewal: PackedIntegers
  /// The next value of each optional column in a pass over the rows in order.
  private var nextHealth = 0
  private var nextARR = 0
  private var nextRenewal = 0

  init(
    _ buffer: UnsafeRawBufferPointer, columns: [Range<Int>], rowCount: Int
  ) throws(PackedFormatError) {
    func reader(_ index: Int) -> ByteReader {
      ByteReader(UnsafeRawBufferPointer(rebasing: buffer[columns[index]]))
    }

    var healthReader = reader(0)
    healthPresence = try Presence(&healthReader, rowCount: rowCount)
    health = try PackedDoubles(&healthReader, count: healthPresence.valueCount)

    var statusReader = reader(1)
    let entryCount = try statusReader.readCount(limit: rowCount)
    var entries: [String] = []
    for _ in 0..<entryCount {
      let bytes = try statusReader.readBytes(try statusReader.readCount(limit: buffer.count))
      entries.append(String(decoding: bytes, as: UTF8.self))
    }
    statusEntries = entries
    statusIndices = try PackedIntegers(&statusReader, count: rowCount)

    var arrReader = reader(2)
    arrPresence = try Presence(&arrReader, rowCount: rowCount)
    arr = try PackedIntegers(&arrReader, count: arrPresence.valueCount)

    var renewalReader = reader(3)
    renewalPresence = try Presence(&renewalReader, rowCount: rowCount)
    renewal = try PackedIntegers(&renewalReader, count: renewalPresence.valueCount)

    for (index, columnReader) in [healthReader, statusReader, arrReader, renewalReader]
      .enumerated()
    where !columnReader.isAtEnd {
      throw PackedFormatError(reason: "column \(index + 2) has bytes after its values")
    }
    for row in 0..<rowCount {
      let index = statusIndices[row]
      guard index >= 0, index <= Int64(entries.count) else {
        throw PackedFormatError(reason: "status index \(index) is out of range")
      }
    }
  }

  /// The status of `row`, in any order, because every row has an index.
  func status(_ row: Int) -> String? {
    let index = Int(statusIndices[row])
    return index == 0 ? nil : statusEntries[index - 1]
  }

  /// The index of `row`'s status: 0 for none, k for the k-th entry.
  func statusIndex(_ row: Int) -> UInt32 {
    UInt32(statusIndices[row])
  }

  /// The health of `row`, for a pass over the rows in order.
  mutating func health(_ row: Int) -> Double? {
    guard healthPresence.contains(row) else { return nil }

    defer { nextHealth += 1 }
    return health[nextHealth]
  }

  /// The health of `row`, in any order.
  func healthAtRandom(_ row: Int) -> Double? {
    guard healthPresence.contains(row) else { return nil }

    return health[healthPresence.rank(row)]
  }

  mutating func arr(_ row: Int) -> Int64? {
    guard arrPresence.contains(row) else { return nil }

    defer { nextARR += 1 }
    return arr[nextARR]
  }

  mutating func renewalDate(_ row: Int) throws(PackedFormatError) -> Day? {
    guard renewalPresence.contains(row) else { return nil }

    defer { nextRenewal += 1 }
    let number = renewal[nextRenewal]
    guard let day = Int32(exactly: number) else {
      throw PackedFormatError(reason: "day number \(number) is out of range")
    }
    return Day(number: day)
  }
}

extension [UInt8] {
  /// `withUnsafeBytes` for a body that throws `PackedFormatError`, which the standard
  /// library's `rethrows` would widen to `any Error`.
  fileprivate func withPackedBytes<T>(
    _ body: (UnsafeRawBufferPointer) throws(PackedFormatError) -> T
  ) throws(PackedFormatError) -> T {
    let result = withUnsafeBytes { buffer in
      Result { () throws(PackedFormatError) -> T in try body(buffer) }
    }
    return try result.get()
  }
}
