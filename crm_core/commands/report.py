"""``report``: a workspace's report as PDF, HTML, PPTX, XLSX or Markdown, or all five at once.

Reads the configured store (``CRM_WORKBENCH_DATA_DIR``, ``CRM_WORKBENCH_DB_URL``), runs every
audit on the workspace's imports exactly as the pages do, and writes the report to ``--out``.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from crm_core import report, store
from crm_core.errors import CrmCoreError
from crm_core.commands._inputs import workspace_named, write_output
from crm_core.report.sources import load_report
from crm_core.settings import load_settings


ALL = "all"


def run_report(args: argparse.Namespace) -> int:
    wanted = args.format.strip().lower()
    formats = list(report.FORMATS) if wanted == ALL else [wanted]
    for fmt in formats:
        report.check_format(fmt)
    out = Path(args.out)
    if wanted == ALL and not out.is_dir():
        raise CrmCoreError(f"--format all writes five files: give an existing folder as --out, not {out}.")
    if wanted != ALL:
        spec = report.FORMATS[wanted]
        if out.is_dir():
            raise CrmCoreError(f"--out {out} is a folder: give a file name, e.g. {out / ('report.' + spec.extension)}.")
        if not out.parent.exists():
            raise CrmCoreError(f"The folder {out.parent} does not exist: create it or choose another --out path.")
    settings = load_settings()
    engine = store.open_store(settings.db_url)
    try:
        workspace = workspace_named(engine, args.workspace)
        built = load_report(engine=engine, data_dir=settings.data_dir, workspace_id=workspace.id,
                            redact=args.redact)
        contents = {fmt: report.render(built, fmt) for fmt in formats}  # all rendered before any is written
    finally:
        engine.dispose()
    for fmt, content in contents.items():
        target = out / report.file_name(built, fmt) if wanted == ALL else out
        write_output(content, str(target))
        print(f"Wrote the {report.FORMATS[fmt].label} of '{workspace.name}' to {target} ({len(content):,} bytes).")
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("report", help="write a workspace's recommendations report")
    parser.add_argument("--workspace", required=True, metavar="NAME", help="the workspace's name")
    parser.add_argument("--format", required=True, metavar="FORMAT",
                        help=f"one of {', '.join(report.FORMATS)}, or {ALL} for the five of them at once")
    parser.add_argument("--out", required=True, metavar="PATH",
                        help=f"the file to write (with --format {ALL}: the folder to write the five files into)")
    parser.add_argument("--redact", action=argparse.BooleanOptionalAction, default=None,
                        help="redact names, emails and phone numbers quoted from the CRM (default: the "
                             "workspace's report setting, which redacts unless it was turned off)")
    parser.set_defaults(handler=run_report)
