"""Ownership and territory: who owns each contact, account and deal, and whether they should.

Owners are matched to the users export by name, email, username or user id (case and spacing
ignored). Without a users export only missing owners and the balance of books are checked.
Territory rules (``DataAuditConfig.territory_rules``) say which team owns which country or
region: ``{"country": "Germany", "state": "", "team": "Sales EMEA"}``; countries and states are
compared by their ISO codes, so ``DE`` and ``Deutschland`` both match ``Germany``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from crm_core.audit.data.collector import Collector
from crm_core.audit.data.checks import spec
from crm_core.audit.data.config import SCORED_ENTITIES, DataAuditConfig
from crm_core.audit.data.distinct import map_distinct
from crm_core.audit.geography import lookup_key, resolve_countries, resolve_states
from crm_core.findings import Finding, Severity

TEXT = "string"
BOOK_COLUMNS = ("entity", "owner", "records", "share", "active", "team")


def _norm(series: pd.Series) -> pd.Series:
    return map_distinct(series.astype(TEXT), lambda v: " ".join(v.casefold().split()))


def user_directory(users: pd.DataFrame) -> pd.DataFrame:
    """One row per way of naming a user: ``key, active, team`` (team: the team, else the role)."""
    if users is None or users.empty:
        return pd.DataFrame(columns=["key", "active", "team"])
    team = users["team"] if "team" in users.columns else pd.Series(pd.NA, index=users.index, dtype=TEXT)
    if "role" in users.columns:
        team = team.fillna(users["role"])
    active = (users["is_active"].fillna(True).astype(bool) if "is_active" in users.columns
              else pd.Series(True, index=users.index))
    names = [users[c] for c in ("name", "email", "username", "record_id") if c in users.columns]
    if {"first_name", "last_name"} <= set(users.columns):
        names.append(users["first_name"].fillna("") + " " + users["last_name"].fillna(""))
    parts = [pd.DataFrame({"key": _norm(column), "active": active, "team": team}) for column in names]
    directory = pd.concat(parts, ignore_index=True).dropna(subset=["key"])
    return directory[directory["key"] != ""].drop_duplicates("key")


# Department words beyond the customer-facing teams: a team column that names none of these (nor a
# customer-facing team) holds something else (regions, offices), and says nothing about roles.
OTHER_DEPARTMENTS = ("finance", "accounting", "it", "information technology", "engineering", "development",
                     "hr", "human resources", "people", "legal", "operations", "ops", "admin", "administration",
                     "management", "executive", "product", "procurement", "purchasing", "logistics", "research")
DEPARTMENT_SHARE = 0.5  # share of the distinct team values that must name a department


def names_departments(team: pd.Series, teams: tuple[str, ...]) -> bool:
    """Whether a team (or role) column names departments, so it can tell who is customer-facing."""
    distinct = pd.Series(team.dropna().astype(TEXT).unique(), dtype=TEXT)
    if distinct.empty:
        return False
    named = is_customer_facing(distinct, (*teams, *OTHER_DEPARTMENTS))
    return bool(named.mean() >= DEPARTMENT_SHARE)


def is_customer_facing(team: pd.Series, teams: tuple[str, ...]) -> pd.Series:
    words = "|".join(lookup_key(t) for t in teams if t)
    folded = map_distinct(team.astype(TEXT), lookup_key)
    return folded.str.contains(rf"\b(?:{words})\b", regex=True).fillna(False).astype(bool)


def check_ownership(clean: dict[str, pd.DataFrame], config: DataAuditConfig, countries: dict[str, pd.Series],
                    collector: Collector) -> pd.DataFrame:
    """Flag ownerless records, leavers' and non-customer-facing owners, territory violations;
    return the books (``BOOK_COLUMNS``: records per owner and entity)."""
    users = clean.get("users")
    directory = user_directory(users) if users is not None else None
    books = []
    for entity in SCORED_ENTITIES:
        table = clean.get(entity)
        if table is None or "owner" not in table.columns:
            continue
        owner = table["owner"]
        collector.flag("DATA.NO_OWNER", entity, owner.isna(), field="owner")
        keys = _norm(owner)
        active = team = None
        if directory is not None and not directory.empty:
            found = directory.set_index("key")
            known = keys.isin(found.index).fillna(False)
            active = keys.map(found["active"])
            team = keys.map(found["team"])
            collector.flag("DATA.OWNER_UNKNOWN", entity, owner.notna() & ~known, field="owner", values=owner)
            gone = known & active.eq(False).fillna(False)
            collector.flag("DATA.OWNER_INACTIVE", entity, gone, field="owner", values=owner)
            if names_departments(directory["team"], config.customer_facing_teams):
                facing = is_customer_facing(team, config.customer_facing_teams)
                collector.flag("DATA.OWNER_NOT_CUSTOMER_FACING", entity, known & ~facing, field="owner",
                               values=owner + " (" + team.fillna("no team").astype(TEXT) + ")")
            if config.territory_rules:
                _territories(entity, table, team, known, countries.get(entity), config, collector)
        counts = owner.value_counts()
        frame = pd.DataFrame({"entity": entity, "owner": counts.index.astype(str), "records": counts.to_numpy()})
        frame["share"] = frame["records"] / max(int(owner.notna().sum()), 1)
        if active is not None:
            lookup = directory.set_index("key")
            frame["active"] = _norm(frame["owner"]).map(lookup["active"]).astype("boolean")
            frame["team"] = _norm(frame["owner"]).map(lookup["team"]).astype(TEXT)
        else:
            frame["active"], frame["team"] = pd.NA, pd.NA
        books.append(frame)
    result = pd.concat(books, ignore_index=True) if books else pd.DataFrame(columns=list(BOOK_COLUMNS))
    _book_balance(result, config, collector)
    collector.describe("DATA.OWNER_NOT_CUSTOMER_FACING",
                       "Owner's team (or role) is none of: " + ", ".join(config.customer_facing_teams) + ".")
    if directory is not None and not directory.empty and not names_departments(directory["team"],
                                                                                config.customer_facing_teams):
        collector.skip("DATA.OWNER_NOT_CUSTOMER_FACING", "The users' team and role columns name no departments "
                       "(they may hold regions or offices), so they cannot tell who is customer-facing.")
    return result[list(BOOK_COLUMNS)]


def _book_balance(books: pd.DataFrame, config: DataAuditConfig, collector: Collector) -> None:
    """One finding when, among active owners, the biggest book is far above the median book."""
    evidence: dict[str, float | int | str] = {}
    worst = 0.0
    for entity, rows in books.groupby("entity", sort=False):
        rows = rows[rows["active"].fillna(True).astype(bool)] if "active" in rows else rows
        if len(rows) < 3:
            continue
        median = float(np.median(rows["records"]))
        top = rows.sort_values("records", ascending=False).iloc[0]
        ratio = float(top["records"]) / median if median else 0.0
        evidence[f"{entity} biggest book"] = f"{top['owner']} ({int(top['records'])})"
        evidence[f"{entity} median book"] = median
        evidence[f"{entity} biggest / median"] = round(ratio, 1)
        worst = max(worst, ratio)
    if worst >= config.book_imbalance_ratio:
        item = spec("DATA.BOOK_IMBALANCE")
        collector.add_finding(Finding(
            code=item.code, severity=item.severity if worst < 2 * config.book_imbalance_ratio else Severity.MEDIUM,
            title=item.title, affected_count=0, evidence=evidence, recommendation_code=item.recommendation,
            detail=f"The biggest book is {worst:.1f} times the median book of active owners "
                   f"(threshold {config.book_imbalance_ratio:g}).",
        ))


def _territories(entity: str, table: pd.DataFrame, team: pd.Series, known: pd.Series, codes: pd.Series | None,
                 config: DataAuditConfig, collector: Collector) -> None:
    """Records in a territory whose owner is not in the territory's team."""
    if codes is None:
        return
    states = None
    if "state" in table.columns:
        lookup = resolve_states(table["state"], codes)
        pairs = dict(zip(lookup["value"] + "\x1f" + lookup["country"], lookup["code"]))
        states = (table["state"].astype(TEXT) + "\x1f" + codes.fillna("")).map(pairs)
    wrong = pd.Series(False, index=table.index)
    expected = pd.Series(pd.NA, index=table.index, dtype=TEXT)
    for rule in config.territory_rules:
        rule_country = resolve_countries(pd.Series([rule.get("country", "")], dtype=TEXT))["code"].iloc[0] \
            if rule.get("country") else None
        inside = codes.eq(rule_country).fillna(False) if rule_country else pd.Series(True, index=table.index)
        if rule.get("state") and states is not None:
            wanted = resolve_states(pd.Series([rule["state"]], dtype=TEXT), pd.Series([rule_country], dtype=TEXT))
            code = wanted["code"].iloc[0] if not wanted.empty else None
            inside &= states.eq(code).fillna(False)
        right_team = map_distinct(team.astype(TEXT), lookup_key).eq(lookup_key(rule.get("team", ""))).fillna(False)
        breach = inside & known & ~right_team
        wrong |= breach
        expected = expected.mask(breach & expected.isna(), f"an owner from {rule.get('team', '')}")
    collector.flag("DATA.TERRITORY_VIOLATION", entity, wrong, field="owner", values=table["owner"],
                   suggestions=expected)
