import ReviewBook
import ReviewLanguage

/// Turns expressions into engine conditions: resolves each name to a field or a segment,
/// and gives each literal the type of the field it is compared with.
struct Compiler {
  /// The largest threshold a segment takes, as in `renewals<N` or `top N`.
  static let largestThreshold = 1_000_000_000.0

  let book: Book
  let today: Day
  /// The rows of the current book scope, for segments that rank accounts (`top10`).
  let scope: Bitset
  let definitions: SegmentDefinitions
  /// Segments being compiled, so that a name inside its own definition means the field.
  private var visiting: Set<String> = []
  /// Computes the segments that compare with earlier snapshots (`newly red`, `red>30`):
  /// the name, its qualifier, its threshold and the place to blame.
  typealias HistoryRows = (String, String?, Double?, SourceRange) throws(CommandError) -> Bitset
  let historyRows: HistoryRows?
  /// Notices about the expressions compiled, such as a value that no account has.
  var notices: [String] = []

  init(
    book: Book, today: Day, scope: Bitset, definitions: SegmentDefinitions,
    historyRows: HistoryRows? = nil
  ) {
    self.book = book
    self.today = today
    self.scope = scope
    self.definitions = definitions
    self.historyRows = historyRows
  }

  private func history(
    _ name: String, qualifier: String?, threshold: Double?, at range: SourceRange
  ) throws(CommandError)
    -> Condition
  {
    guard let historyRows else {
      throw CommandError(
        "\(name) compares with earlier snapshots, which this session cannot read", at: range)
    }
    return .rows(try historyRows(name, qualifier, threshold, range))
  }

  /// Compiles the expression of a segment being defined as `name`, which the expression may
  /// not name, directly or through another segment, and which no hint suggests.
  mutating func compile(
    _ expression: Expression, defining name: String
  ) throws(CommandError) -> Condition {
    let key = Field.matchingKey(name)
    visiting.insert(key)
    defer { visiting.remove(key) }
    return try compile(expression)
  }

  mutating func compile(_ expression: Expression) throws(CommandError) -> Condition {
    switch expression {
    case .term(let term):
      return try compile(term)
    case .group(let inner, _):
      return try compile(inner)
    case .not(let inner, _):
      return .not(try compile(inner))
    case .and(let lhs, let rhs):
      return .and(try compile(lhs), try compile(rhs))
    case .or(let lhs, let rhs):
      return .or(try compile(lhs), try compile(rhs))
    case .missing(let field, let negated):
      let reference = try resolveField(field)
      return negated ? .not(.missing(reference)) : .missing(reference)
    case .contains(let field, let literal, let negated):
      let reference = try resolveField(field)
      guard book.type(of: reference) == .text else {
        throw CommandError(
          "~ looks for text, but \(field.value) is \(article(book.type(of: reference))) field",
          at: field.range,
          hint: "compare it with =, <, or >")
      }
      let needle = try text(of: literal)
      let condition = Condition.contains(reference, needle)
      return negated ? .not(condition) : condition
    case .oneOf(let field, let literals, let negated):
      let reference = try resolveField(field)
      var values: [Value] = []
      for literal in literals {
        let converted = try value(literal, for: reference, name: field.value)
        try checkEnumValue(converted, at: literal.range, reference: reference)
        noteAbsentValue(converted, reference: reference)
        values.append(converted)
      }
      let condition = Condition.oneOf(reference, values)
      return negated ? .not(condition) : condition
    case .between(let field, let low, let high):
      let reference = try resolveField(field)
      let lowValue = try value(low, for: reference, name: field.value)
      let highValue = try value(high, for: reference, name: field.value)
      // A reversed range matches no account, which reads as a real answer.
      if let order = Book.order(lowValue, highValue), order > 0 {
        let lowText = LiteralConversion.literalText(low)
        let highText = LiteralConversion.literalText(high)
        let type = book.type(of: reference)
        let relation = type == .date || type == .text ? "after" : "larger than"
        throw CommandError(
          "the range is reversed: \(lowText) is \(relation) \(highText)",
          at: low.range.through(high.range),
          hint: "write the lower end first: \(field.value) between \(highText) and \(lowText)")
      }
      return .and(
        .compare(reference, .greaterOrEqual, lowValue), .compare(reference, .lessOrEqual, highValue)
      )
    }
  }

