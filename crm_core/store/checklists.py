"""Typed, keyword-only store queries of the fit-for-purpose and compliance audits.

Checklist answers, the integrations inventory and the compliance profile. Every function takes
the ``workspace_id`` and only touches that workspace's rows, so a stale id from another tab
can never edit another engagement. Rules live in ``checklist``, ``fit`` and ``compliance``.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlmodel import Session

from crm_core import store
from crm_core.audit.checklists import Answer, item_by_id, require_status
from crm_core.audit.compliance.checks import SECTORS, ComplianceConfig
from crm_core.audit.fit.assessment import clean_integration
from crm_core.errors import CrmCoreError
from crm_core.models import ChecklistAnswer, ComplianceProfile, Integration, IntegrationCreate, utc_now


# --- checklist answers ------------------------------------------------------------------------


def list_answers(*, session: Session, workspace_id: str) -> list[ChecklistAnswer]:
    statement = select(ChecklistAnswer).where(ChecklistAnswer.workspace_id == workspace_id).order_by(
        ChecklistAnswer.item_id)
    return list(session.execute(statement).scalars())


def answers_by_item(*, session: Session, workspace_id: str) -> dict[str, Answer]:
    """item id -> answer, as the scoring functions take them."""
    return {row.item_id: Answer(row.item_id, row.status, row.evidence, row.owner)
            for row in list_answers(session=session, workspace_id=workspace_id)}


def save_answer(*, session: Session, workspace_id: str, item_id: str, status: str | None = None,
                evidence: str | None = None, owner: str | None = None) -> ChecklistAnswer:
    """Set any of the status, evidence note and owner of one item's answer (None: unchanged)."""
    store.require_workspace(session=session, workspace_id=workspace_id)
    item = item_by_id(item_id)
    if item is None:
        raise CrmCoreError(f"'{item_id}' is not a checklist item any more: reload the page.")
    statement = select(ChecklistAnswer).where(ChecklistAnswer.workspace_id == workspace_id,
                                              ChecklistAnswer.item_id == item_id)
    row = session.execute(statement).scalars().first() or ChecklistAnswer(workspace_id=workspace_id, item_id=item_id)
    if status is not None:
        row.status = require_status(item, status)
    if evidence is not None:
        row.evidence = evidence.strip()
    if owner is not None:
        row.owner = " ".join(owner.split())
        store.check_text_lengths(ChecklistAnswer, {"owner": row.owner})
    row.answered_at = utc_now()
    store.save_workspace_row(session=session, row=row, workspace_id=workspace_id)
    return row


# --- integrations inventory --------------------------------------------------------------------


def list_integrations(*, session: Session, workspace_id: str) -> list[Integration]:
    statement = select(Integration).where(Integration.workspace_id == workspace_id).order_by(
        Integration.category, Integration.system, Integration.id)
    return list(session.execute(statement).scalars())


def _integration(session: Session, workspace_id: str, integration_id: str) -> Integration:
    return store.require_owned(session=session, model=Integration, workspace_id=workspace_id,
                               row_id=integration_id, what="integration")


def add_integration(*, session: Session, workspace_id: str, integration: IntegrationCreate) -> Integration:
    return store.add_owned(session=session, model=Integration, workspace_id=workspace_id,
                           values=clean_integration(integration))


def update_integration(*, session: Session, workspace_id: str, integration_id: str,
                       integration: IntegrationCreate) -> Integration:
    row = _integration(session, workspace_id, integration_id)
    return store.update_owned(session=session, row=row, workspace_id=workspace_id,
                              values=clean_integration(integration))


def delete_integration(*, session: Session, workspace_id: str, integration_id: str) -> None:
    store.delete_workspace_row(session=session, row=_integration(session, workspace_id, integration_id),
                               workspace_id=workspace_id)


# --- compliance profile --------------------------------------------------------------------------


def get_compliance_profile(*, session: Session, workspace_id: str) -> ComplianceProfile | None:
    statement = select(ComplianceProfile).where(ComplianceProfile.workspace_id == workspace_id)
    return session.execute(statement).scalars().first()


def compliance_config(*, session: Session, workspace_id: str) -> ComplianceConfig:
    """The data checks' settings from the profile, or the defaults when none is saved."""
    profile = get_compliance_profile(session=session, workspace_id=workspace_id)
    if profile is None:
        return ComplianceConfig()
    return ComplianceConfig(tuple(profile.regimes.split()), profile.retention_months, profile.dormant_login_days)


def save_compliance_profile(*, session: Session, workspace_id: str, regimes: list[str] | tuple[str, ...],
                            sector: str, retention_months: int, dormant_login_days: int) -> ComplianceProfile:
    """Store the regimes, sector and periods, or a sentence when one makes no sense."""
    store.require_workspace(session=session, workspace_id=workspace_id)
    config = ComplianceConfig(tuple(dict.fromkeys(regimes)), int(retention_months), int(dormant_login_days))
    if sector and sector not in SECTORS:
        raise CrmCoreError(f"'{sector}' is not a sector the workbench knows: choose one from the list.")
    row = get_compliance_profile(session=session, workspace_id=workspace_id) or ComplianceProfile(
        workspace_id=workspace_id)
    row.regimes, row.sector = " ".join(config.regimes), sector
    row.retention_months, row.dormant_login_days = config.retention_months, config.dormant_login_days
    row.updated_at = utc_now()
    store.save_workspace_row(session=session, row=row, workspace_id=workspace_id)
    return row
