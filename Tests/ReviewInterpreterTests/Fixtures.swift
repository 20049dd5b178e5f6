import ReviewBook
import ReviewInterpreter
import ReviewLoader
import ReviewRender

/// A small book whose every answer can be worked out by hand, with today 2022-02-01.
/// Days to renewal: A1 28, A2 73, A3 179, A4 19 (churned), A5 343, A6 89, A7 42, A8 -62.
enum Fixtures {
  static let csv = """
    Account ID,Client,Assigned CSM,ARR,Renewal,SuccessScore,Status,Last Engaged,Client Since,Stage,Usage Score,NPS,Strategic,Goals,Goals Achieved,Expansion ARR,Churn Date,Renewed Date,Tier
    A1,Acme Corp,Maria Fell,"$120,000",2022-03-01,35,Red,2022-01-20,2019-05-01,Active,30,3,Yes,3,1,,,,Gold
    A2,Blue Harbor,Maria Fell,"$45,000",2022-04-15,72,Green,2021-10-01,2021-12-01,Onboarding,85,9,No,2,2,"$10,000",,,Silver
    A3,Cedar Labs,Tom Ito,"$80,000",2022-07-30,55,Yellow,,2018-01-10,Active,50,,No,,,,,,Gold
    A4,Delta Foods,Tom Ito,"$15,000",2022-02-20,20,Red,2021-06-01,2017-03-03,Churned,10,0,No,1,0,,2022-01-15,,Silver
    A5,Ember Media,Priya Raman,"$300,000",2023-01-10,88,Green,2022-01-30,2016-06-06,Renewed,95,10,Yes,4,4,"$50,000",,2022-01-10,Platinum
    A6,Falcon Bank,Priya Raman,,2022-05-01,,,,2022-01-05,Trial,,7,No,,,,,,Free
    A7,Müller & Söhne,Ana Sousa,"$60,000",2022-03-15,45,Yellow,2021-12-01,2020-02-02,Active,40,8,No,2,1,,,,Gold
    A8,株式会社テスト,Ana Sousa,"$95,000",2021-12-01,65,Yellow,2022-01-25,2015-01-01,Active,70,6,No,0,0,,,,Gold

    """

  static let today = Day(year: 2022, month: 2, day: 1)!

  static func session(definitions: SegmentDefinitions = SegmentDefinitions()) throws -> Session {
    let result = try Loader.load(text: csv, name: "fixture.csv")
    return Session(book: result.book, today: today, definitions: definitions)
  }

  /// The value of one column in every row of the reply's first table.
  static func column(_ name: String, of reply: Reply) -> [String] {
    guard case .table(let table)? = reply.outputs.first,
      let index = table.columns.firstIndex(where: { $0.name == name })
    else { return [] }
    return (0..<table.rowCount).map { ValueFormatter.raw(table.value(row: $0, column: index)) }
  }

  /// The rows of the reply's first table, as raw text.
  static func rows(of reply: Reply) -> [[String]] {
    guard case .table(let table)? = reply.outputs.first else { return [] }
    return (0..<table.rowCount).map { row in
      table.columns.indices.map { ValueFormatter.raw(table.value(row: row, column: $0)) }
    }
  }

  static func columnNames(of reply: Reply) -> [String] {
    guard case .table(let table)? = reply.outputs.first else { return [] }
    return table.columns.map(\.name)
  }

  /// The reply rendered as text in a format.
  static func rendered(_ reply: Reply, format: OutputFormat = .table) -> String {
    var text = ""
    let renderer = Renderer(format: format)
    for output in reply.outputs { renderer.render(output, to: &text) }
    return text
  }
}
