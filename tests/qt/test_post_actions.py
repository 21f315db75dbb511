"""Post actions in the real main window on the sandbox (pytest-qt, qasync): a hover
button, the context menu and a keyboard shortcut each make the right call through the
account that shows the post (checked on the server); a friends-only post offers no
boost; the reply composer shows its audience locked and the reply threads through the
outbox; a gift card another demo account sends to the user shows the ribbon, and
お返しを送る sends a card back to that sender alone (checked as a third account)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QAbstractItemView, QComboBox, QMenu

from app.core.gifts import default_alt
from app.core.models import AccountRef, Audience, MediaUpload, Outgoing, Post
from app.networks.misskey import MisskeyAdapter
from app.services.catalogues import shipped
from app.ui.cards import render_card
from app.ui.composer_reply import ReplyDialog
from app.ui.main_window import MainWindow
from app.ui.post_buttons import button_rects
from app.ui.timeline_column import TimelineColumn
from tests.helpers import outside_task, run_on_sandbox, sandbox_window, until


def misskey(sandbox: Any, username: str | None, endpoint: str, **body: Any) -> Any:
    if username is not None:
        body["i"] = sandbox.token("friends", username)
    return httpx.post(f"{sandbox.friends_url}/api/{endpoint}", json=body, timeout=10).json()


def mastodon(sandbox: Any, username: str | None, method: str, path: str, **kw: Any) -> Any:
    headers = {}
    if username is not None:
        headers["Authorization"] = f"Bearer {sandbox.token('public', username)}"
    url = f"{sandbox.public_url}{path}"
    return httpx.request(method, url, headers=headers, timeout=10, **kw).json()


async def eventually(check: Callable[[], bool], timeout: float = 30.0) -> None:
    """Until ``check()`` (blocking HTTP to the sandbox) holds, run in a worker thread:
    the window's loop keeps serving the sandbox's streams meanwhile."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not await asyncio.to_thread(check):
        if loop.time() > deadline:
            raise AssertionError(f"not within {timeout}s: {check}")
        await asyncio.sleep(0.1)


async def row_of(column: TimelineColumn, remote_id: str) -> int:
    def find() -> int | None:
        for _row, post in enumerate(column.model.posts()):
            if post.subject_id == remote_id:
                return column.model.row_of(post.key)
        return None

    await until(lambda: find() is not None, timeout=30)
    found = find()
    assert found is not None
    return found


def replies_of(window: MainWindow) -> list[Any]:
    """The outbox rows of replies (each keeps the post it answers)."""
    assert window.outbox is not None
    return [t for t in window.outbox.store.targets() if t.reply_to is not None]


def post_at(column: TimelineColumn, row: int) -> Post:
    return column.model.post_at(row)


async def click_button(qtbot: Any, column: TimelineColumn, row: int, key: str) -> None:
    """Press and release the hover button ``key`` of the row, as a mouse would."""
    view = column.view
    index = column.model.index(row, 0)
    view.scrollTo(index, QAbstractItemView.ScrollHint.PositionAtTop)
    rect = view.visualRect(index)
    post = post_at(column, row)
    buttons = dict(button_rects(post, rect.width(), rect.height()))
    centre = buttons[key].center().toPoint() + rect.topLeft()
    # QTest.mouseMove processes events: never inside the scenario's task (tests.helpers).
    await outside_task(lambda: qtbot.mouseMove(view.viewport(), centre))
    await outside_task(
        lambda: qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(centre))
    )


