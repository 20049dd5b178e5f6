import ReviewBook

/// Turns the headers and cells of one source into a book: maps headers to fields, feeds
/// the cells to one `ColumnBuilder` per column, then finishes and tidies the columns.
struct TableAssembler {
  let file: String
  private(set) var builders: [ColumnBuilder] = []
  private(set) var warnings: [LoadWarning] = []
  /// The `--map` overrides that matched a header of this source.
  private(set) var usedMappings: Set<Int> = []

  /// Columns (or JSON fields) beyond this are rejected before anything is built, because
  /// each one costs a column builder whatever its content.
  static let maximumColumns = 10_000

  /// A whole number with commas between groups of three digits, for messages.
  static func grouped(_ number: Int) -> String {
    let digits = Array(String(number))
    var text = ""
    for (index, digit) in digits.enumerated() {
      if index > 0 && (digits.count - index) % 3 == 0 { text.append(",") }
      text.append(digit)
    }
    return text
  }

  init(file: String, headers: [String], options: LoadOptions, capacity: Int) {
    self.file = file
    var planner = ColumnPlanner(file: file, options: options)
    planner.add(headers)
    warnings = planner.warnings
    usedMappings = planner.usedMappings
    builders = planner.plans.indices.map { planner.builder(column: $0, capacity: capacity) }
  }

  mutating func append(column: Int, _ cell: UnsafeBufferPointer<UInt8>) throws(CellError) {
    try builders[column].append(cell)
  }

  /// Empty builders for a part of the source read apart, one per column, expecting
  /// `capacity` rows.
  func emptyParts(capacity: Int) -> [ColumnBuilder] {
    builders.map { $0.emptyPart(capacity: capacity) }
  }

  /// Appends the columns of a part read apart, which must come next in the source.
  mutating func append(parts: [ColumnBuilder]) {
    precondition(parts.count == builders.count, "a part needs a builder for every column")
    for index in builders.indices {
      builders[index].append(contentsOf: parts[index])
    }
  }

  /// Takes the builders of columns filled elsewhere in place of the empty ones, one per
  /// column in order, each planned with this table's name and type.
  mutating func adopt(_ columns: [ColumnBuilder]) {
    precondition(columns.count == builders.count, "a table needs a builder for every column")
    for (index, column) in columns.enumerated() {
      precondition(
        column.name == builders[index].name && column.declared == builders[index].declared,
        "a builder must be planned as the table plans its column")
    }
    builders = columns
  }

  /// Returns the day/month order that settles a column's numeric dates: the order its
  /// header spells out, as in "Renewal Date (MM/DD/YYYY)", or else `--dates`.
  private static func dateOrder(
    of builder: ColumnBuilder, options: LoadOptions
  )
    -> ValueParser.DateOrder?
  {
    TableAssembler.dateOrder(spelledIn: builder.header) ?? options.dateOrder
  }

  /// Returns the currency that a header names in parentheses at its end, as in
  /// "Annual Recurring Revenue (EUR)" or "ARR (€)", for a column whose cells name none.
  static func currency(namedIn header: String) -> Currency? {
    var trimmed = Substring(header)
    while trimmed.last == " " { trimmed = trimmed.dropLast() }
    guard trimmed.hasSuffix(")"), let open = trimmed.lastIndex(of: "(") else { return nil }
    let inside = String(
      trimmed[trimmed.index(after: open)..<trimmed.index(before: trimmed.endIndex)])
    switch inside {
    case "$": return .usDollar
    case "€": return .euro
    case "£": return .pound
    case "¥": return .yen
    default:
      // Codes are written in capitals, so that a word such as "(max)" is no currency.
      guard inside.allSatisfy(\.isUppercase) else { return nil }
      return Currency(code: inside)
    }
  }

  static func dateOrder(spelledIn header: String) -> ValueParser.DateOrder? {
    let upper = header.uppercased()
    let separators = ["/", "-", "."]
    if separators.contains(where: { upper.contains("MM\($0)DD") }) { return .monthFirst }
    if separators.contains(where: { upper.contains("DD\($0)MM") }) { return .dayFirst }
    return nil
  }

