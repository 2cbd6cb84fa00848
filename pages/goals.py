"""Goals: what the CRM is for, read the way the method reads goals, agreed by the group and
lined up along the funnel."""

from datetime import date

import streamlit as st

from crm_core.findings import Severity
from crm_core.models import Goal, GoalCreate
from crm_core.store import strategy as records
from crm_core.strategy import alignment
from crm_core.strategy.charts import build_proposal_chart
from crm_core.strategy.departments import DEPARTMENTS, department_label
from crm_core.strategy.goal_templates import GOAL_TEMPLATES, goal_from_template
from crm_core.strategy.goals import ValidatorRanges, review_goal
from crm_core.units import format_value
from crm_core.strategy.kpis import (
    INTENT_LABELS, INTENTS, KPIS, Measured, baseline_rows, baseline_to_offer, measured_baseline,
)
from crm_core.strategy.target_setting import proposal_table, summarise_proposals
from ui import autosave, components, state
from ui import goals as view
from ui.links import page_link_if_registered
from ui.markdown import escape

state.init_state()
ws = components.require_workspace().id
ICONS = {Severity.HIGH: ":material/error:", Severity.MEDIUM: ":material/warning:"}


def goal_form(key: str, goal: GoalCreate, submit: str) -> GoalCreate | None:
    """Every field of a goal in one form; returns what was typed when submitted."""
    def at(options, value):
        return options.index(value) if value in options else None

    with st.form(key, border=False):
        statement = st.text_input("Goal, in the room's words", goal.statement, key=f"{key}.statement",
                                  placeholder="e.g. Reduce customer churn by 25% by the end of next quarter")
        left, middle, right, far = st.columns(4)
        department = left.selectbox("Department", DEPARTMENTS, at(DEPARTMENTS, goal.department),
                                    format_func=department_label, key=f"{key}.department", placeholder="Choose")
        metrics = list(dict.fromkeys([kpi.name for kpi in KPIS] + [goal.metric] * bool(goal.metric)))
        metric = middle.selectbox("Metric", metrics, at(metrics, goal.metric), key=f"{key}.metric",
                                  accept_new_options=True, placeholder="Pick a KPI or type one")
        intent = right.selectbox("Intent", INTENTS, at(INTENTS, goal.intent), format_func=INTENT_LABELS.get,
                                 key=f"{key}.intent", placeholder="From the metric")
        unit = far.text_input("Unit", goal.unit, key=f"{key}.unit", placeholder="From the metric")
        baseline = left.number_input("Baseline (today)", value=goal.baseline, key=f"{key}.baseline", format="%g")
        target = middle.number_input("Target", value=goal.target, key=f"{key}.target", format="%g")
        deadline = right.date_input("Deadline", goal.deadline, key=f"{key}.deadline", format="DD/MM/YYYY")
        owner = far.text_input("Owner", goal.owner, key=f"{key}.owner")
        why = st.text_area("Why it matters to customers", goal.why, key=f"{key}.why", height=68)
        original = st.checkbox("One of the CRM's original goals (what it was bought for)", goal.is_original,
                               key=f"{key}.original")
        if st.form_submit_button(submit, type="primary"):
            return GoalCreate(statement=statement, department=department or "", metric=metric or "",
                              intent=intent or "", unit=unit, baseline=baseline, target=target,
                              deadline=deadline, owner=owner, why=why, is_original=original)
    return None


