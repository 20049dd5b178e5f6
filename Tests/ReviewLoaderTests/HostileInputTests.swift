import Foundation
import ReviewBook
import Testing

@testable import ReviewLoader

/// Broken and unusual exports under Tests/Corpus/hostile, each with the exact result or
/// error that loading it must give.
@Suite("Hostile and broken inputs")
struct HostileInputTests {
  static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent()
    .appendingPathComponent("Corpus/hostile").path

  enum Expected: Sendable {
    /// The book's rows, each field written raw (ISO dates, plain numbers, "" for missing),
    /// and text every warning together must contain ("" for no warnings).
    case rows([[String: String]], warning: String)
    /// The full error as printed: `file:line:column: error: message` and the hint.
    case error(String)
  }

  struct Case: CustomTestStringConvertible, Sendable {
    var file: String
    var expected: Expected
    var options = LoadOptions()
    var testDescription: String { file }
  }

  static let hint = "\n  hint: "

  static let cases: [Case] = [
    // Structure
    Case(
      file: "unterminated-quote.csv",
      expected: .error(
        "unterminated-quote.csv:2:1: error: a quoted field opens here and never closes\(hint)add the closing quote, or double any quote inside the field (\"\")"
      )),
    Case(
      file: "unterminated-quote-last.csv",
      expected: .error(
        "unterminated-quote-last.csv:2:6: error: a quoted field opens here and never closes\(hint)add the closing quote, or double any quote inside the field (\"\")"
      )),
    Case(
      file: "quote-inside-unquoted.csv",
      expected: .rows(
        [["name": "Acme", "size": "5\" screen"], ["name": "Beta", "size": "6\""]], warning: "")),
    Case(
      file: "text-after-quote.csv",
      expected: .error(
        "text-after-quote.csv:2:7: error: unexpected text after the closing quote of a field\(hint)quote the whole field and double the quotes inside it (\"\")"
      )),
    Case(
      file: "short-row.csv",
      expected: .error(
        "short-row.csv:3:1: error: this row has 2 fields, but the header on line 1 has 3\(hint)a field that contains the delimiter (a comma) or a line break must be in double quotes; if the export leaves out empty fields at the end of a row, load it with --ragged"
      )),
    Case(
      file: "short-row.csv",
      expected: .rows(
        [
          ["name": "Acme", "arr": "100", "csm": "Maria"],
          ["name": "Beta", "arr": "200", "csm": ""],
        ], warning: ""), options: LoadOptions(padsShortRows: true)),
    Case(
      file: "report-footer.csv",
      expected: .error(
        "report-footer.csv:5:1: error: this row has 1 field, but the header on line 1 has 3\(hint)a blank line and rows of one field, such as totals or a confidentiality notice, end a report's export; delete them from line 4 on, or export the report's details only"
      )),
    Case(
      file: "long-row.csv",
      expected: .error(
        "long-row.csv:3:1: error: this row has 3 fields, but the header on line 1 has 2\(hint)a field that contains the delimiter (a comma) or a line break must be in double quotes"
      )),
    Case(
      file: "duplicate-headers.csv",
      expected: .rows(
        [["name": "Acme", "arr": "100", "arr_2": "200"]],
        warning: "columns 2 and 3 are both named \"arr\"; the second is loaded as arr_2")),
    Case(
      file: "alias-collision.csv",
      expected: .rows(
        [["name": "Acme", "Company": "Acme Holdings", "arr": "100"]],
        warning:
          "column \"Company\" also looks like name, which column \"Client\" already provides; it keeps its own name"
      )),
    Case(
      file: "empty.csv",
      expected: .error(
        "empty.csv: error: the file is empty\(hint)export the accounts again, with a header row and one row per account"
      )),
    Case(
      file: "header-only.csv",
      expected: .error(
        "header-only.csv:1: error: the file has a header but no accounts\(hint)export the accounts again, with one row per account below the header"
      )),
    Case(
      file: "only-bom.csv",
      expected: .error(
        "only-bom.csv: error: the file is empty\(hint)export the accounts again, with a header row and one row per account"
      )),
    Case(
      file: "bom-header-only.csv",
      expected: .error(
        "bom-header-only.csv:1: error: the file has a header but no accounts\(hint)export the accounts again, with one row per account below the header"
      )),
    Case(
      file: "nul-byte.csv",
      expected: .error(
        "nul-byte.csv:2:3: error: the file contains a NUL byte, so it is not a text export\(hint)export the data again as CSV or JSON"
      )),
    Case(
      file: "xlsx-renamed.csv",
      expected: .error(
        "xlsx-renamed.csv: error: the file is an Excel workbook (.xlsx), not a CSV or JSON export\(hint)open it in the spreadsheet program and save the sheet as CSV"
      )),
    Case(
      file: "zipped-export.csv",
      expected: .error(
        "zipped-export.csv: error: the file is a ZIP archive, not a CSV or JSON export\(hint)unzip it and load the CSV or JSON file inside; if it is a workbook, save it as CSV in the spreadsheet program"
      )),
    Case(
      file: "gzip-renamed.csv",
      expected: .error(
        "gzip-renamed.csv: error: the file is compressed with gzip, not a CSV or JSON export\(hint)decompress it first, as with gunzip, and load the file inside"
      )),
    Case(
      file: "pdf-renamed.csv",
      expected: .error(
        "pdf-renamed.csv: error: the file is a PDF document, not a CSV or JSON export\(hint)export the accounts from the system they come from as CSV or JSON"
      )),
    Case(
      file: "sqlite-renamed.csv",
      expected: .error(
        "sqlite-renamed.csv: error: the file is a SQLite database, not a CSV or JSON export\(hint)write a table out as CSV, as with sqlite3 -header -csv FILE 'select * from TABLE'"
      )),
    Case(
      file: "html-page.csv",
      expected: .error(
        "html-page.csv: error: the file is an HTML page, not a CSV or JSON export\(hint)a browser may have saved a web page, such as a sign-in page, in place of the export; download the export again as CSV or JSON"
      )),
    Case(
      file: "html-page.json",
      expected: .error(
        "html-page.json: error: the file is an HTML page, not a CSV or JSON export\(hint)a browser may have saved a web page, such as a sign-in page, in place of the export; download the export again as CSV or JSON"
      )),
    Case(
      file: "invalid-utf8.csv",
      expected: .rows(
        [["name": "Acme €ÿ", "arr": "100"]],
        warning:
          "invalid-utf8.csv:2:6: warning: byte 0x80 here is the first of 2 bytes that are not valid UTF-8, so the file is read as Windows-1252 (Latin-1)"
      )),
    Case(
      file: "latin1.csv",
      expected: .rows(
        [["name": "Müller & Söhne", "csm": "Zoë"]],
        warning: "bytes that are not valid UTF-8, so the file is read as Windows-1252 (Latin-1)")),
    Case(
      file: "windows1252-quotes.csv",
      expected: .rows(
        [["name": "Acme", "note": "“smart” – dash"]], warning: "read as Windows-1252")),
    Case(
      file: "utf16le.csv",
      expected: .rows(
        [["name": "Acme", "arr": "100"]], warning: "the file is converted from UTF-16")),
    Case(
      file: "utf16be.csv",
      expected: .rows(
        [["name": "Acme", "arr": "100"]], warning: "the file is converted from UTF-16")),
    Case(
      file: "repeated-header.csv",
      expected: .rows(
        [["name": "Acme", "arr": "100"], ["name": "Beta", "arr": "200"]],
        warning: "repeated-header.csv:3: warning: this row repeats the header; it is skipped")),
    Case(
      file: "sep-semicolon.csv", expected: .rows([["name": "Acme", "arr": "100"]], warning: "")),
    Case(
      file: "semicolon.csv",
      expected: .rows([["name": "Acme", "arr": "100", "csm": "Maria"]], warning: "")),
    Case(
      file: "tab.tsv",
      expected: .rows(
        [["name": "Acme", "arr": "100"], ["name": "Beta", "arr": "200"]], warning: "")),
    Case(file: "pipe.csv", expected: .rows([["name": "Acme", "arr": "100"]], warning: "")),
    Case(
      file: "crlf.csv",
      expected: .rows(
        [["name": "Acme", "arr": "100"], ["name": "Beta", "arr": "200"]], warning: "")),
    Case(
      file: "cr-only.csv",
      expected: .rows(
        [["name": "Acme", "arr": "100"], ["name": "Beta", "arr": "200"]], warning: "")),
    Case(
      file: "blank-lines.csv",
      expected: .rows(
        [["name": "Acme", "arr": "100"], ["name": "Beta", "arr": "200"]], warning: "")),
    Case(
      file: "whitespace-lines.csv", expected: .rows([["name": "Acme", "arr": "100"]], warning: "")),
    Case(
      file: "empty-row.csv",
      expected: .rows(
        [["name": "Acme", "arr": "100"], ["name": "Beta", "arr": "200"]], warning: "")),
    Case(
      file: "trailing-delimiter.csv",
      expected: .rows([["name": "Acme", "arr": "100"]], warning: "")),
    Case(
      file: "single-column.csv", expected: .rows([["name": "Acme"], ["name": "Beta"]], warning: "")),
    Case(
      file: "quoted-newline-crlf.csv",
      expected: .rows([["name": "Acme", "note": "line one\r\nline two"]], warning: "")),
    Case(
      file: "quoted-header.csv", expected: .rows([["name": "Acme", "arr": "100"]], warning: "")),
    Case(
      file: "spaces-around.csv", expected: .rows([["name": "Acme", "arr": "100"]], warning: "")),
    Case(
      file: "many-columns.csv",
      expected: .error(
        "many-columns.csv:1: error: the header has 20,001 columns, more than the 10,000 review reads\(hint)export only the columns the review needs"
      )),
    // Values
    Case(
      file: "number-1e400-unknown.csv",
      expected: .rows(
        [["name": "Acme", "rating": "1e400"], ["name": "Beta", "rating": "2"]], warning: "")),
    Case(
      file: "number-1e400-health.csv",
      expected: .error(
        "number-1e400-health.csv:2:6: error: health in column \"health\" is \"1e400\", which is out of range\(hint)write a number such as 62.4 or 80%, leave the cell empty, or load the column under another name with --map 'health=health_text'"
      )),
    Case(
      file: "negative-zero.csv",
      expected: .rows([["name": "Acme", "health": "0", "arr": "0", "status": "red"]], warning: "")),
    Case(
      file: "huge-money.csv",
      expected: .error(
        "huge-money.csv:2:6: error: arr in column \"arr\" is \"$99999999999999999999999\", which is out of range\(hint)write an amount of money such as $49,461, 1.2M or 50k, leave the cell empty, or load the column under another name with --map 'arr=arr_text'"
      )),
    Case(
      file: "date-feb-30.csv",
      expected: .error(
        "date-feb-30.csv:2:6: error: renewal_date in column \"renewal_date\" is \"2022-02-30\", which is not a date in the calendar\(hint)write a date such as 2016-05-01, May 1, 2016 or 05/01/2016, leave the cell empty, or load the column under another name with --map 'renewal_date=renewal_date_text'"
      )),
    Case(
      file: "date-feb-30-unknown.csv",
      expected: .rows(
        [
          ["name": "Acme", "next_call": "2022-02-30"], ["name": "Beta", "next_call": "2022-03-01"],
        ],
        warning:
          "column \"next_call\" looks like dates, but \"2022-02-30\" on line 2 is not a date in the calendar; it is loaded as text"
      )),
    Case(
      file: "two-digit-years.csv",
      expected: .rows(
        [
          ["name": "Acme", "renewal_date": "2068-05-01"],
          ["name": "Beta", "renewal_date": "1969-05-13"],
        ], warning: "")),
    Case(
      file: "day-first.csv",
      expected: .rows(
        [
          ["name": "Acme", "renewal_date": "2022-01-13"],
          ["name": "Beta", "renewal_date": "2022-02-01"],
        ], warning: "")),
    Case(
      file: "month-first.csv",
      expected: .rows(
        [
          ["name": "Acme", "renewal_date": "2022-01-13"],
          ["name": "Beta", "renewal_date": "2022-02-01"],
        ], warning: "")),
    Case(
      file: "ambiguous-dates.csv",
      expected: .error(
        "ambiguous-dates.csv:2:6: error: cannot tell the day from the month in column \"renewal_date\": no date in it has a day above 12\(hint)run again with --dates mdy if 05/01/2016 means May 1, or --dates dmy if it means 5 January"
      )),
    Case(
      file: "ambiguous-dates.csv",
      expected: .rows(
        [
          ["name": "Acme", "renewal_date": "2022-02-01"],
          ["name": "Beta", "renewal_date": "2022-04-03"],
        ], warning: ""), options: LoadOptions(dateOrder: .dayFirst)),
    Case(
      file: "ambiguous-dates-unknown.csv",
      expected: .rows(
        [["name": "Acme", "kickoff": "01/02/2022"], ["name": "Beta", "kickoff": "03/04/2022"]],
        warning:
          "column \"kickoff\" holds dates such as 05/01/2016 whose day and month cannot be told apart"
      )),
    Case(
      file: "mixed-date-order.csv",
      expected: .error(
        "mixed-date-order.csv:3:6: error: column \"renewal_date\" mixes day-first dates (line 2) and month-first dates (line 3)\(hint)choose one order with --dates dmy or --dates mdy, and correct the cells that do not follow it"
      )),
    Case(
      file: "mixed-date-formats.csv",
      expected: .rows(
        [
          ["name": "Acme", "renewal_date": "2022-03-01"],
          ["name": "Beta", "renewal_date": "2022-05-01"],
          ["name": "Cedar", "renewal_date": "2022-06-01"],
        ], warning: "")),
    Case(
      file: "money-forms.csv",
      expected: .rows(
        [
          ["name": "A", "arr": "1200.5"], ["name": "B", "arr": "1200000"],
          ["name": "C", "arr": "50000"], ["name": "D", "arr": "-500"],
          ["name": "E", "arr": "-1000"], ["name": "F", "arr": "300"], ["name": "G", "arr": "250"],
        ], warning: "")),
    Case(
      file: "money-forms-euro.csv",
      expected: .rows(
        [
          ["name": "A", "arr": "250"], ["name": "B", "arr": "300"], ["name": "C", "arr": "1250.5"],
          ["name": "D", "arr": "1000"], ["name": "E", "arr": "400"], ["name": "F", "arr": "-75"],
        ], warning: "")),
    Case(
      file: "mixed-currencies.csv",
      expected: .error(
        "mixed-currencies.csv:3:6: error: column \"arr\" mixes currencies: \"$1000\" (line 2, column 6) is in USD and \"€2000\" (line 3, column 6) is in EUR\(hint)split the export into one file per currency, or convert the amounts to one currency before loading"
      )),
    Case(
      file: "percent.csv",
      expected: .rows(
        [["name": "Acme", "usage": "80"], ["name": "Beta", "usage": "12.5"]], warning: "")),
    Case(
      file: "booleans.csv",
      expected: .rows(
        [
          ["name": "A", "strategic": "true"], ["name": "B", "strategic": "false"],
          ["name": "C", "strategic": "true"],
          ["name": "D", "strategic": "false"], ["name": "E", "strategic": "true"],
          ["name": "F", "strategic": "true"],
          ["name": "G", "strategic": ""],
        ], warning: "")),
    Case(
      file: "boolean-bad.csv",
      expected: .error(
        "boolean-bad.csv:2:3: error: strategic must be yes or no, but the cell in column \"strategic\" is \"maybe\"\(hint)write yes or no such as true, false, yes, no, 1 or 0, leave the cell empty, or load the column under another name with --map 'strategic=strategic_text'"
      )),
    Case(
      file: "health-word.csv",
      expected: .error(
        "health-word.csv:3:6: error: health must be a number, but the cell in column \"health\" is \"high\"\(hint)write a number such as 62.4 or 80%, leave the cell empty, or load the column under another name with --map 'health=health_text'"
      )),
    Case(
      file: "missing-markers.csv",
      expected: .rows(
        [
          ["name": "A", "health": "", "arr": ""], ["name": "B", "health": "", "arr": ""],
          ["name": "C", "health": "", "arr": ""],
          ["name": "D", "health": "", "arr": ""],
        ], warning: "")),
    Case(
      file: "excel-errors.csv",
      expected: .rows(
        [
          ["name": "Acme", "health": "", "usage": ""],
          ["name": "Beta", "health": "50", "usage": ""],
        ], warning: "")),
    Case(
      file: "leading-zero-ids.csv",
      expected: .rows(
        [["code": "007", "name": "Acme"], ["code": "010", "name": "Beta"]], warning: "")),
    Case(
      file: "thousands.csv",
      expected: .rows(
        [["name": "Acme", "seats": "1234"], ["name": "Beta", "seats": "56"]], warning: "")),
    Case(
      file: "mrr-only.csv",
      expected: .rows(
        [
          ["name": "Acme", "mrr": "1000", "arr": "12000"], ["name": "Beta", "mrr": "", "arr": ""],
        ], warning: "")),
    Case(
      file: "status-from-health.csv",
      expected: .rows(
        [
          ["name": "A", "health": "10", "status": "red"],
          ["name": "B", "health": "55", "status": "yellow"],
          ["name": "C", "health": "70", "status": "green"],
          ["name": "D", "health": "", "status": ""],
        ], warning: "")),
    Case(
      file: "rag-status.csv",
      expected: .rows(
        [
          ["name": "A", "status": "yellow"], ["name": "B", "status": "red"],
          ["name": "C", "status": "green"], ["name": "D", "status": "unknown"],
        ],
        warning: "")),
    // JSON
    Case(
      file: "empty-array.json",
      expected: .error(
        "empty-array.json: error: the file holds no account objects\(hint)give an array of objects, an object holding one, or one object a line (JSON Lines)"
      )),
    Case(
      file: "empty-object.json",
      expected: .error(
        "empty-object.json: error: the accounts in the file have no fields\(hint)give each account object its fields, such as {\"name\": \"Acme\", \"arr\": 50000}"
      )),
    Case(
      file: "empty-records.json",
      expected: .error(
        "empty-records.json: error: the file holds no account objects\(hint)give an array of objects, an object holding one, or one object a line (JSON Lines)"
      )),
    Case(
      file: "trailing-comma.json",
      expected: .error(
        "trailing-comma.json:1:18: error: expected a quoted key, found '}'\(hint)remove the comma before '}': JSON allows none after the last item"
      )),
    Case(
      file: "unquoted-key.json",
      expected: .error(
        "unquoted-key.json:1:3: error: expected a quoted key, found 'n'\(hint)put the key in double quotes, as in \"name\""
      )),
    Case(
      file: "single-quotes.json",
      expected: .error(
        "single-quotes.json:1:3: error: expected a quoted key, found '''\(hint)JSON strings use double quotes"
      )),
    Case(file: "nan.json", expected: .error("nan.json:1:29: error: expected a value, found 'N'")),
    Case(
      file: "comment.json",
      expected: .error(
        "comment.json:1:1: error: expected an array or an object of accounts\(hint)give an array of objects, an object holding one, or one object a line (JSON Lines)"
      )),
    Case(file: "bom.json", expected: .rows([["name": "Acme", "arr": "100"]], warning: "")),
    Case(
      file: "jsonl-broken-line.jsonl",
      expected: .error(
        """
        jsonl-broken-line.jsonl:2:13: error: the account on this line ends before its object closes
          hint: in JSON Lines each account is one whole object on one line; complete the line or remove it
        """)),
    Case(
      file: "jsonl-crlf.jsonl",
      expected: .rows([["name": "A", "arr": "1"], ["name": "B", "arr": "2"]], warning: "")),
    Case(
      file: "top-level-number.json",
      expected: .error(
        "top-level-number.json:1:1: error: expected an array or an object of accounts\(hint)give an array of objects, an object holding one, or one object a line (JSON Lines)"
      )),
    Case(
      file: "control-char.json",
      expected: .error(
        "control-char.json:1:14: error: a control character inside a string must be escaped\(hint)write a line break inside a string as \\n"
      )),
    Case(
      file: "bad-escape.json",
      expected: .error("bad-escape.json:1:14: error: unknown escape '\\q' in a string")),
    Case(file: "lone-surrogate.json", expected: .rows([["name": "\u{FFFD}x"]], warning: "")),
    Case(
      file: "duplicate-keys.json",
      expected: .rows(
        [["name": "B"]],
        warning:
          "duplicate-keys.json:1:24: warning: this account has the key \"name\" more than once")),
    Case(
      file: "numbers-as-strings.json",
      expected: .rows(
        [["name": "A", "health": "62.5", "arr": "1200", "status": "yellow"]], warning: "")),
    Case(
      file: "mixed-record-types.json",
      expected: .error(
        "mixed-record-types.json:1:17: error: expected an account object in the array\(hint)each element of the array must be an object such as {\"name\": \"Acme\"}"
      )),
    Case(
      file: "nested-arrays.json",
      expected: .rows(
        [
          [
            "name": "A", "contacts": "[{\"email\":\"a@x\"},{\"email\":\"b@x\"}]",
            "owner.csm": "Maria",
          ]
        ], warning: "")),
    Case(
      file: "missing-keys.json",
      expected: .rows(
        [["name": "A", "arr": "1"], ["name": "B", "arr": ""], ["name": "", "arr": "3"]], warning: ""
      )),
  ]

