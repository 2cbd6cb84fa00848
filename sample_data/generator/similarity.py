"""Keep different people and companies from looking alike by accident.

The duplicate-detection tests need a clean negative class: two records that are not planted
duplicates must not be near-identical either. Each name is reduced to a plain key (no accents,
case or punctuation, nicknames resolved) and compared through its one-deletion variants,
which catches any two names one typo apart, like a spelling-tolerant matcher would.
"""

import re
import unicodedata

from .names import NICKNAME_TO_FORMAL

SPECIAL_LETTERS = str.maketrans({"ø": "o", "Ø": "O", "ł": "l", "Ł": "L", "ß": "ss", "æ": "ae",
                                 "Æ": "AE", "đ": "d", "ı": "i"})
LEGAL_WORDS = {"inc", "llc", "l l c", "corp", "corporation", "co", "ltd", "limited", "plc",
               "llp", "dac", "gmbh", "ag", "sa", "sas", "sarl", "bv", "nv", "spa", "srl", "sl",
               "pty", "the", "and"}


def plain(text: str) -> str:
    """Lower case ASCII letters, digits and single spaces: 'José  O'Brien' -> 'jose obrien'."""
    text = unicodedata.normalize("NFKD", text.translate(SPECIAL_LETTERS))
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).lower()
    text = text.replace("'", "").replace("&", " and ")
    return re.sub(r"[^a-z0-9]+", " ", text).strip()


def one_deletions(text: str) -> set[str]:
    """The text and every string made by deleting one character from it."""
    return {text} | {text[:i] + text[i + 1:] for i in range(len(text))}


def person_keys(first: str, last: str) -> set[str]:
    """Keys under which two people would be mistaken for each other."""
    first_plain = plain(NICKNAME_TO_FORMAL.get(first.strip(), first))
    last_plain = plain(last)
    keys = set()
    for a, b in ((first_plain, last_plain), (last_plain, first_plain)):
        keys |= one_deletions((a + b).replace(" ", ""))
    return keys


def company_core(name: str) -> str:
    """A company name without legal form, 'The', '&'/'and', case or punctuation."""
    words = plain(name.replace(".", "")).split()
    return " ".join(w for w in words if w not in LEGAL_WORDS)


def company_keys(name: str) -> set[str]:
    """Keys under which two companies would be mistaken for each other."""
    return one_deletions(company_core(name).replace(" ", ""))


class LookalikeGuard:
    """Remembers the keys of accepted names and refuses a name that clashes with one."""

    def __init__(self):
        self.keys: set[str] = set()

    def clashes(self, keys: set[str]) -> bool:
        return not self.keys.isdisjoint(keys)

    def accept(self, keys: set[str]) -> None:
        self.keys |= keys
