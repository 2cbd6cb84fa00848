"""What a column's values say about the field it should feed: the second opinion beside its header.

Headers are written by people and lie: a sheet's ``Website`` column may hold Yes/No, and a
pipeline's ``close_value``, ``sales_agent`` or ``engage_date`` match no synonym. So, after the
headers are mapped (:func:`crm_core.mapping.map_headers`), each column's values are profiled
on a sample (:func:`profile_values`: emails, web addresses, phones, dates in any common form
including ``YYYYMMDD`` and epoch numbers, money, counts, yes/no, countries, labels, free text)
and :func:`check_with_values`:

- **unmaps** a header match the values contradict (a web-address field whose values are not
  web addresses), keeping the field as the column's ``candidate`` and saying why;
- **proposes** a field for an unmapped column from its values and a hint in its header (a date
  column named ``engage*``/``opened``/``first_*`` is when the record was created, a money column
  named ``*_value``/``*_amount``/``revenue``/``price`` is the amount). Each proposal carries its
  reason and a confidence; at or above :data:`APPLY_FROM` it is applied, below it is only offered;
- **recognises names** the workspace already knows (:class:`KnownNames`): a column whose values
  are the users file's names or emails is the record's owner, one whose values are the accounts
  file's names is its company, and in an accounts file a column whose values are the file's own
  account names is the parent account.

A mapping the user saved or edited is never second-guessed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from crm_core.audit.geography import resolve_countries
from crm_core.mapping import ColumnMapping, ColumnMatch, header_words
from crm_core.reading.report import TEXT_DTYPE
from crm_core.schema import fields_for
from crm_core.values import parse_booleans, parse_dates, parse_numbers

SAMPLE = 500  # non-empty values looked at per column
MAX_COUNTRIES = 300  # a column with more distinct values than there are countries holds no countries
MIN_VALUES = 5  # fewer filled values than this say nothing either way
APPLY_FROM = 0.7  # a value-based proposal this sure is applied; below, only offered
AGREE = 0.8  # share of values of one kind that makes the column that kind
CONTRADICT = 0.5  # a header match keeps its field only if at least this share of values fit it

_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[A-Za-z]{2,}")
_URL = re.compile(r"(?:https?://)?(?:www\.)?[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}(?::\d+)?(?:[/?#]\S*)?",
                  re.IGNORECASE)
_PHONE = re.compile(r"\+?[\d\s().\-/]{6,}(?:\s*(?:x|ext\.?)\s*\d+)?", re.IGNORECASE)
_DATE_LIKE = re.compile(  # compact or epoch numbers, numeric dates, dates with a month's name
    r"\d{6}|\d{8}|\d{10}|\d{13}|\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}(?:[ T].*)?"
    r"|(?:[A-Za-z]{3,}\.?,?\s+)?(?:[A-Za-z]{3,}\.?\s+\d{1,2}(?:st|nd|rd|th)?|\d{1,2}\.?\s+[A-Za-z]{3,}\.?),?\s+\d{2,4}.*")
_MONEY_MARK = re.compile(r"[$€£¥]|\b(?:USD|EUR|GBP|CHF|JPY)\b|\d[.,]\d{2}$")

KIND_WORDS = {
    "email": "email addresses", "url": "web addresses", "phone": "phone numbers", "date": "dates",
    "money": "amounts of money", "number": "numbers", "boolean": "yes/no values", "country": "countries",
    "label": "labels from a short list", "text": "free text", "empty": "empty",
}
# Which profiled kinds a field of each schema kind can hold (fields of other kinds are not judged).
FITS = {
    "email": {"email"}, "url": {"url"}, "phone": {"phone", "number"}, "date": {"date"}, "datetime": {"date"},
    "number": {"money", "number"}, "integer": {"number"}, "boolean": {"boolean"},
}


@dataclass(frozen=True)
class ValueProfile:
    """What one column's sampled values are: ``kind`` (a key of :data:`KIND_WORDS`), the share of
    the filled sample that is of that kind, ``shares`` for every kind tried, and counts."""

    kind: str
    share: float
    filled: int
    distinct: int
    shares: dict[str, float]

    def describe(self) -> str:
        if self.kind == "empty":
            return "the column is empty"
        return f"{self.share:.0%} of its values are {KIND_WORDS[self.kind]}"


def _share(mask: pd.Series) -> float:
    return float(mask.mean()) if len(mask) else 0.0


def _filled(values: pd.Series) -> pd.Series:
    text = values.dropna().astype("string").str.strip()
    return text[text != ""]


def profile_values(values: pd.Series) -> ValueProfile:
    """Profile up to :data:`SAMPLE` non-empty values of a raw text column."""
    text = _filled(values.iloc[:SAMPLE * 20])
    if len(text) < SAMPLE and len(values) > SAMPLE * 20:  # a sparse column: look further down
        text = _filled(values.dropna())
    text = text.head(SAMPLE)
    if text.empty:
        return ValueProfile("empty", 1.0, 0, 0, {})
    distinct = int(text.nunique())
    shares = {
        "email": _share(text.str.fullmatch(_EMAIL.pattern)),
        "url": _share(text.str.fullmatch(_URL.pattern, case=False) & ~text.str.contains("@", regex=False)),
        "boolean": _share(parse_booleans(text).values.notna()) if distinct <= 3 else 0.0,
    }
    digits = text.str.count(r"\d")
    numeric = parse_numbers(text).values.notna()
    shares["number"] = _share(numeric)
    shares["money"] = _share(numeric & text.str.contains(_MONEY_MARK.pattern, regex=True))
    date_like = text.str.fullmatch(_DATE_LIKE.pattern)
    # parsing dates is the costly step: a column where fewer than half the values look like
    # dates can be neither a date column nor a date field's column, so it is not parsed
    shares["date"] = _share(date_like & parse_dates(text).values.notna()) if _share(date_like) >= CONTRADICT else 0.0
    shares["phone"] = _share(text.str.fullmatch(_PHONE.pattern, case=False) & digits.between(7, 15)
                             & text.str.contains(r"[\s().\-/+]", regex=True)
                             & ~text.str.fullmatch(r"[-+]?\d+\.\d+"))  # a decimal (a latitude) is no phone
    shares["country"] = 0.0
    if distinct <= MAX_COUNTRIES:
        countries = resolve_countries(text.drop_duplicates())
        shares["country"] = _share(text.isin(set(countries.loc[countries["status"] == "known", "value"])))
    kind = _decide(shares, text, distinct)
    return ValueProfile(kind, shares.get(kind, 1.0), len(text), distinct, shares)


def _decide(shares: dict[str, float], text: pd.Series, distinct: int) -> str:
    """The kind most values are, surest signals first (an email is never 'text')."""
    for kind in ("email", "url", "boolean", "date", "phone", "money", "number", "country"):
        if shares[kind] >= AGREE:
            # numbers of which a good part carry a currency sign or cents are amounts of money
            return "money" if kind == "number" and shares["money"] >= 0.3 else kind
    if distinct <= max(20, len(text) // 20):
        return "label"
    return "text"


NAME_MATCH = 0.6  # share of a column's distinct values found among known names that makes it a reference


def _arrow(values: pd.Series) -> pa.Array:
    """A text column as an Arrow array, for Arrow's string and set kernels."""
    return pa.array(values.astype(TEXT_DTYPE).array)


