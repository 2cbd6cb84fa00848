"""Customer measures: churn and retention, revenue per customer, lifetime value, CAC, NPS, CSAT.

Each function returns a :class:`Measured`: a value, the number of records it rests on and a
note saying how it was computed, or, when the value is None, why the data cannot support it.
Sources are tried from the most to the least precise:

- churn and retention: a transactions log (customers who bought in the year before last and
  again in the last year), else renewal deals closed in the last year (lost / closed), else
  account status (former customers / customers ever; all time, so not a yearly rate);
- revenue per customer: the last 365 days of won deals (or net orders) per buying customer;
- lifetime value: revenue per customer per year / yearly churn rate (gross revenue, not margin);
- CAC: the sales and marketing spend the workspace entered / customers won for the first time
  in the same period;
- NPS and CSAT: a survey column (header naming NPS, "recommend", CSAT or satisfaction) in any
  imported table. NPS = % promoters (9-10) - % detractors (0-6) on a 0-10 scale; CSAT = share of
  satisfied answers (4-5 on a 1-5 scale, 8-10 on a 0-10 scale, 80+ on a 0-100 scale).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd

from crm_core.audit.pipeline.deals import PipelineConfig
from crm_core.schema import CUSTOM_PREFIX

YEAR = pd.Timedelta(days=365)
FORMER_WORDS = ("former", "churn", "ex-customer", "ex customer", "cancel", "lost customer", "inactive customer",
                "past customer")
CUSTOMER_WORDS = ("customer", "client", "churned", "cancelled")
NPS_WORDS = ("nps", "net promoter", "recommend")
CSAT_WORDS = ("csat", "satisfaction", "satisfied")


@dataclass(frozen=True)
class Measured:
    value: float | None
    n: int
    note: str
    source: str = ""


def _unsupported(reason: str, n: int = 0) -> Measured:
    return Measured(None, n, reason)


def account_status_churn(accounts: pd.DataFrame | None) -> Measured:
    """Former customers / (current + former customers), from account type or lifecycle stage."""
    if accounts is None or accounts.empty:
        return _unsupported("no accounts imported")
    for column in ("account_type", "lifecycle_stage"):
        if column not in accounts.columns:
            continue
        status = accounts[column].astype("string").str.casefold().fillna("")
        former = status.apply(lambda s: any(w in s for w in FORMER_WORDS)).astype(bool)
        customer = status.apply(lambda s: any(w in s for w in CUSTOMER_WORDS)).astype(bool) | former
        if former.any() and customer.sum():
            return Measured(float(former.sum() / customer.sum()), int(customer.sum()),
                            f"former customers / all customers ever, from the accounts' {column} (all time, "
                            "not a yearly rate)", "account status")
    return _unsupported("no account status tells current from former customers")


def renewal_churn(prepared: pd.DataFrame, *, as_of: date) -> Measured:
    """Lost renewals / renewals closed in the last 365 days (a yearly churn rate)."""
    end = pd.Timestamp(as_of)
    renewals = prepared[prepared["is_renewal"] & prepared["outcome"].isin(["won", "lost"])
                        & prepared["close"].between(end - YEAR, end)]
    if renewals.empty:
        return _unsupported("no renewal deals closed in the last 365 days")
    lost = int((renewals["outcome"] == "lost").sum())
    return Measured(lost / len(renewals), len(renewals),
                    "lost renewals / renewal deals closed in the last 365 days", "renewals")


def transaction_retention(orders: pd.DataFrame, *, as_of: date) -> Measured:
    """Share of customers who bought in the year before last and bought again in the last year."""
    end = pd.Timestamp(as_of)
    bought = orders[orders["is_order"]]
    before = set(bought.loc[bought["day"].between(end - 2 * YEAR, end - YEAR, inclusive="left"), "customer_id"])
    if not before:
        return _unsupported("the transactions do not cover the year before last")
    again = set(bought.loc[bought["day"].between(end - YEAR, end, inclusive="left"), "customer_id"])
    return Measured(len(before & again) / len(before), len(before),
                    "customers who bought in the year before last and again in the last year / "
                    "customers who bought in the year before last", "transactions")


def churn_and_retention(prepared: pd.DataFrame, orders: pd.DataFrame | None, accounts: pd.DataFrame | None,
                        *, as_of: date) -> tuple[Measured, Measured]:
    """(churn, retention) from the most precise source the data has (see the module doc)."""
    tried = []
    if orders is not None and len(orders):
        retention = transaction_retention(orders, as_of=as_of)
        if retention.value is not None:
            return Measured(1 - retention.value, retention.n, "1 - retention: " + retention.note,
                            retention.source), retention
        tried.append(retention.note)
    for measure in (renewal_churn(prepared, as_of=as_of), account_status_churn(accounts)):
        if measure.value is not None:
            return measure, Measured(1 - measure.value, measure.n, "1 - churn: " + measure.note, measure.source)
        tried.append(measure.note)
    reason = "; ".join(tried)
    return _unsupported(reason), _unsupported(reason)


def revenue_per_customer(prepared: pd.DataFrame, orders: pd.DataFrame | None, *, as_of: date) -> Measured:
    """Revenue of the last 365 days / customers who bought in them."""
    end = pd.Timestamp(as_of)
    if orders is not None and len(orders):
        recent = orders[orders["day"].between(end - YEAR, end, inclusive="left")]
        buyers = recent.loc[recent["is_order"], "customer_id"].nunique()
        if buyers:
            return Measured(float(recent["amount"].sum() / buyers), int(buyers),
                            "net revenue of the last 365 days / customers who bought in them", "transactions")
    won = prepared[(prepared["outcome"] == "won") & prepared["close"].between(end - YEAR, end)]
    won = won.dropna(subset=["amount"])
    key = won["account_id"].fillna(won["account_name"])
    if key.notna().sum() == 0:
        return _unsupported("no won deal with an amount and an account in the last 365 days")
    return Measured(float(won.loc[key.notna(), "amount"].sum() / key.nunique()), int(key.nunique()),
                    "won revenue of the last 365 days / accounts with a won deal in them", "deals")


def lifetime_value(arpc: Measured, churn: Measured) -> Measured:
    """Yearly revenue per customer / yearly churn rate."""
    if arpc.value is None:
        return _unsupported(f"revenue per customer is unknown ({arpc.note})")
    if churn.value is None:
        return _unsupported(f"churn is unknown ({churn.note})")
    if churn.source == "account status":
        return _unsupported("churn comes from account status (all time), not a yearly rate")
    if churn.value <= 0:
        return _unsupported("no customer churned in the last year, so the lifetime is unbounded")
    return Measured(arpc.value / churn.value, arpc.n,
                    f"revenue per customer per year / yearly churn ({churn.source}); gross revenue, not margin",
                    arpc.source)


def acquisition_cost(prepared: pd.DataFrame, orders: pd.DataFrame | None, *, as_of: date,
                     config: PipelineConfig) -> Measured:
    """Spend entered for the last ``spend_days`` / customers won for the first time in them."""
    if config.acquisition_spend is None:
        return _unsupported("enter the sales and marketing spend in the KPI settings to compute CAC")
    end = pd.Timestamp(as_of)
    start = end - pd.Timedelta(days=config.spend_days)
    if orders is not None and len(orders):
        first = orders[orders["is_order"]].groupby("customer_id")["day"].min()
        source = "transactions"
    else:
        won = prepared[(prepared["outcome"] == "won") & prepared["close"].notna()]
        first = won.groupby(won["account_id"].fillna(won["account_name"]))["close"].min()
        source = "deals"
    if first.empty or first.min() >= start:
        return _unsupported(f"the {source} do not reach back before the spend period, so every customer "
                            "would look new")
    new = int(first.between(start, end).sum())
    if not new:
        return _unsupported(f"no new customer in the last {config.spend_days} days")
    return Measured(config.acquisition_spend / new, new,
                    f"spend of the last {config.spend_days} days / customers won for the first time in them",
                    source)


def _survey_columns(tables: Mapping[str, pd.DataFrame], words: tuple[str, ...]) -> list[tuple[str, pd.Series]]:
    found = []
    for entity, frame in sorted(tables.items()):
        if frame is None:
            continue
        for column in frame.columns:
            header = column[len(CUSTOM_PREFIX):] if column.startswith(CUSTOM_PREFIX) else ""
            lowered = header.casefold()
            if header and any(w in lowered for w in words):
                values = pd.to_numeric(frame[column].astype("string").str.strip().str.rstrip("%"), errors="coerce")
                if values.notna().any():
                    found.append((f"{entity}.{header}", values.dropna().astype("float64")))
    return found


def survey_score(tables: Mapping[str, pd.DataFrame], kind: str) -> Measured:
    """NPS (``kind="nps"``, in points) or CSAT (``"csat"``, a fraction) from a survey column."""
    columns = _survey_columns(tables, NPS_WORDS if kind == "nps" else CSAT_WORDS)
    if kind == "csat":  # a column already taken as NPS is not a satisfaction score
        columns = [(n, v) for n, v in columns if not any(w in n.casefold() for w in NPS_WORDS)]
    if not columns:
        return _unsupported(f"no {'NPS' if kind == 'nps' else 'satisfaction (CSAT)'} survey column in the exports")
    name, values = max(columns, key=lambda pair: len(pair[1]))
    if kind == "nps":
        if values.min() < 0 or values.max() > 10:
            return _unsupported(f"{name} has values outside 0-10, so it is not a likelihood-to-recommend score",
                                len(values))
        nps = 100 * ((values >= 9).mean() - (values <= 6).mean())
        return Measured(float(nps), len(values), f"% promoters (9-10) - % detractors (0-6) in {name}", "survey")
    top = values.max()
    cut, scale = (4, "1-5") if top <= 5 else (8, "0-10") if top <= 10 else (80, "0-100") if top <= 100 else (None, "")
    if cut is None:
        return _unsupported(f"{name} is not on a 1-5, 0-10 or 0-100 scale", len(values))
    return Measured(float(np.mean(values >= cut)), len(values),
                    f"share of answers {cut} or more on the {scale} scale of {name}", "survey")
