"""One-file workspace backups: a ZIP holding every row as JSON and every imported file.

``rows.json`` is written with sorted keys and a stable row order. A backup carries the schema
revision it was written at; a backup from a newer workbench is refused rather than half-read.

A backup is input like any upload, so a restore trusts nothing in it. Before anything is
written the archive is checked against size, ratio and member limits (a zip bomb is refused
unread) and every row against the store's columns: types, lengths, required values, rows that
belong to another workspace or point at rows the backup does not hold. The ids in the archive
are only data: the restored workspace gets fresh ids for every row and fresh paths for every
file, made by :mod:`crm_core.data_folder`; an archive's member names are looked up, never
turned into paths. Files are unpacked into a staging folder and moved in place only once the
rows are committed, so a refused or failed restore leaves nothing behind.
"""

from __future__ import annotations

import io
import json
import zipfile
from datetime import date, datetime
from pathlib import Path
from typing import Any

from pydantic_core import PydanticUndefined
from sqlalchemy import Table
from sqlalchemy.engine import Engine
from sqlmodel import SQLModel

from crm_core import data_folder, store, workshop
from crm_core.errors import BackupError
from crm_core.models import DataSource, Workspace, utc_now

BACKUP_FORMAT = "crm-audit-workbench-backup"
BACKUP_FORMAT_VERSION = 1
MANIFEST_NAME = "manifest.json"
ROWS_NAME = "rows.json"
FILES_PREFIX = "files/"

# Archive limits, checked on the archive's directory before anything is read or written, and
# again on the bytes actually decompressed (a member may lie about its size).
MAX_MEMBERS = 5_000
MAX_TOTAL_BYTES = 4 * 1024**3  # uncompressed; a 1,000,000-contact workspace is well under 1 GiB
MAX_ROWS_BYTES = 512 * 1024**2
MAX_RATIO = 200  # uncompressed / compressed, for members over RATIO_FLOOR_BYTES
RATIO_FLOOR_BYTES = 1024**2
_CHUNK = 1024**2


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
        for relative in sorted(_source_files(rows)):
            path = data_folder.source_file(data_dir, workspace_id, relative)
            if path.is_file():
                archive.write(path, FILES_PREFIX + relative)
    return buffer.getvalue()


def _source_files(rows: store.RowsByTable) -> set[str]:
    return {row[key] for row in rows.get(DataSource.__tablename__, []) for key in ("original_path", "table_path")}


def backup_file_name(workspace: Workspace) -> str:
    safe = "".join(ch if ch.isalnum() or ch in "-_" else "-" for ch in workspace.name).strip("-")
    return f"{safe or 'workspace'}-backup.zip"


def import_workspace(
    *, engine: Engine, data_dir: Path, archive_bytes: bytes, as_copy: bool = False
) -> Workspace:
    """Restore a backup as a new workspace (fresh ids and paths), named as in the backup, with
    " (copy)" when ``as_copy`` is set, and a number when that name is taken here."""
    archive = _open_archive(archive_bytes)
    with archive:
        _check_limits(archive)
        _check_manifest(archive)
        rows = check_rows(_read_rows(archive))
        files = _files_to_restore(archive, rows)
        renamed = workshop.closed_copies(store.with_new_ids(rows))
        new_id = renamed[Workspace.__tablename__][0]["id"]
        moves = _new_source_paths(renamed)
        staging = data_folder.staging_dir(data_dir, data_folder.RESTORE_STAGING_PREFIX)
        try:
            for old_path, new_path in moves:
                _extract(archive, files[old_path], staging.joinpath(*new_path.split("/")))
            with store.session_scope(engine) as session:
                wanted = renamed[Workspace.__tablename__][0]["name"] + (" (copy)" if as_copy else "")
                renamed[Workspace.__tablename__][0]["name"] = store.unique_workspace_name(session=session,
                                                                                          wanted=wanted)
                store.insert_rows_or_conflict(session=session, rows=renamed)
                target = data_folder.workspace_dir(data_dir, new_id)
                staging.rename(target)
                workspace = store.require_workspace(session=session, workspace_id=new_id)
        except BaseException:
            data_folder.remove_tree(data_dir, data_folder.workspace_dir(data_dir, new_id))
            raise
        finally:
            data_folder.remove_tree(data_dir, staging)
    return workspace


