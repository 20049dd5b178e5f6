import Foundation
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

  @Test func namedPipeIsReadWhole() throws {
    // A pipe reports no size, as when a shell passes `<(command)` to review.
    let folder = try TemporaryFolder()
    let path = folder.path + "/accounts"
    #expect(mkfifo(path, 0o600) == 0)
    var text = "name,arr\n"
    for index in 0..<5_000 { text += "Account \(index),\(index)\n" }
    let bytes = Array(text.utf8)
    let writer = Thread {
      guard let handle = FileHandle(forWritingAtPath: path) else { return }
      handle.write(Data(bytes))
      try? handle.close()
    }
    writer.start()
    let result = try Loader.load(paths: [path])
    #expect(result.book.count == 5_000)
    #expect(result.book.values(of: "name").last == .text("Account 4999"))
    #expect(result.book.values(of: "arr").last == .money(cents: 499_900))
  }

  @Test func endlessStreamIsRefusedAtTheLimit() throws {
    let descriptor = open("/dev/zero", O_RDONLY)
    try #require(descriptor >= 0)
    defer { close(descriptor) }
    let error = #expect(throws: LoadError.self) {
      _ = try SourceText.readAll(descriptor, path: "/dev/zero", limit: 1 << 20)
    }
    #expect(
      error?.message
        == "the stream holds more than review can hold in the memory it may use here (1.0 MB at most)"
    )
  }

  @Test(arguments: ["/dev/zero", "/dev/null"])
  func deviceIsRefused(path: String) throws {
    let error = try #require(loadError(paths: [path]))
    #expect(error.description.hasPrefix("\(path): error: is a device, not a data file"))
  }

  @Test func streamUpToTheLimitIsReadWhole() throws {
    let folder = try TemporaryFolder()
    let path = try folder.write(
      "accounts.csv", bytes: Array(repeating: UInt8(ascii: "a"), count: 100_000))
    let descriptor = open(path, O_RDONLY)
    try #require(descriptor >= 0)
    defer { close(descriptor) }
    let buffer = try SourceText.readAll(descriptor, path: path, limit: 100_000)
    defer { buffer.deallocate() }
    #expect(buffer.count == 100_000)
    #expect(buffer.allSatisfy { $0 == UInt8(ascii: "a") })
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
        "\(path):2:4: warning: byte 0xE9 here is the first of 4 bytes that are not valid UTF-8, so the file is read as Windows-1252 (Latin-1)"
      ])
  }

  @Test func strayByteInUTF8IsReplaced() throws {
    let folder = try TemporaryFolder()
    var bytes = Array("name,csm\nMüller,東京\nZoë,Ren".utf8) + [0xE9, 0x0A]
    bytes += Array("Acme".utf8) + [0xFF] + Array(",Søren\n".utf8)
    let path = try folder.write("accounts.csv", bytes: bytes)
    let result = try Loader.load(paths: [path])
    #expect(
      result.book.values(of: "name") == [.text("Müller"), .text("Zoë"), .text("Acme\u{FFFD}")])
    #expect(
      result.book.values(of: "csm") == [.text("東京"), .text("Ren\u{FFFD}"), .text("Søren")])
    #expect(
      result.warnings.map(\.description) == [
        "\(path):3:8: warning: byte 0xE9 here is the first of 2 bytes that are not valid UTF-8, so each is replaced with U+FFFD; the rest of the file is read as UTF-8"
      ])

    let single = try folder.write(
      "single.csv", bytes: Array("name\nMüller\nA".utf8) + [0x80, 0x0A])
    #expect(
      try Loader.load(paths: [single]).warnings.map(\.description) == [
        "\(single):3:2: warning: byte 0x80 here is not valid UTF-8, so it is replaced with U+FFFD; the rest of the file is read as UTF-8"
      ])
  }

  /// A load that fails names the bytes replaced before it, which may explain the failure.
  @Test(arguments: ["csv", "json"])
  func strayByteExplainsFailedCell(format: String) throws {
    let folder = try TemporaryFolder()
    let text =
      format == "csv"
      ? Array("id,name,arr\n1,Müller,100\n2,Zoë,300".utf8) + [0xFF, 0x0A]
      : Array(#"[{"id": "1", "name": "Müller", "arr": "100"}, {"id": "2", "arr": "300"#.utf8)
        + [0xFF] + Array(#""}]"#.utf8)
    let path = try folder.write("accounts.\(format)", bytes: text)
    let error = try #require(throws: LoadError.self) { try Loader.load(paths: [path]) }
    let lines = error.description.split(separator: "\n").map(String.init)
    #expect(lines.count == 3)
    #expect(lines.first?.contains(#"error: arr must be an amount of money"#) == true)
    #expect(lines.first?.hasSuffix(#"is "300\#u{FFFD}""#) == true)
    #expect(
      lines.last?.hasSuffix(
        "warning: byte 0xFF here is not valid UTF-8, so it is replaced with U+FFFD; the rest of the file is read as UTF-8"
      ) == true)
    #expect(lines.last?.hasPrefix("\(path):") == true)
  }

  /// Text with more invalid bytes than valid non-ASCII characters is read as Windows-1252,
  /// which reads a valid UTF-8 character as two.
  @Test func mostlyInvalidTextIsWindows1252() throws {
    let folder = try TemporaryFolder()
    let bytes = Array("name\nMüller\nCaf".utf8) + [0xE9, 0x0A] + Array("Zo".utf8) + [0xEB, 0x0A]
    let path = try folder.write("accounts.csv", bytes: bytes)
    let result = try Loader.load(paths: [path])
    #expect(result.book.values(of: "name") == [.text("MÃ¼ller"), .text("Café"), .text("Zoë")])
    #expect(
      result.warnings.map(\.description) == [
        "\(path):3:4: warning: byte 0xE9 here is the first of 2 bytes that are not valid UTF-8, more than the 1 non-ASCII character that is valid UTF-8, so the file is read as Windows-1252 (Latin-1)"
      ])
  }

  /// The check skips ASCII several bytes at a time, so a NUL byte, a valid character and an
  /// invalid byte are tried at every offset of a text longer than the widest step.
  @Test func cleanTextCheckFindsEveryByte() {
    let plain = Array(repeating: UInt8(ascii: "a"), count: 80)
    func check(_ bytes: [UInt8]) -> Bool {
      bytes.withUnsafeBufferPointer { SourceText.isCleanUTF8($0) }
    }
    #expect(check(plain))
    for offset in 0..<plain.count {
      var withNUL = plain
      withNUL[offset] = 0
      #expect(!check(withNUL), "NUL at \(offset)")

      var withCharacter = plain
      withCharacter.replaceSubrange(offset..<min(offset + 2, plain.count), with: [0xC3, 0xA9])
      #expect(check(withCharacter), "é at \(offset)")

      var withInvalid = plain
      withInvalid[offset] = 0xE9
      #expect(!check(withInvalid), "0xE9 at \(offset)")

      // A NUL byte in the same word as a character, after it.
      var both = withCharacter
      if offset + 3 < both.count {
        both[offset + 3] = 0
        #expect(!check(both), "é at \(offset) and NUL after it")
      }
    }
  }

  /// Each byte that begins no valid sequence and lies inside none is one replacement.
  @Test(
    arguments: [
      ([0x41], nil, [0x41]),
      ([0xC3, 0xBC], nil, [0xC3, 0xBC]),
      ([0xF0, 0x9F, 0x98, 0x80], nil, [0xF0, 0x9F, 0x98, 0x80]),
      ([0x41, 0xFF], InvalidCase(first: 1, count: 1, multibyte: 0), [0x41, 0xEF, 0xBF, 0xBD]),
      // A sequence cut short at the end of the text: each of its bytes is invalid.
      (
        [0xC3, 0xBC, 0xE2, 0x82], InvalidCase(first: 2, count: 2, multibyte: 1),
        [0xC3, 0xBC, 0xEF, 0xBF, 0xBD, 0xEF, 0xBF, 0xBD]
      ),
      // An overlong form of "/" and an encoded surrogate are not valid UTF-8.
      (
        [0xC0, 0xAF], InvalidCase(first: 0, count: 2, multibyte: 0),
        [0xEF, 0xBF, 0xBD, 0xEF, 0xBF, 0xBD]
      ),
      (
        [0xED, 0xA0, 0x80, 0x41], InvalidCase(first: 0, count: 3, multibyte: 0),
        [0xEF, 0xBF, 0xBD, 0xEF, 0xBF, 0xBD, 0xEF, 0xBF, 0xBD, 0x41]
      ),
      // A lone continuation byte after eight ASCII bytes, which the scan skips as one word.
      (
        Array("abcdefgh".utf8) + [0x80, 0xE6, 0x9D, 0xB1],
        InvalidCase(first: 8, count: 1, multibyte: 1),
        Array("abcdefgh".utf8) + [0xEF, 0xBF, 0xBD, 0xE6, 0x9D, 0xB1]
      ),
    ] as [([UInt8], InvalidCase?, [UInt8])])
  func invalidBytesAreCounted(bytes: [UInt8], expected: InvalidCase?, replaced: [UInt8]) {
    bytes.withUnsafeBufferPointer { text in
      let found = SourceText.invalidUTF8(text)
      #expect(found?.firstOffset == expected?.first)
      #expect(found?.count == expected?.count)
      #expect(found?.multibyteCount == expected?.multibyte)
      let copy = SourceText.replacingInvalidUTF8(text, invalidCount: found?.count ?? 0)
      defer { copy.deallocate() }
      #expect(Array(copy) == replaced)
    }
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

  /// Without ids, names that differ only in case are one account to `show`, so they are
  /// reported as repeated.
  @Test func namesRepeatedIgnoringCaseAreReported() throws {
    let folder = try TemporaryFolder()
    let path = try folder.write("a.csv", text: "name,arr\nName 30,5\nAcme,6\nname 30,7\n")
    let result = try Loader.load(paths: [path])
    #expect(
      result.warnings.map(\.message) == [
        "1 row repeats the name of an earlier row (such as name 30), and the file has no id column to tell them apart; each row is loaded as an account of its own"
      ])
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

/// The invalid bytes that `SourceText.invalidUTF8` is expected to find.
struct InvalidCase: Sendable {
  var first: Int
  var count: Int
  var multibyte: Int
}
