"""``audit usage``: the usage audit on export files, as JSON (the shared result) or Markdown."""

from __future__ import annotations

import argparse
import sys
from datetime import date

import pandas as pd

from crm_core.audit import usage
from crm_core.audit.area import AreaResult, AuditInputs
from crm_core.audit.usage.activity import latest_record
from crm_core.audit.usage.metrics import TYPE_GROUPS
from crm_core.commands._audit_group import audit_subparsers
from crm_core.units import format_value
from crm_core.commands._inputs import add_input_options, parse_as_of, read_tables, stale_data_note, write_output


def usage_markdown(audit: AreaResult, as_of: date) -> str:
    """A readable report: scores, findings, teams and people."""
    result = audit.result
    lines = [f"# Usage audit as of {as_of.isoformat()}", ""]
    for score in result.scores:
        lines.append(f"- **{score.dimension}**: {score.value:.0f}/100 ({score.formula})")
    lines += ["", "## Findings", ""]
    for finding in result.findings or ():
        lines.append(f"- **{finding.severity.value.upper()}** `{finding.code}` {finding.title}. {finding.detail}")
    if not result.findings:
        lines.append("No usage problems found.")
    window = usage.UsageThresholds().window_days
    lines += ["", f"## Teams (active users, last {window} days)", "",
              "| Team | Users | Logging | Activities per user per working day |", "|---|---:|---:|---:|"]
    for row in audit.table("teams").itertuples():
        lines.append(f"| {row.team} | {row.users} | {row.users_logging} | {row.per_user_per_day:.2f} |")
    people = audit.table("people")
    header = ["User", "Team", "Active", "Per day", *[g.replace("_", "/") for g in TYPE_GROUPS[:-1]],
              "Deals closed/week", "Tickets closed/week"]
    lines += ["", f"## People (per working day, last {window} days)", "", "| " + " | ".join(header) + " |",
              "|" + "---|" * len(header)]
    for row in people.itertuples():
        cells = [row.user, row.team, "yes" if row.active else "no", f"{row.per_day:.2f}",
                 *[f"{getattr(row, g + '_per_day'):.2f}" for g in TYPE_GROUPS[:-1]],
                 _number(row.deals_closed_per_week), _number(row.tickets_closed_per_week)]
        lines.append("| " + " | ".join(str(c).replace("|", "/") for c in cells) + " |")
    if not audit.facts["who_columns"]:
        lines += ["", "Records created or updated per user: the exports do not say who created or changed records."]
    speed = {key: value for key, (value, _, _) in audit.facts["speed_to_lead"].items()}
    why = next((reason for _, _, reason in audit.facts["speed_to_lead"].values() if reason), None)
    lines += ["", "Speed to lead: " + (
        f"not measured: {why}." if speed["leads_never_touched"] is None else
        f"median wait {format_value(speed['speed_to_lead_minutes_median'], 'minutes')}; touched within 5 minutes "
        f"{format_value(speed['leads_touched_within_5_min'], 'fraction')}, within an hour "
        f"{format_value(speed['leads_touched_within_1_hour'], 'fraction')}, within 24 hours "
        f"{format_value(speed['leads_touched_within_24_hours'], 'fraction')}; never touched "
        f"{format_value(speed['leads_never_touched'], 'fraction')} (working time, "
        f"{audit.facts['speed_to_lead_hours']}).")]
    return "\n".join(lines) + "\n"


def _number(value: float) -> str:
    return "-" if pd.isna(value) else f"{value:.2f}"


ENTITIES = ("activities", "users", "contacts", "deals", "tickets")


def run_usage(args: argparse.Namespace) -> int:
    as_of = parse_as_of(args.as_of, date.today())
    tables = read_tables({entity: getattr(args, entity) for entity in ENTITIES if getattr(args, entity)}, args)
    note = None if args.as_of else stale_data_note(latest_record(tables), as_of)
    if note:
        print(note, file=sys.stderr)
    audit = usage.run(AuditInputs(tables, {usage.SETTINGS_KEY: {"as_of": as_of.isoformat()}}, as_of))
    write_output(audit.result.to_json() if args.format == "json" else usage_markdown(audit, as_of), args.out)
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = audit_subparsers(subparsers).add_parser(
        "usage", help="who uses the CRM and how: activity per person and team, adoption, logging habits")
    parser.add_argument("--activities", required=True, metavar="FILE", help="activities export (CSV, TSV, XLSX)")
    parser.add_argument("--users", required=True, metavar="FILE", help="users export")
    parser.add_argument("--contacts", metavar="FILE", help="contacts or leads export (speed to lead)")
    parser.add_argument("--deals", metavar="FILE", help="deals export (deals closed per week, deals without activity)")
    parser.add_argument("--tickets", metavar="FILE", help="tickets export (tickets closed per week)")
    add_input_options(parser)
    parser.add_argument("--as-of", metavar="DATE", help="audit date, YYYY-MM-DD (default: today)")
    parser.add_argument("--format", choices=("json", "md"), default="json", help="output format (default: json)")
    parser.add_argument("--out", metavar="PATH", help="write to this file instead of standard output")
    parser.set_defaults(handler=run_usage)
