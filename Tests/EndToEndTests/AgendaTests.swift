import Foundation
import Testing

/// The sample agendas over the sample book, compared with the documents checked in under
/// Golden/. Run with REVIEW_RECORD_GOLDEN=1 to write the current output as the new golden
/// files (and then read the diff before committing it).
@Suite("Sample agendas", .serialized)
struct AgendaTests {
  static let golden = ReviewProcess.path("Tests/EndToEndTests/Golden")
  static let recording = ProcessInfo.processInfo.environment["REVIEW_RECORD_GOLDEN"] == "1"

  static func compare(_ actual: String, golden name: String) throws {
    let path = golden + "/" + name
    if recording {
      try actual.write(toFile: path, atomically: true, encoding: .utf8)
      return
    }
    let expected = try String(contentsOfFile: path, encoding: .utf8)
    if actual != expected {
      let actualLines = actual.split(separator: "\n", omittingEmptySubsequences: false)
      let expectedLines = expected.split(separator: "\n", omittingEmptySubsequences: false)
      let first = zip(actualLines, expectedLines).enumerated().first {
        $0.element.0 != $0.element.1
      }
      let where_ =
        first.map { "line \($0.offset + 1): got \($0.element.0) expected \($0.element.1)" }
        ?? "lengths differ"
      Issue.record("\(name) differs from the golden file at \(where_)")
    }
  }

  static func runAgenda(
    _ name: String, in folder: TemporaryFolder, extra: [String] = []
  ) throws -> ReviewProcess.Outcome {
    try ReviewProcess.run(
      [
        "-f", ReviewProcess.path("samples/\(name)"), "--today", "2022-02-01", "--journal",
        folder.file("journal.sqlite"),
      ] + extra,
      folder: folder.path)
  }

  @Test(arguments: ["monthly", "quarterly", "renewals"])
  func agendaMatchesGolden(_ name: String) throws {
    let folder = try TemporaryFolder()
    let outcome = try Self.runAgenda("\(name).review", in: folder)
    #expect(outcome.status == 0, "\(outcome.standardError)")
    try Self.compare(outcome.standardOutput, golden: "\(name).md")
    if name == "renewals" {
      try Self.compare(
        try String(contentsOfFile: folder.file("renewals-all.csv"), encoding: .utf8),
        golden: "renewals.csv")
      try Self.compare(
        try String(contentsOfFile: folder.file("renewals-all.json"), encoding: .utf8),
        golden: "renewals.json")
    }
  }

  @Test func monthlyForOneCSM() throws {
    let folder = try TemporaryFolder()
    let outcome = try Self.runAgenda(
      "monthly.review", in: folder, extra: ["--set", "csm=Maria Fell"])
    #expect(outcome.status == 0)
    try Self.compare(outcome.standardOutput, golden: "monthly-maria-fell.md")
    #expect(outcome.standardOutput.hasPrefix("## Monthly account review: Maria Fell, 2022-02-01\n"))
  }

  /// Every sample agenda runs once for each CSM, each run into its own files.
  @Test(arguments: ["monthly", "quarterly", "renewals"])
  func agendaRunsForEachCSM(_ name: String) throws {
    let folder = try TemporaryFolder()
    let outcome = try Self.runAgenda(
      "\(name).review", in: folder, extra: ["--each", "csm", "--output", "out/{csm}.md"])
    #expect(outcome.status == 0, "\(outcome.standardError)")
    #expect(!outcome.standardError.contains("incomplete"))
    let maria = try String(contentsOfFile: folder.file("out/maria-fell.md"), encoding: .utf8)
    #expect(maria.contains("For Maria Fell") || maria.contains("Maria Fell"))
    #expect(!maria.contains("| Tom Ito |"))
    if name == "renewals" {
      let csv = try String(
        contentsOfFile: folder.file("renewals-Maria Fell.csv"), encoding: .utf8)
      let rows = csv.split(separator: "\r\n").dropFirst()
      #expect(rows.count == 15)
      #expect(rows.allSatisfy { $0.contains(",Maria Fell,") })
    }
  }

  @Test func outputsReadBackByPython() throws {
    let folder = try TemporaryFolder()
    let outcome = try Self.runAgenda("renewals.review", in: folder)
    #expect(outcome.status == 0)
    let checker = ReviewProcess.path("Tests/EndToEndTests/Oracles/check_outputs.py")
    let check = try ReviewProcess.shell(
      "python3 '\(checker)' '\(ReviewProcess.sampleCSV)' '\(folder.file("renewals-all.csv"))' '\(folder.file("renewals-all.json"))'"
    )
    #expect(check.status == 0, "\(check.standardOutput)\(check.standardError)")
    #expect(check.standardOutput == "ok 70\n")
  }

