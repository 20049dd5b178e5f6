import ReviewBook
import ReviewLanguage
import ReviewRender

/// How a query's accounts are shown when the query does not say: the natural sort and
/// the default columns of the segment it names first.
struct Presentation {
  var sort: [(field: String, descending: Bool)]
  var columns: [String]

  static let plain = Presentation(sort: [("name", false)], columns: BuiltinSegments.accountColumns)
}

extension Session {
  /// Runs a query: its table, then the notices about its conditions, such as a value that no
  /// account has.
  func run(_ query: Query) throws(CommandError) -> [Output] {
    var compiler = compiler()
    let output = try run(query, compiler: &compiler)
    return [output] + compiler.notices.map { .warning($0) }
  }

  /// Returns the rows where a query's condition is true. A query with the same condition on
  /// the same book and day as the one before it, as `count` and then `show` of one segment
  /// are, gets the rows already found, since evaluating a condition depends on nothing else.
  private func selection(of condition: Condition) -> Bitset {
    if let last = lastSelection, last.bookGeneration == bookGeneration, last.today == today,
      last.condition == condition
    {
      return last.rows
    }
    let rows = book.evaluate(condition, today: today).isTrue
    lastSelection = (bookGeneration, today, condition, rows)
    return rows
  }

  private func run(_ query: Query, compiler: inout Compiler) throws(CommandError) -> Output {
    var condition = Condition.rows(scopeRows())
    if let segment = query.segment {
      condition = .and(condition, try compiler.compile(segment))
    }
    if let filter = query.filter {
      condition = .and(condition, try compiler.compile(filter))
    }
    let selected = selection(of: condition)
    var rows = selected.rows

    let presentation = self.presentation(of: query.segment)
    let matched = rows.count

    if query.groupBy != nil || query.aggregate != nil {
      let output: Output
      if let groupField = query.groupBy {
        output = try groupTable(rows: rows, by: groupField, query: query, compiler: compiler)
      } else {
        output = try totalTable(rows: rows, aggregate: query.aggregate!, compiler: compiler)
      }
      // A total has no account rows, so `show N` after it has nothing to pick from, but
      // `ask` walks the accounts it counted.
      remember(
        listed: [],
        result: AccountResult(
          title: query.selectionText, rows: rows, segment: query.segment, filter: query.filter,
          isListed: false))
      if case .table(let table) = output { discussed.append((currentSource, scope, table)) }
      return output
    }

    var keys: [SortKey] = []
    for (index, item) in query.sort.enumerated() {
      // `sort arr dsc` reads dsc as a second key; it is a misspelled direction.
      if index > 0, book.reference(to: item.field.value) == nil,
        let direction = Suggestions.closest(to: item.field.value, among: ["desc", "asc"])
      {
        throw CommandError(
          "unknown field '\(item.field.value)'", at: item.field.range,
          hint: "did you mean \(direction)? sort takes a field and then asc or desc")
      }
      let reference = try compiler.resolveField(item.field)
      let descending = item.descending ?? false
      keys.append(SortKey(field: reference, descending: descending))
    }
    if keys.isEmpty {
      keys = presentation.sort.compactMap { entry in
        book.reference(to: entry.field).map { SortKey(field: $0, descending: entry.descending) }
      }
    }

    let arrTotal = totalARR(in: selected)
    if let limit = query.limit {
      rows = book.top(limit.value, of: rows, by: keys, today: today)
    } else {
      rows = book.sorted(rows, by: keys, today: today)
    }
    let columns = try columnReferences(for: query, presentation: presentation, compiler: compiler)
    let title = [query.selectionText, query.orderText].filter { !$0.isEmpty }.joined(
      separator: " ")
    remember(
      listed: rows,
      result: AccountResult(
        title: title, rows: rows, segment: query.segment, filter: query.filter, isListed: true))
    var footer = "\(ValueFormatter.grouped(matched)) account\(matched == 1 ? "" : "s")"
    if let arrTotal {
      footer += " · \(ValueFormatter.compactMoney(arrTotal, currency: arrCurrency)) ARR"
    }
    if rows.count < matched { footer += " · showing \(ValueFormatter.grouped(rows.count))" }
    let table = accountTable(rows: rows, columns: columns, footer: footer)
    discussed.append((currentSource, scope, table))
    return .table(table)
  }

