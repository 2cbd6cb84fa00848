"""The compliance audit in a real browser: load the sample company, answer checklist items, watch
the score move, and find the planted problems listed with masked values only."""

import re

import pytest

from tests.e2e.conftest import open_on_sample_company, wait_idle

pytestmark = pytest.mark.e2e


def answer(page, question: str, option: str) -> None:
    """Pick ``option`` in the answer box on the checklist row of ``question``."""
    wait_idle(page)
    box = page.get_by_test_id("stHorizontalBlock").filter(has_text=question).last.get_by_role("combobox")
    for _ in range(5):  # a rerun that ends just after the click closes the list again
        box.click()
        if box.get_attribute("aria-expanded") == "true":
            break
        page.wait_for_timeout(500)
    page.get_by_role("option", name=option, exact=True).click()
    wait_idle(page)


def checklist_score(page):
    return page.get_by_test_id("stMetric").filter(has_text="Checklist score").get_by_test_id("stMetricValue")


def test_compliance_audit_of_the_sample_company(page, sample_truth):
    from playwright.sync_api import expect

    open_on_sample_company(page, "Audit: compliance")
    data_score = page.get_by_test_id("stMetric").filter(has_text="Data checks").get_by_test_id("stMetricValue")
    expect(data_score).to_have_text(re.compile(r"\d+/100"), timeout=120_000)  # the data checks have run
    expect(checklist_score(page)).to_have_text("—")

    answer(page, "Every marketing email has a working unsubscribe", "Yes")
    expect(checklist_score(page)).to_have_text("100/100")
    answer(page, "A breach procedure says who decides", "No")
    expect(checklist_score(page)).to_have_text("50/100")  # both items weigh 3
    answer(page, "Access rights are reviewed at least twice a year", "Once a year or less")
    expect(checklist_score(page)).to_have_text("50/100")  # (3 + 0 + 0.5 x 2) / 8

    page.get_by_role("tab", name="Checks on the data").click()
    wait_idle(page)
    page.get_by_text("Payment card numbers typed into notes (11)").click()
    page.get_by_text("Contacts emailed after they opted out (24)").wait_for()
    page.get_by_text("shown masked. Examples:").first.wait_for()
    content = page.content()
    assert "**** ****" in content
    assert [v["raw"] for v in sample_truth["pii_in_free_text"] if v["raw"] in content] == []
