"""The sample company's strategy half: after "Load the sample company" every strategy screen has
something to show, and what it shows agrees with the exports and with the method's own checks."""

from __future__ import annotations

import json
import re
from collections import Counter
from datetime import date

import pandas as pd
import pytest
from sqlalchemy import select

from crm_core import sample_strategy, store, workshop
from crm_core.audit import kept, pipeline
from crm_core.audit.pipeline.kpis import goal_baseline
from crm_core.demo import SAMPLE_DIR, load_sample_company
from crm_core.errors import CrmCoreError
from crm_core.findings import Severity
from crm_core.models import WhyNode
from crm_core.recommend import build_recommendations
from crm_core.store import audit_runs, recommendations, workshops
from crm_core.store import strategy as records
from crm_core.strategy.alignment import moves
from crm_core.strategy.departments import DEPARTMENTS
from crm_core.strategy.diagnostic import SYMPTOMS, diagnose_primary_user
from crm_core.strategy.glossary import definitions_by_term, find_glossary_flags
from crm_core.strategy.goals import goal_kpi, review_goal
from crm_core.strategy.raci import RESPONSIBILITIES, check_raci
from crm_core.strategy.whys import WhyTree
from tests.conftest import load_sample_store

AS_OF = date(2026, 10, 1)  # the sample's export date
TODAY = date(2026, 11, 2)


@pytest.fixture(scope="module")
def loaded(tmp_path_factory):
    """The sample company loaded once into a fresh SQLite store: (engine, data folder, workspace id)."""
    engine, data_dir, workspace = load_sample_store(tmp_path_factory.mktemp("sample_strategy"), today=TODAY)
    yield engine, data_dir, workspace.id
    engine.dispose()


def read(loaded, query):
    engine, _, workspace_id = loaded
    with store.session_scope(engine) as session:
        return query(session, workspace_id)


def kept_audit(loaded):
    engine, data_dir, workspace_id = loaded
    return kept.workspace_audit(engine=engine, data_dir=data_dir, workspace_id=workspace_id, today=TODAY,
                                with_issues=False)


def test_every_department_has_goals_and_each_baseline_is_measured_from_the_exports(loaded, sample_tables):
    goals = read(loaded, lambda s, w: records.list_goals(session=s, workspace_id=w))
    assert 5 <= len(goals) <= 7 and {g.department for g in goals} == set(DEPARTMENTS)
    assert 1 <= sum(g.is_original for g in goals) <= 2
    document = sample_strategy.read_strategy()
    config = pipeline.PipelineConfig.from_dict(document["kpi_settings"])
    kept_values = kept_audit(loaded).areas[pipeline.AREA].facts["goal_baselines"]
    for goal in goals:
        kpi = goal_kpi(goal)
        assert kpi is not None and goal.kpi_key == kpi.key and goal.unit == kpi.unit, goal.metric
        # what the Goals screen shows as measured, and the KPI recomputed from the files themselves
        assert goal.baseline is not None and goal.baseline == kept_values[kpi.key][0], goal.metric
        assert goal.baseline == pytest.approx(goal_baseline(kpi.key, sample_tables, as_of=AS_OF, config=config)[0])


@pytest.mark.parametrize("today", [AS_OF, TODAY])
def test_every_goal_points_the_right_way_and_passes_the_validator(loaded, today):
    goals = read(loaded, lambda s, w: records.list_goals(session=s, workspace_id=w))
    for goal in goals:
        assert moves(goal) == goal_kpi(goal).direction, goal.statement
        review = review_goal(goal, today=today)
        assert review.well_formed and review.codes() <= {"GOAL.NOT_AGREED"}, (goal.statement, review.issues)
        assert all(issue.severity is Severity.INFO for issue in review.issues)
        assert goal.owner and goal.why and goal.deadline > today


def test_one_target_was_agreed_from_the_participants_proposals(loaded):
    goals = read(loaded, lambda s, w: records.list_goals(session=s, workspace_id=w))
    [agreed] = [g for g in goals if g.agreed_by]
    proposals = read(loaded, lambda s, w: records.list_target_proposals(session=s, workspace_id=w, goal_id=agreed.id))
    assert 3 <= len(proposals) <= 4 and len({p.participant for p in proposals}) == len(proposals)
    assert min(p.target for p in proposals) <= agreed.target <= max(p.target for p in proposals)
    assert {p.participant for p in proposals} <= set(agreed.agreed_by.split(", "))


