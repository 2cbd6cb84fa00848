"""Save-on-change for the live workshop screens: every edit goes to the store at once, so a
browser refresh never loses what the room typed.

Each helper calls one typed store query with its keyword arguments, in a short session of
its own. Widget callbacks (:func:`on_change`) run before the page is drawn
again, so a problem one meets is kept under the page's key and shown where the page calls
:func:`show_problem`, next to its inputs, instead of being printed above the page.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import streamlit as st

from crm_core import store
from crm_core.errors import CrmCoreError
from ui import cached, state
from ui.markdown import escape

T = TypeVar("T")


def read(query: Callable[..., T], **arguments: Any) -> T:
    """``query(session=..., **arguments)`` in one short session."""
    with store.session_scope(cached.engine()) as session:
        return query(session=session, **arguments)


def write(query: Callable[..., object], **arguments: Any) -> bool:
    """Run a change in its own unit of work; True when saved, else the problem is shown here."""
    try:
        read(query, **arguments)
    except CrmCoreError as error:
        st.error(str(error), icon=":material/error:")
        return False
    return True


def save(message: str, query: Callable[..., object], *, new_form: str | None = None, **arguments: Any) -> None:
    """Save a change; on success say ``message`` (user text welcome: it is escaped) after the
    rerun that shows the new state, and empty the "add" form ``new_form`` (see
    :func:`new_form_key`). On failure the problem is shown and the form keeps what was typed."""
    if write(query, **arguments):
        saved(message, new_form=new_form)


def saved(message: str, *, new_form: str | None = None) -> None:
    """After a change was saved: empty the "add" form ``new_form``, say ``message`` (escaped)
    and rerun to show the new state."""
    if new_form is not None:
        st.session_state[_form_version(new_form)] = st.session_state.get(_form_version(new_form), 0) + 1
    state.flash(escape(message))
    st.rerun()


def new_form_key(name: str) -> str:
    """The key of an "add" form that keeps what was typed until it is saved: a form cleared on
    submit would lose the name and role typed when, say, the department was forgotten. The key
    changes, so the form starts empty, only after :func:`save` with ``new_form=name`` succeeds."""
    version = st.session_state.get(_form_version(name), 0)
    return name if not version else f"{name}.{version}"


def _form_version(name: str) -> str:
    return f"{name}.__version"


def on_change(page: str, query: Callable[..., T], *, widgets: dict[str, str] | None = None,
              then: Callable[[T], None] | None = None, **arguments: Any) -> Callable[[], None]:
    """A widget callback that saves at once: ``query`` gets ``arguments`` plus, for each
    ``widgets`` entry, the current value of that widget key; ``then`` gets the result, e.g. to
    move a selection to a row just created, which only a callback may do to a widget."""

    def run() -> None:
        values = {name: st.session_state.get(key) for name, key in (widgets or {}).items()}
        try:
            result = read(query, **arguments, **values)
        except CrmCoreError as error:
            st.session_state[_problem_key(page)] = str(error)
            return
        st.session_state.pop(_problem_key(page), None)
        if then is not None:
            then(result)

    return run


def show_problem(page: str) -> None:
    message = st.session_state.pop(_problem_key(page), None)
    if message:
        st.error(message, icon=":material/error:")


def _problem_key(page: str) -> str:
    return f"{page}.problem"
