import ReviewBook
import Testing

@testable import ReviewLoader

/// The outcome of loading a text: the fields, every cell and the warnings, or the error.
struct LoadOutcome: Equatable, CustomStringConvertible {
  var fields: [Field] = []
  var cells: [[Value]] = []
  var warnings: [LoadWarning] = []
  var error: LoadError?

  var description: String {
    if let error { return error.description }
    return "\(fields.map(\.name)) \(cells.count) columns \(warnings)"
  }
}

/// Loads text as the file `name`, with the body split into parts of `partSize` bytes.
func loadInParts(
  _ text: String, name: String = "accounts.csv", partSize: Int, threads: Int,
  options: LoadOptions = LoadOptions()
) -> LoadOutcome {
  let source = SourceText(name: name, text: text)
  let partition = CSVLoader.Partition(partSize: partSize, threadCount: threads)
  do {
    let (book, warnings, _) =
      name.hasSuffix(".csv")
      ? try CSVLoader.load(source, options: options, partition: partition)
      : try JSONLoader.load(source, options: options, partition: partition)
    let cells = book.columns.map { column in (0..<book.count).map { column.value(at: $0) } }
    return LoadOutcome(fields: book.fields, cells: cells, warnings: warnings)
  } catch {
    return LoadOutcome(error: error)
  }
}

/// Inputs whose line ends, quotes and blank rows make parts start in awkward places.
let trickyCSV: [(String, String)] = [
  (
    "quoted line breaks",
    "id,name,notes,arr\n1,\"Acme\",\"one\ntwo\n3,\"\"not a row\"\",x\",$5\n"
      + "2,Globex,\"\n\n\",$6\n3,Initech,\"a,b\nc\",7k\n"
  ),
  (
    "CRLF and lone CR",
    "\u{FEFF}id,name,arr\r\n1,Acme,$5\r\n\r\n2,\"Glo\r\nbex\",$6\r3,Initech,$7\r\n"
  ),
  (
    "blank rows and repeated header",
    "\n\nid,name,arr\n\n1,Acme,5\n \n,,\n\nID,Name,ARR\n2,Globex,6\n\n\"id\",name,arr\n3,I,7\n"
  ),
  (
    "inferred column turns text late",
    "id,Seats,Kickoff,Active,Region\n1,10,2021-01-05,yes,EMEA\n2,20,May 1 2016,no,APAC\n"
      + "3,,-,,EMEA\n4,2.5,2021-02-01,yes,\n5,many,2021-03-01,n/a,emea\n"
  ),
  (
    "doubled quotes and spaces",
    "id,name,csm\n1,  \"He said \"\"hi\"\"\" ,Maria Fell\n2,5\" screen,  Jo Park\n"
      + "3,\"\"\"\",\"maria fell\"\n"
  ),
]

@Suite struct PartitionedCSVTests {
  static let partSizes = [1, 2, 3, 5, 8, 13, 32]

  @Test(arguments: trickyCSV)
  func partsGiveTheSequentialBook(label: String, text: String) {
    let whole = loadInParts(text, partSize: 1 << 30, threads: 1)
    #expect(whole.error == nil, "\(label): \(whole)")
    for partSize in Self.partSizes {
      for threads in [1, 2] {
        let parts = loadInParts(text, partSize: partSize, threads: threads)
        #expect(parts == whole, "\(label), parts of \(partSize) bytes on \(threads) threads")
      }
    }
  }

  @Test func raggedRowsInParts() {
    let text = "id,name,arr,csm\n1,Acme\n2,Globex,$6\n3,\"Ini\ntech\",$7,Jo\n"
    var options = LoadOptions()
    options.padsShortRows = true
    let whole = loadInParts(text, partSize: 1 << 30, threads: 1, options: options)
    #expect(whole.error == nil)
    for partSize in Self.partSizes {
      #expect(loadInParts(text, partSize: partSize, threads: 2, options: options) == whole)
    }
  }

