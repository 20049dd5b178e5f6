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
  let commandLineFormat: OutputFormat?
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

  init(session: Session, format: OutputFormat?, dataPaths: [String]) {
    self.session = session
    self.commandLineFormat = format
    self.output = standardOutput
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
    var include: Located<String>?
  }

  /// Runs one line and writes its reply.
  func run(_ line: String, lineNumber: Int) -> Result {
    let start = Platform.monotonicNanoseconds()
    if echoesCommands && !line.trimmingCharacters().isEmpty
      && !line.trimmingCharacters().hasPrefix("#")
    {
      output.write(line + "\n")
    }
    do {
      let reply = try session.run(line, lineNumber: lineNumber)
      protect(reply.loadedPaths)
      if let path = reply.output {
        try switchOutput(to: path)
      }
      try write(reply)
      if let enabled = reply.timing { timing = enabled }
      if timing && reply.timing == nil && !reply.outputs.isEmpty {
        let elapsed = Double(Platform.monotonicNanoseconds() - start) / 1e6
        StandardError.write("time: \(Driver.milliseconds(elapsed)) ms\n")
      }
      return Result(error: nil, quits: reply.quits, include: reply.include)
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
  func show(_ outputs: [Output]) {
    try? write(Reply(outputs: outputs))
  }

  /// Sends later output to a file (`-` for standard output), replacing the file.
  func switchOutput(to path: Located<String>) throws(CommandError) {
    output.flush()
    if path.value == "-" {
      output = standardOutput
      outputFormat = nil
      return
    }
    output = try openFile(path, appending: false)
    outputFormat = OutputFormat(pathExtension: path.value)
  }

  /// Ends the output of a run: flushes, and closes a file that `output` opened.
  func finish() {
    output.flush()
    standardOutput.flush()
    output = standardOutput
    outputFormat = nil
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
    switch OutputFile.open(path: path.value, appending: appending) {
    case .success(let opened): return opened
    case .failure(let error):
      throw CommandError(
        error.message, at: path.range, hint: "check that the folder exists and can be written")
    }
  }

  private func write(_ reply: Reply) throws(CommandError) {
    let dropsNotices = quiet || (reply.confirmsSetting && !confirmsSettings)
    let outputs = reply.outputs.filter { output in
      guard case .notice = output else { return true }
      return !dropsNotices
    }
    guard !outputs.isEmpty else { return }

    let target: OutputFile
    var format = reply.format ?? session.format ?? commandLineFormat ?? .table
    if let redirect = reply.redirect {
      target = try openFile(redirect.path, appending: redirect.appends)
      format =
        reply.format ?? OutputFormat(pathExtension: redirect.path.value) ?? session.format
        ?? commandLineFormat ?? .table
    } else {
      target = output
      if let outputFormat, reply.format == nil && session.format == nil { format = outputFormat }
    }

    let renderer = Renderer(format: format, options: options(for: target))
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
      if case .heading = output, format == .markdown || format == .table, target.hasWritten,
        !target.endsWithBlankLine
      {
        target.write("\n")
      }
      var sink = target
      renderer.render(output, to: &sink)
    }
    target.flush()
    if let failure = target.failure {
      let name =
        reply.redirect?.path.value ?? (target === standardOutput ? "the output" : "the output file")
      throw CommandError("could not write \(name): \(failure)", at: reply.redirect?.path.range)
    }
    if let redirect = reply.redirect, !noticesToStandardError, !quiet {
      // In the REPL and for -c, say where the result went.
      StandardError.write("\(redirect.appends ? "appended to" : "wrote") \(redirect.path.value)\n")
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
