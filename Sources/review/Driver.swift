import ReviewBook
import ReviewInterpreter
import ReviewLanguage
import ReviewLoader
import ReviewRender

/// Runs commands against the session and writes their replies: to the current output
/// (standard output, or the file `output FILE` chose), or to the file a redirect names, in
/// the format the command, the session or the command line chose.
final class Driver {
  let session: Session
  let standardOutput = OutputFile(descriptor: 1)
  /// Where replies go: standard output, or the file of the last `output FILE`.
  private(set) var output: OutputFile
  /// The format implied by the extension of the `output` file, if any.
  private var outputFormat: OutputFormat?
  /// The output of the script running now, which `output -` goes back to: standard output,
  /// or the file that the `run` or `include` line redirected the script to.
  private var scriptOutput: OutputFile
  /// The format implied by the extension of `scriptOutput`'s `output` file, if any.
  private var scriptOutputFormat: OutputFormat?
  /// The format that the `run` or `include` line chose with `as FORMAT` or its redirect's
  /// extension. It applies while the script writes to `scriptOutput`, and wins over
  /// `format` inside the script, but not over a command's own `as FORMAT`.
  private var scriptFormat: OutputFormat?
  /// The files a redirect or `output` may never replace: the data, the journal, the
  /// history and the segment definitions.
  private(set) var protectedFiles = ProtectedFiles()
  /// Notices go to standard output in the REPL and for -c, to standard error in scripts.
  var noticesToStandardError = false
  /// Whether notices that only confirm a setting (`format csv`, `let x = 1`) are written:
  /// at the REPL prompt, but not in scripts, -c or standard input, which run unattended.
  var confirmsSettings = true
  /// `--quiet`: no notices and no "wrote FILE", only results, warnings and errors.
  var quiet = false
  /// Set by `timing on`: each command's time goes to standard error.
  private(set) var timing = false
  /// `--echo`: each command is written to the output before its result.
  var echoesCommands = false
  /// `--raw-csv`: CSV and TSV cells that look like formulas are written as they are.
  var writesRawCSV = false
  /// With `--each`: the files that the runs replace, the field the runs split by, and this
  /// run's value of it.
  var eachRun: (files: EachRunFiles, field: String, value: String)?

  init(session: Session, dataPaths: [String]) {
    self.session = session
    self.output = standardOutput
    self.scriptOutput = standardOutput
    protect(dataPaths)
  }

  /// Keeps redirects from replacing the data files.
  func protect(_ paths: [String]) {
    for path in paths { protectedFiles.add(path, as: .data) }
  }

  /// Keeps redirects from replacing a file the session keeps its state in.
  func protect(_ path: String, as kind: ProtectedFiles.Kind) {
    if case .journal = kind {
      protectedFiles.addJournal(path)
    } else {
      protectedFiles.add(path, as: kind)
    }
  }

  /// What running a line asks of the caller.
  struct Result {
    var error: CommandError?
    var quits = false
    /// The script an `include` or `run` named, to run next.
    var script: ScriptRequest?
  }

  /// A script that `include` or `run` named, with the line's `as FORMAT` and redirect,
  /// which apply to everything the script writes.
  struct ScriptRequest {
    var call: ScriptCall
    var format: OutputFormat?
    var redirect: Redirect?
  }

  /// The format of results that go to the current output, without `as` or a redirect.
  private var formatOfOutput: OutputFormat {
    if let scriptFormat, output === scriptOutput { return scriptFormat }
    return outputFormat ?? session.format ?? .table
  }

  /// Runs one line and writes its reply.
  func run(_ line: String, lineNumber: Int) -> Result {
    let start = Platform.monotonicNanoseconds()
    if echoesCommands && !line.trimmingCharacters().isEmpty
      && !line.trimmingCharacters().hasPrefix("#")
    {
      let echo = session.echoText(of: line) + "\n"
      // An echoed line in CSV, TSV or JSON would leave output that other programs cannot
      // read, so it goes to standard error there, as other prose does.
      if formatOfOutput.isMachineReadable {
        output.flush()
        StandardError.write(echo)
      } else {
        output.write(echo)
      }
    }
    do {
      let reply = try session.run(line, lineNumber: lineNumber)
      protect(reply.loadedPaths)
      if let path = reply.output {
        try switchOutput(to: path)
        // At the prompt, later results go out of sight, so a message names their file.
        if confirmsSettings && !quiet {
          StandardError.write(
            path.value == "-"
              ? "output goes to standard output again\n" : "later output goes to \(path.value)\n")
        }
      }
      try write(reply)
      if let enabled = reply.timing { timing = enabled }
      if timing && reply.timing == nil && !reply.outputs.isEmpty {
        let elapsed = Double(Platform.monotonicNanoseconds() - start) / 1e6
        StandardError.write("time: \(Driver.milliseconds(elapsed)) ms\n")
      }
      let script = reply.script.map {
        ScriptRequest(call: $0, format: reply.format, redirect: reply.redirect)
      }
      return Result(error: nil, quits: reply.quits, script: script)
    } catch {
      output.flush()
      return Result(error: error)
    }
  }

