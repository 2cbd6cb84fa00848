"""``python -m crm_core import`` and ``preview``: the Data sources page's import from a terminal,
columns understood from their values, ``--map`` edits kept for the next file of that layout,
and every refusal one sentence with exit status 2."""

from __future__ import annotations

import json
import subprocess
import sys

from crm_core import store
from crm_core.cli import main
from crm_core.mapping import ColumnMapping
from crm_core.settings import load_settings
from tests.conftest import ROOT

PIPELINE = (
    "opportunity_id,sales_agent,account,deal_stage,engage_date,close_date,close_value,product\n"
    "O1,Moses Frase,Cancity,Won,2016-10-20,2017-03-01,1054,GTX Plus Basic\n"
    "O2,Darcel Schlecht,Isdom,Lost,2016-10-25,2017-03-11,0,GTXPro\n"
    "O3,Darcel Schlecht,Cancity,Won,2016-10-25,2017-03-07,7514,MG Special\n"
    "O4,Moses Frase,Codehow,Engaging,2016-10-25,,,GTX Basic\n"
    "O5,Zane Levy,Hatfan,Won,2016-10-25,2017-03-03,50,GTX Basic\n"
    "O6,Anna Snelling,Ron-tech,Won,2016-10-29,2017-03-02,588,MG Special\n"
)


def test_import_creates_the_workspace_and_maps_from_values(workbench_env, tmp_path, capsys):
    path = tmp_path / "sales_pipeline.csv"
    path.write_text(PIPELINE)
    assert main(["import", "--workspace", "Maven", "--create", str(path), "--entity", "deals"]) == 0
    out = capsys.readouterr()
    assert "Imported 6 deals from sales_pipeline.csv: 7 of 8 columns mapped, 1 kept as custom fields." in out.out
    assert "Created the workspace 'Maven'." in out.err and "[" in out.err  # progress on stderr
    engine = store.open_store(load_settings().db_url)
    with store.session_scope(engine) as session:
        workspace = store.get_workspace_by_name(session=session, name="Maven")
        source = store.get_data_source(session=session, workspace_id=workspace.id, entity="deals")
    mapped = ColumnMapping.from_dict(json.loads(source.mapping_json)).mapped()
    assert mapped["sales_agent"] == "owner" and mapped["close_value"] == "amount"
    assert mapped["engage_date"] == "created_at"
    engine.dispose()


def test_a_map_edit_is_kept_for_the_next_file_of_that_layout(workbench_env, tmp_path, capsys):
    path = tmp_path / "pipeline.csv"
    path.write_text(PIPELINE)
    assert main(["import", "--workspace", "Maven", "--create", str(path), "--map", "product=name",
                 "--map", "account="]) == 0
    again = tmp_path / "pipeline_q2.csv"
    again.write_text(PIPELINE)
    capsys.readouterr()
    assert main(["import", "--workspace", "Maven", str(again)]) == 0
    engine = store.open_store(load_settings().db_url)
    with store.session_scope(engine) as session:
        workspace = store.get_workspace_by_name(session=session, name="Maven")
        source = store.get_data_source(session=session, workspace_id=workspace.id, entity="deals")
    mapped = ColumnMapping.from_dict(json.loads(source.mapping_json)).mapped()
    assert source.file_name == "pipeline_q2.csv" and mapped["product"] == "name" and "account" not in mapped
    engine.dispose()


