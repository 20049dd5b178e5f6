#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// UTF-8 strings end to end in one byte array, with the end offset of each, so that many
/// short strings cost two allocations instead of one each.
struct TextList: Sendable {
  var bytes: [UInt8] = []
  var ends: [Int] = []

  init(capacity: Int = 0, byteCapacity: Int = 0) {
    ends.reserveCapacity(capacity)
    bytes.reserveCapacity(byteCapacity)
  }

  var count: Int { ends.count }

  func range(at index: Int) -> Range<Int> {
    (index == 0 ? 0 : ends[index - 1])..<ends[index]
  }

  func string(at index: Int) -> String {
    bytes.withUnsafeBufferPointer { buffer in
      String(decoding: UnsafeBufferPointer(rebasing: buffer[range(at: index)]), as: UTF8.self)
    }
  }

  /// True when the string at `index` has the same UTF-8 bytes as `text`.
  func element(at index: Int, equals text: String) -> Bool {
    withUTF8Bytes(text) { equalBytes(bytes, range(at: index), $0) }
  }

  func hash(at index: Int) -> UInt64 {
    bytes.withUnsafeBytes { KeyHash.hash(UnsafeRawBufferPointer(rebasing: $0[range(at: index)])) }
  }
}

/// Account keys, front-coded: for each key, a varint count of leading bytes shared with the
/// key before it, a varint suffix length and the suffix. Keys that share a prefix, such as
/// `A0012345` and `A0012409`, take a few bytes each.
///
/// Encoded as one byte, 0 for this encoding, followed by the keys.
struct FrontCodedKeys {
  let column: ByteWriter
  private let previous = ByteWriter(capacity: 64)

  init(capacity: Int) {
    column = ByteWriter(capacity: 5 * capacity + 1)
    column.append(0)
  }

  func append(_ key: UnsafeRawBufferPointer) {
    let before = previous.unsafeBytes
    let limit = min(before.count, key.count)
    var shared = 0
    // Eight bytes at a time: the first differing byte is the lowest set byte of the XOR.
    while shared + 8 <= limit {
      let difference =
        before.loadUnaligned(fromByteOffset: shared, as: UInt64.self)
        ^ key.loadUnaligned(fromByteOffset: shared, as: UInt64.self)
      guard difference == 0 else { break }
      shared += 8
    }
    while shared < limit, before[shared] == key[shared] {
      shared += 1
    }
    column.appendVarint(shared)
    column.appendVarint(key.count - shared)
    let suffix = UnsafeRawBufferPointer(rebasing: key[shared...])
    column.append(suffix)
    previous.truncate(to: shared)
    previous.append(suffix)
  }

  static func decode(_ reader: inout ByteReader, count: Int) throws(PackedFormatError) -> TextList {
    guard try reader.readByte() == 0 else {
      throw PackedFormatError(reason: "unknown key encoding")
    }

    var keys = TextList(capacity: count, byteCapacity: 2 * reader.buffer.count)
    var previousStart = 0
    for _ in 0..<count {
      let shared = try reader.readCount(limit: keys.bytes.count - previousStart)
      let suffix = try reader.readBytes(try reader.readCount(limit: reader.buffer.count))
      let start = keys.bytes.count
      for index in previousStart..<(previousStart + shared) {
        keys.bytes.append(keys.bytes[index])
      }
      keys.bytes.append(contentsOf: suffix)
      keys.ends.append(keys.bytes.count)
      previousStart = start
    }
    return keys
  }
}

/// Account names as pieces that each end after a space or at the end of the name, so
/// "Blue Sky Labs, Inc." is "Blue ", "Sky ", "Labs, " and "Inc.". Each distinct piece is
/// stored once, and each name is its list of piece numbers. Company names share many
/// words, so this takes a fraction of the plain bytes.
///
/// Encoded as one byte, 1, then a varint piece count, each piece as a varint length and its
/// bytes, and for each name its piece numbers plus one as varints, ended by a 0. When that
/// would not be smaller, the encoding is one byte, 0, and for each name a varint length and
/// its bytes.
struct PieceCodedNames {
  /// The table's entry for one piece.
  private struct PieceEntry {
    var hash: UInt64
    /// The first 8 bytes, zero-padded, which decide equality for a piece of up to 8 bytes.
    var firstWord: UInt64
    var start: Int
    var count: Int
  }

