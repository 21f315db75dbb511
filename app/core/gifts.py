"""The social gift catalogue: what gifts exist, for which occasions, and their alt text.

The catalogue is data (``resources/gifts/catalogue.json`` plus one SVG per gift), so a
writer adds a gift without touching code. It is checked when loaded and every mistake is
named with the gift and the field (:class:`CatalogueError`); nothing half-valid is used.
This module is pure: the file is read, and the artwork's presence checked, by
:mod:`app.services.catalogues` (``shipped().gifts`` is the shipped catalogue).

Public API (no Qt here; the card itself is painted by :mod:`app.ui.cards`):

- :class:`Gift` — one gift: ``key``, ``name_ja``, ``name_en``, ``path`` (its SVG),
  ``occasions`` (occasion keys such as ``"christmas"``), ``message_ja`` (the default
  message), ``tags`` (hashtags without ``#``), ``alt_template``, ``accent`` (a ``#rrggbb``
  colour for the card) and ``vertical`` (a 年賀状 set in 縦書き).
- :func:`parse_catalogue` — validate already-decoded JSON (SVG paths are resolved
  against a folder, never opened).
- :func:`gifts_for` ``(occasion_key, gifts)`` — the gifts for one occasion key, in
  catalogue order.
- :func:`get` ``(key, gifts)`` — one gift by key.
- :class:`Thanks` and :func:`parse_thanks` — the お返し (thank-you) texts of the
  catalogue's ``thanks`` object: polite for a public gift, casual for a friend's, the
  signature and the returned card's message (content in Japanese, like the cards).
- :func:`default_alt` — Japanese alt text for a card (editable by the user afterwards).
- :data:`HONORIFICS`, :func:`has_honorific`, :func:`polite_name` — 「ゆき」 → 「ゆきさん」,
  while 「ゆきちゃん」, 「山田様」, 「田中先生」 keep their own (never 「ゆきちゃんさん」).
"""

from __future__ import annotations

import re
import string
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

CATALOGUE_VERSION = 1
# Misskey keeps at most 512 characters of a file's comment (DB_MAX_IMAGE_COMMENT_LENGTH),
# Mastodon 1500: generated alt text stays under the smaller with room to edit.
MAX_ALT_CHARS = 500
ALT_PLACEHOLDERS = frozenset({"to", "recipient", "name"})
_KEY = re.compile(r"^[a-z][a-z0-9_]*$")
_COLOUR = re.compile(r"^#[0-9A-Fa-f]{6}$")
_LAYOUTS = ("horizontal", "vertical")
# Suffixes that already make a name polite (or affectionate): another さん after them is
# wrong (「ゆきちゃんさん」, 「山田様さん」). Nicknames (〜たん, 〜っち) are left out on
# purpose: too many plain names end that way.
HONORIFICS: tuple[str, ...] = (
    "さん", "ちゃん", "くん", "君", "様", "さま", "先生", "先輩", "氏", "殿", "どの",
)  # fmt: skip


class CatalogueError(ValueError):
    """The gift catalogue is malformed; the message names the file, the gift and the field."""


DEFAULT_ACCENT = "#C8453F"  # a card's colour when the catalogue names none


@dataclass(frozen=True, slots=True)
class Gift:
    key: str
    name_ja: str
    name_en: str
    path: Path  # the SVG artwork
    occasions: tuple[str, ...]
    message_ja: str
    tags: tuple[str, ...]  # without '#'
    alt_template: str
    accent: str = DEFAULT_ACCENT
    vertical: bool = False  # a 年賀状: the greeting is set in 縦書き


def _fail(where: str, message: str) -> CatalogueError:
    return CatalogueError(f"{where}: {message}")


def _text(item: Mapping[str, Any], name: str, where: str, *, required: bool = True) -> str:
    value = item.get(name)
    if value is None and not required:
        return ""
    if not isinstance(value, str) or not value.strip():
        raise _fail(where, f"'{name}' must be a non-empty string")
    return value


