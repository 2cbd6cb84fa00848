"""Importing exports into a workspace: files kept, table typed, nothing half-written."""

import json

import pandas as pd
import pytest

from crm_core import importing, store, workspaces
from crm_core.errors import CrmCoreError, InputFileError, MappingError
from crm_core.models import WorkspaceCreate
from crm_core.recognition import choose_entity

CONTACTS = (
    "Contact ID,First Name,Last Name,Email,Created Date,Email Opt Out,Favourite Colour\n"
    "003A,Ann,Lee,ann@example.com,3/14/2026,1,blue\n"
    "003B,Bob,Ray,bob@example.com,soon,0,\n"
    "003C,Cy,Ng,,12/31/2025,yes,green\n"
).encode()


@pytest.fixture
def workspace(engine):
    return workspaces.create_workspace(engine=engine, data=WorkspaceCreate(name="Acme"))


def do_import(engine, data_dir, workspace, content=CONTACTS, file_name="contacts.csv", **kwargs):
    return importing.import_file(engine=engine, data_dir=data_dir, workspace_id=workspace.id,
                                 content=content, file_name=file_name, **kwargs)


def workspace_files(data_dir, workspace):
    folder = workspaces.workspace_dir(data_dir, workspace.id)
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()) if folder.exists() else []


def test_import_keeps_the_original_and_a_typed_table(engine, data_dir, workspace):
    outcome = do_import(engine, data_dir, workspace)
    source = outcome.source
    assert (source.entity, source.row_count, source.column_count) == ("contacts", 3, 7)
    folder = workspaces.workspace_dir(data_dir, workspace.id)
    assert (folder / source.original_path).read_bytes() == CONTACTS  # byte for byte
    table = importing.load_table(data_dir=data_dir, source=source)
    assert list(table["record_id"]) == ["003A", "003B", "003C"]
    assert table["created_at"].iloc[0] == pd.Timestamp("2026-03-14")
    assert pd.isna(table["created_at"].iloc[1])  # "soon" is not a date...
    assert table["created_at__text"].iloc[1] == "soon"  # ...but its text is kept
    assert list(table["email_opt_out"]) == [True, False, True]
    assert list(table["custom:Favourite Colour"].fillna("")) == ["blue", "", "green"]
    assert outcome.problems == ["1 of 3 values in Created Date could not be read as dates (examples: soon)."]


def test_a_made_up_record_id_when_the_export_has_none(engine, data_dir, workspace):
    content = b"First Name,Last Name,Email\nAnn,Lee,ann@example.com\nBob,Ray,bob@example.com\n"
    source = do_import(engine, data_dir, workspace, content=content).source
    assert list(importing.load_table(data_dir=data_dir, source=source)["record_id"]) == ["row 2", "row 3"]


def test_reimporting_replaces_the_entity_and_reuses_the_reviewed_mapping(engine, data_dir, workspace):
    first = do_import(engine, data_dir, workspace)
    preview = importing.preview_file(engine=engine, workspace_id=workspace.id, content=CONTACTS, file_name="c.csv")
    edited = importing.apply_field_choices(preview.mapping, {"Favourite Colour": "job_title"})
    do_import(engine, data_dir, workspace, mapping=edited)
    with store.session_scope(engine) as session:
        sources = store.list_data_sources(session=session, workspace_id=workspace.id)
    assert len(sources) == 1 and sources[0].id != first.source.id
    assert not (workspaces.workspace_dir(data_dir, workspace.id) / first.source.table_path).exists()
    again = importing.preview_file(engine=engine, workspace_id=workspace.id, content=CONTACTS, file_name="next-quarter.csv")
    assert again.mapping_was_saved and again.mapping.field_for("Favourite Colour") == "job_title"


