"""Accounts (hierarchy, links, dead accounts, status) and ownership (owners, books, territories)."""

import numpy as np

from crm_core.audit.data.config import DataAuditConfig
from crm_core.audit.data.report import run_data_audit
from crm_core.audit.data.hierarchy import parent_structure
from tests.audit.data_tables import AS_OF, flagged, suggestion, table


def test_parent_links_that_point_nowhere_and_cycles():
    # a1 root <- a2 <- a3 (healthy, two levels); a4 -> "gone" (missing); a5 -> a6 -> a7 -> a5 (cycle);
    # a8 -> a5 (leads into the cycle but is not in it); a9 is its own parent (a cycle of one)
    frame = table("accounts", record_id=[f"a{n}" for n in range(1, 10)],
                  parent_account_id=[None, "a1", "a2", "gone", "a6", "a7", "a5", "a5", "a9"])
    roots, missing, cycle = parent_structure(frame)
    assert np.flatnonzero(missing).tolist() == [3]
    assert np.flatnonzero(cycle).tolist() == [4, 5, 6, 8]
    assert roots[:3].tolist() == [0, 0, 0] and roots[7] == roots[4] == 4  # a8 hangs under the a5 cycle
    report = run_data_audit({"accounts": frame}, as_of=AS_OF)
    assert flagged(report, "DATA.PARENT_MISSING") == ["a4"]
    assert flagged(report, "DATA.HIERARCHY_CYCLE") == ["a5", "a6", "a7", "a9"]


def test_contacts_and_accounts_that_do_not_meet():
    accounts = table("accounts", record_id=["a1", "a2"], name=["Acme", "Globex"])
    # r1 at a1; r2 no account; r3 at an account deleted from the CRM; nobody at a2
    contacts = table("contacts", account_id=["a1", None, "a9"], last_name=["Lee", "Ng", "Ray"])
    deals = table("deals", account_id=["a1", "zz"], stage=["Prospecting", "Closed Won"])
    report = run_data_audit({"contacts": contacts, "accounts": accounts, "deals": deals}, as_of=AS_OF)
    assert flagged(report, "DATA.CONTACT_NO_ACCOUNT") == ["r2"]
    assert flagged(report, "DATA.CONTACT_ACCOUNT_MISSING") == ["r3"]
    assert flagged(report, "DATA.ACCOUNT_NO_CONTACTS") == ["a2"]
    assert flagged(report, "DATA.DEAL_ACCOUNT_MISSING") == ["r2"]


def test_a_list_of_consumers_is_not_a_list_of_contacts_without_accounts():
    # three of four people with no company: a consumer list, where that is normal; one of four: B2B gaps
    consumers = table("contacts", company=["Acme", None, None, None], last_name=["Lee", "Ng", "Ray", "Fox"])
    report = run_data_audit({"contacts": consumers}, as_of=AS_OF)
    assert flagged(report, "DATA.CONTACT_NO_ACCOUNT") == []
    assert report.skipped == [{"check": "Contacts with no account",
                               "why": "75% of contacts have no company or account, as in a list of consumers: "
                                      "a missing company is not an error there."}]
    business = table("contacts", company=["Acme", "Globex", "Initech", None], last_name=["Lee", "Ng", "Ray", "Fox"])
    report = run_data_audit({"contacts": business}, as_of=AS_OF)
    assert flagged(report, "DATA.CONTACT_NO_ACCOUNT") == ["r4"]
    assert report.skipped == []


def test_links_to_accounts_without_ids_are_not_run_and_say_why():
    accounts = table("accounts", record_id=["row 2", "row 3"], name=["Acme", "Globex"])  # ids made at import
    contacts = table("contacts", account_id=["@Ref1", "@Ref2"], last_name=["Lee", "Ng"])
    report = run_data_audit({"contacts": contacts, "accounts": accounts}, as_of=AS_OF)
    assert flagged(report, "DATA.CONTACT_ACCOUNT_MISSING") == []
    assert {row["why"] for row in report.skipped} == {
        "The accounts export has no id column, so links to its accounts cannot be followed."}
    assert len(report.skipped) == 3


def test_dead_accounts():
    # cut-off 2025-10-01. a1 old and silent: dead. a2 old, silent, but an open deal: alive. a3 old with
    # recent activity: alive. a4 created after the cut-off: too new to be dead. a5 old, silent, its only
    # deal closed: dead. a6 silent on the account but an activity logged against it recently: alive.
    accounts = table("accounts", record_id=["a1", "a2", "a3", "a4", "a5", "a6"],
                     created_at=["2020-01-01", "2020-01-01", "2020-01-01", "2026-02-01", "2020-01-01", "2020-01-01"],
                     last_activity_at=["2024-05-01", "2024-05-01", "2026-09-01", None, "2024-01-01", "2024-01-01"])
    deals = table("deals", account_id=["a2", "a5"], stage=["Negotiation/Review", "Closed Lost"])
    activities = table("activities", account_id=["a6"], occurred_at=["2026-08-15"])
    report = run_data_audit({"accounts": accounts, "deals": deals, "activities": activities}, as_of=AS_OF)
    assert flagged(report, "DATA.DEAD_ACCOUNTS") == ["a1", "a5"]


