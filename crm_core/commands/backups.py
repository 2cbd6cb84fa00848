"""``backup`` and ``restore``: a workspace to one ZIP file and back, as the Workspace page does."""

from __future__ import annotations

import argparse
from pathlib import Path

from crm_core import backup, store
from crm_core.errors import BackupError, NotFoundError
from crm_core.settings import load_settings


def write_backup(args: argparse.Namespace) -> int:
    settings = load_settings()
    engine = store.open_store(settings.db_url)
    with store.session_scope(engine) as session:
        workspace = store.get_workspace_by_name(session=session, name=args.workspace)
        if workspace is None:
            raise NotFoundError(f"No workspace is called {args.workspace!r}: "
                                "`python -m crm_core workspaces` lists them.")
    content = backup.export_workspace(engine=engine, data_dir=settings.data_dir, workspace_id=workspace.id)
    out = Path(args.out)
    try:
        partial = out.with_name(out.name + ".partial")
        partial.write_bytes(content)
        partial.replace(out)
    except OSError as error:
        raise BackupError(f"Could not write {out} ({error.strerror or error}): choose a folder you can write to.") from error
    print(f"Wrote the backup of '{workspace.name}' to {out} ({len(content):,} bytes).")
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
                           help="restore under a new name even when the backup's name is free")
    restoring.set_defaults(handler=restore_backup)
