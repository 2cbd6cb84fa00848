"""Do the departments' goals line up along the funnel, and with what the CRM was bought for?

Marketing generates leads, sales converts them, support keeps the customers. This module
reads the goals and lists every misalignment as an :class:`AlignmentIssue`, each of which the
room can record as a gap for the 5-whys analysis:

- a department with no goal today, or with goals none of which serves its funnel stage;
- two goals that pull against each other: the same metric pushed both ways or given two
  different targets, or a known tension between two KPIs (see :data:`TENSIONS`);
- the CRM's original goals against today's: an original goal no team pursues any more, one
  pursued the other way round, and a goal today the CRM was not set up for.

Only goals marked "original" take part in the last comparison; all others are today's goals.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import combinations

from crm_core.models import Gap, GapCreate, Goal
from crm_core.strategy.departments import DEPARTMENTS, department_label
from crm_core.strategy.goals import goal_kpi, in_sentence, rewrite_goal
from crm_core.strategy.kpis import INTENT_LABELS

ORIGIN_PREFIX = "alignment:"
TWO_TARGETS_TOLERANCE = 0.10  # two targets for one metric differ when more than 10% apart


@dataclass(frozen=True)
class FunnelStage:
    department: str
    purpose: str
    intents: frozenset[str]
    lifecycle_stage: str


FUNNEL: tuple[FunnelStage, ...] = (
    FunnelStage("marketing", "Lead generation", frozenset({"leads", "cost"}), "awareness"),
    FunnelStage("sales", "Conversion", frozenset({"sales", "efficiency"}), "decision"),
    FunnelStage("support", "Retention", frozenset({"churn", "satisfaction", "growth"}), "growth"),
)
DEPARTMENT_STAGE = {stage.department: stage.lifecycle_stage for stage in FUNNEL} | {"management": "decision"}
INTENT_STAGE = {"leads": "awareness", "cost": "consideration", "efficiency": "decision", "sales": "decision",
                "churn": "growth", "growth": "growth", "satisfaction": "advocacy"}


@dataclass(frozen=True)
class Tension:
    first: frozenset[str]
    second: frozenset[str]
    why: str


# Only tensions that hold in almost every business: flagging every pair of goals that might
# compete would bury the real conflicts.
TENSIONS: tuple[Tension, ...] = (
    Tension(frozenset({"qualified_leads"}), frozenset({"conversion_rate"}),
            "more leads usually lowers the share that converts, unless both teams agree what a qualified lead is"),
    Tension(frozenset({"cac"}), frozenset({"qualified_leads"}),
            "spending less per customer while asking for many more leads pulls one budget two ways"),
)


@dataclass(frozen=True)
class AlignmentIssue:
    kind: str
    title: str
    detail: str
    stage: str
    departments: tuple[str, ...]
    department: str = ""
    goal_id: str | None = None
    other_goal_id: str | None = None

    @property
    def origin(self) -> str:
        return ORIGIN_PREFIX + self.kind

    @property
    def key(self) -> tuple[str, str, str | None, str | None]:
        return (self.origin, self.department, self.goal_id, self.other_goal_id)

    def as_gap(self) -> GapCreate:
        """The gap to analyse: today is the issue as found, the wanted state is what settles it."""
        label = department_label(self.department) if self.department else "Each team"
        return GapCreate(title=self.title[:200], current_experience=self.detail,
                         desired_experience=DESIRED[self.kind].format(team=label), stage=self.stage,
                         departments=list(self.departments), evidence="Found by the goal alignment view.")


# What settles each kind of misalignment, as the "wanted" side of the gap it becomes.
DESIRED = {
    "no_goal": "{team} has an agreed goal the CRM tracks, with a baseline, a target and a deadline.",
    "off_stage": "{team} has a goal for its own part of the funnel.",
    "conflict": "The teams agree targets that add up instead of pulling against each other.",
    "original_dropped": "A team takes this goal on again, or the group agrees to retire it.",
    "original_reversed": "The group agrees which way this metric should move.",
    "not_in_original": "The CRM records what this goal needs, or the group decides to measure it elsewhere.",
}


def gap_key(gap: Gap) -> tuple[str, str, str | None, str | None]:
    """The key of the alignment issue a gap was recorded from (compare with ``issue.key``)."""
    return (gap.origin, gap.origin_department, gap.goal_id, gap.other_goal_id)


def recorded_gaps(issues: Iterable[AlignmentIssue], gaps: Iterable[Gap]) -> dict[tuple, Gap]:
    """The gap already recorded for each issue, by issue key."""
    by_key = {gap_key(gap): gap for gap in gaps if gap.origin.startswith(ORIGIN_PREFIX)}
    return {issue.key: by_key[issue.key] for issue in issues if issue.key in by_key}


@dataclass(frozen=True)
class FunnelRow:
    stage: FunnelStage
    goals: tuple[Goal, ...]  # today's goals of the department serving its stage
    other_goals: tuple[Goal, ...]  # today's goals of the department for other purposes


def funnel_coverage(goals: Sequence[Goal]) -> list[FunnelRow]:
    today = [goal for goal in goals if not goal.is_original]
    rows = []
    for stage in FUNNEL:
        own = [goal for goal in today if goal.department == stage.department]
        serving = tuple(goal for goal in own if goal_intent(goal) in stage.intents)
        rows.append(FunnelRow(stage, serving, tuple(goal for goal in own if goal not in serving)))
    return rows


def goal_intent(goal: Goal) -> str:
    kpi = goal_kpi(goal)
    return goal.intent or (kpi.intent if kpi else "")


def metric_identity(goal: Goal) -> str:
    """What a goal measures, comparable across goals: its KPI key, else its metric's words."""
    kpi = goal_kpi(goal)
    if kpi:
        return kpi.key
    return " ".join(re.findall(r"[a-z0-9]+", goal.metric.lower()))


