"""Hashtags as each network reads them, and the safe way Kizuna writes them.

Networks disagree about where a tag starts and ends (PRODUCT.md, "Counting and hashtags").
Each adapter names its network's rule in ``Limits.hashtag_dialect``; this module follows
the dialect and never asks which network it is:

- ``"twitter-text"`` (X): ``#`` or ``＃`` after anything but a letter/digit/``&`` (an emoji's
  variation selector is fine); letters, marks, digits, ``_`` and a few joiners such as
  ``・`` ``～`` ``〜`` ``々``-likes; at least one letter; not part of a URL; not followed by
  ``#`` or ``://``. Passes every case of twitter-text's hashtag conformance data.
- ``"word"`` (Mastodon): ``#`` at the start or after whitespace (recent versions want the space);
  ``[[:word:]]`` characters with ``_ · ・ ZWNJ`` allowed inside, at least one letter
  (Mastodon's ``Tag::HASHTAG_RE``). Japanese punctuation (``。、！``) ends the tag.
- ``"to-space"`` (Bluesky): ``#`` or ``＃`` at the start or after whitespace, then
  everything up to the next whitespace (emoji included) with trailing punctuation stripped;
  not digits only; at most 64 characters (the AT Protocol client's facet detection).
- ``"mfm"`` (Misskey): ASCII ``#`` only, not after an ASCII letter/digit; runs to
  whitespace or ASCII punctuation/brackets, so ``。、！`` and a glued emoji stay in the tag
  (MFM). The scanner lives in :mod:`app.core.content` and is reused here.

Kizuna itself only inserts tags by the safe rule (:func:`format_tags`, :func:`append_tags`):
on their own last line, ASCII ``#``, one space between tags, and only tags every network
reads back identically (:func:`is_safe_tag`) — so no ``～``, no punctuation, no spaces.

Public API::

    tags_in(text, limits) -> list[str]                  # tags without '#', in order
    extract_tags(text, dialect) -> list[str]            # the same, by dialect name
    tag_spans(text, dialect) -> list[HashtagMatch]      # not for "mfm"
    is_safe_tag(tag) -> bool                            # read back alike in every dialect
    format_tags(tags) -> str                            # "#a #b" (ValueError if unsafe)
    append_tags(text, tags) -> str                      # tags on their own last line
    extract(text, network) / extract_with_indices(text, network)   # deprecated

``dialect`` is one of :data:`DIALECTS`.

Pure functions: no I/O, no Qt.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from typing import TYPE_CHECKING, NamedTuple

from app.core.content import from_misskey_text
from app.core.counting import x_urls
from app.core.models import Limits

if TYPE_CHECKING:
    import regex

DIALECTS = ("twitter-text", "word", "to-space", "mfm")


class HashtagMatch(NamedTuple):
    """A tag (without ``#``) and the span of ``#tag`` in the text, in code points."""

    tag: str
    start: int
    end: int


# Patterns compile on first use (functools.cache), ``regex`` is imported then: not at start.

# ---------------------------------------------------------------------------------- X

_X_ALPHA = r"[\p{L}\p{M}]"
# Besides letters, marks, digits and '_': ZWNJ/ZWJ, Cyrillic kavyka, Hebrew maqaf and
# geresh/gershayim, full-width tilde, wave dash, kana voiced marks, katakana double hyphen
# and middle dot, ditto mark, Tibetan tsheg, middle dot — all legal inside a tag on X.
_X_JOINERS = (
    "\u200c\u200d\ua67e\u05be\u05f3\u05f4\uff5e\u301c"
    "\u309b\u309c\u30a0\u30fb\u3003\u0f0b\u0f0c\u00b7"
)
_X_ALNUM = rf"[\p{{L}}\p{{M}}\p{{Nd}}_{_X_JOINERS}]"


@cache
def _x_tag() -> regex.Pattern[str]:
    import regex

    return regex.compile(
        # A variation selector (a mark) right before '#' ends an emoji, so it may precede a tag.
        rf"(?:(?<=[\uFE0E\uFE0F])|(?<![\p{{L}}\p{{M}}\p{{Nd}}_{_X_JOINERS}&]))"
        rf"[#＃](?![\uFE0F\u20E3])(?P<tag>{_X_ALNUM}*{_X_ALPHA}{_X_ALNUM}*)",
        regex.VERSION1,
    )


@cache
def _x_after() -> regex.Pattern[str]:
    import regex

    return regex.compile(r"[#＃]|://")


def _x(text: str) -> list[HashtagMatch]:
    urls = x_urls(text)
    found: list[HashtagMatch] = []
    for m in _x_tag().finditer(text):
        if _x_after().match(text, m.end()):
            continue  # "#http://…" or "#a#b": not a tag
        start, end = m.span()
        if any(start < u_end and u_start < end for u_start, u_end in urls):
            continue  # "…/#anchor" inside a link
        found.append(HashtagMatch(m.group("tag"), start, end))
    return found


# --------------------------------------------------------------------------- Mastodon

_M_WORD = r"\p{L}\p{M}\p{Nd}\p{Pc}"  # Onigmo's [[:word:]]
_M_SEP = "_\u00b7\u30fb\u200c"
_M_NAME = (
    rf"[{_M_WORD}_][{_M_WORD}{_M_SEP}]*[\p{{Alphabetic}}{_M_SEP}][{_M_WORD}{_M_SEP}]*[{_M_WORD}_]"
    rf"|[{_M_WORD}_]*\p{{Alphabetic}}[{_M_WORD}_]*"
)


@cache
def _m_tag() -> regex.Pattern[str]:
    import regex

    return regex.compile(rf"(?:^|(?<=\s))#(?P<tag>{_M_NAME})", regex.VERSION1)


def _mastodon(text: str) -> list[HashtagMatch]:
    return [HashtagMatch(m.group("tag"), *m.span()) for m in _m_tag().finditer(text)]


# ---------------------------------------------------------------------------- Bluesky

_B_INVISIBLE = "\u00ad\u2060\u200a\u200b\u200c\u200d\u20e2"


@cache
def _b_tag() -> regex.Pattern[str]:
    import regex

    return regex.compile(
        rf"(?:^|(?<=\s))[#＃](?!\uFE0F)(?P<tag>[^\s{_B_INVISIBLE}]*"
        rf"[^0-9\s\p{{P}}{_B_INVISIBLE}][^\s{_B_INVISIBLE}]*)",
        regex.VERSION1,
    )


# Searched from the end (REVERSE): a forward search would retry from every character of a
# long run of punctuation inside a tag — quadratic.


@cache
def _b_trailing_punct() -> regex.Pattern[str]:
    import regex

    return regex.compile(r"\p{P}+$", regex.REVERSE)


_B_MAX = 64  # UTF-16 units, '#' excluded


def _bluesky(text: str) -> list[HashtagMatch]:
    found = []
    for m in _b_tag().finditer(text):
        tag = _b_trailing_punct().sub("", m.group("tag").strip())
        if tag and len(tag.encode("utf-16-le")) // 2 <= _B_MAX:
            found.append(HashtagMatch(tag, m.start(), m.start() + 1 + len(tag)))
    return found


# -------------------------------------------------------------------------------- API

_WITH_INDICES = {"twitter-text": _x, "word": _mastodon, "to-space": _bluesky}
# Issue #3's extract(text, network): a table for that deprecated signature only; the
# adapters carry the real rule (Limits.hashtag_dialect).
_LEGACY_DIALECTS = {
    "x": "twitter-text",
    "mastodon": "word",
    "bluesky": "to-space",
    "misskey": "mfm",
}


def extract_tags(text: str, dialect: str) -> list[str]:
    """The hashtags ``dialect`` makes of ``text``, without ``#``, in order of appearance.

    "twitter-text", "word" and "to-space" list a repeated tag each time; "mfm" (read by the
    same scanner that renders Misskey notes) lists each tag once.
    """
    if dialect == "mfm":
        return list(from_misskey_text(text).tags)
    return [m.tag for m in tag_spans(text, dialect)]


def tags_in(text: str, limits: Limits) -> list[str]:
    """The hashtags the network whose adapter gave ``limits`` makes of ``text``."""
    return extract_tags(text, limits.hashtag_dialect)


def tag_spans(text: str, dialect: str) -> list[HashtagMatch]:
    """Like :func:`extract_tags`, with the span of each ``#tag`` (code-point indices).

    Not available for "mfm", whose scanner reports tags only.
    """
    try:
        return _WITH_INDICES[dialect](text)
    except KeyError:
        raise ValueError(f"no hashtag indices for dialect {dialect!r}") from None


def _dialect_of(network: str) -> str:
    try:
        return _LEGACY_DIALECTS[network]
    except KeyError:
        raise ValueError(f"no hashtag rule for network {network!r}") from None


def extract(text: str, network: str) -> list[str]:
    """Deprecated: :func:`tags_in` with the adapter's ``limits``."""
    return extract_tags(text, _dialect_of(network))


def extract_with_indices(text: str, network: str) -> list[HashtagMatch]:
    """Deprecated: :func:`tag_spans` with the adapter's ``Limits.hashtag_dialect``."""
    return tag_spans(text, _dialect_of(network))


def _clean(tag: str) -> str:
    return tag.strip().lstrip("#＃")


def is_safe_tag(tag: str) -> bool:
    """True when every network reads ``#tag`` back as exactly ``tag``, wherever it stands on
    a line of tags: no spaces, punctuation, ``～`` or full-width ``＃``, not digits only."""
    if not tag or tag != tag.strip() or "#" in tag or "＃" in tag:
        return False
    if "～" in tag or "〜" in tag:  # X keeps them inside a tag, Mastodon ends the tag there
        return False
    samples = (f"#{tag}", f"本文\n#{tag} #a")
    return all(extract_tags(sample, d)[:1] == [tag] for sample in samples for d in DIALECTS)


def format_tags(tags: Iterable[str]) -> str:
    """``#a #b`` for Kizuna to insert: ASCII '#', one space between tags, repeats dropped.

    Raises ValueError naming the first tag that is not safe on every network.
    """
    out: list[str] = []
    seen: set[str] = set()
    for raw in tags:
        tag = _clean(raw)
        if not is_safe_tag(tag):
            raise ValueError(f"hashtag {raw!r} is not safe on every network")
        if tag.casefold() not in seen:
            seen.add(tag.casefold())
            out.append("#" + tag)
    return " ".join(out)


def _present(text: str) -> set[str]:
    return {t.casefold() for d in DIALECTS for t in extract_tags(text, d)}


def _is_tag_line(line: str) -> bool:
    words = line.split()
    return bool(words) and all(w.startswith("#") and is_safe_tag(w[1:]) for w in words)


def append_tags(text: str, tags: Iterable[str]) -> str:
    """``text`` with ``tags`` on its own last line (the safe rule).

    Tags already in the text are not repeated; when the text already ends with a line of
    tags, the new ones join that line.
    """
    present = _present(text)
    new = [t for t in (_clean(t) for t in tags) if t.casefold() not in present]
    if not new:
        return text
    line = format_tags(new)
    body = text.rstrip()
    if not body:
        return line
    lines = body.split("\n")
    if _is_tag_line(lines[-1]):
        lines[-1] = lines[-1].rstrip() + " " + line
        return "\n".join(lines)
    return f"{body}\n{line}"
