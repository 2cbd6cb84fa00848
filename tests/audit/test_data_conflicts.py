"""Conflicts: one email on different people, one domain under several names, a contact whose
company is not its account's name."""

import pandas as pd
import pytest

from crm_core.audit.data.conflicts import company_key, same_company
from crm_core.audit.data.report import run_data_audit
from tests.audit.data_tables import AS_OF, flagged, suggestion, table


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("Acme Ltd", "ACME Limited", True),
        ("The Smith Group", "Smith", True),
        ("Marks & Spencer plc", "Marks and Spencer", True),
        ("Globex S.A.", "Globex SA", True),
        ("Initech Corp", "Initrode Corp", False),
        ("Acme", "Apex", False),
    ],
)
def test_company_names_compare_without_legal_forms(a, b, same):
    assert same_company(a, b) is same
    assert company_key("Acme Ltd.") == "acme"


def test_one_email_on_different_people_or_companies():
    # info@acme.com on three unrelated people (r1-r3); jo@acme.com on Jo Smith and "Smith Jo" (names swapped:
    # same person, left to the duplicate finder, r4-r5); bill@globex.com on Bill Lee and William Lee
    # (a nickname, same surname: r6-r7); sam@initech.com on the same person at two different companies (r8-r9)
    frame = table("contacts",
                  email=["info@acme.com", "INFO@acme.com", "info@acme.com", "jo@acme.com", "jo@acme.com",
                         "bill@globex.com", "bill@globex.com", "sam@initech.com", "sam@initech.com"],
                  first_name=["Ann", "Bo", "Cy", "Jo", "Smith", "Bill", "William", "Sam", "Sam"],
                  last_name=["Lee", "Ng", "Diaz", "Smith", "Jo", "Lee", "Lee", "Ray", "Ray"],
                  company=["Acme", "Acme", "Acme", "Acme", "Acme", "Globex", "Globex", "Initech", "Hooli"],
                  account_id=["a1", "a1", "a1", "a1", "a1", "a2", "a2", "a3", "a4"])
    report = run_data_audit({"contacts": frame}, as_of=AS_OF)
    assert flagged(report, "DATA.EMAIL_SHARED_CONFLICT") == ["r1", "r2", "r3", "r8", "r9"]


def test_one_domain_under_several_account_names_outside_a_hierarchy():
    # a1/a2 one company written two ways (Ltd/Limited): fine; a3/a4 two names on one domain: conflict;
    # a5 is a subsidiary of a6 with its own name on the parent's domain: fine (one hierarchy)
    frame = table("accounts", record_id=["a1", "a2", "a3", "a4", "a5", "a6"],
                  name=["Acme Ltd", "ACME Limited", "Globex", "Soylent", "Umbrella UK", "Umbrella Group"],
                  website=["acme.com", "https://www.acme.com", "globex.com", "www.globex.com", "umbrella.com",
                           "umbrella.com"],
                  parent_account_id=[None, None, None, None, "a6", None])
    report = run_data_audit({"accounts": frame}, as_of=AS_OF)
    assert flagged(report, "DATA.DOMAIN_SHARED_CONFLICT") == ["a3", "a4"]


def test_contact_company_differs_from_its_account():
    accounts = table("accounts", record_id=["a1", "a2"], name=["Acme Ltd", "Globex Corporation"])
    # r1 matches; r2 the same company with another legal form; r3 another company; r4 no account
    contacts = table("contacts", company=["Acme Ltd", "Acme Limited", "Hooli", "Hooli"],
                     account_id=["a1", "a1", "a2", None])
    report = run_data_audit({"contacts": contacts, "accounts": accounts}, as_of=AS_OF)
    assert flagged(report, "DATA.COMPANY_NAME_CONFLICT") == ["r3"]
    assert suggestion(report, "DATA.COMPANY_NAME_CONFLICT", "r3") == "Globex Corporation"


def test_no_conflict_without_shared_values():
    frame = table("contacts", email=["a@x.com", "b@x.com"], first_name=["A", "B"], last_name=["One", "Two"])
    report = run_data_audit({"contacts": frame}, as_of=AS_OF)
    assert report.result.finding("DATA.EMAIL_SHARED_CONFLICT") is None
    assert isinstance(report.result.issues, pd.DataFrame)
