"""Typed, keyword-only queries for audit runs: the snapshots the History page compares. Runs
carry their own period, so a workspace duplicated into the next quarter keeps its earlier
quarter's runs as the start of its history."""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import date, datetime

from sqlalchemy import select
from sqlmodel import Session

from crm_core import store
from crm_core.findings import AuditResult
from crm_core.history import RunSnapshot, results_from_json, results_to_json
from crm_core.models import AuditRun, utc_now
from crm_core.scorecard import build_scorecard


def record_run(*, session: Session, workspace_id: str, results: Mapping[str, AuditResult], as_of: date,
               skipped: Mapping[str, str] | None = None, kpis: Mapping[str, float | None] | None = None,
               sizes: Mapping[str, Mapping[str, int]] | None = None, run_at: datetime | None = None) -> AuditRun:
    """Store one snapshot of ``results`` (area -> AuditResult) under the workspace's period."""
    workspace = store.require_workspace(session=session, workspace_id=workspace_id)
    overall = build_scorecard(results, skipped or {}).overall.value
    row = AuditRun(workspace_id=workspace_id, period=workspace.period, as_of=as_of, run_at=run_at or utc_now(),
                   overall=overall, results_json=results_to_json(results),
                   skipped_json=json.dumps(dict(skipped or {})), kpis_json=json.dumps(dict(kpis or {})),
                   sizes_json=json.dumps(dict(sizes or {})))
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
                       kpis=json.loads(run.kpis_json or "{}"), sizes=json.loads(run.sizes_json or "{}"))


def list_snapshots(*, session: Session, workspace_id: str) -> list[RunSnapshot]:
    return [snapshot(run) for run in list_runs(session=session, workspace_id=workspace_id)]
