import Foundation
import Testing

/// The REPL on a pseudo-terminal, driven keystroke by keystroke.
@Suite("Interactive REPL", .serialized)
struct REPLTests {
  struct Transcript: Decodable {
    var output: String
    var status: Int?
    var failure: String?
  }

  enum Step {
    case send(String)
    case expect(String)
    /// Sets the terminal's size in columns and rows, which sends SIGWINCH.
    case resize(Int, Int)
  }

  static func session(
    _ steps: [Step], home: TemporaryFolder, arguments: [String] = [],
    data: String = ReviewProcess.sampleCSV
  ) throws -> Transcript {
    let driver = ReviewProcess.path("Tests/EndToEndTests/Oracles/repl_session.py")
    let encoded = steps.map { step -> [String: Any] in
      switch step {
      case .send(let text): return ["send": text]
      case .expect(let text): return ["expect": text]
      case .resize(let columns, let rows): return ["resize": [columns, rows]]
      }
    }
    let json = String(decoding: try JSONSerialization.data(withJSONObject: encoded), as: UTF8.self)
    let folder = try TemporaryFolder()
    let stepsFile = try folder.write("steps.json", json)
    let arguments = [data, "--today", "2022-02-01"] + arguments
    let quoted = arguments.map { "'\($0)'" }.joined(separator: " ")
    let outcome = try ReviewProcess.shell(
      "python3 '\(driver)' \"$REVIEW\" '\(home.path)' \(quoted) < '\(stepsFile)'")
    try #require(outcome.status == 0, "driver failed: \(outcome.standardError)")
    return try JSONDecoder().decode(Transcript.self, from: Data(outcome.standardOutput.utf8))
  }

  @Test func promptAndQuery() throws {
    let home = try TemporaryFolder()
    let transcript = try Self.session(
      [
        .expect("review> "), .send("segment red count\r"), .expect("accounts"), .expect("review> "),
        .send("\u{04}"),
      ],
      home: home)
    #expect(transcript.failure == nil)
    #expect(transcript.output.contains("review · 248 accounts from"))
    #expect(transcript.status == 0)
  }

  @Test func outputFileIsConfirmed() throws {
    let home = try TemporaryFolder()
    let file = home.file("red.csv")
    let transcript = try Self.session(
      [
        .expect("review> "), .send("output \(file)\r"), .expect("later output goes to \(file)"),
        .expect("review> "), .send("segment red count\r"), .expect("review> "),
        .send("output -\r"), .expect("output goes to standard output again"),
        .expect("review> "), .send("\u{04}"),
      ],
      home: home)
    #expect(transcript.failure == nil)
    #expect(try String(contentsOfFile: file, encoding: .utf8) == "accounts,arr\r\n34,4351400\r\n")
  }

