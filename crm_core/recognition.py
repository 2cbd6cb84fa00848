"""Recognise an export: what it holds and how its columns map, from its headers and values.

Headers alone (:mod:`crm_core.mapping`) are the first opinion; the values are the second
(:mod:`crm_core.column_values`). :func:`map_file` maps one file as one entity;
:func:`guess_file_entity` tries the entities its headers point to and keeps one only when the
file, mapped as it, holds what such a file needs, telling people from companies and reading a
first column of unique ids named after a kind of record; :func:`choose_entity` takes the
user's word over the guess, or says in a sentence why nothing fits.
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd

from crm_core.column_values import KnownNames, check_with_values
from crm_core.errors import MappingError
from crm_core.mapping import ColumnMapping, EntityGuess, guess_entity, header_words, map_headers, split_glued
from crm_core.schema import ENTITIES, ENTITY_LABELS, RECORD_WORDS, field_spec


def map_file(frame: pd.DataFrame, entity: str, *, saved: ColumnMapping | None = None,
             known: KnownNames = KnownNames(), profiled: dict | None = None) -> ColumnMapping:
    """The mapping of a file as read: its headers matched (reusing ``saved`` for this layout),
    then checked and completed by its values and the names ``known`` from other imports
    (:func:`crm_core.column_values.check_with_values`; ``profiled`` shares the columns'
    profiles between mappings of one file)."""
    return check_with_values(map_headers([str(h) for h in frame.columns], entity, saved=saved), frame, known,
                             profiled)



# What a file of each entity must hold to be one: at least one of these fields, mapped from
# its headers and values, and what the sentence calls them when none is there. A product list
# with names and prices has order-like headers but no date, customer or order number; a lead
# list of ids and sources is no ticket log without a subject or a status.
ENTITY_NEEDS = {
    "contacts": (("first_name", "last_name", "full_name", "email", "phone", "mobile", "company", "lead_source",
                  "lead_status", "lifecycle_stage"), "a person's name, email, phone or lead details"),
    "accounts": (("name", "domain", "website"), "a company's name or web address"),
    "deals": (("amount", "stage", "status", "close_date", "name", "probability"),
              "a deal's name, amount, stage or close date"),
    "activities": (("occurred_at", "created_at", "completed_at"), "the date of each activity"),
    "users": (("name", "first_name", "last_name", "email", "username", "role", "profile", "license", "is_active",
               "last_login_at"), "a user's name, email, username, role or last login"),
    "tickets": (("subject", "description", "status", "priority", "category", "ticket_number", "closed_at"),
                "a ticket's subject, status or priority"),
    "transactions": (("occurred_at", "customer_id", "customer_name", "invoice_id"),
                     "a date, customer or order number per line"),
}


# What only a person has, and what only a company has: contacts and accounts share most fields
# (name, email, phone, address), so these decide between them.
PERSON_FIELDS = frozenset({"first_name", "middle_name", "last_name", "full_name", "salutation", "job_title",
                           "department", "birth_date", "mobile", "home_phone"})
COMPANY_FIELDS = frozenset({"website", "domain", "industry", "employees", "annual_revenue", "parent_account_id",
                            "parent_account_name"})


def guess_file_entity(frame: pd.DataFrame) -> EntityGuess:
    """What a file holds, from its headers (:func:`crm_core.mapping.guess_entity`), checked
    against its values: an entity is taken only when the file, mapped as it, holds what such a
    file needs (:data:`ENTITY_NEEDS`), otherwise the next entity its headers point to; and
    between contacts and accounts, a file with people's fields and no company's is contacts, one
    with a company's and no person's is accounts."""
    guess = guess_entity([str(h) for h in frame.columns])
    mapped: dict[str, set[str]] = {}
    profiled: dict = {}

    def fields_as(entity: str) -> set[str]:
        if entity not in mapped:
            mapped[entity] = set(map_file(frame, entity, profiled=profiled).mapped().values())
        return mapped[entity]

    named = _named_by_first_column(frame)
    if named and named[0] != guess.entity and set(ENTITY_NEEDS[named[0]][0]) & fields_as(named[0]):
        total = sum(guess.scores.values()) or 1.0
        return EntityGuess(named[0], round(guess.scores[named[0]] / total, 4), guess.scores, named[1])
    rejected = []
    for entity in sorted((e for e, s in guess.scores.items() if s > 0), key=lambda e: -guess.scores[e]):
        needs, _ = ENTITY_NEEDS[entity]
        if not set(needs) & fields_as(entity):
            rejected.append(entity)
            continue
        total = sum(guess.scores.values())
        people_or_companies = _people_or_companies(fields_as) if entity in ("contacts", "accounts") else None
        if people_or_companies and people_or_companies[0] != entity:
            chosen, why = people_or_companies
            return EntityGuess(chosen, round(guess.scores[chosen] / total, 4), guess.scores, why)
        if not rejected:
            return guess
        return EntityGuess(entity, round(guess.scores[entity] / total, 4), guess.scores, _rejection(rejected))
    return EntityGuess(None, 0.0, guess.scores, _rejection(rejected)) if rejected else guess


def _named_by_first_column(frame: pd.DataFrame) -> tuple[str, str] | None:
    """(entity, why) when the file's first column is an id named after one kind of record
    (``account_id``, ``sales_rep_id``) with a value on every row and none repeated: the
    records' own ids, so the file holds that kind of record."""
    if frame.shape[1] == 0 or len(frame) < 2:
        return None
    header = str(frame.columns[0])
    words = split_glued(header_words(header)) or header_words(header)  # "EMPLOYEEID" is "employee id"
    if len(words) < 2 or words[-1] not in ("id", "number", "no", "key"):
        return None
    owner = " ".join(words[:-1])
    entity = next((e for e, names in RECORD_WORDS.items() if owner in names), None)
    values = frame.iloc[:, 0]
    if entity is None or values.isna().any() or not values.is_unique:
        return None
    return entity, (f"Read as {ENTITY_LABELS[entity]}: its first column, '{header}', holds a different value on "
                    "every row, so those are the records' own ids.")


def _people_or_companies(fields_as: Callable[[str], set[str]]) -> tuple[str, str] | None:
    """("contacts" or "accounts", why) when the file's fields say one and not the other."""
    person = sorted(PERSON_FIELDS & fields_as("contacts"))
    company = sorted(COMPANY_FIELDS & fields_as("accounts"))
    if person and not company:
        return "contacts", f"Read as {ENTITY_LABELS['contacts']}: it holds a person's {_labels('contacts', person)}."
    if company and not person:
        return "accounts", f"Read as {ENTITY_LABELS['accounts']}: it holds a company's {_labels('accounts', company)}" \
                           " and nothing only a person has."
    return None


def _labels(entity: str, fields: list[str]) -> str:
    return ", ".join(field_spec(entity, field).label.lower() for field in fields)


def _rejection(entities: list[str]) -> str:
    return "Not read as " + "; nor as ".join(
        f"{ENTITY_LABELS[entity]}: no column holds {ENTITY_NEEDS[entity][1]}" for entity in entities) + "."


def choose_entity(frame: pd.DataFrame, entity: str | None, file_name: str) -> tuple[EntityGuess, str]:
    """What the file holds: as the user said, else guessed from its headers and values; or a sentence."""
    guess = guess_file_entity(frame)
    chosen = entity or guess.entity
    if chosen not in ENTITIES:
        raise MappingError(
            f"The columns of {file_name} do not look like any CRM export the workbench knows"
            + (f". {guess.reason} Say" if guess.reason else ": say")
            + " what the file holds (contacts, accounts, deals...) and map the columns by hand."
        )
    return guess, chosen



