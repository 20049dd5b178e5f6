#!/usr/bin/env python3
"""Generate the fictional sample book in samples/ (CSV and JSON with the same accounts).

Deterministic: the same seed always writes the same files. The data is dated around
2022-02-01, so run review with --today 2022-02-01 for the intended picture. Every name is
invented.

The accounts are consistent as a real export is: no contact, NPS answer, churn or renewal
before client_since, the last touch never before the last engagement, churn and renewed
dates only with their stages, and renewals on anniversaries of the start. The script
checks these rules before it writes and stops with the accounts that break one.

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
SPONSORS = ["Dana Whitlock", "Rafael Ortiz", "Grace Okafor", "Henrik Lund", "Inès Duval", "Søren Vik"]
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
# More such names. They take the last ids, so the ids of the names above do not depend on them.
LATER_NAMES = [
    "東京ロジスティクス",
    "深圳智造",
    "Ångström Lighting",
    "Nuñez & Hijos",
    'Açaí "Tropical" Bowls',
    "Baker, Hale and Ruiz",
    "Crème Brûlée Café",
    "Łódź Precision",
]
TRIAL_STAGES = ("Trial", "POC", "Opt-out")


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


def days_ago(days):
    return TODAY - dt.timedelta(days=days)


def add_years(day, years):
    """Return the same day `years` later (or earlier), with 29 February moved to the 28th."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def next_anniversary(since, term):
    """Return the first end of a `term`-year contract period from `since` after today."""
    periods = 1
    while add_years(since, term * periods) <= TODAY:
        periods += 1
    return add_years(since, term * periods)


def last_anniversary(since):
    """Return the latest anniversary of `since` before today, or None in the first year."""
    years = 1
    latest = None
    while add_years(since, years) < TODAY:
        latest = add_years(since, years)
        years += 1
    return latest


