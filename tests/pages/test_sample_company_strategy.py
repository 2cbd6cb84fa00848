"""The strategy screens on the sample company: each opens with the sample's own strategy work."""

import pytest

from crm_core import store
from crm_core.demo import load_sample_company
from crm_core.settings import load_settings
from tests.pages.strategy_pages import open_page


@pytest.fixture(scope="module")
def sample_id(tmp_path_factory):
    """The sample company, loaded once for the module into its own data folder and store."""
    data = tmp_path_factory.mktemp("workbench")
    patch = pytest.MonkeyPatch()
    patch.setenv("CRM_WORKBENCH_DATA_DIR", str(data))
    patch.setenv("CRM_WORKBENCH_DB_URL", f"sqlite:///{data / 'workbench.sqlite3'}")
    settings = load_settings()
    engine = store.open_store(settings.db_url)
    yield load_sample_company(engine=engine, data_dir=settings.data_dir).id
    engine.dispose()
    patch.undo()


def text_of(at) -> str:
    return " ".join(m.value for m in at.markdown)


def test_goals_are_well_formed_with_two_original_goals(sample_id):
    at = open_page("goals.py", sample_id)
    assert not at.exception
    text = text_of(at)
    assert text.count("Well formed]") == 6 and "Needs work" not in text
    assert text.count("Original CRM goal") == 2
    assert "from 2\\.96 months to 2\\.3 months" in text  # the measured baseline, the agreed target


def test_stakeholders_ownership_and_glossary_show_their_checks(sample_id):
    at = open_page("stakeholders.py", sample_id)
    assert not at.exception
    text = text_of(at)
    assert "Nobody accountable" in text and "Several accountable" in text and "Teams disagree" in text
    assert any("Rebecca Hale" in w.value for w in at.warning)


def test_gap_analysis_lists_the_root_causes(sample_id):
    at = open_page("gap_analysis.py", sample_id)
    assert not at.exception
    [causes] = [d.value for d in at.dataframe]
    assert len(causes) == 5
