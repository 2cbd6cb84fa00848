"""Data sources: upload CRM exports, review how their columns map, keep what was imported."""

import hashlib
import json

import pandas as pd
import streamlit as st

from crm_core import importing, store
from crm_core.errors import CrmCoreError, MappingError
from crm_core.mapping import ColumnMapping
from crm_core.schema import ENTITIES, ENTITY_LABELS, fields_for
from ui import cached, components, state
from ui.data_sources import mapping_editor

state.init_state()
workspace = components.require_workspace()
engine, data_dir = cached.engine(), cached.settings().data_dir


@st.cache_data(max_entries=6, show_spinner="Reading the file...")
def preview(workspace_id: str, content: bytes, file_name: str, entity: str | None, sheet: str | None, version: str):
    """The file read and mapped; ``version`` (the workspace's data version) changes with every
    import, so a mapping saved by the last import, and the users and accounts it brought, are
    always used, never a cached guess."""
    return importing.preview_file(engine=cached.engine(), workspace_id=workspace_id, content=content,
                                  file_name=file_name, entity=entity, sheet=sheet,
                                  data_dir=cached.settings().data_dir)


def _size_label(size: int) -> str:
    for unit, scale in (("GB", 1024**3), ("MB", 1024**2), ("KB", 1024)):
        if size >= scale:
            return f"{size / scale:,.1f} {unit}"
    return f"{size:,} bytes"


def upload_panel(upload) -> None:
    content = upload.getvalue()
    digest = hashlib.sha1(content).hexdigest()[:12]
    key = f"sources.upload.{digest}"
    with st.container(border=True):
        st.markdown(f"**{upload.name}** · {_size_label(len(content))}")
        version = cached.data_version(workspace.id)
        try:
            first = preview(workspace.id, content, upload.name, None, None, version)
        except MappingError as error:  # nothing guessed: say why, and let the user say what it holds
            st.info(str(error), icon=":material/help:")
            first = components.attempt(lambda: preview(workspace.id, content, upload.name, ENTITIES[0], None,
                                                       version))
        except CrmCoreError as error:
            st.error(str(error), icon=":material/error:")
            return
        if first is None:
            return
        if first.guess.reason and first.guess.entity:
            st.caption(f":material/info: {first.guess.reason}")
        entity_col, sheet_col = st.columns(2)
        guessed = first.guess.entity if first.guess.entity in ENTITIES else ENTITIES[0]
        entity = entity_col.selectbox("This file holds", ENTITIES, index=ENTITIES.index(guessed),
                                      format_func=ENTITY_LABELS.get, key=f"{key}.entity")
        sheets = first.raw.report.sheet_names
        read = first.raw.report.sheet  # with no sheet chosen, the first one that holds data
        sheet = sheet_col.selectbox("Sheet", sheets, index=sheets.index(read) if read in sheets else 0,
                                    key=f"{key}.sheet") if len(sheets) > 1 else None
        result = components.attempt(lambda: preview(workspace.id, content, upload.name, entity, sheet, version))
        if result is None:
            return
        report = result.raw.report
        facts = [f"{report.rows:,} rows", f"{report.columns} columns"]
        facts += [f for f in (report.encoding and f"encoding {report.encoding}",
                              report.delimiter and f"separated by {report.delimiter!r}") if f]
        st.caption(" · ".join(facts) + (" · mapping reused from an earlier import" if result.mapping_was_saved else ""))
        for note in report.notes:
            st.caption(f":material/info: {note}")
        mapping = mapping_editor(f"{key}.mapping.{entity}.{sheet}", result)
        if empty := importing.rows_without_mapped_values(result.raw.frame, mapping):
            st.warning(importing.empty_rows_message(empty), icon=":material/warning:")
        with st.expander("First rows as read"):
            st.dataframe(result.raw.frame.head(20), hide_index=True)
        if st.button(f"Import as {entity}", type="primary", key=f"{key}.import"):
            bar = st.progress(0.0, text="Importing...")
            outcome = components.attempt(lambda: importing.import_file(
                engine=engine, data_dir=data_dir, workspace_id=workspace.id, content=content,
                file_name=upload.name, mapping=mapping, sheet=sheet, preview=result,
                progress=lambda fraction, message: bar.progress(fraction, text=message)))
            if outcome:
                bar.empty()
                components.kept_audit(workspace.id)  # the new data's audit, once, with its progress bar
                state.flash(" ".join([importing.summarise_import(outcome), *outcome.problems]))
                st.rerun()


def imported_panel(source) -> None:
    mapping = ColumnMapping.from_dict(json.loads(source.mapping_json))
    parses = importing.parse_summary(source)
    problems = [p.message for p in parses if p.message]
    label = f"{source.entity.capitalize()} · {source.file_name} · {source.row_count:,} rows"
    with st.expander(label + (f" · {len(problems)} column(s) with unreadable values" if problems else "")):
        st.caption(f"Imported {source.imported_at:%d %b %Y %H:%M} UTC · {len(mapping.mapped())} of "
                   f"{source.column_count} columns mapped · the original file is kept unchanged")
        for message in problems:
            st.warning(message, icon=":material/warning:")
        labels = {spec.name: spec.label for spec in fields_for(source.entity)}
        st.dataframe(pd.DataFrame({"Column in file": list(mapping.mapped()),
                                   "Feeds the field": [labels.get(f, f) for f in mapping.mapped().values()]}),
                     hide_index=True)
        if mapping.unmapped_headers():
            st.caption("Kept as custom fields: " + ", ".join(mapping.unmapped_headers()))
        sure = st.checkbox(f"Yes, delete the {source.entity} import and its audit results",
                           key=f"sources.delete_sure.{source.entity}")
        if st.button("Delete this import", key=f"sources.delete.{source.entity}", disabled=not sure):
            importing.delete_source(engine=engine, data_dir=data_dir, workspace_id=workspace.id, entity=source.entity)
            state.flash(f"Deleted the {source.entity} import ({source.file_name}).")
            st.rerun()


st.title("Data sources")
st.write("Upload the CRM's exports (CSV, TSV, semicolon- or pipe-separated text, or Excel). Each file's "
         "contents and columns are recognised automatically; check the mapping, then import. Importing "
         "an entity again replaces the earlier file.")
state.show_flash()
with store.session_scope(engine) as session:
    sources = store.list_data_sources(session=session, workspace_id=workspace.id)
if sources:
    st.subheader(f"Imported ({len(sources)} of {len(ENTITIES)} kinds of export)")
    for source in sources:
        imported_panel(source)
st.subheader("Import exports")
uploads = st.file_uploader("CRM export files", type=["csv", "tsv", "txt", "xlsx"], accept_multiple_files=True,
                           key="sources.files")
for upload in uploads or []:
    upload_panel(upload)
