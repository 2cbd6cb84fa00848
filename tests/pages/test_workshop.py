"""AppTest: the Workshop page for the facilitator (open, code, locks, live board) and the join
page for a participant (join with the code, add a gap, vote, keep the identity across a
refresh, leave), which is all a participant's browser ever gets."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from crm_core import store, workshop, workspaces
from crm_core.models import WorkspaceCreate
from crm_core.settings import load_settings
from crm_core.store import strategy as records
from tests.conftest import page_file
from ui import access


def open_page(workspace_id: str | None = None, *, page: str = "workshop.py", **query: str) -> AppTest:
    at = AppTest.from_file(page_file(page), default_timeout=60)
    if workspace_id:
        at.session_state["workspace_id"] = workspace_id
    for key, value in query.items():
        at.query_params[key] = value
    return at.run()


@pytest.fixture
def space(workbench_env):
    engine = store.open_store(load_settings().db_url)
    created = workspaces.create_workspace(engine=engine, data=WorkspaceCreate(name="Acme 2026-Q4", period="2026-Q4"))
    yield created.id, engine
    engine.dispose()


def test_without_a_workspace_the_facilitator_is_pointed_home(workbench_env):
    at = open_page()
    assert not at.exception and "Choose a workspace" in at.info[0].value


def test_the_facilitator_opens_a_session_with_a_passcode_and_locks_a_step(space):
    ws, engine = space
    at = open_page(ws)
    assert at.title[0].value == "Workshop"
    at.number_input(key="workshop.votes_each").set_value(5)
    at.text_input(key="workshop.new_passcode").input("tulip-42")
    at.button(key="FormSubmitter:workshop.open-Open workshop").click().run()
    assert not at.exception
    with store.session_scope(engine) as session:
        current = workshop.current_session(session=session, workspace_id=ws)
        assert current.votes_each == 5 and workshop.requires_passcode(session=session, workspace_id=ws)
    page_text = " ".join(m.value for m in at.markdown)
    assert f">{current.code}</div>" in page_text and f"/?code={current.code}" in page_text
    assert "A passcode is required" in at.caption[0].value
    at.button_group(key=f"workshop.locks.{current.id}").set_value(["votes"]).run()
    with store.session_scope(engine) as session:
        assert workshop.current_session(session=session, workspace_id=ws).locked == "votes"


def test_a_participant_joins_adds_a_gap_and_votes_and_the_board_shows_them(space):
    ws, engine = space
    with store.session_scope(engine) as session:
        code = workshop.open_session(session=session, workspace_id=ws).code
    phone = open_page(page="join.py", code=code)
    assert phone.title[0].value == "Join the workshop" and phone.text_input(key="workshop.code").value == code
    phone.text_input(key="workshop.name").input("Ann")
    phone.button(key="FormSubmitter:workshop.join-Join").click().run()
    assert not phone.exception and "You are **Ann**" in phone.markdown[0].value
    token = phone.query_params["p"][0] if isinstance(phone.query_params["p"], list) else phone.query_params["p"]
    phone.text_input(key="workshop.gap.title").input("Quotes take a week")
    phone.button(key="FormSubmitter:workshop.gap-Add gap").click().run()
    with store.session_scope(engine) as session:
        [gap] = records.list_gaps(session=session, workspace_id=ws)
    phone.button(key=f"workshop.vote.gap:{gap.id}").click().run()
    assert "**2 of 3**" in " ".join(m.value for m in phone.markdown)

    refreshed = open_page(page="join.py", p=token)  # a refresh: a new session, the token in the URL
    assert "You are **Ann**" in refreshed.markdown[0].value

    board = open_page(ws)
    text = " ".join(m.value for m in board.markdown)
    assert "Quotes take a week — *Ann*" in text and "Quotes take a week: **1**" in text
    assert {m.label: m.value for m in board.metric}["Participants"] == "1"


def test_after_closing_the_workshop_its_results_stay_on_the_page(space):
    ws, engine = space
    with store.session_scope(engine) as session:
        code = workshop.open_session(session=session, workspace_id=ws).code
        _, token = workshop.join(session=session, code=code, name="Ann")
        gap = workshop.add_gap(session=session, token=token, title="Quotes take a week")
        workshop.cast_vote(session=session, token=token, target=f"gap:{gap.id}", slot=0)
        workshop.close_all_sessions(session=session, workspace_id=ws)
    at = open_page(ws)
    assert at.button(key="FormSubmitter:workshop.open-Open workshop")  # a new one can be opened
    assert at.subheader[0].value.startswith("The last workshop: opened") and ", closed " in at.subheader[0].value
    text = " ".join(m.value for m in at.markdown)
    assert "Quotes take a week — *Ann*" in text and "Quotes take a week: **1**" in text


def test_a_wrong_passcode_is_refused_on_the_phone(space):
    ws, engine = space
    with store.session_scope(engine) as session:
        workshop.set_passcode(session=session, workspace_id=ws, passcode="tulip-42")
        code = workshop.open_session(session=session, workspace_id=ws).code
    phone = open_page(page="join.py", code=code)
    phone.text_input(key="workshop.name").input("Ann")
    phone.text_input(key="workshop.passcode").input("wrong")
    phone.button(key="FormSubmitter:workshop.join-Join").click().run()
    assert "passcode is not right" in phone.error[0].value


def test_a_participant_can_leave_and_is_asked_to_join_again(space):
    ws, engine = space
    with store.session_scope(engine) as session:
        code = workshop.open_session(session=session, workspace_id=ws).code
        _, token = workshop.join(session=session, code=code, name="Ann")
    phone = open_page(page="join.py", p=token)
    phone.button(key="workshop.leave").click().run()
    assert phone.title[0].value == "Join the workshop" and "p" not in phone.query_params


def test_a_participant_on_the_facilitators_page_gets_nothing(space):
    """A participant link pasted onto the Workshop page's URL: the page stops before anything."""
    ws, engine = space
    with store.session_scope(engine) as session:
        code = workshop.open_session(session=session, workspace_id=ws).code
        _, token = workshop.join(session=session, code=code, name="Ann")
    for query in ({"p": token}, {"code": code}):
        at = open_page(ws, **query)
        assert not at.exception and not at.title and not at.markdown and not at.button