  // MARK: Terms

  private mutating func compile(_ term: Term) throws(CommandError) -> Condition {
    let name = term.name.value

    if let (base, count) = BuiltinSegments.splitCount(name), term.comparison == nil,
      let segment = BuiltinSegments.named(base), !visiting.contains(segment.name)
    {
      let parameters = SegmentParameters(symbol: .equal, value: count, qualifier: nil)
      return try compile(segment, parameters: parameters, at: term.range)
    }

    if let comparison = term.comparison {
      let statuses = ["red", "yellow", "green"]
      if statuses.contains(name.lowercased()), book.reference(to: name) == nil,
        term.qualifier == nil
      {
        guard comparison.symbol.value == .greater || comparison.symbol.value == .greaterOrEqual,
          case .number(let text) = comparison.value.value, let days = ValueParser.number(text),
          days >= 0
        else {
          throw CommandError(
            "\(name) takes a number of days after >, as in \(name.lowercased())>30",
            at: comparison.value.range,
            hint:
              "\(name.lowercased())>30 is the accounts that have been \(name.lowercased()) for more than 30 days; to write the result to a file, name one with an extension, as in > \(name.lowercased()).csv"
          )
        }
        let threshold = comparison.symbol.value == .greaterOrEqual ? days - 1 : days
        return try history(
          name.lowercased(), qualifier: name.lowercased(), threshold: threshold, at: term.range)
      }
      if !visiting.contains(Field.matchingKey(name)), let segment = BuiltinSegments.named(name),
        segment.threshold != nil, book.reference(to: name) == nil
      {
        guard term.qualifier == nil else {
          throw CommandError(
            "\(segment.name) takes no word after its name", at: term.qualifier!.range)
        }
        // dropped and rose select a move of more than N points, so another comparison would
        // be read as > without a word.
        if ["dropped", "rose"].contains(segment.name) && comparison.symbol.value != .greater {
          throw CommandError(
            "\(segment.name) takes > and a number of points, not \(comparison.symbol.value.rawValue)",
            at: comparison.symbol.range,
            hint: "write \(segment.name)>15 for a move of more than 15 points")
        }
        let threshold = try thresholdValue(comparison, segment: segment)
        let parameters = SegmentParameters(
          symbol: comparison.symbol.value, value: threshold, qualifier: nil)
        return try compile(segment, parameters: parameters, at: term.range)
      }
      if !visiting.contains(Field.matchingKey(name)), let segment = BuiltinSegments.named(name),
        segment.threshold == nil, !segment.requiresThreshold, book.reference(to: name) == nil
      {
        throw thresholdError(segment, term: term, comparison: comparison)
      }
      if let qualifier = term.qualifier {
        throw CommandError(
          "unexpected '\(qualifier.value)' after '\(name)'", at: qualifier.range,
          hint: "text with spaces needs quotes, as in \"Maria Fell\"")
      }
      guard let reference = book.reference(to: name) else {
        if let definition = definitions.definition(named: name) {
          throw CommandError(
            "\(definition.name) is a segment you defined, and takes no number after it",
            at: comparison.symbol.range.through(comparison.value.range),
            hint:
              "combine it with a condition, as in \(definition.name) and renewals<60, or define another segment"
          )
        }
        throw unknownName(term.name, fieldsOnly: true, comparison: comparison)
      }
      let literal = try value(comparison.value, for: reference, name: name)
      if comparison.symbol.value == .equal || comparison.symbol.value == .notEqual {
        try checkEnumValue(literal, at: comparison.value.range, reference: reference)
        noteAbsentValue(literal, reference: reference)
      }
      return .compare(reference, ComparisonOperator(comparison.symbol.value), literal)
    }

    if term.qualifier == nil, let reference = book.reference(to: name),
      book.type(of: reference) == .boolean
    {
      return .compare(reference, .equal, .boolean(true))
    }
    let key = Field.matchingKey(name)
    if !visiting.contains(key), let segment = BuiltinSegments.named(name) {
      if segment.requiresThreshold {
        throw CommandError(
          "\(segment.name) needs a threshold", at: term.range,
          hint: "write \(segment.name)<40 or \(segment.name)>80")
      }
      if segment.requiresQualifier && term.qualifier == nil {
        let words = segment.qualifiers.map { "\(segment.name) \($0.word)" }
        throw CommandError(
          "\(segment.name) needs a word after it", at: term.range,
          hint: "write \(words.joined(separator: ", "))")
      }
      var parameters = SegmentParameters(
        symbol: segment.threshold?.symbol ?? .equal, value: segment.threshold?.value ?? 0,
        qualifier: nil)
      if let qualifier = term.qualifier {
        let word = qualifier.value.lowercased()
        guard segment.qualifiers.contains(where: { $0.word == word }) else {
          let allowed = segment.qualifiers.map(\.word)
          throw CommandError(
            allowed.isEmpty
              ? "\(segment.name) takes no word after its name"
              : "\(segment.name) takes \(allowed.map { "'\($0)'" }.joined(separator: ", ")) after its name, not '\(qualifier.value)'",
            at: qualifier.range,
            hint: allowed.isEmpty ? "combine segments with and, or and not" : nil)
        }
        parameters.qualifier = word
      }
      return try compile(segment, parameters: parameters, at: term.range)
    }
    if visiting.contains(key), let definition = definitions.definition(named: name) {
      throw CommandError(
        "the segment \(definition.name) refers to itself", at: term.name.range,
        hint: "a segment cannot name itself, directly or through another segment")
    }
    if !visiting.contains(key), let definition = definitions.definition(named: name) {
      if let qualifier = term.qualifier {
        throw CommandError("\(definition.name) takes no word after its name", at: qualifier.range)
      }
      return try compile(definition, at: term.range)
    }
    if let reference = book.reference(to: name) {
      let type = book.type(of: reference)
      throw CommandError(
        "\(name) is \(article(type)) field, not a segment", at: term.name.range,
        hint: "compare it with a value, as in \(example(for: name, type: type))")
    }
    throw unknownName(term.name)
  }

