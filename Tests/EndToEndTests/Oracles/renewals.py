#!/usr/bin/env python3
"""Independent answer to `segment renewals<DAYS where arr>MIN` over the sample CSV.

Reads the export with Python's csv module, parses its money and dates with its own code,
loads the accounts into an in-memory SQLite table and selects with SQL: renewal date from
today to DAYS - 1 days ahead, ARR above MIN, not churned (stage Churned or a churn date).
Prints the matching account ids, one a line, in renewal-date order.

Usage: renewals.py FILE.csv TODAY DAYS MIN
"""

import csv
import datetime as dt
import sqlite3
import sys


def parse_money(text):
    text = text.strip().replace("$", "").replace(",", "")
    return float(text) if text else None


def parse_date(text):
    text = text.strip()
    if not text:
        return None
    for pattern in ("%b %d, %Y", "%Y-%m-%d"):
        try:
            return dt.datetime.strptime(text, pattern).date().isoformat()
        except ValueError:
            pass
    raise ValueError(f"unreadable date {text!r}")


def main():
    path, today, days, minimum = sys.argv[1], sys.argv[2], int(sys.argv[3]), float(sys.argv[4])
    database = sqlite3.connect(":memory:")
    database.execute(
        "CREATE TABLE accounts (id TEXT, arr REAL, renewal TEXT, stage TEXT, churn_date TEXT)"
    )
    with open(path, newline="", encoding="utf-8-sig") as file:
        for row in csv.DictReader(file):
            database.execute(
                "INSERT INTO accounts VALUES (?, ?, ?, ?, ?)",
                (
                    row["Account ID"],
                    parse_money(row["ARR"]),
                    parse_date(row["Renewal"]),
                    row["Stage"] or None,
                    parse_date(row["Churn Date"]),
                ),
            )
    query = """
        SELECT id FROM accounts
        WHERE julianday(renewal) - julianday(?) >= 0
          AND julianday(renewal) - julianday(?) < ?
          AND arr > ?
          AND NOT (lower(coalesce(stage, '')) = 'churned' OR churn_date IS NOT NULL)
        ORDER BY renewal, rowid
    """
    for (account_id,) in database.execute(query, (today, today, days, minimum)):
        print(account_id)


if __name__ == "__main__":
    main()
