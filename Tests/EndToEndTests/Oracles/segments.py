#!/usr/bin/env python3
"""Independent answers for the built-in segments over the sample CSV.

Reads the export with Python's csv module and decides for each account, from its raw
cells, whether it belongs to each segment, as a person reading the data would. Prints a
JSON object: segment name to the sorted list of account ids.

Usage: segments.py SAMPLE.csv TODAY
"""

import csv
import datetime as dt
import json
import sys


def money(text):
    text = text.strip().replace("$", "").replace(",", "")
    return float(text) if text else None


def number(text):
    text = text.strip().rstrip("%")
    return float(text) if text else None


def date(text):
    text = text.strip()
    return dt.datetime.strptime(text, "%b %d, %Y").date() if text else None


def main():
    path, today = sys.argv[1], dt.date.fromisoformat(sys.argv[2])
    with open(path, newline="", encoding="utf-8-sig") as file:
        accounts = list(csv.DictReader(file))

    def days_until(cell):
        day = date(cell)
        return None if day is None else (day - today).days

    def days_since(cell):
        day = date(cell)
        return None if day is None else (today - day).days

    segments = {name: [] for name in [
        "renewals<120", "renewals<90", "new<90", "trials", "unengaged>30", "unengaged>45",
        "low-usage", "high-usage", "goals", "goals met", "goals missing", "goals behind", "red",
        "yellow", "green", "health<40", "health>80", "top10", "strategic", "detractors",
        "passives", "promoters", "expansion", "churned", "renewed", "all",
    ]}
    ranked = []
    for account in accounts:
        key = account["Account ID"]
        stage = account["Stage"].lower()
        churned = stage == "churned" or bool(account["Churn Date"].strip())
        renewal = days_until(account["Renewal"])
        tenure = days_since(account["Client As Of"])
        engaged = days_since(account["Last Engaged"])
        usage = number(account["Usage Score"])
        health = number(account["SuccessScore"])
        nps = number(account["NPS"])
        total = number(account["Goals"])
        achieved = number(account["Goals Achieved"]) or 0
        status = account["Status"].lower()
        arr = money(account["ARR"])
        expansion = money(account["Expansion ARR"])

        def add(name, condition):
            if condition:
                segments[name].append(key)

        add("renewals<120", renewal is not None and 0 <= renewal < 120 and not churned)
        add("renewals<90", renewal is not None and 0 <= renewal < 90 and not churned)
        add("new<90", (tenure is not None and 0 <= tenure < 90) or stage == "onboarding")
        add("trials", stage in ("trial", "poc", "opt-out"))
        add("unengaged>30", (engaged is None or engaged > 30) and not churned)
        add("unengaged>45", (engaged is None or engaged > 45) and not churned)
        add("low-usage", usage is not None and usage < 40 and not churned)
        add("high-usage", usage is not None and usage > 80 and not churned)
        add("goals", total is not None and total > 0)
        add("goals met", total is not None and total > 0 and total - achieved <= 0)
        add("goals missing", total is None or total == 0)
        add("goals behind", total is not None and total > 0 and total - achieved > 0)
        for color in ("red", "yellow", "green"):
            add(color, status == color and not churned)
        add("health<40", health is not None and health < 40)
        add("health>80", health is not None and health > 80)
        add("strategic", account["Strategic"] == "Yes")
        add("detractors", nps is not None and 0 <= nps < 7)
        add("passives", nps is not None and 7 <= nps < 9)
        add("promoters", nps is not None and 9 <= nps <= 10)
        add("expansion", expansion is not None and expansion > 0 and not churned)
        add("churned", churned)
        add("renewed", stage == "renewed" or bool(account["Renewed Date"].strip()))
        add("all", True)
        if arr is not None and not churned:
            ranked.append((-arr, len(ranked), key))
    segments["top10"] = [key for _, _, key in sorted(ranked)[:10]]
    print(json.dumps({name: sorted(keys) for name, keys in segments.items()}))


if __name__ == "__main__":
    main()
