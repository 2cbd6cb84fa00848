"""Sensitive personal data typed into free text: find it, validate it, and never show it whole.

Every free-text column of every entity is scanned: descriptions, comments and activity bodies,
subjects, next steps, lost reasons, bounce reasons and every custom (unmapped) text column.
Candidates are found column-wise with ``Series.str.extractall`` on a candidate pattern, then
each candidate (there are few) is validated; a validated value is blanked out of the text
before the next kind is searched, in this order:

1. IBAN: two letters, two check digits and 11-30 letters or digits, grouped or compact, valid
   by the ISO 7064 mod-97 checksum and the country's length and format (``stdnum.iban``).
   IBANs come first because an IBAN's digit groups can pass for a card number.
2. Payment card: 13-19 digits, grouped by spaces or dashes, that pass the Luhn check
   (``stdnum.luhn``) *and* start like a real card network's number (Visa, Mastercard, Amex,
   Discover, JCB, Diners, UnionPay, Maestro), so a 16-digit order number that happens to pass
   Luhn but starts with 8 or 9 is not a card. The whole run of digit groups is the candidate:
   a card-like stretch inside a longer number (``1234-5678-9012-3456-7890``) is not a card.
3. US Social Security number: ``123-45-6789``, or nine digits after "SSN"; area 000, 666 and
   900-999, group 00 and serial 0000 are not valid (``stdnum.us.ssn``).
4. UK National Insurance number: ``AB 12 34 56 C`` or ``AB123456C``, with HMRC's letter rules
   (no D, F, I, Q, U or V; no O second; BG, GB, KN, NK, NT, TN and ZZ never issued).
5. Date of birth: a date right after "DOB", "date of birth", "born" or "birthday", that is a
   real calendar date in day/month or month/day order with a year from 1900 to today.
6. Special-category words (GDPR article 9): health (diabetes, cancer, pregnancy...), religion,
   ethnic origin, sexual orientation, political opinions, trade-union membership, genetic
   and biometric data, criminal records.

Masking keeps just enough to recognise the value: a card keeps its first and last four digits
(``4111 **** **** 1111``), an IBAN its country and last four characters, an SSN its last four
digits, a NINO its two letters, a date of birth and a special-category word their first
character. Snippets around a hit mask every hit of the cell and every other digit, so no full
sensitive value ever leaves this module.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

import pandas as pd
from stdnum import iban as stdnum_iban
from stdnum import luhn
from stdnum.us import ssn as stdnum_ssn

from crm_core.schema import CUSTOM_PREFIX

FREE_TEXT_FIELDS = ("description", "subject", "next_step", "lost_reason", "email_bounce_reason", "commitment")
KINDS = ("iban", "card", "ssn", "nino", "dob", "special")
HIT_COLUMNS = ("entity", "record_id", "field", "kind", "category", "masked", "snippet")
SNIPPET_CONTEXT = 30
TEXT = "string"

_IBAN = re.compile(r"(?<![A-Za-z0-9])(?P<m>[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,3})?)(?![A-Za-z0-9])")
# A whole run of digit groups: no digit, letter or further group on either side, so a card
# number is never found inside a longer number (an order number, an IBAN's digits); see
# :func:`_card_in_run` for the one exception, a separate number typed after a space.
_CARD = re.compile(r"(?<![\dA-Za-z])(?<!\d[ -])(?P<m>\d(?:[ -]?\d){12,29})(?![\dA-Za-z]|[ -]\d)")
_SSN = re.compile(r"(?<![\d-])(?P<m>\d{3}-\d{2}-\d{4})(?![\d-])|"
                  r"(?i:\bssn\b|\bsocial security (?:number|no\.?))\W{0,3}(?P<n>\d{3} ?\d{2} ?\d{4})(?!\d)")
_NINO = re.compile(
    r"(?<![A-Za-z0-9])(?P<m>[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z] ?\d{2} ?\d{2} ?\d{2} ?[A-D])(?![A-Za-z0-9])")
_NINO_NEVER_ISSUED = frozenset({"BG", "GB", "KN", "NK", "NT", "TN", "ZZ"})
_MONTHS = "jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec"
_DOB = re.compile(
    r"(?i:\bd\.?o\.?b\b\.?|\bdate of birth\b|\bbirth ?date\b|\bborn(?: on)?\b|\bbirthday\b)[\s:=,-]{0,3}(?:is |on )?"
    rf"(?P<m>\d{{1,2}}[/.-]\d{{1,2}}[/.-]\d{{2,4}}|\d{{4}}-\d{{2}}-\d{{2}}|\d{{1,2}} (?i:{_MONTHS})[a-z]* \d{{4}})"
    r"(?![\d/.-]\d)"
)

# Special categories of personal data (GDPR art. 9) as whole words or phrases, case-insensitive.
# Words with an everyday business meaning ("diagnosis" of a bug, "disabled" feature) are left out.
SPECIAL_TERMS: dict[str, tuple[str, ...]] = {
    "health": (
        "diabetes", "diabetic", "pregnant", "pregnancy", "chemotherapy", "chemo", "cancer", "tumour", "tumor",
        "depression", "surgery", "medication", "illness", "sick leave", "mental health", "hiv", "dementia",
        "epilepsy", "miscarriage", "rehab", "addiction", "disability", "hospitalised", "hospitalized",
    ),
    "religion": ("religion", "religious belief", "religious beliefs"),
    "ethnic origin": ("ethnic origin", "ethnicity", "racial origin"),
    "sexual orientation": ("sexual orientation", "transgender"),
    "political opinions": ("political opinion", "political opinions", "party membership"),
    "trade-union membership": ("trade union", "union member"),
    "genetic or biometric data": ("genetic data", "genetic test", "biometric data"),
    "criminal records": ("criminal record", "criminal conviction"),
}
_TERM_CATEGORY = {term: category for category, terms in SPECIAL_TERMS.items() for term in terms}
_SPECIAL = re.compile(
    r"(?i)(?<![A-Za-z])(?P<m>" + "|".join(sorted((re.escape(t).replace(r"\ ", r"\s+") for t in _TERM_CATEGORY),
                                              key=len, reverse=True)) + r")(?![A-Za-z])"
)


# --- validators ------------------------------------------------------------------------------


def digits_of(text: str) -> str:
    return re.sub(r"\D", "", text)


def is_valid_iban(text: str) -> bool:
    """mod-97 checksum plus the country's length and format."""
    return bool(stdnum_iban.is_valid(text))


