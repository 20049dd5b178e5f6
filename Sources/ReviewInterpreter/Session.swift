import ReviewBook
import ReviewJournal
import ReviewLanguage
import ReviewLoader
import ReviewRender

/// What a command produced, and where and how the front end should write it.
public struct Reply {
  public var outputs: [Output]
  /// The format asked for with `as X`, if any.
  public var format: OutputFormat?
  public var redirect: Redirect?
  /// Set by `quit` and `exit`.
  public var quits = false
  /// Set by `timing on` (true) and `timing off` (false).
  public var timing: Bool?
  /// Set by `output FILE` (a path) and `output -` (`-`).
  public var output: Located<String>?
  /// Set by `include FILE` and `run FILE`: the script to run next.
  public var script: ScriptCall?
  /// The data files a `load` read, which redirects must not overwrite.
  public var loadedPaths: [String] = []
  /// Set when the notices only confirm a setting (`format csv`, `let x = 1`, `book NAME`),
  /// which is worth saying at the prompt and nowhere else.
  public var confirmsSetting = false

  public init(outputs: [Output], format: OutputFormat? = nil, redirect: Redirect? = nil) {
    self.outputs = outputs
    self.format = format
    self.redirect = redirect
  }
}

/// A script that `include` or `run` names, for the front end to run next, with the
/// reply's format and redirect applying to everything the script writes.
public struct ScriptCall: Sendable {
  public var path: Located<String>
  /// Whether the script runs with settings of its own (`run`), which the session gets back
  /// when it ends, rather than with the caller's (`include`).
  public var hasOwnSettings: Bool
}

/// A review session: the book, "today", the book scope and the last result, and the
/// commands that read and change them. It never prints; every command returns a `Reply`.
public final class Session {
  public private(set) var book: Book
  /// The number of times the book was replaced, compared before and after a script to find
  /// whether it loaded one.
  private(set) var bookGeneration = 0
  public var today: Day {
    didSet { historyCache = nil }
  }
  /// The CSM whose book later commands are limited to, or nil for every account.
  public private(set) var scope: String?
  /// The format set with `format X`; nil leaves the choice to the front end.
  public private(set) var format: OutputFormat?
  public var dateStyle: DateStyle = .iso
  public internal(set) var definitions: SegmentDefinitions
  /// The loader's fingerprint of the files the book was read from, or nil when unknown. With
  /// it, the journal finds a snapshot of the same files without hashing the rows.
  public var sourceFingerprint: String?
  /// The condition of the last query and the rows where it is true, on the book of
  /// `bookGeneration` and the day `today`.
  var lastSelection: (bookGeneration: Int, today: Day, condition: Condition, rows: Bitset)?
  /// The rows of the last account list, in the order shown, for `show N`.
  public internal(set) var lastRows: [Int32] = []
  /// The accounts of the rows of the last list of actions or changes, for `show N`; empty
  /// after any other result.
  var lastListed: (title: String, accounts: [ListedAccount]) = ("", [])
  /// The accounts of the last query, listed or totalled, which `ask` walks.
  public internal(set) var lastResult: AccountResult?
  /// Where actions, notes and snapshots are kept; nil runs without one.
  public let journal: Journal?
  /// The hint of the error a command that needs the journal raises when there is none: how
  /// to start a session that has one.
  public var noJournalHint = "start review without --no-journal to keep notes and actions"
  /// The reason the journal asked for is unavailable, such as "journal.sqlite cannot be
  /// used: the journal is corrupt". Nil when the session was started without one.
  public var noJournalReason: String?
  /// Set when a command failed because the journal could not be used: it is unavailable, or
  /// reading or writing it failed. A request that the journal rejects, such as an action id
  /// that does not exist, does not set it. Scripts report it in their exit status.
  public internal(set) var journalFailed = false
  /// Marks the actions and notes of this session in the journal, for the minutes. It starts
  /// with the day, and `today` moves it to the day set.
  public private(set) var reviewID: String
  /// The account that `note` and `action add` are about when they name none.
  public internal(set) var focus: Int?
  /// Each account list shown in this session, for the minutes.
  /// The results shown for the minutes: each command, the CSM's book it was limited to (nil
  /// for every account), and its table.
  var discussed: [DiscussedResult] = []
  /// The actions edited or reopened in this session, each as it was before its first
  /// change, in the order first changed, for the minutes. Actions added or closed in the
  /// review have lists of their own there.
  var changedActions: [Action] = []
  /// The results shown and the actions changed in the reviews of other days that this
  /// session held, by review, kept while `today` sets another day.
  var otherReviews: [String: (discussed: [DiscussedResult], changed: [Action])] = [:]
  /// The snapshot history behind `changes` and `newly red`, read once per book and day.
  var historyCache: HistoryView?
  /// The accounts the last `ask` covers, for the REPL to walk.
  var pendingWalk: Walk?
  /// A field and value that limit every command, set by `restrict(field:value:)`. Unlike
  /// the scope, it stays through `load` and `book`.
  var restriction: (field: String, value: String)?

