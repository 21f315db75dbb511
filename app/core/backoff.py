"""Exponential backoff with full jitter for reconnects and retries."""

from __future__ import annotations

import random


def backoff_delay(
    attempt: int,
    *,
    base: float = 1.0,
    cap: float = 60.0,
    rng: random.Random | None = None,
    retry_after: float | None = None,
) -> float:
    """Seconds to wait before try number ``attempt`` (0-based).

    A server's own ``retry_after`` wins when it asks for longer than our backoff.
    """
    ceiling = min(cap, base * (2 ** max(0, attempt)))
    delay = (rng or random).uniform(ceiling / 2, ceiling)
    if retry_after is not None and retry_after > delay:
        return float(retry_after)
    return delay