def goal_card(goal: Goal, ranges: ValidatorRanges, measured: Measured) -> None:
    review = review_goal(goal, today=date.today(), ranges=ranges)
    with st.container(border=True):
        heading, badges = st.columns([4, 1])
        heading.markdown(f"##### {escape(goal.statement or review.rewrite)}")
        with badges.container(horizontal=True, horizontal_alignment="right"):
            st.badge(department_label(goal.department), color="blue")
            if goal.is_original:
                st.badge("Original CRM goal", color="violet")
            if review.well_formed:
                st.badge("Well formed", color="green", icon=":material/check:")
            else:
                st.badge("Needs work", color="orange", icon=":material/build:")
        st.markdown(f":material/edit_note: **Well-formed wording:** {escape(review.rewrite)}")
        for issue in (i for i in review.issues if i.severity in ICONS):
            st.markdown(f"{ICONS[issue.severity]} {escape(issue.message)}")
        notes = [i.message for i in review.issues if i.severity not in ICONS]
        notes += [f"Target agreed by {goal.agreed_by}."] if goal.agreed_by else []
        if found := measured_baseline(goal.metric, measured):
            kpi, value, how = found
            notes.append(f"Measured from the exports: {format_value(value, kpi.unit)} ({how}).")
        st.caption(" · ".join(escape(note) for note in notes))
        if offered := baseline_to_offer(goal, measured):
            kpi, value, _ = offered
            if st.button(f"Use {format_value(value, kpi.unit)} as the baseline", key=f"goals.use_baseline.{goal.id}",
                         icon=":material/input:"):
                measured_goal = GoalCreate.model_validate(goal, from_attributes=True).model_copy(
                    update={"baseline": value, "unit": kpi.unit})
                autosave.save("Baseline set from the exports.", records.update_goal, workspace_id=ws,
                              goal_id=goal.id, goal=measured_goal)
        with st.expander("Edit or delete"):
            # the key carries the row's version, so the form never shows values older than the store
            data = goal_form(f"goals.edit.{goal.id}.{goal.updated_at:%j%H%M%S%f}",
                             GoalCreate.model_validate(goal, from_attributes=True), "Save goal")
            if data:
                autosave.save("Saved the goal.", records.update_goal, workspace_id=ws, goal_id=goal.id, goal=data)
            if st.button("Delete this goal", key=f"goals.delete.{goal.id}", icon=":material/delete:"):
                autosave.save("Deleted the goal.", records.delete_goal, workspace_id=ws, goal_id=goal.id)


def goals_tab(goals: list[Goal], ranges: ValidatorRanges, measured: Measured) -> None:
    st.markdown("**Start from one of the method's examples**")
    with st.container(horizontal=True):
        for template in GOAL_TEMPLATES:
            if st.button(template.label, key=f"goals.template.{template.key}", icon=":material/add:"):
                autosave.save(f"Added '{template.label}'.", records.add_goal, workspace_id=ws,
                              goal=goal_from_template(template.key, today=date.today()))
    with st.expander("New goal", expanded=not goals, icon=":material/flag:"):
        data = goal_form(autosave.new_form_key("goals.new"), GoalCreate(), "Add goal")
        if data:
            autosave.save("Added the goal.", records.add_goal, new_form="goals.new", workspace_id=ws, goal=data)
    for department in DEPARTMENTS:
        for goal in (g for g in goals if g.department == department):
            goal_card(goal, ranges, measured)


def agree_tab(goals: list[Goal]) -> None:
    by_id = {g.id: g for g in goals}
    # Opens on the goal the room is working on: the first with proposals, not yet agreed if any.
    proposed = {p.goal_id for p in autosave.read(records.list_target_proposals, workspace_id=ws)}
    order = sorted(by_id, key=lambda i: (i not in proposed, bool(by_id[i].agreed_by)))
    goal = by_id[st.selectbox("Goal", list(by_id), index=list(by_id).index(order[0]), key="goals.agree.goal",
                              format_func=lambda i: (
                                  f"{department_label(by_id[i].department)}: {by_id[i].statement or by_id[i].metric}"))]
    table = proposal_table(autosave.read(records.list_target_proposals, workspace_id=ws, goal_id=goal.id))
    spread = summarise_proposals(table["target"])
    left, right = st.columns([2, 3], gap="large")
    with left.form("goals.propose", clear_on_submit=True):
        st.markdown("**Propose a target**")
        name = st.text_input("Your name", key="goals.propose.name")
        proposed = st.number_input(f"Target ({goal.unit or 'value'})", value=None, key="goals.propose.target",
                                   format="%g")
        if st.form_submit_button("Propose", type="primary"):
            autosave.save(f"Recorded {name.strip()}'s proposal.", records.propose_target, workspace_id=ws,
                          goal_id=goal.id, participant=name, target=proposed)
    if spread is None:
        right.info("No proposal yet: each participant types a name and a target, from any device.")
    else:
        right.altair_chart(build_proposal_chart(table, baseline=goal.baseline, unit=goal.unit,
                                                agreed=goal.target if goal.agreed_by else None),
                           width="stretch", theme=None)
        low, high, median = (format_value(v, goal.unit) for v in (spread.low, spread.high, spread.median))
        right.caption(escape(f"{spread.count} proposals from {low} to {high}, median {median}."))
    people = list(table["participant"])
    form = f"goals.agree.{goal.id}.{len(people)}"  # a new proposal refreshes the defaults below
    with st.form(form):
        st.markdown("**Record the agreed target**")
        default = goal.target if goal.agreed_by or spread is None else spread.median
        agreed = st.number_input("Agreed target", value=default, key=f"{form}.target", format="%g")
        names = st.multiselect("Agreed by", people, default=people, key=f"{form}.names", accept_new_options=True)
        if st.form_submit_button("Record agreement", type="primary"):
            autosave.save("Recorded the agreed target.", records.agree_target, workspace_id=ws, goal_id=goal.id,
                          target=agreed, agreed_by=names)
    if goal.agreed_by:
        st.success(escape(f"Agreed target {format_value(goal.target, goal.unit)}, agreed by {goal.agreed_by}."))