def test_taking_a_field_moves_it_instead_of_mapping_two_headers(engine, workspace):
    preview = importing.preview_file(engine=engine, workspace_id=workspace.id, content=CONTACTS, file_name="c.csv")
    assert preview.mapping.field_for("Email") == "email"
    edited = importing.apply_field_choices(preview.mapping, {"Favourite Colour": "email"})
    assert edited.field_for("Favourite Colour") == "email" and edited.field_for("Email") is None
    assert list(edited.mapped().values()).count("email") == 1


def test_delete_source_removes_row_and_files(engine, data_dir, workspace):
    do_import(engine, data_dir, workspace)
    importing.delete_source(engine=engine, data_dir=data_dir, workspace_id=workspace.id, entity="contacts")
    with store.session_scope(engine) as session:
        assert store.list_data_sources(session=session, workspace_id=workspace.id) == []
    assert [f for f in workspace_files(data_dir, workspace) if f.startswith("sources/")] == []


@pytest.mark.parametrize(
    ("content", "file_name", "error", "words"),
    [
        (b"", "empty.csv", InputFileError, "empty"),
        (b"Contact ID,First Name,Email\n", "header.csv", InputFileError, "no data rows|no rows|only a header"),
        (b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4, "logo.png", InputFileError, "image|PNG"),
        (b"colour,size\nred,1\nblue,2\n", "misc.csv", MappingError, "do not look like|map the columns"),
    ],
)
def test_bad_files_get_a_sentence_and_leave_the_workspace_unchanged(engine, data_dir, workspace, content, file_name, error, words):
    with pytest.raises(error, match=words):
        do_import(engine, data_dir, workspace, content=content, file_name=file_name)
    with store.session_scope(engine) as session:
        assert store.list_data_sources(session=session, workspace_id=workspace.id) == []
    assert workspace_files(data_dir, workspace) == []


def test_a_file_of_another_entity_is_named_as_such(engine, data_dir, workspace):
    deals = b"Opportunity Name,Stage,Amount,Close Date\nBig deal,Prospecting,100,1/2/2026\n"
    with pytest.raises(MappingError, match="looks like deals"):
        do_import(engine, data_dir, workspace, content=deals, entity="users")


def test_a_failed_import_keeps_the_previous_one(engine, data_dir, workspace):
    first = do_import(engine, data_dir, workspace)
    with pytest.raises(CrmCoreError):
        do_import(engine, data_dir, workspace, content=b"", file_name="broken.csv")
    with store.session_scope(engine) as session:
        (kept,) = store.list_data_sources(session=session, workspace_id=workspace.id)
    assert kept.id == first.source.id
    assert importing.load_table(data_dir=data_dir, source=kept).shape[0] == 3


def test_header_signature_ignores_order_case_and_spacing():
    assert importing.header_signature(["Email", "First  Name"]) == importing.header_signature(["first name", "EMAIL"])
    assert importing.header_signature(["Email"]) != importing.header_signature(["Email", "Phone"])


def test_summary_line(engine, data_dir, workspace):
    outcome = do_import(engine, data_dir, workspace)
    assert importing.summarise_import(outcome) == (
        "Imported 3 contacts from contacts.csv: 6 of 7 columns mapped, 1 kept as custom fields."
    )
    parse = {p.field: p for p in importing.parse_summary(outcome.source)}
    assert parse["created_at"].failed == 1 and parse["created_at"].examples == ("soon",)
    assert json.loads(outcome.source.mapping_json)["entity"] == "contacts"


def test_an_import_given_its_preview_reads_the_file_once(engine, data_dir, workspace, monkeypatch):
    preview = importing.preview_file(engine=engine, workspace_id=workspace.id, content=CONTACTS,
                                     file_name="contacts.csv")
    reads = []
    real = importing.read_table
    monkeypatch.setattr(importing, "read_table", lambda *a, **k: reads.append(1) or real(*a, **k))
    outcome = do_import(engine, data_dir, workspace, mapping=preview.mapping, preview=preview)
    assert reads == [] and outcome.source.row_count == 3


