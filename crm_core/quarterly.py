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

from crm_core import store
from crm_core.store import audit_runs
from crm_core.audit.pipeline import kpis as audit_kpis
from crm_core.audit import kept, runner
from crm_core.audit.pipeline import deals as pipeline
from crm_core.models import AuditRun, Workspace


def run_and_record(*, engine: Engine, data_dir: Path, workspace_id: str, today: date) -> AuditRun:
    """Store a snapshot of the workspace's audit (the kept one for its data version, the one the
    report and every page read) with the Goals KPIs measured on the same data."""
    audit = kept.workspace_audit(engine=engine, data_dir=data_dir, workspace_id=workspace_id, today=today)
    with store.session_scope(engine) as session:
        inputs = runner.read_stored_inputs(session=session, workspace_id=workspace_id)
        tables = runner.load_tables(session=session, data_dir=data_dir, workspace_id=workspace_id)
    as_of = audit.as_of or runner.default_as_of(tables, today=today)
    measured: dict[str, float | None] = {}
    if tables:
        config = pipeline.PipelineConfig.from_dict(inputs.settings.get(pipeline.SETTINGS_KEY) or {})
        values = audit_kpis.compute_kpis(tables, as_of=as_of, config=config)
        measured = {key: value for key, (value, _) in audit_kpis.goal_baselines(values).items()}
    with store.session_scope(engine) as session:
        return audit_runs.record_run(session=session, workspace_id=workspace_id, results=dict(audit), as_of=as_of,
                          skipped=audit.skipped, kpis=measured)


def start_next_quarter(*, engine: Engine, data_dir: Path, workspace_id: str, data) -> Workspace:
    """Duplicate the workspace into the next period (strategy, answers, mappings, decisions,
    imports and the audit runs come along); copied workshop sessions start closed."""
    from crm_core import workshop, workspaces

    copy = workspaces.duplicate_workspace(engine=engine, data_dir=data_dir, workspace_id=workspace_id, data=data)
    with store.session_scope(engine) as session:
        workshop.close_all_sessions(session=session, workspace_id=copy.id)
    return copy
