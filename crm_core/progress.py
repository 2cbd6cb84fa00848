"""How far an engagement has got: one line per step of the method that the workbench offers.

Each step that a later feature adds registers here with a function that summarises its
content from the store and the workspace's kept audit (never from which screens were opened),
so the home page never has to know about each table.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sqlmodel import Session

from crm_core import store
from crm_core.audit.checklists.summary import summarise_compliance, summarise_fit
from crm_core.audit.data.summary import summarise_data_audit
from crm_core.audit.runner import WorkspaceAudit
from crm_core.schema import ENTITIES
from crm_core.strategy.progress import summarise_gaps, summarise_goals, summarise_stakeholders


@dataclass(frozen=True)
class StepStatus:
    key: str
    title: str
    summary: str
    started: bool


Summary = Callable[[Session, str, "WorkspaceAudit | None"], tuple[str, bool]]


def _from_store(summarise: Callable[[Session, str], tuple[str, bool]]) -> Summary:
    """A step whose line depends on the store alone."""
    return lambda session, workspace_id, audit: summarise(session, workspace_id)


def _data_sources(session: Session, workspace_id: str) -> tuple[str, bool]:
    sources = store.list_data_sources(session=session, workspace_id=workspace_id)
    if not sources:
        return "No CRM export imported yet.", False
    rows = sum(source.row_count for source in sources)
    names = ", ".join(source.entity for source in sources)
    return f"{len(sources)} of {len(ENTITIES)} exports imported ({rows:,} records): {names}.", True


def _computed_from(*entities: str, subject: str) -> Summary:
    """A step computed from the exports alone: ready once its inputs are imported."""

    def summarise(session: Session, workspace_id: str, audit=None) -> tuple[str, bool]:
        sources = {s.entity: s for s in store.list_data_sources(session=session, workspace_id=workspace_id)}
        missing = [entity for entity in entities if entity not in sources]
        if missing:
            return f"Import {' and '.join(missing)} on Data sources to {subject}.", False
        counts = " and ".join(f"{sources[e].row_count:,} {e}" for e in entities)
        return f"Computed from {counts}: open it to {subject}.", True

    return summarise


@dataclass(frozen=True)
class _Step:
    key: str
    title: str
    summarise: Summary


STEPS: tuple[_Step, ...] = (
    _Step("goals", "Goals", _from_store(summarise_goals)),
    _Step("stakeholders", "Stakeholders & ownership", _from_store(summarise_stakeholders)),
    _Step("gap_analysis", "Gap analysis", _from_store(summarise_gaps)),
    _Step("data_sources", "Data sources", _from_store(_data_sources)),
    _Step("audit_fit", "Audit: fit for purpose", summarise_fit),
    _Step("audit_data", "Audit: data", summarise_data_audit),
    _Step("audit_duplicates", "Audit: duplicates",
          _computed_from("contacts", subject="find duplicate people and companies")),
    _Step("audit_usage", "Audit: usage", _computed_from("activities", "users", subject="see who uses the CRM")),
    _Step("audit_compliance", "Audit: compliance", summarise_compliance),
)


def engagement_progress(*, session: Session, workspace_id: str, audit: WorkspaceAudit | None = None
                        ) -> list[StepStatus]:
    """Every step's line; ``audit`` is the workspace's kept audit for its current data (None
    before anything is imported)."""
    statuses = []
    for step in STEPS:
        summary, started = step.summarise(session, workspace_id, audit)
        statuses.append(StepStatus(step.key, step.title, summary, started))
    return statuses
