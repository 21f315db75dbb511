"""``measure(text, limits)``: counting by the rule an adapter's ``Limits`` carries, never by
a network's name. Each network's own ``Limits`` is used, so these also prove the adapters
describe their networks truthfully (PRODUCT.md, "Counting and hashtags")."""

from __future__ import annotations

import time
from dataclasses import replace

import pytest

from app.core.counting import Measure, count, measure, x_urls
from app.core.models import Limits
from app.networks import bluesky, mastodon, misskey, x

FAMILY = "👨\u200d👩\u200d👧"  # one grapheme, five code points, eight UTF-16 units
URL = "https://example.com/" + "a" * 40  # 60 characters


def test_x_weighs_cjk_twice_emoji_twice_and_urls_as_23() -> None:
    assert measure("あ" * 140, x.LIMITS) == Measure(280, 280, 420, None)
    assert not measure("あ" * 141, x.LIMITS).fits
    assert measure(FAMILY, x.LIMITS).used == 2
    assert measure(f"見て {URL}", x.LIMITS).used == 2 * 2 + 1 + 23


def test_mastodon_graphemes_url_reservation_and_local_mentions() -> None:
    rules = mastodon.DEFAULT_LIMITS
    assert measure(FAMILY, rules).used == 1
    assert measure(f"見て {URL}", rules).used == 3 + 23
    assert measure("@alice@sora.example.com こんにちは", rules).used == len("@alice") + 6
    # The server's own reservation.
    assert measure(f"見て {URL}", replace(rules, characters_reserved_per_url=0)).used == 3
    at = measure("a" * 500, rules)
    assert at.fits and at.remaining == 0 and not measure("a" * 501, rules).fits


def test_bluesky_counts_graphemes_with_urls_in_full_and_caps_bytes() -> None:
    rules = bluesky.LIMITS
    assert measure(FAMILY + URL, rules).used == 1 + len(URL)
    # 300 graphemes of four UTF-8 bytes each: within the grapheme limit, over 3000 bytes
    # only with more of them. 750 four-byte emoji = 3000 bytes but 750 graphemes.
    kanji = "𠮷" * 300  # four bytes each: 1200 bytes
    assert measure(kanji, rules).fits
    family = measure(FAMILY * 120, rules)  # 120 graphemes, 18 bytes each = 2160
    assert family.fits and family.bytes_used == 2160
    heavy = measure(FAMILY * 170, rules)  # 170 graphemes, 3060 bytes
    assert heavy.fits_characters and not heavy.fits_bytes and not heavy.fits
    assert heavy.max_bytes == 3000


def test_misskey_counts_utf16_units_with_urls_in_full() -> None:
    rules = misskey.DEFAULT_LIMITS
    assert measure("😀", rules).used == 2
    assert measure(FAMILY, rules).used == 8
    assert measure(URL, rules).used == len(URL)
    assert measure("a" * 3000, rules).fits and not measure("a" * 3001, rules).fits


def test_the_rule_not_the_network_decides() -> None:
    """A network no code knows by name, described only by its Limits."""
    novel = Limits(10, "utf16", characters_reserved_per_url=5, max_bytes=12)
    m = measure(f"😀 {URL}", novel)
    assert (m.used, m.bytes_used) == (2 + 1 + 5, 4 + 1 + len(URL))
    assert m.fits_characters and not m.fits_bytes
    # An unknown unit counts graphemes.
    assert measure(FAMILY, Limits(5, "strokes")).used == 1
    with pytest.raises(ValueError):
        measure("a", Limits(5, "graphemes", characters_reserved_per_url=-1))


@pytest.mark.parametrize(
    ("network", "rules"),
    [
        ("x", x.LIMITS),
        ("mastodon", mastodon.DEFAULT_LIMITS),
        ("bluesky", bluesky.LIMITS),
        ("misskey", misskey.DEFAULT_LIMITS),
    ],
)
def test_the_deprecated_count_agrees(network: str, rules: Limits) -> None:
    for text in ("あ", FAMILY * 3, f"見て {URL}", "@a@b.example やあ", "𠮷" * 200):
        old, new = count(text, network), measure(text, rules)
        assert (old.used, old.limit, old.fits) == (new.used, new.limit, new.fits), text


def _cpu(text: str) -> float:
    """The least CPU time (not wall time: other processes do not count) of three runs."""
    best = float("inf")
    for _ in range(3):
        start = time.process_time()
        x_urls(text)
        best = min(best, time.process_time() - start)
    return best


@pytest.mark.parametrize("pattern", ["a.", "1.2.", "a-b.", "x.com/a."])
def test_a_long_pasted_domain_like_run_costs_linear_time(pattern: str) -> None:
    """X's URL rule (counting and X hashtags) on "a.a.a.…": the subdomain repetition once
    backtracked over the whole run for every split — quadratic, 20k characters took 0.3 s
    in one match. Eight times the text may cost about eight times as much, not 64."""
    small = (pattern * 5_000)[:5_000]
    large = (pattern * 40_000)[:40_000]
    base = max(_cpu(small), 0.002)
    assert _cpu(large) < 24 * base
