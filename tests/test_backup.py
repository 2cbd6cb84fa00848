"""Backups: one ZIP that restores the same workspace into another database."""

import io
import json
import zipfile

import pytest

from crm_core import backup, store
from crm_core.errors import BackupError
from tests.test_workspaces import make_with_file


def rows_of(archive: bytes) -> str:
    return zipfile.ZipFile(io.BytesIO(archive)).read(backup.ROWS_NAME).decode()


def files_of(archive: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(archive)) as zipped:
        return {n: zipped.read(n) for n in zipped.namelist() if n.startswith(backup.FILES_PREFIX)}


def test_round_trip_into_another_database_is_identical(engine, data_dir, tmp_path):
    original = make_with_file(engine, data_dir)
    exported = backup.export_workspace(engine=engine, data_dir=data_dir, workspace_id=original.id)

    other_engine = store.open_store(f"sqlite:///{tmp_path / 'other.sqlite3'}")
    other_dir = tmp_path / "other-data"
    restored = backup.import_workspace(engine=other_engine, data_dir=other_dir, archive_bytes=exported)
    again = backup.export_workspace(engine=other_engine, data_dir=other_dir, workspace_id=restored.id)

    assert restored.id == original.id and restored.name == original.name
    assert rows_of(again) == rows_of(exported)
    assert files_of(again) == files_of(exported) != {}


def test_importing_into_the_same_database_makes_a_copy(engine, data_dir):
    original = make_with_file(engine, data_dir)
    exported = backup.export_workspace(engine=engine, data_dir=data_dir, workspace_id=original.id)
    copy = backup.import_workspace(engine=engine, data_dir=data_dir, archive_bytes=exported)
    assert copy.id != original.id and copy.name == f"{original.name} (2)"
    with store.session_scope(engine) as session:
        sources = store.list_data_sources(session=session, workspace_id=copy.id)
    assert len(sources) == 1
    assert (data_dir / "workspaces" / copy.id / sources[0].original_path).exists()


def _zip(entries: dict[str, bytes | str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zipped:
        for name, content in entries.items():
            zipped.writestr(name, content)
    return buffer.getvalue()


MANIFEST = json.dumps({"format": backup.BACKUP_FORMAT, "format_version": 1, "schema_revision": "0001"})


@pytest.mark.parametrize(
    ("archive", "message"),
    [
        (b"", "empty"),
        (b"\x89PNG\r\n\x1a\nnot a zip", "not a ZIP"),
        (_zip({"hello.txt": "hi"}), "no manifest"),
        (_zip({"manifest.json": "{", "rows.json": "{}"}), "damaged"),
        (_zip({"manifest.json": json.dumps({"format": "other"}), "rows.json": "{}"}), "not a workspace backup"),
        (_zip({"manifest.json": json.dumps({"format": backup.BACKUP_FORMAT, "schema_revision": "9999"}),
               "rows.json": "{}"}), "newer"),
        (_zip({"manifest.json": MANIFEST, "rows.json": "[1, 2]"}), "damaged"),
        (_zip({"manifest.json": MANIFEST, "rows.json": "{}"}), "no workspace"),
        (_zip({"manifest.json": MANIFEST, "files/../../evil.txt": "x",
               "rows.json": json.dumps({"workspace": [{"id": "w", "name": "Evil", "organisation": "",
                                                       "engagement_title": "", "period": "", "facilitator": "",
                                                       "created_at": "2026-01-01T00:00:00+00:00",
                                                       "updated_at": "2026-01-01T00:00:00+00:00"}]})}), "unsafe"),
    ],
)
def test_bad_backups_are_refused_and_leave_nothing(engine, data_dir, archive, message):
    with pytest.raises(BackupError, match=message):
        backup.import_workspace(engine=engine, data_dir=data_dir, archive_bytes=archive)
    with store.session_scope(engine) as session:
        assert store.list_workspaces(session=session) == []
    assert not (data_dir / "workspaces").exists() or not any((data_dir / "workspaces").iterdir())
    assert [p.name for p in data_dir.iterdir() if p.name.startswith("restore-")] == []