  /// A lazy table of accounts: cells are read from the book as they are rendered, a block
  /// of rows of a column at a time.
  func accountTable(rows: [Int32], columns: [FieldReference], footer: String?) -> ResultTable {
    let book = self.book
    let cells = AccountCells(book: book, today: today, rows: rows, columns: columns)
    var table = ResultTable(
      columns: columns.map {
        ResultTable.Column(
          name: book.name(of: $0), type: book.type(of: $0), currency: book.currency(of: $0))
      },
      rowCount: rows.count, footer: footer
    ) { row, column in
      cells.value(row: row, column: column)
    }
    for (index, reference) in columns.enumerated() {
      guard case .stored(let field) = reference, case .text(let text) = book.columns[field]
      else { continue }
      table.setTextReader(column: index) { range, body in
        text.forEachCell(at: rows[range]) { position, utf8 in
          body(range.lowerBound + position, utf8)
        }
      }
    }
    return table
  }

  /// The currency of the arr field, for the columns and footers that total it.
  var arrCurrency: Currency? {
    book.reference(to: "arr").flatMap { book.currency(of: $0) }
  }

  /// The ARR of the accounts in a set, read straight from the arr column.
  func totalARR(in set: Bitset) -> Int64? {
    guard let arr = book.reference(to: "arr"), book.type(of: arr) == .money else { return nil }
    return book.sumOfMoney(arr, in: set)?.cents
  }

  func totalARR(of rows: [Int32]) -> Int64? {
    guard let arr = book.reference(to: "arr"), book.type(of: arr) == .money else { return nil }
    guard case .money(let cents) = book.aggregate(.sum, of: arr, rows: rows, today: today) else {
      return nil
    }
    return cents
  }

  /// The presentation of the first segment an expression names, or the plain one.
  func presentation(of expression: Expression?) -> Presentation {
    guard let expression else { return .plain }
    var seen: Set<String> = []
    return presentation(of: expression, seen: &seen) ?? .plain
  }

  private func presentation(of expression: Expression, seen: inout Set<String>) -> Presentation? {
    switch expression {
    case .term(let term):
      let name = term.name.value
      if let (base, count) = BuiltinSegments.splitCount(name),
        let segment = BuiltinSegments.named(base)
      {
        let parameters = SegmentParameters(symbol: .equal, value: count, qualifier: nil)
        return Presentation(sort: segment.sort(parameters), columns: segment.columns)
      }
      if let segment = BuiltinSegments.named(name) {
        if book.reference(to: name) != nil && term.comparison == nil && segment.name != "strategic"
        {
          return nil
        }
        var parameters = SegmentParameters(
          symbol: segment.threshold?.symbol ?? .equal, value: segment.threshold?.value ?? 0,
          qualifier: term.qualifier?.value.lowercased())
        if let comparison = term.comparison {
          parameters.symbol = comparison.symbol.value
          if case .number(let text) = comparison.value.value, let value = ValueParser.number(text) {
            parameters.value = value
          }
        }
        return Presentation(sort: segment.sort(parameters), columns: segment.columns)
      }
      if let definition = definitions.definition(named: name),
        seen.insert(definition.name.lowercased()).inserted,
        let parsed = try? Parser.parseExpression(definition.expression)
      {
        return presentation(of: parsed, seen: &seen) ?? .plain
      }
      return nil
    case .group(let inner, _), .not(let inner, _):
      return presentation(of: inner, seen: &seen)
    case .and(let lhs, let rhs), .or(let lhs, let rhs):
      return presentation(of: lhs, seen: &seen) ?? presentation(of: rhs, seen: &seen)
    case .contains, .oneOf, .between, .missing:
      return nil
    }
  }

  func columnReferences(
    for query: Query, presentation: Presentation, compiler: Compiler
  ) throws(CommandError)
    -> [FieldReference]
  {
    var defaults = presentation.columns.compactMap { book.reference(to: $0) }
    if defaults.count < 3 {
      // A book with few of the usual fields: show its own first columns as well.
      for index in book.fields.indices where defaults.count < 6 {
        let reference = FieldReference.stored(index)
        if !defaults.contains(reference) { defaults.append(reference) }
      }
    }
    for name in referencedFields(query.filter) + referencedFields(query.segment) {
      if let reference = book.reference(to: name), !defaults.contains(reference) {
        defaults.append(reference)
      }
    }

    switch query.columns {
    case nil:
      return defaults
    case .all:
      return book.fields.indices.map { FieldReference.stored($0) } + book.derivedFields
    case .only(let names):
      var references: [FieldReference] = []
      for name in names { references.append(try compiler.resolveField(name)) }
      return references
    case .adding(let names):
      var references = defaults
      for name in names {
        let reference = try compiler.resolveField(name)
        if !references.contains(reference) { references.append(reference) }
      }
      return references
    }
  }

