/// A comparison as written in a command.
public enum ComparisonSymbol: String, Sendable, Equatable, CaseIterable {
  case equal = "="
  case notEqual = "!="
  case less = "<"
  case lessOrEqual = "<="
  case greater = ">"
  case greaterOrEqual = ">="
}

/// A unit of a relative date.
public enum DateUnit: String, Sendable, Equatable {
  case day, week, month, year
}

/// A literal value as written; the interpreter gives it a type from the field it meets.
public enum Literal: Sendable, Equatable {
  /// `120`, `50k`, `$49,461`, `80%`: the text as written.
  case number(String)
  /// Quoted text.
  case string(String)
  /// An unquoted word used as a value: `Maria`, `red`, `yes`.
  case word(String)
  /// `2022-02-01`.
  case date(String)
  /// `today` (0 days), `30 days ago` (-30 days), `in 2 weeks` (+2 weeks).
  case relativeDate(amount: Int, unit: DateUnit)
}

/// A literal with its place in the command.
public typealias LocatedLiteral = Located<Literal>

/// A named thing with an optional qualifier word and an optional comparison:
/// `red`, `strategic`, `goals met`, `newly red`, `renewals<120`, `arr > 50000`, `top10`.
/// Whether the name is a field or a segment is for the interpreter to decide.
public struct Term: Sendable, Equatable {
  public var name: Located<String>
  public var qualifier: Located<String>?
  public var comparison: Comparison?

  public struct Comparison: Sendable, Equatable {
    public var symbol: Located<ComparisonSymbol>
    public var value: LocatedLiteral

    public init(symbol: Located<ComparisonSymbol>, value: LocatedLiteral) {
      self.symbol = symbol
      self.value = value
    }
  }

  public init(
    name: Located<String>, qualifier: Located<String>? = nil, comparison: Comparison? = nil
  ) {
    self.name = name
    self.qualifier = qualifier
    self.comparison = comparison
  }

  public var range: SourceRange {
    var range = name.range
    if let qualifier { range = range.through(qualifier.range) }
    if let comparison { range = range.through(comparison.value.range) }
    return range
  }
}

/// A condition over accounts.
public indirect enum Expression: Sendable, Equatable {
  case term(Term)
  /// `field ~ text`: case-insensitive substring; `negated` for `!~`.
  case contains(field: Located<String>, value: LocatedLiteral, negated: Bool)
  /// `field in (a, b, c)`, or `field not in (…)` when negated.
  case oneOf(field: Located<String>, values: [LocatedLiteral], negated: Bool)
  /// `field between low and high`, both ends included.
  case between(field: Located<String>, low: LocatedLiteral, high: LocatedLiteral)
  /// `field is missing`, or `field is not missing` when negated.
  case missing(field: Located<String>, negated: Bool)
  case not(Expression, SourceRange)
  case and(Expression, Expression)
  case or(Expression, Expression)
  /// An expression in parentheses, kept so that it can be printed back as written.
  case group(Expression, SourceRange)

  public var range: SourceRange {
    switch self {
    case .term(let term): return term.range
    case .contains(let field, let value, _): return field.range.through(value.range)
    case .oneOf(let field, let values, _):
      return values.last.map { field.range.through($0.range) } ?? field.range
    case .between(let field, _, let high): return field.range.through(high.range)
    case .missing(let field, _): return field.range
    case .not(let inner, let range): return range.through(inner.range)
    case .and(let lhs, let rhs), .or(let lhs, let rhs): return lhs.range.through(rhs.range)
    case .group(_, let range): return range
    }
  }
}

/// One key of a `sort` clause.
public struct SortItem: Sendable, Equatable {
  public var field: Located<String>
  public var descending: Bool?

  public init(field: Located<String>, descending: Bool?) {
    self.field = field
    self.descending = descending
  }
}

/// Which columns a `show` clause asks for.
public enum ColumnSelection: Sendable, Equatable {
  /// Exactly these columns.
  case only([Located<String>])
  /// The segment's default columns and these.
  case adding([Located<String>])
  /// Every field.
  case all
}

/// An aggregate such as `count`, `sum arr` or `avg health`.
public struct Aggregate: Sendable, Equatable {
  public var function: Located<String>
  public var field: Located<String>?

  public init(function: Located<String>, field: Located<String>?) {
    self.function = function
    self.field = field
  }
}

/// A question about accounts: which segment, which filter, and how to shape the answer.
public struct Query: Sendable, Equatable {
  /// The expression after `segment`; nil for a query that starts with `where`.
  public var segment: Expression?
  public var filter: Expression?
  public var sort: [SortItem] = []
  public var limit: Located<Int>?
  public var columns: ColumnSelection?
  public var groupBy: Located<String>?
  public var aggregate: Aggregate?
  /// The accounts the query selects, as written: the segment and its `where` clause
  /// (`renewals<120 where arr>50000`), or the `where` clause of a query without a segment.
  public var selectionText = ""
  /// The `sort` and `limit` clauses as written, which decide the rows of an account list
  /// and their order, or an empty string.
  public var orderText = ""

  public init(segment: Expression? = nil, filter: Expression? = nil) {
    self.segment = segment
    self.filter = filter
  }
}

/// Where a command's output goes instead of the current output.
public struct Redirect: Sendable, Equatable {
  public var path: Located<String>
  /// `>>` appends; `>` replaces.
  public var appends: Bool

