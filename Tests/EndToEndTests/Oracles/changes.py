#!/usr/bin/env python3
"""Independent answer to `changes` between two loads of an export on two days.

Usage: changes.py BEFORE.csv BEFORE-DAY AFTER.csv AFTER-DAY
Prints one line per change, "id|change|before|now", sorted, in review's wording.
"""

import csv
import datetime as dt
import sys


def read(path):
    with open(path, newline="", encoding="utf-8-sig") as file:
        return {row["Account ID"]: row for row in csv.DictReader(file)}


def date(text):
    return dt.datetime.strptime(text, "%b %d, %Y").date() if text.strip() else None


def number(text):
    return float(text) if text.strip() else None


def shown(value):
    if isinstance(value, float):
        return str(int(value)) if value == int(value) else str(value)
    return str(value)


def main():
    before, since = read(sys.argv[1]), dt.date.fromisoformat(sys.argv[2])
    after, today = read(sys.argv[3]), dt.date.fromisoformat(sys.argv[4])
    lines = []
    for key, now in after.items():
        was = before.get(key)
        if was is None:
            lines.append(f"{key}|new since {since.isoformat()}||")
            continue
        if now["Status"] and was["Status"] and now["Status"].lower() != was["Status"].lower():
            lines.append(f"{key}|status|{was['Status'].lower()}|{now['Status'].lower()}")
        health_now, health_was = number(now["SuccessScore"]), number(was["SuccessScore"])
        if health_now is not None and health_was is not None:
            crossed = any(
                (health_was >= line > health_now) or (health_was < line <= health_now) for line in (40, 80)
            )
            if not crossed and abs(health_now - health_was) > 10:
                word = "fell" if health_now < health_was else "rose"
                lines.append(f"{key}|health {word} by {shown(round(abs(health_now - health_was), 2))}|{shown(health_was)}|{shown(health_now)}")
            for line in (40, 80):
                if health_was >= line > health_now:
                    lines.append(f"{key}|health fell below {line}|{shown(health_was)}|{shown(health_now)}")
                if health_was < line <= health_now:
                    lines.append(f"{key}|health rose to {line} or above|{shown(health_was)}|{shown(health_now)}")
        renewal_now, renewal_was = date(now["Renewal"]), date(was["Renewal"])
        stage = now["Stage"].strip().lower()
        churned = stage == "churned" or bool(now["Churn Date"].strip())
        renewed = stage == "renewed" or bool(now["Renewed Date"].strip())
        if renewal_now is not None:
            # JSON carries the days to renewal as numbers, negative once the date passed.
            days_now = (renewal_now - today).days
            was_in = renewal_was is not None and 0 <= (renewal_was - since).days < 120
            before_text = str((renewal_was - since).days) if renewal_was else ""
            if 0 <= days_now < 120 and not was_in:
                lines.append(f"{key}|entered the 120-day renewal window|{before_text}|{days_now}")
            if since <= renewal_now < today and not churned and not renewed:
                lines.append(f"{key}|renewal date passed, not renewed|{before_text}|{days_now}")
        for column, word in (("Churn Date", "churned"), ("Renewed Date", "renewed")):
            day = date(now[column])
            if day is not None and since < day <= today:
                lines.append(f"{key}|{word}||{day.isoformat()}")
        arr_now = now["ARR"].replace("$", "").replace(",", "")
        arr_was = was["ARR"].replace("$", "").replace(",", "")
        if arr_now and arr_was and float(arr_now) != float(arr_was):
            lines.append(f"{key}|arr|{shown(float(arr_was))}|{shown(float(arr_now))}")
    for line in sorted(lines):
        print(line)


if __name__ == "__main__":
    main()
