import Foundation
import ReviewBook
import Testing

@testable import ReviewLoader

/// Loads text as the file `name` would be loaded, so the name's extension picks the format.
func load(
  _ text: String, name: String = "accounts.csv", options: LoadOptions = LoadOptions()
) throws -> LoadResult {
  try Loader.load(text: text, name: name, options: options)
}

/// Returns the error that loading the text raises, or nil when it loads.
func loadError(
  _ text: String, name: String = "accounts.csv", options: LoadOptions = LoadOptions()
) -> LoadError? {
  do {
    _ = try Loader.load(text: text, name: name, options: options)
    return nil
  } catch {
    return error
  }
}

/// Returns the error that loading the files raises, or nil when they load.
func loadError(paths: [String], options: LoadOptions = LoadOptions()) -> LoadError? {
  do {
    _ = try Loader.load(paths: paths, options: options)
    return nil
  } catch {
    return error
  }
}

extension Book {
  /// Returns every cell of a field, or an empty list (with a recorded issue) when the book
  /// has no such field.
  func values(
    of name: String, sourceLocation: SourceLocation = #_sourceLocation
  ) -> [Value] {
    guard let index = index(ofField: name) else {
      Issue.record("no field \(name) among \(fields.map(\.name))", sourceLocation: sourceLocation)
      return []
    }
    return (0..<count).map { columns[index].value(at: $0) }
  }

  func field(named name: String) -> Field? {
    index(ofField: name).map { fields[$0] }
  }

  var fieldNames: [String] { fields.map(\.name) }
}

/// Returns a date value for a valid calendar date.
func day(_ year: Int, _ month: Int, _ dayOfMonth: Int) -> Value {
  .date(Day(year: year, month: month, day: dayOfMonth)!)
}

/// A folder under the system's temporary directory, removed when the value is released.
final class TemporaryFolder {
  let path: String

  init() throws {
    let base = FileManager.default.temporaryDirectory.path
    path = base + "/review-loader-tests-" + UUID().uuidString
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
  }

  deinit {
    try? FileManager.default.removeItem(atPath: path)
  }

  /// Writes the bytes to a file in the folder and returns its path.
  func write(_ name: String, bytes: [UInt8]) throws -> String {
    let file = path + "/" + name
    try Data(bytes).write(to: URL(fileURLWithPath: file))
    return file
  }

  func write(_ name: String, text: String) throws -> String {
    try write(name, bytes: Array(text.utf8))
  }
}
