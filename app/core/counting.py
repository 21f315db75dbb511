"""How long a text is on each network, in that network's own unit.

Each network counts differently (see PRODUCT.md, "Counting and hashtags"):

- Mastodon: grapheme clusters; every http(s) URL counts as 23, ``@user@domain`` as ``@user``.
- Misskey: UTF-16 code units, URLs in full.
- Bluesky: grapheme clusters, URLs in full.
- X: weighted code points (first pass; the conformance suite comes with a later issue).

Grapheme clusters come from the ``regex`` package's ``\\X`` (full Unicode extended grapheme
clusters, emoji ZWJ sequences included) — the standard library has no segmenter.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

import regex

DEFAULT_LIMITS: dict[str, int] = {"x": 280, "mastodon": 500, "bluesky": 300, "misskey": 3000}
URL_WEIGHT = 23

# URLs as Mastodon's extractor sees them closely enough: http(s), then ASCII URL characters.
# Japanese text often follows a URL without a space (「https://example.com/を見て」), so
# non-ASCII characters end it; trailing sentence punctuation is not part of it either.
_URL = r"(?<![\w/@.])https?://[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]*[A-Za-z0-9\-_~/#=&+%]"
# Mastodon counts a remote mention by its local part only.
_MENTION = r"(?<![/\w])@(?P<user>[A-Za-z0-9_]+(?:[A-Za-z0-9_.\-]+[A-Za-z0-9_])?)@[\w.\-]*\w"
_MASTODON_ENTITIES = re.compile(f"(?P<url>{_URL})|(?P<mention>{_MENTION})")
_URLS = re.compile(_URL)
_GRAPHEME = regex.compile(r"\X")
_PICTOGRAPHIC = regex.compile(r"[\p{Extended_Pictographic}\p{Regional_Indicator}]")

# X: these code point ranges weigh 1, everything else 2 (so kana and kanji weigh 2).
_X_LIGHT = ((0, 4351), (8192, 8205), (8208, 8223), (8242, 8247))


@dataclass(frozen=True, slots=True)
class Count:
    """``used`` units of ``limit``. ``fits`` says nothing about emptiness: check that apart."""

    used: int
    limit: int
    fits: bool

    @property
    def remaining(self) -> int:
        return self.limit - self.used


def graphemes(text: str) -> int:
    return len(_GRAPHEME.findall(text))


def utf16_units(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def _mastodon(text: str) -> int:
    def replace(m: re.Match[str]) -> str:
        if m.group("url"):
            return "x" * URL_WEIGHT
        return "@" + m.group("user")

    return graphemes(_MASTODON_ENTITIES.sub(replace, text))


def _x_weight(cluster: str) -> int:
    # An emoji sequence weighs 2 however many code points it has.
    if _PICTOGRAPHIC.search(cluster):
        return 2
    return sum(1 if any(lo <= ord(ch) <= hi for lo, hi in _X_LIGHT) else 2 for ch in cluster)


def _x(text: str) -> int:
    text = unicodedata.normalize("NFC", text)
    urls = len(_URLS.findall(text))
    rest = _URLS.sub("", text)
    return urls * URL_WEIGHT + sum(_x_weight(c) for c in _GRAPHEME.findall(rest))


_COUNTERS = {
    "mastodon": _mastodon,
    "misskey": utf16_units,
    "bluesky": graphemes,
    "x": _x,
}


def count(text: str, network: str, limit: int | None = None) -> Count:
    """Count ``text`` as ``network`` does; ``limit`` overrides the network's default limit.

    An unknown network counts grapheme clusters, and then needs an explicit ``limit``.
    """
    if limit is None:
        if network not in DEFAULT_LIMITS:
            raise ValueError(f"no default limit for network {network!r}")
        limit = DEFAULT_LIMITS[network]
    used = _COUNTERS.get(network, graphemes)(text)
    return Count(used=used, limit=limit, fits=used <= limit)
