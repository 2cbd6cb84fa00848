"""Compliance (METHOD 4d): the privacy regimes that apply, their checklist, and checks on the exports.

:func:`run` is the area's one entry point: the checklist answers for the chosen regimes and, when
exports are imported, the checks on the data (consent, lawful basis, retention, sensitive values
in free text, who holds access), as one :class:`~crm_core.audit.area.AreaResult`. Its facts name
the checklist's findings, so a screen can show the two halves apart.
"""

from __future__ import annotations

from crm_core.audit.area import AreaResult, AuditInputs
from crm_core.audit.checklists import checklist_items, merge_results, score_checklist
from crm_core.audit.compliance.checks import (
    REGIMES,
    SECTORS,
    ComplianceConfig,
    run_compliance_checks,
    suggest_regimes,
)

AREA = "compliance"
LABEL = "Compliance"
NEEDS: tuple[str, ...] = ()  # the checklist needs no export

__all__ = ["AREA", "LABEL", "NEEDS", "REGIMES", "SECTORS", "ComplianceConfig", "run", "suggested_regimes"]


def suggested_regimes(from_countries: list, sector: str) -> list[tuple[str, str]]:
    """``(regime, why)`` pointed at by the contacts' countries (as :func:`run` found them), then
    by the sector."""
    suggestions = dict(map(tuple, from_countries))
    for regime, why in suggest_regimes(None, sector):
        suggestions.setdefault(regime, why)
    return list(suggestions.items())


def run(inputs: AuditInputs) -> AreaResult:
    config = inputs.compliance or ComplianceConfig()
    checklist = score_checklist(AREA, checklist_items(AREA, config.regimes), inputs.answers)
    facts = {"checklist_findings": [finding.code for finding in checklist.findings],
             "data_checked": bool(inputs.tables),
             "regimes_from_countries": suggest_regimes(inputs.tables.get("contacts"))}
    if not inputs.tables:
        return AreaResult(checklist, facts=facts)
    data = run_compliance_checks(inputs.tables, config, today=inputs.as_of)
    return AreaResult(merge_results(AREA, checklist, data), facts=facts)
