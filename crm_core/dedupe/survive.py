"""Golden records and the merge plan: which record survives, which value wins, and why.

Within each cluster the members are ranked by the survivorship rules (preferred owner, most
complete, most recently active, oldest created, in the order the user chose); the first is
the master. Each field takes the master's value, or, when the master has none, the value of
the next member in rank order; a per-field rule can choose otherwise (most recent, most
common, longest). Every chosen value keeps the record id it came from.

The merge plan is that, one row per cluster, written in the source CRM's own column names so
it can be read against the export. It is a proposal: nothing is changed in any file or CRM.
Cells that a spreadsheet would run as a formula get a leading apostrophe.
"""

from __future__ import annotations

import io

import numpy as np
import pandas as pd

from crm_core.dedupe.config import SurvivorshipRules
from crm_core.errors import CrmCoreError
from crm_core.schema import CUSTOM_PREFIX, TEXT_SUFFIX
from crm_core.spreadsheet_safety import neutralise

MASTER_RULES = ("preferred_owner", "most_complete", "most_recent_activity", "oldest_created")
FIELD_RULES = ("master", "most_recent", "most_common", "longest")
ACTIVITY_FIELDS = ("last_activity_at", "updated_at", "last_contacted_at")
SOURCE = " (from)"


def record_fields(table: pd.DataFrame) -> list[str]:
    """The columns a golden record carries: canonical fields and custom fields, not the
    ``__text`` copies (their text is what gets written, see :func:`display_values`)."""
    return [c for c in table.columns if not c.endswith(TEXT_SUFFIX)]


def display_values(table: pd.DataFrame, column: str) -> pd.Series:
    """A column as the export wrote it: the original text of a typed field."""
    if column + TEXT_SUFFIX in table.columns:
        return table[column + TEXT_SUFFIX].astype("string")
    return table[column].astype("string")


def _present(values: pd.Series) -> np.ndarray:
    text = values.astype("string").str.strip()
    return (values.notna() & text.notna() & (text != "")).to_numpy(dtype=bool)


def _latest(table: pd.DataFrame) -> pd.Series:
    moments = [pd.to_datetime(table[f], errors="coerce", utc=True) for f in ACTIVITY_FIELDS if f in table.columns]
    if not moments:
        return pd.Series(pd.NaT, index=table.index, dtype="datetime64[ns, UTC]")
    return pd.concat(moments, axis=1).max(axis=1)


def rank_members(table: pd.DataFrame, cluster: pd.Series, rules: SurvivorshipRules) -> pd.DataFrame:
    """The clustered rows of ``table`` (``cluster`` >= 0, same index) sorted cluster by
    cluster, master first; columns ``cluster`` and ``rank`` (0 = master) are added."""
    unknown = [r for r in rules.master_order if r not in MASTER_RULES]
    if unknown:
        raise CrmCoreError(f"Unknown survivorship rule {unknown[0]!r}: use one of {', '.join(MASTER_RULES)}.")
    rows = table[cluster.to_numpy() >= 0]
    keys = pd.DataFrame({"cluster": cluster[cluster >= 0].to_numpy()}, index=rows.index)
    sort_by, ascending = ["cluster"], [True]
    for rule in rules.master_order:
        name = f"_{rule}"
        if rule == "preferred_owner":
            owners = rows["owner"].astype("string") if "owner" in rows.columns else pd.Series(pd.NA, index=rows.index)
            keys[name] = owners.isin(rules.preferred_owners).fillna(False).astype(int)
            ascending.append(False)
        elif rule == "most_complete":
            keys[name] = np.column_stack([_present(rows[c]) for c in record_fields(rows)]).sum(axis=1)
            ascending.append(False)
        elif rule == "most_recent_activity":
            keys[name] = _latest(rows)
            ascending.append(False)
        else:
            created = rows["created_at"] if "created_at" in rows.columns else pd.Series(pd.NaT, index=rows.index)
            keys[name] = pd.to_datetime(created, errors="coerce", utc=True)
            ascending.append(True)
        sort_by.append(name)
    keys["_position"] = np.arange(len(keys))
    order = keys.sort_values(sort_by + ["_position"], ascending=ascending + [True], na_position="last").index
    ranked = rows.loc[order].copy()
    ranked["cluster"] = keys.loc[order, "cluster"].to_numpy()
    ranked["rank"] = ranked.groupby("cluster").cumcount().to_numpy()
    return ranked


def _order_for(rule: str, ranked: pd.DataFrame, column: str) -> pd.DataFrame:
    if rule == "most_recent":
        return ranked.assign(_key=_latest(ranked)).sort_values(["cluster", "_key", "rank"],
                                                               ascending=[True, False, True], na_position="last")
    if rule == "longest":
        length = display_values(ranked, column).str.len().fillna(-1)
        return ranked.assign(_key=length).sort_values(["cluster", "_key", "rank"], ascending=[True, False, True])
    if rule == "most_common":
        text = display_values(ranked, column).str.strip().str.casefold()
        count = text.groupby([ranked["cluster"], text]).transform("size").fillna(0)
        return ranked.assign(_key=count).sort_values(["cluster", "_key", "rank"], ascending=[True, False, True])
    return ranked


