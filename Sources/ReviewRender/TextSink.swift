/// Where rendered text goes: a file descriptor in the front end, a string in tests.
public protocol TextSink {
  mutating func write(_ text: String)
  /// Writes text given as UTF-8 bytes, which renderers of large results build directly.
  mutating func write(utf8 bytes: UnsafeBufferPointer<UInt8>)
  /// Whether the sink drops what is written from now on, as a pipe whose reader went away
  /// does, so that a renderer can stop early.
  var isClosed: Bool { get }
}

extension TextSink {
  public mutating func write(utf8 bytes: UnsafeBufferPointer<UInt8>) {
    write(String(decoding: bytes, as: UTF8.self))
  }

  public var isClosed: Bool { false }
}

extension String: TextSink {}