def plan_contract(rng, account):
    """Set the stage, the start, the contract term and the renewal, churn and renewed dates.

    Contracts run for whole years from the start, so a renewal falls on an anniversary of
    client_since. A trial or a proof of concept ends on a decision date two weeks to three
    months after its start.
    """
    term = rng.choice([1, 1, 1, 1, 1, 1, 1, 2, 2, 3])
    roll = rng.random()
    if roll < 0.06:
        stage = "Onboarding"
        since = days_ago(rng.randint(3, 85))
        renewal = add_years(since, term)
    elif roll < 0.08:
        stage = "Trial"
        length = rng.choice([14, 30, 30, 45])
        since = days_ago(rng.randint(3, length - 2))
        renewal = since + dt.timedelta(days=length)
        term = 1
    elif roll < 0.10:
        stage = "POC"
        length = rng.choice([60, 90])
        since = days_ago(rng.randint(5, length - 5))
        renewal = since + dt.timedelta(days=length)
        term = 1
    elif roll < 0.12:
        # A first contract that the customer may leave during its opening months.
        stage = "Opt-out"
        since = days_ago(rng.randint(10, 150))
        renewal = add_years(since, 1)
        term = 1
    elif roll < 0.19:
        stage = "Churned"
        term = 1
        since = days_ago(rng.randint(420, 2600))
        # Most leave at the end of a contract year, but an acquisition ends a contract mid-term.
        account["churn_reason"] = rng.choice(CHURN_REASONS)
        churn = last_anniversary(since)
        if account["churn_reason"] == "acquired":
            churn = min(churn + dt.timedelta(days=rng.randint(20, 200)), days_ago(1))
        account["churn_date"] = churn
        # The contract ends with the churn: there is no renewal ahead.
        renewal = churn
    elif roll < 0.30:
        stage = "Renewed"
        # The contract came up for renewal in the last hundred days and was signed up to a
        # month before it ended.
        ended = days_ago(rng.randint(0, 100))
        since = add_years(ended, -term * rng.randint(1, max(1, 6 // term)))
        account["renewed_date"] = ended - dt.timedelta(days=rng.randint(0, 30))
        renewal = add_years(ended, term)
    else:
        stage = "Active"
        since = days_ago(rng.randint(70, 3000))
        renewal = next_anniversary(since, term)
    account["stage"] = stage
    account["client_since"] = since
    account["renewal_date"] = renewal
    return term


def plan_health(rng, stage):
    if stage == "Churned":
        return rng.uniform(5, 35)
    if stage == "Onboarding":
        return rng.uniform(45, 85)
    if stage in TRIAL_STAGES:
        return rng.uniform(35, 85)
    if stage == "Renewed":
        return max(20.0, min(99.0, rng.gauss(70, 15)))
    return max(3.0, min(99.0, rng.gauss(60, 22)))


def engaged_days_ago(rng, stage, status, tier):
    """Draw the days since the last two-way engagement, or None for never engaged.

    Most accounts spoke with their CSM in the last month. Red accounts and free ones, which
    get little personal attention, go quiet more often, and only small accounts are never
    engaged. An account just renewed has just been in a renewal conversation.
    """
    if stage == "Onboarding":
        return None if tier == "Free" and rng.random() < 0.5 else rng.randint(1, 14)
    if stage in ("Trial", "POC"):
        return rng.randint(1, 21)
    recent = {"Green": 0.72, "Yellow": 0.6, "Red": 0.42}[status]
    recent += {"Platinum": 0.12, "Gold": 0.05, "Silver": 0.0, "Free": -0.15}[tier]
    if stage == "Renewed":
        recent += 0.15
    never = {"Free": 0.06, "Silver": 0.03}.get(tier, 0.0)
    roll = rng.random()
    if roll < never:
        return None
    if roll < never + recent:
        return rng.randint(1, 30)
    if roll < never + recent + 0.12:
        return rng.randint(31, 45)
    return min(700, 46 + int(rng.expovariate(1 / 70)))


def plan_contact(rng, account):
    """Set last_engaged and last_touch, both on or after client_since and never in the future.

    A touch can be one-way (an email, an unanswered call), so the last touch is never before
    the last engagement, and quiet accounts often have a recent unanswered one.
    """
    since = account["client_since"]
    tenure = (TODAY - since).days
    if account["stage"] == "Churned":
        churn = account["churn_date"]
        engaged = churn - dt.timedelta(days=rng.randint(0, 150))
        engaged = max(engaged, since + dt.timedelta(days=rng.randint(0, 30)))
        account["last_engaged"] = engaged
        # An exit call or a last email can come a little after the churn date.
        touch = min(churn + dt.timedelta(days=rng.randint(0, 20)), days_ago(1))
        account["last_touch"] = max(touch, engaged)
        return

    days = engaged_days_ago(rng, account["stage"], account["status"], account["tier"])
    if days is None:
        account["last_engaged"] = None
        account["last_touch"] = days_ago(rng.randint(1, max(1, min(tenure, 60))))
        return
    days = min(days, tenure)
    account["last_engaged"] = days_ago(days)
    if days > 30 and rng.random() < 0.45:
        touch_days = rng.randint(1, 30)
    else:
        touch_days = max(1, days - rng.choice([0, 0, 0, 0, 1, 2, 5, 9]))
    account["last_touch"] = days_ago(min(touch_days, days))


def plan_nps(rng, account):
    """Set the latest NPS answer, if any: from 45 days after the start, and under a year old."""
    account["nps"] = account["nps_date"] = account["nps_comment"] = None
    if account["stage"] in TRIAL_STAGES:
        return
    latest = account.get("churn_date") or days_ago(1)
    earliest = max(account["client_since"] + dt.timedelta(days=45), latest - dt.timedelta(days=330))
    if earliest > latest or rng.random() > 0.72:
        return
    health = account["health"]
    if health >= 70:
        nps = rng.choice([7, 8, 9, 9, 9, 10, 10])
    elif health >= 40:
        nps = rng.choice([5, 6, 7, 7, 8, 8, 9, 9, 10])
    else:
        nps = rng.choice([0, 2, 3, 4, 5, 6, 6, 7, 8])
    account["nps"] = nps
    account["nps_date"] = earliest + dt.timedelta(days=rng.randint(0, (latest - earliest).days))
    if nps <= 6:
        category = "detractor"
    elif nps <= 8:
        category = "passive"
    else:
        category = "promoter"
    if rng.random() < 0.6:
        account["nps_comment"] = rng.choice(NPS_COMMENTS[category])


def plan_goals(rng, account):
    account["goals_total"] = account["goals_achieved"] = None
    if rng.random() >= 0.75:
        return
    health = account["health"]
    if account["stage"] in ("Onboarding",) + TRIAL_STAGES:
        total = rng.randint(1, 3)
        achieved = min(total, rng.choice([0, 0, 1]))
    else:
        total = rng.randint(1, 5)
        achieved = min(total, max(0, int(round(total * health / 100 + rng.uniform(-1, 1)))))
    account["goals_total"] = total
    account["goals_achieved"] = achieved


def make_accounts(count):
    rng = random.Random(SEED)
    names = make_names(rng, count - len(LATER_NAMES)) + LATER_NAMES
    accounts = []
    for index, name in enumerate(names):
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

        term = plan_contract(rng, account)
        account["tcv"] = arr * term
        stage = account["stage"]

        account["health"] = round(plan_health(rng, stage), 1)
        account["status"] = status_for(account["health"])
        plan_contact(rng, account)

        # New customers use the product less than their health suggests.
        expected_usage = account["health"]
        if stage == "Onboarding":
            expected_usage -= 15
        account["usage"] = max(0, min(100, int(rng.gauss(expected_usage, 15))))

        plan_nps(rng, account)
        plan_goals(rng, account)

        if stage in ("Active", "Renewed") and account["health"] >= 45 and rng.random() < 0.25:
            account["expansion_arr"] = int(round(max(5000, arr * rng.uniform(0.1, 0.6)), -2))
            account["expansion_stage"] = rng.choice(EXPANSION_STAGES)

        account["tags"] = "; ".join(sorted(rng.sample(TAGS, rng.randint(1, 3))))
        accounts.append(account)

    # The largest accounts are strategic, with a few others flagged by hand.
    ranked = sorted(accounts, key=lambda a: a["arr"], reverse=True)
    strategic = {a["id"] for a in ranked[:12]}
    for account in accounts:
        account["strategic"] = account["id"] in strategic or (account["arr"] > 50_000 and rng.random() < 0.08)
    return accounts


def check_accounts(accounts):
    """Return one line for each account that breaks a rule of a consistent book."""
    problems = []
    for account in accounts:
        def problem(text):
            problems.append(f"{account['id']} {account['name']}: {text}")

        since = account["client_since"]
        stage = account["stage"]
        if since > TODAY:
            problem("client_since is after today")
        for field in ("last_touch", "last_engaged", "nps_date", "churn_date", "renewed_date"):
            day = account.get(field)
            if day is not None and not since <= day <= TODAY:
                problem(f"{field} {day} is not between client_since {since} and today")
        if account["renewal_date"] <= since:
            problem("renewal_date is not after client_since")
        if account["last_engaged"] and account["last_touch"] < account["last_engaged"]:
            problem("last_touch is before last_engaged")
        churned = stage == "Churned"
        if churned != bool(account.get("churn_date")) or churned != bool(account.get("churn_reason")):
            problem("a churn date and reason go with the Churned stage, and only with it")
        if churned and account["renewal_date"] > TODAY:
            problem("a churned account has a renewal ahead")
        if not churned and account["renewal_date"] <= TODAY:
            problem("an account not churned has its renewal_date in the past")
        if (stage == "Renewed") != bool(account.get("renewed_date")):
            problem("a renewed date goes with the Renewed stage, and only with it")
        if stage == "Onboarding" and (TODAY - since).days >= 90:
            problem("onboarding for 90 days or more")
        if status_for(account["health"]) != account["status"]:
            problem("status does not match health")
        if (account["nps"] is None) != (account["nps_date"] is None):
            problem("an NPS answer and its date go together")
        if account["goals_total"] is not None and account["goals_achieved"] > account["goals_total"]:
            problem("more goals achieved than documented")
    return problems


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
    parser.add_argument("--count", type=int, default=248, help="accounts to generate (default 248)")
    parser.add_argument("--out", default="samples", help="folder to write into (default samples)")
    args = parser.parse_args()
    if not len(SPECIAL_NAMES) + len(LATER_NAMES) < args.count <= 500:
        parser.error("--count must be more than the fixed names and at most 500")
    accounts = make_accounts(args.count)
    problems = check_accounts(accounts)
    if problems:
        raise SystemExit("inconsistent accounts:\n" + "\n".join(problems))
    write_csv(accounts, f"{args.out}/accounts.csv")
    write_json(accounts, f"{args.out}/accounts.json")
    print(f"wrote {len(accounts)} accounts to {args.out}/accounts.csv and {args.out}/accounts.json")


if __name__ == "__main__":
    main()