  /// The CSM that a restriction by csm limits the session to, or nil.
  var restrictedCSM: String? {
    guard let restriction, Field.matchingKey(restriction.field) == "csm" else { return nil }
    return restriction.value
  }

  /// The accounts later commands cover, as a title names them: the CSM in scope, the field
  /// and value of a restriction ("tier Gold"), or "every account".
  var coverage: String {
    scope ?? restriction.map { "\($0.field) \($0.value)" } ?? "every account"
  }

  /// `coverage` as a footer names it: "Maria Fell's book" for a CSM.
  var coverageLabel: String {
    scope.map { "\($0)'s book" } ?? coverage
  }
  /// The journal keys of the accounts in the current scope and restriction, with a key
  /// made of both, kept while they and the book stay the same.
  var scopeKeys: (coverage: String, keys: Set<String>)?
  /// The line being run, for the titles of the minutes.
  var currentSource = ""
  /// Variables set with `let` or `--set`, used as `$NAME`.
  public internal(set) var variables: [String: String] = [:]
  /// Variables from the command line, which `let` does not change.
  public var fixedVariables: Set<String> = []
  /// The settings given on the command line (`--today`, `--format`), which `today DATE` and
  /// `format NAME` lines in a script leave as they are.
  public private(set) var fixedSettings: Set<FixedSetting> = []
  /// The folder that `load` resolves relative paths against: the script's folder.
  public var baseFolder: String?
  /// The script running now, as its messages name it (`<stdin>` for standard input), or
  /// nil for a line typed at the prompt or given with `-c`.
  public var scriptName: String?
  /// The data files named on the command line. When there are any, a `load` in a script is
  /// skipped with a warning, so that the data the user named is the data reviewed.
  public var commandLineData: [String] = []
  /// Whether a skipped `load` writes its warning: `--each` writes it in its first run only.
  public var warnsOfSkippedLoad = true
  /// How `load` reads data.
  public var loadOptions = LoadOptions()

  /// A result shown for the minutes: its command, the CSM's book it was limited to (nil
  /// for every account), and its table.
  typealias DiscussedResult = (title: String, scope: String?, table: ResultTable)

  public init(
    book: Book, today: Day, definitions: SegmentDefinitions = SegmentDefinitions(),
    journal: Journal? = nil, reviewID: String? = nil
  ) {
    self.book = book
    self.today = today
    self.definitions = definitions
    self.journal = journal
    self.reviewID = reviewID ?? "\(today.iso) review"
  }

  /// Replaces the book, as when a script loads data. The scope stays when the new book has
  /// that CSM, and a restriction by csm scopes the new book to its CSM. The last result and
  /// the focus are reset.
  public func replaceBook(_ book: Book, sourceFingerprint: String? = nil) {
    self.book = book
    self.sourceFingerprint = sourceFingerprint
    bookGeneration += 1
    if let scope, !csmNames.contains(scope) { self.scope = nil }
    if let restrictedCSM { scope = matchingCSM(restrictedCSM) ?? restrictedCSM }
    lastRows = []
    lastListed = ("", [])
    lastResult = nil
    focus = nil
    historyCache = nil
    scopeKeys = nil
  }

  /// Sets the date and the output format given on the command line. A `today DATE` or
  /// `format NAME` line in a script then leaves its setting as it is, as `let` leaves a
  /// `--set` variable. The same command at the prompt or in `-c` still changes it.
  public func setFixedSettings(today: Day?, format: OutputFormat?) {
    if let today {
      self.today = today
      fixedSettings.insert(.today)
    }
    if let format {
      self.format = format
      fixedSettings.insert(.format)
    }
  }

  /// Returns whether a line of the running script leaves the setting as the command line
  /// gave it. Standard input counts as a script, as it does for a skipped `load`.
  func keepsCommandLineSetting(_ setting: FixedSetting) -> Bool {
    scriptName != nil && fixedSettings.contains(setting)
  }

  // MARK: Settings of a script

  /// Saves what a script run with `run` may change: the book it loads, today, the book
  /// scope, the format and date style, the variables, the last result and the focus.
  /// Segment definitions, notes and actions are saved as they are made, so they stay.
  public func saveSettings() -> SessionSettings {
    SessionSettings(
      book: book, sourceFingerprint: sourceFingerprint, bookGeneration: bookGeneration,
      today: today, scope: scope,
      restriction: restriction, format: format,
      dateStyle: dateStyle, variables: variables, fixedVariables: fixedVariables,
      lastRows: lastRows, lastListed: lastListed, lastResult: lastResult, focus: focus)
  }

