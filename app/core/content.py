"""Server content made safe to show: Mastodon's HTML and Misskey's plain text (MFM) become
one small rich-text subset Qt can render, plus plain text and the hashtags.

The rich text contains only ``<a href>`` and ``<br>``; every other tag, attribute and
remote resource is gone. Link targets are http/https web links or one of Kizuna's own
schemes, which the UI handles itself:

- ``kizuna-tag:<tag>``   a hashtag (the tag percent-encoded, without ``#``)
- ``kizuna-user:<acct>`` a mention (``user`` or ``user@host``, percent-encoded)

:func:`parse_link` turns an href back into its kind and value. :func:`clean_label`
takes the bidirectional controls out of names and handles (``'\u202eadmin'`` must not
render reversed). Pure functions; no I/O, no Qt.

Hostile content must not freeze the window (the asyncio loop is the Qt loop): every
parser here does work in proportion to its input — each character is looked at a bounded
number of times, never once per token before it (tests/unit/test_content_linear.py).
"""

from __future__ import annotations

import html as htmlmod
import re
from collections.abc import Mapping
from dataclasses import dataclass
from html.parser import HTMLParser
from urllib.parse import quote, unquote, urlsplit

import nh3

TAG_SCHEME = "kizuna-tag"
USER_SCHEME = "kizuna-user"
WEB_SCHEMES = frozenset({"http", "https"})

# Server content longer than this is cut before parsing: no post is this long, and a
# hostile reply must not make the UI thread parse megabytes.
MAX_INPUT_CHARS = 100_000

# More markup than any status carries (a long one with many links has a few hundred
# tags): past this the HTML is shown as its text only. The sanitiser takes time in the
# square of the nesting depth (20k nested <div> took 0.85 s), so depth must stay small.
MAX_MARKUP = 5_000
_ANY_TAG = re.compile(r"<[^<>]*>")  # stops at the next "<": each character seen twice at most

_ALLOWED_TAGS = {"p", "br", "a", "span"}
# Dropped together with everything inside them (``tags`` alone would keep their text).
_DROP_WITH_CONTENT = {
    "script", "style", "iframe", "object", "embed", "template", "noscript",
    "textarea", "title", "svg", "math", "select",
}  # fmt: skip


@dataclass(frozen=True)
class SafeContent:
    text: str  # plain text, paragraphs separated by a blank line
    html: str  # Qt rich-text subset: text, <a href="…">, <br>
    tags: tuple[str, ...]  # hashtags without '#', in order of appearance, no repeats


# Bidirectional embeddings, overrides and isolates (U+202A–202E, U+2066–2069), the LRM/RLM
# marks and the Arabic letter mark: in a name they can make "\u202enimda" show as "admin"
# reversed, or run the rest of a row backwards. A name or handle never needs them; the
# text of each label is still shown in its own natural direction.
_BIDI_CONTROLS = dict.fromkeys(
    [*range(0x202A, 0x202F), *range(0x2066, 0x206A), 0x200E, 0x200F, 0x061C]
)


def clean_label(value: str) -> str:
    """A display name or handle without bidirectional controls (see ``_BIDI_CONTROLS``)."""
    return value.translate(_BIDI_CONTROLS)


def tag_href(tag: str) -> str:
    return f"{TAG_SCHEME}:{quote(tag, safe='')}"


def user_href(acct: str) -> str:
    return f"{USER_SCHEME}:{quote(acct.lstrip('@'), safe='@')}"


def parse_link(href: str) -> tuple[str, str] | None:
    """``("tag", tag)``, ``("user", acct)``, ``("web", url)``, or None for anything else."""
    scheme, _, rest = href.partition(":")
    scheme = scheme.lower()
    if scheme == TAG_SCHEME and rest:
        return ("tag", unquote(rest))
    if scheme == USER_SCHEME and rest:
        return ("user", unquote(rest))
    if _is_web_url(href):
        return ("web", href)
    return None


def _is_web_url(url: str) -> bool:
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    return parts.scheme.lower() in WEB_SCHEMES and bool(parts.netloc)


def _link(href: str, label_html: str) -> str:
    return f'<a href="{htmlmod.escape(href, quote=True)}">{label_html}</a>'


