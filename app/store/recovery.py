"""Recovering a damaged profile database: what SQLite can still read is kept.

:func:`recover` is called by :class:`app.store.db.Store` when ``PRAGMA quick_check``
fails or SQLite says the file is not a database (or when the file is gone and a backup
exists). It

1. moves the damaged file and its ``-wal``/``-shm`` aside as
   ``kizuna.db.damaged-<UTC time>`` (never deleted: the user, or a better tool, may want
   it later);
2. lets the caller create a fresh database with the current schema;
3. copies into it, row by row, what the damaged file still gives — unsent posts first
   (the outbox tables), then drafts, accounts, settings and the rest; the timeline cache
   is left out (it only holds copies of what servers have). A row SQLite cannot read is
   skipped after trying every row id around it, so one bad page loses only its own rows;
4. adds, from the newest backup (:mod:`app.store.backup`), the outbox rows and drafts
   the damaged file could not give;
5. gives a target whose message row was lost a message rebuilt from the target's own
   text, so an unsent post is never orphaned.

The result is a :class:`RecoveryReport`: counts per table of rows recovered, restored
from the backup, and places that could not be read. Words are the caller's (window, CLI).
"""

from __future__ import annotations

import json
import logging
import os
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

log = logging.getLogger(__name__)

Row = tuple[object, ...]  # a row as read, its rowid first
# What reading a damaged file may raise: SQLite's errors, and a name in its schema that
# is not UTF-8 (Python decodes column names strictly).
UNREADABLE = (sqlite3.Error, ValueError)

# Salvage order: what cannot be lost first. Tables not named here follow, except these.
FIRST = (
    "outbox_messages",
    "outbox_targets",
    "outbox_media",
    "outbox_server_scheduled",
    "drafts",
    "accounts",
    "settings",
)
SKIPPED = frozenset({"timeline_cache", "timeline_columns", "sqlite_sequence"})
FROM_BACKUP = ("outbox_messages", "outbox_targets", "outbox_media", "drafts", "accounts")
COMPANIONS = ("-wal", "-shm", "-journal")
MAYBE_SENT = "maybe_sent"  # app.services.outbox.MAYBE_SENT (store cannot import services)
PROBE_PAST_END = 64  # row ids tried past the last one found when the end is unknown
MAX_PROBES = 50_000  # a bound on single-row probes per table


@dataclass
class RecoveryReport:
    """What a recovery kept. ``moved_to``: the damaged file, set aside."""

    moved_to: Path | None
    recovered: dict[str, int] = field(default_factory=dict)
    from_backup: dict[str, int] = field(default_factory=dict)
    unreadable: dict[str, int] = field(default_factory=dict)
    schema_lost: bool = False  # nothing at all could be read from the damaged file
    unsent: int = 0  # posts kept that still have a target to send
    drafts: int = 0  # drafts kept

    def count(self, table: str) -> int:
        """Rows of ``table`` in the new database, from either source."""
        return self.recovered.get(table, 0) + self.from_backup.get(table, 0)

    @property
    def lost_something(self) -> bool:
        return self.schema_lost or any(self.unreadable.values())


def lenient_text(data: bytes) -> str:
    """Text as SQLite holds it; bytes that are not UTF-8 (damage, never ours) become U+FFFD
    instead of an error that would make the whole row unreadable."""
    return data.decode("utf-8", "replace")


def check(db: sqlite3.Connection) -> bool:
    """True when ``PRAGMA quick_check`` finds nothing wrong."""
    rows = db.execute("PRAGMA quick_check").fetchall()
    return len(rows) == 1 and rows[0][0] == "ok"


def move_aside(path: Path, now: datetime | None = None) -> Path | None:
    """Rename ``path`` and its companions to ``<name>.damaged-<time>``; the new path of
    the database (None when there was no file)."""
    if not path.exists():
        return None
    stamp = (now or datetime.now(UTC)).strftime("%Y%m%dT%H%M%SZ")
    target = path.with_name(f"{path.name}.damaged-{stamp}")
    n = 1
    while target.exists():
        n += 1
        target = path.with_name(f"{path.name}.damaged-{stamp}-{n}")
    os.replace(path, target)
    for suffix in COMPANIONS:
        companion = path.with_name(path.name + suffix)
        if companion.exists():
            os.replace(companion, target.with_name(target.name + suffix))
    log.warning("moved the damaged database aside to %s", target.name)
    return target


