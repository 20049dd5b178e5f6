import ReviewBook

/// One account as it stood when a book was loaded.
public struct SnapshotRow: Sendable, Hashable {
  public var accountKey: String
  public var accountName: String
  public var health: Double?
  /// The status as the book derived it: "red", "yellow" or "green".
  public var status: String?
  public var arrCents: Int64?
  public var renewalDate: Day?

  public init(
    accountKey: String, accountName: String, health: Double? = nil, status: String? = nil,
    arrCents: Int64? = nil, renewalDate: Day? = nil
  ) {
    self.accountKey = accountKey
    self.accountName = accountName
    self.health = health
    self.status = status
    self.arrCents = arrCents
    self.renewalDate = renewalDate
  }
}

/// A snapshot row with its date, as a history file gives it.
public struct DatedSnapshotRow: Sendable, Hashable {
  public var date: Day
  public var row: SnapshotRow

  public init(date: Day, row: SnapshotRow) {
    self.date = date
    self.row = row
  }
}

/// An account's status and health on one snapshot date.
public struct StatusPoint: Sendable, Hashable {
  public var date: Day
  public var status: String?
  public var health: Double?

  public init(date: Day, status: String?, health: Double?) {
    self.date = date
    self.status = status
    self.health = health
  }
}

/// One snapshot as the journal records it: the accounts of one load of a book.
public struct SnapshotEntry: Sendable, Hashable {
  /// The snapshot's id, which grows with every load, so that a later load has a larger id.
  public var id: Int64
  /// The day the book was loaded.
  public var date: Day
  /// The number of accounts recorded, each once.
  public var accountCount: Int

  public init(id: Int64, date: Day, accountCount: Int) {
    self.id = id
    self.date = date
    self.accountCount = accountCount
  }
}
