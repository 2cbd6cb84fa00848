"""The data folder's layout, and the only code that builds, writes or removes paths in it.

::

    <data dir>/
      workbench.sqlite3                 the default database
      workspaces/<workspace id>/
        sources/<import id>/original.<ext>   the upload, byte for byte
        sources/<import id>/table.parquet    its canonical table
        audit/<version>/                     the workspace's audit, kept per data version
        .import-*/  .restore-*/  .audit-*/   staging folders, removed on start if a run died

Every name below the data folder is made here from ids the code itself generated. An id is
checked to be a plain name (letters, digits, ``-``, ``_``) before it becomes a path component,
and every path is resolved and checked to stay inside the data folder before anything is
removed, so a row that claims another path (a crafted backup, a hand-edited database) can never
make the workbench write or delete outside it.
"""

from __future__ import annotations

import re
import shutil
import tempfile
from pathlib import Path, PurePosixPath

from crm_core.errors import CrmCoreError

WORKSPACES = "workspaces"
SOURCES = "sources"
ORIGINAL_STEM = "original"
TABLE_FILE = "table.parquet"
AUDIT = "audit"
IMPORT_STAGING_PREFIX = ".import-"
RESTORE_STAGING_PREFIX = ".restore-"
AUDIT_STAGING_PREFIX = ".audit-"
STAGING_PREFIXES = (IMPORT_STAGING_PREFIX, RESTORE_STAGING_PREFIX, AUDIT_STAGING_PREFIX)
# The file types an upload can be kept as; anything else is kept as ".bin".
ORIGINAL_SUFFIXES = frozenset({".csv", ".tsv", ".txt", ".tab", ".xlsx", ".xlsm", ".xls", ".ods", ".json", ".bin"})

_PLAIN_NAME = re.compile(r"[A-Za-z0-9_-]{1,64}")


class UnsafePathError(CrmCoreError):
    """A stored or received path would leave the data folder."""


def plain_name(value: str) -> str:
    """``value`` when it is safe as one path component (an id), else an error."""
    if not is_plain_name(value):
        raise UnsafePathError("A stored id is not a plain name, so no file was touched: the data may be damaged.")
    return value


def workspaces_root(data_dir: Path) -> Path:
    return Path(data_dir) / WORKSPACES


def workspace_dir(data_dir: Path, workspace_id: str) -> Path:
    return workspaces_root(data_dir) / plain_name(workspace_id)


def audit_dir(data_dir: Path, workspace_id: str) -> Path:
    """Where the workspace's kept audit lives: one folder per data version."""
    return workspace_dir(data_dir, workspace_id) / AUDIT


def original_suffix(file_name: str) -> str:
    """The suffix an upload is kept under: its own when it is a known export type."""
    suffix = PurePosixPath(str(file_name).replace("\\", "/")).suffix.lower()
    if not suffix:
        return ".csv"
    return suffix if suffix in ORIGINAL_SUFFIXES else ".bin"


def source_paths(source_id: str, file_name: str) -> tuple[str, str]:
    """``(original_path, table_path)`` of an import, relative to its workspace's folder."""
    folder = f"{SOURCES}/{plain_name(source_id)}"
    return f"{folder}/{ORIGINAL_STEM}{original_suffix(file_name)}", f"{folder}/{TABLE_FILE}"


def is_plain_name(value: object) -> bool:
    return isinstance(value, str) and _PLAIN_NAME.fullmatch(value) is not None


def is_source_path(relative: object) -> bool:
    """Whether ``relative`` has the shape the code gives an import's file: ``sources/<id>/<file>``."""
    if not isinstance(relative, str) or "\\" in relative:
        return False
    parts = relative.split("/")
    return (len(parts) == 3 and parts[0] == SOURCES and is_plain_name(parts[1])
            and parts[2] in {TABLE_FILE, *(ORIGINAL_STEM + s for s in ORIGINAL_SUFFIXES)})


def source_file(data_dir: Path, workspace_id: str, relative: str) -> Path:
    """A stored import path (``sources/<id>/<file>``), checked to be one the code writes."""
    if not is_source_path(relative):
        raise UnsafePathError("A stored file path is not one the workbench writes, so it was not used: "
                              "delete the import and upload the file again.")
    return ensure_inside(data_dir, workspace_dir(data_dir, workspace_id).joinpath(*relative.split("/")))


def source_folder(data_dir: Path, workspace_id: str, relative: str) -> Path:
    """The folder holding an import's two files."""
    return source_file(data_dir, workspace_id, relative).parent


def ensure_inside(data_dir: Path, path: Path) -> Path:
    """``path`` when it resolves strictly inside the data folder's workspaces, else an error."""
    root = workspaces_root(data_dir).resolve()
    resolved = Path(path).resolve()
    if resolved == root or not resolved.is_relative_to(root):
        raise UnsafePathError("A path outside the workbench's data folder was refused: nothing was changed there.")
    return resolved


def remove_tree(data_dir: Path, path: Path) -> None:
    """Remove a folder (or file) that lies inside the data folder; anything else is refused."""
    target = ensure_inside(data_dir, path)
    if target.is_symlink() or target.is_file():
        target.unlink(missing_ok=True)
    elif target.exists():
        shutil.rmtree(target, ignore_errors=True)


def staging_dir(data_dir: Path, prefix: str, parent: Path | None = None) -> Path:
    """A new, empty staging folder for a write that is not yet committed."""
    folder = ensure_inside(data_dir, parent) if parent is not None else workspaces_root(data_dir)
    folder.mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(prefix=prefix, dir=folder))


def is_staging(path: Path) -> bool:
    return path.name.startswith(STAGING_PREFIXES)


def clean_leftovers(data_dir: Path) -> list[Path]:
    """Remove staging folders an interrupted import or restore left behind; returns them."""
    root = workspaces_root(data_dir)
    if not root.is_dir():
        return []
    found = [p for p in root.iterdir() if p.is_dir() and is_staging(p)]
    for folder in root.iterdir():
        if folder.is_dir() and not is_staging(folder) and not folder.is_symlink():
            found.extend(p for p in folder.iterdir() if p.is_dir() and is_staging(p))
    for path in found:
        remove_tree(data_dir, path)
    return found
