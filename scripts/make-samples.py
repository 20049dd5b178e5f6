#!/usr/bin/env python3
"""Generate the fictional sample book in samples/ (CSV and JSON with the same accounts).

Deterministic: the same seed always writes the same files. The data is dated around
2022-02-01, so run review with --today 2022-02-01 for the intended picture. Every name is
invented.

Usage: scripts/make-samples.py [--count N] [--out DIR]
"""

import argparse
import csv
import datetime as dt
import json
import random

TODAY = dt.date(2022, 2, 1)
SEED = 20220201

CSMS = ["Maria Fell", "Tom Ito", "Priya Raman", "Jonas Berg", "Ana Sousa"]
SPONSORS = ["Dana Whitlock", "Rafael Ortiz", "Grace Okafor", "Henrik Lund"]
TIERS = [("Platinum", 0.15), ("Gold", 0.3), ("Silver", 0.4), ("Free", 0.15)]
TAGS = ["emea", "apac", "amer", "enterprise", "mid-market", "smb", "reseller", "discover"]
EXPANSION_STAGES = ["Discovery", "Proposal", "Negotiation"]
CHURN_REASONS = ["budget cut", "switched to competitor", "champion left", "low adoption", "acquired"]
NPS_COMMENTS = {
    "detractor": ["Support takes too long", "Reporting is confusing", "Too expensive for what we use"],
    "passive": ["Does the job", "Good, but onboarding was slow", "Would like more integrations"],
    "promoter": ["Our team relies on it daily", "Great support team", "Saved us hours every week"],
}

PREFIXES = [
    "Blue", "North", "Silver", "Granite", "Harbor", "Maple", "Summit", "Copper", "Lumen", "Orbit",
    "Prairie", "Cedar", "Falcon", "Quartz", "Willow", "Atlas", "Beacon", "Crescent", "Delta", "Ember",
    "Juniper", "Kestrel", "Lantern", "Meridian", "Nimbus", "Pioneer", "Redwood", "Sable", "Tidal", "Vista",
]
SUFFIXES = [
    "Analytics", "Logistics", "Health", "Foods", "Labs", "Systems", "Studios", "Partners", "Robotics",
    "Outfitters", "Bank", "Energy", "Media", "Travel", "Insurance", "Motors", "Pharma", "Retail",
]
# Names that exercise quoting, accents, wide characters and an emoji.
SPECIAL_NAMES = [
    "Müller & Söhne",
    "株式会社テスト",
    "Café Olé",
    "Zoë's Bakery",
    'The "Best" Widgets',
    "Smith, Jones & Partners",
    "Øresund Shipping",
    "Rocket 🚀 Labs",
    "São Paulo Têxtil",
    "Ελληνικά Data",
]


def pick_weighted(rng, choices):
    roll = rng.random()
    total = 0.0
    for value, weight in choices:
        total += weight
        if roll < total:
            return value
    return choices[-1][0]


def long_date(day):
    """May 1, 2016: as the CS platform export writes dates."""
    return f"{day.strftime('%b')} {day.day}, {day.year}"


def padded_long_date(day):
    """Dec 02, 2021: the other style the export uses."""
    return day.strftime("%b %d, %Y")


def money(amount):
    return f"${amount:,}"


def make_names(rng, count):
    names = list(SPECIAL_NAMES)
    seen = set(names)
    while len(names) < count:
        name = f"{rng.choice(PREFIXES)} {rng.choice(SUFFIXES)}"
        if name in seen:
            continue
        seen.add(name)
        names.append(name)
    rng.shuffle(names)
    return names


def status_for(health):
    if health < 40:
        return "Red"
    if health < 70:
        return "Yellow"
    return "Green"


