"""Hashtags as each network reads them, and the safe rule Kizuna writes them by.

X is covered case by case by twitter-text's own data (test_twitter_conformance.py); here
the differences between networks that matter for Japanese posts. Each network's rule is
the dialect its adapter's ``Limits`` names, so these also prove the adapters name the
right one.
"""

from __future__ import annotations

import pytest

from app.core import hashtags
from app.core.hashtags import (
    DIALECTS,
    HashtagMatch,
    append_tags,
    format_tags,
    is_safe_tag,
    tag_spans,
    tags_in,
)
from app.core.models import Limits
from app.networks import bluesky, mastodon, misskey, x

RULES: dict[str, Limits] = {
    "x": x.LIMITS,
    "mastodon": mastodon.DEFAULT_LIMITS,
    "bluesky": bluesky.LIMITS,
    "misskey": misskey.DEFAULT_LIMITS,
}
NETWORKS = tuple(RULES)


def extract(text: str, network: str) -> list[str]:
    return tags_in(text, RULES[network])


def extract_with_indices(text: str, network: str) -> list[HashtagMatch]:
    return tag_spans(text, RULES[network].hashtag_dialect)


def test_every_dialect_is_some_networks_and_the_old_names_still_answer() -> None:
    assert sorted(r.hashtag_dialect for r in RULES.values()) == sorted(DIALECTS)
    text = "本文\n#あけおめ！ことよろ #メリクリ🎄 ＃七夕"
    for network in NETWORKS:
        assert hashtags.extract(text, network) == extract(text, network), network
    assert hashtags.extract_with_indices(text, "x") == extract_with_indices(text, "x")
    with pytest.raises(ValueError):
        hashtags.extract(text, "unknown")


def test_japanese_punctuation_ends_a_tag_except_on_misskey_and_bluesky_keeps_it_whole() -> None:
    text = "#あけおめ！ことよろ"
    assert extract(text, "x") == ["あけおめ"]
    assert extract(text, "mastodon") == ["あけおめ"]
    assert extract(text, "misskey") == ["あけおめ！ことよろ"]
    # Bluesky runs to whitespace and strips only trailing punctuation.
    assert extract(text, "bluesky") == ["あけおめ！ことよろ"]
    assert extract("#あけおめ。", "bluesky") == ["あけおめ"]


def test_glued_emoji_stays_in_the_tag_on_bluesky_and_misskey_only() -> None:
    text = "#メリクリ🎄 です"
    assert extract(text, "bluesky") == ["メリクリ🎄"]
    assert extract(text, "misskey") == ["メリクリ🎄"]
    assert extract(text, "x") == ["メリクリ"]
    assert extract(text, "mastodon") == ["メリクリ"]


def test_full_width_hash_counts_on_x_and_bluesky_not_on_mastodon_or_misskey() -> None:
    text = "＃七夕 の夜"
    assert extract(text, "x") == ["七夕"]
    assert extract(text, "bluesky") == ["七夕"]
    assert extract(text, "mastodon") == []
    assert extract(text, "misskey") == []


def test_mastodon_wants_whitespace_before_the_hash() -> None:
    assert extract("本文#タグ", "mastodon") == []
    assert extract("本文 #タグ\n#二つ目", "mastodon") == ["タグ", "二つ目"]
    # Middle dots and katakana middle dot join, a trailing one does not.
    assert extract("#タグ・テスト・", "mastodon") == ["タグ・テスト"]
    assert extract("#il·lusió", "mastodon") == ["il·lusió"]
    assert extract("#2026", "mastodon") == []


def test_misskey_tag_after_kanji_but_not_after_ascii_letter() -> None:
    assert extract("本文#タグ", "misskey") == ["タグ"]
    assert extract("abc#タグ", "misskey") == []


def test_wave_dash_splits_the_tag_on_mastodon() -> None:
    assert extract("#メ～テレ", "x") == ["メ～テレ"]
    assert extract("#メ～テレ", "mastodon") == ["メ"]


def test_indices_are_code_points_of_the_hash_and_tag() -> None:
    text = "🎍 #あけおめ と #謹賀新年"
    for network in ("x", "mastodon", "bluesky"):
        found = extract_with_indices(text, network)
        assert [text[m.start : m.end] for m in found] == ["#あけおめ", "#謹賀新年"], network
    with pytest.raises(ValueError):
        extract_with_indices(text, "misskey")


SAFE = ["あけおめ", "謹賀新年", "メリークリスマス", "tag_1", "タグ・テスト"]
UNSAFE = ["メ～テレ", "メ〜テレ", "a b", "2026", "あけおめ！", "メリクリ🎄", "", "#x"]


@pytest.mark.parametrize("tag", SAFE)
def test_safe_tags_read_back_identically_everywhere(tag: str) -> None:
    assert is_safe_tag(tag)
    for network in NETWORKS:
        assert extract(f"本文\n#{tag}", network) == [tag], network


@pytest.mark.parametrize("tag", UNSAFE)
def test_unsafe_tags_are_refused(tag: str) -> None:
    assert not is_safe_tag(tag)


def test_format_tags_uses_ascii_hash_single_spaces_and_drops_repeats() -> None:
    assert format_tags(["#あけおめ", "＃謹賀新年", "あけおめ"]) == "#あけおめ #謹賀新年"
    with pytest.raises(ValueError, match="メ～テレ"):
        format_tags(["メ～テレ"])


def test_append_tags_puts_them_on_their_own_last_line() -> None:
    assert append_tags("メリークリスマス！\n", ["メリクリ", "クリスマス"]) == (
        "メリークリスマス！\n#メリクリ #クリスマス"
    )
    assert append_tags("", ["七夕"]) == "#七夕"


def test_append_tags_skips_present_tags_and_joins_an_existing_tag_line() -> None:
    text = "メリクリ🎄\n#メリクリ"
    joined = "メリクリ🎄\n#メリクリ #メリークリスマス"
    assert append_tags(text, ["メリクリ", "メリークリスマス"]) == joined
    assert append_tags(text, ["メリクリ"]) == text
    # A tag in the running text is not repeated either; others go on a new line.
    assert append_tags("今日は #七夕 です", ["七夕", "星"]) == "今日は #七夕 です\n#星"


def test_every_network_reads_the_appended_tags() -> None:
    text = append_tags("あけましておめでとうございます。", ["あけおめ", "謹賀新年"])
    for network in NETWORKS:
        assert extract(text, network) == ["あけおめ", "謹賀新年"], network
