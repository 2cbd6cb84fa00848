"""Usage audit: owner matching, rates per working day, adoption, habits, findings, charts, CLI."""

from __future__ import annotations

import json
from datetime import date

import pandas as pd
import pytest

from crm_core.audit.usage import charts as usage_charts
from crm_core.audit.usage import metrics as um
from crm_core.audit.usage.activity import (
    UsageThresholds,
    audit_usage,
    export_date,
    measure_usage,
    result_from,
    user_summary,
)
from crm_core.audit.usage.findings import WEIGHTS, low_usage_table
from crm_core.cli import main
from crm_core.errors import CrmCoreError
from crm_core.findings import ISSUE_COLUMNS

AS_OF = date(2026, 3, 13)  # a Friday
T = pd.Timestamp


def users(rows, *, login=True) -> pd.DataFrame:
    """rows: (id, name, team, active, last_login or None)."""
    frame = pd.DataFrame({
        "record_id": [r[0] for r in rows], "name": [r[1] for r in rows], "team": [r[2] for r in rows],
        "is_active": pd.array([r[3] for r in rows], dtype="boolean"),
        "created_at": pd.to_datetime(["2020-01-01"] * len(rows)),
    })
    if login:
        frame["last_login_at"] = pd.to_datetime([r[4] for r in rows])
    return frame


def activities(rows) -> pd.DataFrame:
    """rows: (id, owner, type, date, created or None, deal id or None)."""
    return pd.DataFrame({
        "record_id": [r[0] for r in rows], "owner": pd.array([r[1] for r in rows], dtype="string"),
        "type": [r[2] for r in rows], "occurred_at": pd.to_datetime([r[3] for r in rows]),
        "created_at": pd.to_datetime([r[4] for r in rows]), "deal_id": [r[5] for r in rows],
    })


def team(n_per_user: dict[str, int], *, team_name="Sales", day="2026-03-10") -> tuple[pd.DataFrame, pd.DataFrame]:
    """Users of one team, each with a number of calls on one day inside the window."""
    people = users([(f"U{i}", name, team_name, True, "2026-03-12") for i, name in enumerate(n_per_user)])
    rows, n = [], 0
    for name, count in n_per_user.items():
        for _ in range(count):
            n += 1
            rows.append((f"A{n}", name, "Call", day, f"{day} 10:{n % 60:02d}", None))
    return people, activities(rows)


# --- owners and types ---------------------------------------------------------------------


def test_owners_match_by_name_id_email_username_and_without_accents():
    directory = um.user_directory(pd.DataFrame({
        "record_id": ["005A", "005B"], "name": ["Chloé Martin", "Tom Gallagher"],
        "email": ["chloe.martin@example.com", "tom@example.com"], "username": ["cmartin", "tgallagher"],
    }))
    owners = pd.Series(["Chloé Martin", "chloe martin", "005A", "CHLOE.MARTIN@EXAMPLE.COM", "cmartin",
                        "  Tom   Gallagher ", "Unknown Person", None])
    matched = um.match_owners(owners, um.owner_lookup(directory))
    assert matched.tolist()[:6] == ["005A", "005A", "005A", "005A", "005A", "005B"]
    assert matched[6:].isna().all()


def test_a_name_two_users_share_names_neither_but_their_ids_still_match():
    directory = um.user_directory(pd.DataFrame({"record_id": ["U1", "U2"], "name": ["Alex Kim", "Alex Kim"]}))
    matched = um.match_owners(pd.Series(["Alex Kim", "U2"]), um.owner_lookup(directory))
    assert pd.isna(matched[0]) and matched[1] == "U2"


@pytest.mark.parametrize("text, group", [
    ("Call", "calls"), ("Phone call", "calls"), ("Email", "emails"), ("E-mail", "emails"),
    ("Meeting", "meetings"), ("Demo", "meetings"), ("Onsite visit", "visits"), ("Customer Visit", "visits"),
    ("Task", "notes_tasks"), ("Note", "notes_tasks"), ("To-do", "notes_tasks"),
    ("LinkedIn message", "other"), (None, "other"),
])
def test_activity_types_fall_into_groups(text, group):
    assert um.type_groups(pd.Series([text], dtype="object"))[0] == group


