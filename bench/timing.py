"""Run one measured step in a fresh process under ``/usr/bin/time -v``.

Every benchmark here measures this way, so wall time and peak memory (maximum resident set
size) are the operating system's own figures for that step alone.
"""

from __future__ import annotations

import platform
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Measured:
    stdout: str
    wall_s: float
    peak_rss_mb: float


def measure_command(command: list[str]) -> Measured:
    done = subprocess.run(["/usr/bin/time", "-v", *command], capture_output=True, text=True, check=True)
    peak_kb = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", done.stderr).group(1))
    wall = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): ([\d:.]+)", done.stderr).group(1)
    seconds = sum(float(part) * 60**power for power, part in enumerate(reversed(wall.split(":"))))
    return Measured(done.stdout, seconds, peak_kb / 1024)


def machine_line() -> str:
    """Python, pandas and CPU, for the header of every result table."""
    import pandas as pd

    cpu = platform.processor() or "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    import os

    return f"Python {platform.python_version()}, pandas {pd.__version__}, {cpu}, {os.cpu_count()} cores"
