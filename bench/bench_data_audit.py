"""Benchmark: the full data audit (duplicates excluded) of large contacts and accounts tables.

Why: a real CRM holds a million contacts, and the data audit must finish in under 10 s for
100,000 contacts + 20,000 accounts and in under 90 s and 4 GB for 1,000,000 contacts on a
2-core machine. This script generates deterministic canonical tables (as an import stores
them: Parquet, typed columns) with realistic defect rates into a temporary folder, then runs
each size in a fresh process under ``/usr/bin/time -v``: read the Parquet tables, run
``run_data_audit``, and build the issues CSV.

Defect rates (per contact): 5% no email, 1% placeholders, 1% invalid email syntax, 0.5% typo
provider domains, 0.2% disposable, 0.5% role addresses, 10% no phone, 1% invalid phones, 3 phone
formats per country, 3% country variants (USA, UK, Deutschland...), 2% misspelt or variant
states and lead sources, 3% no owner, 10% owned by leavers, 20% stale, 1% bounced, 0.5% links
to deleted accounts; accounts: 2% missing parents, one hierarchy cycle, 3% industry misspellings.

    python bench/bench_data_audit.py                       # 100,000 and 1,000,000 contacts
    python bench/bench_data_audit.py --contacts 20000      # any sizes
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
TEXT = "string"
FIRST = ["James", "Mary", "Robert", "Patricia", "José", "Zoë", "Li", "Aisha", "Björn", "Chloé", "Mohammed",
         "Sofia", "Liam", "Olivia", "Noah", "Emma", "Lucas", "Mia", "Ethan", "Ava", "Hiroshi", "Ngozi"]  # fmt: skip
LAST = ["Smith", "Johnson", "Williams", "Brown", "Jones", "García", "Müller", "O'Brien", "Nguyen", "Kowalski",
        "Rossi", "Dubois", "Tanaka", "Silva", "Andersson", "Patel", "Kim", "Lee", "Okafor", "Haddad"]  # fmt: skip
COUNTRIES = {"US": ("United States", ["USA", "U.S.", "United States of America", "Untied States"]),
             "GB": ("United Kingdom", ["UK", "Great Britain"]), "DE": ("Germany", ["Deutschland", "Germnay"])}
STATES = ["California", "New York", "Texas", "Illinois", "Washington", "Massachusetts"]
STATE_VARIANTS = ["CA", "Calif.", "NY", "TX", "wa", "Mass."]
TITLES = ["CEO", "CFO", "VP Sales", "Marketing Manager", "Account Executive", "CTO", "Office Manager", "Data Analyst",
          "Head of Data", "IT Director", "Operations Manager", "Procurement Manager"]  # fmt: skip
SOURCES = ["Web", "Trade Show", "Partner Referral", "Phone Inquiry", "Webinar", "Other"]
SOURCE_VARIANTS = ["web", "Website", "Tradeshow", "Trade show"]
INDUSTRIES = ["Technology", "Financial Services", "Healthcare", "Manufacturing", "Retail", "Telecommunications"]
INDUSTRY_TYPOS = ["Telecomunications", "Finacial Services", "Helthcare"]
STAGES = ["Subscriber", "Lead", "Marketing Qualified Lead", "Sales Qualified Lead", "Opportunity", "Customer"]
TEAMS = ["Sales"] * 24 + ["Marketing"] * 6 + ["Support"] * 8 + ["Operations", "IT"]


def _pick(rng, options, size) -> pd.Series:
    return pd.Series(np.asarray(options, dtype=object)[rng.integers(0, len(options), size)]).astype(TEXT)


def _digits(rng, size, low, high) -> pd.Series:
    return pd.Series(rng.integers(low, high, size)).astype(str).astype(TEXT)


def _phones(rng, region: np.ndarray) -> pd.Series:
    """Valid numbers of each record's country in three formats each, 1% invalid (too short)."""
    size = len(region)
    style = rng.integers(0, 3, size)
    area = _pick(rng, ["212", "415", "312", "617", "206", "303", "512", "713"], size)
    us = area.radd("") + _digits(rng, size, 200, 999) + _digits(rng, size, 1000, 9999)
    us_out = np.select([style == 0, style == 1], ["(" + us.str[:3] + ") " + us.str[3:6] + "-" + us.str[6:],
                                                  us.str[:3] + "." + us.str[3:6] + "." + us.str[6:]],
                       "+1 " + us.str[:3] + " " + us.str[3:6] + " " + us.str[6:])
    gb = "20" + _pick(rng, ["3", "7", "8"], size) + _digits(rng, size, 1_000_000, 9_999_999)
    gb_out = np.where(style == 0, "0" + gb.str[:2] + " " + gb.str[2:6] + " " + gb.str[6:],
                      "+44 " + gb.str[:2] + " " + gb.str[2:6] + " " + gb.str[6:])
    de = "30" + _digits(rng, size, 20_000_000, 99_999_999)
    de_out = np.where(style == 0, "0" + de.str[:2] + " " + de.str[2:], "+49 " + de.str[:2] + " " + de.str[2:])
    phone = pd.Series(np.select([region == "US", region == "GB"], [us_out, gb_out], de_out)).astype(TEXT)
    broken = rng.random(size) < 0.01
    return phone.mask(broken, phone.str[:7])


