import Glibc

/// Writes a fuzz input to a file under /dev/shm (or /tmp), for harnesses that load files.
enum FuzzFile {
  static let folder: String = {
    let base = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp"
    return base + "/review-fuzz-\(getpid())"
  }()

  static func withFile(_ data: UnsafePointer<UInt8>, _ size: Int, suffix: String, _ body: (String) -> Void) {
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
