/// The discussion questions of each built-in segment, asked in an account review.
enum Questions {
  static func forSegment(_ name: String, symbol: String? = nil) -> [String] {
    switch name {
    case "new": return new
    case "trials": return trials
    case "unengaged": return unengaged
    case "low-usage": return lowUsage
    case "high-usage": return highUsage
    case "goals": return goals
    case "red", "newly": return red
    case "yellow": return yellow
    case "green", "improved": return green
    case "health", "dropped", "rose":
      return symbol == ">" || symbol == ">=" || name == "rose" ? highHealth : lowHealth
    case "top", "strategic": return strategic
    case "detractors", "passives", "promoters": return nps
    case "expansion": return expansion
    case "renewals": return renewals
    case "lapsed": return lapsed
    case "churned": return churned
    case "renewed": return renewed
    default: return general
    }
  }

  static let new = [
    "Is onboarding moving at the pace we planned, or has it slowed or stopped?",
    "Are the right people involved, on our side and on theirs?",
    "What early warning signs need attention now?",
    "What has gone well so far that we should repeat?",
    "How soon are they reaching first value compared with what we promised?",
    "Which of their stated goals have they already reached?",
    "What would we change in onboarding because of this account?",
  ]

  static let trials = [
    "Is each trial, proof of concept or opt-out period going to plan?",
    "What risks could stop this from becoming a signed customer?",
    "Which accounts are unlikely to go ahead, and why?",
    "Which have already converted, and what made the difference?",
    "What do we need from sales or product to close the evaluation?",
  ]

  static let unengaged = [
    "When did we last have a real conversation with them, and with whom?",
    "Why has contact dropped off?",
    "Do they prefer less contact, or have they stopped answering?",
    "Who is best placed to reach out: the CSM, the leader, the executive sponsor or our CEO?",
    "What is the next step or milestone we need them to reach, and by when?",
  ]

  static let lowUsage = [
    "Which products or features are they barely using?",
    "What gets in the way of adoption, and how do we remove it?",
    "Is the low usage seasonal or part of a cycle?",
    "Have their users been trained, and would a refresher help?",
    "Which features would bring them the most value?",
    "What could our product team change, add or document to help?",
  ]

  static let highUsage = [
    "What do they use most, and why does it work so well for them?",
    "Which features give them the most value?",
    "What can we carry over to the accounts with low usage?",
    "Would they act as a reference or write a review?",
    "Where could they grow their use even further?",
  ]

  static let goals = [
    "Which documented goals or success criteria have been met?",
    "What are the three to five biggest wins in this book?",
    "Which accounts have no documented goals yet?",
    "Which goals are behind schedule or stuck?",
    "Who could we bring in to help them reach their goals?",
  ]

  static let red = [
    "Which accounts turned red recently?",
    "What is the main reason each one is red?",
    "What steps bring each account back to green?",
    "Who else needs to help?",
    "Which accounts improved to yellow or green lately?",
    "Which have been red for more than 30, 60 or 90 days?",
    "Which of our executives should contact them?",
  ]

  static let yellow = [
    "What keeps each account from being green?",
    "Which are drifting toward red, and what would stop that?",
    "What single step would improve each account's health the most?",
    "Who needs to be involved?",
  ]

  static let green = [
    "What makes these accounts healthy?",
    "Which could become references or advocates?",
    "Are there expansion opportunities we have not pursued yet?",
    "Which accounts recently dropped out of green, and why?",
  ]

  static let lowHealth = [
    "Which accounts fell below 40 recently?",
    "What caused the drop?",
    "How can we step in quickly to turn it around?",
    "Who should we bring in to help reverse the trend?",
    "Does the customer know why their health is falling?",
  ]

  static let highHealth = [
    "Which accounts recently rose above 80?",
    "What is behind the strong score?",
    "How can we repeat this with the other accounts in the book?",
    "Which accounts recently fell out of the healthy range, and why?",
    "Which of them would speak up for us as advocates?",
  ]

  static let strategic = [
    "How are our most important accounts doing overall?",
    "What risks have come up that we need to reduce?",
    "What recent successes can we build on?",
    "When did one of our executives or their assigned sponsor last reach out?",
    "Which of these accounts are red?",
    "What expansion opportunities have we found?",
    "What are their most requested features?",
  ]

  static let nps = [
    "Who recently gave us a low score, and who a high one?",
    "What exactly did they say?",
    "Who will follow up and close the loop on the feedback?",
    "How did their executive sponsors and key contacts answer?",
    "Whose scores are trending down, or up?",
    "What would turn a detractor into a promoter?",
    "Would the promoters act as advocates?",
  ]

  static let expansion = [
    "Which expansion opportunities are open in this book?",
    "How are we working with sales to close them?",
    "What are the next steps to move each opportunity toward a close?",
    "Who in our company needs to help close the deals?",
    "Which opportunities are at risk, which have we lost, and why?",
    "How are we tracking against the expansion target?",
  ]

  static let renewals = [
    "Which accounts renew in this window?",
    "Which renewals are at risk of churn, and what is the plan to secure each one?",
    "Which customers are undecided, and what would help them commit?",
    "Which renewals do we forecast to close?",
    "Would any customer renew early?",
    "Who across the company should help win these renewals?",
  ]

  static let lapsed = [
    "Has each of these renewals been signed without being recorded, or is it still open?",
    "What holds up each signature, and who on their side has to approve it?",
    "Are they still using the product while the contract is past its date, and on what terms?",
    "Which of these accounts might not renew at all, and what do we do about it this week?",
    "Should one of our executives call their sponsor?",
    "What would let us see a renewal slipping before its date passes next time?",
  ]

  static let churned = [
    "Which accounts churned, and why?",
    "What did we try in order to keep them?",
    "Did you have the support you needed to prevent the churn?",
    "Did we hold an exit interview, and what did we learn from it?",
    "What are the top three churn reasons across the book?",
    "What should we change as a company so we lose fewer accounts for these reasons?",
  ]

  static let renewed = [
    "Which accounts renewed?",
    "What were the top three renewal wins, and why did they go well?",
    "Did any renewal come with expansion revenue?",
    "What do the renewed customers have in common?",
    "Have we reset their goals and success criteria for the next term?",
  ]

  static let general = [
    "Which accounts should we talk about today, and why?",
    "Where do you need help from me or from the rest of the company?",
    "What risks are not visible in the data?",
    "Which accounts are going well, and what can the others learn from them?",
    "What are the top three to five actions for you and for me?",
  ]
}
