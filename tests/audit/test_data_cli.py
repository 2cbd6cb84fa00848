"""``python -m crm_core audit data``: the JSON result, the other formats and bad input."""

import io
import json
import subprocess
import sys

import pandas as pd
import pytest

from crm_core.cli import main
from crm_core.findings import AuditResult
from tests.conftest import ROOT, SAMPLE_DIR

CONTACTS = str(SAMPLE_DIR / "contacts.csv")
ACCOUNTS = str(SAMPLE_DIR / "accounts.csv")
USERS = str(SAMPLE_DIR / "users.csv")


def test_json_is_the_shared_result(capsys, sample_truth):
    status = main(["audit", "data", "--contacts", CONTACTS, "--accounts", ACCOUNTS, "--users", USERS,
                   "--as-of", sample_truth["as_of"], "--format", "json"])
    assert status == 0
    data = json.loads(capsys.readouterr().out)
    assert data["area"] == "data"
    assert set(data["scores"]) == {"completeness", "validity", "consistency", "timeliness", "integrity", "overall"}
    assert all(0 <= v <= 100 for v in data["scores"].values())
    findings = {f["code"]: f for f in data["findings"]}
    invalid = sample_truth["defects"]["contacts_invalid_email_syntax"]["count"]
    assert findings["DATA.EMAIL_INVALID"]["affected_count"] == invalid
    assert findings["DATA.EMAIL_INVALID"]["severity"] == "high"
    assert findings["DATA.HIERARCHY_CYCLE"]["evidence"]["accounts"] == 3
    assert set(findings["DATA.EMAIL_INVALID"]) >= {"code", "severity", "title", "affected_count", "evidence"}
    assert AuditResult.from_json(json.dumps(data)).finding("DATA.EMAIL_DOMAIN_TYPO").affected_count == 18


def test_markdown_and_csv_to_files(tmp_path, sample_truth):
    report, issues = tmp_path / "report.md", tmp_path / "issues.csv"
    assert main(["audit", "data", "--contacts", CONTACTS, "--as-of", sample_truth["as_of"], "--format", "md",
                 "--out", str(report)]) == 0
    text = report.read_text()
    assert text.startswith("# Data audit as of 2026-10-01") and "`DATA.EMAIL_INVALID`" in text
    assert "550" in text  # the cost assumptions are listed
    assert main(["audit", "data", "--contacts", CONTACTS, "--as-of", sample_truth["as_of"], "--format", "csv",
                 "--out", str(issues)]) == 0
    table = pd.read_csv(io.StringIO(issues.read_text(encoding="utf-8-sig"), newline=""), dtype=str)
    assert list(table.columns) == ["record_id", "entity", "field", "check", "severity", "value", "suggestion"]
    assert not table["value"].dropna().str.match(r"^[=+\-@]").any()  # neutralised


def test_fixed_copies_use_the_exports_own_headers(tmp_path, sample_truth):
    assert main(["audit", "data", "--contacts", CONTACTS, "--as-of", sample_truth["as_of"], "--out",
                 str(tmp_path / "r.json"), "--fixed-dir", str(tmp_path)]) == 0
    original = pd.read_csv(CONTACTS, dtype=str, nrows=0)
    copy = pd.read_csv(tmp_path / "contacts_standardised.csv", dtype=str)
    assert list(copy.columns) == list(original.columns)
    assert len(copy) == sample_truth["sizes"]["contacts.csv"]
    assert not copy["Email"].str.contains("@gmial.com", regex=False, na=False).any()


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--contacts", "missing.csv"], "does not exist"),
        (["--contacts", ACCOUNTS], "looks like accounts"),
        (["--contacts", CONTACTS, "--accounts", CONTACTS], "looks like contacts"),
        (["--contacts", CONTACTS, "--as-of", "yesterday"], "YYYY-MM-DD"),
        (["--as-of", "2026-10-01"], "Give at least one export"),
    ],
)
def test_bad_input_is_one_sentence_and_status_2(capsys, arguments, message):
    assert main(["audit", "data", *arguments]) == 2
    error = capsys.readouterr().err
    assert error.startswith("error: ") and message in error and error.count("\n") == 1


def test_unreadable_file(tmp_path, capsys):
    junk = tmp_path / "contacts.csv"
    junk.write_bytes(b"\x00\x01\x02 not a table \xff" * 50)
    assert main(["audit", "data", "--contacts", str(junk)]) == 2
    assert capsys.readouterr().err.startswith("error: ")


def test_the_module_runs_as_a_command():
    done = subprocess.run([sys.executable, "-m", "crm_core", "audit", "--help"], cwd=ROOT, capture_output=True,
                          text=True, check=True)
    assert "data" in done.stdout


def test_an_accounts_only_export_is_audited(capsys, sample_truth):
    assert main(["audit", "data", "--accounts", ACCOUNTS, "--as-of", sample_truth["as_of"]]) == 0
    result = AuditResult.from_json(capsys.readouterr().out)
    assert result.findings and all(not f.evidence.get("contacts") for f in result.findings)
