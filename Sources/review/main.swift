import ReviewBook
import ReviewInterpreter
import ReviewJournal
import ReviewLoader
import ReviewRender

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Exit statuses, as `review --help` documents them.
enum ExitStatus {
  static let success: Int32 = 0
  static let commandFailed: Int32 = 1
  static let usage: Int32 = 2
  static let dataFailed: Int32 = 3
  static let journalFailed: Int32 = 4

  /// Returns the exit status of a run whose commands ended with `status`. When the journal
  /// could not be used, 4 replaces 0 and 1, so that a script can tell that notes, actions or
  /// the day's snapshot may not have been kept. A usage error and a data file that could not
  /// be loaded keep their own status.
  static func of(_ status: Int32, journalFailed: Bool) -> Int32 {
    guard journalFailed, status == success || status == commandFailed else { return status }
    return ExitStatus.journalFailed
  }
}

let version = "review 0.1.0"

/// What one start of review works with: the parsed arguments and what they opened.
struct Setup {
  var arguments: Arguments
  var book: Book
  /// The loader's fingerprint of the data files named on the command line.
  var sourceFingerprint: String?
  var definitions: SegmentDefinitions
  var journal: Journal?
  /// Why a session that asked for a journal has none, as the hint for the commands that
  /// need one; nil for the usual `--no-journal` hint.
  var noJournalHint: String?
  /// The reason a session that asked for a journal has none, when it could not be opened.
  var noJournalReason: String?
  var today: Day
  var interactive: Bool
  var scriptText: String?

  func makeSession(reviewSuffix: String = "") -> Session {
    // One review a day: a REPL started again during the meeting, after a crash or a Ctrl-D
    // too many, goes on with the same review, whose minutes keep its notes and actions.
    let session = Session(
      book: book, today: today, definitions: definitions, journal: journal,
      reviewID: "\(today.iso) review\(reviewSuffix)")
    session.loadOptions = arguments.loadOptions
    session.sourceFingerprint = sourceFingerprint
    session.commandLineData = arguments.dataPaths
    if let noJournalHint { session.noJournalHint = noJournalHint }
    session.noJournalReason = noJournalReason
    if let style = arguments.dateStyle { session.dateStyle = style }
    session.setFixedSettings(today: arguments.today, format: arguments.format)
    for (name, value) in arguments.variables { session.setFixedVariable(name, value) }
    return session
  }

  /// Records the snapshot of the data named on the command line, and returns false when
  /// it could not be saved. A snapshot that cannot be saved does not stop the review, but a
  /// script's exit status reports that the journal failed.
  func recordSnapshot(_ session: Session) -> Bool {
    guard let journal = session.journal else { return noJournalReason == nil }
    // Opening a read-only journal warned about it already.
    guard !journal.isReadOnly else { return false }
    do {
      try session.recordSnapshot()
      // The load is recorded under today, which may come before snapshots already there.
      if book.count > 0, let warning = session.snapshotOrderWarning() {
        StandardError.write("review: \(warning)\n")
      }
      return true
    } catch {
      StandardError.write("review: \(error.message)\n")
      return false
    }
  }

  func makeDriver(_ session: Session) -> Driver {
    let driver = Driver(session: session, dataPaths: arguments.dataPaths)
    driver.protect(arguments.historyPaths)
    if arguments.usesJournal { driver.protect(JournalSetup.path(arguments), as: .journal) }
    driver.protect(Platform.historyPath, as: .history)
    if let path = session.definitions.path { driver.protect(path, as: .segmentDefinitions) }
    if let path = arguments.scriptPath { driver.protect(path, as: .script) }
    driver.echoesCommands = arguments.echoesCommands
    driver.confirmsSettings = interactive
    driver.quiet = arguments.quiet
    driver.writesRawCSV = arguments.writesRawCSV
    return driver
  }
}

func printAndExit(_ text: String) -> Int32 {
  let out = OutputFile(descriptor: 1)
  out.write(text)
  out.flush()
  return ExitStatus.success
}

