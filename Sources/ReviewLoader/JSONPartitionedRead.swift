import Dispatch
import ReviewBook
import Synchronization

/// Reads the records of JSON Lines (or of objects one after another), or the elements of an
/// array of objects, in parts of about `partSize` bytes on several threads. Each part goes
/// straight into column builders, and the parts are joined in file order as they are ready.
///
/// As with CSV, a part starts at a guessed place: the first line after its nominal offset
/// that starts with an object, indented as the first record is. The part is kept only if
/// the part before it stopped exactly there, and is otherwise read again from where that
/// part stopped. A wrong guess, as inside a record written over several lines, costs a
/// second read of that part but changes nothing else. The first part is read alone, so
/// that the keys it meets are known to the parts after it; each part starts from the keys
/// joined so far, and a key that a part meets for the first time is checked when the part
/// is joined (see `JSONTable.append`). So the columns and any error are those of reading
/// the file in one go.
///
/// When the source needs it, each part's strings are checked for NUL bytes and invalid
/// UTF-8 as they are read (the bytes between strings are checked as JSON syntax), and the
/// pages of a mapped file are released once read.
struct JSONPartitionedRead {
  let source: SourceText
  let bytes: UnsafeBufferPointer<UInt8>
  /// The offset of the first object.
  let start: Int
  /// Whether the records are the elements of an array, separated by commas and closed by
  /// `]`, rather than objects one after another.
  let isArray: Bool
  var partSize = 1 << 20
  var threadCount = CSVPartitionedRead.coreCount
  /// Whether each part's bytes are checked for NUL bytes and invalid UTF-8.
  var checksText: Bool

  /// How a read ended.
  enum Outcome {
    /// Every record was read into the table. `stop` is the offset where reading stopped:
    /// after the array's `]`, or at the end of the text.
    case finished(stop: Int)
    case failed(JSONSyntaxError)
    /// A part contains a NUL byte or invalid UTF-8.
    case invalidText
  }

  init(source: SourceText, start: Int, isArray: Bool) {
    self.source = source
    self.bytes = source.bytes
    self.start = start
    self.isArray = isArray
    checksText = source.needsValidation
  }

  /// Reads every part into `table`.
  func run(into table: inout JSONTable) -> Outcome {
    let starts = partStarts()
    let limits = Array(starts.dropFirst()) + [bytes.count]

    var merge = JSONMerge(table: table, stop: start)
    let first = readPart(
      0, starts: starts, limits: limits, template: table.template(capacity: 1024))
    let reread = { (index: Int, start: Int, template: JSONTemplate) in
      self.reread(from: start, before: limits[index], template: template)
    }
    if let outcome = merge.add(first, index: 0, reread: reread) {
      table = merge.table
      return outcome
    }
    let firstLength = max(1, first.stop - first.start)
    let rowsPerByte = Double(first.columns.rows) / Double(firstLength)
    merge.table.reserveCapacity(rows: Int(rowsPerByte * Double(bytes.count - start) * 1.1) + 16)
    guard starts.count > 1 else {
      table = merge.table
      return .finished(stop: merge.stop)
    }

    let work = Work(
      read: self, starts: starts, limits: limits,
      partRows: Int(rowsPerByte * Double(partSize) * 1.25) + 16)
    let shared = SharedJSONParts(count: starts.count, merge: consume merge, work: work)
    DispatchQueue.concurrentPerform(iterations: min(threadCount, starts.count - 1)) { _ in
      while let index = shared.slots.nextIndex() {
        shared.slots.waitForRoom(index: index) { shared.mergeReady(waiting: false) }
        let template = shared.template(capacity: work.partRows)
        let part = work.read.readPart(
          index, starts: work.starts, limits: work.limits, template: template)
        shared.slots.store(part, at: index)
        shared.mergeReady(waiting: false)
      }
    }
    shared.mergeReady(waiting: true)
    let finished = shared.takeMerge()
    table = finished.table
    return finished.outcome ?? .finished(stop: finished.stop)
  }

  fileprivate func readPart(
    _ index: Int, starts: [Int], limits: [Int], template: JSONTemplate
  ) -> JSONPart {
    let range = starts[index]..<limits[index]
    let covered = index == 0 ? 0..<range.upperBound : range
    let part = read(from: range.lowerBound, before: range.upperBound, template: template)
    source.release(covered.lowerBound..<max(range.upperBound, part.stop))
    return part
  }

