"""The composer's small public API (issue #3): importable and usable without Qt, with the
signatures and defaults the issue states, documented in each module."""

from __future__ import annotations

import dataclasses
import datetime as dt
import inspect
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from app.core import counting, hashtags, occasions
from app.services.catalogues import shipped

ROOT = Path(__file__).resolve().parents[2]


def test_importable_and_usable_without_qt() -> None:
    # A fresh interpreter: this test process has Qt loaded already.
    script = textwrap.dedent(
        """
        import datetime, sys
        import app.core.counting, app.core.hashtags, app.core.occasions
        from app.core import counting, hashtags, occasions
        from app.services.catalogues import shipped
        assert counting.count("メリクリ", "x").used == 8
        assert hashtags.extract("メリクリ\\n#メリクリ", "misskey") == ["メリクリ"]
        shipped_occasions = shipped().occasions
        assert occasions.upcoming(datetime.date(2026, 12, 20), 10, catalogue=shipped_occasions)
        assert occasions.on(2027, shipped_occasions)
        assert shipped().suggest("christmas", "polite")
        loaded = sorted(m for m in sys.modules if m.split(".")[0] in ("PySide6", "shiboken6"))
        assert not loaded, loaded
        print("ok")
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "ok"


@pytest.mark.parametrize(
    ("network", "limit"), [("x", 280), ("mastodon", 500), ("bluesky", 300), ("misskey", 3000)]
)
def test_count_defaults(network: str, limit: int) -> None:
    result = counting.count("あ", network)
    assert (result.used, result.limit, result.fits) == (2 if network == "x" else 1, limit, True)
    over = counting.count("a" * (limit + 1), network)
    assert (over.used, over.fits) == (limit + 1, False)


def test_signatures_as_the_issue_states() -> None:
    count = inspect.signature(counting.count)
    assert list(count.parameters)[:2] == ["text", "network"]
    assert count.return_annotation in ("Count", counting.Count)
    assert {"used", "limit", "fits"} <= {f.name for f in dataclasses.fields(counting.Count)}
    extract = inspect.signature(hashtags.extract)
    assert list(extract.parameters) == ["text", "network"]
    assert hashtags.extract("#a #b", "x") == ["a", "b"]  # without '#'
    assert list(inspect.signature(occasions.on).parameters)[:1] == ["year"]
    up = inspect.signature(occasions.upcoming)
    assert list(up.parameters)[:2] == ["today", "days"]
    # positional, as the issue writes it; the catalogue is data passed in (core reads no file)
    found = occasions.upcoming(dt.date(2026, 12, 20), 5, catalogue=shipped().occasions)
    assert found and all(isinstance(o, occasions.Occasion) for o in found)
    for o in found:
        assert isinstance(o.key, str) and isinstance(o.name_ja, str)
        assert isinstance(o.start, dt.date) and isinstance(o.end, dt.date)
        assert isinstance(o.celebratory, bool)


@pytest.mark.parametrize("module", [counting, hashtags, occasions])
def test_documented_in_its_module(module: object) -> None:
    doc = inspect.getdoc(module) or ""
    assert "Public API" in doc
    for name in {"counting": ["count("], "hashtags": ["extract("],
                 "occasions": ["on(", "upcoming("]}[module.__name__.split(".")[-1]]:  # fmt: skip
        assert name in doc, name
