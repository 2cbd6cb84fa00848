"""Audit: compliance. The privacy regimes that apply, their checklist, and checks on the exports."""

import streamlit as st

from crm_core.audit import compliance
from crm_core.audit.checklists import checklist_items
from crm_core.findings import AuditResult
from crm_core.store import checklists as records
from ui import findings_view
from ui import autosave, components, state
from ui import checklist_view as view
from ui import audit_compliance as area_view

state.init_state()
workspace = components.require_workspace()
ws = workspace.id
view.forget_other_workspace("compliance", ws)
state.show_flash()

st.title("Audit: compliance")
st.write("Does the CRM meet privacy law and the sector's rules? Pick the regimes that apply, answer their "
         "checklist with evidence, and let the exports show where practice differs: people emailed after "
         "opting out, records kept too long, sensitive data typed into notes, access nobody needs. "
         "Sensitive values are only ever shown masked.")

audit = components.kept_area(ws, compliance.AREA)
if audit is None:
    st.stop()
with st.expander("Regimes, sector and retention", icon=":material/tune:",
                 expanded=autosave.read(records.get_compliance_profile, workspace_id=ws) is None):
    area_view.profile_form(ws, audit.facts["regimes_from_countries"])
config = autosave.read(records.compliance_config, workspace_id=ws).to_dict()
answers = autosave.read(records.answers_by_item, workspace_id=ws)
items = checklist_items("compliance", config["regimes"])
result = audit.result
view.render_scores(result, "compliance", [("compliance_data", "Data checks")])
from_checklist = set(audit.facts["checklist_findings"])
checklist = AuditResult(compliance.AREA, findings=tuple(f for f in result.findings if f.code in from_checklist))
data = AuditResult(compliance.AREA, findings=tuple(f for f in result.findings if f.code not in from_checklist))

checklist_tab, data_tab = st.tabs(["Checklist", "Checks on the data"])
with checklist_tab:
    if not config["regimes"]:
        st.info("No regime chosen yet: only the items every regime shares are listed. Choose the regimes above.")
    view.render_checklist("compliance", ws, items, answers)
    st.subheader("From the checklist")
    findings_view.render_findings(checklist, "No item answered 'not met' or 'partly met'.")
with data_tab:
    if not audit.facts["data_checked"]:
        st.info("Nothing imported yet: import the contacts, activities and users exports to check the data.")
    else:
        st.caption("Free text scanned for card numbers (Luhn), IBANs (mod-97), SSNs, NI numbers, dates of birth "
                   "and special-category words; every hit is validated and shown masked.")
        findings_view.render_findings(data, "No compliance problem found in the data.")
        st.subheader("Records")
        area_view.render_issues(ws, data)