def _name_keys(values: pd.Series) -> pd.Series:
    """Names compared as people read them: case and spacing ignored (Arrow's string kernels:
    a million names in well under a second)."""
    text = _arrow(values)
    keys = pc.utf8_trim_whitespace(pc.replace_substring_regex(pc.utf8_lower(text), r"\s+", " "))
    return pd.Series(pd.arrays.ArrowStringArray(keys), index=values.index)


@dataclass(frozen=True)
class KnownNames:
    """Names the workspace's other imports hold, normalised (case and spacing ignored): its
    users' names and emails, its accounts' names."""

    users: frozenset[str] = frozenset()
    accounts: frozenset[str] = frozenset()

    @classmethod
    def from_tables(cls, users: pd.DataFrame | None = None, accounts: pd.DataFrame | None = None) -> KnownNames:
        """From canonical tables (as imported): users' ``name`` (or first and last name) and
        ``email``, accounts' ``name``."""
        def keys(*columns: pd.Series) -> frozenset[str]:
            return frozenset(key for column in columns for key in _name_keys(_filled(column)).unique())

        user_columns = []
        if users is not None:
            user_columns = [users[c] for c in ("name", "email") if c in users.columns]
            if "name" not in users.columns and {"first_name", "last_name"} <= set(users.columns):
                user_columns.append(users["first_name"].astype("string").str.cat(users["last_name"].astype("string"),
                                                                                 sep=" "))
        account_columns = [accounts["name"]] if accounts is not None and "name" in accounts.columns else []
        return cls(keys(*user_columns), keys(*account_columns))