  /// Puts back the settings `saveSettings()` returned, and returns whether that put back
  /// the book, because the script loaded another.
  @discardableResult
  public func restore(_ settings: SessionSettings) -> Bool {
    let restoresBook = bookGeneration != settings.bookGeneration
    if restoresBook { replaceBook(settings.book, sourceFingerprint: settings.sourceFingerprint) }
    if today != settings.today { today = settings.today }
    scope = settings.scope
    restriction = settings.restriction
    scopeKeys = nil
    format = settings.format
    dateStyle = settings.dateStyle
    variables = settings.variables
    fixedVariables = settings.fixedVariables
    lastRows = settings.lastRows
    lastListed = settings.lastListed
    lastResult = settings.lastResult
    focus = settings.focus
    pendingWalk = nil
    return restoresBook
  }

  /// Parses and runs one line. A blank line or a comment gives an empty reply.
  public func run(_ line: String, lineNumber: Int = 1) throws(CommandError) -> Reply {
    // The comment goes before variables are replaced, so that a `#` in a value is text.
    let uncommented = Parser.removingComment(from: line)
    let expanded = try substituteVariables(in: uncommented, lineNumber: lineNumber)
    let statement: Statement?
    do {
      statement = try Parser.parse(
        expanded, lineNumber: lineNumber, commentRemoved: true, comparesField: comparesField)
    } catch {
      var failure = described(error)
      if expanded != uncommented { locate(&failure, expanded: expanded, typed: uncommented) }
      throw failure
    }
    guard let statement else { return Reply(outputs: []) }
    do {
      return try execute(statement)
    } catch {
      var failure = error
      if statement.redirect == nil { failure.explainTrailingComparison(in: expanded) }
      if let redirect = statement.redirect {
        explainAppend(&failure, redirect: redirect, in: expanded)
      }
      if expanded != uncommented && failure.line == nil {
        locate(&failure, expanded: expanded, typed: uncommented)
      }
      throw failure
    }
  }

  /// Points an error in a line whose variables were replaced at the line as run, and
  /// records the column of the same place in the line as typed.
  private func locate(_ failure: inout CommandError, expanded: String, typed: String) {
    failure.line = expanded
    guard let range = failure.range else { return }
    let offset = offsetBeforeSubstitution(range.startOffset, in: typed)
    let bytes = Array(typed.utf8)
    failure.typedColumn =
      String(decoding: bytes[..<min(offset, bytes.count)], as: UTF8.self).count + 1
  }

  /// Explains an error about a field that ends the command before `>>`, as in
  /// `where arr >> 5`: the `>>` appends the result to a file, where `>` was likely meant.
  private func explainAppend(_ failure: inout CommandError, redirect: Redirect, in line: String) {
    guard redirect.appends, let range = failure.range else { return }
    let bytes = Array(line.utf8)
    guard range.endOffset <= redirect.path.range.startOffset,
      redirect.path.range.startOffset <= bytes.count,
      bytes[range.endOffset..<redirect.path.range.startOffset].allSatisfy({
        $0 == UInt8(ascii: " ") || $0 == 0x09 || $0 == UInt8(ascii: ">")
      })
    else { return }

    let name = String(decoding: bytes[range.startOffset..<range.endOffset], as: UTF8.self)
    guard let field = book.reference(to: name), book.type(of: field) != .boolean else { return }
    failure.message =
      "'>>' appends the result to the file \(redirect.path.value), so \(name) is left without a comparison"
    failure.hint = "a comparison takes a single >, as in \(name) > \(redirect.path.value)"
  }

  /// Turns a syntax error into a command error, with the fix for `FIELD < 30 days` that
  /// suits the field's type: the number alone for a number, `ago` or `in` for a date.
  private func described(_ error: SyntaxError) -> CommandError {
    var failure = CommandError(error)
    guard let unit = error.unitWithoutDirection, let field = unit.field,
      let reference = book.reference(to: field)
    else { return failure }
    let type = book.type(of: reference)
    switch type {
    case .number, .money:
      failure.message = "\(field) is \(article(type)) field, so \(unit.number) takes no unit"
      failure.hint = "write \(field) \(unit.symbol) \(unit.number)"
    case .date:
      failure.hint =
        "write \(field) \(unit.symbol) \(unit.number) \(unit.unit) ago, or \(field) \(unit.symbol) in \(unit.number) \(unit.unit)"
    case .text, .boolean:
      break
    }
    return failure
  }

