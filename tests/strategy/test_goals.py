"""The goal validator: each rule with goals that pass and fail, and the proposed rewrite."""

from datetime import date

import pytest

from crm_core.errors import CrmCoreError
from crm_core.findings import Severity
from crm_core.models import Goal, GoalCreate
from crm_core.strategy.goal_templates import end_of_quarter, end_of_year_ahead, goal_from_template
from crm_core.units import format_value
from crm_core.strategy.goals import (
    ValidatorRanges, clean_goal, missing_parts, review_goal, rewrite_goal, stated_change,
)

TODAY = date(2026, 11, 23)


def goal(**fields) -> Goal:
    """A complete, well-formed churn goal unless a test says otherwise."""
    base = dict(workspace_id="w", department="support", statement="Reduce churn from 8% to 6% by March",
                metric="Churn rate", kpi_key="churn_rate", unit="%", baseline=8.0, target=6.0,
                deadline=date(2027, 3, 31), owner="Priya", why="Customers who stay got help in time.",
                agreed_by="Priya, Tom")
    return Goal(**(base | fields))


def codes(**fields) -> set[str]:
    return review_goal(goal(**fields), today=TODAY).codes()


def test_a_complete_goal_passes_every_rule():
    review = review_goal(goal(), today=TODAY)
    assert review.issues == () and review.well_formed


@pytest.mark.parametrize(("fields", "missing"), [
    ({"metric": "", "kpi_key": ""}, ("metric",)),
    ({"baseline": None}, ("baseline",)),
    ({"target": None}, ("target",)),
    ({"deadline": None}, ("deadline",)),
    ({"owner": "  "}, ("owner",)),
    ({"baseline": None, "deadline": None, "owner": ""}, ("baseline", "deadline", "owner")),
])
def test_missing_parts_are_named_in_one_sentence(fields, missing):
    review = review_goal(goal(**fields), today=TODAY)
    assert missing_parts(goal(**fields)) == missing
    incomplete = [issue for issue in review.issues if issue.code == "GOAL.INCOMPLETE"]
    assert len(incomplete) == 1
    for part in missing:
        assert f"the {part}" in incomplete[0].message
    assert not review.well_formed


def test_missing_only_the_owner_is_medium_and_a_missing_number_is_high():
    assert review_goal(goal(owner=""), today=TODAY).issues[0].severity is Severity.MEDIUM
    assert review_goal(goal(target=None), today=TODAY).issues[0].severity is Severity.HIGH


def test_a_missing_target_is_worked_out_from_the_wording():
    review = review_goal(goal(statement="Reduce customer churn by 25% by the end of next quarter", target=None),
                         today=TODAY)
    assert "The wording says -25%: from 8% that is 6%." in review.issues[0].message
    assert review.rewrite == "Reduce churn rate from 8% to 6% (-25%) by 31 March 2027"


@pytest.mark.parametrize(("fields", "expected"), [
    ({"target": 9.0}, True),  # churn should go down
    ({"target": 6.0}, False),
    ({"metric": "Retention rate", "kpi_key": "retention_rate", "baseline": 80.0, "target": 70.0}, True),
    ({"metric": "Retention rate", "kpi_key": "retention_rate", "baseline": 80.0, "target": 85.0}, False),
    # a custom metric takes its direction from the wording's verb
    ({"metric": "Onboarding days", "kpi_key": "", "statement": "Cut onboarding time", "baseline": 10.0,
      "target": 12.0}, True),
    ({"metric": "Onboarding days", "kpi_key": "", "statement": "Onboarding time", "baseline": 10.0,
      "target": 12.0}, False),  # no verb, no catalogue KPI: nothing to contradict
])
def test_a_target_on_the_wrong_side_of_the_baseline(fields, expected):
    assert ("GOAL.WRONG_DIRECTION" in codes(**fields)) is expected