# --- rates ------------------------------------------------------------------------------------


def test_rates_per_working_day_match_a_plain_pandas_count():
    people = users([("U1", "Ann", "Sales", True, "2026-03-12"), ("U2", "Bob", "Sales", True, "2026-03-12")])
    acts = activities([
        ("A1", "Ann", "Call", "2026-03-13", "2026-03-13 09:00", None),    # last day of the window
        ("A2", "Ann", "Email", "2026-03-04", "2026-03-04 09:00", None),   # first day of a 10-day window
        ("A3", "Ann", "Email", "2026-03-03", "2026-03-03 09:00", None),   # one day too early
        ("A4", "Ann", "Meeting", "2026-03-20", "2026-03-02 09:00", None),  # booked ahead: after as_of
        ("A5", "U2", "Visit", "2026-03-07", "2026-03-09 09:00", None),     # a Saturday, owner given by id
        ("A6", "Bob", "Task", "2026-03-10", "2026-03-10 09:00", None),
    ])
    directory = um.user_directory(people)
    rates = um.user_rates(um.prepare_activities(acts, directory), directory, as_of=AS_OF, window_days=10)
    days = len(pd.bdate_range(T(AS_OF) - pd.Timedelta(days=9), T(AS_OF)))
    inside = acts[(acts["occurred_at"] >= T(AS_OF) - pd.Timedelta(days=9)) & (acts["occurred_at"] <= T(AS_OF))]
    expected = {"U1": (inside["owner"] == "Ann").sum(), "U2": inside["owner"].isin(["Bob", "U2"]).sum()}
    got = rates.set_index("user_key")
    assert days == 8 and (got["working_days"] == days).all()
    assert got.loc["U1", "activities"] == expected["U1"] == 2
    assert got.loc["U2", "activities"] == expected["U2"] == 2
    assert got.loc["U1", "per_day"] == pytest.approx(2 / 8)
    assert got.loc["U1", "emails_per_day"] == pytest.approx(1 / 8)
    assert got.loc["U2", "visits_per_day"] == pytest.approx(1 / 8)
    assert got.loc["U1", "activities_all_time"] == 3  # A4 lies after as_of
    assert got.loc["U1", "last_activity"] == T("2026-03-13")


def test_a_user_created_inside_the_window_counts_only_their_own_working_days():
    people = users([("U1", "Ann", "Sales", True, "2026-03-12")])
    people["created_at"] = pd.to_datetime(["2026-03-11"])  # Wednesday: Wed, Thu, Fri remain
    rates = um.user_rates(um.prepare_activities(None, um.user_directory(people)), um.user_directory(people),
                          as_of=AS_OF, window_days=30)
    assert rates["working_days"].tolist() == [3]


def test_team_rates_use_active_users_only():
    people, acts = team({"Ann": 10, "Bob": 0})
    people.loc[1, "is_active"] = False
    measures = measure_usage({"users": people, "activities": acts}, as_of=AS_OF)
    row = measures.team_rates.set_index("team").loc["Sales"]
    assert row["users"] == 1 and row["activities"] == 10
    assert row["per_user_per_day"] == pytest.approx(10 / measures.user_rates["working_days"].iloc[0])


# --- adoption ---------------------------------------------------------------------------------


