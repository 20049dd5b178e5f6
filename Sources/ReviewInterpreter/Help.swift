import ReviewLanguage
import ReviewRender

/// The text of `help`, `help COMMAND` and `help segments`.
enum Help {
  static let overview = """
    Commands (type help COMMAND for more):
      segment SEGMENT [where CONDITION] [clauses]   accounts in a segment
      where CONDITION [clauses]                    accounts matching a condition
      segments                                     every segment with its count and ARR
      show ACCOUNT | show N                        every field of one account
      summary                                      the book at a glance
      fields                                       the fields of the book
      book NAME | book all                         limit later commands to one CSM's book
      today [DATE]                                 show or set the date used for day counts
      explain SEGMENT                              how a segment is defined
      define NAME as CONDITION / undefine NAME     your own segments, kept between sessions
      format FORMAT                                table, csv, tsv, json, jsonl or markdown
      dates iso | dates long                       dates in tables as 2016-05-01 or May 1, 2016
      help segments | help conditions | help COMMAND
      quit                                         leave (Ctrl-D works too)

    The review (kept in the journal):
      ask [SEGMENT]                                discussion questions; walks the accounts
      note [ACCOUNT] "TEXT" / notes [ACCOUNT]      notes about an account
      action add|list|done|reopen|drop|edit|top    what was agreed, and who does it
      changes                                      what moved since the previous load
      minutes                                      the review so far as Markdown

    Scripts: load FILE, let NAME = VALUE, echo TEXT, heading TEXT, output FILE,
             include FILE, run FILE, timing on|off (help COMMAND for each)

    Clauses: sort FIELD [asc|desc], limit N, show f1, f2 | show +f | show *,
             count | sum F | avg F | min F | max F, by FIELD, as FORMAT
    Output:  end a command with > FILE to write its result to FILE, >> FILE to
             append; .csv, .tsv, .json, .jsonl, .md choose the format (help formats).

    Try:  segment renewals<120 where arr>50000
          segment red by csm sum arr
          where health < 40 and (arr >= 100k or strategic)
    """

  static let conditions = """
    Conditions combine comparisons with and, or, not and parentheses (and binds tighter
    than or):
      arr > 50000              = != < <= > >= on numbers, money, dates and text
      name ~ acme              contains, ignoring case and accents (!~: does not)
      csm in ("Maria Fell", "Tom Ito")
      health between 40 and 70
      nps is missing           and: is not missing
      red and not strategic    segments work inside conditions too
    Values: 50000, 50k, 1.2m, $49,461, 80%, 2022-02-01, "May 1, 2022", today,
            30 days ago, in 2 weeks, "quoted text" or a bare word.
    Text compares without regard to case. A missing value matches no comparison
    (only is missing), as NULL does in SQL.
    Try:  where renewal_date < in 60 days and health < 50
    """

  static let segments = """
    Segments (a number after < or > changes the threshold):
      renewals<120   renewal within N days        unengaged>30   last engaged > N days ago
      lapsed         renewal date passed, neither renewed nor churned
      new<90         client < N days, onboarding  trials         trial, poc or opt-out
      low-usage<40   usage below N                high-usage>80  usage above N
      goals          documented goals (goals met, goals missing, goals behind)
      red  yellow  green   status                 health<40  health>80   health score
      top10          the N largest by ARR         strategic      flagged strategic
      detractors  passives  promoters   NPS       expansion      open expansion
      churned        churned accounts             renewed        renewed accounts
      all            every account
    Your own: define bigrisk as renewals<120 and arr>50000 and health<40
    Try:  segments
          explain unengaged>45
          segment unengaged>45 show name, csm, last_engaged, days_since_engaged
    """

  static let formats = """
    Formats: table (aligned, the default), csv, tsv, json (an array of objects), jsonl
    (one object a line), markdown. Set one for the session with format csv, for one
    command with as csv, or let a file name choose: segment red > red.csv
    In a script, format FORMAT leaves a format given with --format as it is.
    """

