"""The projector view of a workshop: the method's agenda with a time box per step, then one
item per screen (each step, each gap with its whys, the live vote, a session summary).

Pure: :func:`build_slides` reads the same :class:`~crm_core.report.model.Report` the client
report is written from (the kept audit, the plan and the room's strategy half), so the audit
and recommendation slides show what the report will say; :func:`remaining_seconds` and
:func:`format_clock` drive each step's countdown, whose start times the page keeps in the
store (:data:`TIMERS_SETTING`) so a refresh does not reset them.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from crm_core.recommend import PRIORITY_LABELS
from crm_core.report.engagement import NOBODY
from crm_core.report.model import Report, due_text, votes_for
from crm_core.scorecard import BAND_LABELS, format_score, overall_text
from crm_core.units import plural

TIMERS_SETTING = "presentation.timers"  # workspace setting: step key -> when its countdown started
NEXT_STEPS = 6


@dataclass(frozen=True)
class AgendaStep:
    key: str
    title: str
    minutes: int
    prompt: str


AGENDA: tuple[AgendaStep, ...] = (
    AgendaStep("goals", "Goals: what the CRM is for", 20,
               "Each department names its goal and the number that proves it."),
    AgendaStep("stakeholders", "Stakeholders, ownership and terminology", 20,
               "Who decides, who does the work, and one definition per term."),
    AgendaStep("gaps", "Gaps and their whys", 30,
               "Where today's customer experience falls short; ask why until the root cause shows."),
    AgendaStep("audit", "The audit: fit, data, usage, compliance", 25,
               "What the exports and the checklists say, area by area."),
    AgendaStep("votes", "Dot vote: what matters most", 10,
               "Put your dots on the gaps and recommendations to tackle first."),
    AgendaStep("plan", "Recommendations and next steps", 15,
               "Owners, dates and the quick wins to start with."),
)


@dataclass(frozen=True)
class Line:
    """One line of a slide: ``level`` indents it under the line before, ``marked`` singles it
    out (a root cause)."""

    text: str
    level: int = 0
    marked: bool = False


@dataclass(frozen=True)
class Slide:
    kind: str  # agenda, step, gap, votes, summary
    title: str
    step: str = ""  # the agenda step the slide belongs to
    prompt: str = ""
    lines: tuple[Line, ...] = ()
    minutes: int = 0


def _goals(report: Report) -> list[Line]:
    lines = []
    for goal in report.engagement.goals:
        lines.append(Line(f"{goal.department}: {goal.title}"))
        lines.append(Line(f"{goal.numbers} · {goal.metric or 'no metric yet'}", level=1))
    return lines or [Line("No goal yet: each team adds its goal on the Goals page.")]


def _ownership(report: Report) -> list[Line]:
    e = report.engagement
    lines = [Line(e.primary_user)] if e.primary_user else []
    close = [p.name for p in e.stakeholders if p.quadrant == "Manage closely"]
    if e.stakeholders:
        lines.append(Line(f"{len(e.stakeholders)} stakeholders mapped"
                          + (f"; manage closely: {', '.join(close)}" if close else "") + "."))
    # RACI_HEADERS: responsibility, accountable, ...; several accountable parties are a RACI issue below
    accountable = Counter(row[1] for row in e.raci if row[1] != NOBODY and ", " not in row[1])
    if accountable:
        lines.append(Line("Accountable: " + "; ".join(
            f"{party} for {count} of {len(e.raci)} responsibilities" for party, count in accountable.most_common())
            + "."))
    lines += [Line(issue) for issue in e.raci_issues[:3]]
    lines += [Line(conflict) for conflict in e.glossary_conflicts[:2]]
    return lines or [Line("Nobody mapped yet: start with the people whose support the CRM needs.")]


def _gap_slide(gap) -> Slide:
    lines = [Line(("Root cause: " if why.root_cause else "Why? ") + why.answer, level=why.level - 1,
                  marked=why.root_cause) for why in gap.whys]
    return Slide("gap", gap.title, "gaps", gap.where,
                 tuple(lines) or (Line("No answer yet: why does this happen?"),))


def _audit(report: Report) -> list[Line]:
    lines = []
    for area in report.scorecard.areas:
        why = area.note.removeprefix("not measured: ").removeprefix("Not run: ").rstrip(".")
        if area.value is None:
            lines.append(Line(f"{area.label}: not measured yet" + (f" ({why})" if why else "")))
        else:
            lines.append(Line(f"{area.label}: {format_score(area.value)} ({BAND_LABELS[area.band].lower()}), "
                              f"{area.findings} findings, {area.serious} critical or high"))
            if why:  # its checklist is answered too little to count yet
                lines.append(Line(why[0].upper() + why[1:], level=1))
    overall = report.scorecard.overall
    if overall.value is not None:
        lines.insert(0, Line(f"Overall health {overall_text(report.scorecard)} "
                             f"({BAND_LABELS[overall.band].lower()})"))
    return lines


def _plan(report: Report) -> list[Line]:
    lines = []
    for rec in report.next_steps(NEXT_STEPS):
        lines.append(Line(f"{report.rank(rec)}. {rec.title}"))
        lines.append(Line(f"{PRIORITY_LABELS.get(rec.priority, rec.priority)} · owner {rec.owner or 'not set'} · "
                          f"due {due_text(rec)}", level=1))
    return lines  # never empty: the standing recommendations hold without any data


def _summary(report: Report) -> Slide:
    e = report.engagement
    lines = [Line(line) for line in e.summary()]
    causes = [cause for gap in e.gaps for cause in gap.root_causes]
    if causes:
        lines.append(Line("Root causes found"))
        lines += [Line(cause, level=1, marked=True) for cause in causes[:4]]
    steps = report.next_steps(3)
    if steps:
        lines.append(Line("First steps"))
        lines += [Line(f"{rec.title} (owner {rec.owner or 'not set'})", level=1) for rec in steps]
    return Slide("summary", "Session summary", lines=tuple(lines) or (Line("Nothing recorded yet."),))


def build_slides(report: Report, agenda: Sequence[AgendaStep] = AGENDA) -> list[Slide]:
    """The agenda, then each step's slide (the gaps step followed by one slide per gap), then
    the session summary."""
    slides = [Slide("agenda", "Agenda", lines=tuple(Line(f"{s.title} · {s.minutes} min") for s in agenda))]
    content = {"goals": _goals, "stakeholders": _ownership, "audit": _audit, "plan": _plan}
    for step in agenda:
        if step.key == "gaps":
            lines = [Line(g.title + (f" ({plural(g.votes, 'vote')})" if g.votes else "")) for g in report.engagement.gaps]
            lines = lines or [Line("No gap yet: participants add them from their phones.")]
        else:
            lines = content[step.key](report) if step.key in content else []
        kind = "votes" if step.key == "votes" else "step"
        slides.append(Slide(kind, step.title, step.key, step.prompt, tuple(lines), step.minutes))
        if step.key == "gaps":
            slides += [_gap_slide(gap) for gap in report.engagement.gaps]
    slides.append(_summary(report))
    return slides


def recorded_tallies(report: Report) -> tuple[tuple[str, str, int], ...]:
    """The votes of the workspace's past workshops as (target, label, votes), most first: what
    the vote slide shows when no workshop is open."""
    rows = [(f"gap:{gap.gap_id}", gap.title, gap.votes) for gap in report.engagement.gaps if gap.votes]
    rows += [(f"rec:{rec.key}", rec.title, n) for rec in report.recommendations if (n := votes_for(report, rec))]
    return tuple(sorted(rows, key=lambda row: (-row[2], row[1])))


def remaining_seconds(started_at: float | None, minutes: int, now: float) -> int:
    """Seconds left of a step's time box (negative once over time); the full box if not started."""
    if started_at is None:
        return minutes * 60
    return int(round(minutes * 60 - (now - started_at)))


def format_clock(seconds: int) -> str:
    sign = "-" if seconds < 0 else ""
    seconds = abs(seconds)
    return f"{sign}{seconds // 60:02d}:{seconds % 60:02d}"
