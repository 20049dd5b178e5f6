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
}

let version = "review 0.1.0"

/// What one start of review works with: the parsed arguments and what they opened.
struct Setup {
  var arguments: Arguments
  var book: Book
  var definitions: SegmentDefinitions
  var journal: Journal?
  var today: Day
  var interactive: Bool
  var scriptText: String?

  func makeSession(reviewSuffix: String = "") -> Session {
    let session = Session(
      book: book, today: today, definitions: definitions, journal: journal,
      reviewID: "\(today.iso) \(Platform.timestamp()) \(getpid())\(reviewSuffix)")
    session.loadOptions = arguments.loadOptions
    for (name, value) in arguments.variables { session.setFixedVariable(name, value) }
    return session
  }

  func makeDriver(_ session: Session) -> Driver {
    let driver = Driver(session: session, format: arguments.format, dataPaths: arguments.dataPaths)
    driver.echoesCommands = arguments.echoesCommands
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
    let check = Journal.check(path: JournalSetup.path(arguments))
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

  var book = Book.empty
  if !arguments.dataPaths.isEmpty {
    do {
      let result = try Loader.load(paths: arguments.dataPaths, options: arguments.loadOptions)
      for warning in result.warnings { StandardError.write("\(warning)\n") }
      book = result.book
    } catch {
      StandardError.write("\(error)\n")
      return ExitStatus.dataFailed
    }
  }

  let (definitions, problems) = SegmentDefinitions.load(
    path: Platform.configFolder + "/segments.review")
  for problem in problems { StandardError.write("review: \(problem)\n") }

  let journal: Journal?
  do {
    journal = try JournalSetup.open(arguments)
  } catch {
    StandardError.write(
      "\(error)\n  (run with --journal PATH to use another journal, or --no-journal to keep nothing)\n"
    )
    return ExitStatus.journalFailed
  }
  for path in arguments.historyPaths {
    guard let journal else {
      StandardError.write(
        "review: --history needs a journal; it cannot be used with --no-journal\n")
      return ExitStatus.usage
    }
    do {
      let added = try JournalSetup.importHistory(
        path, into: journal, options: arguments.loadOptions)
      if interactive {
        StandardError.write("\(path): \(added) snapshot rows added to the journal\n")
      }
    } catch {
      StandardError.write("\(error)\n")
      return ExitStatus.dataFailed
    }
  }

  let setup = Setup(
    arguments: arguments, book: book, definitions: definitions, journal: journal,
    today: arguments.today ?? Platform.localToday(), interactive: interactive,
    scriptText: scriptText)

  if let field = arguments.eachField {
    return EachRun(setup: setup, field: field).run()
  }

  let session = setup.makeSession()
  do {
    try session.recordSnapshot()
  } catch {
    StandardError.write("review: \(error.message)\n")
  }
  let driver = setup.makeDriver(session)

  if !arguments.commands.isEmpty {
    for command in arguments.commands {
      let result = driver.run(command, lineNumber: 1)
      if let error = result.error {
        StandardError.write(
          Diagnostics.render(error, line: error.line ?? command, file: "-c", lineNumber: 1))
        return error.isDataError ? ExitStatus.dataFailed : ExitStatus.commandFailed
      }
      if let include = result.include {
        let outcome = runScriptFile(include.value, driver: driver, keepsGoing: arguments.keepsGoing)
        if outcome.failures > 0 {
          return outcome.dataFailed ? ExitStatus.dataFailed : ExitStatus.commandFailed
        }
      }
      if result.quits { break }
    }
    driver.finish()
    return ExitStatus.success
  }

  if let scriptText, let scriptPath = arguments.scriptPath {
    driver.noticesToStandardError = true
    let runner = ScriptRunner(driver: driver)
    runner.keepsGoing = arguments.keepsGoing
    let outcome = runner.run(
      scriptText, name: scriptPath, folder: ScriptRunner.folder(of: scriptPath))
    driver.finish()
    return status(of: outcome)
  }

  if !interactive {
    driver.noticesToStandardError = true
    let runner = ScriptRunner(driver: driver)
    runner.keepsGoing = arguments.keepsGoing
    let outcome = runner.runStandardInput()
    driver.finish()
    return status(of: outcome)
  }

  let sources = book.sources.joined(separator: ", ")
  var banner =
    "review · \(ValueFormatter.grouped(book.count)) accounts from \(sources) · today \(setup.today.iso)\n"
  if let summary = session.openActionsSummary() { banner += summary + "\n" }
  banner += "type help for commands, Tab to complete, Ctrl-D to leave\n"
  let repl = REPL(driver: driver, historyPath: Platform.stateFolder + "/history")
  return repl.run(banner: banner)
}

func status(of outcome: ScriptRunner.Outcome) -> Int32 {
  if outcome.dataFailed { return ExitStatus.dataFailed }
  return outcome.failures > 0 ? ExitStatus.commandFailed : ExitStatus.success
}

/// Runs a script file named by `run` outside a script, relative to the current folder.
func runScriptFile(_ path: String, driver: Driver, keepsGoing: Bool) -> ScriptRunner.Outcome {
  guard let text = FileText.read(path) else {
    StandardError.write("review: cannot read the script \(path)\n")
    return ScriptRunner.Outcome(failures: 1)
  }
  let runner = ScriptRunner(driver: driver)
  runner.keepsGoing = keepsGoing
  return runner.run(text, name: path, folder: ScriptRunner.folder(of: path))
}

exit(runMain())
