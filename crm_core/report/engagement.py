"""The strategy half of the report: what the CRM is for, who owns it and why it falls short.

:func:`build_engagement` turns the workspace's strategy rows (goals, stakeholders, RACI, the
primary-user diagnostic, the glossary, gaps with their trees of whys, and the workshop's dot
votes) into plain values every writer reads the same way: :class:`Engagement`. Everything here
is pure; ``crm_core.report.sources`` reads the rows in one short session.

Sections with nothing in them stay empty (``()``), and the writers leave them out.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

import pandas as pd

from crm_core.history import RunSnapshot, goal_kpi_key
from crm_core.models import Gap, GlossaryDefinition, GlossaryEntry, Goal, RaciAssignment, Stakeholder, WhyNode
from crm_core.strategy.alignment import find_alignment_issues
from crm_core.strategy.departments import DEPARTMENTS, department_label
from crm_core.strategy.diagnostic import diagnose_primary_user
from crm_core.strategy.gaps import STAGE_LABELS, gap_departments
from crm_core.strategy.glossary import definitions_by_term, find_glossary_flags
from crm_core.strategy.goals import format_day, rewrite_goal
from crm_core.strategy.kpis import KPI_BY_KEY, matches
from crm_core.strategy.raci import RESPONSIBILITIES, check_raci, parties_holding
from crm_core.strategy.stakeholders import BUY_IN_LABELS, in_order_of_importance, influence_interest_table, quadrant
from crm_core.strategy.whys import WhyTree
from crm_core.units import format_value, plural

# The story's chapters, in the order every format tells them.
PURPOSE = "What the CRM is for"
OWNERSHIP = "Who owns the CRM"
SHORTFALL = "Why it falls short"
# ... and their sections
ALIGNMENT_HEADING = "Where the teams' goals do not line up"
PRIMARY_USER_HEADING = "The CRM's primary user"
STAKEHOLDERS_HEADING = "Stakeholders, by influence and interest"
RACI_HEADING = "Who does what (RACI)"
GLOSSARY_HEADING = "Terms the teams define differently"
GOAL_HEADERS = ("Team", "Goal", "Metric", "Baseline", "Target", "Deadline", "Owner", "Progress")
STAKEHOLDER_HEADERS = ("#", "Name", "Role", "Team", "Influence", "Interest", "Where on the grid", "Buy-in")
RACI_HEADERS = ("Responsibility", "Accountable", "Responsible", "Consulted", "Informed")
NOBODY = "—"  # a RACI cell nobody holds

Measured = Mapping[str, tuple[float | None, str]]  # KPI key -> (value, how it was measured or why not)


@dataclass(frozen=True)
class StrategyRows:
    """What the room recorded, as read from the store (see ``crm_core.report.sources``)."""

    goals: Sequence[Goal] = ()
    stakeholders: Sequence[Stakeholder] = ()
    raci: Sequence[RaciAssignment] = ()
    symptoms: frozenset[str] = frozenset()
    glossary: tuple[Sequence[GlossaryEntry], Sequence[GlossaryDefinition]] = ((), ())
    gaps: Sequence[Gap] = ()
    whys: Sequence[WhyNode] = ()
    votes: Mapping[str, int] = field(default_factory=dict)  # vote target (gap:<id>, rec:<key>) -> dots
    voters: int = 0
    workshops: tuple[date, ...] = ()  # the day each workshop session was opened
    runs: Sequence[RunSnapshot] = ()  # earlier audit runs, oldest first, for progress since then


@dataclass(frozen=True)
class GoalLine:
    department: str
    title: str
    metric: str
    baseline: str
    baseline_note: str
    target: str
    deadline: str
    owner: str
    now: str  # today's value measured from the exports, or ""
    progress: str  # the value at the last quarter's run and now, or ""
    sentence: str  # the goal as one well-formed sentence
    original: bool

    @property
    def cells(self) -> tuple[str, ...]:
        """The goal's row under :data:`GOAL_HEADERS`."""
        baseline = f"{self.baseline} ({self.baseline_note})" if self.baseline_note else self.baseline
        progress = self.progress or (f"{self.now} now" if self.now else "not measured yet")
        return (self.department, self.title, self.metric or "not set", baseline, self.target, self.deadline,
                self.owner, progress)

    @property
    def numbers(self) -> str:
        """"12.5% → 15.0% by 31 March 2027"."""
        return f"{self.baseline} → {self.target} by {self.deadline}"

    @property
    def detail(self) -> str:
        """Metric, where the baseline came from, owner, and progress, in one line."""
        parts = [f"metric: {self.metric or 'not set'}"]
        if self.baseline_note:
            parts.append(f"baseline {self.baseline} {self.baseline_note}")
        if self.progress:
            parts.append(self.progress)
        elif self.now and self.now != self.baseline:
            parts.append(f"{self.now} now")
        parts.append(f"owner: {self.owner}")
        if self.original:
            parts.append("a goal the CRM was bought for")
        return "; ".join(parts)