  /// Returns the error for a comparison after a segment that takes no threshold, as in
  /// `goals behind<3`, with the forms of the segment in its hint.
  private func thresholdError(
    _ segment: BuiltinSegment, term: Term, comparison: Term.Comparison
  ) -> CommandError {
    let words = segment.qualifiers.map(\.word)
    let range = comparison.symbol.range.through(comparison.value.range)
    if let qualifier = term.qualifier, !words.contains(qualifier.value.lowercased()) {
      return CommandError(
        "\(segment.name) takes \(words.map { "'\($0)'" }.joined(separator: ", ")) after its name, not '\(qualifier.value)'",
        at: qualifier.range)
    }

    let written = [term.name.value, term.qualifier?.value].compactMap { $0 }.joined(separator: " ")
    guard !words.isEmpty else {
      return CommandError(
        "\(written) takes no threshold", at: range,
        hint:
          "write \(segment.name) alone; to select by a number, compare a field, as in segment \(segment.name) where arr > 50000"
      )
    }
    var forms = words.map { "\(segment.name) \($0)" }
    if !segment.requiresQualifier { forms.insert(segment.name, at: 0) }
    let list = forms.dropLast().joined(separator: ", ") + " and " + forms[forms.count - 1]
    var hint = "the \(segment.name) segments are \(list), and none takes a number"
    if segment.name == "goals", book.reference(to: "goals_remaining") != nil {
      hint +=
        "; to select by the number of goals, compare a field, as in segment \(written) where goals_remaining \(comparison.symbol.value.rawValue) \(LiteralConversion.literalText(comparison.value))"
    }
    return CommandError("\(written) takes no threshold", at: range, hint: hint)
  }

