"""Usage audit: are the customer-facing teams really using the CRM, and how do they log?

Reads canonical activities, users, deals and tickets (METHOD 4c) and returns the shared
:class:`~crm_core.findings.AuditResult` (area ``usage``). Thresholds are per workspace (setting
key :data:`SETTINGS_KEY`); :data:`THRESHOLD_HELP` documents each default. Measures that the
page and the CLI also show (rates per user and team, closures per week...) come from
:func:`measure_usage`, so screen, CLI and report read the same numbers.

Finding codes: ``USAGE.TEAM_NOT_USING``, ``USAGE.NO_RECENT_ACTIVITY``, ``USAGE.NEVER_LOGGED``,
``USAGE.IDLE_LOGIN``, ``USAGE.LOW_ACTIVITY_USERS``, ``USAGE.BULK_LOGGING``,
``USAGE.LOGGING_LAG``, ``USAGE.DEALS_WITHOUT_ACTIVITY``, ``USAGE.ACTIVITY_WITHOUT_OWNER``,
``USAGE.OWNER_NOT_A_USER``, ``USAGE.NO_ACTIVITIES``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, fields
from datetime import date

import numpy as np
import pandas as pd

from crm_core.audit.usage import metrics as um
from crm_core.audit.deal_activity import deal_activity_coverage
from crm_core.audit.stages import deal_outcomes
from crm_core.audit.usage.findings import build_findings, build_scores
from crm_core.audit.usage.speed_to_lead import SpeedToLead, WorkingHours, measure_speed_to_lead
from crm_core.errors import CrmCoreError
from crm_core.findings import AuditResult

SETTINGS_KEY = "audit.usage"
THRESHOLD_HELP: dict[str, str] = {
    "window_days": "Rates (activities, closures, records per day or week) are measured over the last N days.",
    "inactive_days": "An active user with no activity in the last N days counts as not using the CRM.",
    "idle_login_days": "An active user whose last login is older than N days (or who never logged in) is idle.",
    "low_usage_ratio": "Flag people below this fraction of their team's median activities per working day "
                       "(0.1 = a tenth; managers usually log a fifth to a third of their team's median).",
    "min_team_size": "Only teams with at least this many active, logged-in users are compared with their median.",
    "bulk_minute_min": "This many activities created by one person in the same minute is bulk logging.",
    "month_end_min": "This many earlier activities typed in by one person on a month's last working day is "
                     "month-end catch-up logging.",
    "lag_days": "An activity created this many days or more after it happened was logged late.",
    "lag_share": "A person is a habitual late logger when at least this share of their activities was late.",
    "work_start_hour": "The working day starts at this hour (Monday to Friday); a new lead's wait for its first "
                       "touch only counts working time.",
    "work_end_hour": "The working day ends at this hour. 0 to 24 counts every hour of every day.",
    "customer_facing_teams": "Team names containing one of these words are customer-facing (adoption is "
                             "measured on them).",
}


@dataclass(frozen=True)
class UsageThresholds:
    """The editable thresholds of the usage audit; see :data:`THRESHOLD_HELP`."""

    window_days: int = 90
    inactive_days: int = 30
    idle_login_days: int = 90
    low_usage_ratio: float = 0.1
    min_team_size: int = 3
    bulk_minute_min: int = 20
    month_end_min: int = 20
    lag_days: int = 3
    lag_share: float = 0.25
    work_start_hour: int = 8
    work_end_hour: int = 18
    customer_facing_teams: tuple[str, ...] = ("sales", "marketing", "support", "service", "success")

    def __post_init__(self) -> None:
        for name in ("window_days", "inactive_days", "idle_login_days", "min_team_size",
                     "bulk_minute_min", "month_end_min", "lag_days"):
            if int(getattr(self, name)) < 1:
                raise CrmCoreError(f"The usage threshold '{name}' must be a whole number of at least 1.")
            object.__setattr__(self, name, int(getattr(self, name)))
        if not 0 <= int(self.work_start_hour) < int(self.work_end_hour) <= 24:
            raise CrmCoreError("The working day must start before it ends, between hour 0 and hour 24 "
                               "(0 to 24 counts every hour of the week).")
        object.__setattr__(self, "work_start_hour", int(self.work_start_hour))
        object.__setattr__(self, "work_end_hour", int(self.work_end_hour))
        for name in ("low_usage_ratio", "lag_share"):
            if not 0 < float(getattr(self, name)) <= 1:
                raise CrmCoreError(f"The usage threshold '{name}' must be a fraction between 0 and 1.")
        words = tuple(str(w).strip().casefold() for w in self.customer_facing_teams if str(w).strip())
        object.__setattr__(self, "customer_facing_teams", words)

    @property
    def working_hours(self) -> WorkingHours:
        """The hours a new lead's wait counts in; 0 to 24 counts every hour of every day."""
        if (self.work_start_hour, self.work_end_hour) == (0, 24):
            return WorkingHours(0, 24, "1111111")
        return WorkingHours(self.work_start_hour, self.work_end_hour)

    def to_dict(self) -> dict:
        data = asdict(self)
        data["customer_facing_teams"] = list(self.customer_facing_teams)
        return data

    @classmethod
    def from_dict(cls, data: Mapping | None) -> UsageThresholds:
        """Thresholds from a stored setting; unknown keys are ignored, missing ones default."""
        known = {f.name for f in fields(cls)}
        values = {k: v for k, v in (data or {}).items() if k in known}
        if "customer_facing_teams" in values:
            teams = values["customer_facing_teams"]
            values["customer_facing_teams"] = tuple(teams.split(",") if isinstance(teams, str) else teams)
        try:
            return cls(**values)
        except (TypeError, ValueError) as error:
            raise CrmCoreError(f"The stored usage thresholds cannot be read ({error}): reset them.") from error


