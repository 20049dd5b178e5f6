import ReviewInterpreter
import Testing

@Suite("Tab completion")
struct CompletionTests {
  struct Case: CustomTestStringConvertible, Sendable {
    var line: String
    var candidates: [String]
    var testDescription: String { line }
  }

  static let cases: [Case] = [
    Case(line: "segm", candidates: ["segment", "segments"]),
    Case(line: "segment ren", candidates: ["renewals", "renewed", "renewal_date", "renewed_date"]),
    Case(line: "segment low", candidates: ["low-usage"]),
    Case(line: "segment red where ar", candidates: ["arr"]),
    Case(line: "segment red sort st", candidates: ["status", "stage", "strategic"]),
    Case(
      line: "book ",
      candidates: ["\"Maria Fell\"", "\"Tom Ito\"", "\"Priya Raman\"", "\"Ana Sousa\"", "all"]),
    Case(line: "book \"An", candidates: ["\"Ana Sousa\""]),
    Case(line: "show Mü", candidates: ["\"Müller & Söhne\""]),
    Case(line: "show 株", candidates: ["株式会社テスト"]),
    Case(line: "where csm = \"T", candidates: ["\"Tom Ito\""]),
    Case(line: "where tier = P", candidates: ["Platinum"]),
    Case(line: "segment red as j", candidates: ["json", "jsonl"]),
    Case(line: "help seg", candidates: ["segment", "segments"]),
    Case(line: "where health < 40 an", candidates: ["and"]),
    Case(line: "where health < 40 and stra", candidates: ["strategic"]),
  ]

  @Test(arguments: cases)
  func completesWord(_ testCase: Case) throws {
    let session = try Fixtures.session()
    let completion = session.complete(line: testCase.line, cursor: testCase.line.utf8.count)
    #expect(completion.candidates == testCase.candidates)
  }

  @Test func wordStartIsAfterOperator() throws {
    let session = try Fixtures.session()
    let line = "segment renewals<120 where arr>5"
    let completion = session.complete(line: line, cursor: line.utf8.count)
    #expect(completion.wordStart == line.utf8.count - 1)
  }
}
