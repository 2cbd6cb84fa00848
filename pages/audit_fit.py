"""Audit: fit for purpose. Is the CRM still set up for the goals, the process and the tools the teams use?"""

import streamlit as st

from crm_core.audit import fit
from crm_core.audit.checklists import checklist_items
from crm_core.store import checklists as records
from crm_core.store import strategy
from ui import findings_view
from ui import autosave, components, state
from ui import checklist_view as view
from ui import audit_fit as area_view

state.init_state()
workspace = components.require_workspace()
ws = workspace.id
view.forget_other_workspace("fit", ws)
state.show_flash()

st.title("Audit: fit for purpose")
st.write("Does the CRM still serve what it was bought for and what each team needs today? Answer the "
         "checklist with the room, giving evidence for each answer, and list every system the CRM "
         "exchanges data with. Unknown answers lower the coverage, not the score.")

answers = autosave.read(records.answers_by_item, workspace_id=ws)
integrations = autosave.read(records.list_integrations, workspace_id=ws)
audit = components.kept_area(ws, fit.AREA)
if audit is None:
    st.stop()
result = audit.result
view.render_scores(result, "fit", [("integrations", "Core integrations")])

hints = fit.strategy_hints(autosave.read(strategy.list_goals, workspace_id=ws),
                           *autosave.read(strategy.list_glossary, workspace_id=ws))
if audit.facts["pipeline_hint"]:
    hints["fit.pipeline_matches"] = audit.facts["pipeline_hint"]

checklist_tab, integrations_tab, findings_tab = st.tabs(["Checklist", "Integrations", "Findings"])
with checklist_tab:
    view.render_checklist("fit", ws, checklist_items("fit"), answers, hints)
with integrations_tab:
    st.write("Every system that exchanges customer data with the CRM: email marketing, ERP, billing, "
             "website forms, telephony, calendar, e-commerce, support desk, enrichment, lead sources. "
             "'None' as the method means people re-key the data by hand.")
    if integrations:
        st.dataframe(fit.summarise_inventory(integrations), hide_index=True, width="stretch")
    else:
        st.info("No integration recorded yet: add the first one below.")
    area_view.integration_form(ws, integrations)
with findings_tab:
    if not audit.facts["exports_imported"]:
        st.caption("Import the contacts and deals exports to check how often the lead source is empty.")
    findings_view.render_findings(result, "Nothing to report yet: answer the checklist and fill in the inventory.")
