/// Where rendered text goes: a file descriptor in the front end, a string in tests.
public protocol TextSink {
  mutating func write(_ text: String)
  /// Writes text given as UTF-8 bytes, which renderers of large results build directly.
  mutating func write(utf8 bytes: UnsafeBufferPointer<UInt8>)
}

extension TextSink {
  public mutating func write(utf8 bytes: UnsafeBufferPointer<UInt8>) {
    write(String(decoding: bytes, as: UTF8.self))
  }
}

extension String: TextSink {}
