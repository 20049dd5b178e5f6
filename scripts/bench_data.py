"""Generate the benchmark books, the same fictional accounts as CSV and as JSON Lines.

A given seed and count always write the same bytes on the same CPython minor version,
because the seeded `random` module fixes the sequence. Dates are spread
around TODAY, so run every tool with today = 2022-02-01. All values are plain so that
review, sqlite3, the DuckDB CLI and Miller read them alike: ISO dates, whole-dollar
numbers, lowercase stages, an empty cell (CSV) or null (JSON) for a missing value.

Rows are written from preformatted strings because the csv and json modules are several
times slower, and the one-million-account book has to be written in seconds.

Usage as a script: python3 scripts/bench_data.py COUNT OUT_DIR
"""

import datetime as dt
import hashlib
import json
import math
import os
import platform
import random
import sys
import time

TODAY = dt.date(2022, 2, 1)
SEED = 20220201
# The first CORE_COLUMNS columns are the 14 that the speed targets were first set on; a
# core book has only them.
CORE_COLUMNS = 14
COLUMNS = [
    "id", "name", "csm", "exec_sponsor", "arr", "tcv", "client_since", "renewal_date",
    "health", "status", "last_touch", "last_engaged", "stage", "usage", "nps", "nps_date",
    "nps_comment", "goals_total", "goals_achieved", "expansion_arr", "expansion_stage",
    "churn_date", "churn_reason", "renewed_date", "tier", "tags", "strategic",
]

# A fixed team, so that `by csm` returns the same small number of groups at every size.
CSMS = [
    "Maria Fell", "Tom Ito", "Priya Raman", "Jonas Berg", "Ana Sousa", "José Núñez",
    "Zoë Brontë", "Søren Kragh", "Chloé Martin", "山田 花子", "李 伟", "Olu Adeyemi",
    "Grace Kim", "Rafael Ortiz", "Ingrid Holm", "Marek Dvořák", "Aoife Byrne", "Lena Vogel",
    "Kofi Mensah", "Sara Lindqvist", "Dmitri Orlov", "Nadia Haddad", "Ben Carter", "Yuki Sato",
    "Elif Şahin", "Mateo García", "Hannah Weiß", "Arjun Mehta", "Lucía Romero", "Tomás Ruiz",
    "Anika Patel", "Ewan Shaw", "Fatima Zahra", "Pieter de Vries", "Camille Roux", "Jin Park",
    "Oskar Nowak", "Leila Karimi", "Noah Fischer", "Mia Rossi", "Ravi Kumar", "Emma Dubois",
    "Lukas Berger", "Sofia Costa", "Daniel O'Brien", "Ines Ferreira", "Kai Müller", "Zara Ali",
]
SPONSORS = [
    "Dana Whitlock", "Grace Okafor", "Henrik Lund", "Amélie Laurent", "Victor Hale",
    "Keiko Tanaka", "Omar Farouk", "Beatriz Lima", "Stefan Ilić", "Ruth Abernathy",
    "Chen Jing", "Laura Méndez", "Patrick Doyle", "Ayesha Raza", "Nils Ekström", "Maya Cohen",
]

