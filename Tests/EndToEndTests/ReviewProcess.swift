import Foundation

/// Runs the built `review` executable and collects what it writes.
struct ReviewProcess {
  struct Outcome {
    var status: Int32
    var standardOutput: String
    var standardError: String
  }

  /// The package's top folder, found from this file's path.
  static let packageRoot: URL = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

  /// The `review` binary built beside the test bundle.
  static let executable: URL = {
    let bundleFolder = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
    let candidates = [
      bundleFolder.appendingPathComponent("review"),
      bundleFolder.deletingLastPathComponent().appendingPathComponent("review"),
      packageRoot.appendingPathComponent(".build/debug/review"),
    ]
    return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) }
      ?? candidates[2]
  }()

  static func path(_ relative: String) -> String {
    packageRoot.appendingPathComponent(relative).path
  }

  static let sampleCSV = path("samples/accounts.csv")
  static let sampleJSON = path("samples/accounts.json")

  /// Runs review with the arguments and standard input, in the package folder, with its
  /// state and config folders in a fresh temporary folder.
  static func run(
    _ arguments: [String], input: String = "", environment: [String: String] = [:],
    folder: String? = nil
  ) throws
    -> Outcome
  {
    let process = Process()
    process.executableURL = executable
    process.arguments = arguments
    process.currentDirectoryURL = folder.map { URL(fileURLWithPath: $0) } ?? packageRoot

    let home = try TemporaryFolder()
    var variables = ProcessInfo.processInfo.environment
    variables["XDG_STATE_HOME"] = home.path + "/state"
    variables["XDG_CONFIG_HOME"] = home.path + "/config"
    variables["XDG_DATA_HOME"] = home.path + "/data"
    variables.removeValue(forKey: "NO_COLOR")
    for (key, value) in environment { variables[key] = value }
    process.environment = variables

    let inputPipe = Pipe()
    let outputPipe = Pipe()
    let errorPipe = Pipe()
    process.standardInput = inputPipe
    process.standardOutput = outputPipe
    process.standardError = errorPipe
    try process.run()

    // Read both pipes while the process runs, so that a full pipe cannot stall it.
    let reader = PipeReader(output: outputPipe, errors: errorPipe)
    inputPipe.fileHandleForWriting.write(Data(input.utf8))
    try inputPipe.fileHandleForWriting.close()
    process.waitUntilExit()
    let (output, errors) = reader.wait()
    return Outcome(
      status: process.terminationStatus,
      standardOutput: String(decoding: output, as: UTF8.self),
      standardError: String(decoding: errors, as: UTF8.self))
  }

  /// Runs a shell command line (for pipelines such as `review … | head -1`) in the
  /// package folder, with `$REVIEW` set to the executable.
  static func shell(_ command: String) throws -> Outcome {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/bin/bash")
    process.arguments = ["-c", command]
    process.currentDirectoryURL = packageRoot
    // The commands run with their own state, config and data folders, so that nothing
    // they do reaches the user's history, segments or journal.
    let home = try TemporaryFolder()
    var variables = ProcessInfo.processInfo.environment
    variables["REVIEW"] = executable.path
    variables["XDG_STATE_HOME"] = home.path + "/state"
    variables["XDG_CONFIG_HOME"] = home.path + "/config"
    variables["XDG_DATA_HOME"] = home.path + "/data"
    process.environment = variables
    let outputPipe = Pipe()
    let errorPipe = Pipe()
    process.standardOutput = outputPipe
    process.standardError = errorPipe
    process.standardInput = FileHandle.nullDevice
    try process.run()
    let reader = PipeReader(output: outputPipe, errors: errorPipe)
    process.waitUntilExit()
    let (output, errors) = reader.wait()
    return Outcome(
      status: process.terminationStatus,
      standardOutput: String(decoding: output, as: UTF8.self),
      standardError: String(decoding: errors, as: UTF8.self))
  }
}

/// Reads a process's standard output and error at the same time, so that a full pipe
/// cannot stall the process while the other one is read.
final class PipeReader: @unchecked Sendable {
  private let group = DispatchGroup()
  private var output = Data()
  private var errors = Data()

  init(output outputPipe: Pipe, errors errorPipe: Pipe) {
    group.enter()
    DispatchQueue.global().async {
      self.output = outputPipe.fileHandleForReading.readDataToEndOfFile()
      self.group.leave()
    }
    group.enter()
    DispatchQueue.global().async {
      self.errors = errorPipe.fileHandleForReading.readDataToEndOfFile()
      self.group.leave()
    }
  }

  /// Waits for both pipes to reach their end, and returns what each one carried.
  func wait() -> (output: Data, errors: Data) {
    group.wait()
    return (output, errors)
  }
}

/// A folder under the system's temporary folder, removed when the value goes away.
final class TemporaryFolder {
  let path: String

  init() throws {
    let base = FileManager.default.temporaryDirectory.appendingPathComponent(
      "review-tests-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: base, withIntermediateDirectories: true)
    path = base.path
  }

  deinit {
    try? FileManager.default.removeItem(atPath: path)
  }

  func file(_ name: String) -> String {
    path + "/" + name
  }

  @discardableResult
  func write(_ name: String, _ contents: String) throws -> String {
    let target = file(name)
    try contents.write(toFile: target, atomically: true, encoding: .utf8)
    return target
  }
}
