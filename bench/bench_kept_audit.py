"""Benchmark: a workspace's whole audit computed once per data version, then read back.

For each size, a generated contacts export (the 20-column file of ``bench_read.py``) and an
accounts export (one account per five contacts) are imported into a fresh workspace; then, each
step in a fresh process under ``/usr/bin/time -v``:

- ``compute``: the one-time computation after the import (every area, kept beside the imports);
- ``read``: what a restarted app does on the next visit (read the kept result, no recompute);
- ``page first visit``: the Recommendations page under AppTest in a fresh process, before
  (nothing kept: the page computes, as every page did) and after (the kept audit is read);
- with ``--pages``: every page's first visit and rerun under AppTest, each page in a fresh
  process (a restarted app), after the audit was computed once.

    python bench/bench_kept_audit.py                  # 10,000 and 100,000 contacts
    python bench/bench_kept_audit.py --rows 1000000
    python bench/bench_kept_audit.py --pages --rows 10000 100000 1000000
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

from bench_read import generate_contacts
from timing import machine_line, measure_command

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _engine(workdir: Path):
    from crm_core import store

    return store.open_store(f"sqlite:///{workdir / 'bench.sqlite3'}")


PAGES = ("home", "audit_fit", "audit_data", "audit_duplicates", "audit_usage", "audit_compliance",
         "recommendations", "goals", "history")


def generate_accounts(contacts: Path, path: Path) -> None:
    """One account per five contacts, named as the contacts' companies are plus a number."""
    import numpy as np
    import pandas as pd

    rows = max(1, sum(1 for _ in contacts.open()) // 5)
    rng = np.random.default_rng(20261203)
    number = pd.Series(np.arange(rows)).astype(str)
    pd.DataFrame({
        "Account ID": "001" + number.str.zfill(12),
        "Account Name": "Company " + number,
        "Website": "www.company" + number + ".example.com",
        "Industry": np.asarray(["Software", "Manufacturing", "Retail", "Healthcare", "Finance"])[
            rng.integers(0, 5, rows)],
        "Billing Country": "United States",
        "Phone": "(" + pd.Series(rng.integers(200, 999, rows)).astype(str) + ") 555-0100",
        "Account Owner": "Dana Reyes",
    }).to_csv(path, index=False)


def prepare(path: Path, workdir: Path) -> dict:
    from crm_core import importing, workspaces
    from crm_core.models import WorkspaceCreate

    engine = _engine(workdir)
    workspace = workspaces.create_workspace(engine=engine, data=WorkspaceCreate(name="bench"))
    accounts = path.with_name(path.stem + "_accounts.csv")
    generate_accounts(path, accounts)
    for export, entity in ((path, "contacts"), (accounts, "accounts")):
        importing.import_file(engine=engine, data_dir=workdir, workspace_id=workspace.id,
                              content=export.read_bytes(), file_name=export.name, entity=entity)
    return {"workspace": workspace.id}


def step(name: str, workdir: Path, workspace_id: str) -> dict:
    engine = _engine(workdir)
    started = time.perf_counter()
    if name in ("compute", "read"):
        from crm_core.audit import kept

        audit = kept.workspace_audit(engine=engine, data_dir=workdir, workspace_id=workspace_id)
        return {"seconds": time.perf_counter() - started, "areas": len(audit)}
    from streamlit.testing.v1 import AppTest

    os.environ.update(CRM_WORKBENCH_DATA_DIR=str(workdir), CRM_WORKBENCH_DB_URL=f"sqlite:///{workdir / 'bench.sqlite3'}")
    page = "recommendations" if name == "page" else name.removeprefix("page:")
    at = AppTest.from_file(str(ROOT / "pages" / f"{page}.py"), default_timeout=3600)
    at.session_state["workspace_id"] = workspace_id
    started = time.perf_counter()  # the page's own run, after the test harness is imported
    at.run()
    assert not at.exception, at.exception
    first = time.perf_counter() - started
    started = time.perf_counter()
    at.run()
    return {"seconds": first, "rerun": time.perf_counter() - started, "areas": None}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, nargs="*", default=[10_000, 100_000])
    parser.add_argument("--pages", action="store_true", help="every page's first visit and rerun, audit kept")
    parser.add_argument("--prepare", type=Path, nargs=2, help=argparse.SUPPRESS)
    parser.add_argument("--step", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.prepare:
        print(json.dumps(prepare(*args.prepare)))
        return
    if args.step:
        print(json.dumps(step(args.step[0], Path(args.step[1]), args.step[2])))
        return
    print(machine_line())
    print(f"{'contacts':>10} {'step':>28} {'timed s':>8} {'wall s':>7} {'peak MB':>8}")
    with tempfile.TemporaryDirectory(prefix="crm-bench-") as folder:
        for rows in args.rows:
            path = Path(folder) / f"contacts_{rows}.csv"
            generate_contacts(rows, path)
            workdir = Path(folder) / f"work_{rows}"
            workdir.mkdir()
            made = measure_command([sys.executable, __file__, "--prepare", str(path), str(workdir)])
            workspace_id = json.loads(made.stdout.strip().splitlines()[-1])["workspace"]
            audit_dir = workdir / "workspaces" / workspace_id / "audit"
            if args.pages:
                pages(rows, workdir, workspace_id)
                continue
            for label, name, drop_kept in (("page first visit, before", "page", True), ("compute (once)", "compute", True),
                                           ("read after a restart", "read", False),
                                           ("page first visit, after", "page", False)):
                if drop_kept:
                    shutil.rmtree(audit_dir, ignore_errors=True)
                measured = measure_command([sys.executable, __file__, "--step", name, str(workdir), workspace_id])
                result = json.loads(measured.stdout.strip().splitlines()[-1])
                print(f"{rows:>10,} {label:>28} {result['seconds']:>8.2f} {measured.wall_s:>7.2f} "
                      f"{measured.peak_rss_mb:>8,.0f}", flush=True)


def pages(rows: int, workdir: Path, workspace_id: str) -> None:
    """The audit computed once, then every page's first visit and rerun, each in a fresh process."""
    measured = measure_command([sys.executable, __file__, "--step", "compute", str(workdir), workspace_id])
    result = json.loads(measured.stdout.strip().splitlines()[-1])
    print(f"{rows:>10,} {'compute (once)':>28} {result['seconds']:>8.2f} {measured.wall_s:>7.2f} "
          f"{measured.peak_rss_mb:>8,.0f}", flush=True)
    for page in PAGES:
        measured = measure_command([sys.executable, __file__, "--step", f"page:{page}", str(workdir), workspace_id])
        result = json.loads(measured.stdout.strip().splitlines()[-1])
        print(f"{rows:>10,} {page:>28} {result['seconds']:>8.2f} {measured.wall_s:>7.2f} "
              f"{measured.peak_rss_mb:>8,.0f}  rerun {result['rerun']:.2f} s", flush=True)


if __name__ == "__main__":
    main()
