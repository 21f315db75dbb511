"""The notifications panel and its controller with pytest-qt, over the real notifications
service and profile store, fed by an adapter that polls (a network without a stream,
implementing the protocol's ``notifications(since)`` honestly): rows in words per kind,
filtered per circle, the unread count and its accessible name, opening marks seen, a gift
card and a mention ask for a desktop notice and the setting silences them, a failing
network is said in words, and the model passes Qt's model tester."""

from __future__ import annotations

import asyncio
import itertools
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from app.core.errors import ErrorKind, NetworkError
from app.core.gifts import default_alt
from app.core.models import (
    AccountRef,
    Audience,
    Author,
    Capabilities,
    Limits,
    MediaAttachment,
    Notification,
    NotificationKind,
    Post,
)
from app.networks.base import AdapterBase
from app.services.catalogues import shipped
from app.services.session import Session
from app.store.db import Store
from app.store.outbox import OutboxStore
from app.ui.notifications_controller import NotificationsController
from app.ui.notifications_model import NotificationsModel
from app.ui.top_bar import TopBar
from tests.helpers import until

T0 = datetime.now(UTC) - timedelta(minutes=5)
TICKS = itertools.count()  # one second apart, across accounts: a clear order


class Polled(AdapterBase):
    """An account whose server lists notifications (no stream): newest first, only those
    after ``since`` when given; ``error`` fails the next calls."""

    def __init__(self, key: str, serves: Audience) -> None:
        self.network = "mastodon"
        self.account = AccountRef(
            key=key,
            network="mastodon",
            base_url=f"https://{key}.invalid",
            user_id="1",
            username="me",
            handle=f"@me@{key}",
            serves=frozenset({serves}),
        )
        self.items: list[Notification] = []  # oldest first
        self.error: NetworkError | None = None

    @property
    def capabilities(self) -> Capabilities:
        return Capabilities(audiences=frozenset(Audience), notifications=True)

    @property
    def limits(self) -> Limits:
        return Limits(max_characters=500, unit="graphemes")

    async def notifications(self, since: str | None = None) -> list[Notification]:
        if self.error is not None:
            raise self.error
        ids = [n.id for n in self.items]
        after = ids.index(since) + 1 if since in ids else 0
        return list(reversed(self.items[after:]))

    async def aclose(self) -> None:
        return None

    def receive(self, kind: NotificationKind, who: str, text: str = "", **kw: Any) -> Notification:
        author = Author(who, who, f"@{who}@{self.account.key}", kw.pop("name", who))
        at = T0 + timedelta(seconds=next(TICKS))
        post = None
        if kind is not NotificationKind.FOLLOW:
            post = Post(
                id=f"p{len(self.items)}",
                network="mastodon",
                account_key=self.account.key,
                author=author,
                created_at=at,
                text=text,
                html=text,
                audience=kw.pop("audience", Audience.PUBLIC),
                visibility="public",
                url=f"https://{self.account.key}.invalid/@{who}/{len(self.items)}",
                media=kw.pop("media", ()),
            )
        n = Notification(
            str(len(self.items) + 1), kind, self.account.key, author, at, post, kw.pop("r", "")
        )
        self.items.append(n)
        return n


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    db = Store(tmp_path / "kizuna.db")
    yield db
    db.close()


def _controller(qtbot: Any, enabled: list[bool]) -> tuple[NotificationsController, TopBar]:
    bar = TopBar(use_sandbox=False, mourning=False, language="en")
    qtbot.addWidget(bar)
    controller = NotificationsController(
        window=bar, lang="en", notices_enabled=lambda: enabled[0], open_url=lambda url: None
    )
    controller.countChanged.connect(bar.set_notifications_count)
    return controller, bar


