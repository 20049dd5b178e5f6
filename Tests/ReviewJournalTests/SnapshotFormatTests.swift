import ReviewBook
import Testing

@testable import ReviewJournal

/// A set of rows that one chunk must give back exactly.
struct ChunkCase: Sendable, CustomTestStringConvertible {
  var name: String
  var rows: [SnapshotRow]

  var testDescription: String { name }
}

private func row(
  _ key: String, _ name: String = "Acme Corp", health: Double? = nil, status: String? = nil,
  cents: Int64? = nil, renewal: Day? = nil
) -> SnapshotRow {
  SnapshotRow(
    accountKey: key, accountName: name, health: health, status: status, arrCents: cents,
    renewalDate: renewal)
}

private let chunkCases: [ChunkCase] = [
  ChunkCase(name: "one row", rows: [row("A-100", "PayPal", health: 35.5, status: "red")]),
  ChunkCase(
    name: "missing values",
    rows: [
      row("A-1"),
      row("A-2", health: 40, status: "yellow", cents: 100, renewal: Days.feb1),
      row("A-3", health: 41),
      row("A-4", cents: 200),
      row("A-5", renewal: Days.mar1),
      row("A-6", status: "green"),
    ]),
  ChunkCase(name: "every value missing", rows: (0..<20).map { row("K\($0)") }),
  ChunkCase(
    name: "Unicode names and keys",
    rows: [
      row("Zoë-1", "Zoë Brontë"), row("山田", "山田 花子"), row("soc", "Société Générale S.A."),
      row("e\u{301}cole", "e\u{301}cole du Nord"), row("\u{e9}cole", "\u{e9}cole du Nord"),
      row("rocket", "🚀 Rocket Labs"), row("spaces", "  Two  spaces  "), row("empty", ""),
      row("", "empty key"), row("nul", "with\u{0}NUL"), row("tab", "Tab\tand\nnewline"),
    ]),
  ChunkCase(
    name: "health values",
    rows: [
      0, 100, 35.5, 62.4, 0.1, 99.99, -5.25, 1.0 / 3.0, 1e300, .leastNonzeroMagnitude, 2.5e15,
    ].enumerated().map { row("H\($0.offset)", health: $0.element) }),
  ChunkCase(
    name: "negative and large cents",
    rows: [
      Int64.min, Int64.max, 0, -1, -4_946_100, 1_200_000_000_000, 4_946_100,
    ].enumerated().map { row("C\($0.offset)", cents: $0.element) }),
  ChunkCase(
    name: "cents of whole dollars",
    rows: (0..<50).map { row("D\($0)", cents: Int64($0) * 1_234_500) }),
  ChunkCase(
    name: "extreme days",
    rows: [Int32.min, Int32.max, 0, -1, 19_000].enumerated().map {
      row("R\($0.offset)", renewal: Day(number: $0.element))
    }),
  ChunkCase(
    name: "many statuses",
    rows: (0..<40).map { row("S\($0)", status: $0 % 3 == 0 ? nil : "status \($0 % 13)") }
      + [row("S-red", status: "red"), row("S-Red", status: "Red"), row("S-réd", status: "réd")]),
  ChunkCase(
    name: "shared key prefixes",
    rows: (0..<300).map { row("A" + String(1_000_000 + $0 * 7).dropFirst(), "Blue Sky Labs") }
      + [row("A"), row("A0"), row("B")]),
  ChunkCase(
    name: "names that share words",
    rows: (0..<500).map {
      row(
        "N\($0)", ["Blue", "North", "Café"][$0 % 3] + " " + ["Labs", "Systems"][$0 % 2] + " Inc.")
    }),
  ChunkCase(
    name: "names that share nothing",
    rows: (0..<200).map { row("U\($0)", "Name\($0 * 7919)") }),
  ChunkCase(
    name: "thousands of rows",
    rows: (0..<5000).map {
      row(
        "T\($0)", "Account \($0 % 97)", health: Double($0 % 101), status: ["red", "green"][$0 % 2],
        cents: Int64($0) * 100 - 250_000, renewal: Days.feb1.adding(days: $0 % 400 - 200))
    }),
]