  private func thresholdValue(
    _ comparison: Term.Comparison, segment: BuiltinSegment
  ) throws(CommandError) -> Double {
    guard case .number(let text) = comparison.value.value, let value = ValueParser.number(text)
    else {
      throw CommandError(
        "\(segment.name) needs a number after \(comparison.symbol.value.rawValue)",
        at: comparison.value.range,
        hint: "for example \(segment.usage)")
    }
    // Days, scores, points and counts are never negative, so a negative threshold would
    // select every account or none.
    guard value >= 0 else {
      throw CommandError(
        "\(segment.name)\(comparison.symbol.value.rawValue)\(text) has a negative threshold",
        at: comparison.value.range, hint: "give a number of 0 or more, as in \(segment.usage)")
    }
    // Days, scores and counts beyond this mean nothing, and a number this long would be
    // written back into the segment's definition in exponent form, which is no literal.
    guard abs(value) <= Compiler.largestThreshold else {
      throw CommandError(
        "\(segment.name)\(comparison.symbol.value.rawValue)\(text) is beyond any account",
        at: comparison.value.range,
        hint:
          "give a number up to \(ValueText.number(Compiler.largestThreshold)), as in \(segment.usage)"
      )
    }
    return value
  }

  mutating func compile(
    _ segment: BuiltinSegment, parameters: SegmentParameters, at range: SourceRange
  ) throws(CommandError)
    -> Condition
  {
    switch segment.name {
    case "all":
      return .constant(true)
    case "top":
      return .rows(try topRows(count: parameters.value, at: range))
    case "newly":
      // Churned accounts are left out, as the plain status segments leave them out.
      let changed = try history(
        segment.name, qualifier: parameters.qualifier, threshold: nil, at: range)
      guard let churned = churnedCondition(at: range) else { return changed }
      return .and(changed, .not(churned))
    case "improved":
      return try history(segment.name, qualifier: parameters.qualifier, threshold: nil, at: range)
    case "dropped", "rose":
      return try history(segment.name, qualifier: nil, threshold: parameters.value, at: range)
    default:
      break
    }

    let alternatives = segment.definitions(parameters)
    var firstError: CommandError?
    let key = Field.matchingKey(segment.name)
    visiting.insert(key)
    defer { visiting.remove(key) }
    for text in alternatives {
      do {
        let expression = try Parser.parseExpression(text)
        var nested = self
        nested.visiting.insert(key)
        return .definite(try nested.compile(expression))
      } catch let error as CommandError {
        if firstError == nil { firstError = error }
      } catch let error as SyntaxError {
        if firstError == nil { firstError = CommandError(error) }
      } catch {
        if firstError == nil { firstError = CommandError("\(error)") }
      }
    }
    let reason = firstError?.message ?? "it needs fields the book lacks"
    var error = CommandError(
      "the segment \(segment.name) cannot be used with this book: \(reason)", at: range,
      hint: segment.unavailableHint ?? firstError?.hint ?? "type fields to see what the book has")
    error.reason = reason
    throw error
  }

  mutating func compile(
    _ definition: SegmentDefinitions.Definition, at range: SourceRange
  ) throws(CommandError) -> Condition {
    let key = Field.matchingKey(definition.name)
    do {
      let expression = try Parser.parseExpression(definition.expression)
      var nested = self
      nested.visiting.insert(key)
      let condition = try nested.compile(expression)
      // The definition was written by the user, so its notices are worth passing on.
      notices = nested.notices
      return .definite(condition)
    } catch let error as CommandError {
      throw CommandError(
        "the segment \(definition.name) (\(definition.expression)) fails: \(error.message)",
        at: range,
        hint: error.hint ?? "redefine it with define \(definition.name) as …")
    } catch {
      throw CommandError("the segment \(definition.name) fails: \(error)", at: range)
    }
  }