  /// Milliseconds with three decimals.
  static func milliseconds(_ value: Double) -> String {
    let thousandths = Int((value * 1000).rounded())
    let fraction = thousandths % 1000
    return "\(thousandths / 1000)." + String(repeating: "0", count: 3 - String(fraction).count)
      + String(fraction)
  }

  /// Writes outputs to the current output, as a reply without a redirect.
  /// Shows what the REPL's own screens print, such as the cards of an `ask` walk, on
  /// standard output as tables. Unlike a command's results, it never goes to the file that
  /// `output` names: the person walking could not see it there, and it would break the
  /// file's format.
  func show(_ outputs: [Output]) {
    try? write(Reply(outputs: outputs), toScreen: true)
  }

  /// Sends later output to a file (`-` for standard output), replacing the file.
  func switchOutput(to path: Located<String>) throws(CommandError) {
    output.flush()
    if path.value == "-" {
      output = scriptOutput
      outputFormat = scriptOutputFormat
      return
    }
    output = try openFile(path, appending: false)
    outputFormat = OutputFormat(pathExtension: path.value)
  }

  /// Ends a document that a failed run left partial with a line that calls it incomplete,
  /// when the output is a file of tables or Markdown. CSV and JSON files are left as they
  /// are, so that they can still be read.
  func markIncomplete(_ line: String) {
    guard output !== standardOutput, formatOfOutput == .table || formatOfOutput == .markdown
    else { return }
    output.write("\n\(line)\n")
  }

  /// Ends the output of a run: flushes, and closes a file that `output` opened.
  func finish() {
    output.flush()
    standardOutput.flush()
    output = standardOutput
    outputFormat = nil
  }

  /// The driver's state that a script called with `include` or `run` may change, which
  /// `endScript` gives back.
  struct ScriptFrame {
    fileprivate var output: OutputFile
    fileprivate var outputFormat: OutputFormat?
    fileprivate var scriptOutput: OutputFile
    fileprivate var scriptOutputFormat: OutputFormat?
    fileprivate var scriptFormat: OutputFormat?
    fileprivate var timing: Bool
    fileprivate var confirmsSettings: Bool
    /// The session's settings, for a script with settings of its own.
    fileprivate var settings: SessionSettings?
    fileprivate var redirect: Redirect?
    /// Whether the script's output is its own: set for `run`, and for `include` with a
    /// redirect or `as FORMAT`. An `include` without them writes where its caller does,
    /// and an `output` line in it lasts after it.
    fileprivate var ownsOutput: Bool
  }

  /// Starts a called script: opens the file its line redirects it to, chooses its format,
  /// and saves the session's settings when the script has its own. Scripts never confirm
  /// settings, even when the REPL runs them.
  func beginScript(_ request: ScriptRequest) throws(CommandError) -> ScriptFrame {
    let ownsOutput =
      request.call.hasOwnSettings || request.redirect != nil || request.format != nil
    let frame = ScriptFrame(
      output: output, outputFormat: outputFormat, scriptOutput: scriptOutput,
      scriptOutputFormat: scriptOutputFormat, scriptFormat: scriptFormat, timing: timing,
      confirmsSettings: confirmsSettings,
      settings: request.call.hasOwnSettings ? session.saveSettings() : nil,
      redirect: request.redirect, ownsOutput: ownsOutput)
    guard ownsOutput else {
      confirmsSettings = false
      return frame
    }
    if let redirect = request.redirect {
      let file = try openFile(redirect.path, appending: redirect.appends)
      output.flush()
      output = file
      outputFormat = nil
      scriptFormat = request.format ?? OutputFormat(pathExtension: redirect.path.value)
    } else if let format = request.format {
      scriptFormat = format
    } else if output !== scriptOutput {
      // The caller's own `output` file: the script writes there as the caller would.
      scriptFormat = nil
    }
    scriptOutput = output
    scriptOutputFormat = outputFormat
    confirmsSettings = false
    return frame
  }

