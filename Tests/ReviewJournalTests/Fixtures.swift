import CSQLite
import Foundation
import ReviewBook

@testable import ReviewJournal

/// A fresh temporary directory, removed with everything in it when released.
final class TemporaryDirectory {
  let path: String

  init() throws {
    let base = FileManager.default.temporaryDirectory.path
    path = base + "/review-journal-tests-" + UUID().uuidString
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: false)
  }

  deinit {
    try? FileManager.default.removeItem(atPath: path)
  }

  /// Returns the path of `name` inside the directory, `journal.db` by default.
  func file(_ name: String = "journal.db") -> String {
    path + "/" + name
  }
}

/// Days used across the tests, in February and March 2022.
enum Days {
  static let feb1 = Day(year: 2022, month: 2, day: 1)!
  static let feb5 = Day(year: 2022, month: 2, day: 5)!
  static let feb10 = Day(year: 2022, month: 2, day: 10)!
  static let feb14 = Day(year: 2022, month: 2, day: 14)!
  static let feb15 = Day(year: 2022, month: 2, day: 15)!
  static let mar1 = Day(year: 2022, month: 3, day: 1)!
}

enum Accounts {
  static let payPal = AccountReference(key: "A-100", name: "PayPal")
  static let acme = AccountReference(key: "A-200", name: "Acme Corp")
}

/// Returns the bytes of a file, or nil when it cannot be read.
func contents(of path: String) -> Data? {
  FileManager.default.contents(atPath: path)
}

/// Runs an integer pragma or query on a connection of its own, to check what the file stores.
func queryInteger(_ sql: String, in path: String) throws -> Int64? {
  let connection = try Connection(path: path, flags: SQLITE_OPEN_READONLY)
  return try connection.integer(sql)
}