@Test(arguments: chunkCases)
func chunkRoundTrip(_ chunkCase: ChunkCase) throws {
  let bytes = SnapshotChunk.encode(chunkCase.rows)

  let chunk = try SnapshotChunk(bytes: bytes)
  let decoded = try chunk.decode(indexed: true).rows

  #expect(chunk.rowCount == chunkCase.rows.count)
  #expect(decoded == chunkCase.rows)
  // `==` takes 0 and -0 as equal, so the bits are compared too.
  #expect(decoded.map { $0.health?.bitPattern } == chunkCase.rows.map { $0.health?.bitPattern })
  #expect(try chunk.keys().count == chunkCase.rows.count)
}

@Test func chunkKeepsNegativeZeroHealth() throws {
  let rows = [row("Z1", health: -0.0), row("Z2", health: 0)]

  let decoded = try SnapshotChunk(bytes: SnapshotChunk.encode(rows)).decode().rows

  #expect(decoded.map { $0.health?.bitPattern } == [(-0.0).bitPattern, 0.0.bitPattern])
}

@Test func chunkStoresNaNHealthAsMissing() throws {
  let rows = [row("N1", health: .nan), row("N2", health: 50)]

  let decoded = try SnapshotChunk(bytes: SnapshotChunk.encode(rows)).decode().rows

  #expect(decoded == [row("N1"), row("N2", health: 50)])
}

@Test func chunkStatusAndHealthAtRow() throws {
  let rows = (0..<100).map { (number: Int) -> SnapshotRow in
    let health: Double? = number % 4 == 0 ? nil : Double(number) / 2
    let status: String? = number % 5 == 0 ? nil : "red"
    return row("K\(number)", health: health, status: status)
  }
  let chunk = try SnapshotChunk(bytes: SnapshotChunk.encode(rows))

  for (index, expected) in rows.enumerated() {
    let (status, health) = try chunk.statusAndHealth(at: index)
    #expect(status == expected.status)
    #expect(health == expected.health)
  }
}

@Test func sharedWordsMakeNamesSmaller() throws {
  let names = (0..<1000).map { "Granite Harbor Logistics GmbH \($0 % 10)" }
  let rows = names.enumerated().map { row("K\($0.offset)", $0.element) }

  let bytes = SnapshotChunk.encode(rows)

  #expect(bytes.count < names.reduce(0) { $0 + $1.utf8.count } / 2)
  #expect(try SnapshotChunk(bytes: bytes).decode().rows == rows)
}

@Test func everyFlippedByteIsDetected() throws {
  let rows = (0..<30).map {
    row("A-\($0)", "Blue Labs \($0)", health: Double($0), status: "green", cents: Int64($0) * 100)
  }
  let bytes = SnapshotChunk.encode(rows)

  for index in bytes.indices {
    var damaged = bytes
    damaged[index] ^= 0x10
    #expect(throws: PackedFormatError.self, "byte \(index)") {
      try SnapshotChunk(bytes: damaged)
    }
  }
}

@Test func truncatedColumnWithValidChecksumIsRejected() throws {
  var bytes = SnapshotChunk.encode([row("A-1", "PayPal", health: 35.5, status: "red")])
  bytes.removeLast()
  resealChecksum(&bytes)

  #expect(throws: PackedFormatError(reason: "unexpected end")) {
    try SnapshotChunk(bytes: bytes)
  }
}

@Test func outOfRangeStatusIndexIsRejected() throws {
  // One row whose status index is 1, while the status dictionary has no entry.
  let noValues: [UInt8] = [1, 0, 0, 0]  // no row has a value, and no integers follow
  let columns: [[UInt8]] = [
    [0, 0, 1, 0x31],  // keys: front-coded, no shared bytes, the suffix "1"
    [0, 1, 0x78],  // names: plain, "x"
    [1, 0, 0, 0, 0, 0],  // health: none present, then an empty decimal run
    [0, 2, 0, 0],  // status: no entries, then indices with minimum 1 in 0 bits
    noValues,  // ARR
    noValues,  // renewal date
  ]
  var bytes = SnapshotChunk.magic + [SnapshotChunk.version] + [UInt8](repeating: 0, count: 8)
  bytes.append(1)  // the row count
  for column in columns {
    bytes.append(UInt8(column.count))
    bytes += column
  }
  resealChecksum(&bytes)
  let chunk = try SnapshotChunk(bytes: bytes)

  #expect(throws: PackedFormatError(reason: "status index 1 is out of range")) {
    try chunk.decode()
  }
}

