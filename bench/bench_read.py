"""Benchmark: read a large contacts export, parse its typed columns, write Parquet.

Why: a real CRM export can hold a million contacts, and the import must stay well under 30 s
and 3 GB on a 2-core machine. This script generates a deterministic contacts-like CSV
(20 columns: names, emails, phones, US dates, dollar amounts, yes/no flags, free text with
commas and quotes) into a temporary folder, then measures each size in a fresh subprocess
under ``/usr/bin/time -v`` so the peak memory is that of the import alone.

    python bench/bench_read.py                 # 100,000 and 1,000,000 rows
    python bench/bench_read.py --rows 20000    # any sizes
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd
from timing import machine_line, measure_command

ROOT = Path(__file__).resolve().parent.parent
FIRST_NAMES = ["James", "Mary", "Robert", "Patricia", "José", "Zoë", "Li", "Aisha", "Björn", "Chloé",
               "Mohammed", "Sofia", "Liam", "Olivia", "Noah", "Emma", "Lucas", "Mia", "Ethan", "Ava"]  # fmt: skip
LAST_NAMES = ["Smith", "Johnson", "Williams", "Brown", "Jones", "García", "Müller", "O'Brien", "Nguyen",
              "Kowalski", "Rossi", "Dubois", "Tanaka", "Silva", "Andersson", "Patel", "Kim", "Lee"]  # fmt: skip
COMPANIES = ["Acme Corp", "Globex, Inc.", "Initech", "Umbrella Ltd", "Stark Industries", "Wayne Enterprises",
             "Hooli", "Vandelay Industries", "Soylent Co", "Tyrell Corp"]  # fmt: skip
CITIES = [("Springfield", "IL", "62701"), ("Austin", "TX", "73301"), ("Boston", "MA", "02108"),
          ("Denver", "CO", "80201"), ("Seattle", "WA", "98101"), ("Miami", "FL", "33101")]  # fmt: skip
TITLES = ["CEO", "VP Sales", "Marketing Manager", "Account Executive", "CTO", "Office Manager", ""]
SOURCES = ["Web", "Trade Show", "Referral", "Cold Call", "Partner", ""]
OWNERS = ["Dana Scully", "Fox Mulder", "Walter Skinner", "Monica Reyes"]
NOTES = ["Met at conference, follow up in Q3", 'Asked for "enterprise" pricing', "", "Prefers email; no calls",
         "Renewal due, budget approved", ""]  # fmt: skip


def generate_contacts(rows: int, path: Path, seed: int = 20260314) -> None:
    """Write a deterministic contacts export of ``rows`` rows x 20 columns to ``path``."""
    rng = np.random.default_rng(seed)

    def pick(options: list) -> pd.Series:
        return pd.Series(np.asarray(options, dtype=object)[rng.integers(0, len(options), rows)])

    first, last = pick(FIRST_NAMES), pick(LAST_NAMES)
    number = pd.Series(np.arange(rows)).astype(str)
    city_index = rng.integers(0, len(CITIES), rows)
    created = pd.Timestamp("2019-01-01") + pd.to_timedelta(
        rng.integers(0, 7 * 365 * 24 * 60, rows), unit="min"
    )
    active = pd.Timestamp("2023-01-01") + pd.to_timedelta(rng.integers(0, 3 * 365, rows), unit="D")
    revenue = rng.integers(0, 500_000_000, rows) / 100
    phones = pd.Series(rng.integers(2_000_000_000, 9_999_999_999, rows)).astype(str)
    frame = pd.DataFrame(
        {
            "Contact ID": "003" + number.str.zfill(12),
            "First Name": first,
            "Last Name": last,
            "Email": first.str.lower()
            + "."
            + last.str.lower().str.replace("'", "")
            + number
            + "@example.com",
            "Phone": "(" + phones.str[:3] + ") " + phones.str[3:6] + "-" + phones.str[6:],
            "Mobile": "+1 " + phones.str[::-1].str[:3] + " " + phones.str[3:6] + " " + phones.str[6:],
            "Account Name": pick(COMPANIES),
            "Title": pick(TITLES),
            "Mailing Street": (rng.integers(1, 9999, rows)).astype(str) + " Main St",
            "Mailing City": [CITIES[i][0] for i in city_index],
            "Mailing State": [CITIES[i][1] for i in city_index],
            "Mailing Zip": [CITIES[i][2] for i in city_index],
            "Mailing Country": "United States",
            "Lead Source": pick(SOURCES),
            "Contact Owner": pick(OWNERS),
            "Created Date": _us_datetimes(pd.Series(created)),
            "Last Activity": _us_dates(pd.Series(active)),
            "Annual Revenue": pd.Series(revenue).map("${:,.2f}".format),
            "Email Opt Out": pick(["Yes", "No", "No", "No"]),
            "Description": pick(NOTES),
        }
    )
    frame.to_csv(path, index=False)


def _us_dates(stamps: pd.Series) -> pd.Series:
    return stamps.dt.month.astype(str) + "/" + stamps.dt.day.astype(str) + "/" + stamps.dt.year.astype(str)


def _us_datetimes(stamps: pd.Series) -> pd.Series:
    return _us_dates(stamps) + " " + stamps.dt.strftime("%I:%M %p").str.lstrip("0")


def measure(path: Path) -> dict[str, float]:
    """The timed work, run inside the measured subprocess: read, parse, write Parquet."""
    sys.path.insert(0, str(ROOT))
    from crm_core.reading import read_table
    from crm_core.values import parse_booleans, parse_dates, parse_numbers

    started = time.perf_counter()
    table = read_table(path)
    read_done = time.perf_counter()
    frame = table.frame
    parsed = {
        "Created Date": parse_dates(frame["Created Date"], with_time=True),
        "Last Activity": parse_dates(frame["Last Activity"]),
        "Annual Revenue": parse_numbers(frame["Annual Revenue"]),
        "Email Opt Out": parse_booleans(frame["Email Opt Out"]),
    }
    parse_done = time.perf_counter()
    assert all(outcome.failed == 0 for outcome in parsed.values()), "generated values must all parse"
    typed = frame.assign(**{f"{name} (parsed)": outcome.values for name, outcome in parsed.items()})
    typed.to_parquet(path.with_suffix(".parquet"), engine="pyarrow", index=False)
    finished = time.perf_counter()
    return {
        "rows": table.report.rows,
        "read_s": read_done - started,
        "parse_s": parse_done - read_done,
        "parquet_s": finished - parse_done,
    }


def run_size(rows: int, folder: Path) -> dict[str, float]:
    """Generate the file for ``rows`` (outside the measurement), then time it in a fresh process."""
    path = folder / f"contacts_{rows}.csv"
    if not path.exists():
        generate_contacts(rows, path)
    measured = measure_command([sys.executable, __file__, "--measure", str(path)])
    result = json.loads(measured.stdout.strip().splitlines()[-1])
    return {
        **result,
        "file_mb": path.stat().st_size / 1024**2,
        "wall_s": measured.wall_s,
        "peak_rss_mb": measured.peak_rss_mb,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, nargs="*", default=[100_000, 1_000_000])
    parser.add_argument("--measure", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(args.measure)))
        return
    print(machine_line())
    print(
        f"{'rows':>10} {'file MB':>8} {'read s':>7} {'parse s':>8} {'parquet s':>9} {'wall s':>7} {'peak MB':>8}"
    )
    with tempfile.TemporaryDirectory(prefix="crm-bench-") as folder:
        for rows in args.rows:
            r = run_size(rows, Path(folder))
            print(f"{rows:>10,} {r['file_mb']:>8.1f} {r['read_s']:>7.1f} {r['parse_s']:>8.1f} "
                  f"{r['parquet_s']:>9.1f} {r['wall_s']:>7.1f} {r['peak_rss_mb']:>8.0f}")  # fmt: skip


if __name__ == "__main__":
    main()
