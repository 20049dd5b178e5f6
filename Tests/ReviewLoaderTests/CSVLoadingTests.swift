import ReviewBook
import Testing

@testable import ReviewLoader

@Suite struct CSVQuotingTests {
  @Test func quotedFieldsKeepDelimitersAndBreaks() throws {
    let text = #"""
      id,name,notes
      1,"Acme, Inc.","He said ""hi"""
      2,"Globex","two
      lines"
      3,  "Spaced" ,plain

      """#
    let book = try load(text).book
    #expect(book.count == 3)
    #expect(book.values(of: "name") == [.text("Acme, Inc."), .text("Globex"), .text("Spaced")])
    #expect(
      book.values(of: "notes") == [
        .text("He said \"hi\""), .text("two\nlines"), .text("plain"),
      ])
    #expect(book.values(of: "id") == [.text("1"), .text("2"), .text("3")])
  }

  @Test func crlfInsideQuotesIsKept() throws {
    let book = try load("name,notes\r\nAcme,\"a\r\nb\"\r\n").book
    #expect(book.values(of: "notes") == [.text("a\r\nb")])
  }

  @Test func quoteInsideUnquotedFieldIsKept() throws {
    let book = try load("name,notes\nAcme,5\" screen\n").book
    #expect(book.values(of: "notes") == [.text("5\" screen")])
  }

  @Test func lineCountContinuesAfterQuotedLineBreaks() throws {
    let text = "name,notes\nAcme,\"one\ntwo\nthree\"\nGlobex,x,extra\n"
    let error = try #require(loadError(text))
    #expect(error.line == 5)
    #expect(error.message == "this row has 3 fields, but the header on line 1 has 2")
  }

  @Test func unterminatedQuoteNamesItsPlace() throws {
    let error = try #require(loadError("name,notes\nCafé,\"never closed\nGlobex,x\n"))
    #expect(
      error.description == """
        accounts.csv:2:6: error: a quoted field opens here and never closes
          hint: add the closing quote, or double any quote inside the field ("")
        """)
  }

  @Test func textAfterClosingQuote() throws {
    let error = try #require(loadError("name,notes\n\"Acme\" Inc,x\n"))
    #expect(
      error.description == """
        accounts.csv:2:8: error: unexpected text after the closing quote of a field
          hint: quote the whole field and double the quotes inside it ("")
        """)
  }
}

@Suite struct CSVLayoutTests {
  @Test(arguments: ["\n", "\r\n", "\r"])
  func lineEndings(ending: String) throws {
    let text = ["name,arr", "Acme,$100", "Globex,$200"].joined(separator: ending)
    for variant in [text, text + ending] {
      let book = try load(variant).book
      #expect(book.count == 2)
      #expect(book.values(of: "name") == [.text("Acme"), .text("Globex")])
      #expect(book.values(of: "arr") == [.money(cents: 10_000), .money(cents: 20_000)])
    }
  }

  @Test(arguments: ["\n", "\r\n", "\r"])
  func rowErrorLineWithEveryEnding(ending: String) throws {
    let text = ["name,arr", "Acme,$100", "Globex,$200,extra", ""].joined(separator: ending)
    let error = try #require(loadError(text))
    #expect(error.line == 3)
    #expect(error.column == 1)
  }

  @Test(arguments: ["\n", "\r\n", "\r"])
  func cellErrorLineWithEveryEnding(ending: String) throws {
    let text = ["name,health", "Acme,5", "Globex,bad", ""].joined(separator: ending)
    let error = try #require(loadError(text))
    #expect(error.line == 3)
    #expect(error.column == 8)
  }

  @Test func earliestBadCellIsReported() throws {
    // Row 3 has a bad date in its second column, row 4 a bad number in its first typed
    // column: the error is the one a reader going row by row meets first.
    let text = "name,renewal_date,health\nAcme,2022-01-01,5\nGlobex,soon,7\nInitech,2022-03-01,x\n"
    let error = try #require(loadError(text))
    #expect(error.line == 3)
    #expect(error.column == 8)
    #expect(error.message.contains("\"soon\""))
  }

  @Test func badCellBeforeBrokenRecordWins() throws {
    let rows = ["name,health", "Acme,bad"] + (1...20).map { "Row\($0),\($0)" } + ["\"Open,1"]
    let error = try #require(loadError(rows.joined(separator: "\n") + "\n"))
    #expect(error.line == 2)
    #expect(error.column == 6)
  }

  @Test func badCellAfterManyRowsIsPlaced() throws {
    // More rows than one batch of cells, so the failing cell is in a later batch.
    let rows = ["name,health"] + (1...1500).map { "Row\($0),\($0)" } + ["Last,bad"]
    let error = try #require(loadError(rows.joined(separator: "\n") + "\n"))
    #expect(error.line == 1502)
    #expect(error.column == 6)
  }

  @Test(arguments: ["\n", "\r\n"])
  func longRecordsSplitExactly(ending: String) throws {
    // Fields of every length, quoted or not, with delimiters, doubled quotes and line
    // breaks inside, so that field ends fall on every byte of the scanner's 64-byte blocks.
    var generator = SplitMix(seed: 7)
    var expectedNames: [String] = []
    var expectedNotes: [String] = []
    var lines = ["name,notes,health"]
    for row in 0..<400 {
      let name = "Account \(row)" + String(repeating: "x", count: Int(generator.next() % 70))
      var notes = String(repeating: "n", count: 1 + Int(generator.next() % 90))
      switch Int(generator.next() % 5) {
      case 0: notes += ", with a comma"
      case 1: notes += " says \"hi\""
      case 2: notes += "\nsecond line"
      case 3: notes += "\r\nthird line"
      default: break
      }
      expectedNames.append(name)
      expectedNotes.append(notes)
      let needsQuotes = notes.contains { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r\n" }
      let written =
        needsQuotes || row % 3 == 0
        ? "\"" + notes.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : notes
      let spaces = row % 7 == 0 ? "  " : ""
      lines.append("\(name),\(spaces)\(written),\(row % 100)")
    }
    let book = try load(lines.joined(separator: ending) + ending).book
    #expect(book.count == 400)
    #expect(book.values(of: "name") == expectedNames.map(Value.text))
    #expect(book.values(of: "notes") == expectedNotes.map { Value.text($0) })
    #expect(book.values(of: "health") == (0..<400).map { .number(Double($0 % 100)) })
  }

  @Test func byteOrderMarkIsSkipped() throws {
    let book = try load("\u{FEFF}name,arr\nAcme,5\n").book
    #expect(book.fieldNames.first == "name")
    #expect(book.field(named: "name")?.header == "name")
  }

  @Test(arguments: [
    (",", "comma"), (";", "semicolon"), ("\t", "tab"), ("|", "pipe"),
  ])
  func delimiterDetection(delimiter: String, label: String) throws {
    let text =
      ["name", "arr", "csm"].joined(separator: delimiter) + "\n"
      + ["Acme", "$100", "Maria Fell"].joined(separator: delimiter) + "\n"
    let book = try load(text).book
    #expect(book.fieldNames.prefix(3) == ["name", "arr", "csm"], "\(label)")
    #expect(book.values(of: "arr") == [.money(cents: 10_000)])
    #expect(book.values(of: "csm") == [.text("Maria Fell")])
  }

  @Test func delimiterInsideQuotesIsNotCounted() throws {
    let book = try load("\"name,with,commas\";arr\n\"a;b\";5\n").book
    #expect(book.fieldNames.prefix(2) == ["name,with,commas", "arr"])
    #expect(book.values(of: "name,with,commas") == [.text("a;b")])
  }

  @Test func spreadsheetSeparatorLine() throws {
    let book = try load("sep=;\nname,x;arr\nAcme,1;5\n").book
    #expect(book.fieldNames.prefix(2) == ["name,x", "arr"])
    #expect(book.values(of: "arr") == [.money(cents: 500)])

    let error = try #require(loadError("sep=;\r\nname;arr\r\nAcme;5\r\nGlobex;6;7\r\n"))
    #expect(error.line == 4)
    #expect(error.message == "this row has 3 fields, but the header on line 2 has 2")
  }

  @Test func blankLinesAndBlankRowsAreSkipped() throws {
    let text = "\n\nname,arr\n\nAcme,5\n \n,\n\r\nGlobex,6\n\n"
    let book = try load(text).book
    #expect(book.count == 2)
    #expect(book.values(of: "name") == [.text("Acme"), .text("Globex")])
  }

  @Test func longRowIsAnError() throws {
    let error = try #require(loadError("name,arr\nAcme,$100\nGlobex,$200,extra\n"))
    #expect(
      error.description == """
        accounts.csv:3:1: error: this row has 3 fields, but the header on line 1 has 2
          hint: a field that contains the delimiter (a comma) or a line break must be in double quotes
        """)
  }

  @Test func shortRowIsAnError() throws {
    let error = try #require(loadError("name;arr;csm\nAcme;5\n"))
    #expect(error.file == "accounts.csv")
    #expect(error.line == 2)
    #expect(error.column == 1)
    #expect(error.message == "this row has 2 fields, but the header on line 1 has 3")
    #expect(error.hint?.hasPrefix("a field that contains the delimiter (a semicolon)") == true)
  }

  @Test func headerOnlyFile() throws {
    let error = try #require(loadError("name,arr\n"))
    #expect(
      error.description == """
        accounts.csv:1: error: the file has a header but no accounts
          hint: export the accounts again, with one row per account below the header
        """)
  }

  @Test(arguments: ["", "\n", "\r\n\r\n"])
  func emptyFile(text: String) throws {
    let error = try #require(loadError(text))
    #expect(
      error.description == """
        accounts.csv: error: the file is empty
          hint: export the accounts again, with a header row and one row per account
        """)
  }

  @Test func duplicateHeadersGetSuffixes() throws {
    let result = try load("name,Notes,notes,NOTES\nAcme,a,b,c\n")
    #expect(result.book.fieldNames == ["name", "Notes", "notes_2", "NOTES_3"])
    #expect(result.book.values(of: "notes_2") == [.text("b")])
    #expect(
      result.warnings.map(\.description) == [
        "accounts.csv: warning: columns 2 (\"Notes\") and 3 (\"notes\") have the same name when case, spaces and punctuation are ignored; the second is loaded as notes_2",
        "accounts.csv: warning: columns 2 (\"Notes\") and 4 (\"NOTES\") have the same name when case, spaces and punctuation are ignored; the second is loaded as NOTES_3",
      ])
  }

  @Test func duplicateHeaderWarningQuotesEachHeader() throws {
    let result = try load("name,arr,ARR\nAcme,100,200\n")
    #expect(result.book.fieldNames == ["name", "arr", "ARR_2"])
    #expect(result.book.values(of: "ARR_2") == [.number(200)])
    #expect(
      result.warnings.map(\.message) == [
        "columns 2 (\"arr\") and 3 (\"ARR\") have the same name when case, spaces and punctuation are ignored; the second is loaded as ARR_2"
      ])
  }

  @Test func secondAliasColumnKeepsItsName() throws {
    let result = try load("Account Name,Company,arr\nAcme,Acme Inc,5\n")
    #expect(result.book.fieldNames == ["name", "Company", "arr"])
    #expect(
      result.warnings.map(\.message) == [
        "column \"Company\" also looks like name, which column \"Account Name\" already provides; it keeps its own name"
      ])
  }

  @Test func emptyHeaderGetsColumnNumber() throws {
    let book = try load("name,,arr\nAcme,x,5\n").book
    #expect(book.fieldNames == ["name", "column_2", "arr"])
  }

  @Test func repeatedHeaderRowIsSkipped() throws {
    let result = try load("name,arr\nAcme,5\nName,ARR\nGlobex,6\n")
    #expect(result.book.count == 2)
    #expect(result.book.values(of: "name") == [.text("Acme"), .text("Globex")])
    #expect(
      result.warnings == [
        LoadWarning(
          file: "accounts.csv", line: 3, message: "this row repeats the header; it is skipped")
      ])
    #expect(
      result.warnings.first?.description
        == "accounts.csv:3: warning: this row repeats the header; it is skipped")
  }

  @Test func cellsAreTrimmed() throws {
    let book = try load("name,csm\n  Acme  ,\u{A0}Maria Fell\u{A0}\n").book
    #expect(book.values(of: "name") == [.text("Acme")])
    #expect(book.values(of: "csm") == [.text("Maria Fell")])
  }

  @Test(arguments: [
    ("export", "[{\"name\": \"Acme\"}]"),
    ("export.dat", "  {\"name\": \"Acme\"}"),
    ("export", "name\nAcme\n"),
    ("export.txt", "name\nAcme\n"),
  ])
  func formatFromExtensionOrContent(name: String, text: String) throws {
    let book = try load(text, name: name).book
    #expect(book.values(of: "name") == [.text("Acme")])
  }
}