  /// Reserves room for `rows` rows in every column.
  mutating func reserveCapacity(rows: Int) {
    for index in builders.indices {
      builders[index].reserveCapacity(rows: rows)
    }
  }

  mutating func appendMissing(column: Int) {
    builders[column].appendMissingCell()
  }

  mutating func addColumn(name: String, header: String, rows: Int) -> Int {
    var builder = ColumnBuilder(
      name: name, header: header, declared: CanonicalField(named: name)?.type)
    for _ in 0..<rows { builder.appendMissingCell() }
    builders.append(builder)
    return builders.count - 1
  }

  /// Finishes every column. `locate` turns a cell (row, column) into its line and column
  /// in the file, for error messages.
  func finish(
    rows: Int, options: LoadOptions,
    locate: (_ row: Int, _ column: Int) -> (line: Int, column: Int?)
  ) throws(LoadError) -> (Book, [LoadWarning]) {
    var warnings = self.warnings
    var fields: [Field] = []
    var columns: [Column] = []
    /// The builder of each column kept.
    var builderIndices: [Int] = []
    for (index, builder) in builders.enumerated() {
      let column: Column
      do {
        column = try builder.finish(
          dateOrder: options.dateOrder,
          headerOrder: TableAssembler.dateOrder(spelledIn: builder.header)
        ) { locate($0, index).line }
      } catch {
        let place = locate(error.row, index)
        throw LoadError(
          file: file, line: place.line, column: place.column, message: error.message,
          hint: error.hint)
      }
      if builder.header.isEmpty && column.presentCount == 0 {
        // An unnamed, empty column, as a delimiter at the end of every row makes.
        continue
      }
      if builder.declared == nil, column.type == .text, let impossible = builder.impossibleDate {
        warnings.append(
          LoadWarning(
            file: file,
            message:
              "column \"\(builder.header)\" looks like dates, but \"\(impossible.text)\" on line \(locate(impossible.row, index).line) is not a date in the calendar; it is loaded as text"
          ))
      }
      if builder.declared == nil, column.type == .text,
        builder.isAmbiguousDateColumn(
          dateOrder: TableAssembler.dateOrder(of: builder, options: options))
      {
        warnings.append(
          LoadWarning(
            file: file,
            message:
              "column \"\(builder.header)\" holds dates such as 05/01/2016 whose day and month cannot be told apart; it is loaded as text (use --dates mdy or --dates dmy to read it as dates)"
          ))
      }
      if let row = column.moneyOverflowRow() {
        let place = locate(row, index)
        throw LoadError(
          file: file, line: place.line, column: place.column,
          message: TableAssembler.moneyOverflowMessage(header: builder.header),
          hint: TableAssembler.moneyOverflowHint)
      }
      if column.type == .money, builder.decimalComma,
        let grouping = builder.commaReadings.grouping, let decimal = builder.commaReadings.decimal
      {
        throw mixedSeparators(.comma, header: builder.header, grouping: grouping, decimal: decimal)
        {
          locate($0, index)
        }
      }
      if column.type == .money, let grouping = builder.dotReadings.grouping,
        let decimal = builder.dotReadings.decimal
      {
        throw mixedSeparators(.dot, header: builder.header, grouping: grouping, decimal: decimal) {
          locate($0, index)
        }
      }
      if column.type == .money, !builder.decimalComma, !builder.dotReadings.groupingIsEvident,
        let grouping = builder.dotReadings.grouping,
        case .money(let cents) = column.value(at: grouping.row)
      {
        let place = TableAssembler.place(locate(grouping.row, index))
        warnings.append(
          LoadWarning(
            file: file,
            message:
              "column \"\(builder.header)\" is read with dots as thousands separators, so \"\(grouping.text)\" (\(place)) is \(TableAssembler.amount(cents: cents)); if its dots are decimal points, start review with --decimal-point"
          ))
      }
      var currency: Currency?
      if column.type == .money {
        currency =
          builder.currencies.first?.currency
          ?? TableAssembler.currency(namedIn: builder.header)
        if let first = builder.currencies.first, let clash = builder.currencies.clash {
          throw mixedCurrencies(header: builder.header, first: first, clash: clash) {
            locate($0, index)
          }
        }
        if let first = builder.currencies.first, let named = builder.namedCurrency,
          named != first.currency, let plain = builder.currencies.firstPlain
        {
          let second = locate(max(first.row, plain.row), index)
          throw LoadError(
            file: file, line: second.line, column: second.column,
            message:
              "column \"\(builder.header)\" mixes currencies: amounts such as \"\(plain.text)\" (\(TableAssembler.place(locate(plain.row, index)))) are in \(named.code), the currency its header names, but \"\(first.text)\" (\(TableAssembler.place(locate(first.row, index)))) is in \(first.currency.code)",
            hint:
              "write every amount in \(named.code), or split the export into one file per currency")
        }
        if let first = builder.currencies.first,
          let named = TableAssembler.currency(namedIn: builder.header), named != first.currency
        {
          let place = TableAssembler.place(locate(first.row, index))
          warnings.append(
            LoadWarning(
              file: file,
              message:
                "column \"\(builder.header)\" names \(named.code) in its header, but its cells are in \(first.currency.code) (\"\(first.text)\", \(place)); the amounts are kept in \(first.currency.code), so correct the header or the cells if they are in \(named.code)"
            ))
        }
      }
      fields.append(
        Field(name: builder.name, type: column.type, header: builder.header, currency: currency))
      columns.append(column)
      builderIndices.append(index)
    }
    try applyCurrencyColumns(to: &fields, columns: columns) { row, column in
      locate(row, builderIndices[column])
    }

    var book = Book(fields: fields, columns: columns, count: rows, sources: [file])
    BookTidying.tidy(&book, warnings: &warnings, file: file, healthScale: options.healthScale)
    if let totals = TableAssembler.totalsRows(in: book) {
      let place = locate(totals.rows[0], totals.column)
      let count = totals.rows.count
      let name = totals.names[0]
      let message =
        count == 1
        ? "the row \"\(name)\" looks like a row of totals; it is loaded as an account, so totals count its amounts again (delete the row from the export)"
        : "\(count) rows look like rows of totals or subtotals (\(totals.names.prefix(3).map { "\"\($0)\"" }.joined(separator: ", "))\(count > 3 ? ", …" : "")); they are loaded as accounts, so totals count their amounts again (delete them from the export)"
      warnings.append(
        LoadWarning(file: file, line: place.line, column: place.column, message: message))
    }
    if let repeated = TableAssembler.repeatedID(in: book) {
      warnings.append(
        LoadWarning(
          file: file,
          message:
            "\(TableAssembler.grouped(repeated.rows)) \(repeated.rows == 1 ? "row shares its id" : "rows share an id") with an earlier row (such as \(repeated.example)); each row is loaded as an account of its own, so totals count them all"
        ))
    }
    // Names are compared as `show NAME` matches them, so that two rows it cannot tell apart
    // are reported.
    if book.index(ofField: "id") == nil, case .text(let names)? = book.column(named: "name"),
      let repeated = names.repeatedFoldedValues()
    {
      warnings.append(
        LoadWarning(
          file: file,
          message:
            "\(TableAssembler.grouped(repeated.count)) \(repeated.count == 1 ? "row repeats the name" : "rows repeat the name") of an earlier row (such as \(repeated.example)), and the file has no id column to tell them apart; each row is loaded as an account of its own"
        ))
    }
    if book.index(ofField: "name") == nil && book.index(ofField: "id") == nil {
      // Headers in another language than English match none of the core fields at all.
      let core = ["csm", "arr", "renewal_date", "health", "status"]
      let missing = core.filter { book.index(ofField: $0) == nil }
      var others = ""
      if missing.count >= 3 {
        let listed = missing.dropLast().joined(separator: ", ") + " or " + missing.last!
        others =
          "; nor is any column \(listed): if the headers are in another language than English, map each with --map, as in --map 'Date de renouvellement=renewal_date'"
      }
      warnings.append(
        LoadWarning(
          file: file,
          message:
            "no column is an account name or id, so accounts cannot be shown by name; name one with --map 'Header=name'\(others)"
        ))
    }
    return (book, warnings)
  }

  /// Formats an amount in cents as messages show it, without a currency: `99,990` or
  /// `-1,250.50`.
  static func amount(cents: Int64) -> String {
    let whole = grouped(Int(cents.magnitude / 100))
    let fraction = Int(cents.magnitude % 100)
    let sign = cents < 0 ? "-" : ""
    guard fraction != 0 else { return sign + whole }
    return sign + whole + (fraction < 10 ? ".0" : ".") + String(fraction)
  }

  /// Returns a cell's place as messages name it: `line 4, column 6`.
  private static func place(_ found: (line: Int, column: Int?)) -> String {
    "line \(found.line)" + (found.column.map { ", column \($0)" } ?? "")
  }

  /// The separator that a money column reads two ways: the dot, or in a file with decimal
  /// commas, the comma.
  private enum Separator {
    case dot
    case comma
  }

  /// Returns the error for a money column that reads one cell's separator as separating
  /// thousands and another's as a decimal point or comma.
  private func mixedSeparators(
    _ separator: Separator, header: String, grouping: DotReadings.Cell,
    decimal: DotReadings.Cell, locate: (_ row: Int) -> (line: Int, column: Int?)
  ) -> LoadError {
    func place(_ cell: DotReadings.Cell) -> String { TableAssembler.place(locate(cell.row)) }
    let second = locate(max(grouping.row, decimal.row))
    let (name, decimalName, hint) =
      switch separator {
      case .dot:
        (
          "dot", "a decimal point",
          "write the column's amounts one way, or start review with --decimal-point to read every dot as a decimal point"
        )
      case .comma:
        (
          "comma", "a decimal comma",
          "write the column's amounts one way, with a comma only before the cents (1234,50) or a dot between thousands (1.234,50)"
        )
      }
    return LoadError(
      file: file, line: second.line, column: second.column,
      message:
        "column \"\(header)\" writes amounts two ways: the \(name) in \"\(grouping.text)\" (\(place(grouping))) separates thousands, but the \(name) in \"\(decimal.text)\" (\(place(decimal))) is \(decimalName)",
      hint: hint)
  }

  /// Returns the error for a money column whose cells name two currencies, which cannot be
  /// added up. The error names the first cell in each currency and where it is.
  private func mixedCurrencies(
    header: String, first: CurrencyCells.Cell, clash: CurrencyCells.Cell,
    locate: (_ row: Int) -> (line: Int, column: Int?)
  ) -> LoadError {
    func place(_ cell: CurrencyCells.Cell) -> String { TableAssembler.place(locate(cell.row)) }
    let second = locate(clash.row)
    return LoadError(
      file: file, line: second.line, column: second.column,
      message:
        "column \"\(header)\" mixes currencies: \"\(first.text)\" (\(place(first))) is in \(first.currency) and \"\(clash.text)\" (\(place(clash))) is in \(clash.currency)",
      hint: TableAssembler.mixedCurrenciesHint)
  }

  /// The advice for amounts in several currencies, which totals cannot add up.
  static let mixedCurrenciesHint =
    "split the export into one file per currency, or convert the amounts to one currency before loading"

  /// Returns the error for a money column whose amounts add up to more than a total holds.
  static func moneyOverflowMessage(header: String) -> String {
    "the amounts in column \"\(header)\" add up to more than review can total (about 92 quadrillion), so totals would be wrong; its largest amount is on this line"
  }

  static let moneyOverflowHint =
    "check the column's units and this line's amount, which is far larger than any account's"

  /// How many rows repeat an id that an earlier row has, and one such id; nil when the ids
  /// are unique or the book has none.
  /// Returns the rows that read like rows of totals or subtotals among the accounts, with
  /// their names and the name column. Such a row has no id, and its name is "Total",
  /// "Totals", "Grand Total", "Sum" or ends in the word Total ("EMEA Total"), perhaps with
  /// a count in parentheses ("Grand Totals (2 records)").
  static func totalsRows(in book: Book) -> (rows: [Int], names: [String], column: Int)? {
    guard book.count > 1, let nameIndex = book.index(ofField: "name"),
      case .text(let names) = book.columns[nameIndex]
    else { return nil }
    var rows: [Int] = []
    if let idIndex = book.index(ofField: "id") {
      // Only a row without an id can be one, and a book whose every row has one, as most
      // exports are, needs no look at its names.
      let ids = book.columns[idIndex]
      guard ids.presentCount < book.count else { return nil }
      for row in 0..<book.count where ids.isMissing(row) {
        if var name = names.string(at: row), name.withUTF8({ isTotalsName($0) }) {
          rows.append(row)
        }
      }
    } else {
      names.forEachCell(in: 0..<book.count) { row, cell in
        if isTotalsName(cell) { rows.append(row) }
      }
    }
    guard !rows.isEmpty else { return nil }
    return (rows, rows.prefix(3).map { names.string(at: $0) ?? "" }, nameIndex)
  }

  /// Returns whether a name reads like that of a row of totals: "Total", "Totals", "Sum",
  /// "Grand Total" or up to four words ending in the word Total, in any case, perhaps with
  /// a count in parentheses. It reads bytes only, because a book without ids checks every
  /// name.
  static func isTotalsName(_ name: UnsafeBufferPointer<UInt8>) -> Bool {
    let space = UInt8(ascii: " ")
    var start = 0
    var end = name.count
    while end > start && name[end - 1] == space { end -= 1 }
    if end > start && name[end - 1] == UInt8(ascii: ")"),
      let open = name[start..<end].lastIndex(of: UInt8(ascii: "("))
    {
      end = open
      while end > start && name[end - 1] == space { end -= 1 }
    }
    while start < end && name[start] == space { start += 1 }
    /// Returns where `word` starts when the name ends with it as a word of its own, in any
    /// case.
    func wordStart(_ word: StaticString) -> Int? {
      let length = word.utf8CodeUnitCount
      guard end - start >= length else { return nil }
      let first = end - length
      for offset in 0..<length where name[first + offset] | 0x20 != word.utf8Start[offset] {
        return nil
      }
      return first == start || name[first - 1] == space ? first : nil
    }
    if wordStart("sum") == start { return true }
    guard let word = wordStart("totals") ?? wordStart("total") else { return false }
    var words = 1
    var index = start
    while index < word {
      if name[index] != space && (index == start || name[index - 1] == space) { words += 1 }
      index += 1
    }
    return words <= 4
  }

  static func repeatedID(in book: Book) -> (rows: Int, example: String)? {
    guard case .text(let ids)? = book.column(named: "id") else { return nil }
    return ids.repeatedValues().map { ($0.count, $0.example) }
  }
}

