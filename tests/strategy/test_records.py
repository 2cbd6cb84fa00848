"""Strategy queries on SQLite and PostgreSQL (the shared ``engine`` fixture runs both)."""

from datetime import date

import pytest

from crm_core import store, workspaces
from crm_core.errors import CrmCoreError, NotFoundError
from crm_core.models import GapCreate, GoalCreate, StakeholderCreate, WorkspaceCreate
from crm_core.store import strategy as records
from crm_core.strategy.goals import ValidatorRanges


def run(engine, change):
    with store.session_scope(engine) as session:
        return change(session)


def add_goal(engine, workspace_id, **fields):
    data = GoalCreate(**({"statement": "Reduce churn", "department": "support", "metric": "churn"} | fields))
    return run(engine, lambda s: records.add_goal(session=s, workspace_id=workspace_id, goal=data))


def test_goals_round_trip_with_the_catalogue_filled_in(engine, workspace_id):
    created = add_goal(engine, workspace_id, baseline=8, target=6, deadline=date(2027, 3, 31))
    goals = run(engine, lambda s: records.list_goals(session=s, workspace_id=workspace_id))
    assert [(g.id, g.kpi_key, g.unit, g.intent, g.baseline, g.deadline) for g in goals] == [
        (created.id, "churn_rate", "%", "churn", 8.0, date(2027, 3, 31))]
    assert goals[0].created_at.tzinfo is not None


def test_the_same_goal_twice_for_one_department_is_refused(engine, workspace_id):
    add_goal(engine, workspace_id)
    with pytest.raises(CrmCoreError, match="Support already has this goal"):
        add_goal(engine, workspace_id, statement="  reduce CHURN. ")
    add_goal(engine, workspace_id, department="sales")  # another team may share the goal
    assert len(run(engine, lambda s: records.list_goals(session=s, workspace_id=workspace_id))) == 2


def test_the_same_stakeholder_twice_is_refused(engine, workspace_id):
    person = StakeholderCreate(name="Dana Kim", department="sales")
    run(engine, lambda s: records.add_stakeholder(session=s, workspace_id=workspace_id, stakeholder=person))
    with pytest.raises(CrmCoreError, match="already a stakeholder"):
        run(engine, lambda s: records.add_stakeholder(session=s, workspace_id=workspace_id,
                                                      stakeholder=person.model_copy(update={"name": "dana kim"})))


def test_editing_and_deleting_a_goal(engine, workspace_id):
    created = add_goal(engine, workspace_id)
    run(engine, lambda s: records.update_goal(session=s, workspace_id=workspace_id, goal_id=created.id,
                                              goal=GoalCreate(statement="Keep customers", department="support",
                                                              owner="Priya")))
    loaded = run(engine, lambda s: records.get_goal(session=s, workspace_id=workspace_id, goal_id=created.id))
    assert (loaded.statement, loaded.owner, loaded.metric) == ("Keep customers", "Priya", "")
    run(engine, lambda s: records.delete_goal(session=s, workspace_id=workspace_id, goal_id=created.id))
    assert run(engine, lambda s: records.list_goals(session=s, workspace_id=workspace_id)) == []


def test_a_row_of_another_workspace_cannot_be_reached(engine, workspace_id):
    other = workspaces.create_workspace(engine=engine, data=WorkspaceCreate(name="Other")).id
    foreign = add_goal(engine, other)
    with pytest.raises(NotFoundError, match="no longer exists"):
        run(engine, lambda s: records.delete_goal(session=s, workspace_id=workspace_id, goal_id=foreign.id))
    assert len(run(engine, lambda s: records.list_goals(session=s, workspace_id=other))) == 1


def test_text_longer_than_its_column_is_a_sentence(engine, workspace_id):
    with pytest.raises(CrmCoreError, match="owner is 121 characters long"):
        add_goal(engine, workspace_id, owner="x" * 121)


def test_proposals_replace_per_participant_and_the_agreement_is_kept(engine, workspace_id):
    goal = add_goal(engine, workspace_id, baseline=8)
    for name, target in [("Priya", 6), ("Tom", 5.5), (" Priya ", 6.5)]:
        run(engine, lambda s: records.propose_target(session=s, workspace_id=workspace_id, goal_id=goal.id,
                                                     participant=name, target=target))
    proposals = run(engine, lambda s: records.list_target_proposals(session=s, workspace_id=workspace_id))
    assert sorted((p.participant, p.target) for p in proposals) == [("Priya", 6.5), ("Tom", 5.5)]
    agreed = run(engine, lambda s: records.agree_target(session=s, workspace_id=workspace_id, goal_id=goal.id,
                                                        target=6.0, agreed_by=["Priya", "Tom"]))
    assert (agreed.target, agreed.agreed_by) == (6.0, "Priya, Tom") and agreed.agreed_at is not None

    def edit(target):
        data = GoalCreate(statement="Reduce churn", department="support", metric="churn", baseline=8, target=target)
        return run(engine, lambda s: records.update_goal(session=s, workspace_id=workspace_id, goal_id=goal.id,
                                                         goal=data))
    assert edit(6.0).agreed_by == "Priya, Tom"  # same target: the agreement stands
    assert (edit(5.0).agreed_by, edit(5.0).agreed_at) == ("", None)  # another target was never agreed
    run(engine, lambda s: records.delete_goal(session=s, workspace_id=workspace_id, goal_id=goal.id))
    assert run(engine, lambda s: records.list_target_proposals(session=s, workspace_id=workspace_id)) == []


