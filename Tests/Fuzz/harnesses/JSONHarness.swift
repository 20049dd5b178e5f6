import Glibc
import ReviewLoader

/// Loads each input as a JSON file: it must give a book or a load error, never a crash.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzJSON(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
  FuzzFile.withFile(data, size, suffix: ".json") { path in
    _ = try? Loader.load(paths: [path])
  }
  return 0
}
