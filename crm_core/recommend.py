"""Findings -> ranked recommendations, with people's decisions laid over them.

Each finding gets the recommendation of the most specific rule in
``data/recommendation_rules.toml`` (a data table: code, prefix or pattern -> template): a
title, a rationale quoting the finding's own numbers, action steps, a default priority
(essential when the problem hurts operations now, important, desirable; a critical finding is
always essential), impact and effort from 1 to 5, an owner and the success conditions it
serves. A few standing recommendations (a five-year plan, the quarterly re-audit) are part of
every plan, and teams add their own (``ManualRecommendation``).

A recommendation's ``key`` is stable: its finding code (``MANUAL.<hex>`` for a manual one,
``PLAN.*`` for a standing one). People's choices (priority, owner, due date, status) are stored
by key (:class:`Decision`), so re-running the audits updates the numbers and keeps the choices.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from fnmatch import fnmatchcase
from functools import lru_cache
from importlib import resources

import pandas as pd

from crm_core.audit.checklists import item_by_id
from crm_core.findings import AuditResult, Finding, Severity

PRIORITIES = ("essential", "important", "desirable")
PRIORITY_LABELS = {"essential": "Essential", "important": "Important", "desirable": "Desirable"}
PRIORITY_MEANING = {
    "essential": "hurts operations now (broken integrations, unsorted data, consent violations)",
    "important": "holds back the goals; fix within the quarter",
    "desirable": "an improvement worth planning",
}
CONDITIONS = ("transparency", "actionability", "credibility")
CONDITION_TEXT = {
    "transparency": "everyone sees real-time customer activity in the CRM",
    "actionability": "teams have goals, owners and actions assigned",
    "credibility": "everyone believes the data",
}
STATUSES = ("open", "in_progress", "done", "dismissed")
STATUS_LABELS = {"open": "Not started", "in_progress": "In progress", "done": "Done", "dismissed": "Won't do"}
RULES_FILE = "recommendation_rules.toml"
QUICK_WIN_IMPACT, QUICK_WIN_EFFORT = 4, 2  # impact and effort are 1-5
SEVERITY_ORDER = tuple(s.value for s in Severity)  # critical first
MAIN_LIST = 15  # recommendations in the main list; the rest go to the appendix
ENTITY_WORDS = ("contacts", "accounts", "deals", "users", "activities", "tickets")


@dataclass(frozen=True)
class Rule:
    match: str
    title: str
    why: str
    actions: tuple[str, ...]
    priority: str
    impact: int
    effort: int
    owner: str
    serves: tuple[str, ...]
    rationale: str = ""
    include_info: bool = False
    key: str = ""  # standing recommendations only
    area: str = ""
    horizon: str = ""

    @property
    def pattern(self) -> str:
        return self.match + "*" if self.match.endswith((".", "_")) else self.match

    @property
    def specificity(self) -> int:
        return len(self.match.replace("*", ""))

    def matches(self, code: str) -> bool:
        return fnmatchcase(code, self.pattern)


@lru_cache(maxsize=1)
def load_rules() -> tuple[tuple[Rule, ...], tuple[Rule, ...]]:
    """(finding rules, standing recommendations) from the rules file."""
    text = resources.files("crm_core.data").joinpath(RULES_FILE).read_text(encoding="utf-8")
    data = tomllib.loads(text)

    def rule(entry: dict) -> Rule:
        values = {**entry, "actions": tuple(entry["actions"]), "serves": tuple(entry["serves"])}
        values.setdefault("why", "")
        values.setdefault("match", entry.get("key", ""))
        return Rule(**values)

    return tuple(rule(e) for e in data["rule"]), tuple(rule(e) for e in data.get("standing", ()))


def rule_for(code: str) -> Rule | None:
    """The most specific rule matching ``code`` (an exact code beats a prefix)."""
    found = [rule for rule in load_rules()[0] if rule.matches(code)]
    return max(found, key=lambda r: (r.specificity, "*" not in r.pattern)) if found else None


@dataclass(frozen=True)
class Decision:
    """A person's choices for one recommendation; empty ``priority``/``owner`` keep the rule's."""

    rec_key: str
    priority: str = ""
    owner: str = ""
    due_date: date | None = None
    status: str = "open"


@dataclass(frozen=True)
class Recommendation:
    key: str
    area: str
    title: str
    rationale: str
    actions: tuple[str, ...]
    priority: str
    impact: int
    effort: int
    owner: str
    serves: tuple[str, ...]
    default_priority: str = ""
    default_owner: str = ""
    due_date: date | None = None
    status: str = "open"
    severity: str = ""
    finding_codes: tuple[str, ...] = ()
    goal_ids: tuple[str, ...] = ()
    root_cause_ids: tuple[str, ...] = ()
    manual: bool = False
    horizon: str = ""  # a standing recommendation's fixed roadmap lane
    why: str = ""

    @property
    def quick_win(self) -> bool:
        """High impact for low effort on something the audit measured: a recommendation that
        answers findings, impact 4 or more, effort 2 or less."""
        return bool(self.finding_codes) and self.impact >= QUICK_WIN_IMPACT and self.effort <= QUICK_WIN_EFFORT

    @property
    def severity_rank(self) -> int:
        """0 for critical findings down to 4 for informational ones; a recommendation without a
        finding (standing or typed in) ranks by its priority: essential as high, important as
        medium, desirable as low."""
        if self.severity in SEVERITY_ORDER:
            return SEVERITY_ORDER.index(self.severity)
        return {"essential": 1, "important": 2, "desirable": 3}.get(self.priority, 3)

    @property
    def priority_rank(self) -> int:
        return PRIORITIES.index(self.priority) if self.priority in PRIORITIES else len(PRIORITIES)


# --- filling a template from a finding ---------------------------------------------------------


def _number(key: str, value: object) -> str:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, float) and ("share" in key or "rate" in key) and 0 <= value <= 1:
        return f"{value:.1%}"
    if isinstance(value, float) and not value.is_integer():
        return f"{value:,.2f}" if abs(value) < 10 else f"{value:,.0f}"
    return f"{int(value):,}"


def _join(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


def finding_facts(finding: Finding) -> dict[str, str]:
    """The values a template can quote: count, title, detail, entities, share_pct, every
    evidence key, and a checklist item's question, guidance and answer."""
    evidence = dict(finding.evidence)
    facts = {key: _number(key, value) for key, value in evidence.items()}
    counts = [f"{int(evidence[e]):,} {e}" for e in ENTITY_WORDS if isinstance(evidence.get(e), (int, float))]
    facts.update(count=f"{finding.affected_count:,}", title=finding.title.rstrip("."), detail=finding.detail,
                 entities=_join(counts) if counts else f"{finding.affected_count:,} records",
                 by_entity=f" ({_join(counts)})" if len(counts) > 1 else "")
    if isinstance(evidence.get("share"), (int, float)):
        facts["share_pct"] = f"{float(evidence['share']):.1%}"
    item = item_by_id(str(evidence.get("item", ""))) if "item" in evidence else None
    if item is not None:
        facts.update(question=item.question.rstrip("."), guidance=item.guidance, answer=str(evidence.get("answer", "")))
    return facts


