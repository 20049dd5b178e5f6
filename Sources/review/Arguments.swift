import ReviewBook
import ReviewLanguage
import ReviewLoader
import ReviewRender

/// The command line, parsed.
struct Arguments {
  var dataPaths: [String] = []
  var commands: [String] = []
  var scriptPath: String?
  var today: Day?
  var loadOptions = LoadOptions()
  var format: OutputFormat?
  var dateStyle: DateStyle?
  /// `--journal PATH`; nil uses the default under the user's data folder.
  var journalPath: String?
  var usesJournal = true
  var checksJournal = false
  /// `--history FILE`: snapshots of earlier days, loaded into the journal.
  var historyPaths: [String] = []
  /// `--set NAME=VALUE`, in order.
  var variables: [(name: String, value: String)] = []
  var keepsGoing = false
  var echoesCommands = false
  var writesRawCSV = false
  /// `--quiet`: informational messages are left out; warnings and errors stay.
  var quiet = false
  /// `--each FIELD`: run the script once for each value of the field.
  var eachField: String?
  /// `--output TEMPLATE`: where each run of `--each` writes, `{FIELD}` replaced.
  var outputTemplate: String?
  var showVersion = false
  var showHelp = false

  /// Why the command line could not be used.
  /// The long options, for a suggestion after a misspelled one.
  static let longOptions = [
    "--command", "--file", "--today", "--map", "--dates", "--decimal-comma", "--decimal-point",
    "--health-scale", "--ragged", "--date-style", "--format", "--journal", "--no-journal",
    "--journal-check",
    "--history", "--set", "--keep-going", "--echo", "--quiet", "--raw-csv", "--each", "--output",
    "--version", "--help",
  ]

  struct UsageError: Error {
    var message: String
  }

  static let usage = """
    usage: review [options] DATA...            open the REPL on one or more exports
           review [options] -c COMMAND DATA... run one command and print the result
           review [options] -f SCRIPT [DATA...] run a script of commands
           review [options] SCRIPT.review [DATA...]

    DATA is a CSV (comma, semicolon, tab or pipe separated), JSON or JSON Lines
    export of accounts. Several files are stacked into one book, one account per
    row; they are not joined. Without a terminal on standard input, commands are
    read from it. DATA named with a script wins over the script's load lines.

    options:
      -c COMMAND          run COMMAND; may be given more than once
      -f FILE             run the commands in FILE (a .review script)
      --today YYYY-MM-DD  the date day counts are measured from (default: the system date);
                          a script's today lines leave it as given
      --map 'Header=field'
                          load the column Header as field (for example 'Owner=csm');
                          may be given more than once
      --dates mdy|dmy     read dates such as 05/01/2016 month first (mdy) or day first
                          (dmy) where a column does not make it clear
      --decimal-comma     read numbers and money written with decimal commas (72,5 and
                          1.234,50); semicolon-separated files are read so by default
      --decimal-point     read every dot as a decimal point, even in semicolon-separated
                          files and before three digits of money (1.250 is 1.25)
      --health-scale 1|10|100
                          read health scores as shares of 1, tenths of 10 or points of
                          100 (by default, scores that all lie between 0 and 10 are
                          read on a scale of 10, with a warning)
      --ragged            read CSV rows with fewer fields than the header as if the
                          missing fields at the end were empty
      --format FORMAT     table, csv, tsv, json, jsonl or markdown (default: table); a
                          script's format lines leave it as given, and text such as
                          questions goes to standard error beside CSV, TSV or JSON
      --date-style iso|long
                          show dates in tables and Markdown as 2016-05-01 (iso, the
                          default) or May 1, 2016 (long); CSV and JSON keep ISO dates
      --journal PATH      keep actions, notes and snapshots in PATH (default:
                          $XDG_DATA_HOME/review/journal.sqlite)
      --no-journal        keep nothing: no actions, notes or snapshots
      --journal-check     report the journal's state and exit
      --history FILE      load earlier snapshots (columns account, date, health,
                          status) into the journal; may be given more than once
      --set NAME=VALUE    set the script variable $NAME; a let in the script does
                          not change it; may be given more than once
      --keep-going        run the rest of a script after a command fails (the exit
                          status still says it failed)
      --echo              write each command before its result
      -q, --quiet         leave out informational messages such as "loaded 248 accounts"
                          and "wrote red.csv"; warnings and errors are still written
      --each FIELD        run the script once for each value of FIELD; each run sees
                          only the accounts with that value, whatever the script
                          loads, and sees it as $FIELD
      --output TEMPLATE   with --each, write each run to TEMPLATE with {FIELD}
                          replaced, as in --output 'minutes/{csm}.md'
      --raw-csv           write CSV and TSV cells that start with = + - @ as they are,
                          instead of prefixing them with '
      --version           print the version and exit
      -h, --help          print this help and exit

    exit status: 0 success, 1 a command failed, 2 a usage error, 3 a data file could
    not be loaded, 4 the journal could not be used: it could not be opened or written,
    today's snapshot was not saved, or a command failed because of it. 4 replaces 0
    and 1, so a script can tell that notes or actions may not have been kept.
    """

