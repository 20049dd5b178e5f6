import ReviewBook
import Testing

@testable import ReviewJournal

/// Five actions in two reviews: three open, one done and one dropped in the second review.
private func journalWithFiveActions(in directory: TemporaryDirectory) throws -> Journal {
  let journal = try Journal(path: directory.file())
  _ = try journal.addAction(
    text: "exec call before renewal", account: Accounts.payPal, owner: "leader",
    due: Days.feb10, book: "Maria Fell", review: "r1", on: Days.feb1)
  _ = try journal.addAction(
    text: "send the QBR deck", account: Accounts.acme, owner: "csm", due: Days.mar1,
    book: "Maria Fell", review: "r1", on: Days.feb1)
  _ = try journal.addAction(
    text: "hiring plan for the team", account: nil, owner: "Maria Fell", due: nil,
    book: "all", review: "r1", on: Days.feb1)
  _ = try journal.addAction(
    text: "renewal quote", account: Accounts.payPal, owner: "csm", due: Days.feb5,
    book: "Maria Fell", review: "r1", on: Days.feb1)
  _ = try journal.addAction(
    text: "pilot extension", account: Accounts.acme, owner: "Leader", due: Days.feb1,
    book: "Maria Fell", review: "r1", on: Days.feb1)
  _ = try journal.setStatus(id: 4, status: .done, on: Days.feb14, review: "r2")
  _ = try journal.setStatus(id: 5, status: .dropped, on: Days.feb14, review: "r2")
  return journal
}

struct FilterCase: Sendable, CustomTestStringConvertible {
  var name: String
  var filter: ActionFilter
  var ids: [Int]

  var testDescription: String { name }
}

private let filterCases: [FilterCase] = [
  FilterCase(name: "no criteria", filter: ActionFilter(), ids: [1, 2, 3, 4, 5]),
  FilterCase(name: "open", filter: ActionFilter(status: .open), ids: [1, 2, 3]),
  FilterCase(name: "done", filter: ActionFilter(status: .done), ids: [4]),
  FilterCase(name: "dropped", filter: ActionFilter(status: .dropped), ids: [5]),
  FilterCase(name: "overdue on Feb 15", filter: ActionFilter(overdueAsOf: Days.feb15), ids: [1]),
  FilterCase(name: "due day not overdue", filter: ActionFilter(overdueAsOf: Days.feb10), ids: []),
  FilterCase(
    name: "done and overdue", filter: ActionFilter(status: .done, overdueAsOf: Days.feb15),
    ids: []),
  FilterCase(name: "owner any case", filter: ActionFilter(owner: "LEADER"), ids: [1, 5]),
  FilterCase(name: "owner a person", filter: ActionFilter(owner: "maria fell"), ids: [3]),
  FilterCase(name: "account", filter: ActionFilter(accountKey: "A-100"), ids: [1, 4]),
  FilterCase(
    name: "open for account", filter: ActionFilter(status: .open, accountKey: "A-200"),
    ids: [2]),
  FilterCase(name: "unknown account", filter: ActionFilter(accountKey: "A-999"), ids: []),
  FilterCase(name: "book all", filter: ActionFilter(book: "all"), ids: [3]),
  FilterCase(
    name: "added in review", filter: ActionFilter(addedInReview: "r1"), ids: [1, 2, 3, 4, 5]),
  FilterCase(name: "closed in review", filter: ActionFilter(closedInReview: "r2"), ids: [4, 5]),
]

@Test(arguments: filterCases)
func actionsMatchingFilter(_ testCase: FilterCase) throws {
  let directory = try TemporaryDirectory()
  let journal = try journalWithFiveActions(in: directory)

  let ids = try journal.actions(matching: testCase.filter).map(\.id)

  #expect(ids == testCase.ids)
}