  /// Returns whether `NAME > VALUE` at the end of a line compares a field with the value, rather
  /// than writing the result to the file VALUE. A segment (`segment red > out`) redirects.
  /// A name that is both a field and a segment (`strategic`) compares only with a value the
  /// field can take. A field that is no segment compares, and so does an unknown name, so
  /// that the compiler reports a wrong value or the unknown name. So does a segment that
  /// cannot stand without a threshold (`health`), which no redirect could follow.
  func comparesField(_ name: String, with value: LocatedLiteral) -> Bool {
    if let segment = BuiltinSegments.named(name), segment.requiresThreshold { return true }
    let isSegment =
      BuiltinSegments.named(name) != nil || BuiltinSegments.splitCount(name) != nil
      || definitions.definition(named: name) != nil
    guard let reference = book.reference(to: name) else { return !isSegment }
    guard isSegment else { return true }

    let type = book.type(of: reference)
    let converted = try? LiteralConversion.value(
      value, type: type, field: name, today: today, currency: book.currency(of: reference))
    return converted != nil
  }

  public func execute(_ statement: Statement) throws(CommandError) -> Reply {
    var format: OutputFormat?
    if let name = statement.format {
      guard let chosen = OutputFormat(name: name.value) else {
        throw formatError(name)
      }
      if let word = Session.tablelessCommand(statement.command) {
        throw CommandError(
          "\(word) gives no table, so as \(name.value) does not apply", at: name.range,
          hint:
            "as FORMAT follows commands that give a table, such as segment, where, segments, summary, fields, notes and action list"
        )
      }
      format = chosen
    }

    if let redirect = statement.redirect, let word = Session.textCommand(statement.command),
      let implied = OutputFormat(pathExtension: redirect.path.value), implied.isMachineReadable
    {
      // The file's name promises a table that other programs would read, and text would
      // break that promise.
      throw CommandError(
        "\(word) gives text, not a table, so it cannot be written as \(implied.rawValue.uppercased()) to \(redirect.path.value)",
        at: redirect.path.range,
        hint:
          "write it to a file ending in .md or .txt, such as \(Session.textFileName(for: redirect.path.value))"
      )
    }
    if let redirect = statement.redirect, let word = Session.confirmingCommand(statement.command) {
      // Only a confirmation would follow, so the file would be emptied for nothing.
      throw CommandError(
        "\(word) gives no result to write to \(redirect.path.value)", at: redirect.path.range,
        hint:
          "> FILE follows commands that give a result, such as segment, where, summary, notes or minutes; text that contains > goes in quotes"
      )
    }
    currentSource = Session.commandText(of: statement)
    var reply = Reply(
      outputs: try perform(statement.command), format: format, redirect: statement.redirect)
    if case .quit = statement.command { reply.quits = true }
    switch statement.command {
    case .output(let path): reply.output = path
    case .include(let path): reply.script = ScriptCall(path: path, hasOwnSettings: false)
    case .run(let path): reply.script = ScriptCall(path: path, hasOwnSettings: true)
    case .load(let paths): reply.loadedPaths = paths.map { resolve($0.value) }
    default: break
    }
    if case .timing(let enabled) = statement.command {
      reply.timing = enabled
      reply.outputs = [.notice("timing is \(enabled ? "on" : "off")")]
    }
    reply.confirmsSetting = confirmsSetting(statement.command)
    return reply
  }

  /// Returns the name of a command that never gives a table, which `as FORMAT` cannot
  /// apply to; nil for the others.
  static func tablelessCommand(_ command: Command) -> String? {
    switch command {
    case .explain: return "explain"
    case .minutes: return "minutes"
    case .today: return "today"
    case .define: return "define"
    case .undefine: return "undefine"
    case .help: return "help"
    case .format: return "format"
    case .dates: return "dates"
    case .timing: return "timing"
    case .question: return "question"
    case .note: return "note"
    case .noteEdit: return "note edit"
    case .noteDrop: return "note drop"
    case .actionAdd: return "action add"
    case .actionStatus: return "action"
    case .actionEdit: return "action edit"
    case .setVariable: return "let"
    case .load: return "load"
    case .echo: return "echo"
    case .heading: return "heading"
    case .output: return "output"
    case .quit: return "quit"
    case .book: return "book"
    case .ask: return "ask"
    case .query, .segments, .showAccount, .showRow, .fields, .summary, .notes,
      .actionList, .actionTop, .changes, .include, .run:
      return nil
    }
  }

  /// Returns the name of a command that writes prose rather than a table, such as minutes,
  /// questions, help or the setting that `today`, `format`, `dates` or `book` alone shows.
  /// Returns nil for the others.
  static func textCommand(_ command: Command) -> String? {
    switch command {
    case .explain, .minutes, .help, .ask, .echo, .heading, .today(.none), .format(.none),
      .dates(.none),
      .book(_, showOnly: true):
      return tablelessCommand(command)
    default: return nil
    }
  }

  /// Replaces the extension of a file name with `.md`, for a hint.
  static func textFileName(for path: String) -> String {
    guard let dot = path.lastIndex(of: "."), !path[dot...].contains("/") else {
      return path + ".md"
    }
    return path[..<dot] + ".md"
  }

