"""Live workshop mode: participants join from their own devices with a short code.

Rules: a join code is :data:`CODE_LENGTH` characters of an alphabet without look-alikes
(no 0/O, 1/I/L), unique among open sessions; a workspace may require a passcode, kept only as
a salted scrypt hash; a participant's identity is a random token their browser keeps (the URL's
``?p=``), of which only the SHA-256 is stored. Every participant action takes that token, so
nobody can act as, edit or delete the entries of someone else; the facilitator can lock each
step (:data:`STEPS`). A dot vote occupies one of the participant's numbered slots
(``votes_each``, 3 by default); a slot is unique per participant and session, so the same
click arriving twice (double click, refresh) counts once.

Gaps, whys and target proposals are the strategy screens' own rows (written through
:mod:`crm_core.store.strategy`); :class:`~crm_core.models.WorkshopEntry` records who added each. The
workshop's own rows are read through :mod:`crm_core.store.workshops`.
"""

from __future__ import annotations

import hashlib
import io
import json
import secrets
from collections import Counter
from dataclasses import dataclass

import altair as alt
import pandas as pd

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from crm_core import store
from crm_core.passphrases import hash_secret, secret_matches
from crm_core.errors import CrmCoreError, NotFoundError
from crm_core.models import (
    Gap, GapCreate, GoalTargetProposal, WhyNode, WorkshopEntry, WorkshopParticipant,
    WorkshopSession, WorkshopVote, utc_now,
)
from crm_core.store import audit_runs, workshops
from crm_core.store import strategy as records

ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 6
DEFAULT_VOTES = 3
STEPS = ("gaps", "whys", "targets", "votes")
STEP_LABELS = {"gaps": "Gaps", "whys": "Whys", "targets": "Targets", "votes": "Votes"}
PASSCODE_KEY = "workshop.passcode"


class NotYoursError(CrmCoreError):
    """A participant tried to change someone else's entry."""


class WrongPasscodeError(CrmCoreError):
    """A join attempt with a passcode that does not match."""


# --- pure rules -------------------------------------------------------------------------------


def new_code() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))


def normalise_code(text: str) -> str:
    """What a participant typed, as a code: upper case, spaces and dashes dropped."""
    return "".join(ch for ch in (text or "").upper() if ch not in " -_\t")


def new_token() -> str:
    return secrets.token_urlsafe(24)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def join_url(base_url: str, code: str) -> str:
    """The link a participant opens: the app's address + ``/?code=CODE`` (the join view is
    the only screen a participant's browser has, at the app's root)."""
    return f"{base_url.rstrip('/')}/?code={code}"


def qr_png(text: str, *, scale: int = 8) -> bytes:
    import segno

    buffer = io.BytesIO()
    segno.make(text, error="m").save(buffer, kind="png", scale=scale, border=2)
    return buffer.getvalue()


def locked_steps(workshop: WorkshopSession) -> set[str]:
    return {step for step in workshop.locked.split(",") if step}


# --- the facilitator's side -----------------------------------------------------------------


def current_session(*, session: Session, workspace_id: str) -> WorkshopSession | None:
    return workshops.open_session_of(session=session, workspace_id=workspace_id)


def open_session(*, session: Session, workspace_id: str, votes_each: int = DEFAULT_VOTES) -> WorkshopSession:
    """The workspace's open session, or a new one with a code no other open session uses.

    The database allows one open session per workspace and per code, so two facilitators'
    clicks arriving together end with one session: the second insert fails and reads the first.
    """
    store.require_workspace(session=session, workspace_id=workspace_id)
    if not 1 <= votes_each <= 20:
        raise CrmCoreError("Give each participant between 1 and 20 votes.")
    for _ in range(20):
        existing = current_session(session=session, workspace_id=workspace_id)
        if existing is not None:
            return existing
        taken = {row.code for row in workshops.open_sessions(session=session)}
        code = next(c for c in iter(new_code, None) if c not in taken)
        try:
            with session.begin_nested():
                row = WorkshopSession(workspace_id=workspace_id, code=code, votes_each=votes_each)
                session.add(row)
            return row
        except IntegrityError:  # another open session appeared at the same moment: read it
            continue
    raise CrmCoreError("The workshop could not be opened because the database is busy: try again.")


def _own_session(session: Session, workspace_id: str, session_id: str) -> WorkshopSession:
    row = session.get(WorkshopSession, session_id)
    if row is None or row.workspace_id != workspace_id:
        raise NotFoundError("That workshop session no longer exists: reload the page.")
    return row