def _tables(db: sqlite3.Connection) -> list[str]:
    try:
        names = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='table'")]
    except UNREADABLE:
        return []
    rest = sorted(n for n in names if n not in FIRST and n not in SKIPPED)
    return [n for n in FIRST if n in names] + rest


def _columns(db: sqlite3.Connection, table: str) -> list[str]:
    try:
        return [r[1] for r in db.execute(f'PRAGMA table_info("{table}")')]
    except UNREADABLE:
        return []


def _max_rowid(db: sqlite3.Connection, table: str) -> int | None:
    try:
        row = db.execute(f'SELECT max(rowid) FROM "{table}"').fetchone()
    except UNREADABLE:
        return None
    return int(row[0]) if row and row[0] is not None else 0


def _start(db: sqlite3.Connection, table: str) -> int:
    """A row id below every row (row ids may be negative), 0 when that cannot be read."""
    try:
        row = db.execute(f'SELECT min(rowid) FROM "{table}"').fetchone()
    except UNREADABLE:
        return 0
    return min(0, int(row[0]) - 1) if row and row[0] is not None else 0


def _scan(db: sqlite3.Connection, table: str, cols: str, after: int) -> Iterator[Row]:
    cursor = db.execute(
        f'SELECT rowid, {cols} FROM "{table}" WHERE rowid > ? ORDER BY rowid', (after,)
    )
    for row in cursor:
        yield tuple(row)


def salvage_rows(db: sqlite3.Connection, table: str, columns: list[str]) -> tuple[list[Row], int]:
    """Every row of ``table`` SQLite can still read (rowid first), and how many row ids
    could not be read. A scan runs until it fails; then single rows are tried one by one
    until a scan can go on past the bad place."""
    cols = ", ".join(f'"{c}"' for c in columns)
    end = _max_rowid(db, table)
    rows: list[Row] = []
    bad = probes = 0
    last = _start(db, table)
    while True:
        try:
            for row in _scan(db, table, cols, last):
                rows.append(row)
                last = row[0] if isinstance(row[0], int) else last
            return rows, bad
        except UNREADABLE:
            pass
        # Past the bad place one row id at a time, until a scan can start again.
        limit = end if end is not None else last + PROBE_PAST_END
        resumed = in_bad_run = False
        while last < limit and probes < MAX_PROBES:
            last += 1
            probes += 1
            try:
                row = db.execute(
                    f'SELECT rowid, {cols} FROM "{table}" WHERE rowid = ?', (last,)
                ).fetchone()
            except UNREADABLE:
                bad += int(not in_bad_run)  # one damaged place, however many ids it hides
                in_bad_run = True
                continue
            in_bad_run = False
            if row is not None:
                rows.append(tuple(row))
                resumed = True
                break
        if not resumed:
            return rows, bad


def _has_rowid_alias(db: sqlite3.Connection, table: str) -> bool:
    """True when ``table`` has an INTEGER PRIMARY KEY (its rowid under a name)."""
    info = db.execute(f'PRAGMA table_info("{table}")').fetchall()
    keys = [r for r in info if r[5]]
    return len(keys) == 1 and str(keys[0][2]).upper() == "INTEGER"


def _insert(
    fresh: sqlite3.Connection,
    table: str,
    columns: list[str],
    rows: list[Row],
    *,
    with_rowid: bool,
) -> int:
    """Insert ``rows`` (rowid first) into ``table`` of ``fresh``; rows the schema refuses
    (garbage that SQLite read as a row) are skipped. The rowid is kept only when asked
    and the table has no INTEGER PRIMARY KEY (which carries it). Returns how many went in."""
    keep = with_rowid and not _has_rowid_alias(fresh, table)
    names = ", ".join([*(["rowid"] if keep else []), *(f'"{c}"' for c in columns)])
    marks = ", ".join("?" * (len(columns) + int(keep)))
    done = 0
    for row in rows:
        values = row if keep else row[1:]
        try:
            cur = fresh.execute(
                f'INSERT OR IGNORE INTO "{table}" ({names}) VALUES ({marks})', values
            )
        except UNREADABLE as exc:
            log.info("recovery: a row of %s not kept (%s)", table, exc)
            continue
        done += cur.rowcount
    return done


