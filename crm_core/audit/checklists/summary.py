"""One-line summaries of the fit-for-purpose and compliance audits for the home page.

Each returns ``(summary, started)`` like the other steps in ``crm_core.progress``. The
checklists and the inventory are read from the store; the compliance data checks' outcome from
the workspace's kept audit (:mod:`crm_core.audit.kept`).
"""

from __future__ import annotations

from sqlmodel import Session

from crm_core import store
from crm_core.store import checklists as records
from crm_core.audit.checklists import checklist_items, score_checklist
from crm_core.audit.fit.assessment import audit_integrations
from crm_core.findings import AuditResult

SERIOUS = ("critical", "high")


def _checklist_line(result: AuditResult, area: str, total: int) -> str:
    coverage = result.score(f"{area}_coverage")
    score = result.score(f"{area}_checklist")
    if score is None:
        return f"checklist not started (0 of {total} items answered)"
    return (f"checklist {score.value:.0f}/100 on {score.basis} of {total} items answered "
            f"(coverage {coverage.value:.0f}%)")


def summarise_fit(session: Session, workspace_id: str, audit=None) -> tuple[str, bool]:
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


def summarise_compliance(session: Session, workspace_id: str, audit=None) -> tuple[str, bool]:
    config = records.compliance_config(session=session, workspace_id=workspace_id)
    answers = records.answers_by_item(session=session, workspace_id=workspace_id)
    items = checklist_items("compliance", config.regimes)
    result = score_checklist("compliance", items, answers)
    regimes = ", ".join(r.upper().replace("_", " ") for r in config.regimes) or "No regime chosen"
    whole = audit.get("compliance") if audit is not None else None
    data_score = whole.score("compliance_data") if whole is not None else None
    imported = store.count_data_sources(session=session, workspace_id=workspace_id)
    data = "data checks found nothing to check" if imported and whole is not None else "data checks need the exports"
    if data_score is not None:
        checklist_codes = {f.code for f in result.findings}
        serious = sum(1 for f in whole.findings if f.code not in checklist_codes and f.severity.value in SERIOUS)
        data = f"data checks {data_score.value:.0f}/100 with {serious} critical or high finding(s)"
    started = data_score is not None or any(item.id in answers for item in items)
    return f"{regimes}: {_checklist_line(result, 'compliance', len(items))}; {data}.", started