  /// The fields an expression compares, in order, without segments.
  func referencedFields(_ expression: Expression?) -> [String] {
    guard let expression else { return [] }
    switch expression {
    case .term(let term):
      guard
        term.comparison != nil
          || book.reference(to: term.name.value).map({ book.type(of: $0) == .boolean }) == true
      else { return [] }
      if BuiltinSegments.named(term.name.value) != nil && book.reference(to: term.name.value) == nil
      {
        return []
      }
      return [term.name.value]
    case .contains(let field, _, _), .oneOf(let field, _, _), .between(let field, _, _),
      .missing(let field, _):
      return [field.value]
    case .group(let inner, _), .not(let inner, _):
      return referencedFields(inner)
    case .and(let lhs, let rhs), .or(let lhs, let rhs):
      return referencedFields(lhs) + referencedFields(rhs)
    }
  }

  // MARK: Totals

  private func aggregateParts(
    _ aggregate: Aggregate?, compiler: Compiler
  ) throws(CommandError)
    -> (AggregateFunction, FieldReference?, String)?
  {
    guard let aggregate else { return nil }
    guard let function = AggregateFunction(rawValue: aggregate.function.value) else {
      throw CommandError(
        "unknown total '\(aggregate.function.value)'", at: aggregate.function.range)
    }
    guard let fieldName = aggregate.field else { return (function, nil, "count") }
    let reference = try compiler.resolveField(fieldName)
    let type = book.type(of: reference)
    guard function.acceptedTypes.contains(type) else {
      throw CommandError(
        "\(function.rawValue) needs a number or money field, but \(fieldName.value) is \(article(type)) field",
        at: fieldName.range,
        hint: "count the accounts with count, or group them with by \(fieldName.value)")
    }
    return (function, reference, "\(function.rawValue)_\(book.name(of: reference))")
  }

  private func totalTable(
    rows: [Int32], aggregate: Aggregate, compiler: Compiler
  ) throws(CommandError) -> Output {
    guard let (function, field, label) = try aggregateParts(aggregate, compiler: compiler) else {
      return .table(ResultTable(columns: [], rows: []))
    }
    if function == .count {
      var columns = [ResultTable.Column(name: "accounts", type: .number)]
      var values: [Value] = [.number(Double(rows.count))]
      if let arr = totalARR(of: rows) {
        columns.append(ResultTable.Column(name: "arr", type: .money, currency: arrCurrency))
        values.append(.money(cents: arr))
      }
      return .table(ResultTable(columns: columns, rows: [values]))
    }
    let value = book.aggregate(function, of: field, rows: rows, today: today)
    let type = resultType(function, field: field)
    return .table(
      ResultTable(
        columns: [
          ResultTable.Column(name: "accounts", type: .number),
          ResultTable.Column(
            name: label, type: type, currency: field.flatMap { book.currency(of: $0) }),
        ],
        rows: [[.number(Double(rows.count)), value]]))
  }

  /// One row for each value of the group field, in the order of `query.sort` (by value
  /// when there is none) and cut to `query.limit`.
  private func groupTable(
    rows: [Int32], by groupField: Located<String>, query: Query, compiler: Compiler
  ) throws(CommandError) -> Output {
    let groupReference = try compiler.resolveField(groupField)
    let parts = try aggregateParts(query.aggregate, compiler: compiler)

    var columns = [
      ResultTable.Column(
        name: book.name(of: groupReference), type: book.type(of: groupReference),
        currency: book.currency(of: groupReference)),
      ResultTable.Column(name: "accounts", type: .number),
    ]
    let arr = book.reference(to: "arr").flatMap { book.type(of: $0) == .money ? $0 : nil }
    var function: AggregateFunction = .sum
    var field: FieldReference? = arr
    if let (chosen, chosenField, label) = parts, chosen != .count {
      function = chosen
      field = chosenField
      columns.append(
        ResultTable.Column(
          name: label, type: resultType(chosen, field: chosenField),
          currency: chosenField.flatMap { book.currency(of: $0) }))
    } else if arr != nil {
      columns.append(ResultTable.Column(name: "arr", type: .money, currency: arrCurrency))
    } else {
      field = nil
    }

    var table: [[Value]] = []
    let totals = book.groupTotals(
      of: rows, by: groupReference, function: function, of: field, today: today)
    for group in totals {
      var row: [Value] = [group.key, .number(Double(group.count))]
      if field != nil {
        row.append(group.total ?? .missing)
      }
      table.append(row)
    }
    let groupCount = table.count
    if !query.sort.isEmpty {
      let keys = try groupSortKeys(query.sort, columns: columns, aggregate: query.aggregate)
      table = Session.sorted(table, by: keys)
    }
    if let limit = query.limit { table = Array(table.prefix(limit.value)) }
    var footer =
      "\(ValueFormatter.counted(groupCount, "group")) · \(ValueFormatter.counted(rows.count, "account"))"
    if table.count < groupCount { footer += " · showing \(table.count)" }
    // People read the group of accounts without a value by a label; machine formats keep the
    // missing value.
    let label = Value.text("(no \(book.name(of: groupReference)))")
    let labeled = table.map { row in row[0] == .missing ? [label] + row.dropFirst() : row }
    return .table(ResultTable(columns: columns, rows: labeled, footer: footer, machineRows: table))
  }

