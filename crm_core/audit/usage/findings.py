"""Findings, record-level issues and scores of the usage audit, from its measures.

Kept apart from :mod:`crm_core.audit.usage.activity` so each module stays readable; every rule states its
threshold in the finding's ``detail``, so a reader can check the arithmetic.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from crm_core.audit.usage import metrics as um
from crm_core.audit.usage.speed_to_lead import speed_findings
from crm_core.findings import ISSUE_COLUMNS, Finding, Score, Severity, empty_issues

if TYPE_CHECKING:
    from crm_core.audit.usage.activity import UsageMeasures

MIN_LOGGED_FOR_LAG = 20  # fewer activities than this say nothing about a person's habit
MAX_EXAMPLES = 5
WEIGHTS = {"adoption": 0.4, "team_coverage": 0.2, "deal_logging": 0.2, "logging_habits": 0.2}


def _names(measures: UsageMeasures, keys) -> str:
    return ", ".join(measures.label(k) for k in keys)


def _issues(record_ids, entity: str, field: str, check: str, severity: Severity, values,
            suggestion: str) -> pd.DataFrame:
    ids = pd.Series(list(record_ids), dtype="object")
    frame = pd.DataFrame({
        "record_id": ids, "entity": entity, "field": field, "check": check, "severity": severity.value,
        "value": pd.Series(list(values), dtype="object") if not isinstance(values, str) else values,
        "suggestion": suggestion,
    })
    return frame[list(ISSUE_COLUMNS)]


def _adoption(m: UsageMeasures) -> tuple[pd.DataFrame, pd.Series]:
    """Active users, and which of them adoption is measured on (customer-facing teams)."""
    active = m.user_rates[m.user_rates["active"]].copy()
    facing = um.customer_facing(active["team"], m.thresholds.customer_facing_teams)
    return active, facing if facing.any() else pd.Series(True, index=active.index)


def _quiet(m: UsageMeasures, measured: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(users old enough to judge, those of them with no activity in the last ``inactive_days``)."""
    recent_from = pd.Timestamp(m.as_of) - pd.Timedelta(days=m.thresholds.inactive_days - 1)
    judged = measured[~measured.index.isin(m.directory.index[m.directory["created_at"] > recent_from])]
    quiet = judged[judged["last_activity"].isna() | (judged["last_activity"] < recent_from)]
    return judged, quiet


def _idle(m: UsageMeasures, active: pd.DataFrame) -> pd.Series:
    """Active users who have not logged in for ``idle_login_days`` (empty when logins are unknown)."""
    if not m.directory["last_login_at"].notna().any():
        return pd.Series(False, index=active.index)
    cutoff = pd.Timestamp(m.as_of) - pd.Timedelta(days=m.thresholds.idle_login_days)
    return active["last_login_at"].isna() | (active["last_login_at"] < cutoff)