def test_people_far_below_the_team_median_are_flagged_with_the_threshold_stated():
    # Sales median is 40 calls; Dan (1) is under a tenth of it, Mgr (10) is a quarter: not flagged
    people, acts = team({"Ann": 40, "Bob": 40, "Cat": 44, "Mgr": 10, "Dan": 1})
    result = audit_usage({"users": people, "activities": acts}, as_of=AS_OF)
    finding = result.finding("USAGE.LOW_ACTIVITY_USERS")
    names = dict(zip(people["record_id"], people["name"], strict=True))
    assert [names[k] for k in finding.example_ids] == ["Dan"]
    rates = um.user_rates(um.prepare_activities(acts, um.user_directory(people)), um.user_directory(people),
                          as_of=AS_OF, window_days=90)
    median = rates["per_day"].median()
    assert f"team median of {median:.2f} (threshold {median * 0.1:.2f})" in finding.detail
    wider = audit_usage({"users": people, "activities": acts}, as_of=AS_OF,
                        thresholds=UsageThresholds(low_usage_ratio=0.3))
    assert sorted(names[k] for k in wider.finding("USAGE.LOW_ACTIVITY_USERS").example_ids) == ["Dan", "Mgr"]


def test_teams_too_small_to_have_a_median_are_not_compared():
    people, acts = team({"Ann": 40, "Dan": 0})
    assert audit_usage({"users": people, "activities": acts}, as_of=AS_OF).finding("USAGE.LOW_ACTIVITY_USERS") is None
    table = low_usage_table(measure_usage({"users": people, "activities": acts}, as_of=AS_OF))
    assert table["peers"].tolist() == [2, 2] and not table["low"].any()


def test_one_user_gets_scores_and_no_comparison():
    people, acts = team({"Solo": 5})
    result = audit_usage({"users": people, "activities": acts}, as_of=AS_OF)
    assert result.finding("USAGE.LOW_ACTIVITY_USERS") is None
    assert result.score("adoption").value == 100.0 and result.score("team_coverage").value == 100.0
    assert 0 <= result.score("usage").value <= 100


def test_a_customer_facing_team_that_logs_nothing_is_flagged_but_it_is_not():
    sales, acts = team({"Ann": 5, "Bob": 6})
    others = users([("M1", "Mia", "Marketing", True, "2026-03-12"), ("M2", "Max", "Marketing", True, "2026-03-12"),
                    ("I1", "Ian", "IT", True, "2026-03-12")])
    result = audit_usage({"users": pd.concat([sales, others], ignore_index=True), "activities": acts}, as_of=AS_OF)
    silent = result.finding("USAGE.TEAM_NOT_USING")
    assert silent.evidence["teams"] == "Marketing" and silent.affected_count == 2
    never = result.finding("USAGE.NEVER_LOGGED")  # Ian (IT) is not customer-facing
    assert never.affected_count == 2 and set(never.example_ids) == {"M1", "M2"}
    quiet = result.finding("USAGE.NO_RECENT_ACTIVITY")
    assert quiet.evidence["share"] == pytest.approx(2 / 4)
    assert result.score("team_coverage").value == pytest.approx(50.0)
    assert result.score("adoption").value == pytest.approx(50.0)


def test_a_user_who_joined_days_ago_is_not_yet_counted_as_not_logging():
    people, acts = team({"Ann": 5, "Bob": 0, "New": 0})
    people.loc[people["name"] == "New", "created_at"] = pd.Timestamp("2026-03-09")
    result = audit_usage({"users": people, "activities": acts}, as_of=AS_OF)
    quiet = result.finding("USAGE.NO_RECENT_ACTIVITY")
    assert quiet.example_ids == ("U1",) and quiet.evidence["active_users"] == 2
    assert result.score("adoption").value == pytest.approx(50.0)


def test_idle_logins_need_a_last_login_column():
    rows = [("U1", "Ann", "Sales", True, "2026-03-10"), ("U2", "Bob", "Sales", True, "2025-11-01"),
            ("U3", "Cat", "Sales", True, None), ("U4", "Dan", "Sales", False, None)]
    acts = activities([("A1", "Ann", "Call", "2026-03-10", "2026-03-10 10:00", None)])
    idle = audit_usage({"users": users(rows), "activities": acts}, as_of=AS_OF).finding("USAGE.IDLE_LOGIN")
    assert set(idle.example_ids) == {"U2", "U3"}  # Dan has left: not a licence
    no_logins = audit_usage({"users": users(rows, login=False), "activities": acts}, as_of=AS_OF)
    assert no_logins.finding("USAGE.IDLE_LOGIN") is None