  /// Resolves `sort` keys against the columns of a grouped result. A column is named as the
  /// result shows it (`csm`, `accounts`, `sum_arr`); the field of the total (`arr` after
  /// `sum arr`) also names the total's column.
  private func groupSortKeys(
    _ items: [SortItem], columns: [ResultTable.Column], aggregate: Aggregate?
  ) throws(CommandError) -> [(column: Int, descending: Bool)] {
    var keys: [(column: Int, descending: Bool)] = []
    for item in items {
      let wanted = Field.matchingKey(item.field.value)
      var index = columns.firstIndex { Field.matchingKey($0.name) == wanted }
      if index == nil, let field = aggregate?.field, Field.matchingKey(field.value) == wanted,
        columns.count > 2
      {
        index = 2
      }
      guard let index else {
        let names = columns.map(\.name)
        throw CommandError(
          "the grouped result has no column '\(item.field.value)'", at: item.field.range,
          hint: (Suggestions.closest(to: item.field.value, among: names).map {
            "did you mean '\($0)'? "
          } ?? "") + "sort by one of its columns: \(names.joined(separator: ", "))")
      }
      keys.append((index, item.descending ?? false))
    }
    return keys
  }

  /// Sorts table rows by the keys, missing values last either way and ties kept in order.
  static func sorted(_ rows: [[Value]], by keys: [(column: Int, descending: Bool)]) -> [[Value]] {
    let order = rows.indices.sorted { lhs, rhs in
      for key in keys {
        let left = rows[lhs][key.column]
        let right = rows[rhs][key.column]
        if left.isMissing != right.isMissing { return right.isMissing }
        var comparison = Book.order(left, right) ?? 0
        if key.descending { comparison = -comparison }
        if comparison != 0 { return comparison < 0 }
      }
      return lhs < rhs
    }
    return order.map { rows[$0] }
  }

  private func resultType(_ function: AggregateFunction, field: FieldReference?) -> FieldType {
    guard let field, function != .count else { return .number }
    return book.type(of: field)
  }
}

/// The cells of an account table, read from the book in blocks of rows. Reading one
/// column's values for a block at once costs less than reading them one at a time when the
/// rows are spread over a large book (see `Book.values(of:at:today:)`). Renderers read a
/// table row by row, so each column keeps the block that contains the current row.
private final class AccountCells {
  static let blockSize = 1024

  let book: Book
  let today: Day
  let rows: [Int32]
  let columns: [FieldReference]
  private var blockIndex: [Int]
  private var blocks: [[Value]]

  init(book: Book, today: Day, rows: [Int32], columns: [FieldReference]) {
    self.book = book
    self.today = today
    self.rows = rows
    self.columns = columns
    blockIndex = Array(repeating: -1, count: columns.count)
    blocks = Array(repeating: [], count: columns.count)
  }

  func value(row: Int, column: Int) -> Value {
    // A small table, such as one account or a short limit, is read one cell at a time.
    guard rows.count > 64 else {
      return book.value(of: columns[column], at: Int(rows[row]), today: today)
    }
    let block = row / AccountCells.blockSize
    if blockIndex[column] != block {
      let start = block * AccountCells.blockSize
      let end = min(rows.count, start + AccountCells.blockSize)
      blocks[column] = book.values(of: columns[column], at: rows[start..<end], today: today)
      blockIndex[column] = block
    }
    return blocks[column][row - block * AccountCells.blockSize]
  }
}
