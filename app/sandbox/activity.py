"""Background activity for the sandbox: now and then a community member posts on one of the
two networks, so both timelines and their live streams have something to show — and now
and then one answers the demo user (a reply, a like or reaction, a mention) or sends them
a gift card, so a newcomer sees the whole exchange, notifications included, without an
account.

:func:`greet` is how a member's greeting or gift card reaches the demo user on a sandbox
server, as its own API would store it: on the friends network ("nakama", Misskey) a
``specified`` note to the demo user alone, its card a drive file whose ``comment`` is the
alt text; on the public network ("sora", Mastodon) a ``public`` status mentioning them
(a notification), its card a media attachment with its ``description``. ``at`` backdates
or postdates it (a demo of New Year's Day, the greeting ledger's tests).
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import random
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any, Protocol

from app.sandbox import post_generator
from app.sandbox.common import iso_ms, png_size, snowflake
from app.sandbox.community import DEMO_USERNAME
from app.sandbox.mastodon_api import MastodonSandbox
from app.sandbox.misskey_api import MisskeySandbox
from app.sandbox.misskey_wire import aidx

log = logging.getLogger(__name__)


# The share of ticks on which a member answers the demo user instead of posting.
ANSWER_SHARE = 0.3
# The share of ticks on which a member sends the demo user a gift card.
GIFT_SHARE = 0.05


class _Poster(Protocol):
    async def post_as(
        self, username: str, text: str, visibility: str, recipients: tuple[str, ...] = ()
    ) -> dict[str, Any]: ...


class _Answerer(Protocol):
    async def answer_demo(self, rng: random.Random) -> dict[str, Any] | None: ...


async def run_activity(
    servers: Mapping[str, _Poster],
    interval: float,
    stop: asyncio.Event,
    rng: random.Random | None = None,
    *,
    answerers: Mapping[str, _Answerer] | None = None,
    answer_share: float = ANSWER_SHARE,
    gift_share: float = GIFT_SHARE,
) -> None:
    """Until ``stop`` is set, every ``interval`` seconds (jittered ±50 % so the two columns
    do not tick in step) one member posts on a random side. ``servers`` maps a side
    ("public" / "friends", the names ``post_generator.random_activity`` knows) to its server;
    on the sides ``answerers`` names, ``answer_share`` of the ticks a member answers the
    demo user instead, and on a sandbox server ``gift_share`` of them one sends a gift
    card (:func:`send_gift`)."""
    rng = rng or random.Random()
    sides = sorted(servers)
    while not stop.is_set():
        delay = interval * rng.uniform(0.5, 1.5)
        try:
            async with asyncio.timeout(delay):
                await stop.wait()
            return
        except TimeoutError:
            pass
        side = rng.choice(sides)
        try:
            server = servers[side]
            if isinstance(server, MastodonSandbox | MisskeySandbox) and rng.random() < gift_share:
                await send_gift(server, rng)
                continue
            if answerers is not None and side in answerers and rng.random() < answer_share:
                await answerers[side].answer_demo(rng)
                continue
            post = post_generator.random_activity(rng, side)
            await servers[side].post_as(post.username, post.text, post.visibility, post.recipients)
        except Exception:  # one bad post must not end the activity for the session
            log.exception("sandbox activity post failed on %s", side)


Server = MastodonSandbox | MisskeySandbox


async def send_gift(
    server: Server, rng: random.Random, *, by: str | None = None, at: datetime | None = None
) -> dict[str, Any]:
    """A member sends the demo user a gift card fitting the month (see
    :func:`post_generator.gift_post`); returns what :func:`greet` returns."""
    side = "public" if isinstance(server, MastodonSandbox) else "friends"
    gift = post_generator.gift_post(rng, side, by=by, when=at)
    return await greet(server, gift.username, gift.text, card=(gift.png, gift.alt), at=at) | {
        "gift": gift.gift
    }


async def greet(
    server: Server,
    by: str,
    text: str,
    *,
    card: tuple[bytes, str] | None = None,
    at: datetime | None = None,
) -> dict[str, Any]:
    """``by`` greets the demo user with ``text`` (and a card: PNG bytes and alt text): a
    note to them alone on Misskey, a public mention on Mastodon (the text should name
    them). Returns ``{"by", "id"}`` (the status or note id)."""
    when = at or datetime.now(UTC)
    if isinstance(server, MastodonSandbox):
        return {"by": by, "id": str(_mastodon_greet(server, by, text, card, when))}
    ids = server._user_ids()
    file_ids = [_misskey_file(server, ids[by], card, when)] if card else []
    with server.db:
        nid = server._insert_note(
            ids[by],
            text,
            "specified",
            visible_user_ids=[ids[DEMO_USERNAME]],
            file_ids=file_ids,
            created_ms=int(when.timestamp() * 1000),
        )
    row = server._note_row(nid)
    if row is not None:
        await server._broadcast(row)
    return {"by": by, "id": nid}


def _mastodon_greet(
    server: MastodonSandbox, by: str, text: str, card: tuple[bytes, str] | None, when: datetime
) -> int:
    account = server._account_by_name(by)
    if account is None:
        raise ValueError(f"no such account: {by}")
    media: list[int] = []
    with server.db:
        if card is not None:
            png, alt = card
            width, height = png_size(png) or (None, None)
            media_id = snowflake(when)
            server.db.execute(
                "INSERT INTO media (id, account_id, mime, data, description, width, height,"
                " created_at) VALUES (?, ?, 'image/png', ?, ?, ?, ?, ?)",
                (media_id, account["id"], png, alt or None, width, height, iso_ms(when)),
            )
            media.append(media_id)
        status_id = server._insert_status(
            account["id"], text, "public", media_ids=media, created_at=when
        )
    server._broadcast_update(status_id)
    return status_id


def _misskey_file(
    server: MisskeySandbox, user_id: str, card: tuple[bytes, str] | None, when: datetime
) -> str:
    assert card is not None
    png, alt = card
    width, height = png_size(png) or (None, None)
    ms = int(when.timestamp() * 1000)
    fid = aidx(ms)
    with server.db:
        server.db.execute(
            "INSERT INTO drive_files (id, user_id, created_at, name, type, md5, size, width,"
            " height, comment, data) VALUES (?, ?, ?, 'card.png', 'image/png', ?, ?, ?, ?, ?, ?)",
            (fid, user_id, ms, hashlib.md5(png).hexdigest(), len(png), width, height,
             alt or None, png),
        )  # fmt: skip
    return fid