@dataclass(frozen=True)
class StakeholderLine:
    number: int  # the person's number on the influence/interest grid
    name: str
    role: str
    department: str
    influence: int
    interest: int
    quadrant: str
    buy_in: str
    commitment: str


    @property
    def cells(self) -> tuple[str, ...]:
        """The person's row under :data:`STAKEHOLDER_HEADERS`."""
        return (str(self.number), self.name, self.role, self.department, f"{self.influence}/5", f"{self.interest}/5", self.quadrant,
                self.buy_in)


@dataclass(frozen=True)
class WhyLine:
    node_id: str
    parent_id: str | None
    answer: str
    level: int
    root_cause: bool


@dataclass(frozen=True)
class GapStory:
    gap_id: str
    title: str
    stage: str
    departments: str
    current: str
    desired: str
    evidence: str
    whys: tuple[WhyLine, ...]
    votes: int

    @property
    def root_causes(self) -> tuple[str, ...]:
        return tuple(why.answer for why in self.whys if why.root_cause)

    def chain_to(self, why: WhyLine) -> list[WhyLine]:
        """The answers from the first "why?" down to ``why``."""
        by_id = {w.node_id: w for w in self.whys}
        chain = [why]
        while chain[-1].parent_id in by_id and by_id[chain[-1].parent_id] not in chain:
            chain.append(by_id[chain[-1].parent_id])
        return chain[::-1]

    @property
    def where(self) -> str:
        """"Decision stage · Sales, Marketing · 5 votes"."""
        parts = [f"{self.stage} stage" if self.stage != "Stage not set" else self.stage]
        if self.departments:
            parts.append(self.departments)
        if self.votes:
            parts.append(f"{plural(self.votes, 'vote')} in the workshop")
        return " · ".join(parts)


@dataclass(frozen=True)
class Engagement:
    goals: tuple[GoalLine, ...] = ()
    alignment: tuple[str, ...] = ()
    stakeholders: tuple[StakeholderLine, ...] = ()
    stakeholder_grid: pd.DataFrame = field(default_factory=pd.DataFrame)
    raci: tuple[tuple[str, ...], ...] = ()  # one row per responsibility under RACI_HEADERS
    raci_issues: tuple[str, ...] = ()
    primary_user: str = ""  # the department that should own the CRM, and why
    glossary_conflicts: tuple[str, ...] = ()
    gaps: tuple[GapStory, ...] = ()
    rec_votes: Mapping[str, int] = field(default_factory=dict)  # recommendation key -> dots
    workshop: str = ""  # who voted, when

    @property
    def has_purpose(self) -> bool:
        return bool(self.goals or self.alignment)

    @property
    def has_ownership(self) -> bool:
        return bool(self.stakeholders or self.raci or self.primary_user or self.glossary_conflicts)

    def summary(self) -> tuple[str, ...]:
        """What the room decided, for the executive summary."""
        lines = []
        if self.goals:
            departments = len({g.department for g in self.goals})
            lines.append(f"The teams set {plural(len(self.goals), 'goal')} for the CRM across "
                         f"{plural(departments, 'department')}.")
        causes = sum(len(g.root_causes) for g in self.gaps)
        if self.gaps:
            lines.append(f"The room traced {plural(len(self.gaps), 'gap')} in the customer's experience to "
                         f"{plural(causes, 'root cause')}"
                         + (f"; most votes: '{self.voted[0][0]}' ({self.voted[0][1]})." if self.voted else "."))
        return tuple(lines)

    @property
    def voted(self) -> list[tuple[str, int]]:
        """(gap title, dots) for every gap the room voted on, most dots first."""
        return sorted(((g.title, g.votes) for g in self.gaps if g.votes), key=lambda row: -row[1])


