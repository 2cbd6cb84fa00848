"""Normalisers: table-driven, each row a value a broken normaliser would get wrong."""

import pandas as pd
import pytest

from crm_core.dedupe import normalise as norm


def one(function, value, *args, **kwargs):
    return function(pd.Series([value], dtype="string"), *args, **kwargs).iloc[0]


@pytest.mark.parametrize("raw, expected", [
    ("  José  O'Brien-Smith ", "jose obrien smith"),
    ("Dr. Anna Müller", "anna muller"),
    ("Ms Zoë Ødegård", "zoe odegard"),
    ("John Smith Jr.", "john smith"),
    ("Mr", "mr"),  # an honorific alone is kept rather than emptied
    ("Дмитрий Иванов", "дмитрии иванов"),  # Cyrillic stays Cyrillic, only the breve goes
    ("山田 太郎", "山田 太郎"),
    ("김민준", "김민준"),
    ("Σωκράτης", "σωκρατης"),
    ("", pd.NA),
])
def test_names(raw, expected):
    got = one(norm.normalise_names, raw)
    assert (got is pd.NA and expected is pd.NA) or got == expected


@pytest.mark.parametrize("first, root", [
    ("bill", "william"), ("bob", "robert"), ("kate", "katherine"), ("katie", "katherine"),
    ("peggy", "margaret"), ("william", "william"), ("zbigniew", "zbigniew"),
])
def test_nicknames_resolve_to_a_formal_root(first, root):
    roots, _ = norm.name_roots(pd.Series([first], dtype="string"))
    assert roots.iloc[0] == root


def test_an_ambiguous_nickname_keeps_both_roots():
    first, second = norm.name_roots(pd.Series(["alex"], dtype="string"))
    assert {first.iloc[0], second.iloc[0]} == {"alexander", "alexandra"}


@pytest.mark.parametrize("a, b", [("smith", "smyth"), ("smith", "smiht"), ("robert", "rupert")])
def test_phonetic_keys_survive_small_spelling_changes(a, b):
    keys = norm.phonetic_keys(pd.Series([a, b], dtype="string"))
    assert keys.iloc[0] == keys.iloc[1]


def test_phonetic_key_of_a_non_latin_name_is_not_empty():
    assert norm.phonetic_keys(pd.Series(["иванов"], dtype="string")).iloc[0] == "иван"


@pytest.mark.parametrize("raw, email, local, domain", [
    ("John.Smith+crm@GoogleMail.com", "johnsmith@gmail.com", "johnsmith", "gmail.com"),
    ("j.o.h.n@gmail.com", "john@gmail.com", "john", "gmail.com"),
    ("a.b+news@outlook.com", "a.b@outlook.com", "a.b", "outlook.com"),  # dots matter outside Gmail
    ("  Sales@Acme.CO.UK ", "sales@acme.co.uk", "sales", "acme.co.uk"),
    ("mailto:x@y.org", "x@y.org", "x", "y.org"),
    ("not an email", pd.NA, pd.NA, pd.NA),
    ("a@b", pd.NA, pd.NA, pd.NA),
])
def test_emails(raw, email, local, domain):
    row = norm.normalise_emails(pd.Series([raw], dtype="string")).iloc[0]
    for got, want in zip(row, (email, local, domain)):
        assert (got is pd.NA and want is pd.NA) or got == want


@pytest.mark.parametrize("raw, region, e164", [
    ("020 7946 0958", "GB", "+442079460958"),
    ("+44 (0)20 7946 0958", "GB", "+442079460958"),
    ("0044 20 7946 0958", "GB", "+442079460958"),
    ("44 20 7946 0958", "GB", "+442079460958"),  # the country code without + (phonenumbers decides)
    ("(415) 555-0100", "US", "+14155550100"),
    ("1-415-555-0100", "US", "+14155550100"),
    ("415.555.0100 ext. 12", "US", "+14155550100"),
    ("011 44 20 7946 0958", "US", "+442079460958"),
    ("06 1234 5678", "IT", "+390612345678"),  # Italy keeps the leading 0
    ("030 123456", "DE", "+4930123456"),
    ("+1 415 555 0100", "GB", "+14155550100"),  # international wins over the record's country
    ("call me", "GB", pd.NA),
])
def test_phones_to_e164_in_the_records_country(raw, region, e164):
    got = one(norm.normalise_phones, raw, pd.Series([region], dtype="string"))
    assert (got is pd.NA and e164 is pd.NA) or got == e164


