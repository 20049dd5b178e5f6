import Foundation
import Testing

/// `today`, `format`, `dates` and `book` alone, which show a setting as output that `--quiet`
/// keeps and a redirect can write to a file.
@Suite("Settings shown")
struct SettingQuestionTests {
  let data = "id,name,health,csm\n1,Acme,30,Ana\n2,Beta,80,Bo\n"
  let shownSettings =
    "today is 2022-02-01\nthe output format is markdown\n"
    + "the book is every account (book NAME scopes it to one CSM)\ndates are shown as 2016-05-01\n"

  @Test func settingsKeptUnderQuiet() throws {
    let folder = try TemporaryFolder()
    let book = try folder.write("book.csv", data)
    let outcome = try ReviewProcess.run([
      book, "--no-journal", "-q", "--today", "2022-02-01", "--format", "markdown",
      "-c", "today", "-c", "format", "-c", "book", "-c", "dates",
    ])
    #expect(outcome.status == 0)
    #expect(outcome.standardOutput == shownSettings)
    #expect(outcome.standardError == "")
  }

  @Test func scriptSettingsGoToStandardOutput() throws {
    let folder = try TemporaryFolder()
    let book = try folder.write("book.csv", data)
    let script = try folder.write(
      "agenda.review", "today\nformat\nbook\ndates\ntoday 2022-03-01\nbook Ana\n")
    let outcome = try ReviewProcess.run([
      "-f", script, book, "--no-journal", "--today", "2022-02-01", "--format", "markdown",
    ])
    #expect(outcome.status == 0)
    #expect(outcome.standardOutput == shownSettings)
    // Changing a setting stays a notice, which scripts do not write.
    #expect(outcome.standardError == "today stays 2022-02-01 (set outside the script)\n")
  }

  @Test func settingRedirectedToFile() throws {
    let folder = try TemporaryFolder()
    try folder.write("book.csv", data)
    let outcome = try ReviewProcess.run(
      [
        "book.csv", "--no-journal", "--today", "2022-02-01", "-c", "today > t.txt",
        "-c", "book Bo", "-c", "book >> t.txt",
      ], folder: folder.path)
    #expect(outcome.status == 0)
    #expect(outcome.standardOutput == "")
    #expect(outcome.standardError == "wrote t.txt\nappended to t.txt\n")
    let written = try String(contentsOfFile: folder.file("t.txt"), encoding: .utf8)
    #expect(written == "today is 2022-02-01\nthe book is Bo's\n")
  }

  @Test func settingNotWrittenAsCSV() throws {
    let folder = try TemporaryFolder()
    try folder.write("book.csv", data)
    let outcome = try ReviewProcess.run(
      ["book.csv", "--no-journal", "-c", "today > t.csv"], folder: folder.path)
    #expect(outcome.status == 1)
    #expect(outcome.standardOutput == "")
    #expect(
      outcome.standardError
        == "-c:1:9: error: today gives text, not a table, so it cannot be written as CSV to t.csv\n  today > t.csv\n          ^~~~~\n  hint: write it to a file ending in .md or .txt, such as t.md\n"
    )
    #expect(!FileManager.default.fileExists(atPath: folder.file("t.csv")))
  }
}