  @Test(arguments: [
    ("id,name\n1,Acme\n2,\"Glo\nbex\",extra\n3,x\n", "accounts.csv:3:1: error: this row has 3"),
    ("id,arr\n1,$5\n2,$6\n3,\"lots\"\n", "accounts.csv:4:4: error: arr must be an amount"),
    ("id,name\n1,Acme\n2,\"never closed\n3,x\n", "accounts.csv:3:3: error: a quoted field opens"),
    ("id,name\n1,Acme\n2,\"Glo\"bex\n", "accounts.csv:3:8: error: unexpected text after"),
    ("id,renewal_date\n1,05/01/2016\n2,06/02/2016\n", "accounts.csv:2:3: error: cannot tell"),
  ])
  func errorsNameTheSamePlace(text: String, prefix: String) throws {
    let whole = loadInParts(text, partSize: 1 << 30, threads: 1)
    let error = try #require(whole.error)
    #expect(error.description.hasPrefix(prefix), "\(error)")
    for partSize in Self.partSizes {
      for threads in [1, 2] {
        let parts = loadInParts(text, partSize: partSize, threads: threads)
        #expect(parts.error == error, "parts of \(partSize) bytes on \(threads) threads")
      }
    }
  }

  @Test func partStartsFollowLineEnds() throws {
    let text = "id,name\n1,\"a\nb\"\n2,c\r\n3,d\r4,e\n"
    let source = SourceText(name: "accounts.csv", text: text)
    let reader = CSVRecordReader(
      bytes: source.bytes, delimiter: UInt8(ascii: ","), headerKeys: ["id", "name"],
      padsShortRows: false)
    var read = CSVPartitionedRead(reader: reader, source: source, bodyStart: 8, bodyLine: 2)
    read.partSize = 4
    // After each multiple of four bytes past the body start, the next line start: the one
    // inside the quoted field is a wrong guess, which reading the parts corrects.
    #expect(read.partStarts() == [8, 13, 21, 25])
  }

  @Test func nulByteInALaterPartIsFound() throws {
    let folder = try TemporaryFolder()
    var bytes = Array("id,name\n".utf8)
    for row in 0..<200 { bytes += Array("\(row),Account \(row)\n".utf8) }
    let offset = bytes.count - 5
    bytes[offset] = 0
    let path = try folder.write("accounts.csv", bytes: bytes)
    let partition = CSVLoader.Partition(partSize: 64, threadCount: 2)
    do {
      _ = try CSVLoader.load(
        try SourceText(path: path), options: LoadOptions(), partition: partition)
      Issue.record("a file with a NUL byte loaded")
    } catch {
      #expect(error.message == "the file contains a NUL byte, so it is not a text export")
      #expect(error.line == 201)
    }
  }

  @Test func latin1InALaterPartIsConverted() throws {
    let folder = try TemporaryFolder()
    var bytes = Array("id,name\n".utf8)
    for row in 0..<100 { bytes += Array("\(row),Account \(row)\n".utf8) }
    bytes += [0x31, 0x30, 0x30, 0x2C, 0x43, 0x61, 0x66, 0xE9, 0x0A]  // 100,Café in Latin-1
    let path = try folder.write("accounts.csv", bytes: bytes)
    let partition = CSVLoader.Partition(partSize: 64, threadCount: 2)
    let (book, warnings, _) = try CSVLoader.load(
      try SourceText(path: path), options: LoadOptions(), partition: partition)
    #expect(book.count == 101)
    #expect(book.values(of: "name").last == .text("Café"))
    #expect(
      warnings.map(\.description) == [
        "\(path):102:8: warning: byte 0xE9 here is not valid UTF-8, so the file is read as Windows-1252 (Latin-1)"
      ])
  }

  @Test func strayByteInALaterPartIsReplaced() throws {
    let folder = try TemporaryFolder()
    var bytes = Array("id,name\n".utf8)
    for row in 0..<100 { bytes += Array("\(row),Zoë \(row)\n".utf8) }
    bytes += Array("100,Caf".utf8) + [0xE9] + Array("\n101,東京\n".utf8)
    let path = try folder.write("accounts.csv", bytes: bytes)
    let partition = CSVLoader.Partition(partSize: 64, threadCount: 2)
    let (book, warnings, _) = try CSVLoader.load(
      try SourceText(path: path), options: LoadOptions(), partition: partition)
    #expect(book.count == 102)
    #expect(book.values(of: "name").first == .text("Zoë 0"))
    #expect(book.values(of: "name").suffix(2) == [.text("Caf\u{FFFD}"), .text("東京")])
    #expect(
      warnings.map(\.description) == [
        "\(path):102:8: warning: byte 0xE9 here is not valid UTF-8, so it is replaced with U+FFFD; the rest of the file is read as UTF-8"
      ])
  }
}

