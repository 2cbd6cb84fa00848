"""The main walk-through in a real browser: a workspace, the sample company, an upload."""

import re

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from playwright.sync_api import expect

from tests.conftest import ROOT
from tests.e2e.conftest import wait_idle

pytestmark = pytest.mark.e2e


def test_create_workspace_and_load_sample_company(page):
    page.get_by_label("Workspace name").first.fill("Globex CRM audit")
    page.get_by_label("Organisation").first.fill("Globex Corporation")
    page.get_by_role("button", name="Create workspace").click()
    wait_idle(page)
    page.get_by_text("Created workspace 'Globex CRM audit'.").wait_for()
    page.get_by_role("heading", name="Globex Corporation").wait_for()

    page.get_by_text("Start another workspace").click()
    page.get_by_role("button", name="Load the sample company").click()
    page.get_by_text("Loaded the sample company into").wait_for(timeout=180_000)
    wait_idle(page)
    page.get_by_role("heading", name="Brightwave Analytics Ltd").wait_for()
    page.get_by_text("6 of 7 exports imported").wait_for()

    sidebar = page.get_by_test_id("stSidebar")
    sidebar.get_by_test_id("stSelectbox").click()
    options = page.get_by_role("option")
    names = options.all_inner_texts()
    assert any("Globex CRM audit" in n for n in names)
    assert any("Brightwave Analytics (sample)" in n for n in names)
    page.keyboard.press("Escape")


def test_upload_an_export_on_the_data_sources_page(page):
    page.get_by_label("Workspace name").first.fill("Upload test")
    page.get_by_role("button", name="Create workspace").click()
    wait_idle(page)
    page.get_by_role("link", name="Data sources").first.click()
    wait_idle(page)
    page.locator("input[type=file]").set_input_files(str(ROOT / "sample_data" / "contacts.csv"))
    page.get_by_role("button", name="Import as contacts").wait_for()
    wait_idle(page)
    page.get_by_role("button", name="Import as contacts").click()
    page.get_by_text("contacts from contacts.csv").first.wait_for(timeout=120_000)
    wait_idle(page)
    page.get_by_text("Contacts · contacts.csv").wait_for()


def test_a_column_is_mapped_by_choosing_a_field_name_then_imported(page, tmp_path):
    export = tmp_path / "pipeline.csv"
    export.write_text("opportunity_id,sales_agent,account,deal_stage,engage_date,close_value,product\n"
                      + "".join(f"O{n},Agent {n % 3},Acme {n},Won,2016-10-2{n},{100 * n},GTX {n}\n" for n in range(1, 7)))
    page.get_by_label("Workspace name").first.fill("Mapping test")
    page.get_by_role("button", name="Create workspace").click()
    wait_idle(page)
    page.get_by_role("link", name="Data sources").first.click()
    wait_idle(page)
    page.locator("input[type=file]").set_input_files(str(export))
    page.get_by_role("button", name="Import as deals").wait_for()
    wait_idle(page)
    product = page.locator('[data-testid="stSelectbox"]').filter(
        has=page.locator("label", has_text=re.compile(r"^product$")))
    for _attempt in range(3):  # a rerun that lands just after the click closes the list: open it again
        product.click()
        option = page.get_by_role("option", name="Deal name", exact=True)
        try:
            option.wait_for(timeout=15_000)
        except PlaywrightTimeout:
            page.keyboard.press("Escape")
            wait_idle(page)
            continue
        option.click()
        break
    wait_idle(page)
    expect(product.get_by_role("combobox")).to_have_value("Deal name")
    page.get_by_role("button", name="Import as deals").click()
    page.get_by_text("Imported 6 deals from pipeline.csv: 7 of 7 columns mapped.").wait_for(timeout=120_000)
