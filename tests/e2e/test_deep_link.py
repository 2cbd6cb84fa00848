"""A link straight to a page, as the first request a fresh server sees, still gets the frame."""

import pytest

from tests.e2e.conftest import wait_idle

pytestmark = pytest.mark.e2e


def test_deep_link_on_a_fresh_server_runs_inside_the_app(browser, app_url):
    context = browser.new_context(viewport={"width": 1440, "height": 1000})
    page = context.new_page()
    page.set_default_timeout(60_000)
    page.goto(f"{app_url}/data_sources")  # this module's server has served nothing before
    wait_idle(page)
    sidebar = page.get_by_test_id("stSidebar")
    sidebar.get_by_text("Stakeholders & ownership").wait_for()  # app.py's titles, not file names
    assert sidebar.get_by_text("audit data", exact=True).count() == 0
    page.get_by_text("Choose a workspace in the sidebar").wait_for()
    context.close()