def test_hover_menu_and_shortcut_act_through_the_showing_account(
    qtbot: Any, qloop: Any, sandbox: Any, profile_dir: Path
) -> None:
    liked = mastodon(
        sandbox, "haruka", "POST", "/api/v1/statuses", data={"status": "古本屋で見つけた"}
    )
    boosted = mastodon(sandbox, "takumi", "POST", "/api/v1/statuses", data={"status": "朝焼けの川"})
    note = misskey(sandbox, "mio", "notes/create", text="こむぎ寝てる", visibility="followers")
    note_id = note["createdNote"]["id"]

    async def body(window: MainWindow) -> None:
        public, friends = window.public_column, window.friends_column
        row = await row_of(public, liked["id"])
        await click_button(qtbot, public, row, "like")  # a hover button
        await eventually(
            lambda: (
                mastodon(sandbox, "kenji", "GET", f"/api/v1/statuses/{liked['id']}")[
                    "favourites_count"
                ]
                == 1
            )
        )

        row = await row_of(public, boosted["id"])
        menu = window.post_actions.menu_for(post_at(public, row))  # the context menu
        names = [a.objectName() for a in menu.actions()]
        assert names[:4] == [
            "post_action_reply",
            "post_action_like",
            "post_action_boost",
            "post_action_conversation",
        ]
        next(a for a in menu.actions() if a.objectName() == "post_action_boost").trigger()
        await eventually(
            lambda: (
                mastodon(sandbox, "kenji", "GET", f"/api/v1/statuses/{boosted['id']}")[
                    "reblogs_count"
                ]
                == 1
            )
        )

        row = await row_of(friends, note_id)
        post = post_at(friends, row)
        menu = window.post_actions.menu_for(post)
        names = [a.objectName() for a in menu.actions()]
        assert "post_action_boost" not in names  # friends-only: never offered
        like = next(a for a in menu.actions() if a.objectName() == "post_action_like")
        picker = like.menu()  # Misskey: a small reaction picker, the default first
        assert isinstance(picker, QMenu)
        assert next(a.text() for a in picker.actions()) == "👍"
        assert like.text() == "Like" and like.shortcut().toString() == "L"
        friends.view.setFocus()
        friends.view.setCurrentIndex(friends.model.index(row, 0))
        qtbot.keyClick(friends.view, Qt.Key.Key_B)  # not offered: nothing happens
        qtbot.keyClick(friends.view, Qt.Key.Key_L)  # the default reaction
        await eventually(
            lambda: (
                misskey(sandbox, "rin", "notes/show", noteId=note_id).get("reactions") == {"👍": 1}
            )
        )
        renotes = await asyncio.to_thread(misskey, sandbox, "rin", "notes/show", noteId=note_id)
        assert renotes.get("renoteCount", 0) == 0

    run_on_sandbox(qloop, sandbox_window(qtbot, profile_dir, avatars=False), sandbox, body)


def test_reply_composer_locks_the_audience_and_replies_through_the_outbox(
    qtbot: Any, qloop: Any, sandbox: Any, profile_dir: Path
) -> None:
    parent_id = misskey(
        sandbox, "haruka", "notes/create", text="忘年会どこにする？", visibility="followers"
    )["createdNote"]["id"]
    seen: dict[str, Any] = {}

    async def body(window: MainWindow) -> None:
        friends = window.friends_column
        row = await row_of(friends, parent_id)
        friends.view.setFocus()
        friends.view.setCurrentIndex(friends.model.index(row, 0))
        qtbot.keyClick(friends.view, Qt.Key.Key_R)
        dialog = next(d for d in window.post_actions.dialogs if isinstance(d, ReplyDialog))
        seen["audience"] = dialog.audience_label.text()
        seen["choosers"] = dialog.findChildren(QComboBox)
        assert "忘年会" in dialog.parent_label.text()
        dialog.editor.setPlainText("駅前の居酒屋がいいな")
        assert dialog.counter.text() == "10 / 3000"
        dialog.accepted.connect(lambda: seen.__setitem__("accepted", True))
        qtbot.mouseClick(dialog.send_button, Qt.MouseButton.LeftButton)
        await until(lambda: seen.get("accepted", False))
        (row_sent,) = replies_of(window)
        seen["row"] = row_sent

    run_on_sandbox(qloop, sandbox_window(qtbot, profile_dir, avatars=False), sandbox, body)
    assert "Friends only" in seen["audience"] and "locked" in seen["audience"]
    assert seen["choosers"] == []  # nothing to widen it with
    reply_id = seen["row"].remote_id
    as_friend = misskey(sandbox, "takumi", "notes/show", noteId=reply_id)
    assert (as_friend["replyId"], as_friend["visibility"]) == (parent_id, "followers")
    assert misskey(sandbox, "kaito", "notes/show", noteId=reply_id).get("isHidden") is True


