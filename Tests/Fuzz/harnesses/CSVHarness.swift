import Glibc
import ReviewLoader

/// Loads each input as a CSV file: it must give a book or a load error that points inside
/// the input, never a crash.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCSV(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
  FuzzFile.withFile(data, size, suffix: ".csv") { path in
    FuzzFile.load(path, size: size)
    var options = LoadOptions()
    options.padsShortRows = true
    options.dateOrder = .dayFirst
    FuzzFile.load(path, size: size, options: options)
  }
  return 0
}
