"""The profile's SQLite database: schema migrations, typed settings and drafts.

One file per profile (``PROFILE/kizuna.db``), WAL journal so a crash never leaves it
half-written. Secrets never go here — tokens live in the OS keychain or, for the local
sandbox, only in memory. The outbox tables are created here; their queries live in
:mod:`app.store.outbox`, the accounts' in :mod:`app.store.accounts`.

Settings are checked against the schema in :mod:`app.store.settings`: an undeclared key
raises ``KeyError``, an invalid value is refused on write (``SettingError``) and, when one
is found stored, logged and read as the caller's default.

The database and its ``-wal``/``-shm`` companions are created readable by the user alone
(0600 on POSIX; SQLite gives the companions the database file's mode), and a folder the
store creates is 0700 — whether or not :func:`app.profile.ensure_private_profile` ran.

The app and the command line may open the same profile at once: a busy timeout makes one
wait for the other's short write instead of failing.
"""

from __future__ import annotations

import importlib
import json
import logging
import os
import sqlite3
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from app.store import accounts as accounts_table
from app.store import backup, recovery, timeline_cache
from app.store.profile_errors import Problem, ProfileError, classify, holders
from app.store.recovery import RecoveryReport
from app.store.settings import SettingError, option

log = logging.getLogger(__name__)

PRIVATE_FILE = 0o600
PRIVATE_DIR = 0o700
COMPANIONS = ("-wal", "-shm", "-journal")  # the files SQLite keeps beside the database

# A migration is SQL (statements split on ";") or, when data must be reshaped, a function
# given the connection inside the migration's transaction.
Migration = str | Callable[[sqlite3.Connection], None]


def _schema_of(module: str) -> Callable[[sqlite3.Connection], None]:
    """The migration that runs ``module``'s ``SCHEMA``, imported only when it runs: the
    window's start opens the store without loading the ledger's, the notifications' or
    mixi2's tables' code (and their dataclasses) — issue #11."""

    def run(db: sqlite3.Connection) -> None:
        _run_sql(db, importlib.import_module(module).SCHEMA)

    return run


def _run_sql(db: sqlite3.Connection, script: str) -> None:
    for statement in script.split(";"):
        if statement.strip():
            db.execute(statement)


