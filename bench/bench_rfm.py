"""Benchmark: RFM from a transaction log, end to end (``python -m crm_core rfm``).

Two inputs, each run in a fresh process under ``/usr/bin/time -v``:

- a real retailer's log, UCI "Online Retail" (541,909 invoice lines, gzip). Its path is the
  first argument, else ``$CRM_WORKBENCH_RETAIL_LOG``, else
  ``../shared/real_data/online-retail/online_retail.csv.gz`` relative to the repository; when
  it is not there, that row is skipped;
- a deterministic synthetic log of 1,000,000 lines in the same layout (cancellation invoices
  "C...", returns, lines with no customer id), generated in a temporary folder.

    python bench/bench_rfm.py [PATH_TO_online_retail.csv.gz] [--lines 1000000]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd
from timing import machine_line, measure_command

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_LOG = ROOT.parent / "shared" / "real_data" / "online-retail" / "online_retail.csv.gz"
LOG_ENV = "CRM_WORKBENCH_RETAIL_LOG"


def generate(lines: int, path: Path, seed: int = 20111209) -> None:
    """A UCI-shaped invoice log: ~5 lines per invoice, 2% cancellations, 25% without customer."""
    rng = np.random.default_rng(seed)
    invoices = lines // 5
    invoice_of_line = np.sort(rng.integers(0, invoices, lines))
    customers = rng.integers(12000, 18500, invoices).astype(float)
    customer = customers[invoice_of_line].astype(object)
    customer[rng.random(invoices)[invoice_of_line] < 0.25] = ""
    stamp = pd.Timestamp("2010-12-01 08:00") + pd.to_timedelta(np.sort(rng.integers(0, 373 * 24 * 60, invoices)),
                                                               unit="min")
    cancelled = rng.random(invoices) < 0.02
    number = np.char.add(np.where(cancelled, "C", ""), (536365 + np.arange(invoices)).astype(str))
    quantity = rng.integers(1, 25, lines)
    quantity = np.where(cancelled[invoice_of_line], -quantity, quantity)
    pd.DataFrame({
        "InvoiceNo": number[invoice_of_line], "StockCode": rng.integers(10000, 90000, lines).astype(str),
        "Description": "ITEM", "Quantity": quantity,
        "InvoiceDate": stamp[invoice_of_line].strftime("%Y-%m-%d %H:%M:%S"),
        "UnitPrice": (rng.integers(10, 2000, lines) / 100).round(2),
        "CustomerID": [f"{c:.1f}" if c != "" else "" for c in customer], "Country": "United Kingdom",
    }).to_csv(path, index=False)


def run(path: Path, out: Path) -> tuple[dict, float, float]:
    measured = measure_command([sys.executable, "-m", "crm_core", "rfm", "--transactions", str(path),
                                "--format", "json", "--out", str(out)])
    document = json.loads(out.read_text())
    return document, measured.wall_s, measured.peak_rss_mb


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("log", nargs="?", help="UCI Online Retail log (default: see the module doc)")
    parser.add_argument("--lines", type=int, default=1_000_000, help="lines of the synthetic log")
    args = parser.parse_args()
    os.chdir(ROOT)
    real = Path(args.log or os.environ.get(LOG_ENV) or DEFAULT_LOG)
    print(machine_line())
    print("| log | lines | customers | set aside (no customer id) | wall time | peak memory |")
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    with tempfile.TemporaryDirectory() as tmp:
        runs = []
        if real.is_file():
            runs.append(("UCI Online Retail", real))
        else:
            print(f"(real log not found at {real}: skipped)", file=sys.stderr)
        synthetic = Path(tmp) / "synthetic.csv"
        generate(args.lines, synthetic)
        runs.append(("synthetic", synthetic))
        for label, path in runs:
            document, wall, peak = run(path, Path(tmp) / "rfm.json")
            aside = document["set_aside"]
            print(f"| {label} | {aside['lines']:,} | {document['customers']:,} | "
                  f"{aside['lines_without_customer']:,} | {wall:.1f} s | {peak:,.0f} MB |", flush=True)
            if label != "synthetic":
                segments = ", ".join(f"{name} {count:,}" for name, count in document["segments"].items())
                print(f"\nSegments ({label}, as of {document['as_of']}): {segments}.\n", file=sys.stderr)


if __name__ == "__main__":
    main()