def test_validator_ranges_default_until_saved(engine, workspace_id):
    assert run(engine, lambda s: records.validator_ranges(session=s, workspace_id=workspace_id)) == ValidatorRanges()
    def save(low, high):
        run(engine, lambda s: records.save_validator_ranges(
            session=s, workspace_id=workspace_id, trivial_pct_per_quarter=low, implausible_pct_per_quarter=high))
    save(5, 40)
    save(1, 80)  # saving twice updates the one row
    assert run(engine, lambda s: records.validator_ranges(session=s, workspace_id=workspace_id)) == ValidatorRanges(1, 80)
    with pytest.raises(CrmCoreError, match="trivial limit"):
        save(90, 80)


def test_stakeholders_come_back_in_order_of_importance(engine, workspace_id):
    for name, department, facing in [("Morgan", "management", False), ("Dana", "sales", True),
                                     ("Cleo", "customer", False)]:
        person = StakeholderCreate(name=name, department=department, customer_facing=facing)
        run(engine, lambda s: records.add_stakeholder(session=s, workspace_id=workspace_id, stakeholder=person))
    people = run(engine, lambda s: records.list_stakeholders(session=s, workspace_id=workspace_id))
    assert [p.name for p in people] == ["Cleo", "Dana", "Morgan"]
    renamed = StakeholderCreate(name="Morgan Lee", department="management", buy_in="champion")
    run(engine, lambda s: records.update_stakeholder(session=s, workspace_id=workspace_id, stakeholder_id=people[2].id,
                                                     stakeholder=renamed))
    run(engine, lambda s: records.delete_stakeholder(session=s, workspace_id=workspace_id, stakeholder_id=people[0].id))
    people = run(engine, lambda s: records.list_stakeholders(session=s, workspace_id=workspace_id))
    assert [(p.name, p.buy_in) for p in people] == [("Dana", "neutral"), ("Morgan Lee", "champion")]


def test_raci_parties_are_replaced_per_role(engine, workspace_id):
    def set_parties(role, parties):
        run(engine, lambda s: records.set_raci_parties(session=s, workspace_id=workspace_id, responsibility="access",
                                                       role=role, parties=parties))
    set_parties("R", ["Alex", "Sales", " Alex "])
    set_parties("A", ["Morgan"])
    set_parties("R", ["Alex"])
    rows = run(engine, lambda s: records.list_raci_assignments(session=s, workspace_id=workspace_id))
    assert sorted((r.party, r.role) for r in rows) == [("Alex", "R"), ("Morgan", "A")]
    with pytest.raises(CrmCoreError, match="RACI role"):
        set_parties("X", ["Alex"])


def test_diagnostic_answers_toggle(engine, workspace_id):
    def answer(symptom, applies):
        run(engine, lambda s: records.answer_symptom(session=s, workspace_id=workspace_id, symptom=symptom,
                                                     applies=applies))
    answer("sales.no_reminder", True)
    answer("support.routing", True)
    answer("sales.no_reminder", False)
    assert run(engine, lambda s: records.ticked_symptoms(session=s, workspace_id=workspace_id)) == {"support.routing"}
    with pytest.raises(CrmCoreError, match="not a symptom"):
        answer("sales.nonsense", True)


def test_glossary_definitions_per_team(engine, workspace_id):
    def define(term, team, text):
        run(engine, lambda s: records.define_term(session=s, workspace_id=workspace_id, term=term, team=team,
                                                  definition=text))
    define("Lead", "sales", "Asked for a demo")
    define("Lead", "marketing", "Downloaded a guide")
    define("Lead", "sales", "Asked for a demo or a price")
    run(engine, lambda s: records.add_glossary_term(session=s, workspace_id=workspace_id, term="Proposal sent",
                                                    kind="stage"))
    entries, definitions = run(engine, lambda s: records.list_glossary(session=s, workspace_id=workspace_id))
    assert sorted((e.term, e.kind) for e in entries) == [("Lead", "standard"), ("Proposal sent", "stage")]
    assert sorted((d.team, d.definition) for d in definitions) == [
        ("marketing", "Downloaded a guide"), ("sales", "Asked for a demo or a price")]
    with pytest.raises(CrmCoreError, match="every team must define"):
        run(engine, lambda s: records.delete_glossary_term(session=s, workspace_id=workspace_id, term="Lead"))
    run(engine, lambda s: records.delete_glossary_term(session=s, workspace_id=workspace_id, term="Proposal sent"))
    entries, _ = run(engine, lambda s: records.list_glossary(session=s, workspace_id=workspace_id))
    assert [e.term for e in entries] == ["Lead"]


