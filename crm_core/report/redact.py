"""Redacting personal data (names, emails, phone numbers) from text that came from the CRM.

A :class:`Redactor` knows the people's names found in the exports (contact first and last
names, users, record owners) and replaces them, every email address and every phone number
with a marker. It is applied to what the report quotes from the CRM (finding titles, details,
evidence and example values), never to the report's own words.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

import pandas as pd

NAME = "[name]"
EMAIL = "[email]"
PHONE = "[phone]"
NAME_COLUMNS = {"contacts": ("first_name", "last_name", "full_name", "owner"), "users": ("name", "full_name"),
                "accounts": ("owner",), "deals": ("owner",), "tickets": ("owner",), "activities": ("owner",)}
NOT_NAMES = {"n/a", "na", "test", "unknown", "none", "null", "asdf", "tbd", "xxx", "the", "and", "of"}
_EMAIL = re.compile(r"[^\s,;:<>()\[\]\"'|]*@[^\s,;:<>()\[\]\"'|]*")
_PHONE = re.compile(r"\+?\(?\d[\d ().\-/]{5,}\d")
_WORD = re.compile(r"[^\W\d_][\w'’\-]*")
_RUN = re.compile(r"\[name\](?:[ \-]\[name\])+")
_DATE = re.compile(r"\d{4}-(\d{1,2})-(\d{1,2})|(\d{1,2})[/.](\d{1,2})[/.]\d{2,4}")  # dates, with or without a time
_DECIMAL = re.compile(r"\d+\.\d+")


def _is_date(text: str) -> bool:
    """A date only if its day and month can be one: "40.32.2555" is a French phone number."""
    found = _DATE.match(text)
    if found is None:
        return False
    first, second = (int(g) for g in (found.groups()[:2] if found.group(1) else found.groups()[2:]))
    return (first <= 12 and second <= 31) or (first <= 31 and second <= 12)


def _phone(match: re.Match) -> str:
    text = match.group(0)
    core = text.lstrip("(+ ")
    digits = sum(ch.isdigit() for ch in text)
    if not 7 <= digits <= 15 or _is_date(core) or _DECIMAL.fullmatch(core):
        return text
    return PHONE


class Redactor:
    """Replaces known names, emails and phone numbers in strings (see the module docstring)."""

    def __init__(self, names: Iterable[str] = ()):
        tokens = set()
        for name in names:
            for word in _WORD.findall(str(name)):
                folded = word.casefold()
                if len(folded) >= 2 and folded not in NOT_NAMES:
                    tokens.add(folded)
        self.tokens = frozenset(tokens)

    @classmethod
    def from_tables(cls, tables: Mapping[str, pd.DataFrame]) -> Redactor:
        names: set[str] = set()
        for entity, columns in NAME_COLUMNS.items():
            table = tables.get(entity)
            if table is None:
                continue
            for column in columns:
                if column in table.columns:
                    names.update(table[column].dropna().astype(str).unique())
        return cls(names)

    def text(self, value: str) -> str:
        if not value:
            return value
        value = _EMAIL.sub(EMAIL, value)
        value = _PHONE.sub(_phone, value)
        value = _WORD.sub(self._name, value)
        return _RUN.sub(NAME, value)

    def _name(self, match: re.Match) -> str:
        word = match.group(0)
        acronym = word.isupper() and len(word) <= 3  # a country code or an acronym, not a name
        return NAME if word[0].isupper() and not acronym and word.casefold() in self.tokens else word

    def value(self, value: object) -> object:
        return self.text(value) if isinstance(value, str) else value
