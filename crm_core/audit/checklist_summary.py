"""One-line summaries of the fit-for-purpose and compliance audits for the home page.

Each returns ``(summary, started)`` like the other steps in ``crm_core.progress``. The
checklists and the inventory are read from the store; the data checks' latest outcome is the
small snapshot the compliance page stores under :data:`LATEST_KEY` whenever it computes one.
"""

from __future__ import annotations

from typing import Any

from sqlmodel import Session

from crm_core import store
from crm_core.audit import checklist_records as records
from crm_core.audit.checklist import checklist_items, score_checklist
from crm_core.audit.fit import audit_integrations
from crm_core.findings import AuditResult, Severity

LATEST_KEY = "audit.compliance.latest"


def _checklist_line(result: AuditResult, area: str, total: int) -> str:
    coverage = result.score(f"{area}_coverage")
    score = result.score(f"{area}_checklist")
    if score is None:
        return f"checklist not started (0 of {total} items answered)"
    return (f"checklist {score.value:.0f}/100 on {score.basis} of {total} items answered "
            f"(coverage {coverage.value:.0f}%)")


def summarise_fit(session: Session, workspace_id: str) -> tuple[str, bool]:
    answers = records.answers_by_item(session=session, workspace_id=workspace_id)
    integrations = records.list_integrations(session=session, workspace_id=workspace_id)
    items = checklist_items("fit")
    result = score_checklist("fit", items, answers)
    line = _checklist_line(result, "fit", len(items))
    inventory = audit_integrations(integrations)
    missing = inventory.finding("FIT.CORE_INTEGRATION_MISSING")
    tail = (f"; {len(integrations)} integration(s) recorded, "
            f"{missing.affected_count if missing else 0} core categories without one") if integrations else \
        "; no integration recorded yet"
    return line[0].upper() + line[1:] + tail + ".", bool(answers or integrations)


def snapshot(result: AuditResult, version: str, config: dict[str, Any]) -> dict[str, Any]:
    """What is kept of one data-check run: score, findings by severity, data version and settings."""
    counts = {level.value: sum(1 for f in result.findings if f.severity == level) for level in Severity}
    score = result.score("compliance_data")
    return {"version": version, "config": config, "score": score.value if score else None,
            "findings": len(result.findings), "by_severity": counts}


def summarise_compliance(session: Session, workspace_id: str) -> tuple[str, bool]:
    config = records.compliance_config(session=session, workspace_id=workspace_id)
    answers = records.answers_by_item(session=session, workspace_id=workspace_id)
    items = checklist_items("compliance", config.regimes)
    result = score_checklist("compliance", items, answers)
    regimes = ", ".join(r.upper().replace("_", " ") for r in config.regimes) or "No regime chosen"
    latest = store.get_setting(session=session, workspace_id=workspace_id, key=LATEST_KEY)
    data = "data checks not run yet"
    if latest:
        serious = sum(latest["by_severity"].get(level, 0) for level in ("critical", "high"))
        data = f"data checks {latest['score']:.0f}/100 with {serious} critical or high finding(s)" \
            if latest.get("score") is not None else "data checks found nothing to check"
    started = bool(latest) or any(item.id in answers for item in items)
    return f"{regimes}: {_checklist_line(result, 'compliance', len(items))}; {data}.", started
