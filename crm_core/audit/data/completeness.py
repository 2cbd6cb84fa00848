"""Completeness: how full the fields that matter are, per field and per record, by weight.

A cell counts as filled when it holds a real value: empty cells and placeholders typed to get
past a required field (``n/a``, ``-``, ``unknown``, ``test``, ``asdf``, ``0000000000``,
``noemail@...``) count as missing. Placeholders are found on the distinct values of each
column and mapped back, so a million rows cost a few ``isin`` calls.

Weights (``DataAuditConfig.weights``, documented in ``data_config``) say how much each field
matters; fields absent from an export are not scored (and listed when they weigh 3).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from crm_core.audit.data.collector import Collector
from crm_core.audit.data.checks import spec
from crm_core.audit.data.config import SCORED_ENTITIES, DataAuditConfig
from crm_core.findings import Finding
from crm_core.schema import fields_for

TEXT_KINDS = frozenset({"text", "name", "category", "country", "state", "postal_code", "url", "email", "phone"})
PLACEHOLDER_EMAIL_LOCALS = ("noemail", "no-email", "no.email", "no_email", "none", "no", "na", "n/a", "test",
                            "unknown", "nobody", "null", "noname", "dummy", "fake", "asdf", "xxx")
PLACEHOLDER_EMAIL_DOMAINS = ("example.com", "example.org", "example.net", "test.com", "domain.com", "email.com")
FILL_RATE_COLUMNS = ("entity", "field", "label", "weight", "records", "filled", "placeholders", "fill_rate")


def canonical_fields(table: pd.DataFrame, entity: str) -> list[tuple[str, str, str]]:
    """``(field, kind, label)`` of the canonical fields present in ``table``, in schema order."""
    return [(spec.name, spec.kind, spec.label) for spec in fields_for(entity) if spec.name in table.columns]


def _distinct_placeholders(uniques: pd.Series, kind: str, placeholders: tuple[str, ...]) -> np.ndarray:
    """Which of the distinct values are placeholders (vectorised over the distinct values)."""
    folded = pa.array(uniques.str.strip().str.casefold(), type=pa.large_string())
    listed = pa.array(list(placeholders), type=pa.large_string())
    found = pc.is_in(folded, value_set=listed).to_numpy(zero_copy_only=False)
    punctuation = pc.match_substring_regex(folded, pattern=r"^[\p{P}\p{S}\s]+$").fill_null(False)
    found |= punctuation.to_numpy(zero_copy_only=False)
    if kind == "email":
        parts = pc.extract_regex(folded, pattern=r"^(?P<local>[^@]*)@(?P<domain>.*)$")
        local, domain = pc.struct_field(parts, "local"), pc.struct_field(parts, "domain")
        for part, listed in ((local, PLACEHOLDER_EMAIL_LOCALS), (domain, PLACEHOLDER_EMAIL_DOMAINS)):
            hit = pc.is_in(part, value_set=pa.array(listed, type=pa.large_string())).fill_null(False)
            found |= hit.to_numpy(zero_copy_only=False)
    if kind == "phone":
        digits = pc.replace_substring_regex(folded, pattern=r"\D", replacement="")
        same = pc.is_in(digits, value_set=pa.array(_repeated_digit_runs(), type=pa.large_string()))
        found |= same.fill_null(False).to_numpy(zero_copy_only=False)
    return np.asarray(found, dtype=bool)


def _repeated_digit_runs() -> list[str]:
    runs = [digit * length for digit in "0123456789" for length in range(5, 16)]
    return runs + ["1234567890", "0123456789", "123456789", "12345678", "1234567"]


def find_placeholders(table: pd.DataFrame, entity: str, config: DataAuditConfig) -> dict[str, pd.Series]:
    """field -> boolean mask of the cells that hold a placeholder (only fields that have one)."""
    masks: dict[str, pd.Series] = {}
    for name, kind, _label in canonical_fields(table, entity):
        if kind not in TEXT_KINDS:
            continue
        column = table[name]
        uniques = pd.Series(column.dropna().unique(), dtype="string")
        if uniques.empty:
            continue
        bad = uniques[_distinct_placeholders(uniques, kind, config.placeholders)]
        if len(bad):
            masks[name] = column.isin(bad.tolist()).fillna(False).astype(bool)
    return masks


def without_placeholders(table: pd.DataFrame, masks: dict[str, pd.Series]) -> pd.DataFrame:
    """The table with placeholder cells emptied (other columns are shared, not copied)."""
    if not masks:
        return table
    cleaned = table.copy(deep=False)
    for name, mask in masks.items():
        cleaned[name] = table[name].mask(mask)
    return cleaned


def fill_rates(
    df: pd.DataFrame, entity: str = "contacts", *, weights: dict[str, float] | None = None,
    placeholders: dict[str, pd.Series] | None = None,
) -> pd.DataFrame:
    """Fill rate of every canonical field present in ``df``.

    Input: a canonical table (placeholder cells may still be in it: pass their masks).
    Output columns: ``entity, field, label, weight, records, filled, placeholders, fill_rate``
    (fill_rate 0..1, filled excludes placeholders), most important fields first.
    """
    weights = weights if weights is not None else DataAuditConfig().weights.get(entity, {})
    placeholders = placeholders or {}
    rows = []
    records = len(df)
    for name, _kind, label in canonical_fields(df, entity):
        if name == "record_id":
            continue
        present = int(df[name].notna().sum())
        fake = int(placeholders[name].sum()) if name in placeholders else 0
        filled = present - fake
        rows.append((entity, name, label, float(weights.get(name, 0.0)), records, filled, fake,
                     filled / records if records else 0.0))
    rates = pd.DataFrame(rows, columns=list(FILL_RATE_COLUMNS))
    return rates.sort_values(["weight", "fill_rate"], ascending=[False, True], kind="stable").reset_index(drop=True)


def record_fill(clean: pd.DataFrame, entity: str, weights: dict[str, float]) -> np.ndarray:
    """Weighted fill of every record, 0..1: sum of the weights of its filled fields over the sum
    of the weights of the exported fields (1.0 where no exported field carries weight)."""
    scored = [(name, weights.get(name, 0.0)) for name, _k, _l in canonical_fields(clean, entity)
              if weights.get(name, 0.0) > 0 and name != "record_id"]
    total = sum(weight for _name, weight in scored)
    if not total:
        return np.ones(len(clean))
    filled = np.zeros(len(clean))
    for name, weight in scored:
        filled += weight * clean[name].notna().to_numpy()
    return filled / total


def check_completeness(
    tables: dict[str, pd.DataFrame], clean: dict[str, pd.DataFrame], masks: dict[str, dict[str, pd.Series]],
    config: DataAuditConfig, collector: Collector,
) -> tuple[pd.DataFrame, dict[str, np.ndarray]]:
    """Flag placeholders, empty important fields and sparse records; return the fill-rate table
    (every scored entity) and each record's weighted fill (for the completeness score)."""
    rates, fills, absent = [], {}, []
    for entity in SCORED_ENTITIES:
        if entity not in tables:
            continue
        table, weights = tables[entity], config.weights.get(entity, {})
        for name, mask in masks.get(entity, {}).items():
            collector.flag("DATA.PLACEHOLDER_VALUES", entity, mask, field=name, values=table[name], suggestions="")
        for name, _kind, _label in canonical_fields(table, entity):
            if weights.get(name, 0.0) >= 3 and name != "record_id":
                collector.flag("DATA.MISSING_KEY_FIELDS", entity, clean[entity][name].isna(), field=name)
        absent += [f"{entity}.{name}" for name, weight in weights.items() if weight >= 3 and name not in table.columns]
        rates.append(fill_rates(table, entity, weights=weights, placeholders=masks.get(entity)))
        fills[entity] = record_fill(clean[entity], entity, weights)
        collector.flag("DATA.SPARSE_RECORDS", entity, fills[entity] < config.sparse_record_fill, field="*",
                       values=pd.Series((fills[entity] * 100).round().astype(int).astype(str) + "% filled"))
    collector.describe("DATA.SPARSE_RECORDS", f"Weighted fill below {config.sparse_record_fill:.0%} of the "
                       "fields that matter (weights on the page).")
    collector.describe("DATA.PLACEHOLDER_VALUES", "Values such as n/a, -, unknown, test, asdf, 0000000000 or "
                       "noemail@... count as missing; the suggestion is to empty the cell.")
    if absent:
        item = spec("DATA.FIELDS_NOT_EXPORTED")
        collector.add_finding(Finding(
            code=item.code, severity=item.severity, title=item.title, affected_count=0,
            evidence={"fields": ", ".join(absent)}, recommendation_code=item.recommendation,
            detail="These high-weight fields are not in the exports, so they are not scored: "
                   "export them too if the CRM has them.",
        ))
    table = pd.concat(rates, ignore_index=True) if rates else pd.DataFrame(columns=list(FILL_RATE_COLUMNS))
    return table, fills