# (names looked in, field per entity, what the reason calls them)
_REFERENCES = (
    ("users", {"contacts": "owner", "accounts": "owner", "deals": "owner", "tickets": "owner",
               "activities": "owner"}, "users' names or emails in the users file"),
    ("accounts", {"contacts": "company", "deals": "account_name", "tickets": "account_name",
                  "activities": "account_name", "transactions": "customer_name"}, "account names in the accounts file"),
)


# a column of who created or last changed a record names users too, but not the record's owner
_AUTHOR = ("created", "creator", "modified", "updated", "edited", "last", "previous", "former")


def _share_known(values: pd.Series, names: frozenset[str]) -> float:
    distinct = _name_keys(values).drop_duplicates()
    return float(distinct.isin(names).mean()) if len(distinct) and names else 0.0


@dataclass(frozen=True)
class _Rule:
    """Propose ``field`` (of ``entities``) for an unmapped column of one of ``kinds`` whose
    header has one of ``hints`` (any header when ``hints`` is empty), with ``confidence``."""

    entities: tuple[str, ...]
    kinds: tuple[str, ...]
    hints: tuple[str, ...]
    field: str
    confidence: float


_CREATED = ("engage", "engaged", "opened", "open", "first", "start", "started", "created", "creation",
            "registered", "signup", "since", "joined", "entered", "acquired")
_CLOSED = ("close", "closed", "closing", "won", "lost", "signed", "end")
_MONEY = ("value", "amount", "revenue", "price", "total", "sales", "worth", "turnover", "dollar", "spend")
_WEB = ("web", "website", "site", "url", "homepage", "domain", "www")
_OWNER = ("agent", "rep", "representative", "salesperson", "seller", "assigned", "assignee", "owner",
          "manager", "handler")
RULES = (
    _Rule(("contacts", "users"), ("email",), (), "email", 0.85),
    _Rule(("contacts",), ("email",), (), "secondary_email", 0.75),
    _Rule(("contacts", "accounts"), ("url",), _WEB, "website", 0.8),
    _Rule(("accounts",), ("url",), _WEB, "domain", 0.75),
    _Rule(("contacts", "accounts", "users"), ("phone",), (), "phone", 0.6),  # ids with dashes look alike
    _Rule(("contacts", "accounts", "transactions"), ("country",), (), "country", 0.75),
    _Rule(("contacts", "accounts", "deals", "tickets", "activities", "users"), ("date",), _CREATED, "created_at", 0.8),
    _Rule(("deals",), ("date",), _CLOSED, "close_date", 0.8),
    _Rule(("tickets",), ("date",), _CLOSED, "closed_at", 0.8),
    _Rule(("transactions",), ("date",), (), "occurred_at", 0.75),
    _Rule(("deals", "transactions"), ("money", "number"), _MONEY, "amount", 0.8),
    _Rule(("accounts",), ("money", "number"), ("revenue", "turnover", "sales"), "annual_revenue", 0.8),
    _Rule(("transactions",), ("number",), ("qty", "quantity", "units", "items", "count", "cds", "pieces"),
          "quantity", 0.75),
    _Rule(("contacts", "accounts", "deals", "tickets", "activities"), ("label", "text"), _OWNER, "owner", 0.75),
    _Rule(("accounts",), ("label", "text"), ("account", "company", "organisation", "organization", "customer"),
          "name", 0.75),
    _Rule(("deals", "tickets", "activities"), ("label", "text"), ("account", "company", "customer", "client"),
          "account_name", 0.75),
    _Rule(("accounts",), ("label", "text"), ("subsidiary", "parent"), "parent_account_name", 0.75),
    _Rule(("users",), ("label", "text"), ("agent", "rep", "representative", "salesperson", "seller", "employee",
                                           "staff", "member", "person"), "name", 0.75),
    _Rule(("users",), ("label",), ("office", "regional", "team", "branch", "territory", "group"), "team",
          0.75),
    # the values alone, no hint in the header: offered, never applied (a picture's address is
    # a web address too, and a date column may be any date)
    _Rule(("contacts", "accounts"), ("url",), (), "website", 0.6),
    _Rule(("contacts", "accounts", "deals", "tickets", "activities"), ("date",), (), "created_at", 0.5),
)


