"""Every way a send can go wrong, through the real window in Japanese: what the window shows
is worded from the error's reason code by the translations — never an exception's or a
server's English text.

The two accounts are fakes whose ``publish`` raises the error under test with an English
server message as its detail (as a real server's would be); refusals before anything is
stored come from the real send plan (a server without followers-only posts)."""

from __future__ import annotations

import asyncio
import html
import re
from collections.abc import AsyncIterator, Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QLocale

from app.core.errors import ErrorKind, NetworkError
from app.core.models import (
    AccountRef,
    Audience,
    Author,
    Capabilities,
    Limits,
    Outgoing,
    Post,
    Published,
)
from app.i18n import translators
from app.networks.base import AdapterBase
from app.services.session import Session
from app.store.db import Store
from app.store.outbox import OutboxStore
from app.ui.main_window import MainWindow

BOTH = frozenset({Audience.PUBLIC, Audience.FRIENDS})
SERVER_WORDS = "Validation failed: Text is not allowed on this server"
# Three or more English words in a row: a sentence that was never translated.
ENGLISH = re.compile(r"[A-Za-z]{2,}(?:[\s,.:;'’()-]+[A-Za-z]{2,}){2,}")


class Failing(AdapterBase):
    """An account whose every post fails with ``error`` (None: it is posted)."""

    def __init__(self, side: str, audience: Audience, caps: Capabilities | None = None) -> None:
        self.network = "mastodon"
        self.account = AccountRef(
            key=f"fake:{side}",
            network="mastodon",
            base_url=f"https://{side}.invalid",
            user_id="1",
            username="わたし",
            handle=f"@わたし@{side}",
            serves=frozenset({audience}),
            label="テスト",
        )
        self._caps = caps or Capabilities(audiences=BOTH)
        self.error: NetworkError | None = None

    @property
    def capabilities(self) -> Capabilities:
        return self._caps

    @property
    def limits(self) -> Limits:
        return Limits(max_characters=500, unit="graphemes")

    async def me(self) -> Author:
        raise NetworkError(ErrorKind.OFFLINE)

    async def timeline(self, *, limit: int = 20, older_than: str | None = None) -> list[Post]:
        return []

    async def stream(self, on_open: Callable[[], None] | None = None) -> AsyncIterator[Post]:
        if on_open is not None:
            on_open()
        await asyncio.Event().wait()
        yield  # type: ignore[misc]  # never: an idle stream

    async def publish(self, outgoing: Outgoing) -> Published:
        if self.error is not None:
            raise self.error
        return Published("1", "https://example.invalid/1")

    async def aclose(self) -> None:
        return None


@pytest.fixture
def japanese(qapp, tmp_path: Path) -> Iterator[None]:  # type: ignore[no-untyped-def]
    previous = QLocale()
    installed = translators.install(qapp, "ja", cache_dir=tmp_path)
    try:
        yield
    finally:
        translators.uninstall(qapp, installed)
        QLocale.setDefault(previous)  # the language of the tests after this one


def untranslated(texts: list[str]) -> list[str]:
    plain = [html.unescape(re.sub(r"<[^>]+>", " ", t)) for t in texts]
    return [t for t in plain if ENGLISH.search(t)]


def shown_after_send(qtbot, qloop, window: MainWindow, adapters: list[Failing]) -> list[str]:  # type: ignore[no-untyped-def]
    """Send one post to both sides through the composer; what the window then shows about
    it: each target's line, the composer's summary, the status bar."""
    shown: list[str] = []

    async def scenario() -> None:
        session = Session(adapters, outbox_store=OutboxStore(window.store))
        window.attach_session(session)
        try:
            composer = window.open_composer()
            composer.set_audiences(BOTH)
            composer.set_text("こんにちは")
            composer.send_now()
            await composer.wait_sent()
            await asyncio.sleep(0.05)
            shown.extend(composer.status_text(key) for key in composer.target_states())
            shown.append(composer.results.summary_label.text())
            shown.append(window.statusBar().currentMessage())
        finally:
            await window.detach_session()
            await session.aclose()

    qloop.run_until_complete(asyncio.wait_for(scenario(), 30))
    return [t for t in shown if t]


@pytest.fixture
def window(qtbot, japanese, profile_dir: Path) -> MainWindow:  # type: ignore[no-untyped-def]
    window = MainWindow(store=Store(profile_dir / "kizuna.db"), lang="ja")
    qtbot.addWidget(window)
    window.show()
    return window


@pytest.mark.parametrize("kind", list(ErrorKind), ids=lambda k: k.value)
def test_every_send_error_is_shown_in_japanese(qtbot, qloop, window, kind: ErrorKind) -> None:  # type: ignore[no-untyped-def]
    public = Failing("sora", Audience.PUBLIC)
    friends = Failing("nakama", Audience.FRIENDS)
    public.error = NetworkError(kind, SERVER_WORDS, status=422, retry_after=3.0)
    friends.error = NetworkError(kind, SERVER_WORDS)
    shown = shown_after_send(qtbot, qloop, window, [public, friends])
    assert len(shown) >= 2, shown  # both targets' lines at least
    assert untranslated(shown) == [], shown
    assert not any("Validation" in t for t in shown)


def test_a_refused_draft_is_shown_in_japanese(qtbot, qloop, window) -> None:  # type: ignore[no-untyped-def]
    """The friends account's server keeps no followers-only posts: the draft is refused
    before anything is stored, with the reason in words."""
    public = Failing("sora", Audience.PUBLIC)
    snac = Capabilities(
        audiences=frozenset({Audience.PUBLIC}), recipients=True, friends_need_recipients=True
    )
    friends = Failing("nakama", Audience.FRIENDS, snac)
    shown = shown_after_send(qtbot, qloop, window, [public, friends])
    assert shown and untranslated(shown) == [], shown
    assert OutboxStore(window.store).targets() == []  # refused before anything was stored


def test_the_english_check_would_see_an_english_sentence() -> None:
    assert untranslated(["@わたし@sora: not sent (The server refused the post.)"])
    assert untranslated(["@わたし@sora：送信できませんでした（サーバーが拒否しました）"]) == []
