"""How long a text is, in the unit a network's :class:`~app.core.models.Limits` names.

The adapter of each network says how it counts (its ``Limits``); this module follows that
rule and never asks which network it is (PRODUCT.md, "Counting and hashtags"):

- ``unit="weighted"`` (X): twitter-text v3 weighted length. The text is NFC-normalised;
  code points in a few ranges (Latin, general punctuation …) weigh 1, everything else 2
  (so kana and kanji weigh 2: 140 of them fill a post); an emoji sequence — however many
  code points — weighs 2; every URL weighs ``characters_reserved_per_url``.
  :func:`parse_x` gives the whole twitter-text result (validity, permillage, valid range).
- ``unit="graphemes"`` (Mastodon, Bluesky): grapheme clusters.
- ``unit="utf16"`` (Misskey): UTF-16 code units (JavaScript's ``length``).
- ``characters_reserved_per_url``: every http(s) URL counts as that many (Mastodon: the
  server's own, 23 unless told); None: URLs count in full.
- ``mentions_count_local_part``: ``@user@domain`` counts as ``@user`` (Mastodon).
- ``max_bytes``: a second cap in UTF-8 bytes (Bluesky: 3000); ``fits`` needs both.

Grapheme clusters and emoji come from the ``regex`` package (``\\X`` and the Unicode emoji
properties) — the standard library has neither. Pure functions: no I/O, no Qt.

Public API::

    measure(text, limits) -> Measure  # .used .limit .bytes_used .max_bytes .fits .remaining
    parse_x(text, *, emoji_parsing=True) -> XParse   # twitter-text's parseTweet result
    x_urls(text) -> list[tuple[int, int]]             # URL spans as X sees them (code points)
    count(text, network, limit=None, url_weight=None) -> Count   # deprecated: measure
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, replace
from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import regex

from app.core.models import Limits

URL_WEIGHT = 23
BLUESKY_MAX_BYTES = 3000  # kept for callers of the deprecated count(); Limits carries it

# --------------------------------------------------------------------------- helpers

# Every pattern is compiled on first use (functools.cache), and ``regex`` imported then:
# compiling them all at import cost each start ~100 ms, before anything was counted.


@cache
def _grapheme() -> regex.Pattern[str]:
    import regex

    return regex.compile(r"\X")


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
    return len(_grapheme().findall(text))


def utf16_units(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def utf8_bytes(text: str) -> int:
    return len(text.encode("utf-8", "surrogatepass"))


# ----------------------------------------------------------- URLs and mentions in full text

# URLs as Mastodon's extractor sees them closely enough: http(s), then ASCII URL characters.
# Japanese text often follows a URL without a space (「https://example.com/を見て」), so
# non-ASCII characters end it; trailing sentence punctuation is not part of it either.
_URL = r"(?<![\w/@.])https?://[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]*[A-Za-z0-9\-_~/#=&+%]"
# A remote mention, which some networks count by its local part only.
_MENTION = r"(?<![/\w])@(?P<user>[A-Za-z0-9_]+(?:[A-Za-z0-9_.\-]+[A-Za-z0-9_])?)@[\w.\-]*\w"


@cache
def _url_mention_re(urls: bool, mentions: bool) -> re.Pattern[str]:
    """URLs, remote mentions, or either (named groups ``url`` / ``mention``)."""
    parts = ([f"(?P<url>{_URL})"] if urls else []) + (
        [f"(?P<mention>{_MENTION})"] if mentions else []
    )
    return re.compile("|".join(parts))


def _substituted(text: str, url_weight: int | None, local_mentions: bool) -> str:
    """``text`` with each URL replaced by ``url_weight`` placeholder characters (None:
    kept in full) and, with ``local_mentions``, each ``@user@domain`` by ``@user``."""
    if url_weight is None and not local_mentions:
        return text
    pattern = _url_mention_re(url_weight is not None, local_mentions)

    def replace_one(m: re.Match[str]) -> str:
        if m.lastgroup == "url":
            return "x" * (url_weight or 0)
        return "@" + m.group("user")

    return pattern.sub(replace_one, text)


# --------------------------------------------------------------------------------- X
#
# The facts below are twitter-text's v3 configuration (config/v3.json): scale 100, default
# weight 200, these ranges weigh 100, transformed URL length 23, emoji parsing on. They are
# embedded because the app must not read the conformance folder at run time.

X_MAX_LENGTH = 280
X_LIGHT_RANGES: tuple[tuple[int, int], ...] = ((0, 4351), (8192, 8205), (8208, 8223), (8242, 8247))
# A post containing one of these is invalid on X whatever its length.
_X_INVALID = frozenset("\ufffe\ufeff\uffff")

# Two-letter country-code top-level domains (ISO 3166 codes that are delegated, plus uk,
# su, eu, ac). Only used for URLs typed without a scheme.
_CC_TLDS = (
    "ac ad ae af ag ai al am ao aq ar as at au aw ax az ba bb bd be bf bg bh bi bj bm bn bo "
    "br bs bt bw by bz ca cc cd cf cg ch ci ck cl cm cn co cr cu cv cw cx cy cz de dj dk dm "
    "do dz ec ee eg er es et eu fi fj fk fm fo fr ga gb gd ge gf gg gh gi gl gm gn gp gq gr "
    "gs gt gu gw gy hk hm hn hr ht hu id ie il im in io iq ir is it je jm jo jp ke kg kh ki "
    "km kn kp kr kw ky kz la lb lc li lk lr ls lt lu lv ly ma mc md me mg mh mk ml mm mn mo "
    "mp mq mr ms mt mu mv mw mx my mz na nc ne nf ng ni nl no np nr nu nz om pa pe pf pg ph "
    "pk pl pm pn pr ps pt pw py qa re ro rs ru rw sa sb sc sd se sg sh si sk sl sm sn so sr "
    "ss st su sv sx sy sz tc td tf tg th tj tk tl tm tn to tr tt tv tw tz ua ug uk us uy uz "
    "va vc ve vg vi vn vu wf ws ye yt za zm zw"
).split()
# Generic TLDs people actually type without a scheme (twitter-text keeps the full IANA list;
# with a scheme we accept any alphabetic TLD, so this list only matters for bare domains).
_G_TLDS = (
    "com net org edu gov mil int info biz name pro mobi asia tel travel jobs museum aero coop "
    "cat app dev page blog shop store online site website tech xyz club top work live life "
    "world today news art design cloud space fun link click email media studio photo photos "
    "games ltd inc social tokyo osaka nagoya yokohama kyoto okinawa ryukyu moe"
).split()
_KNOWN_TLDS = "|".join(sorted(set(_CC_TLDS) | set(_G_TLDS), key=lambda t: (-len(t), t)))

# What may stand right before a URL: not a letter/digit, @, $ or # (ASCII or full-width), nor
# an invalid character — but directional marks are fine.
_BEFORE = r"(?<![A-Za-z0-9@＠$#＃\uFFFE\uFEFF\uFFFF])"
# A domain character: anything but ASCII punctuation, spaces, controls, directional marks and
# the invalid characters (so ✪ or あ may appear in a domain, as twitter-text allows).
_DC = (
    r"[^\s\x00-\x2C\x2E\x2F\x3A-\x40\x5B-\x60\x7B-\x7F\u00A0\u1680\u2000-\u200F\u2028-\u202F"
    r"\u205F-\u206F\u3000\uFFFE\uFEFF\uFFFF\u061C\p{Cc}\p{Cf}\p{Zs}\p{P}]"
)
_AC = r"[A-Za-z0-9]"
# Subdomains may contain underscores; the registered name (the label before the TLD) not.
_SUB = rf"{_DC}(?:(?:{_DC}|[-_])*{_DC})?\."
_NAME = rf"{_DC}(?:(?:{_DC}|-)*{_DC})?\."
_ASCII_SUB = rf"{_AC}(?:(?:{_AC}|[-_])*{_AC})?\."
_ASCII_NAME = rf"{_AC}(?:(?:{_AC}|-)*{_AC})?\."
_TLD_END = r"(?![A-Za-z0-9@+\-_])"
# A domain has at most 127 labels (253 characters). Unbounded, the subdomain repetition
# backtracks over every label of a long "a.a.a.…" run for each split: quadratic in the
# run, which a pasted text could make freeze the composer.
_LABELS = "{0,125}"
_UNICODE_TLD = r"[^\x00-\x7F\s\p{P}\p{S}\p{C}]+"
_PATH_CHAR = r"[A-Za-z0-9!*';:=+,.$/%#\[\]\-\u2013_~&|@\p{Latin}\p{Cyrillic}]"
_PATH_END = r"[A-Za-z0-9=_#/+\-\p{Latin}\p{Cyrillic}]"
_PARENS = rf"\((?:{_PATH_CHAR})*\)"
_PATH = rf"/(?:(?:{_PATH_CHAR}|{_PARENS})*(?:{_PATH_END}|{_PARENS}))?"
_QUERY = r"\?[A-Za-z0-9!?*'();:&=+$/%#\[\]\-_.,~|@]*[A-Za-z0-9\-_&=#/]"


@cache
def _x_url() -> regex.Pattern[str]:
    import regex

    return regex.compile(
        _BEFORE
        + r"(?P<url>"
        + r"(?:(?P<scheme>https?://)"
        # An all-ASCII domain may end in any alphabetic TLD; a Unicode one needs a known TLD
        # (or a Unicode/punycode one), so 「http://example.comだよね.comtest」 stops at .com.
        + rf"(?P<domain>(?:{_ASCII_SUB}){_LABELS}{_ASCII_NAME}"
        + rf"(?:[A-Za-z]{{2,63}}|xn--[A-Za-z0-9\-]+){_TLD_END}"
        + rf"|(?:{_SUB}){_LABELS}{_NAME}"
        + rf"(?:{_KNOWN_TLDS}|xn--[A-Za-z0-9\-]+|{_UNICODE_TLD}){_TLD_END})"
        + r"|(?<![\-_./])"
        + rf"(?P<bare>(?:{_ASCII_SUB}){_LABELS}{_ASCII_NAME}(?:{_KNOWN_TLDS}){_TLD_END}))"
        + r"(?::[0-9]+)?"
        + rf"(?:{_PATH})?"
        + rf"(?:{_QUERY})?"
        + r")",
        regex.IGNORECASE | regex.VERSION1,
    )


_MAX_LABEL = 63
_MAX_URL = 4096


def _ascii_domain_length(domain: str) -> int | None:
    """The domain's length once punycode-encoded as a resolver would, or None when a label
    is empty or longer than 63 characters (then it is no domain at all)."""
    total = 0
    for label in domain.split("."):
        if label.isascii():
            encoded = label
        elif label[:4].lower() == "xn--":
            return None  # already-encoded prefix with Unicode after it: not a domain
        else:
            try:
                encoded = "xn--" + label.encode("punycode").decode("ascii")
            except UnicodeError:
                return None
        if not label or len(encoded) > _MAX_LABEL:
            return None
        total += len(encoded) + 1
    return total - 1


def x_urls(text: str) -> list[tuple[int, int]]:
    """Spans (start, end) in code points of the URLs X would shorten in ``text``.

    Follows twitter-text's rules closely enough for its conformance data: a URL with a
    scheme may have a Unicode domain; one without a scheme needs an ASCII domain with a
    known TLD; a domain label over 63 characters (after punycode) is no URL at all.
    """
    spans: list[tuple[int, int]] = []
    if "." not in text:
        return spans  # every domain the pattern takes has a dot: no pattern needed
    for m in _x_url().finditer(text):
        domain = m.group("domain") or m.group("bare")
        encoded = _ascii_domain_length(domain)
        if encoded is None or len(m.group("url")) - len(domain) + encoded > _MAX_URL:
            continue
        spans.append(m.span("url"))
    return spans


def _is_emoji_cluster(cluster: str) -> bool:
    """A grapheme cluster that twitter-text's emoji parser would take as one emoji."""
    if _emoji_markers().search(cluster):
        return True
    if _pictographic().search(cluster):
        # ©, ®, ™ … alone are text; with a variation selector, modifier or joiner, emoji.
        return len(cluster) > 1 or ord(cluster[0]) > X_LIGHT_RANGES[0][1]
    return False


