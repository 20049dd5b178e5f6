import Foundation
import Testing

/// Errors as the user sees them: the message, the command with a caret under the token
/// at fault, and the hint.
@Suite("Rendered errors")
struct DiagnosticTests {
  static let book = """
    id,name,csm,arr,renewal_date,health,status
    A1,Acme Corp,Maria Fell,"$120,000",2022-03-01,35,Red
    A2,Blue Harbor,Tom Ito,"$45,000",2022-04-15,72,Green

    """

  /// Runs one command on the small book, with no journal, and returns what it wrote to
  /// standard error.
  static func error(of command: String) throws -> String {
    let folder = try TemporaryFolder()
    let book = try folder.write("book.csv", Self.book)
    let outcome = try ReviewProcess.run(
      [book, "--no-journal", "--today", "2022-02-01", "-c", command])
    #expect(outcome.status == 1, "\(command)")
    return outcome.standardError
  }

  @Test func misspelledSegmentWithThreshold() throws {
    #expect(
      try Self.error(of: "segment renewls<120") == """
        -c:1:9: error: unknown field or segment 'renewls'
          segment renewls<120
                  ^~~~~~~
          hint: did you mean 'renewals<120'?

        """)
    #expect(
      try Self.error(of: "segment unengagd>30") == """
        -c:1:9: error: unknown field or segment 'unengagd'
          segment unengagd>30
                  ^~~~~~~~
          hint: did you mean 'unengaged>30'?

        """)
    #expect(
      try Self.error(of: "segment renew<120") == """
        -c:1:9: error: unknown field or segment 'renew'
          segment renew<120
                  ^~~~~
          hint: did you mean 'renewals<120'?

        """)
  }
}