def send_gift_as(sandbox: Any, sender: str, to: str) -> str:
    """``sender`` sends ``to`` a Christmas cake card, for ``to`` alone (specified)."""
    cake = shipped().gift("christmas_cake")
    alt = default_alt(cake, "わたし", "メリークリスマス！", "春香")
    png = render_card(cake, "メリークリスマス！", "わたし", "春香")
    to_id = misskey(sandbox, to, "i")["id"]
    account = AccountRef(
        key=f"misskey:{sandbox.friends_url}:{sender}",
        network="misskey",
        base_url=sandbox.friends_url,
        user_id=misskey(sandbox, sender, "i")["id"],
        username=sender,
        handle=f"@{sender}@nakama",
        serves=frozenset({Audience.FRIENDS}),
    )

    async def post() -> str:
        adapter = MisskeyAdapter(account, sandbox.token("friends", sender))
        try:
            out = Outgoing(
                "メリクリ！カード送るね🎄",
                Audience.FRIENDS,
                recipients=(to_id,),
                media=(MediaUpload(png, "card.png", "image/png", alt),),
            )
            return (await adapter.publish(out)).remote_id
        finally:
            await adapter.aclose()

    return asyncio.run(post())


def test_a_gift_for_me_shows_the_ribbon_and_the_return_goes_to_its_sender_only(
    qtbot: Any, qloop: Any, sandbox: Any, profile_dir: Path
) -> None:
    gift_id = send_gift_as(sandbox, "haruka", "me")
    other = misskey(sandbox, "takumi", "notes/create", text="今日は寒いね", visibility="followers")
    seen: dict[str, Any] = {}

    async def body(window: MainWindow) -> None:
        friends = window.friends_column
        row = await row_of(friends, gift_id)
        post = post_at(friends, row)
        seen["ribbon"] = window.post_actions.ribbon_for(post)
        layout = friends.delegate.layout_for(
            post, friends.view.viewport().width(), friends.view.font()
        )
        seen["painted"] = layout.ribbon is not None
        other_row = await row_of(friends, other["createdNote"]["id"])
        seen["other"] = window.post_actions.ribbon_for(post_at(friends, other_row))
        menu = window.post_actions.menu_for(post)
        action = next(a for a in menu.actions() if a.objectName() == "post_action_return_gift")
        assert action.text() == "Send a return gift"
        action.trigger()
        dialog = next(d for d in window.post_actions.dialogs if isinstance(d, ReplyDialog))
        seen["text"] = dialog.editor.toPlainText()
        seen["card"] = dialog.card_label.isVisibleTo(dialog)
        dialog.accepted.connect(lambda: seen.__setitem__("accepted", True))
        qtbot.mouseClick(dialog.send_button, Qt.MouseButton.LeftButton)
        await until(lambda: seen.get("accepted", False), timeout=30)
        (sent,) = replies_of(window)
        seen["remote"] = sent.remote_id

    run_on_sandbox(qloop, sandbox_window(qtbot, profile_dir, avatars=False), sandbox, body)
    assert seen["ribbon"] == "A gift for you" and seen["painted"]  # the English UI's words
    assert seen["other"] is None
    assert seen["text"].startswith("春香へ") and "お返し" in seen["text"]
    assert seen["card"]
    haruka_id = misskey(sandbox, "haruka", "i")["id"]
    as_haruka = misskey(sandbox, "haruka", "notes/show", noteId=seen["remote"])
    assert as_haruka["visibility"] == "specified" and as_haruka["visibleUserIds"] == [haruka_id]
    assert as_haruka["replyId"] == gift_id
    (card,) = as_haruka["files"]
    assert "クリスマスケーキのカード" in card["comment"] and "春香さんへ" in card["comment"]
    # A third account of the circle (a friend of both) does not see it.
    assert misskey(sandbox, "takumi", "notes/show", noteId=seen["remote"]).get("isHidden") is True
