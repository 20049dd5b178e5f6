/// The warning for a CSV or TSV result appended with `>>` to a file whose first line is
/// another header. The result is still appended, since a report in sections is a fair use,
/// but a program that reads the file as one table would take the second header for a row.
enum AppendedHeader {
  /// The maximum number of column names that the warning lists of each header.
  static let listedColumns = 6

  static func warning(
    path: String, fileHeader: String, appendedHeader: String, delimiter: Character
  ) -> String {
    let fileColumns = listed(columns(of: fileHeader, delimiter: delimiter))
    let appendedColumns = listed(columns(of: appendedHeader, delimiter: delimiter))
    return
      "\(path): warning: appended a result with other columns (\(appendedColumns)) than the file's header (\(fileColumns)), so the file now contains two tables"
  }

  /// Returns the warning for a CSV or TSV result whose columns differ from those of the
  /// result before it in the same output, as after `output out.csv` or with `--format csv`.
  static func secondTableWarning(
    output: String, earlierHeader: String, header: String, delimiter: Character
  ) -> String {
    let earlier = listed(columns(of: earlierHeader, delimiter: delimiter))
    let later = listed(columns(of: header, delimiter: delimiter))
    return
      "warning: a result with other columns (\(later)) follows one with (\(earlier)), so \(output) now contains several tables, which a spreadsheet reads as one; write each result to its own file with > FILE.csv"
  }

  /// Splits a header line into its column names. CSV names may be in quotes, with `""` for a
  /// quote inside them, and TSV has no quoting.
  static func columns(of line: String, delimiter: Character) -> [String] {
    var names: [String] = []
    var name = ""
    var quoted = false
    var characters = line.makeIterator()
    while let character = characters.next() {
      if quoted {
        if character != "\"" {
          name.append(character)
          continue
        }
        // A quote ends the name, unless a second one follows as an escaped quote.
        guard let next = characters.next() else { break }
        if next == "\"" {
          name.append(next)
          continue
        }
        quoted = false
        if next == delimiter {
          names.append(name)
          name = ""
        } else {
          name.append(next)
        }
      } else if character == "\"" && name.isEmpty && delimiter != "\t" {
        quoted = true
      } else if character == delimiter {
        names.append(name)
        name = ""
      } else {
        name.append(character)
      }
    }
    names.append(name)
    return names
  }

  private static func listed(_ names: [String]) -> String {
    let listedNames = names.prefix(listedColumns).joined(separator: ", ")
    return names.count > listedColumns ? listedNames + ", …" : listedNames
  }
}
