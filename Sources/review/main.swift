import ReviewBook
import ReviewInterpreter
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
}

let version = "review 0.1.0"

func runMain() -> Int32 {
  // A closed pipe must end output quietly, not kill the process with SIGPIPE.
  signal(SIGPIPE, SIG_IGN)

  let arguments: Arguments
  do {
    arguments = try Arguments.parse(Array(CommandLine.arguments.dropFirst()))
  } catch {
    StandardError.write(
      "review: \(error.message)\n\(Arguments.usage.split(separator: "\n").prefix(4).joined(separator: "\n"))\nrun review --help for every option\n"
    )
    return ExitStatus.usage
  }
  if arguments.showHelp {
    let out = OutputFile(descriptor: 1)
    out.write(Arguments.usage + "\n")
    out.flush()
    return ExitStatus.success
  }
  if arguments.showVersion {
    let out = OutputFile(descriptor: 1)
    out.write(version + "\n")
    out.flush()
    return ExitStatus.success
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
      for warning in result.warnings {
        StandardError.write("\(warning)\n")
      }
      book = result.book
    } catch {
      StandardError.write("\(error)\n")
      return ExitStatus.dataFailed
    }
  }

  let definitionsPath = Platform.configFolder + "/segments.review"
  let (definitions, problems) = SegmentDefinitions.load(path: definitionsPath)
  for problem in problems {
    StandardError.write("review: \(problem)\n")
  }

  let today = arguments.today ?? Platform.localToday()
  let session = Session(book: book, today: today, definitions: definitions)
  let driver = Driver(session: session, format: arguments.format, dataPaths: arguments.dataPaths)

  if !arguments.commands.isEmpty {
    for command in arguments.commands {
      let (error, quits) = driver.run(command, lineNumber: 1)
      if let error {
        StandardError.write(Diagnostics.render(error, line: command, file: "-c", lineNumber: 1))
        return ExitStatus.commandFailed
      }
      if quits { break }
    }
    return ExitStatus.success
  }

  if let scriptText {
    driver.noticesToStandardError = true
    let runner = ScriptRunner(driver: driver, name: arguments.scriptPath!)
    return runner.run(scriptText) ? ExitStatus.success : ExitStatus.commandFailed
  }

  if !interactive {
    driver.noticesToStandardError = true
    let text = FileText.readStandardInput()
    let runner = ScriptRunner(driver: driver, name: "<stdin>")
    return runner.run(text) ? ExitStatus.success : ExitStatus.commandFailed
  }

  let sources = book.sources.joined(separator: ", ")
  let banner =
    "review · \(ValueFormatter.grouped(book.count)) accounts from \(sources) · today \(today.iso)\n"
    + "type help for commands, Tab to complete, Ctrl-D to leave\n"
  let repl = REPL(driver: driver, historyPath: Platform.stateFolder + "/history")
  return repl.run(banner: banner)
}

exit(runMain())
