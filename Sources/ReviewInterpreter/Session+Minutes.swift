import ReviewBook
import ReviewJournal
import ReviewLanguage
import ReviewRender

extension Session {
  /// The review so far as a Markdown document: the date and book, each account list
  /// shown, the notes taken, the actions added and closed, and the top actions per owner.
  func minutes() throws(CommandError) -> Output {
    let renderer = Renderer(format: .markdown, options: RenderOptions(dates: dateStyle))
    var text =
      "# Account review: \(coverageLabel), \(today.iso)\n"

    text += "\n## Segments discussed\n"
    // Minutes of one CSM's book keep the results of that book only, as they keep its notes
    // and actions. Minutes of every account keep all of them, each with its book.
    let listsInScope = discussed.filter { scope == nil || $0.scope == scope }
    if listsInScope.isEmpty {
      text += "\nNone yet.\n"
    }
    for entry in listsInScope {
      var title = entry.title
      if let book = entry.scope, scope == nil {
        title += " (book \(book))"
      }
      text += "\n### \(title)\n\n"
      renderer.render(.table(entry.table), to: &text)
    }

    guard let journal else {
      text += "\n(No journal in this session, so no notes or actions.)\n"
      return .text(text)
    }
    let notes: [Note]
    let added: [Action]
    let closed: [Action]
    var changed: [(before: Action, now: Action)] = []
    do {
      notes = try journal.notes(account: nil).filter {
        $0.review == reviewID && isInScope(accountKey: $0.account.key)
      }
      added = inScope(try journal.actions(matching: ActionFilter(addedInReview: reviewID)))
      closed = inScope(try journal.actions(matching: ActionFilter(closedInReview: reviewID)))
      let listed = Set((added + closed).map(\.id))
      let inScopeIDs = Set(inScope(changedActions).map(\.id))
      for before in changedActions
      where !listed.contains(before.id) && inScopeIDs.contains(before.id) {
        if let now = try? journal.action(id: before.id) { changed.append((before, now)) }
      }
    } catch {
      throw journalError("could not read the journal", error)
    }

    text += "\n## Notes\n\n"
    text +=
      notes.isEmpty
      ? "None.\n"
      : notes.map { "- **\(markdown($0.account.name))**: \(markdown($0.text))" }.joined(
        separator: "\n") + "\n"
    text += "\n## Actions added\n\n"
    text +=
      added.isEmpty ? "None.\n" : added.map { "- \(actionLine($0))" }.joined(separator: "\n") + "\n"
    text += "\n## Actions closed\n\n"
    text +=
      closed.isEmpty
      ? "None.\n"
      : closed.map { "- \(actionLine($0)) (\($0.status.rawValue))" }.joined(separator: "\n") + "\n"
    // Earlier actions given a new text, owner, account or date, or reopened: each as it is
    // now, with what changed.
    if !changed.isEmpty {
      text += "\n## Actions changed\n\n"
      text +=
        changed.map { "- \(actionLine($0.now)) (\(changes(from: $0.before, to: $0.now)))" }
        .joined(separator: "\n") + "\n"
    }

    let open: [Action]
    do {
      open = try journal.actions(matching: ActionFilter(status: .open))
    } catch {
      throw journalError("could not read the journal", error)
    }
    text += "\n## Top actions\n"
    let groups = topActionGroups(inScope(open))
    if groups.isEmpty { text += "\nNone open.\n" }
    for group in groups {
      text +=
        "\n### \(group.owner == "leader" ? "For the leader" : "For \(markdown(group.owner))")\n\n"
      text +=
        group.actions.enumerated().map { "\($0.offset + 1). \(actionLine($0.element))" }
        .joined(separator: "\n") + "\n"
    }
    return .text(text)
  }

  /// Returns how an action changed, as `reopened`, `owner Maria Fell → leader` or `due
  /// 2022-03-01 → 2022-03-08`, or `unchanged` when it ended as it was.
  private func changes(from before: Action, to now: Action) -> String {
    func day(_ value: Day?) -> String {
      value.map { dateStyle == .iso ? $0.iso : $0.long } ?? "none"
    }
    var parts: [String] = []
    if before.status != now.status {
      parts.append(now.status == .open ? "reopened" : "now \(now.status.rawValue)")
    }
    if before.text != now.text { parts.append("text was \(markdown(before.text))") }
    if before.account?.key != now.account?.key {
      let names = [before, now].map { $0.account.map { markdown($0.name) } ?? "no account" }
      parts.append("account \(names[0]) → \(names[1])")
    }
    if before.owner != now.owner {
      parts.append("owner \(markdown(before.owner)) → \(markdown(now.owner))")
    }
    if before.due != now.due { parts.append("due \(day(before.due)) → \(day(now.due))") }
    return parts.isEmpty ? "unchanged" : parts.joined(separator: "; ")
  }

  private func actionLine(_ action: Action) -> String {
    var line = "#\(action.id) \(markdown(action.text))"
    if let account = action.account { line += " — \(markdown(account.name))" }
    line += ", owner \(markdown(action.owner))"
    if let due = action.due {
      line += ", due \(dateStyle == .iso ? due.iso : due.long)"
      if action.isOverdue(asOf: today) { line += " (overdue)" }
    }
    return line
  }

  /// Text safe inside Markdown prose: characters that would start formatting escaped.
  private func markdown(_ text: String) -> String {
    var result = ""
    for character in DisplayWidth.sanitized(text) {
      if "\\`*_[]<>|#".contains(character) { result.append("\\") }
      result.append(character == "\n" ? " " : character)
    }
    return result
  }
}
