import Dispatch
import ReviewBook
import Synchronization

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Reads the body of a CSV file in parts of about `partSize` bytes, on as many threads as
/// the machine has cores, and joins the parts in file order into the table's builders.
///
/// A part starts after the first line end at or after its nominal offset, which is a
/// guess: the line end may lie inside a quoted field. A part is kept only if the part
/// before it stopped exactly where it starts, which is what reading the file in one go
/// does; otherwise it is read again from where the part before it stopped. So the book
/// and any error are those of a sequential read, whatever the file holds.
///
/// When the source asks for it, each part's byte range is checked for NUL bytes and
/// invalid UTF-8 before it is read, and the pages of a mapped file are released once read,
/// so that the whole file is never resident at once.
struct CSVPartitionedRead {
  let reader: CSVRecordReader
  let source: SourceText
  /// Where the records start, after the header.
  let bodyStart: Int
  /// The line of `bodyStart`.
  let bodyLine: Int
  var partSize = 1 << 20
  var threadCount = CSVPartitionedRead.coreCount

  /// How a read ended.
  enum Outcome {
    /// Every record was read; the table holds them.
    case finished(rows: Int, repeatedHeaderLines: [Int])
    /// A record failed; `line` is the line of the failing part's first record.
    case failed(CSVFailure, line: Int)
    /// A part holds a NUL byte or invalid UTF-8.
    case invalidText
  }

  static var coreCount: Int {
    max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))
  }

  /// Reads every part into `table`.
  func run(into table: inout TableAssembler) -> Outcome {
    let count = reader.bytes.count
    let starts = partStarts()
    let checksText = source.needsValidation
    let limits = Array(starts.dropFirst()) + [count]

    // The first part is read alone: its builders settle each text column's storage for the
    // other parts, and its size gives the number of rows to reserve.
    var merge = MergeState(table: table, line: bodyLine)
    let first = readPart(0, starts: starts, limits: limits, checksText: checksText) {
      table.emptyParts(capacity: 1024)
    }
    let rereadFirst = { (index: Int, start: Int, template: [ColumnBuilder]) in
      reread(index, from: start, template: template, limits: limits)
    }
    if let outcome = merge.add(first, index: 0, reread: rereadFirst) {
      table = merge.table
      return outcome
    }
    let firstLength = max(1, first.stop - first.start)
    let rowsPerByte = Double(first.rows) / Double(firstLength)
    merge.table.reserveCapacity(rows: Int(rowsPerByte * Double(count - bodyStart) * 1.1) + 16)
    guard starts.count > 1 else {
      table = merge.table
      return merge.finish()
    }

    let work = Work(
      read: self, starts: starts, limits: limits, checksText: checksText,
      template: merge.table.emptyParts(capacity: 0),
      partRows: Int(rowsPerByte * Double(partSize) * 1.25) + 16)
    let shared = SharedParts(count: starts.count, merge: consume merge, work: work)
    let threads = min(threadCount, starts.count - 1)
    DispatchQueue.concurrentPerform(iterations: threads) { _ in
      while let index = shared.slots.nextIndex() {
        shared.slots.waitForRoom(index: index) { shared.mergeReady(waiting: false) }
        let part = work.read.readPart(
          index, starts: work.starts, limits: work.limits, checksText: work.checksText
        ) { work.template.map { $0.emptyPart(capacity: work.partRows) } }
        shared.slots.store(part, at: index)
        shared.mergeReady(waiting: false)
      }
    }
    shared.mergeReady(waiting: true)
    let finished = shared.takeMerge()
    table = finished.table
    return finished.outcome ?? finished.finish()
  }

  /// The guessed start of each part: the body start, then the first line start after each
  /// multiple of the part size, without repeats.
  func partStarts() -> [Int] {
    let bytes = reader.bytes
    let count = bytes.count
    var starts = [bodyStart]
    var nominal = bodyStart + partSize
    while nominal < count {
      var position = nominal
      while position < count && bytes[position] != 0x0A && bytes[position] != 0x0D {
        position += 1
      }
      if position < count && bytes[position] == 0x0D && position + 1 < count
        && bytes[position + 1] == 0x0A
      {
        position += 1
      }
      position += 1
      guard position < count else { break }
      if position > starts[starts.count - 1] { starts.append(position) }
      nominal = max(nominal + partSize, position)
    }
    return starts
  }

  private func readPart(
    _ index: Int, starts: [Int], limits: [Int], checksText: Bool,
    columns: () -> [ColumnBuilder]
  ) -> CSVPart {
    let range = starts[index]..<limits[index]
    if checksText {
      // The first part also checks the header before it.
      let checked = index == 0 ? 0..<range.upperBound : range
      let clean = SourceText.isCleanUTF8(UnsafeBufferPointer(rebasing: reader.bytes[checked]))
      if !clean {
        var part = CSVPart(start: range.lowerBound, stop: range.lowerBound, columns: [])
        part.hasInvalidText = true
        return part
      }
    }
    let part = reader.read(from: range.lowerBound, before: range.upperBound, into: columns())
    source.release(range.lowerBound..<max(range.upperBound, part.stop))
    return part
  }

  /// Reads part `index` again from `start`, where the part before it truly stopped.
  fileprivate func reread(
    _ index: Int, from start: Int, template: [ColumnBuilder], limits: [Int]
  ) -> CSVPart {
    let part = reader.read(
      from: start, before: limits[index], into: template.map { $0.emptyPart(capacity: 1024) })
    source.release(start..<max(limits[index], part.stop))
    return part
  }

  /// The state shared by the reading threads.
  fileprivate struct Work: @unchecked Sendable {
    let read: CSVPartitionedRead
    let starts: [Int]
    let limits: [Int]
    let checksText: Bool
    /// Empty builders with the storage that the first part settled on.
    let template: [ColumnBuilder]
    /// The rows to reserve in each part.
    let partRows: Int
  }
}