  private let pieces: ByteWriter
  private var pieceCount = 0
  private let names: ByteWriter
  /// The size of the plain encoding, to choose the smaller one.
  private var plainSize = 0
  /// A piece number plus one, or 0 for an empty slot.
  private var slots: [Int32]
  private var entries: [PieceEntry] = []
  /// The bytes of every piece end to end, to compare a new piece with the stored ones.
  private let pieceBytes = ByteWriter(capacity: 4096)

  init(capacity: Int) {
    pieces = ByteWriter(capacity: 1024)
    names = ByteWriter(capacity: 5 * capacity)
    // The table starts small and doubles as pieces come, so that it stays in the cache
    // while the pieces are few.
    slots = [Int32](repeating: 0, count: 256)
  }

  mutating func append(_ name: UnsafeRawBufferPointer) {
    plainSize += ByteWriter.varintSize(UInt64(name.count)) + name.count

    var start = 0
    for index in 0..<name.count where name[index] == 0x20 || index == name.count - 1 {
      let piece = UnsafeRawBufferPointer(rebasing: name[start...index])
      let number = pieceNumber(
        piece, firstWord: PieceCodedNames.firstWord(name, start, piece.count))
      names.appendVarint(number + 1)
      start = index + 1
    }
    names.append(0)
  }

  /// Returns the number of `piece`, adding it when it is new.
  private mutating func pieceNumber(_ piece: UnsafeRawBufferPointer, firstWord word: UInt64) -> Int
  {
    let hash = PieceCodedNames.hash(piece, firstWord: word)
    let mask = slots.count - 1
    var slot = Int(truncatingIfNeeded: hash) & mask
    while slots[slot] != 0 {
      let number = Int(slots[slot]) - 1
      let entry = entries[number]
      if entry.hash == hash, entry.firstWord == word, entry.count == piece.count {
        guard piece.count > 8 else { return number }

        let stored = pieceBytes.unsafeBytes.baseAddress! + entry.start
        if memcmp(stored + 8, piece.baseAddress! + 8, piece.count - 8) == 0 { return number }
      }
      slot = (slot + 1) & mask
    }

    let number = pieceCount
    slots[slot] = Int32(number + 1)
    pieceCount += 1
    entries.append(
      PieceEntry(hash: hash, firstWord: word, start: pieceBytes.count, count: piece.count))
    pieceBytes.append(piece)
    pieces.appendVarint(piece.count)
    pieces.append(piece)
    if pieceCount * 2 > slots.count { growSlots() }
    return number
  }

  /// Returns the first 8 bytes of the piece of `length` bytes at `start` in `name`, as a
  /// little-endian word, zero-padded. One load reads them when the name has 8 bytes there.
  private static func firstWord(
    _ name: UnsafeRawBufferPointer, _ start: Int, _ length: Int
  ) -> UInt64 {
    if start + 8 <= name.count {
      let word = UInt64(littleEndian: name.loadUnaligned(fromByteOffset: start, as: UInt64.self))
      return length >= 8 ? word : word & ((1 << UInt64(8 * length)) - 1)
    }

    var word: UInt64 = 0
    for index in 0..<min(length, 8) {
      word |= UInt64(name[start + index]) << UInt64(8 * index)
    }
    return word
  }

  /// A hash for the table of one encoding run, which is never stored, so it can be cheaper
  /// than `KeyHash`: one multiplication per 8 bytes.
  private static func hash(_ piece: UnsafeRawBufferPointer, firstWord: UInt64) -> UInt64 {
    var state = (UInt64(piece.count) ^ firstWord) &* 0x9E37_79B9_7F4A_7C15
    var offset = 8
    while offset + 8 <= piece.count {
      let word = piece.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
      state = (state ^ word) &* 0xBF58_476D_1CE4_E5B9
      offset += 8
    }
    var tail: UInt64 = 0
    var shift: UInt64 = 0
    while offset < piece.count {
      tail |= UInt64(piece[offset]) << shift
      shift += 8
      offset += 1
    }
    state = (state ^ tail) &* 0x94D0_49BB_1331_11EB
    return state ^ (state >> 29)
  }