# Account names combine a first word, a second word and a legal form into 98,280 distinct
# names, too many for a text column to be stored as a handful of values.
# Some parts carry accents, CJK characters, commas or double quotes, so CSV quoting and
# doubled quotes occur throughout the book.
FIRST_WORDS = [
    "Blue", "North", "Silver", "Granite", "Harbor", "Maple", "Summit", "Copper", "Lumen",
    "Orbit", "Prairie", "Cedar", "Falcon", "Quartz", "Willow", "Atlas", "Beacon", "Crescent",
    "Delta", "Ember", "Juniper", "Kestrel", "Lantern", "Meridian", "Nimbus", "Pioneer",
    "Redwood", "Sable", "Tidal", "Vista", "Aurora", "Basalt", "Cobalt", "Dune", "Evergreen",
    "Fjord", "Glacier", "Hollow", "Iris", "Jasper", "Keystone", "Lotus", "Mistral", "Nova",
    "Onyx", "Pinnacle", "Quill", "Rivet", "Sequoia", "Thistle", "Umber", "Vector", "Wren",
    "Yarrow", "Zephyr", "Ardent", "Bright", "Clear", "Deep", "Echo", "Café", "Müller",
    "Øresund", "São Paulo", "Zoë's", "Société", "Ærø", "Łódź", "Škoda", "Crème", "Ñandú",
    "東京", "大阪", "北京", "上海", "ソウル", "名古屋", "Ελληνικά", "Κρήτη", "Кедр", "Волга",
    '"Blue Sky"', 'The "Best"', "Smith, Jones", "Hart, Lowe", '"Big" Bear', "Fox & Hound",
    "Night Owl", "Red Fern", "Iron Gate", "Sun Valley",
]
SECOND_WORDS = [
    "Analytics", "Logistics", "Health", "Foods", "Labs", "Systems", "Studios", "Partners",
    "Robotics", "Outfitters", "Bank", "Energy", "Media", "Travel", "Insurance", "Motors",
    "Pharma", "Retail", "Software", "Networks", "Capital", "Freight", "Dental", "Clinics",
    "Brewing", "Textiles", "Learning", "Security", "Payments", "Mobility", "Farms", "Water",
    "Solar", "Mining", "Aviation", "Marine", "Hotels", "Games", "Design", "Consulting",
    "Têxtil", "Bäckerei", "Shipping", "Électrique", "Söhne", "物産", "商事", "電機", "工業",
    "Δίκτυα", "Технологии", "Data", "Cloud", "Works", "Group", "Supply", "Legal", "Audio",
    "Optics", "Ventures",
]
# Twelve of the 29 entries are empty, so about 40% of the names have no legal form.
LEGAL_FORMS = [
    "", "", "", "", "", "", "", "", "", "", "", "",
    " Inc.", ", Inc.", " LLC", ", LLC", " Ltd", " GmbH", " AG", " S.A.", " SAS", " B.V.", " AB",
    " Oy", " K.K.", " 株式会社", " & Co.", ' "Holdings"', " Pty Ltd",
]

# Stage weights out of 1000. Most accounts are active, a few churned, some have no stage.
STAGE_WEIGHTS = [
    ("active", 680), ("renewed", 110), ("onboarding", 60), ("trial", 30), ("poc", 20),
    ("churned", 70), ("", 30),
]

# Free-text answers to the NPS survey, some with commas and quotes.
NPS_COMMENTS = [
    "Great support team", "Too expensive for what we use", "Reporting is slow",
    "Saved us hours every week", 'The "insights" page is confusing', "Onboarding was smooth",
    "Missing an integration we need", "Love the mobile app, hate the export",
    "Renewal pricing was a surprise", "Our champion left, so we are reassessing",
]
EXPANSION_STAGES = ["discovery", "proposal", "negotiation", "verbal yes"]
CHURN_REASONS = [
    "budget cut", "acquired", "moved to a competitor", "project ended", "poor adoption",
    "champion left",
]
TIERS = [("Bronze", 40), ("Silver", 30), ("Gold", 20), ("Platinum", 10)]
TAGS = ["", "", "", "enterprise", "smb", "public sector", "healthcare;enterprise", "emea", "apac"]

# Day offsets from TODAY that a date can take, from about eleven years back to a year ahead.
FIRST_OFFSET = -4200
LAST_OFFSET = 400


def csv_field(text):
    """Return text as a CSV field, quoted (with doubled quotes) only when it must be."""
    if '"' in text or "," in text or "\n" in text:
        return '"' + text.replace('"', '""') + '"'
    return text


def json_string(text):
    return json.dumps(text, ensure_ascii=False)


def pair(text):
    """Return text as (CSV field, JSON value). An empty text is a missing value."""
    if text == "":
        return ("", "null")
    return (csv_field(text), json_string(text))


def stage_table():
    """Return a list of 1000 (CSV, JSON) stage pairs, indexed by a roll in [0, 1000)."""
    table = []
    for stage, weight in STAGE_WEIGHTS:
        table.extend([pair(stage)] * weight)
    assert len(table) == 1000
    return table


def date_table():
    """Return a dict from day offset to ISO date string, for FIRST_OFFSET..LAST_OFFSET."""
    return {
        offset: (TODAY + dt.timedelta(days=offset)).isoformat()
        for offset in range(FIRST_OFFSET, LAST_OFFSET + 1)
    }


