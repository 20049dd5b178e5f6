import ReviewBook

/// Exports often write an amount in one column and its currency in another (`arr` and
/// `currency`, or `arr.amount` and `arr.currency` from a nested JSON object). Such a
/// column sets the currency of the money fields it belongs to, and a book whose accounts
/// are in several currencies is refused, as a column that mixes currencies is, since its
/// totals would add amounts in different currencies.
extension TableAssembler {
  /// Returns the start of the names of the money fields that a column of currencies
  /// belongs to, by the column's name, which is its header unless `--map` named it. The
  /// start is empty for `Currency` or `CurrencyIsoCode`, which belong to every money
  /// field, and `arr` for `ARR Currency` or `arr.currency`. Nil for any other name.
  static func currencyColumnPrefix(name: String) -> String? {
    let key = Field.matchingKey(name)
    for suffix in ["currencyisocode", "currencycode", "currency"] where key.hasSuffix(suffix) {
      return String(key.dropLast(suffix.count))
    }
    return key == "ccy" ? "" : nil
  }

  /// Returns the currency a cell of a currency column names: a three-letter code in any
  /// case, or the symbol `$`, `€`, `£` or `¥`. Nil for other text.
  static func currency(inCell bytes: UnsafeBufferPointer<UInt8>) -> Currency? {
    let text = String(decoding: ValueParser.trimmed(bytes), as: UTF8.self)
    switch text {
    case "$": return .usDollar
    case "€": return .euro
    case "£": return .pound
    case "¥": return .yen
    default: return Currency(code: text)
    }
  }

  /// Gives the money fields the currency of the text columns of currencies that belong to
  /// them. Throws when such a column names several currencies, or names another one than
  /// a field's own cells or header do. `locate` finds a cell of a column of `fields`.
  func applyCurrencyColumns(
    to fields: inout [Field], columns: [Column],
    locate: (_ row: Int, _ column: Int) -> (line: Int, column: Int?)
  ) throws(LoadError) {
    guard fields.contains(where: { $0.type == .money }) else { return }
    for (index, field) in fields.enumerated() {
      guard field.type == .text, case .text(let cells) = columns[index],
        let prefix = TableAssembler.currencyColumnPrefix(name: field.name)
      else { continue }
      let targets = fields.indices.filter { target in
        fields[target].type == .money
          && (prefix.isEmpty
            || Field.matchingKey(fields[target].header ?? "").hasPrefix(prefix)
            || Field.matchingKey(fields[target].name).hasPrefix(prefix))
      }
      guard !targets.isEmpty else { continue }
      let header = field.header ?? field.name

      // The first row of each currency named, and the first cell that names none. Cells
      // repeat a few codes, so a cell like the one before it is not read again.
      var firstRows: [(currency: Currency, row: Int)] = []
      var unreadable: (row: Int, text: String)?
      var previous: [UInt8] = []
      cells.forEachCell(in: 0..<cells.count) { row, bytes in
        // A currency beside no amount names the currency of nothing.
        guard !bytes.isEmpty, firstRows.count < 2, unreadable == nil,
          targets.contains(where: { !columns[$0].isMissing(row) }),
          !bytes.elementsEqual(previous)
        else { return }
        previous = Array(bytes)
        let trimmed = ValueParser.trimmed(bytes)
        guard !trimmed.isEmpty, !ValueParser.isMissingMarker(trimmed) else { return }
        guard let currency = TableAssembler.currency(inCell: trimmed) else {
          unreadable = (row, String(decoding: bytes, as: UTF8.self))
          return
        }
        if !firstRows.contains(where: { $0.currency == currency }) {
          firstRows.append((currency, row))
        }
      }
      if let unreadable {
        let place = locate(unreadable.row, index)
        throw LoadError(
          file: file, line: place.line, column: place.column,
          message:
            "column \"\(header)\" contains the currencies of the amounts, but \"\(unreadable.text)\" is not a currency",
          hint: "write each currency as a three-letter code, such as USD or EUR"
        )
      }
      if firstRows.count > 1 {
        let (first, second) = (firstRows[0], firstRows[1])
        let place = locate(second.row, index)
        let firstLine = locate(first.row, index).line
        let amounts = targets.map { "\"\(fields[$0].header ?? fields[$0].name)\"" }
        throw LoadError(
          file: file, line: place.line, column: place.column,
          message:
            "column \"\(header)\" names more than one currency, \(first.currency.code) on line \(firstLine) and \(second.currency.code) on this line, so totals of \(amounts.joined(separator: " and ")) would add amounts in different currencies",
          hint: TableAssembler.mixedCurrenciesHint)
      }
      guard let named = firstRows.first?.currency else { continue }
      for target in targets {
        if let own = fields[target].currency, own != named {
          let place = locate(firstRows[0].row, index)
          throw LoadError(
            file: file, line: place.line, column: place.column,
            message:
              "column \"\(header)\" names \(named.code), but the amounts of \"\(fields[target].header ?? fields[target].name)\" are in \(own.code)",
            hint: "correct the currency column or the amounts, so that both name one currency")
        }
        fields[target].currency = named
      }
    }
  }
}
