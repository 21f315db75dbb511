"""X's own conformance data for twitter-text, read in place from ../shared/conformance/.

Every case of validate.yml's three weighted-counter sections (WeightedTweetsCounterTest is
twitter-text's v2 configuration, without emoji parsing; the other two are v3) and every
case of extract.yml's hashtag sections. The data is not copied into this repository; where
it is absent the tests skip and say so.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from app.core.counting import count, measure, parse_x
from app.core.hashtags import tag_spans, tags_in
from app.networks.x import LIMITS as X

DATA = Path(__file__).resolve().parents[3] / "shared" / "conformance" / "twitter-text"
ABSENT = f"twitter-text conformance data not found at {DATA}"

COUNTER_SECTIONS = (
    "WeightedTweetsCounterTest",
    "WeightedTweetsWithDiscountedEmojiCounterTest",
    "UnicodeDirectionalMarkerCounterTest",
)
HASHTAG_SECTIONS = ("hashtags", "hashtags_from_astral")


def _cases(filename: str, sections: tuple[str, ...]) -> list[Any]:
    path = DATA / filename
    if not path.is_file():
        return [pytest.param(None, None, marks=pytest.mark.skip(reason=ABSENT), id="absent")]
    tests = yaml.safe_load(path.read_text(encoding="utf-8"))["tests"]
    params = []
    for section in sections:
        assert tests.get(section), f"{filename} has no section {section}"
        for i, case in enumerate(tests[section]):
            params.append(pytest.param(section, case, id=f"{section}-{i}"))
    return params


@pytest.mark.parametrize(("section", "case"), _cases("validate.yml", COUNTER_SECTIONS))
def test_weighted_length(section: str, case: dict[str, Any]) -> None:
    result = parse_x(case["text"], emoji_parsing=section != "WeightedTweetsCounterTest")
    got = {
        "weightedLength": result.weighted_length,
        "valid": result.valid,
        "permillage": result.permillage,
        "displayRangeStart": result.display_range[0],
        "displayRangeEnd": result.display_range[1],
        "validRangeStart": result.valid_range[0],
        "validRangeEnd": result.valid_range[1],
    }
    assert got == case["expected"], case["description"]
    if section != "WeightedTweetsCounterTest":
        # The public counter (by the X adapter's Limits) is the v3 one and agrees with it,
        # as does the deprecated count(text, "x").
        assert measure(case["text"], X).used == case["expected"]["weightedLength"]
        assert count(case["text"], "x").used == case["expected"]["weightedLength"]


@pytest.mark.parametrize(("section", "case"), _cases("extract.yml", HASHTAG_SECTIONS))
def test_hashtag_extraction(section: str, case: dict[str, Any]) -> None:
    assert tags_in(case["text"], X) == case["expected"], case["description"]


@pytest.mark.parametrize(("section", "case"), _cases("extract.yml", ("hashtags_with_indices",)))
def test_hashtag_indices(section: str, case: dict[str, Any]) -> None:
    found = tag_spans(case["text"], X.hashtag_dialect)
    got = [{"hashtag": m.tag, "indices": [m.start, m.end]} for m in found]
    assert got == case["expected"], case["description"]