def test_activities_without_owner_or_with_an_unknown_owner_are_counted_not_rated():
    people = users([("U1", "Ann", "Sales", True, "2026-03-12")])
    acts = activities([("A1", "Ann", "Call", "2026-03-10", "2026-03-10 10:00", None),
                       ("A2", None, "Call", "2026-03-10", "2026-03-10 10:00", None),
                       ("A3", "", "Call", "2026-03-10", "2026-03-10 10:00", None),
                       ("A4", "Ghost Writer", "Call", "2026-03-10", "2026-03-10 10:00", None)])
    measures = measure_usage({"users": people, "activities": acts}, as_of=AS_OF)
    result = result_from(measures)
    assert measures.user_rates.set_index("user_key").loc["U1", "activities"] == 1
    assert result.finding("USAGE.ACTIVITY_WITHOUT_OWNER").affected_count == 2
    assert result.finding("USAGE.OWNER_NOT_A_USER").affected_count == 1
    assert "Ghost Writer" in result.finding("USAGE.OWNER_NOT_A_USER").detail


def test_without_a_users_table_each_owner_is_a_user():
    acts = activities([("A1", "Ann", "Call", "2026-03-10", "2026-03-10 10:00", None),
                       ("A2", "Bob", "Call", "2026-03-11", "2026-03-11 10:00", None)])
    measures = measure_usage({"activities": acts}, as_of=AS_OF)
    assert sorted(measures.user_rates["user"]) == ["Ann", "Bob"]
    assert result_from(measures).finding("USAGE.OWNER_NOT_A_USER") is None


# --- habits -------------------------------------------------------------------------------------


def burst(owner: str, count: int, created: str, day: str = "2026-03-02", start: int = 0):
    return [(f"{owner}{start + n}", owner, "Call", day, created, None) for n in range(count)]


def test_twenty_activities_in_one_minute_are_a_burst_nineteen_are_not():
    acts = activities(burst("Ann", 20, "2026-03-10 17:47:05") + burst("Bob", 19, "2026-03-10 17:47:00")
                      + burst("Cat", 10, "2026-03-10 17:47:00") + burst("Dan", 10, "2026-03-10 17:47:30"))
    bursts, mask = um.same_minute_bursts(um.prepare_activities(acts, um.user_directory(None, acts)), 20)
    assert bursts["who"].tolist() == ["Ann"] and bursts["activities"].tolist() == [20]
    assert int(mask.sum()) == 20 and not bursts["month_end"].iloc[0]


def test_catch_up_logging_on_the_last_working_day_of_the_month_is_bulk():
    # 31 March 2026 is a Tuesday, the last working day; 30 March is not
    # Ann types 20 of March's calls on the 31st, seven minutes apart (no same-minute burst);
    # Bob types 25 on the 30th
    ann = [(f"A{n}", "Ann", "Call", "2026-03-02", str(T("2026-03-31 09:00") + pd.Timedelta(minutes=7 * n)), None)
           for n in range(20)]
    bob = [(f"B{n}", "Bob", "Email", "2026-03-02", str(T("2026-03-30 09:00") + pd.Timedelta(minutes=n)), None)
           for n in range(25)]
    acts = activities(ann + bob)
    prepared = um.prepare_activities(acts, um.user_directory(None, acts))
    batches, mask = um.month_end_backlogs(prepared, 20)
    assert batches["who"].tolist() == ["Ann"] and int(mask.sum()) == 20
    result = audit_usage({"activities": acts}, as_of=date(2026, 4, 1))
    assert result.finding("USAGE.BULK_LOGGING").evidence["month_end_days"] == 1


