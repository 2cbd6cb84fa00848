"""How far an engagement has got: one line per step of the method that the workbench offers,
what each step still lacks, and the one step to take next.

Each step registers here with a function that summarises its content from the store and the
workspace's kept audit (never from which screens were opened) and a function that names what
its minimum still lacks ("" once met), so the home page never has to know about each table.
:func:`next_step` is the first step, in the method's order, whose minimum is not met.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sqlmodel import Session

from crm_core import store
from crm_core.audit.checklists.summary import summarise_compliance, summarise_fit
from crm_core.audit.data.summary import summarise_data_audit
from crm_core.audit.runner import AREAS, WorkspaceAudit
from crm_core.schema import ENTITIES
from crm_core.audit.checklists import checklist_items
from crm_core.store import strategy as records
from crm_core.store.checklists import answers_by_item, compliance_config
from crm_core.strategy.departments import CUSTOMER_FACING, department_label
from crm_core.strategy.goals import missing_parts
from crm_core.strategy.progress import summarise_gaps, summarise_goals, summarise_stakeholders
from crm_core.strategy.raci import check_raci
from crm_core.strategy.whys import WhyTree


@dataclass(frozen=True)
class StepStatus:
    key: str
    title: str
    summary: str
    started: bool
    missing: str = ""  # what the step's minimum still lacks, as a sentence; "" once met


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
    absent = [entity for entity in ENTITIES if entity not in {source.entity for source in sources}]
    tail = f"; not imported: {', '.join(absent)}" if absent else ""
    return f"{len(sources)} of {len(ENTITIES)} exports imported ({rows:,} records): {names}{tail}.", True


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


# --- what each step's minimum still lacks ------------------------------------------------------------

Lack = Callable[[Session, str, "WorkspaceAudit | None"], str]
NEEDED_EXPORTS = ("contacts", "accounts", "deals", "activities", "users")  # what the four audits read


def _goals_lack(session: Session, workspace_id: str, audit=None) -> str:
    goals = [g for g in records.list_goals(session=session, workspace_id=workspace_id) if not g.is_original]
    without = [department_label(d) for d in CUSTOMER_FACING if not any(g.department == d for g in goals)]
    if without:
        return f"No goal yet for {_listed(without)}: each team names the number that proves the CRM helps it."
    for goal in goals:
        if parts := missing_parts(goal):
            return f"The goal '{goal.statement or goal.metric}' has no {' and no '.join(parts)} yet."
    return ""


def _stakeholders_lack(session: Session, workspace_id: str, audit=None) -> str:
    if not records.list_stakeholders(session=session, workspace_id=workspace_id):
        return "Nobody mapped yet: add the people whose support the CRM needs."
    issues = check_raci(records.list_raci_assignments(session=session, workspace_id=workspace_id))
    return issues[0].message if issues else ""


def _gaps_lack(session: Session, workspace_id: str, audit=None) -> str:
    gaps = records.list_gaps(session=session, workspace_id=workspace_id)
    if not gaps:
        return "No gap yet: name where today's customer experience falls short."
    nodes = records.list_why_nodes(session=session, workspace_id=workspace_id)
    for gap in gaps:
        if not WhyTree(node for node in nodes if node.gap_id == gap.id).root_causes():
            return f"The gap '{gap.title}' has no root cause yet: keep asking why."
    return ""


def _exports_lack(session: Session, workspace_id: str, audit=None) -> str:
    imported = {source.entity for source in store.list_data_sources(session=session, workspace_id=workspace_id)}
    absent = [entity for entity in NEEDED_EXPORTS if entity not in imported]
    return f"Import the {_listed(absent)} export{'s' if len(absent) > 1 else ''}: the audits read them." if absent \
        else ""


def _checklist_lack(area: str, what: str) -> Lack:
    def lack(session: Session, workspace_id: str, audit=None) -> str:
        answers = answers_by_item(session=session, workspace_id=workspace_id)
        regimes = compliance_config(session=session, workspace_id=workspace_id).regimes if area == "compliance" else ()
        items = checklist_items(area, regimes)
        if not any(item.id in answers for item in items):
            return f"Answer the {what} checklist ({len(items)} questions): without it the area is not measured."
        return ""

    return lack


def _audit_lack(area: str) -> Lack:
    def lack(session: Session, workspace_id: str, audit=None) -> str:
        imported = {source.entity: True for source in store.list_data_sources(session=session,
                                                                               workspace_id=workspace_id)}
        return AREAS[area].missing_reason(imported) or ""

    return lack


def _listed(names: list[str]) -> str:
    """"Marketing", "Marketing and Sales", "Marketing, Sales and Support"."""
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


@dataclass(frozen=True)
class _Step:
    key: str
    title: str
    summarise: Summary
    lack: Lack


STEPS: tuple[_Step, ...] = (
    _Step("goals", "Goals", _from_store(summarise_goals), _goals_lack),
    _Step("stakeholders", "Stakeholders & ownership", _from_store(summarise_stakeholders), _stakeholders_lack),
    _Step("gap_analysis", "Gap analysis", _from_store(summarise_gaps), _gaps_lack),
    _Step("data_sources", "Data sources", _from_store(_data_sources), _exports_lack),
    _Step("audit_fit", "Audit: fit for purpose", summarise_fit, _checklist_lack("fit", "fit-for-purpose")),
    _Step("audit_data", "Audit: data", summarise_data_audit, _audit_lack("data")),
    _Step("audit_duplicates", "Audit: duplicates",
          _computed_from("contacts", subject="find duplicate people and companies"), _audit_lack("duplicates")),
    _Step("audit_usage", "Audit: usage", _computed_from("activities", "users", subject="see who uses the CRM"),
          _audit_lack("usage")),
    _Step("audit_compliance", "Audit: compliance", summarise_compliance, _checklist_lack("compliance", "compliance")),
)


def engagement_progress(*, session: Session, workspace_id: str, audit: WorkspaceAudit | None = None
                        ) -> list[StepStatus]:
    """Every step's line; ``audit`` is the workspace's kept audit for its current data (None
    before anything is imported)."""
    statuses = []
    for step in STEPS:
        summary, started = step.summarise(session, workspace_id, audit)
        statuses.append(StepStatus(step.key, step.title, summary, started, step.lack(session, workspace_id, audit)))
    return statuses


def next_step(statuses: list[StepStatus]) -> StepStatus | None:
    """The first step, in the method's order, whose minimum is not met; None when all are."""
    return next((status for status in statuses if status.missing), None)