def _fill(template: str, facts: Mapping[str, str]) -> str | None:
    try:
        return template.format_map(facts)
    except (KeyError, ValueError, IndexError, AttributeError):
        return None


def recommend_for(finding: Finding, area: str | None = None) -> Recommendation | None:
    """The default recommendation for one finding, or None when no rule covers it (or it is
    informational and its rule does not ask to include those)."""
    rule = rule_for(finding.code)
    if rule is None or (finding.severity == Severity.INFO and not rule.include_info):
        return None
    facts = finding_facts(finding)
    fallback = f"{facts['title']} ({facts['count']} affected). {rule.why}".strip()
    rationale = _fill(rule.rationale, facts) if rule.rationale else None
    rationale = f"{rationale} {rule.why}".strip() if rationale else fallback
    title = _fill(rule.title, facts) or _fill(rule.title, {**facts, "question": facts["title"]}) or finding.title
    actions = tuple(filter(None, (_fill(step, facts) for step in rule.actions)))
    priority = "essential" if finding.severity == Severity.CRITICAL else rule.priority
    return Recommendation(
        key=finding.code, area=area or finding.area.lower(), title=title, rationale=rationale, actions=actions,
        priority=priority, impact=rule.impact, effort=rule.effort, owner=rule.owner, serves=rule.serves,
        default_priority=priority, default_owner=rule.owner, severity=finding.severity.value,
        finding_codes=(finding.code,), why=rule.why,
    )


