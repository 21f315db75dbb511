"""The profile's SQLite database: schema migrations, typed settings and drafts.

One file per profile (``PROFILE/kizuna.db``), WAL journal so a crash never leaves it
half-written. Secrets never go here — tokens live in the OS keychain or, for the local
sandbox, only in memory.
"""

from __future__ import annotations

import json
import sqlite3
import time
from pathlib import Path
from typing import Any

# Each entry upgrades the schema by one version. Never edit a released entry: append.
_MIGRATIONS: tuple[str, ...] = (
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
)


class Store:
    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self._db = sqlite3.connect(path, isolation_level=None)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.execute("PRAGMA foreign_keys=ON")
        self._migrate()

    @property
    def schema_version(self) -> int:
        return int(self._db.execute("PRAGMA user_version").fetchone()[0])

    def _migrate(self) -> None:
        current = self.schema_version
        for version, script in enumerate(_MIGRATIONS, start=1):
            if version <= current:
                continue
            with self._db:
                self._db.execute("BEGIN")
                for statement in script.split(";"):
                    if statement.strip():
                        self._db.execute(statement)
                self._db.execute(f"PRAGMA user_version={version}")

    # -- settings: small JSON values under dotted keys ("ui.splitter", "ui.geometry") --
    def get(self, key: str, default: Any = None) -> Any:
        row = self._db.execute("SELECT value FROM settings WHERE key=?", (key,)).fetchone()
        if row is None:
            return default
        try:
            return json.loads(row[0])
        except ValueError:
            return default

    def set(self, key: str, value: Any) -> None:
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
        self._db.close()