def test_logging_lag_counts_late_entries_not_meetings_booked_ahead():
    acts = activities([
        ("A1", "Ann", "Call", "2026-03-02", "2026-03-05 10:00", None),   # 3 days late
        ("A2", "Ann", "Call", "2026-03-02", "2026-03-04 10:00", None),   # 2 days: fine
        ("A3", "Ann", "Meeting", "2026-03-09", "2026-03-01 10:00", None),  # booked ahead
        ("A4", "Ann", "Call", "2026-03-02", None, None),                 # no created stamp
    ])
    summary, late = um.logging_lag(um.prepare_activities(acts, um.user_directory(None, acts)), 3)
    assert late.tolist() == [True, False, False, False]
    row = summary.set_index("who").loc["Ann"]
    assert row["logged"] == 2 and row["late_share"] == pytest.approx(0.5) and row["median_lag_days"] == 3


def test_a_habitual_late_logger_is_named():
    rows = [(f"L{n}", "Sofia", "Call", "2026-03-02", "2026-03-12 10:00" if n < 15 else "2026-03-02 10:00", None)
            for n in range(30)]
    rows += [(f"N{n}", "Ned", "Call", "2026-03-02", "2026-03-12 10:00" if n < 2 else "2026-03-02 10:00", None)
             for n in range(30)]
    finding = audit_usage({"activities": activities(rows)}, as_of=AS_OF).finding("USAGE.LOGGING_LAG")
    assert finding.affected_count == 17 and finding.example_ids == ("Sofia",)
    assert "Sofia: 50% late, median 10 days" in finding.detail


# --- deals ------------------------------------------------------------------------------------


def deals_table():
    # D1 won with an activity on its close day; D2 won, its only activity came after the close;
    # D3 lost without activity; D4 closed before the first activity (not counted); D5 open
    return pd.DataFrame({
        "record_id": ["D1", "D2", "D3", "D4", "D5"],
        "stage": ["Closed Won", "Closed Won", "Closed Lost", "Won", "Proposal"],
        "close_date": pd.to_datetime(["2026-03-05", "2026-03-05", "2026-03-06", "2026-01-01", "2026-04-30"]),
        "created_at": pd.to_datetime(["2026-02-01"] * 5), "account_id": ["C1", "C2", "C3", "C4", "C5"],
        "owner": ["Ann", "Ann", "Bob", "Ann", "Bob"],
    })


def test_share_of_closed_and_won_deals_with_an_activity_before_close():
    acts = activities([("A1", "Ann", "Call", "2026-03-05", "2026-03-05 10:00", "D1"),
                       ("A2", "Ann", "Call", "2026-03-06", "2026-03-06 10:00", "D2"),
                       ("A3", "Bob", "Call", "2026-02-02", "2026-02-02 10:00", None)])
    result = audit_usage({"activities": acts, "deals": deals_table()}, as_of=AS_OF)
    finding = result.finding("USAGE.DEALS_WITHOUT_ACTIVITY")
    assert finding.evidence["closed_deals"] == 3 and finding.evidence["won_deals"] == 2
    assert finding.evidence["won_without_activity"] == 1 and finding.affected_count == 2
    assert finding.example_ids == ("D2",)
    assert result.score("deal_logging").value == pytest.approx(50.0)


def test_without_deal_ids_activities_link_to_deals_through_the_account():
    acts = activities([("A1", "Ann", "Call", "2026-03-04", "2026-03-04 10:00", None)]).drop(columns="deal_id")
    acts["account_id"] = ["C1"]
    coverage = measure_usage({"activities": acts, "deals": deals_table()}, as_of=AS_OF).deal_coverage
    assert coverage.set_index("record_id")["has_activity"].to_dict() == {"D1": True, "D2": False, "D3": False}