def _hinted(header: str, hints: tuple[str, ...]) -> str | None:
    words = header_words(header)
    return next((word for word in words if word in hints), None) if hints else ""


def check_with_values(mapping: ColumnMapping, frame: pd.DataFrame, known: KnownNames = KnownNames(),
                      profiled: dict[str, ValueProfile] | None = None) -> ColumnMapping:
    """``mapping`` with contradicted header matches unmapped and value-based proposals made,
    names ``known`` from the workspace's other imports recognised (see the module docstring);
    saved and manual choices are kept as they are. ``profiled`` keeps the columns' profiles
    for the next mapping of the same file (as another entity)."""
    kinds = {spec.name: spec.kind for spec in fields_for(mapping.entity)}
    profiled = {} if profiled is None else profiled
    for col in mapping.columns:
        if col.method not in ("saved", "manual") and col.header in frame.columns and col.header not in profiled:
            profiled[col.header] = profile_values(frame[col.header])
    profiles = {col.header: profiled[col.header] for col in mapping.columns if col.header in profiled
                and col.method not in ("saved", "manual")}
    columns = []
    for col in mapping.columns:
        profile = profiles.get(col.header)
        fits = FITS.get(kinds.get(col.field or "", ""))
        if (profile is not None and col.field and fits and profile.filled >= MIN_VALUES
                and sum(profile.shares.get(kind, 0.0) for kind in fits) < CONTRADICT):
            col = ColumnMatch(col.header, None, 0.0, "none", candidate=col.field,
                              reason=f"Not mapped to {_label(mapping.entity, col.field)}: the header says so, but "
                                     f"{profile.describe()}.")
        columns.append(col)
    columns = _whole_names(columns, frame)
    taken = {col.field for col in columns if col.field}
    for position, col in enumerate(columns):
        profile = profiles.get(col.header)
        if col.field or col.candidate or profile is None or profile.filled < MIN_VALUES:
            continue
        reference = _reference(mapping, columns, frame, col.header, known, taken) or (
            _own_id(frame, col.header, taken) if position == 0 else None)
        if reference is not None:
            columns[position] = reference
            taken.add(reference.field)
            continue
        proposal = _propose(mapping.entity, col.header, profile, taken)
        if proposal is None:
            continue
        rule, hint = proposal
        why = f"{profile.describe()}" + (f"; the header says '{hint}'" if hint else "")
        if rule.confidence >= APPLY_FROM:
            columns[position] = ColumnMatch(col.header, rule.field, rule.confidence, "values", reason=why.capitalize()
                                            + ".")
            taken.add(rule.field)
        else:
            columns[position] = replace(col, candidate=rule.field, confidence=rule.confidence,
                                        reason=f"Proposed as {_label(mapping.entity, rule.field)}: {why}.")
    return ColumnMapping(mapping.entity, tuple(columns))