  /// Reads a part again from where the part before it stopped, or with a new template.
  fileprivate func reread(from start: Int, before limit: Int, template: JSONTemplate) -> JSONPart {
    let part = read(from: start, before: limit, template: template)
    source.release(start..<max(limit, part.stop))
    return part
  }

  /// Reads the objects that start at `start` or later and before `limit`, and the one
  /// after that when an array ends there.
  fileprivate func read(from start: Int, before limit: Int, template: JSONTemplate) -> JSONPart {
    var scanner = JSONScanner(bytes: bytes)
    scanner.position = start
    scanner.skipWhitespace()
    var columns = JSONColumns(text: bytes, template: template)
    let first = scanner.position
    var failure: JSONSyntaxError?
    var endsArray = false
    do throws(JSONSyntaxError) {
      while true {
        scanner.skipWhitespace()
        // The end of the text inside an array is an error that the last part reports.
        guard scanner.position < limit || (isArray && scanner.position == bytes.count) else {
          break
        }
        if isArray {
          endsArray = try readElement(&scanner, into: &columns)
          if endsArray { break }
          continue
        }
        guard let next = scanner.peek() else { break }
        guard next == UInt8(ascii: "{") else {
          throw JSONSyntaxError(
            offset: scanner.position,
            message: "expected an account object at the start of the line",
            hint: next == UInt8(ascii: ",")
              ? "remove the comma after the account: in JSON Lines every line is one object, with nothing between them"
              : "in JSON Lines every line is one object")
        }
        let recordStart = scanner.position
        do {
          try scanner.readRecord(into: &columns)
        } catch {
          throw JSONPartitionedRead.unfinishedLine(error, recordStart: recordStart, in: bytes)
        }
      }
    } catch {
      failure = error
    }
    if failure == nil { columns.addBatch() }
    var part = JSONPart(start: first, stop: scanner.position, columns: columns, failure: failure)
    part.endsArray = endsArray
    part.hasInvalidText = checksText && scanner.hasInvalidText
    return part
  }

  /// Returns the error for an object of JSON Lines that fails at or after the end of its
  /// first line when the next line starts another object, or when no other line follows.
  /// The line was cut short, so the error points at its end, instead of wherever reading
  /// on failed.
  static func unfinishedLine(
    _ error: JSONSyntaxError, recordStart: Int, in bytes: UnsafeBufferPointer<UInt8>
  ) -> JSONSyntaxError {
    guard
      let lineEnd = bytes[recordStart..<bytes.count].firstIndex(where: {
        $0 == 0x0A || $0 == 0x0D
      }),
      lineEnd <= error.offset
    else { return error }
    var next = lineEnd
    while next < bytes.count && (bytes[next] == 0x0A || bytes[next] == 0x0D || bytes[next] == 0x20)
    {
      next += 1
    }
    // The next line starts another account, or the file ends after the short line.
    guard next == bytes.count || bytes[next] == UInt8(ascii: "{") else { return error }
    return JSONSyntaxError(
      offset: lineEnd, message: "the account on this line ends before its object closes",
      hint:
        "in JSON Lines each account is one whole object on one line; complete the line or remove it"
    )
  }

  /// Reads one element of an array and the comma or `]` after it; returns whether the
  /// array ends.
  private func readElement(
    _ scanner: inout JSONScanner, into columns: inout JSONColumns
  ) throws(JSONSyntaxError) -> Bool {
    guard scanner.peek() == UInt8(ascii: "{") else {
      if scanner.peek() == UInt8(ascii: "]") {
        throw JSONSyntaxError(
          offset: scanner.position, message: "expected an account object after the comma",
          hint: "remove the comma before ']': JSON allows none after the last account")
      }
      throw JSONSyntaxError(
        offset: scanner.position, message: "expected an account object in the array",
        hint: "each element of the array must be an object such as {\"name\": \"Acme\"}")
    }
    try scanner.readRecord(into: &columns)
    scanner.skipWhitespace()
    guard let next = scanner.peek() else { throw scanner.unexpected(expected: "',' or ']'") }
    if next == UInt8(ascii: "]") {
      scanner.position += 1
      return true
    }
    guard next == UInt8(ascii: ",") else {
      throw scanner.unexpected(expected: "',' or ']' after an account")
    }
    scanner.position += 1
    return false
  }