@cache
def _pictographic() -> regex.Pattern[str]:
    import regex

    return regex.compile(r"[\p{Extended_Pictographic}\p{Emoji_Presentation}]")


@cache
def _emoji_markers() -> regex.Pattern[str]:
    """Flags (regional indicator pairs) and keycaps (digit + U+20E3) are emoji though
    their first code point is not pictographic."""
    import regex

    return regex.compile(r"[\p{Regional_Indicator}\u20E3]")


def _x_char_weight(ch: str) -> int:
    cp = ord(ch)
    return 1 if any(lo <= cp <= hi for lo, hi in X_LIGHT_RANGES) else 2


@dataclass(frozen=True, slots=True)
class XParse:
    """twitter-text's ``parseTweet`` result. Ranges are inclusive UTF-16 indices into the
    text as given (before normalisation), as twitter-text reports them."""

    weighted_length: int
    valid: bool
    permillage: int
    display_range: tuple[int, int]
    valid_range: tuple[int, int]


def parse_x(
    text: str,
    *,
    emoji_parsing: bool = True,
    max_length: int = X_MAX_LENGTH,
    url_weight: int | None = URL_WEIGHT,
) -> XParse:
    """Weigh ``text`` as X does. ``emoji_parsing=False`` is twitter-text's v2 configuration
    (every code point of an emoji sequence weighed on its own); X uses v3 (True).
    ``url_weight`` is twitter-text's ``transformedURLLength`` (None: URLs weighed as text)."""
    normalized = unicodedata.normalize("NFC", text)
    url_at = dict(x_urls(normalized)) if url_weight is not None else {}
    weight = 0
    valid = True
    u16 = 0  # UTF-16 index of the current position in ``normalized``
    valid_end = 0
    pos = 0
    n = len(normalized)
    while pos < n:
        if url_weight is not None and pos in url_at:
            token = normalized[pos : url_at[pos]]
            weight += url_weight
        else:
            cluster = _grapheme().match(normalized, pos)
            token = cluster.group() if cluster else normalized[pos]
            if emoji_parsing and _is_emoji_cluster(token):
                weight += 2
            else:
                token = normalized[pos]
                weight += _x_char_weight(token)
        last = u16 + utf16_units(token) - 1
        if valid:
            valid = token[-1] not in _X_INVALID
        if valid and weight <= max_length:
            valid_end = last
        pos += len(token)
        u16 = last + 1
    offset = utf16_units(text) - utf16_units(normalized)
    display_end = utf16_units(text) - 1 if text else 0
    return XParse(
        weighted_length=weight,
        valid=valid and 0 < weight <= max_length,
        permillage=weight * 1000 // max_length,
        display_range=(0, display_end),
        valid_range=(0, valid_end + offset),
    )