def test_accounts_missing_status_revenue_or_buyer_stage():
    frame = table("accounts", account_type=["Customer", None], annual_revenue=[1e6, None],
                  lifecycle_stage=["Customer", "Customer"])
    report = run_data_audit({"accounts": frame}, as_of=AS_OF)
    finding = report.result.finding("DATA.ACCOUNT_STATUS_MISSING")
    assert flagged(report, "DATA.ACCOUNT_STATUS_MISSING") == ["r2"]
    assert finding.evidence["missing status"] == 1 and finding.evidence["missing buyer stage"] == 0


def _users():
    return table("users", name=["Dana Reed", "Eli Park", "Fay Wong", "Gus Tan", "Hal Ode"],
                 email=["dana@v.com", "eli@v.com", "fay@v.com", "gus@v.com", "hal@v.com"],
                 team=["Sales", "Sales", "IT", "Sales EMEA", "Customer Support"],
                 is_active=[True, False, True, True, True])


def test_owners_missing_gone_unknown_and_outside_customer_facing_teams():
    # r1 Dana (sales): fine. r2 no owner. r3 Eli left. r4 Fay is IT. r5 "Zed" is no user. r6 owner given as
    # an email, case aside, of Hal in support: fine.
    contacts = table("contacts", owner=["Dana Reed", None, "eli park", "Fay Wong", "Zed", "HAL@v.com"])
    report = run_data_audit({"contacts": contacts, "users": _users()}, as_of=AS_OF)
    assert flagged(report, "DATA.NO_OWNER") == ["r2"]
    assert flagged(report, "DATA.OWNER_INACTIVE") == ["r3"]
    assert flagged(report, "DATA.OWNER_NOT_CUSTOMER_FACING") == ["r4"]
    assert flagged(report, "DATA.OWNER_UNKNOWN") == ["r5"]


def test_territory_rules_by_country_and_state():
    # Germany belongs to Sales EMEA (Gus); California to Sales (Dana)
    config = DataAuditConfig(territory_rules=({"country": "Germany", "team": "Sales EMEA"},
                                              {"country": "US", "state": "CA", "team": "Sales"}))
    contacts = table("contacts", owner=["Gus Tan", "Dana Reed", "Dana Reed", "Gus Tan", "Gus Tan"],
                     country=["Deutschland", "DE", "United States", "USA", "USA"],
                     state=[None, None, "California", "Calif.", "Texas"])
    report = run_data_audit({"contacts": contacts, "users": _users()}, as_of=AS_OF, config=config)
    assert flagged(report, "DATA.TERRITORY_VIOLATION") == ["r2", "r4"]
    assert suggestion(report, "DATA.TERRITORY_VIOLATION", "r2") == "an owner from Sales EMEA"


def test_unbalanced_books():
    # four active owners: 40, 5, 5 and 4 accounts; the biggest book is 8x the median (5)
    owners = ["Dana Reed"] * 40 + ["Gus Tan"] * 5 + ["Hal Ode"] * 5 + ["Fay Wong"] * 4
    report = run_data_audit({"accounts": table("accounts", owner=owners), "users": _users()}, as_of=AS_OF)
    finding = report.result.finding("DATA.BOOK_IMBALANCE")
    assert finding is not None and finding.evidence["accounts biggest / median"] == 8.0
    books = report.books.set_index("owner")
    assert books.loc["Dana Reed", "records"] == 40 and books.loc["Dana Reed", "share"] == 40 / 54
    balanced = run_data_audit({"accounts": table("accounts", owner=owners[30:]), "users": _users()}, as_of=AS_OF)
    assert balanced.result.finding("DATA.BOOK_IMBALANCE") is None


def test_a_team_column_of_regions_says_nothing_about_customer_facing_roles():
    users = table("users", name=["Ana Silva", "Bo Chen", "Cy Diaz"], team=["Central", "East", "West"])
    deals = table("deals", name=["d1", "d2", "d3"], owner=["Ana Silva", "Bo Chen", "Cy Diaz"])
    report = run_data_audit({"users": users, "deals": deals}, as_of=AS_OF)
    assert flagged(report, "DATA.OWNER_NOT_CUSTOMER_FACING") == []
    departments = table("users", name=["Ana Silva", "Bo Chen", "Cy Diaz"], team=["Sales East", "Finance", "Sales"])
    report = run_data_audit({"users": departments, "deals": deals}, as_of=AS_OF)
    assert flagged(report, "DATA.OWNER_NOT_CUSTOMER_FACING") == ["r2"]  # Bo Chen owns d2 from finance


def test_links_to_accounts_without_ids_of_their_own_are_not_checked():
    # an export with no account id column: the workbench's own row numbers cannot be linked to
    accounts = table("accounts", record_id=["row 2", "row 3"], name=["Acme", "Globex"])  # ids made at import.drop(columns="record_id")
    contacts = table("contacts", last_name=["Silva", "Chen"], account_id=["@AccountRef1", "@AccountRef2"])
    report = run_data_audit({"accounts": accounts, "contacts": contacts}, as_of=AS_OF)
    for code in ("DATA.CONTACT_ACCOUNT_MISSING", "DATA.DEAL_ACCOUNT_MISSING", "DATA.ACCOUNT_NO_CONTACTS"):
        assert flagged(report, code) == [], code
    with_ids = table("accounts", name=["Acme", "Globex"])  # r1, r2: the export's own ids
    report = run_data_audit({"accounts": with_ids, "contacts": contacts}, as_of=AS_OF)
    assert flagged(report, "DATA.CONTACT_ACCOUNT_MISSING") == ["r1", "r2"]
