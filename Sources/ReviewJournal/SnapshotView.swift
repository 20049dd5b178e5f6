import ReviewBook

/// The accounts of one snapshot date for one book: the snapshots of that date that are
/// combined, and for each account the row of the latest of them that has it.
///
/// `Journal.snapshotView(on:of:)` returns one. Iterating it gives each account once.
public struct SnapshotView: Sequence, Sendable {
  /// The snapshot date.
  public let date: Day
  /// The snapshots combined, latest first.
  public let entries: [SnapshotEntry]
  /// The table of each entry, latest first.
  let tables: [SnapshotTable]
  /// For each table after the first, the positions of its rows whose account no later table
  /// has. The first table's rows all count.
  private let shownRows: [[Int]]
  /// The number of distinct accounts.
  public let count: Int

  /// Combines `tables`, given latest first.
  init(date: Day, tables: [SnapshotTable]) {
    self.date = date
    self.tables = tables
    entries = tables.map(\.entry)
    var shownRows: [[Int]] = []
    var count = tables.first?.count ?? 0
    for index in tables.indices.dropFirst() {
      let later = tables[..<index]
      var shown: [Int] = []
      tables[index].forEachKey { position, key, hash in
        if !later.contains(where: { $0.containsKey(key, hash: hash) }) { shown.append(position) }
      }
      count += shown.count
      shownRows.append(shown)
    }
    self.shownRows = shownRows
    self.count = count
  }

  public var isEmpty: Bool { count == 0 }

  /// Returns the row of the account with this key, compared by UTF-8 bytes, from the latest
  /// snapshot that has it, or nil.
  public func row(account key: String) -> SnapshotRow? {
    for table in tables {
      if let row = table.row(account: key) { return row }
    }
    return nil
  }

  public func makeIterator() -> Iterator {
    Iterator(view: self)
  }

  /// Walks the first table's rows, then the shown rows of each later one.
  public struct Iterator: IteratorProtocol {
    private let view: SnapshotView
    private var first: SnapshotTable.Iterator?
    private var table = 1
    private var shown = 0

    fileprivate init(view: SnapshotView) {
      self.view = view
      first = view.tables.first?.makeIterator()
    }

    public mutating func next() -> SnapshotRow? {
      if let row = first?.next() { return row }
      first = nil
      while table < view.tables.count {
        let positions = view.shownRows[table - 1]
        if shown < positions.count {
          defer { shown += 1 }
          return view.tables[table][positions[shown]]
        }
        table += 1
        shown = 0
      }
      return nil
    }
  }

  /// Returns whether a snapshot is of a book of `bookCount` accounts, given that `shared` of
  /// the snapshot's `snapshotCount` accounts are in that book. It is when at least half of
  /// the snapshot's accounts are in the book, as for a history file of a few of its accounts,
  /// or at least half of the book's accounts are in the snapshot, as for a book that has
  /// gained many accounts since.
  static func isOfBook(shared: Int, snapshotCount: Int, bookCount: Int) -> Bool {
    shared > 0 && (2 * shared >= snapshotCount || 2 * shared >= bookCount)
  }

  /// Returns whether a new load replaces an earlier snapshot of its date, given that `shared`
  /// of the earlier snapshot's `snapshotCount` accounts are in the load. It does when at
  /// least half of them are, so a load of a few accounts of a book leaves the book's snapshot
  /// in place.
  static func isReplaced(shared: Int, snapshotCount: Int) -> Bool {
    2 * shared >= snapshotCount
  }
}

extension SnapshotTable {
  /// Calls `body` with the position, key bytes and key hash of every row, in order.
  func forEachKey(_ body: (Int, UnsafeRawBufferPointer, UInt64) -> Void) {
    var position = 0
    for chunk in chunks {
      for row in 0..<chunk.count {
        chunk.withKey(at: row) { body(position, $0, chunk.hashes[row]) }
        position += 1
      }
    }
  }
}

/// The account keys of a book, as the 64-bit hashes the journal takes of them (`KeyHash`),
/// for counting how many accounts of a snapshot are in the book.
///
/// Two keys with the same hash count as one key. For n keys that happens with a chance of
/// about n²/2^65, which could at worst make a count off by one.
public struct AccountKeySet: Sendable {
  /// Each slot a hash, or 0 for an empty slot; a hash of 0 is kept in `containsZero`.
  private var slots: [UInt64]
  private var containsZero = false
  /// The number of distinct hashes.
  public private(set) var count = 0

  /// Creates the set of the keys of a batch, as `Journal.recordSnapshot(date:batch:)`
  /// records them.
  public init(_ batch: SnapshotBatch) {
    self.init(hashes: KeyedRows.hashes(of: batch.keys))
  }

  public init(keys: some Sequence<String>) {
    self.init(hashes: keys.map { KeyHash.hash($0) })
  }

  init(hashes: [UInt64]) {
    var capacity = 16
    while capacity < 2 * hashes.count { capacity <<= 1 }
    slots = [UInt64](repeating: 0, count: capacity)
    let mask = capacity - 1
    for hash in hashes {
      guard hash != 0 else {
        if !containsZero { count += 1 }
        containsZero = true
        continue
      }

      var slot = Int(truncatingIfNeeded: hash) & mask
      while slots[slot] != 0 && slots[slot] != hash {
        slot = (slot + 1) & mask
      }
      if slots[slot] == 0 {
        slots[slot] = hash
        count += 1
      }
    }
  }

  func contains(_ hash: UInt64) -> Bool {
    guard hash != 0 else { return containsZero }

    let mask = slots.count - 1
    var slot = Int(truncatingIfNeeded: hash) & mask
    while slots[slot] != 0 {
      if slots[slot] == hash { return true }
      slot = (slot + 1) & mask
    }
    return false
  }
}
