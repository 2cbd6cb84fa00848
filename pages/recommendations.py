"""Recommendations & report. The health scorecard, the ranked recommendations and people's
decisions on them, the impact/effort matrix, the roadmap, the success conditions, and the
client report in five formats."""

from datetime import date

import streamlit as st

from crm_core.recommend import build_recommendations, standing_facts_for
from crm_core.report.sources import read_plan
from crm_core.roadmap import build_matrix_chart, build_roadmap, condition_check, five_year_plan, matrix_table
from crm_core.scorecard import build_scorecard, build_scorecard_chart, scorecard_table
from ui import autosave, components, state
from ui import recommendations as view

state.init_state()
workspace = components.require_workspace()
ws = workspace.id
state.show_flash()

st.title("Recommendations & report")
st.write("What the audit found, turned into a plan: every recommendation quotes the numbers of the finding "
         "behind it, is ranked from essential to desirable, and gets an owner and a date. Decisions are kept "
         "when the audits run again on newer exports; only the numbers change.")

today = date.today()
audit = components.kept_audit(ws)
if audit is None:
    st.stop()
plan = autosave.read(read_plan, workspace_id=ws)
scorecard = build_scorecard(audit, audit.skipped)
everything = build_recommendations(audit, decisions=plan.decisions, manual=plan.manual, links=plan.links,
                                   standing_facts=standing_facts_for(audit), include_dismissed=True)
recs = [r for r in everything if r.status != "dismissed"]

st.header("Health scorecard")
view.render_scorecard(scorecard)
for reason in audit.skipped.values():
    st.caption(reason)
st.altair_chart(build_scorecard_chart(scorecard_table(scorecard)), width="stretch")

recs_tab, matrix_tab, roadmap_tab, conditions_tab, report_tab = st.tabs(
    ["Recommendations", "Impact & effort", "Roadmap", "Success conditions", "Report"])
with recs_tab:
    quick = sum(r.quick_win for r in recs)
    st.write(f"{len(recs)} recommendations, {quick} of them quick wins (impact 4 or more for effort 1 or 2, on a "
             "finding the audit measured). Ranked by the worst finding each one answers, then by priority, impact "
             "and effort; findings one action answers share one recommendation.")
    view.render_recommendations(recs, plan, ws)
    st.subheader("Decide: priority, owner, due date, status")
    st.caption("A dismissed recommendation leaves the plan and the report; set it back to open to restore it.")
    view.decisions_editor(everything, ws)
    with st.expander("Add a recommendation of your own", icon=":material/add:"):
        view.manual_form(ws)
with matrix_tab:
    st.write("Impact against effort, each dot numbered as in the list. The shaded corner holds the quick wins: "
             "do them first.")
    st.altair_chart(build_matrix_chart(matrix_table(recs)).properties(width="container"), width="stretch")
with roadmap_tab:
    st.caption("A due date decides the lane; otherwise essential goes in now, important in the next 90 days, "
               "desirable this year. Quick wins first in each lane.")
    view.render_roadmap(build_roadmap(recs, start=today), five_year_plan(recs, start=today))
with conditions_tab:
    st.write("A CRM succeeds when all three hold: transparency, actionability and credibility. Each is measured "
             "by the areas behind it and served by the recommendations below.")
    view.render_conditions(condition_check(recs, scorecard))
with report_tab:
    with st.expander("Cover: client, title, author, logo", icon=":material/badge:"):
        view.cover_form(ws, plan.cover, plan)
    redact = st.toggle("Redact personal data (names, emails, phone numbers)", value=plan.cover.redact,
                       key="recs.redact")
    st.caption("Every file is built from the same findings as the screens. PDF and HTML carry the charts; the "
               "Excel file is the action plan, one row per recommendation.")
    view.export_buttons(plan, audit, ws, redact)
