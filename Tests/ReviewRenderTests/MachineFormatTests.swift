import ReviewBook
import Testing

@testable import ReviewRender

/// Cells that spreadsheets and parsers trip over, in every column type.
func trickyTable() -> ResultTable {
  ResultTable(
    columns: [
      ResultTable.Column(name: "name", type: .text),
      ResultTable.Column(name: "arr", type: .money),
      ResultTable.Column(name: "health", type: .number),
      ResultTable.Column(name: "renewal_date", type: .date),
      ResultTable.Column(name: "strategic", type: .boolean),
      ResultTable.Column(name: "notes", type: .text),
    ],
    rows: [
      [
        .text("Acme, Inc."), .money(cents: 12_000_000), .number(35), date(2022, 3, 1),
        .boolean(true), .text("He said \"hi\""),
      ],
      [
        .text("=cmd()"), .money(cents: 450_050), .number(-5), .missing, .boolean(false),
        .text("line1\nline2"),
      ],
      [
        .text("+1 555"), .money(cents: -50_000), .number(72.5), date(2021, 12, 1), .missing,
        .text("@SUM(A1)"),
      ],
      [
        .text("-2"), .money(cents: 5), .number(0), .missing, .boolean(true),
        .text("\ttabbed"),
      ],
    ])
}

