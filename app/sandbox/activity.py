"""Background activity for the sandbox: now and then a community member posts on one of the
two networks, so both timelines and their live streams have something to show."""

from __future__ import annotations

import asyncio
import logging
import random
from collections.abc import Mapping
from typing import Any, Protocol

from app.sandbox import post_generator

log = logging.getLogger(__name__)


class _Poster(Protocol):
    async def post_as(
        self, username: str, text: str, visibility: str, recipients: tuple[str, ...] = ()
    ) -> dict[str, Any]: ...


async def run_activity(
    servers: Mapping[str, _Poster],
    interval: float,
    stop: asyncio.Event,
    rng: random.Random | None = None,
) -> None:
    """Until ``stop`` is set, every ``interval`` seconds (jittered ±50 % so the two columns
    do not tick in step) one member posts on a random side. ``servers`` maps a side
    ("public" / "friends", the names ``post_generator.random_activity`` knows) to its server."""
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
        post = post_generator.random_activity(rng, side)
        try:
            await servers[side].post_as(post.username, post.text, post.visibility, post.recipients)
        except Exception:  # one bad post must not end the activity for the session
            log.exception("sandbox activity post failed on %s", side)
