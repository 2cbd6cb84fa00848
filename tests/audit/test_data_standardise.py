"""Standardisation: OpenRefine-style clusters, ISO 3166 countries and states, picklist vocabularies,
and formatting (case, spaces, phone formats)."""

import pandas as pd
import pytest

from crm_core.audit.data.cluster_review import accepted_from_review, review_table
from crm_core.audit.data.config import DataAuditConfig
from crm_core.audit.data.report import run_data_audit
from crm_core.audit.geography import infer_state_countries, resolve_countries
from crm_core.audit.data.standardise import cluster_values, fingerprint
from tests.audit.data_tables import AS_OF, flagged, suggestion, table


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("Trade show", "show trade"),
        ("  trade   SHOW ", "show trade"),
        ("Show, Trade!", "show trade"),
        ("Café Müller", "cafe muller"),
        ("Ltd Acme Acme", "acme ltd"),  # duplicate words collapse
    ],
)
def test_fingerprint_is_openrefines_key(text, key):
    assert fingerprint(text) == key


def test_key_collision_then_nearest_neighbours():
    # "Trade Show" 50, "trade show" 5 (same fingerprint), "Tradeshow" 3 (one space apart),
    # "Austria" 40 and "Australia" 30 are different values and must stay apart
    counts = pd.Series({"Trade Show": 50, "trade show": 5, "Tradeshow": 3, "Austria": 40, "Australia": 30})
    clusters = cluster_values(counts).set_index("value")
    assert clusters.loc["trade show", "canonical"] == "Trade Show"
    assert clusters.loc["trade show", "method"] == "fingerprint"
    assert clusters.loc["Tradeshow", "canonical"] == "Trade Show"
    assert clusters.loc["Tradeshow", "method"] == "nearest neighbour"
    assert clusters.loc["Australia", "status"] == "canonical"
    assert clusters.loc["Austria", "status"] == "canonical"


def test_countries_cluster_by_iso_code():
    # 5 x United States, USA, U.S., United States of America, the misspelling Untied States,
    # 2 x Germany and Deutschland; "Atlantis" is no country
    values = ["United States"] * 5 + ["USA", "U.S.", "United States of America", "Untied States"] \
        + ["Germany", "Germany", "Deutschland", "Atlantis"]
    frame = table("contacts", country=values)
    report = run_data_audit({"contacts": frame}, as_of=AS_OF)
    ids = [f"r{n}" for n in range(1, len(values) + 1)]
    assert flagged(report, "DATA.SPELLING_VARIANTS", "country") == sorted([ids[5], ids[6], ids[7], ids[11]])
    assert flagged(report, "DATA.COUNTRY_MISSPELLED") == [ids[8]]
    assert suggestion(report, "DATA.COUNTRY_MISSPELLED", ids[8]) == "United States"
    assert suggestion(report, "DATA.SPELLING_VARIANTS", ids[11]) == "Germany"
    assert flagged(report, "DATA.COUNTRY_UNKNOWN") == [ids[12]]


def test_a_misspelling_is_reported_even_when_it_is_the_only_spelling():
    # every telecom account is "Telecomunications": no correct spelling to cluster with
    frame = table("accounts", industry=["Telecomunications", "Telecomunications", "Retail", "Underwater basketry"])
    report = run_data_audit({"accounts": frame}, as_of=AS_OF)
    assert flagged(report, "DATA.PICKLIST_MISSPELLED") == ["r1", "r2"]
    assert suggestion(report, "DATA.PICKLIST_MISSPELLED", "r1") == "Telecommunications"
    assert flagged(report, "DATA.PICKLIST_UNKNOWN") == []  # a word the standard list lacks is the export's own


def test_the_exports_own_vocabulary_is_not_a_problem():
    # stages as a real pipeline export writes them, and industries consistently in lower case
    stages = ["Won"] * 40 + ["Lost"] * 25 + ["Engaging"] * 20 + ["Prospecting"] * 15
    deals = table("deals", stage=stages)
    industries = ["technology"] * 60 + ["retail"] * 30 + ["medical"] * 20 + ["technolgy"] * 3
    accounts = table("accounts", industry=industries)
    report = run_data_audit({"deals": deals, "accounts": accounts}, as_of=AS_OF)
    assert flagged(report, "DATA.SPELLING_VARIANTS", "stage") == []
    assert flagged(report, "DATA.SPELLING_VARIANTS", "industry") == []
    assert flagged(report, "DATA.PICKLIST_UNKNOWN") == []
    misspelled = flagged(report, "DATA.PICKLIST_MISSPELLED")
    assert misspelled == sorted(f"r{n}" for n in range(111, 114))  # only the three "technolgy"
    assert suggestion(report, "DATA.PICKLIST_MISSPELLED", "r111") == "technology"  # the column's own spelling


def test_picklist_aliases_and_case_are_variants_of_the_listed_value():
    # Salesforce's lead source is "Web": "Website" is a known alias, "web" a case variant
    frame = table("contacts", lead_source=["Web", "Website", "web", "Trade Show", "Tradeshow"])
    report = run_data_audit({"contacts": frame}, as_of=AS_OF)
    assert flagged(report, "DATA.SPELLING_VARIANTS", "lead_source") == ["r2", "r3", "r5"]
    assert suggestion(report, "DATA.SPELLING_VARIANTS", "r5") == "Trade Show"


def test_a_workspace_picklist_replaces_the_standard_one():
    frame = table("accounts", industry=["Fintech", "Finteck", "Retail"])
    config = DataAuditConfig(picklists={"accounts.industry": ["Fintech", "Retail"]})
    report = run_data_audit({"accounts": frame}, as_of=AS_OF, config=config)
    assert flagged(report, "DATA.PICKLIST_MISSPELLED") == ["r2"]
    assert flagged(report, "DATA.PICKLIST_UNKNOWN") == []
    own = run_data_audit({"accounts": table("accounts", industry=["Fintech", "Crypto"])}, as_of=AS_OF, config=config)
    assert flagged(own, "DATA.PICKLIST_UNKNOWN") == ["r2"]  # the workspace's own list does judge every value


