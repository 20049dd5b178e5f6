import Testing

@testable import ReviewLoader

/// The word-at-a-time reader of `CSVTokenizer` must split every text exactly as the
/// byte-at-a-time one does, or hand the record back to it.
@Suite("CSV tokenizer")
struct CSVTokenizerTests {
  /// One record as a tokenizer read it: its fields, where it starts, and where it left the
  /// tokenizer; or the error it raised.
  struct Step: Equatable {
    var fields: [Int] = []
    var escaped: [Bool] = []
    var recordStart = 0
    var recordLine = 0
    var position = 0
    var line = 0
    var error: String?
  }

  static func fields(_ list: some Collection<CSVField>) -> ([Int], [Bool]) {
    (list.flatMap { [$0.start, $0.end] }, list.map(\.hasEscapedQuotes))
  }

  /// Reads every record of `bytes`, with the word-at-a-time reader first when `fast`.
  static func steps(_ bytes: [UInt8], delimiter: UInt8, fast: Bool, room: Int) -> [Step] {
    bytes.withUnsafeBufferPointer { buffer in
      var tokenizer = CSVTokenizer(bytes: buffer, delimiter: delimiter)
      let slots = UnsafeMutableBufferPointer<CSVField>.allocate(capacity: room)
      defer { slots.deallocate() }
      var steps: [Step] = []
      var fields: [CSVField] = []
      while true {
        tokenizer.skipBlankLines()
        guard tokenizer.position < buffer.count else { return steps }
        var step = Step()
        if fast, let count = tokenizer.nextRecord(into: slots) {
          (step.fields, step.escaped) = Self.fields(slots[0..<count])
        } else {
          do throws(CSVSyntaxError) {
            _ = try tokenizer.nextRecord(&fields)
            (step.fields, step.escaped) = Self.fields(fields)
          } catch {
            step.error = "\(error.offset) \(error.message)"
            steps.append(step)
            return steps
          }
        }
        step.recordStart = tokenizer.recordStart
        step.recordLine = tokenizer.recordLine
        step.position = tokenizer.position
        step.line = tokenizer.line
        steps.append(step)
      }
    }
  }

  @Test(arguments: [UInt8(ascii: ","), UInt8(ascii: ";"), UInt8(ascii: "\t")])
  func wordReaderAgreesWithByteReader(delimiter: UInt8) {
    // The bytes that matter to the reader, and a few that do not.
    let alphabet: [UInt8] = Array("a1 \"\n\r,;\t".utf8) + [0xC3, 0xA9, 0x00]
    var generator = SplitMix(seed: UInt64(delimiter))
    for trial in 0..<4_000 {
      // Most texts are short; every fourth is long enough for the 64-byte blocks.
      let length = Int(generator.next() % (trial % 4 == 0 ? 400 : 48))
      let bytes = (0..<length).map { _ in alphabet[Int(generator.next() % UInt64(alphabet.count))] }
      let room = 1 + Int(generator.next() % 6)
      let expected = Self.steps(bytes, delimiter: delimiter, fast: false, room: room)
      let actual = Self.steps(bytes, delimiter: delimiter, fast: true, room: room)
      #expect(actual == expected, "trial \(trial): \(bytes)")
      if actual != expected { return }
    }
  }

  @Test(arguments: [UInt8(ascii: ","), UInt8(ascii: "|")])
  func wordReaderAgreesOnExportLikeText(delimiter: UInt8) {
    // Mostly short unquoted fields, as exports write them, so that many blocks of 64 bytes
    // contain no quote and their fields are read from the masks alone. Now and then comes
    // a quote, a carriage return or a blank line.
    var generator = SplitMix(seed: 0x5EED &+ UInt64(delimiter))
    for trial in 0..<3_000 {
      var bytes: [UInt8] = []
      let length = 1 + Int(generator.next() % 700)
      while bytes.count < length {
        let roll = generator.next() % 1_000
        switch roll {
        case 0..<600: bytes.append(UInt8(ascii: "a") + UInt8(roll % 26))
        case 600..<850: bytes.append(delimiter)
        case 850..<950: bytes.append(UInt8(ascii: "\n"))
        case 950..<970: bytes.append(UInt8(ascii: " "))
        case 970..<985: bytes.append(UInt8(ascii: "\""))
        case 985..<993: bytes.append(UInt8(ascii: "\r"))
        default: bytes.append(contentsOf: [0xC3, 0xA9])
        }
      }
      // Every fifth text ends with a delimiter, which adds an empty last field.
      if trial % 5 == 0 { bytes.append(delimiter) }
      let room = 1 + Int(generator.next() % 40)
      let expected = Self.steps(bytes, delimiter: delimiter, fast: false, room: room)
      let actual = Self.steps(bytes, delimiter: delimiter, fast: true, room: room)
      #expect(actual == expected, "trial \(trial): \(bytes)")
      if actual != expected { return }
    }
  }

