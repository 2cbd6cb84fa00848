"""Duplicates in a real browser: load the sample company, accept one cluster, download the plan."""

import csv
import io
from pathlib import Path

import pytest

from tests.e2e.conftest import open_on_sample_company, wait_idle

pytestmark = pytest.mark.e2e


def test_review_a_cluster_and_download_the_merge_plan(page):
    open_on_sample_company(page, "Audit: duplicates")
    page.get_by_text("Clusters at this threshold").wait_for(timeout=120_000)
    page.get_by_text("Highlighted rows differ between the records.").wait_for()

    page.get_by_role("button", name="Accept: merge these").click()
    page.get_by_text("Cluster of 2 records marked accepted.").wait_for(timeout=60_000)
    wait_idle(page)

    page.get_by_role("tab", name="Merge plan").click()
    wait_idle(page)
    page.get_by_text("1 accepted").first.wait_for()
    with page.expect_download() as download:
        page.get_by_role("button", name="Merge plan (CSV)").click()
    text = Path(download.value.path()).read_text(encoding="utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    assert list(rows[0])[:5] == ["Cluster", "Decision", "Confidence", "Master Contact ID", "Duplicate Contact IDs"]
    assert "First Name (from)" in rows[0]  # the CRM's own column names
    assert [r["Decision"] for r in rows].count("accepted") == 1
    assert len(rows) >= 118
    assert not any(v.startswith(("=", "+", "-", "@")) for r in rows for v in r.values() if v)
