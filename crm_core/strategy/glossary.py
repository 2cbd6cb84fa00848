"""One vocabulary for every team: each team's definition of each term side by side, with a
flag where the teams mean different things by one word, or one thing by two words.

Similarity is RapidFuzz's ``token_sort_ratio`` (0-100) on lower-cased words without
punctuation, so word order does not matter but every word does: "a company that signed a
contract" against "a company that signed a contract and paid its first invoice" scores 70,
a material difference. Thresholds:

- two teams *disagree* on a term when their definitions score below :data:`AGREE_AT` (80),
  or when they quote different numbers ("score 50 or more" against "score 70 or more");
- two terms are *one thing under two names* when their definitions score at or above
  :data:`SAME_THING_AT` (90) and quote the same numbers.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import combinations

from rapidfuzz import fuzz, utils

from crm_core.errors import CrmCoreError
from crm_core.models import GlossaryDefinition, GlossaryEntry
from crm_core.strategy.departments import CUSTOMER_FACING, department_label

AGREE_AT = 80
SAME_THING_AT = 90
TEAMS: tuple[str, ...] = CUSTOMER_FACING
STANDARD_TERMS: tuple[str, ...] = (
    "Lead", "Prospect", "Contact", "Opportunity", "Customer",
    "Marketing-qualified lead (MQL)", "Sales-qualified lead (SQL)",
    "Hand-off from marketing to sales", "Lead-scoring rule",
)
TERM_KINDS = ("standard", "stage", "custom")
KIND_LABELS = {"standard": "Core term", "stage": "Pipeline stage", "custom": "Other term"}


@dataclass(frozen=True)
class GlossaryFlag:
    kind: str  # "differs" or "same_thing"
    terms: tuple[str, ...]
    teams: tuple[str, ...]
    similarity: int
    message: str


def clean_term(term: str) -> str:
    cleaned = " ".join(term.split())
    if not cleaned:
        raise CrmCoreError("Type the term to add, e.g. a pipeline stage such as 'Proposal sent'.")
    if len(cleaned) > 80:
        raise CrmCoreError(f"The term is {len(cleaned)} characters long: keep it to 80 at most.")
    return cleaned


def similarity(first: str, second: str) -> int:
    return round(fuzz.token_sort_ratio(first, second, processor=utils.default_process))


def numbers_in(text: str) -> tuple[str, ...]:
    return tuple(sorted(re.findall(r"\d+(?:[.,]\d+)?", text)))


def glossary_terms(entries: Sequence[GlossaryEntry]) -> list[tuple[str, str]]:
    """(term, kind) in reading order: the standard terms, then pipeline stages, then others."""
    stored = {entry.term: entry.kind for entry in entries}
    terms = [(term, "standard") for term in STANDARD_TERMS]
    for kind in ("stage", "custom"):
        extra = sorted((e for e in entries if e.kind == kind and e.term not in STANDARD_TERMS),
                       key=lambda e: (e.created_at, e.term))
        terms += [(e.term, stored[e.term]) for e in extra]
    return terms


def definitions_by_term(entries: Sequence[GlossaryEntry],
                        definitions: Sequence[GlossaryDefinition]) -> dict[str, dict[str, str]]:
    """term -> team -> definition, only for definitions that say something."""
    term_of = {entry.id: entry.term for entry in entries}
    table: dict[str, dict[str, str]] = {}
    for definition in definitions:
        if definition.definition.strip() and definition.entry_id in term_of:
            table.setdefault(term_of[definition.entry_id], {})[definition.team] = definition.definition.strip()
    return table


def find_glossary_flags(table: dict[str, dict[str, str]]) -> list[GlossaryFlag]:
    """Every disagreement within a term, then every pair of terms that mean the same thing."""
    flags = []
    for term, by_team in table.items():
        for first, second in combinations([t for t in TEAMS if t in by_team], 2):
            score = similarity(by_team[first], by_team[second])
            numbers = numbers_in(by_team[first]), numbers_in(by_team[second])
            if score < AGREE_AT or numbers[0] != numbers[1]:
                why = (f"they quote different numbers ({', '.join(numbers[0]) or 'none'} against "
                       f"{', '.join(numbers[1]) or 'none'})" if numbers[0] != numbers[1]
                       else f"similarity {score} is below {AGREE_AT}")
                flags.append(GlossaryFlag("differs", (term,), (first, second), score,
                                          f"{department_label(first)} and {department_label(second)} mean different "
                                          f"things by '{term}': {why}. Agree one definition."))
    seen: set[tuple[str, str]] = set()
    cells = [(term, team, text) for term, by_team in table.items() for team, text in by_team.items()]
    for (term_a, team_a, text_a), (term_b, team_b, text_b) in combinations(cells, 2):
        pair = (term_a, term_b) if term_a < term_b else (term_b, term_a)
        if term_a == term_b or pair in seen:
            continue
        score = similarity(text_a, text_b)
        if score >= SAME_THING_AT and numbers_in(text_a) == numbers_in(text_b):
            seen.add(pair)
            teams = (team_a, team_b) if pair[0] == term_a else (team_b, team_a)
            flags.append(GlossaryFlag("same_thing", pair, teams, score,
                                      f"'{pair[0]}' and '{pair[1]}' are defined the same way (similarity {score}): "
                                      "one thing under two names. Keep one term."))
    return flags
