"""Scored checklists: the structured-interview half of the fit-for-purpose and compliance audits.

Items are data (``data/checklist_items.csv``): an id, the area and section, the question, a
line of guidance, a weight (1-3), the wording that counts as *met*, *partly* and *not met* for
that item, whether "not applicable" is allowed, the severity of the finding raised when the
item is not met, its finding code and recommendation code, and (compliance only) the privacy
regimes the item belongs to (``all`` or empty: every regime).

Every answer has a status: ``met`` (1), ``partly`` (0.5), ``not_met`` (0), ``na`` (not
applicable: the item leaves the checklist) or ``unknown`` (nobody knows yet). Unknown is not
the same as not met: it lowers the *coverage*, not the score.

- score = 100 x sum(weight x value, answered items) / sum(weight, answered items), where
  answered = met, partly or not met; there is no score until one item is answered;
- coverage = 100 x sum(weight, answered items) / sum(weight, applicable items), where
  applicable = every item of the checklist but those answered "not applicable".

So a team that answers 3 of 30 items, all met, scores 100 with 10% coverage: the score says
how good the known part is, the coverage how much of it is known. Each item answered
*not met* raises its finding at the item's severity; *partly* raises it one level milder; the
unknown items are summed up in one informational finding (``<AREA>.CHECKLIST_UNANSWERED``).
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import pandas as pd

from crm_core.errors import CrmCoreError
from crm_core.findings import AuditResult, Finding, Score, Severity, empty_issues

ITEMS_FILE = "checklist_items.csv"
AREAS = ("fit", "compliance")
AREA_CODES = {"fit": "FIT", "compliance": "COMPLIANCE"}
STATUSES = ("unknown", "met", "partly", "not_met", "na")
STATUS_LABELS = {"unknown": "Not known yet", "met": "Met", "partly": "Partly met", "not_met": "Not met",
                 "na": "Not applicable"}
STATUS_VALUES = {"met": 1.0, "partly": 0.5, "not_met": 0.0}
ALL_REGIMES = "all"
SCORE_FORMULA = ("100 x sum(weight x value) / sum(weight) over answered items "
                 "(met = 1, partly met = 0.5, not met = 0; unknown and not applicable left out)")
COVERAGE_FORMULA = ("100 x sum(weight of answered items) / sum(weight of applicable items) "
                    "(unknown items count as not answered; not applicable items leave the checklist)")


@dataclass(frozen=True)
class ChecklistItem:
    id: str
    area: str
    section: str
    question: str
    guidance: str
    weight: int
    met: str
    partly: str
    not_met: str
    allow_na: bool
    severity: Severity
    finding_code: str
    recommendation_code: str
    regimes: tuple[str, ...]

    def applies_to(self, regimes: Iterable[str]) -> bool:
        """Whether the item belongs to the checklist of a workspace under ``regimes``."""
        return not self.regimes or ALL_REGIMES in self.regimes or bool(set(self.regimes) & set(regimes))

    def statuses(self) -> tuple[str, ...]:
        """The answers this item offers, in the order a screen shows them."""
        return tuple(s for s in STATUSES if (s != "partly" or self.partly) and (s != "na" or self.allow_na))

    def answer_label(self, status: str) -> str:
        """The item's own wording of a status ("Yes, every original goal is still pursued")."""
        own = {"met": self.met, "partly": self.partly, "not_met": self.not_met}.get(status)
        return own or STATUS_LABELS[status]


@dataclass(frozen=True)
class Answer:
    """One checklist item's answer, whatever stored it."""

    item_id: str
    status: str = "unknown"
    evidence: str = ""
    owner: str = ""


def _item(row: dict[str, str], line: int) -> ChecklistItem:
    try:
        item = ChecklistItem(
            id=row["id"], area=row["area"], section=row["section"], question=row["question"],
            guidance=row["guidance"], weight=int(row["weight"]), met=row["met"], partly=row["partly"],
            not_met=row["not_met"], allow_na=row["allow_na"] == "yes", severity=Severity(row["severity"]),
            finding_code=row["finding_code"], recommendation_code=row["recommendation_code"],
            regimes=tuple(row["regimes"].split()),
        )
    except (KeyError, ValueError) as error:
        raise ValueError(f"{ITEMS_FILE} line {line}: {error}") from error
    prefix = AREA_CODES.get(item.area, "?") + "."
    if item.area not in AREAS or not 1 <= item.weight <= 3 or not item.finding_code.startswith(prefix):
        raise ValueError(f"{ITEMS_FILE} line {line}: bad area, weight or finding code for {item.id}")
    return item


