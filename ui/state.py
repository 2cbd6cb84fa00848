"""Session-state keys and their defaults, declared once.

Session state holds only what is on screen now. The chosen workspace also lives in the URL
(``?workspace=<id>``) so a browser refresh or a shared link lands on the same engagement.
"""

from __future__ import annotations

import streamlit as st

from ui import legacy_pages

WORKSPACE_ID = "workspace_id"
FLASH = "flash"  # a one-shot success message shown after a rerun
WORKSPACE_QUERY_PARAM = "workspace"

_DEFAULTS: dict[str, object] = {WORKSPACE_ID: None, FLASH: None}


def init_state() -> None:
    """Every facilitator page starts with this, so each also runs on its own (AppTest, deep
    links). A visitor who may not see the workbench gets nothing from a page even if it is
    reached some other way than through the frame's navigation."""
    legacy_pages.run_inside_the_frame()
    from ui import access

    if access.participant_route() or not access.is_facilitator():
        st.stop()
    adopt_workspace_from_url()


def adopt_workspace_from_url() -> None:
    """The workspace named in the URL (a refresh or a shared link) becomes this tab's choice
    when it has none yet; the frame calls it before drawing the sidebar's picker, so the picker
    shows it from the first run."""
    for key, value in _DEFAULTS.items():
        st.session_state.setdefault(key, value)
    from_url = st.query_params.get(WORKSPACE_QUERY_PARAM)
    if st.session_state[WORKSPACE_ID] is None and from_url:
        st.session_state[WORKSPACE_ID] = from_url


def init_participant_state() -> None:
    """The join page's start: the frame around it, nothing read from the URL but the join
    code and the participant's own token."""
    legacy_pages.run_inside_the_frame()


def select_workspace(workspace_id: str | None) -> None:
    st.session_state[WORKSPACE_ID] = workspace_id
    if workspace_id:
        st.query_params[WORKSPACE_QUERY_PARAM] = workspace_id
    else:
        st.query_params.pop(WORKSPACE_QUERY_PARAM, None)


def flash(message: str) -> None:
    """Show ``message`` once, after the rerun that the action triggers."""
    st.session_state[FLASH] = message


def show_flash() -> None:
    message = st.session_state.get(FLASH)
    if message:
        st.success(message)
        st.session_state[FLASH] = None


# --- live workshop participants --------------------------------------------------------------
WORKSHOP_TOKEN = "workshop.token"  # the participant's token; also in the URL as ?p=<token>
PARTICIPANT_QUERY_PARAM = "p"
JOIN_QUERY_PARAM = "code"  # a join link: <app>/?code=<join code>
PRESENT_QUERY_PARAM = "present"


def participant_token() -> str | None:
    """This browser's workshop identity: from the session, else from the URL (a refresh)."""
    token = st.session_state.get(WORKSHOP_TOKEN) or st.query_params.get(PARTICIPANT_QUERY_PARAM)
    if token:
        st.session_state[WORKSHOP_TOKEN] = token
    return token or None


def keep_participant_token(token: str | None) -> None:
    st.session_state[WORKSHOP_TOKEN] = token
    if token:
        st.query_params[PARTICIPANT_QUERY_PARAM] = token
        st.query_params.pop(JOIN_QUERY_PARAM, None)
    else:
        st.query_params.pop(PARTICIPANT_QUERY_PARAM, None)


def presenting() -> bool:
    """A presentation on the projector (``?present=1``): the page alone, without the sidebar."""
    return st.query_params.get(PRESENT_QUERY_PARAM) == "1"
