/// A set of distinct byte strings, each with a dense code in first-inserted order, found by
/// an open-addressing hash table over the bytes themselves, so that looking a cell up never
/// creates a `String`.
public struct ByteDictionary: Sendable {
  /// The values, one after another; value `i` ends at `ends[i]`.
  public private(set) var bytes: [UInt8] = []
  public private(set) var ends: [UInt32] = []
  /// `code + 1` of the value in each slot; 0 marks an empty slot. The count is a power of 2.
  private var slots: [UInt32]
  /// The full hash of each value, so that a probe compares bytes only when the hashes match.
  private var hashes: [UInt64] = []

  public init(capacity: Int = 16) {
    var slotCount = 16
    while slotCount < capacity * 2 { slotCount <<= 1 }
    slots = Array(repeating: 0, count: slotCount)
  }

  /// The number of distinct values.
  public var count: Int { ends.count }

  /// The bytes of the value with this code.
  public func withValue<Result>(
    _ code: UInt32, _ body: (UnsafeBufferPointer<UInt8>) -> Result
  ) -> Result {
    let index = Int(code)
    let start = index == 0 ? 0 : Int(ends[index - 1])
    let end = Int(ends[index])
    return bytes.withUnsafeBufferPointer { body(UnsafeBufferPointer(rebasing: $0[start..<end])) }
  }

  /// Whether the value with this code is `bytes`.
  public func value(_ code: UInt32, equals bytes: UnsafeBufferPointer<UInt8>) -> Bool {
    let index = Int(code)
    let start = index == 0 ? 0 : Int(ends[index - 1])
    let length = Int(ends[index]) - start
    guard length == bytes.count else { return false }
    guard length > 0 else { return true }
    return self.bytes.withUnsafeBufferPointer {
      memoryEqual($0.baseAddress! + start, bytes.baseAddress!, length)
    }
  }

  /// The value with this code as a string.
  public func string(_ code: UInt32) -> String {
    withValue(code) { String(decoding: $0, as: UTF8.self) }
  }

  /// Every value as a string, in code order.
  public var strings: [String] {
    var result: [String] = []
    result.reserveCapacity(count)
    bytes.withUnsafeBufferPointer { bytes in
      var start = 0
      for end in ends {
        let range = start..<Int(end)
        result.append(String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self))
        start = Int(end)
      }
    }
    return result
  }

  /// The code of `value`, inserting it when it is new.
  /// - Complexity: O(length of the value), amortized.
  @inline(__always)
  public mutating func code(for value: UnsafeBufferPointer<UInt8>) -> UInt32 {
    let hash = ByteDictionary.hash(value)
    if let code = find(value, hash: hash) { return code }
    return insert(value, hash: hash)
  }

  /// The code of `value`, or nil when the dictionary does not contain it.
  public func lookup(_ value: UnsafeBufferPointer<UInt8>) -> UInt32? {
    find(value, hash: ByteDictionary.hash(value))
  }

  private func find(_ value: UnsafeBufferPointer<UInt8>, hash: UInt64) -> UInt32? {
    slots.withUnsafeBufferPointer { slots in
      hashes.withUnsafeBufferPointer { hashes in
        ends.withUnsafeBufferPointer { ends in
          bytes.withUnsafeBufferPointer { bytes in
            let mask = slots.count - 1
            var slot = Int(truncatingIfNeeded: hash) & mask
            while true {
              let entry = slots[slot]
              if entry == 0 { return nil }
              let code = Int(entry - 1)
              if hashes[code] == hash {
                let start = code == 0 ? 0 : Int(ends[code - 1])
                let length = Int(ends[code]) - start
                if length == value.count
                  && (length == 0
                    || memoryEqual(bytes.baseAddress! + start, value.baseAddress!, length))
                {
                  return UInt32(code)
                }
              }
              slot = (slot + 1) & mask
            }
          }
        }
      }
    }
  }

  private mutating func insert(_ value: UnsafeBufferPointer<UInt8>, hash: UInt64) -> UInt32 {
    let code = UInt32(ends.count)
    bytes.append(contentsOf: value)
    ends.append(UInt32(bytes.count))
    hashes.append(hash)
    if ends.count * 2 > slots.count {
      rehash(slotCount: slots.count * 2)
    } else {
      place(code, hash: hash)
    }
    return code
  }

  private mutating func place(_ code: UInt32, hash: UInt64) {
    slots.withUnsafeMutableBufferPointer { slots in
      let mask = slots.count - 1
      var slot = Int(truncatingIfNeeded: hash) & mask
      while slots[slot] != 0 { slot = (slot + 1) & mask }
      slots[slot] = code + 1
    }
  }

  private mutating func rehash(slotCount: Int) {
    slots = Array(repeating: 0, count: slotCount)
    for (code, hash) in hashes.enumerated() {
      place(UInt32(code), hash: hash)
    }
  }

  /// A 64-bit hash of the bytes, read eight at a time.
  @inline(__always)
  static func hash(_ value: UnsafeBufferPointer<UInt8>) -> UInt64 {
    let count = value.count
    var hash: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(truncatingIfNeeded: count)
    guard let base = value.baseAddress else { return mix(hash) }
    let raw = UnsafeRawPointer(base)
    var index = 0
    while index + 8 <= count {
      let word = raw.loadUnaligned(fromByteOffset: index, as: UInt64.self)
      hash = (hash ^ word) &* 0xBF58_476D_1CE4_E5B9
      hash ^= hash >> 31
      index += 8
    }
    var tail: UInt64 = 0
    let length = count - index
    if length > 0 && count >= 8 {
      // The last eight bytes end with the tail, so a shift leaves only the tail.
      tail =
        raw.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self) >> UInt64(64 - 8 * length)
    } else if length >= 4 {
      // Two loads that overlap cover four to seven bytes, and a byte read twice lands in
      // the same place.
      let high = raw.loadUnaligned(fromByteOffset: length - 4, as: UInt32.self)
      tail = UInt64(raw.loadUnaligned(as: UInt32.self)) | UInt64(high) << UInt64(8 * (length - 4))
    } else if length > 0 {
      let middle = length / 2
      tail =
        UInt64(base[0]) | UInt64(base[middle]) << UInt64(8 * middle)
        | UInt64(base[length - 1]) << UInt64(8 * (length - 1))
    }
    hash = (hash ^ tail) &* 0x94D0_49BB_1331_11EB
    return mix(hash)
  }

  @inline(__always)
  private static func mix(_ value: UInt64) -> UInt64 {
    var hash = value
    hash ^= hash >> 30
    hash = hash &* 0xBF58_476D_1CE4_E5B9
    hash ^= hash >> 27
    hash = hash &* 0x94D0_49BB_1331_11EB
    hash ^= hash >> 31
    return hash
  }
}

/// Whether `count` bytes at `lhs` and `rhs` are equal.
@inline(__always)
func memoryEqual(_ lhs: UnsafePointer<UInt8>, _ rhs: UnsafePointer<UInt8>, _ count: Int) -> Bool {
  var index = 0
  let left = UnsafeRawPointer(lhs)
  let right = UnsafeRawPointer(rhs)
  while index + 8 <= count {
    if left.loadUnaligned(fromByteOffset: index, as: UInt64.self)
      != right.loadUnaligned(fromByteOffset: index, as: UInt64.self)
    {
      return false
    }
    index += 8
  }
  while index < count {
    if lhs[index] != rhs[index] { return false }
    index += 1
  }
  return true
}
