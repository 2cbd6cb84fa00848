"""A whole live session from one laptop, in a real browser: the facilitator at 1920x1080 follows
the Workspace page's "Next step" from an empty workspace to the report, a participant on a
390x844 phone brings the gap and its whys, and the projector is driven with the keyboard, keeps
its clock through a refresh and shows the phone's vote as it arrives.

The agenda, one numbered step per part of the method:
 1. an empty workspace points at Goals;
 2. goals for Marketing, Sales and Support, each with its numbers and owner;
 3. stakeholders and who is accountable and responsible for each part of the CRM;
 4. the workshop opens and a phone joins with the code;
 5. the phone names a gap and asks why twice; the facilitator marks the root cause;
 6. the sample company's exports are imported;
 7. the fit-for-purpose and compliance checklists get their first answers;
 8. the projector: the agenda's clock started, the page refreshed, the clock kept;
 9. slides moved with the keyboard to the audit, then the live vote, where the phone's vote arrives;
10. the report is downloaded and tells the session's story.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from playwright.sync_api import expect
from pypdf import PdfReader

from crm_core.strategy import raci
from tests.conftest import ROOT
from tests.e2e.conftest import choose, join_from_phone, wait_idle

pytestmark = pytest.mark.e2e

RESPONSIBILITIES = [duty.label for duty in raci.RESPONSIBILITIES]
EXPORTS = ("contacts", "accounts", "opportunities", "activities", "users")
GAP = "Quotes take a week to reach the customer"
WHYS = ("Every quote waits for a manager's sign-off", "Nobody owns the discount rules")


def pick(page, box, option: str | int) -> None:
    """Choose ``option`` (its label, or its place in the list) in a select box; a click landing
    while the page redraws is tried again."""
    for _ in range(3):
        wait_idle(page)
        box.click()
        try:
            options = page.get_by_role("option")
            (options.nth(option) if isinstance(option, int) else options.filter(has_text=option).first
             ).click(timeout=5_000)
            break
        except PlaywrightTimeout:
            page.keyboard.press("Escape")
    else:
        raise AssertionError(f"'{option}' never appeared in the list")
    page.keyboard.press("Escape")
    wait_idle(page)


def next_step(page, app_url: str, workspace_id: str, title: str) -> None:
    """Back on the Workspace page, the guidance names ``title`` next; its link opens it."""
    page.goto(f"{app_url}/?workspace={workspace_id}")
    wait_idle(page)
    guide = page.locator(".st-key-home-next")
    guide.get_by_text(f"Next step: {title}").wait_for()
    guide.get_by_role("link", name=f"Go to {title}").click()
    wait_idle(page)


def fill_goal(page, heading: str, **fields: str) -> None:
    """Open a goal's "Edit or delete" and type what it lacks."""
    card = page.get_by_test_id("stVerticalBlock").filter(
        has=page.get_by_role("heading", name=heading)).filter(has_text="Edit or delete").last
    card.get_by_text("Edit or delete").click()
    first = card.get_by_label(next(iter(fields)), exact=True)
    try:
        first.wait_for(state="visible", timeout=3_000)
    except PlaywrightTimeout:  # clicked while the page was still redrawing: once more
        card.get_by_text("Edit or delete").click()
    for label, value in fields.items():
        card.get_by_label(label, exact=True).fill(value)
    card.get_by_role("button", name="Save goal").click()
    wait_idle(page)
    page.get_by_text("Saved the goal.").wait_for()


def test_a_live_session_from_an_empty_workspace_to_the_report(browser, app_url, page, tmp_path):
    """Every step leaves a screenshot in ``tmp_path`` (keep them with pytest's --basetemp); a
    failure leaves one of the screen it stopped on."""
    page.set_viewport_size({"width": 1920, "height": 1080})
    try:
        agenda(browser, app_url, page, shots=tmp_path)
    except Exception:
        page.screenshot(path=tmp_path / "failed-here.png", full_page=True)
        raise