func runMain() -> Int32 {
  // A closed pipe must end output quietly, not kill the process with SIGPIPE, and a file
  // size limit must turn into a write error (EFBIG) that the command reports.
  signal(SIGPIPE, SIG_IGN)
  signal(SIGXFSZ, SIG_IGN)
  Platform.keepFreedMemory()

  let arguments: Arguments
  do {
    arguments = try Arguments.parse(Array(CommandLine.arguments.dropFirst()))
  } catch {
    let usage = Arguments.usage.split(separator: "\n").prefix(4).joined(separator: "\n")
    StandardError.write("review: \(error.message)\n\(usage)\nrun review --help for every option\n")
    return ExitStatus.usage
  }
  if arguments.showHelp { return printAndExit(Arguments.usage + "\n") }
  if arguments.showVersion { return printAndExit(version + "\n") }
  if arguments.checksJournal {
    let path = JournalSetup.path(arguments)
    // The default journal's folder is made when the journal is first used, so a missing
    // folder there only means that no journal has been kept yet.
    let check =
      arguments.journalPath == nil && !Platform.isFolder(Platform.dataFolder)
      ? JournalCheck.missing(path: path) : Journal.check(path: path)
    _ = printAndExit("\(check)\n")
    switch check {
    case .ok, .missing: return ExitStatus.success
    default: return ExitStatus.journalFailed
    }
  }

  var scriptText: String?
  if let scriptPath = arguments.scriptPath {
    guard let text = FileText.read(scriptPath) else {
      StandardError.write(
        "review: cannot read the script \(scriptPath): \(String(cString: strerror(errno)))\n")
      return ExitStatus.usage
    }
    scriptText = text
  }

  let interactive =
    arguments.commands.isEmpty && arguments.scriptPath == nil && Platform.isTerminal(STDIN_FILENO)
  if interactive && arguments.dataPaths.isEmpty {
    StandardError.write(
      "review: name a data file to review, for example: review samples/accounts.csv\nrun review --help for every option\n"
    )
    return ExitStatus.usage
  }

  // A journal that exists already is opened and checked while the data loads.
  let journalOpening = JournalSetup.startOpening(arguments)
  var book = Book.empty
  var sourceFingerprint: String?
  if !arguments.dataPaths.isEmpty {
    do {
      let result = try Loader.load(paths: arguments.dataPaths, options: arguments.loadOptions)
      for warning in result.warnings { StandardError.write("\(warning)\n") }
      book = result.book
      sourceFingerprint = result.sourceFingerprint
      Platform.releaseFreedMemory()
    } catch {
      StandardError.write("\(error)\n")
      // The journal is closed before the process ends, not in the middle of its check.
      _ = journalOpening?.wait()
      return ExitStatus.dataFailed
    }
  }

  let (definitions, problems) = SegmentDefinitions.load(path: Platform.segmentDefinitionsPath)
  for problem in problems { StandardError.write("review: \(problem)\n") }

  let opened = journalOpening?.wait() ?? JournalSetup.open(arguments)
  for warning in opened.warnings { StandardError.write("\(warning)\n") }
  let (journal, journalProblem) = (opened.journal, opened.unavailable)
  for path in arguments.historyPaths {
    if let journalProblem {
      StandardError.write(
        "review: --history needs a journal, and \(journalProblem.path) cannot be used: \(journalProblem.message)\n"
      )
      return ExitStatus.journalFailed
    }
    guard let journal else {
      StandardError.write(
        "review: --history needs a journal; it cannot be used with --no-journal\n")
      return ExitStatus.usage
    }
    do {
      let (added, unknown) = try JournalSetup.importHistory(
        path, into: journal, options: arguments.loadOptions, book: book)
      if let example = unknown.first {
        let accounts = ValueFormatter.counted(unknown.count, "account")
        let match = unknown.count == 1 ? "matches" : "match"
        let their = unknown.count == 1 ? "its" : "their"
        StandardError.write(
          "\(path): warning: \(accounts) in the history \(match) no account of the book (such as \"\(example)\"); \(their) rows are kept\n"
        )
      }
      if interactive && !arguments.quiet {
        let rows = ValueFormatter.counted(added, "snapshot row")
        StandardError.write("\(path): \(rows) added to the journal\n")
      }
    } catch {
      StandardError.write("\(error)\n")
      return ExitStatus.dataFailed
    }
  }

  var setup = Setup(
    arguments: arguments, book: book, definitions: definitions, journal: journal,
    today: arguments.today ?? Platform.localToday(), interactive: interactive,
    scriptText: scriptText)
  setup.sourceFingerprint = sourceFingerprint
  if let journalProblem {
    setup.noJournalReason = "\(journalProblem.path) cannot be used: \(journalProblem.message)"
    setup.noJournalHint =
      "run review --journal-check to see its state, or start review with --journal PATH to use another journal"
  } else if arguments.usesJournal && journal == nil {
    setup.noJournalReason =
      "\(JournalSetup.path(arguments)) could not be opened because the disk was full"
    setup.noJournalHint =
      "the disk holding the journal was full when review started; free disk space and start review again"
  }

  if let field = arguments.eachField {
    return EachRun(setup: setup, field: field).run()
  }

  if book.count == 0 && arguments.scriptPath == nil && !arguments.commands.isEmpty
    && !arguments.commands.contains(where: needsNoBook)
  {
    StandardError.write(
      "review: name a data file for the commands, for example: review samples/accounts.csv -c \"summary\"\n"
    )
    return ExitStatus.usage
  }

  let session = setup.makeSession()
  let snapshotFailed = !setup.recordSnapshot(session)
  func exitStatus(_ status: Int32) -> Int32 {
    ExitStatus.of(status, journalFailed: snapshotFailed || session.journalFailed)
  }
  let driver = setup.makeDriver(session)

  if !arguments.commands.isEmpty {
    // As in scripts, messages go to standard error, so that piped output is the results only.
    driver.noticesToStandardError = true
    var worst = ExitStatus.success
    for (index, command) in arguments.commands.enumerated() {
      // An error names its command as -c when there is one, and as -c#2 for the second of several.
      let label = arguments.commands.count == 1 ? "-c" : "-c#\(index + 1)"
      let result = driver.run(command, lineNumber: 1)
      if let error = result.error {
        StandardError.write(
          Diagnostics.render(error, line: error.line ?? command, file: label, lineNumber: 1))
        let status = error.isDataError ? ExitStatus.dataFailed : ExitStatus.commandFailed
        if !arguments.keepsGoing { return exitStatus(status) }
        if worst != ExitStatus.dataFailed { worst = status }
        continue
      }
      if let script = result.script {
        let runner = ScriptRunner(driver: driver)
        runner.keepsGoing = arguments.keepsGoing
        let outcome = runner.runCalled(
          script, folder: nil, depth: 0, line: command, name: label, number: 1)
        if outcome.failures > 0 {
          let status = outcome.dataFailed ? ExitStatus.dataFailed : ExitStatus.commandFailed
          if !arguments.keepsGoing { return exitStatus(status) }
          if worst != ExitStatus.dataFailed { worst = status }
        }
      }
      if result.quits { break }
    }
    driver.finish()
    return exitStatus(worst)
  }

  if let scriptText, let scriptPath = arguments.scriptPath {
    driver.noticesToStandardError = true
    let runner = ScriptRunner(driver: driver)
    runner.keepsGoing = arguments.keepsGoing
    let outcome = runner.run(
      scriptText, name: scriptPath, folder: ScriptRunner.folder(of: scriptPath))
    driver.finish()
    return exitStatus(status(of: outcome))
  }

  if !interactive {
    driver.noticesToStandardError = true
    let runner = ScriptRunner(driver: driver)
    runner.keepsGoing = arguments.keepsGoing
    let outcome = runner.runStandardInput()
    driver.finish()
    return exitStatus(status(of: outcome))
  }

  // The banner is informational, so `--quiet` leaves it out.
  var banner = ""
  if !arguments.quiet {
    let sources = book.sources.joined(separator: ", ")
    banner =
      "review · \(ValueFormatter.counted(book.count, "account")) from \(sources) · today \(setup.today.iso)\n"
    if let summary = session.openActionsSummary() { banner += summary + "\n" }
    banner += "type help for commands, Tab to complete, Ctrl-D to leave\n"
  }
  let repl = REPL(driver: driver, historyPath: Platform.historyPath)
  return repl.run(banner: banner)
}

/// Whether a command works without a book: it loads one, runs a script, or asks for help.
func needsNoBook(_ command: String) -> Bool {
  let word = command.split(separator: " ").first?.lowercased() ?? ""
  return [
    "load", "run", "include", "help", "quit", "exit", "today", "format", "dates", "let", "echo",
  ]
  .contains(word)
}

func status(of outcome: ScriptRunner.Outcome) -> Int32 {
  if outcome.dataFailed { return ExitStatus.dataFailed }
  return outcome.failures > 0 ? ExitStatus.commandFailed : ExitStatus.success
}

exit(runMain())