# Each entry upgrades the schema by one version. Never edit a released entry: append.
_MIGRATIONS: tuple[Migration, ...] = (
    """
    CREATE TABLE settings (
        key   TEXT PRIMARY KEY,
        value TEXT NOT NULL
    );
    CREATE TABLE drafts (
        key        TEXT PRIMARY KEY,
        body       TEXT NOT NULL,
        updated_at REAL NOT NULL
    );
    """,
    # 2: the durable outbox. One message (texts per audience as JSON), one target per
    # (account, audience). A target's idempotency key is stored before its first send
    # and reused on every retry; ``owner_pid``/``lease_until`` say who is sending it, so
    # a crashed sender's targets can be told from a live one's.
    """
    CREATE TABLE outbox_messages (
        id           INTEGER PRIMARY KEY AUTOINCREMENT,
        created_at   REAL NOT NULL,
        kind         TEXT NOT NULL DEFAULT 'post',
        priority     INTEGER NOT NULL DEFAULT 0,
        texts        TEXT NOT NULL,
        media        TEXT NOT NULL DEFAULT '[]',
        scheduled_at REAL
    );
    CREATE TABLE outbox_targets (
        id               INTEGER PRIMARY KEY AUTOINCREMENT,
        message_id       INTEGER NOT NULL REFERENCES outbox_messages(id) ON DELETE CASCADE,
        account_key      TEXT NOT NULL,
        account          TEXT NOT NULL,
        audience         TEXT NOT NULL,
        text             TEXT NOT NULL,
        state            TEXT NOT NULL,
        attempts         INTEGER NOT NULL DEFAULT 0,
        next_attempt_at  REAL,
        first_attempt_at REAL,
        idempotency_key  TEXT NOT NULL,
        maybe_sent       INTEGER NOT NULL DEFAULT 0,
        owner_pid        INTEGER,
        lease_until      REAL,
        remote_id        TEXT,
        url              TEXT,
        error_kind       TEXT,
        error_detail     TEXT,
        updated_at       REAL NOT NULL,
        UNIQUE (message_id, account_key, audience)
    );
    CREATE INDEX outbox_targets_due ON outbox_targets(state, next_attempt_at);
    """,
    # 3: gifts and schedules. The pictures of a message (bytes and alt text, in order);
    # per target the recipients' user ids (friends targets only) and the media ids its
    # server gave for the pictures uploaded so far, so a retry never uploads twice; per
    # message whether the user agreed to send a missed schedule late.
    """
    CREATE TABLE outbox_media (
        message_id  INTEGER NOT NULL REFERENCES outbox_messages(id) ON DELETE CASCADE,
        position    INTEGER NOT NULL,
        filename    TEXT NOT NULL,
        mime        TEXT NOT NULL,
        description TEXT NOT NULL DEFAULT '',
        data        BLOB NOT NULL,
        PRIMARY KEY (message_id, position)
    );
    ALTER TABLE outbox_targets ADD COLUMN recipients TEXT NOT NULL DEFAULT '[]';
    ALTER TABLE outbox_targets ADD COLUMN media_ids TEXT NOT NULL DEFAULT '[]';
    ALTER TABLE outbox_messages ADD COLUMN late_confirmed INTEGER NOT NULL DEFAULT 0
    """,
    # 4: server-side schedules. A target sent to a server that publishes it later itself
    # (Mastodon ``scheduled_at``) is "sent" with the scheduled post's id and a row here.
    """
    CREATE TABLE IF NOT EXISTS outbox_server_scheduled (
        target_id INTEGER PRIMARY KEY REFERENCES outbox_targets(id) ON DELETE CASCADE
    )
    """,
    # 5: pictures per audience. '' (every row before this) goes to every target of its
    # message; 'public' / 'friends' only to the targets of that audience — a gift's open
    # card to the public, the card addressed to the chosen friends to friends alone.
    """
    ALTER TABLE outbox_media ADD COLUMN audience TEXT NOT NULL DEFAULT ''
    """,
    # 6: accounts in their own table; the JSON list under the settings key accounts.list
    # moves there, losing nothing (see app.store.accounts.migrate_legacy_list). The other
    # settings keep their names and already fit app.store.settings' schema.
    accounts_table.migrate_legacy_list,
    # 7: the timeline cache (app.store.timeline_cache).
    timeline_cache.SCHEMA,
    # 8: the greeting ledger's received greetings (app.store.ledger).
    _schema_of("app.store.ledger"),
    # 9: notifications and what was seen (app.store.notifications).
    _schema_of("app.store.notifications"),
    # 10: mixi2 chat rooms, the mixi2 friends list (app.store.mixi2_rooms).
    _schema_of("app.store.mixi2_rooms"),
    # 11: replies through the outbox. The post a message answers (JSON of what its
    # adapter's ``reply`` needs: ids, author, audience, wire visibility, recipients,
    # Bluesky refs; see app.store.outbox); NULL for every ordinary post.
    lambda db: _add_column(db, "outbox_messages", "reply_to", "TEXT"),
)


def _add_column(db: sqlite3.Connection, table: str, column: str, kind: str) -> None:
    """ALTER TABLE … ADD COLUMN, unless the column is there (a schema rewound by a test)."""
    present = {row[1] for row in db.execute(f"PRAGMA table_info({table})")}
    if column not in present:
        db.execute(f"ALTER TABLE {table} ADD COLUMN {column} {kind}")


def _create_private(path: Path) -> None:
    """Create the directory (0700) and an empty database file (0600) if they are missing,
    so that SQLite, which keeps an existing file's mode, never makes them readable by others."""
    if not path.parent.exists():
        path.parent.mkdir(mode=PRIVATE_DIR, parents=True, exist_ok=True)
    if os.name != "posix":
        return  # Windows: the profile folder's per-user ACL (see app.profile)
    try:
        os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, PRIVATE_FILE))
    except FileExistsError:
        pass
    for file in (path, *(path.with_name(path.name + c) for c in COMPANIONS)):
        try:
            os.chmod(file, PRIVATE_FILE)
        except FileNotFoundError:
            pass
        except OSError as exc:  # not ours to change (a shared copy): it still opens
            log.warning("cannot make %s private: %s", file.name, exc.strerror)