def _dates(rng, size, start: str, days: int) -> pd.Series:
    return pd.Timestamp(start) + pd.to_timedelta(rng.integers(0, days, size), unit="D")


def generate(contacts: int, folder: Path, seed: int = 20261001) -> dict[str, Path]:
    """Write ``contacts.parquet``, ``accounts.parquet`` and ``users.parquet`` to ``folder``."""
    rng = np.random.default_rng(seed)
    n_accounts = max(contacts // 5, 10)
    users = pd.DataFrame({
        "record_id": [f"005{n:012d}" for n in range(len(TEAMS))],
        "name": [f"{FIRST[n % len(FIRST)]} {LAST[(n * 7) % len(LAST)]} {n}" for n in range(len(TEAMS))],
        "team": TEAMS, "is_active": [n not in (1, 2, 3) for n in range(len(TEAMS))],
    }).astype({"record_id": TEXT, "name": TEXT, "team": TEXT, "is_active": "boolean"})
    owner_pool = users["name"].tolist()

    ids = pd.Series(np.arange(n_accounts)).astype(str).str.zfill(12).radd("001").astype(TEXT)
    words = ["acme", "globex", "initech", "umbrella", "hooli", "vandelay", "soylent", "tyrell"]
    brand = _pick(rng, words, n_accounts) + pd.Series(np.arange(n_accounts)).astype(str)
    region = np.asarray(["US", "GB", "DE"], dtype=object)[rng.choice(3, n_accounts, p=[0.55, 0.3, 0.15])]
    parent = ids.sample(frac=1, random_state=seed).reset_index(drop=True).where(rng.random(n_accounts) < 0.1)
    parent = parent.mask(rng.random(n_accounts) < 0.002, "001999999999999")  # dangling parents
    parent.iloc[:3] = [ids.iloc[1], ids.iloc[2], ids.iloc[0]]  # one cycle
    industry = _pick(rng, INDUSTRIES, n_accounts)
    industry = industry.mask(rng.random(n_accounts) < 0.03, _pick(rng, INDUSTRY_TYPOS, n_accounts))
    accounts = pd.DataFrame({
        "record_id": ids, "name": brand.str.capitalize() + " Ltd", "parent_account_id": parent,
        "website": "https://www." + brand + ".com", "industry": industry,
        "account_type": _pick(rng, ["Customer", "Prospect", "Partner"], n_accounts),
        "owner": _pick(rng, owner_pool, n_accounts).mask(rng.random(n_accounts) < 0.02),
        "phone": _phones(rng, region), "country": pd.Series([COUNTRIES[r][0] for r in region], dtype=TEXT),
        "annual_revenue": pd.Series(rng.integers(1e5, 1e9, n_accounts).astype(float))
        .mask(rng.random(n_accounts) < 0.1),
        "created_at": _dates(rng, n_accounts, "2018-01-01", 2800),
        "last_activity_at": _dates(rng, n_accounts, "2024-01-01", 1000),
    })

    size = contacts
    account = rng.integers(0, n_accounts, size)
    c_region = region[account]
    first, last = _pick(rng, FIRST, size), _pick(rng, LAST, size)
    number = pd.Series(np.arange(size)).astype(str)
    def plain(names: pd.Series) -> pd.Series:
        folded = names.str.lower().str.replace("'", "").str.normalize("NFKD")
        return folded.str.encode("ascii", "ignore").str.decode("ascii")

    local = plain(first) + "." + plain(last) + number
    email = (local + "@" + brand.iloc[account].reset_index(drop=True) + ".com").astype(TEXT)
    roll = rng.random(size)
    email = email.mask(roll < 0.05).mask((roll >= 0.05) & (roll < 0.06), "n/a")
    email = email.mask((roll >= 0.06) & (roll < 0.07), local + "@@" + "acme.com")
    email = email.mask((roll >= 0.07) & (roll < 0.075), local + "@gmial.com")
    email = email.mask((roll >= 0.075) & (roll < 0.077), local + "@mailinator.com")
    email = email.mask((roll >= 0.077) & (roll < 0.082), "info@" + brand.iloc[account].reset_index(drop=True) + ".com")
    country = pd.Series([COUNTRIES[r][0] for r in c_region], dtype=TEXT)
    variant = rng.random(size) < 0.03
    country = country.mask(variant, pd.Series([rng.choice(COUNTRIES[r][1]) for r in c_region[variant]],
                                              index=np.flatnonzero(variant), dtype=TEXT))
    state = _pick(rng, STATES, size).where(c_region == "US")
    state = state.mask((c_region == "US") & (rng.random(size) < 0.02), _pick(rng, STATE_VARIANTS, size))
    source = _pick(rng, SOURCES, size).mask(rng.random(size) < 0.02, _pick(rng, SOURCE_VARIANTS, size))
    link = ids.iloc[account].reset_index(drop=True).mask(rng.random(size) < 0.005, "001888888888888")
    created = _dates(rng, size, "2018-01-01", 3100)
    frame = pd.DataFrame({
        "record_id": number.str.zfill(12).radd("003").astype(TEXT), "first_name": first, "last_name": last,
        "email": email, "phone": _phones(rng, c_region).mask(rng.random(size) < 0.10),
        "mobile": _phones(rng, c_region).where(rng.random(size) < 0.4),
        "company": accounts["name"].iloc[account].reset_index(drop=True), "account_id": link,
        "job_title": _pick(rng, TITLES, size).mask(rng.random(size) < 0.08),
        "owner": _pick(rng, owner_pool, size).mask(rng.random(size) < 0.03), "lead_source": source,
        "lifecycle_stage": _pick(rng, STAGES, size), "city": _pick(rng, ["Springfield", "London", "Berlin"], size),
        "state": state, "country": country, "created_at": created,
        "updated_at": created + pd.to_timedelta(rng.integers(0, 400, size), unit="D"),
        "last_activity_at": _dates(rng, size, "2024-06-01", 850).where(rng.random(size) < 0.8),
        "email_bounced_at": _dates(rng, size, "2025-01-01", 600).where(rng.random(size) < 0.01),
        "email_opt_out": pd.Series(rng.random(size) < 0.05, dtype="boolean"),
    })
    paths = {}
    for entity, table in (("contacts", frame), ("accounts", accounts), ("users", users)):
        paths[entity] = folder / f"{entity}.parquet"
        table.to_parquet(paths[entity], index=False)
    return paths


def run_once(folder: Path, as_of: str) -> None:
    """The measured step (in its own process): read the tables, audit, build the issues CSV."""
    sys.path.insert(0, str(ROOT))
    from crm_core.audit.data.report import run_data_audit
    from crm_core.audit.data.fixes import issues_csv

    started = time.perf_counter()
    tables = {path.stem: pd.read_parquet(path) for path in sorted(folder.glob("*.parquet"))}
    read = time.perf_counter()
    report = run_data_audit(tables, as_of=pd.Timestamp(as_of).date())
    audited = time.perf_counter()
    exported = len(issues_csv(report.result.issues))
    done = time.perf_counter()
    print(json.dumps({
        "read_s": round(read - started, 2), "audit_s": round(audited - read, 2), "csv_s": round(done - audited, 2),
        "issues": len(report.result.issues), "findings": len(report.result.findings),
        "csv_mb": round(exported / 1e6, 1),
        "scores": {s.dimension: s.value for s in report.result.scores},
    }))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--contacts", type=int, nargs="*", default=[100_000, 1_000_000])
    parser.add_argument("--as-of", default="2026-10-01")
    parser.add_argument("--run", metavar="FOLDER", help=argparse.SUPPRESS)  # the measured child process
    args = parser.parse_args()
    if args.run:
        run_once(Path(args.run), args.as_of)
        return
    print(machine_line())
    print("| contacts | accounts | read | audit | issues CSV | wall time | peak memory | issue rows |")
    print("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for contacts in args.contacts:
        with tempfile.TemporaryDirectory() as folder:
            generate(contacts, Path(folder))
            measured = measure_command([sys.executable, __file__, "--run", folder, "--as-of", args.as_of])
            step = json.loads(measured.stdout.strip().splitlines()[-1])
            print(f"| {contacts:,} | {max(contacts // 5, 10):,} | {step['read_s']} s | {step['audit_s']} s | "
                  f"{step['csv_s']} s | {measured.wall_s:.1f} s | {measured.peak_rss_mb:,.0f} MB | "
                  f"{step['issues']:,} |", flush=True)


if __name__ == "__main__":
    main()
