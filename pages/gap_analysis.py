"""Gap analysis: the distance between today's customer experience and the one wanted, and the
chain of whys down to its root causes."""

import streamlit as st

from crm_core.models import Gap, GapCreate
from crm_core.strategy import gaps as gap_rules
from crm_core.store import strategy as records
from crm_core.strategy.departments import DEPARTMENTS, department_label
from crm_core.strategy.socratic import follow_up_questions
from crm_core.strategy.whys import WhyTree, build_why_dot, chain_warnings, root_cause_table
from ui import autosave, components, state
from ui.links import page_link_if_registered
from ui.markdown import escape

PAGE = "gaps"
SELECTED = "gaps.selected"  # the gap selector's key
GAP_PARAM = "gap"  # the open gap's id in the URL, so a refresh or a link reopens it
CONFIRM_DELETE = "gaps.confirm_delete"  # the gap or answer id waiting for a confirmed delete
TOP = ""  # the parent choice meaning "why does the gap itself exist?"
state.init_state()
ws = components.require_workspace().id


def select(gap: Gap) -> None:
    st.session_state[SELECTED] = gap.id
    st.query_params[GAP_PARAM] = gap.id


def choose_gap(gaps: list[Gap]) -> Gap:
    """The open gap: as chosen in this tab, else as named in the URL, else the newest."""
    by_id = {gap.id: gap for gap in gaps}
    if st.session_state.get(SELECTED) not in by_id:
        wanted = st.query_params.get(GAP_PARAM)
        st.session_state[SELECTED] = wanted if wanted in by_id else gaps[-1].id
    chosen = by_id[st.selectbox("Gap", list(by_id), key=SELECTED, format_func=lambda i: by_id[i].title)]
    st.query_params[GAP_PARAM] = chosen.id
    return chosen


def gap_form(key: str, gap: GapCreate, submit: str) -> GapCreate | None:
    with st.form(key, border=False):
        title = st.text_input("Gap", gap.title, key=f"{key}.title", placeholder="e.g. Leads go cold before a call")
        left, right = st.columns(2)
        now = left.text_area("Customer experience today", gap.current_experience, key=f"{key}.current", height=76)
        wanted = right.text_area("Customer experience wanted", gap.desired_experience, key=f"{key}.desired",
                                 height=76)
        stages = gap_rules.LIFECYCLE_STAGES
        stage = left.selectbox("Lifecycle stage", stages, stages.index(gap.stage) if gap.stage in stages else None,
                               format_func=gap_rules.STAGE_LABELS.get, key=f"{key}.stage", placeholder="Choose")
        departments = right.multiselect("Departments", DEPARTMENTS, gap.departments, format_func=department_label,
                                        key=f"{key}.departments")
        evidence = st.text_area("Evidence", gap.evidence, key=f"{key}.evidence", height=68,
                                placeholder="Numbers, quotes, tickets: what shows the gap is real")
        if st.form_submit_button(submit, type="primary"):
            return GapCreate(title=title, current_experience=now, desired_experience=wanted, stage=stage or "",
                             departments=departments, evidence=evidence)
    return None


def start_gap() -> None:
    st.markdown("**Start from a common gap**")
    with st.container(horizontal=True):
        for template in gap_rules.GAP_TEMPLATES:
            st.button(template.title, key=f"gaps.template.{template.key}", icon=":material/add:",
                      on_click=autosave.on_change(PAGE, records.add_gap, then=select, workspace_id=ws,
                                                  gap=gap_rules.gap_from_template(template.key),
                                                  template_key=template.key))
    with st.expander("Or describe a new gap", icon=":material/edit:"):
        data = gap_form(autosave.new_form_key("gaps.new"), GapCreate(), "Add gap")
        if data and (created := components.attempt(lambda: autosave.read(records.add_gap, workspace_id=ws, gap=data))):
            select(created)  # the gap selector is drawn below, so it may still be moved to the new gap
            autosave.saved(f"Added the gap '{created.title}'.", new_form="gaps.new")


def gap_header(gap: Gap) -> None:
    st.markdown(f"**Today:** {escape(gap.current_experience or '…')}  \n"
                f"**Wanted:** {escape(gap.desired_experience or '…')}")
    evidence = f" · Evidence: {escape(gap.evidence)}" if gap.evidence else ""
    st.caption(f"{gap_rules.STAGE_LABELS.get(gap.stage, 'No stage')} · {gap_rules.describe_departments(gap)}{evidence}")
    if gap.origin:
        page_link_if_registered("pages/goals.py", label="Found by the goal alignment view: back to the goals",
                                icon=":material/flag:", query_params={"workspace": ws, "goals.tab": "Alignment"})
    if template := gap_rules.GAP_TEMPLATE_BY_KEY.get(gap.template_key):
        with st.expander("Questions to ask when the room is stuck", icon=":material/help:"):
            st.markdown("\n".join(f"- {escape(question)}" for question in template.questions))
    with st.expander("Edit or delete this gap", icon=":material/edit:"):
        current = GapCreate(**gap.model_dump(include={"title", "current_experience", "desired_experience", "stage",
                                                      "evidence"}), departments=gap_rules.gap_departments(gap))
        # the key carries the row's version, so the form never shows values older than the store
        if data := gap_form(f"gaps.edit.{gap.id}.{gap.updated_at:%j%H%M%S%f}", current, "Save gap"):
            autosave.save("Saved the gap.", records.update_gap, workspace_id=ws, gap_id=gap.id, gap=data)
        delete_button(gap.id, "Delete this gap", icon_only=False)
        confirm_delete(gap.id, "Delete this gap and all its whys", records.delete_gap, gap_id=gap.id)


