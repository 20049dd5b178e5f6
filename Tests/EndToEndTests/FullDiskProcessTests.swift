import Foundation
import Testing

/// A journal on a small file system that fills up: review reports the full disk, keeps
/// running, and keeps everything it saved before. A tmpfs is mounted for the test, which
/// needs root; elsewhere the journal's own tests cover a journal that cannot grow.
@Suite("Journal on a full disk", .serialized, .enabled(if: FullDisk.canMount))
struct FullDiskProcessTests {
  /// The disk fills while review runs: the write that needs space fails with a clear
  /// error, the commands after it still run, and what was saved before stays.
  @Test func diskFillsDuringTheSession() throws {
    let disk = try FullDisk()
    defer { disk.unmount() }
    let journal = disk.path + "/journal.sqlite"
    let longNote = String(repeating: "a long note ", count: 4_000)
    // The first note is saved before the disk fills: the loop waits until its text is in
    // the journal's files.
    let outcome = try ReviewProcess.shell(
      """
      {
        echo 'note ACC-1001 "saved before the disk filled"'
        until cat '\(journal)'* 2>/dev/null | grep -q 'saved before'; do sleep 0.05; done
        dd if=/dev/zero of='\(disk.path)/filler' bs=4k 2>/dev/null
        echo 'note ACC-1002 "\(longNote)"'
        echo 'segment red count as csv'
        echo 'notes as csv'
      } | "$REVIEW" '\(ReviewProcess.sampleCSV)' --today 2022-02-01 --journal '\(journal)' --keep-going
      """)
    // The note that could not be saved is a failure of the journal.
    #expect(outcome.status == 4)
    #expect(
      outcome.standardError.contains(
        "error: could not save the note: cannot write to the journal because the disk is full"))
    #expect(outcome.standardError.contains("hint: free disk space, then repeat the command"))
    #expect(outcome.standardOutput.contains("accounts,arr\r\n34,4351400\r\n"))
    #expect(outcome.standardOutput.contains("Sable Logistics,saved before the disk filled"))
    #expect(!outcome.standardOutput.contains("a long note"))

    disk.empty()
    let after = try ReviewProcess.run([
      ReviewProcess.sampleCSV, "--journal", journal, "-c", "notes as csv",
    ])
    #expect(after.status == 0, "\(after.standardError)")
    #expect(after.standardOutput.contains("Sable Logistics,saved before the disk filled"))
    let check = try ReviewProcess.run(["--journal-check", "--journal", journal])
    #expect(check.status == 0)
    #expect(check.standardOutput.contains("ok, schema version"))
  }
}

/// A journal on a file system mounted read-only: its notes and actions can be read, every
/// write fails with a clear error, and a WAL that contains commits is never skipped.
@Suite("Journal on a read-only mount", .serialized, .enabled(if: FullDisk.canMount))
struct ReadOnlyMountTests {
  /// Writes a note and an action to a journal on a fresh mount.
  static func journalWithEntries() throws -> (FullDisk, String) {
    let disk = try FullDisk()
    let journal = disk.path + "/journal.sqlite"
    let written = try ReviewProcess.run([
      ReviewProcess.sampleCSV, "--today", "2022-02-01", "--journal", journal,
      "-c", "note ACC-1001 \"kept on the archive\"",
      "-c", "action add \"call the CFO\" for ACC-1002 owner leader",
    ])
    #expect(written.status == 0, "\(written.standardError)")
    return (disk, journal)
  }

  @Test func readOnlyJournalListsEntries() throws {
    let (disk, journal) = try Self.journalWithEntries()
    defer { disk.unmount() }
    try disk.remount(readOnly: true)

    let read = try ReviewProcess.run([
      ReviewProcess.sampleCSV, "--today", "2022-02-02", "--journal", journal,
      "-c", "notes as csv", "-c", "action list as csv",
    ])
    // The commands succeed, but the day's snapshot is not saved, which the status tells.
    #expect(read.status == 4)
    #expect(read.standardOutput.contains("Sable Logistics,kept on the archive"))
    #expect(read.standardOutput.contains("open,,leader,Kestrel Motors,call the CFO"))
    #expect(
      read.standardError
        == "\(journal): warning: the journal or its folder is read-only, so notes and actions can be listed, but today's snapshot and new notes and actions are not saved; make both writable to keep them\n"
    )

