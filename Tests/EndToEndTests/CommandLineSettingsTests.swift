import Foundation
import Testing

/// Settings given on the command line, which script lines leave as they are and commands
/// at the prompt or in `-c` change.
@Suite("Command-line settings")
struct CommandLineSettingsTests {
  let data = "id,name,health,csm\n1,Acme,30,Ana\n2,Beta,80,Bo\n"

  @Test func optionsWinOverScriptLines() throws {
    let folder = try TemporaryFolder()
    let book = try folder.write("book.csv", data)
    let script = try folder.write(
      "agenda.review", "today 2022-01-01\nformat markdown\necho $today\nsegment red show name\n")

    let overridden = try ReviewProcess.run([
      "-f", script, book, "--no-journal", "--today", "2022-02-01", "--format", "csv",
    ])
    #expect(overridden.status == 0)
    // The echo is text, which CSV output sends to standard error.
    #expect(overridden.standardOutput == "name\r\nAcme\r\n")
    #expect(
      overridden.standardError
        == "today stays 2022-02-01 (set outside the script)\nformat stays csv (set outside the script)\n2022-02-01\n"
    )

    let quiet = try ReviewProcess.run([
      "-f", script, book, "--no-journal", "--today", "2022-02-01", "--format", "csv", "-q",
    ])
    #expect(quiet.status == 0)
    #expect(quiet.standardOutput == "name\r\nAcme\r\n")
    #expect(quiet.standardError == "2022-02-01\n")

    let plain = try ReviewProcess.run(["-f", script, book, "--no-journal"])
    #expect(plain.status == 0)
    #expect(plain.standardOutput == "2022-01-01\n| name |\n| --- |\n| Acme |\n\n1 account\n\n")
    #expect(plain.standardError == "")
  }

  @Test func optionsWinInCalledScripts() throws {
    let folder = try TemporaryFolder()
    let book = try folder.write("book.csv", data)
    try folder.write("part.review", "today 2021-06-01\nformat json\n")
    let script = try folder.write(
      "agenda.review", "include part.review\necho $today\nrun part.review\nsegment red show name\n")
    let outcome = try ReviewProcess.run([
      "-f", script, book, "--no-journal", "--today", "2022-02-01", "--format", "csv",
    ])
    #expect(outcome.status == 0)
    #expect(outcome.standardOutput == "name\r\nAcme\r\n")
    #expect(
      outcome.standardError
        == "today stays 2022-02-01 (set outside the script)\nformat stays csv (set outside the script)\n"
        + "2022-02-01\n"
        + "today stays 2022-02-01 (set outside the script)\nformat stays csv (set outside the script)\n"
    )
  }

  @Test func optionsWinOverStandardInput() throws {
    let folder = try TemporaryFolder()
    let book = try folder.write("book.csv", data)
    let outcome = try ReviewProcess.run(
      [book, "--no-journal", "--today", "2022-02-01", "--format", "csv"],
      input: "today 2022-03-01\nformat json\necho $today\nsegment red show name\n")
    #expect(outcome.status == 0)
    #expect(outcome.standardOutput == "name\r\nAcme\r\n")
    #expect(
      outcome.standardError
        == "today stays 2022-02-01 (set outside the script)\nformat stays csv (set outside the script)\n2022-02-01\n"
    )
  }

  @Test func commandsStillChangeSettings() throws {
    let folder = try TemporaryFolder()
    let book = try folder.write("book.csv", data)
    let outcome = try ReviewProcess.run([
      book, "--no-journal", "--today", "2022-02-01", "--format", "csv",
      "-c", "today 2022-03-01", "-c", "format markdown", "-c", "echo $today",
      "-c", "segment red show name",
    ])
    #expect(outcome.status == 0)
    #expect(outcome.standardOutput == "2022-03-01\n| name |\n| --- |\n| Acme |\n\n1 account\n\n")
    #expect(outcome.standardError == "")
  }

  @Test func invalidFormatLineStillFails() throws {
    let folder = try TemporaryFolder()
    let book = try folder.write("book.csv", data)
    let script = try folder.write("agenda.review", "format cvs\n")
    let outcome = try ReviewProcess.run(["-f", script, book, "--no-journal", "--format", "csv"])
    #expect(outcome.status == 1)
    #expect(
      outcome.standardError
        == "\(script):1:8: error: unknown format 'cvs'\n  format cvs\n         ^~~\n  hint: did you mean 'csv'? the formats are table, csv, tsv, json, jsonl, markdown\n"
    )
  }

  @Test func monthlyAgendaKeepsFormatOption() throws {
    // The agenda's actions need a journal, which the run keeps in its own folder.
    let agenda = ReviewProcess.path("samples/monthly.review")
    let outcome = try ReviewProcess.run([
      "-f", agenda, "-q", "--today", "2022-02-01", "--format", "csv",
    ])
    #expect(outcome.status == 0)
    // Headings and questions are text, which CSV output sends to standard error.
    #expect(
      outcome.standardError.hasPrefix(
        "Monthly account review: every account, 2022-02-01\nRenewals in the next 120 days\n"))
    #expect(outcome.standardError.contains("\nQuestions for renewals<120 (70 accounts):\n"))
    #expect(!outcome.standardError.contains(": warning:"))
    #expect(!outcome.standardError.contains("error"))
    let lines = outcome.standardOutput.split(separator: "\r\n", omittingEmptySubsequences: false)
    #expect(lines.count > 2)
    #expect(lines.first == "measure,accounts,arr,percent,detail")
    #expect(lines.dropFirst().first == "accounts,248,28684000,,")
  }
}
