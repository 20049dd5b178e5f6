import ReviewBook
import ReviewInterpreter
import ReviewLanguage
import ReviewLoader
import ReviewRender

/// A small book every command runs against.
let fuzzBook: Book = {
  let csv = """
    Account ID,Client,Assigned CSM,ARR,Renewal,SuccessScore,Status,Last Engaged,Client Since,Stage,NPS,Strategic,Goals,Goals Achieved,Tier
    A1,Acme Corp,Maria Fell,"$120,000",2022-03-01,35,Red,2022-01-20,2019-05-01,Active,3,Yes,3,1,Gold
    A2,Blue Harbor,Maria Fell,"$45,000",2022-04-15,72,Green,2021-10-01,2021-12-01,Onboarding,9,No,2,2,Silver
    A3,Müller & Söhne,Tom Ito,,2022-07-30,,,,2018-01-10,Churned,,No,,,Gold

    """
  return (try? Loader.load(text: csv, name: "fuzz.csv").book) ?? .empty
}()

/// Parses each input as command lines and runs those that parse on a small book, without a
/// journal; every line must give a reply or an error, never a crash.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCommands(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
  let text = String(
    decoding: UnsafeBufferPointer(start: data, count: min(size, 4096)), as: UTF8.self)
  let session = Session(book: fuzzBook, today: Day(year: 2022, month: 2, day: 1)!)
  for line in text.split(separator: "\n", omittingEmptySubsequences: true).prefix(8) {
    let command = String(line)
    _ = try? Parser.parse(command)
    // Commands that touch files are parsed but not run.
    let lowered = command.lowercased()
    if ["load", "include", "run", "output", "define", "undefine", "question"].contains(where: {
      lowered.contains($0)
    })
      || command.contains(">")
    {
      continue
    }
    if let reply = try? session.run(command) {
      var rendered = ""
      for format in [OutputFormat.table, .csv, .json, .markdown] {
        for output in reply.outputs { Renderer(format: format).render(output, to: &rendered) }
      }
    }
  }
  return 0
}