def name_parts():
    """Return (CSV inner text, JSON inner text, needs quotes) for each name part list.

    CSV quoting and JSON escaping both work part by part, so a name's CSV field and JSON
    string are the concatenation of its parts' escaped texts.
    """
    def escape(part):
        needs_quotes = '"' in part or "," in part
        return (part.replace('"', '""'), json_string(part)[1:-1], needs_quotes)

    return [[escape(part) for part in parts] for parts in (FIRST_WORDS, SECOND_WORDS, LEGAL_FORMS)]


def generate(count, csv_path, jsonl_path, seed=SEED, core=False):
    """Write count accounts to csv_path and jsonl_path, in the same order.

    A core book has the first CORE_COLUMNS columns only, with the same values as the full
    book of the same seed, because every value is still drawn.
    """
    kept = CORE_COLUMNS if core else len(COLUMNS)
    rng = random.Random(seed)
    random_value = rng.random
    gauss = rng.gauss
    expovariate = rng.expovariate

    dates = date_table()
    csv_dates = dates
    json_dates = {offset: '"' + text + '"' for offset, text in dates.items()}
    stages = stage_table()
    csms = [pair(name) for name in CSMS]
    sponsors = [pair(name) for name in SPONSORS]
    firsts, seconds, forms = name_parts()
    statuses = {name: pair(name) for name in ("red", "yellow", "green")}
    status_flip = ["red", "yellow", "green"]
    nps_comments = [pair(text) for text in NPS_COMMENTS]
    expansion_stages = [pair(text) for text in EXPANSION_STAGES]
    churn_reasons = [pair(text) for text in CHURN_REASONS]
    tiers = [pair(name) for name, weight in TIERS for _ in range(weight)]
    tags = [pair(text) for text in TAGS]
    log_median_arr = math.log(20000)
    id_width = max(7, len(str(count)))

    csv_lines = [",".join(COLUMNS[:kept]) + "\n"]
    json_lines = []
    with open(csv_path, "w", encoding="utf-8", newline="") as csv_file, open(
        jsonl_path, "w", encoding="utf-8", newline=""
    ) as json_file:
        for number in range(1, count + 1):
            account_id = f"A{number:0{id_width}d}"

            first = firsts[int(random_value() * len(firsts))]
            second = seconds[int(random_value() * len(seconds))]
            form = forms[int(random_value() * len(forms))]
            name_inner = first[0] + " " + second[0] + form[0]
            if first[2] or second[2] or form[2]:
                name_csv = '"' + name_inner + '"'
            else:
                name_csv = name_inner
            name_json = '"' + first[1] + " " + second[1] + form[1] + '"'

            csm_csv, csm_json = csms[int(random_value() * len(csms))]

            # ARR is log-normal with a median of $20k, so about a fifth of accounts are above
            # $50k. It is rounded down to $100, and half a percent of accounts have none.
            if random_value() < 0.005:
                arr = None
                arr_text, arr_json = "", "null"
                tcv_text, tcv_json = "", "null"
            else:
                arr = int(math.exp(log_median_arr + 1.1 * gauss(0.0, 1.0)) / 100) * 100
                arr = min(max(arr, 1200), 5_000_000)
                arr_text = arr_json = str(arr)
                roll = random_value()
                if roll < 0.6:
                    years = 1
                elif roll < 0.85:
                    years = 2
                else:
                    years = 3
                tcv_text = tcv_json = str(arr * years)

            # Larger accounts usually have an executive sponsor, small ones rarely do.
            sponsor_chance = 0.9 if arr is not None and arr >= 50000 else 0.1
            if random_value() < sponsor_chance:
                sponsor_csv, sponsor_json = sponsors[int(random_value() * len(sponsors))]
            else:
                sponsor_csv, sponsor_json = "", "null"

            # Start dates are exponential with a mean of 900 days, cut at FIRST_OFFSET.
            since_offset = -min(int(expovariate(1 / 900.0)), -FIRST_OFFSET)
            since_csv, since_json = csv_dates[since_offset], json_dates[since_offset]

            # The next renewal falls anywhere from two months overdue to a year ahead.
            if random_value() < 0.01:
                renewal_csv, renewal_json = "", "null"
            else:
                renewal_offset = int(random_value() * 426) - 60
                renewal_csv = csv_dates[renewal_offset]
                renewal_json = json_dates[renewal_offset]

            health_value = int(gauss(65.0, 20.0))
            health_value = min(max(health_value, 0), 100)
            if random_value() < 0.02:
                health_text, health_json = "", "null"
            else:
                health_text = health_json = str(health_value)
            if health_value < 40:
                status = "red"
            elif health_value < 70:
                status = "yellow"
            else:
                status = "green"
            # A CSM overrides the computed status now and then.
            if random_value() < 0.03:
                status = status_flip[int(random_value() * 3)]
            status_csv, status_json = statuses[status]

            # Touches are frequent, two-way engagement rarer and never after the last touch.
            if random_value() < 0.03:
                touch_offset = None
                touch_csv, touch_json = "", "null"
            else:
                touch_offset = -min(int(expovariate(1 / 20.0)), 1500)
                touch_csv, touch_json = csv_dates[touch_offset], json_dates[touch_offset]
            if touch_offset is None or random_value() < 0.12:
                engaged_csv, engaged_json = "", "null"
            else:
                engaged_offset = touch_offset - min(int(expovariate(1 / 25.0)), 1500)
                engaged_offset = max(engaged_offset, FIRST_OFFSET)
                engaged_csv = csv_dates[engaged_offset]
                engaged_json = json_dates[engaged_offset]

            stage_csv, stage_json = stages[int(random_value() * 1000)]

            if random_value() < 0.02:
                usage_text, usage_json = "", "null"
            else:
                usage_value = min(max(int(gauss(55.0, 25.0)), 0), 100)
                usage_text = usage_json = str(usage_value)

            # About two thirds answered the NPS survey within the last year, half of them
            # with a comment.
            if random_value() < 0.65:
                nps_text = nps_json = str(min(max(int(gauss(7.0, 2.5)), 0), 10))
                nps_offset = max(since_offset, -int(random_value() * 365))
                nps_date_csv, nps_date_json = csv_dates[nps_offset], json_dates[nps_offset]
                if random_value() < 0.5:
                    comment_csv, comment_json = nps_comments[int(random_value() * 10)]
                else:
                    comment_csv, comment_json = "", "null"
            else:
                nps_text = nps_date_csv = comment_csv = ""
                nps_json = nps_date_json = comment_json = "null"

            # Three accounts in four have documented goals, and some of them are met.
            if random_value() < 0.75:
                goals_total = 1 + int(random_value() * 6)
                goals_achieved = int(random_value() * (goals_total + 1))
                goals_text = goals_json = str(goals_total)
                achieved_text = achieved_json = str(goals_achieved)
            else:
                goals_text = achieved_text = ""
                goals_json = achieved_json = "null"

            # One account in six has an open expansion opportunity.
            if arr is not None and random_value() < 0.16:
                expansion_text = expansion_json = str(int(arr * (0.1 + random_value()) / 100) * 100)
                expansion_stage_csv, expansion_stage_json = expansion_stages[
                    int(random_value() * len(expansion_stages))
                ]
            else:
                expansion_text = expansion_stage_csv = ""
                expansion_json = expansion_stage_json = "null"

            # Churned accounts have a churn date and reason; renewed ones a renewal date.
            churn_csv = reason_csv = renewed_csv = ""
            churn_json = reason_json = renewed_json = "null"
            if stage_csv == "churned":
                churn_offset = max(since_offset, -int(random_value() * 300))
                churn_csv, churn_json = csv_dates[churn_offset], json_dates[churn_offset]
                reason_csv, reason_json = churn_reasons[int(random_value() * len(churn_reasons))]
            elif stage_csv == "renewed":
                renewed_offset = max(since_offset, -int(random_value() * 200))
                renewed_csv, renewed_json = csv_dates[renewed_offset], json_dates[renewed_offset]

            tier_csv, tier_json = tiers[int(random_value() * 100)]
            tags_csv, tags_json = tags[int(random_value() * len(tags))]
            if arr is not None and arr >= 200000 and random_value() < 0.3:
                strategic_text = strategic_json = "true"
            else:
                strategic_text = strategic_json = "false"

            csv_fields = [
                account_id, name_csv, csm_csv, sponsor_csv, arr_text, tcv_text, since_csv,
                renewal_csv, health_text, status_csv, touch_csv, engaged_csv, stage_csv,
                usage_text, nps_text, nps_date_csv, comment_csv, goals_text, achieved_text,
                expansion_text, expansion_stage_csv, churn_csv, reason_csv, renewed_csv,
                tier_csv, tags_csv, strategic_text,
            ]
            json_values = [
                f'"{account_id}"', name_json, csm_json, sponsor_json, arr_json, tcv_json,
                since_json, renewal_json, health_json, status_json, touch_json, engaged_json,
                stage_json, usage_json, nps_json, nps_date_json, comment_json, goals_json,
                achieved_json, expansion_json, expansion_stage_json, churn_json, reason_json,
                renewed_json, tier_json, tags_json, strategic_json,
            ]
            csv_lines.append(",".join(csv_fields[:kept]) + "\n")
            json_lines.append(
                "{"
                + ",".join(
                    f'"{column}":{value}'
                    for column, value in zip(COLUMNS[:kept], json_values[:kept])
                )
                + "}\n"
            )
            if len(json_lines) >= 20000:
                csv_file.write("".join(csv_lines))
                json_file.write("".join(json_lines))
                csv_lines.clear()
                json_lines.clear()
        csv_file.write("".join(csv_lines))
        json_file.write("".join(json_lines))


