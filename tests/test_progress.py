"""The home page's list of steps: one line per step, content known from the store and the kept
audit, never from which screens were opened."""

from crm_core import importing, progress, store, workspaces
from crm_core.models import WorkspaceCreate
from ui.components import STEP_PAGES


def statuses(engine, workspace_id):
    with store.session_scope(engine) as session:
        return {s.key: s for s in progress.engagement_progress(session=session, workspace_id=workspace_id)}


def test_every_step_has_a_page_and_a_fresh_workspace_has_started_none(engine):
    workspace = workspaces.create_workspace(engine=engine, data=WorkspaceCreate(name="Fresh"))
    steps = statuses(engine, workspace.id)
    assert set(steps) == set(STEP_PAGES)
    assert not any(step.started for step in steps.values())
    assert steps["audit_usage"].summary == "Import activities and users on Data sources to see who uses the CRM."


def test_a_computed_audit_is_ready_once_its_inputs_are_imported(engine, data_dir):
    workspace = workspaces.create_workspace(engine=engine, data=WorkspaceCreate(name="Acme"))
    importing.import_file(engine=engine, data_dir=data_dir, workspace_id=workspace.id, file_name="c.csv",
                          content=b"First Name,Last Name,Email\nAnn,Lee,ann@example.com\nBob,Ray,bob@example.com\n")
    steps = statuses(engine, workspace.id)
    assert steps["data_sources"].started and steps["audit_duplicates"].started
    assert steps["audit_duplicates"].summary.startswith("Computed from 2 contacts")
    assert not steps["audit_usage"].started  # no activities or users yet


def test_the_data_and_compliance_lines_come_from_the_kept_audit(engine, data_dir):
    from crm_core.audit import kept

    workspace = workspaces.create_workspace(engine=engine, data=WorkspaceCreate(name="Acme"))
    importing.import_file(engine=engine, data_dir=data_dir, workspace_id=workspace.id, file_name="c.csv",
                          content=b"First Name,Last Name,Email\nAnn,Lee,ann@example\nBob,Ray,bob@example.com\n")
    before = statuses(engine, workspace.id)
    assert not before["audit_data"].started  # no audit handed over: nothing claimed
    audit = kept.workspace_audit(engine=engine, data_dir=data_dir, workspace_id=workspace.id)
    with store.session_scope(engine) as session:
        steps = {s.key: s for s in progress.engagement_progress(session=session, workspace_id=workspace.id,
                                                                audit=audit)}
    assert steps["audit_data"].started and "findings" in steps["audit_data"].summary
    assert steps["audit_data"].summary.startswith(f"Run as of {audit.as_of}")
    assert "data checks" in steps["audit_compliance"].summary


def test_the_next_step_is_the_first_whose_minimum_is_not_met(engine, data_dir):
    from datetime import date

    from crm_core.models import GoalCreate
    from crm_core.store import strategy

    workspace = workspaces.create_workspace(engine=engine, data=WorkspaceCreate(name="Acme"))
    assert progress.next_step(list(statuses(engine, workspace.id).values())).key == "goals"
    with store.session_scope(engine) as session:
        for department in ("marketing", "sales", "support"):
            strategy.add_goal(session=session, workspace_id=workspace.id, goal=GoalCreate(
                statement=f"{department} goal", department=department, metric="Churn rate", baseline=10,
                target=8, deadline=date(2027, 6, 30), owner="Ann"))
    steps = statuses(engine, workspace.id)
    assert steps["goals"].missing == ""
    assert progress.next_step(list(steps.values())).key == "stakeholders"
    with store.session_scope(engine) as session:
        strategy.add_goal(session=session, workspace_id=workspace.id,
                          goal=GoalCreate(statement="More leads", department="marketing"))
    assert statuses(engine, workspace.id)["goals"].missing.startswith("The goal 'More leads' has no metric")