def delete_button(target: str, label: str, *, icon_only: bool = True) -> None:
    """Asks for a delete; nothing is removed until :func:`confirm_delete` is answered."""
    if st.button("" if icon_only else label, key=f"gaps.delete.{target}", icon=":material/delete:", help=label):
        st.session_state[CONFIRM_DELETE] = target
        st.rerun()


def confirm_delete(target: str, label: str, query, **arguments) -> None:
    if st.session_state.get(CONFIRM_DELETE) != target:
        return
    st.warning(f"{label}? This cannot be undone.", icon=":material/delete:")
    yes, no = st.columns([1, 8])
    if yes.button("Delete", key=f"gaps.delete.{target}.yes", type="primary"):
        st.session_state.pop(CONFIRM_DELETE)
        autosave.save(label.replace("Delete", "Deleted", 1) + ".", query, workspace_id=ws, **arguments)
    if no.button("Cancel", key=f"gaps.delete.{target}.no"):
        st.session_state.pop(CONFIRM_DELETE)
        st.rerun()


def ask_why(gap: Gap, tree: WhyTree) -> None:
    """Type, press Enter, type again: each answer becomes the next "why?" unless another is picked."""
    walk = tree.walk()
    parents = [TOP] + [node.id for node, _ in walk]
    labels = {TOP: f"The gap: {gap.title}"} | {node.id: f"{'· ' * level}{node.answer[:80]}" for node, level in walk}
    key = f"gaps.ask.{gap.id}"
    if st.session_state.get(f"{key}.parent") not in parents:  # first visit, or its answer was deleted
        latest = max(tree.nodes.values(), key=lambda n: (n.created_at, n.id), default=None)
        st.session_state[f"{key}.parent"] = latest.id if latest else TOP

    def continue_chain(node) -> None:
        st.session_state.update({f"{key}.parent": node.id, f"{key}.answer": "", f"{key}.root": False})

    with st.form(key):
        st.markdown("**Ask why**")
        parent, answer, root = st.columns([2, 3, 1], vertical_alignment="bottom")
        parent.selectbox("Why does this happen?", parents, format_func=labels.get, key=f"{key}.parent")
        answer.text_input("Because…", key=f"{key}.answer", placeholder="Who does, or fails to do, what?")
        root.checkbox("Root cause", key=f"{key}.root")
        st.form_submit_button("Add answer", type="primary", on_click=autosave.on_change(
            PAGE, records.add_why, then=continue_chain, workspace_id=ws, gap_id=gap.id,
            widgets={"parent_id": f"{key}.parent", "answer": f"{key}.answer", "is_root_cause": f"{key}.root"}))


def answers(gap: Gap, tree: WhyTree) -> None:
    """Every answer, indented by level, editable in place; vague ones get a follow-up question."""
    for node, level in tree.walk():
        above = tree.nodes[node.parent_id].answer if node.parent_id in tree.nodes else gap.title
        text, root, remove = st.columns([9, 1.3, 0.5])
        _, field = text.columns([0.01 + 0.5 * (level - 1), 9])
        key = f"gaps.node.{node.id}"
        field.text_input(f"Level {level}", node.answer, key=f"{key}.answer", label_visibility="collapsed",
                         on_change=autosave.on_change(PAGE, records.update_why, widgets={"answer": f"{key}.answer"},
                                                      workspace_id=ws, node_id=node.id))
        for follow_up in follow_up_questions(node.answer, above):
            field.caption(f":material/help: {escape(follow_up.question)}")
        root.toggle("Root cause", node.is_root_cause, key=f"{key}.root", on_change=autosave.on_change(
            PAGE, records.update_why, widgets={"is_root_cause": f"{key}.root"}, workspace_id=ws, node_id=node.id))
        below = len(tree.subtree_ids(node.id)) - 1
        label = f"Delete this answer{f' and the {below} below it' if below else ''}"
        with remove:
            delete_button(node.id, label)
        confirm_delete(node.id, label, records.delete_why_subtree, node_id=node.id)


def whys_tab(gaps: list[Gap]) -> None:
    start_gap()
    if not gaps:
        return
    gap = choose_gap(gaps)
    gap_header(gap)
    tree = WhyTree(autosave.read(records.list_why_nodes, workspace_id=ws, gap_id=gap.id))
    if warnings := [f"- {escape(warning.message)}" for warning in chain_warnings(tree)]:
        more = [f"- and {len(warnings) - 3} more, drawn with a dashed border"] if len(warnings) > 3 else []
        st.warning("\n".join(warnings[:3] + more), icon=":material/account_tree:")
    st.graphviz_chart(build_why_dot(gap.title, tree), width="stretch")
    ask_why(gap, tree)
    autosave.show_problem(PAGE)
    answers(gap, tree)


st.title("Gap analysis")
st.caption("Name the gap between the experience customers get and the one they should get, then ask why until "
           "you reach causes the team can act on. Five whys is a rule of thumb; chains may branch.")
state.show_flash()
all_gaps = autosave.read(records.list_gaps, workspace_id=ws)
tabs = st.tabs(["Gaps and whys", "Root causes"], key="gaps.tab", bind="query-params")
with tabs[0]:
    whys_tab(all_gaps)
with tabs[1]:
    causes = root_cause_table(all_gaps, autosave.read(records.list_why_nodes, workspace_id=ws))
    if causes.empty:
        st.info("No root cause marked yet: mark the answers the team can act on as root causes.")
    else:
        st.dataframe(causes[["gap", "root_cause", "chain", "level"]], hide_index=True, width="stretch",
                     column_config={"gap": "Gap", "root_cause": "Root cause", "chain": "How we got there",
                                    "level": "Level"})