  @Test func closedPipeAfterFirstLine() throws {
    let folder = try TemporaryFolder()
    let outcome = try ReviewProcess.shell(
      "cd '\(folder.path)' && \"$REVIEW\" -f '\(ReviewProcess.path("samples/monthly.review"))' --today 2022-02-01 "
        + "--journal j.sqlite 2>/dev/null | head -1; echo \"status ${PIPESTATUS[0]}\"")
    #expect(
      outcome.standardOutput == "## Monthly account review: every account, 2022-02-01\nstatus 0\n")
    #expect(outcome.standardError.isEmpty)
  }

  @Test func eachCSMGetsItsOwnFile() throws {
    let folder = try TemporaryFolder()
    let outcome = try Self.runAgenda(
      "monthly.review", in: folder, extra: ["--each", "csm", "--output", "minutes/{csm}.md"])
    #expect(outcome.status == 0, "\(outcome.standardError)")
    #expect(outcome.standardOutput.isEmpty)
    let files = try FileManager.default.contentsOfDirectory(atPath: folder.file("minutes")).sorted()
    #expect(
      files == ["ana-sousa.md", "jonas-berg.md", "maria-fell.md", "priya-raman.md", "tom-ito.md"])
    let maria = try String(contentsOfFile: folder.file("minutes/maria-fell.md"), encoding: .utf8)
    try Self.compare(maria, golden: "monthly-maria-fell.md")
    let tom = try String(contentsOfFile: folder.file("minutes/tom-ito.md"), encoding: .utf8)
    #expect(tom.hasPrefix("## Monthly account review: Tom Ito, 2022-02-01\n"))
    #expect(!tom.contains("Maria Fell"))
    // The script's own `let csm` keeps each run's value, and the notice names its origin.
    #expect(
      outcome.standardError.contains("csm stays Ana Sousa (this run's value, from --each csm)\n"))
    let written = outcome.standardError.split(separator: "\n").filter { $0.hasPrefix("wrote ") }
    #expect(
      written == [
        "wrote minutes/ana-sousa.md", "wrote minutes/jonas-berg.md", "wrote minutes/maria-fell.md",
        "wrote minutes/priya-raman.md", "wrote minutes/tom-ito.md",
      ])
  }

  /// With `-q`, the runs write their files and nothing else: no "loaded", no "wrote", and
  /// no note that the script's `let csm` stays at each run's CSM.
  @Test func eachWithQuietWritesNothingElse() throws {
    let folder = try TemporaryFolder()
    let outcome = try Self.runAgenda(
      "monthly.review", in: folder,
      extra: ["--each", "csm", "--output", "minutes/{csm}.md", "-q"])
    #expect(outcome.status == 0)
    #expect(outcome.standardOutput == "")
    #expect(outcome.standardError == "")
    let files = try FileManager.default.contentsOfDirectory(atPath: folder.file("minutes")).sorted()
    #expect(
      files == ["ana-sousa.md", "jonas-berg.md", "maria-fell.md", "priya-raman.md", "tom-ito.md"])
  }

  /// A later run may not replace a file that an earlier run wrote, because only the last
  /// run's rows would be left. A file named after the run's value, or appended to, is kept.
  @Test func eachRunKeepsFilesOfEarlierRuns() throws {
    let folder = try TemporaryFolder()
    let fixed = try folder.write("fixed.review", "segment red show id, csm > red.csv\n")
    let stops = try ReviewProcess.run(
      [
        ReviewProcess.sampleCSV, "-f", fixed, "--today", "2022-02-01", "--no-journal", "--each",
        "csm", "--output", "out/{csm}.md", "-q",
      ], folder: folder.path)
    #expect(stops.status == 1)
    #expect(
      stops.standardError.hasPrefix(
        "\(fixed):1:28: error: the run for csm Ana Sousa wrote red.csv, and this run would replace it\n"
      ))
    #expect(
      stops.standardError.contains(
        "hint: name the file after the run's csm, as in > \"red-$csm.csv\", or append to it with >>"
      ))
    // The document of the run that failed is kept and reported as incomplete.
    let marked = try ReviewProcess.run(
      [
        ReviewProcess.sampleCSV, "-f", fixed, "--today", "2022-02-01", "--no-journal", "--each",
        "csm", "--output", "marked/{csm}.md",
      ], folder: folder.path)
    #expect(marked.standardError.contains("wrote marked/ana-sousa.md\n"))
    #expect(
      marked.standardError.contains(
        "review: the run for csm Jonas Berg failed, so marked/jonas-berg.md is incomplete and the other 3 runs were not made; --keep-going makes every run\n"
      ))
    let partial = try String(
      contentsOfFile: folder.file("marked/jonas-berg.md"), encoding: .utf8)
    #expect(
      partial.hasSuffix("\nThis document is incomplete: the run for csm Jonas Berg failed.\n"))
    let whole = try String(contentsOfFile: folder.file("marked/ana-sousa.md"), encoding: .utf8)
    #expect(!whole.contains("incomplete"))

    // Under -q and --keep-going, each failed run is still named with its document.
    let quiet = try ReviewProcess.run(
      [
        ReviewProcess.sampleCSV, "-f", fixed, "--today", "2022-02-01", "--no-journal", "--each",
        "csm", "--output", "quiet/{csm}.md", "-q", "--keep-going",
      ], folder: folder.path)
    #expect(quiet.status == 1)
    let failures = quiet.standardError.split(separator: "\n").filter {
      $0.hasPrefix("review: the run for csm ")
    }
    #expect(
      failures == [
        "review: the run for csm Jonas Berg failed, so quiet/jonas-berg.md is incomplete",
        "review: the run for csm Maria Fell failed, so quiet/maria-fell.md is incomplete",
        "review: the run for csm Priya Raman failed, so quiet/priya-raman.md is incomplete",
        "review: the run for csm Tom Ito failed, so quiet/tom-ito.md is incomplete",
      ])
    #expect(!quiet.standardError.contains("wrote quiet/ana-sousa.md"))
    let kept = try String(contentsOfFile: folder.file("red.csv"), encoding: .utf8)
    let keptRows = kept.split(whereSeparator: \.isNewline).dropFirst()
    #expect(keptRows.count == 6)
    #expect(keptRows.allSatisfy { $0.hasSuffix(",Ana Sousa") })

    let named = try folder.write(
      "named.review", "segment red count > \"red-$csm.csv\"\nsegment red show id >> all.csv\n")
    let runs = try ReviewProcess.run(
      [
        ReviewProcess.sampleCSV, "-f", named, "--today", "2022-02-01", "--no-journal", "--each",
        "csm", "--output", "out/{csm}.md", "-q",
      ], folder: folder.path)
    #expect(runs.status == 0, "\(runs.standardError)")
    #expect(FileManager.default.fileExists(atPath: folder.file("red-Tom Ito.csv")))
    let all = try String(contentsOfFile: folder.file("all.csv"), encoding: .utf8)
    // One header, then the 34 red accounts of all five runs.
    #expect(all.split(whereSeparator: \.isNewline).count == 35)
  }

  /// A run for each tier names its tier where a run for each CSM names the CSM.
  @Test func eachTierNamesItsTier() throws {
    let folder = try TemporaryFolder()
    let outcome = try Self.runAgenda(
      "monthly.review", in: folder, extra: ["--each", "tier", "--output", "tiers/{tier}.md"])
    #expect(outcome.status == 0, "\(outcome.standardError)")
    let gold = try String(contentsOfFile: folder.file("tiers/gold.md"), encoding: .utf8)
    #expect(gold.hasPrefix("## Monthly account review: tier Gold, 2022-02-01\n"))
    #expect(gold.contains("tier Gold · today 2022-02-01"))
    #expect(!gold.contains("every account"))
  }

  /// Options that would overwrite one file or ignore a setting are refused before any run.
  @Test(arguments: [
    (
      ["--each", "csm", "--output", "same.md"],
      "review: --output same.md has no {csm}, so every run would overwrite the same file; write it as, for example, --output 'minutes/{csm}.md'\n"
    ),
    (
      ["--each", "csm", "--output", "x/{tier}.md"],
      "review: --output x/{tier}.md: --each csm fills {csm} or {value}, not {tier}\n"
    ),
    (
      ["--each", "csm", "--set", "csm=Tom Ito"],
      "review: --set csm=… and --each csm both set csm; drop the --set to run once for each value, or the --each to run once\n"
    ),
  ])
  func eachRefusesConflictingOptions(extra: [String], message: String) throws {
    let folder = try TemporaryFolder()
    let outcome = try Self.runAgenda("monthly.review", in: folder, extra: extra)
    #expect(outcome.status == 2)
    #expect(outcome.standardError == message)
    #expect(
      try FileManager.default.contentsOfDirectory(atPath: folder.path).allSatisfy {
        !$0.hasSuffix(".md")
      })
  }

  @Test func eachSuggestsTheFieldMeant() throws {
    let folder = try TemporaryFolder()
    let outcome = try Self.runAgenda("monthly.review", in: folder, extra: ["--each", "csmm"])
    #expect(outcome.status == 2)
    #expect(
      outcome.standardError.hasPrefix(
        "review: --each csmm: the book has no field named csmm\n  hint: did you mean csm? the fields are "
      ))
  }

  @Test func executableWithShebang() throws {
    let folder = try TemporaryFolder()
    let bin = folder.file("bin")
    try FileManager.default.createDirectory(atPath: bin, withIntermediateDirectories: true)
    try FileManager.default.createSymbolicLink(
      atPath: bin + "/review", withDestinationPath: ReviewProcess.executable.path)
    let outcome = try ReviewProcess.shell(
      "cd '\(folder.path)' && PATH='\(bin)':$PATH '\(ReviewProcess.path("samples/renewals.review"))' --today 2022-02-01 --journal j.sqlite"
    )
    #expect(outcome.status == 0, "\(outcome.standardError)")
    #expect(outcome.standardOutput.contains("## Renewals in the next 120 days, 2022-02-01"))
  }
}