def copy_tables(
    source: sqlite3.Connection,
    fresh: sqlite3.Connection,
    tables: tuple[str, ...] | None = None,
    *,
    with_rowid: bool = True,
) -> tuple[dict[str, int], dict[str, int]]:
    """Copy what ``source`` still gives into ``fresh`` (columns both have), rows already
    there kept; ``with_rowid``: the source's rowids are the rows' own (not a backup's
    copy). Returns (rows inserted, row ids unreadable) per table."""
    inserted: dict[str, int] = {}
    unreadable: dict[str, int] = {}
    for table in _tables(source):
        if tables is not None and table not in tables:
            continue
        wanted = set(_columns(fresh, table))
        columns = [c for c in _columns(source, table) if c in wanted]
        if not columns:
            continue
        rows, bad = salvage_rows(source, table, columns)
        inserted[table] = _insert(fresh, table, columns, rows, with_rowid=with_rowid)
        if bad:
            unreadable[table] = bad
    return inserted, unreadable


def _rebuild_orphans(fresh: sqlite3.Connection) -> int:
    """A message for every target whose message was lost, from the targets' own texts."""
    orphans = fresh.execute(
        "SELECT message_id, audience, text, updated_at FROM outbox_targets"
        " WHERE message_id NOT IN (SELECT id FROM outbox_messages)"
    ).fetchall()
    texts: dict[int, dict[str, str]] = {}
    when: dict[int, float] = {}
    for message_id, audience, text, updated_at in orphans:
        texts.setdefault(int(message_id), {})[str(audience)] = str(text)
        when[int(message_id)] = float(updated_at or 0)
    for message_id, by_audience in texts.items():
        fresh.execute(
            "INSERT INTO outbox_messages(id, created_at, texts) VALUES(?, ?, ?)",
            (message_id, when[message_id], json.dumps(by_audience, ensure_ascii=False)),
        )
    return len(texts)


def _from_backup(old: sqlite3.Connection, fresh: sqlite3.Connection) -> dict[str, int]:
    """Rows of the backup the damaged file did not give. An unsent target taken from the
    backup may have been sent after the backup was written: it waits for the user's
    decision (``maybe_sent``), never sent again by itself."""
    fresh.execute("CREATE TEMP TABLE recovery_kept AS SELECT id FROM outbox_targets")
    try:
        added = copy_tables(old, fresh, FROM_BACKUP, with_rowid=False)[0]
        fresh.execute(
            "UPDATE outbox_targets SET state='needs_attention', error_kind=?, maybe_sent=1"
            " WHERE state IN ('queued', 'sending')"
            " AND id NOT IN (SELECT id FROM temp.recovery_kept)",
            (MAYBE_SENT,),
        )
    finally:
        fresh.execute("DROP TABLE temp.recovery_kept")
    return {table: n for table, n in added.items() if n}


def _open_source(path: Path) -> sqlite3.Connection | None:
    try:
        db = sqlite3.connect(path, isolation_level=None)
        db.text_factory = lenient_text
        db.execute("PRAGMA query_only=1")
        db.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except UNREADABLE as exc:
        log.warning("recovery: %s cannot be read at all (%s)", path.name, exc)
        return None
    return db


def fill(
    fresh: sqlite3.Connection, damaged: Path | None, backup: Path | None, report: RecoveryReport
) -> None:
    """Steps 3–5 of the module docstring, into ``fresh`` (the new, migrated database)."""
    fresh.execute("PRAGMA foreign_keys=OFF")
    fresh.execute("BEGIN IMMEDIATE")
    try:
        source = _open_source(damaged) if damaged is not None else None
        if source is None:
            report.schema_lost = damaged is not None
        else:
            try:
                report.recovered, report.unreadable = copy_tables(source, fresh)
            finally:
                source.close()
        old = _open_source(backup) if backup is not None else None
        if old is not None:
            try:
                report.from_backup = _from_backup(old, fresh)
            finally:
                old.close()
        rebuilt = _rebuild_orphans(fresh)
        if rebuilt:
            report.recovered["outbox_messages"] = report.recovered.get("outbox_messages", 0)
            report.recovered["outbox_messages"] += rebuilt
        row = fresh.execute(
            "SELECT count(DISTINCT message_id) FROM outbox_targets WHERE state != 'sent'"
        ).fetchone()
        report.unsent = int(row[0])
        report.drafts = int(fresh.execute("SELECT count(*) FROM drafts").fetchone()[0])
        fresh.execute("COMMIT")
    except BaseException:
        fresh.execute("ROLLBACK")
        raise
    finally:
        fresh.execute("PRAGMA foreign_keys=ON")
