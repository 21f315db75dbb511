"""AT Protocol rich-text facets: where the #tags, links and @mentions of a post's text are.

Bluesky does not parse a post's text on the server: the client sends ``facets``, each an
``index`` of **UTF-8 byte offsets** (``byteStart`` inclusive, ``byteEnd`` exclusive) and
one ``app.bsky.richtext.facet#tag|#link|#mention`` feature. Python strings index code
points, so every offset is converted here; a Japanese character is 3 bytes, most emoji 4.

Detection follows the rules Bluesky's own clients use, so a post looks the same whoever
wrote it:

- ``#tag`` / ``＃tag``: at the start or after whitespace; runs to the next whitespace;
  trailing punctuation (``。``, ``！``, ``.``) is not part of it; not all digits; at most
  64 characters. An emoji glued to a tag stays in it.
- links: ``http(s)://`` then ASCII URL characters. Japanese text often follows a URL without
  a space (「https://example.com/を見て」), so a non-ASCII character ends it, as does
  trailing sentence punctuation or a closing bracket without its opening one.
- ``@handle``: at the start, after whitespace or ``(``; a domain name with a dot. A mention
  only becomes a facet once the caller has resolved the handle to a DID.

Public API (pure, no I/O)::

    find_spans(text) -> list[Span]              # what is where (code-point indices)
    byte_range(text, start, end) -> (int, int)  # code points -> UTF-8 bytes
    mention_handles(text) -> list[str]          # handles to resolve, in order, no repeats
    build_facets(text, dids) -> list[dict]      # the JSON the record carries
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

import regex

TAG = "app.bsky.richtext.facet#tag"
LINK = "app.bsky.richtext.facet#link"
MENTION = "app.bsky.richtext.facet#mention"
MAX_TAG_CHARS = 64  # the lexicon's limit (maxGraphemes 64) on a tag

SpanKind = Literal["tag", "link", "mention"]

# Invisible characters that end a tag like whitespace does (soft hyphen, word joiner,
# zero-width space/joiners, combining enclosing keycap).
_INVISIBLE = "\u00ad\u2060\u200a\u200b\u200c\u200d\u20e2"
_TAG = regex.compile(rf"(?:^|(?<=\s))[#＃](?P<tag>(?!\ufe0f)[^\s{_INVISIBLE}]+)")
_LINK = regex.compile(
    r"(?<![A-Za-z0-9])https?://[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]+", regex.IGNORECASE
)
_MENTION = regex.compile(
    r"(?:^|(?<=[\s(]))@(?P<handle>[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
    r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+)(?![A-Za-z0-9.\-]*[A-Za-z0-9])"
)
# Searched from the end (REVERSE): a forward search for "punctuation up to the end" would
# retry from every character of a long run of punctuation inside a tag — quadratic.
_TRAILING_PUNCT = regex.compile(r"\p{P}+$", regex.REVERSE)
_LINK_TRAILING = ".,;:!?'\""


@dataclass(frozen=True, slots=True)
class Span:
    """One facet-to-be: ``text[start:end]`` (code points) is ``#tag``, a link or ``@handle``.

    ``value`` is the tag without ``#``, the URL, or the handle without ``@``.
    """

    kind: SpanKind
    start: int
    end: int
    value: str


def byte_range(text: str, start: int, end: int) -> tuple[int, int]:
    """UTF-8 byte offsets of ``text[start:end]``."""
    byte_start = len(text[:start].encode("utf-8", "surrogatepass"))
    return byte_start, byte_start + len(text[start:end].encode("utf-8", "surrogatepass"))


def _utf8_len(text: str) -> int:
    return len(text.encode("utf-8", "surrogatepass"))


def _trim_link(url: str) -> str:
    end = len(url.rstrip(_LINK_TRAILING))
    # A closing bracket belongs to the URL only if the URL opened it: "(see https://x.y/a)".
    # The counts are kept up to date, not taken again for each bracket (quadratic).
    opened, closed = url.count("(", 0, end), url.count(")", 0, end)
    while end and url[end - 1] == ")" and closed > opened:
        closed -= 1
        end -= 1
        while end and url[end - 1] in _LINK_TRAILING:  # no bracket among them
            end -= 1
    return url[:end]


def _links(text: str) -> list[Span]:
    spans: list[Span] = []
    for m in _LINK.finditer(text):
        url = _trim_link(m.group())
        host = url.split("://", 1)[1].split("/", 1)[0]
        if not host or ("." not in host and not host.startswith(("localhost", "["))):
            continue
        spans.append(Span("link", m.start(), m.start() + len(url), url))
    return spans


def _tags(text: str) -> list[Span]:
    spans: list[Span] = []
    for m in _TAG.finditer(text):
        tag = _TRAILING_PUNCT.sub("", m.group("tag"))
        if not tag or tag.isdigit() or len(tag) > MAX_TAG_CHARS:
            continue
        start = m.start()
        spans.append(Span("tag", start, start + 1 + len(tag), tag))
    return spans


def _mentions(text: str) -> list[Span]:
    spans: list[Span] = []
    for m in _MENTION.finditer(text):
        handle = m.group("handle")
        # The last label is a TLD: letters only ("alice.test", not "1.2").
        if not handle.rsplit(".", 1)[1].isalpha():
            continue
        spans.append(Span("mention", m.start(), m.end(), handle.lower()))
    return spans


def find_spans(text: str) -> list[Span]:
    """Tags, links and mentions of ``text`` in order, never overlapping.

    Links win over what looks like a tag or mention inside them (``https://x.y/#top``).
    """
    found = sorted(
        _links(text) + _tags(text) + _mentions(text),
        key=lambda s: (s.start, s.kind != "link"),
    )
    spans: list[Span] = []
    for span in found:
        if spans and span.start < spans[-1].end:
            continue
        spans.append(span)
    return spans


def mention_handles(text: str) -> list[str]:
    """The handles ``text`` mentions (lower case, without ``@``), first mention first."""
    return list(dict.fromkeys(s.value for s in find_spans(text) if s.kind == "mention"))


def build_facets(text: str, dids: Mapping[str, str] | None = None) -> list[dict[str, Any]]:
    """The ``facets`` array of an ``app.bsky.feed.post`` record for ``text``.

    ``dids`` maps lower-case handles to DIDs; a mention whose handle is not in it (it did
    not resolve) stays plain text rather than pointing at nobody.
    """
    dids = dids or {}
    facets: list[dict[str, Any]] = []
    # Byte offsets counted on from the previous span: encoding everything before each
    # span again would cost the text's length per span.
    done_chars = done_bytes = 0
    for span in find_spans(text):
        feature: dict[str, str]
        if span.kind == "tag":
            feature = {"$type": TAG, "tag": span.value}
        elif span.kind == "link":
            feature = {"$type": LINK, "uri": span.value}
        else:
            did = dids.get(span.value)
            if not did:
                continue
            feature = {"$type": MENTION, "did": did}
        done_bytes += _utf8_len(text[done_chars : span.start])
        byte_start = done_bytes
        byte_end = byte_start + _utf8_len(text[span.start : span.end])
        done_chars = span.start
        facets.append(
            {"index": {"byteStart": byte_start, "byteEnd": byte_end}, "features": [feature]}
        )
    return facets
