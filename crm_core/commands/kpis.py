"""``kpis``: the KPI catalogue's current values from export files, as JSON or Markdown."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date

from crm_core.audit.pipeline.kpis import CATALOGUE, compute_kpis, kpis_to_dict
from crm_core.units import format_value
from crm_core.audit.pipeline.deals import PipelineConfig
from crm_core.audit.stages import parse_stage_overrides
from crm_core.audit.usage.activity import UsageThresholds, latest_record
from crm_core.audit.usage.speed_to_lead import measure_speed_to_lead
from crm_core.errors import CrmCoreError
from crm_core.commands._inputs import add_input_options, parse_as_of, read_tables, stale_data_note, write_output


def kpis_markdown(document: dict) -> str:
    lines = [f"# KPIs as of {document['as_of']}", "", "| KPI | Value | Good when | Records | Definition |",
             "|---|---:|---|---:|---|"]
    for kpi in CATALOGUE:
        item = document["kpis"][kpi.key]
        shown = format_value(item["value"], kpi.unit) if item["value"] is not None else f"n/a ({item['reason']})"
        good = "higher" if kpi.direction == "up" else "lower"
        lines.append(f"| {kpi.name} (`{kpi.key}`) | {shown} | {good} | {item['n']:,} | {kpi.definition} |")
    return "\n".join(lines) + "\n"


ENTITIES = ("deals", "accounts", "contacts", "activities", "users", "transactions")


def parse_hours(text: str) -> tuple[int, int]:
    """"8-18" -> (8, 18)."""
    try:
        start, end = (int(part) for part in text.replace(" ", "").split("-"))
    except ValueError as error:
        raise CrmCoreError(f"--working-hours '{text}' is not two hours: write it as START-END, e.g. 8-18.") from error
    return start, end


def run_kpis(args: argparse.Namespace) -> int:
    config = PipelineConfig(stage_outcomes=parse_stage_overrides(args.stage or []))
    as_of = parse_as_of(args.as_of, date.today())
    hours = UsageThresholds(**dict(zip(("work_start_hour", "work_end_hour"), parse_hours(args.working_hours),
                                       strict=True))).working_hours
    given = {entity: getattr(args, entity) for entity in ENTITIES if getattr(args, entity)}
    if not given:
        raise CrmCoreError("Give at least one export, e.g. --deals opportunities.csv or --contacts contacts.csv "
                           "--activities activities.csv for speed to lead.")
    tables = read_tables(given, args)
    note = None if args.as_of else stale_data_note(latest_record(tables), as_of)
    if note:
        print(note, file=sys.stderr)
    speed = measure_speed_to_lead(tables, as_of=as_of, hours=hours)
    document = kpis_to_dict(compute_kpis(tables, as_of=as_of, config=config, speed=speed), as_of=as_of)
    text = json.dumps(document, indent=2, ensure_ascii=False) if args.format == "json" else kpis_markdown(document)
    write_output(text, args.out)
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    kpis = subparsers.add_parser("kpis", help="pipeline and customer KPIs (win rate, sales cycle...) from exports")
    kpis.add_argument("--deals", metavar="FILE", help="deals (opportunities) export")
    kpis.add_argument("--contacts", metavar="FILE", help="contacts or leads export (speed to lead)")
    kpis.add_argument("--users", metavar="FILE", help="users export (speed to lead per team)")
    kpis.add_argument("--accounts", metavar="FILE", help="accounts export (churn from account status)")
    kpis.add_argument("--activities", metavar="FILE", help="activities export (stuck deals, deals with activity)")
    kpis.add_argument("--transactions", metavar="FILE", help="order or invoice log (retention, revenue per customer)")
    kpis.add_argument("--stage", action="append", metavar="STAGE=OUTCOME",
                      help="map a stage to won, lost or open (repeatable), e.g. --stage Signed=won")
    add_input_options(kpis)
    kpis.add_argument("--working-hours", metavar="START-END", default="8-18",
                      help="the team's working day, Monday to Friday, for speed to lead (default: 8-18; 0-24 counts "
                           "every hour)")
    kpis.add_argument("--as-of", metavar="DATE", help="date the KPIs are computed for, YYYY-MM-DD (default: today)")
    kpis.add_argument("--format", choices=("json", "md"), default="json", help="output format (default: json)")
    kpis.add_argument("--out", metavar="PATH", help="write to this file instead of standard output")
    kpis.set_defaults(handler=run_kpis)
