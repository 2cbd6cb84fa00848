"""A real `streamlit run app.py` on a free port, driven by Debian's headless Chromium."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.conftest import ROOT, unavailable

CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


def chromium_path() -> str | None:
    return os.environ.get("CRM_WORKBENCH_CHROMIUM") or shutil.which("chromium") or (
        "/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None
    )


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def streamlit_server(data_dir: Path, **extra_env: str) -> Iterator[str]:
    """A real ``streamlit run app.py`` on a free loopback port, its data in ``data_dir``."""
    port = free_port()
    env = {**os.environ, "CRM_WORKBENCH_DATA_DIR": str(data_dir),
           "CRM_WORKBENCH_DB_URL": f"sqlite:///{data_dir / 'workbench.sqlite3'}", **extra_env}
    log = open(data_dir / "streamlit.log", "w")
    server = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port),
         "--server.address", "127.0.0.1", "--server.headless", "true"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_for_health(url, data_dir / "streamlit.log")
        yield url
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()


def wait_for_health(url: str, log: Path, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if urllib.request.urlopen(f"{url}/_stcore/health", timeout=2).status == 200:
                return
        except OSError:
            time.sleep(0.3)
    pytest.fail(f"streamlit did not answer on /_stcore/health within {seconds:.0f} s: "
                + (log.read_text()[-2000:] if log.exists() else ""))


@pytest.fixture(scope="module")
def app_url(tmp_path_factory):
    with streamlit_server(tmp_path_factory.mktemp("e2e-data")) as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    executable = chromium_path()
    if executable is None:
        unavailable("Chromium is not installed (Debian package 'chromium')")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        unavailable("the playwright package is not installed")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, app_url):
    context = browser.new_context(viewport={"width": 1440, "height": 1000}, accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(60_000)
    page.goto(app_url)
    wait_idle(page)
    yield page
    context.close()


def wait_idle(page) -> None:
    """Wait until Streamlit has finished the script run an action started."""
    page.wait_for_timeout(300)
    page.wait_for_selector("[data-test-script-state='notRunning']", state="attached")
    page.wait_for_timeout(200)


def open_on_sample_company(page, page_title: str) -> None:
    """Load the sample company from the Workspace page, then open ``page_title`` in the sidebar."""
    page.get_by_role("button", name="Load the sample company").click()
    page.get_by_text("Loaded the sample company into").wait_for(timeout=180_000)
    wait_idle(page)
    page.get_by_role("link", name=page_title).first.click()
    wait_idle(page)
    page.get_by_role("heading", name=page_title).wait_for()


def choose(page, label: str, option: str, *, within=None) -> None:
    """Pick ``option`` in the select box labelled ``label`` (inside ``within``, else anywhere)."""
    (within or page).get_by_test_id("stSelectbox").filter(has_text=label).first.click()
    page.get_by_role("option", name=option, exact=True).click()


def join_from_phone(browser, app_url: str, code: str, name: str):
    """A participant on a 390x844 touch phone opens the join link and joins as ``name``;
    returns (the phone's browser context, to close, and its page)."""
    from playwright.sync_api import expect

    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    phone = context.new_page()
    phone.set_default_timeout(60_000)
    phone.goto(f"{app_url}/?code={code}")
    wait_idle(phone)
    # the code from the link is put in the field by the page's first run; a second run may land first
    expect(phone.get_by_label("Join code")).to_have_value(code, timeout=30_000)
    phone.get_by_label("Your name").fill(name)
    phone.get_by_role("button", name="Join").click()
    phone.get_by_text(f"You are {name}").wait_for()
    return context, phone
