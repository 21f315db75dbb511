"""WriteBehind on a real full disk (a tmpfs; root only): a refused setting keeps its new
value for the run, is reported once per problem, written again by ``retry`` (the latest
value of its key, never an older one) and forgotten once SQLite has it; closing the worker
tries it once more."""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from app.services.profile_problems import WriteProblem
from app.services.store_worker import RETRY_BASE, StoreWorker, WriteBehind
from app.store.db import Store
from app.store.settings import COLOR_SCHEME, MOURNING
from tests.full_disk import FullDisk, full_disk

FULL = WriteProblem("disk_full")


def on_disk(path: Path, key: str) -> str | None:
    db = sqlite3.connect(path, timeout=30)
    try:
        row = db.execute("SELECT value FROM settings WHERE key=?", (key,)).fetchone()
    finally:
        db.close()
    return None if row is None else str(row[0])


def settled(behind: WriteBehind) -> None:
    """Until no write is on its way (a hung worker fails the test, not the suite)."""
    deadline = time.monotonic() + 60
    while behind.in_flight():
        assert time.monotonic() < deadline, "a settings write never ended"
        time.sleep(0.01)


@contextmanager
def behind_on_full_disk(tmp_path: Path) -> Iterator[tuple[WriteBehind, FullDisk, Path]]:
    with full_disk(tmp_path / "disk") as disk:
        database = disk.mount / "profile" / "kizuna.db"
        store = Store(database)
        worker = StoreWorker(store)
        try:
            yield WriteBehind(store, worker), disk, database
        finally:
            disk.free()
            worker.close()
            store.close()


def test_a_refused_setting_is_kept_reported_once_and_written_on_retry(tmp_path: Path) -> None:
    with behind_on_full_disk(tmp_path) as (behind, disk, database):
        heard: list[WriteProblem | None] = []
        behind.writes.listen(heard.append)
        disk.fill(database)
        behind.set(MOURNING.key, True)
        assert behind.get(MOURNING.key) is True  # at once, before any outcome
        settled(behind)
        first = behind.collect()
        assert heard == [FULL] and behind.refused() == {MOURNING.key}
        assert first is not None and RETRY_BASE / 2 <= first <= RETRY_BASE
        behind.retry()  # still full: refused again, not said again, waiting longer
        settled(behind)
        second = behind.collect()
        assert heard == [FULL]
        assert second is not None and RETRY_BASE <= second <= 2 * RETRY_BASE
        assert behind.get(MOURNING.key) is True and on_disk(database, MOURNING.key) is None

        disk.free()
        behind.retry()
        settled(behind)
        assert behind.collect() is None  # nothing left to retry
        assert heard == [FULL, None]
        assert behind.refused() == frozenset()
        assert on_disk(database, MOURNING.key) == "true"


def test_the_latest_value_of_a_refused_key_is_the_one_written(tmp_path: Path) -> None:
    with behind_on_full_disk(tmp_path) as (behind, disk, database):
        disk.fill(database)
        behind.set(COLOR_SCHEME.key, "dark")
        behind.set(COLOR_SCHEME.key, "light")  # changed again before the disk has room
        settled(behind)
        behind.collect()
        assert behind.get(COLOR_SCHEME.key) == "light"
        disk.free()
        behind.retry()
        settled(behind)
        behind.collect()
        assert on_disk(database, COLOR_SCHEME.key) == '"light"'
        # Forgotten once written: reads go to the store again.
        assert behind.get(COLOR_SCHEME.key) == "light" and behind.refused() == frozenset()


def test_closing_the_worker_tries_a_refused_setting_once_more(tmp_path: Path) -> None:
    with full_disk(tmp_path / "disk") as disk:
        database = disk.mount / "profile" / "kizuna.db"
        store = Store(database)
        worker = StoreWorker(store)
        behind = WriteBehind(store, worker)
        disk.fill(database)
        behind.set(MOURNING.key, True)
        settled(behind)
        assert behind.refused() == {MOURNING.key}
        disk.free()
        worker.close()  # the app quits before the backoff's next try
        store.close()
        assert on_disk(database, MOURNING.key) == "true"
