"""Every short or ambiguous UI string tells its translator where it shows.

A source of at most two words, or one with a placeholder (%1, %n), needs a translator
comment (a ``#:`` line right above the statement with the ``translate`` call, which
lupdate writes as ``<extracomment>``) or a disambiguation (``translate(ctx, src,
"disambiguation")``, written as ``<comment>``). lupdate is run with locations into a
temporary file to know which file each string is in.
"""

from __future__ import annotations

import re
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from app.i18n import update_ts

ROOT = Path(__file__).resolve().parents[2]


def needs_context(source: str) -> bool:
    return len(source.split()) <= 2 or bool(re.search(r"%\d|%n", source))


@pytest.fixture(scope="module")
def without_context(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[str]]:
    """file → the strings in it that need context and have none."""
    tool = update_ts.find_lupdate()
    if tool is None:
        pytest.skip("lupdate is not available: cannot read the translator comments")
    ts = tmp_path_factory.mktemp("context") / "kizuna_ja.ts"
    subprocess.run(
        [*tool, "-extensions", "py", "-locations", "absolute", str(ROOT / "app"), "-ts", str(ts)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    found: dict[str, list[str]] = {}
    messages = commented = 0
    for ctx in ET.parse(ts).getroot().iter("context"):
        for m in ctx.iter("message"):
            messages += 1
            commented += bool(m.findtext("extracomment"))
            source = m.findtext("source") or ""
            if not needs_context(source) or m.findtext("comment") or m.findtext("extracomment"):
                continue
            for loc in m.iter("location"):
                # lupdate writes each location relative to the .ts file
                place = (ts.parent / (loc.get("filename") or "")).resolve()
                found.setdefault(place.relative_to(ROOT).as_posix(), []).append(
                    f"{ctx.findtext('name')}: {source!r}"
                )
    # The check reads what lupdate wrote: it must have found the strings and the comments.
    assert messages > 300 and commented > 100, (messages, commented)
    return found


def listing(found: dict[str, list[str]]) -> str:
    return "\n".join(f"{name}: {s}" for name, strings in sorted(found.items()) for s in strings)


def test_every_short_string_has_its_context(without_context: dict[str, list[str]]) -> None:
    assert not without_context, "add a #: comment or a disambiguation:\n" + listing(without_context)


def test_what_needs_context() -> None:
    assert needs_context("Retry") and needs_context("Send now") and needs_context(", ")
    assert needs_context("Signed in as %1.") and needs_context("%n new post(s)")
    assert not needs_context("No accounts yet. Add one below to post and read.")
