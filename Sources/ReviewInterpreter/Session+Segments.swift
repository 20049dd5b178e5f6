import ReviewBook
import ReviewLanguage
import ReviewRender

extension Session {
  /// Every segment with its count and ARR in the current scope, like a CS platform's
  /// sidebar. Segments the book cannot compute show why in the last column.
  func segmentsTable() throws(CommandError) -> Output {
    var rows: [[Value]] = []
    let scope = scopeRows()
    var entries: [(name: String, usage: String, summary: String)] = []
    for segment in BuiltinSegments.all {
      if segment.name == "health" {
        entries.append((segment.name, "health<40", "health score below 40"))
        entries.append((segment.name, "health>80", "health score above 80"))
        continue
      }
      if !segment.requiresQualifier {
        entries.append((segment.name, segment.usage, segmentSummary(segment)))
      }
      for qualifier in segment.qualifiers {
        entries.append((segment.name, "\(segment.name) \(qualifier.word)", qualifier.summary))
      }
    }
    for definition in definitions.all {
      entries.append((definition.name, definition.name, definition.expression))
    }

    for entry in entries {
      do {
        let expression = try Parser.parseExpression(entry.usage)
        var compiler = compiler(scope: scope)
        let condition = try compiler.compile(expression)
        let matched = book.evaluate(.and(.rows(scope), condition), today: today).isTrue
        let arr = totalARR(in: matched).map { Value.money(cents: $0) } ?? .missing
        rows.append([
          .text(entry.usage), .number(Double(matched.cardinality)), arr, .text(entry.summary),
        ])
      } catch let error as CommandError {
        rows.append([
          .text(entry.usage), .missing, .missing,
          .text("unavailable: \(error.reason ?? error.message)"),
        ])
      } catch {
        rows.append([.text(entry.usage), .missing, .missing, .text("unavailable")])
      }
    }
    return .table(
      ResultTable(
        columns: [
          ResultTable.Column(name: "segment", type: .text),
          ResultTable.Column(name: "accounts", type: .number),
          ResultTable.Column(name: "arr", type: .money, currency: arrCurrency),
          ResultTable.Column(name: "meaning", type: .text),
        ], rows: rows,
        footer: scope.cardinality == book.count ? "every account" : coverageLabel))
  }

  /// A compiler for the given scope, so that a command that compiles many expressions
  /// computes the scope once.
  private func compiler(scope: Bitset) -> Compiler {
    Compiler(book: book, today: today, scope: scope, definitions: definitions) {
      [unowned self] name, qualifier, threshold, range throws(CommandError) in
      try self.historyRows(name, qualifier: qualifier, threshold: threshold, at: range)
    }
  }

  private func segmentSummary(_ segment: BuiltinSegment) -> String {
    let parameters = SegmentParameters(
      symbol: segment.threshold?.symbol ?? .equal, value: segment.threshold?.value ?? 0,
      qualifier: nil)
    return segment.summary(for: parameters)
  }

  /// A segment's definition as an expression, with its sort and columns.
  func explain(_ name: Located<String>) throws(CommandError) -> Output {
    let expression: Expression
    do {
      expression = try Parser.parseExpression(name.value, at: name.range)
    } catch {
      throw CommandError(error)
    }
    guard case .term(let term) = expression else {
      throw CommandError("explain takes one segment name, such as renewals<120", at: name.range)
    }
    var lines: [String] = []
    let written = name.value

    if let definition = definitions.definition(named: term.name.value) {
      lines.append("\(definition.name): defined as")
      lines.append("  \(definition.expression)")
    } else {
      if let status = heldStatus(term) {
        try checkSegmentUse(expression)
        lines += statusDurationExplanation(written, status: status.name, days: status.days)
        return explained(lines, expression: expression)
      }
      var segmentName = term.name.value
      var parameters: SegmentParameters?
      if let (base, count) = BuiltinSegments.splitCount(segmentName) {
        segmentName = base
        parameters = SegmentParameters(symbol: .equal, value: count, qualifier: nil)
      }
      guard let segment = BuiltinSegments.named(segmentName) else {
        if book.reference(to: term.name.value) != nil {
          throw CommandError(
            "\(term.name.value) is a field, not a segment", at: name.range,
            hint: "type fields to see how it was loaded")
        }
        throw compiler().unknownName(term.name, comparison: term.comparison)
      }
      try checkSegmentUse(expression)
      var resolved =
        parameters
        ?? SegmentParameters(
          symbol: segment.threshold?.symbol ?? .equal, value: segment.threshold?.value ?? 0,
          qualifier: term.qualifier?.value.lowercased())
      if let comparison = term.comparison {
        resolved.symbol = comparison.symbol.value
        if case .number(let text) = comparison.value.value, let value = ValueParser.number(text) {
          resolved.value = value
        }
      }
      lines.append("\(written): \(segment.summary(for: resolved))")
      switch segment.name {
      case "top":
        lines.append(
          "  the \(resolved.valueText) accounts with the largest arr in the current book")
      case "all":
        lines.append("  every account in the current book")
      case "newly":
        // Churned accounts are left out where the book says which churned.
        var comparison = snapshotComparisonExplanation(segment.name, parameters: resolved)
        if segmentRows(named: "churned") == nil {
          lines[lines.count - 1] = lines[lines.count - 1].replacingOccurrences(
            of: ", not churned", with: "")
        } else if !comparison.isEmpty {
          comparison[0] += ", and not churned"
        }
        lines += comparison
      case "improved", "dropped", "rose":
        lines += snapshotComparisonExplanation(segment.name, parameters: resolved)
      default:
        let alternatives = segment.definitions(resolved)
        var used: String?
        for alternative in alternatives {
          if let parsed = try? Parser.parseExpression(alternative) {
            var compiler = compiler()
            if (try? compiler.compile(parsed)) != nil {
              used = alternative
              break
            }
          }
        }
        if let used {
          lines.append("  \(used)")
        } else {
          lines.append("  \(alternatives.first ?? "")")
          lines.append("  (this book lacks a field it needs)")
        }
      }
    }

    return explained(lines, expression: expression)
  }

