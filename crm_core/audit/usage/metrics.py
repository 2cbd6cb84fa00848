"""Usage measures from canonical tables: who logs what, how often and how (pure pandas).

The usage audit (:mod:`crm_core.audit.usage.activity`) and its charts read these tables. Activity
owners may be written as user names, user ids, usernames or emails: :func:`match_owners`
maps all of them to the users table. Every rate is per *working day* (Monday to Friday) inside
a window that ends on the audit's ``as_of`` date, counted from the user's creation date when
that is later. Nothing here reads the clock.
"""

from __future__ import annotations

import unicodedata
from datetime import date

import numpy as np
import pandas as pd

from crm_core.schema import CUSTOM_PREFIX, generated_ids

TYPE_GROUPS = ("calls", "emails", "meetings", "visits", "notes_tasks", "other")
# First match wins, so "Phone call" is a call and "Email" is not taken for "mail" elsewhere.
TYPE_WORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("visits", ("visit", "visita")),
    ("calls", ("call", "phone", "chiamata", "telefonata", "appel", "anruf", "llamada")),
    ("emails", ("email", "e-mail", "mail", "courriel")),
    # Exports keep the CRM's own language: Dolibarr's French "Rendez-vous", an Italian "Riunione".
    ("meetings", ("meeting", "event", "demo", "appointment", "rendez-vous", "rdv", "riunione", "appuntamento",
                  "incontro", "réunion", "reunion", "reunión")),
    ("notes_tasks", ("note", "task", "to-do", "todo")),
)
CREATED_BY_HEADERS = ("created by", "createdby", "created by user", "creator")
MODIFIED_BY_HEADERS = ("last modified by", "modified by", "lastmodifiedby", "updated by", "last updated by")
NO_TEAM = "(no team)"


def _normalise(values: pd.Series) -> pd.Series:
    """Casefolded, accent-free, single-spaced text (NA stays NA); work done per distinct value."""
    codes, uniques = pd.factorize(values.astype("string"))
    keys = [" ".join(unicodedata.normalize("NFKD", str(u)).encode("ascii", "ignore").decode().casefold().split())
            for u in uniques]
    keys = np.array([k or None for k in keys] + [None], dtype=object)
    return pd.Series(keys[codes], index=values.index, dtype="object")


def _column(frame: pd.DataFrame | None, name: str) -> pd.Series | None:
    if frame is None or name not in frame.columns:
        return None
    return frame[name]


