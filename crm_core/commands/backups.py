"""``backup`` and ``restore``: a workspace to one ZIP file and back, as the Workspace page does."""

from __future__ import annotations

import argparse
from pathlib import Path

from crm_core import backup, store
from crm_core.commands._inputs import workspace_named, write_output
from crm_core.errors import BackupError
from crm_core.settings import load_settings


def write_backup(args: argparse.Namespace) -> int:
    settings = load_settings()
    engine = store.open_store(settings.db_url)
    workspace = workspace_named(engine, args.workspace)
    content = backup.export_workspace(engine=engine, data_dir=settings.data_dir, workspace_id=workspace.id)
    write_output(content, args.out)
    print(f"Wrote the backup of '{workspace.name}' to {args.out} ({len(content):,} bytes).")
    return 0


def restore_backup(args: argparse.Namespace) -> int:
    path = Path(args.file)
    try:
        content = path.read_bytes()
    except OSError as error:
        raise BackupError(f"Could not read {path} ({error.strerror or error}): check the file name.") from error
    settings = load_settings()
    workspace = backup.import_workspace(engine=store.open_store(settings.db_url), data_dir=settings.data_dir,
                                        archive_bytes=content, as_copy=args.as_copy)
    print(f"Restored the backup as workspace '{workspace.name}'.")
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    saving = subparsers.add_parser("backup", help="write one workspace, imported files included, to a ZIP file")
    saving.add_argument("--workspace", required=True, metavar="NAME", help="the workspace's name")
    saving.add_argument("--out", required=True, metavar="FILE.zip", help="where to write the backup")
    saving.set_defaults(handler=write_backup)

    restoring = subparsers.add_parser("restore", help="restore a workspace from a backup ZIP file")
    restoring.add_argument("file", metavar="FILE.zip", help="a backup written by the workbench")
    restoring.add_argument("--as-copy", action="store_true",
                           help="restore as NAME (copy), even when the backup's own name is free")
    restoring.set_defaults(handler=restore_backup)
