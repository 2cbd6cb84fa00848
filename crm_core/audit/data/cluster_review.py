"""The user's review of spelling clusters: what is shown for acceptance and what is stored.

Accepted clusters are stored per workspace (``store.put_setting`` under
``data_config.CLUSTERS_KEY``) as ``{entity: {field: {value: canonical}}}``; the standardised copy
writes ``canonical`` wherever ``value`` appears. :func:`review_table` turns the audit's clusters
and the stored choices into the editor's rows, :func:`accepted_from_review` turns the edited
rows back into what is stored (pure, so the editor's output is never fed back as its input).
"""

from __future__ import annotations

import pandas as pd

REVIEW_COLUMNS = ("accept", "entity", "field", "value", "count", "canonical", "status")
Accepted = dict[str, dict[str, dict[str, str]]]


def review_table(clusters: pd.DataFrame, accepted: Accepted | None = None) -> pd.DataFrame:
    """One row per value to change: ``accept`` (already accepted), where it is, how often, what
    to write instead (the stored choice if there is one, else the cluster's canonical value)."""
    accepted = accepted or {}
    rows = clusters[clusters["status"] != "canonical"].copy()
    if rows.empty:
        return pd.DataFrame(columns=list(REVIEW_COLUMNS))
    chosen = [accepted.get(e, {}).get(f, {}).get(v) for e, f, v in zip(rows["entity"], rows["field"], rows["value"])]
    rows["accept"] = [c is not None for c in chosen]
    rows["canonical"] = [c if c is not None else canonical for c, canonical in zip(chosen, rows["canonical"])]
    rows = rows.sort_values(["entity", "field", "count"], ascending=[True, True, False], kind="stable")
    return rows[list(REVIEW_COLUMNS)].astype({"count": int}).reset_index(drop=True)


def accepted_from_review(edited: pd.DataFrame, previous: Accepted | None = None) -> Accepted:
    """The stored choices after an edit: ticked rows set ``value -> canonical``, unticked rows
    drop theirs; choices for values not in the table are kept."""
    result: Accepted = {e: {f: dict(m) for f, m in fields.items()} for e, fields in (previous or {}).items()}
    for row in edited.itertuples(index=False):
        per_field = result.setdefault(str(row.entity), {}).setdefault(str(row.field), {})
        canonical = "" if pd.isna(row.canonical) else str(row.canonical).strip()
        if bool(row.accept) and canonical and canonical != row.value:
            per_field[str(row.value)] = canonical
        else:
            per_field.pop(str(row.value), None)
    return {e: {f: m for f, m in fields.items() if m} for e, fields in result.items()
            if any(fields.values())}


def accepted_for(accepted: Accepted, entity: str) -> dict[str, dict[str, str]]:
    return accepted.get(entity, {})