def moves(goal: Goal) -> str | None:
    """"up" or "down" from the goal's own numbers; None until both are typed."""
    if goal.baseline is None or goal.target is None or goal.target == goal.baseline:
        return None
    return "up" if goal.target > goal.baseline else "down"


def find_alignment_issues(goals: Sequence[Goal]) -> list[AlignmentIssue]:
    """Every misalignment, in the order the room reads them: coverage, conflicts, history."""
    today = [goal for goal in goals if not goal.is_original]
    original = [goal for goal in goals if goal.is_original]
    return [*_coverage_issues(today), *_conflicts(today), *_history(original, today)]


def _name(goal: Goal) -> str:
    """"the sales goal 'Raise the conversion rate'": whose goal, in its own words."""
    return f"the {department_label(goal.department).lower()} goal '{goal.statement or rewrite_goal(goal)}'"


def _coverage_issues(today: list[Goal]) -> list[AlignmentIssue]:
    issues = []
    for department in DEPARTMENTS:
        if not any(goal.department == department for goal in today):
            label = department_label(department)
            issues.append(AlignmentIssue(
                "no_goal", f"{label} has no goal for the CRM",
                f"{label} works without a goal the CRM tracks, so nobody can tell whether the CRM helps it.",
                DEPARTMENT_STAGE[department], (department,), department=department))
    for row in funnel_coverage(today):
        if row.other_goals and not row.goals:
            label = department_label(row.stage.department)
            issues.append(AlignmentIssue(
                "off_stage", f"{label}'s goals do not cover {row.stage.purpose.lower()}",
                f"{label} has goals, but none about {row.stage.purpose.lower()}, its part of the funnel.",
                row.stage.lifecycle_stage, (row.stage.department,), department=row.stage.department))
    return issues


def _conflicts(today: list[Goal]) -> list[AlignmentIssue]:
    issues = []
    for first, second in combinations(sorted(today, key=lambda g: g.id), 2):
        pair = (first.department, second.department) if first.department != second.department else (first.department,)
        stage = INTENT_STAGE.get(goal_intent(first), DEPARTMENT_STAGE.get(first.department, "decision"))
        reason = _pull(first, second)
        if reason:
            issues.append(AlignmentIssue(
                "conflict", f"Two goals pull against each other: {_short(first)} and {_short(second)}",
                _capitalised(f"{_name(first)} and {_name(second)}: {reason}."), stage, pair,
                goal_id=first.id, other_goal_id=second.id))
    return issues


def _pull(first: Goal, second: Goal) -> str | None:
    """Why two goals pull against each other, or None when they do not."""
    if metric_identity(first) and metric_identity(first) == metric_identity(second):
        if moves(first) and moves(second) and moves(first) != moves(second):
            return "they push the same metric in opposite directions"
        if first.target is not None and second.target is not None and first.target != second.target:
            larger = max(abs(first.target), abs(second.target))
            if larger and abs(first.target - second.target) / larger > TWO_TARGETS_TOLERANCE:
                return "they set two different targets for the same number"
        return None
    keys = {metric_identity(first), metric_identity(second)}
    for tension in TENSIONS:
        if any(k in tension.first for k in keys) and any(k in tension.second for k in keys):
            return tension.why
    return None


def _short(goal: Goal) -> str:
    """"the marketing goal on customer acquisition cost (CAC)": whose goal, on what."""
    kpi = goal_kpi(goal)
    metric = in_sentence(kpi.name if kpi else goal.metric or "an unnamed metric")
    return f"the {department_label(goal.department).lower()} goal on {metric}"


def _history(original: list[Goal], today: list[Goal]) -> list[AlignmentIssue]:
    if not original:
        return []
    issues = []
    today_by_metric: dict[str, list[Goal]] = {}
    for goal in today:
        today_by_metric.setdefault(metric_identity(goal), []).append(goal)
    for goal in original:
        if not metric_identity(goal):
            continue  # an original goal without a metric cannot be compared
        stage = INTENT_STAGE.get(goal_intent(goal), DEPARTMENT_STAGE.get(goal.department, "decision"))
        matches = today_by_metric.get(metric_identity(goal), [])
        if not matches:
            issues.append(AlignmentIssue(
                "original_dropped", f"Original CRM goal no longer pursued: {_short(goal)}",
                f"The CRM was set up for '{goal.statement or rewrite_goal(goal)}', but no team has a goal on "
                "this metric today.", stage, (goal.department,), department=goal.department, goal_id=goal.id))
        for match in matches:
            if moves(goal) and moves(match) and moves(goal) != moves(match):
                issues.append(AlignmentIssue(
                    "original_reversed", f"Today's goal reverses an original CRM goal: {_short(match)}",
                    f"The CRM was set up to move this metric {moves(goal)}; {_name(match)} moves it {moves(match)}.",
                    stage, tuple(sorted({goal.department, match.department}, key=DEPARTMENTS.index)),
                    goal_id=goal.id, other_goal_id=match.id))
    original_metrics = {metric_identity(goal) for goal in original}
    for goal in today:
        if metric_identity(goal) and metric_identity(goal) not in original_metrics:
            intent = INTENT_LABELS.get(goal_intent(goal), "this purpose").lower()
            issues.append(AlignmentIssue(
                "not_in_original", f"Goal the CRM was not set up for: {_short(goal)}",
                _capitalised(f"{_name(goal)} serves {intent}, which none of the CRM's original goals covered: "
                             "check the CRM records what it needs."),
                INTENT_STAGE.get(goal_intent(goal), DEPARTMENT_STAGE.get(goal.department, "decision")),
                (goal.department,), department=goal.department, goal_id=goal.id))
    return issues


def _capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]
