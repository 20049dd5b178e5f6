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
        == "wrote red.txt\n-c:1:15: error: explain gives text, not a table, so it cannot be written as CSV to red.csv\n  explain red > red.csv\n                ^~~~~~~\n  hint: write it to a file ending in .md or .txt, such as red.md\n"
    )
    #expect(
      try contents(of: folder.file("red.txt"))
        == "red: status red, not churned\n  status = red\n  sorted by arr desc; columns name, csm, arr, health, status, renewal_date\n"
    )
  }
}
