import ReviewBook
import Testing

@testable import ReviewLoader

/// Loads JSON text as `accounts.json`.
func loadJSON(_ text: String) throws -> Book {
  try load(text, name: "accounts.json").book
}

/// Returns the error that loading JSON text as `accounts.json` raises, or nil.
func jsonError(_ text: String) -> LoadError? {
  loadError(text, name: "accounts.json")
}

@Suite struct JSONShapeTests {
  @Test func moneyNumbersKeepTheirDecimals() throws {
    // A JSON number's dot is a decimal point, even before three digits; a string's dot
    // before three digits separates thousands, as in a CSV cell.
    let text =
      #"[{"name": "A", "arr": 1.234}, {"name": "B", "arr": 10}, {"name": "C", "arr": 99.999}]"#
    let book = try load(text, name: "accounts.json").book
    #expect(
      book.values(of: "arr") == [.money(cents: 123), .money(cents: 1000), .money(cents: 10_000)])
    let strings = try load(#"[{"name": "A", "arr": "€7.500"}]"#, name: "accounts.json").book
    #expect(strings.values(of: "arr") == [.money(cents: 750_000)])
    var options = LoadOptions()
    options.decimalComma = true
    let comma = try load(#"[{"name": "A", "arr": 2.5}]"#, name: "accounts.json", options: options)
    #expect(comma.book.values(of: "arr") == [.money(cents: 250)])
  }

  @Test func moneyWithExponent() throws {
    let text =
      #"[{"name": "A", "arr": 1e3}, {"name": "B", "arr": 2.5E6}, {"name": "C", "arr": 1.5e-1}]"#
    let book = try load(text, name: "accounts.json").book
    #expect(book.field(named: "arr")?.type == .money)
    #expect(
      book.values(of: "arr") == [
        .money(cents: 100_000), .money(cents: 250_000_000), .money(cents: 15),
      ])
    let error = try #require(loadError(#"[{"name": "A", "arr": 1e400}]"#, name: "accounts.json"))
    #expect(error.message == "arr in column \"arr\" is \"1e400\", which is out of range")
  }

