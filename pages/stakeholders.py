"""Stakeholders & ownership: who the CRM needs on side, who owns what, which team is its primary
user, and one vocabulary for every team."""

import re

import streamlit as st

from crm_core.models import Stakeholder, StakeholderCreate
from crm_core.store import strategy as records
from crm_core.strategy import diagnostic, glossary, raci
from crm_core.strategy.charts import build_influence_interest_chart
from crm_core.strategy.departments import STAKEHOLDER_DEPARTMENTS, department_label
from crm_core.strategy.stakeholders import BUY_IN_LABELS, BUY_IN_LEVELS, commitment_warnings, influence_interest_table
from ui import autosave, components, state
from ui.markdown import escape

PAGE = "stakeholders"
state.init_state()
ws = components.require_workspace().id


def stakeholder_form(key: str, person: StakeholderCreate, submit: str) -> StakeholderCreate | None:
    with st.form(key, border=False):
        left, right = st.columns(2)
        name = left.text_input("Name", person.name, key=f"{key}.name")
        role = right.text_input("Role", person.role, key=f"{key}.role", placeholder="e.g. Head of sales")
        departments = STAKEHOLDER_DEPARTMENTS
        department = left.selectbox("Department", departments, departments.index(person.department)
                                    if person.department in departments else None, format_func=department_label,
                                    key=f"{key}.department", placeholder="Choose")
        facing = right.checkbox("Talks to customers", person.customer_facing, key=f"{key}.facing")
        influence = left.slider("Influence over the CRM", 1, 5, person.influence, key=f"{key}.influence")
        interest = right.slider("Interest in the CRM", 1, 5, person.interest, key=f"{key}.interest")
        buy_in = st.segmented_control("Buy-in", BUY_IN_LEVELS, default=person.buy_in, format_func=BUY_IN_LABELS.get,
                                      key=f"{key}.buy_in", required=True)
        commitment = st.text_area("Commitment", person.commitment, key=f"{key}.commitment", height=68,
                                  placeholder="What they agreed to do or expect, in their words")
        if st.form_submit_button(submit, type="primary"):
            return StakeholderCreate(name=name, role=role, department=department or "", customer_facing=facing,
                                     influence=influence, interest=interest, buy_in=buy_in, commitment=commitment)
    return None


def register_tab(people: list[Stakeholder]) -> None:
    left, right = st.columns([2, 3], gap="large")
    with left.container(border=True):
        st.markdown("**Add a stakeholder**")
        if data := stakeholder_form(autosave.new_form_key("stakeholders.new"), StakeholderCreate(), "Add stakeholder"):
            autosave.save(f"Added {data.name.strip()}.", records.add_stakeholder, new_form="stakeholders.new",
                          workspace_id=ws, stakeholder=data)
    if people:
        right.altair_chart(build_influence_interest_chart(influence_interest_table(people)), width="stretch",
                           theme=None)
    for warning in commitment_warnings(people):
        right.warning(escape(warning), icon=":material/handshake:")
    if not people:
        return
    st.subheader("Register, customer first")
    st.dataframe([{"Name": p.name, "Role": p.role, "Department": department_label(p.department),
                   "Talks to customers": p.customer_facing, "Influence": p.influence, "Interest": p.interest,
                   "Buy-in": BUY_IN_LABELS[p.buy_in], "Commitment": p.commitment} for p in people],
                 hide_index=True, width="stretch")
    by_id = {p.id: p for p in people}
    with st.expander("Edit or remove a stakeholder", icon=":material/edit:"):
        chosen = by_id[st.selectbox("Stakeholder", list(by_id), format_func=lambda i: by_id[i].name,
                                    key="stakeholders.edit.who")]
        # the key carries the row's version, so the form never shows values older than the store
        if data := stakeholder_form(f"stakeholders.edit.{chosen.id}.{chosen.updated_at:%j%H%M%S%f}",
                                    StakeholderCreate.model_validate(chosen, from_attributes=True), "Save"):
            autosave.save(f"Saved {data.name.strip()}.", records.update_stakeholder, workspace_id=ws,
                          stakeholder_id=chosen.id, stakeholder=data)
        if st.button(f"Remove {escape(chosen.name)}", key=f"stakeholders.delete.{chosen.id}", icon=":material/delete:"):
            autosave.save(f"Removed {chosen.name}.", records.delete_stakeholder, workspace_id=ws,
                          stakeholder_id=chosen.id)


