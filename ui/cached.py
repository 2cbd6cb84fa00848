"""Resources made once per process and pure work cached on a data version."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import streamlit as st
from sqlalchemy.engine import Engine

from crm_core import data_folder, network, store
from crm_core.schema import generated_ids
from crm_core.settings import Settings, load_settings


def settings() -> Settings:
    return load_settings()


@st.cache_resource(show_spinner="Opening the workbench database...")
def _engine_for(db_url: str) -> Engine:
    return store.open_store(db_url)


def engine() -> Engine:
    """The engine for the configured database, migrated to the latest schema on first use."""
    return _engine_for(settings().db_url)


@st.cache_resource(show_spinner=False)
def lan_addresses() -> list[str]:
    """This machine's network addresses, read once at start (for room-mode join links)."""
    return network.lan_addresses()


@st.cache_resource(show_spinner=False)
def _started(data_dir: str) -> list[str]:
    return [str(path) for path in data_folder.clean_leftovers(Path(data_dir))]


def start() -> None:
    """What the app does once per process before any page: open (and upgrade) the database,
    and remove the staging folders an import or restore killed mid-way left behind."""
    engine()
    _started(str(settings().data_dir))


@st.cache_data(max_entries=24, show_spinner="Loading the imported data...")
def _source_table(data_dir: str, workspace_id: str, table_path: str, source_id: str) -> pd.DataFrame:
    """One imported table; ``source_id`` is the data version (a re-import gets a new id)."""
    return pd.read_parquet(data_folder.source_file(Path(data_dir), workspace_id, table_path))


def source_tables(workspace_id: str) -> dict[str, pd.DataFrame]:
    """Every imported table of the workspace by entity, read once and then cached.

    Audits cache their own results keyed on :func:`data_version`, never on the frames.
    """
    with store.session_scope(engine()) as session:
        sources = store.list_data_sources(session=session, workspace_id=workspace_id)
    data_dir = str(settings().data_dir)
    return {s.entity: _source_table(data_dir, workspace_id, s.table_path, s.id) for s in sources}


@st.cache_data(max_entries=8, show_spinner=False)
def _record_ids(data_dir: str, workspace_id: str, table_path: str, source_id: str) -> pd.Series:
    path = data_folder.source_file(Path(data_dir), workspace_id, table_path)
    if "record_id" in pq.read_schema(path).names:
        return pd.read_parquet(path, columns=["record_id"])["record_id"].astype("string")
    return generated_ids(pq.read_metadata(path).num_rows)


def record_ids(workspace_id: str, entity: str) -> pd.Series:
    """Every record id of one imported table (the ids the audits use), without reading its rows."""
    with store.session_scope(engine()) as session:
        source = store.get_data_source(session=session, workspace_id=workspace_id, entity=entity)
    if source is None:
        return pd.Series([], dtype="string")
    return _record_ids(str(settings().data_dir), workspace_id, source.table_path, source.id)


def imported_entities(workspace_id: str) -> set[str]:
    """Which exports the workspace has imported (contacts, deals...), without reading them."""
    with store.session_scope(engine()) as session:
        return {s.entity for s in store.list_data_sources(session=session, workspace_id=workspace_id)}


def data_version(workspace_id: str) -> str:
    """Changes whenever an import is added, replaced or deleted: the key audit caches use."""
    with store.session_scope(engine()) as session:
        sources = store.list_data_sources(session=session, workspace_id=workspace_id)
    return ",".join(f"{s.entity}:{s.id}" for s in sources)


def workspace_setting(workspace_id: str, key: str) -> dict | None:
    with store.session_scope(engine()) as session:
        return store.get_setting(session=session, workspace_id=workspace_id, key=key)


def save_workspace_setting(workspace_id: str, key: str, value: dict) -> None:
    with store.session_scope(engine()) as session:
        store.put_setting(session=session, workspace_id=workspace_id, key=key, value=value)