  /// Ends a called script: flushes and closes its output, gives back the driver's state
  /// and the session's settings, and reports the file a redirect wrote. Throws when the
  /// redirect's file could not be written, or the day's snapshot of the book given back
  /// could not be recorded.
  func endScript(_ frame: ScriptFrame) throws(CommandError) {
    output.flush()
    confirmsSettings = frame.confirmsSettings

    var snapshotFailure: CommandError?
    if let settings = frame.settings {
      // A load in the script recorded the day's snapshot of the script's data, which may
      // have replaced that of the session's book. The session goes on with its own book,
      // so that book's snapshot is recorded again.
      if session.restore(settings), session.journal?.isReadOnly == false {
        do { try session.recordSnapshot() } catch { snapshotFailure = error }
      }
      timing = frame.timing
    }
    guard frame.ownsOutput else {
      if let snapshotFailure { throw snapshotFailure }
      return
    }

    let failure = frame.redirect == nil ? nil : scriptOutput.failure
    output = frame.output
    outputFormat = frame.outputFormat
    scriptOutput = frame.scriptOutput
    scriptOutputFormat = frame.scriptOutputFormat
    scriptFormat = frame.scriptFormat
    guard let redirect = frame.redirect else {
      if let snapshotFailure { throw snapshotFailure }
      return
    }
    if let failure {
      throw CommandError(
        "could not write \(redirect.path.value): \(failure)", at: redirect.path.range)
    }
    if !quiet {
      StandardError.write("\(redirect.appends ? "appended to" : "wrote") \(redirect.path.value)\n")
    }
    if let snapshotFailure { throw snapshotFailure }
  }

  private func openFile(_ path: Located<String>, appending: Bool) throws(CommandError) -> OutputFile
  {
    let lowered = path.value.lowercased()
    if lowered.hasSuffix(".xlsx") || lowered.hasSuffix(".xls") {
      throw CommandError(
        "review does not write spreadsheet workbooks", at: path.range,
        hint: "write a .csv file, which every spreadsheet program opens")
    }
    try protectedFiles.check(path)
    if !appending, let eachRun,
      let earlier = eachRun.files.claim(path.value, for: eachRun.value)
    {
      throw CommandError(
        "the run for \(eachRun.field) \(earlier) wrote \(path.value), and this run would replace it",
        at: path.range,
        hint:
          "name the file after the run's \(eachRun.field), as in > \"red-$\(eachRun.field).csv\", or append to it with >>"
      )
    }
    switch OutputFile.open(path: path.value, appending: appending) {
    case .success(let opened): return opened
    case .failure(let error):
      throw CommandError(
        error.message, at: path.range, hint: "check that the folder exists and can be written")
    }
  }

