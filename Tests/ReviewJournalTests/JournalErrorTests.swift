import ReviewJournal
import Testing

private let path = "/data/journal.db"

@Test(arguments: [
  (
    JournalError.corrupt(path: path, message: "database disk image is malformed"),
    """
    /data/journal.db: error: the journal is corrupt: database disk image is malformed
      hint: the file was left unchanged; restore it from a backup, or move it away to start \
    a new journal
    """
  ),
  (
    JournalError.notADatabase(path: path),
    """
    /data/journal.db: error: the file is not an SQLite database, so it is not a journal
      hint: the file was left unchanged; move it away or choose another journal path
    """
  ),
  (
    JournalError.newerSchema(path: path, version: 3, supported: 1),
    """
    /data/journal.db: error: the journal has schema version 3, but this review supports up to 1
      hint: upgrade review, or choose another journal path
    """
  ),
  (
    JournalError.readOnly(path: path),
    """
    /data/journal.db: error: cannot write to the journal because it is read-only
      hint: make the file and its directory writable, or choose another journal path
    """
  ),
  (
    JournalError.busy(path: path),
    """
    /data/journal.db: error: timed out waiting for another process to finish writing to the \
    journal
      hint: wait for the other review process to finish, then repeat the command
    """
  ),
  (
    JournalError.actionNotFound(path: path, id: 7),
    """
    /data/journal.db: error: action 7 not found
      hint: list the actions to see their ids
    """
  ),
])
func errorDescription(error: JournalError, expected: String) {
  #expect(error.description == expected)
}

@Test func cannotOpenInMissingDirectory() throws {
  let directory = try TemporaryDirectory()
  let path = directory.file("missing/journal.db")

  let error = try #require(throws: JournalError.self) { try Journal(path: path) }

  let folder = directory.file("missing")
  #expect(error == .cannotOpen(path: path, message: "its folder \(folder) does not exist"))
  #expect(
    error.description
      == """
      \(path): error: cannot open the journal: its folder \(folder) does not exist
        hint: check that the directory exists and that you may write to it
      """)
}