def close_session(*, session: Session, workspace_id: str, session_id: str) -> None:
    row = _own_session(session, workspace_id, session_id)
    row.is_open, row.closed_at = False, utc_now()
    session.flush()


def close_all_sessions(*, session: Session, workspace_id: str) -> None:
    """Close every open session of a workspace (a copied workspace starts without one)."""
    for row in workshops.open_sessions(session=session, workspace_id=workspace_id):
        row.is_open, row.closed_at = False, utc_now()
    session.flush()


def closed_copies(rows: store.RowsByTable) -> store.RowsByTable:
    """A workspace's rows with every workshop session closed: a copy or a restore starts with no
    live session (an open one would share its join code with the original's)."""
    now = utc_now().isoformat()
    for row in rows.get(WorkshopSession.__tablename__, []):
        if row.get("is_open"):
            row["is_open"], row["closed_at"] = False, row.get("closed_at") or now
    return rows


def set_locked(*, session: Session, workspace_id: str, session_id: str, steps: set[str] | list[str]) -> None:
    unknown = set(steps) - set(STEPS)
    if unknown:
        raise CrmCoreError(f"Unknown workshop steps: {', '.join(sorted(unknown))}.")
    _own_session(session, workspace_id, session_id).locked = ",".join(s for s in STEPS if s in steps)
    session.flush()


def set_passcode(*, session: Session, workspace_id: str, passcode: str) -> None:
    """Require ``passcode`` to join this workspace's workshops; an empty one removes it."""
    passcode = passcode.strip()
    if passcode and len(passcode) < 4:
        raise CrmCoreError("Make the passcode at least 4 characters long.")
    store.put_setting(session=session, workspace_id=workspace_id, key=PASSCODE_KEY,
                      value=hash_secret(passcode) if passcode else {})


def requires_passcode(*, session: Session, workspace_id: str) -> bool:
    return bool(store.get_setting(session=session, workspace_id=workspace_id, key=PASSCODE_KEY))


# --- joining --------------------------------------------------------------------------------------


def find_open_session(*, session: Session, code: str) -> WorkshopSession | None:
    """The open session with ``code`` as a participant typed it."""
    return workshops.open_session_with_code(session=session, code=normalise_code(code))


def join(*, session: Session, code: str, name: str, passcode: str = "") -> tuple[WorkshopParticipant, str]:
    """A new participant and the token their browser keeps (shown once, stored only hashed)."""
    workshop = find_open_session(session=session, code=code)
    if workshop is None:
        raise NotFoundError("No open workshop has that code: check it with the facilitator.")
    stored = store.get_setting(session=session, workspace_id=workshop.workspace_id, key=PASSCODE_KEY)
    if stored and not secret_matches(passcode, stored):
        raise WrongPasscodeError("That passcode is not right: ask the facilitator for it.")
    name = " ".join((name or "").split())
    if not name or len(name) > 120:
        raise CrmCoreError("Type your name (up to 120 characters) to join.")
    taken = f"Someone called {name} has already joined: add an initial to tell you apart."
    if workshops.name_taken(session=session, session_id=workshop.id, name=name):
        raise CrmCoreError(taken)
    token = new_token()
    try:
        with session.begin_nested():  # the same name joining at the same moment: the database decides
            row = WorkshopParticipant(workspace_id=workshop.workspace_id, session_id=workshop.id, name=name,
                                      token_hash=hash_token(token))
            session.add(row)
    except IntegrityError as error:
        raise CrmCoreError(taken) from error
    return row, token


@dataclass(frozen=True)
class Identity:
    participant: WorkshopParticipant
    workshop: WorkshopSession

    @property
    def workspace_id(self) -> str:
        return self.workshop.workspace_id


def identify(*, session: Session, token: str) -> Identity | None:
    """Who holds ``token``, in an open session; None for an unknown token or a closed session."""
    if not token:
        return None
    found = workshops.participant_with_token(session=session, token_hash=hash_token(token))
    return Identity(*found) if found else None


def _require(session: Session, token: str, step: str | None = None) -> Identity:
    who = identify(session=session, token=token)
    if who is None:
        raise NotFoundError("This workshop has ended or your link is no longer valid: join again with the code.")
    if step and step in locked_steps(who.workshop):
        raise CrmCoreError(f"The facilitator has closed {STEP_LABELS[step].lower()} for now.")
    return who


def _entry(session: Session, who: Identity, **target: str) -> None:
    session.add(WorkshopEntry(workspace_id=who.workspace_id, session_id=who.workshop.id,
                              participant_id=who.participant.id, **target))
    session.flush()


