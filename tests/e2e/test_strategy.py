"""The strategy screens in a real browser: what the room types survives a page reload.

The pages are reached by URL path (``/goals``, ``/stakeholders``, ``/gap_analysis``), so they
must be registered in app.py's navigation.
"""

from urllib.parse import parse_qs, urlparse

import pytest

from tests.e2e.conftest import choose, wait_idle

pytestmark = pytest.mark.e2e


def open_page(page, app_url: str, path: str, workspace_id: str) -> None:
    page.goto(f"{app_url}/{path}?workspace={workspace_id}")
    wait_idle(page)


def test_goal_stakeholder_and_whys_survive_a_reload(page, app_url):
    page.get_by_label("Workspace name").first.fill("Initech strategy")
    page.get_by_role("button", name="Create workspace").click()
    wait_idle(page)
    page.get_by_text("Created workspace 'Initech strategy'.").wait_for()
    workspace_id = parse_qs(urlparse(page.url).query)["workspace"][0]

    open_page(page, app_url, "goals", workspace_id)
    page.get_by_label("Goal, in the room's words").fill("Reduce churn from 8% to 6% by March")
    choose(page, "Department", "Support")
    page.get_by_role("button", name="Add goal").click()
    wait_idle(page)
    page.get_by_text("Added the goal.").wait_for()

    open_page(page, app_url, "stakeholders", workspace_id)
    page.get_by_label("Name", exact=True).fill("Morgan Lee")
    page.get_by_label("Role", exact=True).fill("CEO")
    choose(page, "Department", "Management")
    page.get_by_role("button", name="Add stakeholder").click()
    wait_idle(page)
    page.get_by_text("Added Morgan Lee.").wait_for()

    open_page(page, app_url, "gap_analysis", workspace_id)
    page.get_by_role("button", name="Inefficient sales process").click()
    wait_idle(page)
    chain = ["Reps call back late", "No reminder is set", "Nobody set up tasks"]
    for answer in chain:  # Enter submits; each answer becomes the next "why?"
        page.get_by_label("Because…").fill(answer)
        page.get_by_label("Because…").press("Enter")
        wait_idle(page)
        page.locator("svg text", has_text=answer).first.wait_for()

    page.reload()
    wait_idle(page)
    labels = page.locator("[data-testid='stGraphVizChart'] svg text")
    labels.filter(has_text=chain[-1]).first.wait_for()  # the drawing renders after the script run
    drawn = [text.strip() for text in labels.all_text_contents()]
    assert [text for text in drawn if text in chain] == chain  # drawn top to bottom, in order
    answers = [page.get_by_role("textbox", name=f"Level {level}").input_value() for level in (1, 2, 3)]
    assert answers == chain

    open_page(page, app_url, "goals", workspace_id)
    page.get_by_role("heading", name="Reduce churn from 8% to 6% by March").wait_for()
    page.reload()
    wait_idle(page)
    page.get_by_role("heading", name="Reduce churn from 8% to 6% by March").wait_for()

    open_page(page, app_url, "stakeholders", workspace_id)
    page.reload()
    wait_idle(page)
    page.get_by_text("Morgan Lee (CEO) has not given an explicit commitment").wait_for()
