import ReviewBook

/// Parses each input as every kind of cell value; the parsers must return a value or nil.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzValues(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
  let bytes = UnsafeBufferPointer(start: data, count: size)
  _ = ValueParser.number(bytes)
  _ = ValueParser.money(bytes)
  _ = ValueParser.moneyWithMarker(bytes)
  _ = ValueParser.boolean(bytes, allowDigits: true)
  _ = ValueParser.isMissingMarker(bytes)
  _ = ValueParser.hasLeadingZero(bytes)
  if let shape = ValueParser.date(bytes) {
    _ = ValueParser.resolve(shape, order: .monthFirst)
    _ = ValueParser.resolve(shape, order: .dayFirst)
  }
  return 0
}