# --- participants' input ---------------------------------------------------------------------------


def add_gap(*, session: Session, token: str, title: str, current: str = "", desired: str = "") -> Gap:
    who = _require(session, token, "gaps")
    gap = records.add_gap(session=session, workspace_id=who.workspace_id, origin="workshop",
                          gap=GapCreate(title=title, current_experience=current, desired_experience=desired))
    _entry(session, who, gap_id=gap.id)
    return gap


def add_why(*, session: Session, token: str, gap_id: str, answer: str, parent_id: str | None = None) -> WhyNode:
    who = _require(session, token, "whys")
    node = records.add_why(session=session, workspace_id=who.workspace_id, gap_id=gap_id, parent_id=parent_id,
                           answer=answer)
    _entry(session, who, why_id=node.id)
    return node


def propose_target(*, session: Session, token: str, goal_id: str, target: float | None) -> GoalTargetProposal:
    who = _require(session, token, "targets")
    proposal = records.propose_target(session=session, workspace_id=who.workspace_id, goal_id=goal_id,
                                      participant=who.participant.name, participant_id=who.participant.id,
                                      target=target)
    if not workshops.entries(session=session, proposal_id=proposal.id):
        _entry(session, who, proposal_id=proposal.id)
    return proposal


def _own_entry(session: Session, who: Identity, entry_id: str) -> WorkshopEntry:
    entry = session.get(WorkshopEntry, entry_id)
    if entry is None or entry.workspace_id != who.workspace_id:
        raise NotFoundError("That entry no longer exists: reload the page.")
    if entry.participant_id != who.participant.id:
        raise NotYoursError("That entry is someone else's: only its author can change it.")
    return entry


def my_entries(*, session: Session, token: str) -> list[WorkshopEntry]:
    who = _require(session, token)
    return workshops.entries(session=session, participant_id=who.participant.id)


def edit_entry(*, session: Session, token: str, entry_id: str, text: str) -> None:
    """Reword one's own gap (its title) or why (its answer)."""
    who = _require(session, token)
    entry = _own_entry(session, who, entry_id)
    if entry.gap_id:
        _require(session, token, "gaps")
        gap = records.get_gap(session=session, workspace_id=who.workspace_id, gap_id=entry.gap_id)
        records.update_gap(session=session, workspace_id=who.workspace_id, gap_id=entry.gap_id,
                           gap=GapCreate(title=text, current_experience=gap.current_experience,
                                         desired_experience=gap.desired_experience, stage=gap.stage,
                                         departments=[d for d in gap.departments.split(",") if d],
                                         evidence=gap.evidence))
    elif entry.why_id:
        _require(session, token, "whys")
        records.update_why(session=session, workspace_id=who.workspace_id, node_id=entry.why_id, answer=text)
    else:
        raise CrmCoreError("Propose a new target instead: it replaces your earlier one.")


def delete_entry(*, session: Session, token: str, entry_id: str) -> None:
    who = _require(session, token)
    entry = _own_entry(session, who, entry_id)
    session.delete(entry)  # first: the rows below take their own entries with them (cascade)
    session.flush()
    if entry.gap_id:
        records.delete_gap(session=session, workspace_id=who.workspace_id, gap_id=entry.gap_id)
    elif entry.why_id:
        records.delete_why_subtree(session=session, workspace_id=who.workspace_id, node_id=entry.why_id)
    elif entry.proposal_id:
        records.delete_target_proposal(session=session, workspace_id=who.workspace_id, proposal_id=entry.proposal_id)


# --- dot votes ------------------------------------------------------------------------------------


def vote_options(*, session: Session, workspace_id: str) -> dict[str, str]:
    """What can be voted on: ``gap:<id>`` -> title, and ``rec:<finding code>`` -> title for the
    findings of the latest audit run (each finding code is one recommendation's key)."""
    options = {f"gap:{g.id}": g.title for g in records.list_gaps(session=session, workspace_id=workspace_id)}
    runs = audit_runs.list_runs(session=session, workspace_id=workspace_id)
    for area in json.loads(runs[-1].results_json).values() if runs else ():
        for finding in area.get("findings", []):
            if finding["severity"] != "info":
                options[f"rec:{finding['code']}"] = finding["title"]
    return options


def my_votes(*, session: Session, token: str) -> list[WorkshopVote]:
    who = _require(session, token)
    return workshops.votes(session=session, session_id=who.workshop.id, participant_id=who.participant.id)


