"""Run every audit area of the workbench on one real dataset, through the library.

The command line covers the data, compliance and usage areas and needs a contacts file for the
first two; this script reads each file exactly as an import does (``read_canonical``, entity
given) and runs the data, duplicates, pipeline, compliance and usage areas on whatever tables
the dataset has, so datasets without contacts (accounts + deals only) are audited too.

    python bench/realdata/run_areas.py DATASET [--root DIR] [--out DIR]

DATASET is one of the names in ``DATASETS`` below. Files of the datasets that are not copied
into this folder (their licence is unclear) are looked up under ``--root`` (default: the
dataset's own folder here); see README.md for where to get them. Writes, per area,
``<area>.json`` (scores, findings, facts) and ``<area>_issues.csv`` (record-level issues) to
``--out`` (default: ``results/DATASET`` beside this script), plus ``read_notes.json`` (what the
reader had to do to each file, and how its columns were mapped).
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1]))

from crm_core.audit import compliance, data, duplicates, pipeline, usage  # noqa: E402
from crm_core.audit.area import AuditInputs  # noqa: E402
from crm_core.importing import MAX_IMPORT_BYTES, build_table, check_mapping  # noqa: E402
from crm_core.recognition import choose_entity, map_file  # noqa: E402
from crm_core.reading import read_table  # noqa: E402

# dataset -> (folder under this directory, {entity: file}, audit date)
DATASETS = {
    "apex-recipes": ("salesforce-trailhead-samples/apex-recipes",
                     {"contacts": "Contacts.csv", "accounts": "Accounts.csv", "deals": "Opportunities.csv"},
                     date(2026, 12, 3)),
    "lwc-recipes": ("salesforce-trailhead-samples/lwc-recipes",
                    {"contacts": "Accounts-Contacts.csv"}, date(2026, 12, 3)),
    "northwind": ("northwind", {"contacts": "customers.csv", "users": "employees.csv",
                                "transactions": "orders.csv"}, date(1998, 5, 7)),
    "chinook": ("chinook", {"contacts": "Customer.csv", "users": "Employee.csv",
                            "transactions": "Invoice.csv"}, date(2025, 12, 23)),
    "maventech": ("maventech-crm-sales-opportunities",
                  {"accounts": "accounts.csv", "deals": "sales_pipeline.csv", "users": "sales_teams.csv"},
                  date(2018, 1, 1)),
    "online-retail": ("uci-online-retail", {"transactions": "online_retail_subset.csv"}, date(2011, 12, 10)),
    "classicmodels": ("classicmodels", {"contacts": "customers.csv", "users": "employees.csv",
                                        "transactions": "payments.csv"}, date(2013, 6, 10)),
    "chicago-early-childhood": ("dedupe-chicago-early-childhood", {"accounts": "csv_example_messy_input.csv"},
                                date(2026, 12, 3)),
}
AREAS = {"data": data, "duplicates": duplicates, "pipeline": pipeline, "compliance": compliance, "usage": usage}


def read(path: Path, entity: str):
    """The canonical table of one file, as an import reads it, with the reader's notes."""
    raw = read_table(path, file_name=path.name, max_bytes=MAX_IMPORT_BYTES)
    headers = [str(h) for h in raw.frame.columns]
    guess, chosen = choose_entity(headers, entity, path.name)
    mapping = map_file(raw.frame, chosen)
    check_mapping(mapping, guess, path.name)
    table, _ = build_table(raw.frame, mapping)
    mapped = {col.header: col.field for col in mapping.columns}
    return table, {"file": path.name, "entity": chosen, "rows": len(table),
                   "notes": list(raw.report.notes), "mapping": mapped}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dataset", choices=sorted(DATASETS))
    parser.add_argument("--root", type=Path, help="folder holding the dataset's files")
    parser.add_argument("--out", type=Path, help="where to write the results")
    args = parser.parse_args()
    folder, files, as_of = DATASETS[args.dataset]
    root = args.root or HERE / folder
    out = args.out or HERE / "results" / args.dataset
    out.mkdir(parents=True, exist_ok=True)
    tables, notes = {}, []
    for entity, name in files.items():
        try:
            tables[entity], note = read(root / name, entity)
        except Exception as error:  # a refused file is a finding too: record the sentence, go on
            note = {"file": name, "entity": entity, "refused": str(error)}
        notes.append(note)
    (out / "read_notes.json").write_text(json.dumps(notes, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    inputs = AuditInputs(tables=tables, settings={}, as_of=as_of)
    for area, module in AREAS.items():
        if not any(entity in tables for entity in module.NEEDS) and module.NEEDS:
            continue
        try:
            result = module.run(inputs).result
        except Exception as error:  # a crash is itself a finding: keep going with the next area
            (out / f"{area}.json").write_text(json.dumps({"area": area, "error": repr(error)}, indent=2) + "\n")
            continue
        findings = [{"code": f.code, "severity": f.severity.value, "title": f.title,
                     "affected_count": int(f.affected_count), "detail": f.detail, "example_ids": list(f.example_ids),
                     "evidence": {str(k): (v if isinstance(v, (int, float, str)) or v is None else str(v))
                                  for k, v in f.evidence.items()}}
                    for f in result.findings]
        scores = {s.dimension: s.value for s in result.scores}
        body = {"area": area, "as_of": as_of.isoformat(), "scores": scores, "findings": findings}
        (out / f"{area}.json").write_text(json.dumps(body, indent=2, ensure_ascii=False, default=str) + "\n",
                                          encoding="utf-8")
        issues = getattr(result, "issues", None)
        if issues is not None and len(issues):
            issues.to_csv(out / f"{area}_issues.csv", index=False)
    print(f"{args.dataset}: results in {out.relative_to(HERE) if out.is_relative_to(HERE) else out}")


if __name__ == "__main__":
    main()