@lru_cache(maxsize=1)
def all_items() -> tuple[ChecklistItem, ...]:
    """Every item of every checklist, validated once."""
    text = (resources.files("crm_core") / "data" / ITEMS_FILE).read_text(encoding="utf-8")
    items = tuple(_item(row, line) for line, row in enumerate(csv.DictReader(text.splitlines()), start=2))
    if len({i.id for i in items}) != len(items) or len({i.finding_code for i in items}) != len(items):
        raise ValueError(f"{ITEMS_FILE}: item ids and finding codes must be unique")
    return items


def checklist_items(area: str, regimes: Iterable[str] = ()) -> tuple[ChecklistItem, ...]:
    """The items of one area's checklist (compliance: those of the chosen ``regimes``)."""
    if area not in AREAS:
        raise CrmCoreError(f"'{area}' is not a checklist: use one of {', '.join(AREAS)}.")
    chosen = tuple(regimes)
    return tuple(item for item in all_items() if item.area == area and item.applies_to(chosen))


def item_by_id(item_id: str) -> ChecklistItem | None:
    return next((item for item in all_items() if item.id == item_id), None)


def require_status(item: ChecklistItem, status: str) -> str:
    """``status`` when the item offers it, else a sentence naming the choices."""
    if status not in item.statuses():
        choices = ", ".join(STATUS_LABELS[s].lower() for s in item.statuses())
        raise CrmCoreError(f"'{status}' is not an answer to this item: choose {choices}.")
    return status


def score_checklist(area: str, items: Sequence[ChecklistItem], answers: Mapping[str, Answer]) -> AuditResult:
    """Scores (``<area>_checklist`` and ``<area>_coverage``) and one finding per item not met.

    ``answers`` maps item id to its answer; items without one are unknown.
    """
    status = {item.id: answers[item.id].status if item.id in answers else "unknown" for item in items}
    applicable = [item for item in items if status[item.id] != "na"]
    answered = [item for item in applicable if status[item.id] in STATUS_VALUES]
    answered_weight = sum(item.weight for item in answered)
    applicable_weight = sum(item.weight for item in applicable)
    scores = []
    if answered:
        value = 100 * sum(item.weight * STATUS_VALUES[status[item.id]] for item in answered) / answered_weight
        scores.append(Score(f"{area}_checklist", round(value, 1), SCORE_FORMULA, len(answered)))
    coverage = 100 * answered_weight / applicable_weight if applicable_weight else 0.0
    scores.append(Score(f"{area}_coverage", round(coverage, 1), COVERAGE_FORMULA, len(applicable)))
    findings = [_finding(item, status[item.id], answers.get(item.id)) for item in answered
                if status[item.id] in ("not_met", "partly")]
    unknown = [item for item in applicable if status[item.id] == "unknown"]
    if unknown:
        findings.append(Finding(
            f"{AREA_CODES[area]}.CHECKLIST_UNANSWERED", Severity.INFO,
            f"{len(unknown)} of {len(applicable)} checklist items are not answered yet", len(unknown),
            evidence={"unknown": len(unknown), "applicable": len(applicable), "coverage_pct": round(coverage, 1)},
            example_ids=tuple(item.id for item in unknown[:5]),
            detail="Unknown answers do not lower the score, but the score only describes the part that is known.",
        ))
    return AuditResult(area=area, scores=tuple(scores), findings=tuple(findings))


def _finding(item: ChecklistItem, status: str, answer: Answer | None) -> Finding:
    severity = item.severity if status == "not_met" else list(Severity)[min(item.severity.rank + 1, len(Severity) - 1)]
    note = f" Evidence: {answer.evidence}" if answer and answer.evidence else ""
    owner = f" Owner: {answer.owner}." if answer and answer.owner else ""
    return Finding(
        item.finding_code, severity, f"{STATUS_LABELS[status]}: {item.question.rstrip('.')}", 1,
        evidence={"item": item.id, "answer": item.answer_label(status), "weight": item.weight},
        example_ids=(item.id,), recommendation_code=item.recommendation_code,
        detail=f"Answered '{item.answer_label(status)}'.{note}{owner}".strip(),
    )


def merge_results(area: str, *results: AuditResult) -> AuditResult:
    """One area's result from several parts (checklist, data checks): scores, findings and issues."""
    issues = [r.issues for r in results if len(r.issues)]
    return AuditResult(
        area=area,
        scores=tuple(score for result in results for score in result.scores),
        findings=tuple(finding for result in results for finding in result.findings),
        issues=pd.concat(issues, ignore_index=True) if issues else empty_issues(),
    )
