"""Hostile replies every adapter must survive alike, run over each network's scripted
``make`` (tests/unit/test_hostile_mastodon.py, tests/unit/test_hostile_misskey.py): a
timeline that is not a list, replies that are not readable JSON, and replies over the size
cap. Each network's own hostile cases stay in its module."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx
import pytest
from hypothesis import given

from app.networks.base import ErrorKind, NetworkAdapter, NetworkError
from tests.unit import test_hostile_mastodon, test_hostile_misskey
from tests.unit.test_hostile_mastodon import (
    BAD_BODIES,
    SETTINGS,
    assert_safe_post,
    huge_bodies,
    jr,
    json_any,
    run,
)

Make = Callable[[Callable[[httpx.Request], httpx.Response]], NetworkAdapter]

by_network = pytest.mark.parametrize(
    "make",
    [test_hostile_mastodon.make, test_hostile_misskey.make],
    ids=["mastodon", "misskey"],
)


@by_network
@SETTINGS
@given(json_any)
def test_a_timeline_that_is_not_a_list_is_a_bad_response(make: Make, body: Any) -> None:
    adapter = make(lambda _r: jr(200, body))
    if isinstance(body, list):
        for post in run(adapter.timeline()):
            assert_safe_post(post)
        return
    with pytest.raises(NetworkError) as caught:
        run(adapter.timeline())
    assert caught.value.kind is ErrorKind.BAD_RESPONSE


@by_network
@pytest.mark.parametrize("body", BAD_BODIES[1:], ids=lambda b: repr(b[:12]))
def test_unreadable_replies_are_bad_responses(make: Make, body: bytes) -> None:
    adapter = make(lambda _r: httpx.Response(200, content=body))
    for call in (adapter.timeline, adapter.me):
        with pytest.raises(NetworkError) as caught:
            run(call())
        assert caught.value.kind is ErrorKind.BAD_RESPONSE


@by_network
@pytest.mark.parametrize(
    ("name", "reply"), huge_bodies(), ids=lambda v: v if isinstance(v, str) else ""
)
def test_a_10_mb_reply_is_refused_unread(
    make: Make, name: str, reply: Callable[[], httpx.Response]
) -> None:
    adapter = make(lambda _r: reply())
    with pytest.raises(NetworkError) as caught:
        run(adapter.timeline())
    assert caught.value.kind is ErrorKind.BAD_RESPONSE and "too large" in caught.value.detail
