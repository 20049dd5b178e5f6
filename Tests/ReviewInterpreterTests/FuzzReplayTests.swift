import Foundation
import ReviewBook
import ReviewInterpreter
import ReviewLanguage
import ReviewLoader
import ReviewRender
import Testing

/// Runs every checked-in fuzz input, the seed corpus and the inputs that once made a parser
/// fail, through the same steps as the fuzz harnesses. An input that crashes ends the test
/// run, and each one must give a value, a book, a reply or an error.
@Suite struct FuzzReplayTests {
  static let fuzzFolder = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("Fuzz")

  /// The inputs of one target: its seed corpus and its regressions.
  static func inputs(_ target: String) throws -> [(name: String, bytes: [UInt8])] {
    var inputs: [(name: String, bytes: [UInt8])] = []
    for kind in ["corpus", "regressions"] {
      let folder = fuzzFolder.appendingPathComponent(kind).appendingPathComponent(target)
      guard
        let names = try? FileManager.default.contentsOfDirectory(atPath: folder.path)
      else { continue }
      for name in names.sorted() where !name.hasPrefix(".") {
        let data = try Data(contentsOf: folder.appendingPathComponent(name))
        inputs.append(("\(kind)/\(target)/\(name)", Array(data)))
      }
    }
    return inputs
  }

  @Test func seedCorpusIsPresent() throws {
    for target in ["csv", "json", "values", "commands"] {
      #expect(try Self.inputs(target).count >= 5, "\(target) has too few seed inputs")
    }
  }

  @Test(arguments: ["csv", "json"])
  func loaderInputsLoadOrFail(_ target: String) throws {
    let folder = FileManager.default.temporaryDirectory
      .appendingPathComponent("review-fuzz-replay-\(target)-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    for input in try Self.inputs(target) {
      let path = folder.appendingPathComponent("input." + target).path
      try Data(input.bytes).write(to: URL(fileURLWithPath: path))
      var options = LoadOptions()
      if target == "csv" {
        options.padsShortRows = true
        options.dateOrder = .dayFirst
      }
      for options in [LoadOptions(), options] {
        do {
          let result = try Loader.load(paths: [path], options: options)
          #expect(result.book.count >= 0, "\(input.name)")
        } catch {
          #expect(!error.message.isEmpty, "\(input.name) failed without a message")
        }
      }
    }
  }

  @Test func valueInputsParse() throws {
    for input in try Self.inputs("values") {
      input.bytes.withUnsafeBufferPointer { bytes in
        let money = ValueParser.moneyWithMarker(bytes)
        #expect(ValueParser.money(bytes) == money?.cents, "\(input.name)")
        if let number = ValueParser.number(bytes) {
          #expect(!number.isNaN, "\(input.name) parsed as NaN")
        }
        _ = ValueParser.boolean(bytes, allowDigits: true)
        _ = ValueParser.isMissingMarker(bytes)
        if let shape = ValueParser.date(bytes) {
          _ = ValueParser.resolve(shape, order: .monthFirst)
          _ = ValueParser.resolve(shape, order: .dayFirst)
        }
      }
    }
  }

  @Test func commandInputsReplyOrFail() throws {
    for input in try Self.inputs("commands") {
      let text = String(decoding: input.bytes.prefix(4096), as: UTF8.self)
      let session = try Fixtures.session()
      for line in text.split(separator: "\n").prefix(8) {
        let command = String(line)
        let lowered = command.lowercased()
        // Commands that touch files are parsed but not run, as in the harness.
        let touchesFiles =
          ["load", "include", "run", "output", "define", "undefine", "question"].contains {
            lowered.contains($0)
          } || command.contains(">")
        do {
          _ = try Parser.parse(command)
        } catch {
          #expect(!error.message.isEmpty, "\(input.name): \(command)")
        }
        guard !touchesFiles else { continue }
        do {
          let reply = try session.run(command)
          for format in [OutputFormat.table, .csv, .json, .markdown] {
            #expect(!Fixtures.rendered(reply, format: format).isEmpty || reply.outputs.isEmpty)
          }
        } catch {
          #expect(!error.message.isEmpty, "\(input.name): \(command)")
        }
      }
    }
  }
}