def standing_recommendations(facts: Mapping[str, str]) -> list[Recommendation]:
    """The recommendations every plan holds; ``facts`` fills their rationale (overall, findings)."""
    made = []
    for rule in load_rules()[1]:
        made.append(Recommendation(
            key=rule.key, area=rule.area, title=rule.title, rationale=_fill(rule.rationale, facts) or rule.why,
            actions=rule.actions, priority=rule.priority, impact=rule.impact, effort=rule.effort, owner=rule.owner,
            serves=rule.serves, default_priority=rule.priority, default_owner=rule.owner, horizon=rule.horizon,
            why=rule.why))
    return made


def standing_facts_for(audit: Mapping[str, AuditResult]) -> dict[str, str]:
    """The overall score and the number of findings, for the standing recommendations."""
    from crm_core.scorecard import BAND_LABELS, build_scorecard, overall_text

    scorecard = build_scorecard(audit)
    overall = scorecard.overall
    findings = sum(1 for result in audit.values() for f in result.findings if f.severity != Severity.INFO)
    score = f"{overall_text(scorecard)} ({BAND_LABELS[overall.band].lower()})" if overall.value is not None \
        else "not measured yet"
    return {"overall": score, "findings": f"{findings:,}"}


def manual_recommendation(row) -> Recommendation:
    """A ``ManualRecommendation`` row as a recommendation."""
    serves = tuple(c for c in str(row.serves).split() if c in CONDITIONS)
    priority = row.priority if row.priority in PRIORITIES else "important"
    return Recommendation(
        key=row.rec_key, area=row.area or "other", title=row.title, rationale=row.rationale,
        actions=tuple(line.strip() for line in str(row.actions).splitlines() if line.strip()), priority=priority,
        impact=int(row.impact), effort=int(row.effort), owner=row.owner, serves=serves, default_priority=priority,
        default_owner=row.owner, manual=True)


def apply_decision(rec: Recommendation, decision: Decision | None) -> Recommendation:
    """The recommendation as the people decided it (priority, owner, due date, status)."""
    if decision is None:
        return rec
    return replace(
        rec,
        priority=decision.priority if decision.priority in PRIORITIES else rec.default_priority,
        owner=decision.owner.strip() or rec.default_owner,
        due_date=decision.due_date,
        status=decision.status if decision.status in STATUSES else "open",
    )


def sort_key(rec: Recommendation) -> tuple:
    """The worst finding first (a critical finding always outranks a medium one), then the
    priority people gave, then impact (high first) and effort (low first)."""
    return (rec.severity_rank, rec.priority_rank, -rec.impact, rec.effort, rec.key)


def main_and_appendix(recs: Sequence[Recommendation], size: int = MAIN_LIST
                      ) -> tuple[list[Recommendation], list[Recommendation]]:
    """(the main list, the rest for the appendix), ranked as given."""
    return list(recs[:size]), list(recs[size:])


_PLACEHOLDERS = re.compile(r"\s*(?::\s*)?\{(?:title|question)\}|\s*\(\{count\}\)|\{count\}\s*")


def _merged(findings: Sequence[Finding], area: str) -> Recommendation | None:
    """One recommendation for several findings one rule answers (five kinds of sensitive value
    in notes are one clean-up), led by the worst of them, listing them all."""
    first = recommend_for(findings[0], area)
    if first is None or len(findings) == 1:
        return first
    rule = rule_for(findings[0].code)
    title = _PLACEHOLDERS.sub("", rule.title).strip() if "{" in rule.title else first.title
    listed = "; ".join(f"{f.title} ({f.affected_count:,})" if f.affected_count and f"{f.affected_count:,}" not in f.title
                       else f.title for f in findings)  # a title that states its count is not given it twice
    return replace(first, title=title, rationale=f"{len(findings)} findings: {listed}. {rule.why}".strip(),
                   finding_codes=tuple(f.code for f in findings))


