"""The in-memory state shared by all builders: the random source, the records and the ledger
of which (record, field) cells a defect has already taken.

Records are plain dicts keyed by the export headers (values are Python dates, Phone objects,
strings, ...); keys starting with '_' are private helpers that are never written.
"""

import random
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from .constants import ID_FIELD
from .ids import IdMaker


@dataclass
class World:
    rng: random.Random
    users: list = field(default_factory=list)
    accounts: list = field(default_factory=list)
    contacts: list = field(default_factory=list)
    opportunities: list = field(default_factory=list)
    activities: list = field(default_factory=list)
    cases: list = field(default_factory=list)
    staff: dict = field(default_factory=dict)            # full name -> StaffMember
    used_numbers: set = field(default_factory=set)       # (region, nsn) already handed out
    claims: set = field(default_factory=set)             # (entity, record id, field)
    planted: dict = field(default_factory=dict)          # defect key -> list of record ids
    facts: dict = field(default_factory=dict)            # other truth: pii, clusters, usage ...
    id_makers: dict = field(default_factory=dict)

    def new_id(self, prefix: str) -> str:
        """Next Salesforce-style id for a key prefix (001 accounts, 003 contacts, ...)."""
        if prefix not in self.id_makers:
            self.id_makers[prefix] = IdMaker(prefix, self.rng)
        return self.id_makers[prefix].next()

    def plant(self, key: str, record_id: str) -> None:
        """Remember that a defect of class key was planted on a record."""
        self.planted.setdefault(key, []).append(record_id)

    def claim(self, entity: str, row: dict, *fields: str) -> None:
        for name in fields:
            self.claims.add((entity, row[ID_FIELD[entity]], name))

    def is_free(self, entity: str, row: dict, *fields: str) -> bool:
        rid = row[ID_FIELD[entity]]
        return all((entity, rid, name) not in self.claims for name in fields)

    def pick(self, entity: str, rows: list, count: int, fields: tuple, where=None) -> list:
        """Choose count records whose given fields no other defect has taken, and take them."""
        pool = [r for r in rows if self.is_free(entity, r, *fields) and (where is None or where(r))]
        if len(pool) < count:
            raise RuntimeError(f"only {len(pool)} {entity} eligible for {fields}, need {count}")
        chosen = self.rng.sample(pool, count)
        for row in chosen:
            self.claim(entity, row, *fields)
        return chosen


def random_date(rng: random.Random, start: date, end: date) -> date:
    """A date between start and end inclusive."""
    return start + timedelta(days=rng.randint(0, max(0, (end - start).days)))


def skewed_date(rng: random.Random, start: date, end: date, power: float) -> date:
    """A date between start and end; power > 1 leans towards end (recent records are commoner)."""
    span = max(0, (end - start).days)
    return start + timedelta(days=round(span * rng.random() ** (1 / power)))


def weekday_on_or_after(day: date) -> date:
    """Move a weekend date to the following Monday."""
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return day


def working_time(rng: random.Random, day: date, start_hour: int = 8, end_hour: int = 18) -> datetime:
    """A time of day within working hours."""
    minutes = rng.randint(start_hour * 60, end_hour * 60 + 59)
    return datetime(day.year, day.month, day.day, minutes // 60, minutes % 60)
