"""Tables as people read them: every column headed in words, numbers with thousands separators,
nothing empty written "None". :func:`show` is ``st.dataframe`` with that done, so a screen never
prints a snake_case name it got from the core."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd
import streamlit as st

# Names the core uses in many tables, in words; anything else is spelled out from its name.
LABELS = {
    "record_id": "Record", "entity": "Records of", "field": "Field", "check": "Finding", "severity": "Severity",
    "value": "Value found", "suggestion": "Suggested fix", "customer_id": "Customer", "recency_days":
    "Days since the last purchase", "r": "Recency (1-5)", "f": "Frequency (1-5)", "m": "Monetary (1-5)",
    "rfm": "RFM score", "p25_days": "Quickest quarter (days)", "p75_days": "Slowest quarter (days)",
    "median_days": "Median (days)", "mean_days": "Mean (days)", "users_logging": "Users who logged activity",
    "per_user_per_day": "Activities per user per day", "median_per_day": "Median per user per day",
}


def words(name: str) -> str:
    """``per_user_per_day`` -> "Per user per day"; a name already in words is left alone."""
    if " " in name or name[:1].isupper():
        return name
    text = name.replace("_", " ").strip()
    return text[:1].upper() + text[1:]


def column_config(frame: pd.DataFrame, labels: Mapping[str, str] | None = None,
                  config: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """A column_config heading every column in words (``labels`` first, then :data:`LABELS`) and
    showing numbers localised; ``config`` entries win for the columns they name."""
    chosen = dict(config or {})
    for name in frame.columns:
        if name in chosen:
            continue
        label = (labels or {}).get(name) or LABELS.get(name) or words(str(name))
        if pd.api.types.is_numeric_dtype(frame[name]) and not pd.api.types.is_bool_dtype(frame[name]):
            chosen[name] = st.column_config.NumberColumn(label, format="localized")
        else:
            chosen[name] = st.column_config.Column(label)
    return chosen


def show(frame: pd.DataFrame, *, labels: Mapping[str, str] | None = None, config: Mapping[str, Any] | None = None,
         **options) -> Any:
    """``st.dataframe`` of ``frame`` with words for headers, localised numbers and "–" for an
    empty text cell."""
    shown = frame.copy()
    for name in shown.columns:
        if shown[name].dtype == object or pd.api.types.is_string_dtype(shown[name]):
            shown[name] = shown[name].astype("string").fillna("–")
    options.setdefault("hide_index", True)
    options.setdefault("width", "stretch")
    return st.dataframe(shown, column_config=column_config(shown, labels, config), **options)