def test_preview_shows_the_mapping_with_reasons_and_parsed_rows(tmp_path, capsys):
    path = tmp_path / "sales_pipeline.csv"
    path.write_text(PIPELINE)
    assert main(["preview", str(path), "--entity", "deals", "--rows", "2", "--format", "json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["entity"] == "deals" and shown["rows"] == 6 and len(shown["first_rows"]) == 2
    columns = {c["column"]: c for c in shown["mapping"]}
    assert columns["engage_date"]["field"] == "created_at"
    assert columns["engage_date"]["reason"] == "100% of its values are dates; the header says 'engage'."
    assert shown["first_rows"][0]["amount"] == "1054.0" and shown["first_rows"][0]["owner"] == "Moses Frase"
    assert main(["preview", str(path), "--entity", "deals", "--rows", "1"]) == 0
    out = capsys.readouterr()
    assert out.out.splitlines()[0].startswith("record_id,") and len(out.out.splitlines()) == 2
    assert "sales_agent" in out.err and "owner" in out.err
    assert "no column feeds Lead source: map one to measure win rate by lead source" in out.err
    assert main(["preview", str(path), "--entity", "deals", "--format", "json", "--map", "close_value="]) == 0
    unmet = json.loads(capsys.readouterr().out)["fields_no_column_feeds"]
    assert {"field": "Amount", "would_measure": "measure pipeline value, average deal size and revenue won"} in unmet


def test_refusals_are_one_sentence_and_exit_status_2(workbench_env, tmp_path):
    path = tmp_path / "sales_pipeline.csv"
    path.write_text(PIPELINE)
    for argv in (["import", "--workspace", "Nobody", str(path)],
                 ["import", "--workspace", "Nobody", "--create", str(tmp_path / "missing.csv")],
                 ["preview", str(path), "--map", "no such column=owner"],
                 ["preview", str(path), "--map", "sales_agent"],
                 ["preview", str(path), "--rows", "0"]):
        done = subprocess.run([sys.executable, "-m", "crm_core", *argv], cwd=ROOT, capture_output=True, text=True,
                              timeout=120)
        assert done.returncode == 2, (argv, done.stderr)
        error_lines = [line for line in done.stderr.splitlines() if line.startswith("error: ")]
        assert len(error_lines) == 1 and "Traceback" not in done.stderr, (argv, done.stderr)


def test_map_takes_the_same_edits(tmp_path, capsys):
    path = tmp_path / "sales_pipeline.csv"
    path.write_text(PIPELINE)
    assert main(["map", str(path), "--entity", "deals", "--map", "product=name", "--map", "account=", "--json"]) == 0
    columns = json.loads(capsys.readouterr().out)["columns"]
    assert columns["product"]["field"] == "name" and columns["account"]["field"] is None
    assert columns["engage_date"]["reason"] == "100% of its values are dates; the header says 'engage'."


def test_users_and_accounts_are_imported_first_so_other_files_name_them(workbench_env, tmp_path, capsys):
    deals = tmp_path / "deals.csv"
    deals.write_text("opportunity_id,handled,deal_stage,close_value\n"
                     + "".join(f"O{n},{['Moses Frase', 'Zane Levy'][n % 2]},Won,{n}00\n" for n in range(8)))
    users = tmp_path / "team.csv"
    users.write_text("Full Name,Email,Role,Active,Last Login\nMoses Frase,moses@acme.com,Rep,yes,2026-11-02\n"
                     "Zane Levy,zane@acme.com,Rep,yes,2026-11-30\n")
    assert main(["import", "--workspace", "Maven", "--create", str(deals), str(users)]) == 0
    out = capsys.readouterr().out
    assert out.index("users from team.csv") < out.index("deals from deals.csv")
    engine = store.open_store(load_settings().db_url)
    with store.session_scope(engine) as session:
        workspace = store.get_workspace_by_name(session=session, name="Maven")
        source = store.get_data_source(session=session, workspace_id=workspace.id, entity="deals")
    mapping = ColumnMapping.from_dict(json.loads(source.mapping_json))
    assert mapping.field_for("handled") == "owner"
    assert "users' names or emails in the users file" in next(c.reason for c in mapping.columns if c.header == "handled")
    engine.dispose()


def test_the_audit_commands_take_map_and_sheet_too(tmp_path, capsys):
    from openpyxl import Workbook

    log = tmp_path / "purchases.csv"
    log.write_text("client,when,paid_out\n" + "".join(f"C{n % 4},2026-0{1 + n % 9}-1{n % 9},{10 + n}\n"
                                                     for n in range(20)))
    assert main(["rfm", "--transactions", str(log), "--map", "client=customer_id", "--map", "when=occurred_at",
                 "--map", "paid_out=amount", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["customers"] == 4
    assert main(["rfm", "--transactions", str(log), "--map", "buyer=customer_id"]) == 2
    assert "--map names a column 'buyer' that none of the files has" in capsys.readouterr().err

    book = Workbook()
    book.active.title = "Notes"
    book.active.append(["Exported for the audit"])
    accounts = book.create_sheet("Accounts")
    accounts.append(["Account Name", "Website", "Industry", "Country"])
    for n in range(6):
        accounts.append([f"Firm {n}", f"firm{n}.com", "Retail", "Italy"])
    path = tmp_path / "accounts.xlsx"
    book.save(path)
    assert main(["audit", "data", "--accounts", str(path), "--sheet", "Accounts", "--format", "md"]) == 0
    assert "6 accounts" in capsys.readouterr().out