  /// Returns the name of a command whose only output confirms what it did, so a redirect has
  /// nothing to write. Returns nil for the other commands.
  static func confirmingCommand(_ command: Command) -> String? {
    switch command {
    // These give no table either, but text that a file can keep.
    case .echo, .heading:
      return nil
    default:
      return textCommand(command) == nil ? tablelessCommand(command) : nil
    }
  }

  /// Returns whether a command's notice only confirms a setting it changed. Commands that show a
  /// setting (`today`, `format`, `dates`, `book` alone) give text, not a notice. A script's `let`,
  /// `today DATE` or `format NAME` that the command line overrides reports that the line had
  /// no effect.
  private func confirmsSetting(_ command: Command) -> Bool {
    switch command {
    case .format(let name): return name != nil && !keepsCommandLineSetting(.format)
    case .dates(let name): return name != nil
    case .today(let literal): return literal != nil && !keepsCommandLineSetting(.today)
    case .book(_, let showOnly): return !showOnly
    case .timing, .output: return true
    case .setVariable(let name, _): return !fixedVariables.contains(name.value)
    default: return false
    }
  }

  /// Returns the notice after a list of notes or actions that explains why it is empty, in a session
  /// started without a journal; none otherwise.
  private func noJournalNotice() -> [Output] {
    runsWithoutJournal ? [.notice(Session.noJournalNote)] : []
  }

  private func perform(_ command: Command) throws(CommandError) -> [Output] {
    switch command {
    case .query, .segments, .showAccount, .showRow, .fields, .summary, .ask, .changes, .book:
      // Without a book these would report on no accounts, which reads as a real result.
      guard !book.fields.isEmpty else {
        throw CommandError(
          "no book is loaded, so there are no accounts to report on",
          hint: "name a data file when you start review, as in review samples/accounts.csv, "
            + "or load one with load FILE")
      }
    default:
      break
    }
    switch command {
    case .query(let query):
      return try run(query)
    case .segments:
      return [try segmentsTable()]
    case .showAccount(let name):
      return [try showAccount(name)]
    case .showRow(let row):
      return [try showRow(row)]
    case .fields:
      return [fieldsTable()]
    case .today(let literal):
      return [try setToday(literal)]
    case .book(let name, let showOnly):
      return [try setScope(name, showOnly: showOnly)]
    case .explain(let name):
      return [try explain(name)]
    case .define(let name, let expression, let text):
      return try define(name, expression: expression, text: text)
    case .undefine(let name):
      return [try undefine(name)]
    case .summary:
      // The book at a glance opens most reviews, so the minutes keep it with the lists.
      let output = try summary()
      if case .table(let table) = output { discussed.append((currentSource, scope, table)) }
      return [output]
    case .help(let topic):
      return [try Help.text(for: topic)]
    case .format(let name):
      return [try setFormat(name)]
    case .dates(let name):
      return [try setDateStyle(name)]
    case .quit, .timing:
      return []
    case .ask(let segment):
      return try ask(segment)
    case .question(let segment, let text, let clears):
      return [try question(segment, text: text, clears: clears)]
    case .note(let account, let text):
      return [try addNote(account: account, text: text)]
    case .notes(let account):
      return [try listNotes(account: account)] + noJournalNotice()
    case .noteEdit(let id, let text):
      return [try editNote(id, text: text)]
    case .noteDrop(let id):
      return [try dropNote(id)]
    case .actionAdd(let details):
      return [try addAction(details)]
    case .actionList(let query):
      return [try listActions(query)] + noJournalNotice()
    case .actionStatus(let id, let change):
      return [try changeAction(id, change)]
    case .actionEdit(let id, let details):
      return [try editAction(id, details)]
    case .actionTop:
      return [try topActions()] + noJournalNotice()
    case .changes:
      return try changes()
    case .minutes:
      return [try minutes()]
    case .setVariable(let name, let value):
      return [setVariable(name, value)]
    case .load(let paths):
      return try load(paths)
    case .echo(let text):
      return [.text(text)]
    case .heading(let text):
      return [.heading(text)]
    case .output, .include, .run:
      return []
    }
  }

  // MARK: Settings

