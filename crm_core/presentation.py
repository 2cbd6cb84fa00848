"""The projector view of a workshop: the method's agenda with a time box per step, then one
item per screen (a step, each gap with its whys, the vote results).

Pure: :func:`build_slides` takes the rows to show and returns :class:`Slide` objects the
presentation page renders one at a time; :func:`remaining_seconds` and :func:`format_clock`
drive each step's countdown.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from crm_core.scorecard import format_score


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
class Slide:
    kind: str  # agenda, step, gap, votes
    title: str
    step: str = ""  # the agenda step the slide belongs to
    lines: tuple[str, ...] = ()
    tallies: tuple[tuple[str, str, int], ...] = ()
    minutes: int = 0


@dataclass(frozen=True)
class SlideInputs:
    """What the room produced: goals as (statement, baseline, target, unit), gaps as (id,
    title), whys by gap id, the latest run's scores by area label, and vote tallies."""

    goals: Sequence[tuple[str, float | None, float | None, str]] = ()
    gaps: Sequence[tuple[str, str]] = ()
    whys: Mapping[str, Sequence[str]] = field(default_factory=dict)
    scores: Mapping[str, float | None] = field(default_factory=dict)
    tallies: Sequence[tuple[str, str, int]] = ()
    votes_by_target: Mapping[str, int] = field(default_factory=dict)


def _number(value: float | None, unit: str) -> str:
    return "?" if value is None else f"{value:g}{' ' + unit if unit else ''}"


def build_slides(inputs: SlideInputs, agenda: Sequence[AgendaStep] = AGENDA) -> list[Slide]:
    """The agenda, then each step's slide; the gaps step is followed by one slide per gap."""
    slides = [Slide("agenda", "Agenda", lines=tuple(f"{s.title} · {s.minutes} min" for s in agenda))]
    for step in agenda:
        lines: tuple[str, ...] = (step.prompt,)
        if step.key == "goals":
            lines += tuple(f"{g}: {_number(b, u)} → {_number(t, u)}" for g, b, t, u in inputs.goals)
        elif step.key == "gaps":
            lines += (f"{len(inputs.gaps)} gaps so far.",)
        elif step.key == "audit":
            lines += tuple(f"{label}: {format_score(value)}" for label, value in inputs.scores.items())
        if step.key == "votes":
            slides.append(Slide("votes", step.title, step.key, lines, tuple(inputs.tallies), step.minutes))
        else:
            slides.append(Slide("step", step.title, step.key, lines, minutes=step.minutes))
        if step.key == "gaps":
            for gap_id, title in inputs.gaps:
                whys = tuple(f"Why? {answer}" for answer in inputs.whys.get(gap_id, ()))
                votes = inputs.votes_by_target.get(f"gap:{gap_id}", 0)
                slides.append(Slide("gap", title, step.key, whys + ((f"{votes} vote{'s' if votes != 1 else ''}",) if votes else ())))
    return slides


def remaining_seconds(started_at: float | None, minutes: int, now: float) -> int:
    """Seconds left of a step's time box (negative once over time); the full box if not started."""
    if started_at is None:
        return minutes * 60
    return int(round(minutes * 60 - (now - started_at)))


def format_clock(seconds: int) -> str:
    sign = "-" if seconds < 0 else ""
    seconds = abs(seconds)
    return f"{sign}{seconds // 60:02d}:{seconds % 60:02d}"