def _open_archive(archive_bytes: bytes) -> zipfile.ZipFile:
    if not archive_bytes:
        raise BackupError("The backup file is empty: choose the .zip the workbench exported.")
    try:
        archive = zipfile.ZipFile(io.BytesIO(archive_bytes))
        names = archive.namelist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError) as error:
        raise BackupError(
            "This is not a workspace backup (not a readable ZIP file): choose the .zip the workbench exported."
        ) from error
    if MANIFEST_NAME not in names or ROWS_NAME not in names:
        archive.close()
        raise BackupError(
            "This ZIP is not a workspace backup (no manifest): choose the .zip the workbench exported."
        )
    return archive


def _check_limits(archive: zipfile.ZipFile) -> None:
    """Refuse an archive whose directory promises too much, before anything is decompressed."""
    members = archive.infolist()
    if len(members) > MAX_MEMBERS:
        raise BackupError(f"This backup holds {len(members):,} files, more than the {MAX_MEMBERS:,} a "
                          "workspace backup can have: it was not imported.")
    total = sum(member.file_size for member in members)
    if total > MAX_TOTAL_BYTES:
        raise BackupError(f"This backup would unpack to {total / 1024**3:,.1f} GiB, more than the "
                          f"{MAX_TOTAL_BYTES // 1024**3} GiB limit: it was not imported.")
    for member in members:
        if member.file_size > RATIO_FLOOR_BYTES and member.file_size > MAX_RATIO * max(member.compress_size, 1):
            raise BackupError("This backup holds a file compressed far more than any export can be "
                              "(a 'zip bomb'): it was not imported.")
    if archive.getinfo(ROWS_NAME).file_size > MAX_ROWS_BYTES:
        raise BackupError("The backup's data file is larger than any workspace's: it was not imported.")


def _read_member(archive: zipfile.ZipFile, member: zipfile.ZipInfo, sink) -> None:
    """Copy one member, never past its declared size (the limits were checked on it)."""
    written = 0
    try:
        with archive.open(member) as source:
            while chunk := source.read(_CHUNK):
                written += len(chunk)
                if written > member.file_size:
                    raise BackupError("A file in the backup is larger than the archive says: it was not imported.")
                sink.write(chunk)
    except (zipfile.BadZipFile, EOFError, OSError, ValueError, NotImplementedError) as error:
        raise BackupError(f"The file {member.filename!r} in the backup is damaged: export the workspace again."
                          ) from error


def _check_manifest(archive: zipfile.ZipFile) -> None:
    buffer = io.BytesIO()
    _read_member(archive, archive.getinfo(MANIFEST_NAME), buffer)
    try:
        manifest = json.loads(buffer.getvalue())
    except ValueError as error:
        raise BackupError("The backup's manifest is damaged: export the workspace again.") from error
    if not isinstance(manifest, dict) or manifest.get("format") != BACKUP_FORMAT:
        raise BackupError("This ZIP is not a workspace backup: choose the .zip the workbench exported.")
    version = manifest.get("format_version", 0)
    if not isinstance(version, int) or version > BACKUP_FORMAT_VERSION:
        raise BackupError(
            "This backup was written by a newer workbench: upgrade this one before importing it."
        )
    revision = manifest.get("schema_revision")
    if revision is not None and (not isinstance(revision, str) or not store.is_known_revision(revision)):
        raise BackupError(
            f"This backup comes from a newer database schema ({str(revision)[:40]}): upgrade the workbench "
            "before importing it."
        )


def _read_rows(archive: zipfile.ZipFile) -> Any:
    buffer = io.BytesIO()
    _read_member(archive, archive.getinfo(ROWS_NAME), buffer)
    try:
        return json.loads(buffer.getvalue())
    except (ValueError, RecursionError) as error:
        raise BackupError("The backup's data is damaged: export the workspace again.") from error


def _damaged(detail: str) -> BackupError:
    return BackupError(f"The backup's data is damaged ({detail}): it was not imported.")


