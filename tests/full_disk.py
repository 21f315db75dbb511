"""A real full disk for tests: a small tmpfs of the test's own (root only; the test is
skipped elsewhere, with the reason), filled to the last byte and freed again.

SQLite in WAL mode appends each commit to ``kizuna.db-wal``; :meth:`FullDisk.fill` first
empties that journal (``wal_checkpoint(TRUNCATE)``), so the next write must grow a file
and the disk says no (SQLite's "database or disk is full"), as on a disk that filled up
for real."""

from __future__ import annotations

import contextlib
import os
import sqlite3
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest


class FullDisk:
    """The mounted tmpfs at :attr:`mount`; :meth:`fill` and :meth:`free` it."""

    def __init__(self, mount: Path) -> None:
        self.mount = mount
        self._filler = mount / "filler"

    def fill(self, database: Path | None = None) -> None:
        """Empty ``database``'s WAL journal, then take every byte left."""
        if database is not None:
            db = sqlite3.connect(database, timeout=30)
            try:
                (busy, _, _) = db.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
                assert busy == 0, "the WAL journal could not be emptied"
            finally:
                db.close()
        for size, name in ((1 << 16, "filler"), (4096, "filler.2"), (1, "filler.3")):
            with contextlib.suppress(OSError), open(self.mount / name, "ab") as f:
                while True:
                    f.write(b"\0" * size)
                    f.flush()

    def free(self) -> None:
        for name in ("filler", "filler.2", "filler.3"):
            (self.mount / name).unlink(missing_ok=True)


@contextlib.contextmanager
def full_disk(where: Path, size: str = "4m") -> Iterator[FullDisk]:
    """A tmpfs of ``size`` mounted at ``where`` (made here) for the ``with`` block."""
    where.mkdir(parents=True, exist_ok=True)
    if os.geteuid() != 0:
        pytest.skip("mounting a tmpfs (a real disk to fill) needs root")
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(where)])
    if done.returncode != 0:
        pytest.skip("cannot mount a tmpfs here (a real disk to fill)")
    try:
        yield FullDisk(where)
    finally:
        subprocess.run(["umount", "-l", str(where)], check=False)