@Test func addActionReturnsStoredRow() throws {
  let directory = try TemporaryDirectory()
  let journal = try Journal(path: directory.file())

  let action = try journal.addAction(
    text: "exec call before renewal", account: Accounts.payPal, owner: "leader",
    due: Days.feb15, book: "Maria Fell", review: "2022-02-01 Maria Fell", on: Days.feb1)

  let expected = Action(
    id: 1, text: "exec call before renewal", account: Accounts.payPal, owner: "leader",
    due: Days.feb15, status: .open, created: Days.feb1, closed: nil, book: "Maria Fell",
    addedInReview: "2022-02-01 Maria Fell", closedInReview: nil)
  #expect(action == expected)
  #expect(try journal.action(id: 1) == expected)
}

@Test func actionWithoutAccountOrDue() throws {
  let directory = try TemporaryDirectory()
  let journal = try Journal(path: directory.file())

  let action = try journal.addAction(
    text: "plan the team offsite", account: nil, owner: "Sam Ortiz", due: nil, book: "all",
    review: "r1", on: Days.feb1)

  let stored = try journal.action(id: action.id)
  #expect(stored.account == nil)
  #expect(stored.due == nil)
  #expect(stored.owner == "Sam Ortiz")
}

@Test func actionLifecycle() throws {
  let directory = try TemporaryDirectory()
  let journal = try Journal(path: directory.file())
  let added = try journal.addAction(
    text: "exec call", account: Accounts.payPal, owner: "leader", due: Days.feb10,
    book: "Maria Fell", review: "r1", on: Days.feb1)

  let done = try journal.setStatus(id: added.id, status: .done, on: Days.feb14, review: "r2")
  #expect(done.status == .done)
  #expect(done.closed == Days.feb14)
  #expect(done.closedInReview == "r2")

  let doneAgain = try journal.setStatus(id: added.id, status: .done, on: Days.mar1, review: "r3")
  #expect(doneAgain == done)

  let reopened = try journal.setStatus(id: added.id, status: .open, on: Days.feb15, review: "r3")
  #expect(reopened.status == .open)
  #expect(reopened.closed == nil)
  #expect(reopened.closedInReview == nil)

  let edited = try journal.editAction(
    id: added.id, text: "exec call with the CFO", owner: "Maria Fell", due: Days.mar1)
  #expect(edited.text == "exec call with the CFO")
  #expect(edited.owner == "Maria Fell")
  #expect(edited.due == Days.mar1)

  let undated = try journal.editAction(id: added.id, due: .some(nil))
  #expect(undated.due == nil)
  #expect(undated.text == "exec call with the CFO")

  let dropped = try journal.setStatus(id: added.id, status: .dropped, on: Days.mar1, review: "r4")
  let expected = Action(
    id: 1, text: "exec call with the CFO", account: Accounts.payPal, owner: "Maria Fell",
    due: nil, status: .dropped, created: Days.feb1, closed: Days.mar1, book: "Maria Fell",
    addedInReview: "r1", closedInReview: "r4")
  #expect(dropped == expected)
}

@Test func actionEditMovesAccount() throws {
  let directory = try TemporaryDirectory()
  let journal = try Journal(path: directory.file())
  let added = try journal.addAction(
    text: "exec call", account: Accounts.payPal, owner: "leader", due: Days.feb10,
    book: "all", review: "r1", on: Days.feb1)

  let moved = try journal.editAction(id: added.id, account: .some(Accounts.acme))
  #expect(moved.account == Accounts.acme)
  #expect(try journal.actions(matching: ActionFilter(accountKey: "A-200")).map(\.id) == [1])
  #expect(try journal.actions(matching: ActionFilter(accountKey: "A-100")).isEmpty)

  let retitled = try journal.editAction(id: added.id, text: "exec call with the CFO")
  #expect(retitled.account == Accounts.acme)

  let unfiled = try journal.editAction(id: added.id, account: .some(nil))
  #expect(unfiled.account == nil)
  #expect(unfiled.text == "exec call with the CFO")
  #expect(unfiled.due == Days.feb10)
  #expect(unfiled.owner == "leader")
}