/// The builders being joined, and where joining has got to.
private struct MergeState {
  var table: TableAssembler
  /// The line of the next part's first record.
  var line: Int
  var rows = 0
  var repeatedHeaderLines: [Int] = []
  /// Where the last joined part stopped.
  var stop = -1
  var next = 0
  var outcome: CSVPartitionedRead.Outcome?

  init(table: TableAssembler, line: Int) {
    self.table = table
    self.line = line
  }

  /// Joins part `index`, which must be the next one; returns an outcome when reading ends.
  mutating func add(
    _ candidate: CSVPart, index: Int,
    reread: (_ index: Int, _ start: Int, _ template: [ColumnBuilder]) -> CSVPart
  ) -> CSVPartitionedRead.Outcome? {
    precondition(index == next, "parts are joined in order")
    next += 1
    if candidate.hasInvalidText {
      outcome = .invalidText
      return outcome
    }
    var part = candidate
    if index == 0 {
      line += part.leadingLines
    } else if part.start != stop {
      part = reread(index, stop, table.emptyParts(capacity: 0))
    }
    if let failure = part.failure {
      outcome = .failed(failure, line: line)
      return outcome
    }
    table.append(parts: part.columns)
    rows += part.rows
    repeatedHeaderLines += part.repeatedHeaders.map { $0 + line }
    line += part.lines
    stop = part.stop
    return nil
  }

  func finish() -> CSVPartitionedRead.Outcome {
    .finished(rows: rows, repeatedHeaderLines: repeatedHeaderLines)
  }
}

/// Parts read by the threads, waiting to be joined in order.
private final class SharedParts: Sendable {
  let slots: PartSlots<CSVPart>
  private let merge: Mutex<UnsafeBox<MergeState>>
  private let work: CSVPartitionedRead.Work

  init(count: Int, merge: consuming MergeState, work: CSVPartitionedRead.Work) {
    slots = PartSlots(count: count)
    self.merge = Mutex(UnsafeBox(value: merge))
    self.work = work
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

  private func drain(_ box: inout UnsafeBox<MergeState>) {
    let work = self.work
    let reread = { (index: Int, start: Int, template: [ColumnBuilder]) in
      work.read.reread(index, from: start, template: template, limits: work.limits)
    }
    while box.value.outcome == nil {
      let index = box.value.next
      guard let part = slots.take(index) else { return }
      if box.value.add(part, index: index, reread: reread) != nil {
        slots.stop()
      }
    }
  }

  func takeMerge() -> MergeState {
    merge.withLock { $0.value }
  }
}
