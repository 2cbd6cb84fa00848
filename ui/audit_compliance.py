"""Streamlit helpers of the compliance page: the profile form and the record-level rows of the
kept compliance area. Only masked values leave ``crm_core``: the issue rows hold masked
snippets, so the table and the CSV are safe."""

from __future__ import annotations

import streamlit as st

from crm_core import spreadsheet_safety
from crm_core.audit import compliance
from crm_core.findings import AuditResult
from crm_core.store import checklists as records
from ui import autosave, components

ISSUE_LABELS = {"record_id": "Record", "entity": "Entity", "field": "Field", "value": "Evidence (masked)",
                "suggestion": "What to do"}


def profile_form(workspace_id: str, from_countries: list) -> None:
    """Regimes, sector, retention period and dormant-login days, saved on submit."""
    profile = autosave.read(records.get_compliance_profile, workspace_id=workspace_id)
    config = autosave.read(records.compliance_config, workspace_id=workspace_id)
    sector = profile.sector if profile else ""
    hints = compliance.suggested_regimes(from_countries, sector)
    if hints:
        st.caption("Suggested by the contacts' countries and the sector: " + "; ".join(
            f"{compliance.REGIMES[r].label} ({why})" for r, why in hints) + ".")
    sectors = ["", *compliance.SECTORS]
    with st.form("compliance.profile"):
        regimes = st.multiselect("Regimes that apply", list(compliance.REGIMES), default=list(config.regimes),
                                 format_func=lambda r: compliance.REGIMES[r].label, key="compliance.regimes")
        left, middle, right = st.columns(3)
        chosen = left.selectbox("Sector", sectors, index=sectors.index(sector) if sector in sectors else 0,
                                format_func=lambda s: compliance.SECTORS[s][0] if s else "Not chosen",
                                key="compliance.sector")
        months = middle.number_input("Retention period (months)", 1, 1200, config.retention_months,
                                     key="compliance.retention")
        days = right.number_input("Days without login before an account counts as dormant", 1, 3650,
                                  config.dormant_login_days, key="compliance.dormant")
        if st.form_submit_button("Save profile", type="primary"):
            autosave.save("Saved the compliance profile.", records.save_compliance_profile, workspace_id=workspace_id,
                          regimes=regimes, sector=chosen, retention_months=months, dormant_login_days=days)


def render_issues(workspace_id: str, result: AuditResult) -> None:
    """The record-level rows of one check at a time, and all of them as CSV (masked)."""
    titles = {finding.code: finding.title for finding in result.findings if finding.affected_count}
    if not titles:
        return
    picked = st.selectbox("Records for", list(titles), key="compliance.issues.check",
                          format_func=lambda code: titles.get(code, code))
    rows = components.kept_issues(workspace_id, compliance.AREA, check=picked)
    if rows.empty:
        st.caption("No record-level rows for this finding.")
        return
    st.dataframe(rows[list(ISSUE_LABELS)].rename(columns=ISSUE_LABELS).head(500), hide_index=True, width="stretch")
    st.download_button("Download every record (CSV, values masked)",
                       lambda: spreadsheet_safety.to_csv_bytes(components.kept_issues(workspace_id, compliance.AREA)),
                       file_name="compliance-records.csv", mime="text/csv", key="compliance.download",
                       icon=":material/download:", on_click="ignore")
