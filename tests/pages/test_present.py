"""AppTest: the presentation walks the agenda one screen at a time, shows each gap with its
whys and the vote results, and counts a step's time box down."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from crm_core import store, workshop, workspaces
from crm_core.models import WorkspaceCreate
from crm_core.presentation import AGENDA
from crm_core.settings import load_settings
from tests.conftest import page_file


@pytest.fixture
def room(workbench_env):
    engine = store.open_store(load_settings().db_url)
    ws = workspaces.create_workspace(engine=engine, data=WorkspaceCreate(name="Acme", period="2026-Q4")).id
    with store.session_scope(engine) as session:
        code = workshop.open_session(session=session, workspace_id=ws).code
        _, token = workshop.join(session=session, code=code, name="Ann")
        gap = workshop.add_gap(session=session, token=token, title="Quotes take a week")
        workshop.add_why(session=session, token=token, gap_id=gap.id, answer="Approvals by email")
        workshop.cast_vote(session=session, token=token, target=f"gap:{gap.id}", slot=0)
    yield ws
    engine.dispose()


def test_next_and_previous_walk_the_slides(room):
    at = AppTest.from_file(page_file("present.py"), default_timeout=60)
    at.session_state["workspace_id"] = room
    at.run()
    assert not at.exception and at.title[0].value == "Agenda"
    assert len([m for m in at.markdown if " min" in m.value]) == len(AGENDA)
    assert at.button(key="present.previous").disabled
    titles = []
    for _ in range(7):  # agenda, 6 steps and one gap: 8 screens
        at.button(key="present.next").click().run()
        titles.append(at.title[0].value)
    assert at.button(key="present.next").disabled
    assert titles[3] == "Quotes take a week" and titles[5].startswith("Dot vote")
    for _ in range(3):
        at.button(key="present.previous").click().run()
    assert at.title[0].value == "Quotes take a week" and at.query_params["slide"] in ("4", ["4"])
    assert any("Approvals by email" in m.value for m in at.markdown)


def test_the_vote_slide_shows_the_chart_and_a_step_clock(room):
    at = AppTest.from_file(page_file("present.py"), default_timeout=60)
    at.session_state["workspace_id"] = room
    at.query_params["slide"] = "6"
    at.run()
    assert at.title[0].value.startswith("Dot vote")
    assert len(at.get("vega_lite_chart")) == 1
    clock = [m.value for m in at.markdown if "present-clock" in m.value and "<div" in m.value]
    assert clock == ['<div class="present-clock">10:00</div>']
    at.button(key="present.start.votes").click().run()
    assert at.session_state["present.timers"]["votes"] > 0