@Suite struct PartitionedJSONTests {
  static let lines = """
    {"id": "1", "name": "Acme", "arr": 5000}
    {"id": "2", "name": "Glo\\nbex", "attributes": {"tier": "gold"}, "arr": "6k"}
    {
      "id": "3", "name": "Initech",
      "tags": ["a", "b"]
    }
    {"name": "Umbrella", "id": "4", "na\\u006De": "Umbrella Corp", "strategic": true}

    {"id": "5", "new key": 7, "arr": null}

    """

  @Test func partsGiveTheSequentialBook() {
    let whole = loadInParts(Self.lines, name: "accounts.jsonl", partSize: 1 << 30, threads: 1)
    #expect(whole.error == nil, "\(whole)")
    #expect(whole.fields.map(\.name).contains("new key"))
    for partSize in [1, 2, 7, 16, 50] {
      for threads in [1, 2] {
        let parts = loadInParts(
          Self.lines, name: "accounts.jsonl", partSize: partSize, threads: threads)
        #expect(parts == whole, "parts of \(partSize) bytes on \(threads) threads")
      }
    }
  }

  @Test(arguments: [
    "{\"id\": \"1\"}\n{\"id\": \"2\",}\n{\"id\": \"3\"}\n",
    "{\"id\": \"1\"}\n[1]\n",
    "{\"id\": \"1\", \"arr\": 5}\n{\"id\": \"2\", \"arr\": \"lots\"}\n{\"id\": \"3\", \"health\": \"x\"}\n",
  ])
  func errorsNameTheSamePlace(text: String) throws {
    let whole = loadInParts(text, name: "accounts.jsonl", partSize: 1 << 30, threads: 1)
    let error = try #require(whole.error)
    for partSize in [1, 3, 9] {
      let parts = loadInParts(text, name: "accounts.jsonl", partSize: partSize, threads: 2)
      #expect(parts.error == error, "parts of \(partSize) bytes")
    }
  }
}

@Suite struct JSONColumnsInPartsTests {
  static let partSizes = [1, 64, 700, 4096]

  /// JSON Lines of `count` accounts, whose later records bring keys that earlier ones lack.
  static func lines(_ count: Int) -> String {
    var text = ""
    for row in 1...count {
      var members = ["\"id\": \"A\(row)\"", "\"name\": \"Account \(row)\""]
      if row % 3 == 0 { members.append("\"arr\": \(row * 100)") }
      if row >= 150 {
        members.append("\"late\": {\"tier\": \"t\(row % 4)\", \"tags\": [\(row), \"x\"]}")
      }
      if row == 170 { members.append("\"name\": \"Re\\u006eamed\"") }
      if row >= 190 { members.append("\"Seats\": \"\(row % 7 == 0 ? "many" : String(row))\"") }
      text += "{" + members.joined(separator: ", ") + "}\n"
    }
    return text
  }

  @Test func keysFirstMetInLaterParts() throws {
    let text = Self.lines(240)
    let whole = loadInParts(text, name: "accounts.jsonl", partSize: 1 << 30, threads: 1)
    #expect(whole.error == nil, "\(whole)")
    #expect(whole.fields.map(\.name) == ["id", "name", "arr", "late.tier", "late.tags", "Seats"])
    #expect(whole.fields.map(\.type) == [.text, .text, .money, .text, .text, .text])
    #expect(whole.cells[1][169] == .text("Renamed"))
    #expect(whole.cells[2][0] == .missing)
    #expect(whole.cells[2][2] == .money(cents: 30_000))
    #expect(whole.cells[3][148] == .missing)
    #expect(whole.cells[3][149] == .text("t2"))
    #expect(whole.cells[4][239] == .text(#"[240,"x"]"#))
    #expect(whole.cells[5][188] == .missing)
    #expect(whole.cells[5][189] == .text("190"))
    for partSize in Self.partSizes {
      for threads in [1, 2] {
        let parts = loadInParts(text, name: "accounts.jsonl", partSize: partSize, threads: threads)
        #expect(parts == whole, "parts of \(partSize) bytes on \(threads) threads")
      }
    }
  }

