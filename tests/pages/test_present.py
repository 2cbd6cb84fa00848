"""AppTest: the presentation walks the agenda one screen at a time (buttons, keyboard and
clicker), shows each gap with its whys and root causes, the audit and the recommendations from
the kept audit, the vote results live or as recorded, and counts a step's time box down from a
start kept in the store."""

from __future__ import annotations

import time

import pytest
from streamlit.testing.v1 import AppTest

from crm_core import store, workshop, workspaces
from crm_core.models import WorkspaceCreate
from crm_core.presentation import AGENDA, TIMERS_SETTING
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
    agenda = next(m.value for m in at.markdown if " min" in m.value)
    assert agenda.count(" min") == len(AGENDA)
    assert at.button(key="present.previous").disabled
    titles = []
    for _ in range(8):  # agenda, 6 steps, one gap and the summary: 9 screens
        at.button(key="present.next").click().run()
        titles.append(at.title[0].value)
    assert at.button(key="present.next").disabled and titles[-1] == "Session summary"
    assert titles[3] == "Quotes take a week" and titles[5].startswith("Dot vote")
    for _ in range(4):
        at.button(key="present.previous").click().run()
    assert at.title[0].value == "Quotes take a week" and at.query_params["slide"] in ("4", ["4"])
    assert any("Why? Approvals by email" in m.value for m in at.markdown)


def test_the_keyboard_and_a_clicker_press_next_and_previous(room):
    at = AppTest.from_file(page_file("present.py"), default_timeout=60)
    at.session_state["workspace_id"] = room
    at.run()
    script = "".join(element.proto.body for element in at.get("html"))
    assert "st-key-" in script and '"PageDown": "present-next"' in script and '"ArrowLeft": "present-previous"' in script


def test_the_vote_slide_shows_the_chart_and_a_clock_that_survives_a_refresh(room):
    at = AppTest.from_file(page_file("present.py"), default_timeout=60)
    at.session_state["workspace_id"] = room
    at.query_params["slide"] = "6"
    at.run()
    assert at.title[0].value.startswith("Dot vote")
    assert len(at.get("vega_lite_chart")) == 1
    clock = [m.value for m in at.markdown if "present-clock" in m.value and "<div" in m.value]
    assert clock == ['<div class="present-clock">10:00</div>']
    at.button(key="present.start.votes").click().run()
    engine = store.open_store(load_settings().db_url)
    with store.session_scope(engine) as session:
        timers = store.get_setting(session=session, workspace_id=room, key=TIMERS_SETTING)
        assert abs(timers["votes"] - time.time()) < 60  # kept in the store, not in this browser's session
        store.put_setting(session=session, workspace_id=room, key=TIMERS_SETTING,
                          value={"votes": time.time() - 65})  # as if started 65 seconds ago
    engine.dispose()
    refreshed = AppTest.from_file(page_file("present.py"), default_timeout=60)  # a refresh: a new session
    refreshed.session_state["workspace_id"] = room
    refreshed.query_params["slide"] = "6"
    refreshed.run()
    clock = [m.value for m in refreshed.markdown if "present-clock" in m.value and "<div" in m.value]
    assert clock and clock[0].startswith('<div class="present-clock">08:5')
    refreshed.button(key="present.reset.votes").click().run()
    clock = [m.value for m in refreshed.markdown if "present-clock" in m.value and "<div" in m.value]
    assert clock == ['<div class="present-clock">10:00</div>']


def test_audit_and_recommendation_slides_read_the_kept_audit(room):
    import pandas as pd
    from crm_core import importing

    engine = store.open_store(load_settings().db_url)
    csv = pd.DataFrame({"Email": ["ann@x.com", "bad", "cy@z.org"], "First Name": ["Ann", "Bob", "Cy"],
                        "Last Name": ["Ash", "Birch", "Cole"]}).to_csv(index=False).encode()
    importing.import_file(engine=engine, data_dir=load_settings().data_dir, workspace_id=room, content=csv,
                          file_name="contacts.csv")
    engine.dispose()
    at = AppTest.from_file(page_file("present.py"), default_timeout=120)
    at.session_state["workspace_id"] = room
    at.query_params["slide"] = "5"
    at.run()
    assert at.title[0].value.startswith("The audit")
    text = " ".join(m.value for m in at.markdown)
    assert "Data:" in text and "/100" in text
    at.query_params["slide"] = "7"
    at.run()
    assert at.title[0].value.startswith("Recommendations")
    assert "owner" in " ".join(m.value for m in at.markdown)


def test_after_the_workshop_closed_the_vote_slide_still_shows_its_votes(room):
    engine = store.open_store(load_settings().db_url)
    with store.session_scope(engine) as session:
        workshop.close_all_sessions(session=session, workspace_id=room)
    engine.dispose()
    at = AppTest.from_file(page_file("present.py"), default_timeout=60)
    at.session_state["workspace_id"] = room
    at.query_params["slide"] = "6"
    at.run()
    assert at.title[0].value.startswith("Dot vote") and len(at.get("vega_lite_chart")) == 1
    assert any("1 participant placed 1 dot vote" in m.value for m in at.markdown)