@Test func actionsCarryIntoSecondJournal() throws {
  let directory = try TemporaryDirectory()
  let first = try journalWithFiveActions(in: directory)
  let written = try first.actions()

  // The first journal stays open, so the second one reads what the first committed.
  let second = try Journal(path: directory.file())

  #expect(try second.actions() == written)
  #expect(written.count == 5)
  let added = try second.addAction(
    text: "follow up", account: nil, owner: "csm", due: nil, book: "all", review: "r2",
    on: Days.feb14)
  #expect(added.id == 6)
  #expect(try first.action(id: 6) == added)
}

@Test func actionIdsAreNotReused() throws {
  let directory = try TemporaryDirectory()
  let journal = try Journal(path: directory.file())
  for text in ["one", "two", "three"] {
    _ = try journal.addAction(
      text: text, account: nil, owner: "csm", due: nil, book: "all", review: "r1",
      on: Days.feb1)
  }

  try journal.connection.execute("DELETE FROM actions WHERE id = 3")
  let next = try journal.addAction(
    text: "four", account: nil, owner: "csm", due: nil, book: "all", review: "r1", on: Days.feb1)

  #expect(next.id == 4)
}

@Test func unknownActionIdThrows() throws {
  let directory = try TemporaryDirectory()
  let path = directory.file()
  let journal = try journalWithFiveActions(in: directory)
  let notFound = JournalError.actionNotFound(path: path, id: 99)

  #expect(throws: notFound) { try journal.action(id: 99) }
  #expect(throws: notFound) {
    try journal.setStatus(id: 99, status: .done, on: Days.feb14, review: "r2")
  }
  #expect(throws: notFound) { try journal.editAction(id: 99, text: "renamed") }
  #expect(try journal.actions().count == 5)
}

@Test(arguments: [
  ("", "leader", "the action text is empty"),
  ("  \n", "leader", "the action text is empty"),
  ("exec call", " ", "the action owner is empty"),
])
func blankActionFieldsThrow(text: String, owner: String, reason: String) throws {
  let directory = try TemporaryDirectory()
  let path = directory.file()
  let journal = try Journal(path: path)

  #expect(throws: JournalError.invalidValue(path: path, reason: reason)) {
    try journal.addAction(
      text: text, account: nil, owner: owner, due: nil, book: "all", review: "r1", on: Days.feb1)
  }
  #expect(try journal.actions().isEmpty)
}

@Test func blankEditThrows() throws {
  let directory = try TemporaryDirectory()
  let path = directory.file()
  let journal = try journalWithFiveActions(in: directory)

  #expect(throws: JournalError.invalidValue(path: path, reason: "the action text is empty")) {
    try journal.editAction(id: 1, text: "")
  }
  #expect(try journal.action(id: 1).text == "exec call before renewal")
}

@Test func actionTextKeepsUnicodeAndNul() throws {
  let directory = try TemporaryDirectory()
  let journal = try Journal(path: directory.file())
  let text = "Überprüfung mit 李雷 \u{0} und 🙂"

  let action = try journal.addAction(
    text: text, account: AccountReference(key: "Ä-1", name: "Müller GmbH"), owner: "Zoë",
    due: nil, book: "all", review: "r1", on: Days.feb1)

  let stored = try journal.action(id: action.id)
  #expect(stored.text == text)
  #expect(stored.account == AccountReference(key: "Ä-1", name: "Müller GmbH"))
  #expect(try journal.actions(matching: ActionFilter(owner: "ZOË")).map(\.id) == [action.id])
}

@Test func overdueIsRelativeToToday() {
  let open = Action(
    id: 1, text: "call", account: nil, owner: "csm", due: Days.feb10, status: .open,
    created: Days.feb1, closed: nil, book: "all", addedInReview: "r1", closedInReview: nil)
  var done = open
  done.status = .done
  done.closed = Days.feb14

  #expect(open.isOverdue(asOf: Days.feb15))
  #expect(!open.isOverdue(asOf: Days.feb10))
  #expect(!done.isOverdue(asOf: Days.feb15))
}
