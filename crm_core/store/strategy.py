"""Typed, keyword-only store queries for the strategy screens.

Kept out of ``store.py`` because there are many of them (goals, proposals, stakeholders, RACI,
diagnostic, glossary, gaps, whys, settings). Every function takes the ``workspace_id`` and
only ever touches that workspace's rows, so a stale id from another tab can never edit
another engagement. Rules live in the concept modules; this module only stores.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeVar

from sqlalchemy import delete, select
from sqlmodel import Session, SQLModel

from crm_core import store
from crm_core.errors import CrmCoreError, NotFoundError
from crm_core.models import (
    DiagnosticAnswer, Gap, GapCreate, GlossaryDefinition, GlossaryEntry, Goal, GoalCreate, GoalTargetProposal,
    RaciAssignment, Stakeholder, StakeholderCreate, WhyNode, utc_now,
)
from crm_core.strategy import diagnostic, gaps, glossary, goals, raci, stakeholders, target_setting
from crm_core.strategy.departments import department_label
from crm_core.strategy.goals import ValidatorRanges
from crm_core.strategy.whys import WhyTree

Row = TypeVar("Row", bound=SQLModel)


# --- shared plumbing ---------------------------------------------------------------------------


def _rows(session: Session, model: type[Row], workspace_id: str, *order_by) -> list[Row]:
    return store.list_owned(session=session, model=model, workspace_id=workspace_id, order_by=order_by)


def _get(session: Session, model: type[Row], workspace_id: str, row_id: str) -> Row | None:
    return store.get_owned(session=session, model=model, workspace_id=workspace_id, row_id=row_id)


def _require(session: Session, model: type[Row], workspace_id: str, row_id: str, what: str) -> Row:
    return store.require_owned(session=session, model=model, workspace_id=workspace_id, row_id=row_id, what=what)


# --- goals and the validator's ranges -------------------------------------------------------------


def list_goals(*, session: Session, workspace_id: str) -> list[Goal]:
    return _rows(session, Goal, workspace_id, Goal.created_at)


def get_goal(*, session: Session, workspace_id: str, goal_id: str) -> Goal | None:
    return _get(session, Goal, workspace_id, goal_id)


def add_goal(*, session: Session, workspace_id: str, goal: GoalCreate) -> Goal:
    """A new goal; the same goal for the same department twice is refused with a sentence."""
    values = goals.clean_goal(goal)
    same = _same_text(values["statement"] or values["metric"])
    for other in list_goals(session=session, workspace_id=workspace_id):
        if other.department == values["department"] and _same_text(other.statement or other.metric) == same:
            raise CrmCoreError(f"{department_label(other.department)} already has this goal: edit it instead of "
                               "adding it twice.")
    return store.add_owned(session=session, model=Goal, workspace_id=workspace_id, values=values)


def _same_text(text: object) -> str:
    """Text compared as a person reads it: case, spacing and end punctuation ignored."""
    return " ".join(str(text or "").casefold().split()).rstrip(".!")


def update_goal(*, session: Session, workspace_id: str, goal_id: str, goal: GoalCreate) -> Goal:
    """Save an edited goal; a target changed by hand is no longer the one the group agreed."""
    row = _require(session, Goal, workspace_id, goal_id, "goal")
    values = goals.clean_goal(goal)
    if values["target"] != row.target:
        row.agreed_by, row.agreed_at = "", None
    return store.update_owned(session=session, row=row, workspace_id=workspace_id, values=values)


def delete_goal(*, session: Session, workspace_id: str, goal_id: str) -> None:
    store.delete_workspace_row(session=session, row=_require(session, Goal, workspace_id, goal_id, "goal"), workspace_id=workspace_id)


def list_target_proposals(*, session: Session, workspace_id: str, goal_id: str | None = None
                          ) -> list[GoalTargetProposal]:
    proposals = _rows(session, GoalTargetProposal, workspace_id, GoalTargetProposal.created_at)
    return [p for p in proposals if goal_id is None or p.goal_id == goal_id]


def propose_target(*, session: Session, workspace_id: str, goal_id: str, participant: str,
                   target: float | None, participant_id: str | None = None) -> GoalTargetProposal:
    """Record one person's proposal; proposing again replaces their earlier one. A workshop
    participant is known by ``participant_id`` (names may repeat); otherwise by the name."""
    _require(session, Goal, workspace_id, goal_id, "goal")
    name = " ".join(participant.split())
    if not name or target is None:
        raise CrmCoreError("Type your name and the target you propose.")
    store.check_text_lengths(GoalTargetProposal, {"participant": name})
    proposer = f"participant:{participant_id}" if participant_id else f"name:{name}"
    statement = select(GoalTargetProposal).where(GoalTargetProposal.goal_id == goal_id,
                                                 GoalTargetProposal.proposer == proposer)
    row = session.execute(statement).scalars().first() or GoalTargetProposal(
        workspace_id=workspace_id, goal_id=goal_id, participant=name, proposer=proposer, target=target)
    row.target, row.created_at = float(target), utc_now()
    store.save_workspace_row(session=session, row=row, workspace_id=workspace_id)
    return row


def delete_target_proposal(*, session: Session, workspace_id: str, proposal_id: str) -> None:
    store.delete_workspace_row(session=session, row=_require(session, GoalTargetProposal, workspace_id, proposal_id, "proposal"), workspace_id=workspace_id)


def agree_target(*, session: Session, workspace_id: str, goal_id: str, target: float | None,
                 agreed_by: Sequence[str]) -> Goal:
    """Set the target the group agreed and who agreed it."""
    row = _require(session, Goal, workspace_id, goal_id, "goal")
    if target is None:
        raise CrmCoreError("Type the target the group agreed.")
    names = target_setting.agreement_names(agreed_by)
    store.check_text_lengths(Goal, {"agreed_by": names})
    row.target, row.agreed_by, row.agreed_at = float(target), names, utc_now()
    store.save_workspace_row(session=session, row=row, workspace_id=workspace_id)
    return row


VALIDATOR_RANGES_KEY = "strategy.goal_ranges"


def validator_ranges(*, session: Session, workspace_id: str) -> ValidatorRanges:
    """The workspace's ranges, or the defaults when it never changed them."""
    stored = store.get_setting(session=session, workspace_id=workspace_id, key=VALIDATOR_RANGES_KEY)
    if not stored:
        return ValidatorRanges()
    return ValidatorRanges(stored["trivial_pct_per_quarter"], stored["implausible_pct_per_quarter"])


