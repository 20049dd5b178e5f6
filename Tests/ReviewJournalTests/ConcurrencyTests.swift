import CSQLite
import Dispatch
import Foundation
import ReviewBook
import Synchronization
import Testing

@testable import ReviewJournal

/// Two connections, each on its own thread, open one new file at the same moment and write
/// actions, notes and snapshot rows at the same time. Every write must be in the file.
@Test func twoWritersLoseNothing() throws {
  let directory = try TemporaryDirectory()
  let path = directory.file()
  let writes = 40
  let failures = Mutex<[String]>([])

  DispatchQueue.concurrentPerform(iterations: 2) { writer in
    do throws(JournalError) {
      let journal = try Journal(path: path)
      for index in 0..<writes {
        _ = try journal.addAction(
          text: "writer \(writer) action \(index)", account: nil, owner: "csm", due: nil,
          book: "all", review: "r\(writer)", on: Days.feb1)
        if index % 4 == 0 {
          _ = try journal.addNote(
            account: Accounts.acme, text: "writer \(writer) note \(index)", review: "r\(writer)",
            on: Days.feb1)
        }
      }
      let rows = (0..<100).map { SnapshotRow(accountKey: "W\(writer)-\($0)", accountName: "x") }
      try journal.recordSnapshot(date: Days.feb1, rows: rows)
    } catch {
      failures.withLock { $0.append("writer \(writer): \(error)") }
    }
  }

  #expect(failures.withLock { $0 } == [])
  let journal = try Journal(path: path)
  for writer in 0..<2 {
    let texts = try journal.actions(matching: ActionFilter(addedInReview: "r\(writer)"))
      .map(\.text)
    #expect(texts == (0..<writes).map { "writer \(writer) action \($0)" })
  }
  #expect(try journal.actions().count == 2 * writes)
  #expect(Set(try journal.actions().map(\.id)) == Set(1...(2 * writes)))
  #expect(try journal.notes(account: "A-200").count == 2 * writes / 4)
  #expect(try journal.snapshot(on: Days.feb1).count == 200)
}

/// Inserts an action in the connection's open transaction, as another writer's
/// uncommitted work.
private func insertUncommittedAction(_ journal: Journal, text: String) throws {
  try journal.connection.execute(
    """
    INSERT INTO actions (text, owner, status, created, book, added_in_review)
    VALUES ('\(text)', 'csm', 'open', 0, 'all', 'r0')
    """)
}

/// A write waits for another connection's write transaction to commit instead of failing.
@Test func writeWaitsForOtherWriter() throws {
  let directory = try TemporaryDirectory()
  let path = directory.file()
  let holder = try Journal(path: path)
  try holder.connection.execute("BEGIN IMMEDIATE")
  try insertUncommittedAction(holder, text: "held")

  struct Outcome: Sendable {
    var started: ContinuousClock.Instant
    var finished: ContinuousClock.Instant
    var result: Result<Action, JournalError>
  }
  let outcome = Mutex<Outcome?>(nil)
  let done = DispatchSemaphore(value: 0)
  let clock = ContinuousClock()
  Thread {
    let started = clock.now
    let result = Result { () throws(JournalError) in
      try Journal(path: path).addAction(
        text: "waited", account: nil, owner: "csm", due: nil, book: "all", review: "r1",
        on: Days.feb1)
    }
    outcome.withLock { $0 = Outcome(started: started, finished: clock.now, result: result) }
    done.signal()
  }.start()

  Thread.sleep(forTimeInterval: 0.3)
  let committed = clock.now
  try holder.connection.execute("COMMIT")
  done.wait()

  let waited = try #require(outcome.withLock { $0 })
  #expect(waited.started < committed)
  #expect(waited.finished >= committed)
  #expect(try waited.result.get().id == 2)
  #expect(try holder.actions().map(\.text) == ["held", "waited"])
}

/// A write that waits longer than the busy timeout throws `.busy` and writes nothing.
@Test func writeTimesOutAsBusy() throws {
  let directory = try TemporaryDirectory()
  let path = directory.file()
  let holder = try Journal(path: path)
  let waiter = try Journal(path: path)
  sqlite3_busy_timeout(waiter.connection.handle, 50)
  try holder.connection.execute("BEGIN IMMEDIATE")
  try insertUncommittedAction(holder, text: "held")

  #expect(throws: JournalError.busy(path: path)) {
    try waiter.addNote(account: Accounts.acme, text: "too early", review: "r1", on: Days.feb1)
  }

  try holder.connection.execute("COMMIT")
  let note = try waiter.addNote(
    account: Accounts.acme, text: "later", review: "r1", on: Days.feb1)
  #expect(try waiter.notes(account: nil) == [note])
  #expect(try waiter.actions().map(\.text) == ["held"])
}

/// Two connections record overlapping books on the same date at the same moment, several
/// times over. Neither book contains half of the other's accounts, so each date ends with
/// both snapshots, and each shared account has the row of the writer that committed last.
@Test func twoSnapshotWritersOnOneDate() throws {
  let directory = try TemporaryDirectory()
  let path = directory.file()
  _ = try Journal(path: path)
  let dates = (0..<6).map { Days.feb1.adding(days: $0) }
  let failures = Mutex<[String]>([])
  let counts = Mutex<[Int: [Int]]>([:])

  DispatchQueue.concurrentPerform(iterations: 2) { writer in
    do throws(JournalError) {
      let journal = try Journal(path: path)
      let keys = writer == 0 ? 0..<300 : 200..<500
      let rows = keys.map { SnapshotRow(accountKey: "K\($0)", accountName: "writer \(writer)") }
      for (index, date) in dates.enumerated() {
        let added = try journal.recordSnapshot(date: date, rows: rows)
        counts.withLock { $0[index, default: []].append(added) }
      }
    } catch {
      failures.withLock { $0.append("writer \(writer): \(error)") }
    }
  }

  #expect(failures.withLock { $0 } == [])
  let journal = try Journal(path: path)
  for (index, date) in dates.enumerated() {
    let snapshot = try journal.snapshot(on: date)
    let added = counts.withLock { $0[index] ?? [] }
    #expect(snapshot.count == 500)
    #expect(added == [300, 300])
    #expect((0..<200).allSatisfy { snapshot["K\($0)"]?.accountName == "writer 0" })
    #expect((300..<500).allSatisfy { snapshot["K\($0)"]?.accountName == "writer 1" })
    let shared = Set((200..<300).compactMap { snapshot["K\($0)"]?.accountName })
    #expect(shared.count == 1)
  }
  guard case .ok(let summary) = Journal.check(path: path) else {
    Issue.record("expected ok, got \(Journal.check(path: path))")
    return
  }
  #expect(summary.snapshots == 6 * 2)
  #expect(summary.snapshotRows == 6 * 600)
}
