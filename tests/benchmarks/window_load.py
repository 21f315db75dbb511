"""Kizuna's main window under load, one figure per process (run by run.py).

``python tests/benchmarks/window_load.py MODE [options]``; prints one JSON line.

- ``hold N``: N posts in each column, shown and painted (the caller reads the peak RSS);
- ``drift N``: N posts per column streamed through the columns' live path (batched per
  frame, trimmed past the cap while the reader is at the top), as fast as they are taken;
  RSS after the warm-up (the columns full to their cap, and a fifth more) and at the end;
- ``stream N RATE``: the same day THROUGH THE SANDBOX: the window opens its real session
  on the app's sandbox (another process, ``stream_sandbox.py``), whose members post N
  posts per network at RATE per second each; they reach the columns over the networks'
  streaming APIs, the adapters and the feeds. RSS after the same warm-up and at the end;
- ``burst RATE SECONDS [--top]``: 1,000 posts per column, the reader scrolled down in
  both (``--top``: at the top of both, where the new posts show as they come), then RATE
  live posts per second into each column for SECONDS while a 1 ms lag probe runs; the
  longest GUI-thread stall;
- ``paint ROWS``: per visible row, the post delegate's paint, and its sizeHint cold (a
  row never measured) and warm; the same for Qt's own delegate over plain strings (the
  floor).

The window is the app's own (:class:`app.ui.main_window.MainWindow`) on a throwaway
profile, without a session: the posts are generated, so every run feeds the same ones.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from PySide6.QtCore import QStringListModel, QTimer
from PySide6.QtGui import QImage, QPainter
from PySide6.QtWidgets import (
    QApplication,
    QListView,
    QStyledItemDelegate,
    QStyleOptionViewItem,
)

from app.core.models import Audience
from tests.benchmarks.common import current_rss_mib, make_posts
from tests.benchmarks.probe import LagProbe


def build(profile: Path) -> Any:
    from app.bootstrap import forget_sources
    from app.store.db import Store
    from app.ui.gc_pacing import GcPacer, settle
    from app.ui.main_window import MainWindow

    forget_sources()  # as the app's start does once the window's modules are loaded
    window = MainWindow(store=Store(profile / "kizuna.db"), lang="ja", force_sandbox=True)
    window.resize(1280, 800)
    window.show()
    QApplication.processEvents()
    # As the app's start does once the window is shown (app.bootstrap._first_paint):
    # start-up's objects out of the collector's sight, full collections at quiet moments.
    settle()
    GcPacer(window).start()
    return window


def columns(window: Any) -> list[Any]:
    return [window.public_column, window.friends_column]


def hold(window: Any, count: int) -> dict[str, Any]:
    for column in columns(window):
        column.model.add_posts(make_posts(column.audience, count))
    QApplication.processEvents()
    window.grab()
    return {"rows": [c.model.rowCount() for c in columns(window)]}


def drift(app: QApplication, window: Any, count: int) -> dict[str, Any]:
    batch = 50
    # Warmed up once the columns hold their cap (and a fifth more has gone through):
    # from then on every post in is one trimmed out. Half the run at most (tiny runs).
    cap = max(c.model.max_rows for c in columns(window))
    warm_up = min(count // 2, max(count // 10, cap + cap // 5))
    warm: list[float] = []
    fed = [0]

    def feed() -> None:
        if fed[0] >= count:
            timer.stop()
            app.quit()
            return
        for column in columns(window):
            column.model.queue_live(make_posts(column.audience, batch, start=fed[0]))
        fed[0] += batch
        if not warm and fed[0] >= warm_up:
            gc.collect()
            warm.append(current_rss_mib())

    timer = QTimer(interval=0)
    timer.timeout.connect(feed)
    timer.start()
    app.exec()
    for column in columns(window):
        column.model.flush_live()
    QApplication.processEvents()
    gc.collect()
    return {
        "warm_mib": warm[0],
        "end_mib": current_rss_mib(),
        "rows": [c.model.rowCount() for c in columns(window)],
    }


def stream(app: QApplication, window: Any, count: int, rate: float) -> dict[str, Any]:
    import qasync

    data = window.store.path.parent / "sandbox"  # where the window's opener joins it
    script = Path(__file__).with_name("stream_sandbox.py")
    driver = subprocess.Popen(
        [sys.executable, str(script), str(data), str(count), str(rate)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert driver.stdin is not None and driver.stdout is not None
        if driver.stdout.readline().strip() != "ready":
            raise RuntimeError("the sandbox did not start")
        loop = qasync.QEventLoop(app)
        asyncio.set_event_loop(loop)
        with loop:
            result: dict[str, Any] = loop.run_until_complete(_streamed(window, driver, count))
        return result
    finally:
        if driver.poll() is None:
            driver.kill()
        driver.wait(timeout=30)
        for pipe in (driver.stdin, driver.stdout):
            if pipe is not None:
                pipe.close()


def _count_live(window: Any) -> list[int]:
    """How many posts each column has taken from its live stream (counted as they come)."""
    seen = [0, 0]
    for i, column in enumerate(columns(window)):
        model, queue = column.model, column.model.queue_live

        def counted(posts: Any, i: int = i, queue: Any = queue) -> None:
            posts = list(posts)
            seen[i] += len(posts)
            queue(posts)

        model.queue_live = counted
    return seen


async def _streamed(window: Any, driver: subprocess.Popen[str], count: int) -> dict[str, Any]:
    assert driver.stdin is not None and driver.stdout is not None
    await window.open_session()
    try:
        await window.sessions.wait_loaded()
        seen = _count_live(window)
        cap = max(c.model.max_rows for c in columns(window))
        warm_up = min(count // 2, max(count // 10, cap + cap // 5))
        driver.stdin.write("go\n")
        driver.stdin.flush()
        done = asyncio.ensure_future(asyncio.to_thread(driver.stdout.readline))
        warm: list[float] = []
        last, still = list(seen), 0.0
        while still < 2.0:  # until the sandbox is done and nothing more arrives for 2 s
            await asyncio.sleep(0.1)
            if not warm and min(seen) >= warm_up:
                gc.collect()
                warm.append(current_rss_mib())
            still = still + 0.1 if done.done() and seen == last else 0.0
            last = list(seen)
        for column in columns(window):
            column.model.flush_live()
        await asyncio.sleep(
            0.05
        )  # never processEvents() inside a task (tests.helpers.outside_task)
        gc.collect()
        end = current_rss_mib()
        driver.stdin.write("stop\n")
        driver.stdin.flush()
        return {
            "warm_mib": warm[0] if warm else end,
            "end_mib": end,
            "streamed": seen,
            "rows": [c.model.rowCount() for c in columns(window)],
        }
    finally:
        await window.close_session()


def burst(
    app: QApplication, window: Any, rate: int, seconds: float, top: bool = False
) -> dict[str, Any]:
    for column in columns(window):
        column.model.add_posts(make_posts(column.audience, 1000))
    QApplication.processEvents()
    for column in columns(window):  # a reader in the middle of each column, or at the top
        bar = column.view.verticalScrollBar()
        bar.setValue(0 if top else bar.maximum() // 2)
    # Settled, as a window is before the burst: every row measured at its final width.
    settled = time.perf_counter() + 30
    while any(c.view.unmeasured for c in columns(window)) and time.perf_counter() < settled:
        QApplication.processEvents()
    # Made beforehand (a fifth more than due, if the feed falls behind): what is measured
    # is the window taking them, not this script writing them.
    total = int(rate * seconds * 1.2) + 1
    ready = [make_posts(c.audience, total, start=1000) for c in columns(window)]
    fed = [0]
    began = time.perf_counter()

    def feed() -> None:
        due = min(int(rate * (time.perf_counter() - began)), total) - fed[0]
        if due <= 0:
            return
        for column, made in zip(columns(window), ready, strict=True):
            column.model.queue_live(made[fed[0] : fed[0] + due])
        fed[0] += due

    timer = QTimer(interval=10)
    timer.timeout.connect(feed)
    probe = LagProbe()
    probe.start()
    timer.start()
    QTimer.singleShot(int(seconds * 1000), app.quit)
    app.exec()
    probe.stop()
    for column in columns(window):
        column.model.flush_live()
    return {
        "max_stall_ms": probe.max_stall_ms,
        "inserted": fed[0],
        "ticks": probe.ticks,
        "rows": [c.model.rowCount() for c in columns(window)],
    }


def _paint_rows(view: QListView, rows: int) -> float:
    """Seconds to paint each of the first ``rows`` rows with the view's delegate."""
    delegate = view.itemDelegate()
    image = QImage(view.viewport().width(), 400, QImage.Format.Format_ARGB32_Premultiplied)
    painter = QPainter(image)
    start = time.perf_counter()
    for row in range(rows):
        option = QStyleOptionViewItem()
        option.initFrom(view.viewport())
        index = view.model().index(row, 0)
        option.rect = view.visualRect(index).translated(0, -view.visualRect(index).top())
        delegate.paint(painter, option, index)
    seconds = time.perf_counter() - start
    painter.end()
    return seconds


