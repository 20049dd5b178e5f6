import Foundation
import ReviewBook
import ReviewInterpreter
import ReviewLanguage
import ReviewLoader
import ReviewRender
import Testing

@Suite("Session commands")
struct CommandTests {
  /// A query that names a column by the export's header learns the field it loads as.
  @Test(arguments: [
    (
      "where SuccessScore < 40 count",
      "'SuccessScore' is the column that this book loads as health", "health"
    ),
    (
      "where \"Assigned CSM\" = \"Tom Ito\" count",
      "'Assigned CSM' is the column that this book loads as csm", "csm"
    ),
    (
      "segment red show name, client", "'client' is the column that this book loads as name", "name"
    ),
  ])
  func headerNamesItsField(command: String, message: String, field: String) throws {
    let session = try Fixtures.session()
    let error = #expect(throws: CommandError.self) { try session.run(command) }
    #expect(error?.message == message)
    #expect(error?.hint == "write \(field) instead; fields lists each field with its column")
  }

  /// A misspelled direction after a sort key is named as one, not as an unknown field.
  @Test(arguments: [("dsc", "desc"), ("acs", "asc"), ("decs", "desc")])
  func misspelledSortDirection(written: String, meant: String) throws {
    let session = try Fixtures.session()
    let error = #expect(throws: CommandError.self) {
      try session.run("segment red sort arr \(written)")
    }
    #expect(error?.message == "unknown field '\(written)'")
    #expect(error?.hint == "did you mean \(meant)? sort takes a field and then asc or desc")
  }

  @Test func explainShowsDefinition() throws {
    let session = try Fixtures.session()
    let text = Fixtures.rendered(try session.run("explain renewals<90"))
    #expect(
      text == """
        renewals<90: renewal date within the next 90 days, not churned
          days_to_renewal >= 0 and days_to_renewal < 90 and not churned
          sorted by renewal_date; columns name, csm, arr, renewal_date, days_to_renewal, health

        """)
    let unengaged = Fixtures.rendered(try session.run("explain unengaged>45"))
    #expect(
      unengaged.contains("(days_since_engaged > 45 or last_engaged is missing) and not churned"))
    let top = Fixtures.rendered(try session.run("explain top5"))
    #expect(top.contains("the 5 accounts with the largest arr in the current book"))
    let renewed = Fixtures.rendered(try session.run("explain renewed"))
    #expect(
      renewed == """
        renewed: stage renewed or a renewal recorded
          stage = renewed or renewed_date is not missing
          sorted by renewed_date desc, arr desc; columns name, csm, arr, renewed_date, renewal_date, health

        """)
  }

  @Test func explainSnapshotSegments() throws {
    let session = try Fixtures.session()
    let columns = "columns name, csm, arr, health, status, renewal_date"
    let previous = """
        the previous snapshot is the latest one of this book before today;
      """
    let needs = """
        needs two snapshots in the journal: today's and an earlier one (each load records one)
      """
    let cases: [(command: String, text: String)] = [
      (
        "explain newly red",
        """
        newly red: red now, not red at the previous snapshot, not churned
          status = red now, and a status other than red at the previous snapshot, and not churned
        \(previous)
          accounts without a status in it are left out
        \(needs)
          sorted by arr desc; \(columns)

        """
      ),
      (
        "explain newly yellow",
        """
        newly yellow: yellow now, not yellow at the previous snapshot, not churned
          status = yellow now, and a status other than yellow at the previous snapshot, and not churned
        \(previous)
          accounts without a status in it are left out
        \(needs)
          sorted by arr desc; \(columns)

        """
      ),
      (
        "explain improved",
        """
        improved: status better than at the previous snapshot (red to yellow or green, yellow to green)
          status yellow or green now and red at the previous snapshot, or green now and yellow then
        \(previous)
          accounts without a status in it are left out
        \(needs)
          sorted by arr desc; \(columns)

        """
      ),
      (
        "explain dropped",
        """
        dropped: health fell by more than 10 since the previous snapshot, or fell below 40
          health now more than 10 points below its value at the previous snapshot,
          or 40 or more then and below 40 now
        \(previous)
          accounts without a health in it are left out
        \(needs)
          sorted by health; \(columns)

        """
      ),
      (
        "explain rose>5",
        """
        rose>5: health rose by more than 5 since the previous snapshot, or rose above 80
          health now more than 5 points above its value at the previous snapshot,
          or 80 or less then and above 80 now
        \(previous)
          accounts without a health in it are left out
        \(needs)
          sorted by health desc; \(columns)

        """
      ),
      (
        "explain red>20",
        """
        red>20: status red for more than 20 days, not churned
          status = red and not churned now, and red at every snapshot that recorded the account
          back to one taken more than 20 days before today
          needs a snapshot in the journal from more than 20 days before today (each load records one)
          sorted by arr desc; \(columns)

        """
      ),
      (
        "explain green>=7",
        """
        green>=7: status green for more than 6 days, not churned
          status = green and not churned now, and green at every snapshot that recorded the account
          back to one taken more than 6 days before today
          needs a snapshot in the journal from more than 6 days before today (each load records one)
          sorted by arr desc; \(columns)

        """
      ),
    ]
    for (command, text) in cases {
      #expect(Fixtures.rendered(try session.run(command)) == text, "\(command)")
    }
  }

  @Test func explainSnapshotSegmentsWithoutFields() throws {
    let book = try Loader.load(text: "id,name,arr\nA1,Acme Corp,100\n", name: "bare.csv").book
    let session = Session(book: book, today: Fixtures.today)
    let red = Fixtures.rendered(try session.run("explain red>30")).split(separator: "\n")
    #expect(red.first == "red>30: status red for more than 30 days")
    #expect(
      red.dropFirst().first
        == "  status = red now, and red at every snapshot that recorded the account")
    #expect(red.contains("  (this book has no status field)"))
    let dropped = Fixtures.rendered(try session.run("explain dropped")).split(separator: "\n")
    #expect(dropped.contains("  (this book has no health field)"))
  }

  @Test func defineSavesAndReloads() throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
      "review-define-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: folder) }
    let path = folder.appendingPathComponent("config/segments.review").path

    let session = try Fixtures.session(definitions: SegmentDefinitions(path: path))
    let reply = try session.run("define bigrisk as renewals<120 and arr>50000 and health<40")
    #expect(Fixtures.rendered(reply) == "defined bigrisk: 1 account now\n")
    #expect(Fixtures.column("name", of: try session.run("segment bigrisk")) == ["Acme Corp"])
    #expect(
      Fixtures.column("name", of: try session.run("where bigrisk or promoters")) == [
        "Acme Corp", "Blue Harbor", "Ember Media",
      ])

    let saved = try String(contentsOfFile: path, encoding: .utf8)
    #expect(saved.contains("define bigrisk as renewals<120 and arr>50000 and health<40\n"))

    let (reloaded, problems) = SegmentDefinitions.load(path: path)
    #expect(problems.isEmpty)
    let second = try Fixtures.session(definitions: reloaded)
    #expect(Fixtures.column("name", of: try second.run("segment bigrisk")) == ["Acme Corp"])
    #expect(
      Fixtures.rendered(try second.run("explain bigrisk")).hasPrefix(
        "bigrisk: defined as\n  renewals<120 and arr>50000 and health<40\n"))
    // A defined segment takes the sort and columns of the first segment it names.
    #expect(Fixtures.columnNames(of: try second.run("segment bigrisk")).contains("days_to_renewal"))

    _ = try second.run("undefine bigrisk")
    #expect(throws: CommandError.self) { try second.run("segment bigrisk") }
    let afterRemoval = try String(contentsOfFile: path, encoding: .utf8)
    #expect(!afterRemoval.contains("bigrisk"))
  }

  @Test func defineRejectsCycleUnsaved() throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
      "review-define-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: folder) }
    let path = folder.appendingPathComponent("segments.review").path

    let session = try Fixtures.session(definitions: SegmentDefinitions(path: path))
    _ = try session.run("define loopa as red")
    _ = try session.run("define loopb as loopa and arr > 10k")
    do {
      _ = try session.run("define loopa as loopb")
      Issue.record("a definition that names itself through another segment was accepted")
    } catch {
      #expect(
        error.message
          == "the segment loopb (loopa and arr > 10k) fails: the segment loopa refers to itself")
      #expect(error.hint == "a segment cannot name itself, directly or through another segment")
    }
    do {
      _ = try session.run("define selfish as red or selfish")
      Issue.record("a definition that names itself was accepted")
    } catch {
      #expect(error.message.hasSuffix("the segment selfish refers to itself"))
    }

    // Nothing changed: loopa is still red, in the session and in the file.
    #expect(Fixtures.column("name", of: try session.run("segment loopb")) == ["Acme Corp"])
    let saved = try String(contentsOfFile: path, encoding: .utf8)
    #expect(saved.contains("define loopa as red\n"))
    #expect(!saved.contains("loopa as loopb"))
    #expect(!saved.contains("selfish"))

    // A name being defined is no suggestion for an unknown name in its expression, and
    // a defined segment takes no number.
    do {
      _ = try session.run("define x as renewals<30 and y")
      Issue.record("an unknown name in a definition was accepted")
    } catch {
      #expect(error.message == "unknown field or segment 'y'")
      #expect(error.hint == "type segments or fields to see what there is")
    }
    do {
      _ = try session.run("segment loopb<60 count")
      Issue.record("a defined segment took a number")
    } catch {
      #expect(error.message == "loopb is a segment you defined, and takes no number after it")
      #expect(
        error.hint
          == "combine it with a condition, as in loopb and renewals<60, or define another segment")
    }
  }

  @Test func segmentsListCountsAndARR() throws {
    let session = try Fixtures.session()
    let rows = Fixtures.rows(of: try session.run("segments"))
    let bySegment = Dictionary(rows.map { ($0[0], $0) }, uniquingKeysWith: { first, _ in first })
    #expect(bySegment["renewals<120"]?[1] == "4")
    #expect(bySegment["renewals<120"]?[2] == "225000")
    #expect(bySegment["red"]?[1] == "1")
    #expect(bySegment["red"]?[2] == "120000")
    #expect(bySegment["goals met"]?[1] == "2")
    #expect(bySegment["health>80"]?[1] == "1")
    // The churned account is not among the top accounts.
    #expect(bySegment["top10"]?[1] == "7")
    #expect(bySegment["all"]?[1] == "8")
    #expect(
      bySegment["unengaged>30"]?[3] == "last engaged more than 30 days ago, or never; not churned")
  }

  @Test func summaryOfTheBook() throws {
    let session = try Fixtures.session()
    let rows = Fixtures.rows(of: try session.run("summary"))
    let byMeasure = Dictionary(rows.map { ($0[0], $0) }, uniquingKeysWith: { first, _ in first })
    #expect(byMeasure["accounts"]?[1] == "8")
    #expect(byMeasure["accounts"]?[2] == "715000")
    #expect(byMeasure["renewing in 90 days"]?[1] == "4")
    #expect(byMeasure["renewing in 120 days"]?[1] == "4")
    #expect(byMeasure["red"]?[1] == "1")
    #expect(byMeasure["red"]?[3] == "12.5")
    #expect(byMeasure["red"]?[4] == "███")
    #expect(byMeasure["yellow"]?[1] == "3")
    #expect(byMeasure["health 0-19"]?[1] == "0")
    #expect(byMeasure["health 20-39"]?[1] == "2")
    #expect(byMeasure["health 80-100"]?[1] == "1")
    // NPS: promoters 9 and 10 (2), detractors 0, 3, 6 (3), passives 7, 8 (2): (2 - 3) / 7.
    #expect(byMeasure["nps answers"]?[1] == "7")
    #expect(byMeasure["nps answers"]?[3] == "87.5")
    #expect(byMeasure["nps answers"]?[4] == "NPS -14: 2 promoters, 2 passives, 3 detractors")
  }

  @Test func summaryHealthBandsOfOneBook() throws {
    let session = try Fixtures.session()
    _ = try session.run("book \"Maria Fell\"")
    let rows = Fixtures.rows(of: try session.run("summary"))
    let byMeasure = Dictionary(rows.map { ($0[0], $0) }, uniquingKeysWith: { first, _ in first })
    // Maria Fell's accounts are A1 (health 35, $120,000) and A2 (health 72, $45,000).
    #expect(byMeasure["accounts"]?[1] == "2")
    #expect(byMeasure["health 20-39"]?[1] == "1")
    #expect(byMeasure["health 20-39"]?[2] == "120000")
    #expect(byMeasure["health 60-79"]?[1] == "1")
    #expect(byMeasure["health 60-79"]?[2] == "45000")
    #expect(byMeasure["health 40-59"]?[1] == "0")
  }

  @Test func fieldsListTypesAndCounts() throws {
    let session = try Fixtures.session()
    let rows = Fixtures.rows(of: try session.run("fields"))
    let byField = Dictionary(rows.map { ($0[0], $0) }, uniquingKeysWith: { first, _ in first })
    #expect(byField["arr"] == ["arr", "money (USD)", "7", "column \"ARR\""])
    #expect(byField["renewal_date"] == ["renewal_date", "date", "8", "column \"Renewal\""])
    #expect(byField["health"] == ["health", "number", "7", "column \"SuccessScore\""])
    #expect(byField["strategic"] == ["strategic", "boolean", "8", "column \"Strategic\""])
    #expect(byField["days_to_renewal"]?[1] == "number")
    #expect(byField["goals_remaining"]?[3] == "goals_total - goals_achieved")
  }

  @Test func helpTopics() throws {
    let session = try Fixtures.session()
    #expect(
      Fixtures.rendered(try session.run("help")).contains(
        "segment SEGMENT [where CONDITION] [clauses]"))
    #expect(Fixtures.rendered(try session.run("help segments")).contains("renewals<120"))
    #expect(Fixtures.rendered(try session.run("help define")).contains("define bigrisk as"))
    #expect(Fixtures.rendered(try session.run("help conditions")).contains("is missing"))
  }

  @Test func everyCommandHasHelp() throws {
    let session = try Fixtures.session()
    for command in Parser.commands {
      #expect(throws: Never.self, "help \(command)") { _ = try session.run("help \(command)") }
    }
    let dates = Fixtures.rendered(try session.run("help dates"))
    #expect(dates.contains("dates long        dates in tables as May 1, 2016\n"))
    let output = Fixtures.rendered(try session.run("help output"))
    #expect(output.hasPrefix("output FILE       sends later output to FILE"))
  }

  @Test func helpExamplesRunOnTheFixture() throws {
    // Every "Try:" line of the help runs without an error.
    let session = try Fixtures.session()
    for topic in [
      "", "segments", "conditions", "segment", "where", "show", "book", "explain", "by", "sort",
      "limit",
    ] {
      let text = Fixtures.rendered(try session.run(topic.isEmpty ? "help" : "help \(topic)"))
      var inExamples = false
      for line in text.split(separator: "\n") {
        var example = line.trimmingCharacters(in: .whitespaces)
        if example.hasPrefix("Try:") {
          inExamples = true
          example = String(example.dropFirst(4)).trimmingCharacters(in: .whitespaces)
        } else if !inExamples || !line.hasPrefix("      ") {
          inExamples = false
          continue
        }
        guard !example.isEmpty else { continue }
        let command = example.replacingOccurrences(of: "\"Maria Fell\"", with: "\"Maria Fell\"")
        if command.hasPrefix("define ") || command.hasPrefix("book ") { continue }
        #expect(throws: Never.self, "help \(topic): \(command)") { _ = try session.run(command) }
      }
    }
  }

  @Test func hashInVariableValueIsText() throws {
    let session = try Fixtures.session()
    session.setFixedVariable("store", "Store #12")
    _ = try session.run("let tier = Gold # the largest tier")
    #expect(session.variables["tier"] == "Gold")
    #expect(
      Fixtures.rendered(try session.run("heading $store # the store")) == "Store #12\n=========\n")
    #expect(Fixtures.rendered(try session.run("echo $store and $tier")) == "Store #12 and Gold\n")
    // A variable named only in the comment is not looked up.
    #expect(Fixtures.rendered(try session.run("echo hi # costs $unset")) == "hi\n")
    _ = try session.run("let label = \"Tier #1\"")
    #expect(
      Fixtures.column("accounts", of: try session.run("where name !~ \"$label\" count")) == ["8"])
  }

  @Test func restoredSettingsUndoAScript() throws {
    let session = try Fixtures.session()
    _ = try session.run("let who = Tom")
    _ = try session.run("show Acme Corp")
    _ = try session.run("segment red")
    let saved = session.saveSettings()

    _ = try session.run("format csv")
    _ = try session.run("dates long")
    _ = try session.run("today 2023-01-01")
    _ = try session.run("let who = Ana")
    _ = try session.run("book Ana Sousa")
    _ = try session.run("show Müller & Söhne")
    let other = try Loader.load(text: "id,name\nZ1,Zeta\n", name: "other.csv").book
    session.replaceBook(other)
    #expect(session.book.count == 1)

    session.restore(saved)
    #expect(session.book.count == 8)
    #expect(session.format == nil)
    #expect(session.dateStyle == .iso)
    #expect(session.today == Fixtures.today)
    #expect(session.variables == ["who": "Tom"])
    #expect(session.scope == nil)
    #expect(session.focus == 0)
    #expect(session.lastResult?.title == "red")
    // The last result is the red list again, whose first row is Acme Corp.
    #expect(Fixtures.rendered(try session.run("show 1")).contains("Acme Corp"))
  }

  @Test(arguments: [
    ("today 2022/03/04", "2022-03-04"), ("today 2022.03.04", "2022-03-04"),
    ("today Mar 4, 2022", "2022-03-04"), ("today \"4 March 2022\"", "2022-03-04"),
    ("today 2022-03-04", "2022-03-04"), ("today in 2 weeks", "2022-02-15"),
    ("today 13/03/2022", "2022-03-13"),
  ])
  func todayReadsDateForms(_ command: String, _ day: String) throws {
    let session = try Fixtures.session()
    _ = try session.run(command)
    #expect(session.today.iso == day)
  }

  @Test(arguments: [
    ("today", "today is 2022-02-01"),
    ("format", "the output format is table (on a terminal)"),
    ("dates", "dates are shown as 2016-05-01"),
    ("book", "the book is every account (book NAME scopes it to one CSM)"),
  ])
  func settingShownAsText(_ command: String, _ expected: String) throws {
    let session = try Fixtures.session()
    let reply = try session.run(command)
    guard case .text(let text)? = reply.outputs.first else {
      Issue.record("\(command) gave \(reply.outputs), not text")
      return
    }
    #expect(text == expected)
    #expect(reply.outputs.count == 1)
    #expect(!reply.confirmsSetting)
  }

  @Test(arguments: [
    ("today 2022-03-04", "today is now 2022-03-04"),
    ("format csv", "the output format is now csv"),
    ("dates long", "dates are now shown as May 1, 2016"),
    ("book Ana Sousa", "the book is now Ana Sousa's: 2 accounts"),
  ])
  func settingChangeConfirmed(_ command: String, _ confirmation: String) throws {
    let session = try Fixtures.session()
    let reply = try session.run(command)
    guard case .notice(let text)? = reply.outputs.first else {
      Issue.record("\(command) gave \(reply.outputs), not a notice")
      return
    }
    #expect(text == confirmation)
    #expect(reply.outputs.count == 1)
    #expect(reply.confirmsSetting)
  }

  @Test func formatAndTiming() throws {
    let session = try Fixtures.session()
    _ = try session.run("format csv")
    #expect(session.format == .csv)
    let reply = try session.run("timing on")
    #expect(reply.timing == true)
    _ = try session.run("format auto")
    #expect(session.format == nil)
  }
}
