import Foundation
import Testing

@Suite("Scripts and output")
struct ScriptTests {
  let sample = ReviewProcess.sampleCSV

  func script(
    _ text: String, in folder: TemporaryFolder, name: String = "agenda.review"
  ) throws -> String {
    try folder.write(name, text)
  }

  @Test func variablesFromLetAndSet() throws {
    let folder = try TemporaryFolder()
    let path = try script(
      "let who = \"Maria Fell\"\nlet days = 90\nsegment renewals<$days where csm = \"$who\" count as csv\necho ${who} has $days days\n",
      in: folder)
    let plain = try ReviewProcess.run(["-f", path, sample, "--today", "2022-02-01", "--no-journal"])
    #expect(plain.status == 0, "\(plain.standardError)")
    #expect(plain.standardOutput == "accounts,arr\r\n10,515600\r\nMaria Fell has 90 days\n")
    let overridden = try ReviewProcess.run([
      "-f", path, sample, "--today", "2022-02-01", "--no-journal", "--set", "who=Tom Ito",
    ])
    #expect(overridden.standardOutput.hasSuffix("Tom Ito has 90 days\n"))
    #expect(overridden.standardError.contains("who stays Tom Ito (set outside the script)"))
    let quiet = try ReviewProcess.run([
      "-f", path, sample, "--today", "2022-02-01", "--no-journal", "--set", "who=Tom Ito", "-q",
    ])
    #expect(quiet.status == 0)
    #expect(quiet.standardOutput.hasSuffix("Tom Ito has 90 days\n"))
    #expect(quiet.standardError == "")
  }

  /// The place counts columns in the line as typed, not in the line as run.
  @Test func errorAfterVariableNamesTypedColumn() throws {
    let folder = try TemporaryFolder()
    let path = try script(
      "let window = 120\nlet who = \"a longer name\"\nsegment renewals<$window where bogus = 3\nwhere name = $who\n",
      in: folder)
    let outcome = try ReviewProcess.run(["-f", path, sample, "--no-journal", "--keep-going"])
    #expect(outcome.status == 1)
    // bogus starts at column 32 as typed, and at column 28 once $window is 120.
    #expect(outcome.standardError.contains("\(path):3:32: error: unknown field 'bogus'\n"))
    // An error inside a value points at the variable's name in the line as typed.
    #expect(outcome.standardError.contains("\(path):4:14: error: unexpected 'longer'\n"))
  }

