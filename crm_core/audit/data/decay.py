"""Decay and timeliness: what has gone quiet, what bounced, and how much is likely out of date.

METHOD 4b: 30-70% of customer data decays every year (people change job, email, phone). The
estimate treats each contact's data as last confirmed at its last activity or contact (else its
creation, else :attr:`DataAuditConfig.unknown_age_years` ago) and decaying at a constant yearly
rate ``r``: the chance it is out of date after ``t`` years is ``1 - (1 - r) ** t``. Summed over
contacts at ``r`` = 30% and 70%, that gives a low and a high estimate of obsolete contacts today.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd

from crm_core.audit.data.collector import Collector
from crm_core.audit.data.checks import spec
from crm_core.audit.data.config import DataAuditConfig
from crm_core.findings import Finding, Severity
from crm_core.schema import TEXT_SUFFIX

TOUCH_FIELDS = ("last_activity_at", "last_contacted_at", "updated_at", "created_at")
VERIFIED_FIELDS = ("last_activity_at", "last_contacted_at")
DAYS_PER_YEAR = 365.25


@dataclass(frozen=True)
class DecayEstimate:
    contacts: int
    low: int
    high: int
    low_rate: float
    high_rate: float
    median_age_years: float
    assumption: str


def _days(table: pd.DataFrame, names: tuple[str, ...]) -> pd.Series:
    """The latest calendar day among ``names`` for every row (NaT where all are empty)."""
    found = [pd.to_datetime(table[name], errors="coerce").dt.normalize() for name in names if name in table.columns]
    if not found:
        return pd.Series(pd.NaT, index=table.index, dtype="datetime64[ns]")
    return pd.concat(found, axis=1).max(axis=1)


def estimate_decay(contacts: pd.DataFrame, as_of: date, config: DataAuditConfig) -> DecayEstimate:
    today = pd.Timestamp(as_of)
    verified = _days(contacts, VERIFIED_FIELDS).fillna(_days(contacts, ("created_at",)))
    age = ((today - verified).dt.days / DAYS_PER_YEAR).clip(lower=0)
    years = age.fillna(config.unknown_age_years).to_numpy(dtype=float)
    low = float(np.sum(1 - (1 - config.decay_low) ** years))
    high = float(np.sum(1 - (1 - config.decay_high) ** years))
    assumption = (f"Each contact's data was right at its last activity or contact (else at creation; "
                  f"{int(age.isna().sum()):,} with no date at all assumed {config.unknown_age_years:g} year old) and "
                  f"decays at a constant {config.decay_low:.0%}-{config.decay_high:.0%} a year (METHOD: 30-70%).")
    return DecayEstimate(len(contacts), round(low), round(high), config.decay_low, config.decay_high,
                         float(np.median(years)) if len(years) else 0.0, assumption)


def check_decay(tables: dict[str, pd.DataFrame], as_of: date, config: DataAuditConfig,
                collector: Collector) -> DecayEstimate | None:
    cutoff = pd.Timestamp(as_of) - pd.DateOffset(months=config.stale_months)
    for entity in ("contacts", "accounts"):
        table = tables.get(entity)
        if table is None:
            continue
        last = _days(table, TOUCH_FIELDS)
        collector.flag("DATA.STALE_RECORDS", entity, last.lt(cutoff).fillna(False), field="last_activity_at",
                       values=last.dt.strftime("%Y-%m-%d"))
    collector.describe("DATA.STALE_RECORDS", f"No activity, contact, update or creation since {cutoff:%Y-%m-%d} "
                       f"({config.stale_months} months before the audit date).")
    contacts = tables.get("contacts")
    if contacts is None:
        return None
    for name in ("email_bounced_at",):
        if name in contacts.columns:
            text = contacts.get(name + TEXT_SUFFIX)
            bounced = contacts[name].notna() | (text.notna() if text is not None else False)
            collector.flag("DATA.EMAIL_BOUNCED", "contacts", bounced, field=name,
                           values=text if text is not None else contacts[name])
    for name in ("unsubscribed", "email_opt_out"):
        if name in contacts.columns:
            collector.flag("DATA.EMAIL_UNSUBSCRIBED", "contacts", contacts[name].fillna(False).astype(bool), field=name)
    estimate = estimate_decay(contacts, as_of, config)
    item = spec("DATA.DECAY_ESTIMATE")
    share = estimate.low / estimate.contacts if estimate.contacts else 0.0
    collector.add_finding(Finding(
        code=item.code, severity=item.severity if share >= 0.2 else Severity.LOW, title=item.title,
        affected_count=estimate.low,
        evidence={"contacts": estimate.contacts, "low estimate": estimate.low, "high estimate": estimate.high,
                  "low rate": estimate.low_rate, "high rate": estimate.high_rate,
                  "median years since last confirmed": round(estimate.median_age_years, 1)},
        recommendation_code=item.recommendation,
        detail=f"Between {estimate.low:,} and {estimate.high:,} of {estimate.contacts:,} contacts are likely out of "
               f"date today. {estimate.assumption}",
    ))
    return estimate