def test_a_phone_without_country_uses_the_default_region():
    assert one(norm.normalise_phones, "020 7946 0958", None, default_region="GB") == "+442079460958"


@pytest.mark.parametrize("raw, core", [
    ("The Smith & Jones Co., Ltd.", "smith jones"),
    ("SMITH AND JONES", "smith jones"),
    ("Acme, Inc.", "acme"), ("Acme Incorporated", "acme"), ("Acme L.L.C.", "acme"),
    ("Müller GmbH & Co. KG", "muller"), ("Rossi S.p.A.", "rossi"), ("Rossi S.r.l.", "rossi"),
    ("Dupont SARL", "dupont"), ("Dupont S.A.", "dupont"), ("Van Dijk B.V.", "van dijk"),
    ("Kestrel Logistics Pty. Ltd.", "kestrel logistics"), ("Nokia Oyj", "nokia"), ("AB Volvo", "volvo"),
    ("Novo Nordisk A/S", "novo nordisk"), ("ООО Ромашка", "ромашка"), ("株式会社トヨタ", "トヨタ"),
    ("The Company", "company"),  # never emptied
])
def test_company_legal_forms_the_and_ampersand(raw, core):
    assert one(norm.normalise_companies, raw) == core


@pytest.mark.parametrize("raw, domain", [
    ("https://www.Example.co.uk/about?x=1", "example.co.uk"),
    ("http://www2.example.com:8080", "example.com"),
    ("example.com/", "example.com"),
    ("info@example.org", "example.org"),
    ("not a site", pd.NA),
])
def test_websites_to_bare_domains(raw, domain):
    got = one(norm.normalise_websites, raw)
    assert (got is pd.NA and domain is pd.NA) or got == domain


@pytest.mark.parametrize("raw, street, unit", [
    ("12 North Main Street, Suite 200", "12 n main st", "200"),
    ("Apt 4B, 5 High Road", "5 high rd", "4b"),
    ("5 High Rd.", "5 high rd", pd.NA),
    ("221B Baker St #3", "221b baker st", "3"),
])
def test_streets(raw, street, unit):
    row = norm.normalise_streets(pd.Series([raw], dtype="string")).iloc[0]
    assert row["street"] == street
    assert (row["unit"] is pd.NA and unit is pd.NA) or row["unit"] == unit


@pytest.mark.parametrize("raw, code", [("sw1a 1aa", "SW1A1AA"), ("12345-6789", "12345"), ("D02 X285", "D02X285")])
def test_postcodes(raw, code):
    assert one(norm.normalise_postcodes, raw) == code


@pytest.mark.parametrize("raw, code", [("United Kingdom", "GB"), ("UK", "GB"), ("Deutschland", "DE"),
                                       ("USA", "US"), ("fr", "FR"), ("Atlantis", pd.NA)])
def test_countries(raw, code):
    got = one(norm.country_codes, raw)
    assert (got is pd.NA and code is pd.NA) or got == code


def test_dates_from_typed_and_text_columns():
    typed = norm.normalise_dates(pd.Series(pd.to_datetime(["1980-01-02", None])))
    text = norm.normalise_dates(pd.Series(["02/01/1980", "31/12/1979"], dtype="string"))
    assert typed.tolist()[0] == "1980-01-02" and typed.isna().tolist() == [False, True]
    assert text.tolist() == ["1980-01-02", "1979-12-31"]


def test_distinct_values_are_normalised_once_and_mapped_back_in_order():
    series = pd.Series(["Bob", None, "bob ", "BOB", "Ann"], dtype="string")
    assert norm.normalise_names(series).tolist()[0::2] == ["bob", "bob", "ann"]
    assert norm.normalise_names(series).isna().tolist() == [False, True, False, False, False]