def raci_tab(people: list[Stakeholder]) -> None:
    assignments = autosave.read(records.list_raci_assignments, workspace_id=ws)
    st.caption("Data stewardship by team: " + "; ".join(f"{department_label(d).lower()} looks after {what}"
                                                          for d, what in raci.STEWARDSHIP.items()) + ".")
    options = raci.party_options([p.name for p in people], assignments)
    if not assignments:  # one hint, not a warning on every responsibility
        st.info("Name who is accountable (one party) and who is responsible for each responsibility below; "
                "gaps are flagged once the matrix has its first name.", icon=":material/lightbulb:")
    issues = raci.check_raci(assignments) if assignments else []
    for duty in raci.RESPONSIBILITIES:
        with st.container(border=True):
            with st.container(horizontal=True, vertical_alignment="center"):
                st.markdown(f"**{duty.label}** · {duty.area}")
                for issue in (i for i in issues if i.responsibility == duty.key):
                    st.badge(issue.label, color="orange", icon=":material/warning:", help=issue.message)
            for column, role in zip(st.columns(len(raci.ROLES)), raci.ROLES, strict=True):
                key = f"stakeholders.raci.{duty.key}.{role}"
                column.multiselect(raci.ROLE_LABELS[role], options, raci.parties_holding(assignments, duty.key, role),
                                   key=key, accept_new_options=True, on_change=autosave.on_change(
                                       PAGE, records.set_raci_parties, widgets={"parties": key}, workspace_id=ws,
                                       responsibility=duty.key, role=role))
    for issue in (i for i in issues if not i.responsibility):
        st.warning(escape(issue.message), icon=":material/warning:")
    if assignments:
        st.table(raci.raci_matrix(assignments))


def primary_user_tab(people: list[Stakeholder]) -> None:
    ticked = autosave.read(records.ticked_symptoms, workspace_id=ws)
    st.write("Tick every situation the teams recognise. The team with the most feels the lack of a CRM most.")
    for column, department in zip(st.columns(3), ("sales", "marketing", "support"), strict=True):
        with column.container(border=True):
            st.markdown(f"**{department_label(department)}**")
            for symptom in (s for s in diagnostic.SYMPTOMS if s.department == department):
                key = f"stakeholders.symptom.{symptom.key}"
                st.checkbox(symptom.text, symptom.key in ticked, key=key, on_change=autosave.on_change(
                    PAGE, records.answer_symptom, widgets={"applies": key}, workspace_id=ws, symptom=symptom.key))
    result = diagnostic.diagnose_primary_user(ticked, people)
    if result.primary and not result.is_tie:
        st.success(escape(result.reason), icon=":material/person_check:")
    else:
        st.info(escape(result.reason), icon=":material/groups:")


def glossary_tab() -> None:
    entries, definitions = autosave.read(records.list_glossary, workspace_id=ws)
    table = glossary.definitions_by_term(entries, definitions)
    flags = glossary.find_glossary_flags(table)
    for flag in flags:
        st.warning(escape(flag.message), icon=":material/translate:")
    widths = [1.3] + [2] * len(glossary.TEAMS)
    for column, title in zip(st.columns(widths), ["Term", *map(department_label, glossary.TEAMS)], strict=True):
        column.markdown(f"**{title}**")
    for term, kind in glossary.glossary_terms(entries):
        slug = re.sub(r"[^a-z0-9]+", "-", term.lower()).strip("-")
        name, *cells = st.columns(widths)
        name.markdown(f"**{escape(term)}**")
        if flagged := [f for f in flags if term in f.terms]:
            name.badge("Teams disagree" if flagged[0].kind == "differs" else "Two names, one thing", color="orange")
        elif kind != "standard" and name.button("Remove", key=f"stakeholders.glossary.remove.{slug}"):
            autosave.save(f"Removed '{term}'.", records.delete_glossary_term, workspace_id=ws, term=term)
        for cell, team in zip(cells, glossary.TEAMS, strict=True):
            key = f"stakeholders.glossary.{slug}.{team}"
            cell.text_area(f"{department_label(team)}'s definition of {escape(term)}", table.get(term, {}).get(team, ""),
                           key=key, height=76, label_visibility="collapsed",
                           placeholder=f"{department_label(team)} says...", on_change=autosave.on_change(
                               PAGE, records.define_term, widgets={"definition": key}, workspace_id=ws, term=term,
                               team=team))
    with st.form("stakeholders.glossary.add", clear_on_submit=True, border=False):
        term_col, kind_col, button_col = st.columns([3, 2, 1], vertical_alignment="bottom")
        term = term_col.text_input("Add a pipeline stage or another term", key="stakeholders.glossary.new")
        kind = kind_col.selectbox("Kind", ["stage", "custom"], format_func=glossary.KIND_LABELS.get,
                                  key="stakeholders.glossary.kind")
        if button_col.form_submit_button("Add term"):
            autosave.save("Added the term.", records.add_glossary_term, workspace_id=ws, term=term, kind=kind)


st.title("Stakeholders & ownership")
state.show_flash()
autosave.show_problem(PAGE)
people = autosave.read(records.list_stakeholders, workspace_id=ws)
tabs = st.tabs(["Stakeholders", "Ownership (RACI)", "Primary CRM user", "Glossary"], key="stakeholders.tab",
               bind="query-params")
with tabs[0]:
    register_tab(people)
with tabs[1]:
    raci_tab(people)
with tabs[2]:
    primary_user_tab(people)
with tabs[3]:
    glossary_tab()