def test_rows_with_nothing_in_any_mapped_column_are_said(engine, data_dir, workspace):
    content = (CONTACTS.decode() + ",,,,,,purple\n,,,,,,red\n").encode()
    outcome = do_import(engine, data_dir, workspace, content=content)
    assert outcome.source.row_count == 5 and outcome.empty_rows == 2
    assert "2 row(s) have no value in any mapped column, so they import as empty records" in " ".join(outcome.problems)
    assert do_import(engine, data_dir, workspace).empty_rows == 0


@pytest.mark.parametrize(("columns", "entity", "reason"), [
    # a product list has order-like headers but no dates and no customers: not an order log
    ({"product": ["GTX Basic", "GTX Pro", "MG Special"], "series": ["GTX", "GTX", "MG"],
      "sales_price": ["550", "4821", "55"]}, None, "no column holds a date, customer or order number per line"),
    ({"customer_id": ["1", "2", "3"], "date": ["19970101", "19970102", "19970105"],
      "number_of_cds": ["1", "2", "1"], "dollar_value": ["11.77", "12.00", "29.33"]}, "transactions", ""),
])
def test_what_a_file_holds_is_checked_against_its_values(columns, entity, reason):
    from crm_core.recognition import guess_file_entity

    guess = guess_file_entity(pd.DataFrame(columns, dtype="string"))
    assert guess.entity == entity and reason in guess.reason
    if entity is None:
        with pytest.raises(MappingError, match=r"do not look like any CRM export the workbench knows\. Not read as transactions .*no column holds a date, customer .* Say what"):
            choose_entity(pd.DataFrame(columns, dtype="string"), None, "products.csv")


@pytest.mark.parametrize(("columns", "entity", "reason"), [
    # company fields and nothing only a person has: a list of companies, though it has an email
    ({"PARTNERID": ["1", "2", "3", "4", "5"], "EMAILADDRESS": [f"info@firm{n}.com" for n in range(5)],
      "COMPANYNAME": [f"Firm {n}" for n in range(5)], "WEBADDRESS": [f"https://firm{n}.com" for n in range(5)]},
     "accounts", "holds a company's website"),
    # a person's whole name and nothing only a company has: people, though "Tipo" reads as an account type
    ({"IdCliente": ["1", "2", "3", "4", "5"], "Città": ["Roma", "Pisa", "Bari", "Como", "Asti"],
      "Nome": ["Laura Valentini", "Antonio Silvestri", "Riccardo Esposito", "Rosa Monti", "Luca Leone"],
      "Tipo": ["Abituale", "Occasionale", "Abituale", "Abituale", "Occasionale"]},
     "contacts", "holds a person's full name"),
    # a first column of lead ids, none repeated: the records are leads, though "origin" reads as a ticket's
    ({"mql_id": ["a1", "b2", "c3", "d4", "e5"], "first_contact_date": ["2018-02-01"] * 5,
      "origin": ["social", "paid_search", "organic_search", "email", "social"]}, "contacts", "first column, 'mql_id'"),
])
def test_people_companies_and_logs_are_told_apart_by_what_the_file_holds(columns, entity, reason):
    from crm_core.recognition import guess_file_entity

    guess = guess_file_entity(pd.DataFrame(columns, dtype="string"))
    assert guess.entity == entity and reason in guess.reason


def test_a_log_without_what_such_a_log_needs_is_not_taken_for_one():
    from crm_core.recognition import guess_file_entity

    leads = pd.DataFrame({"ref": ["a1", "b2", "a1", "d4", "e5"], "first_contact_date": ["2018-02-01"] * 5,
                          "origin": ["social", "paid_search", "organic_search", "email", "social"]}, dtype="string")
    guess = guess_file_entity(leads)
    assert guess.entity != "tickets" and "Not read as support tickets (cases): no column holds a ticket's subject" \
        in guess.reason