@Suite struct DelimitedRendererTests {
  @Test func csvQuotesAndNeutralizesFormulas() {
    #expect(
      rendered(.table(trickyTable()), as: .csv)
        == "name,arr,health,renewal_date,strategic,notes\r\n"
        + "\"Acme, Inc.\",120000,35,2022-03-01,true,\"He said \"\"hi\"\"\"\r\n"
        + "'=cmd(),4500.5,-5,,false,\"line1\nline2\"\r\n"
        + "'+1 555,-500,72.5,2021-12-01,,'@SUM(A1)\r\n"
        + "'-2,0.05,0,,true,'\ttabbed\r\n")
  }

  @Test func csvFormulasKeptWhenAllowed() {
    let options = RenderOptions(neutralizeFormulas: false)
    let text = rendered(.table(trickyTable()), as: .csv, options: options)
    #expect(text.contains("\r\n=cmd(),4500.5,-5,,false,"))
    #expect(text.contains("\r\n+1 555,-500,"))
    #expect(text.hasSuffix("\r\n-2,0.05,0,,true,\ttabbed\r\n"))
  }

  @Test func csvHeaderIsNeutralizedToo() {
    let table = ResultTable(
      columns: [ResultTable.Column(name: "=HYPERLINK(x)", type: .text)], rows: [[.text("a")]])
    #expect(rendered(.table(table), as: .csv) == "'=HYPERLINK(x)\r\na\r\n")
  }

  @Test func csvCarriageReturnIsQuoted() {
    let table = ResultTable(
      columns: [ResultTable.Column(name: "notes", type: .text)], rows: [[.text("a\rb")]])
    #expect(rendered(.table(table), as: .csv) == "notes\r\n\"a\rb\"\r\n")
  }

  @Test func csvKeepsControlCharactersUnlessSanitizing() {
    let table = ResultTable(
      columns: [ResultTable.Column(name: "notes", type: .text)], rows: [[.text("a\u{1B}b")]])
    #expect(rendered(.table(table), as: .csv) == "notes\r\na\u{1B}b\r\n")
    let options = RenderOptions(sanitizeAll: true)
    #expect(rendered(.table(table), as: .csv, options: options) == "notes\r\na␛b\r\n")
  }

  @Test func tsvReplacesTabsAndLineBreaks() {
    #expect(
      rendered(.table(trickyTable()), as: .tsv)
        == "name\tarr\thealth\trenewal_date\tstrategic\tnotes\n"
        + "Acme, Inc.\t120000\t35\t2022-03-01\ttrue\tHe said \"hi\"\n"
        + "'=cmd()\t4500.5\t-5\t\tfalse\tline1 line2\n"
        + "'+1 555\t-500\t72.5\t2021-12-01\t\t'@SUM(A1)\n"
        + "'-2\t0.05\t0\t\ttrue\t' tabbed\n")
  }

  @Test func tsvLinesEndInLineFeed() {
    let text = rendered(.table(nameAndARR([("Acme", 4_946_100), ("Globex", 500)])), as: .tsv)
    #expect(text == "name\tarr\nAcme\t49461\nGlobex\t5\n")
    #expect(!text.unicodeScalars.contains("\r"))
    let csv = rendered(.table(nameAndARR([("Acme", 4_946_100)])), as: .csv)
    #expect(csv == "name,arr\r\nAcme,49461\r\n")
  }

  @Test func tsvTurnsALineBreakPairIntoOneSpace() {
    let table = ResultTable(
      columns: [ResultTable.Column(name: "notes", type: .text)],
      rows: [[.text("a\r\nb\rc\n")], [.text("=1\t2")]])
    #expect(rendered(.table(table), as: .tsv) == "notes\na b c \n'=1 2\n")
  }

  @Test func rawValuesOfEveryKind() {
    let table = ResultTable(
      columns: [
        ResultTable.Column(name: "when", type: .date),
        ResultTable.Column(name: "arr", type: .money),
        ResultTable.Column(name: "score", type: .number),
        ResultTable.Column(name: "label", type: .number),
      ],
      rows: [
        [date(999, 1, 31), .money(cents: -1_234_567), .number(-0.5), .text("n/a, \"x\"")],
        [date(2024, 2, 29), .money(cents: 10), .number(1e16), .text("=2")],
        [.missing, .money(cents: -7), .number(-12), .missing],
      ])
    // A text cell in a number column is quoted where needed, but not neutralized.
    #expect(
      rendered(.table(table), as: .csv)
        == "when,arr,score,label\r\n"
        + "0999-01-31,-12345.67,-0.5,\"n/a, \"\"x\"\"\"\r\n"
        + "2024-02-29,0.1,1e+16,=2\r\n"
        + ",-0.07,-12,\r\n")
  }

  @Test func largeResultsMatchRowByRowRendering() {
    // Enough rows to pass the size at which lines go to the sink in pieces.
    let rows = (0..<5_000).map { index in
      ("Account \(index), \"Ltd\" ü", Int64(index) * 12_345 - 1_000_000)
    }
    let text = rendered(.table(nameAndARR(rows)), as: .csv)
    var expected = "name,arr\r\n"
    for (name, cents) in rows {
      let escaped =
        "\""
        + name.split(separator: "\"", omittingEmptySubsequences: false).joined(separator: "\"\"")
        + "\""
      expected += escaped + "," + ValueFormatter.rawMoney(cents) + "\r\n"
    }
    #expect(text.utf8.count > pieceSize)
    #expect(text == expected)
  }

  @Test(arguments: [OutputFormat.csv, .tsv])
  func textReadAsBytesMatchesValues(format: OutputFormat) {
    // More rows than one block of cells read as bytes, with every kind of awkward text.
    let names: [String?] = [
      "Acme, Inc.", "=cmd()", nil, "He said \"hi\"", "line1\r\nline2", "\ttabbed", "Müller & Söhne",
      "株式会社テスト", "-2", "@SUM(A1)", "plain",
    ]
    let rowCount = 2_500
    let cells = (0..<rowCount).map { names[$0 % names.count] }
    let columns = [
      ResultTable.Column(name: "name", type: .text),
      ResultTable.Column(name: "arr", type: .money),
      ResultTable.Column(name: "id", type: .text),
    ]
    let rows: [[Value]] = (0..<rowCount).map { row in
      [cells[row].map(Value.text) ?? .missing, .money(cents: Int64(row) * 150), .text("A-\(row)")]
    }
    var table = ResultTable(columns: columns, rowCount: rowCount) { row, column in
      rows[row][column]
    }
    var requested: [Range<Int>] = []
    table.setTextReader(column: 0) { range, body in
      requested.append(range)
      for row in range {
        var text = cells[row] ?? ""
        text.withUTF8 { body(row, $0) }
      }
    }
    let byValue = ResultTable(columns: columns, rows: rows)

    let text = rendered(.table(table), as: format)

    #expect(text == rendered(.table(byValue), as: format))
    #expect(requested == [0..<1024, 1024..<2048, 2048..<2500])
  }

  @Test func sanitizingReadsValuesNotBytes() {
    var table = ResultTable(
      columns: [ResultTable.Column(name: "name", type: .text)], rowCount: 1
    ) { _, _ in .text("bell\u{7}") }
    table.setTextReader(column: 0) { range, body in
      for row in range {
        var raw = "raw"
        raw.withUTF8 { body(row, $0) }
      }
    }

    #expect(rendered(.table(table), as: .csv) == "name\r\nraw\r\n")
    #expect(
      rendered(.table(table), as: .csv, options: RenderOptions(sanitizeAll: true))
        == "name\r\nbell\u{2407}\r\n")
  }

  @Test func recordAsCSVIsOneRow() {
    let table = nameAndARR([("Acme", 4_946_100)])
    #expect(rendered(.record(table), as: .csv) == "name,arr\r\nAcme,49461\r\n")
  }

  @Test func headerLineAsWritten() {
    let table = ResultTable(
      columns: [
        ResultTable.Column(name: "=sum", type: .text),
        ResultTable.Column(name: "a,b", type: .text),
        ResultTable.Column(name: "arr", type: .money),
      ],
      rows: [])
    #expect(Renderer(format: .csv).delimitedHeader(of: .table(table)) == "'=sum,\"a,b\",arr")
    #expect(Renderer(format: .tsv).delimitedHeader(of: .record(table)) == "'=sum\ta,b\tarr")
    #expect(Renderer(format: .json).delimitedHeader(of: .table(table)) == nil)
    #expect(Renderer(format: .csv).delimitedHeader(of: .text("name,arr")) == nil)
  }
}

