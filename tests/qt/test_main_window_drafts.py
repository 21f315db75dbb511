"""An unsent draft is saved while typing and comes back in a new window (after a crash,
or after closing the window)."""

from __future__ import annotations

from pathlib import Path

from app.core.models import Audience
from app.store.db import Store
from app.ui.draft_keeper import DRAFT_KEY
from app.ui.main_window import MainWindow


def test_draft_is_saved_while_typing_and_restored(qtbot, qloop, profile_dir: Path) -> None:
    store = Store(profile_dir / "kizuna.db")
    first = MainWindow(store=store, lang="en")
    qtbot.addWidget(first)
    composer = first.open_composer()
    composer.set_audiences(frozenset({Audience.FRIENDS}))
    qtbot.keyClicks(composer.edit, "draft before a crash")
    qtbot.waitUntil(lambda: store.load_draft(DRAFT_KEY) is not None, timeout=5000)
    assert store.load_draft(DRAFT_KEY) == {
        "text": "draft before a crash",
        "texts": {"friends": "draft before a crash"},
        "audiences": ["friends"],
    }
    # No orderly close: a new window on the same profile, as after a crash.
    second = MainWindow(store=Store(profile_dir / "kizuna.db"), lang="en")
    qtbot.addWidget(second)
    restored = second.open_composer()
    assert restored.text() == "draft before a crash"
    assert restored.audiences() == frozenset({Audience.FRIENDS})


def test_closing_the_window_keeps_the_draft(qtbot, qloop, profile_dir: Path) -> None:
    store = Store(profile_dir / "kizuna.db")
    window = MainWindow(store=store, lang="en")
    qtbot.addWidget(window)
    window.show()
    composer = window.open_composer()
    composer.set_text("typed, then the window was closed at once")
    window.close()  # before the debounce timer fired
    assert store.load_draft(DRAFT_KEY)["text"] == "typed, then the window was closed at once"


def test_two_different_texts_come_back_as_they_were(qtbot, qloop, profile_dir: Path) -> None:
    store = Store(profile_dir / "kizuna.db")
    first = MainWindow(store=store, lang="en")
    qtbot.addWidget(first)
    composer = first.open_composer()
    composer.set_audiences(frozenset({Audience.PUBLIC, Audience.FRIENDS}))
    composer.set_texts({Audience.PUBLIC: "ていねいな文です", Audience.FRIENDS: "くだけた文だよ"})
    first.save_draft()  # written on the store's worker thread
    qtbot.waitUntil(lambda: store.load_draft(DRAFT_KEY) is not None, timeout=5000)
    second = MainWindow(store=Store(profile_dir / "kizuna.db"), lang="en")
    qtbot.addWidget(second)
    restored = second.open_composer()
    assert restored.texts() == {
        Audience.PUBLIC: "ていねいな文です",
        Audience.FRIENDS: "くだけた文だよ",
    }
