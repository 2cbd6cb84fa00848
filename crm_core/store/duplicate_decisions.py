"""Typed queries for reviewers' decisions on duplicate clusters, stored against the cluster's
record ids (:func:`crm_core.dedupe.decisions.cluster_key`), never a run's cluster number."""

from __future__ import annotations

import json
from collections.abc import Sequence

from sqlalchemy import select
from sqlmodel import Session

from crm_core.dedupe.decisions import DECISIONS, cluster_key
from crm_core.errors import CrmCoreError
from crm_core.models import DuplicateDecision, utc_now


def save_decision(*, session: Session, workspace_id: str, entity: str, record_ids: Sequence[str],
                  decision: str, groups: Sequence[Sequence[str]] = (), master_id: str = "",
                  note: str = "") -> DuplicateDecision:
    """Record (or replace) the verdict on the cluster made of ``record_ids``."""
    if decision not in DECISIONS:
        raise CrmCoreError(f"A duplicate cluster can be {', '.join(DECISIONS)}, not {decision!r}.")
    ids = sorted({str(r) for r in record_ids})
    if len(ids) < 2:
        raise CrmCoreError("A decision is about two records or more: pick a cluster with duplicates.")
    if decision == "split":
        loose = {str(r) for group in groups for r in group} - set(ids)
        if not groups or loose:
            raise CrmCoreError("A split lists groups of the cluster's own records: choose which records to take out.")
    key = cluster_key(ids)
    row = get_decision(session=session, workspace_id=workspace_id, entity=entity, key=key)
    row = row or DuplicateDecision(workspace_id=workspace_id, entity=entity, cluster_key=key, decision=decision)
    row.record_ids = json.dumps(ids)
    row.decision = decision
    row.groups_json = json.dumps([sorted(str(r) for r in g) for g in groups])
    row.master_id = master_id
    row.note = note
    row.decided_at = utc_now()
    session.add(row)
    session.flush()
    return row


def get_decision(*, session: Session, workspace_id: str, entity: str, key: str) -> DuplicateDecision | None:
    statement = select(DuplicateDecision).where(
        DuplicateDecision.workspace_id == workspace_id, DuplicateDecision.entity == entity,
        DuplicateDecision.cluster_key == key,
    )
    return session.execute(statement).scalars().first()


def list_decisions(*, session: Session, workspace_id: str, entity: str) -> list[DuplicateDecision]:
    statement = (
        select(DuplicateDecision)
        .where(DuplicateDecision.workspace_id == workspace_id, DuplicateDecision.entity == entity)
        .order_by(DuplicateDecision.decided_at, DuplicateDecision.id)
    )
    return list(session.execute(statement).scalars())


def delete_decision(*, session: Session, workspace_id: str, entity: str, key: str) -> None:
    """Forget a verdict: the cluster goes back to the review queue."""
    row = get_decision(session=session, workspace_id=workspace_id, entity=entity, key=key)
    if row is not None:
        session.delete(row)
        session.flush()
