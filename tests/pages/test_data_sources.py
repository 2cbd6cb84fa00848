"""AppTest: the Data sources page lists what was imported and can delete an import."""

from streamlit.testing.v1 import AppTest

from crm_core import importing, store
from crm_core.demo import load_sample_company
from crm_core.settings import load_settings
from tests.conftest import page_file


def sample_workspace():
    settings = load_settings()
    engine = store.open_store(settings.db_url)
    workspace = load_sample_company(engine=engine, data_dir=settings.data_dir)
    return engine, workspace


def open_page(workspace_id: str) -> AppTest:
    at = AppTest.from_file(page_file("data_sources.py"), default_timeout=120)
    at.session_state["workspace_id"] = workspace_id
    return at.run()


def test_imported_exports_are_listed_with_their_row_counts(workbench_env):
    engine, workspace = sample_workspace()
    at = open_page(workspace.id)
    assert not at.exception
    assert at.subheader[0].value == "Imported (6 of 7 kinds of export)"
    labels = [e.label for e in at.expander]
    assert "Contacts · contacts.csv · 5,000 rows" in labels
    assert "Activities · activities.csv · 58,603 rows" in labels
    engine.dispose()


def test_deleting_an_import_removes_it_from_the_store(workbench_env):
    engine, workspace = sample_workspace()
    at = open_page(workspace.id)
    assert at.button(key="sources.delete.users").disabled  # asks for confirmation first
    at.checkbox(key="sources.delete_sure.users").check().run()
    at.button(key="sources.delete.users").click().run()
    assert not at.exception
    assert "Deleted the users import (users.csv)." in [s.value for s in at.success]
    with store.session_scope(engine) as session:
        entities = [s.entity for s in store.list_data_sources(session=session, workspace_id=workspace.id)]
    assert "users" not in entities and "contacts" in entities
    engine.dispose()


def test_without_a_workspace_the_page_points_home(workbench_env):
    at = AppTest.from_file(page_file("data_sources.py"), default_timeout=60).run()
    assert not at.exception
    assert "Choose a workspace" in at.info[0].value


def test_the_sample_maps_with_no_manual_step():
    """Every sample export is recognised and mapped on its own (issue: import with no questions)."""
    from tests.conftest import SAMPLE_DIR, SAMPLE_FILES

    for entity, file_name in SAMPLE_FILES.items():
        guessed, table, parses = importing.read_canonical(SAMPLE_DIR / file_name)
        assert guessed == entity
        assert "record_id" in table and not any(c.startswith("custom:") for c in table.columns), file_name


def _editor_script():
    import streamlit as st

    from crm_core.importing import ImportPreview
    from crm_core.recognition import map_file
    from crm_core.mapping import guess_entity
    from crm_core.reading import read_table
    from ui.data_sources import mapping_editor

    content = ("opportunity_id,sales_agent,account,engage_date,close_value\n"
               + "".join(f"O{n},Agent {n % 3},Acme {n},2016-10-2{n},{100 * n}\n" for n in range(1, 8))).encode()
    raw = read_table(content, file_name="pipeline.csv")
    mapping = map_file(raw.frame, "deals")
    result = ImportPreview(raw, guess_entity(list(raw.frame.columns)), mapping, "sig", False)
    chosen = mapping_editor("editor", result)
    st.session_state["chosen"] = chosen.mapped()


def test_the_mapping_editor_shows_labels_and_reasons_and_applies_a_choice(workbench_env):
    at = AppTest.from_function(_editor_script, default_timeout=60)
    at.run()
    assert not at.exception
    assert at.session_state["chosen"]["engage_date"] == "created_at"
    engage = at.selectbox(key="editor.3")
    assert engage.value == "created_at" and "Created" in engage.format_func(engage.value)
    assert any("values are dates" in c.value for c in at.caption)
    at.selectbox(key="editor.1").select_index(0).run()  # "Keep as a custom column"
    assert "sales_agent" not in at.session_state["chosen"]



def test_the_editor_says_what_fields_no_column_feeds_would_measure(workbench_env):
    at = AppTest.from_function(_editor_script, default_timeout=60)
    at.run()
    hints = " ".join(m.value for m in at.markdown)
    assert "No column feeds these fields yet" in hints
    assert "**Close date**: measure the sales cycle" in hints and "**Stage or Status**" in hints
    assert "**Amount**" not in hints  # close_value feeds it
    at.selectbox(key="editor.4").select_index(0).run()  # the amount column kept as a custom column
    assert "**Amount**: measure pipeline value" in " ".join(m.value for m in at.markdown)