def save_validator_ranges(*, session: Session, workspace_id: str, trivial_pct_per_quarter: float,
                          implausible_pct_per_quarter: float) -> ValidatorRanges:
    """Store the workspace's ranges, or a sentence when they make no sense together."""
    ranges = ValidatorRanges(trivial_pct_per_quarter, implausible_pct_per_quarter)
    store.put_setting(session=session, workspace_id=workspace_id, key=VALIDATOR_RANGES_KEY, value={
        "trivial_pct_per_quarter": ranges.trivial_pct_per_quarter,
        "implausible_pct_per_quarter": ranges.implausible_pct_per_quarter,
    })
    store.touch_workspace(session=session, workspace_id=workspace_id)
    return ranges


# --- stakeholders, RACI and the primary-user diagnostic ----------------------------------------------


def list_stakeholders(*, session: Session, workspace_id: str) -> list[Stakeholder]:
    return stakeholders.in_order_of_importance(_rows(session, Stakeholder, workspace_id))


def add_stakeholder(*, session: Session, workspace_id: str, stakeholder: StakeholderCreate) -> Stakeholder:
    """A new stakeholder; a second person of the same name is refused with a sentence."""
    values = stakeholders.clean_stakeholder(stakeholder)
    if any(_same_text(other.name) == _same_text(values["name"])
           for other in list_stakeholders(session=session, workspace_id=workspace_id)):
        raise CrmCoreError(f"{values['name']} is already a stakeholder: edit them instead of adding them twice.")
    return store.add_owned(session=session, model=Stakeholder, workspace_id=workspace_id, values=values)


def update_stakeholder(*, session: Session, workspace_id: str, stakeholder_id: str,
                       stakeholder: StakeholderCreate) -> Stakeholder:
    row = _require(session, Stakeholder, workspace_id, stakeholder_id, "stakeholder")
    return store.update_owned(session=session, row=row, workspace_id=workspace_id,
                              values=stakeholders.clean_stakeholder(stakeholder))


def delete_stakeholder(*, session: Session, workspace_id: str, stakeholder_id: str) -> None:
    store.delete_workspace_row(session=session, row=_require(session, Stakeholder, workspace_id, stakeholder_id, "stakeholder"), workspace_id=workspace_id)


def list_raci_assignments(*, session: Session, workspace_id: str) -> list[RaciAssignment]:
    return _rows(session, RaciAssignment, workspace_id, RaciAssignment.responsibility, RaciAssignment.party)


