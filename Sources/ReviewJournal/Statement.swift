import CSQLite
import ReviewBook

/// A value bound to a statement parameter.
enum SQLValue {
  case null
  case integer(Int64)
  case real(Double)
  case text(String)
  case blob([UInt8])

  /// Returns the value of a day: its day number, the form every date column stores.
  static func day(_ day: Day?) -> SQLValue {
    day.map { .integer(Int64($0.number)) } ?? .null
  }

  static func optional(_ text: String?) -> SQLValue {
    text.map { .text($0) } ?? .null
  }

  static func optional(_ value: Double?) -> SQLValue {
    value.map { .real($0) } ?? .null
  }

  static func optional(_ value: Int64?) -> SQLValue {
    value.map { .integer($0) } ?? .null
  }
}

/// A prepared statement, finalized when released. Columns are read by 0-based index in
/// the order of the statement's result columns.
final class Statement {
  private let connection: Connection
  private let handle: OpaquePointer

  /// SQLite copies bound text at once with this destructor, so Swift may free its buffer.
  private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

  init(connection: Connection, sql: String) throws(JournalError) {
    var handle: OpaquePointer?
    let code = sqlite3_prepare_v2(connection.handle, sql, -1, &handle, nil)
    guard code == SQLITE_OK, let handle else {
      throw connection.lastError(code: code)
    }

    self.connection = connection
    self.handle = handle
  }

  deinit {
    sqlite3_finalize(handle)
  }

  /// Resets the statement and binds `values` to its parameters `?1`, `?2`, …
  func bind(_ values: [SQLValue]) throws(JournalError) {
    sqlite3_reset(handle)
    sqlite3_clear_bindings(handle)
    for (offset, value) in values.enumerated() {
      let index = Int32(offset + 1)
      let code: Int32
      switch value {
      case .null:
        code = sqlite3_bind_null(handle, index)
      case .integer(let integer):
        code = sqlite3_bind_int64(handle, index, integer)
      case .real(let real):
        code = sqlite3_bind_double(handle, index, real)
      case .text(let text):
        // An explicit byte count keeps text that contains NUL characters whole.
        let count = Int32(text.utf8.count)
        code = text.withCString { sqlite3_bind_text(handle, index, $0, count, Statement.transient) }
      case .blob(let bytes) where bytes.isEmpty:
        // `sqlite3_bind_blob64` binds NULL for the null pointer of an empty array.
        code = sqlite3_bind_zeroblob(handle, index, 0)
      case .blob(let bytes):
        code = bytes.withUnsafeBytes { buffer in
          sqlite3_bind_blob64(
            handle, index, buffer.baseAddress, sqlite3_uint64(buffer.count), Statement.transient)
        }
      }
      guard code == SQLITE_OK else { throw connection.lastError(code: code) }
    }
  }

  /// Steps to the next row: true when a row is available, false when the statement is done.
  func step() throws(JournalError) -> Bool {
    let code = sqlite3_step(handle)
    switch code {
    case SQLITE_ROW: return true
    case SQLITE_DONE: return false
    default: throw connection.lastError(code: code)
    }
  }

  /// Steps a statement that returns no rows to its end, with `values` bound and then
  /// `blob` bound in place to the parameter after them. SQLite reads the blob's bytes
  /// where they are rather than copying them first, which for a snapshot chunk of
  /// megabytes saves as much memory.
  func run(_ values: [SQLValue], blob: [UInt8]) throws(JournalError) {
    guard !blob.isEmpty else { return try run(values + [.blob(blob)]) }
    try bind(values)
    let outcome = blob.withUnsafeBytes { buffer in
      // The bytes are bound only while the closure keeps them in place, and the binding is
      // cleared before it returns.
      defer {
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
      }
      return Result { () throws(JournalError) in
        let code = sqlite3_bind_blob64(
          handle, Int32(values.count + 1), buffer.baseAddress, sqlite3_uint64(buffer.count), nil)
        guard code == SQLITE_OK else { throw connection.lastError(code: code) }
        while try step() {}
      }
    }
    try outcome.get()
  }

  /// Steps a statement that returns no rows to its end.
  func run(_ values: [SQLValue]) throws(JournalError) {
    try bind(values)
    while try step() {}
  }

  func isNull(at column: Int32) -> Bool {
    sqlite3_column_type(handle, column) == SQLITE_NULL
  }

  func integer(at column: Int32) -> Int64 {
    sqlite3_column_int64(handle, column)
  }

  func optionalInteger(at column: Int32) -> Int64? {
    isNull(at: column) ? nil : integer(at: column)
  }

  func optionalReal(at column: Int32) -> Double? {
    isNull(at: column) ? nil : sqlite3_column_double(handle, column)
  }

  func text(at column: Int32) -> String {
    guard let bytes = sqlite3_column_text(handle, column) else { return "" }

    let count = Int(sqlite3_column_bytes(handle, column))
    return String(decoding: UnsafeBufferPointer(start: bytes, count: count), as: UTF8.self)
  }

  func optionalText(at column: Int32) -> String? {
    isNull(at: column) ? nil : text(at: column)
  }

  /// Returns a copy of the BLOB in `column`, empty for NULL or a zero-length BLOB.
  func blob(at column: Int32) -> [UInt8] {
    // SQLite's documentation calls for the pointer first and then the size.
    guard let bytes = sqlite3_column_blob(handle, column) else { return [] }

    let count = Int(sqlite3_column_bytes(handle, column))
    return [UInt8](UnsafeRawBufferPointer(start: bytes, count: count))
  }

  func day(at column: Int32) -> Day {
    Day(number: Int32(clamping: integer(at: column)))
  }

  func optionalDay(at column: Int32) -> Day? {
    isNull(at: column) ? nil : day(at: column)
  }
}