  /// Throws the error that a query with this segment would give for a threshold or a
  /// qualifier it does not take, such as `renewals<soon` or `goals done`. A segment that
  /// this book cannot compute passes, because `explain` reports what it would need.
  private func checkSegmentUse(_ expression: Expression) throws(CommandError) {
    let count = book.count
    var compiler = Compiler(
      book: book, today: today, scope: scopeRows(), definitions: definitions
    ) { _, _, _, _ throws(CommandError) in Bitset(count: count) }
    do {
      _ = try compiler.compile(expression)
    } catch  where error.reason == nil {
      throw error
    } catch {
      // The segment is unavailable in this book, which the explanation reports.
    }
  }

  /// Ends an explanation with the sort and columns of the segment, and returns it.
  private func explained(_ lines: [String], expression: Expression) -> Output {
    let presentation = self.presentation(of: expression)
    let sort = presentation.sort.map { $0.field + ($0.descending ? " desc" : "") }.joined(
      separator: ", ")
    let columns = presentation.columns.joined(separator: ", ")
    return .text((lines + ["  sorted by \(sort); columns \(columns)"]).joined(separator: "\n"))
  }

  // MARK: summary

  /// The book at a glance: accounts, ARR, renewals ahead, status counts, a health
  /// histogram and the NPS score.
  func summary() throws(CommandError) -> Output {
    let scope = scopeRows()
    let accounts = scope.cardinality
    var rows: [[Value]] = []
    // The rows whose detail is a bar.
    var barRows: Set<Int> = []
    func arr(_ set: Bitset) -> Value { totalARR(in: set).map { .money(cents: $0) } ?? .missing }
    func setOf(_ text: String) -> Bitset? {
      guard let expression = try? Parser.parseExpression(text) else { return nil }
      var compiler = compiler(scope: scope)
      guard let condition = try? compiler.compile(expression) else { return nil }
      return book.evaluate(.and(.rows(scope), condition), today: today).isTrue
    }

    rows.append([.text("accounts"), .number(Double(accounts)), arr(scope), .missing, .missing])
    for days in [90, 120] {
      if let renewing = setOf("renewals<\(days)") {
        rows.append([
          .text("renewing in \(days) days"), .number(Double(renewing.cardinality)),
          arr(renewing), share(renewing.cardinality, of: accounts), .missing,
        ])
      }
    }
    // Renewals whose date has passed with neither a renewal nor a churn recorded leave the
    // renewal windows above, so a row of their own keeps them in sight.
    if let lapsed = setOf("lapsed"), lapsed.cardinality > 0 {
      rows.append([
        .text("renewal date passed"), .number(Double(lapsed.cardinality)), arr(lapsed),
        share(lapsed.cardinality, of: accounts), .text("segment lapsed"),
      ])
    }
    // The status segments leave churned accounts out, so a row of their own makes the
    // status rows add up to every account.
    for status in ["red", "yellow", "green", "churned"] {
      if let matched = setOf(status), status != "churned" || matched.cardinality > 0 {
        let count = matched.cardinality
        barRows.insert(rows.count)
        rows.append([
          .text(status), .number(Double(count)), arr(matched), share(count, of: accounts),
          .text(bar(count, of: accounts)),
        ])
      }
    }
    if let health = book.reference(to: "health"), book.type(of: health) == .number {
      let bands: [(String, Double, Double)] = [
        ("health 0-19", 0, 20), ("health 20-39", 20, 40), ("health 40-59", 40, 60),
        ("health 60-79", 60, 80), ("health 80-100", 80, 100.0001),
      ]
      let sets = healthBands(health, bands.map { ($0.1, $0.2) }, scope: scope)
      for ((label, _, _), matched) in zip(bands, sets) {
        let count = matched.cardinality
        barRows.insert(rows.count)
        rows.append([
          .text(label), .number(Double(count)), arr(matched), share(count, of: accounts),
          .text(bar(count, of: accounts)),
        ])
      }
    }
    if let nps = book.reference(to: "nps"), book.type(of: nps) == .number {
      let answeredSet = book.evaluate(
        .and(
          .rows(scope),
          .and(.compare(nps, .greaterOrEqual, .number(0)), .compare(nps, .lessOrEqual, .number(10)))
        ), today: today
      ).isTrue
      let answered = answeredSet.rows
      if !answered.isEmpty {
        var promoters = 0
        var detractors = 0
        if case .stored(let index) = nps, case .number(let scores) = book.columns[index] {
          // Read from the column's array, without making a value for each answer.
          scores.withUnsafeBufferPointer { scores in
            for row in answered {
              let score = scores[Int(row)]
              if score >= 9 { promoters += 1 } else if score < 7 { detractors += 1 }
            }
          }
        } else {
          for row in answered {
            guard case .number(let score) = book.value(of: nps, at: Int(row), today: today)
            else { continue }
            if score >= 9 { promoters += 1 } else if score < 7 { detractors += 1 }
          }
        }
        let score = Int(((Double(promoters - detractors) / Double(answered.count)) * 100).rounded())
        let detail =
          "NPS \(score >= 0 ? "+" : "")\(score): \(promoters) promoters, \(answered.count - promoters - detractors) passives, \(detractors) detractors"
        rows.append([
          .text("nps answers"), .number(Double(answered.count)), arr(answeredSet),
          share(answered.count, of: accounts), .text(detail),
        ])
      }
    }

    let label = coverageLabel
    // Machine formats carry the percentage that a bar draws, not the bar.
    var machineRows = rows
    for row in barRows { machineRows[row][4] = .missing }
    return .table(
      ResultTable(
        columns: [
          ResultTable.Column(name: "measure", type: .text),
          ResultTable.Column(name: "accounts", type: .number),
          ResultTable.Column(name: "arr", type: .money, currency: arrCurrency),
          ResultTable.Column(name: "percent", type: .number),
          ResultTable.Column(name: "detail", type: .text),
        ], rows: rows, footer: "\(label) · today \(today.iso)", machineRows: machineRows))
  }