def _reference(mapping: ColumnMapping, columns: list[ColumnMatch], frame: pd.DataFrame, header: str,
               known: KnownNames, taken: set[str]) -> ColumnMatch | None:
    """The owner, company or parent account a column names, recognised from known names."""
    values = _filled(frame[header].iloc[:SAMPLE * 20]).head(SAMPLE)
    if _share(values.str.fullmatch(r"[\d\s.,-]+")) >= AGREE:  # numbers are ids or amounts, never names
        return None
    for names_of, fields, what in _REFERENCES:
        field = fields.get(mapping.entity)
        if not field or field in taken or (field == "owner" and set(header_words(header)) & set(_AUTHOR)):
            continue
        share = _share_known(values, getattr(known, names_of))
        if share >= NAME_MATCH:
            return ColumnMatch(header, field, 0.85, "values", reason=f"{share:.0%} of its values are {what}.")
    own_names = next((col.header for col in columns if col.field == "name"), None)
    if mapping.entity == "accounts" and own_names and "parent_account_name" not in taken:
        # one system wrote both columns, so names are compared as written: no full-column rewrite
        distinct, names = _arrow(values.drop_duplicates()), _arrow(frame[own_names].dropna())
        share = pc.mean(pc.is_in(distinct, value_set=pc.unique(names))).as_py() if len(distinct) else 0.0
        if share >= AGREE and not (frame[header] == frame[own_names]).fillna(False).any():
            return ColumnMatch(header, "parent_account_name", 0.8, "values",
                               reason=f"{share:.0%} of its values are account names of this same file, "
                                      "never the row's own.")
    return None


WHOLE_NAME_SHARE = 0.8  # first names of which this many hold two words or more are whole names


def _whole_names(columns: list[ColumnMatch], frame: pd.DataFrame) -> list[ColumnMatch]:
    """A first-name column with no last-name column beside it, whose values are mostly two words
    or more ('Laura Valentini' under Italian ``Nome``), holds whole names."""
    fields = {col.field for col in columns}
    if "last_name" in fields or "full_name" in fields:
        return columns
    for position, col in enumerate(columns):
        if col.field != "first_name" or col.method in ("saved", "manual"):
            continue
        values = _filled(frame[col.header].iloc[:SAMPLE * 20]).head(SAMPLE)
        share = _share(values.str.split().str.len() >= 2)
        if len(values) >= MIN_VALUES and share >= WHOLE_NAME_SHARE:
            columns[position] = ColumnMatch(col.header, "full_name", 0.8, "values", candidate="first_name",
                                            reason=f"Read as the whole name: the header says first name, but "
                                                   f"{share:.0%} of its values are two words or more and no column "
                                                   "holds the last name.")
    return columns


_ID_WORDS = ("id", "uuid", "guid", "key", "code", "number", "no", "nr", "num")


def _own_id(frame: pd.DataFrame, header: str, taken: set[str]) -> ColumnMatch | None:
    """The records' own id, asked of a file's first column (where exports put it): an id-like
    header (``TravelUUID``, ``PARTNERID``, ``IdCliente``) and a value on every row, none repeated.
    A column pointing at other records repeats."""
    words = header_words(header)
    id_like = any(word in _ID_WORDS for word in words) or (len(words) == 1 and words[0].endswith("id"))
    if "record_id" in taken or not id_like:
        return None
    values = frame[header]
    if len(values) < MIN_VALUES or values.isna().any() or not values.is_unique:
        return None
    return ColumnMatch(header, "record_id", 0.75, "values",
                       reason=f"Every row has its own value, none repeated; the header says '{words[-1]}'.")


def _propose(entity: str, header: str, profile: ValueProfile, taken: set[str]) -> tuple[_Rule, str] | None:
    known = {spec.name for spec in fields_for(entity)}
    for rule in RULES:
        if entity not in rule.entities or profile.kind not in rule.kinds or rule.field in taken or \
                rule.field not in known:
            continue
        hint = _hinted(header, rule.hints)
        if hint is not None:
            return rule, hint
    return None


def _label(entity: str, field: str) -> str:
    return next((spec.label for spec in fields_for(entity) if spec.name == field), field)