  /// The condition of the `churned` segment, or nil when the book has no field that says
  /// which accounts churned.
  private func churnedCondition(at range: SourceRange) -> Condition? {
    guard let churned = BuiltinSegments.named("churned"), !visiting.contains("churned") else {
      return nil
    }
    var nested = self
    let parameters = SegmentParameters(symbol: .equal, value: 0, qualifier: nil)
    return try? nested.compile(churned, parameters: parameters, at: range)
  }

  private func topRows(count: Double, at range: SourceRange) throws(CommandError) -> Bitset {
    guard let arr = book.reference(to: "arr"),
      book.type(of: arr) == .money || book.type(of: arr) == .number
    else {
      var error = CommandError(
        "top needs an arr field to rank accounts by", at: range,
        hint: "map a column to arr with --map 'Header=arr'")
      error.reason = error.message
      throw error
    }
    let limit = Int(min(max(0, count), Double(book.count)))
    var candidates = scope
    // Churned accounts are not among the top accounts, where the book says which churned.
    if let churned = churnedCondition(at: range) {
      candidates = candidates - book.evaluate(churned, today: today).isTrue
    }
    let ranked = book.top(
      limit, of: candidates.rows, by: [SortKey(field: arr, descending: true)], today: today)
    var rows = Bitset(count: book.count)
    for row in ranked { rows[Int(row)] = true }
    return rows
  }

  // MARK: Fields and values

  func resolveField(_ name: Located<String>) throws(CommandError) -> FieldReference {
    if let reference = book.reference(to: name.value) {
      return reference
    }
    throw unknownName(name, fieldsOnly: true)
  }

  /// Builds the error for a name that is neither a field nor a segment, with the closest
  /// name as a suggestion. A name compared with a number, as in `renewls<120`, may be a segment
  /// with a threshold, so those segments are suggested with the comparison as written.
  func unknownName(
    _ name: Located<String>, fieldsOnly: Bool = false, comparison: Term.Comparison? = nil
  ) -> CommandError {
    // The export's own header is a name people type, as SuccessScore for health.
    if let field = book.fields.first(where: {
      $0.header.map(Field.matchingKey) == Field.matchingKey(name.value)
    }) {
      return CommandError(
        "'\(name.value)' is the column that this book loads as \(field.name)", at: name.range,
        hint: "write \(field.name) instead; fields lists each field with its column")
    }
    if let derived = DerivedField.allCases.first(where: {
      Field.matchingKey($0.rawValue) == Field.matchingKey(name.value)
    }) {
      return CommandError(
        "\(derived.rawValue) needs the field \(derived.baseName), which this book does not have",
        at: name.range,
        hint: "map a column to it with --map 'Header=\(derived.baseName)'")
    }
    if let canonical = CanonicalFieldNames.all.first(where: {
      Field.matchingKey($0) == Field.matchingKey(name.value)
    }) {
      return CommandError(
        "this book has no \(canonical) field", at: name.range,
        hint:
          "map a column to it with --map 'Header=\(canonical)', or type fields to see what the book has"
      )
    }
    var candidates = book.fields.map(\.name) + book.derivedFields.map { book.name(of: $0) }
    if let comparison, let segments = thresholdSegments(for: comparison) {
      // Fields come first, so that a name as close to a field as to a segment is taken
      // for the field.
      let segmentNames = Dictionary(segments, uniquingKeysWith: { first, _ in first })
      if let suggestion = Suggestions.closest(
        to: name.value, among: candidates + segments.map(\.name)),
        !candidates.contains(suggestion), let segment = segmentNames[suggestion],
        case .number(let text) = comparison.value.value
      {
        return CommandError(
          "unknown field or segment '\(name.value)'", at: name.range,
          hint: "did you mean '\(segment)\(comparison.symbol.value.rawValue)\(text)'?")
      }
      if let suggestion = Suggestions.closest(to: name.value, among: candidates) {
        return CommandError(
          "unknown field '\(name.value)'", at: name.range, hint: "did you mean '\(suggestion)'?")
      }
      return CommandError(
        "unknown field or segment '\(name.value)'", at: name.range,
        hint: "type segments or fields to see what there is")
    }
    if !fieldsOnly {
      // A segment being defined is no candidate: naming it would refer to itself.
      candidates +=
        BuiltinSegments.names
        + definitions.all.map(\.name).filter { !visiting.contains(Field.matchingKey($0)) }
    }
    let what = fieldsOnly ? "field" : "field or segment"
    if let suggestion = Suggestions.closest(to: name.value, among: candidates) {
      return CommandError(
        "unknown \(what) '\(name.value)'", at: name.range, hint: "did you mean '\(suggestion)'?")
    }
    return CommandError(
      "unknown \(what) '\(name.value)'", at: name.range,
      hint: fieldsOnly
        ? "type fields to see the fields of this book"
        : "type segments or fields to see what there is")
  }

