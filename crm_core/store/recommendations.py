"""Typed, keyword-only store queries of the recommendations: people's decisions, manual
recommendations, links to goals and root causes, and the report's cover settings.

Every function takes the ``workspace_id`` and only touches that workspace's rows. The
recommendations themselves are computed (``crm_core.recommend``); only choices are stored,
keyed by the recommendation's stable key.
"""

from __future__ import annotations

import base64
import uuid
from collections.abc import Sequence
from dataclasses import asdict, dataclass

from sqlalchemy import delete, select
from sqlmodel import Session

from crm_core import store
from crm_core.errors import CrmCoreError, NotFoundError
from crm_core.models import (
    Goal, ManualRecommendation, RecommendationDecision, RecommendationLink, WhyNode, utc_now,
)
from crm_core.recommend import CONDITIONS, PRIORITIES, STATUSES, Decision, Links

REPORT_SETTING_KEY = "report"
MANUAL_PREFIX = "MANUAL."
LOGO_MAX_BYTES = 1_000_000
LOGO_TYPES = {b"\x89PNG": "png", b"\xff\xd8\xff": "jpeg"}


# --- decisions ----------------------------------------------------------------------------------


def list_decisions(*, session: Session, workspace_id: str) -> dict[str, Decision]:
    statement = select(RecommendationDecision).where(RecommendationDecision.workspace_id == workspace_id)
    return {row.rec_key: Decision(row.rec_key, row.priority, row.owner, row.due_date, row.status)
            for row in session.execute(statement).scalars()}


def save_decision(*, session: Session, workspace_id: str, decision: Decision) -> RecommendationDecision:
    """Store one recommendation's priority, owner, due date and status (replacing earlier ones)."""
    store.require_workspace(session=session, workspace_id=workspace_id)
    if decision.priority and decision.priority not in PRIORITIES:
        raise CrmCoreError(f"'{decision.priority}' is not a priority: choose {', '.join(PRIORITIES)}.")
    if decision.status not in STATUSES:
        raise CrmCoreError(f"'{decision.status}' is not a status: choose {', '.join(STATUSES)}.")
    values = {"rec_key": decision.rec_key, "priority": decision.priority, "owner": decision.owner.strip(),
              "status": decision.status}
    store.check_text_lengths(RecommendationDecision, values)
    statement = select(RecommendationDecision).where(RecommendationDecision.workspace_id == workspace_id,
                                                     RecommendationDecision.rec_key == decision.rec_key)
    row = session.execute(statement).scalars().first() or RecommendationDecision(workspace_id=workspace_id,
                                                                                 rec_key=decision.rec_key)
    row.priority, row.owner, row.status, row.due_date = (values["priority"], values["owner"], decision.status,
                                                         decision.due_date)
    row.updated_at = utc_now()
    store.save_workspace_row(session=session, row=row, workspace_id=workspace_id)
    return row


def save_decisions(*, session: Session, workspace_id: str, decisions: Sequence[Decision]) -> int:
    for decision in decisions:
        save_decision(session=session, workspace_id=workspace_id, decision=decision)
    return len(decisions)


# --- manual recommendations ---------------------------------------------------------------------


@dataclass(frozen=True)
class ManualDraft:
    """What a team types for its own recommendation; ``actions`` one step per line."""

    title: str = ""
    rationale: str = ""
    actions: str = ""
    area: str = ""
    priority: str = "important"
    impact: int = 3
    effort: int = 3
    owner: str = ""
    serves: tuple[str, ...] = ()


def clean_manual(draft: ManualDraft) -> dict[str, object]:
    """Trimmed values, or a sentence saying what to fix."""
    values = {key: value.strip() if isinstance(value, str) else value for key, value in asdict(draft).items()}
    if not values["title"]:
        raise CrmCoreError("A recommendation needs a title: say what should be done.")
    if values["priority"] not in PRIORITIES:
        raise CrmCoreError(f"Choose the priority: {', '.join(PRIORITIES)}.")
    for key in ("impact", "effort"):
        if not 1 <= int(values[key]) <= 5:
            raise CrmCoreError(f"Rate the {key} from 1 (lowest) to 5 (highest).")
        values[key] = int(values[key])
    unknown = [c for c in draft.serves if c not in CONDITIONS]
    if unknown:
        raise CrmCoreError(f"'{unknown[0]}' is not a success condition: choose {', '.join(CONDITIONS)}.")
    values["serves"] = " ".join(dict.fromkeys(draft.serves))
    store.check_text_lengths(ManualRecommendation, values)
    return values


def list_manual(*, session: Session, workspace_id: str) -> list[ManualRecommendation]:
    statement = select(ManualRecommendation).where(ManualRecommendation.workspace_id == workspace_id).order_by(
        ManualRecommendation.created_at, ManualRecommendation.id)
    return list(session.execute(statement).scalars())


