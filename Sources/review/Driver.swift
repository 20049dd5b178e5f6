import ReviewBook
import ReviewInterpreter
import ReviewLanguage
import ReviewLoader
import ReviewRender

/// Runs commands against the session and writes their replies: to standard output, or to
/// the file a redirect names, in the format the command, the session or the command line
/// chose.
final class Driver {
  let session: Session
  let standardOutput = OutputFile(descriptor: 1)
  let commandLineFormat: OutputFormat?
  /// Canonical paths of the data files loaded, which a redirect may never overwrite.
  private(set) var protectedPaths: Set<String> = []
  /// Notices go to standard output in the REPL and for -c, to standard error in scripts.
  var noticesToStandardError = false
  /// Set by `timing on`: each command's time goes to standard error.
  private(set) var timing = false

  init(session: Session, format: OutputFormat?, dataPaths: [String]) {
    self.session = session
    self.commandLineFormat = format
    protect(dataPaths)
  }

  func protect(_ paths: [String]) {
    for path in paths {
      if let real = Platform.realPath(path) { protectedPaths.insert(real) }
    }
  }

  /// Runs one line. Returns nil on success, or the error; `quits` is set by quit.
  func run(_ line: String, lineNumber: Int) -> (error: CommandError?, quits: Bool) {
    let start = Platform.monotonicNanoseconds()
    do {
      let reply = try session.run(line, lineNumber: lineNumber)
      try write(reply)
      if let enabled = reply.timing { timing = enabled }
      if timing && reply.timing == nil {
        let elapsed = Double(Platform.monotonicNanoseconds() - start) / 1e6
        StandardError.write("time: \(Driver.milliseconds(elapsed)) ms\n")
      }
      return (nil, reply.quits)
    } catch {
      standardOutput.flush()
      return (error, false)
    }
  }

  /// Milliseconds with three decimals.
  static func milliseconds(_ value: Double) -> String {
    let thousandths = Int((value * 1000).rounded())
    let fraction = thousandths % 1000
    return "\(thousandths / 1000)." + String(repeating: "0", count: 3 - String(fraction).count)
      + String(fraction)
  }

  private func write(_ reply: Reply) throws(CommandError) {
    guard !reply.outputs.isEmpty else { return }

    if let redirect = reply.redirect {
      try writeToFile(reply, redirect: redirect)
      return
    }
    let format = reply.format ?? session.format ?? commandLineFormat ?? .table
    let renderer = Renderer(format: format, options: options(for: standardOutput))
    for output in reply.outputs {
      if case .notice(let text) = output, noticesToStandardError {
        standardOutput.flush()
        StandardError.write(text + "\n")
        continue
      }
      var sink = standardOutput
      renderer.render(output, to: &sink)
    }
    standardOutput.flush()
    if let failure = standardOutput.failure {
      throw CommandError("could not write the output: \(failure)")
    }
  }

  private func writeToFile(_ reply: Reply, redirect: Redirect) throws(CommandError) {
    let path = redirect.path.value
    if let real = Platform.realPath(path), protectedPaths.contains(real) {
      throw CommandError(
        "\(path) is a data file loaded in this session; it is not overwritten",
        at: redirect.path.range,
        hint: "write the result to another file")
    }
    let format =
      reply.format ?? OutputFormat(pathExtension: path) ?? session.format ?? commandLineFormat
      ?? .table
    let file: OutputFile
    switch OutputFile.open(path: path, appending: redirect.appends) {
    case .success(let opened): file = opened
    case .failure(let error):
      throw CommandError(
        error.message, at: redirect.path.range,
        hint: "check that the folder exists and can be written")
    }
    let renderer = Renderer(format: format, options: options(for: file))
    for output in reply.outputs {
      if case .notice(let text) = output {
        StandardError.write(text + "\n")
        continue
      }
      var sink = file
      renderer.render(output, to: &sink)
    }
    file.flush()
    if let failure = file.failure {
      throw CommandError("could not write \(path): \(failure)", at: redirect.path.range)
    }
  }

  private func options(for file: OutputFile) -> RenderOptions {
    RenderOptions(
      terminalWidth: file.isTerminal ? Platform.terminalWidth(file.descriptor) : nil,
      color: Platform.usesColor(file.descriptor),
      dates: session.dateStyle,
      neutralizeFormulas: true,
      sanitizeAll: file.isTerminal)
  }
}
