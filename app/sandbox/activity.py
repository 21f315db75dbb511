"""Background activity for the sandbox: now and then a community member posts on one of the
two networks, so both timelines and their live streams have something to show — and now
and then one answers the demo user (a reply, a like or reaction, a mention), so a newcomer
sees the whole exchange, notifications included, without an account."""

from __future__ import annotations

import asyncio
import logging
import random
from collections.abc import Mapping
from typing import Any, Protocol

from app.sandbox import post_generator

log = logging.getLogger(__name__)


# The share of ticks on which a member answers the demo user instead of posting.
ANSWER_SHARE = 0.3


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
) -> None:
    """Until ``stop`` is set, every ``interval`` seconds (jittered ±50 % so the two columns
    do not tick in step) one member posts on a random side. ``servers`` maps a side
    ("public" / "friends", the names ``post_generator.random_activity`` knows) to its server;
    on the sides ``answerers`` names, ``answer_share`` of the ticks a member answers the
    demo user instead."""
    rng = rng or random.Random()
    sides = sorted(servers)
    while not stop.is_set():
        delay = interval * rng.uniform(0.5, 1.5)
        try:
            await asyncio.wait_for(stop.wait(), timeout=delay)
            return
        except TimeoutError:
            pass
        side = rng.choice(sides)
        try:
            if answerers is not None and side in answerers and rng.random() < answer_share:
                await answerers[side].answer_demo(rng)
                continue
            post = post_generator.random_activity(rng, side)
            await servers[side].post_as(post.username, post.text, post.visibility, post.recipients)
        except Exception:  # one bad post must not end the activity for the session
            log.exception("sandbox activity post failed on %s", side)
