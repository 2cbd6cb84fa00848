"""Speed to lead: the wait from a lead's creation to its first call, email or meeting, in
working time; checked at the working day's edges, against an independent minute-by-minute
count on a generated file, and for every reason it cannot be measured."""

from __future__ import annotations

import json
import random
from datetime import date, datetime, timedelta

import pandas as pd
import pytest

from crm_core.audit import runner
from crm_core.audit.pipeline.kpis import compute_kpis, goal_baselines
from crm_core.audit.usage import SETTINGS_KEY
from crm_core.cli import main
from crm_core.recommend import recommend_for
from crm_core.strategy.goal_templates import goal_from_template
from crm_core.audit.usage.speed_to_lead import (
    KEYS, MIN_LEADS, WorkingHours, measure_speed_to_lead, speed_findings, working_minutes,
)

AS_OF = date(2026, 11, 30)  # a Monday


def stamps(*texts: str | None) -> pd.Series:
    return pd.Series(pd.to_datetime(list(texts), format="%Y-%m-%d %H:%M"))


@pytest.mark.parametrize(("created", "touched", "minutes"), [
    ("2026-11-02 23:00", "2026-11-03 08:05", 5),  # overnight: only the 5 working minutes count
    ("2026-11-06 17:00", "2026-11-09 08:30", 90),  # Friday 17:00 to Monday 08:30: an hour and a half
    ("2026-11-07 10:00", "2026-11-09 08:00", 0),  # Saturday to Monday's first minute
    ("2026-11-02 18:00", "2026-11-03 08:00", 0),  # closing time to opening time
    ("2026-11-02 07:59", "2026-11-02 08:01", 1),  # before opening: the clock starts at 08:00
    ("2026-11-02 09:00", "2026-11-02 09:04", 4),
    ("2026-11-02 09:00", "2026-11-02 08:00", 0),  # a touch before creation is never negative
])
def test_the_wait_counts_working_time_only(created, touched, minutes):
    assert working_minutes(stamps(created), stamps(touched)).tolist() == [minutes]


def test_round_the_clock_counts_every_minute_and_a_missing_touch_is_no_wait():
    every_hour = WorkingHours(0, 24, "1111111")
    waited = working_minutes(stamps("2026-11-06 17:00", "2026-11-06 17:00"),
                             pd.Series([pd.Timestamp("2026-11-09 08:30"), pd.NaT]), every_hour)
    assert waited.iloc[0] == 63 * 60 + 30 and pd.isna(waited.iloc[1])


def independent_wait(created: datetime, touched: datetime, start: int = 8, end: int = 18) -> int:
    """Minute by minute: count the minutes between the two stamps that fall in working hours."""
    minute, counted = created, 0
    while minute < touched:
        if minute.weekday() < 5 and start <= minute.hour < end:
            counted += 1
        minute += timedelta(minutes=1)
    return counted


def generated(seed: int = 7, leads: int = 60) -> tuple[dict[str, pd.DataFrame], list[int | None]]:
    """New leads over the last month, most touched after a random wait (some by a note, which is
    not a touch, and some touched only before they were created), some never touched; and older
    leads outside the window. Returns the tables and each judged lead's true wait."""
    rng = random.Random(seed)
    contacts, activities, truth = [], [], []
    for n in range(leads):
        created = datetime(2026, 11, 1, 0, 0) + timedelta(minutes=rng.randrange(0, 28 * 24 * 60))
        contacts.append({"record_id": f"L{n}", "full_name": f"Lead {n}", "email": f"lead{n}@example.com",
                         "created_at": created, "lead_source": rng.choice(["Web", "Event"]),
                         "owner": rng.choice(["Ann Lee", "Bo Chan"])})
        kind = rng.random()
        if kind < 0.2:
            truth.append(None)
            activities.append({"contact_id": f"L{n}", "type": "Note", "occurred_at": created + timedelta(minutes=3)})
            activities.append({"contact_id": f"L{n}", "type": "Call", "occurred_at": created - timedelta(hours=2)})
            continue
        touched = created + timedelta(minutes=rng.choice([2, 4, 30, 59, 61, 200, 900, 2000, 5000]))
        truth.append(independent_wait(created, touched))
        activities.append({"contact_id": f"L{n}", "type": rng.choice(["Call", "Email", "Meeting"]),
                           "occurred_at": touched})
        activities.append({"contact_id": f"L{n}", "type": "Call", "occurred_at": touched + timedelta(days=2)})
    contacts.append({"record_id": "OLD", "full_name": "Old Lead", "created_at": datetime(2025, 1, 5, 10, 0), "lead_source": "Web",
                     "owner": "Ann Lee"})  # outside the 90-day window
    contacts.append({"record_id": "NEW", "full_name": "New Lead", "created_at": datetime(2026, 11, 30, 9, 0), "lead_source": "Web",
                     "owner": "Ann Lee"})  # added on the audit date: not judged yet
    users = pd.DataFrame({"name": ["Ann Lee", "Bo Chan"], "team": ["Sales", "Marketing"]})
    return {"contacts": pd.DataFrame(contacts), "activities": pd.DataFrame(activities), "users": users}, truth


