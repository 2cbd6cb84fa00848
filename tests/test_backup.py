"""Backups: one ZIP that restores the same workspace into another database, and a restore
that trusts nothing inside the archive."""

import io
import json
import re
import zipfile
from pathlib import Path

import pytest

from crm_core import backup, store
from crm_core.errors import BackupError
from tests.test_workspaces import make_with_file


def rows_of(archive: bytes) -> dict:
    return json.loads(zipfile.ZipFile(io.BytesIO(archive)).read(backup.ROWS_NAME))


def files_of(archive: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(archive)) as zipped:
        return {n: zipped.read(n) for n in zipped.namelist() if n.startswith(backup.FILES_PREFIX)}


def without_ids(archive: bytes) -> dict[str, list[str]]:
    """The rows with every id (and every path made from one) blanked, each table's rows
    sorted: what must survive a restore, which gives every row and file a new id."""
    blank = re.compile(r"[0-9a-f]{32}")
    return {table: sorted(blank.sub("ID", json.dumps(row, sort_keys=True)) for row in rows)
            for table, rows in rows_of(archive).items()}


def test_round_trip_into_another_database_keeps_everything_but_the_ids(engine, data_dir, tmp_path):
    original = make_with_file(engine, data_dir)
    exported = backup.export_workspace(engine=engine, data_dir=data_dir, workspace_id=original.id)

    other_engine = store.open_store(f"sqlite:///{tmp_path / 'other.sqlite3'}")
    other_dir = tmp_path / "other-data"
    restored = backup.import_workspace(engine=other_engine, data_dir=other_dir, archive_bytes=exported)
    again = backup.export_workspace(engine=other_engine, data_dir=other_dir, workspace_id=restored.id)

    assert restored.id != original.id and restored.name == original.name
    assert without_ids(again) == without_ids(exported)
    assert sorted(files_of(again).values()) == sorted(files_of(exported).values())
    assert len(files_of(again)) == 2
    other_engine.dispose()


def test_importing_into_the_same_database_makes_a_copy(engine, data_dir):
    original = make_with_file(engine, data_dir)
    exported = backup.export_workspace(engine=engine, data_dir=data_dir, workspace_id=original.id)
    copy = backup.import_workspace(engine=engine, data_dir=data_dir, archive_bytes=exported)
    assert copy.id != original.id and copy.name == f"{original.name} (2)"
    with store.session_scope(engine) as session:
        sources = store.list_data_sources(session=session, workspace_id=copy.id)
    assert len(sources) == 1
    assert (data_dir / "workspaces" / copy.id / sources[0].original_path).read_bytes() == b"Email\nann@example.com\n"
    assert sources[0].original_path == f"sources/{sources[0].id}/original.csv"


def test_as_copy_always_takes_a_new_name(engine, data_dir, tmp_path):
    original = make_with_file(engine, data_dir)
    exported = backup.export_workspace(engine=engine, data_dir=data_dir, workspace_id=original.id)
    other = store.open_store(f"sqlite:///{tmp_path / 'other.sqlite3'}")
    copy = backup.import_workspace(engine=other, data_dir=tmp_path / "o", archive_bytes=exported, as_copy=True)
    assert copy.name == f"{original.name} (copy)"  # even though the original name is free there
    second = backup.import_workspace(engine=other, data_dir=tmp_path / "o", archive_bytes=exported, as_copy=True)
    assert second.name == f"{original.name} (copy) (2)"
    plain = backup.import_workspace(engine=other, data_dir=tmp_path / "o", archive_bytes=exported)
    assert plain.name == original.name
    other.dispose()


def test_staging_folders_are_never_backed_up(engine, data_dir):
    original = make_with_file(engine, data_dir)
    (data_dir / "workspaces" / original.id / ".import-left-over").mkdir()
    (data_dir / "workspaces" / original.id / ".import-left-over" / "original.csv").write_text("half")
    exported = backup.export_workspace(engine=engine, data_dir=data_dir, workspace_id=original.id)
    assert all(".import-" not in name for name in files_of(exported))


# --- a restore that trusts nothing ----------------------------------------------------------------

MANIFEST = json.dumps({"format": backup.BACKUP_FORMAT, "format_version": 1, "schema_revision": "0001"})
WS = "a" * 32
SRC = "b" * 32
MOMENT = "2026-01-01T00:00:00+00:00"


