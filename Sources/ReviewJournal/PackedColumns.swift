/// The column encodings that snapshot chunks share: which rows have a value, and a run of
/// integers stored as bit-packed offsets from their minimum.

/// Which rows of a column have a value.
///
/// Encoded as one byte, 0 when every row has a value and 1 when none has, or 2 followed by a
/// bitmap of one bit a row, lowest bit first, set for a row with a value.
struct Presence {
  private enum Kind {
    case all
    case none
    case bitmap(UnsafeRawBufferPointer)
  }

  private let kind: Kind
  let rowCount: Int
  /// The number of rows with a value.
  let valueCount: Int

  static func write(_ isPresent: [Bool], to writer: ByteWriter) {
    let presentCount = isPresent.lazy.filter { $0 }.count
    if presentCount == isPresent.count {
      writer.append(0)
    } else if presentCount == 0 {
      writer.append(1)
    } else {
      writer.append(2)
      var byte: UInt8 = 0
      for (row, present) in isPresent.enumerated() {
        if present { byte |= 1 << UInt8(row & 7) }
        if row & 7 == 7 {
          writer.append(byte)
          byte = 0
        }
      }
      if isPresent.count & 7 != 0 { writer.append(byte) }
    }
  }

  init(_ reader: inout ByteReader, rowCount: Int) throws(PackedFormatError) {
    self.rowCount = rowCount
    switch try reader.readByte() {
    case 0:
      kind = .all
      valueCount = rowCount
    case 1:
      kind = .none
      valueCount = 0
    case 2:
      let bitmap = try reader.readBytes((rowCount + 7) / 8)
      kind = .bitmap(bitmap)
      var count = 0
      for byte in bitmap { count += byte.nonzeroBitCount }
      guard rowCount & 7 == 0 || bitmap[bitmap.count - 1] >> UInt8(rowCount & 7) == 0 else {
        throw PackedFormatError(reason: "presence bitmap has bits past the last row")
      }
      valueCount = count
    case let other:
      throw PackedFormatError(reason: "unknown presence encoding \(other)")
    }
  }

  func contains(_ row: Int) -> Bool {
    switch kind {
    case .all: return true
    case .none: return false
    case .bitmap(let bitmap): return bitmap[row >> 3] & (1 << UInt8(row & 7)) != 0
    }
  }

  /// The number of rows before `row` that have a value, which is the index of `row`'s value.
  func rank(_ row: Int) -> Int {
    switch kind {
    case .all: return row
    case .none: return 0
    case .bitmap(let bitmap):
      var count = 0
      for index in 0..<(row >> 3) { count += bitmap[index].nonzeroBitCount }
      let partial = bitmap[row >> 3] & ((1 << UInt8(row & 7)) - 1)
      return count + partial.nonzeroBitCount
    }
  }
}

/// A run of signed 64-bit integers, each stored as `(value - minimum) / 10^exponent` in the
/// fewest bits that fit the largest one. ARR in whole dollars has an exponent of at least 2,
/// and dates within a year of each other take 9 bits.
///
/// Encoded as the minimum (zigzag varint), the exponent (one byte, 0...18), the bit width
/// (one byte, 0...64) and the packed values.
struct PackedIntegers {
  let count: Int
  private let minimum: Int64
  private let step: UInt64
  private let packed: PackedValues

  static let powersOfTen: [UInt64] = (0...18).map { exponent in
    (0..<exponent).reduce(1) { power, _ in power * 10 }
  }

  static func write<Value: FixedWidthInteger & SignedInteger>(
    _ values: [Value], to writer: ByteWriter
  ) {
    let minimum = Int64(values.min() ?? 0)
    var largest: UInt64 = 0
    var exponent = 18
    for value in values {
      let offset = UInt64(bitPattern: Int64(value) &- minimum)
      largest = max(largest, offset)
      while exponent > 0, !isMultiple(offset, ofPowerOfTen: exponent) {
        exponent -= 1
      }
    }
    if largest == 0 { exponent = 0 }

    let step = powersOfTen[exponent]
    let width = 64 - (largest / step).leadingZeroBitCount
    writer.appendSignedVarint(minimum)
    writer.append(UInt8(exponent))
    writer.append(UInt8(width))
    writer.appendPacked(
      values.lazy.map { UInt64(bitPattern: Int64($0) &- minimum) / step }, width: width)
  }

