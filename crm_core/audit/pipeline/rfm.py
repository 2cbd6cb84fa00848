"""RFM account priorities: recency, frequency and monetary scores from won deals or orders.

Input is either a transactions table (an order or invoice log: customer id, date, amount or
quantity x unit price) or the deals table (won deals per account). Transactions are cleaned
first (:func:`orders_from_transactions`): lines with no customer id are counted and set aside;
cancellations (invoice numbers starting with "C" followed by digits, as in the UCI Online Retail
log) and returns (negative lines) are netted into the customer's monetary value; an order is an
invoice, or a purchase day when the log has no invoice number. Customer ids written as floats
("17850.0") are read as "17850".

Per customer: ``recency_days`` = days from the last order to ``as_of``; ``frequency`` = distinct
orders; ``monetary`` = net amount. Scores 1-5 are quintiles on the mid-rank of each value, so
equal values always get equal scores: ``score = 1 + floor(5 * (rank_avg - 0.5) / n)`` (recency
ranked from most recent). ``fm`` is the rounded-up mean of the F and M scores.

Segments, read from R (rows) and FM (columns):

======= ================ ===================== ====================
R \\ FM 1                2-3                   4-5
======= ================ ===================== ====================
5       new              potential loyalists   champions
4       promising        potential loyalists   loyal
3       about to sleep   about to sleep (2) /  loyal
                         need attention (3)
2       hibernating      hibernating (2) /     at risk (4) /
                         at risk (3)           can't lose (5)
1       lost             lost (2) / at risk (3) at risk (4) / can't lose (5)
======= ================ ===================== ====================

Priority order (who to call first): can't lose, at risk, champions, loyal, need attention,
potential loyalists, promising, new, about to sleep, hibernating, lost; within a segment the
highest monetary value first.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import altair as alt
import numpy as np
import pandas as pd

from crm_core import spreadsheet_safety
from crm_core.audit.stages import deal_outcomes

SEGMENT_PRIORITY = (
    "can't lose", "at risk", "champions", "loyal", "need attention", "potential loyalists",
    "promising", "new", "about to sleep", "hibernating", "lost",
)
SEGMENT_ACTIONS = {
    "can't lose": "Big past buyers gone quiet: call them now, personally.",
    "at risk": "Good customers slipping away: reach out with a reason to come back.",
    "champions": "Best customers: reward them, ask for referrals and reviews.",
    "loyal": "Regular buyers: offer up-sells and loyalty programmes.",
    "need attention": "Average and fading: a limited-time offer or check-in.",
    "potential loyalists": "Recent, growing: onboarding and membership offers.",
    "promising": "Recent first buys: build the relationship.",
    "new": "Just bought for the first time: welcome and onboard.",
    "about to sleep": "Below average and fading: re-engage before they lapse.",
    "hibernating": "Low value, long gone: low-cost campaigns only.",
    "lost": "Lowest priority: leave out of costly campaigns.",
}
RFM_COLUMNS = ("customer_id", "recency_days", "frequency", "monetary", "r", "f", "m", "segment")
_CANCELLED = r"^[Cc]\d"


@dataclass(frozen=True)
class SetAside:
    """What cleaning the transactions counted and left out (or netted)."""

    lines: int = 0
    lines_without_customer: int = 0
    amount_without_customer: float = 0.0
    lines_without_date: int = 0
    lines_without_amount: int = 0
    cancellation_lines: int = 0
    return_lines: int = 0
    customers_without_purchase: int = 0

    def sentence(self) -> str:
        parts = [f"{self.lines:,} lines read"]
        if self.lines_without_customer:
            parts.append(f"{self.lines_without_customer:,} with no customer id set aside "
                         f"({self.amount_without_customer:,.2f} in value)")
        if self.cancellation_lines or self.return_lines:
            parts.append(f"{self.cancellation_lines:,} cancellation and {self.return_lines:,} return lines netted")
        if self.lines_without_date or self.lines_without_amount:
            parts.append(f"{self.lines_without_date + self.lines_without_amount:,} without a date or amount skipped")
        if self.customers_without_purchase:
            parts.append(f"{self.customers_without_purchase:,} customers with only returns left out")
        return "; ".join(parts) + "."


def clean_ids(values: pd.Series) -> pd.Series:
    """Trimmed text ids; "17850.0" becomes "17850"; empty becomes NA."""
    text = values.astype("string").str.strip()
    text = text.str.replace(r"^(\d+)\.0+$", r"\1", regex=True)
    return text.mask(text == "")


def orders_from_transactions(transactions: pd.DataFrame) -> tuple[pd.DataFrame, SetAside]:
    """Net order lines per customer and order: ``customer_id, customer_name, order_id, day, amount,
    is_order`` (``is_order``: a purchase that counts towards frequency) and what was set aside."""
    tx = transactions
    n = len(tx)
    amount = pd.to_numeric(tx["amount"], errors="coerce").astype("float64") if "amount" in tx.columns else None
    if {"quantity", "unit_price"} <= set(tx.columns):
        product = (pd.to_numeric(tx["quantity"], errors="coerce").astype("float64")
                   * pd.to_numeric(tx["unit_price"], errors="coerce").astype("float64"))
        amount = product if amount is None else amount.fillna(product)
    amount = pd.Series(np.nan, index=tx.index) if amount is None else amount
    invoice = clean_ids(tx["invoice_id"]) if "invoice_id" in tx.columns else pd.Series(pd.NA, index=tx.index,
                                                                                            dtype="string")
    cancelled = invoice.str.contains(_CANCELLED, regex=True).fillna(False).astype(bool)
    if cancelled.all() and n:
        cancelled[:] = False  # every invoice looks like C123: that is the numbering, not cancellations
    amount = amount.where(~cancelled, -amount.abs())
    customer = clean_ids(tx["customer_id"]) if "customer_id" in tx.columns else pd.Series(pd.NA, index=tx.index,
                                                                                              dtype="string")
    if customer.isna().all() and "customer_name" in tx.columns:
        customer = clean_ids(tx["customer_name"])
    day = (pd.to_datetime(tx["occurred_at"], errors="coerce").dt.normalize() if "occurred_at" in tx.columns
           else pd.Series(pd.NaT, index=tx.index))
    no_customer = customer.isna()
    usable = ~no_customer & day.notna() & amount.notna()
    lines = pd.DataFrame({"customer_id": customer, "order_id": invoice.fillna(day.dt.strftime("%Y-%m-%d")),
                          "day": day, "amount": amount, "cancelled": cancelled})[usable]
    if "customer_name" in tx.columns:
        lines["customer_name"] = tx.loc[usable, "customer_name"].astype("string")
    else:
        lines["customer_name"] = pd.NA
    grouped = lines.groupby(["customer_id", "order_id"], sort=False)
    orders = grouped.agg(day=("day", "min"), amount=("amount", "sum"), cancelled=("cancelled", "any"),
                         customer_name=("customer_name", "first")).reset_index()
    orders["is_order"] = ~orders["cancelled"] & (orders["amount"] > 0)
    buyers = orders.groupby("customer_id")["is_order"].any()
    set_aside = SetAside(
        lines=n, lines_without_customer=int(no_customer.sum()),
        amount_without_customer=float(amount[no_customer].sum()),
        lines_without_date=int((~no_customer & day.isna()).sum()),
        lines_without_amount=int((~no_customer & day.notna() & amount.isna()).sum()),
        cancellation_lines=int((cancelled & usable).sum()),
        return_lines=int((~cancelled & usable & (amount < 0)).sum()),
        customers_without_purchase=int((~buyers).sum()),
    )
    return orders[["customer_id", "customer_name", "order_id", "day", "amount", "is_order"]], set_aside


def orders_from_deals(deals: pd.DataFrame, accounts: pd.DataFrame | None = None,
                      stage_overrides: dict | None = None) -> pd.DataFrame:
    """Won deals as orders of their account (same columns as :func:`orders_from_transactions`,
    plus ``owner``: the account's owner, else the owner of its latest won deal)."""
    won = deals[deal_outcomes(deals, stage_overrides).eq("won").fillna(False).to_numpy()]
    account = clean_ids(won["account_id"]) if "account_id" in won.columns else pd.Series(pd.NA, index=won.index)
    if "account_name" in won.columns:
        account = account.fillna(won["account_name"].astype("string").str.strip())
    orders = pd.DataFrame({
        "customer_id": account,
        "customer_name": won["account_name"].astype("string") if "account_name" in won.columns else pd.NA,
        "order_id": won["record_id"].astype("string") if "record_id" in won.columns else won.index.astype(str),
        "day": pd.to_datetime(won["close_date"]).dt.normalize() if "close_date" in won.columns else pd.NaT,
        "amount": pd.to_numeric(won["amount"], errors="coerce").astype("float64") if "amount" in won.columns
        else np.nan,
        "owner": won["owner"].astype("string") if "owner" in won.columns else pd.NA,
    }).dropna(subset=["customer_id", "day"])
    orders["is_order"] = True
    latest_owner = orders.sort_values("day").groupby("customer_id")["owner"].last()
    orders["owner"] = orders["customer_id"].map(latest_owner)
    if accounts is not None and {"record_id", "owner"} <= set(accounts.columns):
        by_account = accounts.assign(key=clean_ids(accounts["record_id"])).dropna(subset=["key"])
        account_owner = by_account.drop_duplicates("key").set_index("key")["owner"]
        orders["owner"] = orders["customer_id"].map(account_owner).fillna(orders["owner"])
        if "name" in accounts.columns:
            names = by_account.drop_duplicates("key").set_index("key")["name"]
            orders["customer_name"] = orders["customer_name"].fillna(orders["customer_id"].map(names))
    return orders.reset_index(drop=True)


def default_as_of(orders: pd.DataFrame) -> date:
    """The day after the last order: what "as of" means when none is given."""
    return (orders["day"].max() + pd.Timedelta(days=1)).date()


def quintile_scores(values: pd.Series, *, higher_is_better: bool = True) -> pd.Series:
    """Scores 1-5 from the mid-rank of each value, so ties always share one score."""
    if values.empty:
        return pd.Series(dtype="int64")
    ranked = (values if higher_is_better else -values).rank(method="average")
    scores = 1 + np.floor(5 * (ranked - 0.5) / len(values))
    return scores.clip(1, 5).astype("int64")


def segment_of(r: int, fm: int) -> str:
    """The named segment of one R score and FM score (see the module's table)."""
    if r == 5:
        return "new" if fm == 1 else "champions" if fm >= 4 else "potential loyalists"
    if r == 4:
        return "promising" if fm == 1 else "loyal" if fm >= 4 else "potential loyalists"
    if r == 3:
        return "about to sleep" if fm <= 2 else "need attention" if fm == 3 else "loyal"
    if fm == 5:
        return "can't lose"
    if fm >= 3:
        return "at risk"
    return "hibernating" if r == 2 else "lost"


SEGMENT_GRID = {(r, fm): segment_of(r, fm) for r in range(1, 6) for fm in range(1, 6)}


def score_customers(orders: pd.DataFrame, *, as_of: date) -> pd.DataFrame:
    """One row per customer with at least one purchase before ``as_of``, in priority order.

    Columns: :data:`RFM_COLUMNS` plus ``customer_name, owner`` (when known), ``fm, priority``.
    """
    end = pd.Timestamp(as_of)
    known = orders[orders["day"] < end]
    purchases = known[known["is_order"]]
    grouped = purchases.groupby("customer_id")
    table = pd.DataFrame({"last": grouped["day"].max(), "frequency": grouped.size()})
    table["monetary"] = known.groupby("customer_id")["amount"].sum(min_count=1).reindex(table.index).fillna(0.0)
    for extra in ("customer_name", "owner"):
        if extra in known.columns and known[extra].notna().any():
            table[extra] = known.dropna(subset=[extra]).groupby("customer_id")[extra].last().reindex(table.index)
    table = table.reset_index()
    table["recency_days"] = (end - table["last"]).dt.days.astype("int64")
    table["r"] = quintile_scores(table["recency_days"], higher_is_better=False)
    table["f"] = quintile_scores(table["frequency"])
    table["m"] = quintile_scores(table["monetary"])
    table["fm"] = (table["f"] + table["m"] + 1) // 2
    table["segment"] = [SEGMENT_GRID[(r, fm)] for r, fm in zip(table["r"], table["fm"], strict=True)]
    table["priority"] = table["segment"].map({s: i for i, s in enumerate(SEGMENT_PRIORITY, start=1)})
    table["monetary"] = table["monetary"].round(2)
    table = table.sort_values(["priority", "monetary", "recency_days", "customer_id"],
                              ascending=[True, False, True, True]).reset_index(drop=True)
    extras = [c for c in ("customer_name", "owner") if c in table.columns]
    return table[[*RFM_COLUMNS, *extras, "fm", "priority"]]


def segment_summary(scored: pd.DataFrame) -> pd.DataFrame:
    """Per segment, in priority order: ``segment, customers, share, monetary, action``."""
    grouped = scored.groupby("segment")
    table = pd.DataFrame({"customers": grouped.size(), "monetary": grouped["monetary"].sum()})
    table = table.reindex([s for s in SEGMENT_PRIORITY if s in table.index]).rename_axis("segment").reset_index()
    table["share"] = table["customers"] / max(1, len(scored))
    table["action"] = table["segment"].map(SEGMENT_ACTIONS)
    return table[["segment", "customers", "share", "monetary", "action"]]


def build_segment_chart(summary: pd.DataFrame) -> alt.Chart:
    """Horizontal bars of customers per segment, in priority order, labelled with their share."""
    order = list(summary["segment"])
    data = summary.assign(label=[f"{c:,} ({s:.0%})" for c, s in zip(summary["customers"], summary["share"],
                                                                     strict=True)])
    base = alt.Chart(data).encode(
        y=alt.Y("segment:N", sort=order, title=None),
        x=alt.X("customers:Q", title="Customers"),
    )
    bars = base.mark_bar().encode(
        color=alt.Color("segment:N", sort=order, legend=None, scale=alt.Scale(scheme="tableau20")),
        tooltip=[alt.Tooltip("segment:N"), alt.Tooltip("customers:Q", format=","),
                 alt.Tooltip("share:Q", format=".0%"), alt.Tooltip("monetary:Q", format=",.0f")],
    )
    text = base.mark_text(align="left", dx=4).encode(text="label:N")
    return (bars + text).properties(title="Customers per RFM segment (priority order)", height=alt.Step(24))


def priority_list(scored: pd.DataFrame) -> pd.DataFrame:
    """The export: one row per account or customer in priority order, with owner and action."""
    table = scored.copy()
    table.insert(0, "rank", range(1, len(table) + 1))
    table["action"] = table["segment"].map(SEGMENT_ACTIONS)
    columns = ["rank", "customer_id", "customer_name", "owner", "segment", "recency_days", "frequency",
               "monetary", "r", "f", "m", "action"]
    return table[[c for c in columns if c in table.columns]]


def to_csv_bytes(frame: pd.DataFrame) -> bytes:
    """The priority list as a spreadsheet-safe CSV."""
    return spreadsheet_safety.to_csv_bytes(frame)
