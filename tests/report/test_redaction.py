"""Redaction: names, emails and phone numbers planted in the sample company must vanish from
every format; the same report without redaction shows them (so the search can find them)."""

from __future__ import annotations

import pytest

from crm_core import report as reports
from crm_core.report.redact import EMAIL, NAME, PHONE, Redactor
from tests.report.readers import plain_text


@pytest.fixture(scope="module")
def planted(sample_truth, sample_tables):
    """People, emails and phone numbers the generator planted in defects the report quotes."""
    usage = sample_truth["usage"]
    people = {*usage["bulk_loggers"], *usage["habitual_late_loggers"], *usage["idle_users"],
              *usage["low_usage_reps"], *usage["inactive_users"]}
    contacts = sample_tables["contacts"].set_index("record_id")
    defects = sample_truth["defects"]
    emails = {str(contacts.at[i, "email"]) for key in ("contacts_invalid_email_syntax", "contacts_email_typo_domain")
              for i in defects[key]["ids"] if isinstance(contacts.at[i, "email"], str)}
    phones = {str(contacts.at[i, "phone"]) for i in defects["contacts_invalid_phone"]["ids"]
              if isinstance(contacts.at[i, "phone"], str)}
    return {"names": people, "emails": emails, "phones": phones}


def test_the_unredacted_report_does_quote_planted_personal_data(exports, planted):
    text = plain_text("md", exports["md"]).replace("\\", "")
    for kind in ("names", "emails", "phones"):
        assert any(value in text for value in planted[kind]), kind


@pytest.mark.parametrize("fmt", list(reports.FORMATS))
def test_no_planted_name_email_or_phone_survives_redaction(fmt, redacted_exports, planted):
    text = plain_text(fmt, redacted_exports[fmt])
    squashed = text.replace(" ", "")
    for name in planted["names"]:
        assert name not in text and name.split()[-1] not in text, (fmt, name)
    for email in planted["emails"]:
        local = email.split("@")[0]
        assert email not in text and (len(local) < 4 or local not in text), (fmt, email)
    for phone in planted["phones"]:
        assert phone.replace(" ", "") not in squashed, (fmt, phone)
    assert "Personal data redacted" in text or "redacted" in text


@pytest.mark.parametrize("text, expected", [
    ("Not logging: Tom Gallagher, Emily Zhao.", f"Not logging: {NAME}, {NAME}."),
    ("write to fiona..cox@gmail.com today", f"write to {EMAIL} today"),
    ("bjorn@ has no domain", f"{EMAIL} has no domain"),
    ("call +44 20 8045 922946 or 020 7946 0654", f"call {PHONE} or {PHONE}"),
    # dates, decimals, money and counts are not phone numbers; acronyms are not names
    ("since 2023-10-01 (36 months), 1/21/2024 4:41 PM", "since 2023-10-01 (36 months), 1/21/2024 4:41 PM"),
    ("worth 4741175.46 or 4,741,175 in 12 deals", "worth 4741175.46 or 4,741,175 in 12 deals"),
    ("IBAN DE** **** 11 77 in the notes", "IBAN DE** **** 11 77 in the notes"),
    ("Grace will call", f"{NAME} will call"),  # a capitalised known name goes, the verb "will" stays
])
def test_redactor_masks_people_not_numbers(text, expected):
    redactor = Redactor(["Tom Gallagher", "Emily Zhao", "Grace O'Neill", "Will", "De Luca"])
    assert redactor.text(text) == expected


def test_a_phone_written_like_a_date_is_still_redacted():
    from crm_core.report.redact import PHONE, Redactor

    redactor = Redactor()
    assert redactor.text("call 40.32.2555") == f"call {PHONE}"  # no day 40 or month 32: a phone number
    assert redactor.text("on 12.03.2026") == "on 12.03.2026"  # a real date stays
    assert redactor.text("on 2026-03-12") == "on 2026-03-12"
