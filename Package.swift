// swift-tools-version: 6.0
import PackageDescription

let package = Package(
  name: "review",
  products: [
    .executable(name: "review", targets: ["review"])
  ],
  targets: [
    // System libraries, found through pkg-config and installed from Debian packages.
    .systemLibrary(
      name: "CEditLine",
      pkgConfig: "libedit",
      providers: [.apt(["libedit-dev"])]
    ),
    .systemLibrary(
      name: "CSQLite",
      pkgConfig: "sqlite3",
      providers: [.apt(["libsqlite3-dev"])]
    ),
    // Plain C entry points for libedit's variadic el_set, el_get and history calls,
    // which Swift cannot call directly.
    .target(
      name: "EditLineShim",
      dependencies: ["CEditLine"]
    ),

    // Bit masks of the bytes that matter in a block of text, with the processor's vector
    // instructions where C reaches them and Swift does not.
    .target(name: "ByteMasks"),

    // The engine: values, typed columns, the book and its filters.
    .target(name: "ReviewBook"),
    // CSV and JSON exports into a book.
    .target(name: "ReviewLoader", dependencies: ["ByteMasks", "ReviewBook", "ReviewLanguage"]),
    // Lexer, parser and syntax tree of the command language.
    .target(name: "ReviewLanguage"),
    // Tables, CSV, TSV, JSON, JSON Lines and Markdown.
    .target(name: "ReviewRender", dependencies: ["ReviewBook"]),
    // Commands run against the book; the session's state.
    .target(
      name: "ReviewInterpreter",
      dependencies: [
        "ReviewBook", "ReviewLoader", "ReviewLanguage", "ReviewRender", "ReviewJournal",
      ]
    ),
    // SQLite journal of actions, notes and snapshots that outlive a session.
    .target(name: "ReviewJournal", dependencies: ["CSQLite", "ReviewBook"]),
    // libedit behind a small Swift type.
    .target(name: "ReviewLineEditor", dependencies: ["EditLineShim"]),
    // The command-line front end: arguments, the REPL, scripts and pipes.
    .executableTarget(
      name: "review",
      dependencies: ["ReviewInterpreter", "ReviewLineEditor", "ReviewRender"]
    ),

    .testTarget(name: "ReviewBookTests", dependencies: ["ReviewBook"]),
    .testTarget(name: "ReviewLoaderTests", dependencies: ["ReviewLoader"]),
    .testTarget(name: "ReviewLanguageTests", dependencies: ["ReviewLanguage"]),
    .testTarget(name: "ReviewRenderTests", dependencies: ["ReviewRender"]),
    .testTarget(
      name: "ReviewInterpreterTests",
      dependencies: [
        "ReviewInterpreter", "ReviewLoader", "ReviewLanguage", "ReviewRender", "CSQLite",
      ]),
    .testTarget(name: "ReviewLineEditorTests", dependencies: ["ReviewLineEditor"]),
    .testTarget(name: "ReviewJournalTests", dependencies: ["ReviewJournal"]),
    // Runs the built `review` executable; `swift test` builds it with the tests. The tests
    // read their expected outputs, oracles and fixtures from the source folder by path.
    .testTarget(name: "EndToEndTests", exclude: ["Golden", "Oracles", "Fixtures"]),
  ]
)
