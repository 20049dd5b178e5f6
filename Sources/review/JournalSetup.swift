import ReviewBook
import ReviewInterpreter
import ReviewJournal
import ReviewLoader
import ReviewRender

/// Opening the journal and filling it from history files.
enum JournalSetup {
  static func path(_ arguments: Arguments) -> String {
    arguments.journalPath ?? Platform.dataFolder + "/journal.sqlite"
  }

  /// Opens the journal the arguments name, creating its folder; nil with `--no-journal`.
  static func open(_ arguments: Arguments) throws(JournalError) -> Journal? {
    guard arguments.usesJournal else { return nil }
    let path = path(arguments)
    if arguments.journalPath == nil { Platform.makeFolders(Platform.dataFolder) }
    return try Journal(path: path)
  }

  /// Loads snapshots of earlier days from a CSV or JSON file with one row per account and
  /// date: an account id or name, a date, and health and status. Returns the rows added.
  static func importHistory(
    _ path: String, into journal: Journal, options: LoadOptions
  ) throws(LoadError) -> Int {
    let result = try Loader.load(paths: [path], options: options)
    let book = result.book
    guard let date = book.reference(to: "date") ?? book.reference(to: "snapshot_date"),
      book.type(of: date) == .date
    else {
      throw LoadError(
        file: path, message: "a history file needs a date column",
        hint: "give the columns account, date, health and status, one row per account and date")
    }
    let key =
      book.reference(to: "id") ?? book.reference(to: "account") ?? book.reference(to: "name")
    guard let key else {
      throw LoadError(
        file: path, message: "a history file needs an account column (an id or a name)",
        hint: "give the columns account, date, health and status, one row per account and date")
    }
    let name = book.reference(to: "name") ?? key
    let health = book.reference(to: "health")
    let status = book.reference(to: "status")
    let arr = book.reference(to: "arr")
    let renewal = book.reference(to: "renewal_date")
    let today = Day(number: 0)

    var rows: [DatedSnapshotRow] = []
    for row in 0..<book.count {
      guard case .date(let day) = book.value(of: date, at: row, today: today) else { continue }
      guard case .text(let account) = textValue(book, key, row) else { continue }
      var accountName = account
      if case .text(let text) = textValue(book, name, row) { accountName = text }
      var score: Double?
      if let health, case .number(let value) = book.value(of: health, at: row, today: today) {
        score = value
      }
      var state: String?
      if let status, case .text(let value) = book.value(of: status, at: row, today: today) {
        state = value
      }
      var cents: Int64?
      if let arr, case .money(let value) = book.value(of: arr, at: row, today: today) {
        cents = value
      }
      var renewalDay: Day?
      if let renewal, case .date(let value) = book.value(of: renewal, at: row, today: today) {
        renewalDay = value
      }
      rows.append(
        DatedSnapshotRow(
          date: day,
          row: SnapshotRow(
            accountKey: account, accountName: accountName, health: score, status: state,
            arrCents: cents,
            renewalDate: renewalDay)))
    }
    do {
      return try journal.importHistory(rows: rows)
    } catch {
      throw LoadError(
        file: path, message: "could not store the history: \(error.message)", hint: error.hint)
    }
  }

  private static func textValue(_ book: Book, _ field: FieldReference, _ row: Int) -> Value {
    let value = book.value(of: field, at: row, today: Day(number: 0))
    switch value {
    case .text: return value
    case .missing: return .missing
    default: return .text(ValueFormatter.raw(value))
    }
  }
}