  /// Lists the names and aliases of the segments that take a comparison like this one, each
  /// with the segment's own name: `renewing` gives `renewals`. Returns nil unless the
  /// comparison is `<`, `<=`, `>` or `>=` with a number, as a segment's threshold is.
  private func thresholdSegments(
    for comparison: Term.Comparison
  ) -> [(name: String, segment: String)]? {
    let symbol = comparison.symbol.value
    guard symbol != .equal && symbol != .notEqual, case .number = comparison.value.value else {
      return nil
    }
    var names: [(name: String, segment: String)] = []
    for segment in BuiltinSegments.all where segment.threshold != nil && segment.name != "top" {
      for alias in [segment.name] + segment.aliases { names.append((alias, segment.name)) }
    }
    if symbol == .greater || symbol == .greaterOrEqual {
      for status in ["red", "yellow", "green"] { names.append((status, status)) }
    }
    return names
  }

  func value(
    _ literal: LocatedLiteral, for reference: FieldReference, name: String
  ) throws(CommandError) -> Value {
    try LiteralConversion.value(
      literal, type: book.type(of: reference), field: name, today: today,
      currency: book.currency(of: reference))
  }

  private func text(of literal: LocatedLiteral) throws(CommandError) -> String {
    switch literal.value {
    case .string(let text), .word(let text), .number(let text), .date(let text): return text
    case .relativeDate:
      throw CommandError("~ needs text to look for", at: literal.range)
    }
  }

  private func example(for name: String, type: FieldType) -> String {
    switch type {
    case .money: return "\(name) > 50000"
    case .number: return "\(name) < 40"
    case .date: return "\(name) < 30 days ago"
    case .text: return "\(name) = \"some text\" or \(name) ~ text"
    case .boolean: return name
    }
  }
}

func article(_ type: FieldType) -> String {
  type == .text ? "a text" : "a \(type.rawValue)"
}

extension ComparisonOperator {
  init(_ symbol: ComparisonSymbol) {
    switch symbol {
    case .equal: self = .equal
    case .notEqual: self = .notEqual
    case .less: self = .less
    case .lessOrEqual: self = .lessOrEqual
    case .greater: self = .greater
    case .greaterOrEqual: self = .greaterOrEqual
    }
  }
}

/// The canonical field names, for messages about fields a book lacks.
enum CanonicalFieldNames {
  static let all = [
    "id", "name", "csm", "exec_sponsor", "arr", "mrr", "tcv", "client_since", "renewal_date",
    "health", "status",
    "last_touch", "last_engaged", "stage", "usage", "nps", "nps_date", "nps_comment", "goals_total",
    "goals_achieved", "goals_remaining", "expansion_arr", "expansion_stage", "churn_date",
    "churn_reason",
    "renewed_date", "tier", "tags", "strategic",
  ]
}
