"""The benchmarks at tiny sizes, so that they never rot: ``run.py --tiny`` runs every
benchmark for real (the app's start from its cache, the window under load, the sandbox
fan-out) and prints a row with a figure, a floor and a ratio for each. No figure is
compared with a threshold: a tiny run on a shared machine means nothing."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.e2e

RUN = Path(__file__).with_name("run.py")
FIGURES = (  # how each row begins (regular expressions)
    "start → both columns painted from the cache",
    "peak RSS at start",
    "peak RSS with 2 × ",
    "RSS drift",
    "longest GUI stall, .* reader scrolled down",
    "longest GUI stall, .* reader at the top",
    "delegate paint per visible row",
    "sizeHint per row, cold",
    "sizeHint per row, warm",
    "fan-out",
)


def test_every_benchmark_runs_and_prints_its_ratio() -> None:
    done = subprocess.run(
        [sys.executable, str(RUN), "--tiny"], capture_output=True, text=True, timeout=600
    )
    assert done.returncode == 0, done.stderr[-3000:]
    rows = [line for line in done.stdout.splitlines() if line.startswith("| ")][1:]
    for figure in FIGURES:
        [row] = [r for r in rows if re.match(rf"\| {figure}", r)]
        _name, ours, floor, ratio, target = (c.strip() for c in row.strip("|").split("|"))
        assert re.search(r"\d", ours) and re.search(r"\d", floor), row
        assert re.fullmatch(r"\*\*[+-]?[\d.]+ ?(×|%|MiB)\*\*", ratio), row
        assert target, row
    assert "cores" in done.stdout