class Store:
    """The profile's database. ``backups``: the folder of :mod:`app.store.backup` (None:
    no backups, as for a test's or an in-memory store). Opening checks the file
    (``PRAGMA quick_check``) and recovers a damaged one (:mod:`app.store.recovery`; the
    report is :attr:`recovery`). A problem of the profile on disk raises
    :class:`~app.store.profile_errors.ProfileError` with its reason code."""

    def __init__(self, path: Path, *, backups: Path | None = None, busy_ms: int = 10_000) -> None:
        self.path = path
        self.backups = backups
        self.recovery: RecoveryReport | None = None
        # Settings found stored with a value their schema refuses (read as the default),
        # for the window and the CLI to tell the user.
        self.unreadable_settings: set[str] = set()
        self._busy_ms = busy_ms
        self._backed_up = -1
        try:
            self._open()
        except ProfileError:
            raise
        except (OSError, sqlite3.Error) as exc:
            problem = classify(exc, path)
            if problem is None:
                raise
            log.warning("cannot open the profile database: %s", exc)
            raise problem from exc

    @property
    def busy_ms(self) -> int:
        """How long a write waits for another connection's lock before SQLite refuses it."""
        return self._busy_ms

    def _connect(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.path, isolation_level=None)
        db.text_factory = recovery.lenient_text  # a damaged character is not a crash
        db.execute(f"PRAGMA busy_timeout={int(self._busy_ms)}")
        return db

    def _open(self) -> None:
        memory = str(self.path) == ":memory:"  # SQLite's name for a database that is no file
        missing = not memory and not self.path.exists()
        if not memory:
            _create_private(self.path)
        self._db = self._connect()
        if not memory and not self._healthy():
            self._recover(damaged=True)
            return
        if missing and backup.newest(self.backups) is not None:
            self._recover(damaged=False)  # the file is gone: the backup brings it back
            return
        self._refuse_newer()
        self._settle()
        if self.backups is not None:
            self.backup_if_changed()

    def _settle(self) -> None:
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.execute("PRAGMA foreign_keys=ON")
        self._migrate()

    def _healthy(self) -> bool:
        """False when the file is damaged (not a database, or quick_check finds faults)."""
        try:
            self._db.execute("PRAGMA journal_mode=WAL")
            return recovery.check(self._db)
        except UnicodeDecodeError:  # a schema that is not UTF-8: damaged
            log.warning("the profile database is damaged: its schema cannot be read")
            return False
        except sqlite3.DatabaseError as exc:
            found = classify(exc, self.path)
            if found is None or found.problem is not Problem.DAMAGED:
                raise
            log.warning("the profile database is damaged: %s", exc)
            return False

    def _refuse_newer(self) -> None:
        """A database a newer Kizuna wrote is never downgraded (nor written to)."""
        found = self.schema_version
        if found > len(_MIGRATIONS):
            self._db.close()
            raise ProfileError(
                Problem.NEWER_VERSION,
                self.path,
                f"schema {found}, this version knows {len(_MIGRATIONS)}",
            )

    def _recover(self, *, damaged: bool) -> None:
        """Set the damaged file aside, start a fresh one and fill it (app.store.recovery).
        Never while another program has the file open (it would go on writing to the file
        set aside): that is "locked" until it has finished."""
        self._db.close()
        others = holders(self.path) if damaged else ()
        if others:
            raise ProfileError(Problem.LOCKED, self.path, "damaged, and in use", others)
        moved = recovery.move_aside(self.path) if damaged else None
        _create_private(self.path)
        self._db = self._connect()
        self._settle()
        report = recovery.RecoveryReport(moved)
        recovery.fill(self._db, moved, backup.newest(self.backups), report)
        log.warning(
            "recovered the profile database: %s; from the backup: %s; unreadable: %s",
            report.recovered,
            report.from_backup,
            report.unreadable,
        )
        self.recovery = report
        if self.backups is not None:
            self.backup_if_changed()

    def backup_if_changed(self) -> Path | None:
        """Write a backup (:mod:`app.store.backup`) when something changed since the last
        one; the new backup or None. Never raises."""
        job = self.backup_job()
        return job() if job is not None else None

    def backup_job(self) -> Callable[[], Path | None] | None:
        """The backup of what changed since the last one, to run on any thread (it opens
        a connection of its own); None when nothing changed or backups are off."""
        if self.backups is None or str(self.path) == ":memory:":
            return None
        changes = self._db.total_changes
        if changes == self._backed_up:
            return None
        self._backed_up = changes
        path, folder = self.path, self.backups
        return lambda: backup.write_backup(path, folder)

    @property
    def connection(self) -> sqlite3.Connection:
        """The connection, for the stores of one feature (see :mod:`app.store.outbox`)."""
        return self._db

    @property
    def schema_version(self) -> int:
        return int(self._db.execute("PRAGMA user_version").fetchone()[0])

    def _migrate(self) -> None:
        for version, script in enumerate(_MIGRATIONS, start=1):
            if version <= self.schema_version:
                continue
            with self._db:
                # IMMEDIATE takes the write lock first; the version is read again under
                # it, in case another process (the app and the CLI) migrated meanwhile.
                self._db.execute("BEGIN IMMEDIATE")
                if version <= self.schema_version:
                    continue
                if callable(script):
                    script(self._db)
                else:
                    _run_sql(self._db, script)
                self._db.execute(f"PRAGMA user_version={version}")

    # -- settings: JSON values under the keys declared in app.store.settings --
    def get(self, key: str, default: Any = None) -> Any:
        """The value stored under ``key``, or ``default`` when there is none or what is
        stored is not a valid value for it (logged; never raised)."""
        declared = option(key)
        row = self._db.execute("SELECT value FROM settings WHERE key=?", (key,)).fetchone()
        if row is None:
            return default
        try:
            value = json.loads(row[0])
        except ValueError:
            log.warning("setting %s is not readable JSON; using the default", key)
            self.unreadable_settings.add(key)
            return default
        if not declared.valid(value):
            kind = type(value).__name__
            log.warning("setting %s holds an invalid %s; using the default", key, kind)
            self.unreadable_settings.add(key)
            return default
        return value

    def is_set(self, key: str) -> bool:
        option(key)
        row = self._db.execute("SELECT 1 FROM settings WHERE key=?", (key,)).fetchone()
        return row is not None

    def set(self, key: str, value: Any) -> None:
        """Store ``value`` under ``key``; SettingError if the schema refuses it."""
        declared = option(key)
        if not declared.valid(value):
            raise SettingError(f"{key}: {value!r} is not valid ({declared.doc})")
        self._db.execute(
            "INSERT INTO settings(key, value) VALUES(?, ?) "
            "ON CONFLICT(key) DO UPDATE SET value=excluded.value",
            (key, json.dumps(value, ensure_ascii=False)),
        )

    # -- drafts: what the composer holds, saved while typing --
    def save_draft(self, key: str, body: dict[str, Any]) -> None:
        self._db.execute(
            "INSERT INTO drafts(key, body, updated_at) VALUES(?, ?, ?) "
            "ON CONFLICT(key) DO UPDATE SET body=excluded.body, updated_at=excluded.updated_at",
            (key, json.dumps(body, ensure_ascii=False), time.time()),
        )

    def load_draft(self, key: str) -> dict[str, Any] | None:
        row = self._db.execute("SELECT body FROM drafts WHERE key=?", (key,)).fetchone()
        if row is None:
            return None
        try:
            body = json.loads(row[0])
        except ValueError:
            return None
        return body if isinstance(body, dict) else None

    def delete_draft(self, key: str) -> None:
        self._db.execute("DELETE FROM drafts WHERE key=?", (key,))

    def close(self) -> None:
        """Back up what changed (when backups are on), then close."""
        try:
            self.backup_if_changed()
        finally:
            self._db.close()
