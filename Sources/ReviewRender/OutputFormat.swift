/// The formats results can be written in.
public enum OutputFormat: String, Sendable, CaseIterable {
  case table
  case csv
  case tsv
  case json
  case jsonl
  case markdown

  /// Accepts the format's name and `md`, `ndjson`.
  public init?(name: String) {
    switch name.lowercased() {
    case "md": self = .markdown
    case "ndjson": self = .jsonl
    case "text", "txt": self = .table
    default:
      guard let format = OutputFormat(rawValue: name.lowercased()) else { return nil }
      self = format
    }
  }

  /// The format a file's extension implies, if any. `.txt` names no format of its own, so it
  /// implies none, and a `.txt` file gets the session's format.
  public init?(pathExtension path: String) {
    let lowered = path.lowercased()
    guard let dot = lowered.lastIndex(of: ".") else { return nil }
    let suffix = String(lowered[lowered.index(after: dot)...])
    switch suffix {
    case "csv": self = .csv
    case "tsv": self = .tsv
    case "json": self = .json
    case "jsonl", "ndjson": self = .jsonl
    case "md", "markdown": self = .markdown
    default: return nil
    }
  }

  /// Whether values are written raw (unformatted numbers, ISO dates) for other programs.
  public var isMachineReadable: Bool {
    switch self {
    case .csv, .tsv, .json, .jsonl: return true
    case .table, .markdown: return false
    }
  }
}

/// Settings that shape rendering.
public struct RenderOptions: Sendable {
  /// Cells are cut with "…" to fit this many columns; nil never cuts (output to a pipe or
  /// file).
  public var terminalWidth: Int?
  /// ANSI colour for status and headers.
  public var color: Bool
  public var dates: DateStyle
  /// Prefix text cells that a spreadsheet would run as a formula with `'`.
  public var neutralizeFormulas: Bool
  /// Replace control characters in every format, for output to a terminal.
  public var sanitizeAll: Bool
  /// For CSV and TSV appended to a file that starts with this line: leave out a header
  /// that repeats it, so that the file stays one table.
  public var existingHeader: String?

  public init(
    terminalWidth: Int? = nil, color: Bool = false, dates: DateStyle = .iso,
    neutralizeFormulas: Bool = true,
    sanitizeAll: Bool = false
  ) {
    self.terminalWidth = terminalWidth
    self.color = color
    self.dates = dates
    self.neutralizeFormulas = neutralizeFormulas
    self.sanitizeAll = sanitizeAll
  }
}

/// Renders outputs in one format.
public struct Renderer {
  public var format: OutputFormat
  public var options: RenderOptions

  public init(format: OutputFormat, options: RenderOptions = RenderOptions()) {
    self.format = format
    self.options = options
  }

  /// Returns the header line that CSV or TSV output of a table or record starts with, without
  /// its line end, or nil for the other formats and outputs.
  public func delimitedHeader(of output: Output) -> String? {
    let delimiter: Character
    switch format {
    case .csv: delimiter = ","
    case .tsv: delimiter = "\t"
    case .table, .markdown, .json, .jsonl: return nil
    }
    switch output {
    case .table(let table), .record(let table):
      return DelimitedRenderer(delimiter: delimiter, options: options).header(of: table)
    case .text, .heading, .notice, .warning:
      return nil
    }
  }

  public func render(_ output: Output, to sink: inout some TextSink) {
    switch output {
    case .table(let table):
      switch format {
      case .table: TableRenderer(options: options).render(table, to: &sink)
      case .markdown: MarkdownRenderer(options: options).render(table, to: &sink)
      case .csv: DelimitedRenderer(delimiter: ",", options: options).render(table, to: &sink)
      case .tsv: DelimitedRenderer(delimiter: "\t", options: options).render(table, to: &sink)
      case .json: JSONRenderer(lines: false, options: options).render(table, to: &sink)
      case .jsonl: JSONRenderer(lines: true, options: options).render(table, to: &sink)
      }
    case .record(let table):
      switch format {
      case .table: TableRenderer(options: options).renderRecord(table, to: &sink)
      case .markdown: MarkdownRenderer(options: options).renderRecord(table, to: &sink)
      case .csv: DelimitedRenderer(delimiter: ",", options: options).render(table, to: &sink)
      case .tsv: DelimitedRenderer(delimiter: "\t", options: options).render(table, to: &sink)
      case .json: JSONRenderer(lines: false, options: options).renderRecord(table, to: &sink)
      case .jsonl: JSONRenderer(lines: true, options: options).render(table, to: &sink)
      }
    case .text(let text):
      sink.write(text)
      if !text.hasSuffix("\n") { sink.write("\n") }
    case .heading(let title):
      switch format {
      case .markdown:
        sink.write("## \(title)\n\n")
      case .table:
        let clean = DisplayWidth.sanitized(title)
        sink.write("\(clean)\n\(String(repeating: "=", count: max(1, DisplayWidth.of(clean))))\n")
      case .csv, .tsv, .json, .jsonl:
        break
      }
    case .notice(let text), .warning(let text):
      sink.write(text)
      if !text.hasSuffix("\n") { sink.write("\n") }
    }
  }
}
