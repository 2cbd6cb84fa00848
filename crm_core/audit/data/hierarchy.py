"""Accounts: hierarchy, links between records, dead accounts and missing account status.

The parent links form a forest that may be broken: a parent id that is not an account, or a
chain that comes back to where it started. Both are found without walking chains one by one:
parents are turned into row positions, and pointer doubling (``up = up[up]``, log2(n) rounds)
takes every account to the end of its chain; accounts whose chain never ends are in a cycle or
lead into one, and the cycle members are exactly the accounts some chain ends on.
"""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd

from crm_core.audit.data.collector import Collector
from crm_core.audit.stages import deal_outcomes
from crm_core.schema import has_own_ids

TEXT = "string"
STATUS_FIELDS = {"account_type": "status", "annual_revenue": "revenue", "lifecycle_stage": "buyer stage"}
# More contacts than this without a company or account: a list of consumers (B2C), where a contact
# without a company is normal, or an export that leaves the link out. Either way not an error per record.
CONSUMER_LIST_SHARE = 0.5


def _positions(ids: pd.Series, targets: pd.Series) -> np.ndarray:
    """Row position in ``ids`` of each value of ``targets`` (-1 where absent or empty)."""
    index = pd.Index(ids.astype(TEXT))
    found = index.get_indexer(targets.astype(TEXT))
    return np.where(targets.notna().to_numpy(), found, -1)