# -------------------------------------------------------------------------------- API

UNITS = ("weighted", "graphemes", "utf16")


@dataclass(frozen=True, slots=True)
class Measure:
    """``used`` units of ``limit`` and ``bytes_used`` UTF-8 bytes of ``max_bytes`` (None:
    no byte cap). ``fits`` says nothing about emptiness: check that apart."""

    used: int
    limit: int
    bytes_used: int
    max_bytes: int | None = None

    @property
    def fits_characters(self) -> bool:
        return self.used <= self.limit

    @property
    def fits_bytes(self) -> bool:
        return self.max_bytes is None or self.bytes_used <= self.max_bytes

    @property
    def fits(self) -> bool:
        return self.fits_characters and self.fits_bytes

    @property
    def remaining(self) -> int:
        return self.limit - self.used


def measure(text: str, limits: Limits) -> Measure:
    """Count ``text`` by the rule ``limits`` carries (see the module docstring). An
    unknown ``unit`` counts grapheme clusters."""
    url_weight = limits.characters_reserved_per_url
    if url_weight is not None and url_weight < 0:
        raise ValueError("characters_reserved_per_url must be 0 or more")
    if limits.unit == "weighted":
        used = parse_x(text, max_length=max(1, limits.max_characters), url_weight=url_weight)
        units = used.weighted_length
    else:
        shown = _substituted(text, url_weight, limits.mentions_count_local_part)
        units = utf16_units(shown) if limits.unit == "utf16" else graphemes(shown)
    return Measure(
        used=units,
        limit=limits.max_characters,
        bytes_used=utf8_bytes(text),
        max_bytes=limits.max_bytes,
    )


