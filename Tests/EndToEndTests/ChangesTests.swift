import Foundation
import Testing

/// Two loads of the sample book on two days, the second with edited values: `changes` and
/// the segments that compare snapshots must say what a person comparing the files would.
@Suite("Changes between two loads")
struct ChangesTests {
  /// The sample with three accounts edited: ACC-1001 from Red 25.0 to Green 85.0,
  /// ACC-1010 from Yellow 49.4 to Red 12.5, and ACC-1005's ARR raised to $999,000.
  static func editedSample(in folder: TemporaryFolder) throws -> String {
    var text = try String(contentsOfFile: ReviewProcess.sampleCSV, encoding: .utf8)
    var lines = text.components(separatedBy: "\r\n")
    func edit(_ id: String, _ change: (inout [String]) -> Void) {
      guard let index = lines.firstIndex(where: { $0.hasPrefix(id + ",") }) else { return }
      var fields = Self.split(lines[index])
      change(&fields)
      lines[index] = fields.map {
        $0.contains(",") || $0.contains("\"")
          ? "\"" + $0.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : $0
      }
      .joined(separator: ",")
    }
    edit("ACC-1001") { fields in
      fields[4] = "85.0"
      fields[5] = "Green"
    }
    edit("ACC-1010") { fields in
      fields[4] = "12.5"
      fields[5] = "Red"
    }
    edit("ACC-1005") { fields in fields[6] = "$999,000" }
    text = lines.joined(separator: "\r\n")
    return try folder.write("edited.csv", text)
  }

  /// Splits one CSV line of the sample, whose quoted fields hold no line breaks.
  static func split(_ line: String) -> [String] {
    var fields: [String] = []
    var current = ""
    var quoted = false
    var iterator = Array(line).makeIterator()
    var pending: Character? = nil
    while let character = pending ?? iterator.next() {
      pending = nil
      if quoted {
        if character == "\"" {
          if let next = iterator.next() {
            if next == "\"" { current.append("\"") } else { quoted = false; pending = next }
          } else {
            quoted = false
          }
        } else {
          current.append(character)
        }
      } else if character == "\"" {
        quoted = true
      } else if character == "," {
        fields.append(current)
        current = ""
      } else {
        current.append(character)
      }
    }
    fields.append(current)
    return fields
  }

  /// A file edited in place after the day's first load is loaded anew, and its snapshot
  /// replaces the first one, even though the journal skips hashing an unchanged file.
  @Test func fileEditedInPlaceReplacesDaySnapshot() throws {
    let folder = try TemporaryFolder()
    let original = try String(contentsOfFile: ReviewProcess.sampleCSV, encoding: .utf8)
    let edited = try String(contentsOfFile: Self.editedSample(in: folder), encoding: .utf8)
    let book = try folder.write("book.csv", original)
    let journal = folder.file("journal.sqlite")
    func load(_ today: String, _ command: String = "summary") throws -> ReviewProcess.Outcome {
      let outcome = try ReviewProcess.run([
        book, "--today", today, "--journal", journal, "-q", "-c", command,
      ])
      #expect(outcome.status == 0, "\(outcome.standardError)")
      return outcome
    }
    // A file changed in the last two seconds is hashed, so the waits let the fingerprint
    // of the file count.
    Thread.sleep(forTimeInterval: 2.2)
    _ = try load("2022-02-01")
    _ = try load("2022-02-01")
    _ = try folder.write("book.csv", edited)
    Thread.sleep(forTimeInterval: 2.2)
    _ = try load("2022-02-01")

    // Compared with the edited file of 1 February, the same file a day later shows no
    // change of status, health or ARR.
    let changes = try load("2022-02-02", "changes as csv")
    let kinds = changes.standardOutput.split(separator: "\r\n").dropFirst().map {
      $0.split(separator: ",")[1]
    }
    #expect(!kinds.isEmpty)
    #expect(!kinds.contains { $0 == "status" || $0 == "arr" || $0.hasPrefix("health") })
  }

