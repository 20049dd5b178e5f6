import Foundation
import ReviewBook
import Testing

@testable import ReviewLoader

/// Money columns keep the one currency their cells name, and a column that names two is
/// rejected, since its amounts cannot be added up.
@Suite struct CurrencyTests {
  @Test func mixedSymbolsAreRejected() throws {
    let error = try #require(loadError("name,arr\nAcme,$1000\nBeta,€2000\nGamma,£3000\n"))
    #expect(
      error.description == """
        accounts.csv:3:6: error: column "arr" mixes currencies: "$1000" (line 2, column 6) is in USD and "€2000" (line 3, column 6) is in EUR
          hint: split the export into one file per currency, or convert the amounts to one currency before loading
        """)
  }

  /// Codes before or after the amount count like symbols, and the cells without any
  /// currency between them do not end the search.
  @Test func mixedCodesAreRejectedAtTheFirstDifference() throws {
    let text = "name,Contract Value\nA,USD 100\nB,250\nC,$300\nD,-\nE,400 GBP\nF,500 EUR\n"
    let error = try #require(loadError(text))
    #expect(error.line == 6)
    #expect(error.column == 3)
    #expect(
      error.message
        == "column \"Contract Value\" mixes currencies: \"USD 100\" (line 2, column 3) is in USD and \"400 GBP\" (line 6, column 3) is in GBP"
    )
  }

  @Test func oneCurrencyIsKept() throws {
    let book = try load("name;arr;mrr;health\nAcme;€1.250,50;€100;5\nBeta;2000;300 EUR;6\n").book
    #expect(book.field(named: "arr")?.currency == .euro)
    #expect(book.field(named: "mrr")?.currency == .euro)
    #expect(book.values(of: "arr") == [.money(cents: 125_050), .money(cents: 200_000)])
    #expect(book.field(named: "health")?.currency == nil)
  }

  /// French and Nordic exports separate thousands with spaces, also in files with decimal
  /// commas and beside amounts grouped with dots.
  @Test func spacesBetweenThousands() throws {
    let book = try load(
      "name;arr;mrr\nAcme;1 200,50 €;12.500,00 €\nBeta;3\u{202F}400\u{202F}€;99 €\n"
    ).book
    #expect(book.field(named: "arr")?.currency == .euro)
    #expect(book.values(of: "arr") == [.money(cents: 120_050), .money(cents: 340_000)])
    #expect(book.values(of: "mrr") == [.money(cents: 1_250_000), .money(cents: 9_900)])
    let commas = try load("name,arr\nAcme,\"1 200,50\"\nBeta,\"2 000 000\"\n").book
    #expect(commas.values(of: "arr") == [.money(cents: 120_050), .money(cents: 200_000_000)])
  }

  /// When every amount names a currency, the cells' own wins over the header's, with a
  /// warning that names both.
  @Test func headerCurrencyThatCellsContradict() throws {
    let result = try load("name,ARR (USD),MRR (EUR)\nA,€1200,€100\nB,€300,50\n")
    #expect(result.book.field(named: "arr")?.currency == .euro)
    #expect(result.book.values(of: "arr") == [.money(cents: 120_000), .money(cents: 30_000)])
    #expect(result.book.field(named: "mrr")?.currency == .euro)
    #expect(
      result.warnings.map(\.description) == [
        "accounts.csv: warning: column \"ARR (USD)\" names USD in its header, but its cells are in EUR (\"€1200\", line 2, column 3); the amounts are kept in EUR, so correct the header or the cells if they are in USD"
      ])
  }

  /// Plain amounts take the header's currency, so a cell in another one mixes two.
  @Test(arguments: ["csv", "json"])
  func headerCurrencyBesidePlainAmounts(format: String) throws {
    let text =
      format == "csv"
      ? "id,name,ARR (EUR)\n1,a,100000\n2,b,200000\n3,c,$100\n"
      : #"[{"id": "1", "ARR (EUR)": 100000}, {"id": "2", "ARR (EUR)": 200000}, {"id": "3", "ARR (EUR)": "$100"}]"#
    let error = try #require(loadError(text, name: "accounts.\(format)"))
    #expect(error.message.hasPrefix("column \"ARR (EUR)\" mixes currencies: amounts such as"))
    #expect(
      error.message.hasSuffix(
        "are in EUR, the currency its header names, but \"$100\" (\(format == "csv" ? "line 4, column 5" : "line 1, column 95")) is in USD"
      ))
    #expect(error.line == (format == "csv" ? 4 : 1))
    let plain = try load("id,name,ARR (EUR)\n1,a,100000\n2,b,€200\n").book
    #expect(plain.field(named: "arr")?.currency == .euro)
    #expect(plain.values(of: "arr") == [.money(cents: 10_000_000), .money(cents: 20_000)])
  }

  /// A column of currency codes gives the amounts beside it their currency.
  @Test func currencyColumnSetsTheAmountsCurrency() throws {
    // A currency beside no amount counts for nothing.
    let book = try load(
      "id,arr,tcv,Currency\n1,1200,2400,EUR\n2,800,,eur\n3,500,500,\n4,9,9,n/a\n5,,,USD\n"
    ).book
    #expect(book.field(named: "arr")?.currency == .euro)
    #expect(book.field(named: "tcv")?.currency == .euro)
    #expect(book.values(of: "arr").count == 5)

    // Nested JSON writes the amount and its currency in one object.
    let nested = try load(
      #"[{"id": "1", "arr": {"amount": 1200, "currency": "GBP"}, "tcv": 5}]"#,
      name: "accounts.json"
    ).book
    #expect(nested.field(named: "arr")?.currency == .pound)
    #expect(nested.values(of: "arr") == [.money(cents: 120_000)])
    #expect(nested.field(named: "tcv")?.currency == nil)
  }

  /// An amount written as a number in one record and as an object in another is one field.
  @Test func amountObjectAndNumberAreOneField() throws {
    let mixed = try load(
      #"[{"id": "1", "arr": 500}, {"id": "2", "arr": {"currency": "EUR", "amount": 300}}]"#,
      name: "accounts.json")
    #expect(mixed.book.fieldNames == ["id", "arr", "arr.currency"])
    #expect(mixed.book.values(of: "arr") == [.money(cents: 50_000), .money(cents: 30_000)])
    #expect(mixed.book.field(named: "arr")?.currency == .euro)
    #expect(mixed.warnings.isEmpty)

    // Written twice in one record, the amount keeps its last value, with a warning.
    let twice = try load(
      #"[{"id": "1", "arr": {"amount": 100, "currency": "EUR"}, "arr": 500}]"#,
      name: "accounts.json")
    #expect(twice.book.values(of: "arr") == [.money(cents: 50_000)])
    #expect(
      twice.warnings.map(\.message) == [
        "this account has the key \"arr\" more than once, and only its last value is kept; check the export if the values differ"
      ])
  }

  @Test func currencyColumnWithTwoCurrenciesIsRefused() throws {
    let error = try #require(loadError("id,name,arr,currency\n1,A,1200,EUR\n2,B,800,JPY\n"))
    #expect(
      error.description
        == "accounts.csv:3:9: error: column \"currency\" names more than one currency, EUR on line 2 and JPY on this line, so totals of \"arr\" would add amounts in different currencies\n  hint: split the export into one file per currency, or convert the amounts to one currency before loading"
    )
    let clash = try #require(loadError("id,arr,currency\n1,$1200,EUR\n"))
    #expect(clash.message == "column \"currency\" names EUR, but the amounts of \"arr\" are in USD")
    let unreadable = try #require(loadError("id,arr,currency\n1,1200,Euro\n"))
    #expect(
      unreadable.message
        == "column \"currency\" contains the currencies of the amounts, but \"Euro\" is not a currency"
    )
    #expect(unreadable.hint == "write each currency as a three-letter code, such as USD or EUR")
    let mapped = try load(
      "id,arr,currency\n1,1200,Euro\n",
      options: LoadOptions(mappings: [(header: "currency", field: "currency_label")])
    ).book
    #expect(mapped.field(named: "arr")?.currency == nil)
  }

  @Test func plainAmountsHaveNoCurrency() throws {
    let book = try load("name,arr\nAcme,1000\nBeta,2500.50\n").book
    #expect(book.field(named: "arr")?.type == .money)
    #expect(book.field(named: "arr")?.currency == nil)
  }

  @Test func inferredMoneyColumnKeepsItsCurrency() throws {
    let book = try load("name,Budget\nAcme,£5\nBeta,7\n").book
    #expect(book.field(named: "Budget")?.type == .money)
    #expect(book.field(named: "Budget")?.currency == .pound)
    let error = try #require(loadError("name,Budget\nAcme,£5\nBeta,¥7\n"))
    #expect(error.message.hasPrefix("column \"Budget\" mixes currencies: \"£5\""))
  }

  /// A column that turns out to be text is not money, so its currencies do not matter.
  @Test func textColumnMayNameCurrencies() throws {
    let book = try load("name,Note\nAcme,$5\nBeta,€7\nGamma,call back\n").book
    #expect(book.field(named: "Note")?.type == .text)
  }

  @Test func arrFromMRRKeepsTheCurrency() throws {
    let book = try load("name,MRR\nAcme,€100\n").book
    #expect(book.field(named: "arr")?.currency == .euro)
    #expect(book.values(of: "arr") == [.money(cents: 120_000)])
  }

  @Test func jsonStringsNameTheirCurrency() throws {
    let book = try load(
      #"[{"name": "Acme", "arr": "€1,250.50"}, {"name": "Beta", "arr": 2000}]"#,
      name: "accounts.json"
    ).book
    #expect(book.field(named: "arr")?.currency == .euro)
    let error = try #require(
      loadError(
        #"[{"name": "Acme", "arr": "€1,250.50"}, {"name": "Beta", "arr": "$20"}]"#,
        name: "accounts.json"))
    #expect(error.line == 1)
    #expect(error.column == 64)
  }

  /// Returns a book of `rows` accounts whose arr cells are their row numbers, except for
  /// the cells given by row.
  private func arrColumn(_ cells: [Int: String], rows: Int = 400) -> String {
    var text = "id,arr\n"
    for row in 1...rows {
      text += "A\(row),\(cells[row] ?? "\(row)")\n"
    }
    return text
  }

  /// Checks that reading `text` in parts of several sizes on one or two threads raises
  /// `message`, as one read from start to end does.
  private func expectSameErrorInParts(_ text: String, _ message: String) {
    for partSize in [1 << 30, 64, 1024] {
      for threads in [1, 2] {
        let outcome = loadInParts(text, partSize: partSize, threads: threads)
        #expect(
          outcome.error?.message == message, "parts of \(partSize) bytes on \(threads) threads")
      }
    }
  }

  /// Parts read apart report the same first two cells as one read from start to end.
  @Test func partsReportTheFirstDifference() throws {
    expectSameErrorInParts(
      arrColumn([5: "€9", 300: "£7", 390: "$4"]),
      "column \"arr\" mixes currencies: \"€9\" (line 6, column 4) is in EUR and \"£7\" (line 301, column 6) is in GBP"
    )
  }

  @Test func dotsReadTwoWaysAreRejected() throws {
    let error = try #require(loadError("name,arr\nA,\"$1.234\"\nB,\"$2.50\"\nC,$7\n"))
    #expect(
      error.description == """
        accounts.csv:3:4: error: column "arr" writes amounts two ways: the dot in "$1.234" (line 2, column 4) separates thousands, but the dot in "$2.50" (line 3, column 4) is a decimal point
          hint: write the column's amounts one way, or start review with --decimal-point to read every dot as a decimal point
        """)

    // A semicolon file reads decimal commas, so "2.500" groups thousands there too.
    let semicolons = try #require(loadError("name;arr\nA;1.5\nB;2.500\n"))
    #expect(semicolons.line == 3)
    #expect(
      semicolons.message.hasPrefix("column \"arr\" writes amounts two ways: the dot in \"2.500\""))
  }

  /// In a file with decimal commas, a comma before three digits separates thousands, so a
  /// column that also has a decimal comma writes its amounts two ways and is refused.
  @Test func decimalCommaFileWithCommasTwoWays() throws {
    let error = try #require(loadError("name;arr\nA;€1,234\nB;€2,5\n"))
    #expect(error.line == 3)
    #expect(
      error.message
        == "column \"arr\" writes amounts two ways: the comma in \"€1,234\" (line 2, column 3) separates thousands, but the comma in \"€2,5\" (line 3, column 3) is a decimal comma"
    )
    // Commas read one way, with dots between thousands, load.
    let book = try load("name;arr\nA;€1.234,50\nB;€2,5\nC;1234\n").book
    #expect(
      book.values(of: "arr") == [
        .money(cents: 123_450), .money(cents: 250), .money(cents: 123_400),
      ])
  }

  @Test func decimalPointReadsEveryDotSo() throws {
    var options = LoadOptions()
    options.decimalComma = false
    let text = "name,arr,health\nA,1.250,41.250\nB,\"$2.50\",62.5\nC,\"1,234.5\",73\n"
    let book = try load(text, options: options).book
    #expect(
      book.values(of: "arr") == [.money(cents: 125), .money(cents: 250), .money(cents: 123_450)])
    #expect(book.values(of: "health") == [.number(41.25), .number(62.5), .number(73)])

    // Without it, dots before three digits separate thousands, in every cell alike.
    let grouped = try load("name,arr\nA,€7.500\nB,\"€1.250.000\"\nC,€9\n").book
    #expect(
      grouped.values(of: "arr") == [
        .money(cents: 750_000), .money(cents: 125_000_000), .money(cents: 900),
      ])
  }

  /// Parts read apart find the same two cells as one read from start to end.
  @Test func partsReportTheFirstDotReadings() throws {
    expectSameErrorInParts(
      arrColumn([7: "2.50", 250: "1.500", 390: "9.000"]),
      "column \"arr\" writes amounts two ways: the dot in \"1.500\" (line 251, column 6) separates thousands, but the dot in \"2.50\" (line 8, column 4) is a decimal point"
    )
  }

  @Test func dotsBeforeThreeDigitsWarn() throws {
    let result = try load("name,mrr\nA,99.990\nB,49.990\nC,12\n")
    #expect(
      result.book.values(of: "mrr") == [
        .money(cents: 9_999_000), .money(cents: 4_999_000), .money(cents: 1_200),
      ])
    #expect(
      result.warnings.map(\.description) == [
        "accounts.csv: warning: column \"mrr\" is read with dots as thousands separators, so \"99.990\" (line 2, column 3) is 99,990; if its dots are decimal points, start review with --decimal-point"
      ])

    var options = LoadOptions()
    options.decimalComma = false
    let decimal = try load("name,mrr\nA,99.990\nB,49.990\n", options: options)
    #expect(decimal.book.values(of: "mrr") == [.money(cents: 9_999), .money(cents: 4_999)])
    #expect(decimal.warnings.map(\.message) == [])
  }

  /// A cell with a currency sign, two dots or a decimal comma shows that the column's dots
  /// separate thousands, and so does a file that writes decimal commas.
  @Test(
    arguments: [
      ("name,mrr\nA,99.990\nB,€7.500\n", [9_999_000, 750_000]),
      ("name,mrr\nA,€7.500\nB,99.990\n", [750_000, 9_999_000]),
      ("name,mrr\nA,99.990\nB,\"1.234.567\"\n", [9_999_000, 123_456_700]),
      ("name,mrr\nA,\"1.234.567\"\nB,99.990\n", [123_456_700, 9_999_000]),
      ("name,mrr\nA,99.990\nB,\"1.250,50\"\n", [9_999_000, 125_050]),
      ("name;mrr\nA;99.990\nB;1,5\n", [9_999_000, 150]),
    ] as [(String, [Int64])])
  func evidentDotsDoNotWarn(text: String, cents: [Int64]) throws {
    let result = try load(text)
    #expect(result.book.values(of: "mrr") == cents.map { .money(cents: $0) })
    #expect(result.warnings.map(\.message) == [])
  }

  /// A cell that shows the dots' reading counts in any part and in any batch of rows,
  /// after cells that do not show it.
  @Test func laterCellsShowTheDots() throws {
    let warning =
      "column \"arr\" is read with dots as thousands separators, so \"99.990\" (line 6, column 4) is 99,990; if its dots are decimal points, start review with --decimal-point"
    for partSize in [1 << 30, 64, 1024] {
      for threads in [1, 2] {
        let groupsOnly = loadInParts(
          arrColumn([5: "99.990", 300: "1.500"], rows: 1_200), partSize: partSize,
          threads: threads)
        #expect(
          groupsOnly.warnings.map(\.message) == [warning],
          "parts of \(partSize) bytes on \(threads) threads")
        let secondDot = loadInParts(
          arrColumn([5: "99.990", 300: "1.500", 1_190: "1.234.567"], rows: 1_200),
          partSize: partSize,
          threads: threads)
        #expect(
          secondDot.warnings.map(\.message) == [],
          "parts of \(partSize) bytes on \(threads) threads")
      }
    }
  }

  @Test func filesInTwoCurrenciesAreRejected() throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
      "review-currency-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let dollars = folder.appendingPathComponent("us.csv").path
    let plain = folder.appendingPathComponent("plain.csv").path
    let euros = folder.appendingPathComponent("eu.csv").path
    try "name,arr\nAcme,$100\n".write(toFile: dollars, atomically: true, encoding: .utf8)
    try "name,arr\nBeta,200\n".write(toFile: plain, atomically: true, encoding: .utf8)
    try "name,arr\nGamma,€300\n".write(toFile: euros, atomically: true, encoding: .utf8)

    let combined = try Loader.load(paths: [plain, euros])
    #expect(combined.book.field(named: "arr")?.currency == .euro)
    #expect(
      combined.warnings.map(\.description) == [
        "\(euros): warning: arr is in EUR here, but names no currency in the files before it, so all its amounts are taken as EUR; if some are in another currency, convert them before loading"
      ])
    let reversed = try Loader.load(paths: [euros, plain])
    #expect(reversed.book.values(of: "arr") == [.money(cents: 30_000), .money(cents: 20_000)])
    #expect(
      reversed.warnings.map(\.description) == [
        "\(plain): warning: arr names no currency here, but EUR in the files before it, so all its amounts are taken as EUR; if some are in another currency, convert them before loading"
      ])

    let error = try #require(loadError(paths: [dollars, plain, euros]))
    #expect(
      error.description == """
        \(euros): error: arr is in EUR here but in USD in the files before it, and amounts in two currencies cannot be added up
          hint: load the files in one currency apart, or convert the amounts to one currency
        """)
  }
}