@dataclass(frozen=True)
class UsageMeasures:
    """Everything the usage audit measured, as tables (see ``usage_metrics`` for columns)."""

    as_of: date
    thresholds: UsageThresholds
    directory: pd.DataFrame
    activities: pd.DataFrame  # prepared activities
    user_rates: pd.DataFrame
    team_rates: pd.DataFrame
    deals_closed: pd.DataFrame
    tickets_closed: pd.DataFrame
    records_touched: pd.DataFrame
    who_columns: tuple[str, ...]
    bursts: pd.DataFrame
    burst_mask: pd.Series
    backlogs: pd.DataFrame
    backlog_mask: pd.Series
    lag: pd.DataFrame
    late_mask: pd.Series
    deal_coverage: pd.DataFrame
    speed: SpeedToLead

    def label(self, who: str) -> str:
        """A user's display name from their key (an unmatched owner is shown as written)."""
        names = dict(zip(self.directory["user_key"], self.directory["user"], strict=True))
        return names.get(who, who)


def measure_usage(tables: Mapping[str, pd.DataFrame], *, as_of: date,
                  thresholds: UsageThresholds | None = None,
                  stage_overrides: Mapping[str, str] | None = None) -> UsageMeasures:
    """Every usage measure from canonical tables by entity (activities, users, deals, tickets)."""
    t = thresholds or UsageThresholds()
    activities, users = tables.get("activities"), tables.get("users")
    deals, tickets = tables.get("deals"), tables.get("tickets")
    directory = um.user_directory(users, activities)
    prepared = um.prepare_activities(activities, directory)
    rates = um.user_rates(prepared, directory, as_of=as_of, window_days=t.window_days)
    outcome = deal_outcomes(deals, stage_overrides) if deals is not None and not deals.empty else None
    deal_close = None
    if outcome is not None and "close_date" in deals.columns:
        deal_close = deals["close_date"].where(outcome.isin(["won", "lost"]).fillna(False))
    ticket_close = tickets["closed_at"] if tickets is not None and "closed_at" in tickets.columns else None
    touched, who_columns = um.records_touched(dict(tables), directory, as_of=as_of, window_days=t.window_days)
    bursts, burst_mask = um.same_minute_bursts(prepared, t.bulk_minute_min)
    backlogs, backlog_mask = um.month_end_backlogs(prepared, t.month_end_min)
    lag, late_mask = um.logging_lag(prepared, t.lag_days)
    coverage = (deal_activity_coverage(deals, outcome, prepared, as_of=as_of) if outcome is not None
                else pd.DataFrame(columns=["record_id", "outcome", "close_date", "has_activity"]))
    return UsageMeasures(
        as_of=as_of, thresholds=t, directory=directory, activities=prepared, user_rates=rates,
        team_rates=um.team_rates(rates),
        deals_closed=um.closed_per_week(deals, deal_close, directory, as_of=as_of, window_days=t.window_days),
        tickets_closed=um.closed_per_week(tickets, ticket_close, directory, as_of=as_of, window_days=t.window_days),
        records_touched=touched, who_columns=tuple(who_columns), bursts=bursts, burst_mask=burst_mask,
        backlogs=backlogs, backlog_mask=backlog_mask, lag=lag, late_mask=late_mask, deal_coverage=coverage,
        speed=measure_speed_to_lead(tables, as_of=as_of, window_days=t.window_days, hours=t.working_hours),
    )


