"""Salesforce-style 18-character record ids.

A Salesforce id is a 3-character key prefix, a 2-character pod, a reserved character and a
9-character base-62 record number; the 18-character form appends a 3-character suffix that
encodes which of the first 15 characters are upper case. Record numbers grow with creation
order, so ids sort roughly like Created Date, as in a real org.
"""

import random

BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
SUFFIX_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ012345"
POD = "8d"


def to_base62(number: int, width: int) -> str:
    """Encode a non-negative integer in base 62, left-padded with zeros."""
    chars = []
    while number:
        number, rest = divmod(number, 62)
        chars.append(BASE62[rest])
    return "".join(reversed(chars)).rjust(width, "0")


def checksum_suffix(id15: str) -> str:
    """The 3-character suffix that makes a 15-character id case-insensitively unique."""
    suffix = ""
    for chunk in range(3):
        bits = 0
        for position, char in enumerate(id15[chunk * 5:chunk * 5 + 5]):
            if "A" <= char <= "Z":
                bits |= 1 << position
        suffix += SUFFIX_ALPHABET[bits]
    return suffix


class IdMaker:
    """Hands out increasing ids for one key prefix (e.g. '003' for contacts)."""

    def __init__(self, prefix: str, rng: random.Random):
        self.prefix = prefix
        self.rng = rng
        self.counter = rng.randrange(62 ** 5, 62 ** 6)

    def next(self) -> str:
        """Return the next id; gaps between record numbers are random, as in a busy org."""
        self.counter += self.rng.randint(1, 40)
        id15 = self.prefix + POD + "0" + to_base62(self.counter, 9)
        return id15 + checksum_suffix(id15)
