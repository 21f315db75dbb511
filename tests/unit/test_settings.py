"""The settings schema: every key the app uses is declared with a type, default and rule;
wrong values are refused on write and read as the default (logged) when found stored."""

from __future__ import annotations

import json
import logging
import re
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from app.store import settings
from app.store.db import Store
from app.store.settings import OPTIONS, Option, SettingError, Settings

ROOT = Path(__file__).resolve().parents[2]
# A settings key as code writes it: "prefs.lang", "ui.splitter", "accounts.x_port".
_KEY_LITERAL = re.compile(r"""["']((?:prefs|ui|accounts)\.[a-z_]+)["']""")
_NOT_SETTINGS = {"accounts.json"}  # the sandbox's accounts file, not a key


def test_every_key_in_the_code_is_declared() -> None:
    used = {
        (key, str(path.relative_to(ROOT)))
        for path in (ROOT / "app").rglob("*.py")
        for key in _KEY_LITERAL.findall(path.read_text(encoding="utf-8"))
        if key not in _NOT_SETTINGS
    }
    assert len({k for k, _ in used}) >= 9
    assert [(k, where) for k, where in used if k not in OPTIONS] == []


# What today's code writes, by key: it must still read back as written.
TODAYS_VALUES: dict[str, list[Any]] = {
    "prefs.lang": ["", "ja", "en", "zh_TW"],
    "prefs.mourning": [True, False],
    "prefs.sandbox": [True, False],
    "prefs.sender_name": ["", "はる", "山田花子"],
    "prefs.color_scheme": ["system", "light", "dark"],
    "ui.window_size": [[1200, 800], [640, 480]],
    "ui.splitter": [[600, 600], [0, 1200]],
    "ui.tray_notice_shown": [True, False],
    "prefs.desktop_notices": [True, False],
    "accounts.x_port": [8765, 49152, 1024, 65535],
    "accounts.x_client_id": ["", "my-client-id"],
    "accounts.list": [[], [{"key": "k"}]],
    "accounts.unreadable": [[], ["anything"]],
}
BAD_VALUES: dict[str, list[Any]] = {
    "prefs.lang": ["français", "../ja", 1, None],
    "prefs.mourning": ["yes", 1, None],
    "prefs.sandbox": [0, "true"],
    "prefs.sender_name": [3, None, "あ" * 101],
    "prefs.color_scheme": ["auto", "", None, 1],
    "ui.window_size": [[1200], "1200x800", [1200.5, 800], [True, 800], [-1, 800]],
    "ui.splitter": [[600, 600, 1], {"a": 1}],
    "ui.tray_notice_shown": [1, "yes", None],
    "prefs.desktop_notices": [1, "no", None],
    "accounts.x_port": ["not a port", 80, 70000, True, 8765.0],
    "accounts.x_client_id": [None, 42],
    "accounts.list": [{"key": "k"}, "[]"],
    "accounts.unreadable": [None],
}


def test_the_schema_covers_what_the_tests_try() -> None:
    assert set(TODAYS_VALUES) == set(OPTIONS) == set(BAD_VALUES)
    for opt in OPTIONS.values():
        assert opt.valid(opt.default), opt.key
        assert opt.doc, opt.key


@pytest.mark.parametrize(("key", "value"), [(k, v) for k, vs in TODAYS_VALUES.items() for v in vs])
def test_todays_values_are_kept(store: Store, key: str, value: Any) -> None:
    store.set(key, value)
    assert store.get(key) == value
    assert store.is_set(key)


@pytest.mark.parametrize(("key", "value"), [(k, v) for k, vs in BAD_VALUES.items() for v in vs])
def test_a_wrong_value_is_refused_on_write(store: Store, key: str, value: Any) -> None:
    with pytest.raises(SettingError, match=re.escape(key)):
        store.set(key, value)
    assert not store.is_set(key)


@pytest.mark.parametrize(("key", "value"), [(k, v) for k, vs in BAD_VALUES.items() for v in vs])
def test_a_wrong_value_found_stored_is_logged_and_read_as_the_default(
    profile_dir: Path, key: str, value: Any, caplog: pytest.LogCaptureFixture
) -> None:
    path = profile_dir / "kizuna.db"
    Store(path).close()
    db = sqlite3.connect(path)
    db.execute("INSERT INTO settings VALUES (?, ?)", (key, json.dumps(value)))
    db.commit()
    db.close()
    store = Store(path)
    with caplog.at_level(logging.WARNING, logger="app.store.db"):
        assert store.get(key, "fallback") == "fallback"
        assert Settings(store).get(OPTIONS[key]) == OPTIONS[key].default
    assert any(key in r.getMessage() for r in caplog.records)
    store.close()


def test_an_undeclared_key_is_a_key_error(store: Store) -> None:
    for call in (
        lambda: store.get("prefs.colour"),
        lambda: store.set("prefs.colour", "red"),
        lambda: store.is_set("ui.geometry"),
    ):
        with pytest.raises(KeyError, match="not a declared setting"):
            call()


def test_typed_facade(store: Store) -> None:
    prefs = Settings(store)
    assert prefs.get(settings.MOURNING) is False and not prefs.is_set(settings.MOURNING)
    assert prefs.get(settings.X_PORT) == 8765 and prefs.get(settings.WINDOW_SIZE) is None
    prefs.set(settings.MOURNING, True)
    prefs.set(settings.SENDER_NAME, "はる")
    assert (prefs.get(settings.MOURNING), store.get("prefs.sender_name")) == (True, "はる")
    with pytest.raises(SettingError):
        prefs.set(settings.X_PORT, 80)
    assert prefs.get(settings.X_PORT) == 8765
    # A list default is the caller's own copy.
    prefs.get(settings.ACCOUNTS_UNREADABLE).append("x")
    assert prefs.get(settings.ACCOUNTS_UNREADABLE) == []


def test_an_option_validates_with_its_check() -> None:
    even: Option[int] = Option("test.even", 0, lambda v: isinstance(v, int) and v % 2 == 0, "d")
    assert even.valid(2) and not even.valid(3)


def test_todays_keys_survive_the_migration(profile_dir: Path) -> None:
    """A version-5 profile, as today's app leaves it, opens with every value intact."""
    path = profile_dir / "kizuna.db"
    store = Store(path)
    store.connection.execute("PRAGMA user_version=5")
    store.connection.execute("DROP TABLE accounts")
    store.close()
    db = sqlite3.connect(path)
    written = {
        "prefs.lang": '"ja"',
        "prefs.mourning": "true",
        "prefs.sandbox": "false",
        "prefs.sender_name": '"はる"',
        "ui.window_size": "[1200, 800]",
        "ui.splitter": "[600, 600]",
        "accounts.x_port": "49152",
        "accounts.x_client_id": '"cid"',
    }
    db.executemany("INSERT INTO settings VALUES (?, ?)", written.items())
    db.commit()
    db.close()
    again = Store(path)
    assert again.schema_version >= 6
    assert {k: again.get(k) for k in written} == {k: json.loads(v) for k, v in written.items()}
    again.close()
