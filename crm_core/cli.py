"""Command line: the same store, imports and audits as the pages, for scripts and CI.

Every command exits 0 on success; a problem the user can fix is one sentence on stderr and
exit status 2. Store commands honour CRM_WORKBENCH_DATA_DIR and CRM_WORKBENCH_DB_URL.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence

from crm_core import store
from crm_core.errors import CrmCoreError
from crm_core.schema import ENTITIES
from crm_core.settings import load_settings

Handler = Callable[[argparse.Namespace], int]


def _cmd_workspaces(args: argparse.Namespace) -> int:
    settings = load_settings()
    engine = store.open_store(settings.db_url)
    with store.session_scope(engine) as session:
        rows = []
        for workspace in store.list_workspaces(session=session):
            sources = store.count_data_sources(session=session, workspace_id=workspace.id)
            rows.append(
                {
                    "name": workspace.name,
                    "organisation": workspace.organisation,
                    "period": workspace.period,
                    "data_sources": sources,
                    "updated_at": workspace.updated_at.isoformat(timespec="seconds"),
                }
            )
    if args.json:
        print(json.dumps(rows, indent=2))
    elif not rows:
        print("No workspaces yet: run `python -m crm_core demo` to load the sample company.")
    else:
        width = max(len(row["name"]) for row in rows)
        for row in rows:
            print(
                f"{row['name']:<{width}}  {row['period'] or '-':<8}  "
                f"{row['data_sources']} data source(s)  {row['organisation']}"
            )
    return 0


def _cmd_demo(args: argparse.Namespace) -> int:
    from crm_core.demo import SAMPLE_WORKSPACE_NAME, load_sample_company

    settings = load_settings()
    engine = store.open_store(settings.db_url)
    workspace = load_sample_company(
        engine=engine,
        data_dir=settings.data_dir,
        name=args.workspace or SAMPLE_WORKSPACE_NAME,
        progress=lambda fraction, message: print(f"{fraction:4.0%}  {message}", file=sys.stderr),
    )
    print(f"Created workspace '{workspace.name}' with the sample company's CRM exports.")
    return 0


def _cmd_map(args: argparse.Namespace) -> int:
    from crm_core.importing import MAX_IMPORT_BYTES
    from crm_core.mapping import guess_entity, map_headers
    from crm_core.reading import read_table

    raw = read_table(args.file, max_bytes=MAX_IMPORT_BYTES)
    headers = [str(h) for h in raw.frame.columns]
    entity = args.entity or guess_entity(headers).entity
    if entity is None:
        print(
            f"error: the columns of {args.file} do not look like a CRM export the workbench knows: "
            "pass --entity to say what it holds.",
            file=sys.stderr,
        )
        return 2
    mapping = map_headers(headers, entity)
    if args.json:
        columns = {m.header: {"field": m.field, "confidence": round(m.confidence, 3)} for m in mapping.columns}
        print(json.dumps({"entity": entity, "columns": columns}, indent=2, ensure_ascii=False))
        return 0
    print(f"entity: {entity}")
    width = max(len(m.header) for m in mapping.columns)
    for match in mapping.columns:
        target = match.field or "(custom field)"
        print(f"  {match.header:<{width}}  ->  {target:<20} {match.confidence:4.0%}  {match.method}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m crm_core", description="CRM Audit Workbench from the command line."
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    listing = commands.add_parser("workspaces", help="list the workspaces in the store")
    listing.add_argument("--json", action="store_true", help="print JSON instead of a table")
    listing.set_defaults(handler=_cmd_workspaces)

    demo = commands.add_parser("demo", help="create a workspace holding the sample company")
    demo.add_argument("--workspace", metavar="NAME", help="name of the workspace to create")
    demo.set_defaults(handler=_cmd_demo)

    mapper = commands.add_parser("map", help="show how a CRM export's columns map to workbench fields")
    mapper.add_argument("file", help="CSV, TSV or XLSX export")
    mapper.add_argument("--entity", choices=ENTITIES, help="what the file holds (default: guessed)")
    mapper.add_argument("--json", action="store_true", help="print JSON")
    mapper.set_defaults(handler=_cmd_map)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    handler: Handler = args.handler
    try:
        return handler(args)
    except CrmCoreError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
