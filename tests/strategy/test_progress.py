"""One-line summaries of the strategy steps for the home page."""

from datetime import date

from crm_core import store
from crm_core.models import GapCreate, GoalCreate, StakeholderCreate
from crm_core.store import strategy as records
from crm_core.strategy.progress import summarise_gaps, summarise_goals, summarise_stakeholders


def summaries(engine, workspace_id):
    with store.session_scope(engine) as s:
        return (summarise_goals(s, workspace_id, today=date(2026, 11, 23)), summarise_stakeholders(s, workspace_id),
                summarise_gaps(s, workspace_id))


def test_an_empty_workspace_has_not_started(engine, workspace_id):
    assert [started for _, started in summaries(engine, workspace_id)] == [False, False, False]


def test_summaries_count_what_was_done(engine, workspace_id):
    with store.session_scope(engine) as s:
        records.add_goal(session=s, workspace_id=workspace_id, goal=GoalCreate(
            statement="Reduce churn from 8% to 6%", department="support", metric="churn", baseline=8, target=6,
            deadline=date(2027, 3, 31), owner="Priya"))
        records.add_goal(session=s, workspace_id=workspace_id, goal=GoalCreate(statement="increase revenue",
                                                                                department="sales"))
        records.add_stakeholder(session=s, workspace_id=workspace_id,
                                stakeholder=StakeholderCreate(name="Dana", department="sales"))
        for role in ("A", "R"):
            records.set_raci_parties(session=s, workspace_id=workspace_id, responsibility="access", role=role,
                                     parties=["Dana"])
        records.answer_symptom(session=s, workspace_id=workspace_id, symptom="sales.no_reminder", applies=True)
        records.define_term(session=s, workspace_id=workspace_id, term="Lead", team="sales", definition="Asked")
        gap = records.add_gap(session=s, workspace_id=workspace_id, gap=GapCreate(title="Leads go cold"))
        top = records.add_why(session=s, workspace_id=workspace_id, gap_id=gap.id, parent_id=None, answer="Late")
        records.add_why(session=s, workspace_id=workspace_id, gap_id=gap.id, parent_id=top.id, answer="No reminder",
                        is_root_cause=True)
    goals, people, gaps = summaries(engine, workspace_id)
    assert goals == ("2 goals, 1 well formed; 2 alignment issues.", True)  # marketing and management have none
    assert people == ("1 stakeholder; 1 of 7 responsibilities with one accountable and a responsible; "
                      "primary CRM user: sales; 1 term defined, 0 glossary flags.", True)
    assert gaps == ("1 gap, 2 answers to 'why?', 1 root cause; every gap has reached a root cause.", True)
