import ByteMasks

/// The bytes that end fields in 64 bytes of CSV text, one bit a byte: bit `i` stands for
/// the byte at `start + i`. Finding the end of a short field is then a shift and a count of
/// trailing zeros, instead of a test of every byte.
struct CSVBlockMasks {
  /// The offset of the block's first byte.
  let start: Int
  /// Delimiters, newlines and carriage returns: where an unquoted field can end.
  let fieldEnds: UInt64
  /// Quotes, newlines and carriage returns: where the scan of a quoted field stops.
  let quoteStops: UInt64

  /// A block that holds no offset, for a tokenizer that has computed none yet.
  static let empty = CSVBlockMasks(start: Int.min / 2, fieldEnds: 0, quoteStops: 0)

  private init(start: Int, fieldEnds: UInt64, quoteStops: UInt64) {
    self.start = start
    self.fieldEnds = fieldEnds
    self.quoteStops = quoteStops
  }

  /// The masks of the 64 bytes at `base + start`, which must all lie inside the text.
  @inline(__always)
  init(_ base: UnsafeRawPointer, start: Int, delimiter: UInt8) {
    let masks = byte_masks_csv_block(
      base.advanced(by: start).assumingMemoryBound(to: UInt8.self), delimiter)
    self.start = start
    self.fieldEnds = masks.fieldEnds
    self.quoteStops = masks.quoteStops
  }

  /// The lanes of a mask as the low 16 bits of an integer, lane 0 in bit 0.
  @inline(__always)
  private static func bits(_ mask: SIMDMask<SIMD16<Int8>>) -> UInt64 {
    // A true lane is 0xFF. Its top bit, moved to the bottom of its byte, is gathered into
    // the top byte of the product: byte i meets the multiplier's byte 7 - i, which is 2^i.
    let lanes = unsafeBitCast(mask, to: SIMD2<UInt64>.self)
    let gather: UInt64 = 0x0102_0408_1020_4080
    let low = (((lanes[0] >> 7) & 0x0101_0101_0101_0101) &* gather) >> 56
    let high = (((lanes[1] >> 7) & 0x0101_0101_0101_0101) &* gather) >> 56
    return low | high << 8
  }
}
