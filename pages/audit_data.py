"""Audit: data. Completeness, validity, standardisation, conflicts, decay, hierarchy and ownership
of the imported exports, with scores, the cost of bad data, spelling clusters and fix exports."""

from datetime import date

import streamlit as st

from crm_core.audit import data
from ui import findings_view
from ui import cached, components, state
from ui import audit_data as view
from ui.links import page_link_if_registered

state.init_state()
workspace = components.require_workspace()
ws = workspace.id

st.title("Audit: data")
st.write("How complete, valid, consistent and up to date the CRM's data is, and who owns it: each check "
         "reports how many records it affects with examples, and the fixes can be downloaded as an issues "
         "list and as standardised copies of the exports (the imported originals are never changed).")
if not cached.imported_entities(ws) & set(data.NEEDS):
    st.info("Nothing to audit yet: import the contacts export (and accounts, deals and users if you have them).")
    page_link_if_registered("pages/data_sources.py", label="Go to Data sources", icon=":material/upload_file:")
    st.stop()

settings, accepted = view.stored(ws)
audit = components.kept_area(ws, data.AREA)
if audit is None:
    st.stop()
as_of = date.fromisoformat(audit.facts["as_of"])
st.caption(f"Audited as of **{as_of:%d %b %Y}**" + ("" if settings.get("as_of") else
           " (the day after the newest record in the exports)") + ". Change it and the thresholds under Settings.")
with st.expander("Settings: audit date, thresholds, weights, cost assumptions, territories", icon=":material/tune:"):
    view.settings_form(ws, settings, as_of)

view.score_cards(audit)

overview, records, clusters, exports = st.tabs(["Findings", "Records", "Spelling clusters", "Cost and downloads"])
with overview:
    st.subheader("Findings, worst first")
    findings_view.render_findings(audit.result, "No data problem found.")
    view.checks_not_run(audit)
    st.subheader("How full each field is")
    view.fill_rates(audit)
with records:
    st.write("Every flagged record, one row per problem, with the value found and the suggested fix.")
    view.drill_down(ws, audit)
    st.subheader("Records per owner")
    st.dataframe(audit.table("books"), hide_index=True, width="stretch", column_config={
        "entity": "Records of", "owner": "Owner", "records": st.column_config.NumberColumn("Records", format="localized"),
        "share": st.column_config.NumberColumn("Share of the owned records", format="percent"),
        "active": "Active user", "team": "Team"})
with clusters:
    view.clusters(ws, audit, accepted)
with exports:
    st.subheader("What bad data costs")
    view.cost(audit)
    st.subheader("Downloads")
    view.downloads(ws, audit, settings, accepted)
