"""A user who opens the composer at once, before any account is attached or any timeline
page has loaded, still gets the servers' own limits in the counters: the adapters read
Mastodon's /api/v2/instance ``max_characters`` (and ``characters_reserved_per_url``) and
Misskey's /api/meta ``maxNoteTextLength`` with the first page (over real HTTP on
127.0.0.1, the sandbox servers set to non-default limits), and the open composer follows
without any typing. A text over one network's limit turns Send off and says which network
it is."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from app.core.models import Audience
from app.sandbox import mastodon_api, misskey_api
from app.services.session import open_sandbox_session
from app.store.db import Store
from app.ui.main_window import MainWindow
from tests.helpers import until

BOTH = frozenset({Audience.PUBLIC, Audience.FRIENDS})


def test_counters_take_the_servers_limits_that_arrive_after_opening(
    qtbot, qloop, sandbox, profile_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(mastodon_api, "MAX_CHARACTERS", 1000)
    monkeypatch.setattr(misskey_api, "MAX_NOTE_TEXT_LENGTH", 700)
    monkeypatch.setattr(mastodon_api, "URL_RESERVED", 40)
    window = MainWindow(store=Store(profile_dir / "kizuna.db"), lang="en")
    qtbot.addWidget(window)
    window.show()
    composer = window.open_composer(audiences=BOTH)  # at once: no account yet
    assert composer.counts() == {} and not composer.send_button.isEnabled()
    composer.set_texts({Audience.PUBLIC: "あ" * 800, Audience.FRIENDS: "あ" * 800})

    async def scenario() -> None:
        session = await open_sandbox_session(sandbox.data_dir, activity=None)
        try:
            window.attach_session(session)
            await window.wait_loaded()

            def limits() -> dict[Audience, int]:
                return {
                    composer.target_audience(key): c.limit for key, c in composer.counts().items()
                }

            # Nobody types: the open composer asks for its targets again by itself.
            await until(lambda: limits() == {Audience.PUBLIC: 1000, Audience.FRIENDS: 700})
            counts = {composer.target_audience(k): c for k, c in composer.counts().items()}
            assert counts[Audience.PUBLIC].fits and not counts[Audience.FRIENDS].fits
            assert not composer.send_button.isEnabled()
            hint = composer.limit_hint.text()
            assert hint.startswith("Too long for Misskey (") and "800 of 700" in hint
            assert "Mastodon" not in hint
            composer.set_text("あ" * 600, Audience.FRIENDS)
            assert composer.send_button.isEnabled() and not composer.limit_hint.isVisible()
            # A link weighs what this server reserves per URL (40 here), not 23.
            composer.set_text("あ" * 10 + " https://example.com/page", Audience.PUBLIC)
            used = {composer.target_audience(k): c.used for k, c in composer.counts().items()}
            assert used[Audience.PUBLIC] == 10 + 1 + 40
        finally:
            await window.detach_session()
            await session.aclose()

    qloop.run_until_complete(asyncio.wait_for(scenario(), 60))
