"""Benchmark: the usage audit, speed to lead and the KPI catalogue on large exports.

Why: a mid-sized sales organisation logs a million activities a year; the usage audit and the
KPIs must stay under 30 s and 3 GB on a 2-core machine. This script generates deterministic
Salesforce-style exports (activities, deals, 50 users; owners written as names or as user ids,
a few bulk bursts, late entries and activities without owner; contacts, a tenth as many as the
activities, created at any minute of the day, half the activities logged on one of them) in a
temporary folder, then runs each size in a fresh process under ``/usr/bin/time -v``: reading the
four files as an import does, the usage audit (measures, findings, scores, speed to lead), the
pipeline audit and every KPI, and speed to lead on its own.

    python bench/bench_usage.py                              # 100,000 and 1,000,000 activities
    python bench/bench_usage.py --activities 20000 --deals 2000
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
AS_OF = "2026-10-01"
TEAMS = ["Sales"] * 30 + ["Support"] * 14 + ["Marketing"] * 4 + ["Operations"] * 2
TYPES = ["Call", "Email", "Meeting", "Visit", "Note", "Task"]
STAGES = ["Prospecting", "Qualification", "Needs Analysis", "Proposal/Price Quote", "Negotiation/Review",
          "Closed Won", "Closed Lost"]
PROBABILITY = [10, 10, 20, 75, 90, 100, 0]


def _us_dates(stamps: pd.Series) -> pd.Series:
    return stamps.dt.month.astype(str) + "/" + stamps.dt.day.astype(str) + "/" + stamps.dt.year.astype(str)


def _us_datetimes(stamps: pd.Series) -> pd.Series:
    return _us_dates(stamps) + " " + stamps.dt.strftime("%I:%M %p").str.lstrip("0")


def generate(activities: int, deals: int, folder: Path, seed: int = 20261001) -> None:
    """Write users.csv (50), deals.csv and activities.csv into ``folder``."""
    rng = np.random.default_rng(seed)
    names = [f"User {n:02d} Example" for n in range(50)]
    ids = [f"0058d0000Y{n:08d}" for n in range(50)]
    users = pd.DataFrame({
        "User ID": ids, "Full Name": names, "Email": [f"user{n:02d}@example.com" for n in range(50)],
        "Department": TEAMS, "Role": "Rep", "Active": ["1"] * 47 + ["0"] * 3,
        "Last Login": "9/28/2026 9:15 AM", "Created Date": "1/4/2021",
    })
    users.to_csv(folder / "users.csv", index=False)
    logging = np.array([i for i, team in enumerate(TEAMS) if team != "Marketing"])  # marketing logs nothing
    owner = logging[rng.integers(0, len(logging), deals)]
    created = pd.Series(pd.Timestamp("2024-01-01") + pd.to_timedelta(rng.integers(0, 1000, deals), unit="D"))
    stage = rng.choice(len(STAGES), deals, p=[0.04, 0.04, 0.03, 0.03, 0.03, 0.55, 0.28])
    close = created + pd.to_timedelta(rng.integers(10, 200, deals), unit="D")
    deal_ids = pd.Series(np.arange(deals)).astype(str).str.zfill(9).radd("006")
    pd.DataFrame({
        "Opportunity ID": deal_ids, "Opportunity Name": "Deal " + deal_ids,
        "Account ID": pd.Series(rng.integers(0, deals // 4 + 1, deals)).astype(str).radd("001"),
        "Amount": np.where(rng.random(deals) < 0.02, "", (rng.integers(50, 5000, deals) * 10).astype(str)),
        "Stage": np.asarray(STAGES)[stage], "Probability (%)": np.asarray(PROBABILITY)[stage],
        "Type": rng.choice(["New Customer", "Existing Customer - Upgrade", "Existing Customer - Replacement"], deals),
        "Opportunity Owner": np.asarray(names)[owner],
        "Lead Source": rng.choice(["Web", "Partner", "Webinar", ""], deals),
        "Created Date": _us_dates(created), "Close Date": _us_dates(close),
        "Last Stage Change Date": _us_dates(created + (close - created) / 2),
    }).to_csv(folder / "deals.csv", index=False)
    who = logging[rng.integers(0, len(logging), activities)]
    day = pd.Series(pd.Timestamp("2025-07-01") + pd.to_timedelta(rng.integers(0, 457, activities), unit="D"))
    lag = np.where(rng.random(activities) < 0.03, rng.integers(3, 20, activities), 0)
    created_at = day + pd.to_timedelta(lag, unit="D") + pd.to_timedelta(rng.integers(8 * 60, 18 * 60, activities),
                                                                          unit="min")
    burst = rng.random(activities) < 0.001  # bulk entries at one minute per owner
    created_at = created_at.where(~burst, pd.Timestamp("2026-06-30 17:12"))
    owners = np.where(rng.random(activities) < 0.1, np.asarray(ids)[who], np.asarray(names)[who]).astype(object)
    owners[rng.random(activities) < 0.002] = ""
    contacts = activities // 10
    contact_ids = pd.Series(np.arange(contacts)).astype(str).str.zfill(12).radd("003")
    contact_created = pd.Series(pd.Timestamp("2025-07-01") + pd.to_timedelta(rng.integers(0, 457 * 1440, contacts),
                                                                               unit="min"))
    pd.DataFrame({
        "Contact ID": contact_ids, "Full Name": "Person " + contact_ids, "Email": contact_ids + "@example.com",
        "Contact Owner": np.asarray(names)[logging[rng.integers(0, len(logging), contacts)]],
        "Lead Source": rng.choice(["Web", "Partner", "Webinar", ""], contacts),
        "Created Date": _us_datetimes(contact_created),
    }).to_csv(folder / "contacts.csv", index=False)
    activity_ids = pd.Series(np.arange(activities)).astype(str).str.zfill(12).radd("00T")
    pd.DataFrame({
        "Activity ID": activity_ids, "Activity Type": np.asarray(TYPES)[rng.integers(0, 6, activities)],
        "Subject": "Follow-up", "Assigned": owners, "Date": _us_dates(day),
        "Opportunity ID": np.where(rng.random(activities) < 0.4, deal_ids.to_numpy()[rng.integers(0, deals,
                                                                                             activities)], ""),
        "Contact ID": np.where(rng.random(activities) < 0.5, contact_ids.to_numpy()[rng.integers(0, contacts,
                                                                                              activities)], ""),
        "Status": "Completed", "Created Date": _us_datetimes(created_at),
    }).to_csv(folder / "activities.csv", index=False)


def measure(folder: Path) -> dict:
    """The timed work, inside the measured subprocess."""
    sys.path.insert(0, str(ROOT))
    from datetime import date

    from crm_core.audit.pipeline.kpis import compute_kpis
    from crm_core.audit.pipeline.deals import audit_pipeline
    from crm_core.audit.usage.activity import measure_usage, result_from
    from crm_core.audit.usage.speed_to_lead import measure_speed_to_lead
    from crm_core.importing import read_canonical

    started = time.perf_counter()
    tables = {entity: read_canonical(folder / f"{entity}.csv", entity=entity)[1]
              for entity in ("users", "deals", "activities", "contacts")}
    read_done = time.perf_counter()
    as_of = date.fromisoformat(AS_OF)
    result = result_from(measure_usage(tables, as_of=as_of))
    usage_done = time.perf_counter()
    kpis = compute_kpis(tables, as_of=as_of)
    audit_pipeline(tables, as_of=as_of)
    finished = time.perf_counter()
    speed = measure_speed_to_lead(tables, as_of=as_of)
    speed_done = time.perf_counter()
    return {"activities": len(tables["activities"]), "deals": len(tables["deals"]),
            "contacts": len(tables["contacts"]), "leads": len(speed.leads), "speed_s": speed_done - finished,
            "read_s": read_done - started, "usage_s": usage_done - read_done, "kpis_s": finished - usage_done,
            "findings": len(result.findings), "win_rate": kpis["win_rate"].value}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--activities", type=int, nargs="*", default=[100_000, 1_000_000])
    parser.add_argument("--deals", type=int, nargs="*", help="deals per size (default: a tenth of activities)")
    parser.add_argument("--measure", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(args.measure)))
        return
    print(machine_line())
    print("| activities | deals | contacts (leads judged) | read 4 files | usage audit | KPIs + pipeline audit | "
          "speed to lead alone | wall time | peak memory |")
    print("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    deals = args.deals or [n // 10 for n in args.activities]
    with tempfile.TemporaryDirectory() as tmp:
        for activities, deal_count in zip(args.activities, deals, strict=True):
            folder = Path(tmp) / f"size_{activities}"
            folder.mkdir()
            generate(activities, deal_count, folder)
            measured = measure_command([sys.executable, __file__, "--measure", str(folder)])
            result = json.loads(measured.stdout.strip().splitlines()[-1])
            print(f"| {result['activities']:,} | {result['deals']:,} | {result['contacts']:,} ({result['leads']:,}) | "
                  f"{result['read_s']:.1f} s | {result['usage_s']:.1f} s | {result['kpis_s']:.1f} s | "
                  f"{result['speed_s']:.2f} s | {measured.wall_s:.1f} s | "
                  f"{measured.peak_rss_mb:,.0f} MB |", flush=True)


if __name__ == "__main__":
    main()
