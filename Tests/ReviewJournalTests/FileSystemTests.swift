import Foundation
import Testing

@testable import ReviewJournal

@Test func folderOfPaths() {
  let cases: [(path: String, folder: String)] = [
    ("/tmp/review/journal.sqlite", "/tmp/review"),
    ("/journal.sqlite", "/"),
    ("journal.sqlite", ""),
    ("data/journal.sqlite", "data"),
    ("./journal.sqlite", "."),
    ("../up/journal.sqlite", "../up"),
    ("/tmp/review/", "/tmp"),
    ("/tmp//journal.sqlite", "/tmp"),
    ("//journal.sqlite", "/"),
    ("/", "/"),
    ("", ""),
  ]
  for (path, folder) in cases {
    #expect(FileSystem.folder(of: path) == folder, "path \(path)")
  }
}

@Test func uriEscapingMatchesFoundation() {
  var allowed = CharacterSet.urlPathAllowed
  allowed.remove(charactersIn: "?#%")
  let paths = [
    "/tmp/review/journal.sqlite",
    "/tmp/with space/journal.sqlite",
    "/tmp/what?/journal#1.sqlite",
    "/tmp/100%/journal.sqlite",
    "/tmp/Müller & Söhne/журнал.sqlite",
    "/tmp/a;b=c,d@e+f$g!h'i(j)k*l~m_n-o:p/q",
    "/tmp/\"quoted\"<>[]{}|\\^`/tab\there",
  ]
  for path in paths {
    let escaped = FileSystem.uriEscaped(path)
    #expect(escaped == path.addingPercentEncoding(withAllowedCharacters: allowed), "path \(path)")
    #expect(escaped.removingPercentEncoding == path)
  }
  #expect(FileSystem.uriEscaped("/a b?c#d%e") == "/a%20b%3Fc%23d%25e")
}

@Test func fileSystemQueries() throws {
  let directory = try TemporaryDirectory()
  let file = directory.file("eleven.bytes")
  #expect(FileManager.default.createFile(atPath: file, contents: Data("eleven byte".utf8)))

  #expect(FileSystem.exists(file))
  #expect(FileSystem.exists(directory.path))
  #expect(!FileSystem.exists(directory.file("missing")))
  #expect(FileSystem.size(ofFile: file) == 11)
  #expect(FileSystem.size(ofFile: directory.file("missing")) == nil)
  #expect(FileSystem.isWritable(directory.path))
  #expect(!FileSystem.isWritable(directory.file("missing")))
}
