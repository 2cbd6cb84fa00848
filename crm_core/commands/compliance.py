"""``audit compliance``: the compliance data checks on export files, as JSON or Markdown.

Every sensitive value is masked in both formats (the record-level rows carry masked snippets
only), so the output can be attached to a ticket or a report.
"""

from __future__ import annotations

import argparse

from crm_core.audit.compliance.checks import REGIMES, ComplianceConfig, run_compliance_checks
from crm_core.commands._audit_group import audit_subparsers
from crm_core.commands._inputs import add_input_options, parse_as_of, read_tables, write_output
from crm_core.errors import CrmCoreError
from crm_core.findings import AuditResult

MAX_ROWS = 200
OPTIONAL_FILES = ("activities", "users", "accounts", "deals", "tickets")


def _cell(value: object) -> str:
    return str(value).replace("|", "/").replace("\n", " ")


def compliance_markdown(result: AuditResult, config: ComplianceConfig) -> str:
    """Scores, findings and the first record-level rows (masked), as Markdown."""
    regimes = ", ".join(REGIMES[r].label for r in config.regimes) or "none chosen (opt-out, retention, "\
        "sensitive data and access checks only)"
    lines = ["# Compliance data checks", "",
             f"Regimes: {regimes}. Retention period: {config.retention_months} months.", ""]
    for score in result.scores:
        lines.append(f"- **{score.dimension}**: {score.value:.0f}/100 ({score.formula})")
    lines += ["", "## Findings", ""]
    for finding in result.findings:
        lines.append(f"- **{finding.severity.value.upper()}** `{finding.code}` {finding.title}. {finding.detail}")
    if not result.findings:
        lines.append("No compliance problem found in the data.")
    if len(result.issues):
        shown = result.issues.head(MAX_ROWS)
        lines += ["", f"## Records ({len(shown):,} of {len(result.issues):,}, sensitive values masked)", "",
                  "| Check | Entity | Record | Field | Evidence |", "|---|---|---|---|---|"]
        for row in shown.itertuples(index=False):
            lines.append(f"| {row.check} | {row.entity} | {row.record_id} | {row.field} | {_cell(row.value)} |")
    return "\n".join(lines) + "\n"


def run_compliance(args: argparse.Namespace) -> int:
    regimes = tuple(dict.fromkeys(r.strip().lower() for r in args.regime or ()))
    unknown = [r for r in regimes if r not in REGIMES]
    if unknown:
        raise CrmCoreError(f"--regime '{unknown[0]}' is not known: use any of {', '.join(REGIMES)}.")
    if args.retention_months is not None and args.retention_months < 1:
        raise CrmCoreError("--retention-months must be a whole number of months, 1 or more.")
    as_of = parse_as_of(args.as_of, None) if args.as_of else None
    config = ComplianceConfig(regimes, args.retention_months or 36, args.dormant_days or 90, as_of)
    tables = read_tables({entity: getattr(args, entity) for entity in ("contacts", *OPTIONAL_FILES)
                          if getattr(args, entity)}, args)
    result = run_compliance_checks(tables, config)
    write_output(result.to_json() if args.format == "json" else compliance_markdown(result, config), args.out)
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = audit_subparsers(subparsers).add_parser(
        "compliance", help="consent, retention, sensitive data in notes and user access, from the exports")
    parser.add_argument("--contacts", required=True, metavar="FILE", help="contacts export (CSV, TSV, XLSX)")
    parser.add_argument("--activities", metavar="FILE", help="activities export (emails sent after an opt-out)")
    parser.add_argument("--users", metavar="FILE", help="users export (administrators, leavers, dormant accounts)")
    parser.add_argument("--accounts", metavar="FILE", help="accounts export (records owned by leavers, notes)")
    parser.add_argument("--deals", metavar="FILE", help="deals export (records owned by leavers, notes)")
    parser.add_argument("--tickets", metavar="FILE", help="support tickets export (notes)")
    add_input_options(parser)
    parser.add_argument("--regime", action="extend", nargs="+", metavar="REGIME",
                        help=f"privacy regimes that apply: {', '.join(REGIMES)}")
    parser.add_argument("--retention-months", type=int, metavar="N", help="retention period (default: 36)")
    parser.add_argument("--dormant-days", type=int, metavar="N", help="days without login before an enabled "
                        "user counts as dormant (default: 90)")
    parser.add_argument("--as-of", metavar="DATE", help="audit date, YYYY-MM-DD (default: the exports' date)")
    parser.add_argument("--format", choices=("json", "md"), default="json", help="output format (default: json)")
    parser.add_argument("--out", metavar="PATH", help="write to this file instead of standard output")
    parser.set_defaults(handler=run_compliance)