def _zip(entries: dict[str, bytes | str], compression=zipfile.ZIP_STORED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=compression) as zipped:
        for name, content in entries.items():
            zipped.writestr(name, content)
    return buffer.getvalue()


def _workspace(**changes) -> dict:
    return {"id": WS, "name": "Evil", "organisation": "", "engagement_title": "", "period": "",
            "facilitator": "", "created_at": MOMENT, "updated_at": MOMENT, **changes}


def _source(**changes) -> dict:
    return {"id": SRC, "workspace_id": WS, "entity": "contacts", "file_name": "c.csv",
            "original_path": f"sources/{SRC}/original.csv", "table_path": f"sources/{SRC}/table.parquet",
            "row_count": 1, "column_count": 1, "content_sha256": "0" * 64, "mapping_json": "{}",
            "read_report_json": "{}", "parse_summary_json": "[]", "imported_at": MOMENT, **changes}


def _backup(workspace=None, sources=(), files=None, manifest=MANIFEST, **tables) -> bytes:
    rows = {"workspace": [workspace or _workspace()], "datasource": list(sources), **tables}
    entries = {"manifest.json": manifest, "rows.json": json.dumps(rows)}
    for source in sources:
        for key in ("original_path", "table_path"):
            if isinstance(source.get(key), str):
                entries["files/" + source[key]] = "Email\nann@example.com\n"
    entries.update(files or {})
    return _zip(entries)


def _bomb() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as zipped:
        zipped.writestr("manifest.json", MANIFEST)
        zipped.writestr("rows.json", json.dumps({"workspace": [_workspace()]}))
        with zipped.open(f"files/sources/{SRC}/original.csv", "w", force_zip64=True) as member:
            block = b"\0" * (1024 * 1024)
            for _ in range(300):  # 300 MiB of zeros, about 300 KiB compressed
                member.write(block)
    return buffer.getvalue()


def _too_many() -> bytes:
    return _zip({"manifest.json": MANIFEST, "rows.json": json.dumps({"workspace": [_workspace()]}),
                 **{f"files/x{i}": "" for i in range(backup.MAX_MEMBERS + 1)}})


REFUSED = [
    ("empty file", lambda: b"", "empty"),
    ("not a zip", lambda: b"\x89PNG\r\n\x1a\nnot a zip", "not a"),
    ("no manifest", lambda: _zip({"hello.txt": "hi"}), "no manifest"),
    ("damaged manifest", lambda: _zip({"manifest.json": "{", "rows.json": "{}"}), "damaged"),
    ("another format", lambda: _zip({"manifest.json": json.dumps({"format": "other"}), "rows.json": "{}"}),
     "not a workspace backup"),
    ("newer schema", lambda: _backup(manifest=json.dumps({"format": backup.BACKUP_FORMAT, "schema_revision": "9999"})),
     "newer"),
    ("newer format", lambda: _backup(manifest=json.dumps({"format": backup.BACKUP_FORMAT, "format_version": 7})),
     "newer"),
    ("rows not an object", lambda: _zip({"manifest.json": MANIFEST, "rows.json": "[1, 2]"}), "damaged"),
    ("rows not JSON", lambda: _zip({"manifest.json": MANIFEST, "rows.json": "{\"workspace\": [{"}), "damaged"),
    ("deeply nested rows", lambda: _zip({"manifest.json": MANIFEST, "rows.json": "[" * 100_000}), "damaged"),
    ("no workspace", lambda: _zip({"manifest.json": MANIFEST, "rows.json": "{}"}), "no workspace"),
    ("two workspaces", lambda: _zip({"manifest.json": MANIFEST, "rows.json": json.dumps(
        {"workspace": [_workspace(), _workspace(id="c" * 32, name="Other")]})}), "no workspace"),
    ("traversal workspace id", lambda: _backup(_workspace(id="../../somewhere")), "id of workspace"),
    ("absolute workspace id", lambda: _backup(_workspace(id="/tmp/somewhere")), "id of workspace"),
    ("traversal source id", lambda: _backup(sources=[_source(id="../x")]), "id of datasource"),
    ("table path climbing out", lambda: _backup(sources=[_source(table_path="../../../../etc/passwd")]),
     "outside its own folder"),
    ("absolute table path", lambda: _backup(sources=[_source(table_path="/etc/passwd")]), "outside its own folder"),
    ("original path climbing out", lambda: _backup(sources=[_source(original_path="sources/../../x/original.csv")]),
     "outside its own folder"),
    ("file member climbing out", lambda: _backup(sources=[_source()], files={"files/../../evil.txt": "x"}),
     "no import of its workspace names"),
    ("rows of another workspace", lambda: _backup(sources=[_source(workspace_id="c" * 32)]), "another workspace"),
    ("unknown table", lambda: _backup(mystery=[{"id": "x"}]), "tables this version does not know"),
    ("unknown column", lambda: _backup(_workspace(colour="red")), "columns this version does not know"),
    ("missing column", lambda: _backup(sources=[{k: v for k, v in _source().items() if k != "entity"}]),
     "datasource.entity is missing"),
    ("wrong type", lambda: _backup(sources=[_source(row_count="many")]), "wrong kind"),
    ("boolean for a number", lambda: _backup(sources=[_source(row_count=True)]), "wrong kind"),
    ("bad date", lambda: _backup(_workspace(created_at="yesterday")), "wrong kind"),
    ("text too long", lambda: _backup(_workspace(name="x" * 500)), "wrong kind"),
    ("row not an object", lambda: _zip({"manifest.json": MANIFEST, "rows.json": json.dumps(
        {"workspace": [_workspace()], "goal": ["not a row"]})}), "not a record"),
    ("duplicate ids", lambda: _backup(sources=[_source(), _source(entity="accounts")]), "share an id"),
    ("dangling reference", lambda: _backup(whynode=[{"id": "d" * 32, "workspace_id": WS, "gap_id": "e" * 32,
                                                     "answer": "x", "created_at": MOMENT}]),
     "does not hold"),
    ("missing imported file", lambda: _zip({"manifest.json": MANIFEST, "rows.json": json.dumps(
        {"workspace": [_workspace()], "datasource": [_source()]})}), "lacks one of its imported files"),
    ("zip bomb", _bomb, "zip bomb"),
    ("too many members", _too_many, "more than the"),
]