def _words(item: Mapping[str, Any], name: str, where: str, *, key_like: bool) -> tuple[str, ...]:
    value = item.get(name)
    if not isinstance(value, list) or not value:
        raise _fail(where, f"'{name}' must be a non-empty list of strings")
    out: list[str] = []
    for word in value:
        if not isinstance(word, str) or not word.strip():
            raise _fail(where, f"'{name}' must contain only non-empty strings")
        if key_like and not _KEY.match(word):
            raise _fail(where, f"'{name}' entry {word!r} is not an occasion key like 'christmas'")
        if not key_like and (word.startswith(("#", "＃")) or re.search(r"\s", word)):
            raise _fail(where, f"'{name}' entry {word!r}: write tags without '#' or spaces")
        if word in out:
            raise _fail(where, f"'{name}' lists {word!r} twice")
        out.append(word)
    return tuple(out)


def _check_template(template: str, where: str) -> None:
    try:
        fields = [f for _, f, _, _ in string.Formatter().parse(template) if f is not None]
    except ValueError as exc:
        raise _fail(where, f"'alt_template' is not a valid template ({exc})") from None
    for name in fields:
        if name not in ALT_PLACEHOLDERS:
            allowed = ", ".join(f"{{{p}}}" for p in sorted(ALT_PLACEHOLDERS))
            raise _fail(where, f"'alt_template' uses {{{name}}}; allowed: {allowed}")


def _parse_gift(item: Any, index: int, folder: Path, source: str) -> Gift:
    where = f"{source}: gift #{index + 1}"
    if not isinstance(item, dict):
        raise _fail(where, "must be an object")
    key = item.get("key")
    if not isinstance(key, str) or not _KEY.match(key):
        raise _fail(where, "'key' must be lower-case ASCII letters, digits and '_'")
    where = f"{source}: gift #{index + 1} ({key})"
    known = {
        "key", "name_ja", "name_en", "file", "occasions", "message_ja", "tags",
        "alt_template", "accent", "layout",
    }  # fmt: skip
    unknown = sorted(set(item) - known)
    if unknown:
        raise _fail(where, f"unknown field(s) {', '.join(unknown)}")
    file = _text(item, "file", where)
    if Path(file).name != file or not file.endswith(".svg"):
        raise _fail(where, f"'file' must be an .svg file name in the catalogue's folder: {file!r}")
    template = _text(item, "alt_template", where)
    _check_template(template, where)
    accent = item.get("accent", DEFAULT_ACCENT)
    if not isinstance(accent, str) or not _COLOUR.match(accent):
        raise _fail(where, "'accent' must be a colour like '#C8453F'")
    layout = item.get("layout", "horizontal")
    if layout not in _LAYOUTS:
        raise _fail(where, f"'layout' must be one of {', '.join(_LAYOUTS)}")
    return Gift(
        key=key,
        name_ja=_text(item, "name_ja", where),
        name_en=_text(item, "name_en", where),
        path=folder / file,
        occasions=_words(item, "occasions", where, key_like=True),
        message_ja=_text(item, "message_ja", where),
        tags=_words(item, "tags", where, key_like=False),
        alt_template=template,
        accent=accent,
        vertical=layout == "vertical",
    )


def parse_catalogue(data: Any, folder: Path, source: str = "catalogue") -> tuple[Gift, ...]:
    """Gifts from decoded catalogue JSON; SVG paths are resolved against ``folder``."""
    if not isinstance(data, dict):
        raise _fail(source, "must be a JSON object with a 'gifts' list")
    version = data.get("version")
    if version != CATALOGUE_VERSION:
        raise _fail(source, f"'version' must be {CATALOGUE_VERSION}, not {version!r}")
    items = data.get("gifts")
    if not isinstance(items, list) or not items:
        raise _fail(source, "'gifts' must be a non-empty list")
    gifts: list[Gift] = []
    seen: set[str] = set()
    for index, item in enumerate(items):
        gift = _parse_gift(item, index, folder, source)
        if gift.key in seen:
            raise _fail(source, f"gift key {gift.key!r} is used twice")
        seen.add(gift.key)
        gifts.append(gift)
    return tuple(gifts)


@dataclass(frozen=True, slots=True)
class Thanks:
    """The お返し texts (see :data:`THANKS_FIELDS` for each one's placeholders)."""

    public: str  # to a public gift's sender: polite
    friends: str  # to a friend: casual
    signature: str  # added when the user has a name
    any_occasion: str  # stands for {occasion} when the gift's occasion is not known
    card: str  # the message on the card sent back
    card_without_occasion: str


