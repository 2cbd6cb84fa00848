"""Command line: the same store, imports and audits as the pages, for scripts and CI.

Each module in ``crm_core/commands/`` registers its own sub-commands with ``register``, so an
area adds its commands without touching this file. Every command exits 0 on success; a problem
the user can fix is one sentence on stderr and exit status 2. Store commands honour
``CRM_WORKBENCH_DATA_DIR`` and ``CRM_WORKBENCH_DB_URL``.
"""

from __future__ import annotations

import argparse
import importlib
import pkgutil
import sys
from collections.abc import Sequence

from crm_core import commands
from crm_core.errors import CrmCoreError


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m crm_core", description="CRM Audit Workbench from the command line."
    )
    subparsers = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for info in sorted(pkgutil.iter_modules(commands.__path__), key=lambda i: i.name):
        if info.name.startswith("_"):  # shared helpers such as _audit_group, not command modules
            continue
        importlib.import_module(f"{commands.__name__}.{info.name}").register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.handler(args)
    except CrmCoreError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
