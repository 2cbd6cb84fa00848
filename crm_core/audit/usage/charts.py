"""Usage charts in compute/chart pairs: activity heatmap, team trend, distribution per rep.

Each ``*_data`` function returns a plain DataFrame (tested directly); each ``build_*`` turns
it into an Altair chart (tested through ``chart.to_dict()``). Weeks start on Monday; only
active users are drawn.
"""

from __future__ import annotations

from datetime import date

import altair as alt
import numpy as np
import pandas as pd

TEAM_SCHEME = "tableau10"


def _monday(days: pd.Series) -> pd.Series:
    return days - pd.to_timedelta(days.dt.day_of_week, unit="D")


def weekly_activity(prepared: pd.DataFrame, rates: pd.DataFrame, *, as_of: date, weeks: int = 26) -> pd.DataFrame:
    """Activities per active user per complete week, zeros included, for the last ``weeks`` weeks.

    A week is complete when its Sunday is on or before ``as_of``, so a half-logged current week
    never looks like a drop. Columns: ``user, team, week`` (the Monday), ``activities``.
    """
    end = pd.Timestamp(as_of)
    last = _monday(pd.Series([end])).iloc[0]
    if last + pd.Timedelta(days=6) > end:
        last -= pd.Timedelta(days=7)
    starts = pd.date_range(end=last, periods=weeks, freq="7D")
    active = rates[rates["active"]][["user_key", "user", "team"]]
    logged = prepared[prepared["user_key"].isin(set(active["user_key"]))
                      & prepared["day"].between(starts[0], last + pd.Timedelta(days=6))]
    counts = logged.groupby(["user_key", _monday(logged["day"]).rename("week")]).size().rename("activities")
    grid = pd.MultiIndex.from_product([active["user_key"], starts], names=["user_key", "week"])
    table = counts.reindex(grid, fill_value=0).reset_index()
    table = table.merge(active, on="user_key", how="left")
    return table[["user", "team", "week", "activities"]].sort_values(["team", "user", "week"]).reset_index(drop=True)


def build_activity_heatmap(weekly: pd.DataFrame) -> alt.Chart:
    """User x week heatmap; users grouped by team; weeks with nothing logged are grey."""
    data = weekly.assign(week=weekly["week"].dt.strftime("%d %b %y"),
                         label=weekly["user"] + " (" + weekly["team"] + ")")
    labels = list(dict.fromkeys(data.sort_values(["team", "user"])["label"]))
    weeks = list(dict.fromkeys(weekly.sort_values("week")["week"].dt.strftime("%d %b %y")))
    return alt.Chart(data).mark_rect(stroke="white", strokeWidth=1).encode(
        x=alt.X("week:O", sort=weeks, title="Week starting", axis=alt.Axis(labelAngle=-45)),
        y=alt.Y("label:N", sort=labels, title=None, axis=alt.Axis(labelLimit=260)),
        color=alt.condition(alt.datum.activities == 0, alt.value("#e6e6e6"), alt.Color(
            "activities:Q", title="Activities", scale=alt.Scale(scheme="blues", domainMin=0))),
        tooltip=[alt.Tooltip("user:N", title="User"), alt.Tooltip("team:N", title="Team"),
                 alt.Tooltip("week:O", title="Week starting"), alt.Tooltip("activities:Q", title="Activities")],
    ).properties(title=alt.TitleParams("Activities logged per person and week",
                                       subtitle="Grey: nothing logged that week. Active users only."),
                 height=alt.Step(22))


def team_trend(weekly: pd.DataFrame) -> pd.DataFrame:
    """Activities per active user per week, by team: ``team, week, activities, users, per_user``."""
    grouped = weekly.groupby(["team", "week"])
    table = pd.DataFrame({"activities": grouped["activities"].sum(), "users": grouped["user"].nunique()}).reset_index()
    table["per_user"] = table["activities"] / table["users"]
    return table


def build_team_trend_chart(trend: pd.DataFrame) -> alt.Chart:
    """One line per team that logged anything; the teams that logged nothing are named above."""
    totals = trend.groupby("team")["activities"].sum()
    silent = sorted(totals[totals == 0].index)
    subtitle = f"Logged nothing: {', '.join(silent)}" if silent else "Every team logged activities"
    return alt.Chart(trend[trend["team"].isin(totals[totals > 0].index)]).mark_line(point=True).encode(
        x=alt.X("week:T", title="Week starting", axis=alt.Axis(format="%d %b")),
        y=alt.Y("per_user:Q", title="Activities per active user"),
        color=alt.Color("team:N", title="Team", scale=alt.Scale(scheme=TEAM_SCHEME)),
        tooltip=[alt.Tooltip("team:N", title="Team"), alt.Tooltip("week:T", title="Week starting"),
                 alt.Tooltip("per_user:Q", title="Per active user", format=".1f"),
                 alt.Tooltip("users:Q", title="Active users")],
    ).properties(title=alt.TitleParams("Activities per active user per week, by team", subtitle=subtitle))


def rep_distribution(low_table: pd.DataFrame, min_team_size: int = 3) -> pd.DataFrame:
    """Each compared user's rate with their team's median and the low-usage threshold.

    Input: ``usage_findings.low_usage_table``. Columns: ``user, team, per_day, team_median,
    threshold, status``: "far below", "in range", or "not compared" (a team too
    small to have a median, or one that logs nothing at all).
    """
    table = low_table[["user", "team", "per_day", "team_median", "threshold"]].copy()
    compared = (low_table["peers"] >= min_team_size) & (low_table["team_median"] > 0)
    table["status"] = np.where(low_table["low"], "far below",
                               np.where(compared, "in range", "not compared"))
    return table.sort_values(["team", "per_day"], ascending=[True, False]).reset_index(drop=True)


def build_rep_distribution_chart(distribution: pd.DataFrame) -> alt.Chart:
    """Bars of activities per working day per person, a tick at the team median and a red tick
    at the low-usage threshold; people far below their team are drawn in red."""
    labels = list(distribution["user"] + " (" + distribution["team"] + ")")
    data = distribution.assign(label=labels)
    base = alt.Chart(data).encode(y=alt.Y("label:N", sort=labels, title=None, axis=alt.Axis(labelLimit=260)))
    bars = base.mark_bar().encode(
        x=alt.X("per_day:Q", title="Activities per working day"),
        color=alt.Color("status:N", title=None, legend=alt.Legend(orient="top", columns=3, labelLimit=160),
                        scale=alt.Scale(domain=["in range", "far below", "not compared"],
                                        range=["#4c78a8", "#d62728", "#bdbdbd"])),
        tooltip=[alt.Tooltip("user:N", title="User"), alt.Tooltip("team:N", title="Team"),
                 alt.Tooltip("per_day:Q", title="Per working day", format=".2f"),
                 alt.Tooltip("team_median:Q", title="Team median", format=".2f"),
                 alt.Tooltip("threshold:Q", title="Threshold", format=".2f")],
    )
    compared = base.transform_filter(alt.datum.status != "not compared")
    median = compared.mark_tick(color="black", thickness=2, size=16).encode(x="team_median:Q")
    threshold = compared.mark_tick(color="#d62728", thickness=2, size=16).encode(x="threshold:Q")
    low = base.transform_filter(alt.datum.status == "far below").mark_point(
        color="#d62728", filled=True, size=70).encode(x="per_day:Q")
    return (bars + median + threshold + low).properties(
        title=alt.TitleParams("Activities per working day, per person",
                              subtitle="Black tick: team median. Red tick: low-usage threshold."),
        height=alt.Step(22))
