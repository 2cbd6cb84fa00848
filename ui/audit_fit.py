"""Streamlit helpers of the fit-for-purpose page: the integrations form."""

from __future__ import annotations

from collections.abc import Sequence

import streamlit as st

from crm_core.audit import fit
from crm_core.models import Integration, IntegrationCreate
from crm_core.store import checklists as records
from ui import autosave

NEW = "new"


def _select(form, label: str, choices: dict[str, str], current: str, key: str):
    options = list(choices)
    return form.selectbox(label, options, index=options.index(current) if current in options else 0,
                          format_func=choices.__getitem__, key=key)


def integration_form(workspace_id: str, integrations: Sequence[Integration]) -> None:
    """Pick an integration to edit (or a new one), then save or delete it."""
    by_id = {i.id: i for i in integrations}
    if st.session_state.get("fit.integration.pick") not in (NEW, *by_id):
        st.session_state.pop("fit.integration.pick", None)  # deleted here or in another window
    picked = st.selectbox("Integration", [NEW, *by_id], key="fit.integration.pick",
                          format_func=lambda i: "Add a new integration" if i == NEW else by_id[i].system)
    row = by_id.get(picked)
    values = IntegrationCreate.model_validate(row, from_attributes=True) if row else IntegrationCreate(
        category="email_marketing", method="native", direction="both", status="working")
    prefix = f"fit.integration.{picked}"
    with st.form(prefix, clear_on_submit=row is None):
        left, middle, right = st.columns(3)
        system = left.text_input("System", values.system, key=f"{prefix}.system", placeholder="e.g. Mailchimp")
        category = _select(middle, "Category", {c.key: c.label for c in fit.CATEGORIES}, values.category,
                           f"{prefix}.category")
        method = _select(right, "Method", fit.METHODS, values.method, f"{prefix}.method")
        direction = _select(left, "Direction", fit.DIRECTIONS, values.direction, f"{prefix}.direction")
        status = _select(middle, "Status", fit.INTEGRATION_STATUSES, values.status, f"{prefix}.status")
        owner = right.text_input("Owner", values.owner, key=f"{prefix}.owner")
        carried = st.text_input("Data it carries", values.data_carried, key=f"{prefix}.data",
                                placeholder="e.g. new leads with their source; unsubscribes back to the CRM")
        source = _select(st, "Lead entry point: does a lead arriving this way record its source?",
                         fit.LEAD_SOURCE_ANSWERS, values.records_lead_source, f"{prefix}.lead_source")
        submitted = st.form_submit_button("Save integration", type="primary")
    if submitted:
        data = IntegrationCreate(system=system, category=category, method=method, direction=direction, status=status,
                                 owner=owner, data_carried=carried, records_lead_source=source)
        if row is None:
            autosave.save(f"Added {system.strip() or 'the integration'}.", records.add_integration,
                          workspace_id=workspace_id, integration=data)
        else:
            autosave.save(f"Saved {system.strip()}.", records.update_integration, workspace_id=workspace_id,
                          integration_id=row.id, integration=data)
    if row is not None and st.button("Delete this integration", key=f"{prefix}.delete", icon=":material/delete:"):
        autosave.save(f"Deleted {row.system}.", records.delete_integration, workspace_id=workspace_id,
                      integration_id=row.id)
