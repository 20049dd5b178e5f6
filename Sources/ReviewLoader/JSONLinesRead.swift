import Dispatch
import ReviewBook
import Synchronization

/// Reads JSON Lines, or objects one after another, in parts of about `partSize` bytes on
/// several threads. As with CSV, a part starts at a guessed place: the first line start
/// after its nominal offset. The part is kept only if the part before it stopped exactly
/// there, and is otherwise read again from where that part stopped. So the records and any
/// syntax error are those of reading the file in one go.
struct JSONLinesRead {
  let bytes: UnsafeBufferPointer<UInt8>
  /// The offset of the first object.
  let start: Int
  var partSize = 1 << 20
  var threadCount = CSVPartitionedRead.coreCount

  /// The records of one part.
  private struct Part {
    var start: Int
    var stop: Int
    var table: RawTable
    var failure: JSONSyntaxError?
  }

  init(bytes: UnsafeBufferPointer<UInt8>, start: Int) {
    self.bytes = bytes
    self.start = start
  }

  /// Reads the records into raw tables, one a part, in file order.
  func run() throws(JSONSyntaxError) -> [RawTable] {
    let starts = partStarts()
    let limits = Array(starts.dropFirst()) + [bytes.count]
    let slots = Mutex(PartSlots(parts: Array(repeating: nil, count: starts.count)))
    let work = Work(read: self, starts: starts, limits: limits)
    DispatchQueue.concurrentPerform(iterations: min(threadCount, starts.count)) { _ in
      while let index = slots.withLock({ $0.takeNext() }) {
        let part = PartBox(
          part: work.read.read(from: work.starts[index], before: work.limits[index]))
        slots.withLock { $0.parts[index] = part }
      }
    }

    var tables: [RawTable] = []
    var stop = start
    for index in starts.indices {
      guard var part = slots.withLock({ $0.parts[index]?.part }) else { break }
      if index > 0 && part.start != stop {
        part = read(from: stop, before: limits[index])
      }
      if let failure = part.failure { throw failure }
      tables.append(part.table)
      stop = part.stop
    }
    return tables
  }

  /// Reads the objects that start at `start` or later and before `limit`.
  private func read(from start: Int, before limit: Int) -> Part {
    var scanner = JSONScanner(bytes: bytes)
    scanner.position = start
    scanner.skipWhitespace()
    var part = Part(start: scanner.position, stop: scanner.position, table: RawTable())
    while true {
      scanner.skipWhitespace()
      guard scanner.position < limit, let next = scanner.peek() else { break }
      guard next == UInt8(ascii: "{") else {
        part.failure = JSONSyntaxError(
          offset: scanner.position,
          message: "expected an account object at the start of the line",
          hint: "in JSON Lines every line is one object")
        break
      }
      do {
        try scanner.readRecord(into: &part.table)
      } catch {
        part.failure = error
        break
      }
    }
    part.stop = scanner.position
    return part
  }

  /// Returns the first object's start, then the first line start after each multiple of
  /// the part size, without repeats.
  private func partStarts() -> [Int] {
    let count = bytes.count
    var starts = [start]
    var nominal = start + partSize
    while nominal < count {
      var position = nominal
      while position < count && bytes[position] != 0x0A { position += 1 }
      position += 1
      guard position < count else { break }
      if position > starts[starts.count - 1] { starts.append(position) }
      nominal = max(nominal + partSize, position)
    }
    return starts
  }

  private struct PartSlots {
    var next = 0
    var parts: [PartBox?]

    mutating func takeNext() -> Int? {
      guard next < parts.count else { return nil }
      defer { next += 1 }
      return next
    }
  }

  // The buffer and the parts move between threads only through the lock, one owner at a
  // time, and the buffer outlives every thread.
  private struct PartBox: @unchecked Sendable {
    var part: Part
  }

  private struct Work: @unchecked Sendable {
    let read: JSONLinesRead
    let starts: [Int]
    let limits: [Int]
  }
}
