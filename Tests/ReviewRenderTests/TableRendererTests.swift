import ReviewBook
import Testing

@testable import ReviewRender

@Suite struct TableRendererTests {
  @Test func alignedByDisplayWidth() {
    #expect(
      rendered(.table(accountsTable()), as: .table) == """
        name                        arr  health  renewal_date
        ------------------  -----------  ------  ------------
        Acme                $120,000.00    35.0  2022-03-01
        Globex Corporation    $4,500.50    72.5  2022-06-15
        東京 Co                           100.0  2021-12-01

        """)
  }

  @Test func footerAndLongDates() {
    let table = ResultTable(
      columns: [
        ResultTable.Column(name: "name", type: .text),
        ResultTable.Column(name: "renewal_date", type: .date),
      ],
      rows: [[.text("Acme"), date(2016, 5, 1)]], footer: "1 account")
    #expect(
      rendered(.table(table), as: .table, options: RenderOptions(dates: .long)) == """
        name  renewal_date
        ----  ------------
        Acme  May 1, 2016
        1 account

        """)
  }

  @Test func emptyMessageReplacesEmptyTable() {
    var table = ResultTable(
      columns: [
        ResultTable.Column(name: "id", type: .number),
        ResultTable.Column(name: "action", type: .text),
      ],
      rows: [], footer: "0 actions")
    table.emptyMessage = "no open actions"
    #expect(rendered(.table(table), as: .table) == "no open actions\n")
    #expect(rendered(.table(table), as: .markdown) == "no open actions\n\n")
    #expect(rendered(.table(table), as: .csv) == "id,action\r\n")
    #expect(rendered(.table(table), as: .json) == "[]\n")
  }

  @Test func emptyMessageLeavesRowsAlone() {
    var table = nameAndARR([("Acme", 500)])
    table.emptyMessage = "no accounts"
    #expect(!rendered(.table(table), as: .table).contains("no accounts"))
  }

  @Test func rightAlignedLastColumnIsPadded() {
    let table = nameAndARR([("Acme", 500), ("Globex", 12_000_000)])
    #expect(
      rendered(.table(table), as: .table) == """
        name         arr
        ------  --------
        Acme          $5
        Globex  $120,000

        """)
  }

  @Test func noTruncationWithoutTerminalWidth() {
    let table = nameAndARR([("Umbrella Corporation International", 500)])
    #expect(
      rendered(.table(table), as: .table) == """
        name                                arr
        ----------------------------------  ---
        Umbrella Corporation International   $5

        """)
  }

  @Test func truncationToTerminalWidth() {
    let table = nameAndARR([("Umbrella Corporation International", 500)])
    let text = rendered(.table(table), as: .table, options: RenderOptions(terminalWidth: 20))
    #expect(
      text == """
        name             arr
        ---------------  ---
        Umbrella Corpo…   $5

        """)
    for line in text.split(separator: "\n") {
      #expect(DisplayWidth.of(String(line)) <= 20)
    }
  }

  /// Money and dates cannot be cut, so a table whose rows still do not fit once its text
  /// is cut is written as records, one field a line.
  @Test func tooWideTableBecomesRecords() {
    let table = ResultTable(
      columns: [
        ResultTable.Column(name: "name", type: .text),
        ResultTable.Column(name: "arr", type: .money),
        ResultTable.Column(name: "renewal_date", type: .date),
        ResultTable.Column(name: "client_since", type: .date),
      ],
      rows: [
        [.text("Acme"), .money(cents: 12_000_000), date(2022, 3, 1), date(2019, 5, 1)],
        [.text("Globex"), .missing, date(2022, 6, 15), .missing],
      ], footer: "2 accounts")
    let text = rendered(.table(table), as: .table, options: RenderOptions(terminalWidth: 36))
    #expect(
      text == """
        -[ 1 ]----------
        name          Acme
        arr           $120,000
        renewal_date  2022-03-01
        client_since  2019-05-01
        -[ 2 ]----------
        name          Globex
        arr           —
        renewal_date  2022-06-15
        client_since  —
        2 accounts

        """)
    let wider = rendered(.table(table), as: .table, options: RenderOptions(terminalWidth: 60))
    #expect(wider.hasPrefix("name         arr  renewal_date  client_since\n"))
  }

  /// Other text columns give up their width before the account name goes below its share.
  @Test func nameKeepsItsWidthLongest() {
    let table = ResultTable(
      columns: [
        ResultTable.Column(name: "name", type: .text),
        ResultTable.Column(name: "csm", type: .text),
        ResultTable.Column(name: "nps_comment", type: .text),
      ],
      rows: [
        [
          .text("Lumen Healthcare Holdings AG"), .text("Maria Fell"),
          .text("Slow onboarding, but the support team was great"),
        ]
      ], footer: nil)
    let text = rendered(.table(table), as: .table, options: RenderOptions(terminalWidth: 50))
    let lines = text.split(separator: "\n")
    #expect(lines.first == "name                      csm         nps_comment")
    #expect(lines.last == "Lumen Healthcare Holdin…  Maria Fell  Slow onboar…")
    #expect(lines.allSatisfy { $0.count <= 50 })
  }

  @Test func wideTerminalDoesNotTruncate() {
    let table = nameAndARR([("Umbrella Corporation International", 500)])
    let text = rendered(.table(table), as: .table, options: RenderOptions(terminalWidth: 200))
    #expect(!text.contains("…"))
  }

  @Test func controlCharactersShownNotSent() {
    let table = ResultTable(
      columns: [ResultTable.Column(name: "note", type: .text)],
      rows: [[.text("evil\u{1B}]0;pwned\u{7}")], [.text("\u{202E}fdp.exe")]])
    let text = rendered(.table(table), as: .table)
    #expect(!text.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x7 })
    #expect(
      text == """
        note
        --------------
        evil␛]0;pwned␇
        \u{FFFD}fdp.exe

        """)
  }

  @Test func headerWidthCountsSanitizedText() {
    let table = ResultTable(
      columns: [
        ResultTable.Column(name: "note\u{7}", type: .text),
        ResultTable.Column(name: "arr", type: .money),
      ],
      rows: [[.text("x"), .money(cents: 500)]])
    #expect(
      rendered(.table(table), as: .table) == """
        note␇  arr
        -----  ---
        x       $5

        """)
  }

  @Test func colorOnlyWhenAsked() {
    let table = ResultTable(
      columns: [
        ResultTable.Column(name: "name", type: .text),
        ResultTable.Column(name: "status", type: .text),
      ],
      rows: [[.text("Acme"), .text("red")], [.text("Globex"), .text("Green")]])
    #expect(
      rendered(.table(table), as: .table, options: RenderOptions(color: true)) == """
        \u{1B}[1mname    status\u{1B}[0m
        ------  ------
        Acme    \u{1B}[31mred\u{1B}[0m
        Globex  \u{1B}[32mGreen\u{1B}[0m

        """)
    #expect(!rendered(.table(table), as: .table).contains("\u{1B}"))
  }

  @Test func overdueActionsRedWithColor() {
    let table = ResultTable(
      columns: [
        ResultTable.Column(name: "id", type: .number),
        ResultTable.Column(name: "status", type: .text),
        ResultTable.Column(name: "due", type: .date),
        ResultTable.Column(name: "action", type: .text),
      ],
      rows: [
        [.number(1), .text("overdue"), date(2022, 1, 20), .text("call the CFO")],
        [.number(2), .text("open"), date(2022, 3, 1), .text("send the deck")],
      ])
    #expect(
      rendered(.table(table), as: .table, options: RenderOptions(color: true)) == """
        \u{1B}[1mid  status   due         action\u{1B}[0m
        --  -------  ----------  -------------
         1  \u{1B}[31moverdue\u{1B}[0m  \u{1B}[31m2022-01-20\u{1B}[0m  call the CFO
         2  open     2022-03-01  send the deck

        """)
    #expect(
      rendered(.table(table), as: .table) == """
        id  status   due         action
        --  -------  ----------  -------------
         1  overdue  2022-01-20  call the CFO
         2  open     2022-03-01  send the deck

        """)
    #expect(
      rendered(.record(table), as: .table, options: RenderOptions(color: true)).hasPrefix(
        "id      1\nstatus  \u{1B}[31moverdue\u{1B}[0m\ndue     \u{1B}[31m2022-01-20\u{1B}[0m\n"))
  }

  @Test func linesCarryNoTrailingSpaces() {
    let table = ResultTable(
      columns: [
        ResultTable.Column(name: "measure", type: .text),
        ResultTable.Column(name: "status", type: .text),
        ResultTable.Column(name: "detail", type: .text),
      ],
      rows: [
        [.text("accounts"), .text("red"), .missing],
        [.text("red"), .missing, .text("██")],
        [.text("padded  "), .text("green"), .text("ends in spaces  ")],
      ], footer: "3 rows  ")
    let plain = rendered(.table(table), as: .table)
    #expect(
      plain == """
        measure   status  detail
        --------  ------  ----------------
        accounts  red
        red               ██
        padded    green   ends in spaces
        3 rows

        """)
    let colored = rendered(.table(table), as: .table, options: RenderOptions(color: true))
    #expect(colored.contains("\naccounts  \u{1B}[31mred\u{1B}[0m\n"))
    #expect(colored.contains("\nred               ██\n"))
    let terminal = rendered(.table(table), as: .table, options: RenderOptions(terminalWidth: 30))
    for text in [colored, terminal, rendered(.record(table), as: .table)] {
      for line in text.split(separator: "\n") {
        #expect(!line.hasSuffix(" "), "\(line)")
      }
    }
  }

  @Test func emptyResultShowsHeaderAndRule() {
    let table = nameAndARR([], footer: "0 accounts")
    #expect(
      rendered(.table(table), as: .table) == """
        name  arr
        ----  ---
        0 accounts

        """)
  }

  @Test func recordShowsOneFieldPerLine() {
    let table = ResultTable(
      columns: [
        ResultTable.Column(name: "name", type: .text),
        ResultTable.Column(name: "arr", type: .money),
        ResultTable.Column(name: "csm", type: .text),
        ResultTable.Column(name: "renewal_date", type: .date),
      ],
      rows: [
        [.text("Acme"), .money(cents: 12_000_000), .missing, date(2022, 3, 1)],
        [.text("Globex"), .money(cents: 500), .text("Jo Park"), .missing],
      ])
    #expect(
      rendered(.record(table), as: .table) == """
        name          Acme
        arr           $120,000
        csm           —
        renewal_date  2022-03-01

        name          Globex
        arr           $5
        csm           Jo Park
        renewal_date  —

        """)
  }

  @Test func recordValuesTruncateToTerminal() {
    let table = ResultTable(
      columns: [ResultTable.Column(name: "notes", type: .text)],
      rows: [[.text("a very long note about the renewal")]])
    let text = rendered(.record(table), as: .table, options: RenderOptions(terminalWidth: 20))
    #expect(text == "notes  a very long …\n")
  }

  @Test func proseAndNoticesEndWithNewline() {
    for format in OutputFormat.allCases {
      #expect(rendered(.text("hello"), as: format) == "hello\n")
      #expect(rendered(.notice("today is 2022-02-01\n"), as: format) == "today is 2022-02-01\n")
    }
  }

  /// A money column shows its own currency in tables and Markdown; machine formats write
  /// the amount alone.
  @Test func moneyShowsItsCurrency() {
    let table = ResultTable(
      columns: [
        ResultTable.Column(name: "name", type: .text),
        ResultTable.Column(name: "arr", type: .money, currency: .euro),
        ResultTable.Column(name: "fee", type: .money),
      ],
      rows: [[.text("Acme"), .money(cents: 125_050), .money(cents: 900)]])
    #expect(
      rendered(.table(table), as: .table) == """
        name        arr  fee
        ----  ---------  ---
        Acme  €1,250.50   $9

        """)
    #expect(
      rendered(.table(table), as: .markdown) == """
        | name | arr | fee |
        | --- | ---: | ---: |
        | Acme | €1,250.50 | $9 |


        """)
    #expect(rendered(.record(table), as: .table) == "name  Acme\narr   €1,250.50\nfee   $9\n")
    #expect(rendered(.table(table), as: .csv) == "name,arr,fee\r\nAcme,1250.5,9\r\n")
    #expect(
      rendered(.table(table), as: .json)
        == "[\n  {\"name\": \"Acme\", \"arr\": 1250.5, \"fee\": 9}\n]\n")
  }

  /// Each number column has one number of decimals, and each money column shows cents on
  /// every row when one amount has them, in tables and in Markdown.
  @Test func columnsKeepOneNumberFormat() {
    let table = ResultTable(
      columns: [
        ResultTable.Column(name: "name", type: .text),
        ResultTable.Column(name: "arr", type: .money),
        ResultTable.Column(name: "health", type: .number),
        ResultTable.Column(name: "seats", type: .number),
        ResultTable.Column(name: "usage", type: .number),
      ],
      rows: [
        [.text("Acme"), .money(cents: 142_500), .number(56), .number(10), .number(0.5)],
        [.text("Beta"), .money(cents: 142_380), .number(58.9), .number(12), .number(1.25)],
        [.text("Cedar"), .missing, .missing, .number(3), .number(-2)],
      ])
    #expect(
      rendered(.table(table), as: .table) == """
        name         arr  health  seats  usage
        -----  ---------  ------  -----  -----
        Acme   $1,425.00    56.0     10   0.50
        Beta   $1,423.80    58.9     12   1.25
        Cedar                         3  -2.00

        """)
    #expect(
      rendered(.table(table), as: .markdown) == """
        | name | arr | health | seats | usage |
        | --- | ---: | ---: | ---: | ---: |
        | Acme | $1,425.00 | 56.0 | 10 | 0.50 |
        | Beta | $1,423.80 | 58.9 | 12 | 1.25 |
        | Cedar |  |  | 3 | -2.00 |


        """)
    #expect(
      rendered(.table(table), as: .csv)
        == "name,arr,health,seats,usage\r\nAcme,1425,56,10,0.5\r\nBeta,1423.8,58.9,12,1.25\r\nCedar,,,3,-2\r\n"
    )
  }

  /// Whole amounts stay without cents when no amount of the column has any.
  @Test func wholeAmountsStayWhole() {
    let table = nameAndARR([("Acme", 142_500), ("Beta", 5_000_000)])
    #expect(rendered(.table(table), as: .table).contains("Beta  $50,000\n"))
  }

  /// A cell that draws another is left out of machine formats, which carry the data.
  @Test func machineRowsReplaceDrawnCells() {
    let table = ResultTable(
      columns: [
        ResultTable.Column(name: "measure", type: .text),
        ResultTable.Column(name: "percent", type: .number),
        ResultTable.Column(name: "detail", type: .text),
      ],
      rows: [
        [.text("red"), .number(15), .text("███")],
        [.text("nps"), .number(60), .text("NPS +3")],
      ],
      machineRows: [
        [.text("red"), .number(15), .missing],
        [.text("nps"), .number(60), .text("NPS +3")],
      ])
    #expect(rendered(.table(table), as: .table).contains("red           15  ███\n"))
    #expect(
      rendered(.table(table), as: .json) == """
        [
          {"measure": "red", "percent": 15, "detail": null},
          {"measure": "nps", "percent": 60, "detail": "NPS +3"}
        ]

        """)
    #expect(
      rendered(.table(table), as: .csv)
        == "measure,percent,detail\r\nred,15,\r\nnps,60,NPS +3\r\n")
  }

  /// Headers wider than their values wrap onto two lines before any value is cut, and a
  /// header of one line sits on the second.
  @Test func headersWrapBeforeValuesAreCut() {
    let table = ResultTable(
      columns: [
        ResultTable.Column(name: "name", type: .text),
        ResultTable.Column(name: "arr", type: .money),
        ResultTable.Column(name: "renewal_date", type: .date),
        ResultTable.Column(name: "days_to_renewal", type: .number),
      ],
      rows: [
        [.text("Nimbus Analytics"), .money(cents: 22_550_000), date(2022, 2, 6), .number(5)],
        [.text("Cedar Motors"), .money(cents: 9_510_000), date(2022, 2, 6), .number(120)],
      ], footer: "2 accounts")
    let wide = rendered(.table(table), as: .table, options: RenderOptions(terminalWidth: 80))
    #expect(wide.hasPrefix("name                   arr  renewal_date  days_to_renewal\n"))
    // Only as many headers wrap as the width needs, those that save the most first.
    let one = rendered(.table(table), as: .table, options: RenderOptions(terminalWidth: 52))
    #expect(
      one.hasPrefix(
        """
                                                  days_to_
        name                   arr  renewal_date   renewal
        ----------------  --------  ------------  --------

        """))
    let text = rendered(.table(table), as: .table, options: RenderOptions(terminalWidth: 48))
    #expect(
      text == """
                                    renewal_    days_to_
        name                   arr  date         renewal
        ----------------  --------  ----------  --------
        Nimbus Analytics  $225,500  2022-02-06         5
        Cedar Motors       $95,100  2022-02-06       120
        2 accounts

        """)
  }

  /// Other text is cut before the first column, whose values stay told apart: two
  /// measures that differ only at their end keep enough of it.
  @Test func firstColumnStaysTellable() {
    let table = ResultTable(
      columns: [
        ResultTable.Column(name: "measure", type: .text),
        ResultTable.Column(name: "accounts", type: .number),
        ResultTable.Column(name: "detail", type: .text),
      ],
      rows: [
        [.text("renewing in 90 days"), .number(54), .missing],
        [.text("renewing in 120 days"), .number(70), .missing],
        [.text("nps answers"), .number(159), .text("NPS +3: 52 promoters, 60 passives")],
      ])
    let text = rendered(.table(table), as: .table, options: RenderOptions(terminalWidth: 40))
    #expect(
      text == """
        measure               accounts  detail
        --------------------  --------  --------
        renewing in 90 days         54
        renewing in 120 days        70
        nps answers                159  NPS +3:…

        """)
    // Narrower, the header of accounts is cut, and then the measures as far as
    // `renewing in 9…` and `renewing in 1…`, which still differ.
    let narrow = rendered(.table(table), as: .table, options: RenderOptions(terminalWidth: 26))
    #expect(
      narrow == """
        measure         acc…  det…
        --------------  ----  ----
        renewing in 9…    54
        renewing in 1…    70
        nps answers      159  NPS…

        """)
    // Narrower still, they would read alike, so each row becomes a record.
    let records = rendered(.table(table), as: .table, options: RenderOptions(terminalWidth: 24))
    #expect(records.hasPrefix("-[ 1 ]------\nmeasure   renewing in 9…\naccounts  54\n"))
  }

  @Test(arguments: [
    ("days_to_renewal", "days_to_", "renewal"), ("renewal_date", "renewal_", "date"),
    ("renewing in 120 days", "renewing", "in 120 days"), ("TotalCharges", "Total", "Charges"),
    ("last-touch", "last-", "touch"),
  ])
  func headerSplitsInTwo(header: String, top: String, bottom: String) throws {
    let split = try #require(TableLayout.twoLines(header))
    #expect(split.top == top)
    #expect(split.bottom == bottom)
  }

  @Test(arguments: ["health", "arr", "accounts"])
  func headerWithoutBreakStaysWhole(header: String) {
    #expect(TableLayout.twoLines(header) == nil)
  }

  @Test func distinctWidthOfValues() {
    #expect(TableLayout.distinctWidth(of: ["renewing in 90 days", "renewing in 120 days"]) == 14)
    #expect(TableLayout.distinctWidth(of: ["Acme", "Beta"]) == 2)
    #expect(TableLayout.distinctWidth(of: ["Acme", "Acme"]) == 1)
    #expect(TableLayout.distinctWidth(of: []) == 1)
  }
}
