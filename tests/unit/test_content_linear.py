"""Hostile content cannot freeze the window: parsing does work in proportion to its input.

No clock is read. The work is counted: every compiled pattern in ``app.core.content`` is
wrapped (for the test only) in a proxy that adds up how many characters each call hands
the regex engine to look at — from where a search starts to where its match ends (or the
end of the string), the whole string for a call without a position. Before the fix, each
token made one search over everything before it (``_ALNUM_BEFORE.search(text[:start])``):
100k characters of ``#a `` took 9.7 s (issue 10, finding 6).
"""

from __future__ import annotations

import re
import time
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.core import content

SIZE = 100_000
# Characters looked at per input character, at most. A linear scanner stays in single
# digits; the quadratic one was in the thousands at this size.
PER_CHAR = 12

PIECES = [
    "#a ", "#", "＃", ":", "@", "@a", "@a@", "@a@b.", "a", "1", "-", ".", ",", ")", "(", "[",
    "]", " ", "\n", "あ", "https://", "http://", "https:///", "http://a.b/", "https://x.y/(",
    "#1", "a#b", "@-", "<br>", "&", "<",
]  # fmt: skip


class CountingPattern:
    """A compiled pattern that adds the characters each call examines to ``meter``."""

    def __init__(self, inner: re.Pattern[str], meter: list[int]) -> None:
        self._inner = inner
        self._meter = meter

    def _note(self, string: str, pos: int, m: re.Match[str] | None) -> None:
        self._meter[0] += (m.end() if m else len(string)) - pos + 1

    def search(self, string: str, pos: int = 0, endpos: int = 2**62) -> re.Match[str] | None:
        m = self._inner.search(string, pos, endpos)
        self._note(string, pos, m)
        return m

    def match(self, string: str, pos: int = 0, endpos: int = 2**62) -> re.Match[str] | None:
        m = self._inner.match(string, pos, endpos)
        self._note(string, pos, m)
        return m

    def fullmatch(self, string: str, pos: int = 0, endpos: int = 2**62) -> re.Match[str] | None:
        m = self._inner.fullmatch(string, pos, endpos)
        self._note(string, pos, m)
        return m

    def finditer(self, string: str, pos: int = 0, endpos: int = 2**62) -> Any:
        self._meter[0] += len(string) - pos + 1
        return self._inner.finditer(string, pos, endpos)

    def sub(self, repl: Any, string: str, count: int = 0) -> str:
        self._meter[0] += len(string) + 1
        return self._inner.sub(repl, string, count)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inner, name)


@pytest.fixture
def meter(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    counted = [0]
    for name, value in vars(content).items():
        if isinstance(value, re.Pattern):
            monkeypatch.setattr(content, name, CountingPattern(value, counted))
    # Module-level re.* calls (re.sub(pattern, …)) are counted too.
    for name in ("search", "match", "fullmatch", "sub", "findall", "finditer"):
        real = getattr(re, name)

        def counted_call(pattern: Any, string: Any, *args: Any, _real: Any = real) -> Any:
            if isinstance(string, str):
                counted[0] += len(string) + 1
            return _real(pattern, string, *args)

        monkeypatch.setattr(content.re, name, counted_call)
    return counted


def _work(meter: list[int], text: str, parse: Any) -> int:
    before = meter[0]
    parse(text)
    return meter[0] - before


def _repeat(pattern: str, size: int) -> str:
    return (pattern * (size // len(pattern) + 1))[:size]


@pytest.mark.parametrize(
    "pattern",
    ["#a ", "#", ":", "@", "@a@", "https:///", "http://a.b/" + ")" * 50, "a#b", "@-@-", "1#1 "],
)
def test_misskey_text_work_is_linear_in_the_known_bad_patterns(
    meter: list[int], pattern: str
) -> None:
    small = _work(meter, _repeat(pattern, SIZE // 2), content.from_misskey_text)
    large = _work(meter, _repeat(pattern, SIZE), content.from_misskey_text)
    assert large <= PER_CHAR * SIZE, (pattern, large)
    # Twice the text, about twice the work (not four times).
    assert large <= 2 * small + 2 * SIZE // 10, (pattern, small, large)


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(st.lists(st.sampled_from(PIECES), min_size=1, max_size=6))
def test_misskey_text_work_is_bounded_for_any_repeated_mix(
    meter: list[int], pieces: list[str]
) -> None:
    text = _repeat("".join(pieces), SIZE)
    work = _work(meter, text, content.from_misskey_text)
    assert work <= PER_CHAR * SIZE, (pieces, work)


@pytest.mark.parametrize(
    "html",
    ["<br>" * 20_000 + "x", "<p></p>" * 10_000 + "x", " " * 50_000 + "x" + "<br>" * 10_000],
)
def test_mastodon_html_work_is_linear(meter: list[int], html: str) -> None:
    work = _work(meter, html, content.from_mastodon_html)
    assert work <= PER_CHAR * max(len(html), SIZE), work


def test_the_meter_sees_a_quadratic_scan(meter: list[int]) -> None:
    """The counting proxy is not blind: a search over everything before each token — what
    the old scanner did — is counted as quadratic work."""
    before_each = re.compile(r"[a-zA-Z0-9]$")
    proxy = CountingPattern(before_each, meter)
    text = _repeat("#a ", 3000)
    start = meter[0]
    for i in range(0, len(text), 3):
        proxy.search(text[:i])
    assert meter[0] - start > PER_CHAR * len(text) * 10


def test_results_are_still_right_on_adversarial_input() -> None:
    c = content.from_misskey_text(_repeat("#a ", 3000))
    assert c.tags == ("a",)
    c = content.from_misskey_text("https:///https://a.example/x #タグ")
    assert c.tags == ("タグ",)
    assert "kizuna-tag" in c.html
    c = content.from_misskey_text("見て https://a.example/x)))).")
    assert 'href="https://a.example/x"' in c.html


def _cpu(work: Any) -> float:
    """The least CPU time (not wall time) of three runs. The sanitiser is compiled code the
    meter cannot see into, so its growth is compared between two sizes instead."""
    best = float("inf")
    for _ in range(3):
        start = time.process_time()
        work()
        best = min(best, time.process_time() - start)
    return best


@pytest.mark.parametrize("element", ["<div>", "<ul>"])
def test_deeply_nested_markup_costs_linear_time(element: str) -> None:
    """The HTML sanitiser's time grows with the square of the nesting depth (20k nested
    <div> took 0.85 s): eight times the markup may cost about eight times as much."""
    small = element * 2_500
    large = element * 20_000
    base = max(_cpu(lambda: content.from_mastodon_html(small)), 0.002)
    assert _cpu(lambda: content.from_mastodon_html(large)) < 24 * base


def test_markup_past_the_limit_is_shown_as_escaped_text_only() -> None:
    hostile = '<a href="https://evil.example/">x</a><script>alert(1)</script>' * 1_300
    c = content.from_mastodon_html(hostile + "<b>&lt;終わり&gt;</b>")
    assert "<a " not in c.html and "<script" not in c.html
    assert c.text.endswith("<終わり>") and c.html.endswith("&lt;終わり&gt;")
    assert c.tags == ()
