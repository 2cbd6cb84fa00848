"""Imported data sources and the column mappings saved per export layout."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlmodel import Session

from crm_core.models import (
    DataSource,
    SavedMapping,
    utc_now,
)


def list_data_sources(*, session: Session, workspace_id: str) -> list[DataSource]:
    statement = (
        select(DataSource)
        .where(DataSource.workspace_id == workspace_id)
        .order_by(DataSource.entity)
    )
    return list(session.execute(statement).scalars())


def get_data_source(*, session: Session, workspace_id: str, entity: str) -> DataSource | None:
    statement = select(DataSource).where(
        DataSource.workspace_id == workspace_id, DataSource.entity == entity
    )
    return session.execute(statement).scalars().first()


def count_data_sources(*, session: Session, workspace_id: str) -> int:
    statement = select(func.count()).select_from(DataSource).where(
        DataSource.workspace_id == workspace_id
    )
    return int(session.execute(statement).scalar_one())


def get_saved_mapping(
    *, session: Session, workspace_id: str, entity: str, header_signature: str
) -> SavedMapping | None:
    statement = select(SavedMapping).where(
        SavedMapping.workspace_id == workspace_id,
        SavedMapping.entity == entity,
        SavedMapping.header_signature == header_signature,
    )
    return session.execute(statement).scalars().first()


def save_mapping(
    *, session: Session, workspace_id: str, entity: str, header_signature: str, mapping_json: str
) -> SavedMapping:
    saved = get_saved_mapping(
        session=session, workspace_id=workspace_id, entity=entity, header_signature=header_signature
    )
    if saved is None:
        saved = SavedMapping(
            workspace_id=workspace_id, entity=entity, header_signature=header_signature
        )
    saved.mapping_json = mapping_json
    saved.updated_at = utc_now()
    session.add(saved)
    session.flush()
    return saved