  private mutating func growSlots() {
    slots = [Int32](repeating: 0, count: slots.count * 2)
    let mask = slots.count - 1
    for (number, entry) in entries.enumerated() {
      var slot = Int(truncatingIfNeeded: entry.hash) & mask
      while slots[slot] != 0 { slot = (slot + 1) & mask }
      slots[slot] = Int32(number + 1)
    }
  }

  /// Writes the smaller of the two encodings. The plain one is rebuilt from the pieces.
  func write(to writer: ByteWriter) {
    let pieceSize = ByteWriter.varintSize(UInt64(pieceCount)) + pieces.count + names.count
    guard pieceSize >= plainSize else {
      writer.append(1)
      writer.appendVarint(pieceCount)
      writer.append(pieces)
      writer.append(names)
      return
    }

    writer.append(0)
    names.withUnsafeBytes { buffer in
      pieceBytes.withUnsafeBytes { pieceBuffer in
        // The stream was written just above, so every read succeeds.
        var reader = ByteReader(buffer)
        var name: [UnsafeRawBufferPointer] = []
        while !reader.isAtEnd {
          let number = Int(try! reader.readVarint())
          if number > 0 {
            let entry = entries[number - 1]
            let range = entry.start..<(entry.start + entry.count)
            name.append(UnsafeRawBufferPointer(rebasing: pieceBuffer[range]))
            continue
          }
          writer.appendVarint(name.reduce(0) { $0 + $1.count })
          for piece in name { writer.append(piece) }
          name.removeAll(keepingCapacity: true)
        }
      }
    }
  }

  static func decode(_ reader: inout ByteReader, count: Int) throws(PackedFormatError) -> TextList {
    var names = TextList(capacity: count, byteCapacity: 24 * count)
    switch try reader.readByte() {
    case 0:
      for _ in 0..<count {
        names.bytes.append(
          contentsOf: try reader.readBytes(try reader.readCount(limit: reader.buffer.count)))
        names.ends.append(names.bytes.count)
      }
    case 1:
      let pieceCount = try reader.readCount(limit: reader.buffer.count)
      var pieces: [UnsafeRawBufferPointer] = []
      pieces.reserveCapacity(pieceCount)
      for _ in 0..<pieceCount {
        pieces.append(try reader.readBytes(try reader.readCount(limit: reader.buffer.count)))
      }
      for _ in 0..<count {
        while true {
          let number = try reader.readCount(limit: pieces.count)
          guard number > 0 else { break }

          names.bytes.append(contentsOf: pieces[number - 1])
        }
        names.ends.append(names.bytes.count)
      }
    case let other:
      throw PackedFormatError(reason: "unknown text encoding \(other)")
    }
    return names
  }
}

extension ByteWriter {
  /// The number of bytes `appendVarint(value)` appends.
  static func varintSize(_ value: UInt64) -> Int {
    max(1, (64 - value.leadingZeroBitCount + 6) / 7)
  }
}

/// True when `bytes[range]` and `other` contain the same bytes.
func equalBytes(_ bytes: [UInt8], _ range: Range<Int>, _ other: UnsafeRawBufferPointer) -> Bool {
  bytes.withUnsafeBytes { equalBytes(UnsafeRawBufferPointer(rebasing: $0[range]), other) }
}

/// True when two buffers contain the same bytes.
func equalBytes(_ first: UnsafeRawBufferPointer, _ second: UnsafeRawBufferPointer) -> Bool {
  guard first.count == second.count else { return false }
  guard !first.isEmpty else { return true }

  return memcmp(first.baseAddress!, second.baseAddress!, first.count) == 0
}
