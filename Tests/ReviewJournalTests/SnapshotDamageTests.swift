import ReviewBook
import Testing

@testable import ReviewJournal

/// Ways a stored snapshot chunk gets damaged, each with the message that reports it.
enum ChunkDamage: String, CaseIterable, Sendable {
  /// One byte of the encoded rows changed.
  case flippedByte
  /// The BLOB lost all but its first ten bytes.
  case truncated
  /// The first bytes are not the chunk magic.
  case wrongMagic
  /// A format version this code does not know.
  case unknownVersion
  /// The last column lost a byte, and the checksum was computed again to match.
  case resealedTruncation
  /// The chunk row claims more rows than the BLOB contains.
  case wrongRowCount

  var message: String {
    let prefix = "the snapshot of 2022-02-01 (id 1) is damaged in chunk 0: "
    switch self {
    case .flippedByte: return prefix + "checksum mismatch"
    case .truncated, .wrongMagic: return prefix + "not a snapshot chunk"
    case .unknownVersion: return prefix + "unknown chunk format version 7"
    case .resealedTruncation: return prefix + "unexpected end"
    case .wrongRowCount: return "the snapshot of 2022-02-01 (id 1) contains 4 rows, not 3"
    }
  }

  /// The message of a read that checks the chunk alone, without its date's row count.
  var chunkMessage: String {
    guard self == .wrongRowCount else { return message }

    return "the snapshot of 2022-02-01 (id 1) is damaged in chunk 0: it contains 3 rows, not 4"
  }

  func apply(to journal: Journal) throws {
    if self == .wrongRowCount {
      try journal.connection.execute("UPDATE snapshot_chunks SET row_count = row_count + 1")
      return
    }

    let select = try journal.connection.prepare("SELECT data FROM snapshot_chunks")
    #expect(try select.step())
    var bytes = select.blob(at: 0)
    switch self {
    case .flippedByte: bytes[bytes.count / 2] ^= 0x01
    case .truncated: bytes.removeLast(bytes.count - 10)
    case .wrongMagic: bytes[0] = UInt8(ascii: "X")
    case .unknownVersion: bytes[4] = 7
    case .resealedTruncation:
      bytes.removeLast()
      resealChecksum(&bytes)
    case .wrongRowCount: break
    }
    let update = try journal.connection.prepare("UPDATE snapshot_chunks SET data = ?1")
    try update.run([.blob(bytes)])
  }
}

@Test(arguments: ChunkDamage.allCases)
func damagedChunkIsReported(_ damage: ChunkDamage) throws {
  let directory = try TemporaryDirectory()
  let path = directory.file()
  let journal = try Journal(path: path)
  let rows = [
    SnapshotRow(accountKey: "A-100", accountName: "PayPal", health: 35.5, status: "red"),
    SnapshotRow(accountKey: "A-200", accountName: "Acme Corp", arrCents: 12_000_000),
    SnapshotRow(accountKey: "A-300", accountName: "Globex"),
  ]
  try journal.recordSnapshot(date: Days.feb1, rows: rows)
  try damage.apply(to: journal)
  let corrupt = JournalError.corrupt(path: path, message: damage.message)
  let corruptChunk = JournalError.corrupt(path: path, message: damage.chunkMessage)

  #expect(throws: corrupt) { try journal.snapshot(on: Days.feb1) }
  #expect(throws: corrupt) { try journal.snapshotView(on: Days.feb1) }
  #expect(throws: corruptChunk) { try journal.statusHistory(since: nil) }
  #expect(throws: corruptChunk) { try journal.statusHistory(account: "A-100") }
  #expect(throws: corruptChunk) {
    try journal.recordSnapshot(
      date: Days.feb1, rows: [SnapshotRow(accountKey: "A-400", accountName: "Initech")])
  }
  #expect(Journal.check(path: path) == .corrupt(path: path, message: damage.message))
  #expect(try journal.snapshotDates() == [Days.feb1])
}

@Test func digestMismatchIsReportedByCheck() throws {
  let directory = try TemporaryDirectory()
  let path = directory.file()
  let journal = try Journal(path: path)
  try journal.recordSnapshot(
    date: Days.feb1, rows: [SnapshotRow(accountKey: "A-100", accountName: "PayPal")])

  // Any other value: 0 where the sum is not 0, and 1 where it is.
  try journal.connection.execute("UPDATE snapshots SET key_sum = (key_sum = 0)")

  #expect(
    Journal.check(path: path)
      == .corrupt(
        path: path,
        message: "the snapshot of 2022-02-01 (id 1) does not match its row count and key digest"))
}
