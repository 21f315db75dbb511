"""The rule every ``find_own`` shares (app.networks.own_posts), without a server."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from app.core.models import Audience
from app.networks.mastodon import as_rendered
from app.networks.own_posts import Candidate, OwnMatcher

T0 = datetime(2026, 12, 24, 12, 0, tzinfo=UTC)


def at(seconds: float) -> datetime:
    return T0 + timedelta(seconds=seconds)


def test_exact_text_and_audience_in_the_window_not_claimed_the_oldest() -> None:
    matcher = OwnMatcher("メリクリ", Audience.FRIENDS, at(0), at(100), exclude={"c"})
    for candidate in (
        Candidate("late", "メリクリ", Audience.FRIENDS, at(100)),  # until is exclusive
        Candidate("early", "メリクリ", Audience.FRIENDS, at(-1)),  # before since
        Candidate("public", "メリクリ", Audience.PUBLIC, at(1)),  # other audience
        Candidate("other", "メリクリ!", Audience.FRIENDS, at(1)),  # other text
        Candidate("c", "メリクリ", Audience.FRIENDS, at(2)),  # claimed by another row
        Candidate("b", " メリクリ\n", Audience.FRIENDS, at(50)),
        Candidate("a", "メリクリ", Audience.FRIENDS, at(10)),
        Candidate("", "メリクリ", Audience.FRIENDS, at(5)),  # no id
    ):
        matcher.offer(candidate)
    result = matcher.result()
    assert result is not None and result.remote_id == "a"
    assert OwnMatcher("x", Audience.PUBLIC, at(0)).result() is None


def test_naive_times_are_refused() -> None:
    with pytest.raises(ValueError):
        OwnMatcher("x", Audience.PUBLIC, datetime(2026, 1, 1))


def test_mastodon_compares_as_the_html_reads_back() -> None:
    matcher = OwnMatcher(
        "やあ @haruka@nakama.example\n\nまたね", Audience.PUBLIC, at(0), normalize=as_rendered
    )
    matcher.offer(Candidate("1", "やあ @haruka\n\nまたね", Audience.PUBLIC, at(1)))
    result = matcher.result()
    assert result is not None and result.remote_id == "1"
    # An e-mail address is not a mention.
    assert as_rendered("me@example.com") == "me@example.com"