@dataclass(frozen=True)
class Links:
    goals: dict[str, tuple[str, ...]] = field(default_factory=dict)  # rec key -> goal ids
    root_causes: dict[str, tuple[str, ...]] = field(default_factory=dict)  # rec key -> why node ids


def build_recommendations(
    audit: Mapping[str, AuditResult],
    *,
    decisions: Mapping[str, Decision] | None = None,
    manual: Sequence = (),
    links: Links | None = None,
    standing_facts: Mapping[str, str] | None = None,
    include_dismissed: bool = False,
) -> list[Recommendation]:
    """Every recommendation of the workspace, decided and ranked (see :func:`sort_key`)."""
    decisions, links = decisions or {}, links or Links()
    made: dict[str, Recommendation] = {}
    for area, result in audit.items():
        by_rule: dict[Rule, list[Finding]] = {}
        for finding in result.findings:  # worst first: the first of a group leads it
            rule = rule_for(finding.code)
            if rule is not None and (finding.severity != Severity.INFO or rule.include_info):
                by_rule.setdefault(rule, []).append(finding)
        for findings in by_rule.values():
            rec = _merged(findings, area)
            if rec is not None and rec.key not in made:
                made[rec.key] = rec
    for rec in [*standing_recommendations(standing_facts or standing_facts_for(audit)),
                *(manual_recommendation(row) for row in manual)]:
        made.setdefault(rec.key, rec)
    def decision_for(key: str, rec: Recommendation) -> Decision | None:  # a merged one keeps its findings' own
        return decisions.get(key) or next((decisions[c] for c in rec.finding_codes if c in decisions), None)

    def linked(chosen: Mapping[str, tuple[str, ...]], key: str, rec: Recommendation) -> tuple[str, ...]:
        """Links saved on the recommendation or on any finding merged into it, each once."""
        return tuple(dict.fromkeys(i for code in (key, *rec.finding_codes) for i in chosen.get(code, ())))

    decided = [replace(apply_decision(rec, decision_for(key, rec)), goal_ids=linked(links.goals, key, rec),
                       root_cause_ids=linked(links.root_causes, key, rec))
               for key, rec in made.items()]
    kept = [rec for rec in decided if include_dismissed or rec.status != "dismissed"]
    return sorted(kept, key=sort_key)


# --- the editable table of decisions -----------------------------------------------------------

DECISION_COLUMNS = ("key", "title", "priority", "owner", "due_date", "status")


def decision_table(recs: Sequence[Recommendation]) -> pd.DataFrame:
    """One row per recommendation with the editable columns :data:`DECISION_COLUMNS`."""
    return pd.DataFrame([{"key": r.key, "title": r.title, "priority": r.priority, "owner": r.owner,
                          "due_date": r.due_date, "status": r.status} for r in recs], columns=list(DECISION_COLUMNS))


def _day(value) -> date | None:
    if value is None or (not isinstance(value, date) and pd.isna(value)):
        return None
    return pd.Timestamp(value).date()


def decision_edits(before: pd.DataFrame, after: pd.DataFrame,
                   defaults: Mapping[str, Recommendation] | None = None) -> list[Decision]:
    """The decisions that changed between two :func:`decision_table` frames (matched by key).

    A priority or owner set back to the rule's default is stored empty, so a later change of
    the rule's default still reaches it.
    """
    defaults = defaults or {}
    old = before.set_index("key")
    changed = []
    for row in after.itertuples(index=False):
        if row.key not in old.index:
            continue
        was = old.loc[row.key]
        values = (str(row.priority or ""), str(row.owner or "").strip(), _day(row.due_date), str(row.status or "open"))
        if values == (str(was["priority"] or ""), str(was["owner"] or "").strip(), _day(was["due_date"]),
                      str(was["status"] or "open")):
            continue
        default = defaults.get(row.key)
        priority, owner, due, status = values
        if default is not None:
            priority = "" if priority == default.default_priority else priority
            owner = "" if owner == default.default_owner else owner
        changed.append(Decision(row.key, priority if priority in PRIORITIES or not priority else "", owner, due,
                                status if status in STATUSES else "open"))
    return changed
