import ReviewBook
import Testing

@testable import ReviewLoader

/// UTF-16 code units as bytes, with a byte-order mark first.
func utf16Bytes(_ text: String, littleEndian: Bool) -> [UInt8] {
  var bytes: [UInt8] = littleEndian ? [0xFF, 0xFE] : [0xFE, 0xFF]
  for unit in text.utf16 {
    let high = UInt8(unit >> 8)
    let low = UInt8(unit & 0xFF)
    bytes += littleEndian ? [low, high] : [high, low]
  }
  return bytes
}

@Suite struct FileLoadingTests {
  @Test func csvFileLoads() throws {
    let folder = try TemporaryFolder()
    let path = try folder.write("accounts.csv", text: "name,arr\nAcme,\"$49,461\"\n")
    let result = try Loader.load(paths: [path])
    #expect(result.book.values(of: "arr") == [.money(cents: 4_946_100)])
    #expect(result.book.sources == [path])
    #expect(result.warnings.isEmpty)
  }

  @Test func latin1FileIsConvertedWithWarning() throws {
    let folder = try TemporaryFolder()
    var bytes = Array("name,csm\nCaf".utf8) + [0xE9] + Array(",Jos".utf8) + [0xE9, 0x0A]
    bytes += [0x80] + Array("uro,M".utf8) + [0xFC] + Array("ller\n".utf8)
    let path = try folder.write("latin1.csv", bytes: bytes)
    let result = try Loader.load(paths: [path])
    #expect(result.book.values(of: "name") == [.text("Café"), .text("€uro")])
    #expect(result.book.values(of: "csm") == [.text("José"), .text("Müller")])
    #expect(
      result.warnings.map(\.description) == [
        "\(path): warning: the file is not valid UTF-8; read as Windows-1252 (Latin-1)"
      ])
  }

  @Test(arguments: [true, false])
  func utf16FileIsConverted(littleEndian: Bool) throws {
    let folder = try TemporaryFolder()
    let bytes = utf16Bytes("name,arr\r\nZoë,$5\r\n東京,$6\r\n", littleEndian: littleEndian)
    let path = try folder.write("utf16.csv", bytes: bytes)
    let result = try Loader.load(paths: [path])
    #expect(result.book.values(of: "name") == [.text("Zoë"), .text("東京")])
    #expect(result.book.values(of: "arr") == [.money(cents: 500), .money(cents: 600)])
    #expect(result.warnings.map(\.message) == ["the file is converted from UTF-16"])
  }

  @Test func utf8ByteOrderMarkIsSkipped() throws {
    let folder = try TemporaryFolder()
    let path = try folder.write("bom.csv", bytes: [0xEF, 0xBB, 0xBF] + Array("name\nAcme\n".utf8))
    let book = try Loader.load(paths: [path]).book
    #expect(book.fieldNames == ["name"])
  }

  @Test func nulByteIsRejected() throws {
    let folder = try TemporaryFolder()
    let path = try folder.write("binary.csv", bytes: Array("name,arr\nAc".utf8) + [0] + [0x6D])
    let error = try #require(loadError(paths: [path]))
    #expect(
      error.description == """
        \(path):2:3: error: the file contains a NUL byte, so it is not a text export
          hint: export the data again as CSV or JSON
        """)
  }

  @Test func missingFile() throws {
    let folder = try TemporaryFolder()
    let path = folder.path + "/absent.csv"
    let error = try #require(loadError(paths: [path]))
    #expect(error.description == "\(path): error: cannot open the file: No such file or directory")
  }

  @Test func folderIsNotADataFile() throws {
    let folder = try TemporaryFolder()
    let error = try #require(loadError(paths: [folder.path]))
    #expect(
      error.description == """
        \(folder.path): error: is a folder, not a data file
          hint: name a .csv, .json or .jsonl file inside it
        """)
  }

  @Test func emptyFileOnDisk() throws {
    let folder = try TemporaryFolder()
    let path = try folder.write("empty.csv", bytes: [])
    let error = try #require(loadError(paths: [path]))
    #expect(error.message == "the file is empty")
  }

  @Test func filesAreMergedByField() throws {
    let folder = try TemporaryFolder()
    let first = try folder.write("a.csv", text: "name,arr,Seats\nAcme,$5,10\n")
    let second = try folder.write(
      "b.json", text: #"[{"name": "Globex", "health": 50, "Seats": "many"}]"#)
    let book = try Loader.load(paths: [first, second]).book
    #expect(book.count == 2)
    #expect(book.sources == [first, second])
    #expect(book.values(of: "name") == [.text("Acme"), .text("Globex")])
    #expect(book.values(of: "arr") == [.money(cents: 500), .missing])
    #expect(book.values(of: "health") == [.missing, .number(50)])
    #expect(book.values(of: "status") == [.missing, .text("yellow")])
    #expect(book.field(named: "Seats")?.type == .text)
    #expect(book.values(of: "Seats") == [.text("10"), .text("many")])
  }

  @Test func idsRepeatedAcrossFilesAreReported() throws {
    let folder = try TemporaryFolder()
    let accounts = try folder.write("accounts.csv", text: "id,name,arr\nA1,Acme,5\nA2,Globex,6\n")
    let subscriptions = try folder.write(
      "subscriptions.csv", text: "id,arr\nA1,1\nA1,2\nA2,3\nA3,4\n")
    let result = try Loader.load(paths: [accounts, subscriptions])
    #expect(result.book.count == 6)
    let messages = result.warnings.map(\.message)
    // Within the second file, one row repeats A1; across the files, A1 and A2 repeat too.
    #expect(
      messages.contains(
        "1 row shares its id with an earlier row (such as A1); each row is loaded as an account of its own, so totals count them all"
      ))
    #expect(
      messages.contains(
        "2 rows share an id with a row of an earlier file (such as A1); the files are stacked one account per row, not joined, so totals count every row"
      ))
  }

  @Test func unusedMapIsReported() throws {
    let folder = try TemporaryFolder()
    let path = try folder.write("a.csv", text: "name,Owner\nAcme,Maria\n")
    let options = LoadOptions(mappings: [("Owner", "csm"), ("Nope", "tier")])
    let result = try Loader.load(paths: [path], options: options)
    #expect(result.book.values(of: "csm") == [.text("Maria")])
    #expect(
      result.warnings == [
        LoadWarning(
          file: path,
          message:
            "--map 'Nope=tier' names no column; the headers are compared ignoring case, spaces and punctuation"
        )
      ])
  }

  @Test func noPathsGiveEmptyBook() throws {
    let result = try Loader.load(paths: [])
    #expect(result.book.count == 0)
    #expect(result.book.fields.isEmpty)
  }
}
