"""Small canonical tables for the data-audit tests, typed the way an import types them."""

from __future__ import annotations

from datetime import date

import pandas as pd

from crm_core.schema import field_spec

AS_OF = date(2026, 10, 1)
TYPED = {"date", "datetime"}


def table(entity: str, **columns) -> pd.DataFrame:
    """A canonical table: text columns as strings, date columns parsed, ``record_id`` r1, r2...

    Columns are given by canonical field name; None is an empty cell.
    """
    size = len(next(iter(columns.values())))
    data = {"record_id": pd.Series([f"r{n}" for n in range(1, size + 1)], dtype="string")}
    for name, values in columns.items():
        kind = field_spec(entity, name).kind if not name.startswith("custom:") else "text"
        if kind in TYPED:
            data[name] = pd.to_datetime(pd.Series(values, dtype=object), errors="coerce", format="ISO8601")
        elif kind == "boolean":
            data[name] = pd.Series(values, dtype="boolean")
        elif kind in ("number", "integer"):
            data[name] = pd.Series(values, dtype="Float64")
        else:
            data[name] = pd.Series(values, dtype="string")
    if "record_id" in columns:
        data["record_id"] = pd.Series(columns["record_id"], dtype="string")
    return pd.DataFrame(data)


def flagged(report, code: str, field: str | None = None, entity: str | None = None) -> list[str]:
    """Record ids an audit flagged with ``code`` (optionally on one field / entity), in order."""
    issues = report.result.issues if hasattr(report, "result") else report.issues
    rows = issues[issues["check"] == code]
    if field:
        rows = rows[rows["field"] == field]
    if entity:
        rows = rows[rows["entity"] == entity]
    return sorted(set(rows["record_id"].astype(str)))


def suggestion(report, code: str, record_id: str, field: str | None = None):
    issues = report.result.issues
    rows = issues[(issues["check"] == code) & (issues["record_id"] == record_id)]
    if field:
        rows = rows[rows["field"] == field]
    values = rows["suggestion"].tolist()
    return values[0] if values else None
