"""Streamlit helpers of the compliance page: the profile form and the cached data checks.

The data checks are cached on the workspace's data version, the profile's settings and the
day (the audit date defaults to the exports' date, never later than today). Only masked values
leave ``crm_core``: the issue rows hold masked snippets, so the table and the CSV are safe.
"""

from __future__ import annotations

from datetime import date

import streamlit as st

from crm_core import spreadsheet_safety
from crm_core.store import checklists as records
from crm_core.audit import compliance
from crm_core.findings import AuditResult
from ui import autosave, cached

ISSUE_LABELS = {"record_id": "Record", "entity": "Entity", "field": "Field", "value": "Evidence (masked)",
                "suggestion": "What to do"}


@st.cache_data(max_entries=8, show_spinner="Checking consent, retention, notes and access...")
def data_checks(workspace_id: str, version: str, config: dict, today: str) -> AuditResult:
    settings = compliance.ComplianceConfig(tuple(config["regimes"]), config["retention_months"],
                                           config["dormant_login_days"])
    return compliance.run_compliance_checks(cached.source_tables(workspace_id), settings,
                                            today=date.fromisoformat(today))


@st.cache_data(max_entries=8, show_spinner=False)
def suggestions(workspace_id: str, version: str, sector: str) -> list[tuple[str, str]]:
    return compliance.suggest_regimes(cached.source_tables(workspace_id).get("contacts"), sector)


def profile_form(workspace_id: str, version: str) -> None:
    """Regimes, sector, retention period and dormant-login days, saved on submit."""
    profile = autosave.read(records.get_compliance_profile, workspace_id=workspace_id)
    config = autosave.read(records.compliance_config, workspace_id=workspace_id)
    sector = profile.sector if profile else ""
    hints = suggestions(workspace_id, version, sector)
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


def render_issues(result: AuditResult) -> None:
    """The record-level rows of one check at a time, and all of them as CSV (masked)."""
    if not len(result.issues):
        return
    checks = list(dict.fromkeys(result.issues["check"]))
    picked = st.selectbox("Records for", checks, key="compliance.issues.check")
    rows = result.issues[result.issues["check"] == picked]
    st.dataframe(rows[list(ISSUE_LABELS)].rename(columns=ISSUE_LABELS).head(500), hide_index=True, width="stretch")
    st.download_button("Download every record (CSV, values masked)", spreadsheet_safety.to_csv_bytes(result.issues),
                       file_name="compliance-records.csv", mime="text/csv", key="compliance.download",
                       icon=":material/download:", on_click="ignore")
