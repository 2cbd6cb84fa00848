"""Blocking: each pass finds the pairs it is keyed on, common values are capped, never all pairs."""

import numpy as np
import pytest

from crm_core.dedupe.block import find_candidates
from crm_core.dedupe.records import prepare_records
from tests.dedupe.conftest import accounts, contacts, strangers


def passes_of(table, entity, a="r1", b="r2", **options):
    frame = prepare_records(table, entity)
    found = find_candidates(frame, entity, **options)
    ids = frame["record_id"].to_numpy()
    pairs = {frozenset((ids[l], ids[r])): int(m) for l, r, m in zip(found.left, found.right, found.passes)}
    mask = pairs.get(frozenset((a, b)), 0)
    return {name for i, name in enumerate(found.pass_names) if mask & (1 << i)}, found


BASE = {"first_name": "Ann", "last_name": "Lee", "email": "ann.lee@acme.com", "phone": "020 7946 0001",
        "city": "Leeds", "postal_code": "LS1 1AA", "company": "Acme Ltd", "country": "UK"}


@pytest.mark.parametrize("pass_name, second", [
    # r2 is r1 with every key but one changed; the named pass must still pair them
    ("email", {"first_name": "Zed", "last_name": "Quo", "email": "ANN.LEE@acme.com"}),
    ("phone", {"first_name": "Zed", "last_name": "Quo", "email": None, "phone": None, "mobile": "+44 20 7946 0001"}),
    ("email local part", {"first_name": "Zed", "last_name": "Quo", "email": "ann.lee@gmail.com", "phone": None}),
    ("name + postcode", {"email": None, "phone": None, "city": "Bradford", "company": None}),
    ("name + city", {"email": None, "phone": None, "postal_code": None, "company": None}),
    ("name + company", {"email": None, "phone": None, "city": None, "postal_code": None,
                        "company": "ACME Limited"}),
    ("name + birth date", {"email": None, "phone": None, "city": None, "postal_code": None, "company": None,
                           "birth_date": "1980-05-06"}),
    ("last name + company domain", {"first_name": "Annabel", "email": "a.lee@acme.com", "phone": None,
                                    "city": None, "postal_code": None, "company": None}),
])
def test_each_contact_pass_pairs_what_it_is_keyed_on(pass_name, second):
    first = dict(BASE, birth_date="1980-05-06" if pass_name == "name + birth date" else None)
    table = contacts(first, {**BASE, **second}, *strangers(30))
    found, _ = passes_of(table, "contacts")
    assert pass_name in found


def test_swapped_names_and_nicknames_share_a_name_key():
    # r1 and r2 are one person written "Lee, Bill" and "William Lee"
    table = contacts({"first_name": "Lee", "last_name": "Bill", "city": "Leeds"},
                     {"first_name": "William", "last_name": "Lee", "city": "Leeds"}, *strangers(30))
    found, _ = passes_of(table, "contacts")
    assert "name + city" in found


def test_sorted_name_fallback_catches_records_whose_keys_are_all_damaged():
    # no email, phone or place in common; only the (misspelt) name is close
    table = contacts({"first_name": "Katherine", "last_name": "Zbigniewski", "city": "Leeds"},
                     {"first_name": "Katherine", "last_name": "Zbignievski", "city": "York"}, *strangers(60))
    found, _ = passes_of(table, "contacts")
    assert found & {"sorted name", "sorted name, reversed"}


@pytest.mark.parametrize("pass_name, second", [
    ("name", {"website": None, "phone": None, "name": "ACME, Inc."}),
    ("website domain", {"name": "Totally Different", "phone": None, "website": "https://www.acme.com/contact"}),
    ("phone", {"name": "Totally Different", "website": None, "phone": "+1 (212) 555-0100"}),
    ("name key + city", {"name": "Akme Inc", "website": None, "phone": None}),
])
def test_each_account_pass(pass_name, second):
    first = {"name": "Acme Inc", "website": "acme.com", "phone": "212-555-0100", "city": "New York", "country": "USA"}
    table = accounts(first, {**first, **second},
                     *[{"name": f"Firm{i} Zq{i}", "city": f"Town{i}"} for i in range(30)])
    found, _ = passes_of(table, "accounts", a="a1", b="a2")
    assert pass_name in found


def test_a_common_value_is_sub_blocked_and_reported():
    # 120 people share the office mailbox: comparing all of them would be 7,140 pairs
    people = [dict(p, email="info@acme.com") for p in strangers(120)]
    frame = prepare_records(contacts(*people), "contacts")
    found = find_candidates(frame, "contacts", max_block=20, window=4)
    email = next(s for s in found.stats if s.name == "email")
    assert email.oversized_blocks == 1 and email.largest_block == 120
    assert "info@acme.com" in email.largest_value
    assert email.pairs <= 120 * 3


def test_candidates_are_far_fewer_than_all_pairs_and_each_counted_once():
    frame = prepare_records(contacts(*strangers(400)), "contacts")
    found = find_candidates(frame, "contacts")
    codes = found.left.astype(np.int64) * 400 + found.right
    assert len(np.unique(codes)) == len(codes)
    assert (found.left < found.right).all()
    assert len(codes) < 400 * 399 / 2 / 20
    assert sum(s.new_pairs for s in found.stats) == len(codes)


def test_an_id_column_kept_as_custom_field_is_matched_on_and_house_numbers_join_the_street():
    # FEBRL-like layout: the id and the house number were not mapped to workbench fields
    from crm_core.dedupe.records import external_id_column, house_number_column

    table = contacts({"first_name": "Coby", "last_name": "Berry", "street": "Heagney Crescent"},
                     {"first_name": "Jaxon", "last_name": "Quill", "street": "Agnew Street"},
                     *strangers(30))
    table["custom:soc_sec_id"] = [f"{1390881 + i}" for i in range(len(table))]
    table.loc[1, "custom:soc_sec_id"] = "1390881"  # r1 and r2 share the id, nothing else
    table["custom:street_number"] = ["27"] * len(table)
    assert external_id_column(table, "contacts") == "custom:soc_sec_id"
    assert house_number_column(table) == "custom:street_number"
    frame = prepare_records(table, "contacts")
    assert frame["street"].iloc[0] == "27 heagney cres"
    found, _ = passes_of(table, "contacts")
    assert "external id" in found
