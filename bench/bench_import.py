"""Benchmark: the whole import of a large contacts export into a workspace.

What a user waits for on the Data sources page: read the file, guess the entity, map the
columns, parse every typed column, keep the original, write the Parquet table and record it
in the store (SQLite). Uses the same generated 20-column export as ``bench_read.py``; each
size runs in a fresh process under ``/usr/bin/time -v``.

    python bench/bench_import.py                 # 100,000 and 1,000,000 rows
    python bench/bench_import.py --rows 20000
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

from bench_read import generate_contacts
from timing import machine_line, measure_command

ROOT = Path(__file__).resolve().parent.parent


def measure(path: Path, workdir: Path) -> dict[str, float]:
    """The timed work, inside the measured process."""
    sys.path.insert(0, str(ROOT))
    from crm_core import importing, store, workspaces
    from crm_core.models import WorkspaceCreate

    engine = store.open_store(f"sqlite:///{workdir / 'bench.sqlite3'}")
    workspace = workspaces.create_workspace(engine=engine, data=WorkspaceCreate(name=f"bench {time.time()}"))
    started = time.perf_counter()
    outcome = importing.import_file(engine=engine, data_dir=workdir, workspace_id=workspace.id,
                                    content=path.read_bytes(), file_name=path.name)
    return {"rows": outcome.source.row_count, "mapped": outcome.source.column_count,
            "problems": len(outcome.problems), "import_s": time.perf_counter() - started}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, nargs="*", default=[100_000, 1_000_000])
    parser.add_argument("--measure", type=Path, nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(*args.measure)))
        return
    print(machine_line())
    print(f"{'rows':>10} {'file MB':>8} {'import s':>9} {'wall s':>7} {'peak MB':>8}")
    with tempfile.TemporaryDirectory(prefix="crm-bench-") as folder:
        for rows in args.rows:
            path = Path(folder) / f"contacts_{rows}.csv"
            generate_contacts(rows, path)
            workdir = Path(folder) / f"work_{rows}"
            workdir.mkdir()
            measured = measure_command([sys.executable, __file__, "--measure", str(path), str(workdir)])
            result = json.loads(measured.stdout.strip().splitlines()[-1])
            assert result["problems"] == 0 and result["rows"] == rows
            print(f"{rows:>10,} {path.stat().st_size / 1024**2:>8.1f} {result['import_s']:>9.1f} "
                  f"{measured.wall_s:>7.1f} {measured.peak_rss_mb:>8.0f}")


if __name__ == "__main__":
    main()
