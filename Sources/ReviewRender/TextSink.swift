/// Where rendered text goes: a file descriptor in the front end, a string in tests.
public protocol TextSink {
  mutating func write(_ text: String)
}

extension String: TextSink {}