def _unique(items: list[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(items))


# ---------------------------------------------------------------------------- Mastodon


class _MastodonWalker(HTMLParser):
    """Walks nh3's already-sanitised output and writes our subset.

    The input here can only contain p, br, a[href] and span[class=invisible|ellipsis];
    this pass decides paragraph breaks, link kinds and Mastodon's shortened URLs.
    """

    def __init__(self, mentions: Mapping[str, str]) -> None:
        super().__init__(convert_charrefs=True)
        self._mentions = mentions
        self.html: list[str] = []
        self.text: list[str] = []
        self.tags: list[str] = []
        self._anchor: tuple[str | None, list[str], list[str]] | None = None
        self._spans: list[str] = []  # class of each open span
        self._started = False

    # Where text and markup go: into the open link's label, or the output.
    def _out(self) -> tuple[list[str], list[str]]:
        if self._anchor is not None:
            return self._anchor[1], self._anchor[2]
        return self.html, self.text

    def _break(self, html_break: str, text_break: str) -> None:
        html_out, text_out = self._out()
        html_out.append(html_break)
        text_out.append(text_break)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "p":
            if self._started and self._anchor is None:
                self._break("<br><br>", "\n\n")
        elif tag == "br":
            self._break("<br>", "\n")
        elif tag == "a" and self._anchor is None:
            href = dict(attrs).get("href")
            self._anchor = (href if href and _is_web_url(href) else None, [], [])
        elif tag == "span":
            self._spans.append(dict(attrs).get("class") or "")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "br":
            self._break("<br>", "\n")

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self._anchor is not None:
            self._close_anchor()
        elif tag == "span" and self._spans:
            if "ellipsis" in self._spans.pop().split():
                self._out()[0].append("…")

    def handle_data(self, data: str) -> None:
        data = re.sub(r"[\r\n\t]+", " ", data)
        if not data:
            return
        self._started = True
        html_out, text_out = self._out()
        text_out.append(data)
        # Mastodon hides the scheme and tail of long URLs in invisible spans: the plain text
        # keeps the whole URL, the display shows the short form.
        if not any("invisible" in cls.split() for cls in self._spans):
            html_out.append(htmlmod.escape(data, quote=False))

    def _close_anchor(self) -> None:
        assert self._anchor is not None
        href, label_html, label_text = self._anchor
        self._anchor = None
        label = "".join(label_text)
        shown = "".join(label_html)
        stripped = label.strip()
        if stripped.startswith("#") and len(stripped) > 1 and not re.search(r"\s", stripped):
            tag = stripped[1:]
            self.tags.append(tag)
            self.html.append(_link(tag_href(tag), shown))
        elif href is not None and stripped.startswith("@") and href in self._mentions:
            self.html.append(_link(user_href(self._mentions[href]), shown))
        elif href is not None:
            self.html.append(_link(href, shown))
        else:
            self.html.append(shown)  # a link we will not follow is just text
        self.text.append(label)

    def close(self) -> None:
        super().close()
        if self._anchor is not None:
            self._close_anchor()


def from_mastodon_html(html: str, *, mentions: Mapping[str, str] | None = None) -> SafeContent:
    """Sanitise a Mastodon status ``content``.

    ``mentions`` maps a mentioned account's profile URL to its acct (from the status's
    ``mentions``) so mention links become ``kizuna-user:`` links; other links stay web links.
    """
    html = html[:MAX_INPUT_CHARS]
    if html.count("<") > MAX_MARKUP:
        return _text_only(html)
    cleaned = nh3.clean(
        html,
        tags=_ALLOWED_TAGS,
        clean_content_tags=_DROP_WITH_CONTENT,
        attributes={"a": {"href"}},
        allowed_classes={"span": {"invisible", "ellipsis"}},
        link_rel=None,
        url_schemes=set(WEB_SCHEMES),
        url_relative="deny",
        strip_comments=True,
    )
    walker = _MastodonWalker(mentions or {})
    walker.feed(cleaned)
    walker.close()
    text = "".join(walker.text).strip()
    out = _strip_breaks("".join(walker.html))
    return SafeContent(text=text, html=out, tags=_unique(walker.tags))


def _text_only(html: str) -> SafeContent:
    """What is left of hostile HTML: its text, escaped, with no link and no markup."""
    text = " ".join(htmlmod.unescape(_ANY_TAG.sub(" ", html)).split())
    return SafeContent(text=text, html=htmlmod.escape(text, quote=False), tags=())


def _strip_breaks(html: str) -> str:
    """``html`` without leading and trailing whitespace and ``<br>``. (A regex anchored at
    the end retries from every position of a long run of breaks: quadratic.)"""
    start, end = 0, len(html)
    while start < end:
        if html[start].isspace():
            start += 1
        elif html.startswith("<br>", start, end):
            start += 4
        else:
            break
    while end > start:
        if html[end - 1].isspace():
            end -= 1
        elif html.endswith("<br>", start, end):
            end -= 4
        else:
            break
    return html[start:end]


# ----------------------------------------------------------------------------- Misskey

# Misskey's own rules (MFM): a tag starts with ASCII '#', is not preceded by a letter or
# digit, runs until whitespace or one of these ASCII/bracket characters — Japanese
# punctuation such as 。、！ does not end it — and is not digits only.
_TAG_STOP = " \u3000\t\r\n.,!?'\"#:/[]【】()「」（）<>"
_TOKEN = re.compile(
    r"(?P<url>https?://[.,a-zA-Z0-9_/:%#@$&?!~=+\-()\[\]]+)"
    r"|(?P<mention>@(?P<user>[a-zA-Z0-9_-]+)(?:@(?P<host>[a-zA-Z0-9_.-]+))?)"
    r"|(?P<tag>#(?P<tagname>[^" + re.escape(_TAG_STOP) + r"]+))"
)
_ASCII_ALNUM = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
_DIGITS = frozenset("0123456789")


def _trim_url(url: str) -> str:
    """Drop trailing punctuation and unbalanced closing brackets, as MFM does. The counts
    are taken once and kept up to date, so a long tail of ``)`` costs its length."""
    end = len(url)
    opened, closed = url.count("("), url.count(")")
    opened_sq, closed_sq = url.count("["), url.count("]")
    while end:
        last = url[end - 1]
        if last in ".,":
            end -= 1
        elif last == ")" and opened < closed:
            end -= 1
            closed -= 1
        elif last == "]" and opened_sq < closed_sq:
            end -= 1
            closed_sq -= 1
        else:
            break
    return url[:end]


def _mention(user: str, host: str | None) -> str | None:
    """The acct MFM would read, or None when it is not a valid mention."""
    if host is not None:
        host = host.rstrip(".-")
        if not host or host[0] in ".-" or user.endswith("-"):
            return None
    else:
        user = user.rstrip("-")
    if not user or user.startswith("-"):
        return None
    return f"{user}@{host}" if host else user


def from_misskey_text(text: str) -> SafeContent:
    """Escape a Misskey note's text and turn URLs, #hashtags and @mentions into links."""
    text = text[:MAX_INPUT_CHARS].replace("\r\n", "\n").replace("\r", "\n").strip()
    parts: list[str] = []
    tags: list[str] = []
    pos = 0

    def plain(chunk: str) -> None:
        parts.append(htmlmod.escape(chunk, quote=False))

    while True:
        m = _TOKEN.search(text, pos)
        if m is None:
            break
        start = m.start()
        plain(text[pos:start])
        if m.group("url"):
            url = _trim_url(m.group("url"))
            if len(url) > len("https://") and _is_web_url(url):
                parts.append(_link(url, htmlmod.escape(url, quote=False)))
                pos = start + len(url)
            else:
                # No web address (no host): the whole run is text. Looking again one
                # character later would match the rest of the same run, again and again.
                plain(m.group("url"))
                pos = m.end()
            continue
        if start == 0 or text[start - 1] not in _ASCII_ALNUM:
            if m.group("mention"):
                acct = _mention(m.group("user"), m.group("host"))
                if acct is not None:
                    label = "@" + acct
                    parts.append(_link(user_href(acct), htmlmod.escape(label, quote=False)))
                    pos = start + len(label)
                    continue
            elif m.group("tag") and not _DIGITS.issuperset(m.group("tagname")):
                tag = m.group("tagname")
                tags.append(tag)
                parts.append(_link(tag_href(tag), htmlmod.escape("#" + tag, quote=False)))
                pos = m.end()
                continue
        # Not a token after all: keep its first character as text and look again after it.
        plain(text[start])
        pos = start + 1
    plain(text[pos:])
    return SafeContent(text=text, html="".join(parts).replace("\n", "<br>"), tags=_unique(tags))


def with_warning(content: SafeContent, warning: str) -> SafeContent:
    """Put a content warning (Mastodon ``spoiler_text``, Misskey ``cw``) above the body."""
    warning = warning.strip()[:MAX_INPUT_CHARS]
    if not warning:
        return content
    shown = htmlmod.escape(warning, quote=False).replace("\n", "<br>")
    return SafeContent(
        text=f"{warning}\n\n{content.text}".strip(),
        html=f"{shown}<br><br>{content.html}",
        tags=content.tags,
    )
