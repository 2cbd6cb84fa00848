"""Reference vocabularies for picklist fields, and the check of a column's values against one.

The standard lists (a common industry list, the lifecycle stages, the usual deal stages of the
big CRMs and the lead sources of Salesforce and HubSpot) are data in ``data/picklists.csv``:
``vocabulary, value, alias_of``. An alias (``MQL``) is a known other spelling of a value. A
workspace can give its own list for any field (``DataAuditConfig.picklists``): its values are the
only right ones. A standard list only says which of a column's values mean the same thing.

Each distinct value is classified once (see :func:`classify_values`); variants, misspellings and
unknown values come with the closest valid value as the suggestion, even when the misspelling
is the only spelling in the file.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

import pandas as pd
from rapidfuzz import fuzz, process

from crm_core.audit.geography import lookup_key, read_data_rows

MISSPELLING_SCORE = 85
MIN_FUZZY_LENGTH = 4
# Which standard vocabulary applies to which (entity, field).
FIELD_VOCABULARIES: dict[tuple[str, str], str] = {
    ("accounts", "industry"): "industry",
    ("contacts", "lifecycle_stage"): "lifecycle_stage",
    ("accounts", "lifecycle_stage"): "lifecycle_stage",
    ("deals", "stage"): "deal_stage",
    ("contacts", "lead_source"): "lead_source",
    ("deals", "lead_source"): "lead_source",
}


@lru_cache(maxsize=1)
def standard_vocabularies() -> dict[str, dict[str, str]]:
    """vocabulary -> {spelling: canonical value}; the canonical values map to themselves."""
    vocabularies: dict[str, dict[str, str]] = {}
    for row in read_data_rows("picklists.csv"):
        vocabularies.setdefault(row["vocabulary"], {})[row["value"]] = row["alias_of"] or row["value"]
    return vocabularies


def own_vocabulary(entity: str, field: str, picklists: dict[str, list[str]] | None = None) -> dict[str, str] | None:
    """The workspace's own list for ``entity.field`` (every value is judged against it), or None."""
    own = (picklists or {}).get(f"{entity}.{field}")
    return {value: value for value in own} if own else None


def standard_vocabulary(entity: str, field: str) -> dict[str, str] | None:
    """The standard vocabulary for ``entity.field`` (spelling -> canonical value), or None. It
    tells which of a column's values mean the same; it does not judge the export's own words."""
    name = FIELD_VOCABULARIES.get((entity, field))
    return dict(standard_vocabularies()[name]) if name else None


def classify_values(values: Iterable[str], vocabulary: dict[str, str]) -> pd.DataFrame:
    """One row per distinct value: ``value, status, canonical``.

    ``status``: *canonical* (written exactly as the list writes it), *variant* (the same value
    written another way: other case or punctuation, or a known alias such as ``MQL``),
    *misspelled* (within a few typing errors of a listed value) or *unknown*. ``canonical`` is
    the listed value to write instead; for unknown values the closest listed value, as a hint
    (None when nothing in the list is similar at all).
    """
    exact = {lookup_key(spelling): canonical for spelling, canonical in vocabulary.items()}
    targets = {key: canonical for key, canonical in exact.items() if len(key) >= MIN_FUZZY_LENGTH} or exact
    choices = list(targets)
    rows = []
    for value in dict.fromkeys(values):
        key = lookup_key(value)
        if key in exact:
            rows.append((value, "canonical" if value == exact[key] else "variant", exact[key]))
            continue
        best = process.extractOne(key, choices, scorer=fuzz.ratio) if choices and key else None
        if best is None:
            rows.append((value, "unknown", None))
            continue
        match, score, _ = best
        close = score >= MISSPELLING_SCORE and len(key) >= MIN_FUZZY_LENGTH
        rows.append((value, "misspelled" if close else "unknown", targets[match]))
    return pd.DataFrame(rows, columns=["value", "status", "canonical"]).astype("string")