def user_directory(users: pd.DataFrame | None, activities: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per user: ``user_key, user, team, active, last_login_at, created_at, aliases``.

    ``user_key`` is the users table's record_id (or the user's label when there is none);
    ``aliases`` holds the normalised id, name, "first last", username and email an export may
    use to name the user. Without a users table, every distinct activity owner becomes a user
    of unknown team.
    """
    if users is None or users.empty:
        owners = _column(activities, "owner")
        names = pd.Series([] if owners is None else sorted(owners.dropna().astype(str).str.strip().unique()),
                          dtype="object")
        names = names[names != ""].reset_index(drop=True)
        return pd.DataFrame({
            "user_key": names.to_numpy(), "user": names.to_numpy(), "team": NO_TEAM, "active": True,
            "last_login_at": pd.Series(pd.NaT, index=names.index, dtype="datetime64[ns]"),
            "created_at": pd.Series(pd.NaT, index=names.index, dtype="datetime64[ns]"),
            "aliases": [(key,) for key in _normalise(names)],
        })
    users = users.reset_index(drop=True)
    first_last = None
    if "first_name" in users.columns and "last_name" in users.columns:
        first_last = (users["first_name"].astype("string").fillna("") + " "
                      + users["last_name"].astype("string").fillna("")).str.strip().replace("", pd.NA)
    names = [c for c in (_column(users, "name"), first_last, _column(users, "username"),
                         _column(users, "email"), _column(users, "record_id")) if c is not None]
    label = pd.Series(pd.NA, index=users.index, dtype="object")
    for candidate in names:
        label = label.fillna(candidate.astype("object"))
    label = label.fillna(pd.Series([f"user {n}" for n in range(1, len(users) + 1)], index=users.index))
    key = _column(users, "record_id")
    key = label if key is None else key.astype("object").fillna(label)
    team = _column(users, "team")
    team = pd.Series(NO_TEAM, index=users.index) if team is None else team.astype("object").fillna(NO_TEAM)
    active = _column(users, "is_active")
    active = pd.Series(True, index=users.index) if active is None else active.astype("boolean").fillna(True)
    normalised = [_normalise(c) for c in names]
    aliases = [tuple(sorted({n.iloc[i] for n in normalised if n.iloc[i]})) for i in range(len(users))]

    def stamp(name: str) -> pd.Series:
        column = _column(users, name)
        return pd.Series(pd.NaT, index=users.index, dtype="datetime64[ns]") if column is None else column

    return pd.DataFrame({
        "user_key": key.astype(str).to_numpy(), "user": label.astype(str).to_numpy(),
        "team": team.astype(str).str.strip().replace("", NO_TEAM).to_numpy(), "active": active.astype(bool).to_numpy(),
        "last_login_at": stamp("last_login_at").to_numpy(), "created_at": stamp("created_at").to_numpy(),
        "aliases": aliases,
    }).drop_duplicates("user_key").reset_index(drop=True)


def owner_lookup(directory: pd.DataFrame) -> dict[str, str]:
    """Normalised alias -> user_key; an alias two users share is dropped (it names neither)."""
    pairs: dict[str, set[str]] = {}
    for user_key, aliases in zip(directory["user_key"], directory["aliases"], strict=True):
        for alias in aliases:
            pairs.setdefault(alias, set()).add(user_key)
    return {alias: next(iter(found)) for alias, found in pairs.items() if len(found) == 1}


def match_owners(owner: pd.Series, lookup: dict[str, str]) -> pd.Series:
    """The user_key each owner value refers to, NA where it matches no user (or is empty)."""
    codes, uniques = pd.factorize(_normalise(owner))
    matched = np.array([lookup.get(u) for u in uniques] + [None], dtype=object)
    return pd.Series(matched[codes], index=owner.index, dtype="object")


def type_groups(types: pd.Series) -> pd.Series:
    """calls / emails / meetings / visits / notes_tasks / other for each activity type."""
    codes, uniques = pd.factorize(_normalise(types))
    groups = []
    for text in uniques:
        groups.append(next((g for g, words in TYPE_WORDS if text and any(w in text for w in words)), "other"))
    mapped = np.array(groups + ["other"], dtype=object)
    return pd.Series(pd.Categorical(mapped[codes], categories=TYPE_GROUPS), index=types.index)


def prepare_activities(activities: pd.DataFrame | None, directory: pd.DataFrame) -> pd.DataFrame:
    """Activities reduced to what usage needs.

    Columns: ``record_id, user_key`` (NA when the owner matches no user), ``owner`` (raw text,
    NA when empty), ``who`` (user_key, else the raw owner), ``group`` (type group), ``day``
    (date of the activity, midnight), ``created_at``, ``deal_id``, ``account_id``.
    """
    if activities is None or activities.empty:
        return pd.DataFrame({c: pd.Series(dtype="object") for c in
                             ("record_id", "user_key", "owner", "who", "group", "deal_id", "account_id")}
                            ).assign(day=pd.Series(dtype="datetime64[ns]"),
                                     created_at=pd.Series(dtype="datetime64[ns]"))
    index = activities.index
    owner = _column(activities, "owner")
    owner = pd.Series(pd.NA, index=index, dtype="object") if owner is None else owner.astype("string").str.strip()
    owner = owner.mask(owner == "")
    user_key = match_owners(owner, owner_lookup(directory))
    occurred = _column(activities, "occurred_at")
    created = _column(activities, "created_at")
    nat = pd.Series(pd.NaT, index=index, dtype="datetime64[ns]")
    day = (occurred if occurred is not None else nat)
    day = day.fillna(created.dt.normalize()) if created is not None else day
    record_id = _column(activities, "record_id")
    return pd.DataFrame({
        "record_id": (record_id.astype("object") if record_id is not None
                      else generated_ids(len(index)).set_axis(index).astype("object")),
        "user_key": user_key,
        "owner": owner.astype("object"),
        "who": user_key.fillna(owner.astype("object")),
        "group": type_groups(_column(activities, "type") if "type" in activities.columns
                             else pd.Series(pd.NA, index=index, dtype="object")),
        "day": day.dt.normalize(),
        "created_at": created if created is not None else nat,
        "deal_id": (_column(activities, "deal_id") if "deal_id" in activities.columns
                    else pd.Series(pd.NA, index=index)).astype("object"),
        "account_id": (_column(activities, "account_id") if "account_id" in activities.columns
                       else pd.Series(pd.NA, index=index)).astype("object"),
    }).reset_index(drop=True)


def customer_facing(teams: pd.Series, words: tuple[str, ...]) -> pd.Series:
    """Whether each team name contains one of the customer-facing words (case-insensitive)."""
    lowered = teams.astype(str).str.casefold()
    return lowered.apply(lambda team: any(word in team for word in words)).astype(bool)


def window_bounds(as_of: date, days: int) -> tuple[pd.Timestamp, pd.Timestamp]:
    """(first day, last day) of the ``days`` days that end on ``as_of``, both included."""
    end = pd.Timestamp(as_of)
    return end - pd.Timedelta(days=days - 1), end


def working_days(directory: pd.DataFrame, as_of: date, days: int) -> pd.Series:
    """Mon-Fri days each user could log in the window: from their creation date if later."""
    start, end = window_bounds(as_of, days)
    created = directory["created_at"].dt.normalize().fillna(start)
    first = np.maximum(created.to_numpy(dtype="datetime64[D]"), start.to_datetime64().astype("datetime64[D]"))
    last = (end + pd.Timedelta(days=1)).to_datetime64().astype("datetime64[D]")
    counts = np.busday_count(first, np.maximum(first, np.full_like(first, last)))
    return pd.Series(counts, index=directory.index)


def in_window(days: pd.Series, as_of: date, window_days: int) -> pd.Series:
    start, end = window_bounds(as_of, window_days)
    return days.between(start, end)


def user_rates(prepared: pd.DataFrame, directory: pd.DataFrame, *, as_of: date, window_days: int) -> pd.DataFrame:
    """Per user: activities in the window, per working day, by type group, and all-time facts.

    Columns: ``user_key, user, team, active, last_login_at, working_days, activities,
    per_day``, ``<group>_per_day`` for each of :data:`TYPE_GROUPS`, ``activities_all_time,
    last_activity``.
    """
    recent = prepared[in_window(prepared["day"], as_of, window_days) & prepared["user_key"].notna()]
    by_type = pd.crosstab(recent["user_key"], recent["group"]).reindex(columns=list(TYPE_GROUPS), fill_value=0)
    matched = prepared[prepared["user_key"].notna() & (prepared["day"] <= pd.Timestamp(as_of))]
    total = matched.groupby("user_key").size()
    last = matched.groupby("user_key")["day"].max()
    rates = directory[["user_key", "user", "team", "active", "last_login_at"]].copy()
    rates["working_days"] = working_days(directory, as_of, window_days).to_numpy()
    counts = by_type.reindex(rates["user_key"], fill_value=0)
    rates["activities"] = counts.sum(axis=1).to_numpy()
    denominator = rates["working_days"].where(rates["working_days"] > 0)
    rates["per_day"] = (rates["activities"] / denominator).fillna(0.0)
    for group in TYPE_GROUPS:
        rates[f"{group}_per_day"] = (counts[group].to_numpy() / denominator).fillna(0.0)
    rates["activities_all_time"] = total.reindex(rates["user_key"], fill_value=0).to_numpy()
    rates["last_activity"] = last.reindex(rates["user_key"]).to_numpy()
    return rates


def team_rates(rates: pd.DataFrame) -> pd.DataFrame:
    """Per team (active users only): ``team, users, users_logging, activities, per_user_per_day,
    median_per_day`` and ``<group>_per_user_per_day``."""
    active = rates[rates["active"]]
    grouped = active.groupby("team", sort=True)
    teams = pd.DataFrame({
        "users": grouped.size(),
        "users_logging": grouped["activities"].apply(lambda s: int((s > 0).sum())),
        "activities": grouped["activities"].sum(),
        "working_days": grouped["working_days"].sum(),
        "median_per_day": grouped["per_day"].median(),
    })
    days = teams["working_days"].where(teams["working_days"] > 0)
    teams["per_user_per_day"] = (teams["activities"] / days).fillna(0.0)
    for group in TYPE_GROUPS:
        per_group = (active[f"{group}_per_day"] * active["working_days"]).groupby(active["team"]).sum()
        teams[f"{group}_per_user_per_day"] = (per_group.reindex(teams.index) / days).fillna(0.0)
    return teams.reset_index()


def closed_per_week(records: pd.DataFrame | None, closed_on: pd.Series | None, directory: pd.DataFrame,
                    *, as_of: date, window_days: int) -> pd.DataFrame:
    """Records closed in the window per user and per week: ``user_key, user, closed, per_week``.

    ``closed_on`` is each record's close date (NaT when not closed); owners are matched as for
    activities. Empty when there are no records or no owner column.
    """
    columns = ["user_key", "user", "closed", "per_week"]
    if records is None or closed_on is None or "owner" not in records.columns or records.empty:
        return pd.DataFrame(columns=columns)
    closed = records[in_window(closed_on.dt.normalize(), as_of, window_days)]
    keys = match_owners(closed["owner"], owner_lookup(directory))
    counts = keys.value_counts()
    result = directory[["user_key", "user"]].copy()
    result["closed"] = counts.reindex(result["user_key"], fill_value=0).to_numpy()
    result["per_week"] = result["closed"] / (window_days / 7)
    return result[columns]


def _custom_column(frame: pd.DataFrame, headers: tuple[str, ...]) -> str | None:
    for column in frame.columns:
        if column.startswith(CUSTOM_PREFIX) and " ".join(column[len(CUSTOM_PREFIX):].casefold().split()) in headers:
            return column
    return None


def records_touched(tables: dict[str, pd.DataFrame], directory: pd.DataFrame,
                    *, as_of: date, window_days: int) -> tuple[pd.DataFrame, list[str]]:
    """Records created and updated per user per working day, where exports say who did it.

    Looks in every table for a "Created By" column (with ``created_at``) and a "Last Modified
    By" column (with ``updated_at``). Returns ``(user_key, user, created, updated,
    created_per_day, updated_per_day)`` and the ``entity.column`` names used (empty list: the
    exports do not record who created or changed records).
    """
    lookup = owner_lookup(directory)
    created = pd.Series(0, index=directory["user_key"], dtype="int64")
    updated = created.copy()
    used: list[str] = []
    for entity, frame in sorted(tables.items()):
        if frame is None or frame.empty:
            continue
        for headers, stamp, total in ((CREATED_BY_HEADERS, "created_at", created),
                                      (MODIFIED_BY_HEADERS, "updated_at", updated)):
            column = _custom_column(frame, headers)
            if column is None or stamp not in frame.columns:
                continue
            used.append(f"{entity}.{column[len(CUSTOM_PREFIX):]}")
            inside = frame[in_window(frame[stamp].dt.normalize(), as_of, window_days)]
            counts = match_owners(inside[column], lookup).value_counts()
            total.loc[:] = total.to_numpy() + counts.reindex(total.index, fill_value=0).to_numpy()
    result = directory[["user_key", "user"]].copy()
    result["created"] = created.to_numpy()
    result["updated"] = updated.to_numpy()
    days = working_days(directory, as_of, window_days).replace(0, np.nan)
    result["created_per_day"] = (result["created"] / days).fillna(0.0)
    result["updated_per_day"] = (result["updated"] / days).fillna(0.0)
    return result, used


def _last_working_day_of_month(days: pd.Series) -> pd.Series:
    """For each date, whether it is the last Monday-to-Friday day of its month."""
    codes, uniques = pd.factorize(days)
    uniques = pd.DatetimeIndex(uniques)
    month_end = uniques + pd.offsets.BMonthEnd(0)
    flags = np.append(np.asarray(uniques == month_end), False)
    return pd.Series(flags[codes], index=days.index)


def same_minute_bursts(prepared: pd.DataFrame, min_count: int) -> tuple[pd.DataFrame, pd.Series]:
    """Groups of ``min_count`` or more activities one person created in the same minute.

    Returns the bursts (``who, created_minute, activities, month_end``) and a boolean mask of
    the activities inside them.
    """
    stamped = prepared["created_at"].notna() & prepared["who"].notna()
    minute = prepared["created_at"].dt.floor("min")
    keys = pd.DataFrame({"who": prepared["who"], "created_minute": minute})[stamped]
    sizes = keys.groupby(["who", "created_minute"], sort=False).size()
    bursts = sizes[sizes >= min_count].rename("activities").reset_index()
    bursts["month_end"] = _last_working_day_of_month(bursts["created_minute"].dt.normalize()).to_numpy()
    marked = pd.MultiIndex.from_frame(keys).isin(pd.MultiIndex.from_frame(bursts[["who", "created_minute"]]))
    mask = pd.Series(False, index=prepared.index)
    mask.loc[keys.index] = marked
    return bursts.sort_values(["who", "created_minute"]).reset_index(drop=True), mask


def month_end_backlogs(prepared: pd.DataFrame, min_count: int) -> tuple[pd.DataFrame, pd.Series]:
    """Days where one person typed in ``min_count``+ earlier activities on a month's last working day.

    Returns ``(who, created_day, activities)`` and the mask of those activities.
    """
    created_day = prepared["created_at"].dt.normalize()
    backfilled = (prepared["who"].notna() & created_day.notna() & (prepared["day"] < created_day))
    candidates = backfilled.copy()
    candidates[backfilled] = _last_working_day_of_month(created_day[backfilled]).to_numpy()
    keys = pd.DataFrame({"who": prepared["who"], "created_day": created_day})[candidates]
    sizes = keys.groupby(["who", "created_day"], sort=False).size()
    batches = sizes[sizes >= min_count].rename("activities").reset_index()
    marked = pd.MultiIndex.from_frame(keys).isin(pd.MultiIndex.from_frame(batches[["who", "created_day"]]))
    mask = pd.Series(False, index=prepared.index)
    mask.loc[keys.index] = marked
    return batches.sort_values(["who", "created_day"]).reset_index(drop=True), mask


def logging_lag(prepared: pd.DataFrame, lag_days: int) -> tuple[pd.DataFrame, pd.Series]:
    """Activities typed in ``lag_days`` or more days after they happened, per person.

    Only activities with both a date and a created timestamp, created on or after their date
    (a meeting booked ahead is not late), count. Returns ``(who, logged, late, late_share,
    median_lag_days)`` and the mask of late activities.
    """
    lag = (prepared["created_at"].dt.normalize() - prepared["day"]).dt.days
    measurable = lag.notna() & (lag >= 0) & prepared["who"].notna()
    late = measurable & (lag >= lag_days)
    frame = pd.DataFrame({"who": prepared["who"], "late": late, "lag": lag.where(late)})[measurable]
    grouped = frame.groupby("who")
    summary = pd.DataFrame({"logged": grouped.size(), "late": grouped["late"].sum(),
                            "median_lag_days": grouped["lag"].median()})
    summary["late_share"] = summary["late"] / summary["logged"]
    return summary.reset_index(), late