def check_rows(rows: Any) -> store.RowsByTable:
    """``rows`` when every row fits this store and belongs to the one workspace they describe."""
    if not isinstance(rows, dict) or not all(isinstance(v, list) for v in rows.values()):
        raise BackupError("The backup's data is damaged: export the workspace again.")
    tables = {table.name: table for table in store.workspace_tables()}
    unknown = sorted(set(rows) - set(tables))
    if unknown:
        raise BackupError(f"The backup has tables this version does not know ({', '.join(unknown)[:80]}): "
                          "upgrade the workbench before importing it.")
    workspace_rows = rows.get(Workspace.__tablename__) or []
    if len(workspace_rows) != 1:
        raise BackupError("This backup holds no workspace (or several): export it again from the workbench.")
    ids: dict[str, set] = {}
    for name, table_rows in rows.items():
        for row in table_rows:
            _check_row(tables[name], row)
            if not data_folder.is_plain_name(row["id"]):
                raise _damaged(f"an id of {name} is not one the workbench makes")
            if name == DataSource.__tablename__ and not all(
                    data_folder.is_source_path(row[key]) for key in ("original_path", "table_path")):
                raise BackupError("The backup names an imported file outside its own folder: it was not imported.")
        ids[name] = {row["id"] for row in table_rows}
        if len(ids[name]) != len(table_rows):
            raise _damaged(f"two rows of {name} share an id")
    owner = workspace_rows[0]["id"]
    for name, table_rows in rows.items():
        table = tables[name]
        for row in table_rows:
            if name != Workspace.__tablename__ and row["workspace_id"] != owner:
                raise BackupError("The backup holds rows of another workspace: it was not imported.")
            for fk in table.foreign_keys:
                value = row.get(fk.parent.name)
                if value is not None and fk.column.table.name != Workspace.__tablename__ and \
                        value not in ids.get(fk.column.table.name, set()):
                    raise _damaged(f"a row of {name} points at a {fk.column.table.name} the backup does not hold")
    return rows


def _check_row(table: Table, row: Any) -> None:
    if not isinstance(row, dict):
        raise _damaged(f"a row of {table.name} is not a record")
    unknown = sorted(set(row) - set(table.columns.keys()))
    if unknown:
        raise BackupError(
            f"The backup has columns this version does not know ({', '.join(unknown)[:80]} in {table.name}): "
            "upgrade the workbench before importing it.")
    defaults = _model_defaults(table.name)
    for column in table.columns:
        if column.name not in row and column.name in defaults:  # a backup older than the column
            row[column.name] = defaults[column.name]
        value = row.get(column.name)
        if value is None:
            if not column.nullable:
                raise _damaged(f"{table.name}.{column.name} is missing")
            continue
        if not _fits(column.type, value):
            raise _damaged(f"{table.name}.{column.name} holds a value of the wrong kind")


def _model_defaults(table_name: str) -> dict[str, Any]:
    """The defaults the store's model gives each column of ``table_name`` (no factories:
    ids and timestamps must come from the backup)."""
    pending = list(SQLModel.__subclasses__())
    while pending:
        model = pending.pop()
        pending.extend(model.__subclasses__())
        if getattr(model, "__tablename__", None) == table_name and hasattr(model, "__table__"):
            return {name: field.default for name, field in model.model_fields.items()
                    if field.default is not PydanticUndefined and field.default_factory is None}
    return {}


def _fits(column_type, value: Any) -> bool:
    try:
        python_type = getattr(column_type, "impl", column_type).python_type
    except NotImplementedError:
        return True
    if python_type is str:
        length = getattr(column_type, "length", None)
        return isinstance(value, str) and (length is None or len(value) <= length)
    if python_type is bool:
        return isinstance(value, bool)
    if python_type is int:
        return isinstance(value, int) and not isinstance(value, bool)
    if python_type is float:
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    if python_type in (datetime, date):
        try:
            python_type.fromisoformat(value)
        except (TypeError, ValueError):
            return False
        return isinstance(value, str)
    return True


def _files_to_restore(archive: zipfile.ZipFile, rows: store.RowsByTable) -> dict[str, zipfile.ZipInfo]:
    """The archive member of each file a data source names (looked up by name, never joined);
    an archive holding anything else is not one the workbench wrote."""
    members = {m.filename: m for m in archive.infolist() if not m.is_dir()}
    wanted = {FILES_PREFIX + relative: relative for relative in _source_files(rows)}
    if set(members) - set(wanted) - {MANIFEST_NAME, ROWS_NAME}:
        raise BackupError("The backup holds files that no import of its workspace names: it was not imported.")
    if set(wanted) - set(members):
        raise BackupError("The backup lacks one of its imported files: export the workspace again.")
    return {relative: members[name] for name, relative in wanted.items()}


def _new_source_paths(rows: store.RowsByTable) -> list[tuple[str, str]]:
    """Give every data source paths made here (from its new id); returns (old, new) pairs."""
    moves = []
    for row in rows.get(DataSource.__tablename__, []):
        original, table = data_folder.source_paths(row["id"], row["file_name"])
        moves += [(row["original_path"], original), (row["table_path"], table)]
        row["original_path"], row["table_path"] = original, table
    return moves


def _extract(archive: zipfile.ZipFile, member: zipfile.ZipInfo, destination: Path) -> None:
    destination.parent.mkdir(parents=True, exist_ok=True)
    with open(destination, "wb") as sink:
        _read_member(archive, member, sink)
