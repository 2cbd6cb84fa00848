"""The Workspace page's guided path in a real browser: a new workspace is pointed at its first
step, the link opens that step, and what is done there changes the guidance."""

import re

import pytest

from tests.e2e.conftest import wait_idle

pytestmark = pytest.mark.e2e


def test_the_next_step_is_followed_from_an_empty_workspace(page, app_url, tmp_path):
    page.set_viewport_size({"width": 1920, "height": 1080})
    page.get_by_label("Workspace name").first.fill("Guided 2026-Q4")
    page.get_by_role("button", name="Create workspace").click()
    page.get_by_text("Created workspace 'Guided 2026-Q4'.").wait_for()
    wait_idle(page)
    page.get_by_text("Next step: Goals").wait_for()
    page.get_by_text("No goal yet for Marketing, Sales and Support").first.wait_for()  # the guide and the card
    page.screenshot(path=tmp_path / "guided-empty-1920.png", full_page=True)

    page.get_by_role("link", name="Go to Goals").click()
    wait_idle(page)
    page.get_by_role("heading", name="Goals").first.wait_for()
    for template in ("Churn -25% by the end of next quarter", "Sales cycle from 4 months to 2",
                     "CAC from $115 to $80 by year end"):
        page.get_by_role("button", name=template).click()
        wait_idle(page)

    page.get_by_role("link", name="Workspace").first.click()
    wait_idle(page)
    # Every team has a goal now; the guidance moves on to what the first goal still lacks.
    page.get_by_text(re.compile(r"The goal '.+' has no")).first.wait_for()
    assert page.get_by_text("No goal yet for").count() == 0
