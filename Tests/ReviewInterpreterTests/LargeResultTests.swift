import ReviewBook
import ReviewInterpreter
import ReviewLoader
import ReviewRender
import Testing

/// Results of thousands of rows, which tables read from the book in blocks of rows.
@Suite struct LargeResultTests {
  static let count = 3_500

  /// Account `i` has id `L-i`, an ARR that jumps around with `i`, and every seventh account
  /// no ARR; renewals fall on the days after 2022-02-01 in a cycle of 300.
  static func csv() -> String {
    var text = "id,name,arr,renewal_date,status\n"
    for index in 0..<count {
      let arr = index % 7 == 0 ? "" : String((index * 7_919) % 100_003)
      let day = Day(year: 2022, month: 2, day: 1)!.adding(days: index % 300).iso
      let status = ["red", "yellow", "green"][index % 3]
      text += "L-\(index),\"Account \(index), Ltd\",\(arr),\(day),\(status)\n"
    }
    return text
  }

  @Test func sortedRowsReadTheRightCells() throws {
    let book = try Loader.load(text: LargeResultTests.csv(), name: "large.csv").book
    let session = Session(book: book, today: Day(year: 2022, month: 2, day: 1)!)
    let reply = try session.run("where arr > 0 sort arr desc show id, name, arr, renewal_date")

    let present = (0..<LargeResultTests.count).filter { $0 % 7 != 0 }
    let order = present.sorted {
      let lhs = ($0 * 7_919) % 100_003
      let rhs = ($1 * 7_919) % 100_003
      return lhs > rhs || (lhs == rhs && $0 < $1)
    }
    let rows = Fixtures.rows(of: reply)
    #expect(rows.count == order.count)
    #expect(rows.map(\.[0]) == order.map { "L-\($0)" })
    #expect(rows.map(\.[1]) == order.map { "Account \($0), Ltd" })
    #expect(rows.map(\.[2]) == order.map { String(($0 * 7_919) % 100_003) })
    let start = Day(year: 2022, month: 2, day: 1)!
    #expect(rows.map(\.[3]) == order.map { start.adding(days: $0 % 300).iso })
  }

  @Test func csvOfALargeResultHasEveryRowInOrder() throws {
    let book = try Loader.load(text: LargeResultTests.csv(), name: "large.csv").book
    let session = Session(book: book, today: Day(year: 2022, month: 2, day: 1)!)
    let reply = try session.run("where status = red sort renewal_date show id, days_to_renewal")
    let text = Fixtures.rendered(reply, format: .csv)

    let red = (0..<LargeResultTests.count).filter { $0 % 3 == 0 }
    let order = red.sorted { ($0 % 300, $0) < ($1 % 300, $1) }
    let expected = "id,days_to_renewal\r\n" + order.map { "L-\($0),\($0 % 300)\r\n" }.joined()
    #expect(text == expected)
  }
}