def audit_usage(tables: Mapping[str, pd.DataFrame], *, as_of: date, thresholds: UsageThresholds | None = None,
                stage_overrides: Mapping[str, str] | None = None) -> AuditResult:
    """The usage audit's scores, findings and record-level issues."""
    return result_from(measure_usage(tables, as_of=as_of, thresholds=thresholds, stage_overrides=stage_overrides))


def result_from(measures: UsageMeasures) -> AuditResult:
    findings, issues = build_findings(measures)
    return AuditResult(area="usage", scores=build_scores(measures), findings=findings, issues=issues)


def user_summary(measures: UsageMeasures) -> pd.DataFrame:
    """One row per user for screens and reports: rates by type, closures per week, records.

    Columns: ``user, team, active, activities, per_day``, ``<group>_per_day``,
    ``deals_closed_per_week, tickets_closed_per_week, records_created_per_day,
    records_updated_per_day, last_activity, last_login_at``.
    """
    rates = measures.user_rates.set_index("user_key")
    summary = rates[["user", "team", "active", "activities", "per_day",
                     *[f"{g}_per_day" for g in um.TYPE_GROUPS]]].copy()
    for name, frame, column in (("deals_closed_per_week", measures.deals_closed, "per_week"),
                                ("tickets_closed_per_week", measures.tickets_closed, "per_week"),
                                ("records_created_per_day", measures.records_touched, "created_per_day"),
                                ("records_updated_per_day", measures.records_touched, "updated_per_day")):
        values = frame.set_index("user_key")[column] if len(frame) else pd.Series(dtype=float)
        summary[name] = values.reindex(summary.index).astype(float).to_numpy() if len(frame) else float("nan")
    summary["last_activity"] = rates["last_activity"]
    summary["last_login_at"] = rates["last_login_at"]
    return summary.reset_index(drop=True).sort_values(["team", "user"]).reset_index(drop=True)


STAMP_COLUMNS = ("created_at", "updated_at", "last_login_at")
OUTLIER_SHARE = 0.001  # the newest 0.1% of stamps (at least 10) may be typos dated in the future


def latest_record(tables: Mapping[str, pd.DataFrame]) -> pd.Timestamp | None:
    """When the exports were taken: the newest creation, change or login time in any table,
    skipping the newest 0.1% (at least 10) of all stamps, which may be mistyped future dates."""
    stamps = [frame[c].dropna().to_numpy(dtype="datetime64[ns]") for frame in tables.values() if frame is not None
              for c in STAMP_COLUMNS if c in frame.columns]
    pooled = np.concatenate(stamps) if stamps else np.array([], dtype="datetime64[ns]")
    if not len(pooled):
        return None
    skip = min(len(pooled) - 1, max(10, int(len(pooled) * OUTLIER_SHARE)) if len(pooled) > 100 else 0)
    return pd.Timestamp(np.partition(pooled, len(pooled) - 1 - skip)[len(pooled) - 1 - skip])


def export_date(tables: Mapping[str, pd.DataFrame], *, today: date) -> date:
    """The day after the newest record, never later than ``today``: the natural "as of" date for
    exports taken some time ago (auditing them as of today would show everyone as inactive)."""
    latest = latest_record(tables)
    if latest is None:
        return today
    return min(today, (latest.normalize() + pd.Timedelta(days=1)).date())
