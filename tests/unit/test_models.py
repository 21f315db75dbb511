"""Idempotency keys are unique UUIDv7s ordered by creation time."""

from __future__ import annotations

import time
import uuid

from app.core.models import new_idempotency_key


def test_keys_are_uuid7_unique_and_time_ordered() -> None:
    keys = []
    for _ in range(5):
        keys.append(new_idempotency_key())
        time.sleep(0.002)
    assert all(uuid.UUID(k).version == 7 for k in keys)
    assert len(set(keys)) == len(keys)
    assert keys == sorted(keys)
    assert len({new_idempotency_key() for _ in range(1000)}) == 1000
