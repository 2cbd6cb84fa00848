"""Shared fixtures: a fresh store per test on SQLite and, where a server answers, PostgreSQL.

PostgreSQL tests use their own schema each, so runs never collide. On a user's machine
without a server (or without Chromium) those tests skip with the reason printed; in CI
(``CI`` set) a missing server or browser fails the run instead, so they can't silently vanish.
"""

from __future__ import annotations

import os
import sys
import uuid
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from crm_core import store  # noqa: E402

PAGES_DIR = ROOT / "pages"


def page_file(name: str) -> str:
    """Absolute path of a page script, for ``AppTest.from_file`` (which resolves relative
    paths against the calling test file)."""
    return str(PAGES_DIR / name)


DEFAULT_TEST_PG_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
_pg_checked: dict[str, str | None] = {}


def unavailable(reason: str) -> None:
    """Skip on a developer's machine; fail in CI, where everything must really run."""
    if os.environ.get("CI"):
        pytest.fail(f"{reason} (required in CI)")
    pytest.skip(reason)


def postgres_url() -> str | None:
    """The test server's URL when one answers, else None (checked once per run)."""
    if "url" not in _pg_checked:
        url = os.environ.get("CRM_WORKBENCH_TEST_PG_URL", DEFAULT_TEST_PG_URL)
        try:
            engine = create_engine(url, connect_args={"connect_timeout": 3})
            with engine.connect() as connection:
                connection.execute(text("select 1"))
            engine.dispose()
            _pg_checked["url"] = url
        except Exception as error:  # noqa: BLE001 - any failure means "no server here"
            _pg_checked["url"] = None
            _pg_checked["why"] = f"{type(error).__name__}"
    return _pg_checked["url"]


@pytest.fixture
def pg_schema_url():
    """A PostgreSQL URL whose search_path is a brand-new schema, dropped afterwards."""
    base = postgres_url()
    if base is None:
        unavailable(f"no PostgreSQL server answered ({_pg_checked.get('why')})")
    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(base)
    with admin.begin() as connection:
        connection.execute(text(f'create schema "{schema}"'))
    url = make_url(base).update_query_dict({"options": f"-csearch_path={schema}"})
    yield url.render_as_string(hide_password=False)
    with admin.begin() as connection:
        connection.execute(text(f'drop schema "{schema}" cascade'))
    admin.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def db_url(request, tmp_path):
    """Every store test runs on both databases."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'store.sqlite3'}"
    return request.getfixturevalue("pg_schema_url")


@pytest.fixture
def engine(db_url):
    engine = store.open_store(db_url)
    yield engine
    engine.dispose()


@pytest.fixture
def data_dir(tmp_path):
    path = tmp_path / "data"
    path.mkdir()
    return path


@pytest.fixture
def workbench_env(tmp_path, monkeypatch):
    """Point the app and the CLI at a private data folder and SQLite file."""
    data = tmp_path / "workbench"
    monkeypatch.setenv("CRM_WORKBENCH_DATA_DIR", str(data))
    monkeypatch.setenv("CRM_WORKBENCH_DB_URL", f"sqlite:///{data / 'workbench.sqlite3'}")
    return data


SAMPLE_DIR = ROOT / "sample_data"
SAMPLE_FILES = {
    "contacts": "contacts.csv",
    "accounts": "accounts.csv",
    "deals": "opportunities.csv",
    "activities": "activities.csv",
    "users": "users.csv",
    "tickets": "cases.csv",
}


@pytest.fixture(scope="session")
def sample_tables() -> dict:
    """The sample company's exports as canonical tables, mapped exactly as an import maps them."""
    from crm_core.importing import read_canonical

    tables = {}
    for entity, file_name in SAMPLE_FILES.items():
        guessed, table, _ = read_canonical(SAMPLE_DIR / file_name)
        assert guessed == entity, f"{file_name} was guessed as {guessed}"
        tables[entity] = table
    return tables


@pytest.fixture(scope="session")
def sample_truth() -> dict:
    """What the sample data generator planted: sizes, defect counts and ids (truth.json)."""
    import json

    return json.loads((SAMPLE_DIR / "truth.json").read_text())


def load_sample_store(root: Path, *, today):
    """The sample company, exports and strategy half, loaded into a fresh SQLite store under
    ``root``: (engine, data folder, workspace). The caller disposes of the engine."""
    from crm_core.demo import load_sample_company

    engine = store.open_store(f"sqlite:///{root / 'store.sqlite3'}")
    return engine, root / "data", load_sample_company(engine=engine, data_dir=root / "data", today=today)