  @Test(arguments: cases)
  func loadsAsExpected(_ testCase: Case) throws {
    let path = Self.folder + "/" + testCase.file
    try #require(FileManager.default.fileExists(atPath: path), "missing \(path)")
    let result: LoadResult
    do {
      result = try Loader.load(paths: [path], options: testCase.options)
    } catch {
      guard case .error(let expected) = testCase.expected else {
        Issue.record("\(testCase.file) failed to load: \(error)")
        return
      }
      #expect(error.description.replacingOccurrences(of: Self.folder + "/", with: "") == expected)
      return
    }
    guard case .rows(let rows, let warning) = testCase.expected else {
      Issue.record("\(testCase.file) loaded, but an error was expected")
      return
    }
    let book = result.book
    #expect(book.count == rows.count)
    for (row, expected) in rows.enumerated() where row < book.count {
      for (field, value) in expected {
        guard let index = book.index(ofField: field) else {
          Issue.record("\(testCase.file) has no field \(field); fields: \(book.fields.map(\.name))")
          continue
        }
        #expect(
          Self.raw(book.columns[index].value(at: row)) == value,
          "\(testCase.file) row \(row + 1) \(field)")
      }
    }
    let warnings = result.warnings.map(\.description).joined(separator: "\n")
    if warning.isEmpty {
      #expect(warnings.isEmpty, "\(testCase.file): \(warnings)")
    } else {
      #expect(warnings.contains(warning), "\(testCase.file): \(warnings)")
    }
  }

  static func raw(_ value: Value) -> String {
    switch value {
    case .missing: return ""
    case .text(let text): return text
    case .number(let number):
      return number == number.rounded() && abs(number) < 1e15
        ? String(Int64(number)) : String(number)
    case .money(let cents):
      let dollars = Double(cents) / 100
      return dollars == dollars.rounded() ? String(Int64(dollars)) : String(dollars)
    case .date(let day): return day.iso
    case .boolean(let flag): return flag ? "true" : "false"
    }
  }

  @Test func tenMegabyteField() throws {
    let text = "name,note\nAcme,\"" + String(repeating: "x", count: 10_000_000) + "\"\n"
    let book = try Loader.load(text: text, name: "big.csv").book
    #expect(book.count == 1)
    #expect(book.column(named: "note").map { Self.raw($0.value(at: 0)).count } == 10_000_000)
  }

  @Test func millionColumnsInOneRow() throws {
    let row = Array(repeating: "1", count: 1_000_000).joined(separator: ",")
    let error = try #require(loadError("name,arr\n" + row + "\n", name: "wide.csv"))
    #expect(
      error.description.hasPrefix(
        "wide.csv:2:1: error: this row has 1000000 fields, but the header on line 1 has 2"))
  }

  @Test func millionColumnHeader() throws {
    let header = (0..<1_000_000).map { "c\($0)" }.joined(separator: ",")
    let error = try #require(loadError(header + "\n1\n", name: "wide.csv"))
    #expect(
      error.description.hasPrefix(
        "wide.csv:1: error: the header has 1,000,000 columns, more than the 10,000 review reads"))
  }

  @Test func deepJSONNesting() throws {
    let objects =
      "[{\"a\":" + String(repeating: "{\"a\":", count: 100_000) + "1"
      + String(repeating: "}", count: 100_000) + "}]"
    let objectError = try #require(loadError(objects, name: "deep.json"))
    #expect(objectError.message == "objects are nested more than 256 levels deep")
    let arrays =
      "[{\"a\":" + String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
      + "}]"
    let arrayError = try #require(loadError(arrays, name: "deep.json"))
    #expect(arrayError.message == "values are nested more than 256 levels deep")
  }

  @Test func tooManyJSONKeys() throws {
    let keys = (0..<20_001).map { "\"k\($0)\": 1" }.joined(separator: ", ")
    let error = try #require(loadError("[{" + keys + "}]", name: "wide.json"))
    #expect(
      error.description.hasPrefix(
        "wide.json:1:1: error: the accounts have 20,001 fields, more than the 10,000 review reads"))
  }

  @Test func fileLargerThanMemoryIsRefused() throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
      "review-sparse-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let path = folder.appendingPathComponent("huge.csv").path
    let size = Int64(SourceText.sizeLimit()) * 2
    // A sparse file: as large as twice the limit, with no blocks written.
    #expect(FileManager.default.createFile(atPath: path, contents: nil))
    #expect(truncate(path, off_t(size)) == 0)
    let error = try #require(loadError(paths: [path]))
    #expect(error.message.hasPrefix("the file is "))
    #expect(error.message.contains("more than review can hold in the memory it may use here"))
    #expect(error.hint == "split the export, or load it on a machine with more memory")
  }
}