def build_findings(m: UsageMeasures) -> tuple[tuple[Finding, ...], pd.DataFrame]:
    t, findings, issues = m.thresholds, [], [empty_issues()]
    if m.activities.empty:
        findings.append(Finding(
            "USAGE.NO_ACTIVITIES", Severity.INFO, "No activities imported: usage cannot be measured", 0,
            detail="Import the CRM's activity export (calls, emails, meetings, tasks) to measure usage.",
        ))
        return tuple(findings), empty_issues()
    active, facing = _adoption(m)
    measured = active[facing]
    judged, quiet = _quiet(m, measured)
    teams = m.team_rates.set_index("team")
    facing_teams = [team for team in teams.index if team in set(measured["team"])]

    silent = [team for team in facing_teams if teams.loc[team, "users_logging"] == 0]
    if silent:
        members = measured[measured["team"].isin(silent)]
        findings.append(Finding(
            "USAGE.TEAM_NOT_USING", Severity.HIGH,
            f"{', '.join(silent)} {'does' if len(silent) == 1 else 'do'} not use the CRM: no activity "
            f"logged in the last {t.window_days} days", len(members),
            evidence={"teams": ", ".join(silent), "active_users": len(members), "window_days": t.window_days},
            example_ids=tuple(members["user_key"][:MAX_EXAMPLES]), recommendation_code="REC.USAGE.TRAIN_TEAM",
            detail=f"None of the {len(members)} active users of {', '.join(silent)} logged a call, email, meeting "
                   "or task: the team works outside the CRM, so its customer history is missing.",
        ))
        issues.append(_issues(members["user_key"], "users", "team", "USAGE.TEAM_NOT_USING", Severity.HIGH,
                              members["team"], "Find out where this team records its customer work and train it."))
    if len(quiet):
        share = len(quiet) / len(judged)
        severity = Severity.HIGH if share >= 0.25 else Severity.MEDIUM
        findings.append(Finding(
            "USAGE.NO_RECENT_ACTIVITY", severity,
            f"{share:.0%} of active customer-facing users logged nothing in the last {t.inactive_days} days",
            len(quiet), evidence={"users": len(quiet), "active_users": len(judged), "share": round(share, 4),
                                  "days": t.inactive_days},
            example_ids=tuple(quiet["user_key"][:MAX_EXAMPLES]), recommendation_code="REC.USAGE.REVIEW_LICENCES",
            detail=f"Not logging: {_names(m, quiet['user_key'])}.",
        ))
        last = quiet["last_activity"].dt.strftime("last activity %Y-%m-%d").fillna("never logged an activity")
        issues.append(_issues(quiet["user_key"], "users", "last_activity", "USAGE.NO_RECENT_ACTIVITY", severity,
                              last, "Ask why; train the user or reassign the licence."))
    never = measured[measured["activities_all_time"] == 0]
    if len(never):
        findings.append(Finding(
            "USAGE.NEVER_LOGGED", Severity.MEDIUM,
            f"{len(never)} active user{'s' if len(never) != 1 else ''} never logged a single activity",
            len(never), evidence={"users": len(never), "active_users": len(measured)},
            example_ids=tuple(never["user_key"][:MAX_EXAMPLES]), recommendation_code="REC.USAGE.REVIEW_LICENCES",
            detail=f"Never logged anything: {_names(m, never['user_key'])}.",
        ))
        issues.append(_issues(never["user_key"], "users", "activities", "USAGE.NEVER_LOGGED", Severity.MEDIUM,
                              "0 activities", "Train the user or free the licence."))
    idle = active[_idle(m, active)]
    if len(idle):
        findings.append(Finding(
            "USAGE.IDLE_LOGIN", Severity.MEDIUM,
            f"{len(idle)} licensed user{'s' if len(idle) != 1 else ''} did not log in for {t.idle_login_days}+ days",
            len(idle), evidence={"users": len(idle), "active_users": len(active), "days": t.idle_login_days},
            example_ids=tuple(idle["user_key"][:MAX_EXAMPLES]), recommendation_code="REC.USAGE.REVIEW_LICENCES",
            detail=f"Idle licences: {_names(m, idle['user_key'])}.",
        ))
        logins = idle["last_login_at"].dt.strftime("last login %Y-%m-%d").fillna("never logged in")
        issues.append(_issues(idle["user_key"], "users", "last_login_at", "USAGE.IDLE_LOGIN", Severity.MEDIUM,
                              logins, "Deactivate the user or find out why they stopped."))
    _low_usage(m, active, _idle(m, active), findings, issues)
    _habits(m, findings, issues)
    _deal_logging(m, findings, issues)
    _owners(m, findings, issues)
    findings += speed_findings(m.speed)
    table = pd.concat([i for i in issues if len(i)] or [empty_issues()], ignore_index=True)
    return tuple(findings), table.astype("string")


def low_usage_table(m: UsageMeasures) -> pd.DataFrame:
    """Each active, logged-in user's rate against their team median and the threshold.

    Columns: ``user_key, user, team, per_day, team_median, threshold, peers, low``.
    """
    active, _ = _adoption(m)
    peers = active[~_idle(m, active) & (active["working_days"] > 0)].copy()
    grouped = peers.groupby("team")["per_day"]
    peers["team_median"] = grouped.transform("median")
    peers["peers"] = grouped.transform("size")
    peers["threshold"] = peers["team_median"] * m.thresholds.low_usage_ratio
    peers["low"] = ((peers["peers"] >= m.thresholds.min_team_size) & (peers["team_median"] > 0)
                    & (peers["per_day"] < peers["threshold"]))
    return peers[["user_key", "user", "team", "per_day", "team_median", "threshold", "peers", "low"]]


def _low_usage(m: UsageMeasures, active, idle, findings: list, issues: list) -> None:
    table = low_usage_table(m)
    low = table[table["low"]]
    if not len(low):
        return
    t = m.thresholds
    lines = [f"{r.user} ({r.team}): {r.per_day:.2f} a working day against a team median of {r.team_median:.2f} "
             f"(threshold {r.threshold:.2f})" for r in low.itertuples()]
    findings.append(Finding(
        "USAGE.LOW_ACTIVITY_USERS", Severity.MEDIUM,
        f"{len(low)} user{'s' if len(low) != 1 else ''} log far less than their team "
        f"(under {t.low_usage_ratio:g} x the team median)", len(low),
        evidence={"users": len(low), "ratio": t.low_usage_ratio, "window_days": t.window_days},
        example_ids=tuple(low["user_key"][:MAX_EXAMPLES]), recommendation_code="REC.USAGE.TRAIN_USERS",
        detail="; ".join(lines) + f". Rates are activities per working day over the last {t.window_days} days; "
               f"teams with fewer than {t.min_team_size} active, logged-in users are not compared.",
    ))
    issues.append(_issues(low["user_key"], "users", "activities", "USAGE.LOW_ACTIVITY_USERS", Severity.MEDIUM,
                          [f"{v:.2f} a working day" for v in low["per_day"]],
                          "Coach the user; review the CRM in the weekly team meeting."))


