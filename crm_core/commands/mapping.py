"""``map``: how a CRM export's columns map to the workbench's fields."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from crm_core.commands._inputs import edited_mapping, field_choices
from crm_core.importing import MAX_IMPORT_BYTES
from crm_core.recognition import choose_entity, map_file
from crm_core.reading import read_table
from crm_core.schema import ENTITIES


def show_mapping(args: argparse.Namespace) -> int:
    raw = read_table(args.file, sheet=args.sheet, max_bytes=MAX_IMPORT_BYTES)
    _, entity = choose_entity(raw.frame, args.entity, Path(args.file).name)
    mapping = edited_mapping(map_file(raw.frame, entity), field_choices(args.map))
    if args.json:
        columns = {
            m.header: {"field": m.field, "confidence": round(m.confidence, 3), "method": m.method,
                       "proposed": m.candidate if m.field is None else None, "reason": m.reason or None}
            for m in mapping.columns
        }
        print(json.dumps({"entity": entity, "columns": columns}, indent=2, ensure_ascii=False))
        return 0
    print(f"entity: {entity}")
    width = max(len(m.header) for m in mapping.columns)
    for match in mapping.columns:
        target = match.field or "(custom field)"
        print(f"  {match.header:<{width}}  ->  {target:<20} {match.confidence:4.0%}  {match.method}"
              + (f"  ({match.reason})" if match.reason else ""))
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    mapper = subparsers.add_parser("map", help="show how a CRM export's columns map to fields")
    mapper.add_argument("file", help="CSV, TSV or XLSX export")
    mapper.add_argument("--entity", choices=ENTITIES, help="what the file holds (default: guessed)")
    mapper.add_argument("--json", action="store_true", help="print JSON")
    mapper.add_argument("--map", action="append", metavar="COLUMN=FIELD", help="map a column to a field")
    mapper.add_argument("--sheet", metavar="NAME", help="the workbook sheet to read")
    mapper.set_defaults(handler=show_mapping)