def _size_hints(view: QListView, rows: int) -> float:
    delegate = view.itemDelegate()
    option = QStyleOptionViewItem()
    option.initFrom(view.viewport())
    start = time.perf_counter()
    for row in range(rows):
        delegate.sizeHint(option, view.model().index(row, 0))
    return time.perf_counter() - start


def paint(window: Any, rows: int) -> dict[str, Any]:
    column = window.public_column
    column.model.add_posts(make_posts(Audience.PUBLIC, rows))
    QApplication.processEvents()
    view = column.view
    cold_start = time.perf_counter()
    fresh = make_posts(Audience.PUBLIC, rows, start=10 * rows)
    column.model.add_posts(fresh)  # rows never measured (the view measures lazily)
    del cold_start
    cold = _size_hints(view, rows)
    warm = _size_hints(view, rows)
    painted = _paint_rows(view, rows)
    floor_view = QListView()
    floor_view.setItemDelegate(QStyledItemDelegate(floor_view))
    floor_view.setModel(QStringListModel([p.text for p in fresh], floor_view))
    floor_view.resize(view.size())
    floor_view.show()
    QApplication.processEvents()
    return {
        "paint_ms": painted / rows * 1000,
        "size_cold_ms": cold / rows * 1000,
        "size_warm_ms": warm / rows * 1000,
        "floor_paint_ms": _paint_rows(floor_view, rows) / rows * 1000,
        "floor_size_ms": _size_hints(floor_view, rows) / rows * 1000,
    }


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("mode", choices=("hold", "drift", "stream", "burst", "paint"))
    parser.add_argument("numbers", nargs="*", type=float)
    parser.add_argument("--top", action="store_true", help="burst: the reader at the top")
    args = parser.parse_args()
    app = QApplication(sys.argv[:1])
    with tempfile.TemporaryDirectory() as tmp:
        window = build(Path(tmp))
        n = [int(x) if x == int(x) else x for x in args.numbers]
        if args.mode == "hold":
            result = hold(window, int(n[0]))
        elif args.mode == "drift":
            result = drift(app, window, int(n[0]))
        elif args.mode == "stream":
            result = stream(app, window, int(n[0]), float(n[1]))
        elif args.mode == "burst":
            result = burst(app, window, int(n[0]), float(n[1]), args.top)
        else:
            result = paint(window, int(n[0]))
        window.drafts.close()
        window.store.close()
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