@pytest.mark.parametrize(("archive", "message"), [pytest.param(a, m, id=i) for i, a, m in REFUSED])
def test_bad_backups_are_refused_with_one_sentence_and_leave_nothing(engine, data_dir, tmp_path, archive, message):
    before = {p for p in tmp_path.rglob("*")}
    with pytest.raises(BackupError, match=message) as refused:
        backup.import_workspace(engine=engine, data_dir=data_dir, archive_bytes=archive())
    text = str(refused.value)
    assert text.count(". ") == 0 and "\n" not in text and "Traceback" not in text
    with store.session_scope(engine) as session:
        assert store.list_workspaces(session=session) == []
    workspaces_root = data_dir / "workspaces"
    assert not workspaces_root.exists() or not any(workspaces_root.iterdir())
    after = {p for p in tmp_path.rglob("*")} - before
    assert all(p == workspaces_root or p.is_relative_to(workspaces_root) or p.suffix.startswith(".sqlite")
               or p.name.startswith("workbench.sqlite3") for p in after), after
    assert not (tmp_path.parent / "somewhere").exists() and not Path("/tmp/somewhere").exists()


def test_a_member_that_lies_about_its_size_is_stopped(engine, data_dir, monkeypatch):
    archive = _backup(sources=[_source()])
    real = zipfile.ZipFile.infolist

    def shrunk(self):
        members = real(self)
        for member in members:
            if member.filename.endswith("original.csv"):
                member.file_size = 3  # the directory claims 3 bytes; the member holds more
        return members

    monkeypatch.setattr(zipfile.ZipFile, "infolist", shrunk)
    with pytest.raises(BackupError, match="larger than the archive says|damaged"):
        backup.import_workspace(engine=engine, data_dir=data_dir, archive_bytes=archive)
    assert not any((data_dir / "workspaces").iterdir())


def test_a_good_handmade_backup_restores_under_new_ids(engine, data_dir):
    restored = backup.import_workspace(engine=engine, data_dir=data_dir, archive_bytes=_backup(sources=[_source()]))
    assert restored.id != WS and restored.name == "Evil"
    with store.session_scope(engine) as session:
        (source,) = store.list_data_sources(session=session, workspace_id=restored.id)
    assert source.id != SRC and source.table_path == f"sources/{source.id}/table.parquet"
    assert (data_dir / "workspaces" / restored.id / source.original_path).is_file()
