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
from crm_core.audit.usage.activity import latest_record
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


def run_kpis(args: argparse.Namespace) -> int:
    config = PipelineConfig(stage_outcomes=parse_stage_overrides(args.stage or []))
    as_of = parse_as_of(args.as_of, date.today())
    tables = read_tables({entity: getattr(args, entity) for entity in ("deals", "accounts", "activities", "transactions")
                          if getattr(args, entity)}, args)
    note = None if args.as_of else stale_data_note(latest_record(tables), as_of)
    if note:
        print(note, file=sys.stderr)
    document = kpis_to_dict(compute_kpis(tables, as_of=as_of, config=config), as_of=as_of)
    text = json.dumps(document, indent=2, ensure_ascii=False) if args.format == "json" else kpis_markdown(document)
    write_output(text, args.out)
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    kpis = subparsers.add_parser("kpis", help="pipeline and customer KPIs (win rate, sales cycle...) from exports")
    kpis.add_argument("--deals", required=True, metavar="FILE", help="deals (opportunities) export")
    kpis.add_argument("--accounts", metavar="FILE", help="accounts export (churn from account status)")
    kpis.add_argument("--activities", metavar="FILE", help="activities export (stuck deals, deals with activity)")
    kpis.add_argument("--transactions", metavar="FILE", help="order or invoice log (retention, revenue per customer)")
    kpis.add_argument("--stage", action="append", metavar="STAGE=OUTCOME",
                      help="map a stage to won, lost or open (repeatable), e.g. --stage Signed=won")
    add_input_options(kpis)
    kpis.add_argument("--as-of", metavar="DATE", help="date the KPIs are computed for, YYYY-MM-DD (default: today)")
    kpis.add_argument("--format", choices=("json", "md"), default="json", help="output format (default: json)")
    kpis.add_argument("--out", metavar="PATH", help="write to this file instead of standard output")
    kpis.set_defaults(handler=run_kpis)
