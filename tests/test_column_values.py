"""Columns understood from their values as well as their headers: a header match the values
contradict is undone, an unmapped column gets the field its values and a header hint point to,
each with its reason, and only sure proposals are applied."""

import pandas as pd
import pytest

from crm_core.column_values import APPLY_FROM, KnownNames, profile_values
from crm_core.recognition import map_file
from crm_core.mapping import map_headers


@pytest.mark.parametrize(("values", "kind"), [
    (["a@b.com", "c@d.org", "x@y.it", "p@q.de", "m@n.co.uk"], "email"),
    (["www.cps.edu", "http://a.com/x", "b.org", "c.net", "d.io"], "url"),
    (["Yes", "No", "Yes", "No", "No"], "boolean"),
    (["19970101", "19970102", "19970315", "19971231", "19980101"], "date"),  # compact dates
    (["1577836800", "1609459200", "1640995200", "1672531200", "1704067200"], "date"),  # epoch seconds
    (["2020-01-01", "2021-03-04", "2022-12-31", "2019-05-06", "2018-07-08"], "date"),
    (["Jan 5, 2020", "Feb 11, 2021", "Mar 3, 2022", "Dec 24, 2019", "Jul 8, 2018"], "date"),
    (["$1,200.00", "$300.50", "$45.00", "$99.99", "$10.00"], "money"),
    (["1054", "4514", "50", "588", "517"], "number"),
    (["(312) 555-0100", "312-555-0101", "+1 312 555 0102", "555-0103 x12", "(773) 555-0104"], "phone"),
    (["USA", "France", "Germany", "Italy", "Japan"], "country"),
    (["Moses Frase", "Darcel Schlecht", "Zane Levy", "Moses Frase", "Anna Snelling"], "label"),
    ([None, "", "  "], "empty"),
])
def test_values_are_profiled(values, kind):
    assert profile_values(pd.Series(values, dtype="string")).kind == kind


def _frame(**columns) -> pd.DataFrame:
    return pd.DataFrame({name: pd.Series(values, dtype="string") for name, values in columns.items()})


def test_a_pipeline_with_headers_no_synonym_knows_is_mapped_from_its_values():
    deals = _frame(opportunity_id=[f"O{n}" for n in range(6)],
                   sales_agent=["Moses Frase", "Zane Levy", "Moses Frase", "Anna Snelling", "Zane Levy", "Moses Frase"],
                   account=["Cancity", "Isdom", "Cancity", "Codehow", "Hatfan", "Ron-tech"],
                   deal_stage=["Won", "Lost", "Engaging", "Won", "Prospecting", "Won"],
                   engage_date=["2016-10-20", "2016-10-25", "2016-10-25", "2016-10-25", "2016-10-25", "2016-10-29"],
                   close_value=["1054", "0", "", "517", "1200", "4514"])
    mapping = map_file(deals, "deals")
    assert mapping.mapped() == {"opportunity_id": "record_id", "sales_agent": "owner", "account": "account_name",
                                "deal_stage": "stage", "engage_date": "created_at", "close_value": "amount"}
    reasons = {col.header: col.reason for col in mapping.columns}
    assert reasons["engage_date"] == "100% of its values are dates; the header says 'engage'."
    assert {col.header: col.method for col in mapping.columns}["close_value"] == "values"


def test_a_purchase_log_with_compact_dates_is_read():
    log = _frame(customer_id=["1", "2", "2", "3", "4"], date=["19970101", "19970102", "19970102", "19970103", "19970105"],
                 number_of_cds=["1", "2", "1", "5", "2"], dollar_value=["11.77", "12.00", "77.00", "20.76", "29.33"])
    assert map_file(log, "transactions").mapped() == {
        "customer_id": "customer_id", "date": "occurred_at", "number_of_cds": "quantity", "dollar_value": "amount"}


def test_a_header_the_values_contradict_is_not_trusted():
    sites = _frame(Id=["1", "2", "3", "4", "5", "6"], Name=["A", "B", "C", "D", "E", "F"],
                   Website=["Yes", "No", "No", "Yes", "No", "Yes"],
                   **{"Center Director": ["www.a.edu", "www.b.org", "c.com", "www.d.net", "e.org", "f.com"]})
    assert map_headers(list(sites.columns), "accounts").field_for("Website") == "website"
    mapping = map_file(sites, "accounts")
    website = next(col for col in mapping.columns if col.header == "Website")
    assert website.field is None and website.candidate == "website"
    assert website.reason == "Not mapped to Website: the header says so, but 100% of its values are yes/no values."
    director = next(col for col in mapping.columns if col.header == "Center Director")  # web addresses, odd header
    assert director.field is None and director.candidate == "website"


def test_values_alone_are_only_offered_never_applied():
    contacts = _frame(Email=["a@b.com", "c@d.org", "e@f.net", "g@h.it", "i@j.de"],
                      Stamp=["2020-01-01", "2021-03-04", "2022-12-31", "2019-05-06", "2018-07-08"])
    stamp = next(col for col in map_file(contacts, "contacts").columns if col.header == "Stamp")
    assert stamp.field is None and stamp.candidate == "created_at" and stamp.confidence < APPLY_FROM
    assert stamp.reason.startswith("Proposed as Created")


