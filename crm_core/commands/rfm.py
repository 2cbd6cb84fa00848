"""``rfm``: recency, frequency and monetary scores per customer from a transaction log or won deals."""

from __future__ import annotations

import argparse
import json
import sys

from crm_core.audit.pipeline.rfm import (
    RFM_COLUMNS,
    SetAside,
    default_as_of,
    orders_from_deals,
    orders_from_transactions,
    score_customers,
    segment_summary,
    to_csv_bytes,
)
from crm_core.commands._inputs import add_input_options, parse_as_of, read_tables, write_output
from crm_core.errors import CrmCoreError


def run_rfm(args: argparse.Namespace) -> int:
    tables = read_tables({entity: getattr(args, entity) for entity in ("transactions", "deals", "accounts")
                          if getattr(args, entity)}, args)
    if args.transactions:
        orders, set_aside = orders_from_transactions(tables["transactions"])
    else:
        orders, set_aside = orders_from_deals(tables["deals"], tables.get("accounts")), SetAside()
    if not orders["is_order"].any():
        raise CrmCoreError("No purchase with a customer, a date and an amount was found: check the file and its "
                           "columns (customer id, date, amount or quantity and unit price).")
    as_of = parse_as_of(args.as_of, default_as_of(orders[orders["is_order"]]))
    scored = score_customers(orders, as_of=as_of)
    if scored.empty:
        raise CrmCoreError(f"No purchase happened before {as_of.isoformat()}: choose a later --as-of date.")
    rows = scored[list(RFM_COLUMNS)]
    if args.format == "json":
        document = {
            "as_of": as_of.isoformat(), "source": "transactions" if args.transactions else "deals",
            "customers": len(rows), "set_aside": set_aside.__dict__,
            "segments": {r.segment: int(r.customers) for r in segment_summary(scored).itertuples()},
            "rows": json.loads(rows.to_json(orient="records")),
        }
        write_output(json.dumps(document, indent=2, ensure_ascii=False), args.out)
    else:
        write_output(to_csv_bytes(rows).decode("utf-8-sig"), args.out)
    if args.transactions:
        print(f"{len(rows):,} customers scored as of {as_of.isoformat()}; {set_aside.sentence()}", file=sys.stderr)
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    rfm = subparsers.add_parser("rfm", help="RFM scores and segments per customer, in priority order")
    source = rfm.add_mutually_exclusive_group(required=True)
    source.add_argument("--deals", metavar="FILE", help="deals export: won deals are each account's orders")
    source.add_argument("--transactions", metavar="FILE", help="order or invoice log (CSV, XLSX or .csv.gz)")
    rfm.add_argument("--accounts", metavar="FILE", help="accounts export (owners and names for --deals)")
    add_input_options(rfm)
    rfm.add_argument("--as-of", metavar="DATE",
                     help="recency is counted to this date, YYYY-MM-DD (default: the day after the last purchase)")
    rfm.add_argument("--format", choices=("csv", "json"), default="csv", help="output format (default: csv)")
    rfm.add_argument("--out", metavar="PATH", help="write to this file instead of standard output")
    rfm.set_defaults(handler=run_rfm)
