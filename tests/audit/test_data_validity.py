"""Validity: emails, phones, dates, postcodes and websites, each decided per distinct value."""

import random

import pandas as pd
import phonenumbers
import pytest
from phonenumbers.phonenumberutil import SUPPORTED_REGIONS

from crm_core.audit.data.config import DataAuditConfig
from crm_core.audit.data.report import run_data_audit
from crm_core.audit.data.domains import brand, is_disposable, registrable
from crm_core.audit.data.emails import check_email_syntax, typo_domains
from crm_core.audit.data.phones import check_phone_pairs, check_phones
from tests.audit.data_tables import AS_OF, flagged, suggestion, table


@pytest.mark.parametrize(
    ("email", "valid"),
    [
        ("jane.doe@acme.com", True),
        ("jane+news@acme.co.uk", True),
        ("élodie@acme.fr", True),  # internationalised local part: email-validator accepts it
        ("jane.doe@@acme.com", False),
        ("jane.doe@", False),
        ("jane doe@acme.com", False),
        ("jane..doe@acme.com", False),
        ("jane.doe@acme", False),  # no top-level domain
        ("@acme.com", False),
        ("jane@acme.test", False),  # special-use domain
        ("jane@acme_corp.com", False),
    ],
)
def test_email_syntax_is_email_validators(email, valid):
    verdicts = check_email_syntax(pd.Series([email], dtype="string"))
    assert bool(verdicts["valid"].iloc[0]) is valid


def test_invalid_email_gets_an_obvious_repair_only():
    verdicts = check_email_syntax(pd.Series(["fiona..cox@gmail.com", "jane@acme,com", "nobody"], dtype="string"))
    assert verdicts["repair"].tolist()[:2] == ["fiona.cox@gmail.com", "jane@acme.com"]
    assert pd.isna(verdicts["repair"].iloc[2])  # nothing obvious to do with "nobody"


def test_typo_domains_are_one_edit_from_a_long_provider():
    domains = pd.Series(["gmial.com", "hotmial.com", "yaho.com", "outlok.com", "gmail.com", "acme.com",
                         "sol.com", "gmail.con"])
    typos = typo_domains(domains, known=set())
    assert typos == {"gmial.com": "gmail.com", "hotmial.com": "hotmail.com", "yaho.com": "yahoo.com",
                     "outlok.com": "outlook.com", "gmail.con": "gmail.com"}  # sol.com is not aol.com
    assert typo_domains(pd.Series(["gmial.com"]), known={"gmial.com"}) == {}  # an account's own domain


def test_email_checks_on_contacts():
    # r1 fine; r2 bad syntax; r3 gmail typo; r4 disposable; r5 role address; r6 typo of a provider that the
    # blocklist also lists as disposable: reported once, as a typo
    frame = table("contacts", email=["ann@acme.com", "bo@@acme.com", "cy@gmial.com", "di@mailinator.com",
                                     "info@acme.com", "ed@hotmial.com"])
    report = run_data_audit({"contacts": frame}, as_of=AS_OF)
    assert flagged(report, "DATA.EMAIL_INVALID") == ["r2"]
    assert flagged(report, "DATA.EMAIL_DOMAIN_TYPO") == ["r3", "r6"]
    assert suggestion(report, "DATA.EMAIL_DOMAIN_TYPO", "r3") == "cy@gmail.com"
    assert flagged(report, "DATA.EMAIL_DISPOSABLE") == ["r4"]
    assert flagged(report, "DATA.EMAIL_ROLE") == ["r5"]
    assert is_disposable("mail.mailinator.com") and not is_disposable("acme.com")


def test_phones_are_read_in_the_records_country():
    # r1 a valid US number in US format; r2 the same digits for a UK contact: not a UK number;
    # r3 a UK number written nationally; r4 no country but a + code; r5 no country, no +: unchecked;
    # r6 too short
    frame = table("contacts", phone=["(415) 555-0100", "(415) 555-0100", "020 7946 0000", "+49 30 12345678",
                                     "020 7946 0000", "555-01"],
                  country=["United States", "UK", "United Kingdom", None, None, "USA"])
    report = run_data_audit({"contacts": frame}, as_of=AS_OF)
    assert flagged(report, "DATA.PHONE_INVALID") == ["r2", "r6"]
    assert flagged(report, "DATA.PHONE_UNCHECKED") == ["r5"]
    # with a default region the unchecked number is read as British, and is valid
    config = DataAuditConfig(default_region="GB")
    with_region = run_data_audit({"contacts": frame}, as_of=AS_OF, config=config)
    assert flagged(with_region, "DATA.PHONE_UNCHECKED") == []
    assert "r5" not in flagged(with_region, "DATA.PHONE_INVALID")


def test_e164_is_the_suggested_form():
    verdicts = check_phones(pd.Series(["020 7946 0000", "(415) 555-0100", "n/a"], dtype="string"),
                            pd.Series(["GB", "US", "US"], dtype="string"))
    assert verdicts["e164"].tolist()[:2] == ["+442079460000", "+14155550100"]
    assert verdicts["status"].tolist() == ["valid", "valid", "invalid"]


def test_a_line_break_inside_a_phone_cell_is_layout_not_a_wrong_number():
    verdicts = check_phones(pd.Series(["(312)\n553-4400", "(312)\t553-4401", "(312) 553-4402"], dtype="string"),
                            pd.Series(["US", "US", "US"], dtype="string"))
    assert verdicts["status"].tolist() == ["valid", "valid", "valid"]
    assert verdicts["e164"].tolist() == ["+13125534400", "+13125534401", "+13125534402"]


