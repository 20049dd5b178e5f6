import ReviewBook
import ReviewInterpreter
import ReviewJournal
import ReviewLoader
import ReviewRender

#if canImport(Glibc)
  import Glibc
#endif

/// Opening the journal and filling it from history files.
enum JournalSetup {
  static func path(_ arguments: Arguments) -> String {
    arguments.journalPath ?? Platform.dataFolder + "/journal.sqlite"
  }

  /// The outcome of opening the journal. The journal is nil with `--no-journal` or when the
  /// file could not be opened, and `unavailable` is then the error, if any.
  struct Opened {
    var journal: Journal?
    var unavailable: JournalError?
    var warnings: [String] = []
  }

  /// Opens the journal the arguments name, creating its folder; nil with `--no-journal`.
  ///
  /// On a full disk the journal is opened read-only, with a warning, so that its notes and
  /// actions can still be read, and each command that writes fails with its own error. When
  /// even that fails, the session runs without a journal and leaves the file as it is. A
  /// journal that cannot be written, as on a read-only mount, is opened with a warning too.
  /// A journal that cannot be opened at all (damaged, not a journal, from a newer review)
  /// is reported as a warning and returned as `unavailable`. The session then runs without
  /// it, so that queries still work, and never writes to the file.
  static func open(_ arguments: Arguments) -> Opened {
    guard arguments.usesJournal else { return Opened() }
    let path = path(arguments)
    if arguments.journalPath == nil { Platform.makeFolders(Platform.dataFolder) }
    do {
      return opened(try Journal(path: path))
    } catch {
      guard case .diskFull = error else {
        // Most hints about a damaged file already state that it was left unchanged, and a
        // file that does not exist has nothing to leave.
        let leftAlone =
          error.hint.contains("left unchanged") || access(path, F_OK) != 0
          ? "" : ", and the file is left as it is"
        return Opened(
          unavailable: error,
          warnings: [
            "\(path): warning: this session runs without a journal, because the journal cannot be used: \(error.message). Queries work, but notes, actions and snapshots are not kept\(leftAlone)\n  hint: \(error.hint); review --journal-check shows its state, and --journal PATH uses another journal"
          ])
      }
      if let journal = try? Journal(path: path, access: .readOnly) {
        return Opened(
          journal: journal,
          warnings: [
            "\(path): warning: the disk is full, so the journal is open read-only: notes and actions can be listed, but today's snapshot and new notes and actions are not saved until disk space is freed"
          ])
      }
      return Opened(
        warnings: [
          "\(path): warning: the disk is full, so the journal cannot be opened and this session keeps no notes or actions; the file is left as it is, and the next session after disk space is freed opens it again"
        ])
    }
  }

  /// Returns a journal that opened, with a warning when it cannot be written.
  private static func opened(_ journal: Journal) -> Opened {
    guard journal.isReadOnly else { return Opened(journal: journal) }
    return Opened(
      journal: journal,
      warnings: [
        "\(journal.path): warning: the journal or its folder is read-only, so notes and actions can be listed, but today's snapshot and new notes and actions are not saved; make both writable to keep them"
      ])
  }

  /// Starts opening the journal on a thread of its own when its file already is a journal
  /// of the current schema, so that its check (`PRAGMA quick_check` reads every page)
  /// overlaps the load of the data. The work gives nil for a journal that opening would
  /// change (create, set up or migrate) or that fails to open. `open` then opens it once
  /// the data has loaded and reports any problem, so data that fails to load leaves the
  /// file as it was. Returns nil with `--no-journal` or when no file exists.
  static func startOpening(_ arguments: Arguments) -> BackgroundWork<Opened?>? {
    let path = path(arguments)
    guard arguments.usesJournal, Platform.isRegularFile(path) else { return nil }
    return BackgroundWork {
      guard let journal = try? Journal.openIfCurrent(path: path) else { return nil }
      return opened(journal)
    }
  }

  /// Loads snapshots of earlier days from a CSV or JSON file with one row per account and
  /// date: an account id or name, a date, and health and status. Returns the rows added.
  static func importHistory(
    _ path: String, into journal: Journal, options: LoadOptions, book current: Book
  ) throws(LoadError) -> (added: Int, unknown: [String]) {
    // A date that is not in the calendar is reported with its place, rather than as a file
    // without a date column.
    let dateFields: Set<String> = ["date", "snapshotdate"]
    var options = options
    options.dateFields = dateFields
    let result: LoadResult
    do {
      result = try Loader.load(paths: [path], options: options)
    } catch  where error.line != nil && dateFields.contains(fieldKey(ofCellError: error)) {
      // The loader's advice to load the column under another name would leave the history
      // without its dates.
      var failure = error
      failure.hint =
        "write the date as YYYY-MM-DD, such as 2022-02-01, or leave the cell empty to skip the row"
      throw failure
    }
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

    // An account in the history is matched to the book by id, or else by name, so that a
    // history written with names still lines up with a book that has ids.
    var keyByID: [String: String] = [:]
    var keyByName: [String: String] = [:]
    let currentIDs = current.column(named: "id")
    let currentNames = current.column(named: "name")
    for row in 0..<current.count {
      var key: String?
      if case .text(let ids)? = currentIDs { key = ids.string(at: row) }
      var accountName: String?
      if case .text(let names)? = currentNames { accountName = names.string(at: row) }
      guard let resolved = key ?? accountName else { continue }
      if let key { keyByID[key.lowercased()] = resolved }
      if let accountName, keyByName[accountName.lowercased()] == nil {
        keyByName[accountName.lowercased()] = resolved
      }
    }
    var unknown: [String] = []

    var rows: [DatedSnapshotRow] = []
    for row in 0..<book.count {
      guard case .date(let day) = book.value(of: date, at: row, today: today) else { continue }
      guard case .text(let written) = textValue(book, key, row) else { continue }
      var account = written
      if let resolved = keyByID[written.lowercased()] ?? keyByName[written.lowercased()] {
        account = resolved
      } else if current.count > 0 && !unknown.contains(written) {
        unknown.append(written)
      }
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
      return (try journal.importHistory(rows: rows), unknown)
    } catch {
      throw LoadError(
        file: path, message: "could not store the history: \(error.message)", hint: error.hint)
    }
  }

  /// Returns the matching key of the field that a loader's error about one cell names at its
  /// start, as in `date in column "date" is …` or `date must be a date, but …`.
  private static func fieldKey(ofCellError error: LoadError) -> String {
    let message = Substring(error.message)
    var end = message.startIndex
    while end < message.endIndex
      && !message[end...].hasPrefix(" in column \"") && !message[end...].hasPrefix(" must be ")
    {
      end = message.index(after: end)
    }
    return Field.matchingKey(String(message[..<end]))
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