def _goal_line(goal: Goal, measured: Measured, runs: Sequence[RunSnapshot], period: str) -> GoalLine:
    key = goal_kpi_key(goal)
    kpi = KPI_BY_KEY.get(key) if key else None
    unit = goal.unit or (kpi.unit if kpi else "")
    value, how = measured.get(key, (None, "")) if key else (None, "")
    note = ""
    if matches(goal.baseline, value):
        note = "measured from the exports"
    elif goal.baseline is not None:
        note = "entered by the team"
    measured_unit = kpi.unit if kpi else unit  # what the exports measure is in the catalogue's unit
    earlier = [run for run in runs if key and run.kpis.get(key) is not None and run.period != period]
    progress = ""
    if earlier and value is not None:
        last = earlier[-1]
        progress = (f"{format_value(last.kpis[key], measured_unit)} at the {last.period or 'previous'} audit, "
                    f"{format_value(value, measured_unit)} now")
    return GoalLine(
        department=department_label(goal.department), title=goal.statement or goal.metric or "Goal",
        metric=goal.metric or (kpi.name if kpi else ""),
        baseline=format_value(goal.baseline, unit) if goal.baseline is not None else "not set",
        baseline_note=note, target=format_value(goal.target, unit) if goal.target is not None else "not set",
        deadline=format_day(goal.deadline) if goal.deadline else "not set", owner=goal.owner or "not set",
        now=format_value(value, measured_unit) if value is not None else "", progress=progress,
        sentence=rewrite_goal(goal), original=goal.is_original)


def _gap_story(gap: Gap, nodes: Sequence[WhyNode], votes: Mapping[str, int]) -> GapStory:
    tree = WhyTree(node for node in nodes if node.gap_id == gap.id)
    whys = tuple(WhyLine(node.id, node.parent_id if node.parent_id in tree.nodes else None, node.answer, level,
                         node.is_root_cause) for node, level in tree.walk())
    return GapStory(gap.id, gap.title, STAGE_LABELS.get(gap.stage, "Stage not set"),
                    ", ".join(department_label(d) for d in gap_departments(gap)),
                    gap.current_experience, gap.desired_experience, gap.evidence, whys, votes.get(f"gap:{gap.id}", 0))


def _workshop_text(rows: StrategyRows) -> str:
    dots = sum(rows.votes.values())
    if not dots:
        return ""
    days = ", ".join(f"{day:%d %B %Y}" for day in sorted(set(rows.workshops)))
    where = f" in the workshop of {days}" if days else ""
    return f"{plural(rows.voters, 'participant')} placed {plural(dots, 'dot vote')}{where}."


def build_engagement(rows: StrategyRows, *, measured: Measured | None = None, period: str = "") -> Engagement:
    """The strategy half of the report (see the module docstring)."""
    measured = measured or {}
    order = {department: n for n, department in enumerate(DEPARTMENTS)}
    goals = sorted(rows.goals, key=lambda g: (order.get(g.department, len(order)), g.is_original, g.created_at))
    people = in_order_of_importance(rows.stakeholders)
    grid = influence_interest_table(people) if people else pd.DataFrame()
    if people:  # the grid numbers each person as the tables list them, names would print over each other
        grid["number"] = grid["name"].map({p.name: str(n) for n, p in enumerate(people, start=1)})
    ticked = set(rows.symptoms)
    diagnosis = diagnose_primary_user(ticked, people) if ticked else None
    entries, definitions = rows.glossary
    flags = find_glossary_flags(definitions_by_term(entries, definitions)) if definitions else []
    raci = tuple((r.label, *(", ".join(parties_holding(rows.raci, r.key, role)) or NOBODY for role in "ARCI"))
                 for r in RESPONSIBILITIES) if rows.raci else ()
    rec_votes = Counter({target.removeprefix("rec:"): n for target, n in rows.votes.items()
                         if target.startswith("rec:")})
    gaps = sorted((_gap_story(gap, rows.whys, rows.votes) for gap in rows.gaps), key=lambda g: -g.votes)
    return Engagement(
        goals=tuple(_goal_line(g, measured, rows.runs, period) for g in goals),
        alignment=tuple(f"{issue.title}: {issue.detail}" for issue in find_alignment_issues(list(rows.goals)))
        if rows.goals else (),
        stakeholders=tuple(StakeholderLine(n, p.name, p.role, department_label(p.department), p.influence, p.interest,
                                           quadrant(p.influence, p.interest), BUY_IN_LABELS.get(p.buy_in, p.buy_in),
                                           p.commitment) for n, p in enumerate(people, start=1)),
        stakeholder_grid=grid,
        raci=raci,
        raci_issues=tuple(issue.message for issue in check_raci(rows.raci, RESPONSIBILITIES)) if rows.raci else (),
        primary_user=diagnosis.reason if diagnosis and diagnosis.primary else "",
        glossary_conflicts=tuple(flag.message for flag in flags),
        gaps=tuple(gaps),
        rec_votes=dict(rec_votes),
        workshop=_workshop_text(rows),
    )
