import Synchronization

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// A part of a file read on its own thread, as the partitioned readers make them.
protocol FilePart {
  /// Whether the part's bytes contain a NUL byte or invalid UTF-8, which stops the reading.
  var hasInvalidText: Bool { get }
}

extension CSVPart: FilePart {}
extension JSONPart: FilePart {}

/// The parts of a partitioned read: which part a thread reads next, and the parts read
/// but not yet joined. Part 0 is read before the threads start, so they take parts from 1.
final class PartSlots<Part: FilePart>: Sendable {
  private struct Slots {
    var next = 1
    var parts: [Part?]
    var stopped = false
    /// The part that joining takes next.
    var joinNext = 1
  }

  /// How many parts a thread may read ahead of the next part to join. A part read further
  /// ahead waits with its builders until the parts before it are read. On a busy machine,
  /// where one thread may stall, such parts would pile up in memory.
  static var lookAhead: Int { 2 }

  private let slots: Mutex<UnsafeSlotsBox>

  init(count: Int) {
    slots = Mutex(UnsafeSlotsBox(slots: Slots(parts: Array(repeating: nil, count: count))))
  }

  /// Returns the next part to read, or nil when every part is taken or reading has stopped.
  func nextIndex() -> Int? {
    slots.withLock { box in
      guard !box.slots.stopped, box.slots.next < box.slots.parts.count else { return nil }
      defer { box.slots.next += 1 }
      return box.slots.next
    }
  }

  /// Stores a part that was read until it is joined. A part with invalid text stops the
  /// reading of the parts after it.
  func store(_ part: Part, at index: Int) {
    let box = UnsafeBox(value: part)
    slots.withLock { slots in
      slots.slots.parts[index] = box.value
      if box.value.hasInvalidText { slots.slots.stopped = true }
    }
  }

  /// Removes part `index` and returns it, or returns nil when it has not been read yet.
  func take(_ index: Int) -> Part? {
    let removed = slots.withLock { slots -> UnsafeBox<Part>? in
      guard index < slots.slots.parts.count, let part = slots.slots.parts[index] else {
        return nil
      }
      slots.slots.parts[index] = nil
      slots.slots.joinNext = index + 1
      return UnsafeBox(value: part)
    }
    return removed?.value
  }

  /// Returns once part `index` is at most `lookAhead` parts ahead of the next part to join,
  /// or once the reading stops. Meanwhile it calls `join` to join the parts that are ready,
  /// and sleeps a tenth of a millisecond whenever that joins none.
  func waitForRoom(index: Int, join: () -> Void) {
    while true {
      let (joinNext, stopped) = slots.withLock { ($0.slots.joinNext, $0.slots.stopped) }
      if stopped || index - joinNext <= PartSlots.lookAhead { return }
      join()
      let joined = slots.withLock { $0.slots.joinNext }
      if joined == joinNext {
        var pause = timespec(tv_sec: 0, tv_nsec: 100_000)
        nanosleep(&pause, nil)
      }
    }
  }

  /// Stops the reading: no thread takes another part.
  func stop() {
    slots.withLock { $0.slots.stopped = true }
  }

  // Parts move between threads only through the lock, one owner at a time.
  private struct UnsafeSlotsBox: @unchecked Sendable {
    var slots: Slots
  }
}

/// A value that moves between threads only under a lock, one owner at a time.
struct UnsafeBox<Value>: @unchecked Sendable {
  var value: Value
}
