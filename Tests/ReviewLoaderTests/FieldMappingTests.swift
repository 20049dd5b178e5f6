import ReviewBook
import Testing

@testable import ReviewLoader

@Suite struct HeaderAliasTests {
  @Test(arguments: [
    ("Assigned CSM", CanonicalField.csm),
    ("CSM Owner", .csm),
    ("csm", .csm),
    ("SuccessScore", .health),
    ("Health Score", .health),
    ("health_score", .health),
    ("Current Score", .health),
    ("Account: Account Name", .name),
    ("Account Name", .name),
    ("Client", .name),
    ("Company", .name),
    ("Renewal", .renewalDate),
    ("Contract End Date", .renewalDate),
    ("Renewal-Date", .renewalDate),
    ("ARR", .arr),
    ("Annual Recurring Revenue", .arr),
    ("MRR", .mrr),
    ("Account ID", .id),
    ("Exec Sponsor", .execSponsor),
    ("NPS Score", .nps),
    ("RAG Status", .status),
    ("Lifecycle Stage", .stage),
    ("Goals Met", .goalsAchieved),
    ("Top Account", .strategic),
    ("Opportunity: Expansion ARR", .expansionARR),
    ("Annual Recurring Revenue (USD)", .arr),
    ("Total ARR", .arr),
    ("Health Score (0-100)", .health),
    ("Renewal Date (MM/DD/YYYY) ", .renewalDate),
    ("Contract Renewal Date", .renewalDate),
    ("Salesforce Account ID", .id),
    ("Account: Health Score (1-100)", .health),
  ])
  func aliasMapsToField(header: String, field: CanonicalField) {
    #expect(CanonicalField.matching(header: header) == field)
  }

  @Test(arguments: ["Region", "Notes", "Account: Region", "Seats", "", "(USD)", "Seats (max)"])
  func unknownHeaderMapsToNothing(header: String) {
    #expect(CanonicalField.matching(header: header) == nil)
  }

  @Test func canonicalNamesKeepHeaders() throws {
    let text = """
      Account: Account Name,Assigned CSM,SuccessScore,Contract End Date,Region
      Acme,Maria Fell,55,2022-03-01,EMEA

      """
    let book = try load(text).book
    #expect(book.fieldNames == ["name", "csm", "health", "renewal_date", "Region", "status"])
    #expect(book.field(named: "name")?.header == "Account: Account Name")
    #expect(book.field(named: "health")?.type == .number)
    #expect(book.field(named: "renewal_date")?.type == .date)
    #expect(book.values(of: "renewal_date") == [day(2022, 3, 1)])
    #expect(book.values(of: "Region") == [.text("EMEA")])
  }

  /// A header that spells out its date format settles dates that could be read either
  /// way round, which would otherwise need --dates.
  @Test func headerSpellsOutDateOrder() throws {
    let text = """
      Account Name,Renewal Date (MM/DD/YYYY),Signup Date (dd.mm.yyyy)
      Acme,03/04/2022,03.04.2021

      """
    let book = try load(text).book
    #expect(book.values(of: "renewal_date") == [day(2022, 3, 4)])
    #expect(book.values(of: "client_since") == [day(2021, 4, 3)])
    #expect(TableAssembler.dateOrder(spelledIn: "Due (YYYY-MM-DD)") == .monthFirst)
    #expect(TableAssembler.dateOrder(spelledIn: "Renewal Date") == nil)
  }