  @Test(arguments: [63, 64, 65, 127, 128])
  func wordReaderEndsATextThatEndsWithADelimiter(length: Int) {
    // A text that ends with a delimiter, at or near the end of a 64-byte block.
    var bytes = Array(repeating: UInt8(ascii: "x"), count: length - 1)
    for index in Swift.stride(from: 3, to: length - 1, by: 4) { bytes[index] = UInt8(ascii: ",") }
    bytes.append(UInt8(ascii: ","))
    let steps = Self.steps(bytes, delimiter: UInt8(ascii: ","), fast: true, room: 64)
    #expect(steps == Self.steps(bytes, delimiter: UInt8(ascii: ","), fast: false, room: 64))
    #expect(steps.count == 1)
    // The last field is empty, at the end of the text.
    #expect(steps.first?.fields.suffix(2) == [length, length])
    #expect(steps.first?.position == length)
  }

  @Test func blockMasksMatchByteComparisons() {
    // Every byte value, each at every place of the block in turn.
    var generator = SplitMix(seed: 64)
    for trial in 0..<2_000 {
      let block = (0..<64).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
      var bytes = block
      bytes[trial % 64] = UInt8(truncatingIfNeeded: trial)
      let delimiter: UInt8 = trial % 2 == 0 ? UInt8(ascii: ",") : 0xE9
      var fieldEnds: UInt64 = 0
      var quoteStops: UInt64 = 0
      for (index, byte) in bytes.enumerated() {
        let lineEnd = byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r")
        if lineEnd || byte == delimiter { fieldEnds |= 1 << UInt64(index) }
        if lineEnd || byte == UInt8(ascii: "\"") { quoteStops |= 1 << UInt64(index) }
      }
      let masks = bytes.withUnsafeBytes {
        CSVBlockMasks($0.baseAddress!, start: 0, delimiter: delimiter)
      }
      #expect(masks.fieldEnds == fieldEnds, "trial \(trial)")
      #expect(masks.quoteStops == quoteStops, "trial \(trial)")
    }
  }

  @Test func wordReaderReadsQuotedFieldsAcrossLines() {
    let text = Array("id,note\n7,\"one\r\ntwo \"\"x\"\"\"  \n8,\"\"\n".utf8)
    let steps = Self.steps(text, delimiter: UInt8(ascii: ","), fast: true, room: 4)
    #expect(steps.map(\.recordLine) == [1, 2, 4])
    #expect(steps.map(\.escaped) == [[false, false], [false, true], [false, false]])
    #expect(steps[1].fields == [8, 9, 11, 25])
    #expect(steps.last?.line == 5)
  }

  @Test func wordReaderGivesBackTextItCannotRead() {
    let text = Array("1,\"open".utf8)
    text.withUnsafeBufferPointer { buffer in
      var tokenizer = CSVTokenizer(bytes: buffer, delimiter: UInt8(ascii: ","))
      let slots = UnsafeMutableBufferPointer<CSVField>.allocate(capacity: 4)
      defer { slots.deallocate() }
      #expect(tokenizer.nextRecord(into: slots) == nil)
      #expect(tokenizer.position == 0)
      #expect(tokenizer.line == 1)
    }
  }
}

/// A small seeded generator, so that every run tries the same texts.
struct SplitMix {
  var state: UInt64
  init(seed: UInt64) { state = seed }
  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var value = state
    value = (value ^ (value >> 30)) &* 0xBF58_476D_1CE4_E5B9
    value = (value ^ (value >> 27)) &* 0x94D0_49BB_1331_11EB
    return value ^ (value >> 31)
  }
}
