"""Counting as each network counts: graphemes, UTF-16 units, URL and mention rules."""

from __future__ import annotations

import pytest

from app.core.counting import DEFAULT_LIMITS, URL_WEIGHT, count, parse_x, x_urls

FAMILY = "👨\u200d👩\u200d👧"  # one grapheme, five code points, eight UTF-16 units
DECOMPOSED_GA = "か\u3099"  # が written as か + combining dakuten: one grapheme


def test_mastodon_counts_grapheme_clusters() -> None:
    assert count("こんにちは", "mastodon").used == 5
    assert count(FAMILY, "mastodon").used == 1
    assert count(DECOMPOSED_GA + "🇯🇵", "mastodon").used == 2


def test_mastodon_counts_every_url_as_23() -> None:
    long_url = "https://example.com/" + "a" * 200
    assert count(long_url, "mastodon").used == URL_WEIGHT
    assert count("http://a.jp", "mastodon").used == URL_WEIGHT
    assert count(f"見て {long_url} と https://b.example/x", "mastodon").used == 3 + 23 + 3 + 23


def test_the_servers_url_weight_replaces_23_where_urls_are_weighed() -> None:
    # A Mastodon server reserving 30 characters per URL (or 0: a URL is free); X takes the
    # weight too; Bluesky and Misskey count URLs in full whatever it says.
    text = "見て https://example.com/" + "a" * 40
    assert count(text, "mastodon").used == 3 + 23
    assert count(text, "mastodon", url_weight=30) == count(text, "mastodon", 500, 30)
    assert count(text, "mastodon", 500, url_weight=30).used == 3 + 30
    assert count(text, "mastodon", url_weight=0).used == 3
    assert count(text, "x", url_weight=30).used == 2 * 2 + 1 + 30  # 見て weigh 2 each
    full = count(text, "misskey").used
    assert count(text, "misskey", url_weight=30).used == full == 3 + 20 + 40
    assert count(text, "bluesky", url_weight=30).used == count(text, "bluesky").used
    # Just over a 500 limit with 23 per URL, within it with 10.
    over = "あ" * 477 + " https://example.com/"  # 477 + 1 + 23 = 501
    assert not count(over, "mastodon", 500).fits
    assert count(over, "mastodon", 500, url_weight=10).fits
    with pytest.raises(ValueError):
        count(text, "mastodon", url_weight=-1)


def test_mastodon_url_ends_at_japanese_text_and_trailing_punctuation() -> None:
    # 「https://example.com/page。よろしく」: the URL stops before 。
    assert count("https://example.com/page。よろしく", "mastodon").used == 23 + 5
    assert count("https://example.com/page.", "mastodon").used == 23 + 1


def test_mastodon_counts_remote_mentions_by_local_part() -> None:
    assert count("@alice@sora.example.com こんにちは", "mastodon").used == len("@alice") + 6
    assert count("@alice こんにちは", "mastodon").used == len("@alice") + 6
    # An e-mail address is not a mention.
    assert count("me@example.com", "mastodon").used == len("me@example.com")


def test_misskey_counts_utf16_code_units_and_urls_in_full() -> None:
    assert count("あいう", "misskey").used == 3
    assert count("😀", "misskey").used == 2
    assert count(FAMILY, "misskey").used == 8
    url = "https://example.com/" + "a" * 50
    assert count(url, "misskey").used == len(url)


def test_bluesky_counts_graphemes_with_urls_in_full() -> None:
    url = "https://example.com/abc"
    assert count(FAMILY + url, "bluesky").used == 1 + len(url)


def test_x_weighs_cjk_twice_and_urls_as_23() -> None:
    assert count("a" * 280, "x").fits
    assert count("あ" * 140, "x").used == 280
    assert not count("あ" * 141, "x").fits
    assert count(FAMILY, "x").used == 2
    assert count("見て https://example.com/" + "a" * 99, "x").used == 2 * 2 + 1 + 23


def test_fits_is_used_within_limit_and_emptiness_is_separate() -> None:
    at = count("a" * 500, "mastodon")
    over = count("a" * 501, "mastodon")
    assert (at.used, at.limit, at.fits, at.remaining) == (500, 500, True, 0)
    assert (over.fits, over.remaining) == (False, -1)
    empty = count("", "misskey")
    assert empty.used == 0 and empty.fits


def test_default_limits_and_override() -> None:
    assert DEFAULT_LIMITS == {"x": 280, "mastodon": 500, "bluesky": 300, "misskey": 3000}
    for network, limit in DEFAULT_LIMITS.items():
        assert count("a", network).limit == limit
    assert count("abcdef", "mastodon", limit=5).fits is False
    assert count("abcdef", "misskey", limit=6).fits is True


def test_unknown_network_counts_graphemes_but_needs_a_limit() -> None:
    assert count(FAMILY + "あ", "somethingnew", limit=10).used == 2
    with pytest.raises(ValueError):
        count("a", "somethingnew")


# -- X: weighted length beyond the conformance data (Japanese posts) -----------------------


def test_x_japanese_greeting_with_emoji_sequences_and_a_bare_url() -> None:
    # 15 kana and a full-width ！ weigh 2 each; 🎍 and a flag sequence weigh 2 each.
    assert count("あけましておめでとうございます！", "x").used == 16 * 2
    assert count("🎍🇯🇵", "x").used == 4
    # A bare domain with a known TLD is a link (23), glued Japanese text ends it.
    assert count("詳しくはexample.jpで", "x").used == 4 * 2 + 23 + 2
    assert count("https://example.com/abcを見て", "x").used == 23 + 3 * 2


def test_x_copyright_sign_alone_is_text_but_with_emoji_presentation_is_emoji() -> None:
    assert count("©", "x").used == 1
    assert count("©\ufe0f", "x").used == 2


def test_x_valid_range_marks_where_the_overflow_starts() -> None:
    parsed = parse_x("あ" * 141)
    assert (parsed.weighted_length, parsed.valid, parsed.valid_range) == (282, False, (0, 139))
    assert not parse_x("").valid  # empty is not a valid post, though it "fits"
    assert not parse_x("ok\ufffe").valid


def test_x_urls_spans() -> None:
    text = "見て https://example.com/a と t.co/abc と file.txt"
    spans = [text[a:b] for a, b in x_urls(text)]
    assert spans == ["https://example.com/a", "t.co/abc"]


# -- Bluesky: graphemes and bytes ----------------------------------------------------------


def test_bluesky_needs_both_graphemes_and_utf8_bytes_within_limits() -> None:
    kanji = "漢" * 300  # 300 graphemes, 900 bytes
    assert count(kanji, "bluesky").fits
    family = FAMILY * 150  # 150 graphemes but 18 bytes each: 2700 bytes
    assert count(family, "bluesky").fits
    heavy = FAMILY * 170  # 170 graphemes, 3060 bytes
    result = count(heavy, "bluesky")
    assert (result.used, result.fits) == (170, False)
    assert not count("a" * 301, "bluesky").fits
