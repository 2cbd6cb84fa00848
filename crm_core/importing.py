"""Import a CRM export into a workspace: read, map, parse, then keep both files.

The original bytes are kept unchanged next to a Parquet table holding the canonical columns
(typed by each field's kind), the text each typed value was read from (``<field>__text``,
so audits can show what did not parse) and every unmapped column as a custom field
(``custom:<header>``). Nothing is written until reading and mapping have succeeded, and the
files are moved in place only together with the row that points at them.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path, PurePosixPath

import pandas as pd
import pyarrow.parquet as pq
from sqlalchemy.engine import Engine

from crm_core import data_folder, store
from crm_core.errors import MappingError
from crm_core.column_values import KnownNames
from crm_core.mapping import ColumnMapping, EntityGuess
from crm_core.models import DataSource, new_id, utc_now
from crm_core.reading import RawTable, read_table
from crm_core.recognition import choose_entity, map_file
from crm_core.schema import CUSTOM_PREFIX, ENTITY_LABELS, TEXT_SUFFIX, field_spec, generated_ids
from crm_core.values import describe_failures, parse_column

Progress = Callable[[float, str], None]

MAX_IMPORT_BYTES = 1024 * 1024 * 1024  # what 24 GB and two cores handle comfortably
TYPED_KINDS = frozenset({"date", "datetime", "number", "integer", "boolean"})
MIN_MAPPED_FIELDS = 2


@dataclass(frozen=True)
class ColumnParse:
    """How one typed column read: counts for the import summary."""

    header: str
    field: str
    kind: str
    total: int
    failed: int
    examples: tuple[str, ...]
    detail: str
    message: str | None


@dataclass(frozen=True)
class ImportPreview:
    """What the user reviews before importing: the table as read and the proposed mapping."""

    raw: RawTable
    guess: EntityGuess
    mapping: ColumnMapping
    header_signature: str
    mapping_was_saved: bool


@dataclass(frozen=True)
class ImportOutcome:
    source: DataSource
    parses: tuple[ColumnParse, ...]
    replaced: bool
    empty_rows: int = 0  # rows with no value in any mapped column

    @property
    def problems(self) -> list[str]:
        return [p.message for p in self.parses if p.message] + (
            [empty_rows_message(self.empty_rows)] if self.empty_rows else [])


def rows_without_mapped_values(frame: pd.DataFrame, mapping: ColumnMapping) -> int:
    """Rows whose mapped columns are all empty (their values, if any, sit in custom columns)."""
    headers = [header for header in mapping.mapped() if header in frame.columns]
    return int(frame[headers].isna().all(axis=1).sum()) if headers else len(frame)


def empty_rows_message(count: int) -> str:
    return (f"{count:,} row(s) have no value in any mapped column, so they import as empty records: check the "
            "mapping, or remove those rows from the export.")


def header_signature(headers: Sequence[str]) -> str:
    """Same export layout, same signature: the key a reviewed mapping is saved under."""
    normalised = sorted(" ".join(str(h).casefold().split()) for h in headers)
    return hashlib.sha256("\x1f".join(normalised).encode()).hexdigest()


def known_names(*, engine: Engine, data_dir: Path, workspace_id: str) -> KnownNames:
    """The users' and accounts' names a workspace's imports hold, to recognise them in other files."""
    tables: dict[str, pd.DataFrame] = {}
    with store.session_scope(engine) as session:
        sources = {entity: store.get_data_source(session=session, workspace_id=workspace_id, entity=entity)
                   for entity in ("users", "accounts")}
    for entity, source in sources.items():
        if source is None:
            continue
        path = data_folder.source_file(data_dir, workspace_id, source.table_path)
        wanted = ("name", "first_name", "last_name", "email") if entity == "users" else ("name",)
        present = [column for column in wanted if column in pq.read_schema(path).names]
        tables[entity] = pd.read_parquet(path, columns=present)
    return KnownNames.from_tables(tables.get("users"), tables.get("accounts"))


def preview_file(
    *,
    engine: Engine,
    workspace_id: str,
    content: bytes,
    file_name: str,
    entity: str | None = None,
    sheet: str | None = None,
    progress: Progress | None = None,
    data_dir: Path | None = None,
) -> ImportPreview:
    """Read the file and propose a mapping, reusing one saved for this layout (and, given the
    ``data_dir``, recognising the users and accounts the workspace has imported)."""
    raw = read_table(content, file_name=file_name, sheet=sheet, max_bytes=MAX_IMPORT_BYTES, progress=progress)
    guess, chosen = choose_entity(raw.frame, entity, file_name)
    return propose_mapping(engine=engine, workspace_id=workspace_id, raw=raw, guess=guess, entity=chosen,
                           data_dir=data_dir)