@Test func unknownVersionIsRejected() throws {
  var bytes = SnapshotChunk.encode([row("A-1")])
  bytes[4] = 2

  #expect(throws: PackedFormatError(reason: "unknown chunk format version 2")) {
    try SnapshotChunk(bytes: bytes)
  }
}

@Test(arguments: [1, 7, 8, 13, 31, 56, 57, 63, 64])
func packedValuesRoundTrip(width: Int) throws {
  let maximum: UInt64 = width == 64 ? .max : (1 << UInt64(width)) - 1
  let values: [UInt64] = (0..<37).map { index in
    index % 3 == 0 ? maximum : UInt64(index) * 0x0123_4567_89AB_CDEF & maximum
  }
  let writer = ByteWriter()
  writer.appendPacked(values, width: width)

  let bytes = writer.bytes
  let decoded = try bytes.withUnsafeBytes { buffer in
    var reader = ByteReader(buffer)
    let packed = try PackedValues(&reader, count: values.count, width: width)
    #expect(reader.isAtEnd)
    return (0..<values.count).map { packed.value(at: $0) }
  }

  #expect(bytes.count == (values.count * width + 7) / 8)
  #expect(decoded == values)
}

@Test func overlongVarintIsRejected() throws {
  let bytes = [UInt8](repeating: 0x80, count: 10) + [0x01]

  let result = bytes.withUnsafeBytes { buffer in
    var reader = ByteReader(buffer)
    return Result { () throws(PackedFormatError) in try reader.readVarint() }
  }

  #expect(throws: PackedFormatError(reason: "varint longer than 64 bits")) { try result.get() }
}

/// The hashes are part of the file format: bucket numbers and key digests in existing files
/// depend on them, so these values must never change.
@Test func keyHashIsStable() {
  #expect(KeyHash.hash("") == 0x9DA4_4F6E_0275_D406)
  #expect(KeyHash.hash("A-100") == 0x7EF5_29C4_4B05_8BA5)
  #expect(KeyHash.hash("A0123456789") == 0x79B5_91D1_8AAB_6E85)
  #expect(KeyHash.hash("山田") == 0x3EE6_46C2_4F00_E776)
  let bytes: [UInt8] = Array(0..<100)
  #expect(bytes.withUnsafeBytes { KeyHash.checksum($0) } == 0x9016_ACDE_BAAC_AD47)
}

/// Returns the key hash as first written, reading the tail a byte at a time. The word-wise
/// tail read is checked against it at every length.
private func referenceKeyHash(_ bytes: [UInt8]) -> UInt64 {
  var state = 0x243F_6A88_85A3_08D3 ^ UInt64(bytes.count)
  var offset = 0
  while offset + 8 <= bytes.count {
    var word: UInt64 = 0
    for index in (offset..<offset + 8).reversed() { word = word << 8 | UInt64(bytes[index]) }
    state = KeyHash.mix(state ^ word)
    offset += 8
  }
  if offset < bytes.count {
    var tail: UInt64 = 0
    for index in (offset..<bytes.count).reversed() { tail = tail << 8 | UInt64(bytes[index]) }
    state = KeyHash.mix(state ^ tail)
  }
  return KeyHash.mix(state ^ 0x9E37_79B9_7F4A_7C15)
}

@Test func keyHashTailMatchesByteLoop() {
  for length in 0...40 {
    let bytes = (0..<length).map { UInt8(truncatingIfNeeded: 0x9D &* ($0 &+ 1) &+ length) }
    let hash = bytes.withUnsafeBytes { KeyHash.hash($0) }
    #expect(hash == referenceKeyHash(bytes), "length \(length)")
  }
}

/// Writes the checksum of a chunk's bytes after a test changed them on purpose.
func resealChecksum(_ bytes: inout [UInt8]) {
  let checksum = bytes.withUnsafeBytes { buffer in
    KeyHash.checksum(UnsafeRawBufferPointer(rebasing: buffer[SnapshotChunk.headerSize...]))
  }
  withUnsafeBytes(of: checksum.littleEndian) { source in
    for index in 0..<8 { bytes[5 + index] = source[index] }
  }
}