def alignment_tab(goals: list[Goal]) -> None:
    st.caption("Marketing generates the leads, sales converts them, support keeps the customers: each needs a "
               "goal for its part, and no two goals should pull against each other.")
    for column, row in zip(st.columns(len(alignment.FUNNEL)), alignment.funnel_coverage(goals), strict=True):
        with column.container(border=True):
            st.markdown(f"**{department_label(row.stage.department)}** · {row.stage.purpose}")
            st.markdown("\n".join(f"- {escape(g.statement or g.metric)}" for g in row.goals)
                        or ":gray[No goal for this part of the funnel yet.]")
    issues = alignment.find_alignment_issues(goals)
    recorded = alignment.recorded_gaps(issues, autosave.read(records.list_gaps, workspace_id=ws))
    st.subheader(f"{len(issues)} misalignment{'s' * (len(issues) != 1)}")
    for issue in issues:
        text, action = st.container(border=True).columns([5, 1], vertical_alignment="center")
        text.markdown(f"**{escape(issue.title)}**  \n{escape(issue.detail)}")
        with action:
            if gap := recorded.get(issue.key):
                st.badge("Recorded as a gap", color="green", icon=":material/check:")
                page_link_if_registered("pages/gap_analysis.py", label="Open it", icon=":material/arrow_forward:",
                                        query_params={"workspace": ws, "gap": gap.id})
            elif st.button("Record as gap", key="goals.align." + ".".join(map(str, issue.key))):
                autosave.save("Recorded the gap.", records.add_gap, workspace_id=ws, gap=issue.as_gap(),
                              origin=issue.origin, origin_department=issue.department, goal_id=issue.goal_id,
                              other_goal_id=issue.other_goal_id)


def ranges_tab(ranges: ValidatorRanges) -> None:
    st.write("A goal's size is judged as its relative change per quarter of the time it is given: "
             "-25% over two quarters is 12.5% per quarter.")
    with st.form("goals.ranges"):
        trivial = st.number_input("Trivial below (% per quarter)", value=ranges.trivial_pct_per_quarter,
                                  min_value=0.0, key="goals.ranges.trivial", format="%g")
        implausible = st.number_input("Implausible above (% per quarter)", value=ranges.implausible_pct_per_quarter,
                                      min_value=0.0, key="goals.ranges.implausible", format="%g")
        if st.form_submit_button("Save ranges", type="primary"):
            autosave.save("Saved the ranges.", records.save_validator_ranges, workspace_id=ws,
                          trivial_pct_per_quarter=trivial, implausible_pct_per_quarter=implausible)


st.title("Goals")
st.caption("A goal names a metric, where it stands today, a target, a deadline and an owner, and says why it "
           "matters to customers. Targets the group agrees are the ones teams meet.")
state.show_flash()
goals = autosave.read(records.list_goals, workspace_id=ws)
ranges = autosave.read(records.validator_ranges, workspace_id=ws)
measured = view.measured_baselines(ws)
tabs = st.tabs(["Goals", "Agree targets", "Alignment", "Baselines from the data", "Validator ranges"],
               key="goals.tab", bind="query-params")
with tabs[0]:
    goals_tab(goals, ranges, measured)
with tabs[1]:
    if goals:
        agree_tab(goals)
    else:
        st.info("Add a goal first; then each participant proposes a target here.")
with tabs[2]:
    alignment_tab(goals)
with tabs[3]:
    if measured:
        st.caption("Today's value of each KPI, computed from the imported exports: use it as a goal's baseline.")
        st.dataframe(baseline_rows(measured), hide_index=True, height="content")
        if any("KPI settings" in str(note) for _, note in measured.values()):
            page_link_if_registered("pages/audit_usage.py", icon=":material/tune:",
                                    label="KPI settings (stage order, revenue target, spend) are on Audit: usage")
    else:
        st.info("Import the CRM's deals (and accounts) on Data sources to measure baselines from the data.")
with tabs[4]:
    ranges_tab(ranges)
