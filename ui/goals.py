"""Goal baselines measured from the imported exports: the kept pipeline area's KPI values."""

from __future__ import annotations

from crm_core.audit import pipeline
from crm_core.strategy.kpis import Measured
from ui import cached, components


def measured_baselines(workspace_id: str) -> Measured:
    """KPI key -> (baseline, note or reason) from the kept audit; empty before deals or
    transactions are imported."""
    if not cached.imported_entities(workspace_id) & set(pipeline.NEEDS):
        return {}
    return pipeline.measured_baselines(components.kept_area(workspace_id, pipeline.AREA))
