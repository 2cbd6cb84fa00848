"""``python -m crm_core report``: a workspace's report from the configured store; bad input is
one sentence on stderr and exit status 2."""

from __future__ import annotations

import subprocess
import sys

import pytest

from crm_core import importing, store, workspaces
from crm_core.cli import main
from crm_core.models import WorkspaceCreate
from crm_core.settings import load_settings
from tests.conftest import ROOT
from tests.report.readers import pdf_pages
from tests.report.test_records import contacts_csv


@pytest.fixture
def stored_workspace(workbench_env):
    settings = load_settings()
    engine = store.open_store(settings.db_url)
    workspace = workspaces.create_workspace(engine=engine, data=WorkspaceCreate(
        name="Globex 2026-Q4", organisation="Globex Corporation", facilitator="Ada Consultant"))
    importing.import_file(engine=engine, data_dir=settings.data_dir, workspace_id=workspace.id,
                          content=contacts_csv(30, 4), file_name="contacts.csv", entity="contacts")
    engine.dispose()
    return workspace


def test_writes_a_pdf_of_the_workspace(stored_workspace, tmp_path, capsys):
    out = tmp_path / "globex.pdf"
    assert main(["report", "--workspace", "Globex 2026-Q4", "--format", "pdf", "--out", str(out)]) == 0
    assert "Wrote the PDF report of 'Globex 2026-Q4'" in capsys.readouterr().out
    pages = pdf_pages(out.read_bytes())
    assert "Globex Corporation" in pages[0] and "Ada Consultant" in pages[0]
    assert "Health scorecard" in pages[1]
    assert any("Give the 4 ownerless records an owner" in " ".join(p.split()) for p in pages)


@pytest.mark.parametrize("flag, cover", [
    ([], "Personal data redacted"),  # redacted unless the consultant turns it off
    (["--redact"], "Personal data redacted"),
    (["--no-redact"], "Personal data as exported, not redacted"),
])
def test_reports_redact_personal_data_by_default(stored_workspace, tmp_path, flag, cover):
    out = tmp_path / "globex.md"
    assert main(["report", "--workspace", "Globex 2026-Q4", "--format", "md", "--out", str(out), *flag]) == 0
    assert cover in out.read_text()


@pytest.mark.parametrize("arguments, message", [
    (["--workspace", "Nobody", "--format", "pdf"], "No workspace is named 'Nobody'"),
    (["--workspace", "Globex 2026-Q4", "--format", "docx"], "'docx' is not a report format"),
])
def test_bad_input_is_one_sentence_and_exit_2(stored_workspace, tmp_path, capsys, arguments, message):
    assert main(["report", *arguments, "--out", str(tmp_path / "r")]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("error: ") and message in err and "\n" not in err


def test_missing_folder_from_the_command_line(stored_workspace, tmp_path):
    run = subprocess.run([sys.executable, "-m", "crm_core", "report", "--workspace", "Globex 2026-Q4",
                          "--format", "html", "--out", str(tmp_path / "nope" / "r.html")],
                         cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert run.returncode == 2
    assert run.stderr.strip().count("\n") == 0 and "does not exist" in run.stderr


def test_all_five_formats_in_one_run(stored_workspace, tmp_path, capsys):
    assert main(["report", "--workspace", "Globex 2026-Q4", "--format", "all", "--out", str(tmp_path)]) == 0
    written = sorted(p.suffix for p in tmp_path.iterdir() if p.name.startswith("crm-audit-"))
    assert written == [".html", ".md", ".pdf", ".pptx", ".xlsx"]
    assert capsys.readouterr().out.count("Wrote the ") == 5


def test_all_formats_need_a_folder(stored_workspace, tmp_path, capsys):
    assert main(["report", "--workspace", "Globex 2026-Q4", "--format", "all", "--out", str(tmp_path / "r.pdf")]) == 2
    assert "give an existing folder" in capsys.readouterr().err