def propose_mapping(*, engine: Engine, workspace_id: str, raw: RawTable, guess: EntityGuess, entity: str,
                    data_dir: Path | None = None) -> ImportPreview:
    """The preview of a table already read: its mapping as :func:`preview_file` proposes it, from
    what the workspace holds now (a saved mapping for this layout, its users and accounts)."""
    signature = header_signature([str(h) for h in raw.frame.columns])
    with store.session_scope(engine) as session:
        saved_row = store.get_saved_mapping(
            session=session, workspace_id=workspace_id, entity=entity, header_signature=signature
        )
    saved = ColumnMapping.from_dict(json.loads(saved_row.mapping_json)) if saved_row else None
    known = known_names(engine=engine, data_dir=data_dir, workspace_id=workspace_id) if data_dir else KnownNames()
    mapping = map_file(raw.frame, entity, saved=saved, known=known)
    return ImportPreview(raw, guess, mapping, signature, saved is not None)


def check_mapping(mapping: ColumnMapping, guess: EntityGuess, file_name: str) -> None:
    """Refuse a mapping that cannot be the file's real content, saying what to do instead."""
    mapped = mapping.mapped()
    if len(mapped) < MIN_MAPPED_FIELDS:
        if guess.entity and guess.entity != mapping.entity:
            raise MappingError(
                f"{file_name} looks like {ENTITY_LABELS.get(guess.entity, guess.entity)}, not "
                f"{ENTITY_LABELS.get(mapping.entity, mapping.entity)}: import it as "
                f"{guess.entity} or choose the right file."
            )
        raise MappingError(
            f"Only {len(mapped)} column(s) of {file_name} match a {mapping.entity} field: map "
            "the columns by hand, or check that this is the right export."
        )


def build_table(raw: pd.DataFrame, mapping: ColumnMapping) -> tuple[pd.DataFrame, tuple[ColumnParse, ...]]:
    """The canonical table of an export and how each typed column parsed.

    Columns: one per mapped field (typed by its kind), ``<field>__text`` beside each typed
    one, ``custom:<header>`` for every unmapped column, and ``record_id`` made up from the
    row number when the export has none.
    """
    columns: dict[str, pd.Series] = {}
    parses: list[ColumnParse] = []
    total = len(raw)
    for header, field in mapping.mapped().items():
        kind = field_spec(mapping.entity, field).kind
        text = raw[header]
        if kind in TYPED_KINDS:
            outcome = parse_column(text, kind)
            columns[field] = outcome.values
            columns[field + TEXT_SUFFIX] = text
            parses.append(ColumnParse(
                header, field, kind, int(text.notna().sum()), outcome.failed, tuple(outcome.examples),
                outcome.detail, describe_failures(header, outcome, total),
            ))
        else:
            columns[field] = parse_column(text, kind).values
    for header in mapping.unmapped_headers():
        columns[CUSTOM_PREFIX + header] = raw[header]
    if "record_id" not in columns:
        columns["record_id"] = generated_ids(total).set_axis(raw.index)
    table = pd.DataFrame(columns, index=raw.index).reset_index(drop=True)
    return table, tuple(parses)


def read_canonical(
    path: str | Path, *, entity: str | None = None
) -> tuple[str, pd.DataFrame, tuple[ColumnParse, ...]]:
    """A file's canonical table without a workspace, auto-mapped exactly as an import is.

    For the command line and tests: ``(entity, table, parse outcomes)``.
    """
    path = Path(path)
    raw = read_table(path, file_name=path.name, max_bytes=MAX_IMPORT_BYTES)
    guess, chosen = choose_entity(raw.frame, entity, path.name)
    mapping = map_file(raw.frame, chosen)
    check_mapping(mapping, guess, path.name)
    table, parses = build_table(raw.frame, mapping)
    return chosen, table, parses


