"""The conversation view on the sandbox: opened from a post's action in the main window,
it lists the post's ancestors, the post (current) and its replies, oldest first, with
the same actions on its rows; a thread whose network lists ancestors only says so."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt

from app.core.models import Audience, Author, Post
from app.services.answers import Thread
from app.ui.conversation_view import ConversationView
from app.ui.main_window import MainWindow
from tests.helpers import run_on_sandbox, sandbox_window, until
from tests.qt.test_post_actions import mastodon, post_at, row_of


def status_as(sandbox: Any, who: str, text: str, reply_to: str | None = None) -> str:
    data = {"status": text}
    if reply_to is not None:
        data["in_reply_to_id"] = reply_to
    return str(mastodon(sandbox, who, "POST", "/api/v1/statuses", data=data)["id"])


def test_conversation_shows_ancestors_the_post_and_replies(
    qtbot: Any, qloop: Any, sandbox: Any, profile_dir: Path
) -> None:
    first = status_as(sandbox, "haruka", "来週の読書会、課題本どうしましょう？")
    middle = status_as(sandbox, "takumi", "『銀河鉄道の夜』はどうですか", reply_to=first)
    last = status_as(sandbox, "kenji", "賛成です！冬にぴったり", reply_to=middle)
    seen: dict[str, Any] = {}

    async def body(window: MainWindow) -> None:
        public = window.public_column
        row = await row_of(public, middle)
        public.view.setFocus()
        public.view.setCurrentIndex(public.model.index(row, 0))
        qtbot.keyClick(public.view, Qt.Key.Key_O)
        view = next(d for d in window.post_actions.dialogs if isinstance(d, ConversationView))
        await until(lambda: view.shown is not None)
        seen["ids"] = [view.model.post_at(i).subject_id for i in range(view.model.rowCount())]
        seen["current"] = view.view.currentIndex().row()
        seen["status"] = view.status.text()
        seen["note"] = view.note.isVisibleTo(view)
        seen["menu"] = [
            a.objectName() for a in window.post_actions.menu_for(view.model.post_at(0)).actions()
        ]
        seen["post"] = post_at(public, row).subject_id

    run_on_sandbox(qloop, sandbox_window(qtbot, profile_dir, avatars=False), sandbox, body)
    assert seen["ids"] == [first, middle, last]
    assert seen["current"] == 1
    assert seen["status"].startswith("1 earlier post") and " · 1 repl" in seen["status"]
    assert seen["note"] is False
    assert "post_action_reply" in seen["menu"]  # its rows have the actions too


def test_ancestors_only_is_said(qtbot: Any) -> None:
    def post(i: int) -> Post:
        author = Author(f"did:{i}", "haruka", "@haruka.test", "春香")
        at = datetime(2026, 12, 24, 9, i, tzinfo=UTC)
        return Post(str(i), "bluesky", "k", author, at, f"投稿 {i}", "", Audience.PUBLIC, "public")

    view = ConversationView(post(1))
    qtbot.addWidget(view)
    view.show_thread(Thread(post(1), (post(0),), (), replies_known=False))
    assert view.note.isVisibleTo(view) and "No replies can be looked up" in view.note.text()
    assert view.model.rowCount() == 2 and view.view.currentIndex().row() == 1
