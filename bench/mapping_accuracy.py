"""How well the column mapper does on header sets its synonyms were not written from.

The synonyms in ``crm_core/data/header_synonyms.csv`` come from vendor documentation; the
sets in ``bench/heldout_headers/`` are real export headers found in public repositories,
each with the answer key judged correct, plus the third-party files of the shared real-data
folder (read from ``--real-data`` or ``CRM_WORKBENCH_REAL_DATA``; skipped when absent).
Never add a held-out header to the synonyms after measuring: that would be tuning on the
test set.

A header counts as right when it maps to the expected field, or stays unmapped when no
field is expected. Mapping is measured with the true entity given, so a wrong entity guess
(reported on its own) does not hide how the headers themselves fared.

    python bench/mapping_accuracy.py [--real-data DIR] [--verbose]
"""

from __future__ import annotations

import argparse
import csv
import gzip
import io
import json
import os
import time
import sys
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from crm_core.mapping import guess_entity, map_headers  # noqa: E402

HELDOUT = REPO / "bench" / "heldout_headers"
REAL_DATA_KEYS = HELDOUT / "real_data.json"
DEFAULT_REAL_DATA = REPO.parent / "shared" / "real_data"
ENV_REAL_DATA = "CRM_WORKBENCH_REAL_DATA"


@dataclass(frozen=True)
class HeaderSet:
    name: str
    crm: str
    entity: str
    expected: dict[str, str | None]


@dataclass(frozen=True)
class Score:
    name: str
    entity_ok: bool
    guessed: str | None
    correct: int
    total: int
    mapped: int
    mapped_right: int
    expected_fields: int
    errors: tuple[tuple[str, str | None, str | None], ...]


def load_heldout() -> list[HeaderSet]:
    sets = []
    for path in sorted(HELDOUT.glob("*.json")):
        if path == REAL_DATA_KEYS:
            continue
        data = json.loads(path.read_text(encoding="utf-8"))
        sets.append(HeaderSet(path.stem, data["crm"], data["entity"], data["columns"]))
    return sets


def read_header(path: Path) -> list[str]:
    """First row of a CSV (optionally gzipped), BOM removed."""
    raw = path.read_bytes()
    if path.suffix == ".gz":
        raw = gzip.decompress(raw)
    first_line = io.StringIO(raw.decode("utf-8-sig")).readline()
    return next(csv.reader([first_line]))


def load_real_data(folder: Path) -> list[HeaderSet]:
    """Header sets of the real files, keyed by the answer file; missing files are skipped."""
    keys = json.loads(REAL_DATA_KEYS.read_text(encoding="utf-8"))["files"]
    sets = []
    for relative, key in keys.items():
        path = folder / relative
        if not path.is_file():
            print(f"  (skipped, not found: {relative})")
            continue
        headers = read_header(path)
        expected = {h: key["columns"].get(h) for h in headers}
        unkeyed = [h for h in headers if h not in key["columns"]]
        if unkeyed:
            print(f"  (no answer for {unkeyed} in {relative}: counted as 'stays unmapped')")
        sets.append(HeaderSet(f"real:{relative}", key["crm"], key["entity"], expected))
    return sets


def score(header_set: HeaderSet) -> Score:
    headers = list(header_set.expected)
    guess = guess_entity(headers)
    mapping = map_headers(headers, header_set.entity)
    errors = []
    mapped = mapped_right = 0
    for header, want in header_set.expected.items():
        got = mapping.field_for(header)
        mapped += got is not None
        mapped_right += got is not None and got == want
        if got != want:
            errors.append((header, want, got))
    return Score(
        name=header_set.name, entity_ok=guess.entity == header_set.entity, guessed=guess.entity,
        correct=len(headers) - len(errors), total=len(headers), mapped=mapped,
        mapped_right=mapped_right,
        expected_fields=sum(f is not None for f in header_set.expected.values()),
        errors=tuple(errors),
    )


def report(scores: list[Score], verbose: bool) -> None:
    width = max(len(s.name) for s in scores)
    print(f"{'set'.ljust(width)}  entity          headers  accuracy")
    for s in scores:
        entity = "ok" if s.entity_ok else f"WRONG ({s.guessed})"
        print(f"{s.name.ljust(width)}  {entity:<14}  {s.correct:>3}/{s.total:<3}  {s.correct / s.total:6.1%}")
        if verbose:
            for header, want, got in s.errors:
                print(f"    {header!r}: expected {want}, got {got}")
    total = sum(s.total for s in scores)
    correct = sum(s.correct for s in scores)
    mapped = sum(s.mapped for s in scores)
    mapped_right = sum(s.mapped_right for s in scores)
    expected = sum(s.expected_fields for s in scores)
    print()
    print(f"header accuracy (micro): {correct}/{total} = {correct / total:.1%}")
    print(f"header accuracy (mean of sets): {sum(s.correct / s.total for s in scores) / len(scores):.1%}")
    print(f"precision of mapped headers: {mapped_right}/{mapped} = {mapped_right / max(mapped, 1):.1%}")
    print(f"recall of expected fields: {mapped_right}/{expected} = {mapped_right / max(expected, 1):.1%}")
    entity_ok = sum(s.entity_ok for s in scores)
    print(f"entity-guess accuracy: {entity_ok}/{len(scores)} = {entity_ok / len(scores):.1%}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--real-data", type=Path, default=None,
        help=f"folder of third-party files (default: ${ENV_REAL_DATA} or ../shared/real_data)",
    )
    parser.add_argument("--verbose", action="store_true", help="list every wrong header")
    args = parser.parse_args(argv)
    folder = args.real_data or Path(os.environ.get(ENV_REAL_DATA, DEFAULT_REAL_DATA))
    sets = load_heldout()
    print(f"held-out sets: {len(sets)}; real data from {folder}")
    sets += load_real_data(folder)
    started = time.perf_counter()
    scores = [score(s) for s in sets]
    elapsed = time.perf_counter() - started
    report(scores, args.verbose)
    headers = sum(len(s.expected) for s in sets)
    print(f"guessing and mapping {headers} headers: {elapsed:.2f} s "
          f"({elapsed / max(headers, 1) * 1000:.2f} ms per header)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
