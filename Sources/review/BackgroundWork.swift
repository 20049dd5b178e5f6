#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Work that runs on a thread of its own while the caller goes on, and whose result the
/// caller collects with `wait()`.
///
/// The thread is a plain POSIX thread rather than a task of Dispatch's pool, whose threads
/// the loader keeps busy: work started before a load then runs beside it, not after it.
/// The body must not touch what the caller changes until `wait()` returns; joining the
/// thread makes everything the body wrote visible to the caller.
final class BackgroundWork<Result> {
  /// The body and, once it has run, its result, which the new thread and `wait()` share.
  private final class State: @unchecked Sendable {
    let body: () -> Result
    var result: Result?

    init(_ body: @escaping () -> Result) {
      self.body = body
    }

    func run() {
      result = body()
    }
  }

  private let state: State
  private var thread: pthread_t?

  /// Starts `body` on a new thread, or runs it at once on the calling thread when no thread
  /// can be made.
  init(_ body: @escaping () -> Result) {
    let state = State(body)
    self.state = state
    thread = startThread { state.run() }
  }

  /// Waits for the body to finish and returns its result. Call it once.
  func wait() -> Result {
    if let thread {
      pthread_join(thread, nil)
      self.thread = nil
    }
    guard let result = state.result else {
      preconditionFailure("background work ended without a result")
    }
    return result
  }
}

/// A closure for a new thread to run.
private final class ThreadEntry: @unchecked Sendable {
  let run: () -> Void

  init(_ run: @escaping () -> Void) {
    self.run = run
  }
}

/// Runs `body` on a new thread and returns the thread, or runs it on the calling thread and
/// returns nil when no thread can be made.
private func startThread(_ body: @escaping () -> Void) -> pthread_t? {
  var thread = pthread_t()
  let context = Unmanaged.passRetained(ThreadEntry(body)).toOpaque()
  let status = pthread_create(
    &thread, nil,
    { context in
      Unmanaged<ThreadEntry>.fromOpaque(context!).takeRetainedValue().run()
      return nil
    }, context)
  guard status == 0 else {
    Unmanaged<ThreadEntry>.fromOpaque(context).release()
    body()
    return nil
  }
  return thread
}
