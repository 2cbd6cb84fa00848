"""The Data sources page's mapping editor: one row per column of an uploaded file, with a few of
its values, the field it feeds (chosen by the field's name, never a code) and why; then what the
fields no column feeds would have measured."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from crm_core import importing
from crm_core.field_uses import unmet_uses
from crm_core.mapping import ColumnMapping, ColumnMatch
from crm_core.schema import fields_for
from ui.markdown import escape

NOT_MAPPED = "Keep as a custom column"


def mapping_editor(key: str, result: importing.ImportPreview) -> ColumnMapping:
    """One row per column of the file: a few of its values, the field it feeds (chosen by the
    field's name) and why; returns the mapping with the user's choices."""
    labels = {spec.name: spec.label for spec in fields_for(result.mapping.entity)}
    options = [None, *labels]
    widths = [3, 3, 4]
    for column, title in zip(st.columns(widths), ("Column in the file", "Feeds the field", "Why")):
        column.markdown(f"**{title}**")
    choices = {}
    for number, match in enumerate(result.mapping.columns):
        left, middle, right = st.columns(widths, vertical_alignment="center")
        left.markdown(f"**{escape(match.header)}**")
        left.caption(escape(_examples(result.raw.frame[match.header])) or "empty")
        choices[match.header] = middle.selectbox(
            match.header, options, index=options.index(match.field), key=f"{key}.{number}",
            format_func=lambda name: NOT_MAPPED if name is None else labels[name], label_visibility="collapsed")
        right.caption(escape(_why(match, labels)))
    mapping = importing.apply_field_choices(result.mapping, choices)
    if unmet := unmet_uses(mapping):
        st.markdown("**No column feeds these fields yet.** Map one to them, if the file has it, to:")
        st.markdown("\n".join(f"- **{label}**: {use}" for label, use in unmet))
    return mapping


def _why(match: ColumnMatch, labels: dict[str, str]) -> str:
    if match.method in ("saved", "manual"):
        return "As chosen in an earlier import of this layout."
    if match.reason:
        return match.reason
    if match.field is None and match.candidate:
        return f"Another column matches {labels.get(match.candidate, match.candidate)} better."
    if match.field is None:
        return "No field matches its name or its values: kept as a custom column."
    sure = "exactly" if match.method == "exact" else "closely" if match.method == "normalised" else "roughly"
    return f"The header {sure} matches a known name for {labels.get(match.field, match.field)} ({match.confidence:.0%})."


def _examples(column: pd.Series) -> str:
    values = column.dropna().astype(str).str.strip()
    return " · ".join(value[:30] for value in values[values != ""].drop_duplicates().head(3))
