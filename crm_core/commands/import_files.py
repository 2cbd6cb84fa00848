"""``import`` and ``preview``: bring exports into a workspace as the Data sources page does, or
see what an import would do without a workspace.

Both read the file, guess what it holds and map its columns with the page's own steps (headers,
then values; a mapping saved for the same layout in the workspace is reused). ``--map
"Column=field"`` changes one column's field (``Column=`` leaves it unmapped), as an edit in the
page's mapping editor does, and the edited mapping is saved for the next file of that layout.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import sys
from pathlib import Path

from crm_core import importing, store, workspaces
from crm_core.commands._inputs import REFERENCED_FIRST, edited_mapping, field_choices, workspace_named
from crm_core.errors import CrmCoreError, InputFileError, MappingError
from crm_core.field_uses import unmet_uses
from crm_core.mapping import ColumnMapping
from crm_core.models import WorkspaceCreate
from crm_core.reading import read_table
from crm_core.recognition import choose_entity, map_file
from crm_core.schema import ENTITIES
from crm_core.settings import load_settings

PREVIEW_ROWS = 5


def _content(path: str) -> tuple[bytes, str]:
    source = Path(path)
    try:
        size = source.stat().st_size
        if size > importing.MAX_IMPORT_BYTES:
            raise InputFileError(f"{source.name} is larger than the 1 GiB an import takes: split it and import "
                                 "the parts one at a time.")
        return source.read_bytes(), source.name
    except OSError as error:
        raise InputFileError(f"The file {source.name} could not be opened: check that it exists and try again.") \
            from error


def _progress(fraction: float, message: str) -> None:
    print(f"[{fraction:4.0%}] {message}", file=sys.stderr, flush=True)


def _mapping_lines(mapping: ColumnMapping) -> list[str]:
    width = max(len(col.header) for col in mapping.columns)
    lines = []
    for col in mapping.columns:
        target = col.field or (f"(custom; proposed: {col.candidate})" if col.candidate else "(custom field)")
        why = f"  {col.reason}" if col.reason else ""
        lines.append(f"  {col.header:<{width}}  ->  {target:<24} {col.confidence:4.0%} {col.method}{why}")
    return lines


def run_import(args: argparse.Namespace) -> int:
    settings = load_settings()
    engine = store.open_store(settings.db_url)
    try:
        workspace = workspace_named(engine, args.workspace)
    except CrmCoreError:
        if not args.create:
            raise CrmCoreError(f"No workspace is named '{args.workspace}': add --create to make it, or run "
                               "`python -m crm_core workspaces` to list them.") from None
        workspace = workspaces.create_workspace(engine=engine, data=WorkspaceCreate(name=args.workspace))
        print(f"Created the workspace '{workspace.name}'.", file=sys.stderr)
    choices = field_choices(args.map)
    previews = []
    for path in args.files:
        content, name = _content(path)
        previews.append((content, name, importing.preview_file(
            engine=engine, workspace_id=workspace.id, content=content, file_name=name, entity=args.entity,
            sheet=args.sheet, progress=_progress, data_dir=settings.data_dir)))
    # users and accounts first, so the owners and companies other files name are recognised
    previews.sort(key=lambda item: item[2].mapping.entity not in REFERENCED_FIRST)
    referenced_now = False
    for content, name, preview in previews:
        if referenced_now and preview.mapping.entity not in REFERENCED_FIRST:
            preview = importing.propose_mapping(engine=engine, workspace_id=workspace.id, raw=preview.raw,
                                                guess=preview.guess, entity=preview.mapping.entity,
                                                data_dir=settings.data_dir)
        mapping = edited_mapping(preview.mapping, choices)
        outcome = importing.import_file(engine=engine, data_dir=settings.data_dir, workspace_id=workspace.id,
                                        content=content, file_name=name, mapping=mapping, sheet=args.sheet,
                                        preview=preview, progress=_progress)
        referenced_now = referenced_now or mapping.entity in REFERENCED_FIRST
        print(importing.summarise_import(outcome))
        for note in (*preview.raw.report.notes, *outcome.problems):
            print(f"  note: {note}")
    print(f"Run `python -m crm_core audit run --workspace \"{workspace.name}\"` to audit it.", file=sys.stderr)
    return 0


def run_preview(args: argparse.Namespace) -> int:
    if args.rows < 1:
        raise CrmCoreError(f"--rows {args.rows} shows nothing: give 1 or more.")
    content, name = _content(args.file)
    raw = read_table(content, file_name=name, sheet=args.sheet, max_bytes=importing.MAX_IMPORT_BYTES)
    guess, entity = choose_entity(raw.frame, args.entity, name)
    mapping = edited_mapping(map_file(raw.frame, entity), field_choices(args.map))
    warnings = list(raw.report.notes)
    try:
        importing.check_mapping(mapping, guess, name)
    except MappingError as error:
        warnings.append(str(error))
    table, parses = importing.build_table(raw.frame.head(args.rows), mapping)
    warnings += [parse.message for parse in parses if parse.message]
    if empty := importing.rows_without_mapped_values(raw.frame, mapping):
        warnings.append(importing.empty_rows_message(empty))
    rows = table.head(args.rows).astype("string").fillna("")
    if args.format == "json":
        print(json.dumps({
            "file": name, "entity": entity, "rows": len(raw.frame),
            "mapping": [{"column": col.header, "field": col.field, "confidence": round(col.confidence, 3),
                         "method": col.method, "proposed": col.candidate if col.field is None else None,
                         "reason": col.reason or None} for col in mapping.columns],
            "warnings": warnings,
            "fields_no_column_feeds": [{"field": label, "would_measure": use} for label, use in unmet_uses(mapping)],
            "first_rows": rows.to_dict(orient="records")}, indent=2, ensure_ascii=False))
        return 0
    print(f"{name}: {len(raw.frame):,} rows of {entity}", file=sys.stderr)
    unmet = [f"  no column feeds {label}: map one to {use}" for label, use in unmet_uses(mapping)]
    for line in [*_mapping_lines(mapping), *(f"  warning: {w}" for w in warnings), *unmet]:
        print(line, file=sys.stderr)
    out = io.StringIO()
    rows.to_csv(out, index=False, quoting=csv.QUOTE_MINIMAL)
    sys.stdout.write(out.getvalue())
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    importer = subparsers.add_parser("import", help="import exports into a workspace, as the Data sources page does")
    importer.add_argument("files", nargs="+", metavar="FILE", help="CSV, TSV or XLSX exports")
    importer.add_argument("--workspace", required=True, metavar="NAME", help="the workspace to import into")
    importer.add_argument("--create", action="store_true", help="create the workspace if there is none by that name")
    importer.add_argument("--entity", choices=ENTITIES, help="what the files hold (default: guessed per file)")
    importer.add_argument("--map", action="append", metavar="COLUMN=FIELD",
                          help="map a column to a field (empty field: keep it unmapped); repeat as needed")
    importer.add_argument("--sheet", metavar="NAME", help="the workbook sheet to read (default: the first with data)")
    importer.set_defaults(handler=run_import)

    preview = subparsers.add_parser("preview", help="what an import of a file would do, without a workspace")
    preview.add_argument("file", metavar="FILE", help="CSV, TSV or XLSX export")
    preview.add_argument("--entity", choices=ENTITIES, help="what the file holds (default: guessed)")
    preview.add_argument("--map", action="append", metavar="COLUMN=FIELD", help="map a column to a field")
    preview.add_argument("--sheet", metavar="NAME", help="the workbook sheet to read")
    preview.add_argument("--rows", type=int, default=PREVIEW_ROWS, help="how many parsed rows to show (default 5)")
    preview.add_argument("--format", choices=("json", "csv"), default="csv",
                         help="json: everything on stdout; csv: the rows on stdout, the mapping on stderr")
    preview.set_defaults(handler=run_preview)