  /// True when `value` is a multiple of 10^exponent. Constant divisors let the compiler
  /// replace the division with a multiplication for the common exponents.
  private static func isMultiple(_ value: UInt64, ofPowerOfTen exponent: Int) -> Bool {
    switch exponent {
    case 1: return value % 10 == 0
    case 2: return value % 100 == 0
    case 3: return value % 1000 == 0
    case 4: return value % 10_000 == 0
    default: return value % powersOfTen[exponent] == 0
    }
  }

  init(_ reader: inout ByteReader, count: Int) throws(PackedFormatError) {
    self.count = count
    minimum = try reader.readSignedVarint()
    let exponent = Int(try reader.readByte())
    guard exponent < PackedIntegers.powersOfTen.count else {
      throw PackedFormatError(reason: "decimal exponent \(exponent) is out of range")
    }

    step = PackedIntegers.powersOfTen[exponent]
    packed = try PackedValues(&reader, count: count, width: Int(try reader.readByte()))
  }

  /// The value at `index`, which must be in `0..<count`. The arithmetic wraps, as the
  /// encoder's subtraction did, so a value far from the minimum comes back exact.
  subscript(index: Int) -> Int64 {
    minimum &+ Int64(bitPattern: packed.value(at: index) &* step)
  }
}

/// Health scores, stored as decimals when every one of them is a whole number of tenths,
/// hundredths or finer (up to a millionth), and as raw IEEE 754 bits otherwise.
///
/// Encoded as one byte, 0 followed by the decimal exponent e (one byte) and the values
/// times 10^e as `PackedIntegers`, or 1 followed by each value's bits as 8 bytes.
struct PackedDoubles {
  private enum Kind {
    case decimal(PackedIntegers, divisor: Double)
    case raw(UnsafeRawBufferPointer)
  }

  private let kind: Kind
  let count: Int

  private static let divisors: [Double] = [1, 10, 100, 1000, 10_000, 100_000, 1_000_000]

  static func write(_ values: [Double], to writer: ByteWriter) {
    if let exponent = decimalExponent(values) {
      let divisor = divisors[exponent]
      writer.append(0)
      writer.append(UInt8(exponent))
      PackedIntegers.write(values.map { Int64(($0 * divisor).rounded()) }, to: writer)
    } else {
      writer.append(1)
      for value in values { writer.appendUInt64(value.bitPattern) }
    }
  }

  /// Returns the smallest exponent e at which every value is an integer divided by 10^e,
  /// bit for bit, or nil when there is none up to 6.
  private static func decimalExponent(_ values: [Double]) -> Int? {
    var exponent = 0
    // The values before this index passed at a smaller exponent only.
    var checkedBefore = 0
    for (index, value) in values.enumerated() where !isDecimal(value, exponent: exponent) {
      repeat {
        exponent += 1
        guard exponent < divisors.count else { return nil }
      } while !isDecimal(value, exponent: exponent)
      checkedBefore = index
    }
    for value in values[..<checkedBefore] where !isDecimal(value, exponent: exponent) {
      return nil
    }
    return exponent
  }

  /// True when `value` comes back bit for bit from the integer `value * 10^exponent`
  /// rounded. Negative zero, infinities and values beyond 2^53 never do.
  private static func isDecimal(_ value: Double, exponent: Int) -> Bool {
    let scaled = (value * divisors[exponent]).rounded()
    guard scaled.magnitude < 9.0e15 else { return false }

    let integer = Double(Int64(scaled))
    let decoded = exponent == 0 ? integer : integer / divisors[exponent]
    return decoded.bitPattern == value.bitPattern
  }

  init(_ reader: inout ByteReader, count: Int) throws(PackedFormatError) {
    self.count = count
    switch try reader.readByte() {
    case 0:
      let exponent = Int(try reader.readByte())
      guard exponent < PackedDoubles.divisors.count else {
        throw PackedFormatError(reason: "decimal exponent \(exponent) is out of range")
      }
      let integers = try PackedIntegers(&reader, count: count)
      kind = .decimal(integers, divisor: PackedDoubles.divisors[exponent])
    case 1:
      let (size, overflow) = count.multipliedReportingOverflow(by: 8)
      guard !overflow else { throw PackedFormatError(reason: "raw values too long") }
      kind = .raw(try reader.readBytes(size))
    case let other:
      throw PackedFormatError(reason: "unknown number encoding \(other)")
    }
  }

  subscript(index: Int) -> Double {
    switch kind {
    case .decimal(let integers, let divisor):
      return Double(integers[index]) / divisor
    case .raw(let bytes):
      let bits = bytes.loadUnaligned(fromByteOffset: index * 8, as: UInt64.self)
      return Double(bitPattern: UInt64(littleEndian: bits))
    }
  }
}
