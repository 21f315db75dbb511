"""The profile database: migrations, settings and drafts survive reopening."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from app.store.db import Store


def test_schema_is_migrated_and_uses_wal(tmp_path: Path) -> None:
    store = Store(tmp_path / "p" / "kizuna.db")
    assert store.schema_version >= 1
    mode = sqlite3.connect(tmp_path / "p" / "kizuna.db").execute("PRAGMA journal_mode").fetchone()
    assert mode[0] == "wal"
    store.close()


def test_settings_and_drafts_survive_reopening(tmp_path: Path) -> None:
    path = tmp_path / "kizuna.db"
    store = Store(path)
    store.set("ui.splitter", [600, 600])
    store.save_draft("composer", {"text": "下書きです", "audiences": ["friends"]})
    store.close()

    again = Store(path)
    assert again.get("ui.splitter") == [600, 600]
    assert again.get("ui.window_size", "default") == "default"  # never set
    assert again.load_draft("composer") == {"text": "下書きです", "audiences": ["friends"]}
    again.delete_draft("composer")
    assert again.load_draft("composer") is None
    again.close()


def test_a_corrupt_value_reads_as_default(tmp_path: Path) -> None:
    path = tmp_path / "kizuna.db"
    Store(path).close()
    db = sqlite3.connect(path)
    db.execute("INSERT INTO settings VALUES ('ui.splitter', '{not json')")
    db.execute("INSERT INTO drafts VALUES ('d', '[1]', 0)")
    db.commit()
    db.close()
    store = Store(path)
    assert store.get("ui.splitter", 7) == 7
    assert store.load_draft("d") is None
    store.close()


def test_an_in_memory_store_makes_no_file(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from pathlib import Path

    from app.store.db import Store

    monkeypatch.chdir(tmp_path)
    Store(Path(":memory:")).close()
    assert list(tmp_path.iterdir()) == []