def test_the_wrong_direction_message_says_which_way_is_good():
    issue = next(i for i in review_goal(goal(target=9.0), today=TODAY).issues if i.code == "GOAL.WRONG_DIRECTION")
    assert "better when it goes down" in issue.message and "(9%)" in issue.message and "(8%)" in issue.message


def test_a_target_equal_to_the_baseline_is_no_goal():
    assert "GOAL.NO_CHANGE" in codes(target=8.0)


@pytest.mark.parametrize(("target", "deadline", "expected"), [
    # 8 -> 7.9 is -1.25% over ~1.7 quarters: 0.7% per quarter, below the 2% default
    (7.9, date(2027, 3, 31), "GOAL.TRIVIAL"),
    # 8 -> 6 is -25% over ~1.7 quarters: ~14.8% per quarter, within range
    (6.0, date(2027, 3, 31), None),
    # 8 -> 2 is -75% in ~0.4 quarter (by 31 Dec): far above 50% per quarter
    (2.0, date(2026, 12, 31), "GOAL.IMPLAUSIBLE"),
])
def test_the_size_of_a_goal_is_judged_per_quarter_of_time_given(target, deadline, expected):
    found = codes(target=target, deadline=deadline) & {"GOAL.TRIVIAL", "GOAL.IMPLAUSIBLE"}
    assert found == ({expected} if expected else set())


def test_the_size_message_states_the_rate_and_the_range():
    review = review_goal(goal(target=2.0, deadline=date(2026, 12, 31)), today=TODAY)
    message = next(i.message for i in review.issues if i.code == "GOAL.IMPLAUSIBLE")
    assert "-75%" in message and "per quarter" in message and "above 50%" in message


def test_a_workspace_can_move_the_ranges():
    strict = ValidatorRanges(trivial_pct_per_quarter=20, implausible_pct_per_quarter=60)
    assert "GOAL.TRIVIAL" in review_goal(goal(), today=TODAY, ranges=strict).codes()  # 14.8% < 20%
    assert "GOAL.TRIVIAL" not in review_goal(goal(), today=TODAY).codes()


@pytest.mark.parametrize(("low", "high"), [(5, 5), (-1, 50), (60, 50), (float("nan"), 50)])
def test_ranges_that_make_no_sense_are_refused(low, high):
    with pytest.raises(CrmCoreError, match="trivial limit"):
        ValidatorRanges(low, high)


def test_a_passed_deadline_is_pointed_out():
    assert "GOAL.DEADLINE_PASSED" in codes(deadline=date(2026, 6, 30))


@pytest.mark.parametrize(("statement", "vague"), [
    ("increase retention", True),
    ("close every deal", True),
    ("increase revenue", True),
    ("spend less per sale", True),
    ("Reduce churn from 8% to 6% by March", False),
    ("Double marketing-qualified leads", False),  # "double" is a number
])
def test_wording_without_a_number_is_vague(statement, vague):
    assert ("GOAL.VAGUE" in codes(statement=statement)) is vague


def test_an_absolute_is_called_out_as_such():
    message = next(i.message for i in review_goal(goal(statement="close every deal"), today=TODAY).issues
                   if i.code == "GOAL.VAGUE")
    assert "absolute ('every')" in message


@pytest.mark.parametrize(("statement", "rewrite"), [
    ("increase retention", "Increase retention rate from [today's value] to [target] by [date]"),
    ("spend less per sale", "Reduce customer acquisition cost (CAC) from [today's value] to [target] by [date]"),
    ("increase revenue", "Increase new revenue from [today's value] to [target] by [date]"),
    ("close every deal", "Move [metric] from [today's value] to [target] by [date]"),
])
def test_vague_goals_get_a_rewrite_with_placeholders(statement, rewrite):
    bare = Goal(workspace_id="w", department="sales", statement=statement)
    assert rewrite_goal(bare) == rewrite


