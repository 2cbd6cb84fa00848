"""Formatting consistency: case, stray spaces and mixed phone formats.

- Person names typed all in capitals or all in lower case (``JOHN``, ``smith``); scripts
  without case (Chinese, Arabic...) are never flagged. The suggestion is the name in title
  case, keeping ``O'Neill`` and ``Jean-Luc`` intact.
- Text with doubled spaces inside (``Acme  Ltd``); the suggestion has single spaces.
- Email addresses with capitals where the column is otherwise lower case; suggestion lower case.
- Domestic phone numbers (of the record's own country) written in another format than the one
  most used for that country in the column (``415.555.0100`` among ``(415) 555-0100``); numbers
  of another country are expected in international form. The suggestion is E.164.
"""

from __future__ import annotations

import pandas as pd
import phonenumbers

from crm_core.audit.data.collector import Collector
from crm_core.audit.data.phones import format_class
from crm_core.schema import fields_for

NAME_FIELDS = {"contacts": ("first_name", "last_name", "middle_name", "full_name")}
SPACED_KINDS = ("text", "name", "category", "state", "country")


def _title(text: str) -> str:
    return "".join(part.capitalize() if part.isalpha() else part for part in _split_keep(text))


def _split_keep(text: str) -> list[str]:
    parts, current = [], ""
    for char in text:
        if char.isalpha():
            current += char
        else:
            if current:
                parts.append(current)
            parts.append(char)
            current = ""
    if current:
        parts.append(current)
    return parts


def _badly_cased(value: str) -> bool:
    letters = [c for c in value if c.isalpha()]
    if len(letters) < 2 or not any(c.isupper() or c.islower() for c in letters):
        return False
    return value.isupper() or value.islower()


def check_formatting(clean: dict[str, pd.DataFrame], phones: dict[tuple[str, str], pd.DataFrame],
                     countries: dict[str, pd.Series], collector: Collector) -> None:
    for entity, names in NAME_FIELDS.items():
        table = clean.get(entity)
        if table is None:
            continue
        for name in names:
            if name not in table.columns:
                continue
            distinct = table[name].dropna().unique()
            fixes = {value: _title(value) for value in distinct if _badly_cased(value)}  # per distinct value
            if fixes:
                mask = table[name].isin(list(fixes)).fillna(False)
                collector.flag("DATA.FORMAT_INCONSISTENT", entity, mask, field=name, values=table[name],
                               suggestions=fixes)
    for entity, table in clean.items():
        if entity in ("users", "activities"):
            continue
        for spec in fields_for(entity):
            if spec.name not in table.columns:
                continue
            column = table[spec.name]
            if spec.kind in SPACED_KINDS:
                spaced = column.str.contains("  ", regex=False).fillna(False)
                if spaced.any():
                    collector.flag("DATA.FORMAT_INCONSISTENT", entity, spaced, field=spec.name, values=column,
                                   suggestions=column.where(spaced).str.replace(r"\s+", " ", regex=True).str.strip())
            if spec.kind == "email":
                upper = column.str.contains(r"[A-Z]", regex=True).fillna(False)
                if 0 < upper.sum() < 0.5 * column.notna().sum():
                    collector.flag("DATA.FORMAT_INCONSISTENT", entity, upper, field=spec.name, values=column,
                                   suggestions=column.where(upper).str.lower())
    for (entity, name), verdicts in phones.items():
        column = clean[entity][name]
        regions = countries.get(entity, pd.Series(pd.NA, index=column.index, dtype="string"))
        valid = (verdicts["status"] == "valid").fillna(False)
        domestic = pd.Series(False, index=column.index)
        for region in regions[valid].dropna().unique():
            prefix = f"+{phonenumbers.country_code_for_region(region)}"
            here = (regions == region).fillna(False) & verdicts["e164"].str.startswith(prefix).fillna(False)
            domestic |= valid & here
        classes = format_class(column.where(domestic))
        usual = pd.DataFrame({"region": regions, "format": classes})[domestic].groupby("region")["format"].agg(
            lambda f: f.value_counts().index[0])
        odd = domestic & (classes != regions.map(usual)).fillna(False)
        collector.flag("DATA.PHONE_FORMAT_MIXED", entity, odd, field=name, values=column, suggestions=verdicts["e164"])
        if odd.any():
            collector.note("DATA.PHONE_FORMAT_MIXED", **{f"{entity}.{name} formats": int(classes[domestic].nunique())})
    collector.describe("DATA.FORMAT_INCONSISTENT", "Names in all capitals or all lower case, doubled spaces, "
                       "capitals in an otherwise lower-case email column.")
    collector.describe("DATA.PHONE_FORMAT_MIXED", "Domestic numbers written differently from the format most used for "
                       "numbers of that country; the suggestion is E.164 (+441234567890), one format for all.")