def set_raci_parties(*, session: Session, workspace_id: str, responsibility: str, role: str,
                     parties: Sequence[str]) -> list[RaciAssignment]:
    """Make ``parties`` exactly the holders of ``role`` for ``responsibility``."""
    store.require_workspace(session=session, workspace_id=workspace_id)
    raci.require_responsibility(responsibility)
    raci.require_role(role)
    wanted = list(dict.fromkeys(" ".join(p.split()) for p in parties if p.strip()))
    for party in wanted:
        store.check_text_lengths(RaciAssignment, {"party": party})
    session.execute(delete(RaciAssignment).where(
        RaciAssignment.workspace_id == workspace_id, RaciAssignment.responsibility == responsibility,
        RaciAssignment.role == role))
    rows = [RaciAssignment(workspace_id=workspace_id, responsibility=responsibility, role=role, party=party)
            for party in wanted]
    session.add_all(rows)
    store.touch_workspace(session=session, workspace_id=workspace_id)
    session.flush()
    return rows


def ticked_symptoms(*, session: Session, workspace_id: str) -> set[str]:
    return {answer.symptom for answer in _rows(session, DiagnosticAnswer, workspace_id) if answer.applies}


def answer_symptom(*, session: Session, workspace_id: str, symptom: str, applies: bool) -> DiagnosticAnswer:
    store.require_workspace(session=session, workspace_id=workspace_id)
    if symptom not in diagnostic.SYMPTOM_BY_KEY:
        raise CrmCoreError(f"'{symptom}' is not a symptom of the diagnostic: reload the page.")
    statement = select(DiagnosticAnswer).where(DiagnosticAnswer.workspace_id == workspace_id,
                                               DiagnosticAnswer.symptom == symptom)
    row = session.execute(statement).scalars().first() or DiagnosticAnswer(workspace_id=workspace_id, symptom=symptom)
    row.applies, row.answered_at = bool(applies), utc_now()
    store.save_workspace_row(session=session, row=row, workspace_id=workspace_id)
    return row


# --- glossary ----------------------------------------------------------------------------------------


def list_glossary(*, session: Session, workspace_id: str) -> tuple[list[GlossaryEntry], list[GlossaryDefinition]]:
    return (_rows(session, GlossaryEntry, workspace_id, GlossaryEntry.created_at),
            _rows(session, GlossaryDefinition, workspace_id, GlossaryDefinition.team))


def add_glossary_term(*, session: Session, workspace_id: str, term: str, kind: str = "custom") -> GlossaryEntry:
    store.require_workspace(session=session, workspace_id=workspace_id)
    cleaned = glossary.clean_term(term)
    if kind not in glossary.TERM_KINDS:
        raise CrmCoreError(f"'{kind}' is not a kind of glossary term: use {', '.join(glossary.TERM_KINDS)}.")
    existing = session.execute(select(GlossaryEntry).where(
        GlossaryEntry.workspace_id == workspace_id, GlossaryEntry.term == cleaned)).scalars().first()
    if existing is not None:
        return existing
    row = GlossaryEntry(workspace_id=workspace_id, term=cleaned,
                        kind="standard" if cleaned in glossary.STANDARD_TERMS else kind)
    store.save_workspace_row(session=session, row=row, workspace_id=workspace_id)
    return row


def define_term(*, session: Session, workspace_id: str, term: str, team: str, definition: str) -> GlossaryDefinition:
    """Save one team's definition of ``term``; the term is added to the glossary if needed."""
    if team not in glossary.TEAMS:
        raise CrmCoreError(f"'{team}' is not one of the glossary's teams: {', '.join(glossary.TEAMS)}.")
    entry = add_glossary_term(session=session, workspace_id=workspace_id, term=term)
    statement = select(GlossaryDefinition).where(GlossaryDefinition.entry_id == entry.id,
                                                 GlossaryDefinition.team == team)
    row = session.execute(statement).scalars().first() or GlossaryDefinition(
        workspace_id=workspace_id, entry_id=entry.id, team=team)
    row.definition = definition.strip()
    store.save_workspace_row(session=session, row=row, workspace_id=workspace_id)
    return row


def delete_glossary_term(*, session: Session, workspace_id: str, term: str) -> None:
    entry = session.execute(select(GlossaryEntry).where(
        GlossaryEntry.workspace_id == workspace_id, GlossaryEntry.term == term)).scalars().first()
    if entry is None:
        raise NotFoundError(f"The glossary has no term '{term}' any more: reload the page.")
    if entry.term in glossary.STANDARD_TERMS:
        raise CrmCoreError(f"'{term}' is one of the terms every team must define: clear its definitions instead.")
    session.execute(delete(GlossaryDefinition).where(GlossaryDefinition.entry_id == entry.id))
    store.delete_workspace_row(session=session, row=entry, workspace_id=workspace_id)