  /// The order a header spells out binds: a cell that only the other order reads is an
  /// error at that cell, also under --dates, rather than a column read the other way round.
  @Test(arguments: [nil, ValueParser.DateOrder.monthFirst, .dayFirst])
  func cellThatContradictsHeaderOrderIsAnError(option: ValueParser.DateOrder?) throws {
    let text = "name,Renewal Date (DD/MM/YYYY)\nA,04/03/2022\nB,04/25/2022\n"
    let error = try #require(loadError(text, options: LoadOptions(dateOrder: option)))
    #expect(
      error.description == """
        accounts.csv:3:3: error: renewal_date in column "Renewal Date (DD/MM/YYYY)" is 4/25/2022, which is not a date when read as day/month/year, as the header says
          hint: correct the cell, or the date format in the header if the column is not written day/month/year
        """)
    let fixed = try load("name,Renewal Date (DD/MM/YYYY)\nA,04/03/2022\nB,25/04/2022\n").book
    #expect(fixed.values(of: "renewal_date") == [day(2022, 3, 4), day(2022, 4, 25)])
  }

  /// Headers in another language match no field, and the warning explains how to map them.
  @Test func headersInAnotherLanguageAreNamed() throws {
    let result = try load(
      "Nom du client;Responsable CSM;ARR (EUR);Date de renouvellement;Santé\nAlpha;Anne;1.200,50;25/04/2022;72\n"
    )
    #expect(
      result.warnings.map(\.message) == [
        "no column is an account name or id, so accounts cannot be shown by name; name one with --map 'Header=name'; nor is any column csm, renewal_date, health or status: if the headers are in another language than English, map each with --map, as in --map 'Date de renouvellement=renewal_date'"
      ])
    let named = try load("Kunde,CSM,ARR,Health\nAlpha,Anne,100,80\n")
    #expect(
      named.warnings.map(\.message) == [
        "no column is an account name or id, so accounts cannot be shown by name; name one with --map 'Header=name'"
      ])
  }

  @Test func mapOverridesAliases() throws {
    let options = LoadOptions(mappings: [
      ("OWNER", "csm"), ("Score", "usage"), ("Zone", "territory"),
    ])
    let text = "name,Owner,Score,Health,Zone\nAcme,Maria Fell,80,55,EMEA\n"
    let book = try load(text, options: options).book
    #expect(book.values(of: "csm") == [.text("Maria Fell")])
    #expect(book.values(of: "usage") == [.number(80)])
    #expect(book.values(of: "health") == [.number(55)])
    #expect(book.values(of: "territory") == [.text("EMEA")])
    #expect(book.field(named: "csm")?.header == "Owner")
  }

  @Test func mapClaimsFieldBeforeAlias() throws {
    let options = LoadOptions(mappings: [("Manager", "csm")])
    let result = try load("name,CSM,Manager\nAcme,Old,New\n", options: options)
    #expect(result.book.values(of: "csm") == [.text("New")])
    #expect(result.book.values(of: "CSM_2") == [.text("Old")])
    #expect(
      result.warnings.map(\.message) == [
        "column 2 (\"CSM\") has the name that --map gives to column 3 (\"Manager\"); it is loaded as CSM_2"
      ])
  }

  /// A column that --map gives a field to may come after a column whose header means the
  /// same field.
  @Test func mapOfALaterColumnIsNamed() throws {
    let options = LoadOptions(mappings: [("Assigned CSM", "name")])
    let result = try load("Client,Assigned CSM\nAcme,Maria Fell\n", options: options)
    #expect(result.book.values(of: "name") == [.text("Maria Fell")])
    #expect(result.book.values(of: "Client") == [.text("Acme")])
    #expect(
      result.warnings.map(\.message) == [
        "column \"Client\" also looks like name, which --map gives to column \"Assigned CSM\"; it keeps its own name"
      ])
  }

  @Test func mapToCloseFieldWarns() throws {
    let folder = try TemporaryFolder()
    let path = try folder.write("accounts.csv", text: "name,Seats,Region\nAcme,12,EMEA\n")
    let options = LoadOptions(mappings: [("Seats", "heath"), ("Region", "territory")])
    let result = try Loader.load(paths: [path], options: options)
    #expect(result.book.values(of: "heath") == [.number(12)])
    #expect(result.book.values(of: "territory") == [.text("EMEA")])
    #expect(
      result.warnings.map(\.description) == [
        "\(path): warning: --map 'Seats=heath': heath is not one of review's fields, so the column is loaded under that name; did you mean health?"
      ])
  }

  @Test(
    arguments: [
      ("heath", "health"),
      ("nmae", "name"),
      ("renewal", "renewal_date"),
      ("Health", nil),
      ("nosuchfield", nil),
      ("renewal_text", nil),
    ] as [(String, String?)])
  func closeFieldOfMapTarget(target: String, field: String?) {
    #expect(Loader.closeField(to: target) == field)
  }

  @Test(arguments: [
    ("Owner=csm", "Owner", "csm"),
    (" Assigned To = csm ", "Assigned To", "csm"),
    ("a=b=health", "a=b", "health"),
  ])
  func parseMapping(argument: String, header: String, field: String) throws {
    let mapping = try #require(LoadOptions.parseMapping(argument))
    #expect(mapping.header == header)
    #expect(mapping.field == field)
  }

  @Test(arguments: ["csm", "=csm", "Owner=", " = "])
  func parseMappingRejects(argument: String) {
    #expect(LoadOptions.parseMapping(argument) == nil)
  }
}