def add_manual(*, session: Session, workspace_id: str, draft: ManualDraft) -> ManualRecommendation:
    store.require_workspace(session=session, workspace_id=workspace_id)
    row = ManualRecommendation(workspace_id=workspace_id, rec_key=f"{MANUAL_PREFIX}{uuid.uuid4().hex[:10].upper()}",
                               **clean_manual(draft))
    store.save_workspace_row(session=session, row=row, workspace_id=workspace_id)
    return row


def delete_manual(*, session: Session, workspace_id: str, rec_key: str) -> None:
    statement = select(ManualRecommendation).where(ManualRecommendation.workspace_id == workspace_id,
                                                   ManualRecommendation.rec_key == rec_key)
    row = session.execute(statement).scalars().first()
    if row is None:
        raise NotFoundError("That recommendation no longer exists (it may have been deleted in another window).")
    for model in (RecommendationDecision, RecommendationLink):
        session.execute(delete(model).where(model.workspace_id == workspace_id, model.rec_key == rec_key))
    session.delete(row)
    store.touch_workspace(session=session, workspace_id=workspace_id)
    session.flush()


# --- links to goals and root causes ---------------------------------------------------------------


def list_links(*, session: Session, workspace_id: str) -> Links:
    statement = select(RecommendationLink).where(RecommendationLink.workspace_id == workspace_id).order_by(
        RecommendationLink.id)
    goals: dict[str, list[str]] = {}
    causes: dict[str, list[str]] = {}
    for row in session.execute(statement).scalars():
        if row.goal_id:
            goals.setdefault(row.rec_key, []).append(row.goal_id)
        if row.why_node_id:
            causes.setdefault(row.rec_key, []).append(row.why_node_id)
    return Links({k: tuple(v) for k, v in goals.items()}, {k: tuple(v) for k, v in causes.items()})


def set_links(*, session: Session, workspace_id: str, rec_key: str, goal_ids: Sequence[str] = (),
              why_node_ids: Sequence[str] = ()) -> None:
    """Replace the goals a recommendation serves and the root causes it addresses."""
    store.require_workspace(session=session, workspace_id=workspace_id)
    for model, ids, what in ((Goal, goal_ids, "goal"), (WhyNode, why_node_ids, "root cause")):
        for row_id in ids:
            row = session.get(model, row_id)
            if row is None or row.workspace_id != workspace_id:
                raise NotFoundError(f"That {what} no longer exists (it may have been deleted in another window): "
                                    "reload the page.")
    session.execute(delete(RecommendationLink).where(RecommendationLink.workspace_id == workspace_id,
                                                     RecommendationLink.rec_key == rec_key))
    for goal_id in dict.fromkeys(goal_ids):
        session.add(RecommendationLink(workspace_id=workspace_id, rec_key=rec_key, goal_id=goal_id))
    for node_id in dict.fromkeys(why_node_ids):
        session.add(RecommendationLink(workspace_id=workspace_id, rec_key=rec_key, why_node_id=node_id))
    store.touch_workspace(session=session, workspace_id=workspace_id)
    session.flush()


# --- the report's cover ---------------------------------------------------------------------------


@dataclass(frozen=True)
class CoverSettings:
    """What the report's cover says: client, title, author, an optional logo (PNG or JPEG, as
    base64), and whether exports redact personal data by default (they do until the consultant
    turns it off: a report travels further than the workbench)."""

    client: str = ""
    title: str = ""
    author: str = ""
    logo_b64: str = ""
    redact: bool = True

    @property
    def logo(self) -> bytes | None:
        return base64.b64decode(self.logo_b64) if self.logo_b64 else None


def check_logo(content: bytes) -> str:
    """The logo as base64, or a sentence when it is not a small PNG or JPEG."""
    if len(content) > LOGO_MAX_BYTES:
        raise CrmCoreError(f"The logo is {len(content) / 1e6:.1f} MB: use an image under 1 MB.")
    if not any(content.startswith(magic) for magic in LOGO_TYPES):
        raise CrmCoreError("The logo must be a PNG or JPEG image.")
    return base64.b64encode(content).decode("ascii")


def get_cover(*, session: Session, workspace_id: str) -> CoverSettings:
    stored = store.get_setting(session=session, workspace_id=workspace_id, key=REPORT_SETTING_KEY) or {}
    known = set(CoverSettings.__dataclass_fields__)
    return CoverSettings(**{k: v for k, v in stored.items() if k in known})


def save_cover(*, session: Session, workspace_id: str, cover: CoverSettings) -> CoverSettings:
    store.require_workspace(session=session, workspace_id=workspace_id)
    for name, limit in (("client", 200), ("title", 200), ("author", 120)):
        value = getattr(cover, name).strip()
        if len(value) > limit:
            raise CrmCoreError(f"The {name} is {len(value)} characters long: keep it to {limit} at most.")
    store.put_setting(session=session, workspace_id=workspace_id, key=REPORT_SETTING_KEY, value=asdict(cover))
    return cover
