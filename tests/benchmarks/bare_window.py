"""The floor window: bare PySide6, two ``QListView``s side by side (40 short rows each),
shown, painted once into a PNG, exit. ``python tests/benchmarks/bare_window.py FILE``.

``--burst RATE SECONDS``: instead of exiting, insert RATE rows per second into each list
(in 10 ms batches, one ``insertRows`` each) for SECONDS while a 1 ms lag probe runs, and
print the longest stall as JSON — the floor of Kizuna's burst figure.
"""

from __future__ import annotations

import argparse
import json
import sys
import time

from PySide6.QtCore import QStringListModel, QTimer
from PySide6.QtWidgets import QApplication, QListView, QMainWindow, QSplitter

sys.path.insert(0, str(__import__("pathlib").Path(__file__).resolve().parents[2]))

from tests.benchmarks.probe import LagProbe


def build() -> tuple[QMainWindow, list[QStringListModel]]:
    window = QMainWindow()
    split = QSplitter(window)
    models = []
    for side in ("public", "friends"):
        model = QStringListModel([f"{side} post {n}" for n in range(40)], split)
        view = QListView(split)
        view.setModel(model)
        split.addWidget(view)
        models.append(model)
    window.setCentralWidget(split)
    window.resize(1280, 800)
    return window, models


def burst(
    app: QApplication, models: list[QStringListModel], rate: int, seconds: float
) -> dict[str, float]:
    feed = QTimer(interval=10)
    count = [0]
    began = time.perf_counter()

    def tick() -> None:
        due = int(rate * (time.perf_counter() - began)) - count[0]  # keep up with RATE
        for model in models:
            model.insertRows(0, due)
            for row in range(due):
                model.setData(model.index(row), f"new post {count[0] + row}")
        count[0] += due

    feed.timeout.connect(tick)
    probe = LagProbe()
    probe.start()
    feed.start()
    QTimer.singleShot(int(seconds * 1000), app.quit)
    app.exec()
    probe.stop()
    return {"max_stall_ms": probe.max_stall_ms, "inserted": count[0]}


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("png", nargs="?")
    parser.add_argument("--burst", nargs=2, type=float, metavar=("RATE", "SECONDS"))
    args = parser.parse_args()
    app = QApplication(sys.argv[:1])
    window, models = build()
    window.show()
    app.processEvents()
    if args.burst:
        print(json.dumps(burst(app, models, int(args.burst[0]), args.burst[1])))
        return 0
    return 0 if window.grab().save(args.png, "PNG") else 1


if __name__ == "__main__":
    sys.exit(main())
