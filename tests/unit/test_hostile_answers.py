"""Hostile replies to the answering-back reads (hypothesis): notification lists and threads
with malformed, wrong-typed, missing and hostile fields. The adapters may only answer with
notifications and posts that are safe to show, skip what they cannot read, or raise
NetworkError — never another exception — and a well-formed notification is never lost
because its neighbours are broken."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.core.content import clean_label
from app.core.models import Notification, NotificationKind, Post
from app.networks.base import NetworkError
from tests.unit import test_hostile_mastodon as m
from tests.unit import test_hostile_misskey as k


def _safe(found: list[Notification]) -> None:
    """Safe to show: labels already cleaned (plain text, no controls), posts safe."""
    for notification in found:
        assert isinstance(notification.kind, NotificationKind)
        assert notification.created_at.tzinfo is not None
        for label in (notification.author.display_name, notification.reaction):
            assert isinstance(label, str) and clean_label(label) == label
        if notification.post is not None:
            m.assert_safe_post(notification.post)


def _mastodon_notification(ident: str, kind: str = "mention") -> dict[str, Any]:
    return {
        "id": ident,
        "type": kind,
        "created_at": "2025-04-01T03:04:05.000Z",
        "account": m.good_status("x")["account"],
        "status": m.good_status(f"s{ident}"),
    }


def _misskey_notification(ident: str, kind: str = "reaction") -> dict[str, Any]:
    note = k.good_note(f"n{ident}")
    return {
        "id": ident,
        "type": kind,
        "createdAt": "2025-04-01T03:04:05.000Z",
        "userId": "u2",
        "user": note["user"],
        "note": note,
        "reaction": "👍",
    }


@st.composite
def hostile_mastodon(draw: st.DrawFn) -> Any:
    base = _mastodon_notification("h", draw(st.sampled_from(["mention", "favourite", "poll"])))
    base["status"] = draw(m.hostile_status())
    return draw(st.one_of(st.just(base), m.mutated(base), m.json_any))


@st.composite
def hostile_misskey(draw: st.DrawFn) -> Any:
    base = _misskey_notification("h", draw(st.sampled_from(["reply", "reaction", "app"])))
    base["note"] = draw(k.hostile_note())
    base["reaction"] = draw(st.one_of(m.hostile_text, m.json_any))
    return draw(st.one_of(st.just(base), m.mutated(base), m.json_any))


_BROKEN = [None, 7, "x", [], {}, {"id": "u9"}]


@pytest.mark.parametrize("field", ["account", "user", "status", "note", "id", "created_at"])
@pytest.mark.parametrize("value", [*_BROKEN, "drop"])
def test_one_broken_field_costs_only_its_notification(field: str, value: Any) -> None:
    for network, make, good in (
        ("mastodon", m.make, _mastodon_notification),
        ("misskey", k.make, _misskey_notification),
    ):
        bad = good("bad")
        name = {"created_at": "createdAt"}.get(field, field) if network == "misskey" else field
        if name not in bad:
            continue
        if value == "drop":
            del bad[name]
        else:
            bad[name] = value
        page = [bad, good("good")]
        adapter = make(lambda _r, page=page: m.jr(200, page))
        found = m.run(adapter.notifications())
        _safe(found)
        assert "good" in [n.id for n in found], network


def _run(adapter: Any, call: Any) -> Any:
    try:
        return m.run(call(adapter))
    except NetworkError:
        return None


@m.SETTINGS
@given(st.lists(hostile_mastodon(), max_size=5), st.integers(min_value=0, max_value=5))
def test_mastodon_notifications_are_safe_and_keep_the_good_one(
    items: list[Any], good_at: int
) -> None:
    page = list(items)
    page.insert(min(good_at, len(page)), _mastodon_notification("good"))
    adapter = m.make(lambda _r: m.jr(200, page))
    found = m.run(adapter.notifications())
    _safe(found)
    assert "good" in [n.id for n in found]


@m.SETTINGS
@given(st.lists(hostile_misskey(), max_size=5), st.integers(min_value=0, max_value=5))
def test_misskey_notifications_are_safe_and_keep_the_good_one(
    items: list[Any], good_at: int
) -> None:
    page = list(items)
    page.insert(min(good_at, len(page)), _misskey_notification("good"))
    adapter = k.make(lambda _r: m.jr(200, page))
    found = m.run(adapter.notifications())
    _safe(found)
    assert "good" in [n.id for n in found]
    assert [n.reaction for n in found if n.id == "good"] == ["👍"]


@m.SETTINGS
@given(m.json_any, st.lists(m.hostile_status(), max_size=4))
def test_mastodon_thread_is_safe_whatever_the_context(context: Any, replies: list[Any]) -> None:
    bodies = [context, {"ancestors": replies, "descendants": list(reversed(replies))}]
    shown = m.run(m.make(lambda _r: m.jr(200, [m.good_status("p")])).timeline())[0]
    for body in bodies:
        adapter = m.make(lambda _r, body=body: m.jr(200, body))
        thread: list[Post] | None = _run(adapter, lambda a: a.conversation(shown))
        for post in thread or []:
            m.assert_safe_post(post)
        assert thread is None or shown in thread


@m.SETTINGS
@given(st.lists(k.hostile_note(), max_size=4))
def test_misskey_thread_is_safe_whatever_the_notes(notes: list[Any]) -> None:
    adapter = k.make(lambda _r: m.jr(200, notes))
    shown = m.run(k.make(lambda _r: m.jr(200, [k.good_note("p")])).timeline())[0]
    thread: list[Post] | None = _run(adapter, lambda a: a.conversation(shown))
    for post in thread or []:
        m.assert_safe_post(post)
    assert thread is None or shown in thread