def _slow(text, region):
    try:
        number = phonenumbers.parse(text, region or None)
    except phonenumbers.NumberParseException:
        return "unchecked" if not region and not text.strip().startswith("+") else "invalid"
    return "valid" if phonenumbers.is_valid_number(number) else "invalid"


def test_vectorised_phone_path_agrees_with_phonenumbers():
    # Every region's example numbers in three formats, mutated, plus random digit strings:
    # the vectorised path must give exactly phonenumbers' verdict and E.164.
    rng = random.Random(7)
    values, regions = [], []
    for region in sorted(SUPPORTED_REGIONS):
        example = phonenumbers.example_number_for_type(region, phonenumbers.PhoneNumberType.FIXED_LINE)
        if example is None:
            continue
        for style in (phonenumbers.PhoneNumberFormat.NATIONAL, phonenumbers.PhoneNumberFormat.INTERNATIONAL):
            text = phonenumbers.format_number(example, style)
            values.append(text)
            regions.append(region)
            digits = [i for i, c in enumerate(text) if c.isdigit()]
            mutated = list(text)
            mutated[rng.choice(digits)] = str(rng.randint(0, 9))
            values.append("".join(mutated))
            regions.append(rng.choice([region, "", "US"]))
    for _ in range(3000):
        prefix = rng.choice(["", "+", "0", "+1 ", "+44 ", "(0)"])
        values.append(prefix + "".join(rng.choice("0123456789") for _ in range(rng.randint(3, 13))))
        regions.append(rng.choice(["US", "GB", "DE", "FR", "IT", "AU", "BR", "AR", ""]))
    pairs = check_phone_pairs(pd.Series(values), pd.Series(regions))
    for value, region, status, e164 in pairs[["value", "region", "status", "e164"]].itertuples(index=False):
        expected = _slow(value, region)
        assert status == expected, (value, region)
        if expected == "valid":
            number = phonenumbers.parse(value, region or None)
            assert e164 == phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def test_dates_in_the_future_and_out_of_order():
    # r1 fine; r2 created after the audit date; r3 last activity before creation; times of day ignored: r4
    # had activity the same day it was created, earlier in the day
    frame = table("contacts", created_at=["2026-01-05", "2026-11-02", "2026-03-01", "2026-03-01 15:00"],
                  last_activity_at=["2026-02-01", None, "2026-02-27", "2026-03-01 09:00"])
    report = run_data_audit({"contacts": frame}, as_of=AS_OF)
    assert flagged(report, "DATA.DATE_IN_FUTURE") == ["r2"]
    assert flagged(report, "DATA.DATE_ORDER") == ["r3"]
    deals = table("deals", created_at=["2026-05-01", "2026-05-01"], close_date=["2026-04-30", "2026-06-30"])
    assert flagged(run_data_audit({"deals": deals}, as_of=AS_OF), "DATA.DATE_ORDER") == ["r1"]


def test_unreadable_typed_values_are_reported_with_the_text():
    frame = table("contacts", created_at=["2026-01-05", None])
    frame["created_at__text"] = pd.Series(["1/5/2026", "next Tuesday"], dtype="string")
    report = run_data_audit({"contacts": frame}, as_of=AS_OF)
    issues = report.result.issues
    row = issues[issues["check"] == "DATA.VALUE_UNREADABLE"]
    assert row["record_id"].tolist() == ["r2"] and row["value"].tolist() == ["next Tuesday"]


def test_postcodes_against_the_records_country():
    # r1 valid US ZIP; r2 a ZIP that lost its leading zero in a spreadsheet; r3 valid UK; r4 invalid UK;
    # r5 a country without a known pattern is not checked
    frame = table("contacts", postal_code=["94105", "2108", "EC1V 2NX", "12345", "anything"],
                  country=["United States", "United States", "United Kingdom", "UK", "Peru"])
    report = run_data_audit({"contacts": frame}, as_of=AS_OF)
    assert flagged(report, "DATA.POSTCODE_INVALID") == ["r2", "r4"]
    assert suggestion(report, "DATA.POSTCODE_INVALID", "r2") == "02108"


def test_registrable_domains_and_brands():
    assert registrable("shop.acme.co.uk") == "acme.co.uk"
    assert registrable("www.acme.com".removeprefix("www.")) == "acme.com"
    assert registrable("coronix.gc.ca") == "coronix.gc.ca"  # gc.ca is a public suffix, not a company
    assert brand("acme.co.uk") == brand("acme.com") == "acme"
    assert registrable("not a domain") is None


def test_websites_and_work_emails_that_disagree_with_the_company():
    # a1 acme.com; contacts: r1 on acme.com, r2 on acme.co.uk (same company), r3 on globex.com (another
    # company), r4 on gmail.com (private: not a disagreement), r5 website of another company
    accounts = table("accounts", name=["Acme Ltd"], website=["https://www.acme.com/about"])
    accounts["record_id"] = pd.Series(["a1"], dtype="string")
    contacts = table("contacts", email=["ann@acme.com", "bo@acme.co.uk", "cy@globex.com", "di@gmail.com", None],
                     account_id=["a1"] * 5, website=[None, None, None, None, "globex.com"])
    report = run_data_audit({"contacts": contacts, "accounts": accounts}, as_of=AS_OF)
    assert flagged(report, "DATA.EMAIL_DOMAIN_MISMATCH", "email") == ["r3"]
    assert flagged(report, "DATA.EMAIL_DOMAIN_MISMATCH", "website") == ["r5"]
    bad_site = table("accounts", name=["X", "Y"], website=["www.acme", "https://x.com"])
    assert flagged(run_data_audit({"accounts": bad_site}, as_of=AS_OF), "DATA.WEBSITE_INVALID") == ["r1"]