  static func parse(_ arguments: [String]) throws(UsageError) -> Arguments {
    var parsed = Arguments()
    var index = 0
    var onlyPaths = false

    func value(for option: String) throws(UsageError) -> String {
      index += 1
      guard index < arguments.count else {
        throw UsageError(message: "\(option) needs a value")
      }
      return arguments[index]
    }

    while index < arguments.count {
      let argument = arguments[index]
      if onlyPaths || !argument.hasPrefix("-") || argument == "-" {
        if argument.lowercased().hasSuffix(".review") && parsed.scriptPath == nil
          && parsed.commands.isEmpty
        {
          parsed.scriptPath = argument
        } else {
          parsed.dataPaths.append(argument)
        }
        index += 1
        continue
      }

      var option = argument
      var inlineValue: String?
      if argument.hasPrefix("--"), let equals = argument.firstIndex(of: "=") {
        option = String(argument[..<equals])
        inlineValue = String(argument[argument.index(after: equals)...])
      }
      func optionValue() throws(UsageError) -> String {
        if let inlineValue { return inlineValue }
        return try value(for: option)
      }

      switch option {
      case "--":
        onlyPaths = true
      case "-c", "--command":
        parsed.commands.append(try optionValue())
      case "-f", "--file":
        parsed.scriptPath = try optionValue()
      case "--today":
        let text = try optionValue()
        guard case .day(let day)? = ValueParser.date(text) else {
          // A date of the right shape that the calendar lacks, such as 2022-02-30.
          let parts = text.split(separator: "-")
          if parts.count == 3,
            parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isASCII) && Int($0) != nil }),
            parts[0].count == 4, parts[1].count <= 2, parts[2].count <= 2
          {
            throw UsageError(
              message:
                "--today \(text) is not a date in the calendar; give a real date such as 2022-02-28"
            )
          }
          throw UsageError(message: "--today needs a date such as 2022-02-01, not '\(text)'")
        }
        parsed.today = day
      case "--map":
        let text = try optionValue()
        guard let mapping = LoadOptions.parseMapping(text) else {
          throw UsageError(
            message: "--map needs 'Header=field', as in --map 'Assigned CSM=csm', not '\(text)'")
        }
        parsed.loadOptions.mappings.append(mapping)
      case "--dates":
        let text = try optionValue()
        guard let order = ValueParser.DateOrder(rawValue: text.lowercased()) else {
          throw UsageError(
            message: "--dates needs mdy (month first) or dmy (day first), not '\(text)'")
        }
        parsed.loadOptions.dateOrder = order
      case "--decimal-comma":
        parsed.loadOptions.decimalComma = true
      case "--decimal-point":
        parsed.loadOptions.decimalComma = false
      case "--health-scale":
        let text = try optionValue()
        guard let scale = Int(text), [1, 10, 100].contains(scale) else {
          throw UsageError(
            message:
              "--health-scale needs 1, 10 or 100, the highest score the export's health can have, not '\(text)'"
          )
        }
        parsed.loadOptions.healthScale = scale
      case "--ragged":
        parsed.loadOptions.padsShortRows = true
      case "--date-style":
        let text = try optionValue()
        guard let style = DateStyle(rawValue: text.lowercased()) else {
          throw UsageError(
            message: "--date-style needs iso (2016-05-01) or long (May 1, 2016), not '\(text)'")
        }
        parsed.dateStyle = style
      case "--format":
        let text = try optionValue()
        guard let format = OutputFormat(name: text) else {
          let names = OutputFormat.allCases.map(\.rawValue).joined(separator: ", ")
          throw UsageError(message: "unknown format '\(text)'; the formats are \(names)")
        }
        parsed.format = format
      case "--journal":
        parsed.journalPath = try optionValue()
      case "--no-journal":
        parsed.usesJournal = false
      case "--journal-check":
        parsed.checksJournal = true
      case "--history":
        parsed.historyPaths.append(try optionValue())
      case "--set":
        let text = try optionValue()
        guard let equals = text.firstIndex(of: "="), equals != text.startIndex else {
          throw UsageError(
            message: "--set needs NAME=VALUE, as in --set owner=\"Maria Fell\", not '\(text)'")
        }
        let name = String(text[..<equals])
        // The name must be one that a script can write as $NAME, as let requires.
        guard let first = name.first, first.isLetter || first == "_",
          name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" })
        else {
          throw UsageError(
            message:
              "--set '\(text)': a variable name is letters, digits and _, starting with a letter, as in --set owner=\"Maria Fell\""
          )
        }
        parsed.variables.append((name, String(text[text.index(after: equals)...])))
      case "--keep-going":
        parsed.keepsGoing = true
      case "--echo":
        parsed.echoesCommands = true
      case "-q", "--quiet":
        parsed.quiet = true
      case "--raw-csv":
        parsed.writesRawCSV = true
      case "--each":
        parsed.eachField = try optionValue()
      case "--output", "-o":
        parsed.outputTemplate = try optionValue()
      case "--version", "-V":
        parsed.showVersion = true
      case "-h", "--help":
        parsed.showHelp = true
      default:
        let suggestion =
          argument.hasPrefix("--")
          ? Suggestions.closest(to: argument, among: Arguments.longOptions) : nil
        throw UsageError(
          message: "unknown option '\(argument)'"
            + (suggestion.map { "; did you mean \($0)?" } ?? ""))
      }
      index += 1
    }
    if parsed.scriptPath != nil && !parsed.commands.isEmpty {
      throw UsageError(message: "-c and -f cannot be used together")
    }
    if parsed.journalPath != nil && !parsed.usesJournal {
      throw UsageError(message: "--journal and --no-journal cannot be used together")
    }
    if parsed.eachField != nil && parsed.scriptPath == nil {
      throw UsageError(message: "--each runs a script: name it with -f FILE")
    }
    if parsed.outputTemplate != nil && parsed.eachField == nil {
      throw UsageError(
        message: "--output goes with --each; for one run, use output FILE in the script or > FILE")
    }
    return parsed
  }
}