def test_wrong_join_attempts_are_slowed_down(space):
    ws, engine = space
    with store.session_scope(engine) as session:
        workshop.set_passcode(session=session, workspace_id=ws, passcode="tulip-42")
        code = workshop.open_session(session=session, workspace_id=ws).code
    phone = open_page(page="join.py", code=code)
    messages = []
    try:
        for attempt in range(5):
            phone.text_input(key="workshop.name").input(f"Ann {attempt}")
            phone.text_input(key="workshop.passcode").input("wrong")
            phone.button(key="FormSubmitter:workshop.join-Join").click().run()
            messages.append(phone.error[0].value)
    finally:
        access.throttle.clear()  # the back-off is per process: leave none for the next test
    assert "passcode is not right" in messages[0]
    assert any("Too many wrong attempts" in m for m in messages[3:])


def test_the_phone_shows_each_why_under_the_one_it_answers_and_marks_the_root_cause(space):
    ws, engine = space
    with store.session_scope(engine) as session:
        code = workshop.open_session(session=session, workspace_id=ws).code
        _, token = workshop.join(session=session, code=code, name="Ann", passcode="")
        gap = workshop.add_gap(session=session, token=token, title="Quotes take a week")
        first = workshop.add_why(session=session, token=token, gap_id=gap.id, answer="Every quote waits for sign-off")
        second = records.add_why(session=session, workspace_id=ws, gap_id=gap.id, parent_id=first.id,
                                 answer="Nobody owns the discount rules")
        records.update_why(session=session, workspace_id=ws, node_id=second.id, is_root_cause=True)
    phone = open_page(page="join.py", p=token)
    lines = [m.value for m in phone.markdown if "waits for" in m.value or "discount" in m.value]
    assert lines[0] == "- Every quote waits for sign\\-off · *yours*"
    assert lines[1] == "&emsp;&emsp;↳ :red[**Root cause: Nobody owns the discount rules**]"  # the facilitator's
