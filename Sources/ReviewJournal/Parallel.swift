import Dispatch

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Work spread over the machine's cores with `DispatchQueue.concurrentPerform`, for the
/// encoding and decoding of large snapshots. Small inputs run on the calling thread.
enum Parallel {
  /// The number of cores that can run work at the same time: the processors online, which
  /// ignores CPU affinity and cgroup quotas.
  static var coreCount: Int { max(1, sysconf(Int32(_SC_NPROCESSORS_ONLN))) }

  /// Returns `body(index)` for every index in `0..<count`, in index order.
  static func map<T: Sendable>(_ count: Int, _ body: @Sendable (Int) -> T) -> [T] {
    guard count > 1 else { return (0..<count).map(body) }

    let slots = ResultSlots<T>(count: count)
    DispatchQueue.concurrentPerform(iterations: count) { index in
      slots.set(body(index), at: index)
    }
    return slots.values()
  }

  /// Calls `consume` with `body(index)` for every index in `0..<count`, in index order, in
  /// batches of one index per core. The indices of a batch run at the same time, and the
  /// calling thread consumes the batch before the next one starts, so that only one batch of
  /// results is alive at a time.
  static func map<T: Sendable, Failure: Error>(
    _ count: Int, inBatchesConsumedBy consume: ([T]) throws(Failure) -> Void,
    _ body: @Sendable (Int) -> T
  ) throws(Failure) {
    let batchLength = coreCount
    for start in stride(from: 0, to: count, by: batchLength) {
      let end = min(count, start + batchLength)
      try consume(map(end - start) { body(start + $0) })
    }
  }

  /// Calls `body` with consecutive ranges that together cover `0..<count`, at the same time
  /// when there are at least `minimumLength` elements for each of two ranges.
  static func forEachRange(
    _ count: Int, minimumLength: Int, _ body: @Sendable (Range<Int>) -> Void
  ) {
    let rangeCount = min(8, count / max(1, minimumLength))
    guard rangeCount > 1 else {
      body(0..<count)
      return
    }

    DispatchQueue.concurrentPerform(iterations: rangeCount) { part in
      body((count * part / rangeCount)..<(count * (part + 1) / rangeCount))
    }
  }
}

/// One result slot for each iteration of a concurrent loop. Each iteration writes only its
/// own slot, and the slots are read only after the loop has returned, so no two threads ever
/// touch one slot at the same time.
private final class ResultSlots<T>: @unchecked Sendable {
  private let pointer: UnsafeMutablePointer<T?>
  private let count: Int

  init(count: Int) {
    self.count = count
    pointer = .allocate(capacity: count)
    pointer.initialize(repeating: nil, count: count)
  }

  deinit {
    pointer.deinitialize(count: count)
    pointer.deallocate()
  }

  func set(_ value: T, at index: Int) {
    pointer[index] = value
  }

  func values() -> [T] {
    (0..<count).map { pointer[$0]! }
  }
}

/// A buffer that concurrent ranges fill, each its own part.
///
/// `@unchecked Sendable` because the type cannot express that the parts are disjoint: each
/// caller of `Parallel.forEachRange` writes only the indices of its own range.
struct SharedBuffer<Element>: @unchecked Sendable {
  let pointer: UnsafeMutableBufferPointer<Element>
}
