"""The data audit in a real browser: load the sample company, read scores and findings, download
the issues list."""

import csv
import io
import zipfile
from pathlib import Path

import pytest

from tests.e2e.conftest import open_on_sample_company, wait_idle

pytestmark = pytest.mark.e2e


def test_data_audit_of_the_sample_company(page, sample_truth):
    open_on_sample_company(page, "Audit: data")
    page.get_by_text("Findings, worst first").wait_for(timeout=120_000)
    invalid = sample_truth["defects"]["contacts_invalid_email_syntax"]["count"]
    page.get_by_text(f"HIGH · Email addresses that are not valid · {invalid}").wait_for()
    page.get_by_text("HIGH · Records owned by deactivated users · 1,358").click()
    page.locator("text=Examples: >> visible=true").first.wait_for()  # the opened finding's example records
    page.get_by_text("Overall").first.wait_for()

    page.get_by_role("tab", name="Cost and downloads").click()
    wait_idle(page)
    page.get_by_text("What bad data costs", exact=True).wait_for()
    with page.expect_download() as download:
        page.get_by_role("button", name="Issues list (CSV)").click()
    rows = list(csv.DictReader(io.StringIO(Path(download.value.path()).read_text(encoding="utf-8-sig"), newline="")))
    assert list(rows[0]) == ["record_id", "entity", "field", "check", "severity", "value", "suggestion"]
    typos = {row["record_id"] for row in rows if row["check"] == "DATA.EMAIL_DOMAIN_TYPO"}
    assert typos == set(sample_truth["defects"]["contacts_email_typo_domain"]["ids"])
    assert not any(row["value"].startswith(("=", "+", "-", "@")) for row in rows)

    with page.expect_download(timeout=120_000) as download:
        page.get_by_role("button", name="Standardised exports and change logs (ZIP)").click()
    archive = zipfile.ZipFile(download.value.path())
    assert "contacts_standardised.csv" in archive.namelist() and "accounts_changes.csv" in archive.namelist()
    copy = list(csv.DictReader(io.StringIO(archive.read("contacts_standardised.csv").decode(), newline="")))
    assert len(copy) == sample_truth["sizes"]["contacts.csv"] and "Mailing Country" in copy[0]
    assert not any(row["Email"].endswith("@gmial.com") for row in copy)
