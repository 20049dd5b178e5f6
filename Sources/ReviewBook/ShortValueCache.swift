/// Dictionary codes of values up to 24 bytes long, found by the value's bytes read as three
/// machine words. Most cells of a dictionary-encoded column (a status, a stage, a CSM's
/// name) are short and repeat, and finding them here needs no hash of the bytes and no byte
/// comparison. Each value goes in one fixed slot, so a newer value can replace an older one
/// there; a value not found is looked up in the dictionary as usual.
@usableFromInline
struct ShortValueCache: Sendable {
  /// A value's bytes as words: the first eight, the eight after them when the value is
  /// longer than 16 bytes, and the last eight, which may overlap the others. With the
  /// length, they give every byte of a value of up to 24 bytes.
  @usableFromInline
  struct Key: Sendable {
    @usableFromInline var first: UInt64
    @usableFromInline var middle: UInt64
    @usableFromInline var last: UInt64
    @usableFromInline var length: Int

    @inlinable
    init(first: UInt64, middle: UInt64, last: UInt64, length: Int) {
      self.first = first
      self.middle = middle
      self.last = last
      self.length = length
    }

    @inlinable
    func matches(_ other: Key) -> Bool {
      first == other.first && middle == other.middle && last == other.last
        && length == other.length
    }
  }

  @usableFromInline
  struct Entry: Sendable {
    @usableFromInline var key: Key
    @usableFromInline var code: UInt32

    @inlinable
    init(key: Key, code: UInt32) {
      self.key = key
      self.code = code
    }
  }

  @usableFromInline static let slotCount = 256
  @usableFromInline var entries: [Entry?] = []

  @inlinable init() {}

  /// The key of a value, or nil when it is empty or longer than 24 bytes.
  @inlinable @inline(__always)
  static func key(_ value: UnsafeBufferPointer<UInt8>) -> Key? {
    let count = value.count
    guard count > 0, count <= 24, let base = value.baseAddress else { return nil }
    let raw = UnsafeRawPointer(base)
    if count >= 8 {
      let first = raw.loadUnaligned(as: UInt64.self)
      let middle = count > 16 ? raw.loadUnaligned(fromByteOffset: 8, as: UInt64.self) : 0
      let last = raw.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self)
      return Key(first: first, middle: middle, last: last, length: count)
    }
    var first: UInt64 = 0
    for index in 0..<count {
      first |= UInt64(base[index]) << UInt64(index &* 8)
    }
    return Key(first: first, middle: 0, last: 0, length: count)
  }

  @inlinable @inline(__always)
  static func slot(_ key: Key) -> Int {
    let mixed =
      key.first ^ (key.middle &* 0x9E37_79B9_7F4A_7C15) ^ (key.last &* 0xBF58_476D_1CE4_E5B9)
    let spread = (mixed &+ UInt64(key.length)) &* 0x94D0_49BB_1331_11EB
    // The top eight bits pick one of the 256 slots.
    return Int(truncatingIfNeeded: spread >> 56)
  }

  /// The code remembered for the key, if any.
  @inlinable @inline(__always)
  func code(for key: Key) -> UInt32? {
    guard !entries.isEmpty, let entry = entries[ShortValueCache.slot(key)], entry.key.matches(key)
    else { return nil }
    return entry.code
  }

  mutating func remember(_ code: UInt32, for key: Key) {
    if entries.isEmpty {
      entries = Array(repeating: nil, count: ShortValueCache.slotCount)
    }
    entries[ShortValueCache.slot(key)] = Entry(key: key, code: code)
  }
}
