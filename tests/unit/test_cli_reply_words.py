"""``reply``'s refusal of a text that does not fit names the unit its network counted in:
characters, or UTF-8 bytes where a byte cap (Bluesky's 3000) is what it exceeds. (The
words are compared through the translator, so a language another test left installed
changes nothing.)"""

from __future__ import annotations

from app.cli_checks import translate
from app.cli_reply import _overlong
from app.core.counting import measure
from app.core.models import Limits

BLUESKY = Limits(max_characters=300, unit="graphemes", max_bytes=3000)


def words(source: str, used: int, limit: int) -> str:
    text = translate("Cli", source)
    return text.replace("%1", str(used)).replace("%2", str(limit))


def test_too_many_characters_says_characters() -> None:
    expected = words("the text does not fit: %1 of %2 characters", 301, 300)
    assert _overlong(measure("あ" * 301, BLUESKY)) == expected


def test_too_many_bytes_says_bytes() -> None:
    # 100 graphemes, each a letter under 20 combining marks: 100 × 41 bytes.
    text = ("e" + "\u0301" * 20) * 100
    used = measure(text, BLUESKY)
    assert used.fits_characters and not used.fits_bytes
    assert _overlong(used) == words("the text does not fit: %1 of %2 bytes", 4100, 3000)


def test_a_text_that_fits_has_no_words() -> None:
    assert _overlong(measure("あけおめ🎍", BLUESKY)) == ""
