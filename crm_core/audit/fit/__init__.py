"""Fit for purpose (METHOD 4a): is the CRM still set up for the goals, the process and the tools?

:func:`run` is the area's one entry point: the checklist answers, the integrations inventory and
the lead-source check on the exports, as one :class:`~crm_core.audit.area.AreaResult` whose facts
hold the stages the deals export really uses (a hint to hold against the sales process). The
rest of this namespace is what the fit screen needs to ask its questions.
"""

from __future__ import annotations

from crm_core.audit.area import AreaResult, AuditInputs
from crm_core.audit.fit.assessment import (
    CATEGORIES,
    DIRECTIONS,
    INTEGRATION_STATUSES,
    LEAD_SOURCE_ANSWERS,
    METHODS,
    audit_lead_source,
    pipeline_hint,
    run_fit_audit,
    strategy_hints,
    summarise_inventory,
)

AREA = "fit"
LABEL = "Fit for purpose"
NEEDS: tuple[str, ...] = ()  # runs without any export: the checklist and inventory come first

__all__ = ["AREA", "CATEGORIES", "DIRECTIONS", "INTEGRATION_STATUSES", "LABEL", "LEAD_SOURCE_ANSWERS", "METHODS",
           "NEEDS", "run", "strategy_hints", "summarise_inventory"]


def run(inputs: AuditInputs) -> AreaResult:
    tables = inputs.tables
    lead_source = audit_lead_source(tables) if tables else None
    return AreaResult(run_fit_audit(inputs.answers, inputs.integrations, lead_source),
                      facts={"pipeline_hint": pipeline_hint(tables.get("deals")), "exports_imported": bool(tables)})
