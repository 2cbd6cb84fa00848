"""Live workshops' queries: sessions, participants, their entries and their dot votes.

The rules (join codes, passcodes, tokens, locked steps, who may change what) live in
:mod:`crm_core.workshop`; this module only reads rows, keyword-only like the rest of the store.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlmodel import Session

from crm_core.models import Workspace, WorkshopEntry, WorkshopParticipant, WorkshopSession, WorkshopVote


def open_session_of(*, session: Session, workspace_id: str) -> WorkshopSession | None:
    """The workspace's open session (the newest, should two ever be open)."""
    statement = (select(WorkshopSession).where(WorkshopSession.workspace_id == workspace_id,
                                               WorkshopSession.is_open.is_(True))
                 .order_by(WorkshopSession.opened_at.desc()))
    return session.execute(statement).scalars().first()


def open_sessions(*, session: Session, workspace_id: str | None = None) -> list[WorkshopSession]:
    """Every open session (of one workspace when given)."""
    statement = select(WorkshopSession).where(WorkshopSession.is_open.is_(True))
    if workspace_id is not None:
        statement = statement.where(WorkshopSession.workspace_id == workspace_id)
    return list(session.execute(statement).scalars())


def open_session_with_code(*, session: Session, code: str) -> WorkshopSession | None:
    """The open session with ``code``; if a copied workspace holds the same code, the oldest
    workspace's (the one the facilitator opened) wins."""
    statement = (select(WorkshopSession).join(Workspace, Workspace.id == WorkshopSession.workspace_id)
                 .where(WorkshopSession.code == code, WorkshopSession.is_open.is_(True))
                 .order_by(Workspace.created_at, WorkshopSession.opened_at))
    return session.execute(statement).scalars().first()


def name_taken(*, session: Session, session_id: str, name: str) -> bool:
    statement = select(WorkshopParticipant.id).where(WorkshopParticipant.session_id == session_id,
                                                     WorkshopParticipant.name == name)
    return session.execute(statement).first() is not None


def participant_with_token(*, session: Session, token_hash: str
                           ) -> tuple[WorkshopParticipant, WorkshopSession] | None:
    """The participant whose token hashes to ``token_hash``, with their session, if it is open."""
    statement = select(WorkshopParticipant, WorkshopSession).join(
        WorkshopSession, WorkshopSession.id == WorkshopParticipant.session_id).where(
        WorkshopParticipant.token_hash == token_hash, WorkshopSession.is_open.is_(True))
    found = session.execute(statement).first()
    return (found[0], found[1]) if found else None


def participants(*, session: Session, session_id: str) -> list[WorkshopParticipant]:
    statement = (select(WorkshopParticipant).where(WorkshopParticipant.session_id == session_id)
                 .order_by(WorkshopParticipant.joined_at))
    return list(session.execute(statement).scalars())


def entries(*, session: Session, session_id: str | None = None, participant_id: str | None = None,
            proposal_id: str | None = None) -> list[WorkshopEntry]:
    """Entries of a session, of a participant or of a target proposal, oldest first."""
    statement = select(WorkshopEntry)
    for column, value in ((WorkshopEntry.session_id, session_id), (WorkshopEntry.participant_id, participant_id),
                          (WorkshopEntry.proposal_id, proposal_id)):
        if value is not None:
            statement = statement.where(column == value)
    return list(session.execute(statement.order_by(WorkshopEntry.created_at, WorkshopEntry.id)).scalars())


def votes(*, session: Session, session_id: str, participant_id: str | None = None,
          slot: int | None = None) -> list[WorkshopVote]:
    """Votes of a session (of one participant, in one slot, when given), by slot."""
    statement = select(WorkshopVote).where(WorkshopVote.session_id == session_id)
    if participant_id is not None:
        statement = statement.where(WorkshopVote.participant_id == participant_id)
    if slot is not None:
        statement = statement.where(WorkshopVote.slot == slot)
    return list(session.execute(statement.order_by(WorkshopVote.slot)).scalars())


def sessions_of(*, session: Session, workspace_id: str) -> list[WorkshopSession]:
    """Every session of the workspace, open or closed, oldest first."""
    statement = (select(WorkshopSession).where(WorkshopSession.workspace_id == workspace_id)
                 .order_by(WorkshopSession.opened_at, WorkshopSession.id))
    return list(session.execute(statement).scalars())


def workspace_votes(*, session: Session, workspace_id: str) -> list[WorkshopVote]:
    """Every dot placed in any of the workspace's sessions."""
    statement = select(WorkshopVote).where(WorkshopVote.workspace_id == workspace_id)
    return list(session.execute(statement.order_by(WorkshopVote.created_at, WorkshopVote.id)).scalars())
