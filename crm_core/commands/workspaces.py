"""``workspaces`` and ``demo``: what is in the store, and the sample company."""

from __future__ import annotations

import argparse
import json
import sys

from crm_core import store
from crm_core.settings import load_settings


def list_workspaces(args: argparse.Namespace) -> int:
    engine = store.open_store(load_settings().db_url)
    with store.session_scope(engine) as session:
        rows = [
            {
                "name": workspace.name,
                "organisation": workspace.organisation,
                "period": workspace.period,
                "data_sources": store.count_data_sources(session=session, workspace_id=workspace.id),
                "updated_at": workspace.updated_at.isoformat(timespec="seconds"),
            }
            for workspace in store.list_workspaces(session=session)
        ]
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


def load_demo(args: argparse.Namespace) -> int:
    from crm_core.demo import SAMPLE_WORKSPACE_NAME, load_sample_company

    settings = load_settings()
    workspace = load_sample_company(
        engine=store.open_store(settings.db_url),
        data_dir=settings.data_dir,
        name=args.workspace or SAMPLE_WORKSPACE_NAME,
        progress=lambda fraction, message: print(f"{fraction:4.0%}  {message}", file=sys.stderr),
    )
    print(f"Created workspace '{workspace.name}' with the sample company's CRM exports and strategy work.")
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    listing = subparsers.add_parser("workspaces", help="list the workspaces in the store")
    listing.add_argument("--json", action="store_true", help="print JSON instead of a table")
    listing.set_defaults(handler=list_workspaces)

    demo = subparsers.add_parser("demo", help="create a workspace holding the sample company")
    demo.add_argument("--workspace", metavar="NAME", help="name of the workspace to create")
    demo.set_defaults(handler=load_demo)
