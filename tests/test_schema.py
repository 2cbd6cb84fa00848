"""Canonical fields and the header-synonyms table: the names other modules rely on exist,
their flags say what METHOD.md says, and the data file is consistent."""

from __future__ import annotations

import csv
import re
from collections import Counter
from importlib import resources

import pytest

from crm_core.errors import MappingError
from crm_core.mapping import normalise_header
from crm_core.schema import (
    ENTITIES,
    KINDS,
    SYNONYM_SOURCES,
    field_spec,
    fields_for,
    synonym_rows,
    synonyms_for,
)

REQUIRED = {
    "contacts": """record_id first_name last_name full_name email phone mobile company account_id
        job_title owner lifecycle_stage lead_source street city state postal_code country
        birth_date external_id email_opt_in created_at updated_at last_activity_at email_opt_out
        email_bounced_at description salutation job_function website fax lead_status
        unsubscribed lawful_basis""",
    "accounts": """record_id name website industry parent_account_id owner phone city state country
        annual_revenue employees created_at last_activity_at street postal_code account_type
        description updated_at""",
    "deals": """record_id name account_id account_name amount stage pipeline owner lead_source
        created_at close_date probability deal_type stage_changed_at next_step last_activity_at
        contact_id currency updated_at""",
    "activities": """record_id type subject owner occurred_at contact_id account_id deal_id status
        description created_at duration_minutes""",
    "users": """record_id name email team role is_active last_login_at profile created_at
        first_name last_name""",
    "tickets": """record_id subject status priority owner account_id created_at closed_at
        ticket_number contact_id origin description category""",
    "transactions": """record_id invoice_id customer_id occurred_at amount quantity unit_price
        product_code description country""",
}


def test_entities_are_the_seven_record_types_in_order():
    assert ENTITIES == ("contacts", "accounts", "deals", "activities", "users", "tickets", "transactions")


@pytest.mark.parametrize(
    ("entity", "name"), [(e, n) for e, names in REQUIRED.items() for n in names.split()]
)
def test_required_canonical_field_exists(entity, name):
    assert field_spec(entity, name).name == name


@pytest.mark.parametrize("entity", ENTITIES)
def test_fields_are_well_formed_and_unique(entity):
    specs = fields_for(entity)
    names = [s.name for s in specs]
    assert len(names) == len(set(names))
    labels = [s.label.casefold() for s in specs]
    assert len(labels) == len(set(labels)), "two fields would show the same label"
    for spec in specs:
        assert re.fullmatch(r"[a-z][a-z0-9_]*", spec.name)
        assert spec.kind in KINDS
        assert spec.label and spec.description and "\n" not in spec.description


@pytest.mark.parametrize("entity", ENTITIES)
def test_every_entity_has_an_identifying_record_id(entity):
    spec = field_spec(entity, "record_id")
    assert (spec.kind, spec.identifying, spec.decays) == ("id", True, False)


# METHOD.md: email, phone, postal address, job title, job function, company, value, website decay.
@pytest.mark.parametrize(
    ("entity", "name", "decays"),
    [
        ("contacts", "email", True), ("contacts", "phone", True), ("contacts", "mobile", True),
        ("contacts", "street", True), ("contacts", "city", True), ("contacts", "postal_code", True),
        ("contacts", "country", True), ("contacts", "job_title", True),
        ("contacts", "job_function", True), ("contacts", "company", True),
        ("contacts", "website", True), ("accounts", "website", True),
        ("accounts", "annual_revenue", True), ("deals", "amount", True),
        ("contacts", "first_name", False), ("contacts", "birth_date", False),
        ("contacts", "created_at", False), ("deals", "close_date", False),
        ("transactions", "amount", False),
    ],
)
def test_decaying_fields_follow_the_method(entity, name, decays):
    assert field_spec(entity, name).decays is decays


@pytest.mark.parametrize(
    ("entity", "name", "personal"),
    [
        ("contacts", "email", True), ("contacts", "first_name", True),
        ("contacts", "birth_date", True), ("contacts", "street", True),
        ("users", "email", True), ("transactions", "customer_id", True),
        ("contacts", "company", False), ("accounts", "name", False), ("accounts", "phone", False),
        ("deals", "amount", False),
    ],
)
def test_personal_data_is_flagged(entity, name, personal):
    assert field_spec(entity, name).personal is personal


@pytest.mark.parametrize(
    ("call", "args"),
    [(fields_for, ("leads",)), (field_spec, ("contacts", "shoe_size")), (synonyms_for, ("Contacts",))],
)
def test_unknown_entity_or_field_is_a_mapping_error(call, args):
    with pytest.raises(MappingError, match="pick|choose"):
        call(*args)


def test_synonyms_file_has_the_documented_columns():
    text = (resources.files("crm_core") / "data" / "header_synonyms.csv").read_text(encoding="utf-8")
    assert next(csv.reader(text.splitlines())) == ["entity", "field", "header", "source"]


def test_synonym_rows_are_broad_and_cover_every_source():
    rows = synonym_rows()
    assert len(rows) >= 300
    per_source = Counter(source for *_, source in rows)
    assert set(per_source) == set(SYNONYM_SOURCES)
    assert all(count >= 10 for count in per_source.values()), per_source


def test_no_header_is_listed_twice_for_an_entity():
    pairs = Counter((entity, header) for entity, _field, header, _source in synonym_rows())
    assert [pair for pair, n in pairs.items() if n > 1] == []


@pytest.mark.parametrize("entity", ENTITIES)
def test_no_spelling_of_a_header_means_two_fields(entity):
    # Same key after normalising, different field: the mapper could not choose.
    meaning: dict[str, set[str]] = {}
    for spec in fields_for(entity):
        for header in (spec.name, spec.label, *synonyms_for(entity)[spec.name]):
            meaning.setdefault(normalise_header(header), set()).add(spec.name)
    assert {k: v for k, v in meaning.items() if len(v) > 1} == {}


@pytest.mark.parametrize(
    ("entity", "header", "field"),
    [
        ("contacts", "Contact owner", "owner"),
        ("contacts", "Mailing Street", "street"),
        ("contacts", "MailingStreet", "street"),
        ("contacts", "HasOptedOutOfEmail", "email_opt_out"),
        ("contacts", "Mailing Zip", "postal_code"),
        ("contacts", "Address 1: ZIP/Postal Code", "postal_code"),
        ("contacts", "Person - Email - Work", "email"),
        ("contacts", "Surname", "last_name"),
        ("contacts", "Suburb", "city"),
        ("contacts", "DOB", "birth_date"),
        ("accounts", "Billing Code", "postal_code"),
        ("deals", "Deal - Expected close date", "close_date"),
        ("deals", "Est. Close Date", "close_date"),
        ("deals", "StageName", "stage"),
        ("tickets", "Date/Time Opened", "created_at"),
        ("transactions", "StockCode", "product_code"),
    ],
)
def test_real_export_labels_are_in_the_data(entity, header, field):
    assert header in synonyms_for(entity)[field]


def test_synonyms_for_lists_every_field_and_returns_a_copy():
    synonyms = synonyms_for("deals")
    assert set(synonyms) == {s.name for s in fields_for("deals")}
    synonyms["stage"] = ()
    assert "Stage" in synonyms_for("deals")["stage"]
