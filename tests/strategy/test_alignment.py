"""Goal alignment along the funnel and against the CRM's original goals."""

from datetime import date

from crm_core.models import Gap, Goal
from crm_core.strategy.alignment import find_alignment_issues, funnel_coverage, recorded_gaps


def goal(id_, department, metric="", baseline=None, target=None, **fields) -> Goal:
    return Goal(id=id_, workspace_id="w", department=department, metric=metric, baseline=baseline, target=target,
                deadline=date(2027, 6, 30), **fields)


# One goal per funnel stage plus management: nothing is missing and nothing pulls apart.
ALIGNED = [
    goal("m", "marketing", "Marketing-qualified leads", 100, 120),
    goal("s", "sales", "Sales-cycle length", 4, 3),
    goal("u", "support", "Retention rate", 80, 85),
    goal("x", "management", "Average revenue per customer", 900, 950),
]


def kinds(goals) -> list[str]:
    return [issue.kind for issue in find_alignment_issues(goals)]


def test_aligned_goals_raise_nothing():
    assert kinds(ALIGNED) == []
    assert [len(row.goals) for row in funnel_coverage(ALIGNED)] == [1, 1, 1]


def test_a_department_without_a_goal_is_a_misalignment():
    issues = find_alignment_issues(ALIGNED[1:])
    assert [(i.kind, i.department, i.stage) for i in issues] == [("no_goal", "marketing", "awareness")]


def test_goals_that_miss_the_departments_part_of_the_funnel():
    # support only has a cost goal: it has goals, none about retention
    goals = ALIGNED[:2] + [goal("u", "support", "Customer acquisition cost (CAC)", 100, 90), ALIGNED[3]]
    issues = find_alignment_issues(goals)
    assert ("off_stage", "support") in [(i.kind, i.department) for i in issues]


def test_the_same_metric_pushed_both_ways_pulls_apart():
    goals = ALIGNED + [goal("s2", "sales", "Retention rate", 80, 75)]
    conflict = next(i for i in find_alignment_issues(goals) if i.kind == "conflict")
    assert {conflict.goal_id, conflict.other_goal_id} == {"u", "s2"}
    assert "opposite directions" in conflict.detail
    assert set(conflict.departments) == {"sales", "support"}


def test_two_targets_for_one_number_pull_apart_beyond_ten_percent():
    close = ALIGNED + [goal("u2", "sales", "Retention rate", 80, 86)]  # 85 vs 86: within 10%
    far = ALIGNED + [goal("u2", "sales", "Retention rate", 80, 95)]
    assert "conflict" not in kinds(close)
    assert "two different targets" in next(i for i in find_alignment_issues(far) if i.kind == "conflict").detail


def test_a_known_tension_between_two_kpis():
    goals = ALIGNED + [goal("c", "sales", "Conversion rate", 10, 12)]  # more leads vs higher conversion
    conflict = next(i for i in find_alignment_issues(goals) if i.kind == "conflict")
    assert {conflict.goal_id, conflict.other_goal_id} == {"m", "c"}
    assert "qualified lead" in conflict.detail


def test_original_goals_compared_with_todays():
    original = [
        goal("o1", "sales", "Sales-cycle length", 5, 4, is_original=True),  # still pursued, same way
        goal("o2", "marketing", "Referrals", 10, 20, is_original=True),  # nobody measures it today
        goal("o3", "support", "Retention rate", 80, 78, is_original=True),  # today's goal reverses it
    ]
    issues = find_alignment_issues(ALIGNED + original)
    found = {(i.kind, i.goal_id, i.other_goal_id) for i in issues}
    assert ("original_dropped", "o2", None) in found
    assert ("original_reversed", "o3", "u") in found
    assert ("not_in_original", "m", None) in found and ("not_in_original", "x", None) in found
    assert not any(i.goal_id == "o1" for i in issues)


def test_without_original_goals_there_is_no_history_to_compare():
    assert not [k for k in kinds(ALIGNED) if k.startswith(("original", "not_in"))]


def test_a_recorded_gap_is_matched_back_to_its_issue():
    issue = find_alignment_issues(ALIGNED[1:])[0]
    gap = Gap(id="g", workspace_id="w", title=issue.title, origin=issue.origin, origin_department="marketing")
    unrelated = Gap(id="h", workspace_id="w", title="Manual gap")
    assert recorded_gaps([issue], [gap, unrelated]) == {issue.key: gap}
    gap_to_analyse = issue.as_gap()
    assert gap_to_analyse.departments == ["marketing"]
    assert gap_to_analyse.desired_experience.startswith("Marketing has an agreed goal the CRM tracks")
