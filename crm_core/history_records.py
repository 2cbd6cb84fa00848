"""Typed, keyword-only queries for audit runs, and "run the audit" from the store.

:func:`run_and_record` reads a workspace's inputs exactly as the report does
(:mod:`crm_core.audit.runner`), runs every area, measures the Goals KPIs and stores one
:class:`~crm_core.models.AuditRun`. Runs carry their own period, so a workspace duplicated
into the next quarter keeps its earlier quarter's runs as the start of its history.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import date, datetime
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.engine import Engine
from sqlmodel import Session

from crm_core import store
from crm_core.audit import kpis as audit_kpis
from crm_core.audit import kept, pipeline, runner
from crm_core.findings import AuditResult
from crm_core.history import RunSnapshot, results_from_json, results_to_json
from crm_core.models import AuditRun, Workspace, utc_now
from crm_core.scorecard import build_scorecard


def record_run(*, session: Session, workspace_id: str, results: Mapping[str, AuditResult], as_of: date,
               skipped: Mapping[str, str] | None = None, kpis: Mapping[str, float | None] | None = None,
               run_at: datetime | None = None) -> AuditRun:
    """Store one snapshot of ``results`` (area -> AuditResult) under the workspace's period."""
    workspace = store.require_workspace(session=session, workspace_id=workspace_id)
    overall = build_scorecard(results, skipped or {}).overall.value
    row = AuditRun(workspace_id=workspace_id, period=workspace.period, as_of=as_of, run_at=run_at or utc_now(),
                   overall=overall, results_json=results_to_json(results),
                   skipped_json=json.dumps(dict(skipped or {})), kpis_json=json.dumps(dict(kpis or {})))
    session.add(row)
    store.touch_workspace(session=session, workspace_id=workspace_id)
    session.flush()
    return row


def list_runs(*, session: Session, workspace_id: str) -> list[AuditRun]:
    """The workspace's runs, oldest first (earlier quarters' runs included)."""
    statement = select(AuditRun).where(AuditRun.workspace_id == workspace_id).order_by(AuditRun.run_at, AuditRun.id)
    return list(session.execute(statement).scalars())


def snapshot(run: AuditRun) -> RunSnapshot:
    run_at = run.run_at if run.run_at.tzinfo else run.run_at.replace(tzinfo=utc_now().tzinfo)
    return RunSnapshot(id=run.id, period=run.period, as_of=run.as_of, run_at=run_at,
                       results=results_from_json(run.results_json), skipped=json.loads(run.skipped_json or "{}"),
                       kpis=json.loads(run.kpis_json or "{}"))


def list_snapshots(*, session: Session, workspace_id: str) -> list[RunSnapshot]:
    return [snapshot(run) for run in list_runs(session=session, workspace_id=workspace_id)]


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
        return record_run(session=session, workspace_id=workspace_id, results=dict(audit), as_of=as_of,
                          skipped=audit.skipped, kpis=measured)


def start_next_quarter(*, engine: Engine, data_dir: Path, workspace_id: str, data) -> Workspace:
    """Duplicate the workspace into the next period (strategy, answers, mappings, decisions,
    imports and the audit runs come along); copied workshop sessions start closed."""
    from crm_core import workshop, workspaces

    copy = workspaces.duplicate_workspace(engine=engine, data_dir=data_dir, workspace_id=workspace_id, data=data)
    with store.session_scope(engine) as session:
        workshop.close_all_sessions(session=session, workspace_id=copy.id)
    return copy