# Each field of the catalogue's "thanks" object and the placeholders it may use.
THANKS_FIELDS: dict[str, frozenset[str]] = {
    "public": frozenset({"sender", "gift", "occasion"}),
    "friends": frozenset({"sender", "gift", "occasion"}),
    "signature": frozenset({"me"}),
    "any_occasion": frozenset(),
    "card": frozenset({"occasion"}),
    "card_without_occasion": frozenset(),
}


def _thanks_text(value: Any, name: str, where: str) -> str:
    """A text, or a list of its lines (joined with newlines), with only its placeholders."""
    lines = value if isinstance(value, list) else [value]
    if not lines or not all(isinstance(line, str) and line.strip() for line in lines):
        raise _fail(where, f"'{name}' must be a non-empty string or a list of them")
    text = "\n".join(lines)
    try:
        fields = [f for _, f, _, _ in string.Formatter().parse(text) if f is not None]
    except ValueError as exc:
        raise _fail(where, f"'{name}' is not a valid template ({exc})") from None
    allowed = THANKS_FIELDS[name]
    for field in fields:
        if field not in allowed:
            names = ", ".join(f"{{{p}}}" for p in sorted(allowed)) or "none"
            raise _fail(where, f"'{name}' uses {{{field}}}; allowed: {names}")
    return text


def parse_thanks(data: Any, source: str = "catalogue") -> Thanks | None:
    """The catalogue's ``thanks`` object (None: the catalogue has none)."""
    if not isinstance(data, dict) or data.get("thanks") is None:
        return None
    item = data["thanks"]
    where = f"{source}: thanks"
    if not isinstance(item, dict):
        raise _fail(where, "must be an object")
    unknown = sorted(set(item) - set(THANKS_FIELDS) - {"about"})
    if unknown:
        raise _fail(where, f"unknown field(s) {', '.join(unknown)}")
    missing = [name for name in THANKS_FIELDS if name not in item]
    if missing:
        raise _fail(where, f"missing field(s) {', '.join(missing)}")
    return Thanks(**{name: _thanks_text(item[name], name, where) for name in THANKS_FIELDS})


def get(key: str, gifts: Sequence[Gift]) -> Gift:
    """The gift called ``key`` in ``gifts``; KeyError if there is none."""
    for gift in gifts:
        if gift.key == key:
            return gift
    raise KeyError(key)


def gifts_for(occasion_key: str, gifts: Sequence[Gift]) -> list[Gift]:
    """The gifts for an occasion key (e.g. ``"christmas"``), in catalogue order."""
    return [g for g in gifts if occasion_key in g.occasions]


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: max(0, limit - 1)] + "…"


def has_honorific(name: str) -> bool:
    """Whether ``name`` already ends in an honorific (さん, ちゃん, 様, 先生 …)."""
    return name.strip().endswith(HONORIFICS)


def polite_name(name: str) -> str:
    """「ゆき」 → 「ゆきさん」; a name with its own honorific is kept as it is; "" stays ""."""
    name = " ".join(name.split())
    if not name:
        return ""
    return name if has_honorific(name) else f"{name}さん"


def default_alt(gift: Gift, recipient: str, message: str, sender: str = "") -> str:
    """Japanese alt text for ``gift``'s card to ``recipient`` from ``sender`` carrying
    ``message`` (an open card when ``recipient`` is empty).

    The picture is described by the gift's template, then the message is quoted with its
    line breaks kept as spaces (screen readers pause on them anyway), then who it is from.
    At most :data:`MAX_ALT_CHARS` characters: a long message is shortened with 「…」.
    """
    recipient = " ".join(recipient.split())
    to = f"{polite_name(recipient)}への" if recipient else ""
    described = gift.alt_template.format(to=to, recipient=recipient, name=gift.name_ja)
    sender = " ".join(sender.split())
    signed = f"（{sender}より）" if sender else ""
    flat = " ".join(message.split())
    if not flat:
        return _clip(described + signed, MAX_ALT_CHARS)
    frame = f"{described}メッセージ：「」{signed}"
    room = MAX_ALT_CHARS - len(frame)
    if room < 10:  # a template long enough to crowd the message out is the writer's to fix
        return _clip(described, MAX_ALT_CHARS)
    return f"{described}メッセージ：「{_clip(flat, room)}」{signed}"