  private func setToday(_ literal: LocatedLiteral?) throws(CommandError) -> Output {
    guard let literal else { return .text("today is \(today.iso)") }

    // A year of two digits, as in 22-02-01, could be read as a day or a month.
    if case .string(let text) = literal.value, !Session.hasFourDigitYear(text) {
      throw todayFormError(literal)
    }
    let value: Value
    do {
      value = try LiteralConversion.value(literal, type: .date, field: nil, today: today)
    } catch {
      // A date not in the calendar and one that reads either way round keep their messages.
      if case .date = literal.value { throw error }
      if case .string(let text) = literal.value, ValueParser.date(text) != nil { throw error }
      throw todayFormError(literal)
    }
    guard case .date(let day) = value else { throw todayFormError(literal) }
    if keepsCommandLineSetting(.today) {
      return .notice("today stays \(today.iso) (set outside the script)")
    }
    if day != today, reviewID.hasPrefix("\(today.iso) review") {
      // The review of the day set goes on: its minutes list what the journal has for that
      // day, and what this session showed and changed on it.
      otherReviews[reviewID] = (discussed, changedActions)
      reviewID = day.iso + reviewID.dropFirst(today.iso.count)
      (discussed, changedActions) = otherReviews.removeValue(forKey: reviewID) ?? ([], [])
    }
    today = day
    return .notice("today is now \(day.iso)")
  }

  private func todayFormError(_ literal: LocatedLiteral) -> CommandError {
    var written = LiteralConversion.literalText(literal)
    if case .string(let text) = literal.value { written = text }
    return CommandError(
      "today takes a date as YYYY-MM-DD, such as today 2022-02-01, not '\(written)'",
      at: literal.range,
      hint: "it also takes 2022/02/01, \"Feb 1, 2022\", in 2 weeks and 30 days ago")
  }

  /// Returns whether a date written as text has a year of four digits.
  private static func hasFourDigitYear(_ text: String) -> Bool {
    var run = 0
    for character in text {
      run = character.isASCII && character.isNumber ? run + 1 : 0
      if run == 4 { return true }
    }
    return false
  }

  private func setFormat(_ name: Located<String>?) throws(CommandError) -> Output {
    guard let name else {
      return .text("the output format is \(format?.rawValue ?? "table (on a terminal)")")
    }
    let isAuto = name.value.lowercased() == "auto"
    guard isAuto || OutputFormat(name: name.value) != nil else { throw formatError(name) }
    if keepsCommandLineSetting(.format) {
      return .notice("format stays \(format?.rawValue ?? "auto") (set outside the script)")
    }
    if isAuto {
      format = nil
      return .notice("the output format follows the output again")
    }
    guard let chosen = OutputFormat(name: name.value) else { throw formatError(name) }
    format = chosen
    return .notice("the output format is now \(chosen.rawValue)")
  }

  private func setDateStyle(_ name: Located<String>?) throws(CommandError) -> Output {
    guard let name else {
      return .text("dates are shown as \(dateStyle.example)")
    }
    guard let style = DateStyle(rawValue: name.value.lowercased()) else {
      throw CommandError(
        "unknown date style '\(name.value)'", at: name.range,
        hint: "dates iso shows 2016-05-01, and dates long shows May 1, 2016")
    }
    dateStyle = style
    return .notice("dates are now shown as \(style.example)")
  }

  private func formatError(_ name: Located<String>) -> CommandError {
    let names = OutputFormat.allCases.map(\.rawValue)
    let suggestion = Suggestions.closest(to: name.value, among: names)
    return CommandError(
      "unknown format '\(name.value)'", at: name.range,
      hint: (suggestion.map { "did you mean '\($0)'? " } ?? "")
        + "the formats are \(names.joined(separator: ", "))")
  }

  /// The CSMs of the book, in order of first appearance.
  public var csmNames: [String] {
    guard case .text(let column)? = book.column(named: "csm") else { return [] }
    return column.distinctValues
  }

  private func setScope(_ name: Located<String>?, showOnly: Bool) throws(CommandError) -> Output {
    if showOnly {
      return .text(
        scope.map { "the book is \($0)'s" }
          ?? "the book is every account (book NAME scopes it to one CSM)")
    }
    guard let name else {
      lastRows = []
      lastListed = ("", [])
      lastResult = nil
      focus = nil
      if let restrictedCSM {
        // A run of `--each csm` covers its CSM's accounts only, whatever the script scopes.
        scope = matchingCSM(restrictedCSM) ?? restrictedCSM
        return .notice("the book stays \(scope ?? restrictedCSM)'s, the accounts of this run")
      }
      scope = nil
      return .notice("the book is every account again")
    }
    let names = csmNames
    guard !names.isEmpty else {
      throw CommandError(
        "this book has no csm field to scope by", at: name.range,
        hint: "map a column to csm with --map 'Header=csm'")
    }
    let wanted = Field.matchingKey(name.value)
    var match = names.first { Field.matchingKey($0) == wanted }
    if match == nil {
      let partial = names.filter {
        Field.matchingKey($0).hasPrefix(wanted)
          || $0.lowercased().split(separator: " ").contains {
            $0.hasPrefix(name.value.lowercased())
          }
      }
      if partial.count == 1 { match = partial[0] }
      if partial.count > 1 {
        throw CommandError(
          "'\(name.value)' matches several CSMs: \(partial.prefix(6).joined(separator: ", "))",
          at: name.range,
          hint: "write more of the name")
      }
    }
    guard let match else {
      let suggestion = Suggestions.closest(to: name.value, among: names)
      throw CommandError(
        "no CSM is named '\(name.value)'", at: name.range,
        hint: suggestion.map { "did you mean '\($0)'?" }
          ?? "the CSMs are \(names.prefix(8).joined(separator: ", "))")
    }
    if let restrictedCSM, Field.matchingKey(restrictedCSM) != Field.matchingKey(match) {
      throw CommandError(
        "this --each csm run covers only \(restrictedCSM)'s accounts, so the book cannot be \(match)'s",
        at: name.range, hint: "run the script without --each csm to review another CSM's book")
    }
    scope = match
    lastRows = []
    lastListed = ("", [])
    lastResult = nil
    focus = nil
    let count = scopeRows().cardinality
    return .notice("the book is now \(match)'s: \(count) account\(count == 1 ? "" : "s")")
  }

