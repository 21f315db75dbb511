"""Timeline benchmarks: ratios against baselines measured in the same run.

    .venv/bin/python tests/benchmarks/bench_timeline.py

Not part of the test suite (no wall-clock thresholds anywhere); run it before and after a
change to the model or the delegate and compare the printed ratios.

- live inserts: 10,000 posts arriving 20 at a time into TimelineModel, against the
  baseline of keeping a plain Python list sorted (bisect.insort) — the least work any
  newest-first list must do.
- layout: sizeHint for 2,000 rows through PostDelegate (cached text layouts) the first
  time and again (cache warm), against laying out the same HTML in fresh QTextDocuments.
- paint: painting a full viewport of the column 200 times while scrolling, against
  painting the same rows' plain text with QPainter.drawText.
"""

from __future__ import annotations

import bisect
import os
import random
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from PySide6.QtCore import QSize
from PySide6.QtGui import QImage, QPainter, QTextDocument
from PySide6.QtWidgets import QApplication, QStyleOptionViewItem

from app.core.models import Audience, Author, Post
from app.ui.post_delegate import PostDelegate
from app.ui.timeline_column import TimelineColumn
from app.ui.timeline_model import TimelineModel

T0 = datetime(2026, 12, 24, tzinfo=UTC)
SAMPLE = "今日はとても寒いですね。駅前のイルミネーションがきれいでした。 #クリスマス"


def posts(n: int) -> list[Post]:
    rng = random.Random(7)
    author = Author(id="1", username="haruka", handle="@haruka@sora", display_name="春香")
    out = []
    for i in range(n):
        text = f"{SAMPLE} {i}" + ("\n二行目もあります。" if i % 3 == 0 else "")
        out.append(
            Post(
                id=f"{i:08d}",
                network="mastodon",
                account_key="a",
                author=author,
                created_at=T0 + timedelta(seconds=rng.randrange(10**6)),
                text=text,
                html=text.replace("\n", "<br>"),
                audience=Audience.PUBLIC,
                visibility="public",
            )
        )
    return out


def clock(fn) -> float:  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def report(name: str, measured: float, baseline: float) -> None:
    print(
        f"{name:<34} {measured * 1000:9.1f} ms   baseline {baseline * 1000:8.1f} ms   "
        f"ratio {measured / baseline:6.2f}"
    )


def main() -> None:
    app = QApplication.instance() or QApplication([])
    data = posts(10_000)
    batches = [data[i : i + 20] for i in range(0, len(data), 20)]

    def baseline_insert() -> None:
        keys: list[tuple[datetime, str]] = []
        for batch in batches:
            for p in batch:
                bisect.insort(keys, (p.created_at, p.id))

    def model_insert() -> None:
        model = TimelineModel(max_rows=20_000)
        for batch in batches:
            model.add_posts(batch)

    report("live inserts (10k, 20 per batch)", clock(model_insert), clock(baseline_insert))

    few = data[:2000]
    delegate = PostDelegate(lang="ja")
    model = TimelineModel(max_rows=20_000)
    model.add_posts(few)
    option = QStyleOptionViewItem()
    option.rect.setWidth(560)

    def size_hints() -> None:
        for row in range(model.rowCount()):
            delegate.sizeHint(option, model.index(row))

    def baseline_layout() -> None:
        for p in few:
            doc = QTextDocument()
            doc.setHtml(p.html)
            doc.setTextWidth(480)
            doc.size()

    base = clock(baseline_layout)
    report("layout 2k rows, cold cache", clock(size_hints), base)
    report("layout 2k rows, warm cache", clock(size_hints), base)

    column = TimelineColumn("bench", audience=Audience.PUBLIC, lang="ja")
    column.resize(QSize(600, 900))
    column.model.add_posts(few)
    column.show()
    app.processEvents()
    view = column.view
    image = QImage(600, 900, QImage.Format.Format_ARGB32_Premultiplied)

    def paint_column() -> None:
        bar = view.verticalScrollBar()
        for step in range(200):
            bar.setValue(step * bar.maximum() // 200)
            view.viewport().render(image)

    def baseline_paint() -> None:
        for step in range(200):
            image.fill(0)
            painter = QPainter(image)
            for k in range(10):
                painter.drawText(10, 20 + k * 80, few[(step * 10 + k) % len(few)].text)
            painter.end()

    report("paint 200 scrolled viewports", clock(paint_column), clock(baseline_paint))


if __name__ == "__main__":
    main()