    // A write fails with its own error, and the session goes on to the next command.
    let write = try ReviewProcess.run(
      [ReviewProcess.sampleCSV, "--journal", journal, "--keep-going"],
      input: "note ACC-1003 \"lost?\"\nnotes as csv\n")
    #expect(write.status == 4)
    #expect(
      write.standardError.contains(
        "error: could not save the note: cannot write to the journal because it is read-only"))
    #expect(
      write.standardError.contains(
        "hint: make the file and its directory writable, or choose another journal path"))
    #expect(write.standardOutput.contains("Sable Logistics,kept on the archive"))
    #expect(!write.standardOutput.contains("lost?"))

    let check = try ReviewProcess.run(["--journal-check", "--journal", journal])
    #expect(check.status == 0, "\(check.standardError)")
    #expect(check.standardOutput.contains("ok, schema version"))
  }

  /// A process that stopped without closing the journal leaves commits in its `-wal` file.
  /// On a read-only mount they are read through the `-shm` index beside it, and without
  /// that index review runs without the journal rather than show it without them.
  @Test func commitsLeftInTheWALAreNotSkipped() throws {
    let (disk, journal) = try Self.journalWithEntries()
    defer { disk.unmount() }
    let python = """
      import os, sqlite3
      db = sqlite3.connect('\(journal)')
      db.execute('PRAGMA wal_autocheckpoint = 0')
      db.execute("INSERT INTO notes (account_key, account_name, text, created, created_at_ms, review) VALUES ('ACC-1001', 'Sable Logistics', 'only in the WAL', 19024, 0, 'x')")
      db.commit()
      os._exit(0)
      """
    let left = try ReviewProcess.shell("python3 - <<'PY'\n\(python)\nPY\n")
    #expect(left.status == 0, "\(left.standardError)")
    try disk.remount(readOnly: true)
    let notes = [ReviewProcess.sampleCSV, "--journal", journal, "-c", "notes as csv"]

    let withIndex = try ReviewProcess.run(notes)
    #expect(withIndex.status == 4)
    #expect(withIndex.standardOutput.contains("Sable Logistics,only in the WAL"))

    try disk.remount(readOnly: false)
    try FileManager.default.removeItem(atPath: journal + "-shm")
    try disk.remount(readOnly: true)
    let read = try ReviewProcess.run(notes)
    #expect(read.status == 4)
    #expect(
      read.standardError.contains(
        "warning: this session runs without a journal, because the journal cannot be used: the journal's -wal file contains changes, and the -shm index needed to read them cannot be created or written, because the folder or the index is read-only for this user"
      ), "\(read.standardError)")
    #expect(read.standardError.contains("-c:1:1: error: the journal is unavailable: \(journal)"))
    #expect(read.standardOutput.isEmpty)

    try disk.remount(readOnly: false)
    let after = try ReviewProcess.run(notes)
    #expect(after.status == 0, "\(after.standardError)")
    #expect(after.standardOutput.contains("Sable Logistics,only in the WAL"))
  }
}

/// A tmpfs of one megabyte mounted on a fresh folder, and a file that fills it.
struct FullDisk {
  let path: String

  /// True when the tests may mount a file system: they run as root and `mount` works.
  static let canMount: Bool = {
    guard getuid() == 0, let disk = try? FullDisk() else { return false }
    disk.unmount()
    return true
  }()

  init() throws {
    path =
      FileManager.default.temporaryDirectory
      .appendingPathComponent("review-full-disk-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    let outcome = try Self.run(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", path])
    guard outcome == 0 else {
      try? FileManager.default.removeItem(atPath: path)
      throw CocoaError(.fileWriteUnknown)
    }
  }

  /// Writes zeros until the file system has no space left.
  func fill() throws {
    _ = try Self.run(["dd", "if=/dev/zero", "of=\(path)/filler", "bs=4k"])
  }

  /// Mounts the file system again, read-only or writable.
  func remount(readOnly: Bool) throws {
    let options = readOnly ? "remount,ro" : "remount,rw"
    guard try Self.run(["mount", "-o", options, path]) == 0 else {
      throw CocoaError(.fileWriteUnknown)
    }
  }

  func empty() {
    try? FileManager.default.removeItem(atPath: path + "/filler")
  }

  func unmount() {
    _ = try? Self.run(["umount", path])
    try? FileManager.default.removeItem(atPath: path)
  }

  private static func run(_ arguments: [String]) throws -> Int32 {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = arguments
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    try process.run()
    process.waitUntilExit()
    return process.terminationStatus
  }
}
