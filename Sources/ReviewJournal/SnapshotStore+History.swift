import ReviewBook

extension SnapshotStore {
  /// One chunk's keys and their hashes, with each row's status and health.
  private struct StatusColumns: Sendable {
    var keys: TextList
    var hashes: [UInt64]
    var statuses: [String?]
    var health: [Double?]
  }

  /// Returns the snapshots on or after `since` by date, and within a date latest first.
  private func recordsLatestFirstWithinDate(since: Day?) throws(JournalError) -> [LoadRecord] {
    let records = try loadRecords(since: since)
    var ordered: [LoadRecord] = []
    ordered.reserveCapacity(records.count)
    var start = 0
    while start < records.count {
      var end = start + 1
      while end < records.count && records[end].date == records[start].date { end += 1 }
      ordered.append(contentsOf: records[start..<end].reversed())
      start = end
    }
    return ordered
  }

  /// Returns every account's points on or after `since`: one a date, from the latest
  /// snapshot of that date that has the account.
  ///
  /// Each account's key becomes a string once: rows of later dates find their account by
  /// the key's bytes in an `AccountIndex`, and the dictionary is built at the end.
  func statusHistory(since: Day?) throws(JournalError) -> [String: [StatusPoint]] {
    var accounts = AccountIndex()
    var points: [[StatusPoint]] = []
    let path = self.path
    for record in try recordsLatestFirstWithinDate(since: since) {
      let date = record.date
      let stored = try storedChunks(of: record)
      let results = Parallel.map(stored.count) { index in
        Result { () throws(JournalError) -> StatusColumns in
          let chunk = try SnapshotStore.parse(stored[index], of: record, path: path)
          do throws(PackedFormatError) {
            let keys = try chunk.keys()
            var columns = StatusColumns(
              keys: keys, hashes: (0..<keys.count).map(keys.hash(at:)), statuses: [], health: [])
            columns.statuses.reserveCapacity(chunk.rowCount)
            columns.health.reserveCapacity(chunk.rowCount)
            try chunk.forEachStatusAndHealth { status, health in
              columns.statuses.append(status)
              columns.health.append(health)
            }
            return columns
          } catch {
            throw SnapshotStore.damaged(record, bucket: stored[index].bucket, error, path: path)
          }
        }
      }

      for result in results {
        let columns = try result.get()
        for row in 0..<columns.keys.count {
          let account = accounts.insert(row, of: columns.keys, hash: columns.hashes[row])
          if account == points.count { points.append([]) }
          // A later snapshot of the date gave the account its point already.
          if points[account].last?.date == date { continue }
          let point = StatusPoint(
            date: date, status: columns.statuses[row], health: columns.health[row])
          points[account].append(point)
        }
      }
    }

    var history: [String: [StatusPoint]] = [:]
    history.reserveCapacity(points.count)
    for (account, accountPoints) in points.enumerated() {
      let key = accounts.keys.string(at: account)
      guard let earlier = history[key] else {
        history[key] = accountPoints
        continue
      }

      // Keys with other bytes but equal as strings share one entry, as they did when this
      // dictionary was filled row by row.
      history[key] = (earlier + accountPoints).sorted { $0.date < $1.date }
    }
    return history
  }

  /// Returns one account's points: one a date, from the latest snapshot of that date that
  /// has the account.
  func statusHistory(account: String) throws(JournalError) -> [StatusPoint] {
    let hash = KeyHash.hash(account)
    var points: [StatusPoint] = []
    for record in try recordsLatestFirstWithinDate(since: nil) {
      guard points.last?.date != record.date else { continue }

      let bucket = Bucketing.bucket(of: hash, bits: record.bucketBits)
      guard let stored = try storedChunks(of: record, buckets: [bucket]).first else {
        continue
      }

      let chunk = try SnapshotStore.parse(stored, of: record, path: path)
      do throws(PackedFormatError) {
        let keys = try chunk.keys()
        guard let row = (0..<keys.count).first(where: { keys.element(at: $0, equals: account) })
        else {
          continue
        }

        let (status, health) = try chunk.statusAndHealth(at: row)
        points.append(StatusPoint(date: record.date, status: status, health: health))
      } catch {
        throw SnapshotStore.damaged(record, bucket: bucket, error, path: path)
      }
    }
    return points
  }

  /// Decodes every chunk of every snapshot and checks that each row sits in its key's
  /// bucket, that no key repeats and that each snapshot's row count and key digest match its
  /// rows. Returns the number of rows, or throws `.corrupt` for the first problem found.
  func verifyAll() throws(JournalError) -> Int {
    var total = 0
    for record in try loadRecords() {
      let table = try table(of: record)
      var digest = KeyDigest.empty
      for (bucket, chunk) in zip(table.buckets, table.chunks) {
        for hash in chunk.hashes {
          guard Bucketing.bucket(of: hash, bits: record.bucketBits) == bucket else {
            let error = PackedFormatError(reason: "it contains a key of another bucket")
            throw SnapshotStore.damaged(record, bucket: bucket, error, path: path)
          }
          digest.add(hash: hash)
        }
      }
      guard digest == record.digest else {
        throw .corrupt(
          path: path,
          message: "\(record.label) does not match its row count and key digest")
      }
      total += digest.count
    }
    return total
  }
}

/// The distinct account keys seen so far, numbered in order of first sight, with a hash
/// table from a key's bytes to its number.
struct AccountIndex {
  private(set) var keys = TextList()
  private var hashes: [UInt64] = []
  /// An account number plus one, or 0 for an empty slot.
  private var slots = [Int32](repeating: 0, count: 1024)

  /// Returns the number of the account with the key at `row` of `rowKeys`, adding it when
  /// it is new, in which case the number is the previous count.
  mutating func insert(_ row: Int, of rowKeys: TextList, hash: UInt64) -> Int {
    let mask = slots.count - 1
    var slot = Int(truncatingIfNeeded: hash) & mask
    let range = rowKeys.range(at: row)
    while slots[slot] != 0 {
      let account = Int(slots[slot]) - 1
      if hashes[account] == hash, keys.bytes[keys.range(at: account)] == rowKeys.bytes[range] {
        return account
      }
      slot = (slot + 1) & mask
    }

    let account = hashes.count
    slots[slot] = Int32(account + 1)
    hashes.append(hash)
    keys.bytes.append(contentsOf: rowKeys.bytes[range])
    keys.ends.append(keys.bytes.count)
    if 2 * hashes.count > slots.count { grow() }
    return account
  }

  private mutating func grow() {
    slots = [Int32](repeating: 0, count: 2 * slots.count)
    let mask = slots.count - 1
    for (account, hash) in hashes.enumerated() {
      var slot = Int(truncatingIfNeeded: hash) & mask
      while slots[slot] != 0 { slot = (slot + 1) & mask }
      slots[slot] = Int32(account + 1)
    }
  }
}