def test_deals_and_tickets_closed_per_week_per_user():
    people, acts = team({"Ann": 3, "Bob": 3})
    deals = deals_table()
    tickets = pd.DataFrame({"record_id": ["T1", "T2", "T3"], "owner": ["Bob", "Bob", "U0"],
                            "closed_at": pd.to_datetime(["2026-03-02 10:00", "2026-03-12 16:00", None])})
    summary = user_summary(measure_usage({"users": people, "activities": acts, "deals": deals, "tickets": tickets},
                                         as_of=AS_OF, thresholds=UsageThresholds(window_days=14)))
    row = summary.set_index("user")
    assert row.loc["Ann", "deals_closed_per_week"] == pytest.approx(2 / 2)  # D1, D2 in two weeks; D4 too old
    assert row.loc["Bob", "deals_closed_per_week"] == pytest.approx(1 / 2)  # D3 lost counts; D5 is open
    assert row.loc["Bob", "tickets_closed_per_week"] == pytest.approx(2 / 2)
    assert row.loc["Ann", "tickets_closed_per_week"] == 0


def test_records_created_and_updated_per_user_when_the_export_says_who():
    people, acts = team({"Ann": 1, "Bob": 1})
    contacts = pd.DataFrame({"record_id": ["C1", "C2", "C3"], "custom:Created By": ["Ann", "Ann", "Bob"],
                             "created_at": pd.to_datetime(["2026-03-10", "2026-03-11", "2025-01-01"]),
                             "custom:Last Modified By": ["Bob", "Bob", "Bob"],
                             "updated_at": pd.to_datetime(["2026-03-12"] * 3)})
    measures = measure_usage({"users": people, "activities": acts, "contacts": contacts}, as_of=AS_OF)
    touched = measures.records_touched.set_index("user")
    assert touched.loc["Ann", "created"] == 2 and touched.loc["Bob", "created"] == 0
    assert touched.loc["Bob", "updated"] == 3
    assert measures.who_columns == ("contacts.Created By", "contacts.Last Modified By")
    assert measure_usage({"users": people, "activities": acts}, as_of=AS_OF).who_columns == ()


# --- settings, score, shape -------------------------------------------------------------------


def test_thresholds_round_trip_ignore_unknown_keys_and_refuse_nonsense():
    stored = {"window_days": 60, "customer_facing_teams": "Sales, Customer Success", "as_of": "2026-01-01"}
    thresholds = UsageThresholds.from_dict(stored)
    assert thresholds.window_days == 60 and thresholds.customer_facing_teams == ("sales", "customer success")
    assert UsageThresholds.from_dict(thresholds.to_dict()) == thresholds
    with pytest.raises(CrmCoreError, match="low_usage_ratio"):
        UsageThresholds.from_dict({"low_usage_ratio": 2})
    with pytest.raises(CrmCoreError, match="window_days"):
        UsageThresholds(window_days=0)


def test_overall_score_is_the_stated_weighted_mean_of_its_parts():
    people, acts = team({"Ann": 5, "Bob": 0, "Cat": 3})
    result = audit_usage({"users": people, "activities": acts, "deals": deals_table()}, as_of=AS_OF)
    parts = {s.dimension: s.value for s in result.scores if s.dimension != "usage"}
    expected = sum(WEIGHTS[k] * v for k, v in parts.items()) / sum(WEIGHTS[k] for k in parts)
    assert result.score("usage").value == pytest.approx(expected)
    assert result.area == "usage" and tuple(result.issues.columns) == ISSUE_COLUMNS


def test_no_activities_is_said_plainly():
    result = audit_usage({"users": users([("U1", "Ann", "Sales", True, None)])}, as_of=AS_OF)
    assert [f.code for f in result.findings] == ["USAGE.NO_ACTIVITIES"] and result.scores == ()


def test_export_date_skips_a_few_mistyped_future_dates_and_never_passes_today():
    stamps = pd.DataFrame({"created_at": pd.to_datetime(["2026-09-30 10:00"] * 200 + ["2027-06-04 00:00"] * 5)})
    assert export_date({"contacts": stamps}, today=date(2026, 11, 23)) == date(2026, 10, 1)
    assert export_date({"contacts": stamps}, today=date(2026, 9, 1)) == date(2026, 9, 1)
    assert export_date({}, today=date(2026, 9, 1)) == date(2026, 9, 1)