  @Test func arrayGivesTheBookOfItsLines() throws {
    let text = Self.lines(240)
    let array = "[\n" + text.split(separator: "\n").joined(separator: ",\n") + "\n]\n"
    let lines = loadInParts(text, name: "accounts.jsonl", partSize: 700, threads: 2)
    let whole = loadInParts(array, name: "accounts.json", partSize: 700, threads: 2)
    #expect(whole.error == nil, "\(whole)")
    #expect(whole.fields == lines.fields)
    #expect(whole.cells == lines.cells)
    // Record 170 repeats its name, one line further down in the array.
    #expect(lines.warnings.map(\.description).first?.hasPrefix("accounts.jsonl:170:91: ") == true)
    #expect(whole.warnings.map(\.description).first?.hasPrefix("accounts.json:171:91: ") == true)
    #expect(whole.warnings.map(\.message) == lines.warnings.map(\.message))
  }

  @Test func prettyArrayInParts() throws {
    let records = Self.lines(240).split(separator: "\n").map { record in
      "  "
        + record.split(separator: ", ", omittingEmptySubsequences: false)
        .joined(separator: ",\n    ")
    }
    let array = "[\n" + records.joined(separator: ",\n") + "\n]\n"
    let whole = loadInParts(array, name: "accounts.json", partSize: 1 << 30, threads: 1)
    #expect(whole.error == nil, "\(whole)")
    #expect(whole.cells.first?.count == 240)
    for partSize in Self.partSizes {
      let parts = loadInParts(array, name: "accounts.json", partSize: partSize, threads: 2)
      #expect(parts == whole, "parts of \(partSize) bytes")
    }
  }

