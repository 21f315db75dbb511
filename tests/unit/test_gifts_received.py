"""Gifts received (app.core.gifts_received): a Kizuna card addressed to me is told apart
from other posts, and its return keeps the gift's audience, to the sender alone."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from app.core.gifts import Thanks, default_alt
from app.core.gifts_received import gift_for_me, mentions, return_text
from app.core.models import Audience, Author, MediaAttachment, Post
from app.services.catalogues import shipped

ME, ME_NAME = "me-1", "me"
GIFTS = shipped().gifts
CAKE = shipped().gift("christmas_cake")
THANKS = shipped().thanks


def card_post(
    *,
    audience: Audience = Audience.FRIENDS,
    recipients: tuple[str, ...] = (ME,),
    text: str = "メリクリ！",
    alt: str | None = None,
    author: str = "haruka-1",
) -> Post:
    if alt is None:
        alt = default_alt(CAKE, "わたし", "いつもありがとう", "春香")
    return Post(
        id="n1",
        network="misskey",
        account_key="k",
        author=Author(author, "haruka", "@haruka@nakama", "春香"),
        created_at=datetime(2026, 12, 24, tzinfo=UTC),
        text=text,
        html=text,
        audience=audience,
        visibility="specified" if recipients else "followers",
        recipients=recipients,
        media=(MediaAttachment("http://x/card.png", description=alt),),
    )


def test_a_card_for_me_among_friends_is_a_gift_returned_to_the_sender_only() -> None:
    found = gift_for_me(card_post(), ME, ME_NAME, GIFTS)
    assert found is not None
    assert found.gift.key == "christmas_cake"
    assert found.occasion_key == "christmas"
    assert found.audience is Audience.FRIENDS
    assert found.recipients == ("haruka-1",)


def test_a_public_card_that_mentions_me_is_a_gift_kept_public() -> None:
    post = card_post(audience=Audience.PUBLIC, recipients=(), text="@me@sora メリークリスマス")
    found = gift_for_me(post, ME, ME_NAME, GIFTS)
    assert found is not None and found.audience is Audience.PUBLIC
    assert found.recipients == ()


@pytest.mark.parametrize(
    "post",
    [
        card_post(recipients=("someone-else",)),  # addressed to others
        card_post(audience=Audience.PUBLIC, recipients=(), text="メリクリ"),  # open card
        card_post(alt="猫の写真"),  # a picture, not a card
        card_post(author=ME),  # my own card
        card_post(audience=Audience.PUBLIC, recipients=(), text="@meow こんにちは"),
    ],
)
def test_other_posts_are_no_gift_for_me(post: Post) -> None:
    assert gift_for_me(post, ME, ME_NAME, GIFTS) is None


def test_an_open_card_without_a_recipient_is_still_recognised() -> None:
    post = card_post(alt=default_alt(CAKE, "", "メリクリ"))
    assert gift_for_me(post, ME, ME_NAME, GIFTS) is not None


def test_mentions_are_whole_handles() -> None:
    assert mentions("@me さんへ", "me")
    assert mentions("to @me@sora.example!", "me")
    assert not mentions("mail@me.example", "me")
    assert not mentions("@meow", "me")


def test_return_text_is_casual_to_friends_and_polite_in_public() -> None:
    friends = gift_for_me(card_post(), ME, ME_NAME, GIFTS)
    public = gift_for_me(
        card_post(audience=Audience.PUBLIC, recipients=(), text="@me"), ME, ME_NAME, GIFTS
    )
    assert friends is not None and public is not None
    casual = return_text(friends, "クリスマス", THANKS, "わたし")
    assert casual.startswith("春香へ") and "お返しだよ" in casual and casual.endswith("わたしより")
    assert casual.splitlines() == [
        "春香へ",
        "クリスマスケーキのカード、ありがとう！うれしかった😊",
        "クリスマスのお返しだよ🎁",
        "わたしより",
    ]
    polite = return_text(public, "クリスマス", THANKS)
    assert polite.splitlines() == [
        "春香様",
        "素敵なクリスマスケーキのカードをありがとうございました。",
        "ささやかですが、クリスマスのお返しです。",
    ]
    assert "心ばかりのお返し" in return_text(public, "", THANKS)  # the occasion unknown


def test_return_text_follows_the_catalogues_words() -> None:
    """The words are the catalogue's content: another catalogue's thanks are used as
    written, and a name with braces stays as it is."""
    found = gift_for_me(card_post(), ME, ME_NAME, GIFTS)
    assert found is not None
    mine = Thanks(
        public="{sender}様 {gift}",
        friends="{sender}ちゃん、{occasion}の{gift}ありがと",
        signature="— {me}",
        any_occasion="きもち",
        card="{occasion}!",
        card_without_occasion="!",
    )
    assert (
        return_text(found, "", mine, "{me}")
        == "春香ちゃん、きもちのクリスマスケーキありがと\n— {me}"
    )
