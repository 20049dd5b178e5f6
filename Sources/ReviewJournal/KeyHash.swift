/// The 64-bit hashes that the snapshot storage writes into the file: the hash of an account
/// key, which picks the key's bucket and feeds the snapshot's key digest, and the checksum of
/// a chunk. Swift's `Hasher` is seeded anew in every process, so it cannot be used for either.
///
/// Both are part of the file format: changing either function makes existing journals
/// unreadable, so a change needs a new chunk format version and a schema migration.
enum KeyHash {
  /// Returns the hash of the UTF-8 bytes of an account key.
  static func hash(_ key: String) -> UInt64 {
    withUTF8Bytes(key) { hash($0) }
  }

  /// Returns the hash of `bytes`: each 8-byte little-endian word, and then the zero-padded
  /// tail, is mixed into a state that starts from the length.
  static func hash(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
    var state = 0x243F_6A88_85A3_08D3 ^ UInt64(bytes.count)
    var offset = 0
    while offset + 8 <= bytes.count {
      let word = bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
      state = mix(state ^ UInt64(littleEndian: word))
      offset += 8
    }
    if offset < bytes.count {
      state = mix(state ^ tail(bytes, from: offset))
    }
    return mix(state ^ 0x9E37_79B9_7F4A_7C15)
  }

  /// Returns the one to seven bytes of `bytes` from `offset` on as a little-endian word,
  /// zero-padded, read with at most three loads rather than a byte at a time.
  @inline(__always)
  static func tail(_ bytes: UnsafeRawBufferPointer, from offset: Int) -> UInt64 {
    let count = bytes.count
    let length = count - offset
    if count >= 8 {
      // The last eight bytes end with the tail, so a shift leaves only the tail.
      let word = UInt64(
        littleEndian: bytes.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self))
      return word >> UInt64(8 * (8 - length))
    }
    // The whole buffer is the tail. Two overlapping loads cover four to seven bytes, and
    // three single bytes cover one to three. A byte read twice lands in the same place.
    if length >= 4 {
      let low = UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: 0, as: UInt32.self))
      let high = UInt32(
        littleEndian: bytes.loadUnaligned(fromByteOffset: length - 4, as: UInt32.self))
      return UInt64(low) | UInt64(high) << UInt64(8 * (length - 4))
    }
    let middle = length / 2
    return UInt64(bytes[0]) | UInt64(bytes[middle]) << UInt64(8 * middle)
      | UInt64(bytes[length - 1]) << UInt64(8 * (length - 1))
  }

  /// Returns the checksum of a chunk's bytes. Four independent lanes each take every fourth
  /// word, so the multiplications overlap, and each step of a lane is a bijection of its
  /// state, so a change inside one lane's words always changes that lane's result.
  static func checksum(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
    let multiplier: UInt64 = 0x9E37_79B9_7F4A_7C15
    var lanes: (UInt64, UInt64, UInt64, UInt64) = (1, 2, 3, 4)
    var offset = 0
    while offset + 32 <= bytes.count {
      func word(_ index: Int) -> UInt64 {
        UInt64(
          littleEndian: bytes.loadUnaligned(fromByteOffset: offset + 8 * index, as: UInt64.self))
      }
      lanes.0 = ((lanes.0 ^ word(0)) &* multiplier).rotated(by: 29)
      lanes.1 = ((lanes.1 ^ word(1)) &* multiplier).rotated(by: 29)
      lanes.2 = ((lanes.2 ^ word(2)) &* multiplier).rotated(by: 29)
      lanes.3 = ((lanes.3 ^ word(3)) &* multiplier).rotated(by: 29)
      offset += 32
    }

    let tail = hash(UnsafeRawBufferPointer(rebasing: bytes[offset...]))
    var state = mix(lanes.0 ^ UInt64(bytes.count))
    state = mix(state ^ lanes.1)
    state = mix(state ^ lanes.2)
    state = mix(state ^ lanes.3)
    return mix(state ^ tail)
  }

  /// The finalizer of the SplitMix64 generator (Steele, Lea and Flood, 2014): a bijection of
  /// 64-bit words in which every input bit changes about half of the output bits.
  static func mix(_ value: UInt64) -> UInt64 {
    var word = value
    word = (word ^ (word >> 30)) &* 0xBF58_476D_1CE4_E5B9
    word = (word ^ (word >> 27)) &* 0x94D0_49BB_1331_11EB
    return word ^ (word >> 31)
  }
}

extension UInt64 {
  fileprivate func rotated(by count: UInt64) -> UInt64 {
    (self << count) | (self >> (64 - count))
  }
}

/// A summary of a set of hashes, such as those of a snapshot's account keys: how many there
/// are and two sums of them. Adding a hash adds to the sums, so the order of the hashes does
/// not matter.
///
/// Two different sets have the same digest only by a collision of both 64-bit sums, so
/// `recordSnapshot` trusts an equal content digest (`KeyedRows.contentDigest`) to mean that
/// a load brings the same rows again.
struct KeyDigest: Equatable {
  var count: Int
  var sum: UInt64
  var mixedSum: UInt64

  static let empty = KeyDigest(count: 0, sum: 0, mixedSum: 0)

  mutating func add(hash: UInt64) {
    count += 1
    sum &+= hash
    mixedSum &+= KeyHash.mix(hash ^ 0x5851_F42D_4C95_7F2D)
  }

  mutating func add(_ other: KeyDigest) {
    count += other.count
    sum &+= other.sum
    mixedSum &+= other.mixedSum
  }
}