def free_slot(votes: list[WorkshopVote], votes_each: int) -> int | None:
    used = {v.slot for v in votes}
    return next((slot for slot in range(votes_each) if slot not in used), None)


def cast_vote(*, session: Session, token: str, target: str, slot: int) -> WorkshopVote:
    """Put the dot of ``slot`` on ``target``; the same slot sent again is the same vote."""
    who = _require(session, token, "votes")
    if not 0 <= slot < who.workshop.votes_each:
        raise CrmCoreError(f"You have used all {who.workshop.votes_each} of your votes: take one back to move it.")
    if target not in vote_options(session=session, workspace_id=who.workspace_id):
        raise NotFoundError("That item can no longer be voted on: reload the page.")
    def in_slot() -> WorkshopVote | None:
        found = workshops.votes(session=session, session_id=who.workshop.id, participant_id=who.participant.id,
                                slot=slot)
        return found[0] if found else None

    existing = in_slot()
    if existing is None:
        try:
            with session.begin_nested():
                existing = WorkshopVote(workspace_id=who.workspace_id, session_id=who.workshop.id,
                                        participant_id=who.participant.id, target=target, slot=slot)
                session.add(existing)
        except IntegrityError:  # the same click, arriving twice at once
            existing = in_slot()
    if existing.target != target:
        raise CrmCoreError("That vote is already placed elsewhere: your screen was out of date, try again.")
    return existing


def withdraw_vote(*, session: Session, token: str, slot: int) -> None:
    who = _require(session, token, "votes")
    for vote in workshops.votes(session=session, session_id=who.workshop.id, participant_id=who.participant.id,
                                slot=slot):
        session.delete(vote)
    session.flush()


# --- the facilitator's live board ------------------------------------------------------------------


@dataclass(frozen=True)
class Board:
    """Everything the room has added, for the facilitator's screen and the presentation."""

    participants: tuple[str, ...]
    authors: dict[str, str]  # gap, why or proposal id -> participant name
    tallies: tuple[tuple[str, str, int], ...]  # (target, label, votes), most votes first
    voters: int


def board(*, session: Session, workspace_id: str, session_id: str) -> Board:
    workshop = _own_session(session, workspace_id, session_id)
    people = {p.id: p.name for p in workshops.participants(session=session, session_id=workshop.id)}
    authors = {entry.gap_id or entry.why_id or entry.proposal_id: people.get(entry.participant_id, "")
               for entry in workshops.entries(session=session, session_id=workshop.id)}
    votes = workshops.votes(session=session, session_id=workshop.id)
    options = vote_options(session=session, workspace_id=workspace_id)
    counts = Counter(v.target for v in votes if v.target in options)
    tallies = tuple(sorted(((t, options[t], n) for t, n in counts.items()), key=lambda row: (-row[2], row[1])))
    return Board(tuple(people.values()), authors, tallies, len({v.participant_id for v in votes}))


# --- what the screens show ----------------------------------------------------------------------


def app_base_url(page_url: str) -> str:
    """The app's address from the address of its workshop page (query and page dropped)."""
    from urllib.parse import urlsplit, urlunsplit

    parts = urlsplit(page_url or "")
    path = parts.path.rstrip("/")
    if path.endswith("/workshop") or path == "workshop":
        path = path[: -len("workshop")].rstrip("/")
    return urlunsplit((parts.scheme, parts.netloc, path, "", ""))


def tally_table(tallies) -> pd.DataFrame:
    """Vote results; columns target, label, votes (most votes first)."""
    return pd.DataFrame(list(tallies), columns=["target", "label", "votes"])


def build_vote_chart(table, *, font_size: int = 16) -> alt.Chart:
    """Horizontal bars, one per voted item, longest on top, the count at the end of each bar;
    ``font_size`` sets the labels (larger on the projector)."""
    base = alt.Chart(table).encode(
        y=alt.Y("label:N", sort="-x", title=None,
                axis=alt.Axis(labelLimit=40 * font_size, labelFontSize=font_size, labelColor="#222")),
        x=alt.X("votes:Q", title="Votes", axis=alt.Axis(tickMinStep=1, labelFontSize=font_size * 0.8,
                                                        titleFontSize=font_size * 0.8)),
    )
    bars = base.mark_bar(color="#1f6feb")
    counts = base.mark_text(align="left", dx=6, fontSize=font_size * 1.1, fontWeight="bold").encode(text="votes:Q")
    return alt.layer(bars, counts).properties(height=alt.Step(font_size * 2.75))