  /// The one CSM a name means: the same name ignoring case, or else the only CSM whose
  /// name or one of its words starts with it (`maria` for Maria Fell). Nil when none or
  /// several match.
  func matchingCSM(_ name: String) -> String? {
    let names = csmNames
    let wanted = Field.matchingKey(name)
    if let exact = names.first(where: { Field.matchingKey($0) == wanted }) { return exact }
    let partial = names.filter {
      Field.matchingKey($0).hasPrefix(wanted)
        || $0.lowercased().split(separator: " ").contains { $0.hasPrefix(name.lowercased()) }
    }
    return partial.count == 1 ? partial[0] : nil
  }

  /// The rows in the current scope.
  func scopeRows() -> Bitset {
    var rows = Bitset(count: book.count, allSet: true)
    if let scope, let csm = book.reference(to: "csm") {
      rows = book.evaluate(.compare(csm, .equal, .text(scope)), today: today).isTrue
    }
    if let restriction, let field = book.reference(to: restriction.field) {
      let value = ValueFormatterRaw.value(restriction.value, type: book.type(of: field))
      rows = rows & book.evaluate(.compare(field, .equal, value), today: today).isTrue
    }
    return rows
  }

  /// Limits every later command to the accounts whose field has the value, as `--each`
  /// does, whatever book a later `load` brings and whatever `book` scopes. The value is
  /// written as raw text. A restriction by csm also scopes the book to that CSM, so that
  /// titles name the CSM and actions are filed in the CSM's book.
  public func restrict(field: String, value: String) {
    restriction = (field, value)
    if let restrictedCSM { scope = matchingCSM(restrictedCSM) ?? restrictedCSM }
    lastRows = []
    lastListed = ("", [])
    lastResult = nil
    focus = nil
    scopeKeys = nil
  }

  func compiler(definitions: SegmentDefinitions? = nil) -> Compiler {
    Compiler(
      book: book, today: today, scope: scopeRows(), definitions: definitions ?? self.definitions
    ) {
      [unowned self] name, qualifier, threshold, range throws(CommandError) in
      try self.historyRows(name, qualifier: qualifier, threshold: threshold, at: range)
    }
  }

  // MARK: Segments

  private func define(
    _ name: Located<String>, expression: Expression, text: String
  ) throws(CommandError) -> [Output] {
    let key = Field.matchingKey(name.value)
    if BuiltinSegments.named(name.value) != nil || ["not", "and", "or"].contains(key) {
      throw CommandError(
        "\(name.value) is a built-in segment", at: name.range, hint: "choose another name")
    }
    if book.reference(to: name.value) != nil {
      throw CommandError(
        "\(name.value) is a field of this book", at: name.range, hint: "choose another name")
    }
    var nameIsValid = !name.value.isEmpty
    for character in name.value
    where !(character.isLetter || character.isNumber || character == "_" || character == "-") {
      nameIsValid = false
    }
    guard nameIsValid, name.value.first?.isLetter == true else {
      throw CommandError(
        "a segment name is letters, digits, - and _, starting with a letter", at: name.range,
        hint: "for example: bigrisk")
    }

    let definition = SegmentDefinitions.Definition(
      name: name.value, expression: text,
      questions: definitions.definition(named: name.value)?.questions ?? [])
    // The expression is compiled with the new definition in place before it is saved, so
    // that a segment that names itself, directly or through another segment, is not kept.
    var compiler = compiler(definitions: definitions.setting(definition))
    _ = try compiler.compile(expression, defining: name.value)
    let isNew = definitions.definition(named: name.value) == nil
    try definitions.set(definition)
    let count = try countRows(of: Expression.term(Term(name: name)))
    let confirmation = Output.notice(
      "\(isNew ? "defined" : "redefined") \(name.value): \(count) account\(count == 1 ? "" : "s") now"
    )
    return [confirmation] + compiler.notices.map { .warning($0) }
  }

