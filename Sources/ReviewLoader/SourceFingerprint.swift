#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// A text that names the files of a load and their state on disk, with the options that
/// read them and the program that did. A later load with the same fingerprint reads the
/// same rows, so they need not be hashed again.
///
/// Each file counts by its path, device, inode, size, and modification and change times. A
/// write to a file changes its change time, which ordinary tools cannot set back, so a file
/// with the same fingerprint has the same bytes. Two guards cover clocks that count whole
/// seconds.
/// First, the files must be in the same state after the load as before it. Second, none
/// may have changed in the two seconds before the load started, because a later write in
/// the same second would leave the times as they were.
enum SourceFingerprint {
  /// The seconds that must pass after a file changes before a load can trust its fingerprint.
  static let settlingSeconds = 2

  /// The state of a file that its fingerprint records, or nil when it cannot be read.
  struct FileState: Equatable {
    var device: UInt64
    var inode: UInt64
    var size: Int64
    var modified: timespec
    var changed: timespec

    init?(path: String) {
      var info = stat()
      guard stat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return nil }
      device = UInt64(info.st_dev)
      inode = UInt64(info.st_ino)
      size = Int64(info.st_size)
      modified = info.st_mtim
      changed = info.st_ctim
    }

    static func == (lhs: FileState, rhs: FileState) -> Bool {
      lhs.device == rhs.device && lhs.inode == rhs.inode && lhs.size == rhs.size
        && lhs.modified.tv_sec == rhs.modified.tv_sec
        && lhs.modified.tv_nsec == rhs.modified.tv_nsec
        && lhs.changed.tv_sec == rhs.changed.tv_sec
        && lhs.changed.tv_nsec == rhs.changed.tv_nsec
    }

    var text: String {
      "\(device):\(inode):\(size):\(modified.tv_sec).\(modified.tv_nsec):\(changed.tv_sec).\(changed.tv_nsec)"
    }
  }

  /// The state of every file before a load, taken when it starts.
  struct Start {
    var time: timespec
    var states: [FileState?]

    init(paths: [String]) {
      var now = timespec()
      clock_gettime(CLOCK_REALTIME, &now)
      time = now
      states = paths.map(FileState.init(path:))
    }
  }

  /// Returns the fingerprint of a load of `paths` that began at `start`, or nil when a file
  /// changed during the load or shortly before it, or its state cannot be read.
  static func fingerprint(
    paths: [String], start: Start, options: LoadOptions, program: FileState? = programState
  ) -> String? {
    guard let program else { return nil }
    var parts = ["program \(program.text)", "options \(options.fingerprintText)"]
    for (path, before) in zip(paths, start.states) {
      guard let before, FileState(path: path) == before,
        before.changed.tv_sec + settlingSeconds < start.time.tv_sec
      else { return nil }
      parts.append("file \(before.text) \(path)")
    }
    return parts.joined(separator: "\n")
  }

  /// The state of the running program's own file, so that another build reads files anew.
  static var programState: FileState? {
    FileState(path: "/proc/self/exe")
  }
}

extension LoadOptions {
  /// The options as text for a fingerprint. Every option that changes what a load reads
  /// belongs here, so that a load with other options never passes for an earlier one.
  var fingerprintText: String {
    let mapped = mappings.map { "\($0.header)=\($0.field)" }.joined(separator: "\u{1F}")
    let order = dateOrder.map { "\($0)" } ?? "-"
    let comma = decimalComma.map { $0 ? "comma" : "point" } ?? "-"
    let scale = healthScale.map { "\($0)" } ?? "-"
    return
      "map \(mapped); dates \(order); ragged \(padsShortRows); decimal \(comma); date fields \(dateFields.sorted().joined(separator: "\u{1F}")); health scale \(scale)"
  }
}