def make_accounts(count):
    rng = random.Random(SEED)
    accounts = []
    for index, name in enumerate(make_names(rng, count)):
        account = {"id": f"ACC-{1001 + index}", "name": name}
        account["csm"] = CSMS[index % len(CSMS)] if rng.random() < 0.8 else rng.choice(CSMS)
        account["exec_sponsor"] = rng.choice(SPONSORS)
        tier = pick_weighted(rng, TIERS)
        account["tier"] = tier

        base = {"Platinum": 250_000, "Gold": 80_000, "Silver": 25_000, "Free": 0}[tier]
        arr = 0 if tier == "Free" else int(round(base * rng.lognormvariate(0, 0.6), -2))
        if tier == "Platinum" and rng.random() < 0.15:
            arr = int(round(rng.uniform(900_000, 1_600_000), -3))
        account["arr"] = arr
        account["tcv"] = arr * rng.choice([1, 1, 2, 3])

        roll = rng.random()
        if roll < 0.07:
            stage = "Onboarding"
            since = TODAY - dt.timedelta(days=rng.randint(5, 80))
        elif roll < 0.12:
            stage = rng.choice(["Trial", "POC", "Opt-out"])
            since = TODAY - dt.timedelta(days=rng.randint(10, 120))
        elif roll < 0.18:
            stage = "Churned"
            since = TODAY - dt.timedelta(days=rng.randint(400, 2400))
        elif roll < 0.27:
            stage = "Renewed"
            since = TODAY - dt.timedelta(days=rng.randint(400, 2600))
        else:
            stage = "Active"
            since = TODAY - dt.timedelta(days=rng.randint(95, 2800))
        account["stage"] = stage
        account["client_since"] = since

        if stage == "Churned":
            churn = TODAY - dt.timedelta(days=rng.randint(5, 300))
            account["churn_date"] = churn
            account["churn_reason"] = rng.choice(CHURN_REASONS)
            account["renewal_date"] = churn
        elif stage == "Renewed":
            renewed = TODAY - dt.timedelta(days=rng.randint(3, 120))
            account["renewed_date"] = renewed
            account["renewal_date"] = renewed + dt.timedelta(days=365)
        else:
            # The next anniversary of the start, so renewals spread over the year.
            anniversary = since.replace(year=TODAY.year) if not (since.month == 2 and since.day == 29) else since.replace(year=TODAY.year, day=28)
            while anniversary <= TODAY:
                anniversary = anniversary.replace(year=anniversary.year + 1)
            if stage in ("Onboarding", "Trial", "POC", "Opt-out"):
                anniversary = since + dt.timedelta(days=365)
            account["renewal_date"] = anniversary

        if stage == "Churned":
            health = rng.uniform(5, 35)
        elif stage == "Onboarding":
            health = rng.uniform(45, 85)
        else:
            health = max(3.0, min(99.0, rng.gauss(58, 22)))
        account["health"] = round(health, 1)
        account["status"] = status_for(account["health"])

        touch_days = rng.randint(1, 420) if stage != "Churned" else rng.randint(60, 500)
        if health > 70:
            touch_days = rng.randint(1, 60)
        account["last_touch"] = TODAY - dt.timedelta(days=touch_days)
        if rng.random() < 0.06:
            account["last_engaged"] = None
        else:
            account["last_engaged"] = TODAY - dt.timedelta(days=touch_days + rng.choice([0, 0, 0, 3, 10, 40]))

        usage = max(0, min(100, int(rng.gauss(health, 15))))
        account["usage"] = usage

        if rng.random() < 0.7 and stage not in ("Trial", "POC", "Opt-out"):
            if health >= 70:
                nps = rng.choice([8, 9, 9, 10, 10, 7])
            elif health >= 40:
                nps = rng.choice([5, 6, 7, 7, 8, 9])
            else:
                nps = rng.choice([0, 2, 3, 4, 5, 6, 7])
            account["nps"] = nps
            account["nps_date"] = TODAY - dt.timedelta(days=rng.randint(5, 330))
            category = "detractor" if nps <= 6 else ("passive" if nps <= 8 else "promoter")
            account["nps_comment"] = rng.choice(NPS_COMMENTS[category]) if rng.random() < 0.6 else None
        else:
            account["nps"] = None
            account["nps_date"] = None
            account["nps_comment"] = None

        if rng.random() < 0.75:
            total = rng.randint(1, 5)
            account["goals_total"] = total
            account["goals_achieved"] = min(total, max(0, int(round(total * health / 100 + rng.uniform(-1, 1)))))
        else:
            account["goals_total"] = None
            account["goals_achieved"] = None

        if stage in ("Active", "Renewed") and rng.random() < 0.2:
            account["expansion_arr"] = int(round(max(5000, arr * rng.uniform(0.1, 0.6)), -2))
            account["expansion_stage"] = rng.choice(EXPANSION_STAGES)
        else:
            account["expansion_arr"] = None
            account["expansion_stage"] = None

        account["tags"] = "; ".join(sorted(rng.sample(TAGS, rng.randint(1, 3))))
        accounts.append(account)

    # The largest accounts are strategic, with a few others flagged by hand.
    ranked = sorted(accounts, key=lambda a: a["arr"], reverse=True)
    strategic = {a["id"] for a in ranked[:12]}
    for account in accounts:
        account["strategic"] = account["id"] in strategic or (account["arr"] > 50_000 and rng.random() < 0.08)
    return accounts


