"""Scoring: every pair carries its explanation, and the weights behave as evidence should."""

import numpy as np
import pytest

from crm_core.audit.duplicates.matching import find_duplicates
from crm_core.dedupe.review import explain_pair
from tests.dedupe.conftest import contacts, strangers


def scored_pair(*rows, a="r1", b="r2", background=200):
    table = contacts(*rows, *strangers(background))
    result = find_duplicates(table, entity="contacts")
    ids = result.record_ids.tolist()
    pair = result.score_pairs(np.array([ids.index(a)]), np.array([ids.index(b)])).iloc[0]
    return pair, result


ANN = {"first_name": "Annika", "last_name": "Zbigniewski", "email": "annika.z@fjordmail.example",
       "phone": "+44 20 7946 0101", "city": "Leeds", "postal_code": "LS1 4AB", "country": "UK"}


def test_explanation_lists_each_field_with_its_contribution():
    # r1 and r2 are one person; r2 lacks a phone
    pair, _ = scored_pair(ANN, dict(ANN, phone=None))
    explained = explain_pair(pair, "contacts").set_index("Compared")
    assert explained.loc["Email", "Agreement"] == "exact" and explained.loc["Email", "Evidence (bits)"] > 5
    assert explained.loc["Phone", "Agreement"] == "not compared (missing)"
    assert explained.loc["Phone", "Evidence (bits)"] == 0
    assert pair["probability"] > 0.99
    weights = [pair[c] for c in pair.index if c.startswith("w:")]
    assert pytest.approx(float(pair["weight"]), abs=1e-3) == sum(weights) + _prior(pair, weights)


def _prior(pair, weights):
    return float(pair["weight"]) - sum(weights)


def test_missing_values_neither_add_nor_subtract():
    full, _ = scored_pair(ANN, dict(ANN, email="other@else.example"))
    blank, _ = scored_pair(ANN, dict(ANN, email=None))
    assert full["w:email"] < 0 and blank["w:email"] == 0
    assert blank["probability"] > full["probability"]


def test_a_rare_name_is_stronger_evidence_than_a_common_one():
    # twenty Smiths among the records: agreeing on "Smith" says less than agreeing on "Zbigniewski"
    smiths = [{"record_id": f"m{i}", "first_name": f"Q{i}x", "last_name": "Smith", "city": f"C{i}"} for i in range(20)]
    common, _ = scored_pair({"first_name": "Annika", "last_name": "Smith"},
                            {"first_name": "Annika", "last_name": "Smith"}, *smiths)
    rare, _ = scored_pair({"first_name": "Annika", "last_name": "Zbigniewski"},
                          {"first_name": "Annika", "last_name": "Zbigniewski"}, *smiths)
    assert common["level:last_name"] == rare["level:last_name"] == 1
    assert rare["w:last_name"] > common["w:last_name"] + 2


def test_swapped_first_and_last_names_still_match_and_say_so():
    pair, _ = scored_pair(ANN, dict(ANN, first_name="Zbigniewski", last_name="Annika", email=None))
    assert bool(pair["swapped"]) and pair["probability"] > 0.9
    explained = explain_pair(pair, "contacts").set_index("Compared")
    assert "swapped" in explained.loc["First name", "Agreement"]


def test_a_nickname_is_its_own_level():
    pair, _ = scored_pair(dict(ANN, first_name="William"), dict(ANN, first_name="Bill", email=None))
    assert explain_pair(pair, "contacts").set_index("Compared").loc["First name", "Agreement"] == "nickname"
    assert pair["w:first_name"] > 3


def test_colleagues_sharing_company_address_and_switchboard_are_not_one_person():
    # r1 and r2 work at one office (same company, street, postcode, phone) but are two people
    office = {"company": "Fjord Analytics Ltd", "street": "1 Quay Street", "city": "Leeds",
              "postal_code": "LS1 4AB", "phone": "+44 113 496 0000", "country": "UK"}
    pair, _ = scored_pair(dict(office, first_name="Annika", last_name="Berg", email="annika.berg@fjord.example"),
                          dict(office, first_name="Tomas", last_name="Lund", email="tomas.lund@fjord.example"))
    counted = [pair[f"w:{n}"] > 0 for n in ("phone", "company", "street", "locality")]
    assert sum(counted) == 1  # the shared workplace counts once, not four times
    assert pair["level:email"] == 3  # two mailboxes at one company domain
    assert pair["probability"] < 0.05


def test_the_same_name_before_the_at_repeats_the_names_when_they_agree():
    # two John Zbigniewskis at different companies, mailboxes named after them: no extra evidence
    pair, _ = scored_pair({"first_name": "John", "last_name": "Zbigniewski", "email": "john.zbigniewski@one.example"},
                          {"first_name": "John", "last_name": "Zbigniewski", "email": "john.zbigniewski@two.example"})
    assert pair["level:email"] == 2 and pair["w:email"] == 0
    # with a misspelt name the mailbox is real evidence that it is the same person
    pair, _ = scored_pair({"first_name": "Jon", "last_name": "Zbgniewsky", "email": "john.zbigniewski@one.example"},
                          {"first_name": "Marek", "last_name": "Zbigniewski", "email": "john.zbigniewski@two.example"})
    assert pair["level:email"] == 2 and pair["w:email"] > 5


def test_different_birth_dates_weigh_against_a_match():
    pair, _ = scored_pair(dict(ANN, birth_date="1980-05-06"), dict(ANN, birth_date="1991-11-23", email=None))
    assert pair["w:birth_date"] < -2
    close, _ = scored_pair(dict(ANN, birth_date="1980-05-06"), dict(ANN, birth_date="1980-06-05", email=None))
    assert close["level:birth_date"] == 2 and close["w:birth_date"] > 0


def test_weights_table_shows_m_u_and_bits_for_every_level():
    _, result = scored_pair(ANN, ANN)
    rows = result.scorer.explain_weights()
    email = [r for r in rows if r["Compared"] == "Email"]
    assert [r["Level"] for r in email][0] == "exact" and email[0]["Bits"] > 0 and email[-1]["Bits"] < 0
    assert rows[-1]["Compared"].startswith("Prior") and rows[-1]["Bits"] < 0
