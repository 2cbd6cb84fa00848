"""Reading export files, finding a stored workspace and writing results for the commands (a
helper, not a command).

Files are read and mapped exactly as an import does (:func:`read_exports`), ``--map`` and
``--sheet`` included; a gzip-compressed export (``.csv.gz``) is unpacked in memory first.
Problems are ``CrmCoreError``s, so the CLI prints one sentence and exits with status 2.
"""

from __future__ import annotations

import argparse
import gzip
import sys
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pandas as pd

from crm_core import store
from crm_core.errors import CrmCoreError, InputFileError, MappingError
from crm_core.column_values import KnownNames
from crm_core.importing import MAX_IMPORT_BYTES, apply_field_choices, build_table, check_mapping
from crm_core.mapping import ColumnMapping
from crm_core.reading import read_table
from crm_core.recognition import guess_file_entity, map_file
from crm_core.schema import ENTITY_LABELS


REFERENCED_FIRST = ("users", "accounts")  # whose names other files' owner and company columns hold


@dataclass(frozen=True)
class Export:
    """One export file as a command read it: the raw text table, its mapping, its canonical table."""

    raw: pd.DataFrame
    mapping: ColumnMapping
    table: pd.DataFrame


def add_input_options(parser: argparse.ArgumentParser) -> None:
    """``--map`` and ``--sheet`` for commands that read export files."""
    parser.add_argument("--map", action="append", metavar="COLUMN=FIELD",
                        help="map a column to a field in every file that has it (empty field: keep it unmapped); "
                             "repeat as needed")
    parser.add_argument("--sheet", metavar="NAME", help="the sheet to read in workbooks (default: the first with data)")


def _source(path: str) -> Path | bytes:
    """What to read: the file itself, or its bytes unpacked when it is gzip-compressed (``.csv.gz``)."""
    source = Path(path)
    if not source.exists():
        raise InputFileError(f"The file {path} does not exist: check the path and try again.")
    if source.suffix.lower() != ".gz":
        return source
    try:
        with gzip.open(source, "rb") as packed:
            content = packed.read(MAX_IMPORT_BYTES + 1)
    except (OSError, EOFError) as error:
        raise InputFileError(f"{source.name} is not a readable gzip file ({error}).") from error
    if len(content) > MAX_IMPORT_BYTES:
        raise InputFileError(f"{source.name} unpacks to more than the 1 GiB an import takes: split it and try again.")
    return content


def read_exports(paths: dict[str, str], args: argparse.Namespace, *, as_named: bool = False) -> dict[str, Export]:
    """Each file read as the entity it was given for, exactly as an import maps it: users and
    accounts first so that owner and company columns elsewhere are recognised by their names,
    then ``--map`` edits (applied to every file holding that column) and ``--sheet``.

    ``as_named`` refuses a file whose columns say it holds another entity.
    """
    choices = field_choices(getattr(args, "map", None))
    unused = set(choices)
    known, exports = KnownNames(), {}
    for entity in sorted(paths, key=lambda name: name not in REFERENCED_FIRST):
        name = Path(paths[entity]).name
        name = name[:-3] if name.lower().endswith(".gz") else name
        raw = read_table(_source(paths[entity]), file_name=name, sheet=getattr(args, "sheet", None),
                         max_bytes=MAX_IMPORT_BYTES).frame
        headers = [str(h) for h in raw.columns]
        guess = guess_file_entity(raw)
        if as_named and guess.entity in ENTITY_LABELS and guess.entity != entity:
            raise CrmCoreError(f"{name} looks like {ENTITY_LABELS[guess.entity]}, not {ENTITY_LABELS[entity]}: "
                               f"pass it with --{guess.entity} or choose the right file.")
        mine = {header: field for header, field in choices.items() if header in headers}
        unused -= set(mine)
        mapping = apply_field_choices(map_file(raw, entity, known=known), mine)
        check_mapping(mapping, guess, name)
        exports[entity] = Export(raw, mapping, build_table(raw, mapping)[0])
        if entity in REFERENCED_FIRST:
            known = KnownNames.from_tables(*(exports[e].table if e in exports else None for e in REFERENCED_FIRST))
    if unused:
        raise MappingError(f"--map names a column '{sorted(unused)[0]}' that none of the files has: check its "
                           "spelling against the file's header row.")
    return {entity: exports[entity] for entity in paths}


def read_tables(paths: dict[str, str], args: argparse.Namespace) -> dict[str, pd.DataFrame]:
    """The canonical tables of :func:`read_exports`, by entity."""
    return {entity: export.table for entity, export in read_exports(paths, args).items()}


def parse_as_of(text: str | None, default: date) -> date:
    """The --as-of date (YYYY-MM-DD), or ``default`` when none was given."""
    if not text:
        return default
    try:
        return date.fromisoformat(text.strip())
    except ValueError as error:
        raise CrmCoreError(f"--as-of '{text}' is not a date: write it as YYYY-MM-DD, e.g. 2026-10-01.") from error


def write_output(content: str | bytes, out: str | None) -> None:
    """Write to ``out`` (a file path) or to standard output."""
    if out is None:
        if isinstance(content, bytes):
            sys.stdout.buffer.write(content)
        else:
            sys.stdout.write(content if content.endswith("\n") else content + "\n")
        return
    target = Path(out)
    if target.is_dir():
        raise CrmCoreError(f"--out {target} is a folder: give a file name.")
    if target.parent and not target.parent.exists():
        raise CrmCoreError(f"The folder {target.parent} does not exist: create it or choose another --out path.")
    try:
        if isinstance(content, bytes):
            target.write_bytes(content)
        else:
            target.write_text(content if content.endswith("\n") else content + "\n", encoding="utf-8")
    except OSError as error:
        raise CrmCoreError(f"{target} could not be written ({error.strerror}): choose another --out path.") from error


def workspace_named(engine, name: str):
    """The stored workspace called ``name``, or a sentence that says how to list them."""
    with store.session_scope(engine) as session:
        workspace = store.get_workspace_by_name(session=session, name=name)
    if workspace is None:
        raise CrmCoreError(f"No workspace is named '{name}': run `python -m crm_core workspaces` to list them.")
    return workspace


def stale_data_note(latest: pd.Timestamp | None, as_of: date, days: int = 30) -> str | None:
    """A hint when the exports end long before the audit date (everyone would look inactive)."""
    if latest is None or pd.isna(latest) or (pd.Timestamp(as_of) - latest).days <= days:
        return None
    following = (latest + pd.Timedelta(days=1)).date().isoformat()
    return (f"note: the newest record is from {latest.date().isoformat()}; pass --as-of {following} "
            "to audit as of the export date.")


def field_choices(options: list[str] | None) -> dict[str, str | None]:
    """``--map "Column=field"`` options as header -> field (None to leave a column unmapped)."""
    choices: dict[str, str | None] = {}
    for option in options or ():
        header, sep, field = option.partition("=")
        if not sep or not header.strip():
            raise MappingError(f"--map '{option}' is not Column=field: write e.g. --map \"Sales Agent=owner\".")
        choices[header.strip()] = field.strip() or None
    return choices


def edited_mapping(mapping: ColumnMapping, choices: dict[str, str | None]) -> ColumnMapping:
    """``mapping`` with the ``--map`` choices applied; a column the file lacks is a sentence."""
    headers = {col.header for col in mapping.columns}
    for header in choices:
        if header not in headers:
            raise MappingError(f"--map names a column '{header}' the file does not have; its columns are: "
                               + ", ".join(col.header for col in mapping.columns) + ".")
    return apply_field_choices(mapping, choices)