def _habits(m: UsageMeasures, findings: list, issues: list) -> None:
    t, acts = m.thresholds, m.activities
    bulk = m.burst_mask | m.backlog_mask
    if bulk.any():
        people = sorted(set(m.bursts["who"]) | set(m.backlogs["who"]))
        parts = []
        for who in people:
            own = m.bursts[m.bursts["who"] == who]
            batches = m.backlogs[m.backlogs["who"] == who]
            parts.append(f"{m.label(who)}: {len(own)} same-minute burst(s)"
                         + (f" ({', '.join(str(n) for n in own['activities'])} activities)" if len(own) else "")
                         + f", {len(batches)} month-end catch-up day(s)")
        findings.append(Finding(
            "USAGE.BULK_LOGGING", Severity.MEDIUM,
            f"{int(bulk.sum()):,} activities were typed in bulk by {len(people)} "
            f"{'person' if len(people) == 1 else 'people'}", int(bulk.sum()),
            evidence={"people": len(people), "same_minute_bursts": len(m.bursts),
                      "month_end_days": len(m.backlogs), "burst_min": t.bulk_minute_min,
                      "month_end_min": t.month_end_min, "activities_in_bursts": int(m.burst_mask.sum())},
            example_ids=tuple(acts.loc[bulk, "record_id"].astype(str)[:MAX_EXAMPLES]),
            recommendation_code="REC.USAGE.LOG_SAME_DAY",
            detail="; ".join(parts) + f". A burst is {t.bulk_minute_min}+ activities created in one minute; "
                   f"month-end catch-up is {t.month_end_min}+ earlier activities typed in on a month's last "
                   "working day.",
        ))
        created = acts.loc[bulk, "created_at"].dt.strftime("created %Y-%m-%d %H:%M")
        issues.append(_issues(acts.loc[bulk, "record_id"], "activities", "created_at", "USAGE.BULK_LOGGING",
                              Severity.MEDIUM, created, "Log activities when they happen, not in batches."))
    late = m.late_mask
    if late.any():
        habitual = m.lag[(m.lag["late_share"] >= t.lag_share) & (m.lag["logged"] >= MIN_LOGGED_FOR_LAG)]
        severity = Severity.MEDIUM if len(habitual) else Severity.LOW
        who = "; ".join(f"{m.label(r.who)}: {r.late_share:.0%} late, median {r.median_lag_days:.0f} days"
                        for r in habitual.itertuples())
        findings.append(Finding(
            "USAGE.LOGGING_LAG", severity,
            f"{int(late.sum()):,} activities were logged {t.lag_days}+ days after they happened", int(late.sum()),
            evidence={"late_activities": int(late.sum()), "measured": int(m.lag["logged"].sum()),
                      "habitual_late_loggers": len(habitual), "lag_days": t.lag_days, "lag_share": t.lag_share},
            example_ids=tuple(habitual["who"][:MAX_EXAMPLES]), recommendation_code="REC.USAGE.LOG_SAME_DAY",
            detail=(f"Habitual late loggers (at least {t.lag_share:.0%} of their activities late): {who}." if who
                    else f"No one logs {t.lag_share:.0%} or more of their activities late.")
                   + " Only activities created on or after their date count (a meeting booked ahead is not late).",
        ))
        days = (acts.loc[late, "created_at"].dt.normalize() - acts.loc[late, "day"]).dt.days
        issues.append(_issues(acts.loc[late, "record_id"], "activities", "created_at", "USAGE.LOGGING_LAG",
                              severity, [f"logged {d} days late" for d in days], "Log activities the same day."))