  private func write(_ reply: Reply, toScreen: Bool = false) throws(CommandError) {
    let dropsNotices = quiet || (reply.confirmsSetting && !confirmsSettings)
    let outputs = reply.outputs.filter { output in
      guard case .notice = output else { return true }
      return !dropsNotices
    }
    guard !outputs.isEmpty else { return }

    let target: OutputFile
    var format = reply.format ?? session.format ?? .table
    // The first line of a file appended to, or nil when the file is new or empty.
    var existingFirstLine: String?
    if toScreen {
      target = standardOutput
      format = .table
    } else if let redirect = reply.redirect {
      format =
        reply.format ?? OutputFormat(pathExtension: redirect.path.value) ?? session.format
        ?? .table
      if redirect.appends {
        existingFirstLine = OutputFile.firstLine(ofExisting: redirect.path.value)
        if existingFirstLine != nil && format == .json {
          throw CommandError(
            "\(redirect.path.value) already contains a JSON result, and a second one after it would not be valid JSON",
            at: redirect.path.range,
            hint:
              "append to a .jsonl file, which takes one record a line, or replace the file with >"
          )
        }
      }
      target = try openFile(redirect.path, appending: redirect.appends)
    } else {
      target = output
      if let scriptFormat, output === scriptOutput, reply.format == nil {
        format = scriptFormat
      } else if let outputFormat, reply.format == nil {
        // The file's extension wins over `format`, as a redirect's does.
        format = outputFormat
      }
    }

    let hasResult = outputs.contains {
      switch $0 {
      case .table, .record: return true
      default: return false
      }
    }
    // On a terminal, each result is read as it comes, so only files and pipes are kept to
    // one JSON result.
    if format == .json && hasResult && !target.isTerminal {
      if target.holdsJSONResult {
        let name = target === standardOutput ? "the output" : "the output file"
        throw CommandError(
          "\(name) already contains a JSON result, and a second one after it would not be valid JSON",
          at: nil,
          hint:
            "write each result to its own file with > FILE.json, or use jsonl, which takes one record a line"
        )
      }
      target.holdsJSONResult = true
    }

    // Each CSV or TSV result in one output keeps its header, but in a file, one whose
    // columns differ from the result before it gets a warning, once, as >> onto another
    // header does.
    let earlierHeader = existingFirstLine ?? target.lastDelimitedHeader
    var renderOptions = options(for: target)
    renderOptions.existingHeader = existingFirstLine
    let renderer = Renderer(format: format, options: renderOptions)
    let header = outputs.lazy.compactMap({ renderer.delimitedHeader(of: $0) }).first
    var headerWarning: String?
    if let existingFirstLine, let redirect = reply.redirect, let header,
      header != existingFirstLine
    {
      headerWarning = AppendedHeader.warning(
        path: redirect.path.value, fileHeader: existingFirstLine, appendedHeader: header,
        delimiter: format == .tsv ? "\t" : ",")
    } else if existingFirstLine == nil, let earlierHeader, let header, header != earlierHeader,
      !target.warnedOfTables, target.isRegularFile
    {
      // Only a file gets the warning: a pipe's reader takes the results as they come.
      target.warnedOfTables = true
      headerWarning = AppendedHeader.secondTableWarning(
        output: target === standardOutput ? "the output" : "the output file",
        earlierHeader: earlierHeader, header: header, delimiter: format == .tsv ? "\t" : ",")
    }
    if let header { target.lastDelimitedHeader = header }
    for output in outputs {
      if case .notice(let text) = output,
        noticesToStandardError || reply.redirect != nil || target !== standardOutput
      {
        target.flush()
        StandardError.write(text + "\n")
        continue
      }
      if case .warning(let text) = output {
        target.flush()
        StandardError.write(text + "\n")
        continue
      }
      if format.isMachineReadable, let text = output.prose {
        // Prose in CSV, TSV or JSON would leave a file other programs cannot read, so it
        // goes where the person running review reads it.
        target.flush()
        StandardError.write(text.hasSuffix("\n") ? text : text + "\n")
        continue
      }
      if case .heading = output, format == .markdown || format == .table, target.hasWritten,
        !target.endsWithBlankLine
      {
        target.write("\n")
      }
      // In a file or a pipe, a table right after another would run into its footer.
      var isTable = false
      if case .table = output { isTable = true }
      if isTable, format == .table, !target.isTerminal, target.endsWithTable {
        target.write("\n")
      }
      var sink = target
      renderer.render(output, to: &sink)
      target.endsWithTable = isTable
    }
    target.flush()
    if let failure = target.failure {
      let name =
        reply.redirect?.path.value ?? (target === standardOutput ? "the output" : "the output file")
      throw CommandError("could not write \(name): \(failure)", at: reply.redirect?.path.range)
    }
    if let headerWarning {
      StandardError.write(Diagnostics.neutralized(headerWarning) + "\n")
    }
    if target.wasInterrupted {
      // Ctrl-C in the REPL stopped the result; the next command writes again.
      target.resetInterruption()
      let place = reply.redirect.map { "\($0.path.value) holds only part of the result" }
      StandardError.write("\nstopped by Ctrl-C" + (place.map { ": \($0)" } ?? "") + "\n")
    } else if let redirect = reply.redirect, !quiet {
      // Say where the result went, as the REPL, -c, scripts and standard input all do.
      let appended = redirect.appends && existingFirstLine != nil
      StandardError.write("\(appended ? "appended to" : "wrote") \(redirect.path.value)\n")
    }
  }

  private func options(for file: OutputFile) -> RenderOptions {
    RenderOptions(
      terminalWidth: file.isTerminal ? Platform.terminalWidth(file.descriptor) : nil,
      color: Platform.usesColor(file.descriptor),
      dates: session.dateStyle,
      neutralizeFormulas: !writesRawCSV,
      sanitizeAll: file.isTerminal)
  }
}
