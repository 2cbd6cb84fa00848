"""Sensitive data in free text: validators, masking, the scan, and the sample company's planted values."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from crm_core.audit.compliance.sensitive_data import (
    is_plausible_birth_date, is_valid_card, is_valid_iban, is_valid_nino, is_valid_ssn, mask_value, scan_column,
    scan_free_text, scanned_columns,
)

TODAY = date(2026, 10, 1)
TRUTH_ENTITIES = {"contacts": "contacts", "activities": "activities", "cases": "tickets"}


@pytest.mark.parametrize(("number", "valid"), [
    ("4111 1111 1111 1111", True),  # Visa test number
    ("4111 1111 1111 1112", False),  # one digit off: Luhn fails
    ("5555-5555-5555-4444", True),  # Mastercard
    ("2223 0031 2200 3222", True),  # Mastercard 2-series
    ("3782 822463 10005", True),  # Amex, 15 digits grouped 4-6-5
    ("3782 822463 10006", False),
    ("6011 1111 1111 1117", True),  # Discover
    ("8269 8417 8345 4789", False),  # a sample PO number: fails Luhn
    ("8000 0000 0000 0002", False),  # passes Luhn, but no card network starts with 8
    ("4111 1111 1111", False),  # too short for a card
])
def test_card_numbers_need_luhn_and_a_network(number, valid):
    assert is_valid_card(number) is valid


@pytest.mark.parametrize(("iban", "valid"), [
    ("GB82 WEST 1234 5698 7654 32", True),
    ("GB82 WEST 1234 5698 7654 33", False),  # check digits no longer match (mod 97)
    ("DE89370400440532013000", True),
    ("DE89370400440532013001", False),
    ("FR1420041010050500013M02606", True),
    ("GB82WEST1234569876543", False),  # one character short for a UK IBAN
    ("XX82WEST12345698765432", False),  # no such country
])
def test_ibans_are_checked_by_mod_97_and_country_length(iban, valid):
    assert is_valid_iban(iban) is valid


@pytest.mark.parametrize(("ssn", "valid"), [
    ("536-90-4399", True),
    ("000-12-3456", False),  # area 000
    ("666-12-3456", False),  # area 666
    ("912-12-3456", False),  # area 900-999
    ("123-00-4567", False),  # group 00
    ("123-45-0000", False),  # serial 0000
])
def test_ssn_invalid_ranges_are_excluded(ssn, valid):
    assert is_valid_ssn(ssn) is valid


@pytest.mark.parametrize(("nino", "valid"), [
    ("AB 12 34 56 C", True),
    ("AB123456C", True),
    ("GB123456A", False),  # prefix never issued
    ("DA123456A", False),  # D is never a first letter
    ("AO123456A", False),  # O is never a second letter
    ("AB123456E", False),  # suffix A-D only
])
def test_nino_letter_rules(nino, valid):
    assert is_valid_nino(nino) is valid


@pytest.mark.parametrize(("text", "valid"), [
    ("14/03/1982", True), ("3/14/1985", True), ("1979-11-02", True), ("3 March 1980", True),
    ("31/31/1980", False),  # no month 31 either way round
    ("2/30/1980", False),  # 30 February either way round
    ("14/03/2990", False),  # born in the future
    ("14/03/1850", False),
])
def test_birth_dates_must_be_real_and_past(text, valid):
    assert is_plausible_birth_date(text, today=TODAY) is valid


@pytest.mark.parametrize(("kind", "raw", "masked"), [
    ("card", "4111 1111 1111 1111", "4111 **** **** 1111"),
    ("card", "3782-822463-10005", "3782-******-*0005"),
    ("iban", "GB82 WEST 1234 5698 7654 32", "GB** **** **** **** **54 32"),
    ("ssn", "536-90-4399", "***-**-4399"),
    ("nino", "AB 12 34 56 C", "AB ** ** ** *"),
    ("dob", "14/03/1982", "1*/**/****"),
    ("special", "diabetes", "d*******"),
])
def test_masks_keep_the_shape_but_not_the_value(kind, raw, masked):
    assert mask_value(kind, raw) == masked
    assert raw not in mask_value(kind, raw)


def kinds_found(*texts: str) -> list[tuple[str, str]]:
    hits = scan_column(pd.Series(texts, dtype="string"), today=TODAY)
    return sorted(zip(hits["kind"], hits["raw"], strict=True))


@pytest.mark.parametrize(("text", "expected"), [
    ("Refunds to IBAN GB82 WEST 1234 5698 7654 32 please.", [("iban", "GB82 WEST 1234 5698 7654 32")]),
    # the BBAN starts with a Luhn-valid Visa number (4000 1234 1234 1234): found as an IBAN only
    ("Pay to FR85 4000 1234 1234 1234 5678 901 today.", [("iban", "FR85 4000 1234 1234 1234 5678 901")]),
    ("Card 4111-1111-1111-1111 exp 12/27", [("card", "4111-1111-1111-1111")]),
    ("Paid with 4111 1111 1111 1111 12 times", [("card", "4111 1111 1111 1111")]),  # trailing number ignored
    ("PO number 8269 8417 8345 4789 attached", []),  # card-shaped, fails Luhn
    # an order number failing Luhn whose 12-digit tail would pass: the whole run is one number
    ("Order 1234-5678-9012-3456 shipped", []),
    ("Ref 9999 4111 1111 1111 1111", []),  # a card-like stretch after a leading group is no card
    ("Card 4111 1111 1111 1111 2025 12 renewals", [("card", "4111 1111 1111 1111")]),
    ("SSN 536-90-4399 on file", [("ssn", "536-90-4399")]),
    ("ssn: 536904399", [("ssn", "536904399")]),
    ("ref 666-12-3456", []),  # SSN-shaped but an invalid area
    ("NI number AB 12 34 56 C for payroll", [("nino", "AB 12 34 56 C")]),
    ("DOB 14/03/1982, likes golf", [("dob", "14/03/1982")]),
    ("Meeting moved to 14/03/2026", []),  # a date without a birth keyword is not a birth date
    ("She has diabetes and prefers calls", [("special", "diabetes")]),
    ("Union rep? Ask the trade union", [("special", "trade union")]),
    ("Ran a diagnosis of the sync bug, feature disabled", []),  # business words, not health
    ("Call back on Tuesday", []),
])
def test_scan_finds_validated_values_in_text(text, expected):
    assert kinds_found(text) == sorted(expected)


def test_two_values_in_one_cell_are_both_found():
    # row 0 holds a card and an SSN; row 1 holds the same card twice
    found = kinds_found("Card 4111 1111 1111 1111 and SSN 536-90-4399",
                        "4111 1111 1111 1111 then again 4111 1111 1111 1111")
    assert found == [("card", "4111 1111 1111 1111")] * 3 + [("ssn", "536-90-4399")]


def test_scan_reads_every_free_text_and_custom_column_only():
    contacts = pd.DataFrame({
        "record_id": ["c1", "c2"],
        "email": ["536-90-4399@example.com", None],  # not free text: never scanned
        "birth_date__text": ["DOB 14/03/1982", None],  # a typed field's source text: not free text
        "description": ["DOB 14/03/1982", None],
        "custom:Private notes": [None, "card 4111 1111 1111 1111 call 020 7946 0958"],
    }).astype("string")
    assert scanned_columns({"contacts": contacts}) == {"contacts": ["description", "custom:Private notes"]}
    hits = scan_free_text({"contacts": contacts}, today=TODAY)
    assert list(zip(hits["record_id"], hits["field"], hits["kind"], strict=True)) == [
        ("c1", "description", "dob"), ("c2", "custom:Private notes", "card")]
    card = hits[hits["kind"] == "card"].iloc[0]
    assert card["masked"] == "4111 **** **** 1111"
    assert card["snippet"] == "card 4111 **** **** 1111 call *** **** ****"  # other digits starred too


def test_picklist_columns_are_not_scanned_as_free_text():
    accounts = pd.DataFrame({
        "record_id": [f"a{n}" for n in range(50)],
        "custom:sector": ["technology", "retail", "technolgy", "medical", "finance"] * 10,
        "custom:office_location": ["United States", "Philipines", "Kenya", "Norway", "Brazil"] * 10,
        "custom:Account notes": ["Called twice, wants a demo next week"] * 50,
    }).astype("string")
    assert scanned_columns({"accounts": accounts}) == {"accounts": ["custom:Account notes"]}
    assert scanned_columns({"accounts": accounts.drop(columns="custom:Account notes")}) == {}


def test_a_column_of_codes_is_not_free_text_but_a_column_of_cards_is():
    # 15-digit register ids in one layout: about one in ten passes the card checksum by chance
    ids = [f"6{n:03d}-{(n * 7919) % 10000:04d}-5433-{n % 10:03d}" for n in range(200, 240)]
    cards = ["4111-1111-1111-1111", "5555-5555-5555-4444", "6011-1111-1111-1117", "4012-8888-8888-1881",
             "5105-1051-0510-5100"] * 8
    accounts = pd.DataFrame({"record_id": [f"a{n}" for n in range(40)], "custom:Provider ID": ids,
                             "custom:Card on file": cards}).astype("string")
    assert 0 < sum(is_valid_card(code) for code in ids) < len(ids) / 2
    assert scanned_columns({"accounts": accounts}) == {"accounts": ["custom:Card on file"]}
    assert set(scan_free_text({"accounts": accounts}, today=TODAY)["field"]) == {"custom:Card on file"}


@pytest.fixture(scope="module")
def sample_hits(sample_tables):
    return scan_free_text(sample_tables, today=TODAY)


def test_every_planted_value_in_the_sample_is_found_masked(sample_hits, sample_truth):
    planted = sample_truth["pii_in_free_text"]
    assert len(planted) == 53
    for value in planted:
        kind = "special" if value["kind"] == "health" else value["kind"]
        rows = sample_hits[(sample_hits["record_id"] == value["record_id"]) & (sample_hits["kind"] == kind)]
        assert mask_value(kind, value["raw"]) in set(rows["masked"]), value["record_id"]
        assert set(rows["entity"]) == {TRUTH_ENTITIES[value["entity"]]}


def test_sample_counts_per_kind_match_the_truth(sample_hits, sample_truth):
    planted = pd.DataFrame(sample_truth["pii_in_free_text"])
    truth_records = planted.groupby("kind")["record_id"].nunique().to_dict()
    found = sample_hits.assign(kind=sample_hits["kind"].replace({"special": "health"}))
    assert found.groupby("kind")["record_id"].nunique().to_dict() == truth_records
    assert set(sample_hits["record_id"]) == set(planted["record_id"])  # no false positive anywhere


def test_sample_luhn_negatives_are_not_cards(sample_hits, sample_truth):
    negatives = {value["record_id"] for value in sample_truth["luhn_negatives"]}
    assert len(negatives) == 7
    assert not negatives & set(sample_hits["record_id"])


def test_no_planted_raw_value_survives_in_the_hits(sample_hits, sample_truth):
    shown = sample_hits.drop(columns=["record_id"]).to_csv()
    leaked = [value["raw"] for value in sample_truth["pii_in_free_text"] if value["raw"] in shown]
    assert leaked == []
