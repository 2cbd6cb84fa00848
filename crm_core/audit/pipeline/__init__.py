"""The pipeline and customer KPIs (METHOD 4c, with the usage audit): pipeline hygiene findings,
the KPI catalogue's current values, the funnel, sales cycles, won revenue and RFM priorities.

:func:`run` is the area's one entry point: pipeline hygiene as the shared result, and in its
tables and facts everything the KPI and account-priority tabs show and the baselines the Goals
screen offers. It is measured as of the usage audit's date, as the usage screen shows it.
"""

from __future__ import annotations

from crm_core.audit.area import AreaResult, AuditInputs
from crm_core.audit.pipeline import rfm
from crm_core.audit.pipeline.deals import (
    SEGMENTS,
    SETTINGS_KEY,
    PipelineConfig,
    audit_pipeline,
    cycle_summary,
    prepare_deals,
    revenue_by_period,
    sales_cycles,
    stage_funnel,
)
from crm_core.audit.pipeline.kpis import CATALOGUE, compute_kpis, goal_baselines, kpi_table
from crm_core.audit.stages import parse_stage_overrides
from crm_core.audit import usage
from crm_core.audit.usage.speed_to_lead import measure_speed_to_lead

AREA = "pipeline"
LABEL = "Pipeline"
NEEDS = ("deals", "transactions")
build_segment_chart = rfm.build_segment_chart
priorities_csv = rfm.to_csv_bytes

__all__ = ["AREA", "CATALOGUE", "LABEL", "NEEDS", "SEGMENTS", "SETTINGS_KEY", "PipelineConfig", "build_segment_chart",
           "cycle_summary", "measured_baselines", "parse_stage_overrides", "priorities_csv", "run"]


def _priorities(inputs: AuditInputs, config: PipelineConfig, as_of) -> tuple[dict, dict]:
    tables = inputs.tables
    if tables.get("transactions") is not None:
        orders, set_aside = rfm.orders_from_transactions(tables["transactions"])
        source, sentence = "transactions", set_aside.sentence()
    elif tables.get("deals") is not None:
        orders = rfm.orders_from_deals(tables["deals"], tables.get("accounts"), config.stage_outcomes)
        source, sentence = "won deals", ""
    else:
        return {}, {"rfm_source": None, "rfm_set_aside": ""}
    scored = rfm.score_customers(orders, as_of=as_of)
    return ({"rfm_summary": rfm.segment_summary(scored), "rfm_priority": rfm.priority_list(scored)},
            {"rfm_source": source, "rfm_set_aside": sentence})


def run(inputs: AuditInputs) -> AreaResult:
    config = PipelineConfig.from_dict(inputs.setting(SETTINGS_KEY))
    as_of = inputs.stored_as_of(usage.SETTINGS_KEY)
    prepared = prepare_deals(inputs.tables.get("deals"), config)
    funnel, funnel_reason = stage_funnel(prepared, config)
    cycles, _ = sales_cycles(prepared)
    thresholds = usage.thresholds_from(inputs.setting(usage.SETTINGS_KEY))
    speed = measure_speed_to_lead(inputs.tables, as_of=as_of, window_days=thresholds.window_days,
                                  hours=thresholds.working_hours)
    values = compute_kpis(inputs.tables, as_of=as_of, config=config, speed=speed)
    priorities, priority_facts = _priorities(inputs, config, as_of)
    tables = {"kpis": kpi_table(values), "funnel": funnel, "cycles": cycles,
              "revenue": revenue_by_period(prepared, "Q"), **priorities}
    facts = {"as_of": as_of.isoformat(), "funnel_reason": funnel_reason, **priority_facts,
             "goal_baselines": {key: list(pair) for key, pair in goal_baselines(values).items()}}
    return AreaResult(audit_pipeline(inputs.tables, as_of=as_of, config=config), tables=tables, facts=facts)


def measured_baselines(area: AreaResult | None) -> dict[str, tuple[float | None, str]]:
    """The Goals KPIs a kept pipeline result measured (see ``kpis.goal_baselines``): key ->
    (value in the Goals unit or None, how it was measured or why not); empty without one."""
    if area is None:
        return {}
    return {key: (value, note) for key, (value, note) in area.facts.get("goal_baselines", {}).items()}
