"""Speed to lead (METHOD 4c): how long a new lead waits for its first call, email or meeting.

The method's facts: the odds of qualifying a lead fall sharply after 5 minutes, a lead
contacted within an hour is several times likelier to qualify, and after 24 hours most of the
chance is gone. So :func:`measure_speed_to_lead` takes every person added to the CRM in the
usage window (each new contact is a lead until someone answers it), finds the first touch
logged on them at or after their creation, and measures the wait in working time: with working
hours of 8 to 18, Monday to Friday, a lead created at 23:00 and called at 08:05 waited 5
minutes, not 9 hours. Leads added in the last day before the audit date are left out (they
have not had their day yet).

Nothing is guessed: when the contacts export gives the day a person was added but not the
time, or the activities carry no time of day, every value is ``None`` with the reason.

Pure: pandas in, pandas out. KPI keys (see :mod:`crm_core.kpi_catalogue`):
``speed_to_lead_minutes_median``, ``leads_touched_within_5_min``, ``leads_touched_within_1_hour``,
``leads_touched_within_24_hours``, ``leads_never_touched``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

import numpy as np
import pandas as pd

from crm_core.audit.usage import metrics as um
from crm_core.findings import Finding, Severity
from crm_core.units import duration_text, plural

TOUCH_GROUPS = ("calls", "emails", "meetings", "visits")  # a note or a task is not a touch
WITHIN = (("leads_touched_within_5_min", 5), ("leads_touched_within_1_hour", 60),
          ("leads_touched_within_24_hours", 24 * 60))
KEYS = ("speed_to_lead_minutes_median", *(key for key, _ in WITHIN), "leads_never_touched")
TIMED_SHARE = 0.5  # at least this share of stamps must carry a time of day to measure minutes
MIN_LEADS = 20  # fewer new leads than this in the window are too few to judge a team by
IN_TIME = 0.5  # below this share touched within an hour, the team answers leads too slowly
NEVER = 0.2  # at least this share never touched is a finding
LEAD_COLUMNS = ("record_id", "created", "source", "owner", "team", "first_touch", "minutes")
BREAKDOWN_COLUMNS = ("by", "group", "leads", "median_minutes", "within_1_hour", "never_touched")


@dataclass(frozen=True)
class WorkingHours:
    """The team's working day; outside it, a lead's clock does not run. ``start=0, end=24``
    counts every hour of every day."""

    start: int = 8
    end: int = 18
    weekdays: str = "1111100"  # Monday first, numpy's weekmask

    @property
    def round_the_clock(self) -> bool:
        return self.start == 0 and self.end == 24 and self.weekdays == "1111111"

    def describe(self) -> str:
        if self.round_the_clock:
            return "every hour of the week"
        days = "Monday to Friday" if self.weekdays == "1111100" else "the working days"
        return f"{self.start:02d}:00 to {self.end:02d}:00, {days}"


@dataclass(frozen=True)
class SpeedToLead:
    """What was measured: one row per lead judged, and each KPI as (value, leads, reason)."""

    leads: pd.DataFrame  # LEAD_COLUMNS; minutes NaN when never touched
    values: Mapping[str, tuple[float | None, int, str | None]] = field(default_factory=dict)
    hours: WorkingHours = WorkingHours()
    reason: str | None = None  # why nothing could be measured

    def breakdown(self) -> pd.DataFrame:
        """Per lead source, owner and team: leads, median minutes, share touched within an
        hour, share never touched (columns :data:`BREAKDOWN_COLUMNS`)."""
        rows = []
        for by in ("source", "owner", "team"):
            known = self.leads[self.leads[by].notna()]
            for group, part in known.groupby(by, sort=True):
                minutes = part["minutes"]
                rows.append({"by": by, "group": group, "leads": len(part),
                             "median_minutes": float(minutes.median()) if minutes.notna().any() else None,
                             "within_1_hour": float((minutes <= 60).mean()),
                             "never_touched": float(minutes.isna().mean())})
        return pd.DataFrame(rows, columns=list(BREAKDOWN_COLUMNS))


def working_minutes(start: pd.Series, end: pd.Series, hours: WorkingHours = WorkingHours()) -> pd.Series:
    """Minutes of working time between each ``start`` and ``end`` (NaN where either is missing;
    0 when ``end`` is not after ``start``)."""
    def clock(stamps: pd.Series) -> np.ndarray:
        """Working minutes from a fixed Monday to each stamp."""
        valid = stamps.notna().to_numpy()
        days = stamps.dt.normalize().to_numpy(dtype="datetime64[D]")
        safe = np.where(valid, days, np.datetime64("2000-01-03", "D"))
        before = np.busday_count(np.datetime64("2000-01-03", "D"), safe, weekmask=hours.weekdays)
        minute = (stamps - stamps.dt.normalize()).dt.total_seconds().to_numpy() / 60
        open_today = np.is_busday(safe, weekmask=hours.weekdays)
        today = np.where(open_today, np.clip(minute, hours.start * 60, hours.end * 60) - hours.start * 60, 0)
        total = before * (hours.end - hours.start) * 60 + today
        return np.where(valid, total, np.nan)

    waited = clock(pd.to_datetime(end)) - clock(pd.to_datetime(start))
    return pd.Series(np.clip(waited, 0, None), index=start.index)


def _timed(stamps: pd.Series) -> bool:
    """Whether the stamps carry a time of day (not all at midnight)."""
    known = stamps.dropna()
    return len(known) > 0 and float((known != known.dt.normalize()).mean()) >= TIMED_SHARE


def _unmeasured(reason: str, hours: WorkingHours) -> SpeedToLead:
    empty = pd.DataFrame({c: pd.Series(dtype="object") for c in LEAD_COLUMNS})
    return SpeedToLead(empty, {key: (None, 0, reason) for key in KEYS}, hours, reason)


def _touches(activities: pd.DataFrame) -> tuple[pd.DataFrame | None, str | None]:
    """(contact_id, at) of every call, email, meeting or visit with a time; or why not."""
    if "contact_id" not in activities.columns:
        return None, "the activities export does not say which person each activity was with"
    kind = um.type_groups(activities["type"]) if "type" in activities.columns else None
    if kind is None:
        return None, "the activities export has no activity type, so calls, emails and meetings cannot be told apart"
    stamps = [activities[c] for c in ("occurred_at", "created_at") if c in activities.columns]
    timed = next((s for s in stamps if _timed(s)), None)
    if timed is None:
        return None, "the activities export gives days but not times, so minutes to a first touch cannot be measured"
    touches = pd.DataFrame({"contact_id": activities["contact_id"].astype("string").str.strip(), "at": timed})
    return touches[kind.isin(TOUCH_GROUPS).to_numpy() & touches["contact_id"].notna().to_numpy()
                   & touches["at"].notna().to_numpy()], None


def measure_speed_to_lead(tables: Mapping[str, pd.DataFrame], *, as_of: date, window_days: int = 90,
                          hours: WorkingHours = WorkingHours()) -> SpeedToLead:
    """Speed to lead from canonical ``contacts``, ``activities`` and (for teams) ``users``."""
    contacts, activities = tables.get("contacts"), tables.get("activities")
    if contacts is None or contacts.empty:
        return _unmeasured("no contacts (leads) imported", hours)
    if activities is None or activities.empty:
        return _unmeasured("no activities imported, so no first touch can be found", hours)
    if "created_at" not in contacts.columns or contacts["created_at"].isna().all():
        return _unmeasured("the contacts export does not say when each person was added", hours)
    if not _timed(contacts["created_at"]):
        return _unmeasured("the contacts export gives the day each person was added but not the time, so minutes "
                           "to a first touch cannot be measured", hours)
    if "record_id" not in contacts.columns:
        return _unmeasured("the contacts export has no record id to link activities to", hours)
    touches, why = _touches(activities)
    if touches is None:
        return _unmeasured(why, hours)

    end = pd.Timestamp(as_of) + pd.Timedelta(days=1)  # the audit date counts whole
    created = contacts["created_at"]
    judged = (created >= end - pd.Timedelta(days=window_days)) & (created < end - pd.Timedelta(days=1))
    leads = pd.DataFrame({
        "record_id": contacts["record_id"].astype("string").str.strip(),
        "created": created,
        "source": _text(contacts, "lead_source"),
        "owner": _text(contacts, "owner"),
    })[judged.to_numpy()]
    if leads.empty:
        return _unmeasured(f"no person was added in the {window_days} days before the audit date", hours)
    directory = um.user_directory(tables.get("users"), activities)
    teams = dict(zip(directory["user_key"], directory["team"], strict=True))
    team = um.match_owners(leads["owner"], um.owner_lookup(directory)).map(teams)
    leads["team"] = team.mask(team == um.NO_TEAM).astype("object")  # no users export: no teams to compare
    paired = touches.merge(leads[["record_id", "created"]], left_on="contact_id", right_on="record_id")
    paired = paired[paired["at"] >= paired["created"]]
    first = paired.groupby("record_id")["at"].min()
    leads["first_touch"] = leads["record_id"].map(first)
    leads["minutes"] = working_minutes(leads["created"], leads["first_touch"], hours)
    leads = leads.reset_index(drop=True)[list(LEAD_COLUMNS)]

    minutes, n = leads["minutes"], len(leads)
    values: dict[str, tuple[float | None, int, str | None]] = {
        "speed_to_lead_minutes_median": ((float(minutes.median()), int(minutes.notna().sum()), None)
                                         if minutes.notna().any() else (None, 0, "no lead was ever touched")),
        "leads_never_touched": (float(minutes.isna().mean()), n, None),
    }
    for key, limit in WITHIN:
        values[key] = (float((minutes <= limit).mean()), n, None)
    return SpeedToLead(leads, {key: values[key] for key in KEYS}, hours)


def _text(frame: pd.DataFrame, name: str) -> pd.Series:
    if name not in frame.columns:
        return pd.Series(pd.NA, index=frame.index, dtype="object")
    values = frame[name].astype("string").str.strip()
    return values.mask(values == "").astype("object")


def speed_findings(speed: SpeedToLead) -> list[Finding]:
    """``USAGE.SLOW_LEAD_RESPONSE`` when fewer than half the new leads are touched within an
    hour, ``USAGE.LEADS_NEVER_TOUCHED`` when a fifth or more are never touched; nothing when
    fewer than :data:`MIN_LEADS` leads were judged or nothing could be measured."""
    if speed.reason or len(speed.leads) < MIN_LEADS:
        return []
    value = {key: found[0] for key, found in speed.values.items()}
    leads, minutes = speed.leads, speed.leads["minutes"]
    median = value["speed_to_lead_minutes_median"]
    evidence = {"leads": len(leads), "median_wait": duration_text(median) if median is not None else "no touch",
                "within_5_min_pct": f"{value['leads_touched_within_5_min']:.0%}",
                "within_1_hour_pct": f"{value['leads_touched_within_1_hour']:.0%}",
                "within_24_hours_pct": f"{value['leads_touched_within_24_hours']:.0%}",
                "never_pct": f"{value['leads_never_touched']:.0%}", "working_hours": speed.hours.describe()}
    found = []
    late = leads[minutes > 60].sort_values("minutes", ascending=False)
    if value["leads_touched_within_1_hour"] < IN_TIME and len(late):
        severity = Severity.HIGH if value["leads_touched_within_24_hours"] < IN_TIME else Severity.MEDIUM
        found.append(Finding(
            "USAGE.SLOW_LEAD_RESPONSE", severity,
            f"Only {evidence['within_1_hour_pct']} of {plural(len(leads), 'new lead')} were touched within an hour "
            f"(median wait {evidence['median_wait']})", len(late), evidence=evidence,
            example_ids=tuple(late["record_id"].astype(str)[:5]), recommendation_code="REC.USAGE.ANSWER_LEADS_FAST",
            detail=f"Within 5 minutes: {evidence['within_5_min_pct']}; within an hour: "
                   f"{evidence['within_1_hour_pct']}; within 24 hours: {evidence['within_24_hours_pct']} "
                   f"(working time, {evidence['working_hours']}). A lead answered within an hour is several times "
                   "likelier to qualify, and after a day most of the chance is gone."))
    untouched = leads[minutes.isna()]
    if value["leads_never_touched"] >= NEVER:
        found.append(Finding(
            "USAGE.LEADS_NEVER_TOUCHED",
            Severity.HIGH if value["leads_never_touched"] >= 2 * NEVER else Severity.MEDIUM,
            f"{len(untouched):,} of {plural(len(leads), 'new lead')} ({evidence['never_pct']}) have no call, email or "
            "meeting logged", len(untouched), evidence=evidence,
            example_ids=tuple(untouched["record_id"].astype(str)[:5]), recommendation_code="REC.USAGE.ANSWER_LEADS_FAST",
            detail="Either nobody answered them, or the answers happen in a tool the CRM does not see (a mailbox, a "
                   "phone system): both lose the lead's history."))
    return found
