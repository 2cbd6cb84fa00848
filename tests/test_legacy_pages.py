"""The Streamlit internals ui/legacy_pages.py relies on still exist in the installed Streamlit.

If this fails after an upgrade: check the deep-link browser test (tests/e2e/test_deep_link.py),
adapt ui/legacy_pages.py, and move the pin in requirements.txt to the range verified.
"""

import inspect

import streamlit
from streamlit.runtime import pages_manager
from streamlit.runtime.scriptrunner import script_runner


def test_the_legacy_pages_flag_and_runner_are_where_the_workaround_looks():
    assert hasattr(pages_manager.PagesManager, "uses_pages_directory"), streamlit.__version__
    assert callable(getattr(script_runner, "_mpa_v1", None)), streamlit.__version__
    source = inspect.getsource(script_runner)
    assert "if PagesManager.uses_pages_directory:" in source and "_mpa_v1(self._main_script_path)" in source


def test_a_page_run_outside_the_legacy_runner_is_not_mistaken_for_one():
    from ui import legacy_pages

    assert legacy_pages.launched_by_legacy_runner() is False
