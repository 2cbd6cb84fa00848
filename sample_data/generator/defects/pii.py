"""Personal data typed into free-text fields, recorded value by value in truth.json.

The raw values let later tests assert that masked output never leaks them. Order numbers
that look like card numbers but fail the Luhn check are planted as negatives.
"""

from ..constants import HEALTH_TERMS
from ..freetext import (LUHN_NEGATIVE_SENTENCES, card_number, date_of_birth, iban, luhn_failing_number,
                        nino, pii_sentence, ssn)
from ..world import World

PLAN = {
    # entity: (field, {kind: count})
    "contacts": ("Description", {"card": 4, "iban": 3, "ssn": 3, "nino": 3, "dob": 4, "health": 5}),
    "activities": ("Comments", {"card": 4, "iban": 3, "ssn": 2, "nino": 2, "dob": 2, "health": 4}),
    "cases": ("Description", {"card": 3, "iban": 2, "ssn": 2, "nino": 2, "dob": 2, "health": 3}),
}
LUHN_NEGATIVES = {"activities": 4, "cases": 3}
ID_FIELDS = {"contacts": "Contact ID", "activities": "Activity ID", "cases": "Case ID"}


def raw_value(w: World, kind: str, index: int) -> str:
    """One piece of personal data of the given kind."""
    maker = {"card": card_number, "iban": iban, "ssn": ssn, "nino": nino, "dob": date_of_birth}
    if kind == "health":
        return HEALTH_TERMS[index % len(HEALTH_TERMS)]
    return maker[kind](w.rng)


def append_text(row: dict, field: str, sentence: str) -> None:
    """Add a sentence to whatever the note already says."""
    row[field] = f"{row[field]} {sentence}" if row[field] else sentence


def plant_pii(w: World) -> None:
    """Cards, IBANs, SSNs, NI numbers, birth dates and health words in notes."""
    records = w.facts.setdefault("pii_in_free_text", [])
    health_index = 0
    for entity, (field, kinds) in PLAN.items():
        rows = getattr(w, entity)
        total = sum(kinds.values())
        chosen = w.pick(entity, rows, total, (field,))
        kind_list = [k for k, n in kinds.items() for _ in range(n)]
        for row, kind in zip(chosen, kind_list):
            value = raw_value(w, kind, health_index)
            health_index += kind == "health"
            append_text(row, field, pii_sentence(w.rng, kind, value))
            records.append({"entity": entity, "record_id": row[ID_FIELDS[entity]], "field": field,
                            "kind": kind, "raw": value})
            w.plant("free_text_pii", row[ID_FIELDS[entity]])


def plant_luhn_negatives(w: World) -> None:
    """Card-shaped reference numbers that fail the Luhn check (must not be flagged as cards)."""
    records = w.facts.setdefault("luhn_negatives", [])
    for entity, count in LUHN_NEGATIVES.items():
        field = PLAN[entity][0]
        for row in w.pick(entity, getattr(w, entity), count, (field,)):
            value = luhn_failing_number(w.rng)
            append_text(row, field, w.rng.choice(LUHN_NEGATIVE_SENTENCES).format(v=value))
            records.append({"entity": entity, "record_id": row[ID_FIELDS[entity]], "field": field, "raw": value})
