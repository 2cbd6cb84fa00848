"""Countries, states and postal codes checked against ISO 3166 (pycountry), on distinct values.

A column of a million countries holds a few dozen distinct spellings, so every function here
works on the distinct values and returns a small lookup table that callers map back onto rows.
A value is *known* when it is an ISO name, official or common name, alpha-2 or alpha-3 code, or
a common alias (``UK``, ``USA``, ``Deutschland``: ``data/country_aliases.csv``); *misspelled*
when it is within a few typing errors of one of those; otherwise *unknown*, with the closest
name as a hint. States and regions are looked up among the subdivisions of the record's
country (ISO 3166-2), so ``CA`` is California in the United States and nothing in France.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from functools import lru_cache
from importlib import resources

import pandas as pd
import pycountry
from rapidfuzz import fuzz, process

MISSPELLING_SCORE = 85  # rapidfuzz ratio (0-100) from which a value is a misspelling of a name
MIN_FUZZY_LENGTH = 4  # shorter values (codes) are never "misspelled", only known or unknown
LOOKUP_COLUMNS = ("value", "code", "status", "suggestion")

# ISO 3166-1 alpha-2 -> postal code pattern (RE2 syntax, matched case-insensitively on the
# whole value). Countries not listed are not checked.
POSTCODE_PATTERNS: dict[str, str] = {
    "US": r"\d{5}(?:-\d{4})?",
    "CA": r"[ABCEGHJ-NPRSTVXY]\d[ABCEGHJ-NPRSTV-Z] ?\d[ABCEGHJ-NPRSTV-Z]\d",
    "GB": r"(?:[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2}|GIR ?0AA)",
    "IE": r"(?:[AC-FHKNPRTV-Y]\d{2}|D6W) ?[0-9AC-FHKNPRTV-Y]{4}",
    "DE": r"\d{5}", "FR": r"\d{5}", "IT": r"\d{5}", "ES": r"\d{5}", "FI": r"\d{5}",
    "MX": r"\d{5}", "NL": r"\d{4} ?[A-Z]{2}", "AU": r"\d{4}", "NZ": r"\d{4}", "AT": r"\d{4}",
    "BE": r"\d{4}", "CH": r"\d{4}", "DK": r"\d{4}", "NO": r"\d{4}", "HU": r"\d{4}",
    "LU": r"(?:L-)?\d{4}", "SE": r"\d{3} ?\d{2}", "CZ": r"\d{3} ?\d{2}", "SK": r"\d{3} ?\d{2}",
    "PL": r"\d{2}-\d{3}", "PT": r"\d{4}-\d{3}", "JP": r"\d{3}-?\d{4}", "IN": r"\d{6}",
    "SG": r"\d{6}", "BR": r"\d{5}-?\d{3}",
}
# Countries whose postal codes are all digits of one length, so a code that lost its leading
# zeros in a spreadsheet (02108 -> 2108) can be repaired.
ZERO_PADDED_POSTCODES = {"US": 5, "DE": 5, "FR": 5, "IT": 5, "ES": 5, "FI": 5, "MX": 5}


def lookup_key(text: str) -> str:
    """The comparison form of a name: accents, case, dots and apostrophes removed, other
    punctuation turned into spaces (``U.S.A.`` -> ``usa``, ``Côte d'Ivoire`` -> ``cote divoire``)."""
    plain = unicodedata.normalize("NFKD", str(text))
    plain = "".join(ch for ch in plain if not unicodedata.combining(ch)).casefold()
    plain = re.sub(r"[.'’`]", "", plain)
    plain = re.sub(r"[^\w]+|_", " ", plain)
    return " ".join(plain.split())


def read_data_rows(name: str) -> list[dict[str, str]]:
    text = (resources.files("crm_core") / "data" / name).read_text(encoding="utf-8")
    return list(csv.DictReader(text.splitlines()))


def country_name(alpha_2: str) -> str:
    """The name to write for a country: ISO's common name where it has one, else its name."""
    country = pycountry.countries.get(alpha_2=alpha_2)
    return getattr(country, "common_name", None) or country.name if country else alpha_2


@lru_cache(maxsize=1)
def _country_keys() -> dict[str, str]:
    """lookup key -> alpha-2, from every ISO name and code plus the alias file."""
    keys: dict[str, str] = {}
    for country in pycountry.countries:
        for attribute in ("alpha_2", "alpha_3", "name", "official_name", "common_name"):
            value = getattr(country, attribute, None)
            if value:
                keys.setdefault(lookup_key(value), country.alpha_2)
    for row in read_data_rows("country_aliases.csv"):
        keys.setdefault(lookup_key(row["alias"]), row["alpha_2"])
    return keys


@lru_cache(maxsize=1)
def _country_names() -> dict[str, str]:
    """lookup key of a full name (not codes) -> alpha-2: the targets of fuzzy matching."""
    return {key: code for key, code in _country_keys().items() if len(key) >= MIN_FUZZY_LENGTH}


def _classify(key: str, exact: dict[str, str], names: dict[str, str]) -> tuple[str | None, str, str | None]:
    """(code, status, suggested code) of one lookup key against a table of known keys."""
    if key in exact:
        return exact[key], "known", None
    choices = list(names)
    if not choices or not key:
        return None, "unknown", None
    best = process.extractOne(key, choices, scorer=fuzz.ratio)
    if best is None:
        return None, "unknown", None
    match, score, _ = best
    if score >= MISSPELLING_SCORE and len(key) >= MIN_FUZZY_LENGTH:
        return names[match], "misspelled", names[match]
    return None, "unknown", names[match]


def resolve_countries(values: pd.Series) -> pd.DataFrame:
    """One row per distinct non-empty value: ``value, code, status, suggestion``.

    ``code`` is the ISO alpha-2 code (also for misspellings, so that phones and states can
    still be read), ``status`` is known / misspelled / unknown, ``suggestion`` the country
    name to write instead (None for known values).
    """
    distinct = pd.Series(values.dropna().unique(), dtype="string")
    rows = []
    for value in distinct:
        code, status, suggested = _classify(lookup_key(value), _country_keys(), _country_names())
        rows.append((value, code, status, country_name(suggested) if suggested else None))
    return pd.DataFrame(rows, columns=list(LOOKUP_COLUMNS)).astype("string")


def country_codes(values: pd.Series, lookup: pd.DataFrame | None = None) -> pd.Series:
    """The ISO alpha-2 code of every row (NA where empty or unknown), mapped from distinct values."""
    lookup = resolve_countries(values) if lookup is None else lookup
    mapping = dict(zip(lookup["value"], lookup["code"]))
    return values.map(mapping).astype("string")


@lru_cache(maxsize=64)
def _subdivision_keys(alpha_2: str) -> tuple[dict[str, str], dict[str, str], dict[str, str]]:
    """For one country: (lookup key -> subdivision code, fuzzy-target keys, code -> name)."""
    exact: dict[str, str] = {}
    names: dict[str, str] = {}
    labels: dict[str, str] = {}
    for sub in pycountry.subdivisions.get(country_code=alpha_2) or ():
        label = re.sub(r"\s*\[.*?\]", "", sub.name).strip()
        labels[sub.code] = label
        readings = {sub.name, label, label.split(",")[0], sub.code, sub.code.split("-", 1)[1]}
        for reading in readings:
            exact.setdefault(lookup_key(reading), sub.code)
        for reading in (label, label.split(",")[0]):
            names.setdefault(lookup_key(reading), sub.code)
    for row in read_data_rows("subdivision_aliases.csv"):
        if row["country"] == alpha_2:
            exact.setdefault(lookup_key(row["alias"]), row["code"])
    return exact, names, labels


def has_subdivisions(alpha_2: str) -> bool:
    return bool(_subdivision_keys(alpha_2)[0])


def resolve_states(states: pd.Series, countries: pd.Series) -> pd.DataFrame:
    """One row per distinct (state, country code) pair where the country has ISO subdivisions:
    ``value, country, code, status, suggestion`` (suggestion: the subdivision's ISO name)."""
    pairs = pd.DataFrame({"value": states, "country": countries}).dropna().drop_duplicates()
    rows = []
    for value, country in pairs.itertuples(index=False):
        if not has_subdivisions(country):
            continue
        exact, names, labels = _subdivision_keys(country)
        code, status, suggested = _classify(lookup_key(value), exact, names)
        rows.append((value, country, code, status, labels.get(suggested) if suggested else None))
    return pd.DataFrame(rows, columns=["value", "country", "code", "status", "suggestion"]).astype("string")


def infer_state_countries(states: pd.Series, countries: pd.Series) -> pd.Series:
    """For rows with a state but no country: the country (among those of the column's other
    rows) that has a subdivision written exactly so; when several have one (``WA`` is
    Washington and Western Australia), the one whose subdivision the column uses most."""
    orphan = states.notna() & countries.isna()
    inferred = pd.Series(pd.NA, index=states.index, dtype="string")
    seen = [code for code in countries.dropna().unique() if has_subdivisions(code)]
    if not orphan.any() or not seen:
        return inferred
    placed = pd.DataFrame({"state": states, "country": countries})[states.notna() & countries.notna()]
    usage: dict[str, int] = {}
    for (value, country), count in placed.value_counts().items():
        code = _subdivision_keys(country)[0].get(lookup_key(value)) if has_subdivisions(country) else None
        if code:
            usage[code] = usage.get(code, 0) + int(count)
    guesses = {}
    for value in states[orphan].unique():
        hits = {code: _subdivision_keys(code)[0].get(lookup_key(value)) for code in seen}
        ranked = sorted(((usage.get(sub, 0), code) for code, sub in hits.items() if sub), reverse=True)
        unique_best = ranked and (len(ranked) == 1 or ranked[0][0] > ranked[1][0])
        guesses[value] = ranked[0][1] if unique_best else None
    return inferred.mask(orphan, states.map(guesses)).astype("string")


def subdivision_name(code: str) -> str | None:
    country = code.split("-", 1)[0]
    return _subdivision_keys(country)[2].get(code) if has_subdivisions(country) else None


def check_postcodes(postcodes: pd.Series, countries: pd.Series) -> pd.DataFrame:
    """Postal codes that do not fit their country's pattern, per distinct (code, country) pair:
    ``value, country, suggestion`` (suggestion: the code with its lost leading zeros restored,
    where that makes it valid)."""
    pairs = pd.DataFrame({"value": postcodes, "country": countries}).dropna().drop_duplicates()
    pairs = pairs[pairs["country"].isin(list(POSTCODE_PATTERNS))]
    bad = []
    for country, group in pairs.groupby("country", sort=True):
        pattern = re.compile(POSTCODE_PATTERNS[country], re.IGNORECASE)
        for value in group["value"]:
            if pattern.fullmatch(value.strip()):
                continue
            suggestion = None
            width = ZERO_PADDED_POSTCODES.get(country)
            if width and value.isdigit() and len(value) < width:
                suggestion = value.zfill(width)
            bad.append((value, country, suggestion))
    return pd.DataFrame(bad, columns=["value", "country", "suggestion"]).astype("string")
