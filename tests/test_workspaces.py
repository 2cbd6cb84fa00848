"""Workspace life cycle with its files: duplicate for next quarter, delete."""

import pytest

from crm_core import store, workspaces
from crm_core.errors import ConflictError
from crm_core.models import DataSource, Workspace, WorkspaceCreate, new_id


def make_with_file(engine, data_dir, name="Acme 2026-Q4", period="2026-Q4"):
    workspace = workspaces.create_workspace(engine=engine, data=WorkspaceCreate(name=name, period=period))
    source_id = new_id()
    folder = workspaces.workspace_dir(data_dir, workspace.id) / "sources" / source_id
    folder.mkdir(parents=True)
    (folder / "original.csv").write_bytes(b"Email\nann@example.com\n")
    (folder / "table.parquet").write_bytes(b"PAR1 stands in for the parsed table")
    with store.session_scope(engine) as session:
        session.add(DataSource(id=source_id, workspace_id=workspace.id, entity="contacts", file_name="c.csv",
                               original_path=f"sources/{source_id}/original.csv",
                               table_path=f"sources/{source_id}/table.parquet",
                               content_sha256="0" * 64, row_count=1))
    return workspace


@pytest.mark.parametrize(
    ("name", "period", "expected_name", "expected_period"),
    [
        ("Acme 2026-Q4", "2026-Q4", "Acme 2027-Q1", "2027-Q1"),
        ("Acme audit", "2026-Q2", "Acme audit (copy)", "2026-Q3"),
        ("Acme", "FY26", "Acme (copy)", "FY26"),
    ],
)
def test_suggested_duplicate_moves_to_the_next_quarter(name, period, expected_name, expected_period):
    suggestion = workspaces.suggest_duplicate(Workspace(name=name, period=period, organisation="Acme"))
    assert (suggestion.name, suggestion.period, suggestion.organisation) == (expected_name, expected_period, "Acme")


def test_duplicate_copies_rows_and_files(engine, data_dir):
    original = make_with_file(engine, data_dir)
    copy = workspaces.duplicate_workspace(
        engine=engine, data_dir=data_dir, workspace_id=original.id,
        data=WorkspaceCreate(name="Acme 2027-Q1", period="2027-Q1", organisation="Acme"),
    )
    assert copy.id != original.id and copy.period == "2027-Q1"
    with store.session_scope(engine) as session:
        copied = store.list_data_sources(session=session, workspace_id=copy.id)
        kept = store.list_data_sources(session=session, workspace_id=original.id)
    assert len(copied) == len(kept) == 1 and copied[0].id != kept[0].id
    copied_file = workspaces.workspace_dir(data_dir, copy.id) / copied[0].original_path
    assert copied_file.read_bytes() == b"Email\nann@example.com\n"


def test_duplicate_onto_a_taken_name_changes_nothing(engine, data_dir):
    original = make_with_file(engine, data_dir)
    with pytest.raises(ConflictError):
        workspaces.duplicate_workspace(engine=engine, data_dir=data_dir, workspace_id=original.id,
                                       data=WorkspaceCreate(name=original.name))
    with store.session_scope(engine) as session:
        assert len(store.list_workspaces(session=session)) == 1
    assert len(list((data_dir / "workspaces").iterdir())) == 1


def test_delete_removes_rows_and_folder_of_that_workspace_only(engine, data_dir):
    doomed = make_with_file(engine, data_dir, name="Doomed")
    kept = make_with_file(engine, data_dir, name="Kept")
    assert workspaces.delete_workspace(engine=engine, data_dir=data_dir, workspace_id=doomed.id) == "Doomed"
    assert not workspaces.workspace_dir(data_dir, doomed.id).exists()
    assert workspaces.workspace_dir(data_dir, kept.id).exists()
    with store.session_scope(engine) as session:
        assert [w.name for w in store.list_workspaces(session=session)] == ["Kept"]
        assert store.list_data_sources(session=session, workspace_id=doomed.id) == []


def test_a_copy_starts_without_an_open_workshop(engine, data_dir):
    from crm_core import workshop

    original = make_with_file(engine, data_dir)
    with store.session_scope(engine) as session:
        code = workshop.open_session(session=session, workspace_id=original.id).code
    copy = workspaces.duplicate_workspace(engine=engine, data_dir=data_dir, workspace_id=original.id,
                                          data=WorkspaceCreate(name="Acme 2027-Q1"))
    with store.session_scope(engine) as session:
        assert workshop.current_session(session=session, workspace_id=copy.id) is None
        assert workshop.find_open_session(session=session, code=code).workspace_id == original.id
