#!/usr/bin/env python3
"""Add actions through review and kill it with SIGKILL at random moments, again and again;
then check that every action review acknowledged is in the journal and that the journal
passes SQLite's integrity check.

Usage: kill_loop.py REVIEW SAMPLE.csv JOURNAL ROUNDS SEED
Prints one JSON object: rounds, acknowledged, missing (a list), integrity.
"""

import json
import os
import random
import re
import signal
import sqlite3
import subprocess
import sys
import threading
import time

ACKNOWLEDGED = re.compile(r"^added action (\d+): (r\d+-\d+) ")


def one_round(review, sample, journal, number, delay, acknowledged):
    process = subprocess.Popen(
        [review, sample, "--today", "2022-02-01", "--journal", journal],
        stdin=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env=dict(os.environ, XDG_CONFIG_HOME=os.path.dirname(journal) + "/config"),
    )

    def feed():
        try:
            for index in range(100000):
                process.stdin.write(f'action add "r{number}-{index}" owner leader\n'.encode())
                process.stdin.flush()
        except (BrokenPipeError, ValueError, OSError):
            pass

    def read():
        for line in process.stderr:
            match = ACKNOWLEDGED.match(line.decode("utf-8", "replace"))
            if match:
                acknowledged.append(match.group(2))

    writer = threading.Thread(target=feed, daemon=True)
    reader = threading.Thread(target=read, daemon=True)
    writer.start()
    reader.start()
    time.sleep(delay)
    process.send_signal(signal.SIGKILL)
    process.wait()
    reader.join(timeout=5)


def main():
    review, sample, journal, rounds, seed = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5])
    generator = random.Random(seed)
    acknowledged = []
    for number in range(rounds):
        one_round(review, sample, journal, number, generator.uniform(0.05, 0.6), acknowledged)

    database = sqlite3.connect(f"file:{journal}?mode=ro", uri=True)
    integrity = database.execute("PRAGMA integrity_check").fetchone()[0]
    stored = {text for (text,) in database.execute("SELECT text FROM actions")}
    missing = [text for text in acknowledged if text not in stored]
    print(json.dumps({"rounds": rounds, "acknowledged": len(acknowledged), "missing": missing, "integrity": integrity}))


if __name__ == "__main__":
    main()
