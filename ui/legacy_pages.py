"""The one place the workbench leans on Streamlit internals, kept small and tested.

With a folder named ``pages/`` beside app.py, Streamlit treats the app as an old-style
multipage app until ``st.navigation`` first runs (``PagesManager.uses_pages_directory``), and so
runs a page opened by its URL (``/goals``) on its own: no frame, no visitor check, every file
listed. No public option turns that discovery off while the screens stay in ``pages/``, so a run
launched that way turns the process-wide flag off and reruns, which hands the request to app.py.
The run is recognised by its caller (Streamlit's ``_mpa_v1``), not by the flag alone, because
several first requests can start together while the first of them is already turning it off.

Verified on the Streamlit range pinned in requirements.txt; ``tests/test_legacy_pages.py`` fails
loudly when an upgrade moves either internal, and the deep-link browser test checks the effect.
"""

from __future__ import annotations

import sys

import streamlit as st


def run_inside_the_frame() -> None:
    """Called first by every page: rerun into app.py when Streamlit ran this page on its own."""
    from streamlit.runtime.pages_manager import PagesManager

    if PagesManager.uses_pages_directory or launched_by_legacy_runner():
        PagesManager.uses_pages_directory = False
        st.rerun()


def launched_by_legacy_runner() -> bool:
    frame = sys._getframe(1)
    while frame is not None:
        if frame.f_code.co_name == "_mpa_v1":  # Streamlit's runner for a pages/ folder
            return True
        frame = frame.f_back
    return False
