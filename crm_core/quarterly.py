"""The quarterly rhythm: snapshot the workspace's audit for the History page, and start the
next quarter from this one.

:func:`run_and_record` stores the kept audit of the current data (the one the report and every
page read) with the Goals KPIs measured on the same data, as one
:class:`~crm_core.models.AuditRun`.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from sqlalchemy.engine import Engine

from crm_core import history, store
from crm_core.audit import kept, pipeline
from crm_core.models import AuditRun, Workspace
from crm_core.store import audit_runs


def run_and_record(*, engine: Engine, data_dir: Path, workspace_id: str, today: date) -> AuditRun:
    """Store a snapshot of the workspace's audit (the kept one for its data version, the one the
    report and every page read) with the Goals KPIs measured on the same data."""
    audit = kept.workspace_audit(engine=engine, data_dir=data_dir, workspace_id=workspace_id, today=today)
    measured = {key: value for key, (value, _) in pipeline.measured_baselines(audit.areas.get(pipeline.AREA)).items()}
    with store.session_scope(engine) as session:
        entities = {s.entity: s.row_count for s in store.list_data_sources(session=session, workspace_id=workspace_id)}
        return audit_runs.record_run(session=session, workspace_id=workspace_id, results=dict(audit),
                                     as_of=audit.as_of or today, skipped=audit.skipped, kpis=measured,
                                     sizes=history.run_sizes(audit, entities))


def start_next_quarter(*, engine: Engine, data_dir: Path, workspace_id: str, data) -> Workspace:
    """Duplicate the workspace into the next period (strategy, answers, mappings, decisions,
    imports and the audit runs come along); copied workshop sessions start closed."""
    from crm_core import workshop, workspaces

    copy = workspaces.duplicate_workspace(engine=engine, data_dir=data_dir, workspace_id=workspace_id, data=data)
    with store.session_scope(engine) as session:
        workshop.close_all_sessions(session=session, workspace_id=copy.id)
    return copy
