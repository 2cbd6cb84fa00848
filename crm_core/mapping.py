"""Guess what a CRM export holds and map each of its headers to a canonical field.

A manager should never rename a column a machine could have recognised, so matching runs
from the surest evidence down: the header of a known export as written (1.0, case and
spacing aside), the same words once punctuation, camelCase, API suffixes and record
prefixes are set aside (~0.85-0.9), then a typo or two away from a known header (0.5-0.85);
anything further stays unmapped. Two headers never silently share a field: the surer one
wins and the other stays unmapped with the contested field noted, so the screen can show
the tie. Everything unmapped is kept by the importer as a custom field, never dropped.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from rapidfuzz import process
from rapidfuzz.distance import OSA

from crm_core.errors import MappingError
from crm_core.schema import ENTITIES, RECORD_WORDS, REFERENCES, fields_for, synonym_rows, synonyms_for

METHODS = ("exact", "normalised", "fuzzy", "values", "saved", "manual", "none")
NORMALISED = 0.9
FUZZY_RANGE = (0.5, 0.85)
MIN_FUZZY_LENGTH = 4

# Words an export puts before a field name, besides the record words of each entity
# (schema.RECORD_WORDS): neutral ones name one of the record's addresses or an export
# wrapper ("Mailing City", "(Do Not Modify) Modified On"); secondary ones a lesser copy
# ("Shipping City"), kept only if nothing better claims the field. Another entity's
# record word ("Account: Phone" in contacts) means a related record: only its name and
# key mean something here (schema.REFERENCES); the rest stays a custom column.
_NEUTRAL_PREFIXES = (
    "mailing", "billing", "address 1", "primary", "main", "work", "business", "do not modify",
)
_SECONDARY_PREFIXES = ("shipping", "other", "address 2", "alternate", "secondary")
_PREFIX_CONFIDENCE = {"own": 0.88, "neutral": 0.88, "secondary": 0.6}
_RELATED_CONFIDENCE = 0.85
_STRIPPED_SYNONYM = 0.85  # "Add time" read as the known "Activity - Add time"
_ID_SUFFIX_CONFIDENCE = 0.85
# "Account Name.id" is the key of the record "Account Name" names: company -> account_id.
_ID_TWINS = {
    refs[theirs]: refs["record_id"]
    for related in REFERENCES.values() for refs in related.values()
    for theirs in refs if theirs != "record_id"
} | {"name": "record_id", "full_name": "record_id", "product_name": "product_code"}  # a record's own name, its id
Prefix = tuple[tuple[str, ...], str, str | None]  # words, kind, related entity


def _prefix_table() -> dict[str, tuple[Prefix, ...]]:
    """Per entity: (prefix words, kind, related entity), longest prefix first."""
    table = {}
    for entity in ENTITIES:
        entries = [(p, "neutral", None) for p in _NEUTRAL_PREFIXES]
        entries += [(p, "secondary", None) for p in _SECONDARY_PREFIXES]
        for other, prefixes in RECORD_WORDS.items():
            kind = "own" if other == entity else "related"
            entries += [(p, kind, None if other == entity else other) for p in prefixes]
        table[entity] = tuple(
            sorted(((tuple(p.split()), k, o) for p, k, o in entries), key=lambda e: -len(e[0]))
        )
    return table


_PREFIXES = _prefix_table()
_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")
_LEADING_ID = ("id", "nr", "num")
_CUSTOM_SUFFIX = re.compile(r"__(c|pc|r)$", re.IGNORECASE)
_NON_WORD = re.compile(r"[\W_]+")


def _fold_accents(text: str) -> str:
    """``'Téléphone'`` -> ``'Telephone'``: exports and hand-made sheets drop accents at will."""
    return "".join(ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch))


def header_words(header: str) -> tuple[str, ...]:
    """The words of a header, ignoring case, accents, punctuation, camelCase and ``__c`` suffixes.

    ``'MailingPostalCode'``, ``'mailing_postal_code'`` and ``'Mailing Postal-Code '`` all
    give ``('mailing', 'postal', 'code')``; ``'Téléphone'`` and ``'Telephone'`` both give
    ``('telephone',)``.
    """
    text = _CUSTOM_SUFFIX.sub("", _fold_accents(str(header).replace("\ufeff", "").strip()))
    text = _CAMEL.sub(" ", text).casefold()
    words = tuple(dict.fromkeys(_NON_WORD.sub(" ", text).split()))  # a word said twice says nothing more
    if len(words) > 1 and words[0] in _LEADING_ID:  # "IdCliente", "ID Fattura": Romance order, id last
        words = (*words[1:], words[0])
    return words


def normalise_header(header: str) -> str:
    """The key two headers must share to be the same name ('Post Code' == 'postcode',
    'Société' == 'Societe')."""
    return "".join(header_words(header))


@dataclass(frozen=True)
class ColumnMatch:
    """How one header of the file maps: ``field`` is None when it stays a custom column.

    ``candidate`` is the field an unmapped header lost to a more confident header, or the
    one its values suggest or its header claimed against its values, so a screen can show the
    contest instead of hiding it; ``reason`` says why in a sentence (value-based decisions,
    see :mod:`crm_core.column_values`).
    """

    header: str
    field: str | None
    confidence: float  # 0..1
    method: str  # "exact" | "normalised" | "fuzzy" | "values" | "saved" | "manual" | "none"
    candidate: str | None = None
    reason: str = ""


@dataclass(frozen=True)
class ColumnMapping:
    """Every header of one file and the canonical field it feeds (at most one each)."""

    entity: str
    columns: tuple[ColumnMatch, ...]

    def __post_init__(self) -> None:
        if self.entity not in ENTITIES:
            raise MappingError(f"'{self.entity}' is not a record type the workbench knows; pick one.")
        known = {spec.name for spec in fields_for(self.entity)}
        seen_headers: set[str] = set()
        seen_fields: set[str] = set()
        for col in self.columns:
            if col.header in seen_headers:
                raise MappingError(f"The file has two columns named '{col.header}'; rename one and retry.")
            seen_headers.add(col.header)
            if col.method not in METHODS:
                raise MappingError(f"Column '{col.header}' has an unknown mapping method; map it again.")
            if col.field is None:
                continue
            if col.field not in known:
                raise MappingError(
                    f"'{col.field}' is not a {self.entity} field; map column '{col.header}' again."
                )
            if col.field in seen_fields:
                raise MappingError(
                    f"Two columns are mapped to '{col.field}'; keep one and un-map the other."
                )
            seen_fields.add(col.field)

    def field_for(self, header: str) -> str | None:
        """The field ``header`` feeds, None if unmapped; KeyError if the file has no such header."""
        for col in self.columns:
            if col.header == header:
                return col.field
        raise KeyError(header)

    def mapped(self) -> dict[str, str]:
        """header -> field for every mapped column, in file order."""
        return {col.header: col.field for col in self.columns if col.field is not None}

    def unmapped_headers(self) -> tuple[str, ...]:
        """Headers the importer keeps as custom fields."""
        return tuple(col.header for col in self.columns if col.field is None)

    def with_override(self, header: str, field_name: str | None) -> ColumnMapping:
        """The user's edit: ``header`` now feeds ``field_name`` (or nothing).

        A field already held by another header moves here and that header is un-mapped,
        so an edit can never create a duplicate.
        """
        if header not in {col.header for col in self.columns}:
            raise MappingError(f"The file has no column '{header}'; pick one of its columns.")
        if field_name is not None and field_name not in {s.name for s in fields_for(self.entity)}:
            raise MappingError(f"'{field_name}' is not a {self.entity} field; pick one from the list.")
        columns = []
        for col in self.columns:
            if col.header == header:
                col = ColumnMatch(header, field_name, 1.0, "manual")
            elif field_name is not None and col.field == field_name:
                col = ColumnMatch(col.header, None, 1.0, "manual", candidate=field_name)
            columns.append(col)
        return ColumnMapping(self.entity, tuple(columns))

    def to_dict(self) -> dict:
        """A JSON-safe form, stored per workspace so a reviewed mapping is reused."""
        return {
            "entity": self.entity,
            "columns": [
                {"header": c.header, "field": c.field, "confidence": c.confidence,
                 "method": c.method, "candidate": c.candidate, "reason": c.reason}
                for c in self.columns
            ],
        }

    @classmethod
    def from_dict(cls, data: Mapping) -> ColumnMapping:
        """Rebuild a stored mapping; MappingError if it is damaged."""
        try:
            columns = tuple(
                ColumnMatch(
                    header=str(c["header"]), field=c["field"], confidence=float(c["confidence"]),
                    method=str(c["method"]), candidate=c.get("candidate"), reason=str(c.get("reason") or ""),
                )
                for c in data["columns"]
            )
            return cls(str(data["entity"]), columns)
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise MappingError(
                "A saved column mapping is damaged; map the columns again and save the mapping."
            ) from exc


@dataclass(frozen=True)
class EntityGuess:
    """Which record type a file most likely holds; ``entity`` is None when nothing fits."""

    entity: str | None
    confidence: float
    scores: dict[str, float] = field(default_factory=dict)
    reason: str = ""  # why the headers' first choice was not taken, when it was not


@dataclass(frozen=True)
class _Index:
    exact: dict[str, str]
    normalised: dict[str, str]
    stripped: dict[str, str]
    canonical: dict[str, str]  # key of a field's own name or label -> field
    typo_keys: tuple[str, ...]
    typo_fields: tuple[str, ...]


def _exact_key(header: str) -> str:
    """A header as written, but for case and spacing ('Contact owner' == 'Contact Owner')."""
    return " ".join(str(header).replace("\ufeff", "").casefold().split())


def _sorted_key(words: tuple[str, ...]) -> str:
    return "".join(sorted(words))


@lru_cache(maxsize=None)
def _index(entity: str) -> _Index:
    """Lookup tables of one entity's synonyms, plus each field's own name and label."""
    exact: dict[str, str] = {}
    for name, headers in synonyms_for(entity).items():
        for header in headers:
            exact.setdefault(_exact_key(header), name)
    canonical = {}
    for spec in fields_for(entity):
        for header in (spec.name, spec.label):
            exact.setdefault(_exact_key(header), spec.name)
            canonical[normalise_header(header)] = spec.name
    normalised: dict[str, str] = {}
    for header, name in exact.items():
        normalised.setdefault(normalise_header(header), name)
    # Synonyms without their own-record prefix ("Activity - Add time" -> "Add time"),
    # dropped where two fields would claim the same remainder.
    stripped: dict[str, set[str]] = {}
    for header, name in exact.items():
        rest = _strip_prefix(header_words(header), entity)
        if rest and rest[1] == "own":
            stripped.setdefault("".join(rest[0]), set()).add(name)
    unique = {k: v.pop() for k, v in stripped.items() if len(v) == 1 and k not in normalised}
    typo = {**unique, **normalised}
    sorted_typo = {_sorted_key(header_words(h)): n for h, n in exact.items()}
    keys = tuple(typo) + tuple(k for k in sorted_typo if k not in typo)
    fields = tuple(typo.values()) + tuple(sorted_typo[k] for k in sorted_typo if k not in typo)
    return _Index(exact, normalised, unique, canonical, keys, fields)


def _strip_prefix(words: tuple[str, ...], entity: str) -> tuple[tuple[str, ...], str, str | None] | None:
    for prefix, kind, related in _PREFIXES[entity]:
        if len(words) > len(prefix) and words[: len(prefix)] == prefix:
            return words[len(prefix):], kind, related
    return None


def _readings(words: tuple[str, ...], entity: str) -> list[tuple[tuple[str, ...], float, str | None]]:
    """(words, confidence, related entity) readings of a header, surest first."""
    readings = [(words, NORMALISED, None)]
    current, confidence = words, NORMALISED
    for _ in range(2):
        stripped = _strip_prefix(current, entity)
        if stripped is None:
            break
        current, kind, related = stripped
        if related is not None:
            readings.append((current, _RELATED_CONFIDENCE, related))
            break
        confidence = min(confidence, _PREFIX_CONFIDENCE[kind])
        readings.append((current, confidence, None))
    return readings


def _lookup(words: tuple[str, ...], entity: str) -> tuple[str | None, float]:
    """The field these exact words name in ``entity`` and how sure that is."""
    index = _index(entity)
    key = "".join(words)
    if key in index.normalised:
        return index.normalised[key], 1.0
    if key in index.stripped:
        return index.stripped[key], _STRIPPED_SYNONYM / NORMALISED
    return None, 0.0


def _typo_allowance(length: int) -> int:
    """One slip in a short name, two in a long one ('Deal Stage' is not 'Lead Stage')."""
    return 0 if length < MIN_FUZZY_LENGTH else 1 if length < 12 else 2


def _typo_matches(words: tuple[str, ...], entity: str, cap: float) -> list[tuple[str, float]]:
    """Fields whose synonym differs from ``words`` by a typo or two, never by a whole word.

    Edit distance (with transpositions) on the joined words, in written and in sorted
    order, within a small allowance; numbers must agree ('Address Line 3' is not 'Line 1').
    The same words in another order ('NAME_FIRST') count as a slip too.
    """
    index = _index(entity)
    found = []
    for query, reordered in (("".join(words), False), (_sorted_key(words), len(words) > 1)):
        allowance = _typo_allowance(len(query))
        if not allowance:
            continue
        for key, dist, position in process.extract(
            query, index.typo_keys, scorer=OSA.distance, score_cutoff=allowance, limit=3,
        ):
            if (dist == 0 and not reordered) or _digits(key) != _digits(query):
                continue
            similarity = 1 - dist / max(len(key), len(query))
            low, high = FUZZY_RANGE
            scaled = low + (high - low) * max(0.0, (similarity - 0.75) / 0.25)
            found.append((index.typo_fields[position], round(min(scaled, cap), 3)))
    return found


_GLUED_CONFIDENCE = 0.8
MIN_GLUED_LENGTH = 8


@lru_cache(maxsize=1)
def _vocabulary() -> frozenset[str]:
    """Every word of every known header, field name and record word: what a glued header
    (``SALESORDERID``, ``grossamount``) may be made of."""
    words = {word for _e, _f, header, _s in synonym_rows() for word in header_words(header)}
    words |= {word for entity in ENTITIES for spec in fields_for(entity) for word in header_words(spec.name)}
    words |= {word for names in RECORD_WORDS.values() for name in names for word in name.split()}
    return frozenset(word for word in words if len(word) >= 2)


@lru_cache(maxsize=4096)
def split_glued(words: tuple[str, ...]) -> tuple[str, ...] | None:
    """A one-word header written without spaces split into known words, fewest pieces first
    (``salesorderid`` -> sales, order, id); None when it is not one long word or does not split."""
    if len(words) != 1 or len(words[0]) < MIN_GLUED_LENGTH or words[0] in _vocabulary():
        return None
    text, vocabulary = words[0], _vocabulary()
    best: list[tuple[str, ...] | None] = [()] + [None] * len(text)
    for end in range(1, len(text) + 1):
        for start in range(max(0, end - 20), end):
            piece, before = text[start:end], best[start]
            if before is not None and piece in vocabulary and (
                    best[end] is None or len(before) + 1 < len(best[end])):
                best[end] = (*before, piece)
    split = best[len(text)]
    return split if split and len(split) > 1 else None


def _digits(text: str) -> str:
    return "".join(ch for ch in text if ch.isdigit())


@lru_cache(maxsize=8192)
def _candidates(header: str, entity: str) -> tuple[tuple[str, float, str], ...]:
    """Every field ``header`` could feed in ``entity``: (field, confidence, method)."""
    found: dict[str, tuple[float, str]] = {}

    def offer(name: str | None, confidence: float, method: str) -> None:
        if name and (name not in found or found[name][0] < confidence):
            found[name] = (round(confidence, 3), method)

    index = _index(entity)
    offer(index.exact.get(_exact_key(header)), 1.0, "exact")
    words = header_words(header)
    readings = [(w, c, r, False) for w, c, r in _readings(words, entity)]
    if len(words) > 1 and words[-1] in ("at", "on"):  # "registered_at", "last_seen_at": the time of it
        readings += [(w, min(c, _ID_SUFFIX_CONFIDENCE), r, False) for w, c, r in _readings(words[:-1], entity)]
    if len(words) > 1 and words[-1] in ("id", "1"):
        # "Account Name.id" is the key of "Account Name"; "OwnerId" the owner; "Email 1" the email.
        readings += [
            (w, min(c, _ID_SUFFIX_CONFIDENCE), r, words[-1] == "id")
            for w, c, r in _readings(words[:-1], entity)
        ]
    for reading, confidence, related, id_twin in readings:
        if related is None:
            name, sure = _lookup(reading, entity)
        else:
            theirs, sure = _lookup(reading, related)
            name = REFERENCES.get(entity, {}).get(related, {}).get(theirs or "")
        if name and id_twin:
            name = _ID_TWINS.get(name, name)
        offer(name, confidence * sure, "normalised")
    glued = split_glued(words)
    if not found and glued:  # "SALESORDERID" read as "sales order id"
        for name, confidence, _method in _candidates(" ".join(glued), entity):
            offer(name, min(confidence, _GLUED_CONFIDENCE), "normalised")
    if not found:
        for reading, _confidence, related, _twin in readings:
            if related is None:
                for name, confidence in _typo_matches(reading, entity, cap=FUZZY_RANGE[1]):
                    offer(name, confidence, "fuzzy")
    return tuple((name, conf, method) for name, (conf, method) in found.items())


def _check_headers(headers: Sequence[str]) -> list[str]:
    names = [str(h) for h in headers]
    if not names:
        raise MappingError("The file has no column headers; export it again with a header row.")
    seen: set[str] = set()
    for name in names:
        if name in seen:
            raise MappingError(f"The file has two columns named '{name}'; rename one and upload it again.")
        seen.add(name)
    return names


def guess_entity(headers: Iterable[str]) -> EntityGuess:
    """Which entity the headers describe, from how well and how specifically they match.

    A header that fits several entities ("Email", "Created Date") counts for each only as
    much as it is shared, so the few telling headers ("Opportunity Name", "StockCode")
    decide. ``scores`` are 0..1 per entity; ``confidence`` is the winner's share.
    """
    names = _check_headers(list(headers))
    best = {
        entity: {h: max((c for _, c, _ in _candidates(h, entity)), default=0.0) for h in names}
        for entity in ENTITIES
    }
    scores = dict.fromkeys(ENTITIES, 0.0)
    for header in names:
        matching = [e for e in ENTITIES if best[e][header] >= FUZZY_RANGE[0]]
        for entity in matching:
            scores[entity] += best[entity][header] / len(matching)
    scores = {e: round(s / len(names), 4) for e, s in scores.items()}
    total = sum(scores.values())
    winner = max(ENTITIES, key=lambda e: scores[e])  # ties go to the earlier entity
    if total == 0:
        return EntityGuess(None, 0.0, scores)
    return EntityGuess(winner, round(scores[winner] / total, 4), scores)


def _reuse_saved(names: list[str], saved: ColumnMapping | None, entity: str) -> dict[str, ColumnMatch]:
    """Decisions of a saved mapping for headers that are still in the file.

    Headers are compared ignoring case and spacing, as the importer's layout signature is;
    headers the saved mapping left unmapped automatically are mapped afresh.
    """
    if saved is None or saved.entity != entity:
        return {}
    by_key = {" ".join(c.header.casefold().split()): c for c in saved.columns}
    reused = {}
    for name in names:
        col = by_key.get(" ".join(name.casefold().split()))
        if col is not None and col.method != "none":
            reused[name] = ColumnMatch(name, col.field, 1.0, "saved")
    return reused


def map_headers(
    headers: Sequence[str], entity: str | None = None, *, saved: ColumnMapping | None = None
) -> ColumnMapping:
    """Map every header to a field of ``entity`` (guessed when None), never one field twice.

    Candidates are assigned surest first; on a tie the header spelled as the field's own
    name or label wins ("State" over "County" for state), then the earlier column. A
    header that loses keeps its best confidence and names the lost field in ``candidate``.
    """
    names = _check_headers(headers)
    if entity is None:
        if saved is not None and _reuse_saved(names, saved, saved.entity).keys() == set(names):
            entity = saved.entity
        else:
            entity = guess_entity(names).entity
            if entity is None:
                raise MappingError(
                    "None of the column headers looks like a CRM export the workbench knows; "
                    "choose what the file holds (contacts, accounts, deals...) and map the columns by hand."
                )
    fields_for(entity)  # MappingError for an unknown entity
    result = _reuse_saved(names, saved, entity)
    taken = {col.field for col in result.values() if col.field}
    canonical = _index(entity).canonical
    offers = []
    for order, name in enumerate(names):
        if name in result:
            continue
        own_name = canonical.get(normalise_header(name))
        for field_name, confidence, method in _candidates(name, entity):
            offers.append((-confidence, own_name != field_name, order, field_name, method, name))
    offers.sort(key=lambda o: o[:3])
    lost: dict[str, tuple[float, str]] = {}
    for neg_conf, _own, _order, field_name, method, name in offers:
        if name in result:
            continue
        if field_name in taken:
            lost.setdefault(name, (-neg_conf, field_name))
            continue
        result[name] = ColumnMatch(name, field_name, -neg_conf, method)
        taken.add(field_name)
    columns = []
    for name in names:
        if name in result:
            columns.append(result[name])
        elif name in lost:
            confidence, field_name = lost[name]
            columns.append(ColumnMatch(name, None, confidence, "none", candidate=field_name))
        else:
            columns.append(ColumnMatch(name, None, 0.0, "none"))
    return ColumnMapping(entity, tuple(columns))


__all__ = [
    "ColumnMapping", "ColumnMatch", "EntityGuess", "guess_entity",
    "header_words", "map_headers", "normalise_header",
]