def test_states_are_read_in_the_records_country():
    # r1-r3 California three ways; r4 "CA" in Canada is no province; r5 "WA" with no country is Washington,
    # the state this column uses (r6) rather than Western Australia
    frame = table("contacts", state=["California", "CA", "Calif.", "CA", "wa", "Washington"],
                  country=["United States", "USA", "United States", "Canada", None, "United States"])
    report = run_data_audit({"contacts": frame}, as_of=AS_OF)
    assert flagged(report, "DATA.SPELLING_VARIANTS", "state") == ["r2", "r3", "r5"]
    assert suggestion(report, "DATA.SPELLING_VARIANTS", "r5", "state") == "Washington"
    assert flagged(report, "DATA.STATE_UNKNOWN") == ["r4"]


def test_state_country_inference_leaves_true_ambiguity_alone():
    states = pd.Series(["WA", "WA", "Western Australia", "Washington"], dtype="string")
    countries = pd.Series([None, "AU", "AU", "US"], dtype="string")
    # AU-WA is used twice, US-WA once: the orphan is read as Australian
    assert infer_state_countries(states, countries).iloc[0] == "AU"
    even = pd.Series([None, "AU", "US"], dtype="string")
    assert pd.isna(infer_state_countries(pd.Series(["WA", "WA", "WA"], dtype="string"), even).iloc[0])


def test_country_lookup_knows_codes_aliases_and_misspellings():
    lookup = resolve_countries(pd.Series(["GB", "DEU", "UK", "Côte d'Ivoire", "Germnay", "Narnia"])).set_index("value")
    assert lookup["code"].tolist()[:5] == ["GB", "DE", "GB", "CI", "DE"]
    assert lookup.loc["Germnay", "status"] == "misspelled"
    assert lookup.loc["Narnia", "status"] == "unknown"


def test_job_titles_that_only_look_alike_stay_apart():
    # CEO/CFO and IT/HR Manager are different jobs; "Sales  Manager" is one with a stray space
    frame = table("contacts", job_title=["CEO", "CFO", "IT Manager", "HR Manager", "Product Manager",
                                         "Project Manager", "Sales Manager", "Sales Manager", "sales manager"])
    report = run_data_audit({"contacts": frame}, as_of=AS_OF)
    assert flagged(report, "DATA.SPELLING_VARIANTS", "job_title") == ["r9"]


def test_names_in_capitals_or_lower_case_but_not_uncased_scripts():
    frame = table("contacts", first_name=["JOHN", "mary", "Ann", "王", "Ελένη", "o'neill"],
                  last_name=["SMITH", "jones", "Lee", "伟", "ΠΑΠΑΔΟΠΟΥΛΟΥ", "Smith"])
    report = run_data_audit({"contacts": frame}, as_of=AS_OF)
    assert flagged(report, "DATA.FORMAT_INCONSISTENT", "first_name") == ["r1", "r2", "r6"]
    assert flagged(report, "DATA.FORMAT_INCONSISTENT", "last_name") == ["r1", "r2", "r5"]
    assert suggestion(report, "DATA.FORMAT_INCONSISTENT", "r6", "first_name") == "O'Neill"


def test_domestic_phones_in_a_minority_format():
    # US contacts: three in (415) 555-01xx, one in dots; a UK number on a US contact is foreign: expected
    # in international form, not compared with the US format
    frame = table("contacts", phone=["(415) 555-0100", "(415) 555-0101", "(415) 555-0102", "415.555.0103",
                                     "+44 20 7946 0000"], country=["United States"] * 5)
    report = run_data_audit({"contacts": frame}, as_of=AS_OF)
    assert flagged(report, "DATA.PHONE_FORMAT_MIXED") == ["r4"]
    assert suggestion(report, "DATA.PHONE_FORMAT_MIXED", "r4") == "+14155550103"


def test_cluster_review_round_trip():
    frame = table("contacts", country=["United States"] * 3 + ["USA", "U.S."])
    report = run_data_audit({"contacts": frame}, as_of=AS_OF)
    review = review_table(report.clusters)
    assert set(review["value"]) == {"USA", "U.S."} and not review["accept"].any()
    review.loc[review["value"] == "USA", "accept"] = True
    review.loc[review["value"] == "U.S.", ["accept", "canonical"]] = [True, "United States of America"]
    accepted = accepted_from_review(review, {"accounts": {"industry": {"Tech": "Technology"}}})
    assert accepted == {"accounts": {"industry": {"Tech": "Technology"}},
                        "contacts": {"country": {"USA": "United States", "U.S.": "United States of America"}}}
    shown = review_table(report.clusters, accepted).set_index("value")
    assert shown.loc["U.S.", "canonical"] == "United States of America" and shown["accept"].all()
    review["accept"] = False  # un-ticking drops the choice
    assert accepted_from_review(review, accepted) == {"accounts": {"industry": {"Tech": "Technology"}}}


def test_job_grades_are_not_spelling_variants():
    titles = ["Accountant I"] * 5 + ["Accountant III"] * 2 + ["Software Engineer IV", "Software Engineer I"] \
        + ["Sales Manger", "Sales Manager", "Sales Manager"]
    report = run_data_audit({"contacts": table("contacts", job_title=titles)}, as_of=AS_OF)
    assert flagged(report, "DATA.SPELLING_VARIANTS", "job_title") == ["r10"]  # only the real misspelling