def test_the_kpis_match_an_independent_count_on_a_generated_file():
    tables, truth = generated()
    speed = measure_speed_to_lead(tables, as_of=AS_OF)
    assert speed.reason is None and len(speed.leads) == len(truth)  # OLD and NEW left out
    waits = pd.Series([w for w in truth], dtype="float")
    assert speed.leads["minutes"].tolist() == pytest.approx(waits.tolist(), nan_ok=True)
    value = {key: found[0] for key, found in speed.values.items()}
    touched = waits.dropna()
    assert value["speed_to_lead_minutes_median"] == touched.median()
    assert value["leads_touched_within_5_min"] == pytest.approx((waits <= 5).sum() / len(truth))
    assert value["leads_touched_within_1_hour"] == pytest.approx((waits <= 60).sum() / len(truth))
    assert value["leads_touched_within_24_hours"] == pytest.approx((waits <= 1440).sum() / len(truth))
    assert value["leads_never_touched"] == pytest.approx(waits.isna().sum() / len(truth))
    kpis = compute_kpis(tables, as_of=AS_OF)  # the catalogue reads the same numbers
    assert {key: kpis[key].value for key in KEYS} == value


def test_the_breakdown_is_per_lead_source_owner_and_team():
    tables, truth = generated()
    table = measure_speed_to_lead(tables, as_of=AS_OF).breakdown()
    assert set(table["by"]) == {"source", "owner", "team"}
    assert set(table.loc[table["by"] == "team", "group"]) == {"Sales", "Marketing"}
    for by in ("source", "owner", "team"):
        assert table.loc[table["by"] == by, "leads"].sum() == len(truth)


@pytest.mark.parametrize(("change", "reason"), [
    (lambda t: t.pop("activities"), "no activities imported"),
    (lambda t: t["contacts"].__setitem__("created_at", t["contacts"]["created_at"].dt.normalize()),
     "gives the day each person was added but not the time"),
    (lambda t: t["activities"].__setitem__("occurred_at", t["activities"]["occurred_at"].dt.normalize()),
     "activities export gives days but not times"),
    (lambda t: t.update(activities=t["activities"].drop(columns=["contact_id"])), "which person each activity was with"),
    (lambda t: t.update(contacts=t["contacts"].drop(columns=["created_at"])), "does not say when each person was added"),
])
def test_what_cannot_be_measured_says_why_instead_of_a_number(change, reason):
    tables, _ = generated()
    change(tables)
    speed = measure_speed_to_lead(tables, as_of=AS_OF)
    assert reason in speed.reason
    assert all(value is None and why == speed.reason for value, _, why in speed.values.values())
    assert speed_findings(speed) == []
    assert compute_kpis(tables, as_of=AS_OF)["leads_never_touched"].reason == speed.reason


def test_a_slow_team_gets_findings_and_a_fast_one_none():
    tables, _ = generated(leads=40)
    slowed = tables["activities"].assign(occurred_at=tables["activities"]["occurred_at"] + timedelta(days=8))
    slow = measure_speed_to_lead({**tables, "activities": slowed}, as_of=AS_OF)
    [late] = [f for f in speed_findings(slow) if f.code == "USAGE.SLOW_LEAD_RESPONSE"]
    assert late.severity == "high" and late.title.startswith("Only 0% of 40 new leads were touched within an hour")
    never = [f for f in speed_findings(slow) if f.code == "USAGE.LEADS_NEVER_TOUCHED"]
    assert bool(never) == (slow.values["leads_never_touched"][0] >= 0.2)
    fast = tables["contacts"][["record_id", "created_at"]].rename(columns={"record_id": "contact_id"})
    fast = fast.assign(type="Call", occurred_at=fast["created_at"] + timedelta(minutes=3))
    quick = measure_speed_to_lead({**tables, "activities": fast}, as_of=AS_OF)
    assert quick.values["leads_touched_within_5_min"][0] > 0.5 and speed_findings(quick) == []
    few = measure_speed_to_lead({**tables, "contacts": tables["contacts"].head(MIN_LEADS - 1)}, as_of=AS_OF)
    assert speed_findings(few) == []  # too few leads to judge a team by


