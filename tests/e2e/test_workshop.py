"""The live workshop in two browsers: the facilitator opens a session, a participant on a phone
joins with the code, adds a gap and votes; the facilitator's screen shows both without a reload."""

import re

import pytest

from tests.e2e.conftest import join_from_phone, wait_idle

pytestmark = pytest.mark.e2e


def test_a_participant_joins_adds_a_gap_and_votes_live(browser, app_url, page, tmp_path):
    page.get_by_label("Workspace name").first.fill("Globex workshop")
    page.get_by_role("button", name="Create workspace").click()
    page.get_by_text("Created workspace 'Globex workshop'.").wait_for()
    wait_idle(page)
    workspace_id = re.search(r"workspace=(\w+)", page.url).group(1)
    page.goto(f"{app_url}/workshop?workspace={workspace_id}")
    wait_idle(page)
    page.get_by_role("button", name="Open workshop").click()
    wait_idle(page)
    link = page.get_by_text(re.compile(r"/\?code=")).first.inner_text()
    code = re.search(r"code=([A-Z0-9]{6})", link).group(1)
    page.get_by_role("img", name="Scan to join").or_(page.get_by_text("Scan to join")).first.wait_for()

    phone_context, phone = join_from_phone(browser, app_url, code, "Ann")
    try:
        assert "p=" in phone.url  # a refresh keeps the identity
        phone.get_by_label("A gap: what customers experience").fill("Quotes take a week")
        phone.get_by_role("button", name="Add gap").click()
        wait_idle(phone)
        phone.get_by_role("tab", name="Votes").click()
        phone.get_by_role("button", name="Vote").first.click()
        phone.get_by_text("2 of 3").wait_for()
        phone.screenshot(path=tmp_path / "workshop-participant-390.png", full_page=True)
        phone.reload()
        phone.get_by_text("You are Ann").wait_for()

        # The facilitator's board catches up on its own (the fragment reruns every 3 s).
        page.get_by_text("Quotes take a week — Ann").wait_for(timeout=15_000)
        page.get_by_text("Quotes take a week: 1").wait_for(timeout=15_000)
        page.set_viewport_size({"width": 1920, "height": 1080})
        page.screenshot(path=tmp_path / "workshop-facilitator-1920.png", full_page=True)

        # The projector: no sidebar, one item per screen, the votes as a chart.
        page.goto(f"{app_url}/present?present=1&workspace={workspace_id}&slide=4")
        wait_idle(page)
        page.get_by_role("heading", name="Quotes take a week").wait_for()
        assert page.get_by_test_id("stSidebar").count() == 0
        page.screenshot(path=tmp_path / "present-gap-1920.png")
        # A presentation clicker sends Page Down; the arrow keys work too.
        page.keyboard.press("PageDown")
        page.get_by_role("heading", name=re.compile("The audit")).wait_for()
        page.keyboard.press("ArrowRight")
        page.get_by_role("heading", name=re.compile("Dot vote")).wait_for()
        page.get_by_test_id("stVegaLiteChart").first.wait_for()
        page.get_by_text("1 vote from 1 participant so far").wait_for()
        # A vote cast on the phone reaches the projector without a reload.
        phone.get_by_role("tab", name="Votes").click()
        phone.get_by_role("button", name="Vote").first.click()
        phone.get_by_text("1 of 3").wait_for()
        page.get_by_text("2 votes from 1 participant so far").wait_for(timeout=15_000)
        page.screenshot(path=tmp_path / "present-votes-1920.png")
        page.keyboard.press("ArrowLeft")
        page.get_by_role("heading", name=re.compile("The audit")).wait_for()
    finally:
        phone_context.close()