  @Test func wrapperArrayEndsBeforeLaterArrays() throws {
    let records = Self.lines(240).split(separator: "\n")
    let wrapper =
      "{\"accounts\": [\n" + records.joined(separator: ",\n") + "\n],\n\"more\": [\n"
      + records.joined(separator: ",\n") + "\n]}\n"
    let lines = loadInParts(Self.lines(240), name: "accounts.jsonl", partSize: 1 << 30, threads: 1)
    for partSize in [64, 4096] {
      let parts = loadInParts(wrapper, name: "accounts.json", partSize: partSize, threads: 2)
      #expect(parts.fields == lines.fields, "parts of \(partSize) bytes")
      #expect(parts.cells == lines.cells, "parts of \(partSize) bytes")
      #expect(
        parts.warnings.map(\.message) == [
          "the file also holds account-like arrays under \"more\", which are not read; only the array under \"accounts\" is read",
          "this account has the key \"name\" more than once, and only its last value is kept; check the export if the values differ",
        ])
    }
  }

  @Test(arguments: [
    ("{\"id\": \"1\"},\n", "accounts.json:200:1: error: expected an account object in the array"),
    (
      "{\"id\": \"1\"}\n{\"id\": \"2\"}]",
      "accounts.json:200:1: error: expected ',' or ']' after an account, found '{'"
    ),
    (
      "{\"id\": \"1\"},\n{\"id\": \"2\"}",
      "accounts.json:200:12: error: the JSON ends early; expected ',' or ']'"
    ),
    (
      "{\"id\": \"1\"}] x",
      "accounts.json:199:14: error: unexpected text after the end of the JSON value"
    ),
  ])
  func arrayErrorsNameTheSamePlace(ending: String, prefix: String) throws {
    var text = "["
    for row in 2..<200 { text += "{\"id\": \"\(row)\", \"arr\": \(row)},\n" }
    text += ending
    for partSize in [1 << 30, 1, 64, 700] {
      let outcome = loadInParts(text, name: "accounts.json", partSize: partSize, threads: 2)
      let error = try #require(outcome.error, "parts of \(partSize) bytes")
      #expect(error.description.hasPrefix(prefix), "parts of \(partSize) bytes: \(error)")
    }
  }

  @Test func partStartsFollowTheFirstRecordsIndent() throws {
    let text = "[\n  {\"a\": 1,\n    \"b\":\n      {\"c\": 2}},\n  {\"a\": 3},\n    {\"a\": 4}]"
    let source = SourceText(name: "accounts.json", text: text)
    var read = JSONPartitionedRead(source: source, start: 4, isArray: true)
    read.partSize = 1
    // Only lines that start with `{` indented by two spaces, as the first record is, start a
    // part; the nested `{` and the record indented by four do not.
    #expect(read.partStarts() == [4, 39])
  }

  /// 600 accounts whose `arr` key is read as money until the key `Total`, which `--map`
  /// names `arr`, appears near the end: `arr` is then loaded as `arr_2`, a plain number.
  @Test func mapOfALaterKeyRenamesAnEarlierColumn() throws {
    var text = ""
    for row in 1...600 {
      text +=
        "{\"id\": \"A\(row)\", \"arr\": \(row * 10)\(row >= 580 ? ", \"Total\": \(row)" : "")}\n"
    }
    let array = "[" + text.split(separator: "\n").joined(separator: ",") + "]"
    var options = LoadOptions()
    options.mappings = [("Total", "arr")]
    let whole = loadInParts(
      text, name: "accounts.jsonl", partSize: 1 << 30, threads: 1, options: options)
    #expect(whole.error == nil, "\(whole)")
    #expect(whole.fields.map(\.name) == ["id", "arr_2", "arr"])
    #expect(whole.cells[1][0] == .number(10))
    #expect(whole.cells[2][578] == .missing)
    #expect(whole.cells[2][579] == .money(cents: 58_000))
    #expect(
      whole.warnings.map(\.message).contains(
        "column 2 (\"arr\") has the name that --map gives to column 3 (\"Total\"); it is loaded as arr_2"
      ))
    for partSize in [64, 4096] {
      for threads in [1, 2] {
        let parts = loadInParts(
          text, name: "accounts.jsonl", partSize: partSize, threads: threads, options: options)
        #expect(parts == whole, "parts of \(partSize) bytes on \(threads) threads")
      }
    }
    let fromArray = loadInParts(
      array, name: "accounts.json", partSize: 64, threads: 2, options: options)
    #expect(fromArray.fields == whole.fields && fromArray.cells == whole.cells)
  }

  /// A cell that its column cannot read is reported as when the columns are filled one
  /// after another: the first column that has one, even if a later column fails earlier.
  @Test func failingCellOfTheFirstColumnIsReported() throws {
    var text = ""
    for row in 1...300 {
      let arr = row == 260 ? "\"lots\"" : "5"
      let health = row == 40 ? "\"x\"" : "50"
      text += "{\"id\": \"\(row)\", \"arr\": \(arr), \"health\": \(health)}\n"
    }
    for partSize in [1 << 30, 64, 4096] {
      for threads in [1, 2] {
        let outcome = loadInParts(
          text, name: "accounts.jsonl", partSize: partSize, threads: threads)
        let error = try #require(outcome.error)
        #expect(
          error.description.hasPrefix(
            "accounts.jsonl:260:22: error: arr must be an amount of money, but the cell in column \"arr\" is \"lots\""
          ), "parts of \(partSize) bytes on \(threads) threads: \(error)")
      }
    }
  }

  @Test func warningsNameTheLinesOfLaterRecords() throws {
    var records: [String] = []
    for row in 1...300 {
      let day = row % 28 + 1
      let kickoff = row == 250 ? "2022-02-30" : "2022-01-\(day < 10 ? "0" : "")\(day)"
      records.append("{\"id\": \"\(row)\",\n \"kickoff\": \"\(kickoff)\"}")
    }
    let text = records.joined(separator: "\n") + "\n"
    let expected =
      "column \"kickoff\" looks like dates, but \"2022-02-30\" on line 500 is not a date in the calendar; it is loaded as text"
    for partSize in [1 << 30, 64, 4096] {
      let outcome = loadInParts(text, name: "accounts.jsonl", partSize: partSize, threads: 2)
      #expect(outcome.warnings.map(\.message) == [expected], "parts of \(partSize) bytes")
    }
    let array = "[" + records.joined(separator: ",\n") + "]"
    let fromArray = loadInParts(array, name: "accounts.json", partSize: 64, threads: 2)
    #expect(fromArray.warnings.map(\.message) == [expected])
  }

  @Test func tooManyKeysAcrossParts() throws {
    var text = ""
    for row in 0..<11 {
      text += "{" + (0..<1000).map { "\"k\(row)_\($0)\": 1" }.joined(separator: ", ") + "}\n"
    }
    for partSize in [1 << 30, 4096] {
      let outcome = loadInParts(text, name: "accounts.jsonl", partSize: partSize, threads: 2)
      #expect(
        outcome.error?.description
          == "accounts.jsonl:1:1: error: the accounts have 11,000 fields, more than the 10,000 review reads\n  hint: export only the fields the review needs"
      )
      // A syntax error anywhere comes first.
      let broken = loadInParts(
        text + "{\"id\": }\n", name: "accounts.jsonl", partSize: partSize, threads: 2)
      #expect(
        broken.error?.description == "accounts.jsonl:12:8: error: expected a value, found '}'")
    }
  }

  @Test func nulByteInALaterPartIsFound() throws {
    let folder = try TemporaryFolder()
    var bytes: [UInt8] = []
    for row in 0..<200 {
      bytes += Array("{\"id\": \"\(row)\", \"name\": \"Account \(row)\"}\n".utf8)
    }
    bytes[bytes.count - 5] = 0
    let path = try folder.write("accounts.jsonl", bytes: bytes)
    let partition = CSVLoader.Partition(partSize: 64, threadCount: 2)
    do {
      _ = try JSONLoader.load(
        try SourceText(path: path), options: LoadOptions(), partition: partition)
      Issue.record("a file with a NUL byte loaded")
    } catch {
      #expect(error.message == "the file contains a NUL byte, so it is not a text export")
      #expect(error.line == 200)
    }
  }

  @Test(arguments: ["accounts.jsonl", "accounts.json"])
  func latin1InALaterPartIsConverted(name: String) throws {
    let folder = try TemporaryFolder()
    var lines: [[UInt8]] = []
    for row in 0..<100 {
      lines.append(Array("{\"id\": \"\(row)\", \"name\": \"Account \(row)\"}".utf8))
    }
    // {"id": "100", "name": "Café"} in Latin-1
    lines.append(Array("{\"id\": \"100\", \"name\": \"Caf".utf8) + [0xE9] + Array("\"}".utf8))
    let bytes =
      name.hasSuffix(".jsonl")
      ? Array(lines.joined(separator: [0x0A])) + [0x0A]
      : [0x5B] + Array(lines.joined(separator: [0x2C, 0x0A])) + [0x5D]
    let path = try folder.write(name, bytes: bytes)
    let partition = CSVLoader.Partition(partSize: 64, threadCount: 2)
    let (book, warnings, _) = try JSONLoader.load(
      try SourceText(path: path), options: LoadOptions(), partition: partition)
    #expect(book.count == 101)
    #expect(book.values(of: "name").last == .text("Café"))
    #expect(
      warnings.map(\.message) == [
        "byte 0xE9 here is not valid UTF-8, so the file is read as Windows-1252 (Latin-1)"
      ])
  }

  /// Wherever a string is in a record, a Latin-1 byte in it is found.
  @Test(
    arguments: [
      ("in a key", #"{"id": "100", "nam"#, #"": "x"}"#, "namé", #"x"#),
      (
        "with escapes", #"{"id": "100", "name": "Say \"hi\" caf"#, #""}"#, "name", #"Say "hi" café"#
      ),
      (
        "in a long string", #"{"id": "100", "name": "A long account name, caf"#,
        #" and more words"}"#, "name", "A long account name, café and more words"
      ),
      ("nested", #"{"id": "100", "owner": {"name": "Jos"#, #""}}"#, "owner.name", "José"),
      ("in an array", #"{"id": "100", "tags": ["caf"#, #""]}"#, "tags", #"["café"]"#),
      ("at the end of the file", #"{"id": "100", "name": ""#, #""}"#, "name", "é"),
    ])
  func latin1InAnyStringIsConverted(
    place: String, before: String, after: String, field: String, expected: String
  ) throws {
    let folder = try TemporaryFolder()
    var bytes: [UInt8] = []
    for row in 0..<100 {
      bytes += Array("{\"id\": \"\(row)\", \"name\": \"Account \(row)\"}\n".utf8)
    }
    bytes += Array(before.utf8) + [0xE9] + Array(after.utf8)
    let path = try folder.write("accounts.jsonl", bytes: bytes)
    let partition = CSVLoader.Partition(partSize: 64, threadCount: 2)
    let (book, warnings, _) = try JSONLoader.load(
      try SourceText(path: path), options: LoadOptions(), partition: partition)
    #expect(book.count == 101, "\(place)")
    #expect(book.values(of: field).last == .text(expected), "\(place)")
    #expect(
      warnings.map(\.message) == [
        "byte 0xE9 here is not valid UTF-8, so the file is read as Windows-1252 (Latin-1)"
      ], "\(place)")
  }

  @Test(arguments: ["accounts.jsonl", "accounts.json"])
  func strayByteInALaterPartIsReplaced(name: String) throws {
    let folder = try TemporaryFolder()
    var lines: [[UInt8]] = []
    for row in 0..<100 {
      lines.append(Array("{\"id\": \"\(row)\", \"name\": \"Zoë \(row)\"}".utf8))
    }
    lines.append(Array("{\"id\": \"100\", \"name\": \"Caf".utf8) + [0xE9] + Array("\"}".utf8))
    let bytes =
      name.hasSuffix(".jsonl")
      ? Array(lines.joined(separator: [0x0A])) + [0x0A]
      : [0x5B] + Array(lines.joined(separator: [0x2C, 0x0A])) + [0x5D]
    let path = try folder.write(name, bytes: bytes)
    let partition = CSVLoader.Partition(partSize: 64, threadCount: 2)
    let (book, warnings, _) = try JSONLoader.load(
      try SourceText(path: path), options: LoadOptions(), partition: partition)
    #expect(book.count == 101)
    #expect(book.values(of: "name").first == .text("Zoë 0"))
    #expect(book.values(of: "name").last == .text("Caf\u{FFFD}"))
    #expect(
      warnings.map(\.description) == [
        "\(path):101:27: warning: byte 0xE9 here is not valid UTF-8, so it is replaced with U+FFFD; the rest of the file is read as UTF-8"
      ])
  }
}

@Suite struct PartSlotsTests {
  /// Waits for room to read part `index` and returns the number of parts joined meanwhile.
  /// Each call of `join` joins one more part, as the thread reading the awaited part would.
  static func partsJoined(waitingFor index: Int, in slots: PartSlots<CSVPart>) -> Int {
    var joined = 0
    slots.waitForRoom(index: index) {
      joined += 1
      slots.store(CSVPart(start: 0, stop: 0, columns: []), at: joined)
      _ = slots.take(joined)
    }
    return joined
  }

  @Test func partWithinReachReadsAtOnce() {
    let slots = PartSlots<CSVPart>(count: 10)
    #expect(Self.partsJoined(waitingFor: 1 + PartSlots<CSVPart>.lookAhead, in: slots) == 0)
  }

  @Test func partFarAheadWaitsForJoining() {
    let slots = PartSlots<CSVPart>(count: 10)
    // Part 1 is the next to join, so this part may be read once parts 1 and 2 are joined.
    #expect(Self.partsJoined(waitingFor: 3 + PartSlots<CSVPart>.lookAhead, in: slots) == 2)
  }

  @Test func stoppedReadingWaitsForNothing() {
    let slots = PartSlots<CSVPart>(count: 10)
    slots.stop()
    #expect(Self.partsJoined(waitingFor: 9, in: slots) == 0)
  }
}
