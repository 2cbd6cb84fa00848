"""Reading export files, finding a stored workspace and writing results for the commands (a
helper, not a command).

Files are read exactly as an import reads them (``importing.read_canonical``); a gzip-compressed
export (``.csv.gz``) is unpacked to a temporary file first. Problems are ``CrmCoreError``s, so
the CLI prints one sentence and exits with status 2.
"""

from __future__ import annotations

import gzip
import shutil
import sys
import tempfile
from datetime import date
from pathlib import Path

import pandas as pd

from crm_core import store
from crm_core.errors import CrmCoreError, InputFileError, MappingError
from crm_core.importing import apply_field_choices, read_canonical
from crm_core.mapping import ColumnMapping


def read_input(path: str, entity: str) -> pd.DataFrame:
    """The canonical table of one export file, read as ``entity``."""
    source = Path(path)
    if source.suffix.lower() != ".gz":
        return read_canonical(source, entity=entity)[1]
    if not source.is_file():
        raise InputFileError(f"The file {source.name} could not be opened: check that it exists and try again.")
    with tempfile.TemporaryDirectory() as folder:
        unpacked = Path(folder) / source.stem
        try:
            with gzip.open(source, "rb") as packed, open(unpacked, "wb") as plain:
                shutil.copyfileobj(packed, plain)
        except (OSError, EOFError) as error:
            raise InputFileError(f"{source.name} is not a readable gzip file ({error}).") from error
        return read_canonical(unpacked, entity=entity)[1]


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