def test_the_usage_area_keeps_the_measure_and_the_setting_changes_it():
    tables, _ = generated(leads=40)
    result = runner.run_workspace_audit(tables=tables, settings={}, as_of=AS_OF)
    usage = result.areas["usage"]
    assert [f.code for f in usage.result.findings if f.code.startswith("USAGE.")] and "speed_to_lead" in usage.facts
    assert usage.facts["speed_to_lead_hours"] == "08:00 to 18:00, Monday to Friday"
    assert len(usage.table("speed_to_lead"))
    every_hour = runner.run_workspace_audit(
        tables=tables, settings={SETTINGS_KEY: {"work_start_hour": 0, "work_end_hour": 24}}, as_of=AS_OF)
    assert every_hour.areas["usage"].facts["speed_to_lead_hours"] == "every hour of the week"
    assert (every_hour.areas["usage"].facts["speed_to_lead"]["speed_to_lead_minutes_median"][0]
            >= usage.facts["speed_to_lead"]["speed_to_lead_minutes_median"][0])


def test_the_kpis_command_prints_the_speed_to_lead_keys_from_contacts_and_activities(tmp_path, capsys):
    tables, _ = generated()
    contacts = tables["contacts"].rename(columns={"record_id": "Contact ID", "full_name": "Full Name",
                                                  "email": "Email", "created_at": "Created Date",
                                                  "lead_source": "Lead Source", "owner": "Contact Owner"})
    contacts.to_csv(tmp_path / "contacts.csv", index=False, date_format="%Y-%m-%d %H:%M")
    tables["activities"].rename(columns={"contact_id": "Contact ID", "type": "Activity Type",
                                         "occurred_at": "Date"}).assign(**{"Activity ID": range(
                                             len(tables["activities"]))}).to_csv(
        tmp_path / "activities.csv", index=False, date_format="%Y-%m-%d %H:%M")
    files = ["--contacts", str(tmp_path / "contacts.csv"), "--activities", str(tmp_path / "activities.csv")]
    assert main(["kpis", *files, "--as-of", AS_OF.isoformat()]) == 0
    printed = json.loads(capsys.readouterr().out)["kpis"]
    expected = measure_speed_to_lead(tables, as_of=AS_OF).values
    assert {key: printed[key]["value"] for key in KEYS} == pytest.approx({key: expected[key][0] for key in KEYS}, abs=1e-6)
    assert printed["speed_to_lead_minutes_median"]["unit"] == "minutes"
    assert main(["kpis", *files, "--as-of", AS_OF.isoformat(), "--working-hours", "0-24"]) == 0
    assert json.loads(capsys.readouterr().out)["kpis"]["speed_to_lead_minutes_median"]["value"] >= \
        expected["speed_to_lead_minutes_median"][0]
    assert main(["kpis", *files, "--working-hours", "18-8"]) == 2  # one sentence, no traceback
    assert capsys.readouterr().err.count("\n") == 1
    tables["users"].rename(columns={"name": "Full Name", "team": "Department"}).to_csv(tmp_path / "users.csv",
                                                                                     index=False)
    assert main(["audit", "usage", *files, "--users", str(tmp_path / "users.csv"), "--as-of", AS_OF.isoformat(),
                 "--format", "md"]) == 0
    assert "Speed to lead: median wait " in capsys.readouterr().out


def test_each_finding_becomes_a_recommendation_with_its_numbers():
    tables, _ = generated(leads=40)
    slowed = tables["activities"].assign(occurred_at=tables["activities"]["occurred_at"] + timedelta(days=8))
    speed = measure_speed_to_lead({**tables, "activities": slowed.iloc[: len(slowed) // 2]}, as_of=AS_OF)
    found = speed_findings(speed)
    assert {f.code for f in found} == {"USAGE.SLOW_LEAD_RESPONSE", "USAGE.LEADS_NEVER_TOUCHED"}
    for finding in found:
        rec = recommend_for(finding, "usage")
        assert rec is not None and "{" not in rec.title + rec.rationale, rec
    slow = recommend_for(found[0], "usage")
    assert slow.title == "Answer new leads within the hour"
    assert "08:00 to 18:00, Monday to Friday" in slow.rationale


def test_a_goal_on_answering_leads_within_the_hour_gets_its_baseline_from_the_exports():
    tables, truth = generated()
    goal = goal_from_template("lead_response", today=date(2026, 12, 3))
    assert (goal.metric, goal.unit, goal.target, goal.baseline) == ("Leads touched within an hour", "%", 80, None)
    baseline, how = goal_baselines(compute_kpis(tables, as_of=AS_OF))["leads_touched_within_1_hour"]
    waits = pd.Series(truth, dtype="float")
    assert baseline == pytest.approx(100 * (waits <= 60).sum() / len(truth)) and "records" in how
    speed_goal = goal_baselines(compute_kpis(tables, as_of=AS_OF))["speed_to_lead"]
    assert speed_goal[0] == waits.median()  # minutes, as the goal is written
