"""Issue #13: a damaged profile database is recovered on open, and nothing SQLite can
still read is lost (app.store.recovery, app.store.backup, app.store.db.Store).

The property test writes random bytes over random pages of a profile holding queued
posts and drafts, opens it as the app does, and checks the store opens, reports what it
kept, and holds every row of the outbox and the drafts that SQLite itself still reads
from the damaged file, unchanged."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import tempfile
from functools import cache
from pathlib import Path

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from app.store import backup
from app.store.db import Store
from app.store.profile_errors import Problem, ProfileError

PAGE = 4096
MESSAGES = 40
DRAFTS = 15
TABLES = {
    "outbox_messages": "id, texts",
    "outbox_targets": "id, message_id, text, state, idempotency_key",
    "drafts": "key, body",
}


def _fill(store: Store) -> None:
    db = store.connection
    for i in range(1, MESSAGES + 1):
        db.execute(
            "INSERT INTO outbox_messages(id, created_at, texts) VALUES(?, 0, ?)",
            (i, json.dumps({"friends": f"投稿{i} " + "あ" * 120})),
        )
        db.execute(
            "INSERT INTO outbox_targets(id, message_id, account_key, account, audience, text,"
            " state, idempotency_key, updated_at)"
            " VALUES(?, ?, 'k', '{}', 'friends', ?, ?, ?, 0)",
            (i, i, f"投稿{i} " + "あ" * 120, "queued" if i % 3 else "sent", f"key-{i}"),
        )
    for i in range(DRAFTS):
        store.save_draft(f"draft-{i}", {"text": f"下書き{i} " + "い" * 200})


@cache
def _base() -> bytes:
    """A checkpointed profile database (several pages per table), built once."""
    folder = Path(tempfile.mkdtemp())
    try:
        store = Store(folder / "kizuna.db")
        _fill(store)
        store.close()
        db = sqlite3.connect(folder / "kizuna.db")
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        db.close()
        return (folder / "kizuna.db").read_bytes()
    finally:
        shutil.rmtree(folder)


def lenient(data: bytes) -> str:
    return data.decode("utf-8", "replace")


def _rows(db: sqlite3.Connection, table: str) -> dict[int, tuple[object, ...]]:
    return {
        int(r[0]): tuple(r[1:])
        for r in db.execute(f"SELECT rowid, {TABLES[table]} FROM {table}").fetchall()
    }


def _still_readable(path: Path, original: dict[str, dict[int, tuple[object, ...]]]) -> dict:
    """Every original row SQLite still gives, unchanged, from the damaged file (one
    lookup per row id, as SQLite itself can)."""
    found: dict[str, dict[int, tuple[object, ...]]] = {t: {} for t in TABLES}
    try:
        db = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error:
        return found
    db.text_factory = lenient  # as the app reads: a damaged character is not a lost row
    try:
        for table, rows in original.items():
            for rowid, row in rows.items():
                try:
                    got = db.execute(
                        f"SELECT {TABLES[table]} FROM {table} WHERE rowid = ?", (rowid,)
                    ).fetchone()
                except (sqlite3.Error, ValueError):  # ValueError: a name that is not UTF-8
                    continue
                if got is not None and tuple(got) == row:
                    found[table][rowid] = row
    finally:
        db.close()
    return found


def _original() -> dict[str, dict[int, tuple[object, ...]]]:
    folder = Path(tempfile.mkdtemp())
    try:
        (folder / "kizuna.db").write_bytes(_base())
        db = sqlite3.connect(folder / "kizuna.db")
        try:
            return {t: _rows(db, t) for t in TABLES}
        finally:
            db.close()
    finally:
        shutil.rmtree(folder)


def _same(table: str, kept: tuple[object, ...] | None, row: tuple[object, ...]) -> bool:
    """The row kept as it was. A message whose row SQLite reads only in part (its texts,
    not a later column) is rebuilt from its targets' texts: the same texts, written as
    the app writes JSON (``ensure_ascii=False``), so its texts are compared decoded."""
    if kept == row:
        return True
    if table != "outbox_messages" or kept is None or kept[0] != row[0]:
        return False
    try:
        return bool(json.loads(str(kept[1])) == json.loads(str(row[1])))
    except ValueError:
        return False


damage = st.lists(
    st.tuples(
        st.integers(0, 10_000), st.integers(0, PAGE - 1), st.binary(min_size=1, max_size=PAGE)
    ),
    min_size=1,
    max_size=4,
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(damage=damage)
# Found by a run on 3 May: message 15 reads as (id, texts) but not whole; it comes back
# from its target's text.
@example(damage=[(36, 244, b"\x00\x00\xe5")])
def test_random_damage_loses_no_row_sqlite_can_read(
    damage: list[tuple[int, int, bytes]],
) -> None:
    original = _original()
    folder = Path(tempfile.mkdtemp())
    try:
        path = folder / "kizuna.db"
        data = bytearray(_base())
        pages = len(data) // PAGE
        for page, offset, garbage in damage:
            start = (page % pages) * PAGE + offset
            data[start : start + len(garbage)] = garbage[: len(data) - start]
        path.write_bytes(bytes(data))
        readable = _still_readable(path, original)

        store = Store(path)  # the app starts: never raises for a damaged file
        try:
            db = store.connection
            for table, rows in readable.items():
                kept = _rows(db, table)
                lost = {r: row for r, row in rows.items() if not _same(table, kept.get(r), row)}
                assert not lost, f"{table}: rows SQLite still reads were lost: {sorted(lost)}"
            if store.recovery is not None:  # says what it kept, and it is what is there
                unsent = db.execute(
                    "SELECT count(DISTINCT message_id) FROM outbox_targets WHERE state != 'sent'"
                ).fetchone()[0]
                assert store.recovery.unsent == unsent
                assert store.recovery.drafts == len(_rows(db, "drafts"))
                assert store.recovery.moved_to is not None and store.recovery.moved_to.exists()
            assert db.execute("PRAGMA quick_check").fetchone()[0] == "ok"
        finally:
            store.close()
    finally:
        shutil.rmtree(folder)


def test_a_lost_database_comes_back_from_the_backup_waiting_for_the_user(
    tmp_path: Path,
) -> None:
    store = Store(tmp_path / "kizuna.db", backups=tmp_path / "backups")
    _fill(store)
    store.close()
    assert backup.backups(tmp_path / "backups")
    for name in os.listdir(tmp_path):
        if name.startswith("kizuna.db"):
            os.remove(tmp_path / name)

    store = Store(tmp_path / "kizuna.db", backups=tmp_path / "backups")
    try:
        assert store.recovery is not None and store.recovery.moved_to is None
        db = store.connection
        assert len(_rows(db, "outbox_messages")) == MESSAGES
        assert len(_rows(db, "drafts")) == DRAFTS
        states = dict(db.execute("SELECT state, count(*) FROM outbox_targets GROUP BY state"))
        # Unsent when backed up, perhaps sent since: never sent again without the user.
        assert states == {"sent": MESSAGES // 3, "needs_attention": MESSAGES - MESSAGES // 3}
        assert store.recovery.unsent == MESSAGES - MESSAGES // 3
    finally:
        store.close()


def test_backups_rotate(tmp_path: Path) -> None:
    store = Store(tmp_path / "kizuna.db", backups=tmp_path / "backups")
    try:
        for i in range(backup.KEEP + 3):
            store.save_draft(f"d{i}", {"text": str(i)})
            assert store.backup_if_changed() is not None
        assert store.backup_if_changed() is None  # nothing changed since
        assert len(backup.backups(tmp_path / "backups")) == backup.KEEP
    finally:
        store.close()


def test_a_newer_database_is_refused_and_left_as_it_is(tmp_path: Path) -> None:
    store = Store(tmp_path / "kizuna.db")
    store.connection.execute("PRAGMA user_version=999")
    store.close()
    before = (tmp_path / "kizuna.db").read_bytes()
    try:
        Store(tmp_path / "kizuna.db")
    except ProfileError as exc:
        assert exc.problem is Problem.NEWER_VERSION
    else:
        raise AssertionError("a newer database was opened")
    assert (tmp_path / "kizuna.db").read_bytes() == before


def test_the_window_backs_up_changes_while_it_runs(tmp_path: Path) -> None:
    import asyncio

    from app.profile_gate import keep_backing_up

    store = Store(tmp_path / "kizuna.db", backups=tmp_path / "backups")
    try:
        first = backup.backups(tmp_path / "backups")

        async def run() -> list[Path]:
            task = asyncio.ensure_future(keep_backing_up(store, every_s=0))
            store.save_draft("composer", {"text": "書きかけ"})
            while backup.backups(tmp_path / "backups") == first:
                await asyncio.sleep(0.01)
            task.cancel()
            return backup.backups(tmp_path / "backups")

        newest = asyncio.run(asyncio.wait_for(run(), 30))[0]
        db = sqlite3.connect(newest)
        assert db.execute("SELECT key FROM drafts").fetchall() == [("composer",)]
        db.close()
    finally:
        store.close()


def test_a_damaged_database_another_program_has_open_is_not_moved(tmp_path: Path) -> None:
    import subprocess
    import sys

    store = Store(tmp_path / "kizuna.db")
    _fill(store)
    store.close()
    with open(tmp_path / "kizuna.db", "r+b") as f:
        f.write(os.urandom(4096))
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sys; f = open(sys.argv[1], 'rb'); print('open', flush=True);"
         " sys.stdin.read()", str(tmp_path / "kizuna.db")],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "open"
        try:
            Store(tmp_path / "kizuna.db")
        except ProfileError as exc:
            assert exc.problem is Problem.LOCKED
            assert f"pid {holder.pid}" in " ".join(exc.holders)
        else:
            raise AssertionError("a file another program has open was recovered under it")
        assert not list(tmp_path.glob("kizuna.db.damaged-*"))
    finally:
        holder.communicate("", timeout=60)
    store = Store(tmp_path / "kizuna.db")  # once it has finished: recovered
    try:
        assert store.recovery is not None
    finally:
        store.close()


def test_a_full_disk_while_sending_is_a_profile_problem_the_window_can_word() -> None:
    import errno

    from app.services.profile_problems import problem_of

    assert problem_of(sqlite3.OperationalError("database or disk is full")) == ("disk_full", ())
    assert problem_of(OSError(errno.ENOSPC, "No space left on device")) == ("disk_full", ())
    assert problem_of(OSError(errno.EROFS, "Read-only file system")) == ("read_only", ())
    assert problem_of(sqlite3.OperationalError("attempt to write a readonly database")) == (
        "read_only",
        (),
    )
    assert problem_of(ValueError("not ours")) is None