CSV_COLUMNS = [
    ("Account ID", "id", str),
    ("Client", "name", str),
    ("Assigned CSM", "csm", str),
    ("Assigned Exec Sponsor", "exec_sponsor", str),
    ("SuccessScore", "health", lambda v: f"{v:.1f}"),
    ("Status", "status", str),
    ("ARR", "arr", money),
    ("TCV", "tcv", money),
    ("Client As Of", "client_since", long_date),
    ("Renewal", "renewal_date", long_date),
    ("Last Touch", "last_touch", long_date),
    ("Last Engaged", "last_engaged", padded_long_date),
    ("Stage", "stage", str),
    ("Usage Score", "usage", lambda v: f"{v}%"),
    ("NPS", "nps", str),
    ("NPS Date", "nps_date", long_date),
    ("NPS Comment", "nps_comment", str),
    ("Goals", "goals_total", str),
    ("Goals Achieved", "goals_achieved", str),
    ("Expansion ARR", "expansion_arr", money),
    ("Expansion Stage", "expansion_stage", str),
    ("Churn Date", "churn_date", long_date),
    ("Churn Reason", "churn_reason", str),
    ("Renewed Date", "renewed_date", long_date),
    ("Tier", "tier", str),
    ("Tags", "tags", str),
    ("Strategic", "strategic", lambda v: "Yes" if v else "No"),
]

JSON_KEYS = [
    ("accountId", "id"), ("name", "name"), ("assignedCsm", "csm"), ("execSponsor", "exec_sponsor"),
    ("healthScore", "health"), ("status", "status"), ("arr", "arr"), ("tcv", "tcv"),
    ("clientSince", "client_since"), ("renewalDate", "renewal_date"), ("lastTouch", "last_touch"),
    ("lastEngaged", "last_engaged"), ("stage", "stage"), ("usageScore", "usage"), ("nps", "nps"),
    ("npsDate", "nps_date"), ("npsComment", "nps_comment"), ("goalsTotal", "goals_total"),
    ("goalsAchieved", "goals_achieved"), ("expansionArr", "expansion_arr"),
    ("expansionStage", "expansion_stage"), ("churnDate", "churn_date"), ("churnReason", "churn_reason"),
    ("renewedDate", "renewed_date"), ("tier", "tier"), ("tags", "tags"), ("strategic", "strategic"),
]


def write_csv(accounts, path):
    with open(path, "w", newline="", encoding="utf-8") as file:
        writer = csv.writer(file, lineterminator="\r\n")
        writer.writerow([header for header, _, _ in CSV_COLUMNS])
        for account in accounts:
            row = []
            for _, key, render in CSV_COLUMNS:
                value = account.get(key)
                row.append("" if value is None else render(value))
            writer.writerow(row)


def write_json(accounts, path):
    records = []
    for account in accounts:
        record = {}
        for key, field in JSON_KEYS:
            value = account.get(field)
            if isinstance(value, dt.date):
                value = value.isoformat()
            record[key] = value
        record["attributes"] = {"type": "Account", "source": "sample"}
        records.append(record)
    with open(path, "w", encoding="utf-8") as file:
        json.dump({"records": records}, file, ensure_ascii=False, indent=1)
        file.write("\n")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=240, help="accounts to generate (default 240)")
    parser.add_argument("--out", default="samples", help="folder to write into (default samples)")
    args = parser.parse_args()
    accounts = make_accounts(args.count)
    write_csv(accounts, f"{args.out}/accounts.csv")
    write_json(accounts, f"{args.out}/accounts.json")
    print(f"wrote {len(accounts)} accounts to {args.out}/accounts.csv and {args.out}/accounts.json")


if __name__ == "__main__":
    main()
