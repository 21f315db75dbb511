"""The sandbox community (app.sandbox.community, from resources/sandbox/community.json):
members, follows, and the seed posts and activity app.sandbox.post_generator composes.

Pure data: no servers, no Qt. The pictures are tested in test_artwork.py.
"""

from __future__ import annotations

import itertools
import random
import re
from collections import Counter
from datetime import UTC, datetime, timedelta, timezone

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.sandbox import community as c
from app.sandbox import post_generator as g

NOW = datetime(2025, 12, 3, 5, 17, 42, tzinfo=UTC)  # 14:17 in Tokyo
TOKYO = timezone(timedelta(hours=9))
USERNAMES = {m.username for m in c.MEMBERS}


@pytest.fixture(scope="module")
def public() -> list[c.SeedPost]:
    return g.public_posts(NOW)


@pytest.fixture(scope="module")
def friends() -> list[c.SeedPost]:
    return g.friends_posts(NOW)


# ---------------------------------------------------------------- members and follows


def test_members_demo_first_and_a_dozen_others() -> None:
    assert c.MEMBERS[0].username == c.DEMO_USERNAME == "me"
    assert c.MEMBERS[0].display_name == "わたし"
    assert 12 <= len(c.MEMBERS) - 1 <= 16
    assert len(USERNAMES) == len(c.MEMBERS)
    for m in c.MEMBERS:
        assert re.fullmatch(r"[a-z0-9_]{1,20}", m.username), m.username
        assert m.display_name and m.bio and len(m.glyph) == 1
        assert re.fullmatch(r"#[0-9a-f]{6}", m.color), m.color
    assert len({m.color for m in c.MEMBERS}) == len(c.MEMBERS)
    assert len({m.display_name for m in c.MEMBERS}) == len(c.MEMBERS)


def test_public_follows_demo_user_follows_everyone() -> None:
    pairs = c.follows("public")
    assert len(set(pairs)) == len(pairs)
    assert all(a in USERNAMES and b in USERNAMES and a != b for a, b in pairs)
    assert {b for a, b in pairs if a == c.DEMO_USERNAME} == USERNAMES - {c.DEMO_USERNAME}
    followers_of_me = {a for a, b in pairs if b == c.DEMO_USERNAME}
    assert len(followers_of_me) >= 6
    # loose, not complete: members follow some of each other, not all
    others = [(a, b) for a, b in pairs if c.DEMO_USERNAME not in (a, b)]
    n = len(c.MEMBERS) - 1
    assert n < len(others) < n * (n - 1)


def test_friends_follows_circle_is_mutual_and_strangers_are_apart() -> None:
    pairs = set(c.follows("friends"))
    assert c.follows("nakama") == c.follows("friends")
    circle = (c.DEMO_USERNAME, *c.CIRCLE)
    assert 7 <= len(c.CIRCLE) <= 9
    for a in circle:
        for b in circle:
            if a != b:
                assert (a, b) in pairs
    assert 2 <= len(c.STRANGERS) <= 3
    assert set(c.STRANGERS) <= USERNAMES and not set(c.STRANGERS) & set(circle)
    for s in c.STRANGERS:
        for member in circle:
            assert (s, member) not in pairs and (member, s) not in pairs


def test_unknown_network_is_refused() -> None:
    with pytest.raises(ValueError):
        c.follows("bluesky")
    with pytest.raises(ValueError):
        g.random_activity(random.Random(1), "x")


# ---------------------------------------------------------------- seed posts


def test_counts_in_range(public: list[c.SeedPost], friends: list[c.SeedPost]) -> None:
    assert 250 <= len(public) <= 350
    assert 150 <= len(friends) <= 250


def test_every_text_is_unique(public: list[c.SeedPost], friends: list[c.SeedPost]) -> None:
    texts = [p.text for p in public + friends]
    assert len(set(texts)) == len(texts)
    assert all(t.strip() == t and t for t in texts)


def test_authors_and_mentions_are_members(
    public: list[c.SeedPost], friends: list[c.SeedPost]
) -> None:
    for p in public + friends:
        assert p.username in USERNAMES
        for m in re.finditer(r"@([A-Za-z0-9_]+)", p.text):
            assert m.group(1) in USERNAMES, p.text
            assert m.group(1) != p.username, p.text
            after = p.text[m.end() : m.end() + 1]
            assert after in ("", " ", "\n"), p.text  # a mention ends at whitespace
    assert sum("@" in p.text for p in public) >= 5
    assert sum("@" in p.text for p in friends) >= 5
    assert {p.username for p in public} == USERNAMES  # everyone speaks on the public side


def test_public_visibilities(public: list[c.SeedPost]) -> None:
    counts = Counter(p.visibility for p in public)
    assert set(counts) == {"public", "unlisted"}
    assert counts["public"] > 0.85 * len(public)
    assert all(p.recipients == () for p in public)


def test_friends_visibilities_and_recipients(friends: list[c.SeedPost]) -> None:
    counts = Counter(p.visibility for p in friends)
    assert set(counts) == {"followers", "home", "public", "specified"}
    assert counts["followers"] > len(friends) / 2
    specified = [p for p in friends if p.visibility == "specified"]
    assert 4 <= len(specified) <= 30
    for p in friends:
        if p.visibility == "specified":
            assert p.recipients and len(set(p.recipients)) == len(p.recipients)
            assert set(p.recipients) <= USERNAMES and p.username not in p.recipients
        else:
            assert p.recipients == ()
    with_me = [p for p in specified if c.DEMO_USERNAME in p.recipients]
    hidden_from_me = [p for p in specified if c.DEMO_USERNAME not in (p.username, *p.recipients)]
    assert with_me and hidden_from_me


