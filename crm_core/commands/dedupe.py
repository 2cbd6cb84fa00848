"""``dedupe``: find the duplicate contacts or accounts of one CRM export, without a browser.

    python -m crm_core dedupe contacts.csv --out clusters.csv

The file's columns are mapped exactly as an import maps them, and every identifying field it
has is used. ``clusters.csv`` has one row per input record: ``record_id,cluster_id,score``;
``cluster_id`` is the record id of the cluster's first record in the file (a record with no
duplicate is its own cluster) and ``score`` the record's strongest match probability with
another member of its cluster (0 when alone). Progress goes to stderr.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np
import pandas as pd

from crm_core.audit.duplicates.matching import find_duplicates
from crm_core.dedupe.config import ENTITIES, MatchConfig
from crm_core.dedupe.survive import golden_records, merge_plan, plan_csv
from crm_core.errors import CrmCoreError, MappingError
from crm_core.commands._inputs import edited_mapping, field_choices
from crm_core.importing import MAX_IMPORT_BYTES, build_table, check_mapping
from crm_core.recognition import guess_file_entity, map_file
from crm_core.reading import read_table


def read_export(path: Path, *, entity: str | None, id_column: str | None, sheet: str | None = None,
                choices: dict[str, str | None] | None = None) -> tuple[str, pd.DataFrame, dict[str, str]]:
    """(entity, canonical table, header -> field) of an export, read and mapped with the
    importer's own steps (as ``importing.read_canonical``); ``id_column`` names the column
    holding the record ids when the mapper would not find it."""
    if not path.is_file():
        raise CrmCoreError(f"There is no file at {path}: check the path.")
    raw = read_table(path, file_name=path.name, sheet=sheet, max_bytes=MAX_IMPORT_BYTES)
    headers = [str(h) for h in raw.frame.columns]
    guess = guess_file_entity(raw.frame)
    chosen = entity or guess.entity
    if chosen not in ENTITIES:
        raise MappingError(f"The columns of {path.name} do not look like contacts or accounts: pass --entity.")
    mapping = edited_mapping(map_file(raw.frame, chosen), choices or {})
    if id_column is not None:
        if id_column not in headers:
            raise MappingError(f"{path.name} has no column named '{id_column}': pass one of its column names.")
        mapping = mapping.with_override(id_column, "record_id")
    check_mapping(mapping, guess, path.name)
    table, _ = build_table(raw.frame, mapping)
    return chosen, table, mapping.mapped()


def cluster_rows(record_ids: pd.Series, labels: np.ndarray, best: np.ndarray) -> pd.DataFrame:
    """``record_id,cluster_id,score`` per record, in file order (see the module docstring)."""
    ids = record_ids.astype(str).to_numpy()
    first = pd.Series(np.arange(len(ids))).groupby(labels).transform("min").to_numpy()
    cluster_id = np.where(labels >= 0, ids[first], ids)
    score = np.where(labels >= 0, np.nan_to_num(best, nan=0.0), 0.0)
    return pd.DataFrame({"record_id": ids, "cluster_id": cluster_id, "score": np.round(score, 4)})


def run_dedupe(args: argparse.Namespace) -> int:
    path = Path(args.file)

    def progress(fraction: float, message: str) -> None:
        print(f"[{fraction:4.0%}] {message}", file=sys.stderr, flush=True)

    defaults = MatchConfig()
    threshold = defaults.review if args.threshold is None else args.threshold
    if not 0 < threshold <= 1:
        raise CrmCoreError(f"--threshold is a match probability between 0 and 1, not {threshold:g}.")
    config = MatchConfig(review=threshold, sure=max(threshold, defaults.sure))
    entity, table, mapping = read_export(path, entity=args.entity, id_column=args.id_column, sheet=args.sheet,
                                         choices=field_choices(args.map))
    result = find_duplicates(table, entity=entity, config=config, progress=progress)
    members = result.clusters.members
    rows = cluster_rows(result.record_ids, members["cluster"].to_numpy(), members["best"].to_numpy())
    try:
        rows.to_csv(args.out, index=False)
        if args.plan:
            golden = golden_records(table, pd.Series(members["cluster"].to_numpy()), config.survivorship)
            confidence = dict(zip(result.clusters.summary["cluster"], result.clusters.summary["confidence"]))
            Path(args.plan).write_bytes(plan_csv(merge_plan(golden, mapping=mapping, confidence=confidence)))
    except OSError as error:
        raise CrmCoreError(f"Could not write the output ({error.strerror}): choose a writable path.") from error
    clustered = int((members["cluster"] >= 0).sum())
    print(f"{len(rows):,} {entity}: {len(result.clusters.summary):,} clusters of duplicates holding "
          f"{clustered:,} records; wrote {args.out}", file=sys.stderr)
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("dedupe", help="find duplicate contacts or accounts in one export",
                                   description=__doc__.split("\n\n")[0])
    parser.add_argument("file", help="CSV, TSV or XLSX export of contacts or accounts")
    parser.add_argument("--entity", choices=ENTITIES, help="what the file holds (default: guessed from its columns)")
    parser.add_argument("--id-column", help="the column holding each record's id (default: found by the mapper)")
    parser.add_argument("--map", action="append", metavar="COLUMN=FIELD", help="map a column to a field")
    parser.add_argument("--sheet", metavar="NAME", help="the workbook sheet to read")
    parser.add_argument("--threshold", type=float, default=None,
                        help=f"match probability (0-1) from which two records are one (default {MatchConfig().review})")
    parser.add_argument("--out", required=True, help="where to write record_id,cluster_id,score")
    parser.add_argument("--plan", help="also write the merge plan (golden records) as CSV here")
    parser.set_defaults(handler=run_dedupe)
