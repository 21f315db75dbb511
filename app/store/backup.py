"""A small rotating backup of what cannot be lost: the outbox, drafts, accounts and
settings (never the timeline cache: servers have it).

:func:`write_backup` copies those tables, in one read transaction of a connection of its
own (so it may run on a worker thread while the app writes), into a new file in
``PROFILE/backups/`` and keeps the newest :data:`KEEP`. The copy is written to a temporary
name and renamed, so a backup is whole or absent. :func:`newest` is the one
:mod:`app.store.recovery` reads when the database is damaged or gone.

:class:`app.store.db.Store` backs up after a clean integrity check at open and at close
when something changed, and whoever runs long (the window) calls
:meth:`~app.store.db.Store.backup_if_changed` after a batch of changes.
"""

from __future__ import annotations

import logging
import os
import sqlite3
import time
from pathlib import Path

log = logging.getLogger(__name__)

KEEP = 3
PREFIX = "kizuna-backup-"
TABLES = (
    "outbox_messages",
    "outbox_targets",
    "outbox_media",
    "outbox_server_scheduled",
    "drafts",
    "accounts",
    "settings",
)


def backups(folder: Path) -> list[Path]:
    """The backups in ``folder``, newest first."""
    try:
        found = [p for p in folder.glob(f"{PREFIX}*.db") if p.is_file()]
    except OSError:
        return []
    return sorted(found, key=lambda p: p.name, reverse=True)


def newest(folder: Path | None) -> Path | None:
    """The newest backup that opens and passes a quick check, or None."""
    if folder is None:
        return None
    for path in backups(folder):
        try:
            db = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
            try:
                ok = db.execute("PRAGMA quick_check").fetchone()[0] == "ok"
            finally:
                db.close()
        except (sqlite3.Error, ValueError):
            ok = False
        if ok:
            return path
        log.warning("backup %s is damaged; trying an older one", path.name)
    return None


def _copy(source: Path, target: Path) -> None:
    db = sqlite3.connect(source, isolation_level=None)
    try:
        db.execute("PRAGMA busy_timeout=2000")
        db.execute("ATTACH DATABASE ? AS b", (str(target),))
        db.execute("BEGIN")  # one snapshot of every table
        names = {r[0] for r in db.execute("SELECT name FROM main.sqlite_master")}
        for table in TABLES:
            if table in names:
                db.execute(f'CREATE TABLE b."{table}" AS SELECT * FROM main."{table}"')
        version = int(db.execute("PRAGMA main.user_version").fetchone()[0])
        db.execute("COMMIT")
        db.execute(f"PRAGMA b.user_version={version}")
        db.execute("DETACH DATABASE b")
    finally:
        db.close()


def write_backup(database: Path, folder: Path, *, keep: int = KEEP) -> Path | None:
    """Back up ``database`` into ``folder``; the new backup, or None when it could not be
    written (logged: a backup never stops the app)."""
    stamp = time.strftime("%Y%m%dT%H%M%S", time.gmtime()) + f"-{time.time_ns() % 10**9:09d}"
    target = folder / f"{PREFIX}{stamp}.db"
    partial = folder / f".{target.name}.partial"
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        partial.unlink(missing_ok=True)
        _copy(database, partial)
        os.replace(partial, target)
    except (OSError, sqlite3.Error) as exc:
        log.warning("could not write a backup of %s: %s", database.name, exc)
        try:
            partial.unlink(missing_ok=True)
        except OSError:
            pass
        return None
    for old in backups(folder)[keep:]:
        try:
            old.unlink()
        except OSError as exc:
            log.info("could not remove the old backup %s: %s", old.name, exc)
    return target