  /// Returns the first object's start, then for each multiple of the part size the first
  /// line start after it whose line starts with `{` indented as the first object is,
  /// without repeats.
  func partStarts() -> [Int] {
    let count = bytes.count
    var lineStart = start
    while lineStart > 0 && (bytes[lineStart - 1] == 0x20 || bytes[lineStart - 1] == 0x09) {
      lineStart -= 1
    }
    let indent = lineStart == 0 || bytes[lineStart - 1] == 0x0A ? start - lineStart : 0
    var starts = [start]
    var nominal = start + partSize
    while nominal < count {
      var position = nominal
      var found: Int?
      while position < count {
        while position < count && bytes[position] != 0x0A { position += 1 }
        position += 1
        var first = position
        while first < count && (bytes[first] == 0x20 || bytes[first] == 0x09) { first += 1 }
        if first < count && bytes[first] == UInt8(ascii: "{") && first - position == indent {
          found = position
          break
        }
      }
      guard let found, found < count else { break }
      if found > starts[starts.count - 1] { starts.append(found) }
      nominal = max(nominal + partSize, found)
    }
    return starts
  }

  /// The state shared by the reading threads.
  fileprivate struct Work: @unchecked Sendable {
    let read: JSONPartitionedRead
    let starts: [Int]
    let limits: [Int]
    /// The rows to reserve in each part.
    let partRows: Int
  }
}

/// The table being joined, and where joining has got to.
private struct JSONMerge {
  var table: JSONTable
  /// Where the last joined part stopped.
  var stop: Int
  var next = 0
  var outcome: JSONPartitionedRead.Outcome?

  /// Joins part `index`, which must be the next one; returns an outcome when reading ends.
  mutating func add(
    _ candidate: JSONPart, index: Int,
    reread: (_ index: Int, _ start: Int, _ template: JSONTemplate) -> JSONPart
  ) -> JSONPartitionedRead.Outcome? {
    precondition(index == next, "parts are joined in order")
    next += 1
    var part = candidate
    if index > 0 && part.start != stop && !part.hasInvalidText {
      part = reread(index, stop, table.template(capacity: 1024))
    }
    while true {
      if part.hasInvalidText {
        outcome = .invalidText
        return outcome
      }
      if let failure = part.failure {
        outcome = .failed(failure)
        return outcome
      }
      if table.append(part.columns) { break }
      // The table plans a key new to the part otherwise. It has added the key, so the part
      // read again starts with it.
      part = reread(index, part.start, table.template(capacity: 1024))
    }
    stop = part.stop
    if part.endsArray {
      // The parts after this one lie past the array.
      outcome = .finished(stop: stop)
      return outcome
    }
    return nil
  }
}

/// Parts read by the threads, waiting to be joined in order.
private final class SharedJSONParts: Sendable {
  let slots: PartSlots<JSONPart>
  private let merge: Mutex<UnsafeBox<JSONMerge>>
  /// The template for the next part, which follows the keys joined so far.
  private let latest: Mutex<UnsafeBox<JSONTemplate>>
  private let work: JSONPartitionedRead.Work

  init(count: Int, merge: consuming JSONMerge, work: JSONPartitionedRead.Work) {
    slots = PartSlots(count: count)
    latest = Mutex(UnsafeBox(value: merge.table.template(capacity: 0)))
    self.merge = Mutex(UnsafeBox(value: merge))
    self.work = work
  }

  func template(capacity: Int) -> JSONTemplate {
    // Copies of a template share builders' storage that no one writes to.
    var template = latest.withLock { $0 }.value
    template.builders = template.builders.map { $0.emptyPart(capacity: capacity) }
    return template
  }

  /// Joins the parts that are ready, in order. Without `waiting`, a thread that finds
  /// another one joining goes back to reading instead.
  func mergeReady(waiting: Bool) {
    if waiting {
      merge.withLock { drain(&$0) }
    } else {
      _ = merge.withLockIfAvailable { drain(&$0) }
    }
  }

  private func drain(_ box: inout UnsafeBox<JSONMerge>) {
    let work = self.work
    let reread = { (index: Int, start: Int, template: JSONTemplate) in
      work.read.reread(from: start, before: work.limits[index], template: template)
    }
    while box.value.outcome == nil {
      let index = box.value.next
      guard let part = slots.take(index) else { return }
      let known = box.value.table.headers.count
      if box.value.add(part, index: index, reread: reread) != nil {
        slots.stop()
      } else if box.value.table.headers.count != known {
        let template = UnsafeBox(value: box.value.table.template(capacity: 0))
        latest.withLock { $0 = template }
      }
    }
  }

  func takeMerge() -> JSONMerge {
    merge.withLock { $0.value }
  }
}
