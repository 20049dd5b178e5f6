import ReviewBook

/// How to read data files.
public struct LoadOptions: Sendable {
  /// Header-to-field overrides from `--map 'Header=field'`, in the order given.
  public var mappings: [(header: String, field: String)]
  /// The day/month order for numeric dates in columns that do not reveal their own.
  public var dateOrder: ValueParser.DateOrder?
  /// Read CSV rows with fewer fields than the header as if the missing trailing fields
  /// were empty (`--ragged`), as some report exports write them. Rows with more fields
  /// are still an error.
  public var padsShortRows: Bool
  /// Read numbers and money with a decimal comma (`72,5`, `1.234,50`): true with
  /// `--decimal-comma`, false with `--decimal-point`, nil to decide by the file, which reads
  /// a semicolon-separated CSV with decimal commas.
  public var decimalComma: Bool?
  /// Fields other than review's own that must hold dates, such as the `date` of a history
  /// file, by their matching keys. A cell that is no date in such a column is an error with
  /// its line and column, as in a known date field, rather than turning the column to text.
  public var dateFields: Set<String> = []
  /// The scale of health scores from `--health-scale`: 1, 10 or 100. Scores are read as
  /// shares of 1 or tenths of 10 and turned into points of 100; nil to decide by the
  /// scores and the header.
  public var healthScale: Int?

  public init(
    mappings: [(header: String, field: String)] = [], dateOrder: ValueParser.DateOrder? = nil,
    padsShortRows: Bool = false
  ) {
    self.mappings = mappings
    self.dateOrder = dateOrder
    self.padsShortRows = padsShortRows
  }

  /// Parses one `--map` argument, `Header=field`. The header may itself contain `=`; the
  /// last one separates it from the field.
  public static func parseMapping(_ argument: String) -> (header: String, field: String)? {
    guard let separator = argument.lastIndex(of: "=") else { return nil }
    let header = argument[..<separator].trimmingSpaces()
    let field = argument[argument.index(after: separator)...].trimmingSpaces()
    guard !header.isEmpty, !field.isEmpty else { return nil }
    return (header, field)
  }
}

extension StringProtocol {
  func trimmingSpaces() -> String {
    var text = Substring(self)
    while let first = text.first, first.isWhitespace { text.removeFirst() }
    while let last = text.last, last.isWhitespace { text.removeLast() }
    return String(text)
  }
}
