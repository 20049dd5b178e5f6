import Foundation
import Testing

/// The format of the files that redirects and `output` write.
@Suite("Output files")
struct OutputFileTests {
  let data = "id,name,health,csm\n1,Acme,30,Ana\n2,Beta,80,Bo\n"

  func contents(of path: String) throws -> String {
    try String(contentsOfFile: path, encoding: .utf8)
  }

  @Test func outputExtensionWinsOverFormat() throws {
    let folder = try TemporaryFolder()
    try folder.write("book.csv", data)
    let outcome = try ReviewProcess.run(
      [
        "book.csv", "--no-journal", "-c", "format csv", "-c", "output out.md",
        "-c", "segment all show name", "-c", "segment red show name as csv",
      ], folder: folder.path)
    #expect(outcome.status == 0, "\(outcome.standardError)")
    #expect(outcome.standardOutput == "")
    // `as FORMAT` on a command still wins over the file's extension.
    #expect(
      try contents(of: folder.file("out.md"))
        == "| name |\n| --- |\n| Acme |\n| Beta |\n\n2 accounts\n\nname\r\nAcme\r\n")
  }

  /// In a pipe or a file, a table after another is set off by a blank line, while an echo
  /// line stays right above the table it names.
  @Test func tablesInAPipeAreSetApart() throws {
    let folder = try TemporaryFolder()
    try folder.write("book.csv", data)
    let outcome = try ReviewProcess.run(
      [
        "book.csv", "--no-journal", "-q", "-c", "segment all show name", "-c", "echo Red",
        "-c", "segment red show name", "-c", "segment all show name limit 1",
      ], folder: folder.path)
    #expect(outcome.status == 0, "\(outcome.standardError)")
    #expect(
      outcome.standardOutput
        == "name\n----\nAcme\nBeta\n2 accounts\nRed\nname\n----\nAcme\n1 account\n\nname\n----\nAcme\n2 accounts · showing 1\n"
    )
  }

  /// Text meeting JSON output goes to standard error, so that the file stays valid JSON.
  @Test func proseBesideJSONGoesToStandardError() throws {
    let folder = try TemporaryFolder()
    try folder.write("book.csv", data)
    let outcome = try ReviewProcess.run(
      [
        "book.csv", "--no-journal", "-q", "-c", "output out.json", "-c", "segment red show name",
        "-c", "ask red", "-c", "echo done", "-c", "output -",
      ], folder: folder.path)
    #expect(outcome.status == 0, "\(outcome.standardError)")
    #expect(outcome.standardOutput == "")
    #expect(outcome.standardError.hasPrefix("Questions for red (1 account):\n1. "))
    #expect(outcome.standardError.hasSuffix("\ndone\n"))
    let written = try contents(of: folder.file("out.json"))
    let parsed = try JSONSerialization.jsonObject(with: Data(written.utf8)) as? [[String: String]]
    #expect(parsed == [["name": "Acme"]])
  }

  @Test func outputExtensionWinsOverFormatOption() throws {
    let folder = try TemporaryFolder()
    try folder.write("book.csv", data)
    let outcome = try ReviewProcess.run(
      [
        "book.csv", "--no-journal", "--format", "json", "-c", "output out.csv",
        "-c", "segment all show name",
      ], folder: folder.path)
    #expect(outcome.status == 0, "\(outcome.standardError)")
    #expect(try contents(of: folder.file("out.csv")) == "name\r\nAcme\r\nBeta\r\n")
  }

  @Test func textFileTakesSessionFormat() throws {
    let folder = try TemporaryFolder()
    try folder.write("book.csv", data)
    let outcome = try ReviewProcess.run(
      [
        "book.csv", "--no-journal", "-q", "-c", "format json",
        "-c", "segment red show name > red.txt", "-c", "output all.txt",
        "-c", "segment all show name",
      ], folder: folder.path)
    #expect(outcome.status == 0, "\(outcome.standardError)")
    #expect(outcome.standardError == "")
    #expect(try contents(of: folder.file("red.txt")) == "[\n  {\"name\": \"Acme\"}\n]\n")
    #expect(
      try contents(of: folder.file("all.txt"))
        == "[\n  {\"name\": \"Acme\"},\n  {\"name\": \"Beta\"}\n]\n")
  }

  @Test func textFileWithoutFormatIsTable() throws {
    let folder = try TemporaryFolder()
    try folder.write("book.csv", data)
    let outcome = try ReviewProcess.run(
      ["book.csv", "--no-journal", "-c", "segment all show name > all.txt"],
      folder: folder.path)
    #expect(outcome.status == 0, "\(outcome.standardError)")
    #expect(outcome.standardError == "wrote all.txt\n")
    #expect(try contents(of: folder.file("all.txt")) == "name\n----\nAcme\nBeta\n2 accounts\n")
  }

  @Test func proseToTextFileIsWritten() throws {
    let folder = try TemporaryFolder()
    try folder.write("book.csv", data)
    let outcome = try ReviewProcess.run(
      ["book.csv", "--no-journal", "-c", "explain red > red.txt", "-c", "explain red > red.csv"],
      folder: folder.path)
    #expect(outcome.status == 1)
    #expect(
      outcome.standardError
        == "wrote red.txt\n-c#2:1:15: error: explain gives text, not a table, so it cannot be written as CSV to red.csv\n  explain red > red.csv\n                ^~~~~~~\n  hint: write it to a file ending in .md or .txt, such as red.md\n"
    )
    #expect(
      try contents(of: folder.file("red.txt"))
        == "red: status red, not churned\n  status = red\n  sorted by arr desc; columns name, csm, arr, health, status, renewal_date\n"
    )
  }

  @Test func appendUnderOtherHeaderWarns() throws {
    let folder = try TemporaryFolder()
    try folder.write("book.csv", data)
    let outcome = try ReviewProcess.run(
      [
        "book.csv", "--no-journal", "-c", "segment red show name, health > c.csv",
        "-c", "segment all by csm count >> c.csv", "-c", "segment all show name, health >> c.csv",
      ], folder: folder.path)
    #expect(outcome.status == 0, "\(outcome.standardError)")
    #expect(
      outcome.standardError
        == "wrote c.csv\nc.csv: warning: appended a result with other columns (csm, accounts) than the file's header (name, health), so the file now contains two tables\nappended to c.csv\nappended to c.csv\n"
    )
    // A result with the file's header still leaves its header out.
    #expect(
      try contents(of: folder.file("c.csv"))
        == "name,health\r\nAcme,30\r\ncsm,accounts\r\nAna,1\r\nBo,1\r\nAcme,30\r\nBeta,80\r\n")
  }

  @Test func appendWarningReadsQuotedHeader() throws {
    let folder = try TemporaryFolder()
    try folder.write("book.csv", data)
    try folder.write("q.csv", "\"Account \"\"A\"\"\",csm\r\nx,y\r\n")
    let outcome = try ReviewProcess.run(
      ["book.csv", "--no-journal", "-q", "-c", "segment red show name >> q.csv"],
      folder: folder.path)
    #expect(outcome.status == 0, "\(outcome.standardError)")
    #expect(
      outcome.standardError
        == "q.csv: warning: appended a result with other columns (name) than the file's header (Account \"A\", csm), so the file now contains two tables\n"
    )
    #expect(
      try contents(of: folder.file("q.csv"))
        == "\"Account \"\"A\"\"\",csm\r\nx,y\r\nname\r\nAcme\r\n")
  }

  @Test func appendWarningForTSV() throws {
    let folder = try TemporaryFolder()
    try folder.write("book.csv", data)
    try folder.write("t.tsv", "name\tcsm\nZeta\tCy\n")
    let outcome = try ReviewProcess.run(
      ["book.csv", "--no-journal", "-q", "-c", "segment all by csm count >> t.tsv"],
      folder: folder.path)
    #expect(outcome.status == 0, "\(outcome.standardError)")
    #expect(
      outcome.standardError
        == "t.tsv: warning: appended a result with other columns (csm, accounts) than the file's header (name, csm), so the file now contains two tables\n"
    )
    #expect(
      try contents(of: folder.file("t.tsv"))
        == "name\tcsm\nZeta\tCy\ncsm\taccounts\nAna\t1\nBo\t1\n")
  }
}
