"""Normalise the columns that identify a person or a company, once per distinct value.

Every function takes a column (a pandas Series of text) and returns the normalised column on
the same index, NA where nothing usable is left. Work is done on the column's distinct values
with pyarrow's vectorised string kernels and mapped back, so a million rows that hold a few
hundred thousand distinct values cost a few hundred thousand normalisations, not a million
Python calls. Letters of every script are kept: a Cyrillic, Greek, Chinese or Korean name is
lower-cased and stripped of accents like a Latin one, never emptied.

The word lists (nicknames, legal forms, street types, honorifics, free-mail providers) are
plain data in ``crm_core/dedupe/data/``.
"""

from __future__ import annotations

import csv
import re
from functools import lru_cache
from importlib import resources

import numpy as np
import pandas as pd
import phonenumbers
import pyarrow as pa
import pyarrow.compute as pc
import pycountry

TEXT = pd.StringDtype("pyarrow")
_SPECIAL_LETTERS = (("ø", "o"), ("ł", "l"), ("ß", "ss"), ("æ", "ae"), ("œ", "oe"), ("đ", "d"),
                    ("ð", "d"), ("þ", "th"), ("ı", "i"))
_NANP_MAX_DIGITS = 11


# --- the data files ------------------------------------------------------------------------


def _data_lines(name: str) -> list[str]:
    text = (resources.files("crm_core.dedupe") / "data" / name).read_text(encoding="utf-8")
    return [line.strip() for line in text.splitlines() if line.strip()]


