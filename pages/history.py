"""History: run the audit, keep a snapshot of every score and finding, and watch the trend
quarter after quarter; start the next quarter from this one."""

from datetime import date

import streamlit as st

from crm_core import history, quarterly, workspaces
from crm_core.store import audit_runs
from crm_core.models import WorkspaceCreate
from crm_core.store import strategy as records
from crm_core.scorecard import format_score
from ui import autosave, cached, components, state
from ui.markdown import escape

state.init_state()
workspace = components.require_workspace()
ws = workspace.id
state.show_flash()

st.title("History")
st.write("The audit pages always show the audit of the data imported now. History keeps a snapshot of every "
         "score and finding when you record one, so the next quarter can be compared with this one: record a "
         "snapshot whenever fresh exports are imported.")

if st.button("Record a snapshot of the current audit", key="history.run", type="primary",
             icon=":material/photo_camera:"):
    with st.spinner("Running every audit area..."):
        run = components.attempt(lambda: quarterly.run_and_record(
            engine=cached.engine(), data_dir=cached.settings().data_dir, workspace_id=ws, today=date.today()))
    if run:
        state.flash(f"Snapshot recorded: overall {format_score(run.overall)}.")
        st.rerun()

runs = autosave.read(audit_runs.list_snapshots, workspace_id=ws)
if not runs:
    st.info("No snapshot recorded yet: the scores on the audit pages are current, but nothing is kept for "
            "comparison until you record a snapshot.")
else:
    st.header("Scores across runs")
    periods = sorted({r.period for r in runs if r.period})
    st.caption(f"{len(runs)} runs" + (f" over {', '.join(periods)}" if periods else "")
               + ". Runs of earlier quarters came along when this workspace was started from them.")
    st.altair_chart(history.build_trend_chart(history.score_trend(runs)), width="stretch")

    st.header("Since the previous run")
    if len(runs) < 2:
        st.info("Only one run so far: the next one will be compared with it.")
    else:
        diff = history.diff_runs(runs[-2], runs[-1])
        st.caption(f"{runs[-2].label} → {runs[-1].label}")
        columns = st.columns(min(len(diff.scores), 7))
        for column, change in zip(columns, diff.scores):
            column.metric(change.label, format_score(change.after),
                          f"{change.delta:+.1f}" if change.delta else None)  # no arrow for no change
        counts = {c: len(diff.by_change(c)) for c in history.CHANGES}
        st.write(", ".join(f"{n} {history.CHANGE_LABELS[c].lower()}" for c, n in counts.items()) + " findings.")
        if diff.sizes_note:
            st.info(diff.sizes_note, icon=":material/straighten:")
        table = history.changes_table(diff)
        if len(table):
            st.dataframe(table, hide_index=True, width="stretch", column_config={
                "Share before": st.column_config.NumberColumn(format="percent"),
                "Share now": st.column_config.NumberColumn(format="percent")})

    st.header("Goal progress")
    progress = history.goal_progress(autosave.read(records.list_goals, workspace_id=ws), runs)
    if progress.empty:
        st.info("No goal measures a KPI the exports can compute (win rate, retention, churn, revenue...).")
    else:
        st.dataframe(progress.drop(columns=["run_at"]), hide_index=True, width="stretch")
        goal = st.selectbox("Goal", list(dict.fromkeys(progress["goal"])), key="history.goal")
        if progress[progress["goal"] == goal]["value"].notna().any():
            st.altair_chart(history.build_goal_chart(progress, goal), width="stretch")
        else:
            st.caption("No run could measure this goal's KPI from the exports.")

st.header("Start next quarter")
st.write("Copies this workspace's strategy, checklist answers, column mappings, recommendation decisions and "
         "audit runs into a new period, and switches to it. The imported data comes along too: import fresh "
         "exports on Data sources to replace them before the next run.")
suggested = workspaces.suggest_duplicate(workspace)
with st.form("history.next_quarter"):
    name = st.text_input("Name", value=suggested.name, key="history.next.name")
    period = st.text_input("Period", value=suggested.period, key="history.next.period")
    if st.form_submit_button("Start next quarter", icon=":material/event_repeat:"):
        data = WorkspaceCreate(**{**suggested.model_dump(), "name": name, "period": period})
        copy = components.attempt(lambda: quarterly.start_next_quarter(
            engine=cached.engine(), data_dir=cached.settings().data_dir, workspace_id=ws, data=data))
        if copy:
            state.select_workspace(copy.id)
            state.flash(f"Started {escape(copy.name)} from {escape(workspace.name)}.")
            st.rerun()
