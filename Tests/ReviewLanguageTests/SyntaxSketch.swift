import ReviewLanguage

/// Syntax trees printed back as canonical command text, so that a test states the parse it
/// expects in one readable line. Binary operators get parentheses, a group in the source is
/// shown in brackets, `not` wraps its operand, and relative dates print as `@+2week`.
enum SyntaxSketch {
  static func statement(_ statement: Statement) -> String {
    var text = command(statement.command)
    if let format = statement.format { text += " as \(format.value)" }
    if let redirect = statement.redirect {
      text += (redirect.appends ? " >> " : " > ") + redirect.path.value
    }
    return text
  }

  static func command(_ command: Command) -> String {
    switch command {
    case .query(let query): return self.query(query)
    case .segments: return "segments"
    case .showAccount(let name): return "show account \(name.value)"
    case .showRow(let row): return "show row \(row.value)"
    case .fields: return "fields"
    case .today(let date): return date.map { "today \(literal($0.value))" } ?? "today"
    case .book(let name, let showOnly):
      if showOnly { return "book?" }
      return name.map { "book \($0.value)" } ?? "book all"
    case .explain(let name): return "explain \(name.value)"
    case .define(let name, _, let text): return "define \(name.value) as \(text)"
    case .undefine(let name): return "undefine \(name.value)"
    case .summary: return "summary"
    case .help(let topic): return topic.map { "help \($0.value)" } ?? "help"
    case .format(let name): return name.map { "format \($0.value)" } ?? "format"
    case .timing(let on): return on ? "timing on" : "timing off"
    case .quit: return "quit"
    default: return "\(command)"
    }
  }

  static func query(_ query: Query) -> String {
    var parts: [String] = []
    if let segment = query.segment { parts.append("segment \(expression(segment))") }
    if let filter = query.filter { parts.append("where \(expression(filter))") }
    if !query.sort.isEmpty {
      let keys = query.sort.map { item -> String in
        switch item.descending {
        case true?: return "\(item.field.value) desc"
        case false?: return "\(item.field.value) asc"
        case nil: return item.field.value
        }
      }
      parts.append("sort " + keys.joined(separator: ", "))
    }
    if let limit = query.limit { parts.append("limit \(limit.value)") }
    switch query.columns {
    case .only(let names)?: parts.append("show " + names.map(\.value).joined(separator: ", "))
    case .adding(let names)?:
      parts.append("show " + names.map { "+" + $0.value }.joined(separator: ", "))
    case .all?: parts.append("show *")
    case nil: break
    }
    if let field = query.groupBy { parts.append("by \(field.value)") }
    if let aggregate = query.aggregate {
      parts.append(
        aggregate.function.value + (aggregate.field.map { " \($0.value)" } ?? ""))
    }
    return parts.joined(separator: " ")
  }

  static func expression(_ expression: Expression) -> String {
    switch expression {
    case .term(let term):
      var text = term.name.value
      if let qualifier = term.qualifier { text += " " + qualifier.value }
      if let comparison = term.comparison {
        text += " \(comparison.symbol.value.rawValue) \(literal(comparison.value.value))"
      }
      return text
    case .contains(let field, let value, let negated):
      return "\(field.value) \(negated ? "!~" : "~") \(literal(value.value))"
    case .oneOf(let field, let values, let negated):
      let list = values.map { literal($0.value) }.joined(separator: ", ")
      return "\(field.value) \(negated ? "not in" : "in") (\(list))"
    case .between(let field, let low, let high):
      return "\(field.value) between \(literal(low.value)) and \(literal(high.value))"
    case .missing(let field, let negated):
      return "\(field.value) is \(negated ? "not missing" : "missing")"
    case .not(let inner, _):
      return "not(\(self.expression(inner)))"
    case .and(let lhs, let rhs):
      return "(\(self.expression(lhs)) and \(self.expression(rhs)))"
    case .or(let lhs, let rhs):
      return "(\(self.expression(lhs)) or \(self.expression(rhs)))"
    case .group(let inner, _):
      return "[\(self.expression(inner))]"
    }
  }

  static func literal(_ literal: Literal) -> String {
    switch literal {
    case .number(let text), .word(let text), .date(let text): return text
    case .string(let text): return "\"\(text)\""
    case .relativeDate(let amount, let unit):
      return "@\(amount < 0 ? "" : "+")\(amount)\(unit.rawValue)"
    }
  }
}