def test_stakeholders_vary_and_reuse_only_the_companys_managers(loaded):
    people = read(loaded, lambda s, w: records.list_stakeholders(session=s, workspace_id=w))
    assert 6 <= len(people) <= 9
    assert len({p.department for p in people}) >= 6
    assert len({p.buy_in for p in people}) >= 4 and len({(p.influence, p.interest) for p in people}) >= 5
    assert people[0].department == "customer"  # the method's order of importance
    users = pd.read_csv(SAMPLE_DIR / "users.csv", dtype=str)
    roles = dict(zip(users["Full Name"], users["Role"]))
    reused = {p.name: roles[p.name] for p in people if p.name in roles}
    assert reused and all(re.search(r"Manager|VP|Director|CRM Administrator", role) for role in reused.values())
    assert any(p.name not in roles for p in people if p.department in ("management", "finance", "it"))


def test_raci_is_filled_in_with_the_two_deliberate_gaps_the_check_reports(loaded):
    assignments = read(loaded, lambda s, w: records.list_raci_assignments(session=s, workspace_id=w))
    assert {a.responsibility for a in assignments} == {r.key for r in RESPONSIBILITIES}
    issues = {(issue.code, issue.responsibility) for issue in check_raci(assignments)}
    assert issues == {("RACI.NO_ACCOUNTABLE", "accuracy"), ("RACI.SEVERAL_ACCOUNTABLE", "processes")}


def test_the_diagnostic_names_sales_the_primary_user(loaded):
    ticked = read(loaded, lambda s, w: records.ticked_symptoms(session=s, workspace_id=w))
    people = read(loaded, lambda s, w: records.list_stakeholders(session=s, workspace_id=w))
    diagnosis = diagnose_primary_user(ticked, people)
    assert diagnosis.primary == ("sales",) and "Olivia Bennett" in diagnosis.owner
    assert set(diagnosis.counts.values()) != {0} and len(ticked) < len(SYMPTOMS)


def test_the_glossary_flags_the_one_term_marketing_and_sales_define_differently(loaded):
    entries, definitions = read(loaded, lambda s, w: records.list_glossary(session=s, workspace_id=w))
    table = definitions_by_term(entries, definitions)
    assert len(table) >= 4 and any(len(by_team) == 3 for by_team in table.values())
    [flag] = find_glossary_flags(table)
    assert flag.kind == "differs" and flag.terms == ("Marketing-qualified lead (MQL)",)
    assert flag.teams == ("marketing", "sales")


# Where each number a gap's evidence quotes comes from, in the order quoted: (finding, its count or
# one of its evidence values).
EVIDENCE = {
    "Deals go quiet between steps": [("PIPELINE.OPEN_PAST_CLOSE_DATE", None),
                                     ("USAGE.DEALS_WITHOUT_ACTIVITY", "won_without_activity"),
                                     ("USAGE.LOGGING_LAG", None)],
    "Customers hear from us after they asked us to stop": [("COMPLIANCE.EMAIL_AFTER_OPT_OUT", None),
                                                           ("DUPES.ACCOUNTS", "records_in_clusters"),
                                                           ("DUPES.ACCOUNTS", "clusters"),
                                                           ("DATA.EMAIL_BOUNCED", None)],
    "Support starts each call without the customer's history": [("DATA.OWNER_INACTIVE", "contacts"),
                                                                ("DATA.OWNER_INACTIVE", "accounts"),
                                                                ("DATA.OWNER_INACTIVE", "deals"),
                                                                ("DATA.CONTACT_NO_ACCOUNT", None)],
}


def audit_count(audit, code: str, key: str | None) -> int:
    [finding] = [f for area in audit.areas.values() for f in area.result.findings if f.code == code]
    return finding.affected_count if key is None else int(finding.evidence[key])


