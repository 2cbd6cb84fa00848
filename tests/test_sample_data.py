"""The committed sample CRM exports are in sync with their generator, and truth.json is true.

Every count in truth.json is recomputed here from the CSV files with plain pandas and the
project's own validators (phonenumbers, email-validator), independently of the generator's
code, so a later audit test can rely on the truth file without re-reading the generator.
"""

import json
import re
import subprocess
import sys
from collections import Counter
from datetime import date, datetime
from pathlib import Path

import pandas as pd
import phonenumbers
import pytest
from email_validator import EmailNotValidError, validate_email

SAMPLE = Path(__file__).resolve().parent.parent / "sample_data"
GENERATED = ["contacts.csv", "accounts.csv", "opportunities.csv", "activities.csv", "users.csv", "cases.csv",
             "truth.json", "truth_duplicates.csv", "strategy.json"]
ID_COLUMN = {"contacts": "Contact ID", "accounts": "Account ID", "opportunities": "Opportunity ID",
             "activities": "Activity ID", "users": "User ID", "cases": "Case ID"}
ID_PREFIXES = {"contacts": ("003",), "accounts": ("001",), "opportunities": ("006",),
               "activities": ("00T", "00U"), "users": ("005",), "cases": ("500",)}
COUNTRIES = {"United States": "US", "United Kingdom": "GB", "Germany": "DE", "France": "FR", "Ireland": "IE",
             "Netherlands": "NL", "Italy": "IT", "Spain": "ES", "Australia": "AU", "Canada": "CA"}
PLACEHOLDERS = {"n/a", "-", "unknown", "test", "asdf", "0000000000", "noemail@example.com"}
AS_OF = date(2026, 10, 1)
SPAN = (date(2025, 7, 1), date(2026, 9, 30))
CLOSED = {"Closed Won", "Closed Lost"}
DATE_RE = re.compile(r"^\d{1,2}/\d{1,2}/\d{4}$")
DATETIME_RE = re.compile(r"^\d{1,2}/\d{1,2}/\d{4} \d{1,2}:\d{2} [AP]M$")


# ---- loading -----------------------------------------------------------------------------

@pytest.fixture(scope="module")
def regenerated(tmp_path_factory) -> Path:
    """The generator's output written into a fresh folder."""
    out = tmp_path_factory.mktemp("sample_data")
    subprocess.run([sys.executable, str(SAMPLE / "generate.py"), "--out", str(out)], check=True,
                   capture_output=True, timeout=60)
    return out


