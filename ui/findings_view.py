"""Findings on screen, the same way on every audit page: severity and title, the plain-language
detail, the evidence with readable numbers, and example records. Finding codes stay out of the
screens (they are in the JSON and the report's appendix)."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
import streamlit as st

from crm_core.findings import AuditResult, Finding, Severity
from ui.markdown import escape

ICONS = {Severity.CRITICAL: ":material/error:", Severity.HIGH: ":material/error:",
         Severity.MEDIUM: ":material/warning:", Severity.LOW: ":material/info:", Severity.INFO: ":material/info:"}


def readable(value: object) -> str:
    """An evidence value for people: 12,345 not 12345, 3.4% not 0.034, "–" for nothing."""
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return "–"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, float):
        return f"{value:.1%}" if 0 < abs(value) < 1 else f"{value:,.2f}".rstrip("0").rstrip(".")
    return str(value)


def label(finding: Finding) -> str:
    """``SEVERITY · title``, with the number affected when the title does not already say it."""
    count = f"{finding.affected_count:,}"
    shown = f"{finding.severity.value.upper()} · {escape(finding.title)}"
    return shown + (f" · {count}" if finding.affected_count and count not in finding.title else "")


def render_findings(result: AuditResult, empty: str, *, skip: Sequence[str] = ()) -> None:
    """One expander per finding, worst first; ``empty`` when there is none."""
    shown = [f for f in result.findings if f.code not in skip]
    if not shown:
        st.success(empty)
    for finding in shown:
        with st.expander(label(finding), icon=ICONS[finding.severity]):
            if finding.detail:
                st.markdown(escape(finding.detail))
            if finding.evidence:
                st.dataframe(pd.DataFrame({"What was counted": [str(k).replace("_", " ").capitalize()
                                                                for k in finding.evidence],
                                           "Value": [readable(v) for v in finding.evidence.values()]}),
                             hide_index=True, width="stretch")
            if finding.example_ids:
                st.caption("Examples: " + escape(", ".join(finding.example_ids)))