  /// A snapshot keeps the first of rows that share an id, so only that row is compared:
  /// the second row's values are never taken for changes of the first.
  @Test func repeatedIdComparesFirstRowOnly() throws {
    let folder = try TemporaryFolder()
    let journal = folder.file("journal.sqlite")
    let first = try folder.write(
      "day1.csv",
      "id,name,arr,health\nACC-1,Acme,100000,93\nACC-1,Acme West,101000,0\nACC-2,Beta,5000,50\n")
    let second = try folder.write(
      "day2.csv",
      "id,name,arr,health\nACC-1,Acme,100000,43\nACC-1,Acme West,101000,50\nACC-2,Beta,5000,50\n")
    let loaded = try ReviewProcess.run([
      first, "--today", "2022-02-01", "--journal", journal, "-q", "-c", "summary",
    ])
    #expect(loaded.status == 0, "\(loaded.standardError)")

    let changes = try ReviewProcess.run([
      second, "--today", "2022-02-02", "--journal", journal, "-c", "changes as csv",
    ])

    #expect(changes.status == 0, "\(changes.standardError)")
    #expect(
      changes.standardOutput
        == "account,arr,change,before,now\r\nAcme,100000,status,green,yellow\r\nAcme,100000,health fell below 80,93,43\r\n"
    )
    #expect(
      changes.standardError.contains(
        "1 row repeats the id of an earlier row, and a snapshot keeps only the first row of each id, so its changes are not shown"
      ))
  }

  @Test func changesMatchComparison() throws {
    let folder = try TemporaryFolder()
    let edited = try Self.editedSample(in: folder)
    let journal = folder.file("journal.sqlite")
    let first = try ReviewProcess.run([
      ReviewProcess.sampleCSV, "--today", "2022-02-01", "--journal", journal, "-c", "summary",
    ])
    #expect(first.status == 0, "\(first.standardError)")

    let oracle = ReviewProcess.path("Tests/EndToEndTests/Oracles/changes.py")
    let expected = try ReviewProcess.shell(
      "python3 '\(oracle)' '\(ReviewProcess.sampleCSV)' 2022-02-01 '\(edited)' 2022-03-01")
    try #require(expected.status == 0, "\(expected.standardError)")

    let changes = try ReviewProcess.run([
      edited, "--today", "2022-03-01", "--journal", journal, "-c", "changes as json",
    ])
    #expect(changes.status == 0, "\(changes.standardError)")
    let rows =
      try JSONSerialization.jsonObject(with: Data(changes.standardOutput.utf8)) as? [[String: Any]]
      ?? []
    let names = try Self.namesByID()
    func text(_ value: Any?) -> String {
      switch value {
      case let number as NSNumber:
        return number.doubleValue == number.doubleValue.rounded()
          ? String(Int(number.doubleValue)) : "\(number)"
      case let string as String: return string
      default: return ""
      }
    }
    let actual = rows.map { row -> String in
      let name = row["account"] as? String ?? ""
      let id = names[name] ?? name
      return "\(id)|\(text(row["change"]))|\(text(row["before"]))|\(text(row["now"]))"
    }.sorted()
    let wanted = expected.standardOutput.split(separator: "\n").map(String.init)
    #expect(actual == wanted)
    #expect(wanted.contains("ACC-1001|status|red|green"))
    #expect(wanted.contains("ACC-1005|arr|304200|999000"))
    #expect(wanted.contains("ACC-1010|status|yellow|red"))
    #expect(wanted.contains("ACC-1010|health fell below 40|49.4|12.5"))

    let newlyRed = try ReviewProcess.run([
      edited, "--today", "2022-03-01", "--journal", journal, "-c",
      "segment newly red show id as csv",
    ])
    #expect(newlyRed.standardOutput == "id\r\nACC-1010\r\n")
    let improved = try ReviewProcess.run([
      edited, "--today", "2022-03-01", "--journal", journal, "-c",
      "segment improved show id as csv",
    ])
    #expect(improved.standardOutput.contains("ACC-1001"))
    let dropped = try ReviewProcess.run([
      edited, "--today", "2022-03-01", "--journal", journal, "-c", "segment dropped show id as csv",
    ])
    #expect(dropped.standardOutput == "id\r\nACC-1010\r\n")
  }

  static func namesByID() throws -> [String: String] {
    let text = try String(contentsOfFile: ReviewProcess.sampleCSV, encoding: .utf8)
    var table: [String: String] = [:]
    for line in text.components(separatedBy: "\r\n").dropFirst() where !line.isEmpty {
      let fields = split(line)
      table[fields[1]] = fields[0]
    }
    return table
  }
}