# --- charts -----------------------------------------------------------------------------------


def test_heatmap_has_a_cell_per_active_user_and_complete_week_with_zeros():
    people, acts = team({"Ann": 4, "Bob": 0}, day="2026-03-03")
    # the week of Friday 13 March is not over yet: an activity in it is not drawn
    acts = pd.concat([acts, activities([("X", "Ann", "Call", "2026-03-12", "2026-03-12 10:00", None)])])
    measures = measure_usage({"users": people, "activities": acts}, as_of=AS_OF)
    weekly = usage_charts.weekly_activity(measures.activities, measures.user_rates, as_of=AS_OF, weeks=4)
    assert len(weekly) == 2 * 4 and weekly["week"].dt.day_of_week.eq(0).all()
    assert weekly["week"].max() == T("2026-03-02")
    assert weekly.groupby("user")["activities"].sum().to_dict() == {"Ann": 4, "Bob": 0}
    spec = usage_charts.build_activity_heatmap(weekly).to_dict()
    assert spec["mark"]["type"] == "rect"
    color = spec["encoding"]["color"]
    assert spec["encoding"]["x"]["field"] == "week" and color["field"] == "activities"
    assert color["condition"] == {"test": "(datum.activities === 0)", "value": "#e6e6e6"}  # empty weeks grey
    trend = usage_charts.team_trend(weekly)
    assert trend.loc[trend["week"] == T("2026-03-02"), "per_user"].tolist() == [2.0]
    assert usage_charts.build_team_trend_chart(trend).to_dict()["encoding"]["color"]["field"] == "team"


def test_team_trend_names_the_teams_that_log_nothing_instead_of_drawing_them():
    trend = pd.DataFrame({"team": ["Sales", "Marketing"], "week": [T("2026-03-02")] * 2, "activities": [5, 0],
                          "users": [1, 2], "per_user": [5.0, 0.0]})
    spec = usage_charts.build_team_trend_chart(trend).to_dict()
    assert spec["title"]["subtitle"] == "Logged nothing: Marketing"
    drawn = next(iter(spec["datasets"].values()))
    assert {row["team"] for row in drawn} == {"Sales"}


def test_distribution_chart_marks_people_far_below_their_team():
    people, acts = team({"Ann": 40, "Bob": 40, "Cat": 44, "Dan": 1})
    distribution = usage_charts.rep_distribution(low_usage_table(measure_usage(
        {"users": people, "activities": acts}, as_of=AS_OF)))
    assert distribution.set_index("user")["status"].to_dict()["Dan"] == "far below"
    assert (distribution["status"] == "in range").sum() == 3
    layers = usage_charts.build_rep_distribution_chart(distribution).to_dict()["layer"]
    assert [layer["mark"]["type"] for layer in layers] == ["bar", "tick", "tick", "point"]


# --- the sample company -----------------------------------------------------------------------


