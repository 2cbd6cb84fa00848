"""Which deals had activity logged before they closed, and when each deal was last touched.

Shared by the usage audit (share of deals with logged activity), the pipeline measures (deals
with no activity for N days) and the KPI catalogue, so all three link activities to deals the
same way: by deal id, or by account when the activities carry no deal ids at all.
"""

from __future__ import annotations

from datetime import date

import pandas as pd


def activity_days(activities: pd.DataFrame | None) -> pd.DataFrame | None:
    """Just the date, deal and account of each activity (for deal coverage and stuck deals):
    ``day, deal_id, account_id``; None when there are no activities."""
    if activities is None or activities.empty:
        return None
    nat = pd.Series(pd.NaT, index=activities.index, dtype="datetime64[ns]")
    day = activities["occurred_at"] if "occurred_at" in activities.columns else nat
    if "created_at" in activities.columns:
        day = day.fillna(activities["created_at"])
    frame = pd.DataFrame({"day": pd.to_datetime(day).dt.normalize()})
    for name in ("deal_id", "account_id"):
        frame[name] = activities[name].astype("object") if name in activities.columns else pd.NA
    return frame


def deal_activity_coverage(deals: pd.DataFrame, outcome: pd.Series, prepared: pd.DataFrame,
                           *, as_of: date) -> pd.DataFrame:
    """Closed deals and whether an activity was logged on them on or before their close date.

    Deals count when they closed (won or lost) between the first logged activity and
    ``as_of``. Activities link by ``deal_id``; when the activities carry no deal ids at all,
    by ``account_id`` between the deal's creation and its close. Columns: ``record_id,
    outcome, close_date, has_activity``.
    """
    columns = ["record_id", "outcome", "close_date", "has_activity"]
    dated = prepared["day"].dropna()
    if deals is None or deals.empty or "close_date" not in deals.columns or dated.empty:
        return pd.DataFrame(columns=columns)
    first = dated.min()
    closed = outcome.isin(["won", "lost"]) & deals["close_date"].between(first, pd.Timestamp(as_of))
    frame = pd.DataFrame({
        "record_id": deals["record_id"].astype("object") if "record_id" in deals.columns else deals.index.astype(str),
        "outcome": outcome.astype("object"), "close_date": deals["close_date"],
    })[closed]
    if prepared["deal_id"].notna().any() and "record_id" in deals.columns:
        first_touch = prepared.dropna(subset=["deal_id", "day"]).groupby("deal_id")["day"].min()
        touched = frame["record_id"].map(first_touch)
        frame["has_activity"] = (touched <= frame["close_date"]).fillna(False).astype(bool)
    elif prepared["account_id"].notna().any() and "account_id" in deals.columns:
        acts = prepared.dropna(subset=["account_id", "day"])[["account_id", "day"]].sort_values("day")
        targets = frame.assign(account_id=deals.loc[frame.index, "account_id"].astype("object"),
                               created=deals.loc[frame.index, "created_at"] if "created_at" in deals.columns
                               else pd.NaT).dropna(subset=["account_id", "close_date"])
        joined = pd.merge_asof(targets.sort_values("close_date"), acts.rename(columns={"day": "last_touch"}),
                               left_on="close_date", right_on="last_touch", by="account_id")
        joined["has_activity"] = joined["last_touch"].notna() & (
            joined["created"].isna() | (joined["last_touch"] >= joined["created"]))
        frame["has_activity"] = frame["record_id"].map(joined.set_index("record_id")["has_activity"]).fillna(False)
    else:
        return pd.DataFrame(columns=columns)
    return frame[columns].reset_index(drop=True)
