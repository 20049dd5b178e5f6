import ReviewBook
import ReviewLanguage

/// A loaded book and what the loader noticed on the way.
public struct LoadResult: Sendable {
  public var book: Book
  public var warnings: [LoadWarning]
  /// The fingerprint of the files read and their state (see `SourceFingerprint`). It is nil
  /// when a load of the same files could read other rows: for text given in memory, and for
  /// a file that changed while it was read or just before.
  public var sourceFingerprint: String?
}

/// Reads CSV and JSON exports into a book.
public enum Loader {
  /// The formats the loader reads.
  public enum Format: Sendable {
    case csv
    case json
  }

  /// Loads one or more files into one book. Files with different columns are combined:
  /// a field that one file lacks is missing for its accounts.
  public static func load(
    paths: [String], options: LoadOptions = LoadOptions()
  ) throws(LoadError) -> LoadResult {
    let start = SourceFingerprint.Start(paths: paths)
    var result = try loadFiles(paths: paths, options: options)
    result.sourceFingerprint = SourceFingerprint.fingerprint(
      paths: paths, start: start, options: options)
    return result
  }

  private static func loadFiles(
    paths: [String], options: LoadOptions
  ) throws(LoadError) -> LoadResult {
    var books: [Book] = []
    var warnings: [LoadWarning] = []
    var used: Set<Int> = []
    for path in paths {
      let source = try SourceText(path: path)
      let (book, more, mappings) = try load(source, options: options)
      books.append(book)
      warnings += more
      used.formUnion(mappings)
    }
    for (index, mapping) in options.mappings.enumerated() {
      if !used.contains(index) {
        warnings.append(
          LoadWarning(
            file: paths.joined(separator: ", "),
            message:
              "--map '\(mapping.header)=\(mapping.field)' names no column; the headers are compared ignoring case, spaces and punctuation"
          ))
      }
      if let meant = closeField(to: mapping.field) {
        warnings.append(
          LoadWarning(
            file: paths.joined(separator: ", "),
            message:
              "--map '\(mapping.header)=\(mapping.field)': \(mapping.field) is not one of review's fields, so the column is loaded under that name; did you mean \(meant)?"
          ))
      }
    }
    guard var combined = books.first else {
      return LoadResult(book: .empty, warnings: warnings)
    }
    for (offset, book) in books.enumerated().dropFirst() {
      if let clash = BookMerging.currencyClash(combined, book) {
        throw LoadError(
          file: paths[offset],
          message:
            "\(clash.field) is in \(clash.second) here but in \(clash.first) in the files before it, and amounts in two currencies cannot be added up",
          hint: "load the files in one currency apart, or convert the amounts to one currency")
      }
      if let gap = BookMerging.currencyGap(combined, book) {
        let difference =
          gap.secondIsPlain
          ? "names no currency here, but \(gap.currency) in the files before it"
          : "is in \(gap.currency) here, but names no currency in the files before it"
        warnings.append(
          LoadWarning(
            file: paths[offset],
            message:
              "\(gap.field) \(difference), so all its amounts are taken as \(gap.currency); if some are in another currency, convert them before loading"
          ))
      }
      combined = BookMerging.merge(combined, book)
    }
    if books.count > 1 {
      // Each file's amounts add up, but those of the files together may not.
      for (index, column) in combined.columns.enumerated() where column.moneyOverflowRow() != nil {
        throw LoadError(
          file: paths.joined(separator: ", "),
          message:
            "the amounts in field \(combined.fields[index].name) of these files add up to more than review can total (about 92 quadrillion), so totals would be wrong",
          hint: "check the units of the field in each file")
      }
    }
    if books.count > 1, let repeated = TableAssembler.repeatedID(in: combined) {
      // Each file's own repeats were reported with it; these are rows of a later file.
      let withinFiles = books.reduce(0) { $0 + (TableAssembler.repeatedID(in: $1)?.rows ?? 0) }
      let acrossFiles = repeated.rows - withinFiles
      if acrossFiles > 0 {
        warnings.append(
          LoadWarning(
            file: paths.joined(separator: ", "),
            message:
              "\(TableAssembler.grouped(acrossFiles)) \(acrossFiles == 1 ? "row shares its id" : "rows share an id") with a row of an earlier file (such as \(repeated.example)); the files are stacked one account per row, not joined, so totals count every row"
          ))
      }
    }
    return LoadResult(book: combined, warnings: warnings)
  }

  /// Returns the field of review's that a `--map` target is close to, as after a typing
  /// slip (`heath` for health). Returns nil for a field's own name and for a name far from
  /// every field, such as `renewal_text`, which is a name of the user's own.
  static func closeField(to target: String) -> String? {
    guard CanonicalField(named: target) == nil else { return nil }
    return Suggestions.closest(to: target, among: CanonicalField.allCases.map(\.rawValue))
  }

  /// Loads text already in memory, as if read from a file named `name`.
  public static func load(
    text: String, name: String, options: LoadOptions = LoadOptions()
  ) throws(LoadError) -> LoadResult {
    let source = SourceText(name: name, text: text)
    let (book, warnings, _) = try load(source, options: options)
    return LoadResult(book: book, warnings: warnings)
  }

  private static func load(
    _ source: SourceText, options: LoadOptions
  ) throws(LoadError) -> (Book, [LoadWarning], Set<Int>) {
    try source.checkFormat()
    switch format(of: source) {
    case .csv:
      do {
        return try CSVLoader.load(source, options: options)
      } catch {
        throw unlikelyExport(error, path: source.path)
      }
    case .json:
      return try JSONLoader.load(source, options: options)
    }
  }

  /// Returns the error of a file read as CSV, with a first hint that the file may not be an
  /// export at all when its name does not end in .csv, .tsv or .txt, as for a README.
  private static func unlikelyExport(_ error: LoadError, path: String) -> LoadError {
    let lowered = path.lowercased()
    let name = lowered.split(separator: "/").last.map(String.init) ?? lowered
    guard ![".csv", ".tsv", ".txt", ".tab"].contains(where: { lowered.hasSuffix($0) }),
      error.line != nil
    else { return error }
    let ending =
      name.contains(".") ? "ends in .\(name.split(separator: ".").last!)" : "has no extension"
    var noted = error
    noted.hint =
      "is this an accounts export? The file's name \(ending), and review reads CSV, TSV or JSON exports of accounts"
      + (error.hint.map { "; otherwise, \($0)" } ?? "")
    return noted
  }

  /// The format by the file's extension, or by its first character when the extension says
  /// nothing.
  static func format(of source: SourceText) -> Format {
    let lowered = source.path.lowercased()
    if lowered.hasSuffix(".json") || lowered.hasSuffix(".jsonl") || lowered.hasSuffix(".ndjson") {
      return .json
    }
    if lowered.hasSuffix(".csv") || lowered.hasSuffix(".tsv") || lowered.hasSuffix(".txt") {
      return .csv
    }
    for byte in source.bytes {
      if byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 { continue }
      return byte == UInt8(ascii: "[") || byte == UInt8(ascii: "{") ? .json : .csv
    }
    return .csv
  }
}
