"""The accounts table: saved in order, replaced, changed, removed; and migration 6, which
moves today's JSON list out of the settings without losing anything."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from app.core.models import AccountRef, Audience
from app.store.accounts import AccountTable
from app.store.db import Store

BOTH = frozenset({Audience.PUBLIC, Audience.FRIENDS})


def ref(name: str, **changes: Any) -> AccountRef:
    account = AccountRef(
        key=f"mastodon:https://sora.example:{name}",
        network="mastodon",
        base_url="https://sora.example",
        user_id=f"id-{name}",
        username=name,
        handle=f"@{name}@sora.example",
        serves=BOTH,
        label="sora",
    )
    return replace(account, **changes)


def test_save_list_update_remove_survive_reopening(profile_dir: Path) -> None:
    path = profile_dir / "kizuna.db"
    store = Store(path)
    table = AccountTable(store)
    assert table.list() == []
    yuki, haru = ref("yuki"), ref("haru", sandbox=True, friends_need_recipients=True)
    table.save(yuki)
    table.save(haru)
    table.update(replace(yuki, serves=frozenset({Audience.PUBLIC})))
    store.close()

    again = AccountTable(Store(path))
    assert again.list() == [replace(yuki, serves=frozenset({Audience.PUBLIC})), haru]
    assert again.get(haru.key) == haru and again.get("nosuch") is None
    # A new sign-in of a saved account replaces it and is the newest.
    again.save(replace(yuki, label="new"))
    assert [a.label for a in again.list()] == ["sora", "new"]
    assert again.remove(haru.key) is True and again.remove(haru.key) is False
    assert [a.key for a in again.list()] == [yuki.key]
    with pytest.raises(KeyError):
        again.update(ref("nobody"))


def test_an_unreadable_row_is_skipped_not_fatal(store: Store) -> None:
    table = AccountTable(store)
    table.save(ref("yuki"))
    table.save(ref("haru"))
    store.connection.execute("UPDATE accounts SET serves='[\"everyone\"]' WHERE username='haru'")
    assert [a.username for a in table.list()] == ["yuki"]
    assert store.connection.execute("SELECT COUNT(*) FROM accounts").fetchone()[0] == 2


def _version_5_profile(path: Path, accounts_list: str | None) -> None:
    store = Store(path)
    store.connection.execute("PRAGMA user_version=5")
    store.connection.execute("DROP TABLE accounts")
    store.close()
    if accounts_list is not None:
        db = sqlite3.connect(path)
        db.execute("INSERT INTO settings VALUES ('accounts.list', ?)", (accounts_list,))
        db.commit()
        db.close()


def legacy(name: str, **fields: Any) -> dict[str, Any]:
    """An item as today's accounts service writes it."""
    item = {
        "key": f"misskey:https://hoshi.example:{name}",
        "network": "misskey",
        "base_url": "https://hoshi.example",
        "user_id": f"id-{name}",
        "username": name,
        "handle": f"@{name}@hoshi.example",
        "serves": ["friends", "public"],
        "label": "hoshi",
        "sandbox": False,
        "friends_need_recipients": False,
    }
    item.update(fields)
    return item


def test_migration_moves_the_account_list_losing_nothing(profile_dir: Path) -> None:
    path = profile_dir / "kizuna.db"
    older = {k: v for k, v in legacy("old").items() if k != "friends_need_recipients"}
    items: list[Any] = [
        legacy("yuki"),
        legacy("haru", serves=["public"], sandbox=True, friends_need_recipients=True),
        older,  # written before friends_need_recipients existed
        legacy("sora", colour="blue"),  # a field this version does not know
        "not an account",
        legacy("bad", serves=["everyone"]),
        legacy("yuki", label="again"),  # the same key twice
    ]
    _version_5_profile(path, json.dumps(items, ensure_ascii=False))
    store = Store(path)
    assert store.schema_version >= 6
    accounts = AccountTable(store).list()
    assert [a.username for a in accounts] == ["yuki", "haru", "old", "sora"]
    yuki, haru, old, _ = accounts
    assert (yuki.serves, yuki.label, yuki.sandbox) == (BOTH, "hoshi", False)
    assert (haru.serves, haru.sandbox, haru.friends_need_recipients) == (
        frozenset({Audience.PUBLIC}),
        True,
        True,
    )
    assert old.friends_need_recipients is False
    extra = store.connection.execute("SELECT extra FROM accounts WHERE username='sora'")
    assert json.loads(extra.fetchone()[0]) == {"colour": "blue"}
    assert store.get("accounts.list") is None  # moved, not copied
    assert store.get("accounts.unreadable") == [
        "not an account",
        legacy("bad", serves=["everyone"]),
        legacy("yuki", label="again"),
    ]
    store.close()


def test_migration_of_a_profile_without_accounts_or_with_garbage(profile_dir: Path) -> None:
    empty = profile_dir / "empty.db"
    _version_5_profile(empty, None)
    store = Store(empty)
    assert AccountTable(store).list() == [] and not store.is_set("accounts.unreadable")
    store.close()

    garbage = profile_dir / "garbage.db"
    _version_5_profile(garbage, "{not json")
    store = Store(garbage)
    assert AccountTable(store).list() == []
    assert store.get("accounts.unreadable") == ["{not json"]
    store.close()
