"""One-file workspace backups: a ZIP holding every row as JSON and every imported file.

``rows.json`` is written with sorted keys and a stable row order, so exporting a workspace,
importing it into another database and exporting it again gives the same bytes: that is how
the round trip is tested. A backup carries the schema revision it was written at; a backup
from a newer workbench is refused rather than half-read.
"""

from __future__ import annotations

import io
import json
import shutil
import tempfile
import zipfile
from pathlib import Path, PurePosixPath

from sqlalchemy.engine import Engine

from crm_core import store
from crm_core.errors import BackupError
from crm_core.models import Workspace, utc_now
from crm_core.workspaces import workspace_dir

BACKUP_FORMAT = "crm-audit-workbench-backup"
BACKUP_FORMAT_VERSION = 1
MANIFEST_NAME = "manifest.json"
ROWS_NAME = "rows.json"
FILES_PREFIX = "files/"


def rows_to_json(rows: store.RowsByTable) -> str:
    return json.dumps(rows, sort_keys=True, indent=1, ensure_ascii=False)


def export_workspace(*, engine: Engine, data_dir: Path, workspace_id: str) -> bytes:
    """The workspace as ZIP bytes (for a download button or a file)."""
    with store.session_scope(engine) as session:
        workspace = store.require_workspace(session=session, workspace_id=workspace_id)
        rows = store.dump_workspace_rows(session=session, workspace_id=workspace_id)
        manifest = {
            "format": BACKUP_FORMAT,
            "format_version": BACKUP_FORMAT_VERSION,
            "schema_revision": store.current_revision(engine),
            "workspace_name": workspace.name,
            "exported_at": utc_now().isoformat(),
        }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(MANIFEST_NAME, json.dumps(manifest, indent=1))
        archive.writestr(ROWS_NAME, rows_to_json(rows))
        folder = workspace_dir(data_dir, workspace_id)
        if folder.exists():
            for path in sorted(p for p in folder.rglob("*") if p.is_file()):
                archive.write(path, FILES_PREFIX + path.relative_to(folder).as_posix())
    return buffer.getvalue()


def backup_file_name(workspace: Workspace) -> str:
    safe = "".join(ch if ch.isalnum() or ch in "-_" else "-" for ch in workspace.name).strip("-")
    return f"{safe or 'workspace'}-backup.zip"


def import_workspace(
    *, engine: Engine, data_dir: Path, archive_bytes: bytes, as_copy: bool = False
) -> Workspace:
    """Restore a backup; with ``as_copy`` (or when it is already here) under new ids and name.

    Files are unpacked to a temporary folder first and moved in place only once the rows are
    committed, so a failed import leaves nothing behind.
    """
    archive = _open_archive(archive_bytes)
    with archive:
        _check_manifest(archive)
        rows = _read_rows(archive)
        workspace_rows = rows.get("workspace") or []
        if len(workspace_rows) != 1:
            raise BackupError("This backup holds no workspace: export it again from the workbench.")
        with store.session_scope(engine) as session:
            original = workspace_rows[0]
            clash = store.get_workspace(session=session, workspace_id=original["id"]) is not None
            if as_copy or clash or store.get_workspace_by_name(session=session, name=original["name"]):
                name = store.unique_workspace_name(session=session, wanted=original["name"])
                rows = store.with_new_ids(rows, name=name)
        new_id = rows["workspace"][0]["id"]
        data_dir.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix="restore-", dir=data_dir))
        try:
            _extract_files(archive, staging)
            with store.session_scope(engine) as session:
                store.insert_rows_or_conflict(session=session, rows=rows)
                target = workspace_dir(data_dir, new_id)
                target.parent.mkdir(parents=True, exist_ok=True)
                if any(staging.iterdir()):
                    shutil.move(str(staging), str(target))
                workspace = store.require_workspace(session=session, workspace_id=new_id)
        finally:
            shutil.rmtree(staging, ignore_errors=True)
    return workspace


def _open_archive(archive_bytes: bytes) -> zipfile.ZipFile:
    if not archive_bytes:
        raise BackupError("The backup file is empty: choose the .zip the workbench exported.")
    try:
        archive = zipfile.ZipFile(io.BytesIO(archive_bytes))
    except zipfile.BadZipFile as error:
        raise BackupError(
            "This is not a workspace backup (not a ZIP file): choose the .zip the workbench exported."
        ) from error
    if MANIFEST_NAME not in archive.namelist() or ROWS_NAME not in archive.namelist():
        archive.close()
        raise BackupError(
            "This ZIP is not a workspace backup (no manifest): choose the .zip the workbench exported."
        )
    return archive


def _check_manifest(archive: zipfile.ZipFile) -> None:
    try:
        manifest = json.loads(archive.read(MANIFEST_NAME))
    except (ValueError, zipfile.BadZipFile) as error:
        raise BackupError("The backup's manifest is damaged: export the workspace again.") from error
    if manifest.get("format") != BACKUP_FORMAT:
        raise BackupError("This ZIP is not a workspace backup: choose the .zip the workbench exported.")
    if manifest.get("format_version", 0) > BACKUP_FORMAT_VERSION:
        raise BackupError(
            "This backup was written by a newer workbench: upgrade this one before importing it."
        )
    revision = manifest.get("schema_revision")
    if revision and not store.is_known_revision(revision):
        raise BackupError(
            f"This backup comes from a newer database schema ({revision}): upgrade the workbench "
            "before importing it."
        )


def _read_rows(archive: zipfile.ZipFile) -> store.RowsByTable:
    try:
        rows = json.loads(archive.read(ROWS_NAME))
    except (ValueError, zipfile.BadZipFile) as error:
        raise BackupError("The backup's data is damaged: export the workspace again.") from error
    if not isinstance(rows, dict):
        raise BackupError("The backup's data is damaged: export the workspace again.")
    return rows


def _extract_files(archive: zipfile.ZipFile, target: Path) -> None:
    for member in archive.infolist():
        if not member.filename.startswith(FILES_PREFIX) or member.is_dir():
            continue
        relative = PurePosixPath(member.filename[len(FILES_PREFIX):])
        if relative.is_absolute() or ".." in relative.parts:
            raise BackupError("The backup contains an unsafe file path: it was not imported.")
        destination = target.joinpath(*relative.parts)
        destination.parent.mkdir(parents=True, exist_ok=True)
        with archive.open(member) as source, open(destination, "wb") as sink:
            shutil.copyfileobj(source, sink)