def card_network(digits: str) -> str | None:
    """The card network a number's prefix and length belong to, or None."""
    n = len(digits)
    if not digits.isdigit() or not 12 <= n <= 19:
        return None
    two, three, four, six = int(digits[:2]), int(digits[:3]), int(digits[:4]), int(digits[:6])
    if digits[0] == "4" and n in (13, 16, 19):
        return "Visa"
    if (51 <= two <= 55 or 2221 <= four <= 2720) and n == 16:
        return "Mastercard"
    if two in (34, 37) and n == 15:
        return "American Express"
    if (four == 6011 or two == 65 or 644 <= three <= 649 or 622126 <= six <= 622925) and n >= 16:
        return "Discover"
    if 3528 <= four <= 3589 and n >= 16:
        return "JCB"
    if (300 <= three <= 305 or two in (36, 38, 39) or four == 3095) and n >= 14:
        return "Diners Club"
    if two == 62 and n >= 16:
        return "UnionPay"
    if two == 50 or 56 <= two <= 69:
        return "Maestro"
    return None


def is_valid_card(text: str) -> bool:
    """Luhn-valid and numbered like a real card network."""
    digits = digits_of(text)
    return card_network(digits) is not None and bool(luhn.is_valid(digits))


def is_valid_ssn(text: str) -> bool:
    return bool(stdnum_ssn.is_valid(digits_of(text)))


def is_valid_nino(text: str) -> bool:
    compact = re.sub(r"\s", "", text).upper()
    return bool(_NINO.fullmatch(compact)) and compact[:2] not in _NINO_NEVER_ISSUED


def is_plausible_birth_date(text: str, *, today: date | None = None) -> bool:
    """A real date, day/month or month/day (or ISO, or "3 March 1980"), born 1900 to today."""
    latest = (today or date.today()).year
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        year, first, second = int(text[:4]), int(text[5:7]), int(text[8:])
        orders = [(first, second)]
    elif re.fullmatch(r"\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}", text):
        a, b, y = (int(part) for part in re.split(r"[/.-]", text))
        year = y if y >= 100 else (1900 + y if 1900 + y <= latest else 2000 + y)
        orders = [(b, a), (a, b)]
    else:
        parsed = pd.to_datetime(text, format="mixed", dayfirst=True, errors="coerce")
        return pd.notna(parsed) and 1900 <= parsed.year <= latest
    if not 1900 <= year <= latest:
        return False
    for month, day in orders:
        try:
            date(year, month, day)
            return True
        except ValueError:
            continue
    return False


# --- masking ---------------------------------------------------------------------------------


def _mask_keeping(text: str, keep_first: int, keep_last: int, *, chars: str = r"[A-Za-z0-9]") -> str:
    """Replace every letter or digit by '*' except the first and last few; separators stay."""
    positions = [i for i, ch in enumerate(text) if re.fullmatch(chars, ch)]
    kept = set(positions[:keep_first]) | set(positions[len(positions) - keep_last:] if keep_last else [])
    return "".join(ch if i in kept or i not in set(positions) else "*" for i, ch in enumerate(text))


