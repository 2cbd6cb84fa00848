from datetime import date
from pathlib import Path

import pytest

from crm_core.periods import next_period, quarter_of
from crm_core.settings import load_settings


def test_defaults_put_sqlite_inside_the_data_folder():
    settings = load_settings({})
    assert settings.data_dir == Path("workbench_data").resolve()
    assert settings.db_url == f"sqlite:///{settings.data_dir / 'workbench.sqlite3'}"
    assert settings.is_sqlite


def test_environment_overrides_both(tmp_path):
    settings = load_settings({"CRM_WORKBENCH_DATA_DIR": str(tmp_path), "CRM_WORKBENCH_DB_URL": "postgresql://x@h/db"})
    assert settings.data_dir == tmp_path and settings.db_url == "postgresql://x@h/db" and not settings.is_sqlite


@pytest.mark.parametrize(("day", "period"), [(date(2026, 1, 1), "2026-Q1"), (date(2026, 3, 31), "2026-Q1"),
                                               (date(2026, 4, 1), "2026-Q2"), (date(2026, 12, 31), "2026-Q4")])
def test_quarter_of(day, period):
    assert quarter_of(day) == period


@pytest.mark.parametrize(("period", "following"), [("2026-Q1", "2026-Q2"), ("2026-Q4", "2027-Q1"),
                                                    (" 2026-Q3 ", "2026-Q4"), ("FY26", None), ("2026-Q5", None)])
def test_next_period(period, following):
    assert next_period(period) == following