def test_a_saved_or_edited_mapping_is_never_second_guessed():
    sites = _frame(Name=["A", "B", "C", "D", "E"], Website=["Yes", "No", "No", "Yes", "No"])
    edited = map_file(sites, "accounts").with_override("Website", "website")
    again = map_file(sites, "accounts", saved=edited)
    assert again.field_for("Website") == "website"


def test_few_values_say_nothing():
    sites = _frame(Name=["A", "B"], Website=["Yes", "No"])
    assert map_file(sites, "accounts").field_for("Website") == "website"


USERS = pd.DataFrame({"name": ["Moses Frase", "Darcel Schlecht", "Zane Levy"],
                      "email": ["moses@acme.com", "darcel@acme.com", "zane@acme.com"]})
ACCOUNTS = pd.DataFrame({"name": ["Cancity", "Isdom", "Codehow", "Hatfan"]})


@pytest.mark.parametrize(("entity", "column", "values", "field"), [
    # names of the users file, whatever the header, are the record's owner; case and spacing ignored
    ("deals", "handled", ["moses frase", "Darcel  Schlecht", "Zane Levy"] * 3, "owner"),
    ("contacts", "looked after", ["moses@acme.com", "zane@acme.com", "darcel@acme.com"] * 3, "owner"),
    # names of the accounts file are the company a record belongs to
    ("contacts", "works at", ["Cancity", "Isdom", "Hatfan"] * 3, "company"),
    ("tickets", "from", ["Cancity", "Codehow", "Isdom"] * 3, "account_name"),
    ("transactions", "buyer", ["Cancity", "Codehow", "Isdom"] * 3, "customer_name"),
    # who created or last changed a record names users too, but is not its owner
    ("deals", "Created By", ["Moses Frase", "Zane Levy", "Darcel Schlecht"] * 3, None),
    # too few of the values are known names
    ("deals", "handled", ["Moses Frase", "Someone Else", "Another One", "Third Person"] * 3, None),
])
def test_names_the_workspace_knows_are_recognised(entity, column, values, field):
    frame = _frame(**{column: values})
    known = KnownNames.from_tables(USERS, ACCOUNTS)
    mapping = map_file(frame, entity, known=known)
    assert mapping.field_for(column) == field
    if field:
        assert mapping.columns[0].method == "values" and "of its values are" in mapping.columns[0].reason


def test_an_accounts_column_naming_other_accounts_of_the_file_is_the_parent():
    accounts = _frame(account=["Acme", "Betasoft", "Cardinal", "Delta", "Echo", "Foxtrot"],
                      sub_of=[None, "Acme", "Acme", "Betasoft", "Acme", "Delta"],
                      alias=["ACME", "Betasoft", "Cardinal", "Delta", "Echo", "Foxtrot"])
    mapping = map_file(accounts, "accounts")
    assert mapping.field_for("account") == "name"
    assert mapping.field_for("sub_of") == "parent_account_name"
    assert mapping.field_for("alias") is None  # the row's own name again is no parent


def test_the_first_column_with_an_id_like_header_and_no_repeated_value_is_the_records_own_id():
    travels = _frame(TravelUUID=[f"7A75{n}" for n in range(6)], seller_id=[f"s{n}" for n in range(6)],
                     TotalPrice=["10", "20", "30", "40", "50", "60"])
    mapping = map_file(travels, "transactions")
    assert mapping.field_for("TravelUUID") == "record_id"
    assert "none repeated" in mapping.columns[0].reason
    assert mapping.field_for("seller_id") is None  # unique too, but not where exports put their id
    repeated = _frame(PARTNERID=["1", "2", "2", "3", "4", "5"], Amount=["1", "2", "3", "4", "5", "6"])
    assert map_file(repeated, "transactions").field_for("PARTNERID") is None  # a reference repeats


def test_a_first_name_column_holding_whole_names_is_read_as_the_full_name():
    customers = _frame(IdCliente=["1", "2", "3", "4", "5"],
                       Nome=["Laura Valentini", "Antonio Silvestri", "Riccardo Esposito", "Rosa Monti", "Luca Leone"])
    mapping = map_file(customers, "contacts")
    assert mapping.field_for("Nome") == "full_name"
    assert "two words or more" in next(c.reason for c in mapping.columns if c.header == "Nome")
    with_last = _frame(Nome=["Anna Maria", "Luca", "Gian Paolo", "Rosa", "Pier Luigi"],
                       Cognome=["Rossi", "Bianchi", "Verdi", "Neri", "Gialli"])
    assert map_file(with_last, "contacts").field_for("Nome") == "first_name"  # a last-name column beside it


def test_numbers_are_never_taken_for_names():
    accounts = _frame(Cliente=["1", "2", "3", "4", "5", "6"], VendedorID=["2", "1", "1", "3", "2", "1"])
    mapping = map_file(accounts.rename(columns={"Cliente": "Account Name"}), "accounts")
    assert mapping.field_for("VendedorID") is None  # ids 1-3 are also "names" 1-6, but no parent account
    users = KnownNames.from_tables(pd.DataFrame({"name": ["1", "2", "3"]}), None)
    assert map_file(_frame(handled=["1", "2", "3", "1", "2"]), "deals", known=users).field_for("handled") is None
