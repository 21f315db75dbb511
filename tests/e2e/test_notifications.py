"""End to end: the real main window on the sandbox. A mention posted by another demo
account through the sandbox's own API appears in the notifications panel's model and the
unread count in the top bar goes up, without a restart; opening the panel marks it seen;
a desktop notice is asked for, unless 設定 turns those off; a row opens its post's
conversation."""

from __future__ import annotations

import asyncio
import uuid
from pathlib import Path
from typing import Any

import httpx
import pytest
from PySide6.QtCore import Qt

from app.core.models import NotificationKind
from app.services.notifications import DESKTOP_NOTICES, Watching
from app.services.prefs import Settings
from app.services.session import open_sandbox_session
from app.store.db import Store
from app.ui.conversation_view import ConversationView
from app.ui.main_window import MainWindow
from tests.helpers import until

pytestmark = pytest.mark.e2e


@pytest.fixture
def window(qtbot: Any, profile_dir: Path) -> MainWindow:
    store = Store(profile_dir / "kizuna.db")
    win = MainWindow(store=store, lang="en")
    qtbot.addWidget(win)
    win.resize(1200, 800)
    win.show()
    return win


def _mention(sandbox: Any, text: str) -> None:
    httpx.post(
        f"{sandbox.public_url}/api/v1/statuses",
        headers={"Authorization": f"Bearer {sandbox.token('public', 'rin')}"},
        data={"status": f"@me {text}", "visibility": "public"},
    ).raise_for_status()


def _texts(window: MainWindow) -> list[str]:
    model = window.notices.model
    return [model.display_text(model.row_at(r)) for r in range(model.rowCount())]


def _live(window: MainWindow) -> bool:
    states = window.notices._states
    return bool(states) and all(s.watching is Watching.LIVE for s in states.values())


def test_a_mention_arrives_live_with_the_unread_count(
    qtbot: Any, qloop: Any, sandbox: Any, window: MainWindow
) -> None:
    tag = uuid.uuid4().hex[:8]
    notices: list[tuple[str, str]] = []
    window.notices.notice_wanted.connect(lambda title, body: notices.append((title, body)))
    opened: list[str] = []
    window.notices._open_url = opened.append
    button = window.top_bar.notifications_button

    async def scenario() -> None:
        session = await open_sandbox_session(sandbox.data_dir, store=window.store)
        try:
            window.attach_session(session)
            await until(lambda: _live(window))
            before = window.notices.count
            await asyncio.to_thread(_mention, sandbox, f"初詣いこう {tag}")
            await until(lambda: any(tag in t for t in _texts(window)))
            await until(lambda: window.notices.count == before + 1)
            assert f"({before + 1})" in button.text()
            assert f"{before + 1} unread" in button.accessibleName()
            row = next(
                window.notices.model.row_at(r)
                for r in range(window.notices.model.rowCount())
                if tag in window.notices.model.display_text(window.notices.model.row_at(r))
            )
            assert row.notification.kind is NotificationKind.MENTION and not row.seen
            assert any(tag in body for _title, body in notices)  # a desktop notice asked for

            qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
            panel = window.notices.panel
            assert panel is not None and panel.isVisible()
            await until(lambda: window.notices.count == 0)
            assert button.text() == "Notifications"
            assert session.notifications.unseen_count() == 0
            assert all(r.seen for r in panel.visible_rows())
            panel.show_circle(2)  # friends only: the public mention is not there
            assert not any(r.key == row.key for r in panel.visible_rows())
            panel.show_circle(1)
            shown = [r.key for r in panel.visible_rows()]
            assert row.key in shown
            # A row opens its post's conversation (the browser only where that cannot be).
            panel.list.activated.emit(panel.proxy.index(shown.index(row.key), 0))
            views = [d for d in window.post_actions.dialogs if isinstance(d, ConversationView)]
            assert len(views) == 1 and views[0].post == row.notification.post
            await until(lambda: views[0].shown is not None)
            assert views[0].shown.post.id == row.notification.post.id  # type: ignore[union-attr]
            assert opened == []
            views[0].close()
            panel.close()

            # 設定 → desktop notifications off: the next mention is counted, not announced.
            window.top_bar.desktop_notices_action.trigger()
            assert not window.top_bar.desktop_notices_action.isChecked()
            # Remembered in the profile (written off the GUI thread).
            await until(lambda: Settings(window.store).get(DESKTOP_NOTICES) is False)
            notices.clear()
            await asyncio.to_thread(_mention, sandbox, f"静かに {tag}")
            await until(lambda: window.notices.count == 1)
            assert notices == []
        finally:
            await window.detach_session()
            await session.aclose()

    qloop.run_until_complete(asyncio.wait_for(scenario(), 90))


@pytest.mark.parametrize(
    ("lang", "words"),
    [("en", "A gift card for you: {en}"), ("ja", "あなたへのギフトカード：{ja}")],
)
def test_a_gift_card_notice_names_the_gift_in_the_ui_language(
    qtbot: Any, qapp: Any, qloop: Any, tmp_path: Path, lang: str, words: str
) -> None:
    """kenji sends the demo user a card on the public network, a mention with it (the
    sandbox's own activity): the desktop notice names the gift in the window's language."""
    import functools
    import random

    from app.sandbox.activity import send_gift
    from app.sandbox.runner import SandboxThread
    from app.services.catalogues import shipped
    from tests.helpers import ui_language
    from tests.sandbox.test_ledger import on_server

    thread = SandboxThread(tmp_path / "sandbox", public_port=0, friends_port=0, activity=False)
    info: Any = thread.start()
    notices: list[tuple[str, str]] = []
    sent: dict[str, Any] = {}

    async def scenario(window: MainWindow) -> None:
        session = await open_sandbox_session(info.data_dir, store=window.store)
        try:
            window.attach_session(session)
            await until(lambda: _live(window))
            gift = functools.partial(send_gift, rng=random.Random(2), by="kenji")
            sent.update(await asyncio.to_thread(on_server, thread, "public", gift))
            await until(lambda: len(notices) == 1)
        finally:
            await window.detach_session()
            await session.aclose()

    try:
        with ui_language(qapp, lang, tmp_path / "translations"):
            window = MainWindow(store=Store(tmp_path / "kizuna.db"), lang=lang)
            qtbot.addWidget(window)
            window.show()
            window.notices.notice_wanted.connect(lambda title, body: notices.append((title, body)))
            qloop.run_until_complete(asyncio.wait_for(scenario(window), 60))
    finally:
        thread.stop()
    cake = shipped().gift(sent["gift"])
    assert cake.name_ja != cake.name_en
    [(_title, body)] = notices
    assert body == words.replace("{en}", cake.name_en).replace("{ja}", cake.name_ja)
