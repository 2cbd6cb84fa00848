"""Benchmark: the sample company's report in all five formats, as a consultant exports it.

In a temporary data folder: ``python -m crm_core demo`` loads the sample company (exports and
strategy half), one ``python -m crm_core report`` run keeps the workspace audit (the first
export of a data version pays for it, as on the page), then each format is written by its own
``python -m crm_core report`` process under ``/usr/bin/time -v`` (wall time and peak memory of
the whole command: start-up, reading the store and the kept audit, building and rendering),
then all five by one ``report --format all``.
A last in-process run times only building the report model and rendering each format.

    python bench/bench_report.py [--runs 3]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

from timing import machine_line, measure_command

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
FORMATS = ("pdf", "pptx", "xlsx", "html", "md")


def _cli(*arguments: str) -> list[str]:
    return [sys.executable, "-m", "crm_core", *arguments]


def in_process(workspace: str) -> dict[str, float]:
    """Seconds to build the report model from the store (kept audit reused) and to render each format."""
    from crm_core import report, store
    from crm_core.commands._inputs import workspace_named
    from crm_core.report.sources import load_report
    from crm_core.settings import load_settings

    settings = load_settings()
    engine = store.open_store(settings.db_url)
    try:
        start = time.perf_counter()
        built = load_report(engine=engine, data_dir=settings.data_dir,
                            workspace_id=workspace_named(engine, workspace).id)
        times = {"build": time.perf_counter() - start}
    finally:
        engine.dispose()
    for fmt in FORMATS:
        start = time.perf_counter()
        report.render(built, fmt)
        times[fmt] = time.perf_counter() - start
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        os.environ["CRM_WORKBENCH_DATA_DIR"] = folder
        os.environ.pop("CRM_WORKBENCH_DB_URL", None)
        os.chdir(ROOT)
        loaded = measure_command(_cli("demo"))
        name = next(line.split("'")[1] for line in loaded.stdout.splitlines() if "'" in line)
        out = Path(folder) / "report"
        first = measure_command(_cli("report", "--workspace", name, "--format", "md", "--out", f"{out}.md"))
        print(f"Machine: {machine_line()}")
        print(f"Loading the sample company (exports and strategy half): {loaded.wall_s:.1f} s, "
              f"{loaded.peak_rss_mb:,.0f} MB")
        print(f"First export of this data version (runs and keeps the audit): {first.wall_s:.1f} s, "
              f"{first.peak_rss_mb:,.0f} MB")
        print("\n| format | command wall (median of runs) | peak memory | file size |")
        print("|---|---:|---:|---:|")
        total = 0.0
        for fmt in FORMATS:
            runs = [measure_command(_cli("report", "--workspace", name, "--format", fmt, "--out", f"{out}.{fmt}"))
                    for _ in range(args.runs)]
            wall = statistics.median(run.wall_s for run in runs)
            total += wall
            size = Path(f"{out}.{fmt}").stat().st_size
            print(f"| {fmt} | {wall:.2f} s | {max(r.peak_rss_mb for r in runs):,.0f} MB | {size / 1024:,.0f} KB |")
        print(f"| five separate commands | {total:.2f} s | | |")
        runs = [measure_command(_cli("report", "--workspace", name, "--format", "all", "--out", folder))
                for _ in range(args.runs)]
        print(f"| all five, one command (`--format all`) | {statistics.median(r.wall_s for r in runs):.2f} s | "
              f"{max(r.peak_rss_mb for r in runs):,.0f} MB | |")
        times = in_process(name)
        print("\nIn one process (model built once, then each format rendered): "
              + ", ".join(f"{key} {value:.2f} s" for key, value in times.items())
              + f"; rendering all five {sum(v for k, v in times.items() if k != 'build'):.2f} s")


if __name__ == "__main__":
    main()