def test_the_rewrite_uses_the_goals_own_numbers():
    assert rewrite_goal(goal()) == "Reduce churn rate from 8% to 6% (-25%) by 31 March 2027"
    cac = goal(metric="Customer acquisition cost (CAC)", kpi_key="cac", unit="$", baseline=115.0, target=80.0,
               deadline=date(2027, 12, 31))
    assert rewrite_goal(cac) == "Reduce customer acquisition cost (CAC) from $115 to $80 (-30.4%) by 31 December 2027"


def test_why_and_agreement_are_gentle_notes_not_blockers():
    review = review_goal(goal(why="", agreed_by=""), today=TODAY)
    assert review.codes() == {"GOAL.NO_WHY", "GOAL.NOT_AGREED"} and review.well_formed


@pytest.mark.parametrize(("text", "change"), [
    ("Reduce customer churn by 25% by the end of next quarter", -0.25),
    ("Grow new revenue by 50% this year", 0.5),
    ("Cut the sales cycle by half", -0.5),
    ("Double the leads", 1.0),
    ("Churn by 25%", None),  # no verb: the sign is unknown
    ("Reduce churn from 8% to 6%", None),  # levels, not a change
])
def test_stated_change(text, change):
    assert stated_change(text) == change


@pytest.mark.parametrize(("value", "unit", "text"), [
    (8, "%", "8%"), (115, "$", "$115"), (-5, "$", "-$5"), (4, "months", "4 months"),
    (1_250_000, "$", "$1,250,000"), (12.5, "", "12.5"),
])
def test_values_read_as_people_say_them(value, unit, text):
    assert format_value(value, unit) == text


def test_cleaning_fills_unit_and_intent_from_the_catalogue_and_refuses_a_bare_goal():
    values = clean_goal(GoalCreate(department="Sales ", metric="churn", baseline=8))
    assert (values["metric"], values["kpi_key"], values["unit"], values["intent"]) == (
        "Churn rate", "churn_rate", "%", "churn")
    assert values["department"] == "sales"
    with pytest.raises(CrmCoreError, match="room's words or pick its metric"):
        clean_goal(GoalCreate(department="sales"))
    with pytest.raises(CrmCoreError, match="department"):
        clean_goal(GoalCreate(statement="Grow", department=""))


def test_custom_metrics_are_kept_as_typed():
    values = clean_goal(GoalCreate(department="support", metric="First-contact resolution", unit="%"))
    assert (values["metric"], values["kpi_key"], values["intent"]) == ("First-contact resolution", "", "")


@pytest.mark.parametrize(("key", "metric", "baseline", "target", "deadline"), [
    ("churn", "Churn rate", None, None, date(2027, 3, 31)),
    ("sales_cycle", "Sales-cycle length", 4, 2, date(2027, 6, 30)),
    ("new_revenue", "New revenue", None, None, date(2027, 12, 31)),  # late November: the coming year
    ("cac", "Customer acquisition cost (CAC)", 115, 80, date(2027, 12, 31)),
])
def test_templates_follow_the_methods_examples(key, metric, baseline, target, deadline):
    created = goal_from_template(key, today=TODAY)
    assert (created.metric, created.baseline, created.target, created.deadline) == (metric, baseline, target, deadline)
    assert created.why


def test_template_deadlines():
    assert end_of_quarter(date(2026, 11, 23)) == date(2026, 12, 31)
    assert end_of_quarter(date(2026, 3, 31), 1) == date(2026, 6, 30)
    assert end_of_year_ahead(date(2026, 5, 1)) == date(2026, 12, 31)
    assert end_of_year_ahead(date(2026, 11, 23)) == date(2027, 12, 31)


@pytest.mark.parametrize(("value", "unit", "text"), [
    (0.621, "fraction", "62.1%"), (48.4, "days", "48 days"), (1.8, "ratio", "1.80x"), (32, "points", "+32 points"),
    (12340.4, "currency", "12,340"), (None, "fraction", "–"),
])
def test_measured_kpis_read_the_same_through_the_one_format(value, unit, text):
    assert format_value(value, unit) == text
