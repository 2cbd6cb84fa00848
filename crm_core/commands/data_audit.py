"""``audit data``: the data audit on export files, as JSON (the shared result), Markdown or the
issues list as CSV; optionally the standardised copies of the exports with their change logs."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from crm_core.audit.data.config import DataAuditConfig
from crm_core.audit.data.report import DataAuditReport, run_data_audit
from crm_core.audit.data.fixes import issues_csv, standardised_copy, to_csv_bytes
from crm_core.commands._audit_group import audit_subparsers
from crm_core.commands._inputs import parse_as_of, write_output
from crm_core.errors import CrmCoreError, InputFileError
from crm_core.importing import ENTITY_LABELS, MAX_IMPORT_BYTES, read_canonical
from crm_core.mapping import map_headers
from crm_core.reading import read_table

INPUTS = (("contacts", "contacts"), ("accounts", "accounts"), ("deals", "deals"), ("users", "users"),
          ("activities", "activities"))


def read_export(path: str, entity: str):
    """The canonical table of ``path``, auto-mapped as an import maps it; refuses another entity."""
    source = Path(path)
    if not source.is_file():
        raise InputFileError(f"The file {path} does not exist: check the path and try again.")
    guessed, table, _ = read_canonical(source)
    if guessed != entity:
        raise CrmCoreError(f"{source.name} looks like {ENTITY_LABELS.get(guessed, guessed)}, not "
                           f"{ENTITY_LABELS[entity]}: pass it with --{guessed} or choose the right file.")
    return table


def audit_markdown(report: DataAuditReport) -> str:
    """Scores with their formulas, findings worst first, and the cost of bad data."""
    result = report.result
    lines = [f"# Data audit as of {report.as_of.isoformat()}", "",
             ", ".join(f"{count:,} {entity}" for entity, count in report.records.items()), "", "## Scores", ""]
    lines += [f"- **{s.dimension}**: {s.value:.0f}/100 ({s.formula})" for s in result.scores]
    lines += ["", "## Findings", ""]
    for finding in result.findings:
        examples = f" Examples: {', '.join(finding.example_ids)}." if finding.example_ids else ""
        lines.append(f"- **{finding.severity.value.upper()}** `{finding.code}` {finding.title}: "
                     f"{finding.affected_count:,}. {finding.detail}{examples}")
    if not result.findings:
        lines.append("No data problems found.")
    lines += ["", "## Cost of bad data", "", report.cost.summary(), ""]
    lines += [f"- {name}: {value} ({source})" for name, value, source in report.cost.assumptions]
    return "\n".join(lines) + "\n"


def write_fixed(folder: str, paths: dict[str, str], report: DataAuditReport, tables: dict,
                config: DataAuditConfig) -> None:
    target = Path(folder)
    if not target.is_dir():
        raise CrmCoreError(f"The folder {folder} does not exist: create it or choose another --fixed-dir.")
    for entity, path in paths.items():
        if entity not in ("contacts", "accounts", "deals"):
            continue
        raw = read_table(path, max_bytes=MAX_IMPORT_BYTES).frame
        mapping = map_headers([str(h) for h in raw.columns], entity).mapped()
        copy, changes = standardised_copy(raw, tables[entity], mapping, entity, report.result.issues, config=config)
        copy.to_csv(target / f"{entity}_standardised.csv", index=False, lineterminator="\r\n")
        (target / f"{entity}_changes.csv").write_bytes(to_csv_bytes(changes))


def run_data(args: argparse.Namespace) -> int:
    as_of = parse_as_of(args.as_of, date.today())
    paths = {entity: getattr(args, option) for option, entity in INPUTS if getattr(args, option)}
    tables = {entity: read_export(path, entity) for entity, path in paths.items()}
    config = DataAuditConfig(default_region=args.region.upper() if args.region else None,
                             stale_months=args.stale_months)
    report = run_data_audit(tables, config=config, as_of=as_of)
    if args.format == "json":
        write_output(report.result.to_json(), args.out)
    elif args.format == "md":
        write_output(audit_markdown(report), args.out)
    else:
        write_output(issues_csv(report.result.issues), args.out)
    if args.fixed_dir:
        write_fixed(args.fixed_dir, paths, report, tables, config)
        print(f"Standardised copies and change logs written to {args.fixed_dir}.", file=sys.stderr)
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    data = audit_subparsers(subparsers).add_parser(
        "data", help="completeness, validity, standardisation, conflicts, decay, hierarchy and ownership")
    data.add_argument("--contacts", required=True, metavar="FILE", help="contacts export (CSV, TSV or XLSX)")
    data.add_argument("--accounts", metavar="FILE", help="accounts (companies) export")
    data.add_argument("--users", metavar="FILE", help="users export (owners' teams and whether they left)")
    data.add_argument("--deals", metavar="FILE", help="deals (opportunities) export")
    data.add_argument("--activities", metavar="FILE", help="activities export (for dead accounts)")
    data.add_argument("--format", choices=("json", "md", "csv"), default="json",
                      help="json: scores and findings; md: a readable report; csv: the issues list")
    data.add_argument("--out", metavar="PATH", help="write here instead of standard output")
    data.add_argument("--as-of", metavar="YYYY-MM-DD", help="audit date (default: today)")
    data.add_argument("--region", metavar="CC", help="phone region for records without a country, e.g. US")
    data.add_argument("--stale-months", type=int, default=12, metavar="N",
                      help="no activity or update for this many months is stale (default 12)")
    data.add_argument("--fixed-dir", metavar="DIR", help="also write standardised copies and change logs here")
    data.set_defaults(handler=run_data)