@Suite struct JSONRendererTests {
  /// Rows whose text needs escaping and whose numbers are not plain integers.
  func escapingTable() -> ResultTable {
    ResultTable(
      columns: [
        ResultTable.Column(name: "name", type: .text),
        ResultTable.Column(name: "arr", type: .money),
        ResultTable.Column(name: "health", type: .number),
        ResultTable.Column(name: "renewal_date", type: .date),
        ResultTable.Column(name: "strategic", type: .boolean),
      ],
      rows: [
        [
          .text("Acme \"Q\""), .money(cents: 12_000_000), .number(35), date(2022, 3, 1),
          .boolean(true),
        ],
        [
          .text("a\\b\nc\td\r\u{1}\u{7F}\u{2028}"), .money(cents: 450_050), .number(72.5),
          .missing, .boolean(false),
        ],
        [.text("Zoë 東京 😀"), .money(cents: -5), .number(.infinity), .missing, .missing],
      ])
  }

  @Test func jsonArrayWithRawValues() {
    #expect(
      rendered(.table(escapingTable()), as: .json) == #"""
        [
          {"name": "Acme \"Q\"", "arr": 120000, "health": 35, "renewal_date": "2022-03-01", "strategic": true},
          {"name": "a\\b\nc\td\r\u0001\u007f\u2028", "arr": 4500.5, "health": 72.5, "renewal_date": null, "strategic": false},
          {"name": "Zoë 東京 😀", "arr": -0.05, "health": null, "renewal_date": null, "strategic": null}
        ]

        """#)
  }

  @Test(arguments: [OutputFormat.json, .jsonl])
  func textReadAsBytesMatchesValues(format: OutputFormat) {
    let names: [String?] = [
      "Acme \"Q\"", "a\\b\nc\td\r\u{1}\u{7F}\u{2028}x\u{2029}", nil, "Zoë 東京 😀", "\u{E2}\u{80}",
      "plain",
    ]
    let rowCount = 2_100
    let cells = (0..<rowCount).map { names[$0 % names.count] }
    let columns = [
      ResultTable.Column(name: "name", type: .text),
      ResultTable.Column(name: "health", type: .number),
    ]
    let rows: [[Value]] = (0..<rowCount).map { row in
      [cells[row].map(Value.text) ?? .missing, .number(Double(row) / 4)]
    }
    var table = ResultTable(columns: columns, rowCount: rowCount) { row, column in
      rows[row][column]
    }
    table.setTextReader(column: 0) { range, body in
      for row in range {
        var text = cells[row] ?? ""
        text.withUTF8 { body(row, $0) }
      }
    }

    let text = rendered(.table(table), as: format)

    #expect(text == rendered(.table(ResultTable(columns: columns, rows: rows)), as: format))
    #expect(text.contains(#"{"name": null, "health": 0.5}"#))
    #expect(text.contains(#""a\\b\nc\td\r\u0001\u007f\u2028x\u2029""#))
  }

  @Test func jsonLinesOneObjectPerLine() {
    let table = nameAndARR([("Acme", 4_946_100), ("Globex", 4_946_150)])
    #expect(
      rendered(.table(table), as: .jsonl) == """
        {"name": "Acme", "arr": 49461}
        {"name": "Globex", "arr": 49461.5}

        """)
  }

  @Test func emptyResults() {
    let table = nameAndARR([])
    #expect(rendered(.table(table), as: .json) == "[]\n")
    #expect(rendered(.table(table), as: .jsonl) == "")
  }

  @Test func recordIsOneObject() {
    let table = nameAndARR([("Acme", 4_946_100)])
    #expect(
      rendered(.record(table), as: .json) == """
        {
          "name": "Acme",
          "arr": 49461
        }

        """)
    #expect(rendered(.record(table), as: .jsonl) == "{\"name\": \"Acme\", \"arr\": 49461}\n")
  }

  @Test func largeNumbersStayValidJSON() {
    let table = ResultTable(
      columns: [ResultTable.Column(name: "seats", type: .number)],
      rows: [[.number(1e20)], [.number(0.1 + 0.2)], [.number(-0.0)]])
    #expect(
      rendered(.table(table), as: .jsonl) == """
        {"seats": 1e+20}
        {"seats": 0.30000000000000004}
        {"seats": 0}

        """)
  }
}

@Suite struct MarkdownRendererTests {
  /// Cells cannot break the table or format themselves: pipes, emphasis, code and links
  /// are escaped, HTML does not render, and line breaks and tabs stay in the cell.
  @Test func pipesAndLineBreaksAreEscaped() {
    let table = ResultTable(
      columns: [
        ResultTable.Column(name: "name|alias", type: .text),
        ResultTable.Column(name: "arr", type: .money),
        ResultTable.Column(name: "renewal_date", type: .date),
      ],
      rows: [
        [.text("A|B"), .money(cents: 12_000_000), date(2022, 3, 1)],
        [.text("two\nlines\r\nmore"), .missing, .missing],
        [.text("esc\u{1B}[2J"), .money(cents: 5), date(2016, 5, 1)],
        [.text("**bold** <b>html</b>\tand `code`"), .missing, .missing],
      ],
      footer: "3 accounts | $120,000.05")
    #expect(
      rendered(.table(table), as: .markdown) == #"""
        | name\|alias | arr | renewal_date |
        | --- | ---: | --- |
        | A\|B | $120,000.00 | 2022-03-01 |
        | two<br>lines<br>more |  |  |
        | esc␛\[2J | $0.05 | 2016-05-01 |
        | \*\*bold\*\* &lt;b>html&lt;/b> and \`code\` |  |  |

        3 accounts \| $120,000.05


        """#)
  }

  @Test func longDatesInMarkdown() {
    let table = ResultTable(
      columns: [ResultTable.Column(name: "renewal_date", type: .date)],
      rows: [[date(2021, 12, 2)]])
    #expect(
      rendered(.table(table), as: .markdown, options: RenderOptions(dates: .long)) == """
        | renewal_date |
        | --- |
        | Dec 2, 2021 |


        """)
  }

  @Test func recordAsFieldValueTable() {
    let table = ResultTable(
      columns: [
        ResultTable.Column(name: "name", type: .text),
        ResultTable.Column(name: "strategic", type: .boolean),
      ],
      rows: [[.text("A|B"), .boolean(true)]])
    #expect(
      rendered(.record(table), as: .markdown) == #"""
        | field | value |
        | --- | --- |
        | name | A\|B |
        | strategic | yes |


        """#)
  }
}
