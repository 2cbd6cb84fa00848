"""Glossary flags: teams that mean different things by one term, or one thing by two terms."""

from datetime import datetime, timezone

from crm_core.models import GlossaryDefinition, GlossaryEntry
from crm_core.strategy.glossary import (
    AGREE_AT, SAME_THING_AT, STANDARD_TERMS, definitions_by_term, find_glossary_flags, glossary_terms, similarity,
)


def flags(table):
    return [(f.kind, f.terms, f.teams) for f in find_glossary_flags(table)]


def test_thresholds_are_what_the_docstring_states():
    assert (AGREE_AT, SAME_THING_AT) == (80, 90)
    assert similarity("a company that signed a contract",
                      "a company that signed a contract and paid its first invoice") == 70


def test_same_words_in_another_order_agree():
    table = {"Lead": {"marketing": "A contact who asked for a demo or a price",
                      "sales": "A contact that asked for a price or a demo"}}
    assert flags(table) == []


def test_materially_different_definitions_disagree():
    table = {"Customer": {"sales": "A company that signed a contract",
                          "support": "A company that signed a contract and paid its first invoice"}}
    assert flags(table) == [("differs", ("Customer",), ("sales", "support"))]


def test_different_numbers_disagree_even_when_the_words_match():
    table = {"Marketing-qualified lead (MQL)": {"marketing": "A lead scored 50 or more",
                                                "sales": "A lead scored 70 or more"}}
    found = find_glossary_flags(table)
    assert [f.kind for f in found] == ["differs"] and "50 against 70" in found[0].message


def test_one_definition_under_two_terms():
    table = {"Prospect": {"sales": "A person who has agreed to a first meeting"},
             "Sales-qualified lead (SQL)": {"marketing": "A person who has agreed to a first meeting."}}
    assert flags(table) == [("same_thing", ("Prospect", "Sales-qualified lead (SQL)"), ("sales", "marketing"))]


def test_a_single_definition_has_nothing_to_disagree_with():
    assert flags({"Lead": {"sales": "Anyone"}}) == []


def test_terms_and_definitions_from_the_store_shape():
    moment = datetime(2026, 11, 23, tzinfo=timezone.utc)
    entries = [GlossaryEntry(id="e1", workspace_id="w", term="Lead", kind="standard", created_at=moment),
               GlossaryEntry(id="e2", workspace_id="w", term="Proposal sent", kind="stage", created_at=moment),
               GlossaryEntry(id="e3", workspace_id="w", term="Churned", kind="custom", created_at=moment)]
    definitions = [GlossaryDefinition(workspace_id="w", entry_id="e1", team="sales", definition=" Asked for a demo "),
                   GlossaryDefinition(workspace_id="w", entry_id="e2", team="sales", definition="   ")]
    terms = glossary_terms(entries)
    assert [t for t, _ in terms[: len(STANDARD_TERMS)]] == list(STANDARD_TERMS)
    assert terms[len(STANDARD_TERMS):] == [("Proposal sent", "stage"), ("Churned", "custom")]
    assert definitions_by_term(entries, definitions) == {"Lead": {"sales": "Asked for a demo"}}
