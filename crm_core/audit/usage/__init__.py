"""The usage audit (METHOD 4c): who works in the CRM, how much and how they log.

:func:`run` is the area's one entry point: activity per person and team, people who do not log,
bulk and late logging, as one :class:`~crm_core.audit.area.AreaResult` whose tables are what the
usage screen draws (people, teams, weekly activity, the team trend, the spread of reps) and whose
facts say which columns told who created or changed records.
"""

from __future__ import annotations

from crm_core.audit.area import AreaResult, AuditInputs
from crm_core.audit.usage.activity import (
    SETTINGS_KEY,
    THRESHOLD_HELP,
    UsageThresholds,
    export_date,
    measure_usage,
    result_from,
    user_summary,
)
from crm_core.audit.usage.charts import (
    build_activity_heatmap,
    build_rep_distribution_chart,
    build_team_trend_chart,
    rep_distribution,
    team_trend,
    weekly_activity,
)
from crm_core.audit.usage.findings import low_usage_table

AREA = "usage"
LABEL = "Usage"
NEEDS = ("activities",)

__all__ = ["AREA", "LABEL", "NEEDS", "SETTINGS_KEY", "THRESHOLD_HELP", "UsageThresholds", "build_activity_heatmap",
           "build_rep_distribution_chart", "build_team_trend_chart", "export_date", "run", "thresholds_from"]


def thresholds_from(stored: dict) -> UsageThresholds:
    """The usage thresholds saved with the workspace (its audit date left aside)."""
    return UsageThresholds.from_dict({key: value for key, value in stored.items() if key != "as_of"})


def run(inputs: AuditInputs) -> AreaResult:
    as_of = inputs.stored_as_of(SETTINGS_KEY)
    measures = measure_usage(inputs.tables, as_of=as_of, thresholds=thresholds_from(inputs.setting(SETTINGS_KEY)))
    weekly = weekly_activity(measures.activities, measures.user_rates, as_of=as_of)
    tables = {"people": user_summary(measures), "teams": measures.team_rates, "weekly": weekly,
              "trend": team_trend(weekly),
              "distribution": rep_distribution(low_usage_table(measures), measures.thresholds.min_team_size),
              "speed_to_lead": measures.speed.breakdown()}
    speed = {key: list(value) for key, value in measures.speed.values.items()}
    return AreaResult(result_from(measures), tables=tables, facts={
        "who_columns": list(measures.who_columns), "speed_to_lead": speed,
        "speed_to_lead_hours": measures.speed.hours.describe()})