@pytest.fixture(scope="module")
def truth() -> dict:
    return json.loads((SAMPLE / "truth.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def data() -> dict:
    """Every committed CSV as strings, empty cells as ''."""
    return {name: pd.read_csv(SAMPLE / f"{name}.csv", dtype=str, keep_default_na=False)
            for name in ID_COLUMN}


def d(text: str) -> date | None:
    """'3/14/2026' or '3/14/2026 2:05 PM' -> date; '' -> None."""
    if not text.strip():
        return None
    return datetime.strptime(text.split()[0], "%m/%d/%Y").date()


def dt(text: str) -> datetime:
    return datetime.strptime(text, "%m/%d/%Y %I:%M %p")


def ids_where(frame: pd.DataFrame, entity: str, mask) -> set:
    return set(frame.loc[mask, ID_COLUMN[entity]])


def flags(frame: pd.DataFrame, values) -> pd.Series:
    """A boolean Series aligned with frame from any iterable of booleans."""
    return pd.Series(list(values), index=frame.index, dtype=bool)


def truth_ids(truth: dict, key: str) -> set:
    return set(truth["defects"][key]["ids"])


# ---- sync and format ---------------------------------------------------------------------

@pytest.mark.parametrize("name", GENERATED)
def test_committed_file_matches_a_fresh_generation(regenerated, name):
    # Regenerate with `python sample_data/generate.py` if this fails after changing the generator.
    assert (regenerated / name).read_bytes() == (SAMPLE / name).read_bytes()


@pytest.mark.parametrize("name", GENERATED)
def test_files_are_utf8_without_bom_with_lf_endings(name):
    raw = (SAMPLE / name).read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf")
    assert b"\r\n" not in raw
    raw.decode("utf-8")


def test_sizes_match_truth_and_brief(data, truth):
    assert truth["sizes"] == {f"{name}.csv": len(frame) for name, frame in data.items()}
    assert len(data["contacts"]) == 5000 and len(data["accounts"]) == 800 and len(data["users"]) == 30
    assert 2700 <= len(data["opportunities"]) <= 3300 and 55000 <= len(data["activities"]) <= 65000
    assert len(data["cases"]) == 4000


def test_headers_are_the_salesforce_export_headers(data):
    assert list(data["users"].columns) == ["User ID", "Full Name", "Email", "Department", "Role", "Profile",
                                           "Active", "Last Login", "Created Date"]
    assert list(data["activities"].columns) == ["Activity ID", "Activity Type", "Subject", "Assigned", "Date",
                                                "Contact ID", "Account ID", "Opportunity ID", "Status",
                                                "Comments", "Created Date"]
    assert data["contacts"].columns[0] == "Contact ID" and data["contacts"].columns[-1] == "Last Activity"
    assert len(data["contacts"].columns) == 24 and len(data["accounts"].columns) == 18
    assert len(data["opportunities"].columns) == 16 and len(data["cases"].columns) == 12


def salesforce_suffix(id15: str) -> str:
    out = ""
    for chunk in range(3):
        bits = sum(1 << i for i, ch in enumerate(id15[chunk * 5:chunk * 5 + 5]) if "A" <= ch <= "Z")
        out += "ABCDEFGHIJKLMNOPQRSTUVWXYZ012345"[bits]
    return out


@pytest.mark.parametrize("entity", list(ID_COLUMN))
def test_ids_are_unique_18_character_salesforce_ids(data, entity):
    ids = data[entity][ID_COLUMN[entity]]
    assert ids.is_unique
    for value in ids:
        assert len(value) == 18 and value.startswith(ID_PREFIXES[entity]), value
        assert salesforce_suffix(value[:15]) == value[15:], value


@pytest.mark.parametrize("entity,column,pattern", [
    ("contacts", "Created Date", DATE_RE), ("contacts", "Birthdate", DATE_RE),
    ("contacts", "Email Bounced Date", DATETIME_RE), ("accounts", "Created Date", DATE_RE),
    ("opportunities", "Close Date", DATE_RE), ("activities", "Date", DATE_RE),
    ("activities", "Created Date", DATETIME_RE), ("users", "Last Login", DATETIME_RE),
    ("cases", "Date/Time Opened", DATETIME_RE), ("cases", "Date/Time Closed", DATETIME_RE),
])
def test_dates_use_the_us_export_format(data, entity, column, pattern):
    values = data[entity][column]
    assert values[values != ""].map(lambda v: bool(pattern.match(v))).all()


def test_checkboxes_amounts_and_picklists(data):
    assert set(data["contacts"]["Email Opt Out"]) == {"0", "1"} and set(data["users"]["Active"]) == {"0", "1"}
    amounts = data["opportunities"]["Amount"]
    assert amounts[amounts != ""].str.fullmatch(r"\d+\.\d{2}").all()
    probability = {"Prospecting": "10", "Qualification": "10", "Needs Analysis": "20", "Proposal/Price Quote": "75",
                   "Negotiation/Review": "90", "Closed Won": "100", "Closed Lost": "0"}
    opps = data["opportunities"]
    assert (opps["Stage"].map(probability) == opps["Probability (%)"]).all()
    assert set(opps["Opportunity Record Type"]) == {"New Business", "Renewal", "Upsell"}
    assert set(data["activities"]["Activity Type"]) == {"Call", "Email", "Meeting", "Visit", "Note", "Task"}
    assert set(data["accounts"]["Type"]) == {"Customer", "Prospect", "Partner", "Former Customer"}
    assert set(data["users"]["Department"]) == {"Sales", "Marketing", "Support", "Operations", "IT"}


def test_owners_are_user_full_names(data):
    names = set(data["users"]["Full Name"]) | {""}
    for entity, column in (("contacts", "Contact Owner"), ("accounts", "Account Owner"),
                           ("opportunities", "Opportunity Owner"), ("activities", "Assigned"),
                           ("cases", "Case Owner")):
        assert set(data[entity][column]) <= names, entity


def test_references_between_files_resolve(data):
    contacts, accounts = set(data["contacts"]["Contact ID"]), set(data["accounts"]["Account ID"])
    deals = set(data["opportunities"]["Opportunity ID"])
    acts, cases = data["activities"], data["cases"]
    assert set(acts["Contact ID"]) - {""} <= contacts and set(acts["Account ID"]) - {""} <= accounts
    assert set(acts["Opportunity ID"]) - {""} <= deals
    assert set(cases["Contact ID"]) - {""} <= contacts and set(cases["Account ID"]) <= accounts
    assert set(data["opportunities"]["Account ID"]) <= accounts


def test_activities_span_five_quarters_mostly_on_weekdays(data):
    days = data["activities"]["Date"].map(d)
    assert days.min() >= SPAN[0] and days.max() <= SPAN[1]
    assert (days.map(lambda x: x.weekday() < 5).mean()) > 0.95


def test_every_truth_id_exists_in_its_file(data, truth):
    all_ids = {entity: set(frame[ID_COLUMN[entity]]) for entity, frame in data.items()}
    everything = set().union(*all_ids.values())
    for key, entry in truth["defects"].items():
        known = everything if entry["entity"] == "mixed" else all_ids[entry["entity"]]
        assert set(entry["ids"]) <= known, key
        assert entry["count"] == len(entry["ids"]) == len(set(entry["ids"])), key
    for item in truth["pii_in_free_text"] + truth["luhn_negatives"]:
        assert item["record_id"] in all_ids[item["entity"]]
    for pair in truth["homonym_non_duplicates"]:
        assert set(pair["record_ids"]) <= all_ids[pair["entity"]]


# ---- completeness and validity -------------------------------------------------------------

MISSING = [("contacts_missing_email", "contacts", "Email"), ("contacts_missing_phone", "contacts", "Phone"),
           ("contacts_missing_title", "contacts", "Title"), ("contacts_missing_owner", "contacts", "Contact Owner"),
           ("contacts_missing_country", "contacts", "Mailing Country"),
           ("contacts_missing_account", "contacts", "Account ID"),
           ("accounts_missing_industry", "accounts", "Industry"), ("accounts_missing_owner", "accounts", "Account Owner"),
           ("accounts_missing_country", "accounts", "Billing Country"), ("accounts_missing_website", "accounts", "Website"),
           ("opportunities_missing_amount", "opportunities", "Amount"),
           ("opportunities_missing_close_date", "opportunities", "Close Date"),
           ("opportunities_missing_owner", "opportunities", "Opportunity Owner")]


@pytest.mark.parametrize("key,entity,column", MISSING)
def test_missing_field_counts(data, truth, key, entity, column):
    frame = data[entity]
    assert ids_where(frame, entity, frame[column].str.strip() == "") == truth_ids(truth, key)


def test_missing_rates_are_realistic(truth):
    assert 250 <= truth["defects"]["contacts_missing_email"]["count"] <= 350       # ~6%
    assert 550 <= truth["defects"]["contacts_missing_phone"]["count"] <= 650       # ~12%


@pytest.mark.parametrize("key,entity,columns", [
    ("contacts_placeholder_email", "contacts", ["Email"]), ("contacts_placeholder_phone", "contacts", ["Phone"]),
    ("contacts_placeholder_title", "contacts", ["Title"]),
    ("contacts_placeholder_name", "contacts", ["First Name", "Last Name"]),
    ("accounts_placeholder_phone", "accounts", ["Phone"])])
def test_placeholder_counts(data, truth, key, entity, columns):
    frame = data[entity]
    mask = pd.Series(False, index=frame.index)
    for column in columns:
        mask |= frame[column].str.strip().str.lower().isin(PLACEHOLDERS)
    assert ids_where(frame, entity, mask) == truth_ids(truth, key)


def email_kind(value: str) -> str:
    """Independent classification: email-validator decides syntax, simple lists the rest."""
    value = value.strip()
    if not value:
        return "missing"
    if value.lower() in PLACEHOLDERS:
        return "placeholder"
    try:
        validate_email(value, check_deliverability=False)
    except EmailNotValidError:
        return "invalid_syntax"
    local, domain = value.lower().rsplit("@", 1)
    if domain in {"mailinator.com", "guerrillamail.com", "yopmail.com", "10minutemail.com"}:
        return "disposable"
    if domain in {"gmial.com", "gmai.com", "hotmial.com", "yaho.com", "outlok.com"}:
        return "typo_domain"
    if local in {"info", "sales", "admin", "accounts", "office", "enquiries", "contact", "support", "hello",
                 "billing", "marketing", "hr", "team", "noreply"}:
        return "role"
    return "valid"


def test_email_defects(data, truth):
    contacts = data["contacts"]
    kinds = contacts["Email"].map(email_kind)
    for kind, key in (("invalid_syntax", "contacts_invalid_email_syntax"), ("typo_domain", "contacts_email_typo_domain"),
                      ("role", "contacts_role_email"), ("disposable", "contacts_disposable_email")):
        assert ids_where(contacts, "contacts", kinds == kind) == truth_ids(truth, key), key
    assert data["users"]["Email"].map(email_kind).eq("valid").all()


def phone_is_valid(value: str, country: str) -> bool:
    try:
        return phonenumbers.is_valid_number(phonenumbers.parse(value, COUNTRIES.get(country)))
    except phonenumbers.NumberParseException:
        return False


def test_phone_defects_match_libphonenumber(data, truth):
    contacts = data["contacts"]
    filled = (contacts["Phone"].str.strip() != "") & ~contacts["Phone"].str.strip().str.lower().isin(PLACEHOLDERS)
    valid = contacts.apply(lambda r: phone_is_valid(r["Phone"], r["Mailing Country"]), axis=1)
    assert ids_where(contacts, "contacts", filled & ~valid) == truth_ids(truth, "contacts_invalid_phone")
    mobiles = contacts[contacts["Mobile"] != ""]
    assert mobiles.apply(lambda r: phone_is_valid(r["Mobile"], r["Mailing Country"]), axis=1).all()
    accounts = data["accounts"]
    usable = accounts[~accounts["Phone"].str.lower().isin(PLACEHOLDERS)]
    assert usable.apply(lambda r: phone_is_valid(r["Phone"], r["Billing Country"]), axis=1).all()


def test_us_numbers_avoid_the_fictional_555_range(data):
    numbers = pd.concat([data["contacts"]["Phone"], data["contacts"]["Mobile"], data["accounts"]["Phone"]])
    assert not numbers.str.contains(r"555[-. ]?01\d\d").any()


STATES = {"California", "New York", "Texas", "Illinois", "Massachusetts", "Washington", "Georgia", "Colorado",
          "Florida", "Pennsylvania", "North Carolina", "Ohio", "Minnesota", "Arizona", "Oregon", "Michigan",
          "Virginia", "New Jersey", "New South Wales", "Victoria", "Queensland", "Western Australia",
          "South Australia", "Ontario", "Quebec", "British Columbia", "Alberta"}
INDUSTRIES = {"Technology", "Financial Services", "Healthcare", "Manufacturing", "Retail", "Education",
              "Government", "Energy", "Telecommunications", "Media", "Professional Services", "Transportation",
              "Hospitality", "Construction", "Non-Profit"}
LEAD_SOURCES = {"Web", "Phone Inquiry", "Partner Referral", "Purchased List", "Trade Show", "Webinar",
                "Employee Referral", "Advertisement", "Other"}


@pytest.mark.parametrize("key,entity,column,canonical", [
    ("contacts_country_variant", "contacts", "Mailing Country", set(COUNTRIES)),
    ("accounts_country_variant", "accounts", "Billing Country", set(COUNTRIES)),
    ("contacts_state_variant", "contacts", "Mailing State/Province", STATES),
    ("accounts_state_variant", "accounts", "Billing State/Province", STATES),
    ("accounts_industry_variant", "accounts", "Industry", INDUSTRIES),
    ("contacts_lead_source_variant", "contacts", "Lead Source", LEAD_SOURCES),
    ("opportunities_lead_source_variant", "opportunities", "Lead Source", LEAD_SOURCES)])
def test_spelling_variants(data, truth, key, entity, column, canonical):
    frame = data[entity]
    mask = (frame[column] != "") & ~frame[column].isin(canonical)
    assert ids_where(frame, entity, mask) == truth_ids(truth, key)
    assert dict(Counter(frame.loc[mask, column])) == truth["defects"][key]["values"]


def test_telecom_misspelling_has_no_correct_twin(data):
    industries = set(data["accounts"]["Industry"])
    assert "Telecomunications" in industries and "Telecommunications" not in industries


# ---- dates, decay, hierarchy ---------------------------------------------------------------

def test_nonsense_dates(data, truth):
    c, o = data["contacts"], data["opportunities"]
    created = c["Created Date"].map(d)
    assert ids_where(c, "contacts", created > AS_OF) == truth_ids(truth, "contacts_created_in_future")
    last = c["Last Activity"].map(d)
    before = [la is not None and la < cr for la, cr in zip(last, created)]
    assert ids_where(c, "contacts", before) == truth_ids(truth, "contacts_last_activity_before_created")
    close, opened = o["Close Date"].map(d), o["Created Date"].map(d)
    early = [cl is not None and cl < op for cl, op in zip(close, opened)]
    assert ids_where(o, "opportunities", early) == truth_ids(truth, "opportunities_close_before_created")


def test_stale_and_bounced_contacts(data, truth):
    c = data["contacts"]
    cutoff = date(2025, 10, 1)
    last, modified = c["Last Activity"].map(d), c["Last Modified Date"].map(d)
    stale = [(la is None or la < cutoff) and lm < cutoff for la, lm in zip(last, modified)]
    assert ids_where(c, "contacts", stale) == truth_ids(truth, "contacts_stale")
    assert 0.15 <= truth["defects"]["contacts_stale"]["count"] / len(c) <= 0.4
    assert ids_where(c, "contacts", c["Email Bounced Date"] != "") == truth_ids(truth, "contacts_email_bounced")


def test_hierarchy_and_orphans(data, truth):
    a, c = data["accounts"], data["contacts"]
    known = set(a["Account ID"])
    dangling = (a["Parent Account ID"] != "") & ~a["Parent Account ID"].isin(known)
    assert ids_where(a, "accounts", dangling) == truth_ids(truth, "accounts_parent_not_found")
    parent = dict(zip(a["Account ID"], a["Parent Account ID"]))
    in_cycle = set()
    for start in parent:
        node, steps = parent[start], 0
        while node in parent and node != start and steps < 50:
            node, steps = parent[node], steps + 1
        if node == start:
            in_cycle.add(start)
    assert in_cycle == truth_ids(truth, "accounts_parent_cycle") and len(in_cycle) in (2, 3)
    assert (a["Parent Account ID"].isin(known)).sum() >= 40     # a real hierarchy exists too
    lost = (c["Account ID"] != "") & ~c["Account ID"].isin(known)
    assert ids_where(c, "contacts", lost) == truth_ids(truth, "contacts_account_not_found")
    no_contacts = ~a["Account ID"].isin(set(c["Account ID"]))
    assert ids_where(a, "accounts", no_contacts) == truth_ids(truth, "accounts_without_contacts")


def test_dead_accounts(data, truth):
    a, o = data["accounts"], data["opportunities"]
    cutoff = date(2025, 10, 1)
    with_open_deal = set(o.loc[~o["Stage"].isin(CLOSED), "Account ID"])
    dead = [d(cr) < cutoff and (d(la) is None or d(la) < cutoff) and aid not in with_open_deal
            for aid, cr, la in zip(a["Account ID"], a["Created Date"], a["Last Activity"])]
    assert ids_where(a, "accounts", dead) == truth_ids(truth, "accounts_dead")


def test_last_activity_agrees_with_activities_in_the_span(data):
    latest = {}
    for column in ("Contact ID", "Account ID", "Opportunity ID"):
        frame = data["activities"][data["activities"][column] != ""]
        dates = frame["Date"].map(d)
        latest.update(dates.groupby(frame[column]).max().to_dict())
    for entity in ("contacts", "accounts", "opportunities"):
        frame = data[entity]
        for record_id, value in zip(frame[ID_COLUMN[entity]], frame["Last Activity"]):
            if record_id in latest:
                assert d(value) == latest[record_id], record_id
            elif value:
                assert d(value) < SPAN[0], record_id      # older history, before the export window


# ---- ownership, consent, usage, pipeline ------------------------------------------------------

@pytest.mark.parametrize("entity,column", [("contacts", "Contact Owner"), ("accounts", "Account Owner"),
                                           ("opportunities", "Opportunity Owner")])
def test_ownership(data, truth, entity, column):
    users = data["users"].set_index("Full Name")
    frame = data[entity]
    inactive = set(users.index[users["Active"] == "0"])
    admins = set(users.index[~users["Department"].isin({"Sales", "Marketing", "Support"})])
    assert ids_where(frame, entity, frame[column].isin(inactive)) == truth_ids(truth, f"{entity}_owner_inactive")
    assert ids_where(frame, entity, frame[column].isin(admins)) == truth_ids(truth, f"{entity}_owner_not_customer_facing")


def test_three_deactivated_users_still_own_records(data, truth):
    users = data["users"]
    gone = set(users.loc[users["Active"] == "0", "Full Name"])
    assert len(gone) == 3
    owners = set(data["contacts"]["Contact Owner"]) | set(data["accounts"]["Account Owner"])
    assert gone <= owners
    assert gone & set(data["opportunities"]["Opportunity Owner"])


def test_emailed_after_opt_out(data, truth):
    c, acts = data["contacts"], data["activities"]
    opted = c[c["Email Opt Out"] == "1"].set_index("Contact ID")["Created Date"].map(d)
    emails = acts[(acts["Activity Type"] == "Email") & acts["Contact ID"].isin(opted.index)]
    violators = {cid for cid, day in zip(emails["Contact ID"], emails["Date"]) if d(day) > opted[cid]}
    assert violators == truth_ids(truth, "contacts_emailed_after_opt_out")
    assert set(emails["Contact ID"]) == violators     # no opted-out contact was emailed in any other way


def test_usage_patterns(data, truth):
    users, acts = data["users"], data["activities"]
    per_user = acts["Assigned"].value_counts()
    usage = truth["usage"]
    assert {name: int(per_user.get(name, 0)) for name in users["Full Name"]} == usage["activities_per_user"]
    marketing = users.loc[users["Department"] == "Marketing", "Full Name"]
    assert usage["silent_team"] == "Marketing" and per_user.reindex(marketing).fillna(0).sum() == 0
    for name in usage["low_usage_reps"]:
        assert per_user.get(name, 0) <= 5
    assert len(usage["low_usage_reps"]) == 2
    reps = users[(users["Department"] == "Sales") & (users["Role"].isin(["Account Executive",
                                                                          "Sales Development Representative"]))]
    busy = [per_user.get(n, 0) for n in reps["Full Name"] if n not in usage["low_usage_reps"]]
    assert min(busy) >= 300
    login = users["Last Login"].map(d)
    idle = (users["Active"] == "1") & flags(users, (x is None or x < date(2026, 7, 3) for x in login))
    assert set(users.loc[idle, "Full Name"]) == set(usage["idle_users"]) and idle.sum() == 2
    assert ids_where(users, "users", idle) == truth_ids(truth, "users_idle")


def test_bulk_and_late_logging(data, truth):
    acts = data["activities"]
    group_size = acts.groupby(["Assigned", "Created Date"])["Activity ID"].transform("size")
    bulk = acts[group_size >= 20]
    assert set(bulk["Activity ID"]) == truth_ids(truth, "activities_bulk_logged")
    assert set(bulk["Assigned"]) == set(truth["usage"]["bulk_loggers"]) and bulk.groupby("Created Date").size().min() >= 40
    assert group_size[group_size < 20].max() <= 3                    # no accidental near-bulk
    lag = [(dt(created).date() - d(day)).days >= 3 for created, day in zip(acts["Created Date"], acts["Date"])]
    assert ids_where(acts, "activities", lag) == truth_ids(truth, "activities_logging_lag")


def test_pipeline_defects(data, truth):
    o, acts = data["opportunities"], data["activities"]
    is_open = ~o["Stage"].isin(CLOSED)
    changed = o["Last Stage Change Date"].map(d)
    stuck = is_open & flags(o, (c < date(2026, 4, 4) for c in changed))
    assert ids_where(o, "opportunities", stuck) == truth_ids(truth, "opportunities_stuck")
    # no open deal sits between 120 and 180 days, so any threshold in that range gives the same answer
    assert not (is_open & flags(o, (date(2026, 4, 4) <= c < date(2026, 6, 3) for c in changed))).any()
    first_touch = acts[acts["Opportunity ID"] != ""].assign(day=lambda f: f["Date"].map(d)).groupby("Opportunity ID")["day"].min()
    close = o["Close Date"].map(d)
    won = (o["Stage"] == "Closed Won") & flags(o, (c is not None and SPAN[0] <= c <= SPAN[1] for c in close))
    untouched = [w and not (oid in first_touch.index and first_touch[oid] <= c)
                 for w, oid, c in zip(won, o["Opportunity ID"], close)]
    assert ids_where(o, "opportunities", untouched) == truth_ids(truth, "opportunities_won_without_activity")
    past = is_open & flags(o, (c is not None and c < AS_OF for c in close))
    assert ids_where(o, "opportunities", past) == truth_ids(truth, "opportunities_open_past_close_date")


# ---- duplicates --------------------------------------------------------------------------------

def test_truth_duplicates_covers_every_contact_and_account_once(data, truth):
    dup = pd.read_csv(SAMPLE / "truth_duplicates.csv", dtype=str)
    assert list(dup.columns) == ["entity", "record_id", "cluster_id"]
    for entity in ("contacts", "accounts"):
        part = dup[dup["entity"] == entity]
        ids = data[entity][ID_COLUMN[entity]]
        assert sorted(part["record_id"]) == sorted(ids)
        assert set(part["cluster_id"]) <= set(ids)                   # a cluster is named after its original
        sizes = part.groupby("cluster_id").size()
        assert set(sizes) <= {1, 2, 3}
        members = set(part.loc[part["cluster_id"].isin(sizes.index[sizes > 1]), "record_id"])
        key = "duplicate_contacts" if entity == "contacts" else "duplicate_accounts"
        assert members == truth_ids(truth, key)
        summary = truth["duplicates"][entity]
        assert summary["clusters"] == (sizes > 1).sum() and summary["records_in_clusters"] == len(members)
    share = truth["duplicates"]["contacts"]["records_in_clusters"] / len(data["contacts"])
    assert 0.04 <= share <= 0.06
    assert 0.03 <= truth["duplicates"]["accounts"]["records_in_clusters"] / len(data["accounts"]) <= 0.04


def test_duplicate_contacts_include_cross_account_and_exact_copies(data):
    dup = pd.read_csv(SAMPLE / "truth_duplicates.csv", dtype=str)
    contacts = data["contacts"].set_index("Contact ID")
    part = dup[(dup["entity"] == "contacts") & (dup["record_id"] != dup["cluster_id"])]
    accounts_differ = sum(contacts.at[r, "Account ID"] != contacts.at[c, "Account ID"]
                          for r, c in zip(part["record_id"], part["cluster_id"]))
    assert accounts_differ >= 5
    user_fields = ["First Name", "Last Name", "Email", "Phone", "Mobile", "Account ID", "Title"]
    exact = sum((contacts.loc[r, user_fields] == contacts.loc[c, user_fields]).all()
                for r, c in zip(part["record_id"], part["cluster_id"]))
    assert exact >= 15


def test_homonyms_are_different_people_in_different_clusters(data, truth):
    dup = pd.read_csv(SAMPLE / "truth_duplicates.csv", dtype=str).set_index("record_id")["cluster_id"]
    pairs = truth["homonym_non_duplicates"]
    assert {p["entity"] for p in pairs} == {"contacts", "accounts"}
    contacts = data["contacts"].set_index("Contact ID")
    for pair in pairs:
        first, second = pair["record_ids"]
        assert dup[first] != dup[second]
        if pair["entity"] == "contacts":
            assert tuple(contacts.loc[first, ["First Name", "Last Name"]]) == tuple(contacts.loc[second, ["First Name", "Last Name"]])
            assert contacts.at[first, "Email"] != contacts.at[second, "Email"]
            assert contacts.at[first, "Account ID"] != contacts.at[second, "Account ID"]


def test_no_unplanted_same_name_contacts(data, truth):
    dup = pd.read_csv(SAMPLE / "truth_duplicates.csv", dtype=str).set_index("record_id")["cluster_id"]
    c = data["contacts"]
    names = (c["First Name"].str.strip().str.lower() + " " + c["Last Name"].str.strip().str.lower())
    homonyms = {i for p in truth["homonym_non_duplicates"] for i in p["record_ids"]}
    clusters_per_name = {}
    for record_id, name in zip(c["Contact ID"], names):
        if record_id in homonyms or name.split()[0] in PLACEHOLDERS or name.split()[-1] in PLACEHOLDERS:
            continue
        clusters_per_name.setdefault(name, set()).add(dup[record_id])
    assert all(len(v) == 1 for v in clusters_per_name.values())


def test_names_are_international(data):
    names = " ".join(data["contacts"]["First Name"] + " " + data["contacts"]["Last Name"])
    assert re.search(r"[\u0370-\u03ff]", names) and re.search(r"[\u3040-\u30ff\u4e00-\u9fff]", names)
    assert re.search(r"[éèüöñçøłá]", names)


# ---- personal data in free text ---------------------------------------------------------------

FREE_TEXT = {"contacts": "Description", "activities": "Comments", "cases": "Description"}


def luhn_ok(number: str) -> bool:
    digits = [int(x) for x in number if x.isdigit()][::-1]
    return sum(x if i % 2 == 0 else (x * 2 - 9 if x * 2 > 9 else x * 2) for i, x in enumerate(digits)) % 10 == 0


def iban_ok(value: str) -> bool:
    compact = value.replace(" ", "")
    return int("".join(str(int(ch, 36)) for ch in compact[4:] + compact[:4])) % 97 == 1


def test_planted_pii_is_where_truth_says_and_is_well_formed(data, truth):
    texts = {e: data[e].set_index(ID_COLUMN[e])[f] for e, f in FREE_TEXT.items()}
    kinds = Counter()
    for item in truth["pii_in_free_text"]:
        assert item["field"] == FREE_TEXT[item["entity"]]
        assert item["raw"] in texts[item["entity"]][item["record_id"]]
        kinds[item["kind"]] += 1
        raw = item["raw"]
        if item["kind"] == "card":
            assert luhn_ok(raw) and re.fullmatch(r"\d{4}([ -]\d{4}){3}|\d{4}([ -])\d{6}\2\d{5}", raw)
        elif item["kind"] == "iban":
            assert raw[:2] in {"DE", "GB", "FR"} and iban_ok(raw)
        elif item["kind"] == "ssn":
            area = int(raw[:3])
            assert re.fullmatch(r"\d{3}-\d{2}-\d{4}", raw) and 1 <= area <= 665 and area != 666
        elif item["kind"] == "nino":
            assert re.fullmatch(r"[A-Z]{2} ?\d{2} ?\d{2} ?\d{2} ?[A-D]", raw)
    assert set(kinds) == {"card", "iban", "ssn", "nino", "dob", "health"}
    assert {i["entity"] for i in truth["pii_in_free_text"]} == set(FREE_TEXT)
    for item in truth["luhn_negatives"]:
        assert item["raw"] in texts[item["entity"]][item["record_id"]] and not luhn_ok(item["raw"])
    records = {i["record_id"] for i in truth["pii_in_free_text"]}
    assert records == truth_ids(truth, "free_text_pii")


def test_free_text_holds_no_unplanted_sensitive_values(data, truth):
    planted = {(i["record_id"], i["raw"]) for i in truth["pii_in_free_text"]}
    negatives = {(i["record_id"], i["raw"]) for i in truth["luhn_negatives"]}
    found_cards, found_other = set(), set()
    for entity, field in FREE_TEXT.items():
        frame = data[entity]
        for record_id, text in zip(frame[ID_COLUMN[entity]], frame[field]):
            if not text:
                continue
            for iban in re.findall(r"\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){3,7}(?: ?[A-Z0-9]{1,3})?\b", text):
                found_other.add((record_id, iban))
            text_wo_iban = re.sub(r"\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){3,7}(?: ?[A-Z0-9]{1,3})?\b", " ", text)
            for number in re.findall(r"(?<![\w-])\d(?:[ -]?\d){12,18}(?![\w-])", text_wo_iban):
                found_cards.add((record_id, number))
            for pattern in (r"\b\d{3}-\d{2}-\d{4}\b", r"\b[A-Z]{2} ?\d{2} ?\d{2} ?\d{2} ?[A-D]\b",
                            r"\b\d{1,2}/\d{1,2}/\d{4}\b|\b\d{4}-\d{2}-\d{2}\b"):
                found_other |= {(record_id, m) for m in re.findall(pattern, text)}
            for term in truth["health_terms"]:
                if re.search(rf"\b{term}\b", text.lower()):
                    found_other.add((record_id, term))
    assert found_cards | found_other == planted | negatives


# ---- the documentation agrees with the truth -----------------------------------------------

def test_defects_md_table_matches_truth(truth):
    text = (SAMPLE / "DEFECTS.md").read_text(encoding="utf-8")
    rows = re.findall(r"^\| `([a-z_]+)` \| (\d+) \| `?([0-9A-Za-z]*)`? \|", text, flags=re.MULTILINE)
    documented = {key: (int(count), example) for key, count, example in rows}
    assert set(documented) == set(truth["defects"])
    for key, (count, example) in documented.items():
        assert count == truth["defects"][key]["count"], key
        assert (example in truth["defects"][key]["ids"]) if count else example == "", key
