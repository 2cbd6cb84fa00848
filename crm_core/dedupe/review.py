"""What the review screen shows, computed here so the page only lays it out.

- :func:`review_queue`: one row per cluster, most confident first, with the stored verdict;
- :func:`side_by_side`: a cluster's records as columns, fields as rows, and which rows differ;
- :func:`explain_pair`: why two records match, comparison by comparison, in bits of evidence;
- :func:`build_plan`: the merge plan and golden records after the reviewers' decisions.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from crm_core.dedupe.cluster import Clusters
from crm_core.dedupe.comparisons import COMPARISONS
from crm_core.dedupe.decisions import Verdict, apply_splits
from crm_core.dedupe.score import MISSING
from crm_core.dedupe.survive import display_values, golden_records, merge_plan
from crm_core.schema import fields_for

SHOWN_FIELDS = {
    "contacts": ("first_name", "last_name", "full_name", "email", "phone", "mobile", "company", "account_id",
                 "job_title", "street", "city", "postal_code", "country", "birth_date", "external_id", "owner",
                 "created_at", "last_activity_at"),
    "accounts": ("name", "account_number", "website", "domain", "phone", "street", "city", "postal_code", "country",
                 "parent_account_id", "owner", "created_at", "last_activity_at"),
}
DECISION_LABELS = {"accepted": "accepted", "rejected": "rejected", "split": "split"}


def cluster_positions(clusters: Clusters) -> dict[int, np.ndarray]:
    """Cluster number -> row positions of its members."""
    members = clusters.members
    clustered = members[members["cluster"] >= 0]
    return {int(k): v.to_numpy() for k, v in clustered.groupby("cluster")["position"]}


def cluster_record_ids(clusters: Clusters, record_ids: pd.Series) -> dict[int, list[str]]:
    ids = record_ids.astype(str).to_numpy()
    return {number: ids[positions].tolist() for number, positions in cluster_positions(clusters).items()}


def review_queue(clusters: Clusters, table: pd.DataFrame, entity: str, verdicts: dict[int, Verdict]) -> pd.DataFrame:
    """Columns: cluster, label (the records' names), size, confidence, status, flagged,
    decision ('' when none) and state ('new', 'decided', 'changed'); most confident first."""
    positions = cluster_positions(clusters)
    clustered = np.unique(np.concatenate(list(positions.values()))) if positions else np.array([], dtype=np.int64)
    names = pd.Series(_names(table.reset_index(drop=True).iloc[clustered], entity), index=clustered)  # only these
    queue = clusters.summary.copy()
    queue["label"] = [" / ".join(dict.fromkeys(names.loc[positions[int(c)]])) for c in queue["cluster"]]
    queue["decision"] = [verdicts.get(int(c), Verdict("new")).decision or "" for c in queue["cluster"]]
    queue["state"] = [verdicts.get(int(c), Verdict("new")).state for c in queue["cluster"]]
    return queue[["cluster", "label", "size", "confidence", "status", "flagged", "decision", "state"]]


def _names(table: pd.DataFrame, entity: str) -> np.ndarray:
    if entity == "accounts":
        column = table["name"] if "name" in table.columns else table["record_id"]
        return column.astype("string").fillna("(no name)").str.strip().to_numpy(dtype=object)
    parts = [table[c].astype("string").fillna("") for c in ("first_name", "last_name") if c in table.columns]
    full = (parts[0] + " " + parts[1]) if len(parts) == 2 else (parts[0] if parts else table["record_id"].astype("string"))
    if "full_name" in table.columns:
        full = full.where(full.str.strip() != "", table["full_name"].astype("string"))
    return full.str.strip().fillna("(no name)").to_numpy(dtype=object)


def side_by_side(table: pd.DataFrame, positions: np.ndarray, entity: str) -> tuple[pd.DataFrame, pd.Series]:
    """(values, differs): one column per record (its id), one row per field any of them has
    (by the field's label); ``differs`` is True where the non-empty values disagree once case
    and spacing are ignored."""
    rows = table.reset_index(drop=True).iloc[positions]
    labels = {spec.name: spec.label for spec in fields_for(entity)}
    shown = {}
    for field in SHOWN_FIELDS[entity]:
        if field in rows.columns:
            values = display_values(rows, field).fillna("").str.strip()
            if (values != "").any():
                shown[labels.get(field, field)] = values.to_numpy(dtype=object)
    frame = pd.DataFrame(shown, index=rows["record_id"].astype(str).to_numpy()).T
    frame.columns = _unique(list(frame.columns))
    folded = frame.apply(lambda col: col.astype(str).str.casefold().str.split().str.join(" "))
    differs = folded.apply(lambda row: len({v for v in row if v}) > 1, axis=1)
    return frame, differs


def _unique(names: list[str]) -> list[str]:
    seen: dict[str, int] = {}
    out = []
    for name in names:
        seen[name] = seen.get(name, 0) + 1
        out.append(name if seen[name] == 1 else f"{name} ({seen[name]})")
    return out


def explain_pair(scored: pd.Series, entity: str) -> pd.DataFrame:
    """Rows per comparison the two records could make: Compared, Agreement, Evidence (bits;
    positive for 'same', negative for 'different', 0 when one of them has no value)."""
    rows = []
    for comparison in COMPARISONS[entity]:
        level = int(scored[f"level:{comparison.name}"])
        weight = float(scored[f"w:{comparison.name}"])
        agreement = "not compared (missing)" if level == MISSING else comparison.levels[level - 1][0]
        if level != MISSING and weight == 0 and comparison.group:
            agreement += " (counted once with related fields)"
        elif level != MISSING and weight == 0 and comparison.name == "email":
            agreement += " (repeats the names)"
        rows.append((comparison.label, agreement, round(weight, 1)))
    frame = pd.DataFrame(rows, columns=["Compared", "Agreement", "Evidence (bits)"])
    if bool(scored.get("swapped", False)):
        frame.loc[frame["Compared"] == "First name", "Agreement"] += " (first and last name swapped)"
    return frame


def decisions_by_cluster(verdicts: dict[int, Verdict]) -> dict[int, str]:
    """Cluster -> 'accepted', 'rejected' or 'to review' for the merge plan."""
    out = {}
    for number, verdict in verdicts.items():
        if verdict.state == "decided" and verdict.decision in ("accepted", "rejected"):
            out[number] = verdict.decision
    return out


def build_plan(table: pd.DataFrame, clusters: Clusters, record_ids: pd.Series, verdicts: dict[int, Verdict], *,
               mapping: dict[str, str] | None = None, rules=None) -> tuple[pd.DataFrame, pd.DataFrame, dict[str, int]]:
    """(merge plan, golden records, counts) after the reviewers' decisions: a split cluster is
    replaced by the groups kept together (accepted), a rejected one is left out of the plan."""
    labels = clusters.members["cluster"].to_numpy()
    split = apply_splits(labels, record_ids, verdicts)
    decisions = decisions_by_cluster(verdicts)
    for number in np.setdiff1d(np.unique(split[split >= 0]), np.unique(labels[labels >= 0])):
        decisions[int(number)] = "accepted"
    golden = golden_records(table, pd.Series(split), rules)
    confidence = dict(zip(clusters.summary["cluster"], clusters.summary["confidence"]))
    plan = merge_plan(golden, mapping=mapping, decisions=decisions, confidence=confidence)
    counts = {
        "clusters": int(len(golden)),
        "accepted": int(sum(1 for c in golden["cluster"] if decisions.get(int(c)) == "accepted")),
        "rejected": int(sum(1 for c in golden["cluster"] if decisions.get(int(c)) == "rejected")),
        "split": int(sum(1 for v in verdicts.values() if v.state == "decided" and v.decision == "split")),
    }
    counts["to review"] = counts["clusters"] - counts["accepted"] - counts["rejected"]
    return plan, golden, counts