def test_sample_company_usage_defects_are_found(sample_tables, sample_truth):
    truth, as_of = sample_truth["usage"], date.fromisoformat(sample_truth["as_of"])
    measures = measure_usage(sample_tables, as_of=as_of)
    result = result_from(measures)
    names = dict(zip(measures.directory["user_key"], measures.directory["user"], strict=True))

    def flagged(code):
        return sorted({names[k] for k in result.issues.loc[result.issues["check"] == code, "record_id"]})

    assert flagged("USAGE.LOW_ACTIVITY_USERS") == truth["low_usage_reps"]
    assert result.finding("USAGE.TEAM_NOT_USING").evidence["teams"] == truth["silent_team"]
    assert flagged("USAGE.IDLE_LOGIN") == truth["idle_users"]
    bursts = measures.bursts
    assert sorted({names[w] for w in bursts["who"]}) == truth["bulk_loggers"]
    assert sorted(bursts["activities"]) == sorted(b["count"] for b in truth["bulk_bursts"])
    defects = sample_truth["defects"]
    assert int(measures.burst_mask.sum()) == defects["activities_bulk_logged"]["count"]
    assert result.finding("USAGE.LOGGING_LAG").affected_count == defects["activities_logging_lag"]["count"]
    assert [names[w] for w in result.finding("USAGE.LOGGING_LAG").example_ids] == truth["habitual_late_loggers"]
    won_missing = result.finding("USAGE.DEALS_WITHOUT_ACTIVITY").evidence["won_without_activity"]
    assert won_missing == defects["opportunities_won_without_activity"]["count"]
    per_user = measures.user_rates.set_index("user")["activities_all_time"]
    assert per_user[per_user.index.isin(truth["activities_per_user"])].to_dict() == {
        k: v for k, v in truth["activities_per_user"].items() if k in per_user.index}


# --- command line -----------------------------------------------------------------------------


def write_exports(folder):
    (folder / "users.csv").write_text(
        "User ID,Full Name,Department,Active,Last Login\n"
        "U1,Ann Lee,Sales,1,3/12/2026 9:00 AM\nU2,Bob Roe,Marketing,1,3/12/2026 9:00 AM\n")
    (folder / "activities.csv").write_text(
        "Activity ID,Activity Type,Subject,Assigned,Date,Created Date\n"
        "A1,Call,Intro,Ann Lee,3/10/2026,3/10/2026 10:00 AM\nA2,Email,Follow-up,U1,3/11/2026,3/11/2026 10:00 AM\n")


def test_cli_prints_the_shared_result_json(tmp_path, capsys):
    write_exports(tmp_path)
    code = main(["audit", "usage", "--activities", str(tmp_path / "activities.csv"),
                 "--users", str(tmp_path / "users.csv"), "--as-of", "2026-03-13"])
    document = json.loads(capsys.readouterr().out)
    assert code == 0 and document["area"] == "usage"
    assert set(document["scores"]) >= {"usage", "adoption", "team_coverage"}
    silent = next(f for f in document["findings"] if f["code"] == "USAGE.TEAM_NOT_USING")
    assert silent["evidence"]["teams"] == "Marketing"


def test_cli_markdown_and_bad_input(tmp_path, capsys):
    write_exports(tmp_path)
    out = tmp_path / "usage.md"
    assert main(["audit", "usage", "--activities", str(tmp_path / "activities.csv"), "--users",
                 str(tmp_path / "users.csv"), "--as-of", "2026-03-13", "--format", "md", "--out", str(out)]) == 0
    text = out.read_text()
    assert text.startswith("# Usage audit as of 2026-03-13")
    assert "| Ann Lee | Sales | yes | 0.03 |" in text  # 2 of 65 working days: by name and by id
    assert main(["audit", "usage", "--activities", str(tmp_path / "missing.csv"), "--users",
                 str(tmp_path / "users.csv")]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("error: ") and "missing.csv" in err[0]
    assert main(["audit", "usage", "--activities", str(tmp_path / "activities.csv"), "--users",
                 str(tmp_path / "users.csv"), "--as-of", "13/03/2026"]) == 2
    assert "YYYY-MM-DD" in capsys.readouterr().err


def test_the_audit_command_is_shared_by_areas():
    import argparse

    from crm_core.cli import build_parser
    from crm_core.commands._audit_group import audit_subparsers
    from crm_core.commands.usage import run_usage

    subparsers = argparse.ArgumentParser().add_subparsers()
    first = audit_subparsers(subparsers)
    assert audit_subparsers(subparsers) is first and list(subparsers.choices) == ["audit"]
    args = build_parser().parse_args(["audit", "usage", "--activities", "a.csv", "--users", "u.csv"])
    assert args.handler is run_usage and args.format == "json"
