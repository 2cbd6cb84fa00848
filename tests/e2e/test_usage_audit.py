"""The usage audit in a real browser: load the sample company, read the findings, KPIs and RFM."""

import csv
import io
from pathlib import Path

import pytest

from tests.e2e.conftest import open_on_sample_company, wait_idle

pytestmark = pytest.mark.e2e


def test_usage_audit_of_the_sample_company(page, sample_truth):
    open_on_sample_company(page, "Audit: usage")
    page.get_by_text(f"{sample_truth['usage']['silent_team']} does not use the CRM").wait_for(timeout=120_000)
    page.get_by_text("2 users log far less than their team").wait_for()
    page.get_by_text("2 licensed users did not log in for 90+ days").click()
    page.get_by_text(f"Idle licences: {', '.join(sample_truth['usage']['idle_users'])}.").wait_for()

    page.get_by_role("tab", name="KPIs").click()
    wait_idle(page)
    page.get_by_text("Stage-to-stage conversion").wait_for()
    page.get_by_text("Pipeline hygiene").wait_for()

    page.get_by_role("tab", name="Account priorities (RFM)").click()
    wait_idle(page)
    with page.expect_download() as download:
        page.get_by_role("button", name="Download the priority list (CSV)").click()
    rows = list(csv.DictReader(io.StringIO(Path(download.value.path()).read_text(encoding="utf-8-sig"))))
    assert list(rows[0])[:5] == ["rank", "customer_id", "customer_name", "owner", "segment"]
    assert rows[0]["rank"] == "1" and all(row["owner"] for row in rows[:20])