def import_file(
    *,
    engine: Engine,
    data_dir: Path,
    workspace_id: str,
    content: bytes,
    file_name: str,
    entity: str | None = None,
    mapping: ColumnMapping | None = None,
    sheet: str | None = None,
    progress: Progress | None = None,
    preview: ImportPreview | None = None,
) -> ImportOutcome:
    """Import one export, replacing the workspace's earlier import of the same entity.

    ``preview`` is the :func:`preview_file` of this same content and sheet when the caller has
    it already (the Data sources page): the file is then not read a second time.
    """
    report = progress or (lambda fraction, message: None)
    if preview is None:
        preview = preview_file(
            engine=engine, workspace_id=workspace_id, content=content, file_name=file_name,
            entity=mapping.entity if mapping else entity, sheet=sheet, data_dir=data_dir,
            progress=lambda fraction, message: report(0.6 * fraction, message),
        )
    mapping = mapping or preview.mapping
    check_mapping(mapping, preview.guess, file_name)
    report(0.65, "Reading values (dates, numbers, yes/no)")
    table, parses = build_table(preview.raw.frame, mapping)

    report(0.85, "Saving the original file and the parsed table")
    source_id = new_id()
    original_path, table_path = data_folder.source_paths(source_id, file_name)
    workspace_folder = data_folder.workspace_dir(data_dir, workspace_id)
    staging = data_folder.staging_dir(data_dir, data_folder.IMPORT_STAGING_PREFIX, parent=workspace_folder)
    final_folder = data_folder.source_folder(data_dir, workspace_id, table_path)
    old_folder = None
    try:
        (staging / PurePosixPath(original_path).name).write_bytes(content)
        table.to_parquet(staging / data_folder.TABLE_FILE, index=False)
        with store.session_scope(engine) as session:
            store.require_workspace(session=session, workspace_id=workspace_id)
            previous = store.get_data_source(session=session, workspace_id=workspace_id, entity=mapping.entity)
            if previous is not None:
                old_folder = data_folder.source_folder(data_dir, workspace_id, previous.table_path)
                session.delete(previous)
                session.flush()
            source = DataSource(
                id=source_id,
                workspace_id=workspace_id,
                entity=mapping.entity,
                file_name=file_name,
                original_path=original_path,
                table_path=table_path,
                row_count=len(table),
                column_count=len(preview.raw.frame.columns),
                content_sha256=hashlib.sha256(content).hexdigest(),
                mapping_json=json.dumps(mapping.to_dict()),
                read_report_json=json.dumps(asdict(preview.raw.report), default=list),
                parse_summary_json=json.dumps([asdict(p) for p in parses]),
                imported_at=utc_now(),
            )
            session.add(source)
            store.save_mapping(
                session=session, workspace_id=workspace_id, entity=mapping.entity,
                header_signature=preview.header_signature, mapping_json=source.mapping_json,
            )
            store.touch_workspace(session=session, workspace_id=workspace_id)
            final_folder.parent.mkdir(parents=True, exist_ok=True)
            staging.rename(final_folder)
    except BaseException:
        data_folder.remove_tree(data_dir, final_folder)
        raise
    finally:
        data_folder.remove_tree(data_dir, staging)
    if old_folder is not None:
        data_folder.remove_tree(data_dir, old_folder)
    report(1.0, f"Imported {len(table):,} {mapping.entity} from {file_name}")
    return ImportOutcome(source, parses, previous is not None, rows_without_mapped_values(preview.raw.frame, mapping))


def delete_source(*, engine: Engine, data_dir: Path, workspace_id: str, entity: str) -> None:
    """Forget an import: its row, its original file and its table."""
    with store.session_scope(engine) as session:
        source = store.get_data_source(session=session, workspace_id=workspace_id, entity=entity)
        if source is None:
            return
        try:
            folder = data_folder.source_folder(data_dir, workspace_id, source.table_path)
        except data_folder.UnsafePathError:  # a row no code of ours wrote: forget it, touch no file
            folder = None
        session.delete(source)
        store.touch_workspace(session=session, workspace_id=workspace_id)
    if folder is not None:
        data_folder.remove_tree(data_dir, folder)


def load_table(*, data_dir: Path, source: DataSource) -> pd.DataFrame:
    """The canonical table of an imported source."""
    return pd.read_parquet(data_folder.source_file(data_dir, source.workspace_id, source.table_path))


def parse_summary(source: DataSource) -> list[ColumnParse]:
    return [
        ColumnParse(**{**item, "examples": tuple(item["examples"])})
        for item in json.loads(source.parse_summary_json)
    ]


def apply_field_choices(mapping: ColumnMapping, choices: dict[str, str | None]) -> ColumnMapping:
    """The mapping after a user's edits in the mapping editor (header -> field or None).

    Only changed rows count as edits, applied in the editor's order, so taking a field that
    another header holds moves it rather than mapping two headers to one field.
    """
    for header, field in choices.items():
        if mapping.field_for(header) != (field or None):
            mapping = mapping.with_override(header, field or None)
    return mapping


def summarise_import(outcome: ImportOutcome) -> str:
    """One line for the screen and the CLI: what came in and what was kept aside."""
    source = outcome.source
    mapping = ColumnMapping.from_dict(json.loads(source.mapping_json))
    custom = len(mapping.unmapped_headers())
    verb = "Replaced" if outcome.replaced else "Imported"
    kept = f", {custom} kept as custom fields" if custom else ""
    return (
        f"{verb} {source.row_count:,} {source.entity} from {source.file_name}: "
        f"{len(mapping.mapped())} of {source.column_count} columns mapped{kept}."
    )
