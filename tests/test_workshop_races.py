"""Workshop races closed by the database, not by check-then-insert: 20 threads at once, on
SQLite and PostgreSQL, each scenario repeated."""

from __future__ import annotations

import threading
from collections import Counter

import pytest
from sqlalchemy import select

from crm_core import store, workshop, workspaces
from crm_core.errors import CrmCoreError
from crm_core.models import GoalCreate, GoalTargetProposal, WorkshopParticipant, WorkshopSession, WorkspaceCreate
from crm_core.store import strategy as records

THREADS = 20
ROUNDS = 3


def at_once(work) -> list[object]:
    """Run ``work(i)`` in 20 threads released together; each result or raised error, in order."""
    results: list[object] = [None] * THREADS
    start = threading.Barrier(THREADS)

    def run(index: int) -> None:
        start.wait(timeout=30)
        try:
            results[index] = work(index)
        except BaseException as error:  # noqa: BLE001 - collected and judged by the test
            results[index] = error

    threads = [threading.Thread(target=run, args=(i,)) for i in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return results


def new_workspace(engine, name: str) -> str:
    return workspaces.create_workspace(engine=engine, data=WorkspaceCreate(name=name)).id


@pytest.mark.parametrize("round_", range(ROUNDS))
def test_opening_a_workshop_twenty_times_at_once_gives_one_open_session(engine, round_):
    space = new_workspace(engine, f"Acme {round_}")
    results = at_once(lambda _: store.run_write(engine, lambda s: workshop.open_session(session=s, workspace_id=space)).id)
    assert not [r for r in results if isinstance(r, BaseException)], results
    with store.session_scope(engine) as session:
        open_rows = session.execute(select(WorkshopSession).where(WorkshopSession.workspace_id == space,
                                                                  WorkshopSession.is_open.is_(True))).scalars().all()
    assert len(open_rows) == 1 and set(results) == {open_rows[0].id}


@pytest.mark.parametrize("round_", range(ROUNDS))
def test_twenty_people_joining_with_one_name_at_once_get_one_participant_and_a_sentence(engine, round_):
    space = new_workspace(engine, f"Acme {round_}")
    with store.session_scope(engine) as session:
        code = workshop.open_session(session=session, workspace_id=space).code
    results = at_once(lambda _: store.run_write(engine, lambda s: workshop.join(session=s, code=code, name="Ann"))[1])
    errors = [r for r in results if isinstance(r, BaseException)]
    assert len(errors) == THREADS - 1
    assert all(isinstance(e, CrmCoreError) and "Someone called Ann has already joined" in str(e) for e in errors), errors
    with store.session_scope(engine) as session:
        names = session.execute(select(WorkshopParticipant.name).where(WorkshopParticipant.workspace_id == space)).scalars()
        assert list(names) == ["Ann"]


@pytest.mark.parametrize("round_", range(ROUNDS))
def test_proposals_are_keyed_by_participant_and_a_repeated_submit_is_one_row(engine, round_):
    space = new_workspace(engine, f"Acme {round_}")
    with store.session_scope(engine) as session:
        code = workshop.open_session(session=session, workspace_id=space).code
        goal = records.add_goal(session=session, workspace_id=space, goal=GoalCreate(
            statement="Reduce churn", department="support", metric="churn", baseline=8, target=6))
    tokens = [store.run_write(engine, lambda s, i=i: workshop.join(session=s, code=code, name=f"P{i % 10}"
                                                                   if i < 10 else f"P{i % 10} (B)"))[1]
              for i in range(THREADS)]

    def propose(index: int) -> str:
        for target in (10 + index, 20 + index):  # a change of mind, each submit sent twice at once
            for _ in range(2):
                store.run_write(engine, lambda s: workshop.propose_target(
                    session=s, token=tokens[index], goal_id=goal.id, target=target))
        return tokens[index]

    results = at_once(propose)
    problems = [r for r in results if isinstance(r, BaseException) and not isinstance(r, CrmCoreError)]
    assert not problems, problems
    with store.session_scope(engine) as session:
        rows = session.execute(select(GoalTargetProposal).where(GoalTargetProposal.goal_id == goal.id)).scalars().all()
    assert len(rows) == THREADS
    assert Counter(r.proposer.split(":")[0] for r in rows) == {"participant": THREADS}
    assert sorted(r.target for r in rows) == sorted(float(20 + i) for i in range(THREADS))


def test_two_participants_with_the_same_display_name_in_different_sessions_keep_their_own_proposal(engine):
    spaces = [new_workspace(engine, "Acme"), new_workspace(engine, "Globex")]
    with store.session_scope(engine) as session:
        goal = records.add_goal(session=session, workspace_id=spaces[0], goal=GoalCreate(
            statement="Reduce churn", department="support", metric="churn", baseline=8, target=6))
        first = workshop.open_session(session=session, workspace_id=spaces[0])
        ann = workshop.join(session=session, code=first.code, name="Ann")[1]
        records.propose_target(session=session, workspace_id=spaces[0], goal_id=goal.id, participant="Ann", target=1)
        workshop.propose_target(session=session, token=ann, goal_id=goal.id, target=2)
        rows = session.execute(select(GoalTargetProposal.participant, GoalTargetProposal.target)).all()
    assert sorted(rows) == [("Ann", 1.0), ("Ann", 2.0)]  # the facilitator's "Ann" and the participant Ann


def test_a_duplicate_insert_is_a_sentence_not_a_database_error(engine):
    space = new_workspace(engine, "Acme")
    with store.session_scope(engine) as session:
        code = workshop.open_session(session=session, workspace_id=space).code
        session_id = workshop.find_open_session(session=session, code=code).id

    def clash(session):
        session.add(WorkshopParticipant(workspace_id=space, session_id=session_id, name="Zoe", token_hash="1"))
        session.add(WorkshopParticipant(workspace_id=space, session_id=session_id, name="Zoe", token_hash="2"))
        session.flush()

    with pytest.raises(CrmCoreError, match="already saved"):
        store.run_write(engine, clash)
