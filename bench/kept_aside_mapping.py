"""Key-column mapping accuracy on whole real files kept aside, with no manual step.

Each file of ``bench/realdata/mapping-kept-aside/key.json`` is read and mapped exactly as an
import does it: what it holds guessed from its headers and values, columns mapped from their
headers and values, and, for files of one source, the users and accounts files imported first
so their names are recognised in the others. The key (every column's correct field, its key
columns, the other readings its notes call equally right) was written from the files before
this script ever ran on them; never change a synonym, pattern or threshold because of what it
shows.

    python bench/kept_aside_mapping.py [--set FOLDER] [--extra DIR] [--verbose]

``--set`` names the set (default ``mapping-kept-aside``; ``mapping-kept-aside-2`` is the next one);
``--extra`` is the folder holding the files whose licence does not allow a copy here (fetched
from the locations in the set's README, same sub-folders); they are skipped when absent.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from crm_core.column_values import APPLY_FROM, KnownNames  # noqa: E402
from crm_core.errors import CrmCoreError  # noqa: E402
from crm_core.importing import build_table  # noqa: E402
from crm_core.recognition import guess_file_entity, map_file  # noqa: E402
from crm_core.reading import read_table  # noqa: E402

SETS = REPO / "bench" / "realdata"
FIRST = ("users", "accounts")  # imported first, as the import command does


@dataclass
class FileScore:
    name: str
    entity: str
    guessed: str | None
    key_right: int
    key_total: int
    key_right_given_entity: int
    columns_right: int
    columns_total: int
    sure_and_wrong: list[tuple[str, str | None, str | None, float]]
    errors: list[tuple[str, str | None, str | None, str]]


def _right(header: str, got: str | None, key: dict) -> bool:
    return got == key["columns"].get(header) or got in key.get("accept", {}).get(header, [])


def score_file(name: str, key: dict, path: Path, known: KnownNames) -> tuple[FileScore, object]:
    raw = read_table(path, file_name=path.name, sheet=key.get("sheet")).frame
    guess = guess_file_entity(raw)
    automatic = map_file(raw, guess.entity, known=known) if guess.entity else None
    given = map_file(raw, key["entity"], known=known)
    headers = [str(h) for h in raw.columns]
    unkeyed = [h for h in headers if h not in key["columns"]]
    if unkeyed:
        print(f"  ({name}: no answer for {unkeyed}; counted as 'stays unmapped')")
    errors, sure_and_wrong = [], []
    key_right = key_right_given = columns_right = 0
    for header in headers:
        want = key["columns"].get(header)
        match = next((c for c in automatic.columns if c.header == header), None) if automatic else None
        got = match.field if match else None
        right = _right(header, got, key) and guess.entity == key["entity"]
        columns_right += right
        if header in key["key"]:
            key_right += right
            key_right_given += _right(header, given.field_for(header), key)
            if match and got and not right and match.confidence >= APPLY_FROM:
                sure_and_wrong.append((header, want, got, match.confidence))
        if not right:
            errors.append((header, want, got, (match.reason or match.method) if match else "entity"))
    table = build_table(raw, given)[0] if key["entity"] in FIRST else None
    return FileScore(name, key["entity"], guess.entity, key_right, len(key["key"]), key_right_given, columns_right,
                     len(headers), sure_and_wrong, errors), table


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--set", default="mapping-kept-aside", help="the set's folder under bench/realdata")
    parser.add_argument("--extra", type=Path, help="folder of the files not copied here")
    parser.add_argument("--verbose", action="store_true", help="list every wrong column")
    args = parser.parse_args(argv)
    folder = SETS / args.set
    keys = json.loads((folder / "key.json").read_text(encoding="utf-8"))["files"]
    by_source = defaultdict(list)
    for name, key in keys.items():
        by_source[name.split("/")[0]].append((name, key))
    scores, started = [], time.perf_counter()
    for source, files in by_source.items():
        known_tables: dict[str, object] = {}
        for name, key in sorted(files, key=lambda item: item[1]["entity"] not in FIRST):
            path = folder / name
            if not path.is_file() and args.extra:
                path = args.extra / name
            if not path.is_file():
                print(f"  (skipped, not here: {name})")
                continue
            known = KnownNames.from_tables(known_tables.get("users"), known_tables.get("accounts"))
            try:
                score, table = score_file(name, key, path, known)
            except CrmCoreError as error:  # refused: every key column counts as wrong
                print(f"  ({name} was refused: {error})")
                score, table = FileScore(name, key["entity"], None, 0, len(key["key"]), 0, 0, len(key["columns"]),
                                         [], []), None
            if table is not None:
                known_tables[key["entity"]] = table
            scores.append(score)
    elapsed = time.perf_counter() - started
    width = max(len(s.name) for s in scores)
    print(f"{'file'.ljust(width)}  {'entity':<13} {'guessed':<13} key cols  (entity given)  all cols")
    for s in scores:
        print(f"{s.name.ljust(width)}  {s.entity:<13} {str(s.guessed):<13} {s.key_right:>3}/{s.key_total:<4} "
              f"{s.key_right_given_entity:>6}/{s.key_total:<6}    {s.columns_right:>3}/{s.columns_total}")
        if args.verbose:
            for header, want, got, why in s.errors:
                print(f"    {header!r}: expected {want}, got {got} ({why})")
    key_right, key_total = sum(s.key_right for s in scores), sum(s.key_total for s in scores)
    given = sum(s.key_right_given_entity for s in scores)
    print(f"\nkey columns right with no manual step: {key_right}/{key_total} = {key_right / key_total:.1%}")
    print(f"key columns right with the entity given: {given}/{key_total} = {given / key_total:.1%}")
    print(f"entity guessed right: {sum(s.guessed == s.entity for s in scores)}/{len(scores)}")
    columns = sum(s.columns_total for s in scores)
    print(f"all columns right (mapped as the key says, or left unmapped): "
          f"{sum(s.columns_right for s in scores)}/{columns} = {sum(s.columns_right for s in scores) / columns:.1%}")
    sure = [(s.name, *wrong) for s in scores for wrong in s.sure_and_wrong]
    print(f"key columns mapped wrongly with confidence >= {APPLY_FROM:.0%}: {len(sure)}")
    for name, header, want, got, confidence in sure:
        print(f"    {name}: {header!r} -> {got} ({confidence:.0%}), should be {want}")
    print(f"{len(scores)} files read and mapped in {elapsed:.1f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