@lru_cache(maxsize=1)
def nickname_roots() -> dict[str, tuple[str, ...]]:
    """Normalised nickname or variant -> the formal names it can stand for (data file)."""
    roots: dict[str, list[str]] = {}
    with (resources.files("crm_core.dedupe") / "data" / "nicknames.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            roots.setdefault(row["nickname"], []).append(row["formal"])
    return {nick: tuple(dict.fromkeys(formal)) for nick, formal in roots.items()}


@lru_cache(maxsize=1)
def country_aliases() -> dict[str, str]:
    """Plain-text country spellings pycountry does not know ('uk', 'deutschland') -> ISO code."""
    with (resources.files("crm_core.dedupe") / "data" / "country_aliases.csv").open(encoding="utf-8") as handle:
        return {row["alias"]: row["code"] for row in csv.DictReader(handle)}


@lru_cache(maxsize=1)
def legal_forms() -> tuple[str, ...]:
    """Legal-form words in normalised spelling ('spa' for S.p.A.), longest first."""
    with (resources.files("crm_core.dedupe") / "data" / "legal_forms.csv").open(encoding="utf-8") as handle:
        forms = {_plain_one(row["form"].replace(".", "")) for row in csv.DictReader(handle)}
    return tuple(sorted(forms - {""}, key=lambda f: (-len(f), f)))


@lru_cache(maxsize=1)
def street_abbreviations() -> dict[str, str]:
    with (resources.files("crm_core.dedupe") / "data" / "street_types.csv").open(encoding="utf-8") as handle:
        return {_plain_one(row["word"]): row["abbreviation"] for row in csv.DictReader(handle)}


@lru_cache(maxsize=1)
def free_email_domains() -> frozenset[str]:
    return frozenset(_data_lines("free_email_domains.txt"))


# --- helpers: distinct values in, one value per row out -----------------------------------


def _distinct(series: pd.Series) -> tuple[np.ndarray, pa.Array]:
    """Codes per row (-1 for NA) and the distinct values as a pyarrow string array."""
    codes, uniques = pd.factorize(series.astype(TEXT))
    return codes, pa.array(np.asarray(uniques, dtype=object), type=pa.string())


def _expand(codes: np.ndarray, values: pa.Array, index: pd.Index) -> pd.Series:
    """The per-distinct ``values`` spread back to rows; empty strings become NA."""
    values = pc.if_else(pc.equal(values, ""), pa.scalar(None, pa.string()), values)
    taken = values.take(pa.array(codes, mask=codes < 0)) if len(values) else pa.nulls(len(codes), pa.string())
    return pd.Series(taken, index=index, dtype=TEXT)


def _per_distinct(series: pd.Series, function) -> pd.Series:
    codes, uniques = _distinct(series)
    return _expand(codes, function(uniques), series.index)


def _replace(values: pa.Array, pattern: str, replacement: str = "") -> pa.Array:
    return pc.replace_substring_regex(values, pattern=pattern, replacement=replacement)


def _squash(values: pa.Array) -> pa.Array:
    """Single spaces, none at either end."""
    return pc.utf8_trim_whitespace(_replace(values, r"\s+", " "))


def plain(values: pa.Array) -> pa.Array:
    """Lower case, no accents, apostrophes dropped, every other non-letter a single space."""
    values = pc.utf8_normalize(values, "NFKD")
    values = pc.utf8_normalize(_replace(values, r"\p{Mn}"), "NFC")
    values = pc.utf8_lower(values)
    for letter, spelled in _SPECIAL_LETTERS:
        values = pc.replace_substring(values, letter, spelled)
    values = _replace(values, r"['’`ʼ]")
    return _squash(_replace(values, r"[^\p{L}\p{N}]+", " "))


def _plain_one(text: str) -> str:
    return plain(pa.array([text])).to_pylist()[0]


def _map_tokens(values: pa.Array, mapping: dict[str, str]) -> pa.Array:
    """Replace whole space-separated tokens through ``mapping`` ('' drops the token)."""
    lists = pc.split_pattern(values, " ")
    flat = lists.flatten()
    codes, tokens = pd.factorize(np.asarray(flat.to_numpy(zero_copy_only=False), dtype=object))
    mapped = pa.array([mapping.get(token, token) for token in tokens], type=pa.string())
    new_flat = mapped.take(pa.array(codes)) if len(codes) else pa.array([], pa.string())
    rebuilt = pa.ListArray.from_arrays(lists.offsets, new_flat, mask=lists.is_null())
    return _squash(pc.binary_join(rebuilt, " "))


def _strip_words(values: pa.Array, words, *, leading: bool, trailing: bool) -> pa.Array:
    """Drop listed words (or word groups) at the start and/or end, keeping a non-empty rest."""
    alternatives = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    stripped = values
    if leading:
        stripped = _replace(stripped, rf"^(?:(?:{alternatives}) )+")
    if trailing:
        stripped = _replace(stripped, rf"(?: (?:{alternatives}))+$")
    stripped = pc.utf8_trim_whitespace(stripped)
    return pc.if_else(pc.equal(stripped, ""), values, stripped)


# --- people ----------------------------------------------------------------------------------


def normalise_names(series: pd.Series) -> pd.Series:
    """'Dr. José  O'Brien-Smith Jr.' -> 'jose obrien smith': case, accents, punctuation,
    honorifics in front and generational or degree suffixes behind."""

    def run(values: pa.Array) -> pa.Array:
        values = plain(values)
        values = _strip_words(values, _data_lines("honorifics.txt"), leading=True, trailing=False)
        return _strip_words(values, _data_lines("name_suffixes.txt"), leading=False, trailing=True)

    return _per_distinct(series, run)


def name_roots(first_names: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Two formal roots per normalised first name ('bill' -> 'william'); a name that is no
    nickname is its own root, and the second root is NA unless the nickname is ambiguous."""
    table = nickname_roots()
    codes, uniques = _distinct(first_names)
    names = uniques.to_pylist()
    first = [table.get(n, (n,))[0] for n in names]
    second = [(table.get(n, ()) + ("",))[1] if len(table.get(n, ())) > 1 else "" for n in names]
    return (_expand(codes, pa.array(first, pa.string()), first_names.index),
            _expand(codes, pa.array(second, pa.string()), first_names.index))


def phonetic_keys(names: pd.Series) -> pd.Series:
    """A Soundex-style key of a normalised name ('smith', 'smyth' -> 's53'); letters outside
    a-z are kept as they are, so a name in another script is its own key."""

    def run(values: pa.Array) -> pa.Array:
        head = pc.utf8_slice_codeunits(values, 0, 1)
        tail = pc.utf8_slice_codeunits(values, 1)
        for letters, digit in (("bfpv", "1"), ("cgjkqsxz", "2"), ("dt", "3"), ("l", "4"),
                               ("mn", "5"), ("r", "6")):
            tail = _replace(tail, f"[{letters}]+", digit)
        tail = _replace(tail, r"[aeiouyhw ]")
        for digit in "123456":
            tail = _replace(tail, f"{digit}+", digit)
        return pc.binary_join_element_wise(head, pc.utf8_slice_codeunits(tail, 0, 3), "")

    return _per_distinct(names, run)


def normalise_emails(series: pd.Series) -> pd.DataFrame:
    """Columns ``email``, ``local``, ``domain``: lower case; Gmail ignores dots and
    googlemail.com is gmail.com; a '+tag' is dropped (Gmail, Outlook and most providers
    deliver it to the same mailbox). Text that is not an address becomes NA."""
    codes, uniques = _distinct(series)
    values = pc.utf8_lower(pc.utf8_trim_whitespace(uniques))
    values = _replace(values, r"^mailto:")
    valid = pc.match_substring_regex(values, r"^[^@\s]+@[^@\s]+\.[^@\s.]+$")
    values = pc.if_else(valid, values, pa.scalar(None, pa.string()))
    parts = pc.split_pattern(values, "@", max_splits=1)
    local = pc.list_element(parts, 0)
    domain = pc.replace_substring(pc.list_element(parts, 1), "googlemail.com", "gmail.com")
    is_gmail = pc.equal(domain, "gmail.com")
    local = pc.if_else(is_gmail, pc.replace_substring(local, ".", ""), local)
    local = _replace(local, r"\+.*$")
    email = pc.binary_join_element_wise(local, domain, "@")
    index = series.index
    return pd.DataFrame({"email": _expand(codes, email, index), "local": _expand(codes, local, index),
                         "domain": _expand(codes, domain, index)})


def normalise_dates(series: pd.Series) -> pd.Series:
    """Dates as 'YYYY-MM-DD' text; a text column is parsed the way the importer parses it."""
    if not pd.api.types.is_datetime64_any_dtype(series):
        from crm_core.values import parse_dates

        series = parse_dates(series.astype(TEXT)).values
    codes, uniques = pd.factorize(series)
    text = pd.Index(uniques).strftime("%Y-%m-%d") if len(uniques) else pd.Index([], dtype=object)
    return _expand(codes, pa.array(np.asarray(text, dtype=object), pa.string()), series.index)


# --- phones ----------------------------------------------------------------------------------


def country_codes(series: pd.Series) -> pd.Series:
    """ISO 3166 alpha-2 codes from country names, codes or common local spellings."""

    def lookup(name: str | None) -> str:
        if not name:
            return ""
        if name in country_aliases():
            return country_aliases()[name]
        try:
            return pycountry.countries.lookup(name).alpha_2
        except LookupError:
            return ""

    codes, uniques = _distinct(series)
    cleaned = plain(uniques).to_pylist()
    return _expand(codes, pa.array([lookup(n) for n in cleaned], pa.string()), series.index)


@lru_cache(maxsize=512)
def _region_facts(region: str) -> tuple[str, str]:
    """(country calling code, national trunk prefix) of a region, from phonenumbers' metadata."""
    code = phonenumbers.country_code_for_region(region) if region else 0
    metadata = phonenumbers.PhoneMetadata.metadata_for_region(region) if code else None
    return (str(code) if code else "", (metadata.national_prefix or "") if metadata else "")


def _e164_by_library(text: str, region: str) -> str:
    try:
        number = phonenumbers.parse(text, region or None)
    except phonenumbers.NumberParseException:
        return ""
    if not phonenumbers.is_possible_number(number):
        return ""
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def normalise_phones(series: pd.Series, regions: pd.Series | None = None, *,
                     default_region: str = "") -> pd.Series:
    """E.164 numbers ('+442079460958'), read in each record's own country.

    The common shapes (international with + or 00, national with or without the trunk
    prefix, any punctuation, an extension) are rewritten with phonenumbers' own metadata in
    bulk; anything else goes through ``phonenumbers.parse``. A number that cannot be placed
    in a country keeps its digits, which still match the same digits elsewhere.
    """
    text = series.astype(TEXT)
    region = (regions.astype(TEXT).fillna(default_region) if regions is not None
              else pd.Series(default_region, index=series.index, dtype=TEXT))
    region = region.mask(region == "", default_region)
    text_codes, text_uniques = pd.factorize(text)
    region_codes, region_uniques = pd.factorize(region)
    region_codes = np.where(region_codes < 0, len(region_uniques), region_codes)
    combined = np.where(text_codes < 0, -1, text_codes.astype(np.int64) * (len(region_uniques) + 1) + region_codes)
    codes, combos = pd.factorize(combined)
    combos = np.asarray(combos)
    valid = combos >= 0
    texts = np.asarray(text_uniques, dtype=object)[combos[valid] // (len(region_uniques) + 1)]
    regions_of = np.append(np.asarray(region_uniques, dtype=object), default_region)
    combo_regions = regions_of[combos[valid] % (len(region_uniques) + 1)]
    result = _phones_in_bulk(pa.array(texts, pa.string()), [str(r or "") for r in combo_regions])
    full = np.full(len(combos), "", dtype=object)
    full[valid] = result
    codes = np.where(combined < 0, -1, codes)
    return _expand(codes, pa.array(full, pa.string()), series.index)


def _phones_in_bulk(texts: pa.Array, regions: list[str]) -> list[str]:
    lowered = pc.utf8_lower(pc.utf8_trim_whitespace(texts))
    lowered = _replace(lowered, r"\s*(?:ext\.?|extension|x|#)\s*\d+$")
    lowered = _replace(lowered, r"\(0\)")
    has_plus = pc.starts_with(lowered, "+").to_pylist()
    odd = pc.match_substring_regex(lowered, r"[^0-9+()\-./\s]").to_pylist()
    digits = _replace(lowered, r"\D").to_pylist()
    raw = texts.to_pylist()
    out: list[str] = []
    for text, region, plus, strange, number in zip(raw, regions, has_plus, odd, digits):
        code, trunk = _region_facts(region)
        if strange or not number:
            e164 = _e164_by_library(text, region)
        elif plus:
            e164 = "+" + number
        elif number.startswith("00"):
            e164 = "+" + number[2:]
        elif code == "1" and number.startswith("011"):
            e164 = "+" + number[3:]
        elif not code:
            e164 = number
        elif code == "1":
            e164 = "+1" + (number[1:] if len(number) == _NANP_MAX_DIGITS and number[0] == "1" else number)
        elif trunk and number.startswith(trunk):
            e164 = "+" + code + number[len(trunk):]
        elif number.startswith(code):
            e164 = _e164_by_library(text, region)
        else:
            e164 = "+" + code + number
        if e164.startswith("+") and not 8 <= len(e164) <= 16:
            e164 = ""
        out.append(e164)
    return out


# --- companies, websites, addresses --------------------------------------------------------


def normalise_companies(series: pd.Series) -> pd.Series:
    """The name without legal form, 'The', '&'/'and', case or punctuation:
    'The Smith & Jones Co., Ltd.' and 'SMITH AND JONES' both give 'smith jones'."""

    def run(values: pa.Array) -> pa.Array:
        values = pc.replace_substring(pc.replace_substring(values, ".", ""), "&", " and ")
        values = plain(values)
        values = _strip_words(values, ("the",), leading=True, trailing=False)
        values = _strip_words(values, legal_forms(), leading=True, trailing=False)
        values = _strip_words(values, (*legal_forms(), "and"), leading=False, trailing=True)
        values = _replace(values, r"(株式会社|有限会社|合同会社|股份有限公司|有限公司|公司)$")
        values = _replace(values, r"^(株式会社|有限会社|合同会社)")
        values = _map_tokens(values, {"and": "", "und": "", "et": "", "e": "", "y": ""})
        return _squash(values)

    original = _per_distinct(series, plain)
    core = _per_distinct(series, run)
    return core.fillna(original)


def normalise_websites(series: pd.Series) -> pd.Series:
    """'https://www.Example.co.uk/about?x=1' -> 'example.co.uk'; an email gives its domain."""

    def run(values: pa.Array) -> pa.Array:
        values = pc.utf8_lower(pc.utf8_trim_whitespace(values))
        values = _replace(values, r"^[^@/\s]*@")
        values = _replace(values, r"^[a-z][a-z0-9+.\-]*://")
        values = _replace(values, r"^www\d*\.")
        values = _replace(values, r"[/?#:\s].*$")
        values = _replace(values, r"\.+$")
        ok = pc.match_substring_regex(values, r"^[\p{L}\p{N}\-]+(\.[\p{L}\p{N}\-]+)+$")
        return pc.if_else(ok, values, pa.scalar("", pa.string()))

    return _per_distinct(series, run)


_UNIT = r"(?:\b(?:apt|apartment|suite|ste|unit|flat|floor|fl|room|rm|bldg|building)\b\.?|#)\s*(?:no\.?\s*)?([a-z0-9\-]+)"


def normalise_streets(series: pd.Series) -> pd.DataFrame:
    """Columns ``street`` and ``unit``: '12 North Main Street, Suite 200' -> ('12 n main st',
    '200'); street-type words are abbreviated the same way whatever the record used."""
    codes, uniques = _distinct(series)
    lowered = pc.utf8_lower(uniques)
    unit_pattern = _UNIT.replace("([a-z0-9\\-]+)", "(?P<unit>[a-z0-9\\-]+)")
    unit = (pc.struct_field(pc.extract_regex(lowered, unit_pattern), [0]) if len(lowered)
            else lowered)
    street = plain(_replace(lowered, _UNIT, " "))
    street = _map_tokens(street, street_abbreviations())
    index = series.index
    return pd.DataFrame({"street": _expand(codes, street, index),
                         "unit": _expand(codes, plain(unit), index)})


def normalise_postcodes(series: pd.Series) -> pd.Series:
    """'sw1a 1aa' -> 'SW1A1AA'; a US ZIP+4 keeps its five-digit ZIP."""

    def run(values: pa.Array) -> pa.Array:
        values = _replace(pc.utf8_upper(values), r"[^\p{L}\p{N}]")
        return _replace(values, r"^(\d{5})\d{4}$", r"\1")

    return _per_distinct(series, run)


def normalise_text(series: pd.Series) -> pd.Series:
    """Plain text for a free-form identifying value (a city, a state, an id)."""
    return _per_distinct(series, plain)