@Suite struct BookTidyingTests {
  @Test func arrFromMRROnly() throws {
    let book = try load("name,MRR\nAcme,$1000\nGlobex,\nInitech,$12.34\n").book
    #expect(
      book.values(of: "arr") == [.money(cents: 1_200_000), .missing, .money(cents: 14_808)])
    #expect(book.field(named: "arr")?.derivation == "12 × mrr")
    #expect(book.field(named: "arr")?.header == nil)
    #expect(book.values(of: "mrr") == [.money(cents: 100_000), .missing, .money(cents: 1_234)])
  }

  @Test func givenARRIsNotReplaced() throws {
    let book = try load("name,ARR,MRR\nAcme,$5000,$1\n").book
    #expect(book.values(of: "arr") == [.money(cents: 500_000)])
    #expect(book.field(named: "arr")?.derivation == nil)
  }

  @Test(arguments: [
    (0.0, "red"), (39.9, "red"), (40.0, "yellow"), (69.9, "yellow"), (70.0, "green"),
    (100.0, "green"),
  ])
  func statusThresholds(health: Double, status: String) {
    #expect(BookTidying.status(forHealth: health) == status)
  }

  @Test func statusDerivedFromHealth() throws {
    let book = try load("name,health\nA,39.9\nB,40\nC,69.9\nD,70\nE,\n").book
    #expect(
      book.values(of: "status") == [
        .text("red"), .text("yellow"), .text("yellow"), .text("green"), .missing,
      ])
    #expect(
      book.field(named: "status")?.derivation
        == "from health: below 40 red, below 70 yellow, else green")
  }

  @Test func givenStatusIsNormalized() throws {
    let book = try load("name,RAG,health\nA,Amber,90\nB,R,90\nC,Healthy,10\nD,Unknown,1\nE,,1\n")
      .book
    #expect(
      book.values(of: "status") == [
        .text("yellow"), .text("red"), .text("green"), .text("Unknown"), .missing,
      ])
    #expect(book.field(named: "status")?.header == "RAG")
  }

  @Test(arguments: [
    ("Onboarding", "onboarding"),
    ("Implementation", "onboarding"),
    ("Free Trial", "trial"),
    ("Proof of Concept", "poc"),
    ("POC", "poc"),
    ("Opt-Out", "opt-out"),
    ("opt out period", "opt-out"),
    ("Live", "active"),
    ("Closed Lost", "churned"),
    ("Cancelled", "churned"),
    ("Closed Won", "renewed"),
    ("Custom Stage", "Custom Stage"),
  ])
  func stageSpellings(written: String, stage: String) {
    #expect(BookTidying.canonicalStage(written) == stage)
  }

  @Test func stageNormalizedOnLoad() throws {
    let book = try load("name,Lifecycle Stage\nA,Free Trial\nB,Closed Lost\nC,\n").book
    #expect(book.values(of: "stage") == [.text("trial"), .text("churned"), .missing])
  }

  @Test func goalsRemaining() throws {
    let book = try load("name,goals,goals achieved\nA,5,2\nB,3,\nC,,1\n").book
    #expect(book.values(of: "goals_remaining") == [.number(3), .number(3), .missing])
    #expect(book.field(named: "goals_remaining")?.derivation == "goals_total - goals_achieved")
  }
}

@Suite struct ColumnPlannerTests {
  static let headers = [
    "Account Name", "ARR", "Annual Revenue", "name", "Health Score", "arr", "", "Notes",
  ]

  /// Plans the headers in one step and in two, split after `split` headers.
  static func plans(
    split: Int, options: LoadOptions
  ) -> (whole: ColumnPlanner, steps: ColumnPlanner) {
    var whole = ColumnPlanner(file: "accounts.json", options: options)
    whole.add(headers)
    var steps = ColumnPlanner(file: "accounts.json", options: options)
    steps.add(Array(headers[..<split]))
    steps.add(Array(headers[split...]))
    return (whole, steps)
  }

  @Test(arguments: 0...8)
  func headersInStepsPlanAlike(split: Int) {
    var options = LoadOptions()
    options.mappings = [("Notes", "csm")]
    let (whole, steps) = Self.plans(split: split, options: options)
    #expect(steps.plans.map(\.name) == whole.plans.map(\.name))
    #expect(steps.plans.map(\.declared) == whole.plans.map(\.declared))
    #expect(steps.plans.map(\.header) == whole.plans.map(\.header))
    #expect(steps.warnings == whole.warnings)
    #expect(steps.usedMappings == whole.usedMappings)
    #expect(
      whole.plans.map(\.name) == [
        "name", "arr", "Annual Revenue", "name_2", "health", "arr_2", "column_7", "csm",
      ])
  }

  /// A `--map` of a later header that claims a field an earlier column took cannot be
  /// planned in steps alike. The JSON loader then reads the file again with every header.
  @Test func laterMapOfATakenFieldDiffers() {
    var options = LoadOptions()
    options.mappings = [("Notes", "arr")]
    let (whole, steps) = Self.plans(split: 3, options: options)
    #expect(whole.plans.map(\.name)[1] == "ARR_2")
    #expect(steps.plans.map(\.name)[1] == "arr")
  }
}
