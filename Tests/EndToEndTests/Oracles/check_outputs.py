#!/usr/bin/env python3
"""Read review's CSV and JSON output of the renewals agenda back with Python's own csv and
json modules, and check both against each other and against the sample export.

Usage: check_outputs.py SAMPLE.csv renewals.csv renewals.json
Prints "ok ROWS" or the first mismatch, and exits non-zero on a mismatch.
"""

import csv
import datetime as dt
import json
import sys


def fail(message):
    print(message)
    sys.exit(1)


def main():
    sample_path, csv_path, json_path = sys.argv[1:4]
    with open(sample_path, newline="", encoding="utf-8-sig") as file:
        sample = {row["Account ID"]: row for row in csv.DictReader(file)}
    with open(csv_path, newline="", encoding="utf-8") as file:
        csv_rows = list(csv.DictReader(file))
    with open(json_path, encoding="utf-8") as file:
        json_rows = json.load(file)

    if len(csv_rows) != len(json_rows):
        fail(f"csv has {len(csv_rows)} rows, json {len(json_rows)}")
    if not csv_rows:
        fail("no rows")
    today = dt.date(2022, 2, 1)
    for row, record in zip(csv_rows, json_rows):
        account = sample.get(row["id"])
        if account is None:
            fail(f"unknown id {row['id']}")
        if record["id"] != row["id"] or record["name"] != row["name"] or row["name"] != account["Client"]:
            fail(f"name of {row['id']} differs: {row['name']!r} {record['name']!r} {account['Client']!r}")
        arr = float(account["ARR"].replace("$", "").replace(",", "") or "nan")
        if float(row["arr"]) != arr or float(record["arr"]) != arr:
            fail(f"arr of {row['id']} differs: {row['arr']} {record['arr']} {arr}")
        renewal = dt.datetime.strptime(account["Renewal"], "%b %d, %Y").date()
        if row["renewal_date"] != renewal.isoformat() or record["renewal_date"] != renewal.isoformat():
            fail(f"renewal of {row['id']} differs")
        days = (renewal - today).days
        if int(row["days_to_renewal"]) != days or record["days_to_renewal"] != days or not 0 <= days < 120:
            fail(f"days to renewal of {row['id']} differ: {row['days_to_renewal']} {days}")
        if float(row["health"]) != float(account["SuccessScore"]) or record["health"] != float(account["SuccessScore"]):
            fail(f"health of {row['id']} differs")
        if row["status"] != account["Status"].lower() or record["status"] != row["status"]:
            fail(f"status of {row['id']} differs")
    dates = [row["renewal_date"] for row in csv_rows]
    if dates != sorted(dates):
        fail("rows are not in renewal order")
    expected = sum(
        1
        for account in sample.values()
        if account["Stage"] != "Churned"
        and not account["Churn Date"]
        and 0 <= (dt.datetime.strptime(account["Renewal"], "%b %d, %Y").date() - today).days < 120
    )
    if expected != len(csv_rows):
        fail(f"expected {expected} renewals, got {len(csv_rows)}")
    print(f"ok {len(csv_rows)}")


if __name__ == "__main__":
    main()
