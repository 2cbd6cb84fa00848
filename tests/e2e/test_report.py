"""The report in a real browser: load the sample company, open Recommendations & report, read
the scorecard and download the PDF."""

import io
from pathlib import Path

import pytest
from pypdf import PdfReader

from tests.e2e.conftest import open_on_sample_company, wait_idle

pytestmark = pytest.mark.e2e


def test_download_the_sample_companys_pdf_report(page):
    open_on_sample_company(page, "Recommendations & report")
    page.get_by_role("heading", name="Health scorecard").wait_for(timeout=120_000)
    overall = page.get_by_test_id("stMetric").filter(has_text="Overall").get_by_test_id("stMetricValue").inner_text()
    assert overall.endswith("/100")
    page.get_by_text("1. ").first.wait_for()  # the ranked main list

    page.get_by_role("tab", name="Report").click()
    wait_idle(page)
    with page.expect_download(timeout=120_000) as download:
        page.get_by_role("button", name="PDF report").click()
    assert download.value.suggested_filename.startswith("crm-audit-brightwave-analytics-ltd-")
    reader = PdfReader(io.BytesIO(Path(download.value.path()).read_bytes()))
    text = " ".join(" ".join(p.extract_text() or "" for p in reader.pages).split())
    assert len(reader.pages) > 10
    assert "Brightwave Analytics Ltd" in text and "Health scorecard" in text
    assert f"Overall: {overall}" in text or f"Overall {overall}" in text  # the number on screen is in the file
