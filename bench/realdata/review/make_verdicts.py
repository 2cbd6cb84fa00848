"""Rebuild the sampled verdict lists in this folder from the audit results.

For every dataset and finding code that flagged records, take all flagged records when there
are 20 or fewer, else a random sample of 20 (seed 20261203), look up the original row, and
write the verdict reached by reading those rows (the rules below encode what was decided by
hand for each finding, with the reason). Needs the results of run_areas.py (and, for the
apex-recipes phones with a default region, the CLI issues list named below).

    python bench/realdata/review/make_verdicts.py RESULTS_DIR [--maven-dir DIR]
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
from pathlib import Path

import pandas as pd

HERE = Path(__file__).resolve().parent
DATA = HERE.parent
SEED = 20261203
# NANP area codes seen among the apex-recipes contact phones flagged with --region US that
# belong to other NANP countries (Grenada, Northern Mariana Islands, St Kitts and Nevis):
# valid numbers, just not US ones.
OTHER_NANP = {"473", "670", "869"}


def sample(frame: pd.DataFrame) -> pd.DataFrame:
    first = frame.drop_duplicates("record_id")
    return first if len(first) <= 20 else first.sample(20, random_state=SEED)


def nanp_structural(value: str) -> bool:
    digits = re.sub(r"\D", "", value)
    digits = digits[1:] if len(digits) == 11 and digits[0] == "1" else digits
    return len(digits) != 10 or digits[0] in "01" or digits[3] in "01"


def verdicts_apex(results: Path) -> list[dict]:
    out = []
    folder = DATA / "salesforce-trailhead-samples" / "apex-recipes"
    contacts = pd.read_csv(folder / "Contacts.csv", dtype=str, keep_default_na=False)
    referenced = set(contacts["accountId"])
    issues = pd.concat([pd.read_csv(results / "apex-recipes" / f, dtype=str, keep_default_na=False)
                        for f in ("data_issues.csv", "pipeline_issues.csv")])
    for check, group in issues.groupby("check"):
        for _, row in sample(group).iterrows():
            value = row["value"].lstrip("'")
            n = int(row["record_id"].split()[1]) - 1 if row["record_id"].startswith("row ") else None
            if check in ("DATA.CONTACT_ACCOUNT_MISSING", "DATA.DEAL_ACCOUNT_MISSING"):
                ok = not (value.startswith("@AccountRef") and 1 <= int(value[11:]) <= 50)
                why = f"{value} is row {value[11:]} of Accounts.csv (referenceId of Accounts.json); the accounts export has no id column"
            elif check == "DATA.ACCOUNT_NO_CONTACTS":
                ok = f"@AccountRef{n}" not in referenced
                why = "no contact points at this account" if ok else f"contacts point at @AccountRef{n}, this row"
            elif check == "DATA.PLACEHOLDER_VALUES":
                ok, why = True, ("industry typed as n/a" if row["field"] == "industry"
                                 else "description is a test string (emoji or symbols only)")
            elif check == "DATA.SPELLING_VARIANTS":
                ok, why = False, f"'{value}' and '{row['suggestion']}' are different job grades, not spellings"
            elif check == "DATA.PHONE_INVALID":
                ok, why = nanp_structural(value), "exchange or area code starts with 0 or 1"
            elif check == "DATA.DOMAIN_SHARED_CONFLICT":
                ok, why = True, "two different companies share a deep link on an unrelated site as website"
            elif check == "PIPELINE.MISSING_OWNER":
                ok, why = False, "the export has no owner column at all (every Salesforce record has an owner)"
            elif check == "PIPELINE.OPEN_PAST_CLOSE_DATE":
                ok, why = True, "open stage, close date in 2020-2021"
            else:
                ok, why = None, "information only, not a claim that the record is wrong"
            out.append(dict(dataset="apex-recipes", check=check, record_id=row["record_id"], field=row["field"],
                            value=value, verdict=_v(ok), reason=why))
    us = results / "apex-recipes" / "cli_issues_region_us.csv"
    if us.exists():
        flagged = pd.read_csv(us, dtype=str, keep_default_na=False)
        flagged = flagged[(flagged["check"] == "DATA.PHONE_INVALID") & (flagged["entity"] == "contacts")]
        for _, row in sample(flagged).iterrows():
            value = row["value"].lstrip("'")
            if nanp_structural(value):
                ok, why = True, "area code or exchange starts with 0 or 1"
            elif value[:3] in OTHER_NANP:
                ok, why = False, f"area code {value[:3]} is another NANP country's: a valid number, not a US one"
            else:
                ok, why = True, f"area code {value[:3]} is not in service"
            out.append(dict(dataset="apex-recipes (--region US)", check="DATA.PHONE_INVALID", record_id=row["record_id"],
                            field=row["field"], value=value, verdict=_v(ok), reason=why))
    return out


def verdicts_simple(dataset: str, results: Path, rules: dict) -> list[dict]:
    out = []
    for name in ("data_issues.csv", "pipeline_issues.csv"):
        path = results / dataset / name
        if not path.exists():
            continue
        issues = pd.read_csv(path, dtype=str, keep_default_na=False)
        for check, group in issues.groupby("check"):
            for _, row in sample(group).iterrows():
                ok, why = rules.get(check, lambda r: (None, "information only, not a claim that the record is wrong"))(row)
                out.append(dict(dataset=dataset, check=check, record_id=row["record_id"], field=row["field"],
                                value="" if dataset == "maventech" else row["value"].lstrip("'"),
                                verdict=_v(ok), reason=why))
    return out


def northwind_rules() -> dict:
    rows = {r[0]: r for r in csv.reader(open(DATA / "northwind" / "customers.csv", encoding="utf-8"))}
    shifted = {k for k, r in rows.items() if len(r) == 12}

    def phone(r):
        if r["record_id"] in shifted and r["field"] == "phone":
            return True, "row has an unquoted comma in the address: the phone cell holds the country"
        return True, "old national format that no longer dials (e.g. London 171, Paris 8 digits, Mexico City (5))"
    return {
        "DATA.PLACEHOLDER_VALUES": lambda r: (True, "the text NULL stands for a missing value"),
        "DATA.PHONE_INVALID": phone,
        "DATA.COUNTRY_UNKNOWN": lambda r: (True, "row shifted by an unquoted comma: the country cell holds the postcode"),
        "DATA.POSTCODE_INVALID": lambda r: (True, "country prefix (S-, B-), old 4-digit Portuguese code, or a Canadian code with F (never used by Canada Post)"),
        "DATA.FORMAT_INCONSISTENT": lambda r: (True, "doubled space"),
        "DATA.STATE_UNKNOWN": lambda r: (True, "not a current subdivision name or code" + (" (suggestion Falcón is wrong: DF was Caracas' Distrito Federal)" if r["value"] == "DF" else "")),
    }


def chinook_rules() -> dict:
    return {
        "DATA.CONTACT_NO_ACCOUNT": lambda r: (False, "a consumer of a B2C music store (personal email domain): no company expected"),
        "DATA.PHONE_INVALID": lambda r: (True, "wrong digit count for the country as written"),
        "DATA.MISSING_KEY_FIELDS": lambda r: (True, "phone empty"),
        "DATA.POSTCODE_INVALID": lambda r: (True, "lost leading zero, 3-digit ZIP+4, country prefix or Dutch code without its letters"),
        "DATA.STATE_UNKNOWN": lambda r: (True, "VV is no Dutch province (suggestion Flevoland is wrong: Amsterdam is in Noord-Holland)"),
    }


def maven_rules(maven_dir: Path | None) -> dict:
    values = {}
    if maven_dir:
        pipe = pd.read_csv(maven_dir / "sales_pipeline.csv", dtype=str, keep_default_na=False)
        values = dict(zip(pipe["opportunity_id"], pipe["close_value"]))

    def amount(r):
        filled = values.get(r["record_id"], "") != ""
        return (not filled, "close_value is filled (column not mapped to amount)" if filled
                else "open deal, close_value empty")
    return {
        "DATA.PICKLIST_MISSPELLED": lambda r: (True, "technolgy for technology"),
        "DATA.MISSING_KEY_FIELDS": lambda r: (True, "open deal with no close date (the file has no expected-close column)"),
        "DATA.SPARSE_RECORDS": lambda r: (True, "no account and no close date"),
        "PIPELINE.MISSING_AMOUNT": amount,
        "PIPELINE.MISSING_OWNER": lambda r: (False, "sales_agent is filled on every deal (column not mapped to owner)"),
        "PIPELINE.MISSING_CLOSE_DATE": lambda r: (True, "open deal with no close date"),
    }


def lwc_rules() -> dict:
    return {
        "DATA.MISSING_KEY_FIELDS": lambda r: (True, "row holds an account only, no person"),
        "DATA.SPARSE_RECORDS": lambda r: (True, "row holds an account only, no person"),
    }


def _v(ok: bool | None) -> str:
    return "n/a" if ok is None else ("true" if ok else "false")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("results", type=Path)
    parser.add_argument("--maven-dir", type=Path)
    args = parser.parse_args()
    rows = verdicts_apex(args.results)
    rows += verdicts_simple("lwc-recipes", args.results, lwc_rules())
    rows += verdicts_simple("northwind", args.results, northwind_rules())
    rows += verdicts_simple("chinook", args.results, chinook_rules())
    if (args.results / "maventech").exists():
        rows += verdicts_simple("maventech", args.results, maven_rules(args.maven_dir))
    frame = pd.DataFrame(rows)
    frame.to_csv(HERE / "verdicts.csv", index=False)
    summary = (frame.assign(true=frame["verdict"].eq("true"), judged=frame["verdict"].ne("n/a"))
               .groupby(["dataset", "check"]).agg(sampled=("record_id", "size"), judged=("judged", "sum"),
                                                  truly_wrong=("true", "sum")).reset_index())
    summary.to_csv(HERE / "verdict_summary.csv", index=False)
    print(summary.to_string(index=False))


if __name__ == "__main__":
    sys.exit(main())
