"""Facets and Bluesky hashtags on hostile text: right offsets, and work that grows with the
text, not with its square (a run of punctuation inside a tag, a tail of brackets after a
link, thousands of tags)."""

from __future__ import annotations

import time
from collections.abc import Callable

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.core.facets import build_facets, byte_range, find_spans
from app.core.hashtags import extract_tags

PIECES = ["#a", "＃タグ", " ", "\n", "!", "。", "https://a.example/", "(", ")", "@x.test", "🎄"]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=40))
def test_offsets_counted_on_are_the_byte_ranges(pieces: list[str]) -> None:
    text = "".join(pieces)
    dids = {"x.test": "did:plc:x"}
    facets = build_facets(text, dids)
    expected = [
        byte_range(text, s.start, s.end)
        for s in find_spans(text)
        if s.kind != "mention" or s.value in dids
    ]
    assert [(f["index"]["byteStart"], f["index"]["byteEnd"]) for f in facets] == expected


def _cpu(work: Callable[[], object]) -> float:
    """The least CPU time (not wall time) of three runs."""
    best = float("inf")
    for _ in range(3):
        start = time.process_time()
        work()
        best = min(best, time.process_time() - start)
    return best


@pytest.mark.parametrize(
    "make",
    [
        lambda n: "#" + "!" * n + "a",  # punctuation inside a tag, stripped from its end
        lambda n: "https://a.example/" + ")" * n,  # brackets the link never opened
        lambda n: "#a " * (n // 3),  # a facet every three characters
    ],
)
def test_work_grows_linearly(make: Callable[[int], str]) -> None:
    """Eight times the text may cost about eight times as much, not 64 (the old trailing
    punctuation search took 1.8 s for 20k characters of one tag)."""
    small, large = make(5_000), make(40_000)

    def both(text: str) -> Callable[[], object]:
        return lambda: (build_facets(text), extract_tags(text, "to-space"))

    base = max(_cpu(both(small)), 0.002)
    assert _cpu(both(large)) < 24 * base


def test_trailing_punctuation_and_brackets_still_trimmed() -> None:
    assert extract_tags("#あけおめ!!。", "to-space") == ["あけおめ"]
    (span,) = find_spans("(see https://a.example/(b)))..")
    assert span.value == "https://a.example/(b)"
