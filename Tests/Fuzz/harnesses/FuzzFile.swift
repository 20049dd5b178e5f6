import Glibc
import ReviewLoader

/// Writes a fuzz input to a file under /dev/shm (or /tmp), for harnesses that load files.
/// Every harness links this file, so each one links ReviewLoader.
enum FuzzFile {
  static let folder: String = {
    let base = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp"
    return base + "/review-fuzz-\(getpid())"
  }()

  static func withFile(
    _ data: UnsafePointer<UInt8>, _ size: Int, suffix: String, _ body: (String) -> Void
  ) {
    mkdir(folder, 0o700)
    let path = folder + "/input" + suffix
    let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
    guard descriptor >= 0 else { return }
    var written = 0
    while written < size {
      let result = write(descriptor, data + written, size - written)
      if result <= 0 { break }
      written += result
    }
    close(descriptor)
    body(path)
  }
}

extension FuzzFile {
  /// Loads the file, and traps when a load error points at a place outside the input: a
  /// line or column below 1, or past the input's length plus one.
  static func load(_ path: String, size: Int, options: LoadOptions = LoadOptions()) {
    do throws(LoadError) {
      _ = try Loader.load(paths: [path], options: options)
    } catch {
      if let line = error.line, line < 1 || line > size + 1 {
        fatalError("load error on line \(line) of a \(size)-byte input: \(error)")
      }
      if let column = error.column, column < 1 || column > size + 1 {
        fatalError("load error in column \(column) of a \(size)-byte input: \(error)")
      }
    }
  }
}
