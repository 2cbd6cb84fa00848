"""Streamlit helpers of the usage audit page: settings forms and renderers over the kept usage
and pipeline areas (``components.kept_area``), computed once per data version and settings."""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from crm_core.audit import pipeline, usage
from crm_core.units import format_value
from ui import cached, components, tables



def settings(workspace_id: str) -> tuple[dict, dict]:
    """The stored usage thresholds (with the as-of date) and KPI settings."""
    return (cached.workspace_setting(workspace_id, usage.SETTINGS_KEY) or {},
            cached.workspace_setting(workspace_id, pipeline.SETTINGS_KEY) or {})




def usage_settings_form(workspace_id: str, stored: dict, as_of: date) -> None:
    """As-of date and every usage threshold, saved to the workspace on submit."""
    current = usage.thresholds_from(stored)
    with st.form("usage.settings"):
        picked = st.date_input("Audit as of", as_of, key="usage.as_of", format="YYYY-MM-DD")
        values, columns = {}, st.columns(3)
        for index, (name, text) in enumerate(usage.THRESHOLD_HELP.items()):
            column, default = columns[index % 3], getattr(current, name)
            label = name.replace("_", " ").capitalize()
            if isinstance(default, tuple):
                values[name] = column.text_input(label, ", ".join(default), help=text, key=f"usage.{name}")
            elif name.endswith("_hour"):
                values[name] = column.number_input(label, 0, 24, default, help=text, key=f"usage.{name}")
            elif isinstance(default, float):
                values[name] = column.number_input(label, 0.01, 1.0, default, 0.05, help=text, key=f"usage.{name}")
            else:
                values[name] = column.number_input(label, 1, 3650, default, help=text, key=f"usage.{name}")
        if st.form_submit_button("Save and re-run", type="primary"):
            changed = components.attempt(lambda: usage.UsageThresholds.from_dict(values).to_dict())
            if changed is not None:
                cached.save_workspace_setting(workspace_id, usage.SETTINGS_KEY, {**changed, "as_of": picked.isoformat()})
                st.rerun()


def kpi_settings_form(workspace_id: str, stored: dict) -> None:
    """Stage mapping overrides, revenue target and acquisition spend."""
    current = pipeline.PipelineConfig.from_dict(stored)
    with st.form("kpis.settings"):
        mapping = st.text_area("Stage mapping overrides, one per line (Stage = won, lost or open)",
                               "\n".join(f"{k} = {v}" for k, v in current.stage_outcomes.items()), key="kpis.stages",
                               help="By default a stage called closed won or won is won, closed lost or lost is lost.")
        left, right = st.columns(2)
        target = left.number_input("Revenue target for the coverage period", 0.0, None,
                                   current.revenue_target, key="kpis.target", placeholder="none")
        spend = right.number_input(f"Sales and marketing spend, last {current.spend_days} days", 0.0, None,
                                   current.acquisition_spend, key="kpis.spend", placeholder="not entered")
        if st.form_submit_button("Save KPI settings"):
            parsed = components.attempt(lambda: pipeline.parse_stage_overrides(mapping))
            if parsed is not None:
                cached.save_workspace_setting(workspace_id, pipeline.SETTINGS_KEY, {**current.to_dict(), "stage_outcomes": parsed,
                                                                     "revenue_target": target,
                                                                     "acquisition_spend": spend})
                st.rerun()


def render_kpis(table: pd.DataFrame) -> None:
    shown = pd.DataFrame({
        "KPI": table["name"], "Value": [format_value(v if pd.notna(v) else None, u)
                                        for v, u in zip(table["value"], table["unit"], strict=True)],
        "Good when": table["direction"].map({"up": "higher", "down": "lower"}), "Records": table["n"],
        "Why not computed / note": table["reason"].fillna(table["note"]), "Definition": table["definition"],
    })
    st.dataframe(shown, hide_index=True, width="stretch", height=35 * (len(shown) + 1) + 3)


SPEED_LABELS = {"source": "Lead source", "owner": "Owner", "team": "Team"}


def render_speed_to_lead(measured) -> None:
    """How long new leads wait for a first call, email or meeting: the five KPIs, and the wait per
    lead source, owner and team; or why it cannot be measured."""
    values = {key: value for key, (value, _, _) in measured.facts["speed_to_lead"].items()}
    reasons = [reason for _, _, reason in measured.facts["speed_to_lead"].values() if reason]
    if all(value is None for value in values.values()):
        st.info(f"Not measured: {reasons[0]}." if reasons else "Not measured.", icon=":material/timer_off:")
        return
    leads = measured.facts["speed_to_lead"]["leads_never_touched"][1]
    shown = (("Median wait", "speed_to_lead_minutes_median", "minutes"),
             ("Within 5 minutes", "leads_touched_within_5_min", "fraction"),
             ("Within an hour", "leads_touched_within_1_hour", "fraction"),
             ("Within 24 hours", "leads_touched_within_24_hours", "fraction"),
             ("Never touched", "leads_never_touched", "fraction"))
    for column, (label, key, unit) in zip(st.columns(len(shown)), shown, strict=True):
        column.metric(label, format_value(values[key], unit), border=True)
    st.caption(f"{leads:,} people added in the measuring window, each a lead until someone calls, emails or meets "
               f"them; the wait counts working time only ({measured.facts['speed_to_lead_hours']}), set in the "
               "settings above.")
    table = measured.table("speed_to_lead")
    if len(table):
        tables.show(pd.DataFrame({
            "By": table["by"].map(SPEED_LABELS), "Who or where": table["group"], "Leads": table["leads"],
            "Median wait": [format_value(v if pd.notna(v) else None, "minutes") for v in table["median_minutes"]],
            "Touched within an hour": [format_value(v, "fraction") for v in table["within_1_hour"]],
            "Never touched": [format_value(v, "fraction") for v in table["never_touched"]],
        }))
