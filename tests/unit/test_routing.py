"""The column and target rules, including the invariant that friends never leak to public."""

from __future__ import annotations

from datetime import UTC, datetime

from hypothesis import given
from hypothesis import strategies as st

from app.core.models import AccountRef, Audience, Author, Post
from app.core.routing import belongs_in, targets_for

PUBLIC, FRIENDS = Audience.PUBLIC, Audience.FRIENDS


def account(key: str, serves: set[Audience]) -> AccountRef:
    return AccountRef(
        key=key,
        network="mastodon",
        base_url="http://127.0.0.1:1",
        user_id="1",
        username="me",
        handle="@me@x",
        serves=frozenset(serves),
    )


def post(audience: Audience) -> Post:
    author = Author(id="2", username="a", handle="@a@x", display_name="A")
    return Post(
        id="1",
        network="mastodon",
        account_key="k",
        author=author,
        created_at=datetime(2026, 1, 1, tzinfo=UTC),
        text="t",
        html="t",
        audience=audience,
        visibility="public" if audience is PUBLIC else "private",
    )


def test_public_column_shows_only_public_posts() -> None:
    both = account("a", {PUBLIC, FRIENDS})
    assert belongs_in(post(PUBLIC), both, PUBLIC)
    assert not belongs_in(post(FRIENDS), both, PUBLIC)


def test_friends_column_of_a_friends_only_account_shows_its_whole_home() -> None:
    closed = account("b", {FRIENDS})
    assert belongs_in(post(FRIENDS), closed, FRIENDS)
    assert belongs_in(post(PUBLIC), closed, FRIENDS)
    assert not belongs_in(post(PUBLIC), closed, PUBLIC)


def test_an_account_serving_both_splits_its_home_between_columns() -> None:
    both = account("a", {PUBLIC, FRIENDS})
    assert belongs_in(post(FRIENDS), both, FRIENDS)
    assert not belongs_in(post(PUBLIC), both, FRIENDS)


audiences = st.sets(st.sampled_from([PUBLIC, FRIENDS]))


@given(serves=audiences, post_audience=st.sampled_from([PUBLIC, FRIENDS]))
def test_a_friends_post_never_reaches_the_public_column(
    serves: set[Audience], post_audience: Audience
) -> None:
    shown = belongs_in(post(post_audience), account("a", serves), PUBLIC)
    if post_audience is FRIENDS:
        assert not shown


@given(serves_a=audiences, serves_b=audiences, chosen=audiences)
def test_targets_are_exactly_the_accounts_serving_each_chosen_audience(
    serves_a: set[Audience], serves_b: set[Audience], chosen: set[Audience]
) -> None:
    a, b = account("a", serves_a), account("b", serves_b)
    pairs = targets_for([a, b], frozenset(chosen))
    expected = {(acc.key, aud) for acc in (a, b) for aud in chosen if aud in acc.serves}
    assert {(acc.key, aud) for acc, aud in pairs} == expected
    assert all(aud in acc.serves for acc, aud in pairs)
    # Public targets come first so the open post is out before the closed one.
    auds = [aud for _, aud in pairs]
    assert auds == sorted(auds, key=lambda x: x is FRIENDS)
