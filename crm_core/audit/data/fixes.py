"""Fix exports: the issues list as CSV/XLSX, and a standardised copy of each export.

Originals are never touched. The issues list goes through ``crm_core.spreadsheet_safety``, so no
cell of it runs as a formula when the file is opened.

The standardised copy is the original export, same rows and the source's own column names
(through the import's mapping), with the accepted fixes written in: the spelling clusters the
user accepted, the suggestions of the checks in ``DataAuditConfig.fix_codes`` and, if chosen,
every valid phone number in E.164. It is meant to be re-imported into the CRM it came from, so
its cells are written as they are (a phone number must stay ``+4420...``); every change is also
listed in a change log, which is neutralised like the issues list.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Mapping

import numpy as np
import pandas as pd

from crm_core.audit.data.config import DataAuditConfig
from crm_core.audit.geography import country_codes
from crm_core.audit.data.phones import check_phones
from crm_core.findings import ISSUE_COLUMNS
from crm_core.schema import fields_for
from crm_core.spreadsheet_safety import to_csv_bytes, to_xlsx_bytes

CHANGE_COLUMNS = ("record_id", "column", "field", "check", "before", "after")
TEXT = "string"


def issues_csv(issues: pd.DataFrame) -> bytes:
    return to_csv_bytes(issues[list(ISSUE_COLUMNS)])


def issues_xlsx(issues: pd.DataFrame) -> bytes:
    return to_xlsx_bytes(issues[list(ISSUE_COLUMNS)])


def _header_of(mapping: Mapping[str, str]) -> dict[str, str]:
    """field -> the export's header, from the import mapping (header -> field)."""
    return {field: header for header, field in mapping.items() if field}


def standardised_copy(
    raw: pd.DataFrame,
    table: pd.DataFrame,
    mapping: Mapping[str, str],
    entity: str,
    issues: pd.DataFrame,
    accepted: Mapping[str, Mapping[str, str]] | None = None,
    config: DataAuditConfig | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The export with the accepted fixes applied, and the change log (``CHANGE_COLUMNS``).

    Input: ``raw`` the export as read (text, its own headers), ``table`` its canonical table
    (same rows, same order), ``mapping`` header -> field, ``issues`` the audit's issues,
    ``accepted`` field -> {value: canonical} clusters the user accepted.
    """
    config = config or DataAuditConfig()
    if len(raw) != len(table):
        raise ValueError("the export and its canonical table must have the same rows")
    copy = raw.copy().reset_index(drop=True)
    headers = _header_of(mapping)
    ids = table["record_id"].astype(TEXT).reset_index(drop=True)
    log: list[pd.DataFrame] = []

    def apply(field: str, positions: np.ndarray, values: pd.Series, check: str) -> None:
        header = headers.get(field)
        if header is None or not len(positions):
            return
        before = copy[header].iloc[positions].astype(TEXT).reset_index(drop=True)
        after = pd.Series(values, dtype=TEXT).reset_index(drop=True)
        changed = (before != after).fillna(True).to_numpy()
        if not changed.any():
            return
        positions, before, after = positions[changed], before[changed], after[changed]
        column = copy[header].astype(TEXT)
        column.iloc[positions] = after.to_numpy()
        copy[header] = column
        log.append(pd.DataFrame({"record_id": ids.iloc[positions].to_numpy(), "column": header, "field": field,
                                 "check": check, "before": before.to_numpy(), "after": after.to_numpy()}))

    for field, choices in (accepted or {}).items():
        if field in table.columns and choices:
            mask = table[field].isin(list(choices)).fillna(False).to_numpy()
            positions = np.flatnonzero(mask)
            apply(field, positions, table[field].iloc[positions].map(dict(choices)), "accepted cluster")
    chosen = issues[(issues["entity"] == entity) & issues["check"].isin(list(config.fix_codes))
                    & issues["suggestion"].notna()]
    if len(chosen):
        position_of = pd.Series(np.arange(len(ids)), index=ids)
        position_of = position_of[~position_of.index.duplicated()]
        for (field, check), rows in chosen.groupby(["field", "check"], observed=True, sort=False):
            positions = rows["record_id"].map(position_of).dropna().astype(int).to_numpy()
            suggestions = rows["suggestion"][rows["record_id"].isin(position_of.index)]
            apply(str(field), positions, suggestions, str(check))
    if config.phones_to_e164:
        regions = country_codes(table["country"]) if "country" in table.columns else pd.Series(pd.NA, index=table.index)
        if config.default_region:
            regions = regions.fillna(config.default_region.upper())
        for spec in fields_for(entity):
            if spec.kind == "phone" and spec.name in table.columns and spec.name in headers:
                verdicts = check_phones(table[spec.name], regions)
                positions = np.flatnonzero((verdicts["status"] == "valid").fillna(False).to_numpy())
                apply(spec.name, positions, verdicts["e164"].iloc[positions], "phone to E.164")
    changes = pd.concat(log, ignore_index=True) if log else pd.DataFrame(columns=list(CHANGE_COLUMNS))
    return copy, changes


def standardised_zip(copies: Mapping[str, tuple[pd.DataFrame, pd.DataFrame]]) -> bytes:
    """One ZIP: ``<entity>_standardised.csv`` (as the CRM expects it) and ``<entity>_changes.csv``."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for entity, (copy, changes) in copies.items():
            text = copy.to_csv(index=False, lineterminator="\r\n")
            archive.writestr(f"{entity}_standardised.csv", text.encode("utf-8"))
            archive.writestr(f"{entity}_changes.csv", to_csv_bytes(changes))
    return buffer.getvalue()