  @Test func unknownVariableIsAnError() throws {
    let folder = try TemporaryFolder()
    let path = try script("segment red where csm = $owner\n", in: folder)
    let outcome = try ReviewProcess.run(["-f", path, sample, "--no-journal"])
    #expect(outcome.status == 1)
    #expect(outcome.standardError.hasPrefix("\(path):1:25: error: no variable is named owner\n"))
    #expect(
      outcome.standardError.contains("hint: set it with let owner = VALUE, or --set owner=VALUE"))
  }

  @Test func loadAndIncludeAreRelativeToTheScript() throws {
    let folder = try TemporaryFolder()
    try FileManager.default.createDirectory(
      atPath: folder.file("agendas/parts"), withIntermediateDirectories: true)
    try FileManager.default.copyItem(atPath: sample, toPath: folder.file("agendas/book.csv"))
    _ = try folder.write("agendas/parts/red.review", "heading Red\nsegment red count as csv\n")
    let main = try folder.write(
      "agendas/main.review", "load book.csv\ntoday 2022-02-01\ninclude parts/red.review\necho end\n"
    )
    let outcome = try ReviewProcess.run(["-f", main, "--no-journal"])
    #expect(outcome.status == 0, "\(outcome.standardError)")
    #expect(outcome.standardOutput == "Red\n===\naccounts,arr\r\n34,4351400\r\nend\n")
  }

  @Test func includeLoopStops() throws {
    let folder = try TemporaryFolder()
    let path = try script("echo again\ninclude agenda.review\n", in: folder)
    let outcome = try ReviewProcess.run(["-f", path, sample, "--no-journal"])
    #expect(outcome.status == 1)
    #expect(
      outcome.standardError.contains("error: scripts include each other more than 16 levels deep"))
  }

  @Test func keepGoingRunsTheRest() throws {
    let folder = try TemporaryFolder()
    let path = try script(
      "segment red count as csv\nsegment bogus\nsegment green count as csv\n", in: folder)
    let stops = try ReviewProcess.run(["-f", path, sample, "--today", "2022-02-01", "--no-journal"])
    #expect(stops.status == 1)
    #expect(stops.standardOutput == "accounts,arr\r\n34,4351400\r\n")
    let goes = try ReviewProcess.run([
      "-f", path, sample, "--today", "2022-02-01", "--no-journal", "--keep-going",
    ])
    #expect(goes.status == 1)
    #expect(goes.standardOutput == "accounts,arr\r\n34,4351400\r\naccounts,arr\r\n61,7558700\r\n")
    #expect(goes.standardError.contains("\(path):2:9: error: unknown field or segment 'bogus'"))
  }

  /// A value inside double quotes stays one string, whatever quotes it holds, and an
  /// apostrophe inside double quotes does not stop the variables after it.
  @Test func variablesInsideDoubleQuotesStayOneString() throws {
    let folder = try TemporaryFolder()
    let data = try folder.write(
      "accounts.csv", "id,name,csm,arr\n1,A,Dana \"DJ\" Jones,5\n2,B,Sean O'Brien,6\n")
    let outcome = try ReviewProcess.run(
      [
        data, "--no-journal", "--set", "who=Dana \"DJ\" Jones", "--set",
        "odd=x\" or arr > 0 or csm = \"", "-c", "where csm = \"$who\" count as csv", "-c",
        "where csm = \"$odd\" count as csv", "-c", "echo \"O'Brien and $who\"",
      ])
    #expect(outcome.status == 0, "\(outcome.standardError)")
    #expect(
      outcome.standardOutput
        == "accounts,arr\r\n1,5\r\naccounts,arr\r\n0,0\r\nO'Brien and Dana \"DJ\" Jones\n")
  }

  /// A value that no account has is a warning, which --quiet keeps, so a misspelled name in
  /// a quiet script run explains its empty result.
  @Test func quietKeepsAbsentValueWarning() throws {
    let outcome = try ReviewProcess.run([
      sample, "--today", "2022-02-01", "--no-journal", "-q", "-c",
      "where csm = \"Maria Fel\" count",
    ])
    #expect(outcome.status == 0)
    #expect(
      outcome.standardError == "no account has csm \"Maria Fel\"; did you mean \"Maria Fell\"?\n")
  }

  @Test func echoPrintsEachCommand() throws {
    let outcome = try ReviewProcess.run(
      [sample, "--today", "2022-02-01", "--no-journal", "--echo"],
      input: "# note\nsegment red count as csv\n")
    #expect(outcome.standardOutput == "segment red count as csv\naccounts,arr\r\n34,4351400\r\n")

    // A line is echoed as it runs, with its variables' values.
    let substituted = try ReviewProcess.run(
      [sample, "--today", "2022-02-01", "--no-journal", "--echo"],
      input: "let status = red\nsegment $status count as csv\n")
    #expect(
      substituted.standardOutput
        == "let status = red\nsegment red count as csv\naccounts,arr\r\n34,4351400\r\n")

    // With CSV as the format, echoed lines go to standard error and the output stays CSV.
    let csv = try ReviewProcess.run(
      [sample, "--today", "2022-02-01", "--no-journal", "--echo", "--format", "csv"],
      input: "segment red count\nsegment green count\n")
    #expect(csv.standardOutput == "accounts,arr\r\n34,4351400\r\naccounts,arr\r\n61,7558700\r\n")
    #expect(csv.standardError == "segment red count\nsegment green count\n")
  }

  /// A second JSON result in one output would make it invalid JSON, so it is refused and
  /// the output keeps the first.
  @Test func secondJSONResultIsRefused() throws {
    let folder = try TemporaryFolder()
    let toFile = try ReviewProcess.run(
      [
        sample, "--today", "2022-02-01", "--no-journal", "-c", "output both.json", "-c",
        "segment red limit 1 show id", "-c", "segment all count",
      ], folder: folder.path)
    #expect(toFile.status == 1)
    #expect(
      toFile.standardError
        == "-c#3:1:1: error: the output file already contains a JSON result, and a second one after it would not be valid JSON\n  hint: write each result to its own file with > FILE.json, or use jsonl, which takes one record a line\n"
    )
    let written = try Data(contentsOf: URL(fileURLWithPath: folder.file("both.json")))
    let parsed = try JSONSerialization.jsonObject(with: written) as? [[String: String]]
    #expect(parsed == [["id": "ACC-1160"]])

    let toStandardOutput = try ReviewProcess.run(
      [sample, "--today", "2022-02-01", "--no-journal", "--format", "json", "--keep-going"],
      input: "segment red limit 1 show id\nsegment all count\n")
    #expect(toStandardOutput.status == 1)
    #expect(toStandardOutput.standardOutput == "[\n  {\"id\": \"ACC-1160\"}\n]\n")
  }

  /// CSV results with other columns in one file get one warning, since a spreadsheet would
  /// read the file as one table. A pipe takes the results as they come, without it.
  @Test func csvTablesWithOtherColumnsInOneFileAreWarnedOf() throws {
    let folder = try TemporaryFolder()
    let commands = [
      "-c", "segment red count", "-c", "segment red limit 1 show id", "-c",
      "segment red limit 1 show name",
    ]
    let toFile = try ReviewProcess.run(
      [sample, "--today", "2022-02-01", "--no-journal", "-c", "output tables.csv"] + commands,
      folder: folder.path)
    #expect(toFile.status == 0)
    #expect(
      toFile.standardError
        == "warning: a result with other columns (id) follows one with (accounts, arr), so the output file now contains several tables, which a spreadsheet reads as one; write each result to its own file with > FILE.csv\n"
    )
    let written = try String(contentsOfFile: folder.file("tables.csv"), encoding: .utf8)
    #expect(written == "accounts,arr\r\n34,4351400\r\nid\r\nACC-1160\r\nname\r\nCedar Foods\r\n")

    let piped = try ReviewProcess.run(
      [sample, "--today", "2022-02-01", "--no-journal", "--format", "csv"] + commands)
    #expect(piped.standardError.isEmpty)
  }

  @Test func outputSwitchesAndAppends() throws {
    let folder = try TemporaryFolder()
    let path = try script(
      """
      output first.md
      heading Red
      segment red limit 2 show name, arr
      output -
      echo back on standard output
      segment green count >> totals.csv
      segment red count >> totals.csv
      segment top3 show name > top.json
      segment top3 show name as tsv > top.txt

      """, in: folder)
    let outcome = try ReviewProcess.run(
      ["-f", path, sample, "--today", "2022-02-01", "--no-journal"], folder: folder.path)
    #expect(outcome.status == 0, "\(outcome.standardError)")
    #expect(outcome.standardOutput == "back on standard output\n")
    let first = try String(contentsOfFile: folder.file("first.md"), encoding: .utf8)
    #expect(
      first
        == "## Red\n\n| name | arr |\n| --- | ---: |\n| Cedar Foods | $650,400 |\n| Willow Robotics | $647,800 |\n\n34 accounts · $4.4M ARR · showing 2\n\n"
    )
    let totals = try String(contentsOfFile: folder.file("totals.csv"), encoding: .utf8)
    // The second table has the header of the first, so the file stays one table.
    #expect(totals == "accounts,arr\r\n61,7558700\r\n34,4351400\r\n")
    let top = try String(contentsOfFile: folder.file("top.json"), encoding: .utf8)
    #expect(
      top
        == "[\n  {\"name\": \"Meridian Outfitters\"},\n  {\"name\": \"Crescent Bank\"},\n  {\"name\": \"Blue Travel\"}\n]\n"
    )
    let tsv = try String(contentsOfFile: folder.file("top.txt"), encoding: .utf8)
    #expect(tsv == "name\nMeridian Outfitters\nCrescent Bank\nBlue Travel\n")
  }

  @Test func redirectToPlainFileNames() throws {
    let folder = try TemporaryFolder()
    let data = try folder.write(
      "book.csv", "id,name,health,arr\n1,Acme,30,1000\n2,Beta,80,2000\n3,Cove,20,500\n")
    let script = try folder.write(
      "agenda.review",
      """
      segment red count > out
      segment red count as csv > notes.log
      segment red show name, arr >> "notes.log"
      segment red > red-list
      where name > "B" show name
      echo done > here

      """)
    let outcome = try ReviewProcess.run(
      ["-f", script, data, "--no-journal", "--today", "2022-02-01"], folder: folder.path)
    #expect(outcome.status == 0, "\(outcome.standardError)")
    #expect(
      outcome.standardOutput == "name\n----\nBeta\nCove\n2 accounts · $2,500 ARR\ndone > here\n")
    let out = try String(contentsOfFile: folder.file("out"), encoding: .utf8)
    #expect(out == "accounts     arr\n--------  ------\n       2  $1,500\n")
    let notes = try String(contentsOfFile: folder.file("notes.log"), encoding: .utf8)
    #expect(
      notes
        == "accounts,arr\r\n2,1500\r\nname     arr\n----  ------\nAcme  $1,000\nCove    $500\n2 accounts · $1,500 ARR\n"
    )
    let list = try String(contentsOfFile: folder.file("red-list"), encoding: .utf8)
    #expect(list.hasPrefix("name     arr  health  status\n"))
    #expect(!FileManager.default.fileExists(atPath: folder.file("here")))
  }

  @Test func tsvFieldsCutCleanly() throws {
    let folder = try TemporaryFolder()
    try folder.write("book.csv", "id,name,health,arr\n1,Acme,30,1000\n2,Beta,80,2000\n")
    let outcome = try ReviewProcess.shell(
      "cd '\(folder.path)' && \"$REVIEW\" book.csv --no-journal -c 'segment all show name, arr as tsv' | cut -f2"
    )
    #expect(outcome.status == 0, "\(outcome.standardError)")
    #expect(outcome.standardOutput == "arr\n1000\n2000\n")
  }

  @Test func pipedTablesHaveNoTrailingSpaces() throws {
    let folder = try TemporaryFolder()
    let data = try folder.write(
      "book.csv", "id,name,health,arr,tier\n1,Acme,30,1000,\n2,Beta,80,2000,gold\n")
    let outcome = try ReviewProcess.run([
      data, "--no-journal", "--today", "2022-02-01", "-c", "summary", "-c",
      "segment all show name, health, tier",
    ])
    #expect(outcome.status == 0, "\(outcome.standardError)")
    let lines = outcome.standardOutput.split(separator: "\n", omittingEmptySubsequences: false)
    #expect(lines.contains("accounts              2  $3,000"))
    #expect(lines.contains("Acme      30"))
    for line in lines {
      #expect(!line.hasSuffix(" "), "\(line)")
    }
  }

  @Test func settingsAreNotConfirmedInScripts() throws {
    let folder = try TemporaryFolder()
    let data = try folder.write("book.csv", "id,name,health,csm\n1,Acme,30,Ana\n2,Beta,80,Ana\n")
    let script = try folder.write(
      "agenda.review",
      """
      format csv
      dates long
      today 2022-02-01
      let csm = Ana
      book $csm
      timing off
      output -
      segment red count

      """)
    let outcome = try ReviewProcess.run([script, data, "--no-journal"])
    #expect(outcome.status == 0, "\(outcome.standardError)")
    #expect(outcome.standardOutput == "accounts\r\n1\r\n")
    #expect(outcome.standardError == "")

    let piped = try ReviewProcess.run(
      [data, "--no-journal"], input: "format csv\nlet x = 1\nsegment red count\n")
    #expect(piped.standardOutput == "accounts\r\n1\r\n")
    #expect(piped.standardError == "")

    let commands = try ReviewProcess.run([
      data, "--no-journal", "-c", "format csv", "-c", "book Ana", "-c", "segment red count",
    ])
    #expect(commands.standardOutput == "accounts\r\n1\r\n")
    #expect(commands.standardError == "")
  }

  @Test func runWritesToItsRedirect() throws {
    let folder = try TemporaryFolder()
    let data = try folder.write("book.csv", "id,name,health,csm\n1,Acme,30,Ana\n2,Beta,80,Ana\n")
    try folder.write("part.review", "format markdown\nheading Red\nsegment red count\nask red\n")
    let redirected = try ReviewProcess.run(
      [data, "--no-journal", "-c", "run part.review > out", "-c", "segment all count"],
      folder: folder.path)
    #expect(redirected.status == 0, "\(redirected.standardError)")
    // The script's format markdown ends with the script.
    #expect(redirected.standardOutput == "accounts\n--------\n       2\n")
    #expect(redirected.standardError == "wrote out\n")
    let written = try String(contentsOfFile: folder.file("out"), encoding: .utf8)
    #expect(
      written.hasPrefix(
        "## Red\n\n| accounts |\n| ---: |\n| 1 |\n\nQuestions for red (1 account):\n"))

    let appended = try ReviewProcess.run(
      [data, "--no-journal", "-c", "run part.review as csv >> out"], folder: folder.path)
    #expect(appended.status == 0, "\(appended.standardError)")
    #expect(appended.standardOutput == "")
    // The heading and the questions go to standard error, so that the CSV file gains a
    // table only.
    #expect(appended.standardError.hasPrefix("Red\nQuestions for red (1 account):\n1. "))
    #expect(appended.standardError.hasSuffix("appended to out\n"))
    let both = try String(contentsOfFile: folder.file("out"), encoding: .utf8)
    #expect(both.hasPrefix(written))
    #expect(both.dropFirst(written.count) == "accounts\r\n1\r\n")

    // An extension chooses the format, over the script's own format line.
    let csv = try ReviewProcess.run(
      [data, "--no-journal", "-c", "run part.review > out.csv"], folder: folder.path)
    #expect(csv.status == 0, "\(csv.standardError)")
    let table = try String(contentsOfFile: folder.file("out.csv"), encoding: .utf8)
    #expect(table == "accounts\r\n1\r\n")

    // JSON on standard output stays one valid array, with the heading beside it.
    let json = try ReviewProcess.run(
      [data, "--no-journal", "--format", "json", "-c", "run part.review"], folder: folder.path)
    #expect(json.status == 0, "\(json.standardError)")
    #expect(json.standardOutput == "[\n  {\"accounts\": 1}\n]\n")
    #expect(json.standardError.contains("\nRed\nQuestions for red (1 account):\n"))
  }

  @Test func runTakesAsFormat() throws {
    let folder = try TemporaryFolder()
    let data = try folder.write("book.csv", "id,name,health,csm\n1,Acme,30,Ana\n2,Beta,80,Ana\n")
    try folder.write(
      "part.review", "format markdown\nsegment red count\nsegment all count as tsv\n")
    let outcome = try ReviewProcess.run(
      [data, "--no-journal", "-c", "run part.review as csv"], folder: folder.path)
    #expect(outcome.status == 0, "\(outcome.standardError)")
    // A command's own as FORMAT still wins.
    #expect(outcome.standardOutput == "accounts\r\n1\r\naccounts\n2\n")

    let unknown = try ReviewProcess.run(
      [data, "--no-journal", "-c", "run part.review as cvs"], folder: folder.path)
    #expect(unknown.status == 1)
    #expect(
      unknown.standardError
        == "-c:1:20: error: unknown format 'cvs'\n  run part.review as cvs\n                     ^~~\n  hint: did you mean 'csv'? the formats are table, csv, tsv, json, jsonl, markdown\n"
    )
    let missing = try ReviewProcess.run(
      [data, "--no-journal", "-c", "run nowhere.review as csv"], folder: folder.path)
    #expect(missing.status == 1)
    #expect(
      missing.standardError
        == "-c:1:5: error: cannot read the script nowhere.review: No such file or directory\n  run nowhere.review as csv\n      ^~~~~~~~~~~~~~\n  hint: check the path, which is relative to the current folder\n"
    )
  }

  @Test func runKeepsItsSettingsToItself() throws {
    let folder = try TemporaryFolder()
    let data = try folder.write("book.csv", "id,name,health,csm\n1,Acme,30,Ana\n2,Beta,80,Bo\n")
    try folder.write("other.csv", "id,name,health,csm\n7,Zeta,20,Cy\n")
    try folder.write(
      "part.review",
      "load other.csv\nformat csv\ndates long\ntoday 2023-05-01\nlet who = Cy\nbook $who\noutput part.txt\nsegment all show name\n"
    )
    // The session loads its data in a script of its own: data named on the command line
    // would win over the load in part.review.
    let caller = try folder.write(
      "caller.review",
      "load book.csv\nlet who = Ana\nrun part.review\necho $who $today [$book]\nsegment all show name\n"
    )
    let outcome = try ReviewProcess.run(
      ["-f", caller, "--no-journal", "--quiet", "--today", "2022-02-01"], folder: folder.path)
    #expect(outcome.status == 0, "\(outcome.standardError)")
    #expect(
      outcome.standardOutput
        == "Ana 2022-02-01 [every account]\nname\n----\nAcme\nBeta\n2 accounts\n")
    let part = try String(contentsOfFile: folder.file("part.txt"), encoding: .utf8)
    #expect(part == "name\r\nZeta\r\n")

    // include shares the settings of the script that includes it.
    let main = try folder.write(
      "main.review", "include shared.review\necho $who\nsegment red count\n")
    try folder.write("shared.review", "let who = Bo\nformat csv\n")
    let included = try ReviewProcess.run(["-f", main, data, "--no-journal"], folder: folder.path)
    #expect(included.status == 0, "\(included.standardError)")
    // The echo is text, which CSV output sends to standard error.
    #expect(included.standardOutput == "accounts\r\n1\r\n")
    #expect(included.standardError == "Bo\n")
  }

  @Test func hashInVariableIsText() throws {
    let folder = try TemporaryFolder()
    let data = try folder.write(
      "book.csv", "id,name,health,tier\n1,Acme,30,Tier #1\n2,Beta,80,Tier #2\n3,Cora,50,Tier #2\n")
    let script = try folder.write(
      "t.review",
      "heading Tier $tier   # the tier\nsegment all count as csv # how many\necho $store # it\n")
    let outcome = try ReviewProcess.run(
      [
        "-f", script, "--each", "tier", "--output", "tt/{tier}.md", "--set", "store=Store #12",
        data, "--no-journal",
      ], folder: folder.path)
    #expect(outcome.status == 0, "\(outcome.standardError)")
    let first = try String(contentsOfFile: folder.file("tt/tier-1.md"), encoding: .utf8)
    #expect(first == "## Tier Tier #1\n\naccounts\r\n1\r\nStore #12\n")
    let second = try String(contentsOfFile: folder.file("tt/tier-2.md"), encoding: .utf8)
    #expect(second == "## Tier Tier #2\n\naccounts\r\n2\r\nStore #12\n")
  }

  @Test func quietLeavesOutInformation() throws {
    let folder = try TemporaryFolder()
    try folder.write("book.csv", "id,name,health\n1,Acme,30\n2,Beta,80\n")
    try folder.write("repeated.csv", "id,name,health\n1,Acme,30\n1,Beta,80\n")
    let script = try folder.write(
      "agenda.review", "load book.csv\nsegment red count as csv\nsegment red count > red.txt\n")

    let chatty = try ReviewProcess.run(["-f", script, "--no-journal"], folder: folder.path)
    #expect(chatty.status == 0, "\(chatty.standardError)")
    #expect(
      chatty.standardError == "loaded 2 accounts from \(folder.path)/book.csv\nwrote red.txt\n")
    let quiet = try ReviewProcess.run(["-f", script, "--no-journal", "-q"], folder: folder.path)
    #expect(quiet.status == 0)
    #expect(quiet.standardOutput == "accounts\r\n1\r\n")
    #expect(quiet.standardError == "")

    let wrote = try ReviewProcess.run(
      ["book.csv", "--no-journal", "--quiet", "-c", "segment red count > out.txt"],
      folder: folder.path)
    #expect(wrote.status == 0)
    #expect(wrote.standardError == "")
    #expect(FileManager.default.fileExists(atPath: folder.file("out.txt")))

    let warned = try ReviewProcess.run(
      ["--no-journal", "-q"], input: "load repeated.csv\nsegment all count as csv\n",
      folder: folder.path)
    #expect(warned.status == 0)
    #expect(warned.standardOutput == "accounts\r\n2\r\n")
    #expect(
      warned.standardError
        == "repeated.csv: warning: 1 row shares its id with an earlier row (such as 1); each row is loaded as an account of its own, so totals count them all\n"
    )
    let failed = try ReviewProcess.run(
      ["book.csv", "--no-journal", "-q", "-c", "segment bogus"], folder: folder.path)
    #expect(failed.status == 1)
    #expect(failed.standardError.hasPrefix("-c:1:9: error: unknown field or segment 'bogus'"))
  }

  @Test func loadedDataIsNeverOverwritten() throws {
    let folder = try TemporaryFolder()
    let data = folder.file("book.csv")
    try FileManager.default.copyItem(atPath: sample, toPath: data)
    let before = try Data(contentsOf: URL(fileURLWithPath: data))
    let outcome = try ReviewProcess.run(
      [data, "--no-journal", "-c", "segment red > book.csv"], folder: folder.path)
    #expect(outcome.status == 1)
    #expect(
      outcome.standardError.contains(
        "error: book.csv is a data file loaded in this session; it is not overwritten"))
    let script = try folder.write("a.review", "output book.csv\n")
    let second = try ReviewProcess.run(["-f", script, data, "--no-journal"], folder: folder.path)
    #expect(second.status == 1)
    #expect(try Data(contentsOf: URL(fileURLWithPath: data)) == before)
  }

  @Test func sessionFilesAreNeverOverwritten() throws {
    let folder = try TemporaryFolder()
    let data = try folder.write("book.csv", "id,name,health\n1,Acme,30\n2,Beta,80\n")
    try FileManager.default.createDirectory(
      atPath: folder.file("state/review"), withIntermediateDirectories: true)
    try FileManager.default.createDirectory(
      atPath: folder.file("config/review"), withIntermediateDirectories: true)
    try FileManager.default.createSymbolicLink(
      atPath: folder.file("link"), withDestinationPath: "j.sqlite")
    let environment = [
      "XDG_STATE_HOME": folder.file("state"), "XDG_CONFIG_HOME": folder.file("config"),
    ]
    func run(_ command: String) throws -> ReviewProcess.Outcome {
      try ReviewProcess.run(
        [data, "--journal", "j.sqlite", "--today", "2022-02-01", "-c", command],
        environment: environment, folder: folder.path)
    }
    let noted = try run("note Acme \"call the CFO\"")
    #expect(noted.status == 0, "\(noted.standardError)")

    let cases: [(command: String, message: String)] = [
      (
        "segment red count > ./j.sqlite",
        "./j.sqlite is this session's journal, which keeps its notes, actions and snapshots; it is not overwritten"
      ),
      (
        "segment red count > ../\(URL(fileURLWithPath: folder.path).lastPathComponent)/j.sqlite",
        "is this session's journal, which keeps its notes, actions and snapshots; it is not overwritten"
      ),
      (
        "segment red count >> link",
        "link is this session's journal, which keeps its notes, actions and snapshots; it is not overwritten"
      ),
      ("output j.sqlite", "j.sqlite is this session's journal"),
      (
        "segment red count >> j.sqlite-wal",
        "j.sqlite-wal is a file SQLite keeps beside this session's journal j.sqlite; it is not overwritten"
      ),
      (
        "segment red count >> j.sqlite-shm",
        "j.sqlite-shm is a file SQLite keeps beside this session's journal j.sqlite"
      ),
      (
        "segment red count > state/review/history",
        "state/review/history is the REPL's command history; it is not overwritten"
      ),
      (
        "segment red count > config/../config/review/segments.review",
        "config/../config/review/segments.review keeps the segments saved with define; it is not overwritten"
      ),
    ]
    for (command, message) in cases {
      let outcome = try run(command)
      #expect(outcome.status == 1, "\(command)")
      #expect(outcome.standardError.contains(message), "\(command): \(outcome.standardError)")
      #expect(outcome.standardError.contains("hint: write the result to another file"))
    }
    let manager = FileManager.default
    #expect(!manager.fileExists(atPath: folder.file("state/review/history")))
    #expect(!manager.fileExists(atPath: folder.file("config/review/segments.review")))

    let notes = try run("notes as csv")
    #expect(notes.status == 0, "\(notes.standardError)")
    #expect(notes.standardOutput == "id,date,account,note\r\n1,2022-02-01,Acme,call the CFO\r\n")
  }

  @Test func failedLoadExitsThree() throws {
    let folder = try TemporaryFolder()
    let path = try script("load missing.csv\nsegment red\n", in: folder)
    let outcome = try ReviewProcess.run(["-f", path, "--no-journal"])
    #expect(outcome.status == 3)
    #expect(
      outcome.standardError.hasPrefix(
        "\(path):1:6: error: \(folder.file("missing.csv")): cannot open the file: No such file or directory\n"
      ))
  }

  @Test func scriptAsPositionalArgument() throws {
    let folder = try TemporaryFolder()
    let path = try script("segment churned count as csv\n", in: folder)
    let outcome = try ReviewProcess.run([path, sample, "--no-journal"])
    #expect(outcome.status == 0)
    #expect(outcome.standardOutput == "accounts,arr\r\n21,3102700\r\n")
  }

  @Test func continuationLines() throws {
    let outcome = try ReviewProcess.run(
      [sample, "--today", "2022-02-01", "--no-journal"],
      input: "segment renewals<120 \\\r\n  where arr>50000 \\\n  count as csv\n")
    #expect(outcome.status == 0, "\(outcome.standardError)")
    #expect(outcome.standardOutput == "accounts,arr\r\n27,6789700\r\n")
  }

  @Test func hostileNamesNeutralizedInCSV() throws {
    let data = ReviewProcess.path("Tests/EndToEndTests/Fixtures/hostile.csv")
    let outcome = try ReviewProcess.run([
      data, "--no-journal", "-c", "segment all show name, arr sort id as csv",
    ])
    #expect(outcome.status == 0, "\(outcome.standardError)")
    #expect(
      outcome.standardOutput
        == "name,arr\r\n'=cmd(),10000\r\n\u{1B}]0;owned\u{07},20000\r\n\u{1B}[2J wiped,30000\r\n'+SUM(A1:A9),40000\r\n'@import,50000\r\n'-2+3,-60000\r\n"
    )
    let raw = try ReviewProcess.run([
      data, "--no-journal", "--raw-csv", "-c", "segment all show name sort id as csv",
    ])
    #expect(raw.standardOutput.hasPrefix("name\r\n=cmd()\r\n"))
  }

  @Test func hostileCellsNeutralizedInErrors() throws {
    let folder = try TemporaryFolder()
    let csv = try folder.write("book.csv", "id,name,health\n1,Acme,30\n2,Beta,\u{1B}]0;pwn\u{07}\n")
    let outcome = try ReviewProcess.run([csv, "--no-journal", "-c", "segment all count"])
    #expect(outcome.status == 3)
    #expect(
      outcome.standardError
        == "\(csv):3:8: error: health must be a number, but the cell in column \"health\" is \"␛]0;pwn␇\"\n  hint: write a number such as 62.4 or 80%, leave the cell empty, or load the column under another name with --map 'health=health_text'\n"
    )

    let json = try folder.write(
      "book.json", "[{\"name\": \"A\", \"health\": \"\\u001b[2J\\u0007\"}]")
    let jsonOutcome = try ReviewProcess.run([json, "--no-journal", "-c", "segment all count"])
    #expect(jsonOutcome.status == 3)
    #expect(
      jsonOutcome.standardError.hasPrefix(
        "\(json):1:26: error: health must be a number, but the cell in column \"health\" is \"␛[2J␇\"\n"
      ))
    #expect(!jsonOutcome.standardError.contains("\u{1B}"))
  }

  @Test func hostileIDNeutralizedInWarning() throws {
    let folder = try TemporaryFolder()
    let csv = try folder.write(
      "book.csv", "id,name,health\n\"\u{1B}]0;pwn\u{07}\",Acme,30\n\"\u{1B}]0;pwn\u{07}\",Beta,40\n"
    )
    let outcome = try ReviewProcess.run([
      csv, "--no-journal", "-c", "segment all count as csv",
    ])
    #expect(outcome.status == 0)
    #expect(outcome.standardOutput == "accounts\r\n2\r\n")
    #expect(
      outcome.standardError
        == "\(csv): warning: 1 row shares its id with an earlier row (such as ␛]0;pwn␇); each row is loaded as an account of its own, so totals count them all\n"
    )
  }

  @Test func hostileNamesSanitizedInTables() throws {
    let data = ReviewProcess.path("Tests/EndToEndTests/Fixtures/hostile.csv")
    let outcome = try ReviewProcess.run([
      data, "--no-journal", "-c", "segment all show name sort id",
    ])
    #expect(!outcome.standardOutput.contains("\u{1B}"))
    #expect(!outcome.standardOutput.contains("\u{07}"))
    #expect(outcome.standardOutput.contains("␛]0;owned␇"))
    #expect(outcome.standardOutput.contains("␛[2J wiped"))
  }
}