/// Plans the columns of a source from its headers: the field each column loads as and its
/// declared type, with warnings about names. Headers can be added in several steps, as a
/// JSON file meets new keys; the plan is then that of all the headers at once, unless
/// `--map` gives a later header a field or a name that an earlier column already took.
struct ColumnPlanner {
  let file: String
  let options: LoadOptions
  private(set) var plans: [(name: String, declared: FieldType?, header: String)] = []
  private(set) var warnings: [LoadWarning] = []
  /// The `--map` overrides that matched a header.
  private(set) var usedMappings: Set<Int> = []
  private var taken: [String: Int] = [:]
  /// The column that each canonical field was given to, by `--map` or by its header.
  private var canonicalOwners: [CanonicalField: Int] = [:]
  /// The columns that `--map` gives a field or a name to.
  private var mappedColumns: Set<Int> = []

  init(file: String, options: LoadOptions) {
    self.file = file
    self.options = options
  }

  /// Plans the columns of `headers`, which come after the columns planned so far.
  mutating func add(_ headers: [String]) {
    let first = plans.count

    // Overrides claim their fields first, so that an alias cannot take a field a user named.
    var overrideFor: [Int: String] = [:]
    for (offset, header) in headers.enumerated() {
      for (index, mapping) in options.mappings.enumerated()
      where mapping.header == header
        || Field.matchingKey(mapping.header) == Field.matchingKey(header)
      {
        overrideFor[first + offset] = mapping.field
        usedMappings.insert(index)
        mappedColumns.insert(first + offset)
        if let canonical = CanonicalField(named: mapping.field), canonicalOwners[canonical] == nil {
          canonicalOwners[canonical] = first + offset
        }
      }
    }
    // An overridden column owns its name even against an earlier column of the same name.
    for (column, target) in overrideFor {
      taken[Field.matchingKey(CanonicalField(named: target)?.rawValue ?? target)] = column
    }

    // The header of a column planned before this step, or of one in it.
    func columnHeader(_ column: Int) -> String {
      column < first ? plans[column].header : headers[column - first].trimmingSpaces()
    }

    for (offset, rawHeader) in headers.enumerated() {
      let column = first + offset
      let header = rawHeader.trimmingSpaces()
      var name: String
      var declared: FieldType?
      if let target = overrideFor[column] {
        let canonical = CanonicalField(named: target)
        name = canonical?.rawValue ?? target
        declared = canonical?.type
      } else if let canonical = CanonicalField.matching(header: header),
        canonicalOwners[canonical] == nil
      {
        canonicalOwners[canonical] = column
        name = canonical.rawValue
        declared = canonical.type
      } else {
        name = header.isEmpty ? "column_\(column + 1)" : header
        if let canonical = CanonicalField.matching(header: header),
          taken[Field.matchingKey(name)] == nil, let owner = canonicalOwners[canonical]
        {
          // An owner that --map gave the field to may come later in the file.
          let provider =
            mappedColumns.contains(owner)
            ? "which --map gives to column \"\(columnHeader(owner))\""
            : "which column \"\(columnHeader(owner))\" already provides"
          warnings.append(
            LoadWarning(
              file: file,
              message:
                "column \"\(header)\" also looks like \(canonical.rawValue), \(provider); it keeps its own name"
            ))
        }
      }

      if declared == nil && options.dateFields.contains(Field.matchingKey(name)) {
        declared = .date
      }
      if let owner = taken[Field.matchingKey(name)], owner != column {
        let original = name
        var suffix = 2
        while taken[Field.matchingKey("\(original)_\(suffix)")] != nil { suffix += 1 }
        name = "\(original)_\(suffix)"
        declared = nil
        let ownerHeader = columnHeader(owner)
        let message: String
        if owner > column {
          message =
            "column \(column + 1) (\"\(header)\") has the name that --map gives to column \(owner + 1) (\"\(ownerHeader)\"); it is loaded as \(name)"
        } else if ownerHeader == header {
          message =
            "columns \(owner + 1) and \(column + 1) are both named \"\(header)\"; the second is loaded as \(name)"
        } else {
          message =
            "columns \(owner + 1) (\"\(ownerHeader)\") and \(column + 1) (\"\(header)\") have the same name when case, spaces and punctuation are ignored; the second is loaded as \(name)"
        }
        warnings.append(LoadWarning(file: file, message: message))
      }
      taken[Field.matchingKey(name)] = column
      plans.append((name, declared, header))
    }
  }

  /// An empty builder for a planned column, expecting `capacity` rows.
  func builder(column: Int, capacity: Int) -> ColumnBuilder {
    let plan = plans[column]
    var builder = ColumnBuilder(
      name: plan.name, header: plan.header, declared: plan.declared, capacity: capacity)
    builder.decimalComma = options.decimalComma ?? false
    // With --decimal-point, every dot is a decimal point, even before three digits.
    builder.dotsGroupThousands = options.decimalComma != false
    return builder
  }
}