# --- gaps and their whys -----------------------------------------------------------------------------


def list_gaps(*, session: Session, workspace_id: str) -> list[Gap]:
    return _rows(session, Gap, workspace_id, Gap.created_at)


def get_gap(*, session: Session, workspace_id: str, gap_id: str) -> Gap | None:
    return _get(session, Gap, workspace_id, gap_id)


def add_gap(*, session: Session, workspace_id: str, gap: GapCreate, template_key: str = "", origin: str = "",
            origin_department: str = "", goal_id: str | None = None, other_goal_id: str | None = None) -> Gap:
    """A new gap; ``origin`` and the goal ids link a gap found by the alignment view back to it."""
    store.require_workspace(session=session, workspace_id=workspace_id)
    values = gaps.clean_gap(gap)
    for linked in (goal_id, other_goal_id):
        if linked is not None:
            _require(session, Goal, workspace_id, linked, "goal")
    row = Gap(workspace_id=workspace_id, template_key=template_key, origin=origin,
              origin_department=origin_department, goal_id=goal_id, other_goal_id=other_goal_id, **values)
    store.check_text_lengths(Gap, row.model_dump())
    store.save_workspace_row(session=session, row=row, workspace_id=workspace_id)
    return row


def update_gap(*, session: Session, workspace_id: str, gap_id: str, gap: GapCreate) -> Gap:
    row = _require(session, Gap, workspace_id, gap_id, "gap")
    return store.update_owned(session=session, row=row, workspace_id=workspace_id, values=gaps.clean_gap(gap))


def delete_gap(*, session: Session, workspace_id: str, gap_id: str) -> None:
    row = _require(session, Gap, workspace_id, gap_id, "gap")
    session.execute(delete(WhyNode).where(WhyNode.gap_id == gap_id))
    store.delete_workspace_row(session=session, row=row, workspace_id=workspace_id)


def list_why_nodes(*, session: Session, workspace_id: str, gap_id: str | None = None) -> list[WhyNode]:
    statement = select(WhyNode).where(WhyNode.workspace_id == workspace_id)
    if gap_id is not None:
        statement = statement.where(WhyNode.gap_id == gap_id)
    return list(session.execute(statement.order_by(WhyNode.created_at, WhyNode.id)).scalars())


def add_why(*, session: Session, workspace_id: str, gap_id: str, parent_id: str | None, answer: str,
            is_root_cause: bool = False) -> WhyNode:
    """One more answer under ``parent_id`` (None or "": a first answer to why the gap exists)."""
    _require(session, Gap, workspace_id, gap_id, "gap")
    parent_id = parent_id or None
    if parent_id is not None and _require(session, WhyNode, workspace_id, parent_id, "answer").gap_id != gap_id:
        raise CrmCoreError("That answer belongs to another gap: pick an answer of this gap to ask why about.")
    text = " ".join(answer.split())
    if not text:
        raise CrmCoreError("Type the answer to 'why?' before adding it.")
    row = WhyNode(workspace_id=workspace_id, gap_id=gap_id, parent_id=parent_id, answer=text,
                  is_root_cause=is_root_cause)
    store.save_workspace_row(session=session, row=row, workspace_id=workspace_id)
    return row


def update_why(*, session: Session, workspace_id: str, node_id: str, answer: str | None = None,
               is_root_cause: bool | None = None) -> WhyNode:
    row = _require(session, WhyNode, workspace_id, node_id, "answer")
    if answer is not None:
        if not answer.strip():
            raise CrmCoreError("An answer cannot be empty: delete it instead, or type what was said.")
        row.answer = " ".join(answer.split())
    if is_root_cause is not None:
        row.is_root_cause = is_root_cause
    store.save_workspace_row(session=session, row=row, workspace_id=workspace_id)
    return row


def delete_why_subtree(*, session: Session, workspace_id: str, node_id: str) -> int:
    """Delete an answer and every answer below it; returns how many were deleted."""
    row = _require(session, WhyNode, workspace_id, node_id, "answer")
    tree = WhyTree(list_why_nodes(session=session, workspace_id=workspace_id, gap_id=row.gap_id))
    doomed = tree.subtree_ids(node_id)
    session.execute(delete(WhyNode).where(WhyNode.workspace_id == workspace_id, WhyNode.id.in_(doomed)))
    store.touch_workspace(session=session, workspace_id=workspace_id)
    session.flush()
    return len(doomed)
