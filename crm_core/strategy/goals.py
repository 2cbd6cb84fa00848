"""Reading a CRM goal the way the method does, and proposing a better wording for it.

A good goal names a metric, where it stands today (baseline), where it should be (target), by
when (deadline) and who owns it; it moves the metric the right way, by an amount that is
neither trivial nor implausible for the time given; and it says why it matters to customers.
:func:`review_goal` says in plain words what is missing and :func:`rewrite_goal` builds the
well-formed sentence from the goal's own numbers, e.g.
"Reduce churn rate from 8% to 6% (-25%) by 31 March 2027".
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import date

from crm_core.units import format_value
from crm_core.errors import CrmCoreError
from crm_core.findings import Severity
from crm_core.models import Goal, GoalCreate
from crm_core.strategy.departments import require_department
from crm_core.strategy.kpis import INTENTS, KPI_BY_KEY, Direction, Kpi, find_kpi, mentioned_kpi

DAYS_PER_QUARTER = 365.25 / 4
UP_WORDS = frozenset({"increase", "grow", "raise", "boost", "double", "more", "higher", "expand", "gain"})
DOWN_WORDS = frozenset({"reduce", "cut", "decrease", "lower", "less", "shorten", "halve", "fewer", "drop"})
ABSOLUTE_WORDS = frozenset({"every", "all", "always", "never", "zero", "no more"})
_WORD = re.compile(r"[a-z]+(?:-[a-z]+)?")


@dataclass(frozen=True)
class ValidatorRanges:
    """How big a goal's change may be, as relative change per quarter of the time given.

    Linear, not compounded, so the rule is easy to explain in the room: -25% over two
    quarters is 12.5% per quarter. Defaults: below 2% per quarter is trivial, above 50% is
    implausible; each workspace may change them.
    """

    trivial_pct_per_quarter: float = 2.0
    implausible_pct_per_quarter: float = 50.0

    def __post_init__(self) -> None:
        low, high = self.trivial_pct_per_quarter, self.implausible_pct_per_quarter
        if not (math.isfinite(low) and math.isfinite(high)) or low < 0 or high <= low:
            raise CrmCoreError(
                "The trivial limit must be zero or more and below the implausible limit "
                f"(got {low:g}% and {high:g}% per quarter): adjust one of them."
            )


@dataclass(frozen=True)
class GoalIssue:
    code: str
    severity: Severity
    message: str


@dataclass(frozen=True)
class GoalReview:
    issues: tuple[GoalIssue, ...]
    rewrite: str

    @property
    def well_formed(self) -> bool:
        """No issue worse than low: the goal can be worked with as it stands."""
        return all(issue.severity.rank > Severity.MEDIUM.rank for issue in self.issues)

    def codes(self) -> set[str]:
        return {issue.code for issue in self.issues}


# --- input ----------------------------------------------------------------------------------


def clean_goal(data: GoalCreate) -> dict[str, object]:
    """The column values of a goal as typed, completed from the KPI catalogue, or a sentence.

    A catalogue metric brings its unit and intent when those were left empty.
    """
    values: dict[str, object] = {
        key: value.strip() if isinstance(value, str) else value for key, value in data.model_dump().items()
    }
    values["department"] = require_department(str(values["department"]))
    if not values["statement"] and not values["metric"]:
        raise CrmCoreError("Write the goal in the room's words or pick its metric: a goal needs at least one.")
    for name in ("baseline", "target"):
        number = values[name]
        if number is not None and not math.isfinite(float(number)):
            raise CrmCoreError(f"The {name} must be a number: type it without words or symbols.")
    kpi = find_kpi(str(values["metric"]))
    values["kpi_key"] = kpi.key if kpi else ""
    if kpi:
        values["metric"] = kpi.name
        values["unit"] = values["unit"] or kpi.unit
        values["intent"] = values["intent"] or kpi.intent
    if values["intent"] and values["intent"] not in INTENTS:
        raise CrmCoreError(f"'{values['intent']}' is not an intent: choose one of {', '.join(INTENTS)}.")
    return values


# --- reading a goal ---------------------------------------------------------------------------


def goal_kpi(goal: Goal) -> Kpi | None:
    """The catalogue KPI of a goal: chosen, named as its metric, or mentioned in its wording."""
    return KPI_BY_KEY.get(goal.kpi_key) or find_kpi(goal.metric) or mentioned_kpi(goal.statement)


def stated_direction(text: str) -> Direction | None:
    """Which way the wording wants the metric to move, from its verbs; None when unclear."""
    words = set(_WORD.findall(text.lower()))
    up, down = bool(words & UP_WORDS), bool(words & DOWN_WORDS)
    return "up" if up and not down else "down" if down and not up else None


def stated_change(text: str) -> float | None:
    """The relative change the wording names ("by 25%", "by half", "double"), signed by its verb.

    Percentages are read as relative change, not percentage points.
    """
    lowered = text.lower()
    match = re.search(r"\bby\s+(\d+(?:\.\d+)?)\s*(?:%|percent\b)", lowered)
    if match:
        size = float(match.group(1)) / 100
    elif re.search(r"\bby half\b|\bhalve\b|\bin half\b", lowered):
        size = 0.5
    elif re.search(r"\bdouble\b", lowered):
        size = 1.0
    else:
        return None
    direction = stated_direction(lowered)
    if direction is None:
        return None
    return size if direction == "up" else -size


def relative_change(baseline: float | None, target: float | None) -> float | None:
    """(target - baseline) / |baseline|; None when either is missing or the baseline is zero."""
    if baseline is None or target is None or baseline == 0:
        return None
    return (target - baseline) / abs(baseline)


def intended_direction(goal: Goal) -> Direction | None:
    """Which way is good for this goal: the KPI's own direction, else the wording's verb."""
    kpi = goal_kpi(goal)
    return kpi.direction if kpi else stated_direction(goal.statement)


def review_goal(goal: Goal, *, today: date, ranges: ValidatorRanges = ValidatorRanges()) -> GoalReview:
    """Every problem the method would point out, worst first, and the proposed rewrite."""
    issues = [*_missing_parts(goal), *_wording_problems(goal), *_direction_and_size(goal, today, ranges)]
    if not goal.why.strip():
        issues.append(GoalIssue("GOAL.NO_WHY", Severity.LOW,
                                "Add a short 'why' about the customer: what gets better for them when this is met?"))
    if not goal.agreed_by.strip() and not goal.is_original:
        issues.append(GoalIssue("GOAL.NOT_AGREED", Severity.INFO,
                                "The group has not agreed the target yet: collect proposals and record the agreement."))
    issues.sort(key=lambda issue: issue.severity.rank)
    return GoalReview(tuple(issues), rewrite_goal(goal))


# What each missing part asks the room, in the order a goal is read.
PART_QUESTIONS = {
    "metric": "which number shows progress",
    "baseline": "where it stands today",
    "target": "where it should be",
    "deadline": "by when",
    "owner": "who answers for it",
}


def missing_parts(goal: Goal) -> tuple[str, ...]:
    """Which of metric, baseline, target, deadline and owner the goal lacks."""
    present = {
        "metric": bool(goal.metric.strip()),
        "baseline": goal.baseline is not None,
        "target": goal.target is not None,
        "deadline": goal.deadline is not None,
        "owner": bool(goal.owner.strip()),
    }
    return tuple(part for part in PART_QUESTIONS if not present[part])


def _missing_parts(goal: Goal) -> list[GoalIssue]:
    """One sentence for everything missing, so a half-typed goal is one line, not five.

    Missing only the owner is medium; missing any number or the date is high.
    """
    missing = missing_parts(goal)
    if not missing:
        return []
    message = (f"Missing {_join(['the ' + part for part in missing])}: "
               f"say {_join([PART_QUESTIONS[part] for part in missing])}.")
    change = stated_change(goal.statement)
    if "target" in missing and change is not None and goal.baseline not in (None, 0):
        proposed = goal.baseline * (1 + change)
        message += (f" The wording says {_percent(change)}: from {format_value(goal.baseline, goal.unit)} "
                    f"that is {format_value(proposed, goal.unit)}.")
    severity = Severity.MEDIUM if missing == ("owner",) else Severity.HIGH
    return [GoalIssue("GOAL.INCOMPLETE", severity, message)]


def _join(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _wording_problems(goal: Goal) -> list[GoalIssue]:
    statement = goal.statement.strip()
    if not statement or re.search(r"\d", statement) or stated_change(statement) is not None:
        return []  # a number, or a change in words ("double", "by half"), is not vague
    lowered = f" {statement.lower()} "
    absolute = sorted(word for word in ABSOLUTE_WORDS if f" {word} " in lowered)
    if absolute:
        message = (f"'{statement}' sets an absolute ('{absolute[0]}') that no team can plan for: "
                   "choose a rate the team can move, from where it is today.")
    else:
        message = f"'{statement}' is a wish, not a goal: it has no number, no deadline and no plan."
    return [GoalIssue("GOAL.VAGUE", Severity.MEDIUM, message)]


def _direction_and_size(goal: Goal, today: date, ranges: ValidatorRanges) -> list[GoalIssue]:
    issues: list[GoalIssue] = []
    if goal.deadline is not None and goal.deadline <= today:
        issues.append(GoalIssue("GOAL.DEADLINE_PASSED", Severity.MEDIUM,
                                f"The deadline ({format_day(goal.deadline)}) has passed: set a new one or "
                                "close the goal."))
    if goal.baseline is None or goal.target is None:
        return issues
    if goal.target == goal.baseline:
        return [*issues, GoalIssue("GOAL.NO_CHANGE", Severity.HIGH,
                                   "The target equals the baseline: say how far the metric should move.")]
    moving = "up" if goal.target > goal.baseline else "down"
    wanted = intended_direction(goal)
    if wanted is not None and moving != wanted:
        better, side = ("goes down", "below") if wanted == "down" else ("goes up", "above")
        issues.append(GoalIssue(
            "GOAL.WRONG_DIRECTION", Severity.HIGH,
            f"{goal.metric or 'This metric'} is better when it {better}, but the target "
            f"({format_value(goal.target, goal.unit)}) is on the other side of the baseline "
            f"({format_value(goal.baseline, goal.unit)}): did you mean a target {side} it?"))
    change = relative_change(goal.baseline, goal.target)
    if change is None or goal.deadline is None or goal.deadline <= today:
        return issues
    quarters = (goal.deadline - today).days / DAYS_PER_QUARTER
    per_quarter = abs(change) * 100 / quarters
    given = f"{_percent(change)} in {quarters:.1f} quarters is {per_quarter:.1f}% per quarter"
    if per_quarter < ranges.trivial_pct_per_quarter:
        issues.append(GoalIssue("GOAL.TRIVIAL", Severity.MEDIUM,
                                f"{given}: below {ranges.trivial_pct_per_quarter:g}% per quarter this is hardly a "
                                "stretch. Aim higher or bring the deadline forward."))
    elif per_quarter > ranges.implausible_pct_per_quarter:
        issues.append(GoalIssue("GOAL.IMPLAUSIBLE", Severity.MEDIUM,
                                f"{given}: above {ranges.implausible_pct_per_quarter:g}% per quarter this is "
                                "unlikely to be reached. Lower the target or allow more time."))
    return issues


# --- the rewrite --------------------------------------------------------------------------------


def rewrite_goal(goal: Goal) -> str:
    """The goal as one well-formed sentence; what is unknown stays as a [placeholder]."""
    target = goal.target
    if target is None and goal.baseline not in (None, 0):
        change = stated_change(goal.statement)
        target = goal.baseline * (1 + change) if change is not None else None
    kpi = goal_kpi(goal)
    metric = goal.metric.strip() or (kpi.name if kpi else "")
    unit = goal.unit or (kpi.unit if kpi else "")
    if goal.baseline is not None and target is not None and target != goal.baseline:
        verb = "Reduce" if target < goal.baseline else "Increase"
    else:
        direction = stated_direction(goal.statement) or (kpi.direction if kpi else None)
        verb = {"up": "Increase", "down": "Reduce"}.get(direction or "", "Move")
    baseline_text = format_value(goal.baseline, unit) if goal.baseline is not None else "[today's value]"
    target_text = format_value(target, unit) if target is not None else "[target]"
    change = relative_change(goal.baseline, target)
    change_text = f" ({_percent(change)})" if change is not None else ""
    deadline = format_day(goal.deadline) if goal.deadline else "[date]"
    metric_text = in_sentence(metric) or "[metric]"
    return f"{verb} {metric_text} from {baseline_text} to {target_text}{change_text} by {deadline}"


def in_sentence(name: str) -> str:
    """A metric name as it reads mid-sentence: "Churn rate" -> "churn rate", "NPS" stays."""
    words = name.split()
    if not words or not words[0][:1].isupper() or words[0].isupper():
        return name
    if any(word[:1].isupper() for word in words[1:] if not word.startswith("(")):
        return name
    return words[0][:1].lower() + name[1:]


def format_day(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


def _percent(change: float) -> str:
    """A signed relative change as a short percentage: -0.25 -> "-25%", 0.125 -> "+12.5%"."""
    text = f"{change * 100:+.1f}".rstrip("0").rstrip(".")
    return f"{text}%"
