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
    #expect(outcome.status == 1)
    #expect(
      outcome.standardError.contains(
        "error: could not save the note: cannot write to the journal because the disk is full"))
    #expect(outcome.standardError.contains("hint: free disk space, then repeat the command"))
    #expect(outcome.standardOutput.contains("accounts,arr\r\n53,4151800\r\n"))
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