def add_why(engine, workspace_id, gap_id, parent_id, answer, root=False):
    return run(engine, lambda s: records.add_why(session=s, workspace_id=workspace_id, gap_id=gap_id,
                                                 parent_id=parent_id, answer=answer, is_root_cause=root))


def test_a_chain_of_whys_with_a_branch_and_a_subtree_deletion(engine, workspace_id):
    gap = run(engine, lambda s: records.add_gap(session=s, workspace_id=workspace_id, gap=GapCreate(
        title="Leads go cold", stage="decision", departments=["sales", "marketing"])))
    assert gap.departments == "marketing,sales"  # funnel order
    first = add_why(engine, workspace_id, gap.id, None, "Reps call back late")
    second = add_why(engine, workspace_id, gap.id, first.id, "No reminder   exists")
    branch = add_why(engine, workspace_id, gap.id, first.id, "Leads arrive without a phone number")
    add_why(engine, workspace_id, gap.id, second.id, "Nobody set up tasks in the CRM", root=True)
    run(engine, lambda s: records.update_why(session=s, workspace_id=workspace_id, node_id=branch.id,
                                             is_root_cause=True))
    nodes = run(engine, lambda s: records.list_why_nodes(session=s, workspace_id=workspace_id, gap_id=gap.id))
    assert [(n.answer, n.is_root_cause) for n in nodes] == [
        ("Reps call back late", False), ("No reminder exists", False),
        ("Leads arrive without a phone number", True), ("Nobody set up tasks in the CRM", True)]
    deleted = run(engine, lambda s: records.delete_why_subtree(session=s, workspace_id=workspace_id, node_id=second.id))
    assert deleted == 2
    nodes = run(engine, lambda s: records.list_why_nodes(session=s, workspace_id=workspace_id, gap_id=gap.id))
    assert [n.id for n in nodes] == [first.id, branch.id]


def test_whys_refuse_an_empty_answer_and_a_parent_from_another_gap(engine, workspace_id):
    gaps = [run(engine, lambda s: records.add_gap(session=s, workspace_id=workspace_id, gap=GapCreate(title=t)))
            for t in ("One", "Two")]
    elsewhere = add_why(engine, workspace_id, gaps[0].id, None, "Something")
    with pytest.raises(CrmCoreError, match="another gap"):
        add_why(engine, workspace_id, gaps[1].id, elsewhere.id, "Answer")
    with pytest.raises(CrmCoreError, match="Type the answer"):
        add_why(engine, workspace_id, gaps[1].id, None, "   ")
    with pytest.raises(CrmCoreError, match="needs a title"):
        run(engine, lambda s: records.add_gap(session=s, workspace_id=workspace_id, gap=GapCreate(title=" ")))


def test_a_gap_from_the_alignment_view_outlives_its_goal(engine, workspace_id):
    goal = add_goal(engine, workspace_id)
    gap = run(engine, lambda s: records.add_gap(session=s, workspace_id=workspace_id, gap=GapCreate(title="Dropped"),
                                                origin="alignment:original_dropped", goal_id=goal.id))
    add_why(engine, workspace_id, gap.id, None, "Nobody reports on it")
    run(engine, lambda s: records.delete_goal(session=s, workspace_id=workspace_id, goal_id=goal.id))
    kept = run(engine, lambda s: records.get_gap(session=s, workspace_id=workspace_id, gap_id=gap.id))
    assert kept.goal_id is None and kept.origin == "alignment:original_dropped"
    run(engine, lambda s: records.delete_gap(session=s, workspace_id=workspace_id, gap_id=gap.id))
    assert run(engine, lambda s: records.list_why_nodes(session=s, workspace_id=workspace_id)) == []


def test_deleting_the_workspace_removes_every_strategy_row(engine, workspace_id):
    goal = add_goal(engine, workspace_id)
    gap = run(engine, lambda s: records.add_gap(session=s, workspace_id=workspace_id, gap=GapCreate(title="G"),
                                                goal_id=goal.id))
    add_why(engine, workspace_id, gap.id, None, "Why")
    run(engine, lambda s: records.define_term(session=s, workspace_id=workspace_id, term="Lead", team="sales",
                                              definition="x"))
    run(engine, lambda s: store.delete_workspace_rows(session=s, workspace_id=workspace_id))
    with store.session_scope(engine) as session:
        for table in store.workspace_tables():
            if table.name != "workspace":
                assert session.execute(table.select()).first() is None, table.name
