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
