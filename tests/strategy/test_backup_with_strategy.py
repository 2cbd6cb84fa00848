"""Backups and next-quarter copies carry the strategy work, with every reference intact."""

import io
import json
import zipfile

from crm_core import backup, store, workspaces
from crm_core.models import GapCreate, GoalCreate, StakeholderCreate, WorkspaceCreate
from crm_core.store import strategy as records
from crm_core.strategy.whys import WhyTree
from tests.test_backup import without_ids


def fill(engine, workspace_id) -> None:
    """One of everything the strategy screens store, including a 3-level branching tree."""
    with store.session_scope(engine) as s:
        goal = records.add_goal(session=s, workspace_id=workspace_id, goal=GoalCreate(
            statement="Reduce churn", department="support", metric="churn", baseline=8, target=6))
        records.propose_target(session=s, workspace_id=workspace_id, goal_id=goal.id, participant="Tom", target=5.5)
        records.save_validator_ranges(session=s, workspace_id=workspace_id, trivial_pct_per_quarter=3,
                                      implausible_pct_per_quarter=45)
        records.add_stakeholder(session=s, workspace_id=workspace_id,
                                stakeholder=StakeholderCreate(name="Dana", department="sales"))
        records.set_raci_parties(session=s, workspace_id=workspace_id, responsibility="access", role="A",
                                 parties=["Dana"])
        records.answer_symptom(session=s, workspace_id=workspace_id, symptom="sales.no_reminder", applies=True)
        records.define_term(session=s, workspace_id=workspace_id, term="Lead", team="sales", definition="Asked")
        gap = records.add_gap(session=s, workspace_id=workspace_id, gap=GapCreate(title="Churn"), goal_id=goal.id)
        top = records.add_why(session=s, workspace_id=workspace_id, gap_id=gap.id, parent_id=None, answer="A")
        middle = records.add_why(session=s, workspace_id=workspace_id, gap_id=gap.id, parent_id=top.id, answer="B")
        records.add_why(session=s, workspace_id=workspace_id, gap_id=gap.id, parent_id=middle.id, answer="C",
                        is_root_cause=True)
        records.add_why(session=s, workspace_id=workspace_id, gap_id=gap.id, parent_id=top.id, answer="D")


def rows_of(archive: bytes) -> dict:
    return json.loads(zipfile.ZipFile(io.BytesIO(archive)).read(backup.ROWS_NAME))


def test_round_trip_with_strategy_rows_keeps_everything_but_the_ids(engine, data_dir, tmp_path):
    workspace = workspaces.create_workspace(engine=engine, data=WorkspaceCreate(name="Globex"))
    fill(engine, workspace.id)
    exported = backup.export_workspace(engine=engine, data_dir=data_dir, workspace_id=workspace.id)
    rows = rows_of(exported)
    for table in ("goal", "goaltargetproposal", "stakeholder", "raciassignment", "diagnosticanswer",
                  "glossaryentry", "glossarydefinition", "gap", "whynode", "workspacesetting"):
        assert rows[table], f"{table} is missing from the backup"

    other = store.open_store(f"sqlite:///{tmp_path / 'other.sqlite3'}")
    restored = backup.import_workspace(engine=other, data_dir=tmp_path / "other", archive_bytes=exported)
    again = backup.export_workspace(engine=other, data_dir=tmp_path / "other", workspace_id=restored.id)
    assert without_ids(again) == without_ids(exported)
    assert restored.id != workspace.id
    other.dispose()


def test_a_copy_rewires_the_tree_and_the_gap_to_its_own_rows(engine, data_dir):
    original = workspaces.create_workspace(engine=engine, data=WorkspaceCreate(name="Globex 2026-Q4"))
    fill(engine, original.id)
    copy = workspaces.duplicate_workspace(engine=engine, data_dir=data_dir, workspace_id=original.id,
                                          data=WorkspaceCreate(name="Globex 2027-Q1"))
    with store.session_scope(engine) as s:
        old_nodes = records.list_why_nodes(session=s, workspace_id=original.id)
        new_nodes = records.list_why_nodes(session=s, workspace_id=copy.id)
        new_gap = records.list_gaps(session=s, workspace_id=copy.id)[0]
        new_goal = records.list_goals(session=s, workspace_id=copy.id)[0]
    assert not {n.id for n in old_nodes} & {n.id for n in new_nodes}
    assert new_gap.goal_id == new_goal.id
    assert all(n.gap_id == new_gap.id for n in new_nodes)
    tree = WhyTree(new_nodes)
    assert [(n.answer, level) for n, level in tree.walk()] == [("A", 1), ("B", 2), ("C", 3), ("D", 2)]