def test_strangers_post_only_openly(friends: list[c.SeedPost]) -> None:
    by_strangers = [p for p in friends if p.username in c.STRANGERS]
    assert by_strangers
    assert {p.visibility for p in by_strangers} <= {"public", "home"}
    assert all(not set(c.STRANGERS) & set(p.recipients) for p in friends)


def test_times_aware_ascending_within_the_last_days(
    public: list[c.SeedPost], friends: list[c.SeedPost]
) -> None:
    for posts in (public, friends):
        times = [p.created_at for p in posts]
        assert all(t.tzinfo is not None and t.utcoffset() == timedelta(0) for t in times)
        assert all(a < b for a, b in itertools.pairwise(times))
        assert NOW - timedelta(days=6) <= times[0] and times[-1] <= NOW
        assert times[-1] - times[0] > timedelta(days=4)  # spread over the days, not bunched


def test_fewer_posts_in_the_small_hours(
    public: list[c.SeedPost], friends: list[c.SeedPost]
) -> None:
    hours = Counter(p.created_at.astimezone(TOKYO).hour for p in public + friends)
    assert hours[2] + hours[3] + hours[4] < (hours[20] + hours[21] + hours[22]) / 4


def test_hashtags_urls_and_images(public: list[c.SeedPost], friends: list[c.SeedPost]) -> None:
    for p in public + friends:
        assert "＃" not in p.text
        for m in re.finditer("#", p.text):
            before = p.text[m.start() - 1] if m.start() else "\n"
            assert before in " \n", p.text  # whitespace before every tag (Mastodon wants it)
        for tag in re.findall(r"#(\S+)", p.text):
            assert re.fullmatch(r"\w+", tag), (tag, p.text)  # no 。！ glued on (Misskey)
        for url in re.findall(r"https?://\S+", p.text):
            assert url.startswith("https://example.jp/"), url
    assert sum("#" in p.text for p in public) > len(public) / 4
    assert sum("https://example.jp/" in p.text for p in public) >= 3
    with_image = [p for p in public if p.image]
    assert 0.05 * len(public) <= len(with_image) <= 0.2 * len(public)
    assert any(p.image for p in friends)
    images = [p for p in public + friends if p.image]
    assert len({p.image for p in images}) == len(images)
    for p in images:
        assert p.image_alt and re.search(r"[ぁ-んァ-ン一-龥]", p.image_alt)
        assert re.fullmatch(r"[a-z0-9-]+", p.image or ""), p.image


def test_seed_is_deterministic_within_the_minute() -> None:
    a = g.public_posts(NOW)
    assert a == g.public_posts(NOW.replace(second=3))
    assert g.friends_posts(NOW) == g.friends_posts(NOW.replace(second=59))
    later = g.public_posts(NOW + timedelta(hours=1))
    assert [p.created_at for p in later] != [p.created_at for p in a]


def test_naive_now_is_taken_as_utc() -> None:
    naive = NOW.replace(tzinfo=None)
    assert g.friends_posts(naive) == g.friends_posts(NOW)


@settings(max_examples=12, deadline=None)
@given(
    st.datetimes(
        min_value=datetime(2024, 1, 1),
        max_value=datetime(2030, 12, 31),
        timezones=st.just(UTC),
    )
)
def test_any_now_gives_a_valid_seed(now: datetime) -> None:
    for posts, low, high in ((g.public_posts(now), 250, 350), (g.friends_posts(now), 150, 250)):
        assert low <= len(posts) <= high
        times = [p.created_at for p in posts]
        assert all(a < b for a, b in itertools.pairwise(times))
        assert now - timedelta(days=6) <= times[0] and times[-1] <= now
        assert len({p.text for p in posts}) == len(posts)


# ---------------------------------------------------------------- live activity


@pytest.mark.parametrize("network", ["public", "friends"])
def test_random_activity(network: str) -> None:
    rng = random.Random(7)
    before = datetime.now(UTC)
    posts = [g.random_activity(rng, network) for _ in range(120)]
    after = datetime.now(UTC)
    assert len({p.username for p in posts}) >= 6
    assert len({p.text for p in posts}) >= 60
    for p in posts:
        assert p.username in USERNAMES and p.username != c.DEMO_USERNAME
        assert before <= p.created_at <= after and p.created_at.tzinfo is not None
        assert p.text and "{" not in p.text and p.recipients == ()
    visibilities = Counter(p.visibility for p in posts)
    if network == "public":
        assert set(visibilities) == {"public"}
    else:
        assert set(visibilities) <= {"followers", "home", "public"}
        assert visibilities["followers"] > len(posts) / 2
        for p in posts:
            if p.username in c.STRANGERS:
                assert p.visibility in ("public", "home")


def test_random_activity_is_reproducible_with_the_same_rng() -> None:
    a = g.random_activity(random.Random(3), "friends")
    b = g.random_activity(random.Random(3), "friends")
    assert (a.username, a.text, a.visibility) == (b.username, b.text, b.visibility)