def _deal_logging(m: UsageMeasures, findings: list, issues: list) -> None:
    cov = m.deal_coverage
    if not len(cov):
        return
    missing = cov[~cov["has_activity"].astype(bool)]
    won = cov[cov["outcome"] == "won"]
    won_missing = missing[missing["outcome"] == "won"]
    if not len(missing):
        return
    findings.append(Finding(
        "USAGE.DEALS_WITHOUT_ACTIVITY", Severity.MEDIUM,
        f"{len(missing):,} closed deals ({len(won_missing):,} won) had no activity logged before they closed",
        len(missing),
        evidence={"closed_deals": len(cov), "closed_with_activity_share": round(1 - len(missing) / len(cov), 4),
                  "won_deals": len(won), "won_without_activity": len(won_missing),
                  "won_with_activity_share": round(1 - len(won_missing) / len(won), 4) if len(won) else "n/a"},
        example_ids=tuple(won_missing["record_id"].astype(str)[:MAX_EXAMPLES]),
        recommendation_code="REC.USAGE.LOG_DEAL_WORK",
        detail="Counted over deals closed since the first logged activity; an activity counts when it is linked "
               "to the deal and dated on or before the close date.",
    ))
    closed = [f"{o} on {d:%Y-%m-%d}" for o, d in zip(missing["outcome"], missing["close_date"], strict=True)]
    issues.append(_issues(missing["record_id"], "deals", "close_date", "USAGE.DEALS_WITHOUT_ACTIVITY",
                          Severity.MEDIUM, closed, "Log the calls, emails and meetings that led to the deal."))


def _owners(m: UsageMeasures, findings: list, issues: list) -> None:
    acts = m.activities
    no_owner = acts["owner"].isna()
    if no_owner.any():
        findings.append(Finding(
            "USAGE.ACTIVITY_WITHOUT_OWNER", Severity.LOW, f"{int(no_owner.sum()):,} activities have no owner",
            int(no_owner.sum()), evidence={"activities": int(no_owner.sum()), "total": len(acts)},
            example_ids=tuple(acts.loc[no_owner, "record_id"].astype(str)[:MAX_EXAMPLES]),
            detail="They count in totals but not in anyone's rate.",
        ))
        issues.append(_issues(acts.loc[no_owner, "record_id"], "activities", "owner", "USAGE.ACTIVITY_WITHOUT_OWNER",
                              Severity.LOW, "", "Assign the activity to the person who did it."))
    unknown = acts["owner"].notna() & acts["user_key"].isna()
    if unknown.any():
        names = acts.loc[unknown, "owner"].value_counts()
        findings.append(Finding(
            "USAGE.OWNER_NOT_A_USER", Severity.LOW,
            f"{int(unknown.sum()):,} activities belong to {len(names)} owner(s) missing from the users export",
            int(unknown.sum()), evidence={"activities": int(unknown.sum()), "owners": len(names)},
            example_ids=tuple(acts.loc[unknown, "record_id"].astype(str)[:MAX_EXAMPLES]),
            detail="Owners not found by id, name, username or email: " + ", ".join(names.index[:MAX_EXAMPLES]) + ".",
        ))
        issues.append(_issues(acts.loc[unknown, "record_id"], "activities", "owner", "USAGE.OWNER_NOT_A_USER",
                              Severity.LOW, acts.loc[unknown, "owner"], "Import the full users export."))


def build_scores(m: UsageMeasures) -> tuple[Score, ...]:
    """Component scores and the overall usage score (weights renormalised over what is known)."""
    if m.activities.empty:
        return ()
    t = m.thresholds
    active, facing = _adoption(m)
    measured = active[facing]
    parts: dict[str, tuple[float, str, int]] = {}
    if len(measured):
        judged, quiet = _quiet(m, measured)
        if len(judged):
            parts["adoption"] = (100 * (1 - len(quiet) / len(judged)), f"100 x share of active customer-facing "
                                 f"users with an activity in the last {t.inactive_days} days", len(judged))
        teams = m.team_rates[m.team_rates["team"].isin(set(measured["team"]))]
        if len(teams):
            parts["team_coverage"] = (100 * (teams["users_logging"] > 0).mean(),
                                      f"100 x share of customer-facing teams logging in the last {t.window_days} days",
                                      len(teams))
    cov = m.deal_coverage
    if len(cov):
        base = cov[cov["outcome"] == "won"] if (cov["outcome"] == "won").any() else cov
        parts["deal_logging"] = (100 * base["has_activity"].astype(bool).mean(),
                                 "100 x share of won deals with an activity logged before close", len(base))
    stamped = int(m.activities["created_at"].notna().sum())
    if stamped:
        bad = int((m.burst_mask | m.backlog_mask | m.late_mask).sum())
        parts["logging_habits"] = (100 * (1 - bad / stamped),
                                   "100 x (1 - share of activities typed in bulk or late)", stamped)
    scores = [Score(name, float(max(0.0, min(100.0, value))), formula, basis)
              for name, (value, formula, basis) in parts.items()]
    if parts:
        weight = sum(WEIGHTS[name] for name in parts)
        overall = sum(WEIGHTS[name] * value for name, (value, _, _) in parts.items()) / weight
        formula = " + ".join(f"{WEIGHTS[name] / weight:.2f} x {name}" for name in parts)
        scores.insert(0, Score("usage", float(max(0.0, min(100.0, overall))), formula, len(m.activities)))
    return tuple(scores)
