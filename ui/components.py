"""Render helpers shared by several pages."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

import streamlit as st

from crm_core import store
from crm_core.audit import kept
from crm_core.audit.area import AreaResult
from crm_core.errors import CrmCoreError
from crm_core.models import Workspace
from ui import cached, links, state

T = TypeVar("T")
HOME_PAGE = "pages/home.py"
STEP_PAGES = {  # progress step key -> page
    "goals": "pages/goals.py",
    "stakeholders": "pages/stakeholders.py",
    "gap_analysis": "pages/gap_analysis.py",
    "data_sources": "pages/data_sources.py",
    "audit_fit": "pages/audit_fit.py",
    "audit_data": "pages/audit_data.py",
    "audit_duplicates": "pages/audit_duplicates.py",
    "audit_usage": "pages/audit_usage.py",
    "audit_compliance": "pages/audit_compliance.py",
}


def current_workspace() -> Workspace | None:
    """The workspace chosen in this browser tab, or None (a deleted one is forgotten)."""
    workspace_id = st.session_state.get(state.WORKSPACE_ID)
    if not workspace_id:
        return None
    with store.session_scope(cached.engine()) as session:
        workspace = store.get_workspace(session=session, workspace_id=workspace_id)
    if workspace is None:
        state.select_workspace(None)
    return workspace


def require_workspace() -> Workspace:
    """The current workspace; stops the page with a pointer home when there is none."""
    workspace = current_workspace()
    if workspace is None:
        st.info("Choose a workspace in the sidebar, or create one on the Workspace page.")
        links.page_link_if_registered(HOME_PAGE, label="Go to the Workspace page", icon=":material/home:")
        st.stop()
    return workspace


def workspace_picker() -> None:
    """Sidebar selector over every workspace in the store."""
    with store.session_scope(cached.engine()) as session:
        workspaces = store.list_workspaces(session=session)
    if not workspaces:
        st.sidebar.caption("No workspace yet: create one or load the sample company.")
        return
    ids = [w.id for w in workspaces]
    labels = {w.id: f"{w.name} · {w.period}" if w.period else w.name for w in workspaces}
    current = st.session_state.get(state.WORKSPACE_ID)
    index = ids.index(current) if current in ids else None
    chosen = st.sidebar.selectbox(
        "Workspace",
        ids,
        index=index,
        format_func=labels.__getitem__,
        placeholder="Choose a workspace",
        key=f"sidebar.workspace.{current}",
    )
    if chosen != current:
        state.select_workspace(chosen)
        st.rerun()


def attempt(action: Callable[[], T]) -> T | None:
    """Run ``action``; a problem the user can fix is shown as one sentence, not a traceback."""
    try:
        return action()
    except CrmCoreError as error:
        st.error(str(error), icon=":material/error:")
        return None


def kept_audit(workspace_id: str, *, with_issues: bool = False, areas: tuple[str, ...] | None = None):
    """The workspace's audit for its current data version (only ``areas`` when given): the kept
    one, or computed once here with a progress bar and kept for every other screen, the report
    and the command line. Screens show scores and findings, so record-level issues are left
    unread by default (:func:`kept_issues` reads them when asked)."""
    bar = st.empty()
    audit = attempt(lambda: kept.workspace_audit(
        engine=cached.engine(), data_dir=cached.settings().data_dir, workspace_id=workspace_id,
        with_issues=with_issues, areas=areas, tables=lambda: cached.source_tables(workspace_id),
        progress=lambda fraction, message: bar.progress(fraction, text=message) if fraction < 1 else None))
    bar.empty()
    return audit


def kept_area(workspace_id: str, area: str) -> AreaResult | None:
    """One area's kept result for the current data (see :func:`kept_audit`); None when its
    exports are missing or the audit could not run (the sentence is already on screen)."""
    audit = kept_audit(workspace_id, areas=(area,))
    return None if audit is None else audit.areas.get(area)


def kept_issues(workspace_id: str, area: str, check: str | None = None, limit: int | None = None):
    """The kept area's record-level issues (one check's when given, the first ``limit`` when
    given), for a table or a download."""
    return kept.area_issues(engine=cached.engine(), data_dir=cached.settings().data_dir,
                            workspace_id=workspace_id, area=area, check=check, limit=limit)
