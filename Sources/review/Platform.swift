import ReviewBook

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Facts about the process's environment: terminals, the date, the user's folders.
enum Platform {
  static func environment(_ name: String) -> String? {
    guard let value = getenv(name) else { return nil }
    let text = String(cString: value)
    return text.isEmpty ? nil : text
  }

  /// A clock for measuring durations, in nanoseconds.
  static func monotonicNanoseconds() -> UInt64 {
    var now = timespec()
    clock_gettime(CLOCK_MONOTONIC, &now)
    return UInt64(now.tv_sec) * 1_000_000_000 + UInt64(now.tv_nsec)
  }

  /// Keeps memory that the loader frees in the process for its next allocations.
  ///
  /// Loading reads a file in parts, and each part's columns are allocated, copied into the
  /// book and freed. glibc returns large blocks to the system on free and asks for zeroed
  /// pages again on the next allocation, so without this a load spends a third of its
  /// processor time in page faults. Blocks up to 32 MB, glibc's largest setting, are taken
  /// from the heap instead, and the heap is not trimmed.
  static func keepFreedMemory() {
    #if canImport(Glibc)
      // The values of M_MMAP_THRESHOLD and M_TRIM_THRESHOLD in glibc's <malloc.h>, which
      // the Glibc module does not import.
      _ = glibcMallopt(-3, 32 << 20)
      _ = glibcMallopt(-1, Int32.max)
    #endif
  }

  /// Returns the memory that loading freed to the system. The parts of a file are read
  /// into blocks that are freed once joined, and the heap keeps them (see
  /// `keepFreedMemory`), so after a load they would count in the process's size while
  /// the day's snapshot is written.
  static func releaseFreedMemory() {
    #if canImport(Glibc)
      _ = glibcMallocTrim(0)
    #endif
  }

  static func isTerminal(_ descriptor: Int32) -> Bool {
    isatty(descriptor) == 1
  }

  /// The width of the terminal on the descriptor, or nil when it is not one.
  static func terminalWidth(_ descriptor: Int32) -> Int? {
    guard isTerminal(descriptor) else { return nil }
    var size = winsize()
    if ioctl(descriptor, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 {
      return Int(size.ws_col)
    }
    return environment("COLUMNS").flatMap(Int.init) ?? 80
  }

  /// Whether to colour output on the descriptor: only on a terminal, never under NO_COLOR
  /// or TERM=dumb.
  static func usesColor(_ descriptor: Int32) -> Bool {
    guard isTerminal(descriptor), environment("NO_COLOR") == nil else { return false }
    return environment("TERM") != "dumb"
  }

  /// Today's date in the local time zone.
  static func localToday() -> Day {
    var now = time(nil)
    var parts = tm()
    localtime_r(&now, &parts)
    return Day(
      year: Int(parts.tm_year) + 1900, month: Int(parts.tm_mon) + 1, day: Int(parts.tm_mday))
      ?? Day(number: Int32(now / 86400))
  }

  static var home: String {
    environment("HOME") ?? "/tmp"
  }

  /// `$XDG_STATE_HOME/review`, by default `~/.local/state/review`.
  static var stateFolder: String {
    (environment("XDG_STATE_HOME") ?? home + "/.local/state") + "/review"
  }

  /// `$XDG_CONFIG_HOME/review`, by default `~/.config/review`.
  static var configFolder: String {
    (environment("XDG_CONFIG_HOME") ?? home + "/.config") + "/review"
  }

  /// `$XDG_DATA_HOME/review`, by default `~/.local/share/review`.
  static var dataFolder: String {
    (environment("XDG_DATA_HOME") ?? home + "/.local/share") + "/review"
  }

  /// The REPL's command history.
  static var historyPath: String {
    stateFolder + "/history"
  }

  /// The segments saved with `define`.
  static var segmentDefinitionsPath: String {
    configFolder + "/segments.review"
  }

  /// Creates a folder and its parents, private to the user.
  static func makeFolders(_ path: String) {
    var current = path.hasPrefix("/") ? "" : "."
    for component in path.split(separator: "/") {
      current += "/" + component
      mkdir(current, 0o700)
    }
  }

  /// Returns whether a folder exists at `path`, following symbolic links.
  static func isFolder(_ path: String) -> Bool {
    var info = stat()
    return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
  }

  /// Returns whether a regular file exists at `path`, following symbolic links.
  static func isRegularFile(_ path: String) -> Bool {
    var info = stat()
    return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFREG
  }

  /// The device and inode of an existing file, which every hard link and symbolic link to
  /// it shares, or nil.
  static func fileIdentity(_ path: String) -> FileIdentity? {
    var info = stat()
    guard stat(path, &info) == 0 else { return nil }
    return FileIdentity(device: UInt64(info.st_dev), inode: UInt64(info.st_ino))
  }

  /// The canonical absolute path of an existing file, or nil.
  static func realPath(_ path: String) -> String? {
    guard let resolved = realpath(path, nil) else { return nil }
    defer { free(resolved) }
    return String(cString: resolved)
  }

  /// Returns the canonical absolute path a file has or would have: the real path of an existing
  /// file, or else its name in the real path of its folder. Nil when the folder does not
  /// exist either.
  static func resolvedPath(_ path: String) -> String? {
    if let real = realPath(path) { return real }
    var folder = "."
    var name = path
    if let slash = path.lastIndex(of: "/") {
      folder = slash == path.startIndex ? "/" : String(path[..<slash])
      name = String(path[path.index(after: slash)...])
    }
    guard !name.isEmpty, name != ".", name != "..", let realFolder = realPath(folder) else {
      return nil
    }
    return realFolder == "/" ? "/" + name : realFolder + "/" + name
  }
}

/// A file as the file system knows it, whatever path names it.
struct FileIdentity: Hashable {
  var device: UInt64
  var inode: UInt64
}

#if canImport(Glibc)
  @_silgen_name("mallopt")
  private func glibcMallopt(_ parameter: Int32, _ value: Int32) -> Int32

  @_silgen_name("malloc_trim")
  private func glibcMallocTrim(_ pad: Int) -> Int32
#endif