def mask_value(kind: str, text: str) -> str:
    """The shown form of a sensitive value: never the whole value."""
    if kind == "card":
        return _mask_keeping(text, 4, 4)
    if kind == "iban":
        return _mask_keeping(text, 2, 4)
    if kind == "ssn":
        return _mask_keeping(text, 0, 4)
    if kind == "nino":
        return _mask_keeping(text, 2, 0)
    return _mask_keeping(text, 1, 0, chars=r"[^\s/.-]")


# --- scanning --------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Kind:
    kind: str
    pattern: re.Pattern
    needs_digits: bool


_ORDER = (
    _Kind("iban", _IBAN, True), _Kind("card", _CARD, True), _Kind("ssn", _SSN, True),
    _Kind("nino", _NINO, True), _Kind("dob", _DOB, True), _Kind("special", _SPECIAL, False),
)


SAMPLE = 2_000
NOTE_WORDS = 3  # a value of this many words or more reads like a note, not a label


def looks_like_free_text(values: pd.Series) -> bool:
    """Whether a custom text column holds what people type freely (sentences, or long numbers),
    rather than labels from a list (a sector, a region, a product): only then is it scanned, so a
    picklist column never counts as sensitive data checked."""
    sample = values.dropna().astype(TEXT)
    sample = sample[sample.str.len() > 0].head(SAMPLE)
    if sample.empty:
        return False
    sentences = sample.str.split().str.len() >= NOTE_WORDS
    long_numbers = sample.str.contains(r"\d(?:[ ./-]?\d){5,}", regex=True)
    return bool(sentences.mean() >= 0.2 or long_numbers.mean() >= 0.01)


ONE_LAYOUT = 0.95  # share of a column's values written in one layout that makes it a column of codes


def holds_codes(values: pd.Series) -> bool:
    """Whether a column holds identifiers of one layout (``8307-7891-7433-008``): nearly every
    value has the same digits-and-separators shape, and those long enough to be card numbers
    mostly fail the card checksum, as random numbers do (about 9 in 10). Such a column is not
    free text: the odd value that passes the checksum is chance, not a payment card. A column of
    real card numbers passes the checksum throughout and is still scanned."""
    sample = values.dropna().astype(TEXT).str.strip()
    sample = sample[sample.str.len() > 0].head(SAMPLE)
    if len(sample) < 5:
        return False
    shapes = sample.str.replace(r"\d", "9", regex=True).str.replace(r"[^\W\d_]", "A", regex=True)
    if shapes.value_counts().iloc[0] < ONE_LAYOUT * len(sample) or shapes.str.contains(" ").mean() > 0.5:
        return False
    digits = sample.str.replace(r"\D", "", regex=True)
    long = digits[digits.str.len().between(13, 19)]
    return long.empty or float(long.map(lambda d: bool(luhn.is_valid(d))).mean()) < 0.5


def free_text_columns(table: pd.DataFrame) -> list[str]:
    """The columns scanned: the canonical free-text fields and the custom text columns that hold
    free text (:func:`looks_like_free_text`), not codes of one layout (:func:`holds_codes`)."""
    return [c for c in table.columns
            if c in FREE_TEXT_FIELDS or (str(c).startswith(CUSTOM_PREFIX) and pd.api.types.is_string_dtype(table[c])
                                         and looks_like_free_text(table[c]) and not holds_codes(table[c]))]


def _validated(kind: str, candidate: str, today: date) -> str | None:
    """The part of a candidate that is a valid value of ``kind`` (a longer match may carry a
    neighbouring word or number), or None."""
    if kind == "special":
        return candidate
    if kind == "dob":
        return candidate if is_plausible_birth_date(candidate, today=today) else None
    if kind == "ssn":
        return candidate if is_valid_ssn(candidate) else None
    if kind == "nino":
        return candidate if is_valid_nino(candidate) else None
    if kind == "card":
        return _card_in_run(candidate)
    check = is_valid_iban
    tokens = re.split(r"([ -])", candidate)
    words = tokens[::2]
    for size in range(len(words), 0, -1):  # longest run of groups first
        for start in range(len(words) - size + 1):
            piece = "".join(tokens[2 * start:2 * (start + size) - 1])
            if check(piece):
                return piece
    if kind == "iban" and len(words) == 1:  # compact IBAN followed by more letters or digits
        for end in range(len(candidate) - 1, 14, -1):
            if check(candidate[:end]):
                return candidate[:end]
    return None


