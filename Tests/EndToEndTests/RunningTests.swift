import Foundation
import Testing

@Suite("Running from scripts and pipes")
struct RunningTests {
  let sample = ReviewProcess.sampleCSV

  /// Dates read as the user chose in tables, and stay ISO in machine formats.
  @Test func dateStyleChangesTablesOnly() throws {
    let query = "segment renewals<30 limit 1 show name, renewal_date"
    let long = try ReviewProcess.run([
      "--no-journal", "--today", "2022-02-01", "--date-style", "long", sample,
      "-c", query, "-c", query + " as csv",
    ])
    #expect(long.status == 0, "\(long.standardError)")
    #expect(long.standardOutput.contains("Nimbus Analytics  Feb 6, 2022\n"))
    #expect(long.standardOutput.contains("Nimbus Analytics,2022-02-06\r\n"))

    let command = try ReviewProcess.run([
      "--no-journal", "--today", "2022-02-01", sample, "-c", "dates long", "-c", query,
      "-c", "dates iso", "-c", query,
    ])
    #expect(command.standardOutput.contains("Nimbus Analytics  Feb 6, 2022\n"))
    #expect(command.standardOutput.contains("Nimbus Analytics  2022-02-06\n"))
    #expect(!command.standardOutput.contains("dates are now shown"))
    #expect(command.standardError == "")

    let wrong = try ReviewProcess.run(["--date-style", "short", sample, "-c", "summary"])
    #expect(wrong.status == 2)
    #expect(
      wrong.standardError.contains(
        "--date-style needs iso (2016-05-01) or long (May 1, 2016), not 'short'"))
  }

  @Test func healthScaleFromTheCommandLine() throws {
    let folder = try TemporaryFolder()
    let data = try folder.write("h.csv", "name,health\nAcme,8\nBolt,3\n")
    let unscaled = try ReviewProcess.run([
      "--health-scale", "100", data, "--no-journal", "-c", "segment all show name, health as csv",
    ])
    #expect(unscaled.status == 0, "\(unscaled.standardError)")
    #expect(unscaled.standardOutput == "name,health\r\nAcme,8\r\nBolt,3\r\n")
    #expect(!unscaled.standardError.contains("warning"))
    let wrong = try ReviewProcess.run(["--health-scale", "5", data, "-c", "summary"])
    #expect(wrong.status == 2)
    #expect(
      wrong.standardError.hasPrefix(
        "review: --health-scale needs 1, 10 or 100, the highest score the export's health can have, not '5'\n"
      ))
  }

  @Test func todayOutsideCalendar() throws {
    let missing = try ReviewProcess.run(["--today", "2022-02-30", sample, "-c", "summary"])
    #expect(missing.status == 2)
    #expect(
      missing.standardError.hasPrefix(
        "review: --today 2022-02-30 is not a date in the calendar; give a real date such as 2022-02-28\n"
      ))
    let word = try ReviewProcess.run(["--today", "soon", sample, "-c", "summary"])
    #expect(word.status == 2)
    #expect(
      word.standardError.hasPrefix("review: --today needs a date such as 2022-02-01, not 'soon'\n"))
    // Three digits of day are a wrong shape, not a day missing from the calendar.
    let long = try ReviewProcess.run(["--today", "2022-02-003", sample, "-c", "summary"])
    #expect(long.status == 2)
    #expect(
      long.standardError.hasPrefix(
        "review: --today needs a date such as 2022-02-01, not '2022-02-003'\n"))
  }

  @Test func mapToMistypedFieldWarns() throws {
    let slip = try ReviewProcess.run([
      "--no-journal", "--map", "Client=nmae", sample, "-c", "segment all count as csv",
    ])
    #expect(slip.status == 0)
    #expect(
      slip.standardError
        == "\(sample): warning: --map 'Client=nmae': nmae is not one of review's fields, so the column is loaded under that name; did you mean name?\n"
    )
    // A name of one's own, far from every field, loads without a word.
    let own = try ReviewProcess.run([
      "--no-journal", "--map", "Renewal=renewal_text", sample, "-c", "segment all count as csv",
    ])
    #expect(own.standardError.isEmpty)
  }

  @Test func scriptLoadWarnsOfMistypedField() throws {
    let folder = try TemporaryFolder()
    let script = try folder.write("load.review", "load \(sample)\nsegment all count as csv\n")
    let outcome = try ReviewProcess.run(
      ["--no-journal", "-q", "--map", "Client=nmae", "-f", script], folder: folder.path)
    #expect(outcome.status == 0)
    #expect(
      outcome.standardError
        == "\(sample): warning: --map 'Client=nmae': nmae is not one of review's fields, so the column is loaded under that name; did you mean name?\n"
    )
  }

  /// A confirmation has nothing to write, so a redirect after it leaves the file alone.
  @Test func redirectAfterNoteKeepsFile() throws {
    let folder = try TemporaryFolder()
    let notesPath = folder.path + "/notes.txt"
    try "keep\n".write(toFile: notesPath, atomically: true, encoding: .utf8)
    let outcome = try ReviewProcess.run(
      [
        "--today", "2022-02-01", "--journal", folder.path + "/journal.sqlite", sample,
        "-c", "note \"Cedar Foods\" moved > notes.txt",
      ], folder: folder.path)
    #expect(outcome.status == 1)
    #expect(outcome.standardError.contains("error: note gives no result to write to notes.txt"))
    #expect(try String(contentsOfFile: notesPath, encoding: .utf8) == "keep\n")
  }

  /// A script, and a script that calls it, are not overwritten by a redirect in them.
  @Test func scriptsAreNotOverwritten() throws {
    let folder = try TemporaryFolder()
    let outer = "run inner.review\n"
    let inner = "segment red limit 1 > outer.review\nsegment red limit 1 > inner.review\n"
    try outer.write(toFile: folder.path + "/outer.review", atomically: true, encoding: .utf8)
    try inner.write(toFile: folder.path + "/inner.review", atomically: true, encoding: .utf8)
    let outcome = try ReviewProcess.run(
      ["--no-journal", "--keep-going", "-f", "outer.review", sample], folder: folder.path)
    #expect(outcome.status == 1)
    #expect(
      outcome.standardError.contains(
        "inner.review:1:23: error: outer.review is a script this session runs; it is not overwritten"
      ))
    #expect(
      outcome.standardError.contains(
        "inner.review:2:23: error: inner.review is a script this session runs; it is not overwritten"
      ))
    #expect(try String(contentsOfFile: folder.path + "/outer.review", encoding: .utf8) == outer)
    #expect(try String(contentsOfFile: folder.path + "/inner.review", encoding: .utf8) == inner)
  }

  /// Appending keeps a CSV file one table and a JSON file one value, and a new file is
  /// reported as written.
  @Test func appendKeepsFilesReadable() throws {
    let folder = try TemporaryFolder()
    let commands = [
      "-c", "segment red limit 2 show name, arr >> red.csv",
      "-c", "segment red limit 1 show name >> red.tsv",
    ]
    let first = try ReviewProcess.run(["--no-journal", sample] + commands, folder: folder.path)
    #expect(first.standardError == "wrote red.csv\nwrote red.tsv\n")
    let second = try ReviewProcess.run(["--no-journal", sample] + commands, folder: folder.path)
    #expect(second.standardError == "appended to red.csv\nappended to red.tsv\n")
    let csv = try String(contentsOfFile: folder.path + "/red.csv", encoding: .utf8)
    #expect(
      csv == "name,arr\r\nCedar Foods,650400\r\nWillow Robotics,647800\r\n"
        + "Cedar Foods,650400\r\nWillow Robotics,647800\r\n")
    let tsv = try String(contentsOfFile: folder.path + "/red.tsv", encoding: .utf8)
    #expect(tsv == "name\nCedar Foods\nCedar Foods\n")

    let json = ["-c", "segment red limit 1 show name >> red.json"]
    _ = try ReviewProcess.run(["--no-journal", sample] + json, folder: folder.path)
    let again = try ReviewProcess.run(["--no-journal", sample] + json, folder: folder.path)
    #expect(again.status == 1)
    #expect(
      again.standardError.contains(
        "error: red.json already contains a JSON result, and a second one after it would not be valid JSON"
      ))
    let jsonText = try String(contentsOfFile: folder.path + "/red.json", encoding: .utf8)
    #expect(jsonText == "[\n  {\"name\": \"Cedar Foods\"}\n]\n")
  }

  @Test func setNeedsAVariableName() throws {
    let outcome = try ReviewProcess.run(["--set", "bad name=1", sample, "-c", "summary"])
    #expect(outcome.status == 2)
    #expect(
      outcome.standardError.hasPrefix(
        "review: --set 'bad name=1': a variable name is letters, digits and _, starting with a letter, as in --set owner=\"Maria Fell\"\n"
      ))
    #expect(outcome.standardOutput == "")
  }

  @Test func closedPipeEndsQuietly() throws {
    let folder = try TemporaryFolder()
    var rows = "name,arr\n"
    for index in 0..<20000 { rows += "Account \(index),\(1000 + index)\n" }
    let data = try folder.write("big.csv", rows)
    let outcome = try ReviewProcess.shell(
      "\"$REVIEW\" '\(data)' -c 'segment all show *' | head -1; echo \"status ${PIPESTATUS[0]}\"")
    let lines = outcome.standardOutput.split(separator: "\n").map(String.init)
    #expect(lines.count == 2)
    #expect(lines.first?.split(separator: " ") == ["name", "arr"])
    #expect(lines.last == "status 0")
    #expect(outcome.standardError.isEmpty)
  }

  /// A script piped into `head` still runs its later commands: their files and actions
  /// are the same as without the pipe.
  @Test func scriptGoesOnAfterClosedPipe() throws {
    let folder = try TemporaryFolder()
    var rows = "name,arr,health\n"
    for index in 0..<20000 { rows += "Account \(index),\(1000 + index),\(index % 100)\n" }
    let data = try folder.write("big.csv", rows)
    let script = try folder.write(
      "agenda.review",
      """
      segment all show *
      action add "follow up" for "Account 7"
      segment red count > \(folder.file("red.csv"))

      """)
    let journal = folder.file("journal.sqlite")
    let outcome = try ReviewProcess.shell(
      "\"$REVIEW\" -f '\(script)' '\(data)' --journal '\(journal)' | head -1; echo \"status ${PIPESTATUS[0]}\""
    )
    #expect(outcome.standardOutput.split(separator: "\n").last == "status 0")
    #expect(outcome.standardError.hasPrefix("added action 1: follow up · Account 7"))
    #expect(outcome.standardError.hasSuffix("\nwrote \(folder.file("red.csv"))\n"))
    #expect(
      try String(contentsOfFile: folder.file("red.csv"), encoding: .utf8)
        == "accounts,arr\r\n8000,87756000\r\n")
    let listed = try ReviewProcess.run([data, "--journal", journal, "-c", "action list as csv"])
    #expect(listed.standardOutput.contains("follow up"), "\(listed.standardOutput)")
  }

  /// A large result goes out as it is rendered: writing all of it to a file takes little
  /// more memory than a run that stops at the first line, far less than the output's size.
  @Test func largeOutputStreams() throws {
    let folder = try TemporaryFolder()
    var rows = "name,arr,note\n"
    for index in 0..<120_000 {
      rows += "Account number \(index) of the check,\(1000 + index),a wide text cell \(index)\n"
    }
    let data = try folder.write("big.csv", rows)
    let output = folder.file("out.csv")
    // Peak resident memory in KiB of one shell command and its children.
    let probe = try folder.write(
      "probe.py",
      """
      import resource, subprocess, sys
      subprocess.run(open(sys.argv[1]).read(), shell=True, executable="/bin/bash")
      print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)

      """)
    func peakMemory(_ command: String) throws -> Int {
      let commandFile = try folder.write("command.sh", command)
      let outcome = try ReviewProcess.shell("python3 '\(probe)' '\(commandFile)'")
      return Int(outcome.standardOutput.trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0
    }
    let command = "\"$REVIEW\" --no-journal '\(data)' -c 'segment all show * as csv'"
    // How far a listing gets before `head` closes the pipe varies with the load on the
    // machine, so the larger of two such runs is the baseline.
    let firstLine = max(
      try peakMemory(command + " | head -1 > /dev/null"),
      try peakMemory(command + " | head -1 > /dev/null"))
    let everything = try peakMemory(command + " > '\(output)'")
    let size = try FileManager.default.attributesOfItem(atPath: output)[.size] as? Int ?? 0

    #expect(size > 6_000_000)
    #expect(firstLine > 0)
    // Holding the whole output would add at least its size; the allowance of half of it
    // leaves room for allocator growth that varies with the load on the machine.
    #expect(everything - firstLine < size / 1024 / 2, "\(everything) KiB against \(firstLine) KiB")
    let written = try String(contentsOfFile: output, encoding: .utf8)
    #expect(written.hasPrefix("name,arr,note\r\n"))
    #expect(written.split(separator: "\r\n").count == 120_001)
  }

  /// A memory limit on the process, as a container or `ulimit` sets, lowers the largest
  /// file review loads, so that the file is refused before the system would kill review.
  @Test func memoryLimitRefusesLargeFile() throws {
    let folder = try TemporaryFolder()
    let path = folder.file("huge.csv")
    // A sparse file of 600 MB, with no blocks written; the limit of 1 GB allows 500 MB.
    #expect(FileManager.default.createFile(atPath: path, contents: nil))
    #expect(truncate(path, 600 * 1_048_576) == 0)
    let outcome = try ReviewProcess.shell(
      "ulimit -v 1048576; \"$REVIEW\" --no-journal '\(path)' -c 'segment all count'")
    #expect(outcome.status == 3)
    #expect(
      outcome.standardError == """
        \(path): error: the file is 600.0 MB, more than review can hold in the memory it may use here (512.0 MB at most)
          hint: split the export, or load it on a machine with more memory

        """)
  }

  @Test func standardInputRunsWithoutPrompt() throws {
    let outcome = try ReviewProcess.run(
      [sample, "--today", "2022-02-01"], input: "# a comment\n\nsegment red count as csv\n")
    #expect(outcome.status == 0)
    #expect(outcome.standardOutput.hasPrefix("accounts,arr\r\n"))
    #expect(!outcome.standardOutput.contains("review>"))
  }

  @Test func scriptErrorNamesLineAndColumn() throws {
    let folder = try TemporaryFolder()
    let script = try folder.write(
      "agenda.review",
      "# monthly agenda\nsegment red count\nsegment renewals<120 whre arr>50000\nsegment all\n")
    let outcome = try ReviewProcess.run(["-f", script, sample, "--today", "2022-02-01"])
    #expect(outcome.status == 1)
    #expect(
      outcome.standardError == """
        \(script):3:22: error: unexpected 'whre'
          segment renewals<120 whre arr>50000
                               ^~~~
          hint: did you mean 'where'? Text with spaces needs quotes, as in "Maria Fell"

        """)
    // The first command ran; the one after the error did not.
    #expect(outcome.standardOutput.hasPrefix("accounts"))
    #expect(!outcome.standardOutput.contains("name"))
  }

  @Test func commandErrorPointsAtToken() throws {
    let outcome = try ReviewProcess.run([sample, "-c", "where renewal_date > \"abc\""])
    #expect(outcome.status == 1)
    #expect(
      outcome.standardError == """
        -c:1:22: error: renewal_date is a date field, and "abc" is not a date
          where renewal_date > "abc"
                               ^~~~~
          hint: compare it with 2022-02-01, "May 1, 2022", 30 days ago or in 2 weeks

        """)
  }

  @Test func unknownFieldSuggestsNearest() throws {
    let outcome = try ReviewProcess.run([sample, "-c", "where helth < 40"])
    #expect(outcome.status == 1)
    #expect(outcome.standardError.contains("-c:1:7: error: unknown field 'helth'"))
    #expect(outcome.standardError.contains("hint: did you mean 'health'?"))
  }

  @Test func missingDataFileExitsThree() throws {
    let outcome = try ReviewProcess.run(["no-such-file.csv", "-c", "segment all"])
    #expect(outcome.status == 3)
    #expect(
      outcome.standardError
        == "no-such-file.csv: error: cannot open the file: No such file or directory\n")
  }

  @Test func unknownOptionIsUsageError() throws {
    let outcome = try ReviewProcess.run(["--colour", sample])
    #expect(outcome.status == 2)
    #expect(outcome.standardError.hasPrefix("review: unknown option '--colour'\nusage: review"))
    let misspelled = try ReviewProcess.run(["--tody", "2022-02-01", sample])
    #expect(misspelled.status == 2)
    #expect(
      misspelled.standardError.hasPrefix(
        "review: unknown option '--tody'; did you mean --today?\nusage: review"))
  }

  @Test func versionAndHelp() throws {
    let version = try ReviewProcess.run(["--version"])
    #expect(version.status == 0)
    #expect(version.standardOutput.hasPrefix("review "))
    let help = try ReviewProcess.run(["--help"])
    #expect(help.status == 0)
    #expect(help.standardOutput.contains("--today YYYY-MM-DD"))
    #expect(help.standardOutput.contains("exit status: 0 success, 1 a command failed"))
    #expect(help.standardOutput.contains("  -q, --quiet         leave out informational messages"))
  }

  @Test func pipedTableHasNoColorAndNoTruncation() throws {
    let outcome = try ReviewProcess.run(
      [sample, "--today", "2022-02-01", "-c", "segment red show name, nps_comment, tags limit 40"],
      environment: ["COLUMNS": "20"])
    #expect(!outcome.standardOutput.contains("\u{1B}["))
    #expect(!outcome.standardOutput.contains("…"))
    #expect(outcome.standardOutput.contains("Too expensive for what we use"))
  }

  @Test func wideNamesAlignByDisplayWidth() throws {
    let outcome = try ReviewProcess.run([
      sample, "-c",
      "where name in (\"株式会社テスト\", \"Müller & Söhne\", \"Rocket 🚀 Labs\") show name, csm sort name",
    ])
    #expect(outcome.status == 0)
    let lines = outcome.standardOutput.split(separator: "\n").map(String.init)
    #expect(lines[0] == "name            csm")
    #expect(lines[2] == "Müller & Söhne  Ana Sousa")
    #expect(lines[3] == "Rocket 🚀 Labs  Tom Ito")
    #expect(lines[4] == "株式会社テスト  Priya Raman")
  }
}