  /// The accounts in scope whose health falls in each band, `low` included and `high` not.
  /// A stored health column is read once for every band.
  private func healthBands(
    _ health: FieldReference, _ bands: [(low: Double, high: Double)], scope: Bitset
  ) -> [Bitset] {
    guard case .stored(let index) = health, case .number(let values) = book.columns[index] else {
      return bands.map { band in
        let condition = Condition.and(
          .compare(health, .greaterOrEqual, .number(band.low)),
          .compare(health, .less, .number(band.high)))
        return book.evaluate(.and(.rows(scope), condition), today: today).isTrue
      }
    }
    // Each band's words are filled in place, a word of 64 rows at a time, with the rows of
    // the scope's word read from its bits.
    let wordCount = scope.words.count
    // One run of words per band, band after band.
    var words = [UInt64](repeating: 0, count: wordCount * bands.count)
    values.withUnsafeBufferPointer { values in
      scope.words.withUnsafeBufferPointer { scopeWords in
        bands.withUnsafeBufferPointer { bands in
          words.withUnsafeMutableBufferPointer { words in
            for wordIndex in 0..<wordCount {
              var remaining = scopeWords[wordIndex]
              while remaining != 0 {
                let bit = remaining.trailingZeroBitCount
                remaining &= remaining &- 1
                let value = values[wordIndex << 6 | bit]
                // A missing health is NaN, which is in no band.
                for band in 0..<bands.count
                where value >= bands[band].low && value < bands[band].high {
                  words[band * wordCount + wordIndex] |= 1 << UInt64(bit)
                  break
                }
              }
            }
          }
        }
      }
    }
    return (0..<bands.count).map { band in
      Bitset(count: book.count, words: Array(words[(band * wordCount)..<((band + 1) * wordCount)]))
    }
  }

  /// The percentage of the accounts, to one decimal.
  private func share(_ count: Int, of total: Int) -> Value {
    guard total > 0 else { return .missing }
    return .number((Double(count) * 1000 / Double(total)).rounded() / 10)
  }

  /// A bar of up to 20 blocks for a share of the accounts.
  private func bar(_ count: Int, of total: Int) -> String {
    guard total > 0 else { return "" }
    return String(repeating: "█", count: Int((Double(count) / Double(total) * 20).rounded()))
  }
}
