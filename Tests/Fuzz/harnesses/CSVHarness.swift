import Glibc
import ReviewLoader

/// Loads each input as a CSV file: it must give a book or a load error, never a crash.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCSV(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
  FuzzFile.withFile(data, size, suffix: ".csv") { path in
    _ = try? Loader.load(paths: [path])
    var options = LoadOptions()
    options.padsShortRows = true
    options.dateOrder = .dayFirst
    _ = try? Loader.load(paths: [path], options: options)
  }
  return 0
}
