"""The audience rules for replies and boosts (app.core.answering), with a property test:
for every parent visibility × network, a reply is never wider than its parent."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.core.answering import (
    WIRE_RANK,
    can_boost,
    check_boost,
    check_reply,
    reply_audience,
    reply_visibility,
    wire_rank,
)
from app.core.errors import AudienceRefused
from app.core.models import Audience, Author, Post

ME = "me-1"
_PUBLIC_WIRE = {"public", "unlisted", "home"}


def post(
    network: str,
    visibility: str,
    *,
    author: str = "haruka-1",
    recipients: tuple[str, ...] = (),
    audience: Audience | None = None,
) -> Post:
    if audience is None:
        audience = Audience.PUBLIC if visibility in _PUBLIC_WIRE else Audience.FRIENDS
    return Post(
        id="p1",
        network=network,
        account_key="k",
        author=Author(author, "haruka", "@haruka@x", "Haruka"),
        created_at=datetime(2026, 12, 24, tzinfo=UTC),
        text="",
        html="",
        audience=audience,
        visibility=visibility,
        recipients=recipients,
    )


@pytest.mark.parametrize(
    ("network", "visibility", "expected", "wire"),
    [
        ("mastodon", "public", Audience.PUBLIC, "public"),
        ("mastodon", "unlisted", Audience.PUBLIC, "unlisted"),
        ("mastodon", "private", Audience.FRIENDS, "private"),
        ("misskey", "public", Audience.PUBLIC, "public"),
        ("misskey", "home", Audience.PUBLIC, "home"),
        ("misskey", "followers", Audience.FRIENDS, "followers"),
        ("bluesky", "public", Audience.PUBLIC, "public"),
        ("x", "public", Audience.PUBLIC, "public"),
    ],
)
def test_reply_keeps_the_parents_audience(
    network: str, visibility: str, expected: Audience, wire: str
) -> None:
    parent = post(network, visibility)
    audience, recipients = reply_audience(parent, ME)
    assert (audience, recipients) == (expected, ())
    assert reply_visibility(parent, audience, recipients) == wire


@pytest.mark.parametrize(("network", "wire"), [("mastodon", "direct"), ("misskey", "specified")])
def test_reply_to_chosen_people_goes_to_the_same_people(network: str, wire: str) -> None:
    parent = post(network, wire, recipients=(ME, "aoi-2", "ren-3"))
    audience, recipients = reply_audience(parent, ME)
    assert audience is Audience.FRIENDS
    assert recipients == ("haruka-1", "aoi-2", "ren-3")  # the author, never ourselves
    assert reply_visibility(parent, audience, recipients) == wire
    check_reply(parent, audience, recipients, ME)
    check_reply(parent, audience, ("haruka-1",), ME)  # fewer people is narrower: fine
    with pytest.raises(AudienceRefused):
        check_reply(parent, audience, ("haruka-1", "stranger-9"), ME)
    with pytest.raises(AudienceRefused):
        check_reply(parent, Audience.FRIENDS, (), ME)  # followers would be wider
    with pytest.raises(AudienceRefused):
        check_reply(parent, Audience.PUBLIC, (), ME)


def test_a_post_for_nobody_else_cannot_be_answered() -> None:
    with pytest.raises(AudienceRefused):
        reply_audience(post("mastodon", "direct", author=ME), ME)


def test_unknown_visibility_is_answered_to_its_people_only() -> None:
    parent = post("mastodon", "limited", recipients=("aoi-2",))
    assert reply_audience(parent, ME) == (Audience.FRIENDS, ("haruka-1", "aoi-2"))
    assert not can_boost(parent)


def test_friends_only_reply_refuses_public() -> None:
    parent = post("misskey", "followers")
    with pytest.raises(AudienceRefused):
        check_reply(parent, Audience.PUBLIC, (), ME)
    check_reply(parent, Audience.FRIENDS, (), ME)
    check_reply(parent, Audience.FRIENDS, ("aoi-2",), ME)  # chosen friends: narrower


def test_boosted_friends_post_counts_as_friends_only() -> None:
    parent = post("mastodon", "public", audience=Audience.FRIENDS)
    assert reply_audience(parent, ME) == (Audience.FRIENDS, ())
    assert not can_boost(parent)


@pytest.mark.parametrize(
    ("network", "visibility", "allowed"),
    [
        ("mastodon", "public", True),
        ("mastodon", "unlisted", True),
        ("mastodon", "private", False),
        ("mastodon", "direct", False),
        ("misskey", "home", True),
        ("misskey", "followers", False),
        ("misskey", "specified", False),
        ("bluesky", "public", True),
    ],
)
def test_only_public_posts_can_be_boosted(network: str, visibility: str, allowed: bool) -> None:
    parent = post(network, visibility, recipients=("aoi-2",))
    assert can_boost(parent) is allowed
    if allowed:
        check_boost(parent)
    else:
        with pytest.raises(AudienceRefused):
            check_boost(parent)


def test_friends_reply_refused_where_there_are_no_friends_posts() -> None:
    with pytest.raises(AudienceRefused):
        reply_visibility(post("bluesky", "public"), Audience.FRIENDS, ())


_NETWORKS = st.sampled_from(sorted(WIRE_RANK))
_IDS = st.sampled_from([ME, "haruka-1", "aoi-2", "ren-3", "sora-4"])


@st.composite
def parents(draw: st.DrawFn) -> Post:
    network = draw(_NETWORKS)
    visibility = draw(
        st.sampled_from([*WIRE_RANK["mastodon"], *WIRE_RANK["misskey"], "limited", "weird"])
    )
    audience = draw(st.sampled_from(list(Audience)))
    if visibility not in _PUBLIC_WIRE:
        audience = Audience.FRIENDS  # as every adapter maps it: unknown is never public
    return post(
        network,
        visibility,
        author=draw(_IDS),
        recipients=tuple(draw(st.lists(_IDS, max_size=3))),
        audience=audience,
    )


@given(
    parent=parents(),
    audience=st.sampled_from(list(Audience)),
    recipients=st.lists(_IDS, max_size=3),
)
def test_property_a_reply_is_never_wider_than_its_parent(
    parent: Post, audience: Audience, recipients: list[str]
) -> None:
    try:
        check_reply(parent, audience, recipients, ME)
        wire = reply_visibility(parent, audience, recipients)
    except AudienceRefused:
        return  # refused before anything is sent
    assert wire_rank(parent.network, wire) <= wire_rank(parent.network, parent.visibility)
    if parent.audience is Audience.FRIENDS:
        assert audience is Audience.FRIENDS
    if wire_rank(parent.network, parent.visibility) == 0:
        allowed = {parent.author.id, *parent.recipients} - {ME}
        others = set(recipients) - {ME}  # addressing ourselves widens nothing
        assert others and others <= allowed


@given(parent=parents())
def test_property_the_offered_reply_is_allowed(parent: Post) -> None:
    try:
        audience, recipients = reply_audience(parent, ME)
    except AudienceRefused:
        assert {parent.author.id, *parent.recipients} <= {ME}
        return
    assert ME not in recipients
    check_reply(parent, audience, recipients, ME)
