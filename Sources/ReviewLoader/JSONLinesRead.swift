import Dispatch
import ReviewBook
import Synchronization

/// Reads JSON Lines, or objects one after another, in parts of about `partSize` bytes on
/// several threads, each part straight into column builders, and joins the parts in file
/// order as they are ready.
///
/// As with CSV, a part starts at a guessed place: the first line start after its nominal
/// offset. The part is kept only if the part before it stopped exactly there, and is
/// otherwise read again from where that part stopped. The first part is read alone, so
/// that the keys it meets are known to the parts after it; each part starts from the keys
/// joined so far, and a key that a part meets for the first time is checked when the part
/// is joined (see `JSONTable.append`). So the columns and any error are those of reading
/// the file in one go.
///
/// When the source asks for it, each part's bytes are checked for NUL bytes and invalid
/// UTF-8 before they are read, and the pages of a mapped file are released once read.
struct JSONLinesRead {
  let source: SourceText
  let bytes: UnsafeBufferPointer<UInt8>
  /// The offset of the first object.
  let start: Int
  var partSize = 1 << 20
  var threadCount = CSVPartitionedRead.coreCount

  /// How a read ended.
  enum Outcome {
    /// Every record was read; the table holds them.
    case finished
    case failed(JSONSyntaxError)
    /// A part holds a NUL byte or invalid UTF-8.
    case invalidText
  }

  init(source: SourceText, start: Int) {
    self.source = source
    self.bytes = source.bytes
    self.start = start
  }

  /// Reads every part into `table`.
  func run(into table: inout JSONTable) -> Outcome {
    let starts = partStarts()
    let limits = Array(starts.dropFirst()) + [bytes.count]
    let checksText = source.needsValidation

    var merge = JSONMerge(table: table, stop: start)
    let first = readPart(
      0, starts: starts, limits: limits, checksText: checksText,
      template: table.template(capacity: 1024))
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
      return .finished
    }

