"""Kizuna's benchmarks, each figure against a floor measured in the same run:

    .venv/bin/python tests/benchmarks/run.py            # the full run (a few minutes)
    .venv/bin/python tests/benchmarks/run.py --tiny     # every figure, tiny sizes (tests)
    .venv/bin/python tests/benchmarks/run.py --only start   # some benchmarks (see --help)

Prints a markdown table (figure, Kizuna, floor, ratio, the issue's target). Floors:

- start: a bare PySide6 window with two ``QListView``s painted once (bare_window.py),
  whole processes, alternating with Kizuna's ``python -m app --screenshot`` on a profile
  whose timeline cache was filled by one earlier run on the sandbox (no server runs
  while it is measured: both columns come from the cache); medians. Both with bytecode
  compiled (by that earlier run, into the run's own folder), as an installed app has it;
- RSS: the same bare window's peak RSS;
- drift: Kizuna's own RSS after the warm-up (both columns full to their cap of 5,000 rows
  and a fifth more streamed through); the posts come through the sandbox (its members
  post, accelerated, in another process; the window's real session takes them from the
  networks' streaming APIs);
- burst: the bare window's two lists taking the same rows per second (insertRows); one
  row with the reader scrolled down, one with the reader at the top (new rows in view);
- delegate: Qt's own ``QStyledItemDelegate`` over the posts' plain text;
- fan-out: the slower of the two single-circle sends, same sandbox, same latency.
"""

from __future__ import annotations

import argparse
import json
import platform
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tests.benchmarks import fanout
from tests.benchmarks.common import Row, median, ratio, run_measured, table

PY = sys.executable
Size = dict[str, Any]
HERE = Path(__file__).resolve().parent

FULL: Size = {
    "starts": 7,
    "hold": 5000,
    "drift": 30000,
    "stream_rate": 1000,
    "rate": 2000,
    "seconds": 5.0,
    "rows": 200,
    "latency": 300,
    "sends": 5,
}
TINY: Size = {
    "starts": 1,
    "hold": 50,
    "drift": 300,
    "stream_rate": 300,
    "rate": 200,
    "seconds": 0.5,
    "rows": 10,
    "latency": 20,
    "sends": 1,
}


def _load(mode: str, *args: float | str) -> tuple[dict[str, Any], float]:
    run = run_measured([PY, str(HERE / "window_load.py"), mode, *map(str, args)])
    return json.loads(run.stdout.strip().splitlines()[-1]), run.peak_rss_mib


def bench_start(size: Size, tmp: Path) -> list[Row]:
    profile, shot = tmp / "profile", tmp / "shot.png"
    app = [PY, "-m", "app", "--profile", str(profile), "--lang", "ja", "--screenshot", str(shot)]
    # As installed: Kizuna's modules compiled once (as pip or the packaged app leave them;
    # the floor's PySide6 is compiled too), the bytecode in this run's folder, not the tree.
    env = {"PYTHONDONTWRITEBYTECODE": "", "PYTHONPYCACHEPREFIX": str(tmp / "pycache")}
    # Fills the timeline cache from the app's own sandbox (then stops it), and the bytecode.
    run_measured(app, env)
    bare = [PY, str(HERE / "bare_window.py"), str(tmp / "bare.png")]
    ours, floor = [], []
    for _ in range(size["starts"]):
        ours.append(run_measured(app, env))
        floor.append(run_measured(bare, env))
    t_ours, t_floor = median([r.seconds for r in ours]), median([r.seconds for r in floor])
    m_ours = median([r.peak_rss_mib for r in ours])
    m_floor = median([r.peak_rss_mib for r in floor])
    return [
        Row(
            f"start → both columns painted from the cache (median of {len(ours)})",
            f"{t_ours:.2f} s",
            f"{t_floor:.2f} s",
            ratio(t_ours, t_floor),
            "≤ 2.0×",
        ),
        Row(
            "peak RSS at start",
            f"{m_ours:.0f} MiB",
            f"{m_floor:.0f} MiB",
            f"+{m_ours - m_floor:.0f} MiB",
            "≤ +60 MiB",
        ),
        _hold_row(size, m_floor),
    ]


def _hold_row(size: Size, bare_mib: float) -> Row:
    result, peak = _load("hold", size["hold"])
    n = size["hold"]
    return Row(
        f"peak RSS with 2 × {n:,} posts (rows held: {result['rows'][0]:,} + {result['rows'][1]:,})",
        f"{peak:.0f} MiB",
        f"{bare_mib:.0f} MiB",
        f"+{peak - bare_mib:.0f} MiB",
        "≤ +100 MiB",
    )


