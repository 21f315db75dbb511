"""Issue 3's "done when", without the UI, over real HTTP against both sandbox servers.

On 2026-12-20 (injected clock) the user sends a polite public クリスマス text and a casual
friends text with a ケーキ card for two friends, scheduled for 12/24 21:00 JST. Nothing goes
out at 20:59; at 21:00 each side gets its own card as an image with its alt text: the
public an open card that names nobody (checked in its alt text and in its pixels), the
friends side the card addressed to the two friends, only for them. Also: a retry never
uploads a card twice, and a schedule missed while the app was closed waits for the user.
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import httpx
import pytest
from PySide6.QtCore import QRect
from PySide6.QtGui import QImage

from app.core import gifts, templates
from app.core.models import Audience, Friend, MediaUpload
from app.networks.base import ErrorKind, NetworkAdapter, NetworkError
from app.networks.mastodon import MastodonAdapter
from app.networks.misskey import MisskeyAdapter
from app.services.catalogues import shipped
from app.services.outbox import OutboxService
from app.services.poster import Poster
from app.services.poster import TargetState as PosterState
from app.services.send import Refusal, SendRefused
from app.services.session import Session, open_sandbox_session
from app.store.db import Store
from app.store.outbox import LATE, OutboxStore, TargetState

TOKYO = ZoneInfo("Asia/Tokyo")
CHOSEN = ("haruka", "takumi")
CHOSEN_NAMES = ("春香", "拓海", "haruka", "takumi", "はるか", "たくみ")  # display names first
THIRD_FRIEND = "mio"  # in the circle, not chosen
STRANGER = "kaito"
# Where a horizontal 1200×800 card sets 「〇〇さんへ」 (app.ui.cards): above the message.
NAME_BAND = QRect(600, 70, 540, 90)


class Clock:
    def __init__(self, at: datetime) -> None:
        self.now = at.timestamp()

    def set(self, at: datetime) -> None:
        self.now = at.timestamp()

    def __call__(self) -> float:
        return self.now


def tokyo(month: int, day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=TOKYO)


def christmas_texts(tag: str) -> dict[Audience, str]:
    [christmas] = [o for o in shipped().on(2026) if o.key == "christmas"]
    today = tokyo(12, 20, 12)
    polite = templates.render(
        shipped().suggest("christmas", "polite")[0], occasion=christmas, today=today
    )
    casual = templates.render(
        shipped().suggest("christmas", "casual")[0], occasion=christmas, today=today
    )
    return {
        Audience.PUBLIC: f"{polite} {tag}\n\n#メリークリスマス",
        Audience.FRIENDS: f"{casual} {tag}\n\n#メリクリ",
    }


def cake_cards(chosen: list[Friend]) -> Any:
    """The composer's gift draft for ``chosen`` (rendered as the gift picker renders it):
    an open card for the public, the card addressed to ``chosen`` for friends."""
    from app.ui.cards import render_card
    from app.ui.gift_picker import GiftCard, GiftDraft, recipients_name

    gift = shipped().gift("christmas_cake")
    message, sender = gift.message_ja, "わたし"
    made = []
    for audience, name in (
        (Audience.PUBLIC, ""),
        (Audience.FRIENDS, recipients_name(chosen)),
    ):
        png = render_card(gift, message, name, sender)
        alt = gifts.default_alt(gift, name, message, sender)
        made.append(GiftCard(audience, png, alt, name, f"{gift.key}-{audience.value}.png"))
    return GiftDraft(gift.key, message, sender, tuple(made), tuple(chosen))


def ink_in(png: bytes, region: QRect) -> int:
    """Dark pixels (text ink, in black or in the card's red) inside ``region``."""
    image = QImage()
    assert image.loadFromData(png, "PNG")
    grey = image.copy(region).convertToFormat(QImage.Format.Format_Grayscale8)
    stride, data = grey.bytesPerLine(), bytes(grey.constBits())
    return sum(
        1
        for y in range(grey.height())
        for v in data[y * stride : y * stride + grey.width()]
        if v < 130
    )


def adapter_of(session: Session, kind: type) -> Any:
    return next(a for a in session.adapters if isinstance(a, kind))


def misskey_note(sandbox: Any, note_id: str, as_user: str | None) -> dict[str, Any]:
    body: dict[str, Any] = {"noteId": note_id}
    if as_user:
        body["i"] = sandbox.token("friends", as_user)
    r = httpx.post(f"{sandbox.friends_url}/api/notes/show", json=body, timeout=10)
    r.raise_for_status()
    return dict(r.json())


def misskey_timeline_texts(sandbox: Any, as_user: str) -> list[str]:
    r = httpx.post(
        f"{sandbox.friends_url}/api/notes/timeline",
        json={"i": sandbox.token("friends", as_user), "limit": 100},
        timeout=10,
    )
    r.raise_for_status()
    return [n.get("text") or "" for n in r.json()]


def own_posts(sandbox: Any, tag: str) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The demo user's statuses on sora and notes on nakama that carry ``tag``."""
    auth = {"Authorization": f"Bearer {sandbox.token('public')}"}
    me = httpx.get(f"{sandbox.public_url}/api/v1/accounts/verify_credentials", headers=auth)
    statuses = httpx.get(
        f"{sandbox.public_url}/api/v1/accounts/{me.json()['id']}/statuses?limit=40", headers=auth
    ).json()
    notes = httpx.post(
        f"{sandbox.friends_url}/api/notes/timeline",
        json={"i": sandbox.token("friends"), "limit": 100},
    ).json()
    return (
        [s for s in statuses if tag in s["content"]],
        [n for n in notes if tag in (n.get("text") or "") and n["user"]["username"] == "me"],
    )


def _outbox(profile: Path, session: Session, clock: Clock) -> OutboxService:
    return OutboxService(OutboxStore(Store(profile / "kizuna.db")), session.adapters, clock=clock)


def test_a_scheduled_christmas_cake_arrives_at_21_only_for_two_friends(
    sandbox: Any, profile_dir: Path, qapp: object
) -> None:
    tag = uuid.uuid4().hex[:8]
    texts = christmas_texts(tag)
    clock = Clock(tokyo(12, 20, 12))

    async def scenario() -> tuple[list[Any], list[Any], list[Any], Any]:
        session = await open_sandbox_session(sandbox.data_dir, activity=None)
        outbox = _outbox(profile_dir, session, clock)
        try:
            friends = await adapter_of(session, MisskeyAdapter).friends()
            chosen = [f for f in friends if f.username in CHOSEN]
            draft = cake_cards(chosen)
            poster = Poster(session.adapters, outbox)
            # As MainWindow._send_draft sends a composed draft: each audience its own card.
            queued = await poster.send_draft(
                texts, media=draft.media(), recipients=draft.recipients, at=tokyo(12, 24, 21)
            )
            clock.set(tokyo(12, 24, 20, 59))
            early = await outbox.run_due()
            assert own_posts(sandbox, tag) == ([], [])  # really nothing on either server
            clock.set(tokyo(12, 24, 21))
            sent = await outbox.run_due()
            again = await outbox.run_due()  # nothing is sent twice
            assert again == []
            return queued, early, sent, draft
        finally:
            outbox.store.store.close()
            await session.aclose()

    queued, early, sent, draft = asyncio.run(scenario())
    open_card, addressed = draft.card(Audience.PUBLIC), draft.card(Audience.FRIENDS)
    assert addressed.recipient == "春香さん、拓海さん"
    assert [r.state for r in queued] == [PosterState.QUEUED, PosterState.QUEUED]
    assert early == []
    assert {(t.audience, t.state) for t in sent} == {
        (Audience.PUBLIC, TargetState.SENT),
        (Audience.FRIENDS, TargetState.SENT),
    }
    statuses, notes = own_posts(sandbox, tag)
    assert len(statuses) == 1 and len(notes) == 1  # exactly one post per circle

    # Public: the open card with its own description — nobody's name, in words or pixels.
    status = httpx.get(f"{sandbox.public_url}/api/v1/statuses/{statuses[0]['id']}").json()
    assert status["visibility"] == "public"
    [picture] = status["media_attachments"]
    assert picture["type"] == "image" and picture["description"] == open_card.alt
    assert "素敵なクリスマス" in status["content"] or "メリークリスマス" in status["content"]
    for name in CHOSEN_NAMES:
        assert name not in picture["description"] and name not in status["content"]
    public_png = httpx.get(picture["url"]).content
    assert public_png == open_card.png and public_png != addressed.png
    # The band where a card sets 「〇〇さんへ」 is bare paper on the public card; on the
    # friends card the two names are painted there.
    assert ink_in(public_png, NAME_BAND) == 0
    assert ink_in(addressed.png, NAME_BAND) > 500

    # Friends: only the two chosen friends see the note and the card addressed to them.
    note_id = notes[0]["id"]
    for friend in CHOSEN:
        note = misskey_note(sandbox, note_id, friend)
        assert note["visibility"] == "specified"
        assert sorted(note["visibleUserIds"]) == sorted(f.user_id for f in draft.recipients)
        assert note["text"] == texts[Audience.FRIENDS]
        [card] = note["files"]
        assert card["type"] == "image/png" and card["comment"] == addressed.alt
        assert card["comment"].startswith("春香さん、拓海さんへのクリスマスケーキのカード。")
        assert httpx.get(card["url"]).content == addressed.png
    for outsider in (THIRD_FRIEND, STRANGER, None):
        hidden = misskey_note(sandbox, note_id, outsider)
        assert hidden.get("isHidden") is True
        assert hidden["files"] == [] and hidden["text"] is None
    for outsider in (THIRD_FRIEND, STRANGER):
        assert not any(tag in t for t in misskey_timeline_texts(sandbox, outsider))


def _spy(adapter: NetworkAdapter, uploads: list[str], fail_first_publish: bool) -> None:
    """Count the adapter's uploads; make its first publish fail like a 503 after the
    uploads went through (so the retry must reuse them)."""
    real_upload: Callable[..., Any] = adapter.upload  # type: ignore[attr-defined]
    real_publish = adapter.publish
    failed: list[bool] = []

    async def upload(media: MediaUpload) -> str:
        media_id = await real_upload(media)
        uploads.append(media_id)
        return str(media_id)

    async def publish(outgoing: Any) -> Any:
        if fail_first_publish and not failed:
            failed.append(True)
            raise NetworkError(ErrorKind.SERVER_ERROR, "Service Unavailable", status=503)
        return await real_publish(outgoing)

    adapter.upload = upload  # type: ignore[attr-defined]
    adapter.publish = publish  # type: ignore[method-assign]


def test_a_retry_after_a_failure_does_not_upload_the_card_twice(
    sandbox: Any, profile_dir: Path, qapp: object
) -> None:
    tag = uuid.uuid4().hex[:8]
    clock = Clock(tokyo(12, 24, 21))
    uploads: dict[str, list[str]] = {"mastodon": [], "misskey": []}

    async def scenario() -> tuple[list[Any], list[Any]]:
        session = await open_sandbox_session(sandbox.data_dir, activity=None)
        for adapter in session.adapters:
            _spy(adapter, uploads[adapter.network], fail_first_publish=True)
        outbox = _outbox(profile_dir, session, clock)
        try:
            chosen = [
                f
                for f in await adapter_of(session, MisskeyAdapter).friends()
                if f.username in CHOSEN
            ]
            media = cake_cards(chosen).media()  # each audience its own card
            mid = outbox.enqueue(christmas_texts(tag), media=media, recipients=chosen)
            first = await outbox.run_due()
            stored = {t.audience: t.media_ids for t in outbox.targets(mid)}
            assert all(len(ids) == 1 for ids in stored.values())
            # Past the first backoff and the time the failed request could still be in
            # transit (Misskey looks for it then), within the idempotency window.
            clock.now += max(a.request_timeout for a in session.adapters) + 30
            second = await outbox.run_due()
            return first, second
        finally:
            outbox.store.store.close()
            await session.aclose()

    first, second = asyncio.run(scenario())
    assert {t.state for t in first} == {TargetState.QUEUED}  # waiting to retry
    assert {t.state for t in second} == {TargetState.SENT}
    assert [len(ids) for ids in uploads.values()] == [1, 1]  # one upload per server, ever
    statuses, notes = own_posts(sandbox, tag)
    assert len(statuses) == 1 and len(notes) == 1
    assert [m["id"] for m in statuses[0]["media_attachments"]] == uploads["mastodon"]
    assert notes[0]["fileIds"] == uploads["misskey"]


def test_a_schedule_missed_while_closed_asks_before_sending_late(
    sandbox: Any, profile_dir: Path
) -> None:
    tag = uuid.uuid4().hex[:8]
    clock = Clock(tokyo(12, 20, 12))

    async def scenario() -> None:
        session = await open_sandbox_session(sandbox.data_dir, activity=None)
        outbox = _outbox(profile_dir, session, clock)
        try:
            mid = outbox.enqueue(christmas_texts(tag), at=tokyo(12, 24, 21))
            clock.set(tokyo(12, 24, 21, 5))  # a little late: still sent as planned
            on_time = outbox.enqueue(christmas_texts(tag + "b"), at=tokyo(12, 24, 21))
            assert {t.message_id for t in await outbox.run_due()} == {mid, on_time}
            late = outbox.enqueue(christmas_texts(tag + "c"), at=tokyo(12, 24, 21, 30))
            clock.set(tokyo(12, 25, 9))  # the app was closed all night
            seen: list[Any] = []
            assert await outbox.run_due(seen.append) == []
            assert {(t.message_id, t.state, t.error_kind) for t in outbox.late_schedules()} == {
                (late, TargetState.NEEDS_ATTENTION, LATE)
            }
            assert len(seen) == 2  # the UI heard of both targets
            assert own_posts(sandbox, tag + "c") == ([], [])
            assert outbox.confirm_late(late) == 2
            sent = await outbox.run_due()
            assert {(t.message_id, t.state) for t in sent} == {(late, TargetState.SENT)}
            assert outbox.late_schedules() == []
        finally:
            outbox.store.store.close()
            await session.aclose()

    asyncio.run(scenario())
    statuses, notes = own_posts(sandbox, tag + "c")
    assert len(statuses) == 1 and len(notes) == 1


def test_chosen_friends_never_widen_and_unknown_accounts_are_refused(
    sandbox: Any, profile_dir: Path
) -> None:
    async def scenario() -> None:
        session = await open_sandbox_session(sandbox.data_dir, activity=None)
        outbox = _outbox(profile_dir, session, Clock(tokyo(12, 24, 21)))
        try:
            texts = christmas_texts(uuid.uuid4().hex[:8])
            stray = Friend("misskey:http://127.0.0.1:9:me", "x", "x", "@x@y", "X")
            with pytest.raises(SendRefused) as unknown:
                outbox.enqueue(texts, recipients=(stray,))
            assert unknown.value.reason is Refusal.RECIPIENTS_SIGNED_OUT
            assert unknown.value.account == stray.account_key
            friend = (await adapter_of(session, MisskeyAdapter).friends())[0]
            with pytest.raises(SendRefused) as public_only:
                outbox.enqueue({Audience.PUBLIC: texts[Audience.PUBLIC]}, recipients=(friend,))
            assert public_only.value.reason is Refusal.RECIPIENTS_NEED_FRIENDS
            mid = outbox.enqueue(texts, recipients=(friend,))
            targets = {t.audience: t for t in outbox.targets(mid)}
            assert targets[Audience.FRIENDS].recipients == (friend.user_id,)
            assert targets[Audience.PUBLIC].recipients == ()  # never on a public target
            assert isinstance(adapter_of(session, MastodonAdapter), MastodonAdapter)
        finally:
            outbox.store.store.close()
            await session.aclose()

    asyncio.run(scenario())
