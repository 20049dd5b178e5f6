/// A failure to read the packed encoding of a snapshot chunk, with what was wrong.
struct PackedFormatError: Error, Equatable {
  var reason: String
}

/// Appends integers and byte strings to a growing byte buffer, little-endian throughout.
///
/// The bytes live in a buffer of its own rather than an `Array`, because encoding a large
/// snapshot appends a few bytes tens of millions of times, and an array checks its
/// uniqueness at each append. A class, so that a writer is shared rather than copied.
final class ByteWriter {
  private var base: UnsafeMutablePointer<UInt8>
  private var capacity: Int
  private(set) var count = 0

  init(capacity: Int = 0) {
    self.capacity = max(16, capacity)
    base = .allocate(capacity: self.capacity)
  }

  deinit {
    base.deallocate()
  }

  /// A copy of the bytes written so far.
  var bytes: [UInt8] {
    [UInt8](UnsafeBufferPointer(start: base, count: count))
  }

  /// Makes room for `extra` more bytes.
  private func reserve(_ extra: Int) {
    guard count + extra > capacity else { return }

    var newCapacity = capacity * 2
    while newCapacity < count + extra { newCapacity *= 2 }
    let newBase = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
    newBase.update(from: base, count: count)
    base.deallocate()
    base = newBase
    capacity = newCapacity
  }

  func append(_ byte: UInt8) {
    reserve(1)
    base[count] = byte
    count += 1
  }

  func append(_ buffer: UnsafeRawBufferPointer) {
    guard let source = buffer.baseAddress, !buffer.isEmpty else { return }

    reserve(buffer.count)
    (base + count).update(from: source.assumingMemoryBound(to: UInt8.self), count: buffer.count)
    count += buffer.count
  }

  func append(contentsOf bytes: [UInt8]) {
    bytes.withUnsafeBytes { append($0) }
  }

  /// Appends the bytes of another writer.
  func append(_ other: ByteWriter) {
    other.withUnsafeBytes { append($0) }
  }

  func withUnsafeBytes<T>(_ body: (UnsafeRawBufferPointer) -> T) -> T {
    body(UnsafeRawBufferPointer(start: base, count: count))
  }

  /// The bytes written so far. They move when the writer grows, so the pointer is valid
  /// only until the next append.
  var unsafeBytes: UnsafeRawBufferPointer {
    UnsafeRawBufferPointer(start: base, count: count)
  }

  /// Drops the bytes after the first `newCount`.
  func truncate(to newCount: Int) {
    precondition(newCount >= 0 && newCount <= count, "count out of range")
    count = newCount
  }

  /// Appends `value` in LEB128: seven bits a byte, lowest first, the high bit set on every
  /// byte but the last.
  func appendVarint(_ value: UInt64) {
    reserve(10)
    var rest = value
    while rest >= 0x80 {
      base[count] = UInt8(truncatingIfNeeded: rest) | 0x80
      count += 1
      rest >>= 7
    }
    base[count] = UInt8(rest)
    count += 1
  }

  func appendVarint(_ value: Int) {
    appendVarint(UInt64(value))
  }

  /// Appends `value` as a varint of its zigzag form, so that small negative numbers stay short.
  func appendSignedVarint(_ value: Int64) {
    appendVarint(UInt64(bitPattern: (value << 1) ^ (value >> 63)))
  }

  func appendUInt64(_ value: UInt64) {
    reserve(8)
    UnsafeMutableRawPointer(base + count).storeBytes(of: value.littleEndian, as: UInt64.self)
    count += 8
  }

  /// Overwrites eight bytes at `offset` with `value`, for a field written before its value
  /// is known.
  func setUInt64(_ value: UInt64, at offset: Int) {
    precondition(offset >= 0 && offset + 8 <= count, "offset out of range")
    UnsafeMutableRawPointer(base + offset).storeBytes(of: value.littleEndian, as: UInt64.self)
  }

  /// Appends `values`, each in the low `width` bits (0...64), packed end to end from the
  /// lowest bit of the first byte. The packed values take `(count * width + 7) / 8` bytes.
  func appendPacked(_ values: some Sequence<UInt64>, width: Int) {
    guard width > 0 else { return }

    var pending: UInt64 = 0
    var pendingBits = 0
    for value in values {
      pending |= value << pendingBits
      if pendingBits + width >= 64 {
        appendUInt64(pending)
        // The bits of `value` that did not fit start the next word. Smart shifts make a
        // shift by 64 produce 0.
        pending = value >> (64 - pendingBits)
        pendingBits = pendingBits + width - 64
      } else {
        pendingBits += width
      }
    }
    var remaining = pendingBits
    while remaining > 0 {
      append(UInt8(truncatingIfNeeded: pending))
      pending >>= 8
      remaining -= 8
    }
  }
}