  static let commands: [String: String] = [
    "segment": """
    segment SEGMENT [where CONDITION] [clauses]
      Lists the accounts of a segment, sorted and shown the segment's own way.
      Try:  segment renewals<120 where arr>50000
            segment red where csm = "Maria Fell" sort arr desc limit 10
            segment health<40 or nps<7
            segment renewals<90 count
    """,
    "where": """
    where CONDITION [clauses]
      Lists the accounts that match a condition (see help conditions).
      Try:  where health < 40 and (arr >= 100k or strategic)
    """,
    "segments": """
    segments
      Lists every segment, built in and defined, with its accounts and ARR in the
      current book.
    """,
    "show": """
    show ACCOUNT     every field of the account with that name or id
    show N           every field of row N of the last result
      After action list, action top or changes, show N opens the account of row N.
      Try:  show "Müller & Söhne"
            segment red
            show 1
    """,
    "fields": """
    fields
      Lists the fields of the book: type, how many accounts have a value, and the
      column each came from.
    """,
    "today": """
    today            shows the date that day counts are measured from
    today DATE       sets it, for example today 2022-02-01 (or start with --today); it
                     also takes 2022/02/01, "Feb 1, 2022", in 2 weeks and 30 days ago.
                     In a script, today DATE leaves a date given with --today as it is.
    """,
    "book": """
    book NAME        limits every later command to one CSM's accounts
    book all         lifts the limit
    book             shows the current limit
      Try:  book "Maria Fell"
    """,
    "explain": """
    explain SEGMENT
      Shows a segment's definition as a condition, its sort and its columns.
      Try:  explain renewals<120
    """,
    "define": """
    define NAME as CONDITION
      Makes a segment of your own; it is saved and loaded at the next start.
      Try:  define bigrisk as renewals<120 and arr>50000 and health<40
            segment bigrisk
    """,
    "undefine": """
    undefine NAME
      Removes a segment you defined.
    """,
    "summary": """
    summary
      The book at a glance: accounts, ARR, renewals in 90 and 120 days, red, yellow
      and green accounts and churned ones, a health histogram and the NPS score.
    """,
    "format": formats,
    "help": overview,
    "quit": "quit or exit leaves review; so does Ctrl-D.",
    "sort": """
    sort FIELD [asc|desc] [, FIELD …]
      After by, sort takes the grouped result's columns: the field, accounts, sum_arr, …
      Try:  segment red sort csm, arr desc
            segment red by csm sum arr sort sum_arr desc
    """,
    "limit": """
    limit N shows the first N accounts, or the first N groups after by.
      Try:  segment top10 limit 3
            segment red by csm sum arr sort sum_arr desc limit 3
    """,
    "by": """
    by FIELD [count | sum F | avg F | min F | max F] [sort COLUMN [desc]] [limit N]
      Groups the accounts; without a total it counts them and sums ARR. sort and limit
      apply to the groups, by the columns shown: the field, accounts and the total
      (sum_arr, avg_health; arr after sum arr means sum_arr too).
      Try:  segment red by csm sum arr
            segment red by csm sum arr sort sum_arr desc limit 3
            segment all by stage
    """,
    "ask": """
    ask                questions for the accounts of the last result
    ask SEGMENT        questions for a segment's accounts in the current book
      ask alone covers the rows of the last list, or every account a total counted,
      with the questions of the segment it named (general ones after a where query).
      In the REPL, ask then walks these accounts one by one: Enter or n for the
      next, p back, note TEXT and action TEXT about the account shown, ? for the
      questions again, q to stop. In the walk, unquoted text is kept whole; after a
      quoted text come owner and due, as in action "exec call" owner leader due in 14 days.
      In a script the questions go into the output.
      Try:  ask renewals<120
    """,
    "question": """
    question SEGMENT "TEXT"    adds a discussion question to a segment you defined
    question SEGMENT           lists its questions
    question SEGMENT clear     removes them
    """,
    "note": """
    note ACCOUNT "TEXT"        a note about an account; the focus stays as it was
    note "TEXT"                a note about the account in focus (from show ACCOUNT
                               or the ask walk)
    note edit N "TEXT"         new text for note N (notes shows the numbers)
    note drop N                leaves note N out of lists and minutes
      Try:  note "Willow Retail" "asked for single sign-on"
    """,
    "notes": """
    notes [ACCOUNT]
      Lists the notes, about one account or about every account in the book.
    """,
    "action": """
    action add "TEXT" [for ACCOUNT | for none] [owner csm|leader|NAME]
                      [due DATE | in N days]
    action list [open|done|dropped|overdue|all] [owner NAME] [for ACCOUNT]
    action done N | action reopen N | action drop N
    action edit N ["TEXT"] [for ACCOUNT | for none] [owner NAME] [due DATE | due none]
    action top                 the most urgent open actions of each owner, up to 5 each
      Without owner, the account's CSM owns the action, or the CSM of the book in scope;
      with no account and no book, or an account without a CSM, the leader does, and
      the reply says so. Outside a book, action list owner csm lists the actions that
      the CSM of their account owns. The account is the one named with for, or else the
      one in focus (from show ACCOUNT or the ask walk); for none files the action under
      no account. for ACCOUNT does not change the focus. action edit N for ACCOUNT moves
      an owner that came by default (the account's CSM, or for an action without an
      account, the CSM of the book it was added in) to the new account's CSM. Unquoted text
      ends at for, owner, due or in: write action add "prepare for renewal".
      Try:  action add "exec call before renewal" for "Willow Retail" owner leader due in 14 days
            action add "team offsite" for none owner leader
            action top
    """,
    "changes": """
    changes
      What moved since the previous snapshot of this book, riskiest first: churned,
      renewal date passed with neither a renewal nor a churn recorded, newly red,
      health below 40, accounts that left, other status drops, health below 80, health
      down by more than 10, ARR down, entering the 120-day renewal window, new
      accounts, ARR up, health up by more than 10, health up to 40 or 80, renewed,
      status improved. Rows of one kind go by ARR, largest first. Each load records a
      snapshot for its day, and a later load of the same book that day replaces it.
    """,
    "minutes": """
    minutes [> FILE.md]
      The review so far as Markdown: the lists shown, the notes taken, the actions
      added and closed, and the top actions of each owner.
    """,
    "load": """
    load FILE…
      Reads a book in place of the current one. In a script, the path is relative to
      the script's folder, and the line is skipped with a warning when data was named
      on the command line, which is then the data reviewed.
    """,
    "let": "let NAME = VALUE  a variable that later lines use as $NAME (--set NAME=VALUE wins)",
    "echo": "echo TEXT         writes the text into the output",
    "heading": "heading TEXT      writes a section title: ## TEXT in Markdown",
    "output": """
    output FILE       sends later output to FILE; output - back to standard output
      The file's extension chooses the format, as it does for > FILE (help formats
      lists them).
    """,
    "dates": """
    dates iso         dates in tables as 2016-05-01, the default
    dates long        dates in tables as May 1, 2016
    dates             shows the setting
      CSV, TSV and JSON keep ISO dates, so that other programs read them.
    """,
    "include": """
    include FILE [as FORMAT] [> FILE]
      Runs another script's commands (its path relative to this one) with this
      script's settings: its let, format and today lines hold after it.
    """,
    "run": """
    run FILE [as FORMAT] [> FILE | >> FILE]
      Runs a script's commands with settings of their own: when it ends, the session
      has its book, today, format, variables and output back, and records the day's
      snapshot of its book again if the script loaded another. as FORMAT and > FILE
      apply to everything the script writes; in it, ask lists questions and walks
      no accounts.
    """,
    "timing": "timing on|off     prints how long each command takes, to standard error",
  ]

  static func text(for topic: Located<String>?) throws(CommandError) -> Output {
    guard let topic else { return .text(overview) }
    switch topic.value {
    case "segments", "segment-names": return .text(segments)
    case "conditions", "expressions", "language", "where":
      return .text(topic.value == "where" ? commands["where"]! + "\n" + conditions : conditions)
    case "formats": return .text(formats)
    case "count", "sum", "avg", "min", "max": return .text(commands["by"]!)
    case "exit": return .text(commands["quit"]!)
    default: break
    }
    if let text = commands[topic.value] {
      return .text(text)
    }
    let topics = Array(commands.keys) + ["segments", "conditions", "formats"]
    // Every command the parser knows has help of its own.
    throw CommandError(
      "no help on '\(topic.value)'", at: topic.range,
      hint: Suggestions.closest(to: topic.value, among: topics).map { "did you mean help \($0)?" }
        ?? "type help for the list of commands")
  }

  static var topics: [String] {
    (Array(commands.keys) + ["segments", "conditions", "formats"]).sorted()
  }
}