# The rules of issue #3's count(text, network): a table for that deprecated signature
# only. The adapters carry the real ones (each network's LIMITS / DEFAULT_LIMITS).
_LEGACY_RULES: dict[str, Limits] = {
    "x": Limits(280, "weighted", URL_WEIGHT, hashtag_dialect="twitter-text"),
    "mastodon": Limits(500, "graphemes", URL_WEIGHT, mentions_count_local_part=True),
    "bluesky": Limits(300, "graphemes", None, BLUESKY_MAX_BYTES, hashtag_dialect="to-space"),
    "misskey": Limits(3000, "utf16", None, hashtag_dialect="mfm"),
}
DEFAULT_LIMITS: dict[str, int] = {k: v.max_characters for k, v in _LEGACY_RULES.items()}


def count(
    text: str, network: str, limit: int | None = None, url_weight: int | None = None
) -> Count:
    """Deprecated: :func:`measure` with the adapter's ``limits``.

    Count ``text`` as ``network`` does by default; ``limit`` overrides the limit,
    ``url_weight`` the weight of one URL where URLs are weighed (ignored where they count
    in full). An unknown network counts grapheme clusters and needs an explicit ``limit``.
    """
    rules = _LEGACY_RULES.get(network)
    if rules is None:
        if limit is None:
            raise ValueError(f"no default limit for network {network!r}")
        rules = Limits(limit, "graphemes")
    if url_weight is not None and url_weight < 0:
        raise ValueError("url_weight must be 0 or more")
    if limit is not None:
        rules = replace(rules, max_characters=limit)
    if url_weight is not None and rules.characters_reserved_per_url is not None:
        rules = replace(rules, characters_reserved_per_url=url_weight)
    m = measure(text, rules)
    return Count(used=m.used, limit=m.limit, fits=m.fits)