  public init(path: Located<String>, appends: Bool) {
    self.path = path
    self.appends = appends
  }
}

/// A command of the language.
public enum Command: Sendable, Equatable {
  case query(Query)
  /// `segments`: every segment with its count and ARR.
  case segments
  /// `show ACCOUNT`: every field of one account.
  case showAccount(Located<String>)
  /// `show N`: row N of the last result.
  case showRow(Located<Int>)
  case fields
  /// `today` shows the date; `today DATE` sets it.
  case today(LocatedLiteral?)
  /// `book NAME` scopes later commands to one CSM's book; `book all` (nil) lifts it;
  /// `book` alone shows the scope.
  case book(Located<String>?, showOnly: Bool)
  case explain(Located<String>)
  case define(name: Located<String>, expression: Expression, text: String)
  case undefine(Located<String>)
  case summary
  case help(Located<String>?)
  case format(Located<String>?)
  /// `dates iso` or `dates long`: how tables and Markdown show dates.
  case dates(Located<String>?)
  /// `timing on` reports how long each later command takes; `timing off` stops.
  case timing(Bool)
  /// `ask` or `ask SEGMENT`: the discussion questions of a segment.
  case ask(Located<String>?)
  /// `question SEGMENT "text"` adds a question to a defined segment; without text it
  /// lists them, and `question SEGMENT clear` removes them.
  case question(segment: Located<String>, text: Located<String>?, clears: Bool)
  /// `note [ACCOUNT] "text"`: a note about an account, the one in focus when none is named.
  case note(account: Located<String>?, text: Located<String>)
  /// `notes [ACCOUNT]`.
  case notes(Located<String>?)
  /// `note edit N "text"`: new text for note N.
  case noteEdit(id: Located<Int>, text: Located<String>)
  /// `note drop N`: note N left out of lists and minutes from now on.
  case noteDrop(id: Located<Int>)
  case actionAdd(ActionDetails)
  case actionList(ActionQuery)
  /// `action done N`, `action reopen N`, `action drop N`.
  case actionStatus(id: Located<Int>, change: ActionChange)
  case actionEdit(id: Located<Int>, details: ActionDetails)
  /// `action top`: the most urgent open actions for the CSM and for the leader.
  case actionTop
  /// `changes`: what moved since the previous snapshot.
  case changes
  /// `minutes`: the review so far as a Markdown document.
  case minutes
  /// `let NAME = VALUE`: a variable that later lines use as `$NAME`.
  case setVariable(name: Located<String>, value: String)
  /// `load PATH…`: read a book, replacing the current one.
  case load([Located<String>])
  /// `echo TEXT`: the text, into the output.
  case echo(String)
  /// `heading TEXT`: a section title, into the output.
  case heading(String)
  /// `output FILE` sends later output to a file; `output -` back to standard output.
  case output(Located<String>)
  /// `include FILE`: the commands of another script, run with the caller's settings.
  case include(Located<String>)
  /// `run FILE`: the commands of another script, run with settings of their own.
  case run(Located<String>)
  case quit
}

/// What `action add` and `action edit` set. Nil parts are left as they are (or take their
/// defaults when adding).
public struct ActionDetails: Sendable, Equatable {
  public var text: Located<String>?
  /// `for ACCOUNT`.
  public var account: Located<String>?
  /// `for none`: the action is about no account.
  public var clearsAccount = false
  /// `owner csm`, `owner leader` or `owner NAME`.
  public var owner: Located<String>?
  /// `due DATE`, `due in N days` or `in N days`.
  public var due: LocatedLiteral?
  /// `due none` removes the due date.
  public var clearsDue = false
  /// When the text has no quotes and `for ACCOUNT` follows it: advice to quote the text
  /// through the account's words, for the error when no account has that name.
  public var accountQuotingAdvice: String?
  /// When the text has no quotes and `owner NAME` comes right after it: advice to quote the
  /// text through the owner's words, for a name that looks like part of the text.
  public var ownerQuotingAdvice: String?

  public init(
    text: Located<String>? = nil, account: Located<String>? = nil, owner: Located<String>? = nil,
    due: LocatedLiteral? = nil, clearsDue: Bool = false, clearsAccount: Bool = false
  ) {
    self.text = text
    self.account = account
    self.clearsAccount = clearsAccount
    self.owner = owner
    self.due = due
    self.clearsDue = clearsDue
  }
}

/// The filters of `action list [open|done|dropped|overdue|all] [owner NAME] [for ACCOUNT]`.
public struct ActionQuery: Sendable, Equatable {
  /// open (the default), done, dropped, overdue or all.
  public var state: Located<String>?
  public var owner: Located<String>?
  public var account: Located<String>?

  public init(
    state: Located<String>? = nil, owner: Located<String>? = nil, account: Located<String>? = nil
  ) {
    self.state = state
    self.owner = owner
    self.account = account
  }
}

/// How `action done`, `action reopen` and `action drop` change an action.
public enum ActionChange: String, Sendable, Equatable {
  case done
  case reopen
  case drop
}

/// A parsed command line: the command, its per-command format (`as csv`) and redirection.
public struct Statement: Sendable, Equatable {
  public var command: Command
  public var format: Located<String>?
  public var redirect: Redirect?
  /// The text of the line.
  public var source: String

  public init(
    command: Command, format: Located<String>? = nil, redirect: Redirect? = nil, source: String
  ) {
    self.command = command
    self.format = format
    self.redirect = redirect
    self.source = source
  }
}
