"""What the benchmarks share: whole-process runs with their peak RSS, medians, generated
posts, a lag probe, and the markdown table.

Every figure is printed beside a floor measured in the same run on the same machine, so
the ratio — not the absolute time — is what a reader compares across machines.
"""

from __future__ import annotations

import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from app.core.models import Audience, Post

ROOT = Path(__file__).resolve().parents[2]
MIB = 1024 * 1024


@dataclass(frozen=True)
class Row:
    """One line of the table: Kizuna's figure, the floor's, how they compare."""

    figure: str
    kizuna: str
    floor: str
    ratio: str
    target: str


@dataclass(frozen=True)
class Run:
    seconds: float
    peak_rss_mib: float
    stdout: str


def run_measured(cmd: Sequence[str], env: dict[str, str] | None = None) -> Run:
    """Run a whole process (offscreen Qt); its wall time and its own peak RSS (``wait4``)."""
    full_env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(ROOT))
    full_env.update(env or {})
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(list(cmd), cwd=ROOT, env=full_env, stdout=out, stderr=err)
        _pid, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        text = out.read().decode("utf-8", errors="replace")
        if proc.returncode != 0:
            err.seek(0)
            said = err.read().decode("utf-8", errors="replace")[-3000:]
            raise RuntimeError(f"{' '.join(cmd[:5])} … exited {proc.returncode}:\n{said}")
    # ru_maxrss: KiB on Linux, bytes on macOS.
    peak = usage.ru_maxrss / (MIB if sys.platform == "darwin" else 1024)
    return Run(seconds, peak, text)


def median(values: Sequence[float]) -> float:
    return statistics.median(values)


def own_peak_rss_mib() -> float:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (MIB if sys.platform == "darwin" else 1024)


def current_rss_mib() -> float:
    """The resident set now (Linux: /proc; elsewhere the peak, which only grows)."""
    try:
        with open("/proc/self/statm", encoding="ascii") as f:
            pages = int(f.read().split()[1])
        return pages * os.sysconf("SC_PAGE_SIZE") / MIB
    except OSError:
        return own_peak_rss_mib()


def make_posts(audience: Audience, count: int, start: int = 0) -> list[Post]:
    """``count`` distinct posts of plausible length (Japanese, a link, a tag), newest last."""
    from app.core.models import Audience, Author, Post

    friends = audience is Audience.FRIENDS
    base = datetime(2026, 12, 1, tzinfo=UTC)
    out = []
    for n in range(start, start + count):
        who = f"member{n % 37}"
        text = (
            f"今日は{n}件目の投稿です。駅前の喫茶店でケーキを食べました 🍰 "
            f"https://example.com/p/{n} #カフェ巡り"
        )
        out.append(
            Post(
                id=f"{n:09d}",
                network="misskey" if friends else "mastodon",
                account_key=f"{'misskey' if friends else 'mastodon'}:bench:me",
                author=Author(f"u{n % 37}", who, f"@{who}@bench", f"メンバー{n % 37}"),
                created_at=base + timedelta(seconds=n),
                text=text,
                html=text.replace("#カフェ巡り", '<a href="https://example.com/t">#カフェ巡り</a>'),
                audience=audience,
                visibility="followers" if friends else "public",
                tags=("カフェ巡り",),
            )
        )
    return out


def ratio(value: float, floor: float) -> str:
    return f"{value / floor:.2f}×" if floor > 0 else "—"


def table(rows: Sequence[Row]) -> str:
    lines = [
        "| figure | Kizuna | floor | ratio | target |",
        "|---|---|---|---|---|",
    ]
    lines += [f"| {r.figure} | {r.kizuna} | {r.floor} | **{r.ratio}** | {r.target} |" for r in rows]
    return "\n".join(lines)