  private func undefine(_ name: Located<String>) throws(CommandError) -> Output {
    guard definitions.definition(named: name.value) != nil else {
      if BuiltinSegments.named(name.value) != nil {
        throw CommandError(
          "\(name.value) is a built-in segment and cannot be removed", at: name.range)
      }
      throw CommandError(
        "no defined segment is named '\(name.value)'", at: name.range,
        hint: Suggestions.closest(to: name.value, among: definitions.all.map(\.name)).map {
          "did you mean '\($0)'?"
        })
    }
    let dependents = definitions.all.filter { other in
      other.name.lowercased() != name.value.lowercased()
        && Session.words(of: other.expression).contains(name.value.lowercased())
    }
    if !dependents.isEmpty {
      throw CommandError(
        "\(name.value) is used by \(dependents.map(\.name).joined(separator: ", "))",
        at: name.range,
        hint: "undefine or redefine \(dependents.count == 1 ? "it" : "them") first")
    }
    try definitions.remove(named: name.value)
    return .notice("removed the segment \(name.value)")
  }

  /// The names an expression's text uses, lowercased: its words outside quotes.
  static func words(of expression: String) -> Set<String> {
    var lexer = Lexer(expression)
    var words = Set<String>()
    while let token = try? lexer.next(), token.kind != .end {
      if token.kind == .word { words.insert(token.text.lowercased()) }
    }
    return words
  }

  func countRows(of expression: Expression) throws(CommandError) -> Int {
    var compiler = compiler()
    let condition = try compiler.compile(expression)
    return book.evaluate(.and(.rows(scopeRows()), condition), today: today).isTrue.cardinality
  }

  /// Keeps the rows of an account list for `show N`, and the accounts of any query for
  /// `ask`.
  func remember(listed rows: [Int32], result: AccountResult) {
    lastRows = rows
    lastListed = ("", [])
    lastResult = result
  }
}

/// The accounts of a query, in the order of its rows, as `ask` walks them.
public struct AccountResult: Sendable {
  /// The text that selected the accounts, as written: `renewals<120 where arr>50000`.
  public var title: String
  public var rows: [Int32]
  /// The segment the query named, whose questions `ask` shows; nil for a `where` query.
  public var segment: Expression?
  /// The condition of the query's `where` clause, whose fields a list of the accounts shows.
  public var filter: Expression?
  /// Whether the accounts were listed one per row, rather than counted or totalled, so
  /// that the minutes already show them.
  public var isListed: Bool
}

/// The account that a row of a list of actions or changes is about.
enum ListedAccount: Sendable {
  /// An account of the book, by its row.
  case row(Int32)
  /// An account by its key (its id, or its name in a book without ids), which may have
  /// left the book since.
  case key(String, name: String)
  /// An account that is no longer in the book.
  case departed(name: String)
  /// A row that names no account, such as an action about the whole book.
  case none
}

/// A setting that can be given on the command line.
public enum FixedSetting: Sendable {
  case today
  case format
}

/// The settings of a session that `run` gives back when its script ends.
public struct SessionSettings {
  fileprivate var book: Book
  fileprivate var sourceFingerprint: String?
  fileprivate var bookGeneration: Int
  fileprivate var today: Day
  fileprivate var scope: String?
  fileprivate var restriction: (field: String, value: String)?
  fileprivate var format: OutputFormat?
  fileprivate var dateStyle: DateStyle
  fileprivate var variables: [String: String]
  fileprivate var fixedVariables: Set<String>
  fileprivate var lastRows: [Int32]
  fileprivate var lastListed: (title: String, accounts: [ListedAccount])
  fileprivate var lastResult: AccountResult?
  fileprivate var focus: Int?
}

extension Session {
  /// Returns the text of a statement's command, without `as FORMAT` or a redirect after
  /// it, for the headings of the minutes, since where a result went is not part of it.
  static func commandText(of statement: Statement) -> String {
    let source = statement.source
    let ends = [statement.format?.range.startOffset, statement.redirect?.path.range.startOffset]
      .compactMap { $0 }.filter { $0 > 0 && $0 <= source.utf8.count }
    var text = Substring(source)
    if let end = ends.min() {
      text = Substring(String(decoding: source.utf8.prefix(end), as: UTF8.self))
      text = text.trimmingCharacters(in: " \t")
      for marker in [">>", ">", " as"] where text.lowercased().hasSuffix(marker) {
        text = text.dropLast(marker.count).trimmingCharacters(in: " \t")
        break
      }
      if text.isEmpty { text = Substring(source) }
    }
    return String(text.trimmingCharacters(in: " \t\r\n"))
  }
}