def agenda(browser, app_url: str, page, shots: Path) -> None:
    # 1. An empty workspace: the guidance starts at Goals.
    page.get_by_label("Workspace name").first.fill("Live session 2026-Q4")
    page.get_by_role("button", name="Create workspace").click()
    page.get_by_text("Created workspace 'Live session 2026-Q4'.").wait_for()
    wait_idle(page)
    workspace_id = re.search(r"workspace=(\w+)", page.url).group(1)
    page.screenshot(path=shots / "01-empty-workspace.png", full_page=True)
    next_step(page, app_url, workspace_id, "Goals")

    # 2. Goals: the method's examples, completed with what each lacks.
    for template in ("Churn -25% by the end of next quarter", "Sales cycle from 4 months to 2",
                     "CAC from $115 to $80 by year end"):
        page.get_by_role("button", name=template).click()
        wait_idle(page)
    fill_goal(page, "Reduce customer churn by 25% by the end of next quarter",
              **{"Baseline (today)": "8", "Target": "6", "Owner": "Giulia Conti"})
    fill_goal(page, "Cut the sales cycle by 50%, from an average of 4 months to 2", Owner="Dana Rossi")
    fill_goal(page, "Cut customer acquisition cost from $115 to $80 per customer by year end", Owner="Luca Bianchi")
    page.screenshot(path=shots / "02-goals.png", full_page=True)
    next_step(page, app_url, workspace_id, "Stakeholders & ownership")

    # 3. Stakeholders, then one accountable and one responsible party for every responsibility.
    for name, role, department in (("Dana Rossi", "Head of sales", "Sales"),
                                   ("Luca Bianchi", "Marketing lead", "Marketing")):
        form = page.get_by_test_id("stForm").filter(has=page.get_by_role("button", name="Add stakeholder"))
        form.get_by_label("Name", exact=True).fill(name)
        form.get_by_label("Role", exact=True).fill(role)
        choose(page, "Department", department, within=form)
        form.get_by_role("button", name="Add stakeholder").click()
        wait_idle(page)
        page.get_by_text(f"Added {name}.").wait_for()
    page.get_by_role("tab", name=re.compile("RACI")).click()
    wait_idle(page)
    for index, label in enumerate(RESPONSIBILITIES):
        duty = page.get_by_test_id("stVerticalBlock").filter(has_text=label).filter(
            has=page.get_by_test_id("stMultiSelect")).last
        for role, party in (("Accountable", "Dana Rossi" if index % 2 else "Luca Bianchi"),
                            ("Responsible", "Luca Bianchi" if index % 2 else "Dana Rossi")):
            pick(page, duty.get_by_test_id("stMultiSelect").filter(has_text=role).get_by_role("combobox"), party)
    page.screenshot(path=shots / "03-raci.png", full_page=True)
    next_step(page, app_url, workspace_id, "Gap analysis")

    # 4. The workshop opens; a participant joins from a phone with the code on the screen.
    page.goto(f"{app_url}/workshop?workspace={workspace_id}")
    wait_idle(page)
    page.get_by_role("button", name="Open workshop").click()
    wait_idle(page)
    code = re.search(r"code=([A-Z0-9]{6})", page.get_by_text(re.compile(r"/\?code=")).first.inner_text()).group(1)
    phone_context, phone = join_from_phone(browser, app_url, code, "Ann")
    try:
        # 5. The phone names the gap and asks why twice; the facilitator marks the root cause.
        phone.get_by_label("A gap: what customers experience").fill(GAP)
        phone.get_by_role("button", name="Add gap").click()
        wait_idle(phone)
        phone.get_by_text(GAP).first.wait_for()
        phone.get_by_role("tab", name="Whys").click()
        for answering, answer in (("Why does the gap exist?", WHYS[0]), (f"Why: {WHYS[0]}", WHYS[1])):
            choose(phone, "Answering", answering)
            phone.get_by_label("Because...").fill(answer)
            phone.get_by_role("button", name="Add why").click()
            wait_idle(phone)
            phone.get_by_text(answer).first.wait_for()
        phone.screenshot(path=shots / "05-phone-whys-390.png", full_page=True)
        next_step(page, app_url, workspace_id, "Gap analysis")
        page.get_by_role("textbox", name="Level 2").wait_for()
        expect(page.get_by_role("textbox", name="Level 2")).to_have_value(WHYS[1])
        page.get_by_test_id("stCheckbox").filter(has_text="Root cause").last.click()  # the level-2 toggle
        wait_idle(page)
        page.screenshot(path=shots / "05-gap-analysis.png", full_page=True)
        next_step(page, app_url, workspace_id, "Data sources")

        # 6. The sample company's exports.
        page.locator("input[type=file]").set_input_files(
            [str(ROOT / "sample_data" / f"{name}.csv") for name in EXPORTS])
        for entity in ("contacts", "accounts", "deals", "activities", "users"):
            page.get_by_role("button", name=f"Import as {entity}").click()
            page.get_by_text(re.compile(rf"Imported [\d,]+ {entity} from")).wait_for(timeout=180_000)
            wait_idle(page)
        page.screenshot(path=shots / "06-data-sources.png", full_page=True)

        # 7. The two checklists get their first answers.
        for area in ("Audit: fit for purpose", "Audit: compliance"):
            next_step(page, app_url, workspace_id, area)
            answer = page.get_by_test_id("stMain").get_by_test_id("stSelectbox").filter(
                has=page.get_by_text("Answer", exact=True))
            pick(page, answer.first, 1)
            page.screenshot(path=shots / f"07-{area.split()[-1]}.png", full_page=True)
        page.goto(f"{app_url}/?workspace={workspace_id}")
        wait_idle(page)
        page.get_by_text("Every step has what it needs: export the report.").wait_for()
        page.screenshot(path=shots / "07-workspace-ready.png", full_page=True)

        # 8. The projector: the goals step's clock is started and survives a refresh.
        page.goto(f"{app_url}/present?present=1&workspace={workspace_id}&slide=1")
        wait_idle(page)
        page.get_by_role("heading", name="Goals: what the CRM is for").wait_for()
        page.get_by_text("8% → 6%").first.wait_for()  # baseline → target
        clock = page.locator(".present-clock")
        expect(clock).to_have_text("20:00")
        page.get_by_role("button", name="Start the clock").click()
        expect(clock).to_have_text(re.compile(r"19:5\d"), timeout=10_000)
        page.reload()
        wait_idle(page)
        expect(clock).to_have_text(re.compile(r"19:[45]\d"), timeout=10_000)
        page.screenshot(path=shots / "08-slide-goals.png")

        # 9. The keyboard moves the slides; the phone's vote reaches the live vote slide.
        slides = [("ArrowRight", "Stakeholders, ownership and terminology", "Dana Rossi"),
                  ("PageDown", "Gaps and their whys", GAP),
                  (" ", GAP, f"Root cause: {WHYS[1]}"),
                  ("ArrowRight", "The audit: fit, data, usage, compliance", "Overall health"),
                  ("ArrowRight", "Dot vote: what matters most", "No votes yet.")]
        for number, (key, heading, line) in enumerate(slides, start=2):
            page.keyboard.press(key)
            page.get_by_role("heading", name=heading).wait_for()
            page.get_by_text(line).first.wait_for()
            page.screenshot(path=shots / f"09-slide-{number}.png")
        phone.get_by_role("tab", name="Votes").click()
        phone.get_by_role("button", name="Vote").first.click()
        phone.get_by_text("2 of 3").wait_for()
        phone.screenshot(path=shots / "09-phone-votes-390.png", full_page=True)
        page.get_by_text("1 vote from 1 participant so far").wait_for(timeout=15_000)
        page.get_by_test_id("stVegaLiteChart").first.wait_for()
        page.screenshot(path=shots / "09-slide-7-votes.png")
        for number, (heading, line) in enumerate((("Recommendations and next steps", "1. "),
                                                  ("Session summary", "Root causes found")), start=8):
            page.keyboard.press("ArrowRight")
            page.get_by_role("heading", name=heading).wait_for()
            page.get_by_text(line).first.wait_for()
            page.screenshot(path=shots / f"09-slide-{number}.png")
    finally:
        phone_context.close()

    # 10. The report tells the session's story.
    page.goto(f"{app_url}/recommendations?workspace={workspace_id}")
    wait_idle(page)
    page.get_by_role("tab", name="Report").click()
    wait_idle(page)
    with page.expect_download(timeout=180_000) as download:
        page.get_by_role("button", name="PDF report").click()
    text = " ".join(" ".join(p.extract_text() or "" for p in
                             PdfReader(io.BytesIO(Path(download.value.path()).read_bytes())).pages).split())
    for told in ("Reduce customer churn by 25%", "Dana Rossi", GAP, WHYS[1], "Health scorecard"):
        assert told in text, told