def parent_structure(accounts: pd.DataFrame) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(root position of every account's hierarchy, parent-missing mask, in-a-cycle mask).

    Accounts in or under a cycle get the smallest position of their cycle as root.
    """
    size = len(accounts)
    if "parent_account_id" not in accounts.columns or size == 0:
        return np.arange(size), np.zeros(size, dtype=bool), np.zeros(size, dtype=bool)
    parents = accounts["parent_account_id"]
    first = ~accounts["record_id"].astype(TEXT).duplicated()
    ids = accounts["record_id"].where(first)
    parent = _positions(ids, parents)
    missing = parents.notna().to_numpy() & (parent < 0)
    up = np.where(parent >= 0, parent, np.arange(size))  # roots and broken links point at themselves
    steps = 1
    while steps < size:
        up = up[up]
        steps *= 2
    ends = up
    is_root = (parent < 0)
    on_cycle = np.zeros(size, dtype=bool)
    on_cycle[np.unique(ends[~is_root[ends]])] = True
    label = np.arange(size)
    for start in np.flatnonzero(on_cycle):  # name each cycle by its smallest member
        if label[start] != start:
            continue
        members, node = [start], parent[start]
        while node != start:
            members.append(node)
            node = parent[node]
        label[members] = min(members)
    roots = np.where(on_cycle[ends], label[ends], ends)
    return roots, missing, on_cycle


def _last_day(*columns: pd.Series) -> pd.Series:
    days = [pd.to_datetime(column, errors="coerce").dt.normalize() for column in columns if column is not None]
    if not days:
        return pd.Series(dtype="datetime64[ns]")
    return pd.concat(days, axis=1).max(axis=1)


def check_hierarchy(tables: dict[str, pd.DataFrame], clean: dict[str, pd.DataFrame], as_of: date,
                    dead_months: int, collector: Collector) -> np.ndarray | None:
    """All account checks; returns each account's hierarchy root (for the domain conflicts)."""
    accounts, contacts, deals = clean.get("accounts"), clean.get("contacts"), clean.get("deals")
    roots = None
    if accounts is not None:
        roots, missing, on_cycle = parent_structure(accounts)
        if "parent_account_id" in accounts.columns:
            collector.flag("DATA.PARENT_MISSING", "accounts", missing, field="parent_account_id",
                           values=accounts["parent_account_id"])
            collector.flag("DATA.HIERARCHY_CYCLE", "accounts", on_cycle, field="parent_account_id",
                           values=accounts["parent_account_id"])
        for name, label in STATUS_FIELDS.items():
            if name in accounts.columns:
                collector.flag("DATA.ACCOUNT_STATUS_MISSING", "accounts", accounts[name].isna(), field=name)
                collector.note("DATA.ACCOUNT_STATUS_MISSING", **{f"missing {label}": int(accounts[name].isna().sum())})
    if contacts is not None:
        link = next((name for name in ("account_id", "company") if name in contacts.columns), None)
        unlinked = contacts[link].isna() if link else None
        if unlinked is not None and len(contacts) and unlinked.mean() > CONSUMER_LIST_SHARE:
            collector.skip("DATA.CONTACT_NO_ACCOUNT", f"{unlinked.mean():.0%} of contacts have no company or account, "
                           "as in a list of consumers: a missing company is not an error there.")
        elif unlinked is not None:
            collector.flag("DATA.CONTACT_NO_ACCOUNT", "contacts", unlinked, field=link)
        if link == "account_id" and accounts is not None and has_own_ids(accounts):
            unknown = contacts["account_id"].notna() & ~contacts["account_id"].isin(accounts["record_id"].tolist())
            collector.flag("DATA.CONTACT_ACCOUNT_MISSING", "contacts", unknown, field="account_id",
                           values=contacts["account_id"])
    if deals is not None and accounts is not None and "account_id" in deals.columns and has_own_ids(accounts):
        unknown = deals["account_id"].notna() & ~deals["account_id"].isin(accounts["record_id"].tolist())
        collector.flag("DATA.DEAL_ACCOUNT_MISSING", "deals", unknown, field="account_id", values=deals["account_id"])
    if accounts is not None and not has_own_ids(accounts):
        for code in ("DATA.CONTACT_ACCOUNT_MISSING", "DATA.DEAL_ACCOUNT_MISSING", "DATA.ACCOUNT_NO_CONTACTS"):
            collector.skip(code, "The accounts export has no id column, so links to its accounts cannot be followed.")
    elif accounts is not None and contacts is not None and "account_id" in contacts.columns:
        lonely = ~accounts["record_id"].isin(contacts["account_id"].dropna().unique().tolist())
        collector.flag("DATA.ACCOUNT_NO_CONTACTS", "accounts", lonely, field="record_id")
    if accounts is not None:
        _dead_accounts(accounts, tables.get("activities"), deals, as_of, dead_months, collector)
    return roots


def _dead_accounts(accounts: pd.DataFrame, activities: pd.DataFrame | None, deals: pd.DataFrame | None,
                   as_of: date, months: int, collector: Collector) -> None:
    """Created before the cut-off, no activity since (the account's own or its activities') and
    no open deal."""
    has_activity = activities is not None and {"account_id", "occurred_at"} <= set(activities.columns)
    if "last_activity_at" not in accounts.columns and not has_activity:
        return  # nothing says when anyone last worked on an account
    cutoff = pd.Timestamp(as_of) - pd.DateOffset(months=months)
    ids = accounts["record_id"].astype(TEXT)
    last = _last_day(accounts.get("last_activity_at"), accounts.get("updated_at"))
    last = last if len(last) else pd.Series(pd.NaT, index=accounts.index)
    alive = pd.Series(False, index=accounts.index)
    if has_activity:
        occurred = pd.to_datetime(activities["occurred_at"], errors="coerce")
        latest = occurred.groupby(activities["account_id"].astype(TEXT)).max()
        alive |= ids.map(latest).ge(cutoff).fillna(False).astype(bool)
    if deals is not None and "account_id" in deals.columns:
        outcome = deal_outcomes(deals)
        alive |= ids.isin(deals["account_id"].astype(TEXT)[(outcome == "open").fillna(False)].dropna().unique())
    created = _last_day(accounts.get("created_at"))
    old = created.lt(cutoff).fillna(True) if len(created) else pd.Series(True, index=accounts.index)
    dead = old & ~last.ge(cutoff).fillna(False) & ~alive
    collector.flag("DATA.DEAD_ACCOUNTS", "accounts", dead, field="last_activity_at",
                   values=accounts["last_activity_at"] if "last_activity_at" in accounts.columns else None)
    collector.describe("DATA.DEAD_ACCOUNTS", f"Created before {cutoff:%Y-%m-%d}, no activity since, no open deal "
                       f"({months} months).")
