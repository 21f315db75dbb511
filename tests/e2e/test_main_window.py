"""End to end: the sandbox on free ports, the real main window, the real composer.

A post to both circles arrives in both columns through the live streams (the app never
reloads a timeline after its first page), and a friends-only post arrives in the friends
column and never in the public one.
"""

from __future__ import annotations

import asyncio
import uuid
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from app.core.models import Audience, Post
from app.services.session import open_sandbox_session
from app.services.timeline import LiveState
from app.ui.main_window import MainWindow
from app.ui.timeline_model import TimelineModel
from tests.helpers import sandbox_window, until

pytestmark = pytest.mark.e2e


def texts(model: TimelineModel) -> list[str]:
    return [model.post_at(row).text for row in range(model.rowCount())]


def has(model: TimelineModel, needle: str) -> bool:
    return any(needle in t for t in texts(model))


@pytest.fixture
def window(qtbot: object, profile_dir: Path) -> MainWindow:
    return sandbox_window(qtbot, profile_dir)


def test_posts_reach_the_right_columns_live(qtbot, qloop, sandbox, window: MainWindow) -> None:
    tag = uuid.uuid4().hex[:8]
    both_text = f"みなさん、こんにちは！両方へ {tag}"
    friends_text = f"友だちだけに内緒の話 {tag}"
    marker_text = f"公開の目印 {tag}"
    public = window.public_column.model
    friends = window.friends_column.model
    timeline_calls = {"n": 0}

    async def scenario() -> None:
        session = await open_sandbox_session(sandbox.data_dir, store=window.store)
        assert session.is_sandbox and not session.waiting_for_sign_in()
        # Count page loads: after the first page, posts may only arrive by streaming.
        for adapter in session.adapters:
            original = adapter.timeline

            async def counted(*a, _orig=original, **kw):  # type: ignore[no-untyped-def]
                timeline_calls["n"] += 1
                return await _orig(*a, **kw)

            adapter.timeline = counted  # type: ignore[method-assign]
        try:
            window.attach_session(session)
            await window.wait_loaded()
            assert public.rowCount() > 0 and friends.rowCount() > 0
            assert "@me@sora" in window.accounts_label.text()
            assert "@me@nakama" in window.accounts_label.text()
            assert window.banner.isVisible()
            await until(lambda: window.public_column.state is LiveState.LIVE)
            await until(lambda: window.friends_column.state is LiveState.LIVE)
            pages_after_load = timeline_calls["n"]

            composer = window.open_composer()
            composer.set_audiences(frozenset({Audience.PUBLIC, Audience.FRIENDS}))
            edit = composer.edit
            edit.setFocus()
            composer.set_text(both_text)
            # Plain Enter confirms an IME conversion and must never send.
            qtbot.keyClick(edit, Qt.Key.Key_Return)
            await asyncio.sleep(0.3)
            assert not has(public, tag) and not has(friends, tag)
            edit.setPlainText(both_text)
            qtbot.keyClick(edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)

            await until(lambda: has(public, both_text) and has(friends, both_text))
            await composer.wait_sent()  # the stream can beat the reply to the send
            statuses = composer.target_states()
            assert len(statuses) == 2 and set(statuses.values()) == {"sent"}

            composer.set_audiences(frozenset({Audience.FRIENDS}))
            composer.set_text(friends_text)
            qtbot.keyClick(composer.edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
            await until(lambda: has(friends, friends_text))
            await composer.wait_sent()
            friends_post: Post = next(
                friends.post_at(r)
                for r in range(friends.rowCount())
                if friends_text in friends.post_at(r).text
            )
            assert friends_post.audience is Audience.FRIENDS

            # A public post sent after it arrives on the same stream; by then the friends
            # post would have arrived too if it were ever going to leak.
            composer.set_audiences(frozenset({Audience.PUBLIC}))
            composer.set_text(marker_text)
            qtbot.keyClick(composer.edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
            await until(lambda: has(public, marker_text))
            assert not has(public, friends_text)
            assert not has(friends, marker_text)
            assert timeline_calls["n"] == pages_after_load, "posts must arrive by streaming"
        finally:
            await window.detach_session()
            await session.aclose()

    qloop.run_until_complete(asyncio.wait_for(scenario(), 90))
