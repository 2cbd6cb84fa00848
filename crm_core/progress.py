"""How far an engagement has got: one line per step of the method that the workbench offers.

Each step that a later feature adds registers here with a function that summarises its
content from the store, so the home page never has to know about each table.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sqlmodel import Session

from crm_core import store
from crm_core.schema import ENTITIES
from crm_core.strategy.progress import summarise_gaps, summarise_goals, summarise_stakeholders


@dataclass(frozen=True)
class StepStatus:
    key: str
    title: str
    summary: str
    started: bool


def _data_sources(session: Session, workspace_id: str) -> tuple[str, bool]:
    sources = store.list_data_sources(session=session, workspace_id=workspace_id)
    if not sources:
        return "No CRM export imported yet.", False
    rows = sum(source.row_count for source in sources)
    names = ", ".join(source.entity for source in sources)
    return f"{len(sources)} of {len(ENTITIES)} exports imported ({rows:,} records): {names}.", True


@dataclass(frozen=True)
class _Step:
    key: str
    title: str
    summarise: Callable[[Session, str], tuple[str, bool]]


STEPS: tuple[_Step, ...] = (
    _Step("goals", "Goals", summarise_goals),
    _Step("stakeholders", "Stakeholders & ownership", summarise_stakeholders),
    _Step("gap_analysis", "Gap analysis", summarise_gaps),
    _Step("data_sources", "Data sources", _data_sources),
)


def engagement_progress(*, session: Session, workspace_id: str) -> list[StepStatus]:
    statuses = []
    for step in STEPS:
        summary, started = step.summarise(session, workspace_id)
        statuses.append(StepStatus(step.key, step.title, summary, started))
    return statuses
