"""Workshop mode: join codes and passcodes, participants' own entries, dot-vote limits and
idempotency, and 20 participants writing at once on both databases."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import func, select

from crm_core import store, workshop, workspaces
from crm_core.errors import CrmCoreError, NotFoundError
from crm_core.models import Gap, GoalCreate, WorkshopParticipant, WorkshopVote, WorkspaceCreate
from crm_core.store import strategy as records


@pytest.fixture
def room(engine):
    """A workspace with an open session (3 votes each) and its code."""
    space = workspaces.create_workspace(engine=engine, data=WorkspaceCreate(name="Acme", period="2026-Q4"))
    with store.session_scope(engine) as session:
        opened = workshop.open_session(session=session, workspace_id=space.id)
    return space.id, opened.id, opened.code


def join(engine, code, name, passcode=""):
    with store.session_scope(engine) as session:
        return workshop.join(session=session, code=code, name=name, passcode=passcode)[1]


def act(engine, action, **arguments):
    with store.session_scope(engine) as session:
        return action(session=session, **arguments)


@pytest.mark.parametrize("typed", ["{code}", "{lower}", " {a}-{b} "])
def test_a_code_is_short_unambiguous_and_forgiving_to_type(typed, engine, room):
    _, _, code = room
    assert len(code) == 6 and set(code) <= set(workshop.ALPHABET) and not set(code) & set("01OIL")
    text = typed.format(code=code, lower=code.lower(), a=code[:3], b=code[3:])
    with store.session_scope(engine) as session:
        assert workshop.find_open_session(session=session, code=text).code == code


def test_codes_are_unique_among_open_sessions_and_a_workspace_has_one_open(engine, room):
    space_id, session_id, code = room
    others = [workspaces.create_workspace(engine=engine, data=WorkspaceCreate(name=f"W{i}")).id for i in range(30)]
    with store.session_scope(engine) as session:
        assert workshop.open_session(session=session, workspace_id=space_id).id == session_id
        codes = [workshop.open_session(session=session, workspace_id=w).code for w in others]
    assert len(set(codes + [code])) == 31


def test_a_closed_session_cannot_be_joined_and_its_tokens_stop_working(engine, room):
    space_id, session_id, code = room
    token = join(engine, code, "Ann")
    act(engine, workshop.close_session, workspace_id=space_id, session_id=session_id)
    with pytest.raises(NotFoundError, match="No open workshop"):
        join(engine, code, "Bob")
    with pytest.raises(NotFoundError, match="join again"):
        act(engine, workshop.add_gap, token=token, title="Slow quotes")


def test_a_passcode_is_required_and_only_its_salted_hash_is_stored(engine, room):
    space_id, _, code = room
    act(engine, workshop.set_passcode, workspace_id=space_id, passcode="tulip-42")
    with store.session_scope(engine) as session:
        stored = store.get_setting(session=session, workspace_id=space_id, key=workshop.PASSCODE_KEY)
    assert "tulip-42" not in str(stored) and set(stored) == {"salt", "hash"}
    for wrong in ("", "tulip-43"):
        with pytest.raises(CrmCoreError, match="passcode"):
            join(engine, code, "Ann", wrong)
    token = join(engine, code, "Ann", "tulip-42")
    with store.session_scope(engine) as session:
        [row] = session.execute(select(WorkshopParticipant)).scalars().all()
    assert row.token_hash == workshop.hash_token(token) and token not in row.token_hash


def test_a_name_can_join_once_per_session(engine, room):
    join(engine, room[2], "Ann")
    with pytest.raises(CrmCoreError, match="already joined"):
        join(engine, room[2], " Ann ")


def test_participants_see_their_workspace_and_cannot_change_each_others_entries(engine, room):
    space_id, _, code = room
    ann, bob = join(engine, code, "Ann"), join(engine, code, "Bob")
    gap = act(engine, workshop.add_gap, token=ann, title="Quotes take a week")
    why = act(engine, workshop.add_why, token=bob, gap_id=gap.id, answer="Approvals by email")
    with store.session_scope(engine) as session:
        assert gap.workspace_id == space_id == workshop.identify(session=session, token=bob).workspace_id
        [ann_entry] = workshop.my_entries(session=session, token=ann)
        [bob_entry] = workshop.my_entries(session=session, token=bob)
    assert (ann_entry.gap_id, bob_entry.why_id) == (gap.id, why.id)
    with pytest.raises(workshop.NotYoursError):
        act(engine, workshop.edit_entry, token=bob, entry_id=ann_entry.id, text="Hijacked")
    with pytest.raises(workshop.NotYoursError):
        act(engine, workshop.delete_entry, token=bob, entry_id=ann_entry.id)
    act(engine, workshop.edit_entry, token=ann, entry_id=ann_entry.id, text="Quotes take ten days")
    act(engine, workshop.delete_entry, token=bob, entry_id=bob_entry.id)
    with store.session_scope(engine) as session:
        assert [g.title for g in records.list_gaps(session=session, workspace_id=space_id)] == ["Quotes take ten days"]
        assert records.list_why_nodes(session=session, workspace_id=space_id) == []
        assert workshop.board(session=session, workspace_id=space_id, session_id=room[1]).authors == {gap.id: "Ann"}


def test_a_target_proposal_is_the_participants_and_replaces_their_earlier_one(engine, room):
    space_id, _, code = room
    with store.session_scope(engine) as session:
        goal = records.add_goal(session=session, workspace_id=space_id,
                                goal=GoalCreate(statement="Win more", department="sales", metric="win rate"))
    ann = join(engine, code, "Ann")
    act(engine, workshop.propose_target, token=ann, goal_id=goal.id, target=30)
    act(engine, workshop.propose_target, token=ann, goal_id=goal.id, target=35)
    with store.session_scope(engine) as session:
        [proposal] = records.list_target_proposals(session=session, workspace_id=space_id)
        assert (proposal.participant, proposal.target) == ("Ann", 35)
        assert len(workshop.my_entries(session=session, token=ann)) == 1


@pytest.mark.parametrize("step", workshop.STEPS)
def test_a_locked_step_refuses_input(step, engine, room):
    space_id, session_id, code = room
    ann = join(engine, code, "Ann")
    gap = act(engine, workshop.add_gap, token=ann, title="Slow quotes")
    act(engine, workshop.set_locked, workspace_id=space_id, session_id=session_id, steps=[step])
    attempts = {
        "gaps": lambda: act(engine, workshop.add_gap, token=ann, title="Another"),
        "whys": lambda: act(engine, workshop.add_why, token=ann, gap_id=gap.id, answer="Because"),
        "targets": lambda: act(engine, workshop.propose_target, token=ann, goal_id="x", target=1),
        "votes": lambda: act(engine, workshop.cast_vote, token=ann, target=f"gap:{gap.id}", slot=0),
    }
    with pytest.raises(CrmCoreError, match="closed"):
        attempts[step]()


def test_votes_are_limited_and_the_same_click_twice_counts_once(engine, room):
    space_id, session_id, code = room
    ann = join(engine, code, "Ann")
    gaps = [act(engine, workshop.add_gap, token=ann, title=f"Gap {i}") for i in range(2)]
    first, second = (f"gap:{g.id}" for g in gaps)
    for slot, target in ((0, first), (0, first), (1, first), (1, first), (2, second)):  # double clicks
        act(engine, workshop.cast_vote, token=ann, target=target, slot=slot)
    with pytest.raises(CrmCoreError, match="all 3"):
        act(engine, workshop.cast_vote, token=ann, target=second, slot=3)
    with pytest.raises(CrmCoreError, match="already placed"):
        act(engine, workshop.cast_vote, token=ann, target=second, slot=0)
    with pytest.raises(NotFoundError):
        act(engine, workshop.cast_vote, token=ann, target="gap:nonexistent", slot=0)
    with store.session_scope(engine) as session:
        tallies = workshop.board(session=session, workspace_id=space_id, session_id=session_id).tallies
    assert [(t, n) for t, _, n in tallies] == [(first, 2), (second, 1)]
    act(engine, workshop.withdraw_vote, token=ann, slot=0)
    with store.session_scope(engine) as session:
        votes = workshop.my_votes(session=session, token=ann)
    assert workshop.free_slot(votes, 3) == 0


def test_recommendations_can_be_voted_on_after_an_audit_run(engine, room):
    from datetime import date

    from crm_core.store import audit_runs
    from crm_core.findings import AuditResult, Finding

    space_id, _, code = room
    with store.session_scope(engine) as session:
        audit_runs.record_run(session=session, workspace_id=space_id, as_of=date(2026, 10, 1), results={
            "data": AuditResult("data", findings=(Finding("DATA.EMAIL_INVALID", "high", "Bad emails", 4),
                                                  Finding("DATA.NOTE", "info", "Just so you know", 1)))})
    ann = join(engine, code, "Ann")
    act(engine, workshop.cast_vote, token=ann, target="rec:DATA.EMAIL_INVALID", slot=0)
    with store.session_scope(engine) as session:
        options = workshop.vote_options(session=session, workspace_id=space_id)
    assert options == {"rec:DATA.EMAIL_INVALID": "Bad emails"}  # info findings recommend nothing


def test_twenty_participants_writing_at_once_lose_nothing(engine, room):
    """20 threads x 10 writes (gaps, whys and votes, each vote sent twice) on SQLite and PostgreSQL."""
    space_id, session_id, code = room
    with store.session_scope(engine) as session:
        workshop.set_locked(session=session, workspace_id=space_id, session_id=session_id, steps=[])
        session.get(workshop.WorkshopSession, session_id).votes_each = 4
    tokens = [join(engine, code, f"P{i:02d}") for i in range(20)]
    seed = act(engine, workshop.add_gap, token=tokens[0], title="Seed gap")
    failures: list[BaseException] = []
    start = threading.Barrier(20)

    def participant(index: int) -> None:
        token = tokens[index]
        try:
            start.wait(timeout=30)
            for n in range(3):
                store.run_write(engine, lambda s, n=n: workshop.add_gap(session=s, token=token, title=f"G{index}-{n}"))
            for n in range(3):
                store.run_write(engine, lambda s, n=n: workshop.add_why(session=s, token=token, gap_id=seed.id,
                                                                       answer=f"W{index}-{n}"))
            for slot in range(4):  # each dot sent twice: still four votes
                for _ in range(2 if slot % 2 else 1):
                    store.run_write(engine, lambda s, slot=slot: workshop.cast_vote(
                        session=s, token=token, target=f"gap:{seed.id}", slot=slot))
        except BaseException as error:  # noqa: BLE001 - reported below
            failures.append(error)

    threads = [threading.Thread(target=participant, args=(i,)) for i in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=180)
    assert not any(t.is_alive() for t in threads), "a writer hung"
    assert failures == []
    with store.session_scope(engine) as session:
        titles = [g.title for g in session.execute(select(Gap).where(Gap.workspace_id == space_id)).scalars()]
        answers = [w.answer for w in records.list_why_nodes(session=session, workspace_id=space_id)]
        votes = session.execute(select(func.count()).select_from(WorkshopVote)).scalar_one()
        entries = len(workshop.board(session=session, workspace_id=space_id, session_id=session_id).authors)
    assert sorted(titles) == sorted(["Seed gap"] + [f"G{i}-{n}" for i in range(20) for n in range(3)])
    assert sorted(answers) == sorted(f"W{i}-{n}" for i in range(20) for n in range(3))
    assert votes == 80 and entries == 1 + 60 + 60


@pytest.mark.parametrize(("page_url", "base"), [
    ("http://localhost:8501/workshop", "http://localhost:8501"),
    ("https://audit.example.org/crm/workshop?workspace=abc", "https://audit.example.org/crm"),
    ("http://localhost:8501/", "http://localhost:8501"),
])
def test_the_join_link_is_the_app_address_plus_the_code(page_url, base):
    assert workshop.join_url(workshop.app_base_url(page_url), "ABC234") == f"{base}/?code=ABC234"
    assert workshop.qr_png("x").startswith(b"\x89PNG")


def test_the_vote_chart_carries_the_tallies():
    table = workshop.tally_table([("gap:1", "Slow quotes", 5), ("rec:DATA.X", "Bad emails", 2)])
    spec = workshop.build_vote_chart(table).to_dict()
    [rows] = spec["datasets"].values()
    assert [(r["label"], r["votes"]) for r in rows] == [("Slow quotes", 5), ("Bad emails", 2)]
    assert spec["layer"][0]["mark"]["type"] == "bar"


def test_a_participant_cannot_reach_another_workspaces_gaps(engine, room):
    _, _, code = room
    other = workspaces.create_workspace(engine=engine, data=WorkspaceCreate(name="Initech")).id
    with store.session_scope(engine) as session:
        foreign = records.add_gap(session=session, workspace_id=other, gap=records.GapCreate(title="Their gap"))
    ann = join(engine, code, "Ann")
    with pytest.raises(NotFoundError):
        act(engine, workshop.add_why, token=ann, gap_id=foreign.id, answer="Sneaky")
    with pytest.raises(NotFoundError):
        act(engine, workshop.cast_vote, token=ann, target=f"gap:{foreign.id}", slot=0)
