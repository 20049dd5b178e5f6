import ReviewInterpreter
import Testing

/// Lines typed while `ask` walks the accounts.
@Suite("Walk input")
struct WalkInputTests {
  @Test(arguments: [
    ("", WalkInput.next), ("n", .next), ("  next ", .next), ("p", .previous),
    ("previous", .previous), ("q", .stop), ("STOP", .stop), ("?", .questions),
    ("questions", .questions),
  ])
  func movesThroughTheWalk(line: String, input: WalkInput) {
    #expect(WalkInput(line) == input)
  }

  @Test(arguments: [
    // Unquoted text is kept whole, the words that end it at the prompt included.
    ("action loop in the account owner", "action add \"loop in the account owner\""),
    ("action prepare for renewal", "action add \"prepare for renewal\""),
    ("action follow up on due diligence", "action add \"follow up on due diligence\""),
    ("action add send the deck for review", "action add \"send the deck for review\""),
    ("action ask for the \"big\" deal", "action add \"ask for the \"\"big\"\" deal\""),
    ("action top accounts need a sponsor", "action add \"top accounts need a sponsor\""),
    ("action done with the audit", "action add \"done with the audit\""),
    // A quoted text may be followed by clauses.
    (
      "action \"call the CFO\" owner leader due in 14 days",
      "action add \"call the CFO\" owner leader due in 14 days"
    ),
    ("action add 'plan' due tomorrow", "action add 'plan' due tomorrow"),
    // The other action commands run as at the prompt.
    ("action list", "action list"),
    ("action list overdue owner leader", "action list overdue owner leader"),
    ("action top", "action top"),
    ("action done 3", "action done 3"),
    ("action drop #4", "action drop #4"),
    ("action edit 2 due none", "action edit 2 due none"),
    ("note met the new CFO # at lunch", "note \"met the new CFO # at lunch\""),
    ("note \"renewal at risk\"", "note \"renewal at risk\""),
    // A quote at the start of a longer note is part of its text.
    ("note \"Too expensive\" said the CFO", "note \"\"\"Too expensive\"\" said the CFO\""),
    ("segment red count", "segment red count"),
  ])
  func writesCommands(line: String, command: String) {
    #expect(WalkInput(line) == .command(command))
  }

  @Test(arguments: ["action", "action  ", "action add", "ACTION \"\"", "action add ' '"])
  func actionWithoutTextFails(line: String) throws {
    guard case .invalid(let error) = WalkInput(line) else {
      Issue.record("\(line) gave \(WalkInput(line))")
      return
    }
    #expect(error.message == "the action needs a text")
    #expect(
      error.hint
        == "write action and what to do, as in action call the CFO before the renewal; it is about the account on screen"
    )
  }

  @Test(arguments: ["note", "note \"\""])
  func noteWithoutTextFails(line: String) throws {
    guard case .invalid(let error) = WalkInput(line) else {
      Issue.record("\(line) gave \(WalkInput(line))")
      return
    }
    #expect(error.message == "the note needs a text")
    #expect(
      error.hint
        == "write note and the text, as in note new champion is the CFO; it is about the account on screen"
    )
  }

  /// Owner and due clauses at the end of an unquoted action are taken as at the prompt,
  /// when the owner is csm, leader or a CSM of the book. Other text stays whole.
  @Test func trailingClausesOfUnquotedActionAreTaken() {
    let owners = ["Maria Fell", "Tom Ito"]
    #expect(
      WalkInput.actionWithClauses(
        "action confirm trial conversion owner csm due friday", owners: owners)
        == "action add \"confirm trial conversion\" owner csm due friday")
    #expect(
      WalkInput.actionWithClauses(
        "action add call the CFO due in 14 days owner maria fell", owners: owners)
        == "action add \"call the CFO\" due in 14 days owner \"maria fell\"")
    #expect(
      WalkInput.actionWithClauses("action ask the owner about the budget", owners: owners) == nil)
    #expect(WalkInput.actionWithClauses("action prepare for renewal", owners: owners) == nil)
    #expect(
      WalkInput.actionWithClauses("action \"exec call\" due in 14 days", owners: owners) == nil)
    #expect(WalkInput.actionWithClauses("action list owner leader", owners: owners) == nil)
    #expect(WalkInput.actionWithClauses("note due tomorrow", owners: owners) == nil)
    // A for in the due clause would file the action under another account.
    #expect(
      WalkInput.actionWithClauses(
        "action confirm owner csm due friday for \"Cedar Motors\"", owners: owners) == nil)
    // note drop N and note edit N TEXT change a note, as at the prompt.
    #expect(WalkInput("note drop 2") == .command("note drop 2"))
    #expect(WalkInput("note edit #2 new text") == .command("note edit #2 new text"))
    #expect(WalkInput("note drop 3 seats") == .command("note \"drop 3 seats\""))
  }

  @Test func clauseWordsInUnquotedActionGetANote() {
    #expect(
      WalkInput.clauseNote("action exec call due in 14 days")
        == "the whole line is the action's text, due included; to set a due date, put the text in quotes, as in action \"exec call\" due in 14 days"
    )
    #expect(
      WalkInput.clauseNote("action add ask owner about budget")
        == "the whole line is the action's text, owner included; to set an owner, put the text in quotes, as in action \"exec call\" owner leader"
    )
    #expect(WalkInput.clauseNote("action \"exec call\" due in 14 days") == nil)
    #expect(WalkInput.clauseNote("action prepare for renewal") == nil)
    #expect(WalkInput.clauseNote("action list owner leader") == nil)
    #expect(WalkInput.clauseNote("note due diligence done") == nil)
  }
}
