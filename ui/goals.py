"""Goal baselines measured from the imported exports, via the usage audit's KPI catalogue."""

from __future__ import annotations

from crm_core.strategy.kpis import Measured
from ui import audit_usage, cached


def measured_baselines(workspace_id: str) -> Measured:
    """KPI key -> (baseline, note or reason), cached on the imported data; empty before any import."""
    version = cached.data_version(workspace_id)
    if not version:
        return {}
    stored, kpi_config = audit_usage.settings(workspace_id)
    as_of = cached.audit_date(workspace_id, stored)
    return audit_usage.goal_baselines(workspace_id, version, as_of, kpi_config)