    let work = Work(
      read: self, starts: starts, limits: limits, checksText: checksText,
      partRows: Int(rowsPerByte * Double(partSize) * 1.25) + 16)
    let shared = SharedJSONParts(count: starts.count, merge: consume merge, work: work)
    DispatchQueue.concurrentPerform(iterations: min(threadCount, starts.count - 1)) { _ in
      while let index = shared.nextIndex() {
        let template = shared.template(capacity: work.partRows)
        let part = work.read.readPart(
          index, starts: work.starts, limits: work.limits, checksText: work.checksText,
          template: template)
        shared.store(part, at: index)
        shared.mergeReady(waiting: false)
      }
    }
    shared.mergeReady(waiting: true)
    let finished = shared.takeMerge()
    table = finished.table
    return finished.outcome ?? .finished
  }

  fileprivate func readPart(
    _ index: Int, starts: [Int], limits: [Int], checksText: Bool, template: JSONTemplate
  ) -> JSONPart {
    let range = starts[index]..<limits[index]
    let covered = index == 0 ? 0..<range.upperBound : range
    if checksText && !SourceText.isCleanUTF8(UnsafeBufferPointer(rebasing: bytes[covered])) {
      var part = JSONPart(
        start: range.lowerBound, stop: range.lowerBound,
        columns: JSONColumns(
          text: bytes,
          template: JSONTemplate(
            headers: [], planner: ColumnPlanner(file: source.path, options: LoadOptions()),
            builders: [])))
      part.hasInvalidText = true
      return part
    }
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

  /// Reads the objects that start at `start` or later and before `limit`.
  fileprivate func read(from start: Int, before limit: Int, template: JSONTemplate) -> JSONPart {
    var scanner = JSONScanner(bytes: bytes)
    scanner.position = start
    scanner.skipWhitespace()
    var columns = JSONColumns(text: bytes, template: template)
    let first = scanner.position
    var failure: JSONSyntaxError?
    while true {
      scanner.skipWhitespace()
      guard scanner.position < limit, let next = scanner.peek() else { break }
      guard next == UInt8(ascii: "{") else {
        failure = JSONSyntaxError(
          offset: scanner.position,
          message: "expected an account object at the start of the line",
          hint: "in JSON Lines every line is one object")
        break
      }
      do {
        try scanner.readRecord(into: &columns)
      } catch {
        failure = error
        break
      }
    }
    if failure == nil { columns.addBatch() }
    return JSONPart(start: first, stop: scanner.position, columns: columns, failure: failure)
  }

  /// Returns the first object's start, then the first line start after each multiple of
  /// the part size, without repeats.
  func partStarts() -> [Int] {
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

  /// The state shared by the reading threads.
  fileprivate struct Work: @unchecked Sendable {
    let read: JSONLinesRead
    let starts: [Int]
    let limits: [Int]
    let checksText: Bool
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
  var outcome: JSONLinesRead.Outcome?

  /// Joins part `index`, which must be the next one; returns an outcome when reading ends.
  mutating func add(
    _ candidate: JSONPart, index: Int,
    reread: (_ index: Int, _ start: Int, _ template: JSONTemplate) -> JSONPart
  ) -> JSONLinesRead.Outcome? {
    precondition(index == next, "parts are joined in order")
    next += 1
    if candidate.hasInvalidText {
      outcome = .invalidText
      return outcome
    }
    var part = candidate
    if index > 0 && part.start != stop {
      part = reread(index, stop, table.template(capacity: 1024))
    }
    while true {
      if let failure = part.failure {
        outcome = .failed(failure)
        return outcome
      }
      if table.append(part.columns) { break }
      // A key new to the part is planned otherwise in the table; the table now knows it.
      part = reread(index, part.start, table.template(capacity: 1024))
    }
    stop = part.stop
    return nil
  }
}

/// Parts read by the threads, waiting to be joined in order.
private final class SharedJSONParts: Sendable {
  private struct Slots {
    var next = 1
    var parts: [JSONPart?]
    var stopped = false
  }

  private let slots: Mutex<Slots>
  private let merge: Mutex<UnsafeMergeBox>
  /// The template for the next part, which follows the keys joined so far.
  private let latest: Mutex<UnsafeTemplateBox>
  private let work: JSONLinesRead.Work

  init(count: Int, merge: consuming JSONMerge, work: JSONLinesRead.Work) {
    slots = Mutex(Slots(parts: Array(repeating: nil, count: count)))
    let template = UnsafeTemplateBox(template: merge.table.template(capacity: 0))
    latest = Mutex(template)
    self.merge = Mutex(UnsafeMergeBox(state: merge))
    self.work = work
  }

  /// The next part to read, or nil when every part is taken or reading has stopped.
  func nextIndex() -> Int? {
    slots.withLock { slots in
      guard !slots.stopped, slots.next < slots.parts.count else { return nil }
      defer { slots.next += 1 }
      return slots.next
    }
  }

  func template(capacity: Int) -> JSONTemplate {
    var template = latest.withLock { $0 }.template
    template.builders = template.builders.map { $0.emptyPart(capacity: capacity) }
    return template
  }

  func store(_ part: JSONPart, at index: Int) {
    let box = UnsafePartBox(part: part)
    slots.withLock { slots in
      slots.parts[index] = box.part
      if box.part.hasInvalidText { slots.stopped = true }
    }
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

  private func drain(_ box: inout UnsafeMergeBox) {
    let work = self.work
    let reread = { (index: Int, start: Int, template: JSONTemplate) in
      work.read.reread(from: start, before: work.limits[index], template: template)
    }
    while box.state.outcome == nil {
      let index = box.state.next
      let ready = slots.withLock { slots -> UnsafePartBox? in
        guard index < slots.parts.count, let part = slots.parts[index] else { return nil }
        slots.parts[index] = nil
        return UnsafePartBox(part: part)
      }
      guard let ready else { return }
      let known = box.state.table.headers.count
      if box.state.add(ready.part, index: index, reread: reread) != nil {
        slots.withLock { $0.stopped = true }
      } else if box.state.table.headers.count != known {
        let template = UnsafeTemplateBox(template: box.state.table.template(capacity: 0))
        latest.withLock { $0 = template }
      }
    }
  }

  func takeMerge() -> JSONMerge {
    merge.withLock { $0.state }
  }
}

// Parts, templates and builders move between threads only through the locks above, one
// owner at a time, or as copies that share storage no one writes to.
private struct UnsafePartBox: @unchecked Sendable {
  var part: JSONPart
}

private struct UnsafeMergeBox: @unchecked Sendable {
  var state: JSONMerge
}

private struct UnsafeTemplateBox: @unchecked Sendable {
  var template: JSONTemplate
}