def bench_drift(size: Size) -> list[Row]:
    result, _peak = _load("stream", size["drift"], size["stream_rate"])
    warm, end = result["warm_mib"], result["end_mib"]
    public, friends = result["streamed"]
    return [
        Row(
            f"RSS drift: {size['drift']:,} posts per network streamed through the sandbox "
            f"(taken live: {public:,} + {friends:,}; rows kept: "
            f"{result['rows'][0]:,} + {result['rows'][1]:,})",
            f"{end:.0f} MiB at the end",
            f"{warm:.0f} MiB after warm-up",
            f"{(end - warm) / warm * 100:+.1f} %",
            "≤ +10 %",
        )
    ]


def bench_burst(size: Size) -> list[Row]:
    rate, seconds = size["rate"], size["seconds"]
    bare = run_measured([PY, str(HERE / "bare_window.py"), "--burst", str(rate), str(seconds)])
    floor = json.loads(bare.stdout.strip().splitlines()[-1])
    rows = []
    for place, flags in (("scrolled down", ()), ("at the top", ("--top",))):
        ours, _ = _load("burst", rate, seconds, *flags)
        rows.append(
            Row(
                f"longest GUI stall, {rate:,} posts/s into each column for {seconds:g} s, "
                f"reader {place} (1 ms lag probe)",
                f"{ours['max_stall_ms']:.0f} ms",
                f"{floor['max_stall_ms']:.0f} ms",
                ratio(ours["max_stall_ms"], floor["max_stall_ms"]),
                "≤ 16 ms",
            )
        )
    return rows


def bench_paint(size: Size) -> list[Row]:
    r, _ = _load("paint", size["rows"])
    return [
        Row(
            "delegate paint per visible row",
            f"{r['paint_ms']:.3f} ms",
            f"{r['floor_paint_ms']:.3f} ms",
            ratio(r["paint_ms"], r["floor_paint_ms"]),
            "≤ 0.5 ms",
        ),
        Row(
            "sizeHint per row, cold",
            f"{r['size_cold_ms']:.3f} ms",
            f"{r['floor_size_ms']:.3f} ms",
            ratio(r["size_cold_ms"], r["floor_size_ms"]),
            "—",
        ),
        Row(
            "sizeHint per row, warm",
            f"{r['size_warm_ms']:.3f} ms",
            f"{r['floor_size_ms']:.3f} ms",
            ratio(r["size_warm_ms"], r["floor_size_ms"]),
            "—",
        ),
    ]


def bench_fanout(size: Size) -> list[Row]:
    t = fanout.measure(size["latency"], size["sends"])
    slower = max(t["public"], t["friends"])
    return [
        Row(
            f"fan-out: one send to both circles, every reply {size['latency']} ms late "
            f"(median of {size['sends']})",
            f"{t['both'] * 1000:.0f} ms",
            f"{slower * 1000:.0f} ms (slower single circle)",
            ratio(t["both"], slower),
            "≤ 1.1×",
        )
    ]


BENCHES = ("start", "paint", "burst", "drift", "fanout")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Kizuna's benchmarks (see the docstring)")
    parser.add_argument("--tiny", action="store_true", help="tiny sizes: checks they run")
    parser.add_argument(
        "--only",
        action="append",
        choices=BENCHES,
        help="run only this benchmark (repeatable; start includes both peak RSS rows)",
    )
    args = parser.parse_args(argv)
    size = TINY if args.tiny else FULL
    began = time.perf_counter()
    rows: list[Row] = []
    benches: dict[str, Callable[[], list[Row]]] = {
        "start": lambda: bench_start(size, tmp),
        "paint": lambda: bench_paint(size),
        "burst": lambda: bench_burst(size),
        "drift": lambda: bench_drift(size),
        "fanout": lambda: bench_fanout(size),
    }
    with tempfile.TemporaryDirectory() as name:
        tmp = Path(name)
        for key, bench in benches.items():
            if not args.only or key in args.only:
                rows += bench()
    print(table(rows))
    print()
    print(
        f"{platform.system()} {platform.machine()}, Python {platform.python_version()}, "
        f"{_cores()} cores; {time.perf_counter() - began:.0f} s"
        + (" (--tiny: sizes too small to mean anything)" if args.tiny else "")
    )
    return 0


def _cores() -> int:
    import os

    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 0


if __name__ == "__main__":
    sys.exit(main())