def golden_records(table: pd.DataFrame, cluster: pd.Series, rules: SurvivorshipRules | None = None) -> pd.DataFrame:
    """One row per cluster: ``cluster``, ``master_id``, ``duplicate_ids`` (';'-separated),
    then for every field its chosen value (as the export wrote it) and ``<field> (from)``,
    the record id it was taken from. ``cluster`` labels rows of ``table`` (-1: no cluster)."""
    rules = rules or SurvivorshipRules()
    table = table.reset_index(drop=True)
    cluster = pd.Series(np.asarray(cluster), index=table.index)
    overrides = dict(rules.field_rules)
    bad = [r for r in overrides.values() if r not in FIELD_RULES]
    if bad:
        raise CrmCoreError(f"Unknown field rule {bad[0]!r}: use one of {', '.join(FIELD_RULES)}.")
    ranked = rank_members(table, cluster, rules)
    ids = ranked["record_id"].astype("string")
    masters = ranked[ranked["rank"] == 0]
    out = pd.DataFrame({"cluster": masters["cluster"].to_numpy(),
                        "master_id": ids[masters.index].to_numpy()})
    duplicates = ids[ranked["rank"] > 0].groupby(ranked.loc[ranked["rank"] > 0, "cluster"]).agg(";".join)
    out["duplicate_ids"] = [duplicates.get(c, "") for c in out["cluster"]]
    out = out.set_index("cluster")
    for column in record_fields(table):
        if column == "record_id":
            continue
        ordered = _order_for(overrides.get(column, "master"), ranked, column)
        values = display_values(ordered, column)
        chosen = ordered[_present(values)].drop_duplicates("cluster")
        out[column] = values[chosen.index].set_axis(chosen["cluster"].to_numpy()).reindex(out.index)
        out[column + SOURCE] = ids[chosen.index].set_axis(chosen["cluster"].to_numpy()).reindex(out.index)
    return out.reset_index()


def header_names(mapping: dict[str, str] | None, columns) -> dict[str, str]:
    """Field -> the source CRM's column name (from the import's header -> field mapping);
    custom fields use their own header, unmapped fields keep the field name."""
    by_field = {field: header for header, field in (mapping or {}).items()}
    names = {}
    for column in columns:
        if column.startswith(CUSTOM_PREFIX):
            names[column] = column[len(CUSTOM_PREFIX):]
        else:
            names[column] = by_field.get(column, column)
    return names


def merge_plan(golden: pd.DataFrame, *, mapping: dict[str, str] | None = None,
               decisions: dict[int, str] | None = None, confidence: dict[int, float] | None = None) -> pd.DataFrame:
    """The golden records as a merge plan in the source CRM's column names.

    ``decisions``: cluster -> 'accepted' / 'rejected' / 'to review'; rejected clusters are
    left out. Columns: Cluster, Decision, Confidence, Master <id column>, Duplicate <id
    column>s, then each field and its '(from)' column.
    """
    decisions = decisions or {}
    plan = golden.copy()
    confidence = confidence or {}
    plan.insert(1, "decision", [decisions.get(int(c), "to review") for c in plan["cluster"]])
    plan.insert(2, "confidence", [round(float(confidence[c]), 3) if c in confidence else None for c in plan["cluster"]])
    plan = plan[plan["decision"] != "rejected"]
    fields = [c for c in plan.columns if c not in ("cluster", "decision", "confidence", "master_id", "duplicate_ids")
              and not c.endswith(SOURCE)]
    names = header_names(mapping, fields + ["record_id"])
    id_name = names["record_id"]
    renamed = {"cluster": "Cluster", "decision": "Decision", "confidence": "Confidence",
               "master_id": f"Master {id_name}", "duplicate_ids": f"Duplicate {id_name}s"}
    for field in fields:
        renamed[field] = names[field]
        renamed[field + SOURCE] = names[field] + SOURCE
    return plan.rename(columns=renamed).reset_index(drop=True)


def plan_csv(plan: pd.DataFrame) -> bytes:
    """The merge plan as UTF-8 CSV (with a byte-order mark, so spreadsheets read accents)."""
    return neutralise(plan).to_csv(index=False).encode("utf-8-sig")


def plan_xlsx(plan: pd.DataFrame, golden: pd.DataFrame | None = None) -> bytes:
    """The merge plan (and the golden records) as one workbook."""
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        neutralise(plan).to_excel(writer, sheet_name="Merge plan", index=False)
        if golden is not None:
            neutralise(golden).to_excel(writer, sheet_name="Golden records", index=False)
    return buffer.getvalue()


def golden_export(golden: pd.DataFrame, *, mapping: dict[str, str] | None = None) -> pd.DataFrame:
    """The golden records alone, ready to compare with (or load into) the CRM: the master's
    id and each chosen value under the source CRM's column names."""
    fields = [c for c in golden.columns if c not in ("cluster", "master_id", "duplicate_ids") and not c.endswith(SOURCE)]
    names = header_names(mapping, fields + ["record_id"])
    out = golden[["master_id", *fields]].rename(columns={"master_id": names["record_id"], **names})
    return out.reset_index(drop=True)
