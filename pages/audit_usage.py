"""Audit: usage. Who uses the CRM and how, the pipeline and customer KPIs, and RFM account priorities."""

import streamlit as st

from datetime import date

from crm_core.audit import pipeline, usage
from ui import findings_view, tables
from ui import cached, components, state
from ui import audit_usage as view
from ui.links import page_link_if_registered

state.init_state()
workspace = components.require_workspace()
ws = workspace.id

st.title("Audit: usage")
st.write("Are sales, marketing and support really working in the CRM? This screen measures logged activity "
         "per person and team, finds who does not log and how people log, computes the pipeline and "
         "customer KPIs the goals can use as baselines, and ranks accounts by recency, frequency and value.")
imported = cached.imported_entities(ws)
if not imported:
    st.info("Nothing imported yet: import the activities, users and deals exports first.")
    page_link_if_registered("pages/data_sources.py", label="Go to Data sources", icon=":material/upload_file:")
    st.stop()

usage_stored, kpi_stored = view.settings(ws)
audit = components.kept_audit(ws, areas=(usage.AREA, pipeline.AREA))
if audit is None:
    st.stop()
if not audit.areas:
    st.info("Nothing to measure yet: import the activities export (and the users export) to measure usage, "
            "and the deals export or a transactions file for the KPIs and account priorities.")
    page_link_if_registered("pages/data_sources.py", label="Go to Data sources", icon=":material/upload_file:")
    st.stop()
as_of = date.fromisoformat(usage_stored["as_of"]) if usage_stored.get("as_of") else audit.as_of
st.caption(f"Measured as of **{as_of:%d %b %Y}**"
           + ("" if usage_stored.get("as_of") else " (the day after the newest record in the exports)")
           + ". Change the date and the thresholds under Settings.")
with st.expander("Settings: audit date and thresholds", icon=":material/tune:"):
    view.usage_settings_form(ws, usage_stored, as_of)

usage_tab, kpi_tab, rfm_tab = st.tabs(["Usage", "KPIs", "Account priorities (RFM)"])

with usage_tab:
    if usage.AREA not in audit.areas:
        st.info("Import the activities export (and the users export) to measure usage.")
    else:
        measured = audit.areas[usage.AREA]
        result = measured.result
        cols = st.columns(len(result.scores) or 1)
        for col, score in zip(cols, result.scores, strict=False):
            col.metric(score.dimension.replace("_", " ").capitalize(), f"{score.value:.0f}/100", help=score.formula)
        st.subheader("Findings")
        findings_view.render_findings(result, "No usage problem found.")
        st.subheader("Speed to lead")
        view.render_speed_to_lead(measured)
        st.subheader("Activity per person and week")
        st.altair_chart(usage.build_activity_heatmap(measured.table("weekly")), width="stretch")
        left, right = st.columns(2)
        left.altair_chart(usage.build_team_trend_chart(measured.table("trend")), width="stretch")
        if len(measured.table("distribution")):
            right.altair_chart(usage.build_rep_distribution_chart(measured.table("distribution")), width="stretch")
        st.subheader("Teams")
        tables.show(measured.table("teams")[["team", "users", "users_logging", "activities", "per_user_per_day",
                                             "median_per_day"]],
                    config={c: st.column_config.NumberColumn(tables.LABELS[c], format="%.2f")
                            for c in ("per_user_per_day", "median_per_day")})
        st.subheader("People")
        st.caption("Per working day (Monday to Friday) or per week over the measuring window. "
                   + ("Records created and updated come from: " + ", ".join(measured.facts["who_columns"]) + "."
                      if measured.facts["who_columns"] else
                      "Records created or updated per person: the exports do not say who created or changed records."))
        people = measured.table("people")
        tables.show(people, config={c: st.column_config.NumberColumn(tables.words(c), format="%.2f")
                                    for c in people.columns if c.endswith(("_per_day", "_per_week"))})

kpis = audit.areas.get(pipeline.AREA)
with kpi_tab:
    with st.expander("KPI settings: stage mapping, revenue target, spend", icon=":material/tune:"):
        view.kpi_settings_form(ws, kpi_stored)
    if kpis is None:
        st.info("Import the deals (opportunities) export, or a transactions file, to compute the pipeline and "
                "customer KPIs.")
    else:
        if "deals" not in imported:
            st.info("Import the deals (opportunities) export to compute the pipeline KPIs.")
        st.write("Current values from the imported data. A KPI the data cannot support says why instead of "
                 "showing a number; the Goals screen can use these as baselines.")
        view.render_kpis(kpis.table("kpis"))
        left, right = st.columns(2)
        with left:
            st.subheader("Stage-to-stage conversion")
            if kpis.facts["funnel_reason"]:
                st.info(f"The funnel cannot be drawn: {kpis.facts['funnel_reason']}.")
            else:
                tables.show(kpis.table("funnel"), config={
                    "conversion_to_next": st.column_config.NumberColumn("Conversion to next", format="percent")})
                st.caption("Without stage history, a deal counts as having passed every stage before its current "
                           "one; lost deals count only as entering the pipeline.")
        with right:
            st.subheader("Sales cycle of won deals")
            by = st.segmented_control("Group by", list(pipeline.SEGMENTS), default="pipeline", key="usage.cycle_by",
                                      format_func=lambda name: name.replace("_", " "))
            if len(kpis.table("cycles")):
                tables.show(pipeline.cycle_summary(kpis.table("cycles"), by),
                            config={c: st.column_config.NumberColumn(tables.LABELS[c], format="%.0f")
                                    for c in ("median_days", "mean_days", "p25_days", "p75_days")})
        st.subheader("Won revenue per quarter")
        tables.show(kpis.table("revenue").tail(8))
        st.subheader("Pipeline hygiene")
        findings_view.render_findings(kpis.result, "No pipeline problem found.")

with rfm_tab:
    priority = kpis.table("rfm_priority") if kpis is not None else None
    if priority is None or priority.empty:
        st.info("RFM needs won deals with an account and a close date, or an imported transactions file.")
    else:
        summary = kpis.table("rfm_summary")
        st.write(f"Accounts scored from {kpis.facts['rfm_source']}: recency, frequency and monetary value each get "
                 "a 1-5 quintile score; the segment names say what to do. " + kpis.facts["rfm_set_aside"])
        left, right = st.columns([3, 2])
        left.altair_chart(pipeline.build_segment_chart(summary), width="stretch")
        with right:
            tables.show(summary[["segment", "customers", "action"]])
        st.subheader("Priority list")
        tables.show(priority.head(200))
        st.download_button("Download the priority list (CSV)", lambda: pipeline.priorities_csv(priority),
                           file_name=f"account-priorities-{as_of:%Y-%m-%d}.csv", mime="text/csv",
                           key="usage.rfm.download", icon=":material/download:", on_click="ignore")
