"""Who is at this browser tab, and what they may open.

- **Solo** (``make run``, the default): the server listens on 127.0.0.1, so the visitor is the
  person at this machine; no sign-in. A visitor from elsewhere (a server started by hand on
  another address) gets one sentence and nothing else.
- **Room** (``make workshop``): the server listens on the local network; every screen but the
  participant's join view needs the facilitator's sign-in, kept for this browser tab.
- A **participant** (a join code or a participant link in the URL, or a join in this tab) only
  ever gets the join view of their own workshop, whoever they are.
"""

from __future__ import annotations

import streamlit as st

from crm_core import facilitator, network
from crm_core.errors import CrmCoreError
from crm_core.throttle import Throttle
from ui import autosave, cached, state

SIGNED_IN = "access.signed_in"


@st.cache_resource
def throttle() -> Throttle:
    """Failed sign-ins and joins per address, shared by every session of this process."""
    return Throttle()


def _ip() -> str | None:
    """The visitor's IP address; None for this machine. Streamlit gives a string or None (its
    in-process test harness, which runs on this machine, gives a stand-in object)."""
    ip = st.context.ip_address
    return ip if isinstance(ip, str) else None


def address() -> str:
    """The visitor's address as a throttle key (``local`` for this machine)."""
    ip = _ip()
    return "local" if network.is_loopback(ip) else ip


def from_this_machine() -> bool:
    return network.is_loopback(_ip())


def room_mode() -> bool:
    return cached.settings().room_mode


def is_facilitator() -> bool:
    """May this tab open the workbench's screens (every workspace, every download)?"""
    if room_mode():
        return bool(st.session_state.get(SIGNED_IN))
    return from_this_machine()


def participant_route() -> bool:
    """Whether this tab shows the participant's join view: it joined, or its URL is a join
    or participant link."""
    params = st.query_params
    return bool(st.session_state.get(state.WORKSHOP_TOKEN) or params.get(state.JOIN_QUERY_PARAM)
                or params.get(state.PARTICIPANT_QUERY_PARAM))


def refuse_remote_in_solo_mode() -> None:
    st.title("CRM Audit Workbench")
    st.error("This workbench runs in solo mode and only answers the computer it runs on: to let phones "
             "join a workshop, the facilitator restarts it with `make workshop`.", icon=":material/lock:")
    st.stop()


def sign_in_panel() -> None:
    """The facilitator's way in, under the join form in room mode."""
    if not room_mode():
        return
    if not autosave.read(facilitator.passphrase_is_set):
        if not from_this_machine():
            st.caption("The facilitator has not chosen a passphrase yet: open the workbench on the computer "
                       "that runs it to choose one.")
            return
        with st.expander("Facilitator: choose the passphrase for this room", expanded=True, icon=":material/key:"):
            st.write("Participants need no passphrase. You will sign in with this one from any device; "
                     "it is kept only as a salted hash.")
            with st.form("access.choose"):
                first = st.text_input("Passphrase (at least 8 characters)", type="password", key="access.new")
                again = st.text_input("The same passphrase again", type="password", key="access.again")
                if st.form_submit_button("Save and sign in", type="primary"):
                    if autosave.write(facilitator.choose_passphrase, passphrase=first, repeated=again):
                        st.session_state[SIGNED_IN] = True
                        st.rerun()
        return
    with st.expander("Facilitator sign-in", icon=":material/key:"):
        with st.form("access.sign_in"):
            passphrase = st.text_input("Passphrase", type="password", key="access.passphrase")
            if st.form_submit_button("Sign in", type="primary"):
                try:
                    autosave.read(facilitator.sign_in, passphrase=passphrase, address=address(), throttle=throttle())
                except CrmCoreError as error:
                    st.error(str(error), icon=":material/error:")
                else:
                    st.session_state[SIGNED_IN] = True
                    st.query_params.clear()
                    st.rerun()


def sign_out_button() -> None:
    if room_mode() and st.sidebar.button("Sign out", key="access.sign_out", icon=":material/logout:"):
        st.session_state.clear()
        st.query_params.clear()
        st.rerun()


def show_failure(error: Exception) -> None:
    """A screen's unexpected error: one sentence for everyone, the details for the facilitator."""
    if isinstance(error, CrmCoreError):
        st.error(str(error), icon=":material/error:")
        return
    st.error("This screen hit an unexpected problem and stopped; your saved work is safe. Reload the page, "
             "and if it happens again, note what you did just before.", icon=":material/error:")
    if not participant_route() and is_facilitator():
        with st.expander("Details for the facilitator"):
            st.exception(error)
