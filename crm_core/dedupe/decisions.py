"""Reviewers' decisions on duplicate clusters: typed queries, and matching them to a new run.

A decision is stored against the record ids of the cluster it was about, never against a
cluster number (which changes from run to run). When the audit runs again on a newer export
a decision applies to the cluster made of the same records (ids the new export no longer has
are ignored); a cluster that gained or lost records it was decided with is shown as changed,
with the earlier verdict, for a person to look at again.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from sqlalchemy import select
from sqlmodel import Session

from crm_core.errors import CrmCoreError
from crm_core.models import DuplicateDecision, utc_now

DECISIONS = ("accepted", "rejected", "split")


def cluster_key(record_ids: Iterable[str]) -> str:
    """The same key for the same set of records, whatever their order."""
    return hashlib.sha256("\x1f".join(sorted(str(r) for r in record_ids)).encode()).hexdigest()


# --- typed queries -------------------------------------------------------------------------


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


# --- matching decisions to the clusters of a run -------------------------------------------


@dataclass(frozen=True)
class Verdict:
    """What is known about one current cluster: ``state`` 'new' (never decided), 'decided'
    (a decision on exactly these records) or 'changed' (decided when it held other records)."""

    state: str
    decision: str | None = None
    key: str | None = None
    groups: tuple[tuple[str, ...], ...] = ()


def _plain(rows: Sequence[DuplicateDecision | dict]) -> list[dict]:
    out = []
    for row in rows:
        if not isinstance(row, dict):
            row = {"cluster_key": row.cluster_key, "record_ids": row.record_ids,
                   "decision": row.decision, "groups_json": row.groups_json}
        out.append({"key": row["cluster_key"], "ids": frozenset(json.loads(row["record_ids"])),
                    "decision": row["decision"], "groups": json.loads(row["groups_json"])})
    return out


def match_decisions(clusters: dict[int, Sequence[str]], rows: Sequence[DuplicateDecision | dict],
                    *, present: Iterable[str]) -> dict[int, Verdict]:
    """A verdict per current cluster (number -> its record ids) from stored decisions.

    ``present``: every record id of the new export; a decided id no longer there is ignored,
    so a decision on A, B, C still holds for the cluster A, B when C was deleted.
    """
    present = set(map(str, present))
    decided = _plain(rows)
    by_ids: dict[frozenset, dict] = {}
    by_record: dict[str, dict] = {}
    for item in decided:
        alive = frozenset(item["ids"] & present)
        if len(alive) >= 2:
            by_ids[alive] = item
            for record in alive:
                by_record[record] = item
    out = {}
    for number, ids in clusters.items():
        ids = frozenset(map(str, ids))
        item = by_ids.get(ids)
        if item is not None:
            groups = tuple(tuple(g) for g in item["groups"])
            out[number] = Verdict("decided", item["decision"], item["key"], groups)
            continue
        earlier = next((by_record[r] for r in sorted(ids) if r in by_record), None)
        out[number] = Verdict("changed", earlier["decision"], earlier["key"]) if earlier else Verdict("new")
    return out


def apply_splits(cluster: np.ndarray, record_ids: pd.Series, verdicts: dict[int, Verdict]) -> np.ndarray:
    """Cluster labels after the reviewers' splits: each split cluster becomes its groups
    (numbered after the existing clusters); a record left alone gets -1."""
    cluster = np.asarray(cluster).copy()
    next_number = int(cluster.max()) + 1 if len(cluster) else 0
    ids = record_ids.astype(str).to_numpy()
    for number, verdict in verdicts.items():
        if verdict.state != "decided" or verdict.decision != "split":
            continue
        members = np.flatnonzero(cluster == number)
        cluster[members] = -1
        for group in verdict.groups:
            inside = members[np.isin(ids[members], list(group))]
            if len(inside) >= 2:
                cluster[inside] = next_number
                next_number += 1
    return cluster