  @Test func commonCellsAndOthersMixInOneColumn() throws {
    // Runs of the values exports write most (ISO dates, whole numbers, strings), broken by
    // missing keys, nulls and values of other shapes that take the longer way.
    var lines: [String] = []
    var dates: [Value] = []
    var amounts: [Value] = []
    var healths: [Value] = []
    var names: [Value] = []
    for index in 1...700 {
      var members = [#""id": "A\#(index)""#]
      switch index {
      case _ where index % 13 == 0:
        dates.append(.missing)
      case _ where index % 7 == 0:
        members.append(#""renewal_date": null"#)
        dates.append(.missing)
      case _ where index % 50 == 0:
        members.append(#""renewal_date": "2022-03-05T10:00:00Z""#)
        dates.append(.date(Day(year: 2022, month: 3, day: 5)!))
      default:
        members.append(#""renewal_date": "2022-01-\#(10 + index % 19)""#)
        dates.append(.date(Day(year: 2022, month: 1, day: 10 + index % 19)!))
      }
      switch index {
      case _ where index % 17 == 0:
        members.append(#""arr": null"#)
        amounts.append(.missing)
      case _ where index % 9 == 0:
        members.append(#""arr": 1234.5"#)
        amounts.append(.money(cents: 123_450))
      case _ where index % 11 == 0:
        members.append(#""arr": "$2,000""#)
        amounts.append(.money(cents: 200_000))
      default:
        members.append(#""arr": \#(index * 100)"#)
        amounts.append(.money(cents: Int64(index) * 10_000))
      }
      if index % 10 == 0 {
        members.append(#""health": 55.5"#)
        healths.append(.number(55.5))
      } else {
        members.append(#""health": \#(index % 100)"#)
        healths.append(.number(Double(index % 100)))
      }
      switch index {
      case _ where index % 23 == 0:
        members.append(#""name": null"#)
        names.append(.missing)
      case _ where index % 19 == 0:
        members.append(#""name": 42"#)
        names.append(.text("42"))
      default:
        members.append(#""name": " Name \#(index) ""#)
        names.append(.text("Name \(index)"))
      }
      lines.append("{" + members.joined(separator: ", ") + "}")
    }
    let book = try load(lines.joined(separator: "\n"), name: "accounts.jsonl").book
    #expect(book.count == 700)
    #expect(book.values(of: "renewal_date") == dates)
    #expect(book.values(of: "arr") == amounts)
    #expect(book.values(of: "health") == healths)
    #expect(book.values(of: "name") == names)
  }

  @Test func escapedStringsSurviveKeysThatWidenTheBatch() throws {
    // The second record's name and date have escapes, and its later keys take the columns
    // past 128, which makes the batch hold fewer rows while the record is being read.
    var first = [#""id": "A1", "name": "Plain", "client_since": "2020-01-02""#]
    for index in 0..<100 { first.append(#""k\#(index)": \#(index)"#) }
    var second = [
      #""id": "A2", "name": "Caf\u00e9 \"Nord\"", "client_since": "\u0032021-03-04""#
    ]
    for index in 100..<300 { second.append(#""k\#(index)": [1, "two"]"#) }
    let text = [first, second].map { "{" + $0.joined(separator: ", ") + "}" }
      .joined(separator: "\n")
    let book = try load(text, name: "accounts.jsonl").book
    #expect(book.values(of: "name") == [.text("Plain"), .text(#"Café "Nord""#)])
    #expect(book.values(of: "client_since") == [day(2020, 1, 2), day(2021, 3, 4)])
    #expect(book.values(of: "k299") == [.missing, .text(#"[1,"two"]"#)])
  }

  @Test func arrayOfObjects() throws {
    let book = try loadJSON(
      """
      [
        {"name": "Acme", "arr": "$49,461", "health": 62, "strategic": true},
        {"name": "Globex", "arr": 1200.5, "health": null, "strategic": false},
        {"name": "Initech"}
      ]
      """)
    #expect(book.count == 3)
    #expect(book.values(of: "name") == [.text("Acme"), .text("Globex"), .text("Initech")])
    #expect(
      book.values(of: "arr") == [.money(cents: 4_946_100), .money(cents: 120_050), .missing])
    #expect(book.values(of: "health") == [.number(62), .missing, .missing])
    #expect(book.values(of: "strategic") == [.boolean(true), .boolean(false), .missing])
  }

  @Test(arguments: ["records", "accounts", "data", "items", "value", "Customers", "anything"])
  func wrapperObject(key: String) throws {
    let book = try loadJSON(
      "{\"total\": 2, \"\(key)\": [{\"name\": \"Acme\"}, {\"name\": \"Globex\"}], \"next\": null}")
    #expect(book.count == 2)
    #expect(book.values(of: "name") == [.text("Acme"), .text("Globex")])
  }

  @Test func knownWrapperKeyIsPreferred() throws {
    let book = try loadJSON(
      #"{"meta": [{"page": 1}], "records": [{"name": "Acme"}]}"#)
    #expect(book.fieldNames == ["name"])
  }

  @Test func jsonLines() throws {
    let text = """
      {"name": "Acme", "arr": 100}
      {"name": "Globex", "health": 30}

      {"name": "Initech"}

      """
    let book = try load(text, name: "accounts.jsonl").book
    #expect(book.count == 3)
    #expect(book.values(of: "arr") == [.money(cents: 10_000), .missing, .missing])
    #expect(book.values(of: "status") == [.missing, .text("red"), .missing])
  }

  @Test func jsonLinesWithNonObjectLine() throws {
    let error = try #require(
      loadError("{\"name\": \"Acme\"}\n[1]\n", name: "accounts.jsonl"))
    #expect(
      error.description == """
        accounts.jsonl:2:1: error: expected an account object at the start of the line
          hint: in JSON Lines every line is one object
        """)
  }

  /// A line cut short would take the next line's account as its last value, so the error
  /// points at the end of the short line instead of where reading on failed.
  @Test func jsonLinesWithUnfinishedLine() throws {
    let text = """
      {"name": "Acme", "health": 50}
      {"name": "Globex", "health":
      {"name": "Initech", "health": 70}

      """
    let error = try #require(loadError(text, name: "accounts.jsonl"))
    #expect(
      error.description == """
        accounts.jsonl:2:29: error: the account on this line ends before its object closes
          hint: in JSON Lines each account is one whole object on one line; complete the line or remove it
        """)
  }

  /// A last line cut short, and a line cut inside a string, are named by their own line.
  @Test func jsonLinesCutAtTheEndOrInsideAString() throws {
    let atEnd = try #require(
      loadError("{\"name\": \"A\"}\n{\"name\": \"B\", \"arr\":\n", name: "accounts.jsonl"))
    #expect(atEnd.line == 2)
    #expect(atEnd.message == "the account on this line ends before its object closes")
    let inString = try #require(
      loadError(
        "{\"name\": \"A\"}\n{\"name\": \"B cut\n{\"name\": \"C\"}\n", name: "accounts.jsonl"))
    #expect(inString.line == 2)
    #expect(inString.message == "the account on this line ends before its object closes")
  }

  @Test func singleObject() throws {
    let book = try loadJSON(#"{"name": "Acme", "arr": 5, "tags": ["a", "b"]}"#)
    #expect(book.count == 1)
    #expect(book.values(of: "arr") == [.money(cents: 500)])
    #expect(book.values(of: "tags") == [.text(#"["a","b"]"#)])
  }

  @Test func nestedObjectsFlattenToDottedNames() throws {
    let book = try loadJSON(
      """
      [{"name": "Acme", "attributes": {"type": "Account", "owner": {"name": "Maria"}}},
       {"name": "Globex", "attributes": {}}]
      """)
    #expect(book.fieldNames == ["name", "attributes.type", "attributes.owner.name"])
    #expect(book.values(of: "attributes.owner.name") == [.text("Maria"), .missing])
  }

  @Test func arraysKeptAsCompactJSON() throws {
    let book = try loadJSON(
      """
      [{"name": "Acme", "contacts": [ {"n": "Jo Park", "roles": [ "a b", "c" ]} , 2 ]}]
      """)
    #expect(book.values(of: "contacts") == [.text(#"[{"n":"Jo Park","roles":["a b","c"]},2]"#)])
  }

  /// Each record is read after one that lists other keys at the same places: a longer or
  /// shorter key, an escaped one, a nested object, a null and a repeated key.
  @Test func keysThatMoveBetweenRecordsLoad() throws {
    let text = """
      {"name": "Acme", "csm": "Jo Park", "arr": 100, "tier": "Gold"}
      {"name2": "X", "csm": "Maria", "arr": null, "tier": "Silver"}
      {"na\\u006De": "Globex", "cs": "short", "arr": 300, "tier": {"level": "Bronze"}}
      {"name": "Initech", "tier": "Gold", "arr": 400, "csm": "Lee"}
      {"name": "Umbrella", "owner": {"name": "Ann"}, "arr": 500, "arr": 600}
      {"name": "Hooli", "owner": "Bob", "arr": 700, "tier": "Gold"}

      """
    let book = try load(text, name: "accounts.jsonl").book
    #expect(
      book.fieldNames == [
        "name", "csm", "arr", "tier", "name2", "cs", "tier.level", "owner.name", "owner",
      ])
    #expect(
      book.values(of: "name") == [
        .text("Acme"), .missing, .text("Globex"), .text("Initech"), .text("Umbrella"),
        .text("Hooli"),
      ])
    #expect(
      book.values(of: "csm") == [
        .text("Jo Park"), .text("Maria"), .missing, .text("Lee"), .missing, .missing,
      ])
    #expect(
      book.values(of: "arr") == [
        .money(cents: 10_000), .missing, .money(cents: 30_000), .money(cents: 40_000),
        .money(cents: 60_000), .money(cents: 70_000),
      ])
    #expect(
      book.values(of: "tier") == [
        .text("Gold"), .text("Silver"), .missing, .text("Gold"), .missing, .text("Gold"),
      ])
    #expect(
      book.values(of: "name2") == [.missing, .text("X"), .missing, .missing, .missing, .missing])
    #expect(
      book.values(of: "tier.level") == [
        .missing, .missing, .text("Bronze"), .missing, .missing, .missing,
      ])
    #expect(
      book.values(of: "owner.name") == [
        .missing, .missing, .missing, .missing, .text("Ann"), .missing,
      ])
    #expect(
      book.values(of: "owner") == [.missing, .missing, .missing, .missing, .missing, .text("Bob")])
  }

  /// The warning names the array that is read, which need not come first.
  @Test func skippedArrayWarningNamesTheArrayRead() throws {
    let result = try load(
      #"{"users": [{"name": "Ann"}], "accounts": [{"name": "Acme"}, {"name": "Globex"}]}"#,
      name: "accounts.json")
    #expect(result.book.values(of: "name") == [.text("Acme"), .text("Globex")])
    #expect(
      result.warnings.map(\.message) == [
        "the file also holds account-like arrays under \"users\", which are not read; only the array under \"accounts\" is read"
      ])
  }

  @Test func repeatedKeyKeepsLastValue() throws {
    let result = try load(
      #"[{"name": "Acme"}, {"name": "Old", "name": "New"}, {"name": "Globex", "name": "G"}]"#,
      name: "accounts.json")
    #expect(result.book.values(of: "name") == [.text("Acme"), .text("New"), .text("G")])
    #expect(
      result.warnings.map(\.description) == [
        "accounts.json:1:44: warning: this account has the key \"name\" more than once, and only its last value is kept; check the export if the values differ"
      ])
    let nested = try load(
      "{\"id\": \"1\", \"owner\": {\"name\": \"A\"}}\n{\"id\": \"2\", \"owner\": {\"name\": \"B\", \"name\": \"C\"}}\n",
      name: "accounts.jsonl")
    #expect(nested.book.values(of: "owner.name") == [.text("A"), .text("C")])
    #expect(nested.warnings.map(\.line) == [2])
    #expect(nested.warnings.first?.message.contains("\"owner.name\"") == true)
  }

  @Test func escapesAreDecoded() throws {
    let book = try loadJSON(
      #"[{"name": "Caf\u00e9 \"Q\" \\ \/ \t|", "emoji": "\ud83d\ude00", "lone": "a\ud83dz"}]"#)
    #expect(book.values(of: "name") == [.text("Café \"Q\" \\ / \t|")])
    #expect(book.values(of: "emoji") == [.text("😀")])
    #expect(book.values(of: "lone") == [.text("a\u{FFFD}z")])
  }

  @Test func numbersKeepTheirText() throws {
    let book = try loadJSON(#"[{"name": "A", "Seats": -1.5e2}, {"name": "B", "Seats": 0}]"#)
    #expect(book.values(of: "Seats") == [.number(-150), .number(0)])
  }
}

@Suite struct JSONErrorTests {
  @Test(arguments: [
    (
      "[{\"name\": \"A\",}]",
      "accounts.json:1:15: error: expected a quoted key, found '}'\n  hint: remove the comma before '}': JSON allows none after the last item"
    ),
    (
      "[\n  {\"name\": \"A\"\n   \"arr\": 5}\n]",
      "accounts.json:3:4: error: expected ',' or '}' after a value, found '\"'"
    ),
    (
      "[{\"name\": \"A\"} {\"name\": \"B\"}]",
      "accounts.json:1:16: error: expected ',' or ']' after an account, found '{'"
    ),
    (
      "[{\"name\": tru}]",
      "accounts.json:1:11: error: expected a value, found 't'"
    ),
    (
      "[{\"arr\": 1.}]",
      "accounts.json:1:12: error: expected a digit after the decimal point, found '}'"
    ),
    (
      "[{\"name\": \"A\"}] extra",
      "accounts.json:1:17: error: unexpected text after the end of the JSON value"
    ),
    (
      "[{\"name\": \"A\"",
      "accounts.json:1:14: error: the JSON ends early; expected ',' or '}'"
    ),
    (
      "[{\"name\": \"Zoë\", \"x\": ?}]",
      "accounts.json:1:23: error: expected a value, found '?'"
    ),
    (
      "[{\"name\": \"A\\x\"}]",
      "accounts.json:1:13: error: unknown escape '\\x' in a string"
    ),
  ])
  func syntaxErrorWithPlace(text: String, description: String) throws {
    let error = try #require(jsonError(text))
    #expect(error.description == description)
  }

  @Test func unterminatedString() throws {
    let error = try #require(jsonError("[{\"name\": \"Acme}]"))
    #expect(error.message == "a string opens here and never closes")
    #expect(error.line == 1)
    #expect(error.column == 11)
    #expect(error.hint?.hasPrefix("the file ends inside this string") == true)
  }

  @Test func commaAfterTheLastAccount() throws {
    let array = try #require(jsonError(#"[{"id": "1"}, {"id": "2"},]"#))
    #expect(array.message == "expected an account object after the comma")
    #expect(array.hint == "remove the comma before ']': JSON allows none after the last account")
    #expect(array.column == 27)
    let lines = try #require(
      loadError("{\"id\": \"1\"},\n{\"id\": \"2\"}\n", name: "accounts.jsonl"))
    #expect(lines.line == 1)
    #expect(lines.column == 12)
    #expect(lines.hint?.hasPrefix("remove the comma after the account") == true)
  }

  @Test func controlCharacterInString() throws {
    let error = try #require(jsonError("[{\"name\": \"two\nlines\"}]"))
    #expect(
      error.description == """
        accounts.json:1:15: error: a control character inside a string must be escaped
          hint: write a line break inside a string as \\n
        """)
  }

  @Test func arrayOfNonObjects() throws {
    let error = try #require(jsonError("[1, 2]"))
    #expect(error.message == "expected an account object in the array")
    #expect(error.column == 2)
  }

  @Test(arguments: ["", "  \n"])
  func emptyJSON(text: String) throws {
    let error = try #require(jsonError(text))
    #expect(error.message == "the file is empty")
  }

  @Test(arguments: ["[]", "[ ]", "{\"records\": []}", "{\"totalSize\": 0, \"Accounts\": [ ]}"])
  func noAccounts(text: String) throws {
    let error = try #require(jsonError(text))
    #expect(
      error.description == """
        accounts.json: error: the file holds no account objects
          hint: give an array of objects, an object holding one, or one object a line (JSON Lines)
        """)
  }

  @Test func scalarAtTopLevel() throws {
    let error = try #require(jsonError("42"))
    #expect(error.message == "expected an array or an object of accounts")
  }

  @Test func nestingWithinLimitLoads() throws {
    let depth = JSONLoader.maximumDepth - 1
    let text =
      "[{" + String(repeating: "\"a\": {", count: depth) + "\"b\": 1"
      + String(repeating: "}", count: depth) + "}]"
    let book = try loadJSON(text)
    let name = Array(repeating: "a", count: depth).joined(separator: ".") + ".b"
    #expect(book.fieldNames == [name])
  }

  @Test func objectsNestedTooDeep() throws {
    let depth = JSONLoader.maximumDepth
    let text =
      "[{" + String(repeating: "\"a\": {", count: depth) + "\"b\": 1"
      + String(repeating: "}", count: depth) + "}]"
    let error = try #require(jsonError(text))
    #expect(error.message == "objects are nested more than 256 levels deep")
    #expect(error.hint == "flatten the export; an account rarely needs more than a few levels")
  }

  @Test func arraysNestedTooDeep() throws {
    let depth = 300
    let text =
      "[{\"a\": " + String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
      + "}]"
    let error = try #require(jsonError(text))
    #expect(error.message == "values are nested more than 256 levels deep")
  }

  /// A cell that its column cannot read is placed at its value, not at its record's `{`.
  @Test func cellErrorPointsAtTheValue() throws {
    let error = try #require(
      jsonError(
        """
        [
          {"name": "Acme", "csm": "Ana", "arr": "abc"}
        ]
        """))
    #expect(error.line == 2)
    #expect(error.column == 41)
    #expect(
      error.message == "arr must be an amount of money, but the cell in column \"arr\" is \"abc\"")
  }

  @Test func nestedCellErrorPointsAtTheValue() throws {
    let error = try #require(
      jsonError(#"[{"name": "Acme", "owner": {"since": "x", "arr": 5}, "arr": "xyz"}]"#))
    #expect(error.line == 1)
    #expect(error.column == 61)
    #expect(error.message.hasPrefix("arr must be an amount of money"))
  }

  /// A dotted key reaches into a nested object; an invalid date there is placed at it.
  @Test func nestedKeyErrorPointsIntoTheObject() throws {
    let text = """
      {"name": "Acme", "contract": {"renewal_date": "2022-01-01"}}
      {"name": "Beta", "contract": {"renewal_date": "2022-02-30"}}
      """
    let error = try #require(
      loadError(
        text, name: "accounts.jsonl",
        options: LoadOptions(mappings: [("contract.renewal_date", "renewal_date")])))
    #expect(error.line == 2)
    #expect(error.column == 47)
  }
}