def test_rows_count_filter_seen_and_desktop_notices(
    qtbot: Any, qloop: Any, qtmodeltester: Any, store: Store
) -> None:
    sora, nakama = Polled("sora", Audience.PUBLIC), Polled("nakama", Audience.FRIENDS)
    sora.receive(NotificationKind.FOLLOW, "rin")  # the backlog: counted, not announced
    session = Session([sora, nakama], outbox_store=OutboxStore(store))
    session.notifications.poll_interval = 0.05
    enabled = [True]
    controller, bar = _controller(qtbot, enabled)
    notices: list[tuple[str, str]] = []
    controller.notice_wanted.connect(lambda title, body: notices.append((title, body)))
    qtmodeltester.check(controller.model)
    cake = shipped().gifts[0]
    card = MediaAttachment("https://nakama.invalid/card.png", description=default_alt(cake, "", ""))

    async def scenario() -> None:
        controller.attach(session)
        try:
            await until(lambda: controller.count == 1)
            assert notices == []
            sora.receive(NotificationKind.MENTION, "rin", "@me 初詣いこう", name="りん")
            sora.receive(NotificationKind.REACTION, "aoi", "わたしの投稿", r="🎍")
            nakama.receive(
                NotificationKind.REPLY, "haruka", "@me カードどうぞ", media=(card,),
                audience=Audience.FRIENDS, name="はるか",
            )  # fmt: skip
            await until(lambda: controller.count == 4)
            assert bar.notifications_button.text() == "Notifications (4)"
            assert bar.notifications_button.accessibleName() == "Notifications, 4 unread"
            assert ("りん mentioned you", "@me 初詣いこう") in notices
            assert ("はるか sent you a gift", f"A gift card for you: {cake.name_en}") in notices
            assert len(notices) == 2  # a reaction is not announced

            model = controller.model
            qtmodeltester.check(model)
            heads = [model.display_text(model.row_at(r)).split(" · ")[0] for r in range(4)]
            assert heads == [
                "[Friends] はるか replied to you",
                "[Public] aoi reacted 🎍 to your post",
                "[Public] りん mentioned you",
                "[Public] rin followed you",
            ]
            spoken = model.data(model.index(0), 0x0B)  # AccessibleTextRole
            assert spoken.startswith("Unread. Friends, はるか replied to you")

            panel = controller.open_panel()
            assert controller.count == 0 and bar.notifications_button.text() == "Notifications"
            assert session.notifications.unseen_count() == 0
            panel.show_circle(2)
            assert [r.notification.author.username for r in panel.visible_rows()] == ["haruka"]
            panel.show_circle(1)
            assert len(panel.visible_rows()) == 3
            panel.show_circle(0)
            assert len(panel.visible_rows()) == 4
            panel.close()

            enabled[0] = False  # 設定 → desktop notifications off
            sora.receive(NotificationKind.MENTION, "rin", "@me また明日")
            await until(lambda: controller.count == 1)
            assert len(notices) == 2

            # A failing server is said in words in the panel, and the watch goes on.
            sora.error = NetworkError(ErrorKind.OFFLINE, "refused")
            session.notifications.reconnect_cap = 0.05
            panel = controller.open_panel()
            await until(lambda: "Cannot reach the server" in panel.status_label.text())
            assert panel.status_label.text().startswith("Notifications are delayed")
            sora.error = None
            sora.receive(NotificationKind.BOOST, "rin", "わたしの投稿")
            await until(lambda: controller.model.rowCount() == 6)
            assert controller.count == 0  # the panel is open: seen at once
        finally:
            await controller.detach()

    qloop.run_until_complete(asyncio.wait_for(scenario(), 60))


def test_a_row_opens_its_post_and_the_rows_come_back_after_a_restart(
    qtbot: Any, qloop: Any, store: Store
) -> None:
    sora = Polled("sora", Audience.PUBLIC)
    mention = sora.receive(NotificationKind.MENTION, "rin", "@me よろしく")
    follow = sora.receive(NotificationKind.FOLLOW, "aoi")
    session = Session([sora], outbox_store=OutboxStore(store))
    controller, _bar = _controller(qtbot, [True])
    opened: list[str] = []
    controller._open_url = opened.append

    async def scenario() -> None:
        controller.attach(session)
        await until(lambda: controller.model.rowCount() == 2)
        await controller.detach()

    qloop.run_until_complete(asyncio.wait_for(scenario(), 30))
    # A new window over the same profile shows them at once, before any network call.
    again = NotificationsModel(lang="en")
    again.set_rows(
        Session(
            [Polled("sora", Audience.PUBLIC)], outbox_store=OutboxStore(store)
        ).notifications.recent()
    )
    assert [again.row_at(r).notification.id for r in range(2)] == [follow.id, mention.id]
    controller.open_notification(again.row_at(1))
    controller.open_notification(again.row_at(0))  # a follow: no post to open
    assert opened == [mention.post.url]  # type: ignore[union-attr]