def _card_in_run(run: str) -> str | None:
    """The card in a run of digit groups: the whole run, or its start when what follows is set
    apart by a space ("4111 1111 1111 1111 12 times"). Never a stretch that starts inside the
    run or ends at a dash: "1234-5678-9012-3456" is one number, and its tail is no card."""
    if is_valid_card(run):
        return run
    tokens = re.split(r"([ -])", run)  # group, separator, group, ...
    for cut in range(len(tokens) - 2, 0, -2):  # the separator before the last group, then earlier ones
        if tokens[cut] == " " and is_valid_card(piece := "".join(tokens[:cut])):
            return piece
    return None


def _candidates(text: pd.Series, pattern: re.Pattern) -> pd.DataFrame:
    """``row`` (index label) and ``match`` of every candidate in ``text``."""
    found = text.str.extractall(pattern)
    if found.empty:
        return pd.DataFrame({"row": pd.Series(dtype="int64"), "match": pd.Series(dtype=object)})
    value = found["m"]
    if "n" in found.columns:
        value = value.fillna(found["n"])
    return pd.DataFrame({"row": found.index.get_level_values(0), "match": value.to_numpy(dtype=object)})


def scan_column(values: pd.Series, *, today: date | None = None) -> pd.DataFrame:
    """Every sensitive value in one text column: ``row, kind, category, raw, start, end``.

    ``raw`` (the value as typed) never leaves this module's callers: :func:`scan_free_text`
    turns hits into masked values and snippets.
    """
    day = today or date.today()
    text = values.astype(TEXT)
    text = text[text.notna() & (text.str.len() > 0)]
    with_digits = text[text.str.contains(r"\d", regex=True)]
    found: list[dict] = []
    blanked: dict = {}
    for spec in _ORDER:
        source = with_digits if spec.needs_digits else text
        if blanked:
            source = source.copy()
            changed = [row for row in blanked if row in source.index]
            source.loc[changed] = [blanked[row] for row in changed]
        for row, candidate in _candidates(source, spec.pattern).itertuples(index=False):
            value = _validated(spec.kind, candidate, day)
            if value is None:
                continue
            current = blanked.get(row, str(source.loc[row]))
            start = current.find(value)
            if start < 0:
                continue
            blanked[row] = current[:start] + "#" * len(value) + current[start + len(value):]
            category = _TERM_CATEGORY.get(" ".join(value.lower().split()), "") if spec.kind == "special" else spec.kind
            found.append({"row": row, "kind": spec.kind, "category": category, "raw": value,
                          "start": start, "end": start + len(value)})
    return pd.DataFrame(found, columns=["row", "kind", "category", "raw", "start", "end"])


def _snippet(text: str, hits: pd.DataFrame, start: int, end: int) -> str:
    """The hit in its context, every hit of the cell masked and every other digit starred."""
    spans = sorted(zip(hits["start"], hits["end"], hits["kind"], hits["raw"], strict=True))
    out, cursor = [], 0
    for s, e, kind, raw in spans:
        out.append(re.sub(r"\d", "*", text[cursor:s]))
        out.append(mask_value(kind, raw))
        cursor = e
    out.append(re.sub(r"\d", "*", text[cursor:]))
    masked = "".join(out)  # masks keep the length of what they replace, so offsets still hold
    left, right = max(0, start - SNIPPET_CONTEXT), min(len(masked), end + SNIPPET_CONTEXT)
    return ("…" if left else "") + masked[left:right].strip() + ("…" if right < len(masked) else "")


def scan_free_text(tables: dict[str, pd.DataFrame], *, today: date | None = None) -> pd.DataFrame:
    """Every sensitive value in every free-text column of every table, masked: ``HIT_COLUMNS``."""
    rows = []
    for entity, table in tables.items():
        if table is None or "record_id" not in table.columns:
            continue
        for column in free_text_columns(table):
            hits = scan_column(table[column], today=today)
            for row, cell_hits in hits.groupby("row", sort=False):
                text = str(table[column].loc[row])
                for hit in cell_hits.itertuples(index=False):
                    rows.append({
                        "entity": entity, "record_id": str(table["record_id"].loc[row]), "field": column,
                        "kind": hit.kind, "category": hit.category, "masked": mask_value(hit.kind, hit.raw),
                        "snippet": _snippet(text, cell_hits, hit.start, hit.end),
                    })
    return pd.DataFrame(rows, columns=list(HIT_COLUMNS)).astype(TEXT)


def scanned_columns(tables: dict[str, pd.DataFrame]) -> dict[str, list[str]]:
    """entity -> the free-text columns :func:`scan_free_text` reads (for the screen and report)."""
    return {entity: free_text_columns(table) for entity, table in tables.items()
            if table is not None and free_text_columns(table)}
