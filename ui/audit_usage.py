"""Streamlit helpers of the usage audit page: cached results, settings forms, renderers.

Results are cached with ``st.cache_data`` on the workspace's data version, the as-of date and
the thresholds (never on DataFrames or widgets), and only small tables are cached: the
activity-level frames stay inside the cached function.
"""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from crm_core.audit import kpis, pipeline, rfm, usage, usage_charts
from crm_core.audit.stages import parse_stage_overrides
from crm_core.audit.usage_findings import low_usage_table
from crm_core.findings import AuditResult, Severity
from crm_core.units import format_value
from ui import cached, components
from ui.markdown import escape

ICONS = {Severity.CRITICAL: ":material/error:", Severity.HIGH: ":material/error:",
         Severity.MEDIUM: ":material/warning:", Severity.LOW: ":material/info:", Severity.INFO: ":material/info:"}


@st.cache_data(max_entries=8, show_spinner="Measuring usage...")
def usage_view(workspace_id: str, version: str, as_of: date, thresholds: dict) -> dict:
    tables = cached.source_tables(workspace_id)
    measures = usage.measure_usage(tables, as_of=as_of, thresholds=usage.UsageThresholds.from_dict(thresholds))
    weekly = usage_charts.weekly_activity(measures.activities, measures.user_rates, as_of=as_of)
    return {"result": usage.result_from(measures), "people": usage.user_summary(measures),
            "teams": measures.team_rates, "weekly": weekly, "trend": usage_charts.team_trend(weekly),
            "distribution": usage_charts.rep_distribution(low_usage_table(measures),
                                                          measures.thresholds.min_team_size),
            "who_columns": measures.who_columns}


@st.cache_data(max_entries=8, show_spinner="Computing the KPIs...")
def kpi_view(workspace_id: str, version: str, as_of: date, config: dict) -> dict:
    tables = cached.source_tables(workspace_id)
    settings = pipeline.PipelineConfig.from_dict(config)
    prepared = pipeline.prepare_deals(tables.get("deals"), settings)
    funnel, funnel_reason = pipeline.stage_funnel(prepared, settings)
    cycles, _ = pipeline.sales_cycles(prepared)
    return {"kpis": kpis.kpi_table(kpis.compute_kpis(tables, as_of=as_of, config=settings)),
            "funnel": funnel, "funnel_reason": funnel_reason,
            "cycles": cycles,
            "revenue": pipeline.revenue_by_period(prepared, "Q"),
            "audit": pipeline.audit_pipeline(tables, as_of=as_of, config=settings)}


@st.cache_data(max_entries=8, show_spinner="Computing KPI baselines...")
def goal_baselines(workspace_id: str, version: str, as_of: date, config: dict) -> dict:
    """Goals KPI key -> (baseline in the Goals unit or None, note or reason), for the Goals screen."""
    values = kpis.compute_kpis(cached.source_tables(workspace_id), as_of=as_of,
                               config=pipeline.PipelineConfig.from_dict(config))
    return kpis.goal_baselines(values)


@st.cache_data(max_entries=8, show_spinner="Scoring accounts...")
def rfm_view(workspace_id: str, version: str, as_of: date, config: dict) -> dict | None:
    tables = cached.source_tables(workspace_id)
    if tables.get("transactions") is not None:
        orders, set_aside = rfm.orders_from_transactions(tables["transactions"])
        source = "transactions"
    elif tables.get("deals") is not None:
        orders = rfm.orders_from_deals(tables["deals"], tables.get("accounts"),
                                       pipeline.PipelineConfig.from_dict(config).stage_outcomes)
        set_aside, source = None, "won deals"
    else:
        return None
    scored = rfm.score_customers(orders, as_of=as_of)
    return {"source": source, "set_aside": set_aside.sentence() if set_aside else "",
            "summary": rfm.segment_summary(scored), "priority": rfm.priority_list(scored)}


def settings(workspace_id: str) -> tuple[dict, dict]:
    """The stored usage thresholds (with the as-of date) and KPI settings."""
    return (cached.workspace_setting(workspace_id, usage.SETTINGS_KEY) or {},
            cached.workspace_setting(workspace_id, pipeline.SETTINGS_KEY) or {})




def usage_settings_form(workspace_id: str, stored: dict, as_of: date) -> None:
    """As-of date and every usage threshold, saved to the workspace on submit."""
    current = usage.UsageThresholds.from_dict(stored)
    with st.form("usage.settings"):
        picked = st.date_input("Audit as of", as_of, key="usage.as_of", format="YYYY-MM-DD")
        values, columns = {}, st.columns(3)
        for index, (name, text) in enumerate(usage.THRESHOLD_HELP.items()):
            column, default = columns[index % 3], getattr(current, name)
            label = name.replace("_", " ").capitalize()
            if isinstance(default, tuple):
                values[name] = column.text_input(label, ", ".join(default), help=text, key=f"usage.{name}")
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
            parsed = components.attempt(lambda: parse_stage_overrides(mapping))
            if parsed is not None:
                cached.save_workspace_setting(workspace_id, pipeline.SETTINGS_KEY, {**current.to_dict(), "stage_outcomes": parsed,
                                                                     "revenue_target": target,
                                                                     "acquisition_spend": spend})
                st.rerun()


def render_findings(result: AuditResult, empty: str) -> None:
    if not result.findings:
        st.success(empty)
    for finding in result.findings:
        with st.expander(f"{finding.severity.value.upper()} · {escape(finding.title)}",
                         icon=ICONS[finding.severity]):
            st.markdown(escape(finding.detail))
            st.caption(f"{finding.code} · {finding.affected_count:,} affected")


def render_kpis(table: pd.DataFrame) -> None:
    shown = pd.DataFrame({
        "KPI": table["name"], "Value": [format_value(v if pd.notna(v) else None, u)
                                        for v, u in zip(table["value"], table["unit"], strict=True)],
        "Good when": table["direction"].map({"up": "higher", "down": "lower"}), "Records": table["n"],
        "Why not computed / note": table["reason"].fillna(table["note"]), "Definition": table["definition"],
        "Key": table["key"],
    })
    st.dataframe(shown, hide_index=True, width="stretch", height=35 * (len(shown) + 1) + 3)
