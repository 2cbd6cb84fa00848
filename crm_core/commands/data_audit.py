"""``audit data``: the data audit on export files, as JSON (the shared result), Markdown or the
issues list as CSV; optionally the standardised copies of the exports with their change logs."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from crm_core.audit import data
from crm_core.audit.area import AreaResult, AuditInputs
from crm_core.audit.data.fixes import to_csv_bytes
from crm_core.commands._audit_group import audit_subparsers
from crm_core.commands._inputs import Export, add_input_options, parse_as_of, read_exports, write_output
from crm_core.errors import CrmCoreError

INPUTS = (("contacts", "contacts"), ("accounts", "accounts"), ("deals", "deals"), ("users", "users"),
          ("activities", "activities"))


def audit_markdown(audit: AreaResult) -> str:
    """Scores with their formulas, findings worst first, and the cost of bad data."""
    result = audit.result
    lines = [f"# Data audit as of {audit.facts['as_of']}", "",
             ", ".join(f"{count:,} {entity}" for entity, count in audit.facts["records"].items()), "", "## Scores", ""]
    lines += [f"- **{s.dimension}**: {s.value:.0f}/100 ({s.formula})" for s in result.scores]
    lines += ["", "## Findings", ""]
    for finding in result.findings:
        examples = f" Examples: {', '.join(finding.example_ids)}." if finding.example_ids else ""
        lines.append(f"- **{finding.severity.value.upper()}** `{finding.code}` {finding.title}: "
                     f"{finding.affected_count:,}. {finding.detail}{examples}")
    if not result.findings:
        lines.append("No data problems found.")
    if skipped := audit.facts.get("checks_not_run"):
        lines += ["", "## Checks not run", ""] + [f"- {row['check']}: {row['why']}" for row in skipped]
    lines += ["", "## Cost of bad data", "", audit.facts["cost_summary"], ""]
    lines += [f"- {row.assumption}: {row.value} ({row.source})" for row in audit.table("cost_assumptions").itertuples()]
    return "\n".join(lines) + "\n"


def write_fixed(folder: str, exports: dict[str, Export], audit: AreaResult, tables: dict, settings: dict) -> None:
    target = Path(folder)
    if not target.is_dir():
        raise CrmCoreError(f"The folder {folder} does not exist: create it or choose another --fixed-dir.")
    originals = {entity: (export.raw, export.mapping.mapped()) for entity, export in exports.items()
                 if entity in data.STANDARDISED_ENTITIES}
    copies = data.standardised_copies(originals=originals, tables=tables, issues=audit.result.issues,
                                      settings=settings)
    for entity, (copy, changes) in copies.items():
        copy.to_csv(target / f"{entity}_standardised.csv", index=False, lineterminator="\r\n")
        (target / f"{entity}_changes.csv").write_bytes(to_csv_bytes(changes))


def run_data(args: argparse.Namespace) -> int:
    as_of = parse_as_of(args.as_of, date.today())
    paths = {entity: getattr(args, option) for option, entity in INPUTS if getattr(args, option)}
    if not {"contacts", "accounts", "users", "deals"} & set(paths):
        raise CrmCoreError("Give at least one export to audit: --contacts, --accounts, --deals or --users.")
    exports = read_exports(paths, args, as_named=True)
    tables = {entity: export.table for entity, export in exports.items()}
    settings = data.check_settings({"default_region": args.region.upper() if args.region else None,
                                    "stale_months": args.stale_months, "as_of": as_of.isoformat()})
    audit = data.run(AuditInputs(tables, {data.SETTING_KEY: settings}, as_of))
    if args.format == "json":
        write_output(audit.result.to_json(), args.out)
    elif args.format == "md":
        write_output(audit_markdown(audit), args.out)
    else:
        write_output(data.issues_csv(audit.result.issues), args.out)
    if args.fixed_dir:
        write_fixed(args.fixed_dir, exports, audit, tables, settings)
        print(f"Standardised copies and change logs written to {args.fixed_dir}.", file=sys.stderr)
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = audit_subparsers(subparsers).add_parser(
        "data", help="completeness, validity, standardisation, conflicts, decay, hierarchy and ownership")
    parser.add_argument("--contacts", metavar="FILE", help="contacts export (CSV, TSV or XLSX)")
    parser.add_argument("--accounts", metavar="FILE", help="accounts (companies) export")
    parser.add_argument("--users", metavar="FILE", help="users export (owners' teams and whether they left)")
    parser.add_argument("--deals", metavar="FILE", help="deals (opportunities) export")
    parser.add_argument("--activities", metavar="FILE", help="activities export (for dead accounts)")
    add_input_options(parser)
    parser.add_argument("--format", choices=("json", "md", "csv"), default="json",
                      help="json: scores and findings; md: a readable report; csv: the issues list")
    parser.add_argument("--out", metavar="PATH", help="write here instead of standard output")
    parser.add_argument("--as-of", metavar="YYYY-MM-DD", help="audit date (default: today)")
    parser.add_argument("--region", metavar="CC", help="phone region for records without a country, e.g. US")
    parser.add_argument("--stale-months", type=int, default=12, metavar="N",
                      help="no activity or update for this many months is stale (default 12)")
    parser.add_argument("--fixed-dir", metavar="DIR", help="also write standardised copies and change logs here")
    parser.set_defaults(handler=run_data)