  @Test func ctrlDLeavesWithNewline() throws {
    let home = try TemporaryFolder()
    let transcript = try Self.session([.expect("review> "), .send("\u{04}")], home: home)
    #expect(transcript.failure == nil)
    #expect(transcript.status == 0)
    // libedit may echo the key as ^D; the line always ends after the prompt.
    #expect(
      transcript.output.hasSuffix("review> \r\n") || transcript.output.hasSuffix("review> ^D\r\n"))
  }

  @Test func historySurvivesRestart() throws {
    let home = try TemporaryFolder()
    let first = try Self.session(
      [
        .expect("review> "), .send("segment promoters count\r"), .expect("review> "),
        .send("\u{04}"),
      ], home: home)
    #expect(first.failure == nil)
    let saved = try String(contentsOfFile: home.path + "/state/review/history", encoding: .utf8)
    #expect(saved.contains("promoters"))
    let attributes = try FileManager.default.attributesOfItem(
      atPath: home.path + "/state/review/history")
    #expect((attributes[.posixPermissions] as? Int) == 0o600)

    let second = try Self.session(
      [
        .expect("review> "), .send("\u{1B}[A"), .expect("segment promoters count"), .send("\r"),
        .expect("accounts"),
        .expect("review> "), .send("\u{04}"),
      ],
      home: home)
    #expect(second.failure == nil)
    #expect(second.status == 0)
  }

  /// A line ending in `\` continues on the next, as in a script, under a `...>` prompt.
  /// The joined command is one history entry, and Ctrl-C or Ctrl-D on a continued line
  /// drops the unfinished command.
  @Test func backslashContinuesTheLine() throws {
    let home = try TemporaryFolder()
    let transcript = try Self.session(
      [
        .expect("review> "), .send("segment renewals<120 \\\r"), .expect("   ...> "),
        .send("where arr>50000 \\\r"), .expect("   ...> "), .send("count\r"),
        .expect("accounts"), .expect("review> "), .send("segment bogus \\\r"),
        .expect("...> "), .send("\u{03}"), .expect("review> "), .send("book Ana Sousa\r"),
        .expect("review (Ana Sousa)> "), .send("segment bogus \\\r"),
        .expect("               ...> "), .send("\u{04}"), .expect("review (Ana Sousa)> "),
        .send("ask renewals<30\r"), .expect("ask 1/5"), .send("note call before \\\r"),
        .expect("...> "), .send("the renewal\r"), .expect("noted for"), .send("q\r"),
        .expect("review (Ana Sousa)> "), .send("notes\r"), .expect("call before the renewal"),
        .expect("review (Ana Sousa)> "), .send("\u{04}"),
      ],
      home: home)
    #expect(transcript.failure == nil, "\(transcript.output)")
    #expect(transcript.status == 0)
    #expect(transcript.output.contains("      27  $6,789,700"))
    #expect(!transcript.output.contains("unknown"))
    #expect(!transcript.output.contains("unexpected character"))

    let saved = try String(contentsOfFile: home.path + "/state/review/history", encoding: .utf8)
    #expect(
      saved
        == "segment renewals<120 where arr>50000 count\nbook Ana Sousa\nask renewals<30\nnote call before the renewal\nnotes\n"
    )
  }

  @Test func tabCompletesCommandAndField() throws {
    let home = try TemporaryFolder()
    let transcript = try Self.session(
      [
        .expect("review> "), .send("segm\t"), .expect("ent"), .send(" renewals<120 where ar\t"),
        .expect("r "), .send(">50000 count\r"), .expect("accounts"), .expect("review> "),
        .send("\u{04}"),
      ],
      home: home)
    #expect(transcript.failure == nil)
    // The count of the query, which only runs if both words were completed.
    #expect(transcript.output.contains("      27  $6,789,700"))
  }

  @Test func tabListsCandidates() throws {
    let home = try TemporaryFolder()
    let transcript = try Self.session(
      [
        .expect("review> "), .send("book \t\t"), .expect("Maria Fell"), .send("\u{03}"),
        .expect("review> "),
        .send("\u{04}"),
      ],
      home: home)
    #expect(transcript.failure == nil)
    #expect(transcript.output.contains("\"Tom Ito\""))
  }

  /// Tab matches names ignoring case and accents, as search does, and writes the name
  /// quoted so that the command finds it; several matches are listed.
  @Test func tabCompletesNamesIgnoringAccents() throws {
    let home = try TemporaryFolder()
    let transcript = try Self.session(
      [
        .expect("review> "), .send("show mull\t"), .expect("\"Müller & Söhne\" "), .send("\r"),
        .expect("ACC-1165"), .expect("review> "), .send("show Aca\t"),
        .expect("\"Açaí \"\"Tropical\"\" Bowls\" "), .send("\r"), .expect("ACC-1245"),
        // The line already reads as the start of the name, so only the rest is drawn.
        .expect("review> "), .send("show \"The \"\"Be\t"), .expect("st\"\" Widgets\" "),
        .send("\r"), .expect("ACC-1126"), .expect("review> "), .send("book mar\t"),
        .expect("\"Maria Fell\" "), .send("\r"), .expect("review (Maria Fell)> "),
        .send("book all\r"), .expect("review> "), .send("show cre\t"),
        .expect("\"Crème Brûlée Café\""), .send("\u{03}"), .expect("review> "), .send("\u{04}"),
      ],
      home: home)
    #expect(transcript.failure == nil, "\(transcript.output)")
    #expect(transcript.status == 0)
    #expect(transcript.output.contains("\"Crescent Bank\""))
    #expect(!transcript.output.contains("error"))
  }

  /// Ctrl-C while a long result is written stops it with a message, on the terminal and in
  /// a redirect, and the next command writes in full.
  @Test func ctrlCStopsALongResult() throws {
    let home = try TemporaryFolder()
    var csv = "id,name,arr,health\n"
    for row in 1...60_000 { csv += "A-\(row),Account \(row),\(row * 10),\(row % 100)\n" }
    let data = try home.write("big.csv", csv)
    let file = home.file("all.csv")
    let transcript = try Self.session(
      [
        .expect("review> "), .send("segment all show *\r"), .send("\u{03}"),
        .expect("stopped by Ctrl-C"), .expect("review> "),
        .send("segment all show * > \(file)\r"), .send("\u{03}"),
        .expect("stopped by Ctrl-C: \(file) holds only part of the result"), .expect("review> "),
        .send("where health < 1 count\r"), .expect("600"), .expect("review> "), .send("\u{04}"),
      ],
      home: home, arguments: ["--no-journal"], data: data)
    #expect(transcript.failure == nil, "\(transcript.output)")
    #expect(transcript.status == 0)
    #expect(!transcript.output.contains("60,000 accounts · $"))
    // The file keeps what was written before Ctrl-C, at most the first rows.
    let written = try String(contentsOfFile: file, encoding: .utf8)
    #expect(!written.contains("A-60000,"))
  }

  /// Text pasted over several lines inside quotes is one command, so that no pasted line
  /// runs as a command of its own, as `Note that …` would.
  @Test func openQuoteTakesTheNextLines() throws {
    let home = try TemporaryFolder()
    let transcript = try Self.session(
      [
        .expect("review> "), .send("note \"Atlas Labs\" \"Email from the sponsor:\r"),
        .expect("...> "), .send("Note that price is an issue.\"\r"),
        .expect("noted for Atlas Labs"),
        .expect("review> "), .send("notes as csv\r"), .expect("review> "),
        .send("note \"Atlas Labs\" \"half\r"), .expect("...> "), .send("\u{03}"),
        .expect("review> "), .send("\u{04}"),
      ],
      home: home, arguments: ["--journal", home.file("journal.sqlite")])
    #expect(transcript.failure == nil, "\(transcript.output)")
    #expect(transcript.status == 0)
    // The terminal shows the line break inside the note as a symbol.
    #expect(
      transcript.output.contains(
        "1,2022-02-01,Atlas Labs,Email from the sponsor:␊Note that price is an issue."))
    #expect(!transcript.output.contains("noted for Atlas Labs\r\nnoted"))
    // Ctrl-C dropped the unfinished note.
    let notes = try ReviewProcess.run([
      ReviewProcess.sampleCSV, "--journal", home.file("journal.sqlite"), "--today", "2022-02-01",
      "-c", "notes as csv",
    ])
    #expect(notes.standardOutput.split(separator: "\r\n").count == 2)
  }

  @Test func ctrlCClearsTheLine() throws {
    let home = try TemporaryFolder()
    let transcript = try Self.session(
      [
        .expect("review> "), .send("segment bogus"), .send("\u{03}"), .expect("review> "),
        .send("segment red count\r"), .expect("accounts"), .expect("review> "), .send("\u{04}"),
      ],
      home: home)
    #expect(transcript.failure == nil)
    #expect(!transcript.output.contains("unknown"))
    #expect(transcript.status == 0)
  }

  /// Inside a walk, Ctrl-C clears only the half-typed line, and Ctrl-D ends only the walk.
  @Test func ctrlKeysInsideAWalk() throws {
    let home = try TemporaryFolder()
    let transcript = try Self.session(
      [
        .expect("review> "), .send("ask renewals<30\r"), .expect("ask 1/"),
        .send("note half typ"), .send("\u{03}"), .expect("ask 1/"), .send("n\r"),
        .expect("ask 2/"), .send("\u{04}"), .expect("stopped walking"), .expect("review> "),
        .send("segment red count\r"), .expect("accounts"), .expect("review> "), .send("\u{04}"),
      ],
      home: home)
    #expect(transcript.failure == nil)
    #expect(transcript.status == 0)
    #expect(!transcript.output.contains("noted for"))
  }

  /// Ctrl-C ends an incremental history search as it clears a line: the session, its book
  /// scope and a walk stay.
  @Test func ctrlCEndsHistorySearch() throws {
    let home = try TemporaryFolder()
    let transcript = try Self.session(
      [
        .expect("review> "), .send("book Ana Sousa\r"), .expect("review (Ana Sousa)> "),
        // libedit shows the search as `bck:` and the text searched for.
        .send("\u{12}"), .expect("bck"), .send("seg"), .send("\u{03}"),
        .expect("review (Ana Sousa)> "),
        .send("segment red count\r"), .expect("accounts"), .expect("review (Ana Sousa)> "),
        .send("ask renewals<30\r"), .expect("ask 1/5"), .send("\u{12}"), .expect("bck"),
        .send("boo"), .send("\u{03}"), .expect("ask 1/5"), .send("n\r"), .expect("ask 2/5"),
        .send("q\r"),
        .expect("review (Ana Sousa)> "), .send("\u{04}"),
      ],
      home: home)
    #expect(transcript.failure == nil, "\(transcript.output)")
    #expect(transcript.status == 0)
    #expect(transcript.output.contains("       6  $1,432,800"))
  }

  /// Ctrl-C after the first key of a sequence (Esc, Ctrl-X) clears the line instead of
  /// waiting for the rest of the sequence.
  @Test func ctrlCEndsPendingKeySequence() throws {
    let home = try TemporaryFolder()
    let transcript = try Self.session(
      [
        .expect("review> "), .send("segment bogus"), .send("\u{1B}"), .send("\u{03}"),
        .expect("review> "), .send("segment bogus"), .send("\u{18}"), .send("\u{03}"),
        .expect("review> "), .send("segment red count\r"), .expect("accounts"),
        .expect("review> "), .send("\u{04}"),
      ],
      home: home)
    #expect(transcript.failure == nil, "\(transcript.output)")
    #expect(transcript.status == 0)
    #expect(!transcript.output.contains("unknown"))
    #expect(transcript.output.contains("      34  $4,351,400"))
  }

  /// With vi key bindings from ~/.editrc, Ctrl-C ends a `/` search and a pending `f`
  /// motion, and the next line starts in insert mode.
  @Test func ctrlCInViMode() throws {
    let home = try TemporaryFolder()
    try home.write(".editrc", "bind -v\n")
    let transcript = try Self.session(
      [
        .expect("review> "), .send("segment bogus"), .send("\u{1B}"), .send("/seg"),
        .send("\u{03}"), .expect("review> "), .send("segment bogus"), .send("\u{1B}"),
        .send("f"), .send("\u{03}"), .expect("review> "), .send("segment red count\r"),
        .expect("accounts"), .expect("review> "), .send("\u{04}"),
      ],
      home: home)
    #expect(transcript.failure == nil, "\(transcript.output)")
    #expect(transcript.status == 0)
    #expect(!transcript.output.contains("unknown"))
    #expect(transcript.output.contains("      34  $4,351,400"))
  }

  @Test func utf8NamesTypedAndFound() throws {
    let home = try TemporaryFolder()
    let transcript = try Self.session(
      [
        .expect("review> "), .send("show Müller & Söhne\r"), .expect("Ana Sousa"),
        .expect("review> "),
        .send("show 株式会社テスト\r"), .expect("Priya Raman"), .expect("review> "), .send("\u{04}"),
      ],
      home: home)
    #expect(transcript.failure == nil)
    #expect(transcript.output.contains("ACC-1165"))
  }

  /// A window resize redraws the prompt and the line for the new width at once: the
  /// terminal has rewrapped the old text, so the redraw starts as many rows up as the
  /// cursor now is below the prompt.
  @Test func resizeRedrawsTheLine() throws {
    let home = try TemporaryFolder()
    let transcript = try Self.session(
      [
        .resize(40, 20), .expect("review> "),
        .send("segment renewals<120 where arr>50000 and health<60"), .resize(30, 20),
        .expect("\u{1B}[J"), .send("\u{01}"), .send("x"), .send("\u{7F}"), .send("\u{05}"),
        .send(" count\r"), .expect("accounts"), .expect("review> "), .send("\u{04}"),
      ],
      home: home)
    #expect(transcript.failure == nil, "\(transcript.output)")
    // 57 columns of prompt and line put the cursor on the second row at 30 columns.
    #expect(transcript.output.contains("\r\u{1B}[1A\u{1B}[Jreview> segment renewals<120 w"))
    #expect(transcript.output.contains("      20  $5,006,700"))
  }

  /// A line of wide and accented characters that wraps several times edits as text, not
  /// as bytes: moving, deleting and inserting in the middle give the intended command.
  @Test func longUTF8LineEdits() throws {
    let home = try TemporaryFolder()
    let forward = { (count: Int) in Step.send(String(repeating: "\u{06}", count: count)) }
    let transcript = try Self.session(
      [
        .resize(20, 20), .expect("review> "),
        .send("where name ~ \"株式会社テストト\" or name ~ \"Mller\" count"),
        // To the start, past `where name ~ "株式会社テスト`, and delete the extra ト.
        .send("\u{01}"), forward(21), .send("\u{04}"),
        // Past `" or name ~ "M`, and insert ü.
        forward(14), .send("ü\r"), .expect("accounts"), .expect("review> "),
        .send("\u{04}"),
      ],
      home: home)
    #expect(transcript.failure == nil, "\(transcript.output)")
    #expect(transcript.output.contains("       2  $145,100"))
    #expect(!transcript.output.contains("error"))
  }

  @Test func errorShowsCaretUnderToken() throws {
    let home = try TemporaryFolder()
    let transcript = try Self.session(
      [
        .expect("review> "), .send("segment renewals<120 whre arr>50000\r"), .expect("hint"),
        .expect("review> "),
        .send("\u{04}"),
      ],
      home: home)
    #expect(transcript.failure == nil)
    #expect(
      transcript.output.contains(
        "  segment renewals<120 whre arr>50000\r\n                       ^~~~\r\nerror: unexpected 'whre'"
      ))
  }

  @Test func askWalksTheAccounts() throws {
    let home = try TemporaryFolder()
    let transcript = try Self.session(
      [
        .expect("review> "), .send("ask renewals<30\r"), .expect("Questions for renewals<30"),
        .expect("ask 1/"), .send("note \"call before the renewal\"\r"), .expect("noted for"),
        .expect("ask 1/"), .send("n\r"), .expect("ask 2/"),
        .send("action \"send the proposal\" owner leader\r"),
        .expect("added action 1"), .expect("ask 2/"), .send("q\r"), .expect("review> "),
        .send("action list\r"), .expect("send the proposal"), .expect("review> "), .send("\u{04}"),
      ],
      home: home)
    #expect(transcript.failure == nil, "\(transcript.output)")
    #expect(transcript.output.contains("noted for Nimbus Analytics"))
    #expect(
      transcript.output.contains(
        "added action 1: send the proposal · Cedar Motors · owner leader"))
    // The walk's note and action are in the history, its moves are not.
    let saved = try String(contentsOfFile: home.path + "/state/review/history", encoding: .utf8)
    #expect(
      saved
        == "ask renewals<30\nnote \"call before the renewal\"\naction \"send the proposal\" owner leader\naction list\n"
    )
  }

  /// While later output goes to a file, a walk still shows its cards at the terminal, and
  /// the file keeps only the results of commands, in its own format.
  @Test func walkShowsCardsWhileOutputGoesToFile() throws {
    let home = try TemporaryFolder()
    let file = home.file("red.json")
    let transcript = try Self.session(
      [
        .expect("review> "), .send("output \(file)\r"), .expect("review> "),
        .send("segment red limit 2 show name, arr\r"), .expect("review> "),
        .send("ask red\r"), .expect("ask 1/34"), .send("n\r"), .expect("ask 2/34"),
        .send("q\r"), .expect("review> "), .send("\u{04}"),
      ],
      home: home)
    #expect(transcript.failure == nil, "\(transcript.output)")
    #expect(transcript.output.contains("Cedar Foods"))
    #expect(transcript.output.contains("Willow Robotics"))
    #expect(transcript.output.contains("$650,400"))
    #expect(
      try String(contentsOfFile: file, encoding: .utf8) == """
        [
          {"name": "Cedar Foods", "arr": 650400},
          {"name": "Willow Robotics", "arr": 647800}
        ]

        """)
  }

  /// After a count, ask walks the accounts counted, and the header says which.
  @Test func askWalksCountedAccounts() throws {
    let home = try TemporaryFolder()
    let transcript = try Self.session(
      [
        .expect("review> "), .send("segment renewals<120 where arr>50000 count\r"),
        .expect("$6,789,700"), .expect("review> "), .send("ask\r"),
        .expect("Questions for renewals<120 where arr>50000 (27 accounts)"),
        .expect("ask 1/27 Nimbus Analytics"), .send("q\r"), .expect("review> "),
        .send("\u{04}"),
      ],
      home: home)
    #expect(transcript.failure == nil, "\(transcript.output)")
    #expect(transcript.output.contains("walking 27 accounts"))
  }

  /// In the walk, action and note without a text say what they need and stay in the walk.
  @Test func walkActionNeedsText() throws {
    let home = try TemporaryFolder()
    let transcript = try Self.session(
      [
        .expect("review> "), .send("ask renewals<30\r"), .expect("ask 1/"),
        .send("action\r"), .expect("the action needs a text"), .expect("ask 1/"),
        .send("note\r"), .expect("the note needs a text"), .expect("ask 1/"), .send("q\r"),
        .expect("review> "), .send("\u{04}"),
      ],
      home: home)
    #expect(transcript.failure == nil, "\(transcript.output)")
    #expect(!transcript.output.contains("unquoted text ends"))
    #expect(!transcript.output.contains("action add"))
  }

  /// In the walk, unquoted action text is kept whole, words such as in, for and due
  /// included, unless it ends in owner and due clauses that run.
  @Test func walkKeepsActionTextWhole() throws {
    let home = try TemporaryFolder()
    let transcript = try Self.session(
      [
        .expect("review> "), .send("ask renewals<30\r"), .expect("ask 1/"),
        .send("action loop in the account owner\r"), .expect("added action 1"), .expect("ask 1/"),
        .send("action prepare for renewal\r"), .expect("added action 2"), .expect("ask 1/"),
        .send("action \"exec call\" owner leader due in 14 days\r"), .expect("added action 3"),
        .expect("ask 1/"),
        // Owner and due clauses at the end are taken as at the prompt.
        .send("action confirm trial conversion owner csm due friday\r"),
        .expect("added action 4"), .expect("ask 1/"),
        // A due clause that does not read as a date leaves the text whole.
        .send("action check what is due for renewal\r"), .expect("added action 5"),
        .expect("ask 1/"), .send("q\r"), .expect("review> "), .send("\u{04}"),
      ],
      home: home)
    #expect(transcript.failure == nil, "\(transcript.output)")
    #expect(!transcript.output.contains("error"))
    #expect(
      transcript.output.contains(
        "added action 1: loop in the account owner · Nimbus Analytics · owner Ana Sousa"))
    #expect(
      transcript.output.contains(
        "added action 2: prepare for renewal · Nimbus Analytics · owner Ana Sousa"))
    #expect(
      transcript.output.contains(
        "added action 3: exec call · Nimbus Analytics · owner leader · due 2022-02-15"))
    #expect(
      transcript.output.contains(
        "added action 4: confirm trial conversion · Nimbus Analytics · owner Ana Sousa · due 2022-02-04"
      ))
    #expect(
      transcript.output.contains(
        "added action 5: check what is due for renewal · Nimbus Analytics · owner Ana Sousa"))
    #expect(transcript.output.contains("note: the whole line is the action's text, due included"))
  }

  /// At the prompt, every JSON result is shown: a terminal is read as results come, so
  /// the rule of one JSON result per file or pipe does not apply.
  @Test func jsonResultsOneAfterAnotherOnATerminal() throws {
    let home = try TemporaryFolder()
    let transcript = try Self.session(
      [
        .expect("review> "), .send("format json\r"), .expect("review> "),
        .send("segment red count\r"), .expect("4351400"), .expect("review> "),
        .send("segment green count\r"), .expect("7558700"), .expect("review> "),
        .send("\u{04}"),
      ],
      home: home)
    #expect(transcript.failure == nil, "\(transcript.output)")
    #expect(!transcript.output.contains("already holds a JSON result"))
  }

  @Test func startupCountsOpenActions() throws {
    let home = try TemporaryFolder()
    let first = try Self.session(
      [
        .expect("review> "),
        .send("action add \"call the CFO\" for Willow Retail due 2022-01-20\r"),
        .expect("added action"), .expect("review> "), .send("\u{04}"),
      ],
      home: home)
    #expect(first.failure == nil)
    // A REPL started again the same day goes on with that day's review.
    let second = try Self.session([.expect("review> "), .send("\u{04}")], home: home)
    #expect(second.output.contains("1 open action added earlier today, 1 overdue"))
    let later = try Self.session(
      [
        .expect("review> "), .send("action add \"send the deck\" for Willow Retail\r"),
        .expect("added action"), .expect("review> "), .send("\u{04}"),
      ],
      home: home, arguments: ["--today", "2022-03-01"])
    #expect(later.output.contains("1 open action from earlier reviews, 1 overdue"))
    let third = try Self.session(
      [.expect("review> "), .send("\u{04}")], home: home, arguments: ["--today", "2022-03-01"])
    #expect(
      third.output.contains(
        "2 open actions, 1 overdue: 1 from earlier reviews, 1 added earlier today"))
  }

  /// `-q` leaves out the start-up lines and the notices at the prompt, results stay.
  @Test func quietREPLStartsAtThePrompt() throws {
    let home = try TemporaryFolder()
    let first = try Self.session(
      [
        .expect("review> "),
        .send("action add \"call the CFO\" for Willow Retail due 2022-01-20\r"),
        .expect("added action"), .expect("review> "), .send("\u{04}"),
      ],
      home: home)
    #expect(first.failure == nil)

    let quiet = try Self.session(
      [
        .expect("review> "), .send("let csm = \"Ana Sousa\"\r"), .expect("review> "),
        .send("segment red count\r"), .expect("accounts"), .expect("review> "), .send("\u{04}"),
      ],
      home: home, arguments: ["-q", "--set", "csm=Tom Ito"])
    #expect(quiet.failure == nil, "\(quiet.output)")
    #expect(quiet.status == 0)
    #expect(quiet.output.hasPrefix("review> "))
    #expect(!quiet.output.contains("open action"))
    #expect(!quiet.output.contains("stays"))
    #expect(quiet.output.contains("      34  $4,351,400"))
  }

  @Test func runFileFromTheREPL() throws {
    let home = try TemporaryFolder()
    let script = try home.write("agenda.review", "echo from the script\nsegment churned count\n")
    let transcript = try Self.session(
      [
        .expect("review> "), .send("run \(script)\r"), .expect("from the script"),
        .expect("review> "), .send("\u{04}"),
      ],
      home: home)
    #expect(transcript.failure == nil)
    #expect(transcript.output.contains("      21  $3,102,700"))
  }

  /// A script run from the REPL writes to its redirect, keeps its settings to itself, and
  /// lists the questions of its ask without walking the accounts.
  @Test func runWithRedirectFromTheREPL() throws {
    let home = try TemporaryFolder()
    let script = try home.write(
      "agenda.review", "format markdown\nlet window = 30\nsegment renewals<$window count\nask red\n"
    )
    let target = home.file("agenda.md")
    let transcript = try Self.session(
      [
        .expect("review> "), .send("run \(script) > \(target)\r"), .expect("wrote \(target)"),
        .expect("review> "), .send("segment red count\r"), .expect("accounts"),
        .expect("review> "), .send("format\r"), .expect("the output format is"),
        .expect("review> "), .send("\u{04}"),
      ],
      home: home, arguments: ["--no-journal"])
    #expect(transcript.failure == nil, "\(transcript.output)")
    #expect(!transcript.output.contains("ask 1/"))
    #expect(!transcript.output.contains("Questions for"))
    #expect(!transcript.output.contains("| accounts |"))
    #expect(transcript.output.contains("      34  $4,351,400"))
    #expect(transcript.output.contains("the output format is table (on a terminal)"))
    let written = try String(contentsOfFile: target, encoding: .utf8)
    #expect(
      written.hasPrefix(
        "| accounts | arr |\n| ---: | ---: |\n| 26 | $2,204,500 |\n\nQuestions for red (34 accounts):\n"
      ))
  }

  @Test func settingsConfirmedAtThePrompt() throws {
    let home = try TemporaryFolder()
    let transcript = try Self.session(
      [
        .expect("review> "), .send("format csv\r"), .expect("the output format is now csv"),
        .expect("review> "), .send("let x = 1\r"), .expect("x = 1"), .expect("review> "),
        .send("\u{04}"),
      ],
      home: home, arguments: ["--no-journal"])
    #expect(transcript.failure == nil)
  }

  @Test func hostileNamesCannotReachTheTerminal() throws {
    let home = try TemporaryFolder()
    let data = ReviewProcess.path("Tests/EndToEndTests/Fixtures/hostile.csv")
    let transcript = try Self.session(
      [
        .expect("review> "), .send("segment all show name sort id\r"), .expect("6 accounts"),
        .send("\u{04}"),
      ],
      home: home, data: data)
    #expect(transcript.failure == nil)
    #expect(transcript.output.contains("␛]0;owned␇"))
    #expect(!transcript.output.contains("\u{1B}]0;"))
    #expect(!transcript.output.contains("\u{1B}[2J"))
  }

  /// `review -c` with standard output on a terminal, through util-linux `script`.
  static func onTerminal(
    _ command: String, in folder: TemporaryFolder, noColor: Bool
  ) throws
    -> ReviewProcess.Outcome
  {
    let review = "\"$REVIEW\" book.csv --journal j.sqlite --today 2022-02-01 -c '\(command)'"
    let environment = noColor ? "NO_COLOR=1" : "env -u NO_COLOR"
    return try ReviewProcess.shell(
      "cd '\(folder.path)' && \(environment) TERM=xterm script -qec \"\(review.replacingOccurrences(of: "\"", with: "\\\""))\" /dev/null"
    )
  }

  @Test func overdueActionsRedOnTerminal() throws {
    let folder = try TemporaryFolder()
    try folder.write("book.csv", "id,name,health\n1,Acme,30\n")
    let added = try ReviewProcess.run(
      [
        "book.csv", "--journal", "j.sqlite", "--today", "2022-02-01", "-c",
        "action add \"call the CFO\" for Acme due 2022-01-20",
      ], folder: folder.path)
    #expect(added.status == 0, "\(added.standardError)")

    let colored = try Self.onTerminal("action list", in: folder, noColor: false)
    #expect(colored.status == 0, "\(colored.standardError)")
    #expect(colored.standardOutput.contains("\u{1B}[31moverdue\u{1B}[0m"))
    #expect(colored.standardOutput.contains("\u{1B}[31m2022-01-20\u{1B}[0m"))

    let plain = try Self.onTerminal("action list", in: folder, noColor: true)
    #expect(plain.status == 0, "\(plain.standardError)")
    #expect(plain.standardOutput.contains("overdue  2022-01-20"))
    #expect(!plain.standardOutput.contains("\u{1B}["))

    let piped = try ReviewProcess.run(
      ["book.csv", "--journal", "j.sqlite", "--today", "2022-02-01", "-c", "action list"],
      folder: folder.path)
    #expect(piped.standardOutput.contains("overdue  2022-01-20"))
    #expect(!piped.standardOutput.contains("\u{1B}["))
  }
}
