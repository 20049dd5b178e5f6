import ReviewBook

/// The state of an action.
public enum ActionStatus: String, Sendable, Hashable, CaseIterable {
  case open
  case done
  case dropped
}

/// An account that an action or note is about: its key in the book and its name for display.
public struct AccountReference: Sendable, Hashable {
  public var key: String
  public var name: String

  public init(key: String, name: String) {
    self.key = key
    self.name = name
  }
}

/// A follow-up agreed in a review, as stored in the journal.
public struct Action: Sendable, Hashable, Identifiable {
  /// The journal's id, shown to the user and never reused.
  public var id: Int
  public var text: String
  /// The account the action is about, or nil for an action about no one account.
  public var account: AccountReference?
  /// The person or role that does it, as the caller wrote it: "csm", "leader" or a name.
  public var owner: String
  public var due: Day?
  public var status: ActionStatus
  public var created: Day
  /// The day the action was last marked done or dropped, or nil while it is open.
  public var closed: Day?
  /// The book the action was added in: a CSM's name, or "all".
  public var book: String
  /// The id of the review that added the action.
  public var addedInReview: String
  /// The id of the review that last closed the action, or nil while it is open.
  public var closedInReview: String?

  public init(
    id: Int, text: String, account: AccountReference?, owner: String, due: Day?,
    status: ActionStatus, created: Day, closed: Day?, book: String, addedInReview: String,
    closedInReview: String?
  ) {
    self.id = id
    self.text = text
    self.account = account
    self.owner = owner
    self.due = due
    self.status = status
    self.created = created
    self.closed = closed
    self.book = book
    self.addedInReview = addedInReview
    self.closedInReview = closedInReview
  }

  /// True for an open action whose due day is before `today`.
  public func isOverdue(asOf today: Day) -> Bool {
    guard status == .open, let due else { return false }

    return due < today
  }
}

/// The criteria of `Journal.actions(matching:)`. An action matches when it meets every
/// criterion that is set, and a nil criterion matches every action.
public struct ActionFilter: Sendable, Hashable {
  /// Only actions with this status, or nil for any status.
  public var status: ActionStatus?
  /// Only actions that are overdue on this day (see `Action.isOverdue(asOf:)`).
  public var overdueAsOf: Day?
  /// Only actions of this owner, compared case-insensitively as `TextFolding` does.
  public var owner: String?
  /// Only actions about the account with this key.
  public var accountKey: String?
  /// Only actions added in this book, compared case-insensitively as `TextFolding` does.
  public var book: String?
  /// Only actions added in the review with this id.
  public var addedInReview: String?
  /// Only actions closed in the review with this id.
  public var closedInReview: String?

  public init(
    status: ActionStatus? = nil, overdueAsOf: Day? = nil, owner: String? = nil,
    accountKey: String? = nil, book: String? = nil, addedInReview: String? = nil,
    closedInReview: String? = nil
  ) {
    self.status = status
    self.overdueAsOf = overdueAsOf
    self.owner = owner
    self.accountKey = accountKey
    self.book = book
    self.addedInReview = addedInReview
    self.closedInReview = closedInReview
  }
}
