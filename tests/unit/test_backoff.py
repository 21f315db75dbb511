"""Backoff grows, is capped, is jittered, and yields to a longer Retry-After."""

from __future__ import annotations

import random

from app.core.backoff import backoff_delay


def test_backoff_grows_and_is_capped() -> None:
    rng = random.Random(1)
    delays = [backoff_delay(n, base=1, cap=30, rng=rng) for n in range(10)]
    assert 0.5 <= delays[0] <= 1
    assert 4 <= delays[3] <= 8
    assert all(d <= 30 for d in delays)
    assert delays[9] >= 15


def test_retry_after_wins_when_longer() -> None:
    rng = random.Random(2)
    assert backoff_delay(0, rng=rng, retry_after=42) == 42
    assert backoff_delay(6, base=1, cap=60, rng=rng, retry_after=0.1) >= 30
