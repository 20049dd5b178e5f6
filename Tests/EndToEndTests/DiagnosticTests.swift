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

  /// A line of thousands of characters is shown around its error only, so that the error
  /// stays a few lines long.
  @Test func longLineIsShortened() throws {
    let word = String(repeating: "y", count: 5000)
    let error = try Self.error(of: "segment red where \(word) > 3")
    #expect(error.count < 1000)
    let lines = error.split(separator: "\n")
    #expect(lines[0].hasPrefix("-c:1:19: error: unknown field or segment 'yyy"))
    #expect(lines[0].hasSuffix("…"))
    #expect(lines[1] == "  segment red where " + String(repeating: "y", count: 100) + "…")
    #expect(lines[2] == "                    ^" + String(repeating: "~", count: 100))
    let late = try Self.error(of: String(repeating: "a ", count: 1000) + "bogus")
    #expect(late.count < 1000)
  }

  @Test func caretUnderSegmentOrAccountName() throws {
    #expect(
      try Self.error(of: "explain bigrsk") == """
        -c:1:9: error: unknown field or segment 'bigrsk'
          explain bigrsk
                  ^~~~~~
          hint: type segments or fields to see what there is

        """)
    #expect(
      try Self.error(of: "explain renewals<soon") == """
        -c:1:18: error: renewals needs a number after <
          explain renewals<soon
                           ^~~~
          hint: for example renewals<120

        """)
    #expect(
      try Self.error(of: "ask red and bigrsk") == """
        -c:1:13: error: unknown field or segment 'bigrsk'
          ask red and bigrsk
                      ^~~~~~
          hint: type segments or fields to see what there is

        """)
    #expect(
      try Self.error(of: "undefine bigrsk") == """
        -c:1:10: error: no defined segment is named 'bigrsk'
          undefine bigrsk
                   ^~~~~~

        """)
    #expect(
      try Self.error(of: "show Acme Crop") == """
        -c:1:6: error: no account named 'Acme Crop'
          show Acme Crop
               ^~~~~~~~~
          hint: did you mean "Acme Corp"?

        """)
    #expect(
      try Self.error(of: "book Nbody") == """
        -c:1:6: error: no CSM is named 'Nbody'
          book Nbody
               ^~~~~
          hint: the CSMs are Maria Fell, Tom Ito

        """)
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

  @Test func severalCommandsNumbered() throws {
    let folder = try TemporaryFolder()
    let book = try folder.write("book.csv", Self.book)
    let outcome = try ReviewProcess.run([
      book, "--no-journal", "--today", "2022-02-01", "--keep-going",
      "-c", "segment red count as csv", "-c", "where helth < 40", "-c", "run nowhere.review",
    ])
    #expect(outcome.status == 1)
    #expect(outcome.standardOutput == "accounts,arr\r\n1,120000\r\n")
    #expect(
      outcome.standardError == """
        -c#2:1:7: error: unknown field 'helth'
          where helth < 40
                ^~~~~
          hint: did you mean 'health'?
        -c#3:1:5: error: cannot read the script nowhere.review: No such file or directory
          run nowhere.review
              ^~~~~~~~~~~~~~
          hint: check the path, which is relative to the current folder

        """)
  }
}
