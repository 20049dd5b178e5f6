/// The in-memory book of business: one typed column per stored field, all of the same
/// length, one row per account.
public struct Book: Sendable {
  public private(set) var fields: [Field]
  public private(set) var columns: [Column]
  public private(set) var count: Int
  /// The files the accounts were read from.
  public var sources: [String]
  private var fieldIndex: [String: Int]
  /// Sort places and folded keys of the text columns, made on first use. A change to the
  /// columns starts a new set.
  private var derivedColumns = DerivedColumns()

  public init(fields: [Field], columns: [Column], count: Int, sources: [String] = []) {
    precondition(fields.count == columns.count, "every field needs a column")
    self.fields = fields
    self.columns = columns
    self.count = count
    self.sources = sources
    self.fieldIndex = [:]
    rebuildIndex()
    checkInvariants()
  }

  public static let empty = Book(fields: [], columns: [], count: 0)

  private mutating func rebuildIndex() {
    fieldIndex = [:]
    for (index, field) in fields.enumerated() {
      if fieldIndex[field.name] == nil {
        fieldIndex[field.name] = index
      }
      let key = Field.matchingKey(field.name)
      if fieldIndex[key] == nil {
        fieldIndex[key] = index
      }
    }
  }

  /// Checks, in debug builds, that every column has one cell per account and the type
  /// its field declares.
  public func checkInvariants() {
    #if DEBUG
      for (field, column) in zip(fields, columns) {
        assert(
          column.count == count, "column \(field.name) has \(column.count) cells, not \(count)")
        assert(column.type == field.type, "column \(field.name) is not \(field.type)")
      }
    #endif
  }

  /// The index of the stored field with this name, matched exactly and then
  /// case-, space- and punctuation-insensitively.
  public func index(ofField name: String) -> Int? {
    fieldIndex[name] ?? fieldIndex[Field.matchingKey(name)]
  }

  public func column(named name: String) -> Column? {
    index(ofField: name).map { columns[$0] }
  }

  /// Resolves a stored or derived field by name.
  public func reference(to name: String) -> FieldReference? {
    if let index = index(ofField: name) {
      return .stored(index)
    }
    let key = Field.matchingKey(name)
    for derived in DerivedField.allCases where Field.matchingKey(derived.rawValue) == key {
      guard let base = index(ofField: derived.baseName) else { return nil }
      let baseType = fields[base].type
      guard baseType == (derived == .npsCategory ? .number : .date) else { return nil }
      return .derived(derived, base: base)
    }
    return nil
  }

  /// The derived fields this book can compute, with their base fields present.
  public var derivedFields: [FieldReference] {
    DerivedField.allCases.compactMap { reference(to: $0.rawValue) }
  }

  public func name(of reference: FieldReference) -> String {
    switch reference {
    case .stored(let index): return fields[index].name
    case .derived(let derived, _): return derived.rawValue
    }
  }

  public func type(of reference: FieldReference) -> FieldType {
    switch reference {
    case .stored(let index): return fields[index].type
    case .derived(let derived, _): return derived.type
    }
  }

  /// Returns the currency of a money field, or nil for a field of another type or whose
  /// cells name no currency.
  public func currency(of reference: FieldReference) -> Currency? {
    guard case .stored(let index) = reference, fields[index].type == .money else { return nil }
    return fields[index].currency
  }

  public func value(of reference: FieldReference, at row: Int, today: Day) -> Value {
    switch reference {
    case .stored(let index):
      return columns[index].value(at: row)
    case .derived(let derived, let base):
      return Book.derivedValue(derived, from: columns[base].value(at: row), today: today)
    }
  }

  /// Returns the value of a derived field whose base field has `baseValue`.
  static func derivedValue(_ derived: DerivedField, from baseValue: Value, today: Day) -> Value {
    switch (derived, baseValue) {
    case (.npsCategory, .number(let score)):
      return DerivedField.npsCategory(of: score).map(Value.text) ?? .missing
    case (_, .date(let day)):
      return .number(Double(derived.daySign * day.days(since: today)))
    default:
      return .missing
    }
  }

  /// Adds a stored field, or replaces the column of an existing field with that name.
  public mutating func setColumn(_ column: Column, for field: Field) {
    precondition(column.count == count, "a new column needs one cell per account")
    precondition(column.type == field.type, "a column must have its field's type")
    if let index = fields.firstIndex(where: { $0.name == field.name }) {
      fields[index] = field
      columns[index] = column
    } else {
      fields.append(field)
      columns.append(column)
    }
    rebuildIndex()
    derivedColumns = DerivedColumns()
    checkInvariants()
  }

  /// Removes a stored field.
  public mutating func removeField(named name: String) {
    guard let index = fields.firstIndex(where: { $0.name == name }) else { return }
    fields.remove(at: index)
    columns.remove(at: index)
    rebuildIndex()
    derivedColumns = DerivedColumns()
  }

  /// Returns the rows where the column at `index` has a value, computing them once with
  /// `make`.
  func presence(ofColumn index: Int, _ make: () -> Bitset) -> Bitset {
    derivedColumns.presence(ofColumn: index, make)
  }

  /// The values kept for the text column at `index`, which commands derive from its cells.
  public func derivedValues(ofColumn index: Int) -> TextColumnDerived {
    derivedColumns.values(ofColumn: index)
  }

  /// A book holding only `rows`, in their order.
  public func gathering(_ rows: [Int32]) -> Book {
    Book(
      fields: fields, columns: columns.map { $0.gathering(rows) }, count: rows.count,
      sources: sources)
  }
}