def generator_fingerprint():
    """Return a hash of this module's source, so that editing the generator invalidates
    the books made by an earlier version."""
    with open(__file__, "rb") as source:
        return hashlib.sha256(source.read()).hexdigest()[:16]


def file_sha256(path):
    digest = hashlib.sha256()
    with open(path, "rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def ensure_books(data_dir, sizes, log, core=False):
    """Generate the books that are missing or stale and return {size: (csv, jsonl)}.

    Core books (see `generate`) are named accounts-core-SIZE.

    data_dir/manifest.json stores each file's SHA-256 with the recipe that made it (the
    generator fingerprint, the seed and the Python version). A file is reused only when the
    recipe is the same and the file on disk still has the recorded hash.
    """
    os.makedirs(data_dir, exist_ok=True)
    manifest_path = os.path.join(data_dir, "manifest.json")
    try:
        with open(manifest_path, encoding="utf-8") as stream:
            manifest = json.load(stream)
    except (OSError, ValueError):
        manifest = {}
    recipe = {
        "generator": generator_fingerprint(),
        "seed": SEED,
        "python": ".".join(platform.python_version_tuple()[:2]),
    }

    books = {}
    for size in sizes:
        name = f"accounts-core-{size}" if core else f"accounts-{size}"
        base = os.path.join(data_dir, name)
        paths = (base + ".csv", base + ".jsonl")
        entry = manifest.get(name, {})
        reusable = entry.get("recipe") == recipe and all(
            os.path.isfile(path) and file_sha256(path) == entry.get(os.path.basename(path))
            for path in paths
        )
        if reusable:
            log(f"reusing {paths[0]} and {paths[1]} (content hashes match)")
        else:
            log(f"generating {size:,} accounts into {paths[0]} and {paths[1]}")
            start = time.perf_counter()
            generate(size, paths[0], paths[1], core=core)
            log(f"  generated in {time.perf_counter() - start:.1f} s")
            entry = {"recipe": recipe}
            for path in paths:
                entry[os.path.basename(path)] = file_sha256(path)
            manifest[name] = entry
            with open(manifest_path, "w", encoding="utf-8") as stream:
                json.dump(manifest, stream, indent=2, sort_keys=True)
        books[size] = paths
    return books


def main(arguments):
    if len(arguments) != 2:
        print(__doc__.strip().splitlines()[-1], file=sys.stderr)
        return 2
    count = int(arguments[0])
    os.makedirs(arguments[1], exist_ok=True)
    base = os.path.join(arguments[1], f"accounts-{count}")
    generate(count, base + ".csv", base + ".jsonl")
    print(base + ".csv")
    print(base + ".jsonl")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