def test_three_gaps_with_branching_whys_root_causes_and_evidence_the_audit_finds(loaded):
    gaps = read(loaded, lambda s, w: records.list_gaps(session=s, workspace_id=w))
    nodes = read(loaded, lambda s, w: records.list_why_nodes(session=s, workspace_id=w))
    assert [gap.title for gap in gaps] == list(EVIDENCE)
    audit = kept_audit(loaded)
    branching = 0
    for gap in gaps:
        tree = WhyTree(n for n in nodes if n.gap_id == gap.id)
        assert 3 <= tree.depth() <= 5 and 1 <= len(tree.root_causes()) <= 2, gap.title
        branching += any(len(children) > 1 for children in tree.children.values())
        assert gap.stage and gap.departments and gap.current_experience and gap.desired_experience
        cited = [int(n.replace(",", "")) for n in re.findall(r"\d[\d,]*", gap.evidence)]
        assert cited == [audit_count(audit, code, key) for code, key in EVIDENCE[gap.title]], gap.title
    assert branching >= 2


def test_a_closed_workshop_with_uneven_dot_votes_on_gaps_and_recommendations(loaded):
    [session] = read(loaded, lambda s, w: workshops.sessions_of(session=s, workspace_id=w))
    assert not session.is_open and session.closed_at is not None
    board = read(loaded, lambda s, w: workshop.board(session=s, workspace_id=w, session_id=session.id))
    assert 5 <= len(board.participants) <= 7 and board.voters == len(board.participants)
    votes = read(loaded, lambda s, w: workshops.votes(session=s, session_id=session.id))
    counts = [n for _, _, n in board.tallies]
    assert sum(counts) == len(votes) == session.votes_each * len(board.participants)  # every dot counted
    assert counts[0] > counts[1] and counts[0] >= 2 * counts[-1]  # a clear first place
    kinds = Counter(target.split(":")[0] for target, _, _ in board.tallies)
    assert kinds["gap"] == 3 and kinds["rec"] >= 3
    assert set(board.authors.values()) <= set(board.participants) and board.authors  # whys and proposals by people


def test_recommendations_link_to_existing_goals_and_root_causes_and_have_owners(loaded):
    links = read(loaded, lambda s, w: recommendations.list_links(session=s, workspace_id=w))
    goals = {g.id for g in read(loaded, lambda s, w: records.list_goals(session=s, workspace_id=w))}
    nodes = {n.id: n for n in read(loaded, lambda s, w: records.list_why_nodes(session=s, workspace_id=w))}
    [run] = read(loaded, lambda s, w: audit_runs.list_runs(session=s, workspace_id=w))
    raised = {f["code"] for area in json.loads(run.results_json).values() for f in area["findings"]}
    keys = set(links.goals) | set(links.root_causes)
    assert 4 <= len(keys) <= 8 and keys <= raised
    assert all(set(ids) <= goals for ids in links.goals.values())
    assert all(nodes[i].is_root_cause for ids in links.root_causes.values() for i in ids)
    causes = {n.id for n in nodes.values() if n.is_root_cause}
    assert causes == {i for ids in links.root_causes.values() for i in ids}  # every root cause is addressed
    decisions = read(loaded, lambda s, w: recommendations.list_decisions(session=s, workspace_id=w))
    assert decisions and all(d.owner and d.due_date and d.rec_key in keys for d in decisions.values())
    plan = {rec.key: rec for rec in build_recommendations(dict(kept_audit(loaded)), decisions=decisions, links=links)}
    assert all(plan[key].goal_ids and plan[key].root_cause_ids for key in keys)  # each leads its recommendation
    assert all(plan[key].owner == decision.owner for key, decision in decisions.items())


def test_a_failure_while_entering_the_strategy_leaves_no_workspace_behind(tmp_path, monkeypatch):
    document = sample_strategy.read_strategy()
    document["recommendations"].append({"finding": "DATA.NOT_A_FINDING", "goals": []})
    monkeypatch.setattr(sample_strategy, "read_strategy", lambda path=None: document)
    engine = store.open_store(f"sqlite:///{tmp_path / 'store.sqlite3'}")
    with pytest.raises(CrmCoreError, match="DATA.NOT_A_FINDING"):
        load_sample_company(engine=engine, data_dir=tmp_path / "data", today=TODAY)
    with store.session_scope(engine) as session:
        assert store.list_workspaces(session=session) == []
        assert session.execute(select(WhyNode)).first() is None
    assert not any((tmp_path / "data").rglob("*.parquet"))
    engine.dispose()
