import Glibc
import ReviewLoader

/// Loads each input as a JSON file: it must give a book or a load error that points inside
/// the input, never a crash.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzJSON(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
  FuzzFile.withFile(data, size, suffix: ".json") { path in
    FuzzFile.load(path, size: size)
  }
  return 0
}