/// Reads what `ByteWriter` wrote, checking every read against the end of the buffer.
///
/// The reader does not own its bytes: it is valid only inside the `withUnsafeBytes` call
/// that produced the buffer.
struct ByteReader {
  let buffer: UnsafeRawBufferPointer
  private(set) var offset: Int

  init(_ buffer: UnsafeRawBufferPointer, offset: Int = 0) {
    self.buffer = buffer
    self.offset = offset
  }

  var isAtEnd: Bool { offset == buffer.count }

  mutating func readByte() throws(PackedFormatError) -> UInt8 {
    guard offset < buffer.count else { throw PackedFormatError(reason: "unexpected end") }

    defer { offset += 1 }
    return buffer[offset]
  }

  mutating func readVarint() throws(PackedFormatError) -> UInt64 {
    var value: UInt64 = 0
    var shift: UInt64 = 0
    while true {
      guard offset < buffer.count else { throw PackedFormatError(reason: "unexpected end") }

      let byte = buffer[offset]
      offset += 1
      guard shift < 64, shift < 63 || byte <= 1 else {
        throw PackedFormatError(reason: "varint longer than 64 bits")
      }

      value |= UInt64(byte & 0x7F) << shift
      if byte < 0x80 { return value }
      shift += 7
    }
  }

  /// Reads a varint that counts bytes or rows, which must be at most `limit`.
  mutating func readCount(limit: Int) throws(PackedFormatError) -> Int {
    let value = try readVarint()
    guard value <= UInt64(limit) else {
      throw PackedFormatError(reason: "count \(value) is larger than \(limit)")
    }

    return Int(value)
  }

  mutating func readSignedVarint() throws(PackedFormatError) -> Int64 {
    let zigzag = try readVarint()
    return Int64(bitPattern: zigzag >> 1) ^ -Int64(bitPattern: zigzag & 1)
  }

  mutating func readUInt64() throws(PackedFormatError) -> UInt64 {
    guard buffer.count - offset >= 8 else { throw PackedFormatError(reason: "unexpected end") }

    defer { offset += 8 }
    return UInt64(littleEndian: buffer.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
  }

  /// Returns the next `count` bytes and moves past them.
  mutating func readBytes(_ count: Int) throws(PackedFormatError) -> UnsafeRawBufferPointer {
    guard count >= 0, buffer.count - offset >= count else {
      throw PackedFormatError(reason: "unexpected end")
    }

    defer { offset += count }
    return UnsafeRawBufferPointer(rebasing: buffer[offset..<(offset + count)])
  }
}

/// Random access to `count` values of `width` bits that `ByteWriter.appendPacked` wrote.
struct PackedValues {
  let bytes: UnsafeRawBufferPointer
  let count: Int
  let width: Int
  private let mask: UInt64

  /// Takes the packed values from `reader`, which must contain all their bytes.
  init(_ reader: inout ByteReader, count: Int, width: Int) throws(PackedFormatError) {
    guard (0...64).contains(width) else {
      throw PackedFormatError(reason: "bit width \(width) is out of range")
    }
    let (bits, overflow) = count.multipliedReportingOverflow(by: width)
    guard !overflow else { throw PackedFormatError(reason: "packed values too long") }

    self.bytes = try reader.readBytes((bits + 7) / 8)
    self.count = count
    self.width = width
    self.mask = width == 64 ? UInt64.max : (1 << UInt64(width)) - 1
  }

  /// The value at `index`, which must be in `0..<count`.
  func value(at index: Int) -> UInt64 {
    guard width > 0 else { return 0 }

    let bit = index * width
    let byte = bit >> 3
    let shift = bit & 7
    if shift + width <= 64, byte + 8 <= bytes.count {
      let word = UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: byte, as: UInt64.self))
      return (word >> UInt64(shift)) & mask
    }

    // Near the end, or a value that spans nine bytes: read what is there, byte by byte.
    let low = word(at: byte)
    let high = word(at: byte + 8)
    let value = shift == 0 ? low : (low >> UInt64(shift)) | (high << UInt64(64 - shift))
    return value & mask
  }

  /// The eight bytes at `byte` as a little-endian word, with zeros past the end.
  private func word(at byte: Int) -> UInt64 {
    var word: UInt64 = 0
    var index = min(bytes.count, byte + 8) - 1
    while index >= byte {
      word = word << 8 | UInt64(bytes[index])
      index -= 1
    }
    return word
  }
}
